"""History: past talks, and the detail of each."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from companion import words
from companion.errors import StoreError
from companion.screens.base import CompanionModal, CompanionScreen
from companion.screens.confirm import ConfirmScreen
from companion.screens.footer import CompanionFooter
from companion.screens.scroll_area import ScrollArea
from companion.screens.talk_views import history_words, summary
from companion.talk import Talk
from companion.talk import records as talk_records
from companion.timeout import TimeOut, counted
from companion.when import couple_zone, format_clock, format_countdown, format_day, format_duration


def _length(seconds: float | None) -> str:
    return "" if seconds is None else format_duration(seconds)


def _cells(value: str | Text) -> int:
    return Text(value).cell_len if isinstance(value, str) else value.cell_len


TOPIC_LEAST = 16
"""The topic keeps at least this many cells; columns that matter less give way first."""
PADDING = 2
"""DataTable's own padding: one cell either side of every column."""


def fit_columns(natural: list[int], room: int, flex: int, give_way: list[list[int]]) -> list[int]:
    """Which columns to show, and how wide: each as wide as what it holds, the `flex` column
    (the topic) taking what is left. While the topic would get fewer than TOPIC_LEAST cells,
    the next group of `give_way` columns is left out. Returns the kept columns' indexes."""
    kept = list(range(len(natural)))
    groups = list(give_way)
    while True:
        others = sum(natural[i] + PADDING for i in kept if i != flex)
        if room - others - PADDING >= TOPIC_LEAST or not groups:
            return kept
        dropped = groups.pop(0)
        kept = [i for i in kept if i not in dropped]


class HistoryScreen(CompanionScreen):
    """Every finished talk, newest first."""

    HELP_KEY = "history"
    SUB_TITLE = "Talk history"
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
        self.past: list[Talk] = []
        self._laid_out_for = -1

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="history-empty", classes="tip")
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield CompanionFooter()

    def on_mount(self) -> None:
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
        self.past = past
        self._layout()
        empty = self.query_one("#history-empty", Static)
        if past:
            empty.display = False
        else:
            tips = words.tips("history")
            said = history_words()["empty"]["couple"]
            empty.update(Text(said + (f"\n\nTip: {tips[0]}" if tips else "")))
            empty.display = True

    def on_resize(self) -> None:
        if self._laid_out_for != self.size.width:
            self._layout()

    def _layout(self) -> None:
        """The table, its columns sized to what they hold and to the window; a topic too long
        for its column wraps onto more lines of its row instead of being cut."""
        table = self.query_one(DataTable)
        self._laid_out_for = self.size.width
        profile = self.profile
        names = profile.partners if profile and len(profile.partners) == 2 else ("A", "B")
        tz = couple_zone(profile)
        heads = history_words()["columns"]
        rows: list[tuple[str | Text, ...]] = []
        for talk in self.past:
            rows.append(
                (
                    talk.id,
                    format_day(talk.created, tz),
                    Text(talk.topic),
                    _length(talk.duration),
                    *(format_duration(talk.speaking_time(i)) for i in range(2)),
                    str(talk.exchanges),
                    str(talk.timeouts),
                )
            )
        headers = [
            heads["when"],
            heads["topic"],
            heads["length"],
            *names,
            heads["heard"],
            heads["timeouts"],
        ]
        natural = [
            max([Text(h).cell_len, *(_cells(row[i + 1]) for row in rows)])
            for i, h in enumerate(headers)
        ]
        room = max(20, table.size.width or self.size.width) - 1  # the scrollbar
        # the speaking times go first, then the length, the time-outs, and how often heard
        kept = fit_columns(natural, room, flex=1, give_way=[[3, 4], [2], [6], [5]])
        others = sum(natural[i] + PADDING for i in kept if i != 1)
        key = (
            table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if table.row_count
            else None
        )
        table.clear(columns=True)
        for index in kept:
            width = max(TOPIC_LEAST, room - others - PADDING) if index == 1 else natural[index]
            table.add_column(Text(headers[index]), key=f"c{index}", width=width)
        self.rows = {}
        for talk, row in zip(self.past, rows, strict=True):
            self.rows[talk.id] = talk
            table.add_row(*(row[i + 1] for i in kept), key=talk.id, height=None)
        if key in self.rows:
            table.move_cursor(row=table.get_row_index(key))

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
        with ScrollArea(classes="dialog"):
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
        """The summary, every turn, and the time-outs that count (the summary counts the same)."""
        talk = self.talk
        said = history_words()
        tz = couple_zone(self.profile)
        now = self.clock.now()
        body = summary(talk)
        body.append(f"\n{said['summary']['turns']}\n", style="bold")
        widest = max(len(name) for name in talk.partners)
        for number, turn in enumerate(talk.turns, start=1):
            body.append(
                f"{number:>3}. {format_clock(turn.start, tz, now=now)}  "
                f"{format_countdown(turn.duration):>6}  "
            )
            name = talk.partners[turn.speaker]
            body.append(name, style="bold")
            body.append(" " * (widest - len(name)))
            body.append(f"  {said['turn'].get(turn.outcome, turn.outcome)}\n")
        if not talk.turns:
            body.append(f"  {said['summary']['no_turns']}\n", style="italic")
        listed = counted(cooldowns)
        if listed:
            body.append(f"\n{said['summary']['timeout_list']}\n", style="bold")
            for cooldown in listed:
                length = cooldown.ended - cooldown.started if cooldown.ended is not None else None
                body.append(
                    f"  {format_clock(cooldown.started, tz, now=now)}"
                    f"  {_length(length.total_seconds() if length is not None else None):>6}"
                    f"  {said['timeout'][cooldown.outcome or 'running']}\n"
                )
        body.rstrip()
        self.query_one("#detail-body", Static).update(body)

    def action_close(self) -> None:
        self.dismiss()
