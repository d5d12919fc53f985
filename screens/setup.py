"""First run: one or two names and a time zone, and what Companion is (and is not)."""

from __future__ import annotations

from zoneinfo import available_timezones

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Header, Input, Label, Markdown, Static

from companion import words
from companion.errors import StoreError
from companion.profile import ProfileError, create_profile
from companion.screens.base import CompanionScreen
from companion.when import machine_timezone


class SetupScreen(CompanionScreen):
    """Asks who is using Companion; shown until a profile exists."""

    ROLE = "setup"
    HELP_KEY = "setup"
    BINDINGS = [
        Binding("ctrl+s", "save", "Start", id="setup_save", tooltip="Save the names and begin"),
    ]
    DEFAULT_CSS = """
    SetupScreen #setup-body { height: 1fr; }
    SetupScreen #intro { width: 1fr; padding: 0 1; }
    SetupScreen #form { width: 1fr; padding: 0 1; height: auto; }
    SetupScreen Label { margin-top: 1; }
    SetupScreen #start { margin-top: 1; width: 100%; }
    SetupScreen #problem { margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="setup-body"):
            with VerticalScroll(id="intro"):
                yield Markdown(words.text("setup.md"), open_links=False)
            with VerticalScroll(id="form"):
                yield Label("Your name")
                yield Input(placeholder="e.g. Sam", id="name1", max_length=40)
                yield Label("Your partner's name (empty if alone)")
                yield Input(placeholder="e.g. Alex", id="name2", max_length=40)
                yield Label("Time zone")
                yield Input(
                    value=machine_timezone(),
                    id="tz",
                    suggester=SuggestFromList(sorted(available_timezones()), case_sensitive=False),
                )
                yield Button("Start", id="start", variant="primary")
                yield Static(id="problem", classes="error-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#name1", Input).focus()
        self.sub_title = "Welcome"

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
        self.query_one("#problem", Static).update(Text(message))
        self.app.bell()
