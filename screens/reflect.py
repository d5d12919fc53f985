"""Reflect: a private journal for each person, opened with their passphrase.

The journal is open only while this screen holds its key. ctrl+l (or F9)
covers the screen and locks at once; it locks itself after the idle minutes
of the profile's settings, and whenever a person leaves Reflect. Locking
clears every widget that showed the journal and forgets the key; anything
written and not yet saved is sealed and saved first.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Header, Input, SelectionList, TextArea

from companion.errors import Refused, StoreError
from companion.reflect import prompts, records, share, vault
from companion.reflect.journal import Draft, JournalError, lock_due, lock_minutes
from companion.screens.base import CompanionScreen
from companion.screens.confirm import ConfirmScreen
from companion.screens.footer import CompanionFooter
from companion.screens.reflect_dialogs import (
    ChooseReflection,
    CurtainScreen,
    ExportDialog,
    LockAfterDialog,
    PassphraseDialog,
    PrivateDialog,
    ShareDialog,
)
from companion.screens.reflect_keys import KEYS
from companion.screens.reflect_views import JournalView, UnlockView, WhoView
from companion.screens.reflect_write import GuidedView, WriteView
from companion.when import couple_zone, format_clock

TICK_SECONDS = 0.5
"""How often the idle lock and the other window's writes are looked at."""
AUTOSAVE_SECONDS = 3.0
"""Writing is sealed and saved this long after the last key, so a crash loses little."""
WRITING = ("write", "guided")


def _view(view: str) -> str:
    return f"reflect-{view}"


class _HelpKey:
    """HELP_KEY that follows the view: "reflect" on the class, the view's entry on a screen."""

    def __get__(self, screen: ReflectScreen | None, owner: type) -> str:
        return "reflect" if screen is None else screen.help_key()


