"""A month as a grid of days: today marked, each check-in's status, talks and time-outs."""

from __future__ import annotations

from datetime import date

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from companion.checkins.calendar import Day, Month
from companion.checkins.schedule import Status

CELL = 6
GLYPHS = {
    Status.UPCOMING: "◇",
    Status.DUE: "◆",
    Status.STARTED: "◆",
    Status.DONE: "✓",
    Status.SKIPPED: "–",
    Status.MISSED: "✗",
}
"""One mark per check-in status (the legend beside the grid says what each means)."""
HEADINGS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")


class MonthGrid(Widget, can_focus=True):
    """Seven columns, a row of two lines per week; the selected day is highlighted."""

    COMPONENT_CLASSES = {
        "month-grid--heading",
        "month-grid--today",
        "month-grid--selected",
        "month-grid--upcoming",
        "month-grid--due",
        "month-grid--done",
        "month-grid--skipped",
        "month-grid--missed",
        "month-grid--mark",
    }
    DEFAULT_CSS = """
    MonthGrid { width: 44; height: 14; padding: 0 1; }
    MonthGrid:focus { background-tint: $foreground 4%; }
    MonthGrid > .month-grid--heading { color: $text-muted; text-style: bold; }
    MonthGrid > .month-grid--today { text-style: bold underline; color: $text-accent; }
    MonthGrid > .month-grid--selected { background: $primary; color: $text; }
    MonthGrid > .month-grid--upcoming { color: $text-primary; }
    MonthGrid > .month-grid--due { color: $text-warning; text-style: bold; }
    MonthGrid > .month-grid--done { color: $text-success; }
    MonthGrid > .month-grid--skipped { color: $text-muted; }
    MonthGrid > .month-grid--missed { color: $text-error; }
    MonthGrid > .month-grid--mark { color: $text-secondary; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.month: Month | None = None
        self.selected: date | None = None

    def show(self, month: Month, selected: date) -> None:
        """Draw `month` with `selected` highlighted; nothing is redrawn when nothing changed."""
        if month is self.month and selected == self.selected:
            return
        self.month = month
        self.selected = selected
        self.refresh()

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"month-grid--{name}")

    def render(self) -> Text:
        month = self.month
        out = Text(no_wrap=True, overflow="crop")
        if month is None:
            return out
        heading = self._style("heading")
        for name in HEADINGS:
            out.append(f"{name:<{CELL}}", heading)
        out.append("\n")
        for week in month.weeks:
            top, bottom = Text(), Text()
            for day in week:
                self._cell(top, bottom, month, day)
            out.append_text(top)
            out.append("\n")
            out.append_text(bottom)
            out.append("\n")
        out.rstrip()
        return out

    def _cell(self, top: Text, bottom: Text, month: Month, day: date | None) -> None:
        if day is None:
            top.append(" " * CELL)
            bottom.append(" " * CELL)
            return
        info: Day = month.days[day]
        selected = self._style("selected") if day == self.selected else Style()
        number = self._style("today") if day == month.today else Style()
        top.append(f"{day.day:>2}", number + selected)
        top.append(" " * (CELL - 3), selected)
        top.append(" ")
        marks = Text()
        if info.status is not None:
            marks.append(GLYPHS[info.status], self._style(_status_style(info.status)))
        else:
            marks.append(" ")
        marks.append("t" if info.talks else " ", self._style("mark"))
        marks.append("z" if info.timeouts else " ", self._style("mark"))
        marks.append(" " * (CELL - 4))
        marks.stylize(selected)
        bottom.append_text(marks)
        bottom.append(" ")


def _status_style(state: Status) -> str:
    return "due" if state is Status.STARTED else state.value
