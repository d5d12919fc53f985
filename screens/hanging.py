"""Lists whose wrapped lines start under the text, not under the bullet.

Rich wraps a long "• item" back to the left edge, so a bullet list reads as
one block. `hang` wraps each item to the width it is given and indents every
following line by the width of its lead ("• ", "3. ", "ctrl+t  "), and never
leaves one word alone on an item's last line; a `HangingList` re-wraps
whenever its width changes. An empty lead makes a plain paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console
from rich.text import Text
from textual.widgets import Static

_CONSOLE = Console(width=200, no_color=True, legacy_windows=False)
"""Only used to measure and wrap text; never prints."""

Item = tuple[str | Text, str | Text]
"""A lead ("• ") and the item's text."""


def _text(value: str | Text) -> Text:
    return value.copy() if isinstance(value, Text) else Text(value)


def hang(items: Iterable[Item], width: int, lead_width: int | None = None) -> Text:
    """Every item on its own lines, wrapped to `width`, continued under its text.

    `lead_width` lines every item's text up at one column (a table of keys);
    by default each item hangs under its own lead.
    """
    out = Text()
    for index, (lead, body) in enumerate(items):
        lead_text = _text(lead)
        indent = lead_width if lead_width is not None else lead_text.cell_len
        if lead_text.cell_len < indent:
            lead_text.pad_right(indent - lead_text.cell_len)
        room = max(8, width - indent)
        lines = _wrap(_text(body), room)
        if index:
            out.append("\n")
        for number, line in enumerate(lines):
            line.rstrip()
            if number:
                out.append("\n" + " " * indent)
            else:
                out.append_text(lead_text)
            out.append_text(line)
        if not lines:
            out.append_text(lead_text)
    return out


def _wrap(body: Text, room: int) -> list[Text]:
    """Wrapped to `room` cells, never leaving one short word alone on the last line.

    A lone last word ("minutes") is pulled down by wrapping a little narrower,
    as long as that costs no extra line.
    """
    lines = list(body.wrap(_CONSOLE, room, overflow="fold"))
    if len(lines) < 2 or len(lines[-1].plain.split()) > 1:
        return lines
    for narrower in range(room - 1, max(8, room * 2 // 3), -1):
        tried = list(body.wrap(_CONSOLE, narrower, overflow="fold"))
        if len(tried) > len(lines):
            break
        if len(tried[-1].plain.split()) > 1:
            return tried
    return lines


def bullets(lines: Iterable[str | Text], bullet: str = "• ") -> list[Item]:
    """Plain lines as bullet items."""
    return [(bullet, line) for line in lines]


class HangingList(Static):
    """A title (optional) and items with a hanging indent, wrapped to the widget's width."""

    DEFAULT_CSS = """
    HangingList { height: auto; }
    """

    def __init__(
        self,
        items: Sequence[Item] = (),
        *,
        title: str | Text | None = None,
        lead_width: int | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._items = list(items)
        self._title = title
        self._lead_width = lead_width
        self._drawn: tuple[int, int] | None = None
        self._version = 0

    def set_items(self, items: Sequence[Item], title: str | Text | None = None) -> None:
        """Show new items (and title); repaints only when they differ from what is shown."""
        items = list(items)
        same = [(_text(a).markup, _text(b).markup) for a, b in items] == [
            (_text(a).markup, _text(b).markup) for a, b in self._items
        ]
        if same and title == self._title:
            return
        self._items = items
        self._title = title
        self._version += 1
        self._repaint()

    def on_mount(self) -> None:
        self._repaint()

    def on_resize(self) -> None:
        self._repaint()

    def _repaint(self) -> None:
        width = self.content_region.width or 76
        if self._drawn == (width, self._version):
            return
        self._drawn = (width, self._version)
        body = hang(self._items, width, self._lead_width)
        if self._title is not None:
            title = _text(self._title)
            title.stylize("bold")
            body = Text.assemble(title, "\n", body) if self._items else title
        self.update(body)
        # Re-wrapped while the screen was being laid out (on a resize): ask for a layout
        # again once that pass is over, so the height follows the new number of lines.
        self.call_after_refresh(self.refresh, layout=True)


class Paragraph(HangingList):
    """One paragraph, wrapped to the widget's width with no word left alone on its last line."""

    def __init__(
        self, text: str | Text = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__([("", text)] if text else [], id=id, classes=classes)

    def set_text(self, text: str | Text) -> None:
        self.set_items([("", text)] if text else [])
