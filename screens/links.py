"""The links of a page, to follow with the keyboard (a mouse click works too)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from companion.guide import Link
from companion.screens.base import CompanionModal


class LinksScreen(CompanionModal):
    """Lists a page's links; Enter follows one. Dismisses with the Link chosen, or None."""

    HELP_KEY = "guide"
    BINDINGS = [
        Binding("escape,l", "close", "Close", id="links_close", tooltip="Back to the page"),
    ]
    DEFAULT_CSS = """
    LinksScreen OptionList { height: auto; max-height: 16; border: none; margin-top: 1; }
    """

    def __init__(self, links: list[Link], title: str) -> None:
        super().__init__()
        self.links = links
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(f"Links in “{self.title_text}”"), classes="title")
            if not self.links:
                yield Static("This page links nowhere else.", classes="tip")
            options = []
            for index, link in enumerate(self.links):
                where = "" if link.section else "  (outside Companion)"
                options.append(Option(Text.assemble(link.text, (where, "dim")), id=str(index)))
            yield OptionList(*options, id="links-list")

    def on_mount(self) -> None:
        listing = self.query_one("#links-list", OptionList)
        listing.display = bool(self.links)
        if self.links:
            listing.highlighted = 0
            listing.focus()

    @on(OptionList.OptionSelected, "#links-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.links[int(event.option.id or 0)])

    def action_close(self) -> None:
        self.dismiss(None)
