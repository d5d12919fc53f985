"""Start a talk about an issue on the agenda: the talk's own setup form, the topic filled in."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from companion import words
from companion.agenda import Issue
from companion.profile import save_settings
from companion.screens.base import CompanionModal
from companion.screens.talk_setup import TalkSetup
from companion.talk import records as talk_records


class StartTalkScreen(CompanionModal):
    """Who speaks first and how long the turns are; dismisses with the talk started, linked
    to the issue (the agenda then switches to the talk), or None."""

    HELP_KEY = "talk"
    BINDINGS = [
        Binding("escape", "close", "Close", id="agenda_talk_close", tooltip="Back to the agenda")
    ]
    DEFAULT_CSS = """
    StartTalkScreen .dialog { height: auto; max-height: 100%; }
    StartTalkScreen TalkSetup { height: auto; padding: 0; }
    """

    def __init__(self, issue: Issue) -> None:
        super().__init__()
        self.issue = issue
        self._busy = False

    def compose(self) -> ComposeResult:
        text = words.data("agenda/words.toml")["talk"]
        profile = self.profile
        with Vertical(classes="dialog"):
            yield Static(text["title"], classes="title")
            yield Static(Text(text["intro"]), classes="tip")
            if profile is not None:
                yield TalkSetup(profile.partners, profile.settings)

    def on_mount(self) -> None:
        topic = self.query_one("#topic", Input)
        topic.value = self.issue.title
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
        talk.issue_id = self.issue.id
        self._busy = True
        try:
            await self.save("profile", save_settings, self.store, profile.settings)
            saved = await self.save(
                "talks", talk_records.start_talk, self.store, talk, refused=setup.show_problem
            )
        finally:
            self._busy = False
        if saved is None:
            return
        self.dismiss(saved)

    def action_close(self) -> None:
        self.dismiss(None)
