"""Agenda: the couple's issues in their order, with filters, search and one issue in full."""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from companion import words
from companion.agenda import Direction, Issue, IssueStep, Status, View
from companion.agenda import records as agenda
from companion.errors import StoreError
from companion.screens.agenda_detail import IssueDetail, describe
from companion.screens.agenda_filters import AgendaFilters, SearchField
from companion.screens.base import CompanionScreen
from companion.screens.footer import CompanionFooter
from companion.when import couple_zone, format_age

PAGE = 100
"""Rows put in the table at a time: more are added as the cursor nears the end, so ten
thousand issues cost no more to show than a hundred."""
NEAR_END = 10


def _binding(key: str, action: str, description: str, tooltip: str, show: bool = True) -> Binding:
    return Binding(key, action, description, id=f"agenda_{action}", tooltip=tooltip, show=show)


class AgendaScreen(CompanionScreen):
    """Every open issue in the couple's order; every step goes through companion.agenda."""

    HELP_KEY = "agenda"
    AREAS = ("agenda", "profile")
    BINDINGS = [
        _binding("n", "new", "New", "Add an issue to the agenda"),
        _binding("e", "edit", "Edit", "Change what this issue says", show=False),
        _binding("s", "status", "Status", "Move this issue on (or back, or let it go)"),
        _binding("t", "talk", "Talk", "Start a turn-taking talk about this issue"),
        _binding(
            "p", "agree", "Agree", "Write down something the two of you will practise", show=False
        ),
        _binding("r", "review", "Review", "Say how an agreement is going", show=False),
        _binding("u", "move('up')", "Up", "Move this issue up: work on it sooner", show=False),
        _binding("d", "move('down')", "Down", "Move this issue down: work on it later", show=False),
        _binding("l", "let_go", "Let go", "Let this issue go: it is settled", show=False),
        _binding("o", "reopen", "Reopen", "Bring a let-go issue back", show=False),
        _binding(
            "v", "let_go_shown", "Show let go", "Show or hide the issues you let go", show=False
        ),
        _binding(
            "slash", "search", "Search", "Search titles, details and tags as you type", show=False
        ),
        _binding(
            "f",
            "cycle_status",
            "Filter status",
            "Show one status only (press again for the next)",
            show=False,
        ),
        _binding(
            "w",
            "cycle_who",
            "Filter who",
            "Show what one of you raised (press again for the next)",
            show=False,
        ),
        _binding(
            "3",
            "top_three",
            "Top three",
            "Each write your top three, then see both lists",
            show=False,
        ),
    ]
    DEFAULT_CSS = """
    AgendaScreen #agenda-count { height: 1; padding: 0 1; color: $text-muted; }
    AgendaScreen #agenda-table { height: 1fr; min-height: 4; }
    AgendaScreen #agenda-empty { height: auto; padding: 1 2; display: none; }
    AgendaScreen.-empty #agenda-empty { display: block; }
    AgendaScreen.-empty #agenda-table { display: none; }
    AgendaScreen #agenda-detail { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.issues: list[Issue] = []
        """What the disk returned at the last read, in order."""
        self.shown: list[Issue] = []
        """The issues the filters let through, in order (only the first pages are in the table)."""
        self.view = View()
        self.loaded = False
        self._selected: str | None = None
        self._drawn: tuple | None = None
        self._read_archives = False
        self._by_id: dict[str, Issue] = {}
        self._keys: tuple | None = ()

    # -- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        yield AgendaFilters(id="agenda-bar")
        yield Static(id="agenda-count")
        yield Static(id="agenda-empty", classes="tip")
        yield DataTable(id="agenda-table", cursor_type="row", zebra_stripes=True)
        yield IssueDetail(id="agenda-detail")
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.sub_title = "Agenda"
        table = self.query_one(DataTable)
        table.add_column("Title", key="title", width=self._title_width())
        table.add_column("Status", key="status", width=12)
        table.add_column("By", key="by", width=6)
        table.add_column("Age", key="age", width=4)
        table.focus()
        self._count()  # "Reading the agenda…" until the first read answers
        self.refresh_data()

    def _title_width(self) -> int:
        # The other columns (12 + 6 + 4), a cell's padding either side, and the scrollbar.
        return max(12, self.app.size.width - 22 - 8 - 2)

    def on_resize(self) -> None:
        table = self.query_one(DataTable)
        column = table.columns.get("title")  # type: ignore[call-overload]
        width = self._title_width()
        if column is not None and column.width != width:
            column.width = width
            table.refresh()

    # -- reading --------------------------------------------------------------------------
    def refresh_data(self) -> None:
        profile = self.profile
        self.query_one(AgendaFilters).set_partners(profile.partners if profile else ())
        self._load(self.view.needs_archives)

    @work(thread=True, exclusive=True, group="agenda-read")
    def _load(self, archives: bool) -> None:
        """Read the agenda off the event loop (the archives too when let-go issues are shown).

        Issues unchanged since the last read are not decoded again, so a change
        from the other terminal costs what changed, even with thousands of issues.
        """
        seen = agenda.known(self.issues)
        try:
            if archives:
                found = agenda.all_issues(self.store, seen)
            else:
                found = agenda.open_issues(self.store, seen)
        except StoreError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error", markup=False)
            return
        if not get_current_worker().is_cancelled:  # a newer read has started: it will answer
            self.app.call_from_thread(self._loaded, found, archives)

    def _loaded(self, found: list[Issue], archives: bool) -> None:
        self.issues = found
        self._read_archives = archives
        self.loaded = True
        self._draw()

    # -- drawing --------------------------------------------------------------------------
    def _draw(self, keep: str | None = None) -> None:
        """Show the issues the filters let through; rebuild the table only if its rows changed."""
        keep = keep or self._selected
        self.shown = self.view.select(self.issues)
        self._by_id = {issue.id: issue for issue in self.shown}
        rows = tuple((i.id, i.revision, i.title, i.status, i.raised_by) for i in self.shown)
        table = self.query_one(DataTable)
        if rows != self._drawn:
            self._drawn = rows
            table.clear()
            self._fill(PAGE)
        self._count()
        self._place_cursor(keep)
        self._show_detail()

    def _row(self, issue: Issue, now: Any) -> tuple[Text, Text, Text, str]:
        style = "dim" if not issue.is_open else ""
        return (
            Text(issue.title, style=style, no_wrap=True, overflow="ellipsis"),
            Text(issue.status.label, style=style),
            Text(issue.raised_by, style=style, no_wrap=True, overflow="ellipsis"),
            format_age(issue.created, now),
        )

    def _fill(self, upto: int) -> None:
        """Put rows into the table up to `upto` (they are added a page at a time)."""
        table = self.query_one(DataTable)
        now = self.clock.now()
        start = table.row_count
        for issue in self.shown[start : min(upto, len(self.shown))]:
            table.add_row(*self._row(issue, now), key=issue.id)

    def _count(self) -> None:
        profile = self.profile
        empty = self.query_one("#agenda-empty", Static)
        text = words.data("agenda/words.toml")["list"]
        nothing = not self.issues or (
            not self._read_archives and not any(i.is_open for i in self.issues)
        )
        self.set_class(self.loaded and not self.shown, "-empty")
        if nothing and not self.view.narrowed:
            empty.update(Text(text["empty_solo" if profile and profile.solo else "empty"]))
        else:
            empty.update(Text(text["nothing_matches"]))
        opened = sum(1 for i in self.shown if i.is_open)
        count = (
            f"{opened} open"
            if self.view.status is None
            else f"{len(self.shown)} {self.view.status.label}"
        )
        if self.view.let_go and self.view.status is None:
            count += f", {len(self.shown) - opened} let go"
        if self.view.narrowed:
            count += " (filtered)"
        note = "" if self.view.needs_archives else "  ·  " + text["hidden_note"]
        note += "  ·  " + text["keys_note"]
        if not self.loaded:
            count, note = "Reading the agenda…", ""
        self.query_one("#agenda-count", Static).update(
            Text(count + note, no_wrap=True, overflow="ellipsis")
        )

    def _place_cursor(self, issue_id: str | None) -> None:
        table = self.query_one(DataTable)
        if not self.shown:
            self._selected = None
            return
        index = next((n for n, i in enumerate(self.shown) if i.id == issue_id), None)
        if index is None:
            index = min(table.cursor_row, len(self.shown) - 1) if table.row_count else 0
        if index >= table.row_count:
            self._fill(index + PAGE)
        if table.cursor_row != index:
            table.move_cursor(row=index, animate=False)
        self._selected = self.shown[index].id

    def _show_detail(self) -> None:
        issue = self.selected
        detail = self.query_one(IssueDetail)
        if issue is None:
            detail.show(None)
        else:
            profile = self.profile
            now = self.clock.now()
            day = agenda.today(profile, now) if profile else now.date()
            detail.show(describe(issue, couple_zone(profile), now, day))
        keys = (
            None
            if issue is None
            else (issue.allowed(), bool(issue.moves()), issue.is_open, issue.agreements != [])
        )
        if keys != self._keys:  # the footer is rebuilt only when what it offers changes
            self._keys = keys
            self.refresh_bindings()

    @property
    def selected(self) -> Issue | None:
        """The highlighted issue, as the disk last returned it."""
        return self._by_id.get(self._selected) if self._selected else None

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value
        if key is not None and key != self._selected:
            self._selected = key
            self._show_detail()
        table = event.data_table
        if event.cursor_row >= table.row_count - NEAR_END and table.row_count < len(self.shown):
            self._fill(table.row_count + PAGE)

    # -- filters ------------------------------------------------------------------------
    def _set_view(self, **changes: Any) -> None:
        before = self.view
        self.view = View(**{**before.__dict__, **changes})
        if self.view.needs_archives and not self._read_archives:
            self.loaded = False
            self._count()
            self._load(True)
        else:
            self._draw()

    @on(AgendaFilters.Changed)
    def _filtered(self, event: AgendaFilters.Changed) -> None:
        self._set_view(words=event.words, status=event.status, who=event.who)

    @on(SearchField.Done)
    def _searched(self) -> None:
        self.query_one(DataTable).focus()

    def action_search(self) -> None:
        self.query_one(AgendaFilters).focus_search()

    def action_cycle_status(self) -> None:
        self.query_one(AgendaFilters).cycle_status()

    def action_cycle_who(self) -> None:
        self.query_one(AgendaFilters).cycle_who()

    def action_let_go_shown(self) -> None:
        self._set_view(let_go=not self.view.let_go)
        self.notify(
            "Showing the issues you let go, dimmed."
            if self.view.let_go
            else "Let-go issues hidden.",
            timeout=3,
        )

    # -- keys ---------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        issue = self.selected
        needs = {
            "edit": IssueStep.EDIT,
            "status": None,
            "agree": IssueStep.AGREE,
            "review": IssueStep.REVIEW,
            "let_go": IssueStep.LET_GO,
            "reopen": IssueStep.REOPEN,
            "move": None,
            "talk": IssueStep.TALK,
        }
        if action not in needs:
            if action == "cycle_who":
                return self.profile is not None and not self.profile.solo
            return True
        if issue is None:
            return None
        if action == "talk" and (self.profile is None or self.profile.solo):
            return False  # a talk needs two; alone, the key is not offered
        if action in ("move", "status"):
            return issue.is_open if action == "move" else bool(issue.moves())
        step = needs[action]
        return step in issue.allowed() or None

    async def _step(self, fn: Any, *args: Any) -> Issue | None:
        saved = await self.save("agenda", fn, self.store, *args)
        if saved is not None:
            self._selected = saved.id
        return saved

    def action_new(self) -> None:
        from companion.screens.agenda_form import IssueForm

        self.app.push_screen(IssueForm(None), self._after_form)

    def action_edit(self) -> None:
        from companion.screens.agenda_form import IssueForm

        if self.selected is not None:
            self.app.push_screen(IssueForm(self.selected), self._after_form)

    def _after_form(self, saved: Issue | None) -> None:
        if saved is not None:
            self._selected = saved.id
            self._draw(keep=saved.id)

    def action_status(self) -> None:
        from companion.screens.agenda_moves import StatusScreen

        issue = self.selected
        if issue is None:
            return

        async def chosen(status: Status | None) -> None:
            if status is not None:
                moved = await self._step(agenda.set_status, issue.id, status, self.clock.now())
                if moved is not None:
                    self.notify(f"Now {moved.status.label}.", timeout=3, markup=False)

        self.app.push_screen(StatusScreen(issue), chosen)

    async def action_let_go(self) -> None:
        issue = self.selected
        if issue is None or not issue.can(IssueStep.LET_GO):
            return
        apply = partial(agenda.apply, expect=issue.status)
        saved = await self._step(apply, issue.id, IssueStep.LET_GO, self.clock.now())
        if saved is not None:
            self.notify(
                "Let go. Press v to see the issues you let go, and o to reopen one.", timeout=5
            )

    async def action_reopen(self) -> None:
        issue = self.selected
        if issue is not None and issue.can(IssueStep.REOPEN):
            saved = await self._step(agenda.reopen, issue.id, self.clock.now())
            if saved is not None:
                self.notify("Back on the agenda, at the end of the list.", timeout=4)

    async def action_move(self, direction: str) -> None:
        issue = self.selected
        if issue is None or not issue.is_open:
            return
        within = {i.id for i in self.shown if i.is_open} if self.view.narrowed else None
        move = partial(agenda.move, within=within)
        await self._step(move, issue.id, Direction(direction), self.clock.now())

    def action_talk(self) -> None:
        from companion.screens.agenda_talk import StartTalkScreen

        def started(talk: object) -> None:
            if talk is not None:
                self.companion.action_area("talk")

        if self.selected is not None and self.profile is not None and not self.profile.solo:
            self.app.push_screen(StartTalkScreen(self.selected), started)

    def action_agree(self) -> None:
        from companion.screens.agenda_moves import AgreementForm

        if self.selected is not None:
            self.app.push_screen(AgreementForm(self.selected), self._after_form)

    def action_review(self) -> None:
        from companion.screens.agenda_moves import ReviewScreen

        if self.selected is not None and self.selected.agreements:
            self.app.push_screen(ReviewScreen(self.selected), self._after_form)

    def action_top_three(self) -> None:
        from companion.screens.agenda_top_three import TopThreeScreen

        self.app.push_screen(TopThreeScreen())
