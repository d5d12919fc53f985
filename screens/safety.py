"""F2 from anywhere: what to do if anyone is not safe, the help lines first."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from companion import guide
from companion.profile import save_settings
from companion.screens.base import CompanionScreen
from companion.screens.country import CountryScreen
from companion.screens.footer import CompanionFooter
from companion.screens.links import LinksScreen
from companion.screens.reader import Reader
from companion.screens.right_now import RightNow


class SafetyScreen(CompanionScreen):
    """The safety page, one key from every screen: "Right now" on top, then the long text."""

    ROLE = "safety"
    HELP_KEY = "safety"
    AREAS = ("profile",)
    BINDINGS = [
        Binding("escape,f2", "close", "Close", id="safety_close", tooltip="Back to where you were"),
        Binding("l", "links", "Links", id="safety_links", tooltip="Follow a link on this page"),
        Binding(
            "c",
            "country",
            "Country",
            id="safety_country",
            tooltip="Choose your country, so its help lines come first",
        ),
    ]
    DEFAULT_CSS = """
    SafetyScreen #safety-text { padding: 0 1 0 2; scrollbar-size-vertical: 1; }
    SafetyScreen #safety-text:focus { background-tint: $foreground 4%; }
    SafetyScreen #right-now { margin: 0 0 1 0; }
    """

    def compose(self) -> ComposeResult:
        section = guide.get("safety")
        with VerticalScroll(id="safety-text"):
            yield RightNow(id="right-now")
            yield Reader(section.text if section else "", open_links=False)
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#safety-text").focus()

    def refresh_data(self) -> None:
        profile = self.profile
        self.query_one(RightNow).country = profile.settings.country if profile else ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "country":
            return self.profile is not None  # before setup there is nowhere to keep it
        return True

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.prevent_default()
        self._follow(guide.Link(event.href, event.href))

    def _follow(self, link: guide.Link | None) -> None:
        if link is None:
            return
        if link.section is None:
            self.notify(f"That link leads outside Companion: {link.href}", markup=False)
            return
        self.dismiss()
        self.companion.open_guide(link.section)

    def action_links(self) -> None:
        section = guide.get("safety")
        if section is not None:
            self.app.push_screen(LinksScreen(guide.links_of(section), section.title), self._follow)

    def action_close(self) -> None:
        self.dismiss()

    def action_country(self) -> None:
        if self.profile is not None:
            self.app.push_screen(CountryScreen(self.profile.settings.country), self._chosen)

    async def _chosen(self, code: str | None) -> None:
        profile = self.profile
        if code is None or profile is None or code == profile.settings.country:
            return
        profile.settings.country = code
        await self.save("profile", save_settings, self.store, profile.settings)
        self.refresh_data()
