"""History: past talks, and the detail of each."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from companion import words
from companion.errors import StoreError
from companion.screens.base import CompanionModal, CompanionScreen
from companion.screens.confirm import ConfirmScreen
from companion.screens.talk_views import summary
from companion.talk import Talk
from companion.talk import records as talk_records
from companion.timeout import TimeOut
from companion.when import couple_zone, format_clock, format_countdown, format_day, format_duration


def _length(seconds: float | None) -> str:
    return "" if seconds is None else format_duration(seconds)


class HistoryScreen(CompanionScreen):
    """Every finished talk, newest first."""

    HELP_KEY = "history"
    AREAS = ("talks", "profile")
    BINDINGS = [
        Binding(
            "d",
            "delete",
            "Delete",
            id="history_delete",
            tooltip="Delete this talk for good, after you confirm",
        ),
        Binding(
            "enter",
            "open",
            "Details",
            id="history_open",
            tooltip="See this talk's turns and time-outs",
            priority=True,  # else the table's own enter hides it from the footer and F1
        ),
    ]
    DEFAULT_CSS = """
    HistoryScreen DataTable { height: 1fr; }
    HistoryScreen #history-empty { padding: 1 2; height: auto; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, Talk] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="history-empty", classes="tip")
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Talk history"
        self.refresh_data()

    def refresh_data(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="history")
    def _load(self) -> None:
        """Read every finished talk, the archives too, off the event loop."""
        try:
            past = talk_records.past_talks(self.store)
        except StoreError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error", markup=False)
            return
        self.app.call_from_thread(self._show, past)

    def _show(self, past: list[Talk]) -> None:
        table = self.query_one(DataTable)
        profile = self.profile
        names = profile.partners if profile and len(profile.partners) == 2 else ("A", "B")
        table.clear(columns=True)
        table.add_column("When", key="when", width=12)
        table.add_column("Topic", key="topic", width=18)
        table.add_column("Length", key="length", width=6)
        for index, name in enumerate(names):
            table.add_column(Text(name[:6]), key=f"spoke-{index}", width=6)
        table.add_column("Heard", key="heard", width=5)
        table.add_column("Time-outs", key="timeouts", width=9)
        self.rows = {}
        tz = couple_zone(profile)
        for talk in past:
            self.rows[talk.id] = talk
            table.add_row(
                format_day(talk.created, tz),
                Text(talk.topic),
                _length(talk.duration),
                *(format_duration(talk.speaking_time(i)) for i in range(2)),
                str(talk.exchanges),
                str(talk.timeouts),
                key=talk.id,
            )
        empty = self.query_one("#history-empty", Static)
        if past:
            empty.display = False
        else:
            tips = words.tips("history")
            empty.update(
                "No finished talks yet. Press t to start one."
                + (f"\n\nTip: {tips[0]}" if tips else "")
            )
            empty.display = True

    def _selected(self) -> Talk | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self.rows.get(key.value or "")

    def action_delete(self) -> None:
        talk = self._selected()
        if talk is None:
            return

        async def decided(sure: bool | None) -> None:
            if sure:
                gone = await self.save("talks", talk_records.delete_talk, self.store, talk.id)
                if gone is not None:
                    self.notify("The talk is deleted.", markup=False)

        self.app.push_screen(
            ConfirmScreen(
                f"Delete the talk about “{talk.topic}” for good? Its copy in the daily "
                "backups goes within 14 days.",
                yes="Delete it",
                no="Keep it",
            ),
            decided,
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self._open(event.row_key.value)

    def action_open(self) -> None:
        talk = self._selected()
        if talk is not None:
            self._open(talk.id)

    def _open(self, talk_id: str | None) -> None:
        talk = self.rows.get(talk_id or "")
        if talk is not None:
            self.app.push_screen(TalkDetailScreen(talk))


class TalkDetailScreen(CompanionModal):
    """One past talk: its summary, every turn, and its time-outs (never who called them)."""

    HELP_KEY = "history"
    BINDINGS = [
        Binding("escape", "close", "Close", id="detail_close", tooltip="Back to the history")
    ]

    def __init__(self, talk: Talk) -> None:
        super().__init__()
        self.talk = talk

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(id="detail-body")

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="detail")
    def _load(self) -> None:
        """The talk's time-outs may be in an archive: read them off the event loop."""
        try:
            cooldowns = talk_records.timeouts_of(self.store, self.talk.id)
        except StoreError:
            cooldowns = []
        self.app.call_from_thread(self._show, cooldowns)

    def _show(self, cooldowns: list[TimeOut]) -> None:
        talk = self.talk
        tz = couple_zone(self.profile)
        now = self.clock.now()
        body = summary(talk)
        body.append("\nTurns\n", style="bold")
        for number, turn in enumerate(talk.turns, start=1):
            body.append(
                f"{number:>3}. {format_clock(turn.start, tz, now=now)}  "
                f"{format_countdown(turn.duration):>6}  "
            )
            body.append(talk.partners[turn.speaker], style="bold")
            body.append(f"  {turn.outcome}\n")
        if not talk.turns:
            body.append("  No turns were finished.\n", style="italic")
        if cooldowns:
            body.append("\nTime-outs\n", style="bold")
            for cooldown in cooldowns:
                length = cooldown.ended - cooldown.started if cooldown.ended is not None else None
                body.append(
                    f"  {format_clock(cooldown.started, tz, now=now)}"
                    f"  {_length(length.total_seconds() if length is not None else None):>6}"
                    f"  {cooldown.outcome or 'running'}\n"
                )
        self.query_one("#detail-body", Static).update(body)

    def action_close(self) -> None:
        self.dismiss()
