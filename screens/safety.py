"""F2 from anywhere: what to do if anyone is not safe."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Markdown

from companion import guide
from companion.screens.base import CompanionScreen


class SafetyScreen(CompanionScreen):
    """The safety page, one key from every screen, with nothing else on it."""

    HELP_KEY = "safety"
    BINDINGS = [
        Binding("escape,f2", "close", "Close", id="safety_close", tooltip="Back to where you were"),
    ]
    DEFAULT_CSS = """
    SafetyScreen #safety-text { padding: 0 2; }
    """

    def compose(self) -> ComposeResult:
        section = guide.get("safety")
        with VerticalScroll(id="safety-text"):
            yield Markdown(section.text if section else "", open_links=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#safety-text").focus()

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.prevent_default()
        target = guide.resolve_link(event.href)
        if target:
            self.dismiss()
            self.companion.open_guide(target)

    def action_close(self) -> None:
        self.dismiss()
