"""A yes/no question before something that cannot be undone."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from companion.screens.base import CompanionModal


class ConfirmScreen(CompanionModal):
    """Asks one question; dismisses with True or False."""

    BINDINGS = [
        Binding(
            "escape",
            "answer(False)",
            "No",
            id="confirm_no",
            tooltip="Go back without changing anything",
        ),
    ]
    DEFAULT_CSS = """
    ConfirmScreen #confirm-buttons { height: auto; margin-top: 1; }
    ConfirmScreen Button { margin-right: 2; }
    """

    def __init__(self, question: str, yes: str = "Yes", no: str = "Not now") -> None:
        super().__init__()
        self.question = question
        self.labels = (yes, no)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question))
            with Horizontal(id="confirm-buttons"):
                yield Button(self.labels[0], id="confirm-yes", variant="primary")
                yield Button(self.labels[1], id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
