"""The repair area's small dialogs: safe first, the notes for a talk, and a commitment's review."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, RadioSet, Static

from companion.repair import Commitment, Repair
from companion.repair import records as repair_records
from companion.repair.words import said
from companion.screens.base import CompanionModal
from companion.screens.hanging import Paragraph
from companion.screens.scroll_area import ScrollArea
from companion.screens.ticks import Choice


class SafeFirst(CompanionModal):
    """Two lines before any repair: this work is for a relationship where both are safe.

    Dismisses with True to go on; F2 (the app's key, from every screen) opens safety.
    """

    HELP_KEY = "safety"
    BINDINGS = [
        Binding("enter", "go", "Go on", id="repair_safe_go", tooltip="Go on to the repair"),
        Binding(
            "escape", "back", "Back", id="repair_safe_back", tooltip="Leave the repair for now"
        ),
    ]
    DEFAULT_CSS = """
    SafeFirst #safe-buttons { height: auto; margin-top: 1; }
    SafeFirst Button { margin-right: 2; }
    """

    def compose(self) -> ComposeResult:
        words = said()["safe"]
        with Vertical(classes="dialog"):
            yield Paragraph(Text(words["lines"].strip()), id="safe-lines")
            with Horizontal(id="safe-buttons"):
                yield Button(words["go"], id="safe-go", variant="primary")
                yield Button(words["safety"], id="safe-safety")

    def on_mount(self) -> None:
        self.query_one("#safe-go", Button).focus()

    @on(Button.Pressed, "#safe-go")
    def action_go(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#safe-safety")
    async def safety(self) -> None:
        self.dismiss(True)
        await self.app.run_action("app.safety")

    def action_back(self) -> None:
        self.dismiss(False)


class NotesScreen(CompanionModal):
    """The speaker's notes for a repair talk: the apology (or the shared account), to read
    before and while speaking; the app never sends them anywhere."""

    HELP_KEY = "repair_apology"
    BINDINGS = [
        Binding("escape", "close", "Close", id="repair_notes_close", tooltip="Back to the talk"),
    ]
    DEFAULT_CSS = """
    NotesScreen .dialog { height: 90%; }
    NotesScreen ScrollArea { height: 1fr; }
    """

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.heading = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.heading), classes="title")
            with ScrollArea(id="notes-scroll"):
                yield Static(Text(self.text), id="notes-text")

    def action_close(self) -> None:
        self.dismiss(None)


def notes_for(repair: Repair | None) -> tuple[str, str]:
    """(title, text) of the notes for the talk the repair is at: the apology, else the account."""
    words = said()
    if repair is None:
        return words["apology"]["notes_title"], words["apology"]["notes_none"]
    if repair.draft is not None and repair.heard is not None:
        return words["apology"]["notes_title"], repair.draft.text()
    title = words["hurt"]["read_title"].format(hurt=repair.hurt_name)
    return title, repair.hurt.text or words["apology"]["notes_none"]


class ReportDialog(CompanionModal):
    """How a commitment went, said by the one who made it; how it felt, by the other if they
    wish. Dismisses with the repair saved, or None."""

    HELP_KEY = "repair_commitments"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="repair_report_cancel", tooltip="Close"),
    ]
    DEFAULT_CSS = """
    ReportDialog RadioSet { width: 100%; layout: horizontal; }
    ReportDialog Input { margin-top: 1; }
    ReportDialog #report-buttons { height: auto; margin-top: 1; }
    ReportDialog Button { margin-right: 2; }
    """

    def __init__(self, repair: Repair, commitment: Commitment, checkin: str | None = None) -> None:
        super().__init__()
        self.repair = repair
        self.commitment = commitment
        self.checkin = checkin
        self._busy = False

    @property
    def other(self) -> str:
        return self.repair.hurt_name

    def compose(self) -> ComposeResult:
        words = said()["commitments"]
        by = self.commitment.by
        with Vertical(classes="dialog"):
            yield Static(Text(words["report_title"]), classes="title")
            yield Static(Text(self.commitment.what), classes="tip")
            yield Static(Text(words["report_how"].format(by=by)))
            with RadioSet(id="report-how"):
                for index, how in enumerate(words["how"]):
                    yield Choice(how["label"], value=index == 0, name=how["id"])
            yield Input(placeholder=words["report_note"].format(by=by), id="report-note")
            yield Input(placeholder=words["report_felt"].format(other=self.other), id="report-felt")
            yield Static(id="report-problem", classes="error-text")
            with Horizontal(id="report-buttons"):
                yield Button("Save", id="report-save", variant="primary")
                yield Button("Cancel", id="report-cancel")

    def on_mount(self) -> None:
        self.query_one("#report-how", RadioSet).focus()

    def _how(self) -> str:
        pressed = self.query_one("#report-how", RadioSet).pressed_button
        return pressed.name if pressed is not None and pressed.name else "kept"

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        if event.input.id == "report-note":
            self.query_one("#report-felt", Input).focus()
        else:
            self.run_worker(self._save(), exclusive=True, group="repair-report")

    @on(Button.Pressed, "#report-save")
    async def _save(self) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            saved = await self.save(
                "repair",
                repair_records.report,
                self.store,
                self.repair.id,
                self.commitment.id,
                self._how(),
                self.clock.now(),
                self.query_one("#report-note", Input).value,
                self.query_one("#report-felt", Input).value,
                self.checkin,
                refused=self._problem,
            )
        finally:
            self._busy = False
        if saved is not None:
            self.dismiss(saved)

    def _problem(self, message: str) -> None:
        self.query_one("#report-problem", Static).update(Text(message))

    @on(Button.Pressed, "#report-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
