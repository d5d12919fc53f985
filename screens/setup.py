"""First run: one or two names and a time zone, and what Companion is (and is not)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Button, Header, Input, Label, Static

from companion import words
from companion.errors import StoreError
from companion.profile import ProfileError, create_profile
from companion.screens.base import CompanionScreen
from companion.screens.footer import CompanionFooter
from companion.screens.reader import Reader
from companion.when import known_zones, machine_timezone


class SetupScreen(CompanionScreen):
    """Asks who is using Companion; shown until a profile exists."""

    ROLE = "setup"
    HELP_KEY = "setup"
    SUB_TITLE = "Welcome"
    BINDINGS = [
        Binding("ctrl+s", "save", "Start", id="setup_save", tooltip="Save the names and begin"),
    ]
    DEFAULT_CSS = """
    SetupScreen { align-horizontal: center; }
    SetupScreen #setup-body { height: 1fr; max-width: 90; padding: 0 2; }
    SetupScreen #intro { height: auto; }
    SetupScreen #intro MarkdownH1 {
        content-align: left top; text-align: left; margin: 0 0 1 0; padding: 0;
    }
    SetupScreen #intro MarkdownParagraph { margin: 0 0 1 0; }
    SetupScreen .row { height: auto; }
    SetupScreen .row > Vertical { width: 1fr; height: auto; }
    SetupScreen .row > Vertical:first-of-type { margin-right: 2; }
    SetupScreen #start-box { width: auto; padding-top: 1; }
    SetupScreen #start { min-width: 12; }
    SetupScreen #problem { height: auto; }
    SetupScreen Label { width: 100%; }
    SetupScreen.-narrow .row { layout: vertical; }
    SetupScreen.-narrow .row > Vertical:first-of-type { margin-right: 0; }
    SetupScreen.-narrow #setup-body { padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="setup-body", can_focus=False):
            yield Reader(words.text("setup.md"), id="intro", open_links=False)
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label("Your name")
                    yield Input(placeholder="e.g. Sam", id="name1", max_length=40)
                with Vertical():
                    yield Label("Your partner's name (empty if alone)")
                    yield Input(placeholder="e.g. Alex", id="name2", max_length=40)
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label("Time zone")
                    yield Input(
                        value=machine_timezone(),
                        id="tz",
                        suggester=SuggestFromList(sorted(known_zones()), case_sensitive=False),
                    )
                with Vertical(id="start-box"):
                    yield Button("Start", id="start", variant="primary")
            yield Static(id="problem", classes="error-text")
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.query_one("#name1", Input).focus()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "tz":
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#start")
    def action_save(self) -> None:
        first, second = (self.query_one(f"#name{i}", Input).value for i in (1, 2))
        names = [first, second] if second.strip() else [first]  # an empty second: alone
        tz = self.query_one("#tz", Input).value
        self._create(names, tz)

    @work(exclusive=True, thread=True)
    def _create(self, names: list[str], tz: str) -> None:
        """Saving touches the disk, so it runs off the event loop."""
        try:
            create_profile(self.store, names, tz)
        except (ProfileError, StoreError) as exc:
            message = exc.message if isinstance(exc, StoreError) else str(exc)
            self.app.call_from_thread(self.show_problem, message)
            return
        self.app.call_from_thread(self.dismiss, True)

    def show_problem(self, message: str) -> None:
        problem = self.query_one("#problem", Static)
        problem.update(Text(message))
        body = self.query_one("#setup-body", VerticalScroll)
        # once the message has its height (a refresh after this one), bring it into view
        self.call_after_refresh(self.call_after_refresh, body.scroll_end, animate=False)
        self.app.bell()
