"""The "Right now" block: how to leave at once, emergency numbers and help lines, in one screen."""

from __future__ import annotations

import textwrap

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from companion import helplines
from companion.helplines import OTHER, Helplines, Line

TITLE = "Right now"

WIDTH = 74
"""Columns a line may use on the Safety page at 80 columns (less padding and scrollbar)."""
NUMBER = 16
"""Width of the number column."""
COLUMNS = 60
"""Narrower than this (the guide's reader), each line wraps under its number instead."""
NBSP = "\u00a0"


def _wrap(text: str, width: int, indent: str = "", hang: str = "    ") -> list[str]:
    """Plain rows no wider than `width`; words are never cut."""
    return textwrap.wrap(
        text,
        width=max(width, 20),
        initial_indent=indent,
        subsequent_indent=hang,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent]


def _entry(line: Line, width: int) -> list[str]:
    """One help line: number, name, what it is for and its text option, in columns if they fit."""
    texting = f"text {line.text}" if line.text else ""
    if width < COLUMNS:
        # a number is never split across two rows: hold its spaces together while wrapping
        number, text = line.number.replace(" ", NBSP), line.text.replace(" ", NBSP)
        whole = f"{number}  {line.name}: {line.purpose}" + (f" · text {text}" if text else "")
        return [row.replace(NBSP, " ") for row in _wrap(whole, width, indent="  ")]
    indent = " " * (NUMBER + 2)
    rows = [f"  {line.number:<{NUMBER - 1}} {line.name}"]
    purpose = f": {line.purpose}"
    if len(rows[-1]) + len(purpose) <= width:
        rows[-1] += purpose
    else:
        rows += _wrap(line.purpose, width, indent, indent)
    if texting:
        if len(rows[-1]) + 3 + len(texting) <= width:
            rows[-1] += f" · {texting}"
        else:
            rows += _wrap(texting, width, indent, indent)
    return rows


def render_block(data: Helplines, country: str = "", width: int = WIDTH) -> Text:
    """The whole block as rich Text (content is data, never markup), no row wider than `width`."""
    rows: list[str] = _wrap(f"{TITLE}  ctrl+q closes Companion at once, from any screen.", width)
    finders = _wrap("Elsewhere: " + " · ".join(f.address for f in data.finders), width)
    if country == OTHER:
        rows += finders
    for place in data.ordered(country):
        rows += _wrap(f"{place.name} · emergency {place.emergency}", width)
        if place.code == country:
            rows += _wrap(f"Can't speak? {place.silent}", width, indent="  ")
        for line in data.lines_for(place.code):
            rows += _entry(line, width)
    if country != OTHER:
        rows += finders
    rows += _wrap(f"These numbers were {data.checked()}.", width)
    text = Text("\n".join(rows))
    text.stylize("bold reverse", 0, len(TITLE))
    strong = ["ctrl+q", *(f.address for f in data.finders)]
    for place in data.countries:
        strong += [place.name, place.emergency]
    for line in data.lines:
        strong += [line.number, line.text]
    text.highlight_words([word for word in strong if word], "bold")
    return text


class RightNow(Static):
    """What a person in danger needs first, from content/helplines.toml."""

    DEFAULT_CSS = """
    RightNow {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    """

    country: reactive[str] = reactive("", init=False)
    """The person's country code ("" when not chosen, or "other"); it is listed first."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[str, int] | None = None

    def _repaint(self) -> None:
        """Render for the country and the width available, only when either changed."""
        width = self.content_region.width or WIDTH
        if self._shown != (self.country, width):
            self._shown = (self.country, width)
            self.update(render_block(helplines.load(), self.country, width))

    def on_mount(self) -> None:
        self._repaint()

    def on_resize(self) -> None:
        self._repaint()

    def watch_country(self) -> None:
        self._repaint()
