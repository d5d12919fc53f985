"""Past check-ins with their notes, the share kept, and how connected each of you felt."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from companion.checkins import records as checkin_records
from companion.checkins.rules import CheckIn, Stage
from companion.checkins.schedule import Schedule
from companion.checkins.trends import Kept, Point, kept_share, ratings_over_time
from companion.errors import StoreError
from companion.screens.base import CompanionModal, CompanionScreen
from companion.screens.checkin_views import VERDICT_WORDS
from companion.screens.footer import CompanionFooter
from companion.when import couple_zone, format_day


@dataclass(frozen=True)
class Past:
    checkins: list[CheckIn]
    points: list[Point]
    kept: Kept | None


def kept_words(kept: Kept | None) -> str:
    """ "Kept 8 of 10 planned check-ins (80%); 1 skipped on purpose"."""
    if kept is None:
        return "No check-ins are planned yet."
    if kept.percent is None:
        return "No planned check-in has come round yet."
    counted = kept.kept + kept.missed
    out = f"Kept {kept.kept} of {counted} planned check-ins ({kept.percent}%)"
    if kept.skipped:
        out += f"; {kept.skipped} skipped on purpose"
    return out + "."


class TrendsScreen(CompanionScreen):
    """Every held check-in, newest first; `v` opens the chart of connection over time."""

    HELP_KEY = "checkin_trends"
    AREAS = ("checkins", "profile")
    BINDINGS = [
        Binding(
            "v", "chart", "Chart", id="trends_chart", tooltip="How connected you felt, over time"
        ),
        Binding(
            "enter",
            "open",
            "Details",
            id="trends_open",
            tooltip="Everything said at this check-in",
            priority=True,
        ),
    ]
    DEFAULT_CSS = """
    TrendsScreen #trends-kept { height: auto; padding: 0 1; }
    TrendsScreen DataTable { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.past: Past | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="trends-kept")
        yield DataTable(id="trends-table", cursor_type="row", zebra_stripes=True)
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.sub_title = "Check-ins over time"
        self.refresh_data()

    def refresh_data(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="trends")
    def _load(self) -> None:
        """Every check-in, the archives too, off the event loop."""
        now = self.clock.now()
        try:
            checkins = checkin_records.all_checkins(self.store)
            schedule: Schedule | None = checkin_records.load_schedule(self.store)
        except StoreError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error", markup=False)
            return
        done = [c for c in checkins if c.stage is Stage.DONE]
        kept = kept_share(schedule, checkins, now) if schedule is not None else None
        self.app.call_from_thread(self._show, Past(done, ratings_over_time(done), kept))

    def _show(self, past: Past) -> None:
        self.past = past
        profile = self.profile
        names = profile.partners if profile else ("You",)
        kept = Text(kept_words(past.kept))
        if not past.checkins:
            kept.append("\nNo check-ins held yet. Press i to hold one.")
        self.query_one("#trends-kept", Static).update(kept)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_column("When", key="when", width=12)
        for index, name in enumerate(names):
            table.add_column(Text(name[:8]), key=f"rating-{index}", width=max(4, min(len(name), 8)))
        table.add_column("Planned", key="plan")
        tz = couple_zone(profile)
        for checkin in past.checkins:
            ratings = [
                str(checkin.ratings[i]) if i < len(checkin.ratings) and checkin.ratings[i] else "-"
                for i in range(len(names))
            ]
            table.add_row(
                format_day(checkin.started, tz), *ratings, Text(checkin.plan), key=checkin.id
            )
        self.refresh_bindings()

    def _selected(self) -> CheckIn | None:
        table = self.query_one(DataTable)
        if not table.row_count or self.past is None:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((c for c in self.past.checkins if c.id == key), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("chart", "open"):
            return (self.past is not None and bool(self.past.checkins)) or None
        return True

    def action_open(self) -> None:
        checkin = self._selected()
        if checkin is not None:
            self.app.push_screen(CheckInDetail(checkin))

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_chart(self) -> None:
        if self.past is None or not self.past.checkins:
            return
        from companion.screens.checkin_chart import ChartScreen  # plotext loads only here

        profile = self.profile
        names = profile.partners if profile else ("You",)
        self.app.push_screen(ChartScreen(self.past.points, names, kept_words(self.past.kept)))


class CheckInDetail(CompanionModal):
    """Everything said at one check-in."""

    HELP_KEY = "checkin_trends"
    BINDINGS = [Binding("escape", "close", "Close", id="detail_close", tooltip="Back to the list")]

    def __init__(self, checkin: CheckIn) -> None:
        super().__init__()
        self.checkin = checkin

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(self._body(), id="detail-body")

    def _body(self) -> Text:
        checkin = self.checkin
        tz = couple_zone(self.profile)
        out = Text(f"Check-in, {format_day(checkin.started, tz)}\n\n", style="bold")
        out.append("Appreciations\n", style="bold")
        for name, text in zip(checkin.partners, checkin.appreciations, strict=True):
            out.append(f"  {name}: ")
            out.append(text + "\n")
        out.append("Connection  ", style="bold")
        out.append(
            "  ".join(
                f"{name} {rating}"
                for name, rating in zip(checkin.partners, checkin.ratings, strict=True)
                if rating is not None
            )
            + "\n"
        )
        if checkin.reviews:
            out.append("What you are working on\n", style="bold")
            for review in checkin.reviews:
                out.append("  ")
                out.append(review.title)
                verdict = VERDICT_WORDS[review.verdict] if review.verdict else "not said"
                out.append(f": {verdict.lower()}")
                if review.note:
                    out.append(" - ")
                    out.append(review.note)
                out.append("\n")
        if checkin.concerns:
            out.append("Raised\n", style="bold")
            for concern in checkin.concerns:
                out.append(f"  {checkin.partners[concern.by]}: ")
                out.append(concern.text + "\n")
        out.append("Planned  ", style="bold")
        out.append(checkin.plan)
        return out

    def action_close(self) -> None:
        self.dismiss()
