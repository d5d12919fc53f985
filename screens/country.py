"""A small choice of country, so the Safety page lists that country's help lines first."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from companion import helplines
from companion.screens.base import CompanionModal


class CountryScreen(CompanionModal):
    """Dismisses with the chosen country code ("other" for somewhere else), or None."""

    HELP_KEY = "safety"
    BINDINGS = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="country_cancel",
            tooltip="Keep the country as it was",
        ),
    ]
    DEFAULT_CSS = """
    CountryScreen OptionList { height: auto; max-height: 12; border: none; margin: 1 0 0 0; }
    """

    def __init__(self, current: str = "") -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Where are you?", classes="title")
            yield Static(
                "The help lines for the country you choose come first. "
                "It is saved with Companion's settings, which anyone using "
                "this Companion can see.",
                classes="tip",
            )
            choices = helplines.load().choices()
            yield OptionList(
                *(Option(Text(name), id=code) for code, name in choices), id="country-list"
            )

    def on_mount(self) -> None:
        listing = self.query_one("#country-list", OptionList)
        codes = [code for code, _ in helplines.load().choices()]
        listing.highlighted = codes.index(self.current) if self.current in codes else 0
        listing.focus()

    @on(OptionList.OptionSelected, "#country-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
