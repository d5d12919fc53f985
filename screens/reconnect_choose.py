"""Choosing a daily ritual: one of the ideas in content/, or a few words of one's own."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from companion.reconnect import records as reconnect
from companion.reconnect.parts import RITUAL_MAX, ritual_ideas
from companion.screens.base import CompanionModal
from companion.screens.reconnect_views import say


class ChooseRitual(CompanionModal):
    """Pick an idea (enter) or write one's own (enter in the field); the step saves it."""

    HELP_KEY = "reconnect"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="ritual_cancel", tooltip="Close without choosing"),
    ]
    DEFAULT_CSS = """
    ChooseRitual .dialog { height: auto; max-height: 100%; }
    ChooseRitual OptionList { height: auto; max-height: 10; border: none; padding: 0; }
    ChooseRitual.-short OptionList { max-height: 6; }
    ChooseRitual Input { background: $boost; margin-top: 0; }
    ChooseRitual Input:focus { background-tint: $primary 25%; }
    ChooseRitual #ritual-own-label { margin-top: 1; height: auto; }
    ChooseRitual #ritual-buttons { height: auto; margin-top: 1; }
    ChooseRitual #ritual-buttons Button { margin-right: 2; }
    """

    def __init__(self, who: int, name: str) -> None:
        super().__init__()
        self.who = who
        self.person = name
        self._busy = False

    def compose(self) -> ComposeResult:
        w = say("rituals", self.profile.solo if self.profile else False)
        with VerticalScroll(classes="dialog"):
            yield Static(Text(w["choose_title"].format(name=self.person)), classes="title")
            options = []
            for idea in ritual_ideas():
                label = Text(idea.title, style="bold")
                label.append("\n" + idea.about, style="dim")
                options.append(Option(label, id=idea.id))
            yield OptionList(*options, id="ritual-ideas")
            yield Static(Text(w["own"]), id="ritual-own-label")
            yield Input(id="ritual-own", max_length=RITUAL_MAX, compact=True)
            yield Static(id="ritual-problem", classes="error-text")
            with Horizontal(id="ritual-buttons"):
                yield Button("Choose my own", id="ritual-save", variant="primary")
                yield Button("Cancel", id="ritual-cancel")

    def on_mount(self) -> None:
        self.query_one("#ritual-ideas", OptionList).focus()

    @on(OptionList.OptionSelected, "#ritual-ideas")
    async def _idea(self, event: OptionList.OptionSelected) -> None:
        await self._save("", event.option.id)

    @on(Input.Submitted, "#ritual-own")
    @on(Button.Pressed, "#ritual-save")
    async def _own(self) -> None:
        await self._save(self.query_one("#ritual-own", Input).value, None)

    async def _save(self, what: str, idea: str | None) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            saved = await self.save(
                "reconnect",
                reconnect.choose_ritual,
                self.store,
                self.who,
                what,
                self.clock.now(),
                idea,
                refused=lambda message: self.query_one("#ritual-problem", Static).update(
                    Text(message)
                ),
            )
        finally:
            self._busy = False
        if saved is not None:
            self.dismiss(True)

    @on(Button.Pressed, "#ritual-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