class ReflectScreen(CompanionScreen):
    """Who is reflecting, their passphrase, their entries, and writing."""

    AREAS = ("profile",)
    BINDINGS = KEYS
    DEFAULT_CSS = """
    ReflectScreen ContentSwitcher { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.person: str | None = None
        self.unlocked: records.Unlocked | None = None
        """The journal as last saved or read, and its key: None while locked."""
        self.view = "who"
        self.dialogs: set[PrivateDialog] = set()
        self.last_active = 0.0
        self._generation = 0
        """Moves on at every lock, so an answer from before it is thrown away."""
        self._autosave: Timer | None = None
        self._clipboard = ""
        self._reloading = False

    # -- what shows -----------------------------------------------------------------------
    HELP_KEY = _HelpKey()

    def help_key(self) -> str:
        """F1 explains the view, and for a guided reflection opens its guide section."""
        if self.view == "guided":
            reflection = self.query_one(GuidedView).reflection
            if reflection is not None:
                return reflection.help_key
        return "reflect"

    @property
    def people(self) -> tuple[str, ...]:
        return self.profile.partners if self.profile else ()

    @property
    def solo(self) -> bool:
        return len(self.people) == 1

    @property
    def openable(self) -> tuple[str, ...]:
        """Whose journal may be opened at this screen: on a screen of one's own, only
        one's own (companion.together); at one keyboard, either (each has a passphrase)."""
        seat = self.companion.seat
        return tuple(person for person in self.people if seat.may_see(person))

    @property
    def one_journal(self) -> bool:
        """Only one journal can be opened here, so nobody is asked whose."""
        return len(self.openable) == 1

    @property
    def partner(self) -> str | None:
        """The other person, for prompts that name them; None alone."""
        return next((p for p in self.people if p != self.person), None)

    def compose(self) -> ComposeResult:
        yield Header()
        with ContentSwitcher(initial=_view("who")):
            yield WhoView(id=_view("who"))
            yield UnlockView(id=_view("unlock"))
            yield JournalView(id=_view("journal"))
            yield WriteView(id=_view("write"))
            yield GuidedView(id=_view("guided"))
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.sub_title = "Reflect"
        self.set_interval(TICK_SECONDS, self._tick)
        self.app.mode_change_signal.subscribe(self, self._mode_changed)
        self.refresh_data()

    def refresh_data(self) -> None:
        """The profile changed: who can reflect here."""
        if self.person is not None and self.person not in self.openable:
            self.lock_journal()
            self.person = None
        if self.unlocked is None and self.view in ("who", "unlock"):
            self._start()
        elif self.unlocked is not None and self.view == "journal":
            self._show_journal()

    def _start(self) -> None:
        """The first view while locked: the passphrase alone, else who is here."""
        self.query_one(WhoView).set_people(self.openable)
        if self.one_journal:
            if self.person != self.openable[0] or self.view != "unlock":
                self.choose(self.openable[0])
        elif self.view != "unlock" or self.person is None:
            self.show("who")

    def show(self, view: str) -> None:
        self.view = view
        self.query_one(ContentSwitcher).current = _view(view)
        if view == "who":
            self.query_one("#who-list").focus()
        elif view == "unlock":
            self.query_one(UnlockView).focus_first()
        elif view == "journal":
            self.query_one(JournalView).focus_list()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.view
        if action in ("write", "guided", "search", "delete", "export", "passphrase", "lock_after"):
            return view == "journal"
        if action == "leave":
            return view == "journal"
        if action in ("close_entry", "save_entry"):
            return view in WRITING
        if action == "choose_person":
            return view == "unlock" and not self.one_journal
        if action == "share":
            guided = self.query_one(GuidedView).reflection
            return (
                view == "guided"
                and guided is not None
                and bool(guided.sentence)
                and guided.prompt("topic") is not None
                and share.agenda() is not None
            )
        return True

    # -- who and the passphrase -------------------------------------------------------------
    @on(WhoView.Chosen)
    def chosen(self, event: WhoView.Chosen) -> None:
        self.choose(event.person)

    def choose(self, person: str) -> None:
        if person not in self.openable:
            return  # another person's journal, on their own screen only
        self.person = person
        creating = not records.has_journal(self.store, person)
        self.query_one(UnlockView).prepare(person, creating, self.solo)
        self.show("unlock")

    def action_choose_person(self) -> None:
        self.query_one(UnlockView).forget()
        self.show("who")

    @on(UnlockView.Submitted)
    def submitted(self, event: UnlockView.Submitted) -> None:
        if self.person is None:
            return
        view = self.query_one(UnlockView)
        view.busy(True)
        self._derive(self._generation, self.person, event.passphrase, event.again, view.creating)

    @work(thread=True, exclusive=True, group="reflect-key")
    def _derive(
        self, generation: int, person: str, passphrase: str, again: str, creating: bool
    ) -> None:
        """Derive the key (slow on purpose) and open or start the journal, off the event loop."""
        try:
            if creating:
                unlocked = records.create_journal(self.store, person, passphrase, again)
            else:
                unlocked = records.unlock(self.store, person, passphrase)
        except (Refused, StoreError) as exc:
            message = exc.message if isinstance(exc, StoreError) else str(exc)
            self.app.call_from_thread(self._not_opened, generation, message)
            return
        except Exception as exc:  # a crash report would show the passphrase
            message = f"Companion could not open the journal ({type(exc).__name__})."
            self.app.call_from_thread(self._not_opened, generation, message)
            return
        self.app.call_from_thread(self._opened, generation, unlocked)

    def _not_opened(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        view = self.query_one(UnlockView)
        view.busy(False)
        view.status(message)

    def _opened(self, generation: int, unlocked: records.Unlocked) -> None:
        if generation != self._generation or unlocked.person != self.person:
            return
        self.unlocked = unlocked
        self._clipboard = self.app.clipboard
        self.touch()
        self.query_one(UnlockView).forget()
        self._show_journal()
        self.show("journal")

    def _show_journal(self) -> None:
        if self.unlocked is None or self.person is None:
            return
        minutes = lock_minutes(self.profile.settings.journal_lock_minutes if self.profile else 0)
        self.query_one(JournalView).show(
            self.person, self.unlocked.journal, couple_zone(self.profile), minutes
        )

    # -- the journal ---------------------------------------------------------------------------
    def action_search(self) -> None:
        self.query_one(JournalView).focus_search()

    def action_write(self) -> None:
        self.query_one(WriteView).edit(None)
        self.show("write")

    def action_guided(self) -> None:
        def chosen(reflection_id: str | None) -> None:
            reflection = prompts.get(reflection_id or "")
            if reflection is not None and self.unlocked is not None:
                self.run_worker(self._guide(reflection, None), group="reflect-guided")

        self.app.push_screen(ChooseReflection(self), chosen)

    async def _guide(self, reflection: prompts.Reflection, entry: Any) -> None:
        self.show("guided")
        await self.query_one(GuidedView).edit(reflection, entry, self.partner, self.solo)
        self.refresh_bindings()

    @on(JournalView.Open)
    async def open_entry(self, event: JournalView.Open) -> None:
        if self.unlocked is None:
            return
        entry = self.unlocked.journal.get(event.entry_id)
        if entry is None:
            return
        reflection = entry.reflection
        if reflection is None:
            self.query_one(WriteView).edit(entry)
            self.show("write")
        else:
            await self._guide(reflection, entry)

    def action_delete(self) -> None:
        entry_id = self.query_one(JournalView).selected()
        if entry_id is None or self.unlocked is None:
            return
        generation = self._generation

        async def decided(sure: bool | None) -> None:
            if not sure or generation != self._generation or self.unlocked is None:
                return
            await self._step(records.delete_entry, entry_id, self.clock.now())

        self.app.push_screen(
            ConfirmScreen(
                f"Delete entry {entry_id} for good? It cannot be brought back.",
                yes="Delete it",
                no="Keep it",
            ),
            decided,
        )

    def action_export(self) -> None:
        if self.unlocked is None or self.person is None:
            return
        day = self.clock.now().date().isoformat()
        suggested = f"~/journal-{records.slug(self.person).rsplit('-', 1)[0]}-{day}.md"

        def done(path: Any) -> None:
            if path is not None:
                self.notify(prompts.word("export", "done", path=str(path)), markup=False)

        self.app.push_screen(ExportDialog(self, suggested), done)

    def action_passphrase(self) -> None:
        generation = self._generation

        def done(unlocked: records.Unlocked | None) -> None:
            if unlocked is not None and generation == self._generation:
                self.unlocked = unlocked
                self.notify(prompts.word("passphrase", "done"), markup=False)

        self.app.push_screen(PassphraseDialog(self), done)

    def action_lock_after(self) -> None:
        def done(minutes: int | None) -> None:
            if minutes is not None:
                self.notify(prompts.word("settings", "done", minutes=str(minutes)), markup=False)

        self.app.push_screen(LockAfterDialog(self), done)

    def action_leave(self) -> None:
        self.lock_journal()
        self.app.switch_mode("home")

    # -- writing ------------------------------------------------------------------------------
    def _writer(self) -> WriteView | GuidedView | None:
        if self.view == "write":
            return self.query_one(WriteView)
        if self.view == "guided":
            return self.query_one(GuidedView)
        return None

    async def _step(self, fn: Callable[..., records.Saved], *args: Any) -> records.Saved | None:
        """Run one step on the journal with the key held; the journal as saved, or None."""
        unlocked, person = self.unlocked, self.person
        if unlocked is None or person is None:
            return None
        generation = self._generation
        saved = await self.save(
            "journals", fn, self.store, person, unlocked.key, *args, refused=self._refused
        )
        if saved is None or generation != self._generation or self.unlocked is None:
            return None
        self.unlocked = replace(self.unlocked, journal=saved.journal, signature=saved.signature)
        self._show_journal()
        return saved

    def _refused(self, message: str) -> None:
        self.notify(message, markup=False)

    async def save_entry(self, quiet: bool = False) -> bool:
        """Seal and save what changed in the entry being written; False if it was refused."""
        writer = self._writer()
        if writer is None or self.unlocked is None:
            return True
        draft = writer.draft()
        if draft is None or (writer.blank and draft.entry_id is None):
            return True
        saved = await self._step(records.save_draft, draft, self.clock.now())
        if saved is None:
            return False
        if writer is self._writer():  # still the same view: it now revises the saved entry
            if isinstance(writer, WriteView):
                now = format_clock(self.clock.now(), couple_zone(self.profile), self.clock.now())
                writer.saved(draft, saved.entry, now)
            else:
                writer.saved(draft, saved.entry)
        return True

    async def action_save_entry(self) -> None:
        await self.save_entry()

    async def action_close_entry(self) -> None:
        if await self.save_entry():
            self.show("journal")

    def _schedule_autosave(self) -> None:
        if self._autosave is not None:
            self._autosave.stop()
        self._autosave = self.set_timer(AUTOSAVE_SECONDS, self._autosave_now)

    async def _autosave_now(self) -> None:
        self._autosave = None
        if self.view in WRITING:
            await self.save_entry(quiet=True)

    async def action_share(self) -> None:
        target = share.agenda()
        if target is None or self.view != "guided" or not await self.save_entry():
            return
        topic, statement = self.query_one(GuidedView).statement()

        def done(added: Any) -> None:
            if added is not None:
                self.notify(prompts.word("share", "done"), markup=False)

        self.app.push_screen(ShareDialog(self, target, topic, statement), done)

    # -- activity, the idle lock and the other window --------------------------------------------
    def touch(self) -> None:
        """Someone is here: the idle minutes start again."""
        self.last_active = self.clock.monotonic()

    def on_key(self) -> None:
        self.touch()

    def on_mouse_down(self) -> None:
        self.touch()

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(SelectionList.SelectedChanged)
    def typed(self) -> None:
        self.touch()
        if self.view in WRITING and self.unlocked is not None:
            self._schedule_autosave()

    def _tick(self) -> None:
        if self.unlocked is None or self.person is None:
            return
        minutes = lock_minutes(self.profile.settings.journal_lock_minutes if self.profile else 0)
        if lock_due(self.last_active, self.clock.monotonic(), minutes):
            self.lock_journal()
            return
        if not self._reloading and records.signature(self.store, self.person) != (
            self.unlocked.signature
        ):
            self._reloading = True
            self._reload(self._generation, self.person, self.unlocked.key)

    @work(thread=True, exclusive=True, group="reflect-reload")
    def _reload(self, generation: int, person: str, key: vault.Key) -> None:
        """Another window (or the shell) wrote this journal: read it with the key held."""
        try:
            unlocked: records.Unlocked | None = records.reload(self.store, person, key)
            message = ""
        except (Refused, StoreError) as exc:
            unlocked, message = None, exc.message if isinstance(exc, StoreError) else str(exc)
        self.app.call_from_thread(self._reloaded, generation, unlocked, message)

    def _reloaded(self, generation: int, unlocked: records.Unlocked | None, message: str) -> None:
        self._reloading = False
        if generation != self._generation:
            return
        if unlocked is None:
            self.lock_journal()
            self.notify(message, severity="warning", markup=False)
            return
        self.unlocked = unlocked
        if self.view == "journal":
            self._show_journal()

    def _mode_changed(self, mode: str) -> None:
        if mode != "reflect":
            self.lock_journal()

    # -- locking ---------------------------------------------------------------------------------
    def curtain(self) -> None:
        """Cover the screen with a neutral view, and lock."""
        self.lock_journal()
        if self.app.current_mode == "reflect" and not isinstance(self.app.screen, CurtainScreen):
            self.app.push_screen(CurtainScreen())

    def action_curtain(self) -> None:
        self.curtain()

    def lock_journal(self) -> None:
        """Forget the key and clear every widget that showed the journal (saving writing first)."""
        self._generation += 1
        if self._autosave is not None:
            self._autosave.stop()
            self._autosave = None
        unlocked, person = self.unlocked, self.person
        writer = self._writer()
        draft: Draft | None = writer.draft() if writer is not None else None
        if draft is not None and writer is not None and writer.blank and draft.entry_id is None:
            draft = None
        self.unlocked = None
        self.query_one(WriteView).forget()
        self.run_worker(self.query_one(GuidedView).forget(), group="reflect-forget")
        self.query_one(JournalView).forget()
        self.query_one(UnlockView).forget()
        for dialog in list(self.dialogs):
            dialog.forget()
            if dialog.is_current:
                dialog.dismiss(None)
        if self.app.clipboard != self._clipboard:  # copied from the journal while it was open
            self.app.copy_to_clipboard("")
        self._clipboard = ""
        if unlocked is not None and person is not None and draft is not None:
            self._save_on_lock(person, unlocked.key, draft)
        if self.one_journal and person is not None:
            self.choose(self.openable[0])
        else:
            self.query_one(WhoView).set_people(self.openable)
            self.show("who")

    def _save_on_lock(self, person: str, key: vault.Key, draft: Draft) -> None:
        """Seal what was written and not saved, after the screen is already clear."""
        future = self.companion.saver.submit(
            records.save_draft, self.store, person, key, draft, self.clock.now()
        )

        async def landed() -> None:
            try:
                await asyncio.wrap_future(future)
            except JournalError:
                pass  # nothing worth keeping (an empty entry)
            except (Refused, StoreError) as error:
                message = error.message if isinstance(error, StoreError) else str(error)
                self.notify(message, severity="error", markup=False)

        self.run_worker(landed(), group="reflect-last-save")
