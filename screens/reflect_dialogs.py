"""Reflect's dialogs and its curtain. Each dialog keeps the curtain key, and a lock closes it."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Middle, Vertical
from textual.screen import Screen
from textual.widgets import (
    Button,
    Header,
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from companion.errors import Refused, StoreError
from companion.profile import save_settings
from companion.reflect import prompts, records, share
from companion.reflect.journal import LOCK_CHOICES
from companion.screens.base import CompanionModal
from companion.screens.footer import CompanionFooter
from companion.screens.reflect_keys import CURTAIN

if TYPE_CHECKING:
    from companion.screens.reflect import ReflectScreen


class CurtainScreen(Screen):
    """A plain screen that says nothing about what was on it."""

    BINDINGS = [
        Binding("escape,enter,space", "go_on", "Go on", id="curtain_go_on", tooltip="Go on"),
    ]
    DEFAULT_CSS = """
    CurtainScreen #curtain { height: 1fr; }
    CurtainScreen #curtain-name { text-style: bold; color: $text-primary; width: auto; }
    CurtainScreen #curtain-hint { color: $text-muted; width: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        with Middle(id="curtain"):
            with Center():
                yield Static(prompts.word("curtain", "body"), id="curtain-name")
            with Center():
                yield Static(prompts.word("curtain", "hint"), id="curtain-hint")
        yield CompanionFooter()

    def action_go_on(self) -> None:
        self.dismiss()


class PrivateDialog(CompanionModal):
    """A dialog over Reflect: ctrl+l hides everything, and locking the journal closes it."""

    HELP_KEY = "reflect"
    BINDINGS = [
        CURTAIN,
        Binding("escape", "close", "Close", id="reflect_dialog_close", tooltip="Close this"),
    ]

    def __init__(self, reflect: ReflectScreen) -> None:
        super().__init__()
        self.reflect = reflect

    def on_mount(self) -> None:
        self.reflect.dialogs.add(self)

    def on_unmount(self) -> None:
        self.reflect.dialogs.discard(self)

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if self.reflect.unlocked is None:  # locked while another screen was on top
            self.dismiss(None)

    def forget(self) -> None:
        """Clear every field: the journal is locking."""
        for field in self.query(Input):
            field.value = ""
        for area in self.query(TextArea):
            area.load_text("")
        for static in self.query(".private").results(Static):
            static.update("")

    def action_curtain(self) -> None:
        self.reflect.curtain()

    def action_close(self) -> None:
        self.dismiss(None)

    def problem(self, message: str) -> None:
        self.query_one(".error-text", Static).update(Text(message))


