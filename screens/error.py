"""Shown when a data file cannot be used: which file, why, and what to do. Nothing is touched."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from companion.errors import StoreError
from companion.screens.base import CompanionScreen
from companion.screens.footer import CompanionFooter


class ErrorScreen(CompanionScreen):
    """The data could not be opened safely, so Companion stops here and says why."""

    ROLE = "error"
    HELP_KEY = "error"
    BINDINGS = [
        Binding("r", "retry", "Try again", id="error_retry", tooltip="Check the files again"),
    ]
    DEFAULT_CSS = """
    ErrorScreen #error-body { padding: 1 2; }
    ErrorScreen #error-message { height: auto; margin-bottom: 1; }
    """

    def __init__(self, error: StoreError) -> None:
        super().__init__()
        self.error = error

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="error-body"):
            yield Static("Companion stopped before changing anything.", classes="title")
            yield Static(Text(self.error.message), id="error-message")
            yield Static(
                "Your other files are safe. When you have dealt with the file above, "
                "press r to try again, or ctrl+q to leave.",
                classes="muted",
            )
        yield CompanionFooter()

    def action_retry(self) -> None:
        self.app.pop_screen()
        self.companion.call_after_refresh(self.companion.start)
