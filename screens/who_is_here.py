"""Who is at this screen? Asked once when a terminal starts and nobody has said whose it is."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, OptionList, Static
from textual.widgets.option_list import Option

from companion import words
from companion.profile import remember_login
from companion.screens.base import CompanionModal
from companion.screens.ticks import Tick
from companion.together import BOTH, HERE_TOGETHER, Seat, seat_named


class WhoIsHereScreen(CompanionModal):
    """One partner, or both of you at one keyboard; dismisses with the Seat (None: not now)."""

    HELP_KEY = "who_is_here"
    BINDINGS = [
        Binding(
            "escape",
            "close",
            "Not now",
            id="who_close",
            tooltip="Decide later: this screen is for both of you until then",
        ),
    ]
    DEFAULT_CSS = """
    WhoIsHereScreen #who-text { margin-bottom: 1; }
    WhoIsHereScreen #who-choices { height: auto; border: none; padding: 0; }
    WhoIsHereScreen #who-remember { margin-top: 1; }
    WhoIsHereScreen #who-remember-help { color: $text-muted; }
    """

    def __init__(self, login: str | None) -> None:
        super().__init__()
        self.login = login
        self.words = words.data("together.toml")["who"]

    def compose(self) -> ComposeResult:
        said = self.words
        profile = self.profile
        partners = profile.partners if profile is not None else ()
        with VerticalScroll(classes="dialog", can_focus=False):
            yield Static(said["title"], classes="title")
            yield Static(said["text"], id="who-text")
            options = [Option(Text(said["person"].format(name=n)), id=n) for n in partners]
            options.append(Option(said["both"], id=BOTH))
            yield OptionList(*options, id="who-choices")
            if self.login:
                remember = Tick(
                    Text(said["remember"].format(login=self.login)), id="who-remember", compact=True
                )
                remember.tooltip = said["remember_help"]
                yield remember
                yield Static(said["remember_help"], id="who-remember-help")

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        current = self.companion.seat.person or BOTH
        choices.highlighted = next((i for i, o in enumerate(choices.options) if o.id == current), 0)
        choices.focus()

    @on(OptionList.OptionSelected, "#who-choices")
    async def chosen(self, event: OptionList.OptionSelected) -> None:
        profile = self.profile
        who = event.option.id or BOTH
        seat: Seat = seat_named(profile.partners, who) if profile is not None else HERE_TOGETHER
        remember = self.query("#who-remember")
        if self.login and remember and remember.first(Checkbox).value:
            await self.save("profile", remember_login, self.store, self.login, who)
        self.dismiss(seat)

    def action_close(self) -> None:
        self.dismiss(None)
