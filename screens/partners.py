"""Adding a partner, or going on alone, without leaving the app."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from companion import words
from companion.profile import NAME_MAX, Profile, change_partners
from companion.screens.base import CompanionModal
from companion.screens.confirm import ConfirmScreen


class PartnersScreen(CompanionModal):
    """Alone: a name to add. Together: who stays, after a question. The names are checked
    as setup checks them (companion.profile.change_partners)."""

    HELP_KEY = "partners"
    AREAS = ("profile",)
    BINDINGS = [
        Binding("escape", "close", "Close", id="partners_close", tooltip="Change nothing"),
    ]
    DEFAULT_CSS = """
    PartnersScreen #partners-text { margin-bottom: 1; }
    PartnersScreen Input { margin-bottom: 1; }
    PartnersScreen #partners-buttons { height: auto; }
    PartnersScreen #partners-buttons Button { margin-right: 1; }
    PartnersScreen #partners-problem { margin-top: 1; }
    PartnersScreen #partners-problem.-empty { display: none; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.words = words.data("partners.toml")

    def compose(self) -> ComposeResult:
        profile = self.profile
        with VerticalScroll(classes="dialog", can_focus=False):
            if profile is None:
                return
            if profile.solo:
                said = self.words["add"]
                yield Static(said["title"], classes="title")
                yield Static(
                    Text(said["text"].format(name=profile.partners[0])), id="partners-text"
                )
                yield Label(said["label"])
                yield Input(id="partner-name", max_length=NAME_MAX)
                with Horizontal(id="partners-buttons"):
                    yield Button(said["button"], id="partners-add", variant="primary")
                    yield Button("Cancel", id="partners-cancel")
            else:
                said = self.words["alone"]
                yield Static(said["title"], classes="title")
                yield Static(Text(said["text"].format(names=profile.names)), id="partners-text")
                with Horizontal(id="partners-buttons"):
                    for index, name in enumerate(profile.partners):
                        yield Button(
                            Text(said["button"].format(name=name)), id=f"partners-keep{index}"
                        )
                    yield Button("Cancel", id="partners-cancel", variant="primary")
            yield Static(id="partners-problem", classes="error-text -empty")

    def on_mount(self) -> None:
        if self.query("#partner-name"):
            self.query_one("#partner-name", Input).focus()
        elif self.query("#partners-cancel"):
            self.query_one("#partners-cancel", Button).focus()

    def _problem(self, message: str) -> None:
        problem = self.query_one("#partners-problem", Static)
        problem.update(Text(message))
        problem.set_class(not message, "-empty")
        if message:
            self.app.bell()

    async def _save(self, names: list[str], done: str) -> None:
        saved: Profile | None = await self.save(
            "profile", change_partners, self.store, names, refused=self._problem
        )
        if saved is None:
            return
        self.notify(
            done.format(name=saved.partners[-1] if not saved.solo else saved.partners[0]),
            markup=False,
        )
        self.dismiss(saved)

    @on(Input.Submitted, "#partner-name")
    @on(Button.Pressed, "#partners-add")
    async def add(self) -> None:
        profile = self.profile
        if profile is None:
            return
        name = self.query_one("#partner-name", Input).value
        await self._save([profile.partners[0], name], self.words["add"]["done"])

    @on(Button.Pressed, "#partners-keep0, #partners-keep1")
    def keep(self, event: Button.Pressed) -> None:
        profile = self.profile
        if profile is None:
            return
        name = profile.partners[int((event.button.id or "0")[-1])]
        said = self.words["alone"]

        async def answered(sure: bool | None) -> None:
            if sure:
                await self._save([name], said["done"])

        self.app.push_screen(
            ConfirmScreen(
                said["question"].format(name=name), yes=said["yes"].format(name=name), no="Not now"
            ),
            answered,
        )

    @on(Button.Pressed, "#partners-cancel")
    def action_close(self) -> None:
        self.dismiss(None)
