"""A large countdown that shows a deadline, never a count of ticks."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.widgets import Digits, ProgressBar, Static

from companion.when import format_countdown


class Countdown(Vertical):
    """Big digits, a progress bar and a status line; overtime shows as +M:SS."""

    DEFAULT_CSS = """
    Countdown { height: auto; width: 100%; align: center top; }
    Countdown Digits { width: 100%; text-align: center; color: $text-primary; }
    Countdown.-overtime Digits { color: $text-warning; text-style: bold; }
    Countdown.-paused Digits { color: $text-muted; }
    Countdown Center { height: 1; }
    Countdown ProgressBar Bar { width: 40; }
    Countdown #countdown-status { width: 100%; text-align: center; height: auto; }
    Countdown.-overtime #countdown-status { color: $text-warning; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._state: tuple | None = None

    def compose(self) -> ComposeResult:
        yield Digits("-:--")
        with Center():
            yield ProgressBar(total=100, show_eta=False, show_percentage=False)
        yield Static(id="countdown-status")

    def show(
        self, remaining: float | None, total: float | None, status: str = "", paused: bool = False
    ) -> None:
        """Repaint only when the shown second (or the status) changes."""
        shown = "-:--" if remaining is None else format_countdown(remaining)
        state = (shown, total, status, paused)
        if state == self._state:
            return
        self._state = state
        self.query_one(Digits).update(shown)
        overtime = remaining is not None and remaining <= 0
        self.set_class(overtime, "-overtime")
        self.set_class(paused, "-paused")
        bar = self.query_one(ProgressBar)
        if total and remaining is not None:
            bar.update(total=total, progress=max(0.0, min(total, total - remaining)))
        else:
            bar.update(total=100, progress=0)
        self.query_one("#countdown-status", Static).update(Text(status))
