"""Home: the couple's names and the areas of Companion."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from companion import words
from companion.screens import navigation
from companion.screens.base import CompanionScreen


class HomeScreen(CompanionScreen):
    """Where Companion opens: who is here, what is waiting, and where to go."""

    HELP_KEY = "home"
    AREAS = ("profile",)
    DEFAULT_CSS = """
    HomeScreen #names { text-style: bold; color: $text-primary; padding: 1 1 0 1; height: auto; }
    HomeScreen #cards { height: auto; }
    HomeScreen OptionList { height: auto; max-height: 1fr; border: none; padding: 0 1; }
    HomeScreen #home-body { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home-body"):
            yield Static(id="names")
            yield Static("", id="subtitle", classes="muted tip")
            with Vertical(id="cards"):
                yield from navigation.cards()
            yield OptionList(id="areas")
            yield Static(id="tip", classes="tip")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        areas = self.query_one("#areas", OptionList)
        for place in navigation.listed():
            label = Text.assemble(
                (f"{place.key:>7}  ", "bold"), (f"{place.title:<14}", "bold"), place.blurb
            )
            areas.add_option(Option(label, id=place.id))
        tips = words.tips("home")
        self.query_one("#tip", Static).update(Text(f"Tip: {tips[0]}" if tips else ""))
        areas.focus()
        self.refresh_data()

    def refresh_data(self) -> None:
        profile = self.profile
        names = self.query_one("#names", Static)
        subtitle = self.query_one("#subtitle", Static)
        if profile is None:
            names.update("")
            return
        names.update(Text(profile.names))
        subtitle.update(
            "Using Companion on your own."
            if profile.solo
            else "Looking after each other, together."
        )

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            await self.run_action(f"app.{navigation.get(event.option.id).run}")
