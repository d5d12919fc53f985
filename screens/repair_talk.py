"""Start a talk for a repair: the talk's own setup form, the topic filled in, and the right
partner speaking first (the hurt partner about the account; the other for the apology)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, RadioButton, RadioSet, Static

from companion.profile import save_settings
from companion.repair import Repair
from companion.repair import records as repair_records
from companion.repair.words import said
from companion.screens.base import CompanionModal
from companion.screens.talk_setup import TalkSetup


class StartRepairTalk(CompanionModal):
    """How long the turns are; dismisses with the talk started and linked to the repair, or None."""

    HELP_KEY = "talk"
    BINDINGS = [
        Binding("escape", "close", "Close", id="repair_talk_close", tooltip="Back to the repair")
    ]
    DEFAULT_CSS = """
    StartRepairTalk .dialog { height: auto; max-height: 100%; }
    StartRepairTalk TalkSetup { height: auto; padding: 0; }
    """

    def __init__(self, repair: Repair, purpose: str) -> None:
        super().__init__()
        self.repair = repair
        self.purpose = purpose
        self._busy = False

    @property
    def first(self) -> int:
        """Who speaks first: the hurt partner about the account, the other for the apology."""
        hurt = self.repair.hurt_partner
        return hurt if self.purpose == repair_records.HEARING else 1 - hurt

    def compose(self) -> ComposeResult:
        words = said()["talk"]
        hearing = self.purpose == repair_records.HEARING
        names = {"hurt": self.repair.hurt_name, "amends": self.repair.amends_name}
        with Vertical(classes="dialog"):
            yield Static(words["title" if hearing else "apology_title"], classes="title")
            intro = words["intro" if hearing else "apology_intro"].format(**names)
            yield Static(Text(intro), classes="tip")
            if self.profile is not None:
                yield TalkSetup(self.profile.partners, self.profile.settings)

    def on_mount(self) -> None:
        words = said()["talk"]
        topic = words["topic" if self.purpose == repair_records.HEARING else "apology_topic"]
        self.query_one("#topic", Input).value = topic
        first = self.query_one("#first", RadioSet)
        buttons = list(first.query(RadioButton))
        if self.profile is not None and self.first < len(buttons):
            wanted = self.repair.partners[self.first].casefold()
            for button, name in zip(buttons, self.profile.partners, strict=False):
                if name.casefold() == wanted:
                    button.value = True  # the set lets the other go
            first.disabled = True  # the rule decides who speaks first here
        self.query_one("#begin").focus()

    @on(TalkSetup.Ready)
    async def _begin(self, event: TalkSetup.Ready) -> None:
        profile = self.profile
        setup = self.query_one(TalkSetup)
        if profile is None or profile.solo or self._busy:
            return
        talk = event.new_talk(profile, self.clock.now())
        if talk is None:
            return
        self._busy = True
        try:
            await self.save("profile", save_settings, self.store, profile.settings)
            saved = await self.save(
                "repair",
                repair_records.open_talk,
                self.store,
                self.repair.id,
                talk,
                self.purpose,
                self.clock.now(),
                refused=setup.show_problem,
            )
        finally:
            self._busy = False
        if saved is not None:
            self.dismiss(saved)

    def action_close(self) -> None:
        self.dismiss(None)
