"""A slow breathing pacer: a bar that fills as you breathe in and empties as you breathe out."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from companion.breath import BreathPattern

FULL = "█"
EMPTY = "░"


class BreathPacer(Widget):
    """Animated from the app's monotonic clock, so a fake clock holds it still.

    Five steps a second, but only the cells that change are repainted: the
    bar moves a cell or two a step and the word changes every few seconds,
    so over SSH this costs a few hundred bytes a second, not two full lines.
    """

    DEFAULT_CSS = """
    BreathPacer { height: 2; width: 100%; color: $text-accent; }
    """

    def __init__(
        self, breathe_in: str, breathe_out: str, *, id: str | None = None, paced: bool = True
    ) -> None:
        super().__init__(id=id)
        self.words = (breathe_in, breathe_out)
        self.pattern = BreathPattern()
        self._width = 0
        self._filled = 0
        self._inhaling = True
        self._paced = paced
        self._timer: Timer | None = None

    def on_mount(self) -> None:
        # Five steps a second: smooth enough, and light over SSH. A pacer built ahead,
        # on a screen nobody sees yet, waits for `pace()` rather than waking for nothing.
        self._timer = self.set_interval(0.2, self.step, pause=not self._paced)
        self.step()

    @property
    def pacing(self) -> bool:
        """Whether the bar moves (a pacer built ahead waits, still, until it is shown)."""
        return self._paced

    def pace(self) -> None:
        """Start pacing (for a pacer built paused, on a screen made ready ahead of time)."""
        if not self._paced:
            self._paced = True
            if self._timer is not None:
                self._timer.resume()
            self.step()

    def on_resize(self) -> None:
        self._width = 0  # a new size: draw it all again
        self.step()

    def _bar_width(self) -> int:
        return max(10, min(40, self.size.width - 4))

    def _left(self, text_width: int) -> int:
        return max(0, (self.size.width - text_width) // 2)

    def step(self) -> None:
        width = self._bar_width()
        now = self.app.clock.monotonic()  # type: ignore[attr-defined]
        filled, inhaling = self.pattern.at(now, width)
        if width != self._width:
            self._width, self._filled, self._inhaling = width, filled, inhaling
            self.refresh()
            return
        if filled != self._filled:
            low, high = sorted((filled, self._filled))
            self._filled = filled
            self.refresh(Region(self._left(width) + low, 0, high - low, 1))
        if inhaling != self._inhaling:
            self._inhaling = inhaling
            self.refresh(Region(0, 1, self.size.width, 1))

    def render_line(self, y: int) -> Strip:
        style = self.rich_style
        blank = Style(bgcolor=style.bgcolor)  # its own style, so the bar is its own span
        width = self.size.width
        if y == 0:
            bar = self._width or self._bar_width()
            left = self._left(bar)
            segments = [
                Segment(" " * left, blank),
                Segment(FULL * self._filled, style),
                Segment(EMPTY * (bar - self._filled), style),
                Segment(" " * max(0, width - left - bar), blank),
            ]
        elif y == 1:
            word = self.words[0] if self._inhaling else self.words[1]
            left = self._left(len(word))
            bold = style + Style(bold=True)
            segments = [
                Segment(" " * left, blank),
                Segment(word, bold),
                Segment(" " * max(0, width - left - len(word)), blank),
            ]
        else:
            segments = [Segment(" " * width, blank)]
        return Strip([seg for seg in segments if seg.text], width).crop(0, width)