class ChooseReflection(PrivateDialog):
    """Which guided reflection to write; dismisses with its id."""

    DEFAULT_CSS = """
    ChooseReflection OptionList { height: auto; max-height: 16; border: none; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(prompts.word("guided", "choose"), classes="title")
            options = []
            for reflection in prompts.reflections():
                blurb = reflection.blurb_for(self.reflect.solo)
                label = Text.assemble((reflection.title, "bold"), "\n", (blurb, "dim"))
                options.append(Option(label, id=reflection.id))
            yield OptionList(*options, id="choose-reflection")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class ExportDialog(PrivateDialog):
    """Where to write the journal as Markdown, after a plain warning that it is not encrypted."""

    DEFAULT_CSS = """
    ExportDialog #export-warning { color: $text-warning; margin-bottom: 1; height: auto; }
    ExportDialog Horizontal { height: auto; margin-top: 1; }
    ExportDialog Button { margin-right: 2; }
    """

    def __init__(self, reflect: ReflectScreen, suggested: str) -> None:
        super().__init__(reflect)
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(prompts.word("export", "title"), classes="title")
            yield Static(prompts.word("export", "warning"), id="export-warning")
            yield Label("Write it to this file")
            yield Input(value=self.suggested, id="export-path")
            yield Static(classes="error-text")
            with Horizontal():
                yield Button("Export, not encrypted", id="export-go", variant="warning")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Button.Pressed, "#export-cancel")
    def cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    @on(Button.Pressed, "#export-go")
    async def export(self) -> None:
        unlocked = self.reflect.unlocked
        if unlocked is None:
            self.dismiss(None)
            return
        path = await self.save(
            "journals",
            records.export_markdown,
            self.store,
            unlocked.journal,
            self.query_one(Input).value,
            self.reflect.partner,
            refused=self.problem,
        )
        if path is not None:
            self.dismiss(path)


class PassphraseDialog(PrivateDialog):
    """A new passphrase (typed twice) after the current one; the journal is sealed again at once."""

    DEFAULT_CSS = """
    PassphraseDialog Horizontal { height: auto; margin-top: 1; }
    PassphraseDialog Button { margin-right: 2; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(prompts.word("passphrase", "title"), classes="title")
            yield Static(prompts.word("passphrase", "intro"), classes="tip")
            yield Input(password=True, placeholder="Your passphrase now", id="pass-old")
            yield Input(password=True, placeholder="A new passphrase", id="pass-new")
            yield Input(password=True, placeholder="The new one again", id="pass-again")
            yield Static(classes="error-text")
            with Horizontal():
                yield Button("Change it", id="pass-go", variant="primary")
                yield Button("Cancel", id="pass-cancel")

    def on_mount(self) -> None:
        self.query_one("#pass-old", Input).focus()

    @on(Button.Pressed, "#pass-cancel")
    def cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "pass-again":
            self.change()
        else:
            self.focus_next()

    @on(Button.Pressed, "#pass-go")
    def change(self) -> None:
        fields = [self.query_one(f"#pass-{name}", Input) for name in ("old", "new", "again")]
        values = [field.value for field in fields]
        for field in fields:
            field.value = ""  # the passphrases never stay on screen
        person = self.reflect.person
        if person is None or self.reflect.unlocked is None:
            self.dismiss(None)
            return
        self.problem("Sealing your journal again…")
        fields[0].focus()
        self._rekey(person, *values)

    @work(thread=True, exclusive=True, group="reflect-rekey")
    def _rekey(self, person: str, old: str, new: str, again: str) -> None:
        """Two key derivations: slow on purpose, so never on the event loop."""
        try:
            unlocked = records.change_passphrase(self.store, person, old, new, again)
        except (Refused, StoreError) as exc:
            message = exc.message if isinstance(exc, StoreError) else str(exc)
            self.app.call_from_thread(self.problem, message)
            return
        except Exception as exc:  # a crash report would show the passphrases
            message = f"Companion could not change the passphrase ({type(exc).__name__})."
            self.app.call_from_thread(self.problem, message)
            return
        self.app.call_from_thread(self.dismiss, unlocked)


class ShareDialog(PrivateDialog):
    """What goes on the shared agenda: a title and the sentence, shown before anything leaves."""

    DEFAULT_CSS = """
    ShareDialog #share-statement { border: round $primary 50%; padding: 0 1; height: auto; }
    ShareDialog Horizontal { height: auto; margin-top: 1; }
    ShareDialog Button { margin-right: 2; }
    """

    def __init__(
        self,
        reflect: ReflectScreen,
        target: share.ShareTarget,
        title: str,
        statement: str,
    ) -> None:
        super().__init__(reflect)
        self.target = target
        self.title_text = title
        self.statement = statement

    def compose(self) -> ComposeResult:
        partner = self.reflect.partner
        intro = (
            prompts.word("share", "intro", partner=partner)
            if partner
            else prompts.word("share", "solo_intro")
        )
        with Vertical(classes="dialog"):
            yield Static(prompts.word("share", "title"), classes="title")
            yield Static(intro, classes="tip")
            yield Label("Title on the agenda")
            yield Input(value=self.title_text, id="share-title", max_length=120)
            yield Static(Text(self.statement), id="share-statement", classes="private")
            yield Static(classes="error-text")
            with Horizontal():
                yield Button("Put it on the agenda", id="share-go", variant="primary")
                yield Button("Keep it private", id="share-cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def forget(self) -> None:
        super().forget()
        self.statement = self.title_text = ""

    @on(Button.Pressed, "#share-cancel")
    def cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    @on(Button.Pressed, "#share-go")
    async def share_it(self) -> None:
        person = self.reflect.person
        if person is None or self.reflect.unlocked is None:
            self.dismiss(None)
            return
        added = await self.save(
            self.target.area,
            share.share,
            self.store,
            self.target,
            self.query_one(Input).value,
            person,
            self.statement,
            self.clock.now(),
            refused=self.problem,
        )
        if added is not None:
            self.dismiss(added)


class LockAfterDialog(PrivateDialog):
    """How many idle minutes before the journal locks itself (a setting of the profile)."""

    def compose(self) -> ComposeResult:
        profile = self.profile
        current = profile.settings.journal_lock_minutes if profile else 5
        with Vertical(classes="dialog"):
            yield Static(prompts.word("settings", "title"), classes="title")
            yield Static(prompts.word("settings", "intro"), classes="tip")
            with RadioSet(id="lock-minutes"):
                for minutes in LOCK_CHOICES:
                    yield RadioButton(
                        f"{minutes} minute{'s' if minutes > 1 else ''}",
                        value=minutes == current,
                        name=str(minutes),
                    )
            yield Static(classes="error-text")

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    @on(RadioSet.Changed)
    async def chosen(self, event: RadioSet.Changed) -> None:
        profile = self.profile
        if profile is None or event.pressed.name is None:
            return
        minutes = int(event.pressed.name)
        if minutes == profile.settings.journal_lock_minutes:
            return
        settings = replace(profile.settings, journal_lock_minutes=minutes)
        saved: Any = await self.save(
            "profile", save_settings, self.store, settings, refused=self.problem
        )
        if saved is not None:
            self.dismiss(saved.journal_lock_minutes)
