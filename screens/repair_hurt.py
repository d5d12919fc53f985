"""The hurt told: the hurt partner writes, privately in their own sealed journal, what happened
and what it meant, then shares it by an explicit act.

Until it is shared, the words live only in the journal (sealed with the hurt
partner's passphrase) and in this screen's widgets; the journal's key is held
by this screen and dropped when it closes.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Header, Input, SelectionList, Static, TextArea

from companion.errors import Refused, StoreError
from companion.reflect import records as journals
from companion.reflect.journal import FREE, Draft, Journal, lock_due, lock_minutes
from companion.repair import Repair, RepairStep
from companion.repair import records as repair_records
from companion.repair.words import said, way_label, ways
from companion.screens.base import CompanionScreen
from companion.screens.footer import CompanionFooter
from companion.screens.hanging import Paragraph


def journal_text(text: str, chosen: list[str]) -> str:
    """What goes in the journal entry: the account, then the ways it hurt as a list."""
    if not chosen:
        return text
    heading = said()["hurt"]["ways_heading"]
    return text + f"\n\n{heading}\n" + "\n".join(f"- {way_label(w)}" for w in chosen)


def from_journal(text: str) -> tuple[str, list[str]]:
    """The account and the ways back from a journal entry `journal_text` wrote."""
    heading = f"\n\n{said()['hurt']['ways_heading']}\n"
    if heading not in text:
        return text, []
    account, _, listed = text.rpartition(heading)
    labels = {label: way_id for way_id, label in ways()}
    chosen = [labels[line[2:]] for line in listed.splitlines() if line[2:] in labels]
    return account, chosen


class HurtScreen(CompanionScreen):
    """The hurt partner's private draft, and the act of sharing it."""

    HELP_KEY = "repair_hurt"
    SUB_TITLE = "Repair"
    AREAS = ("repair",)
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="hurt_save", tooltip="Save in your private journal"),
        Binding("ctrl+o", "share", "Share", id="hurt_share", tooltip="Share it with your partner"),
        Binding(
            "ctrl+l,f9", "lock", "Lock", id="hurt_lock", tooltip="Save, clear the screen and lock"
        ),
        Binding("escape", "close", "Close", id="hurt_close", tooltip="Save and close"),
    ]
    DEFAULT_CSS = """
    HurtScreen #hurt-intro { padding: 0 1; }
    HurtScreen #hurt-lock { height: auto; padding: 1 1; }
    HurtScreen #hurt-lock Input { margin-top: 1; }
    HurtScreen #hurt-lock Button { margin-top: 1; }
    HurtScreen #hurt-edit { height: 1fr; }
    HurtScreen #hurt-text { width: 1fr; height: 1fr; }
    HurtScreen #hurt-ways { width: 36; height: 1fr; border: round $foreground 25%; }
    HurtScreen.-narrow #hurt-edit { layout: vertical; }
    HurtScreen.-narrow #hurt-ways { width: 100%; height: 7; }
    HurtScreen .-hidden { display: none; }
    """

    def __init__(self, repair: Repair) -> None:
        super().__init__()
        self.repair = repair
        self.person = repair.hurt_name
        self._key: object | None = None
        self._entry: int | None = None
        self._new_journal = False
        self.last_active = 0.0

    def compose(self) -> ComposeResult:
        words = said()["hurt"]
        yield Header()
        yield Static(Text(words["title"]), classes="title")
        yield Paragraph(Text(words["intro"]), id="hurt-intro", classes="muted")
        with Vertical(id="hurt-lock"):
            yield Static(id="hurt-lock-text")
            yield Input(password=True, placeholder="Passphrase", id="hurt-pass")
            yield Input(password=True, placeholder="The same again", id="hurt-again")
            yield Static(id="hurt-problem", classes="error-text")
            yield Button("Open my journal", id="hurt-open", variant="primary")
        with Horizontal(id="hurt-edit", classes="-hidden"):
            yield TextArea(id="hurt-text", soft_wrap=True, show_line_numbers=False)
            ways_list: SelectionList[str] = SelectionList(
                *[(label, way_id) for way_id, label in ways()], id="hurt-ways"
            )
            ways_list.border_title = words["ways_title"]
            yield ways_list
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.query_one("#hurt-text", TextArea).placeholder = said()["hurt"]["placeholder"]
        self.set_interval(5, self._tick)
        self._look()

    @work(thread=True, exclusive=True, group="hurt-journal")
    def _look(self) -> None:
        has = journals.has_journal(self.store, self.person)
        self.app.call_from_thread(self._ask, not has)

    def _ask(self, new: bool) -> None:
        self._new_journal = new
        words = said()["hurt"]
        text = words["create" if new else "unlock"].format(hurt=self.person)
        self.query_one("#hurt-lock-text", Static).update(Text(text))
        self.query_one("#hurt-again").set_class(not new, "-hidden")
        self.query_one("#hurt-pass", Input).focus()

    @on(Input.Submitted, "#hurt-pass")
    def _pass_entered(self) -> None:
        if self._new_journal:
            self.query_one("#hurt-again", Input).focus()
        else:
            self._open()

    @on(Input.Submitted, "#hurt-again")
    @on(Button.Pressed, "#hurt-open")
    def _open(self) -> None:
        passphrase = self.query_one("#hurt-pass", Input)
        again = self.query_one("#hurt-again", Input)
        values = (passphrase.value, again.value)
        passphrase.value = again.value = ""  # never kept on screen
        self.query_one("#hurt-problem", Static).update("Opening your journal…")
        self._unlock(*values)

    @work(thread=True, exclusive=True, group="hurt-journal")
    def _unlock(self, passphrase: str, again: str) -> None:
        """The key derivation is slow on purpose: never on the event loop."""
        try:
            if self._new_journal:
                unlocked = journals.create_journal(self.store, self.person, passphrase, again)
            else:
                unlocked = journals.unlock(self.store, self.person, passphrase)
        except (Refused, StoreError) as exc:
            message = exc.message if isinstance(exc, StoreError) else str(exc)
            self.app.call_from_thread(self._problem, message)
            return
        self.app.call_from_thread(self._opened, unlocked.key, unlocked.journal)

    def _problem(self, message: str) -> None:
        self.query_one("#hurt-problem", Static).update(Text(message))
        self.query_one("#hurt-pass", Input).focus()

    def _opened(self, key: object, journal: Journal) -> None:
        self._key = key
        title = said()["hurt"]["journal_title"]
        found = [e for e in journal.newest_first() if e.kind == FREE and e.title == title]
        if found:
            self._entry = found[0].id
            account, chosen = from_journal(found[0].text)
            self.query_one("#hurt-text", TextArea).text = account
            selection = self.query_one("#hurt-ways", SelectionList)
            for way_id in chosen:
                selection.select(way_id)
        self.touch()
        self.query_one("#hurt-lock").set_class(True, "-hidden")
        self.query_one("#hurt-edit").set_class(False, "-hidden")
        self.query_one("#hurt-text", TextArea).focus()
        self.refresh_bindings()

    # -- the idle lock, as in Reflect ---------------------------------------------------------
    def touch(self) -> None:
        self.last_active = self.clock.monotonic()

    def on_key(self) -> None:
        self.touch()

    @on(TextArea.Changed)
    @on(SelectionList.SelectedChanged)
    def _typed(self) -> None:
        self.touch()

    def _tick(self) -> None:
        minutes = lock_minutes(self.profile.settings.journal_lock_minutes if self.profile else 0)
        if self._key is not None and lock_due(self.last_active, self.clock.monotonic(), minutes):
            self.run_worker(self.action_lock(), group="hurt-lock")

    async def action_lock(self) -> None:
        """Save what is written, then clear it from every widget and forget the key."""
        if self._key is None:
            return
        await self.action_save(quiet=True)
        self._key = None
        self._entry = None
        self.query_one("#hurt-text", TextArea).text = ""
        self.query_one("#hurt-ways", SelectionList).deselect_all()
        self.query_one("#hurt-edit").set_class(True, "-hidden")
        self.query_one("#hurt-lock").set_class(False, "-hidden")
        self._ask(False)
        self.refresh_bindings()

    # -- keys -------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("save", "share", "lock"):
            return self._key is not None
        return True

    def _written(self) -> tuple[str, list[str]]:
        text = self.query_one("#hurt-text", TextArea).text
        chosen = list(self.query_one("#hurt-ways", SelectionList).selected)
        return text, chosen

    async def action_save(self, quiet: bool = False) -> bool:
        """Seal what is written in the journal, and note on the repair only that a draft exists."""
        if self._key is None:
            return True
        text, chosen = self._written()
        if not text.strip() and not chosen:
            return True
        draft = Draft(
            kind=FREE,
            title=said()["hurt"]["journal_title"],
            text=journal_text(text, chosen),
            entry_id=self._entry,
        )
        saved = await self.save(
            "repair",
            journals.save_draft,
            self.store,
            self.person,
            self._key,
            draft,
            self.clock.now(),
        )
        if saved is None:
            return False
        if saved.entry is not None:
            self._entry = saved.entry.id
        if self.repair.can(RepairStep.DRAFT_HURT):
            await self.save(
                "repair",
                repair_records.take,
                self.store,
                self.repair.id,
                RepairStep.DRAFT_HURT,
                self.clock.now(),
            )
        if not quiet:
            self.notify(said()["hurt"]["saved"])
        return True

    def action_share(self) -> None:
        from companion.screens.confirm import ConfirmScreen

        words = said()["hurt"]
        text, chosen = self._written()

        async def decided(sure: bool | None) -> None:
            if not sure:
                return
            if not await self.action_save(quiet=True):
                return
            saved = await self.save(
                "repair",
                repair_records.take,
                self.store,
                self.repair.id,
                RepairStep.SHARE_HURT,
                self.clock.now(),
                text,
                chosen,
            )
            if saved is not None:
                self.notify(words["shared"])
                self._key = None
                self.dismiss()

        question = words["share_question"].format(amends=self.repair.amends_name)
        self.app.push_screen(ConfirmScreen(question, words["share_yes"]), decided)

    async def action_close(self) -> None:
        if self._key is not None and await self.action_save(quiet=True):
            self._key = None
        self.dismiss()
