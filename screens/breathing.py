"""A slow breathing pacer: a bar that fills as you breathe in and empties as you breathe out."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from companion.breath import BreathPattern


class BreathPacer(Static):
    """Animated from the app's monotonic clock, so a fake clock holds it still."""

    DEFAULT_CSS = """
    BreathPacer { height: 2; width: 100%; content-align: center middle; text-align: center; color: $text-accent; }
    """

    def __init__(self, breathe_in: str, breathe_out: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.words = (breathe_in, breathe_out)
        self.pattern = BreathPattern()
        self._last: tuple[int, int, bool] | None = None

    def on_mount(self) -> None:
        self.set_interval(0.2, self.step)  # smooth enough, and light over SSH

    def on_resize(self) -> None:
        self.step()

    def step(self) -> None:
        width = max(10, min(40, self.size.width - 4))
        filled, inhaling = self.pattern.at(self.app.clock.monotonic(), width)  # type: ignore[attr-defined]
        if (width, filled, inhaling) == self._last:
            return
        self._last = (width, filled, inhaling)
        bar = Text("█" * filled + "░" * (width - filled))
        word = self.words[0] if inhaling else self.words[1]
        self.update(Text.assemble(bar, "\n", (word, "bold")))
