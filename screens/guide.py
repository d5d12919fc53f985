"""The guide: contents, a reader, search across every section, and links between them."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Header, Input, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from companion import guide
from companion.screens.base import CompanionScreen
from companion.screens.footer import CompanionFooter
from companion.screens.links import LinksScreen
from companion.screens.reader import MATCH, Reader
from companion.screens.right_now import RightNow


class GuideScreen(CompanionScreen):
    """Read the guidance behind Companion, one section at a time."""

    HELP_KEY = "guide"
    SUB_TITLE = "Guide"
    BINDINGS = [
        Binding(
            "slash,ctrl+f", "search", "Search", id="guide_search", tooltip="Search the whole guide"
        ),
        Binding("c", "contents", "Contents", id="guide_contents", tooltip="Back to the contents"),
        Binding("l", "links", "Links", id="guide_links", tooltip="Follow a link on this page"),
        Binding(
            "r",
            "read",
            "Read",
            id="guide_read",
            show=False,
            tooltip="Move to the text to scroll it",
        ),
    ]
    DEFAULT_CSS = """
    GuideScreen #guide-body { height: 1fr; }
    GuideScreen #guide-side { width: 32; border-right: vkey $foreground 20%; }
    GuideScreen #guide-side OptionList { height: 1fr; border: none; }
    GuideScreen #guide-search { margin: 0; }
    GuideScreen #guide-results-label { height: auto; padding: 0 1; color: $text-muted; }
    GuideScreen #guide-reader { width: 1fr; padding: 0 1; }
    GuideScreen #guide-reader:focus { background-tint: $foreground 4%; }
    GuideScreen.-narrow #guide-side { width: 24; }
    """

    section_id: reactive[str] = reactive("welcome", init=False)
    """The section being read."""

    def __init__(self) -> None:
        super().__init__()
        self._hits: list[guide.Hit] = []
        self._opened: guide.Hit | None = None
        """The search result being read: its words are marked, and the page opens at it."""
        self._drawing = asyncio.Lock()
        self._showing = 0
        """How many pages have been asked for: only the latest is drawn."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="guide-body"):
            with Vertical(id="guide-side"):
                yield Input(placeholder="Search the guide", id="guide-search")
                yield Static(id="guide-results-label")
                yield OptionList(id="guide-list")
            with VerticalScroll(id="guide-reader"):
                yield RightNow(id="guide-right-now")  # shown above the safety section only
                yield Reader(id="guide-text", open_links=False)
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.show_contents()
        self._render_section()
        self.query_one("#guide-list", OptionList).focus()

    # -- contents and search -------------------------------------------------
    def show_contents(self) -> None:
        listing = self.query_one("#guide-list", OptionList)
        listing.clear_options()
        self._hits = []
        for section in guide.sections():
            listing.add_option(Option(Text(section.title), id=f"s:{section.id}"))
        self.query_one("#guide-results-label", Static).update("Contents")
        index = next((i for i, s in enumerate(guide.sections()) if s.id == self.section_id), 0)
        listing.highlighted = index

    def show_results(self, query: str) -> None:
        listing = self.query_one("#guide-list", OptionList)
        if not query.strip():
            self.show_contents()
            return
        listing.clear_options()
        hits = guide.search(query)
        self._hits = hits
        label = self.query_one("#guide-results-label", Static)
        label.update(
            Text(f"{len(hits)} found for “{query}”" if hits else f"Nothing found for “{query}”")
        )
        for number, hit in enumerate(hits):
            snippet = Text(hit.snippet)
            snippet.highlight_words(hit.words, MATCH, case_sensitive=False)
            row = Text.assemble((hit.section.title, "bold"), "\n", snippet)
            listing.add_option(Option(row, id=f"h{number}:{hit.section.id}"))
        if hits:
            listing.highlighted = 0

    @on(Input.Changed, "#guide-search")
    def search_as_you_type(self, event: Input.Changed) -> None:
        self.show_results(event.value)

    @on(Input.Submitted, "#guide-search")
    def go_to_results(self) -> None:
        self.query_one("#guide-list", OptionList).focus()

    @on(OptionList.OptionSelected, "#guide-list")
    def open_option(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        kind, _, section = option_id.partition(":")
        hit = self._hits[int(kind[1:])] if kind.startswith("h") else None
        self._open(section, hit)
        self.query_one("#guide-reader").focus()

    # -- reading ------------------------------------------------------------
    def show(self, section_id: str) -> None:
        """Open a section by id (used by help, safety and links)."""
        if guide.get(section_id) is None:
            return
        if self.is_mounted:
            self._open(section_id)
        else:
            self.set_reactive(GuideScreen.section_id, section_id)

    def _open(self, section_id: str, hit: guide.Hit | None = None) -> None:
        """Read a section: at the top, or at a search result with its words marked."""
        self._opened = hit
        if section_id == self.section_id:
            self._render_section()  # the same page, opened at another place
        else:
            self.section_id = section_id

    def watch_section_id(self) -> None:
        self._render_section()

    def _render_section(self) -> None:
        section = guide.get(self.section_id) or guide.sections()[0]
        right_now = self.query_one("#guide-right-now", RightNow)
        right_now.display = section.id == "safety"
        if right_now.display:
            right_now.country = self.profile.settings.country if self.profile else ""
        self._showing += 1
        self.run_worker(self._show_page(section.text, self._opened, self._showing), group="page")

    async def _show_page(self, text: str, hit: guide.Hit | None, asked: int) -> None:
        """Pages are drawn one at a time and never cancelled half-way (a Markdown update
        cancelled mid-mount leaves blocks that never finish mounting; the check-in's body
        hung that way); a page asked for and overtaken by the next is skipped."""
        async with self._drawing:
            if asked != self._showing:
                return
            await self._draw_page(text, hit)

    async def _draw_page(self, text: str, hit: guide.Hit | None) -> None:
        reader = self.query_one("#guide-reader", VerticalScroll)
        page = self.query_one("#guide-text", Reader)
        await page.update(text)
        reader.scroll_home(animate=False)
        if hit is None:
            return
        block = page.mark(hit.words)
        if block is not None:
            self.call_after_refresh(reader.scroll_to_widget, block, animate=False, top=True)

    @on(Markdown.LinkClicked)
    def follow_link(self, event: Markdown.LinkClicked) -> None:
        event.prevent_default()
        self._follow(guide.Link(event.href, event.href))

    def _follow(self, link: guide.Link | None) -> None:
        if link is None:
            return
        if link.section is None:
            self.notify(f"That link leads outside Companion: {link.href}", markup=False)
        else:
            self._open(link.section)

    # -- keys -----------------------------------------------------------------
    def action_search(self) -> None:
        self.query_one("#guide-search", Input).focus()

    def action_contents(self) -> None:
        self.query_one("#guide-search", Input).value = ""
        self.show_contents()
        self.query_one("#guide-list", OptionList).focus()

    def action_read(self) -> None:
        self.query_one("#guide-reader").focus()

    def action_links(self) -> None:
        section = guide.get(self.section_id) or guide.sections()[0]
        self.app.push_screen(LinksScreen(guide.links_of(section), section.title), self._follow)
