"""The chart of how connected each partner felt at each check-in (textual-plotext).

Only the trends screen imports this module, when the chart is opened, so
plotext never costs anything at start-up.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Static
from textual_plotext import PlotextPlot

from companion.checkins.rules import RATING_MAX, RATING_MIN
from companion.checkins.trends import Point
from companion.screens.base import CompanionScreen
from companion.screens.footer import CompanionFooter
from companion.when import couple_zone

MARKERS = ("●", "◆")


class ChartScreen(CompanionScreen):
    """One line per partner, a point per held check-in, 1 to 10 up the side."""

    HELP_KEY = "checkin_trends"
    BINDINGS = [Binding("escape", "close", "Back", id="chart_close", tooltip="Back to the list")]
    DEFAULT_CSS = """
    ChartScreen #chart-kept { height: auto; padding: 0 1; }
    ChartScreen PlotextPlot { height: 1fr; }
    """

    def __init__(self, points: Sequence[Point], names: Sequence[str], kept: str) -> None:
        super().__init__()
        self.points = list(points)
        self.names = list(names)
        self.kept = kept

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(self.kept), id="chart-kept")
        yield PlotextPlot(id="chart")
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.sub_title = "How connected you felt"
        self.draw()

    def draw(self) -> None:
        plt = self.query_one(PlotextPlot).plt
        plt.clear_figure()
        tz = couple_zone(self.profile)
        from companion.when import zone

        where = zone(tz)
        labels = [p.when.astimezone(where).strftime("%d %b") for p in self.points]
        xs = list(range(1, len(self.points) + 1))
        for index, name in enumerate(self.names):
            ys = [
                p.ratings[index]
                if index < len(p.ratings) and p.ratings[index] is not None
                else None
                for p in self.points
            ]
            shown = [(x, y) for x, y in zip(xs, ys, strict=True) if y is not None]
            if shown:
                plt.plot(
                    [x for x, _ in shown],
                    [y for _, y in shown],
                    marker=MARKERS[index % len(MARKERS)],
                    label=name,
                )
        plt.ylim(RATING_MIN, RATING_MAX)
        plt.yticks(list(range(RATING_MIN, RATING_MAX + 1, 3)))
        step = max(1, len(xs) // 6)
        plt.xticks([float(x) for x in xs[::step]], labels[::step])
        plt.xlim(0.5, len(xs) + 0.5)
        plt.title("Connection, 1 (far apart) to 10 (very close)")
        self.query_one(PlotextPlot).refresh()

    def action_close(self) -> None:
        self.app.pop_screen()
