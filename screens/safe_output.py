"""The screen's last pass: no control character from the data reaches the terminal.

Records clean their text when they are built (`companion.text.printable`), so
nothing read from disk should hold a control character. This filter makes it
impossible whatever the path: every line the app draws (widgets, dialogs,
notices, the header, a pasted value in an input) goes through it on its way to
the terminal, and a character such as ESC, BEL or a C1 code in the text of a
segment is dropped. The escape sequences Textual itself writes (colours, cursor
moves) are made after the filters, so they are untouched.

Textual applies its line filters (`App.get_line_filters`) to every strip a
widget renders and caches the result per strip, so the cost is one regular
expression search per new line of text.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from companion.text import drawable


class PrintableFilter(LineFilter):
    """Drops control characters from the text of every segment drawn."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        out = segments
        for index, (text, style, control) in enumerate(segments):
            if control is None:
                safe = drawable(text)
                if safe is not text:
                    if out is segments:
                        out = list(segments)
                    out[index] = Segment(safe, style, control)
        return out
