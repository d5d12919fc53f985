"""Home: the couple's front page. Who is here, what is waiting, and where to go next."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from companion import words
from companion.screens import navigation
from companion.screens.base import CompanionScreen
from companion.screens.footer import CompanionFooter
from companion.screens.hanging import hang
from companion.screens.home_card import HomeCard
from companion.screens.scroll_area import ScrollArea
from companion.when import couple_zone, format_date

CHROME_ROWS = 6
"""Rows of home around the column of places: the header, the names and the line under them
with the padding above, the body's padding and the footer."""
PLACES_WIDTH = 40
ROOMY_PLACES_WIDTH = 48
"""The column of places, and on a roomy window (App.HORIZONTAL_BREAKPOINTS: -roomy)."""


class HomeScreen(CompanionScreen):
    """Where Companion opens: the cards of what is waiting, and the places to go.

    Each place in screens/navigation.py may give home a card (a HomeCard); a
    card with nothing to say hides itself, and when none has anything to say
    a few words of welcome stand in their place.
    """

    HELP_KEY = "home"
    AREAS = ("profile",)
    BINDINGS = [
        Binding(
            "p",
            "partners",
            "People",
            id="home_partners",
            tooltip="Add your partner, or go on using Companion alone",
        ),
        Binding(
            "t",
            "join",
            "Join the talk",
            id="home_join",
            tooltip="A talk is under way (perhaps on the other screen): join it",
        ),
        *navigation.home_bindings(),
    ]
    DEFAULT_CSS = """
    HomeScreen { align-horizontal: center; }
    HomeScreen #home-top, HomeScreen #home-body { max-width: 120; }
    HomeScreen #home-top { height: auto; padding: 1 2 0 2; }
    HomeScreen #home-who { width: 1fr; height: auto; }
    HomeScreen #today { width: auto; height: auto; color: $text-muted; }
    HomeScreen #names { text-style: bold; color: $text-primary; height: auto; }
    HomeScreen #subtitle { height: auto; padding: 0; }
    HomeScreen #home-body { height: 1fr; padding: 1 1 0 1; }
    HomeScreen #home-news { width: 1fr; height: 1fr; padding: 0 1 0 0; }
    HomeScreen #cards { height: auto; }
    HomeScreen #home-empty {
        height: auto;
        padding: 0 1;
        margin-bottom: 1;
        border: round $foreground 25%;
    }
    HomeScreen #home-empty.-hidden { display: none; }
    HomeScreen #thought {
        height: auto;
        padding: 0 1;
        border: round $foreground 15%;
        border-title-color: $text-muted;
        color: $text-muted;
    }
    HomeScreen.-roomy #home-body { padding: 1 2 0 2; }
    HomeScreen #places-title { text-style: bold; padding: 0 1; color: $text-muted; }
    HomeScreen OptionList { height: auto; border: none; padding: 0; background: transparent; }
    HomeScreen #place-blurb { height: auto; padding: 0 1; color: $text-muted; }
    HomeScreen #place-blurb.-inline, HomeScreen #thought.-none { display: none; }
    HomeScreen.-narrow #home-body { layout: vertical; padding: 0 1; }
    HomeScreen.-narrow #home-top { padding: 0 1; }
    HomeScreen.-narrow #home-places { width: 100%; margin-top: 1; }
    HomeScreen.-short #subtitle, HomeScreen.-short #thought, HomeScreen.-short #places-title,
    HomeScreen.-short #place-blurb {
        display: none;
    }
    HomeScreen.-short #home-body { padding-top: 0; }
    HomeScreen.-short #home-top { padding-top: 0; }
    HomeScreen OptionList:focus { border: none; }
    """ + (
        f"HomeScreen #home-places {{ width: {PLACES_WIDTH}; height: auto; max-height: 100%; }}"
        f"HomeScreen.-roomy #home-places {{ width: {ROOMY_PLACES_WIDTH}; }}"
    )

    def __init__(self) -> None:
        super().__init__()
        self._listed: tuple[int, int] | None = None
        """The rows under "Where to go" and the column's width the places were listed for."""
        self._resumed = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home-top"):
            with Vertical(id="home-who"):
                yield Static(id="names")
                yield Static("", id="subtitle", classes="muted")
            yield Static(id="today")
        with Horizontal(id="home-body"):
            with ScrollArea(id="home-news"):
                yield Vertical(id="cards")  # filled after the first frame (_add_cards)
                yield Static(id="home-empty")
                yield Static(id="thought")
            with Vertical(id="home-places"):
                yield Static("Where to go", id="places-title")
                yield OptionList(id="areas")
                yield Static(id="place-blurb")
        yield CompanionFooter()

    def on_mount(self) -> None:
        # Before layout, the rows are the window's less home's usual top and bottom; once
        # laid out (long names take two lines) they are measured (_refit_places).
        guess = 0 if self.has_class("-narrow") else self.app.size.height - CHROME_ROWS - 1
        self._list_places(guess, self._places_room_guess())
        # After every layout (a resize, names that wrap, a taller header): the list again
        # if its rows or width changed.
        self.screen_layout_refresh_signal.subscribe(self, lambda _screen: self._refit_places())
        self._show_today()
        self.query_one("#areas", OptionList).focus()
        self.refresh_data()
        # While the app starts, Textual holds every frame until the app itself has mounted,
        # and a screen's after-refresh callbacks run before that first frame is written;
        # asked from the app's queue (which runs once the app has mounted), they wait for it.
        self.app.call_later(self.call_after_refresh, self._add_cards)

    def on_screen_resume(self) -> None:
        # Shown again: in case the callback above was lost (Textual gives after-refresh
        # callbacks to the screen on top, and one that leaves before its next idle drops
        # them: a window opened too small, then enlarged at once). Not on the first
        # showing, which comes before the first frame.
        if self._resumed:
            self._add_cards()
        self._resumed = True

    def _add_cards(self) -> None:
        """The cards come after home's first frame: they are hidden until their reads (in
        threads) come back anyway, and importing and mounting them, with their reads beside
        it, made the first frame ~40 ms later (bench/NOTES.md)."""
        cards = self.query_one("#cards", Vertical)
        if not cards.children:
            cards.mount_all(navigation.cards())

    def on_resize(self) -> None:
        self._show_today()

    def _show_today(self) -> None:
        self.query_one("#today", Static).update(
            format_date(self.clock.now(), couple_zone(self.profile))
        )

    def _places_room_guess(self) -> int:
        """The width of the column of places before it is laid out, from the size classes
        the screen was born with (App.get_default_screen), so that the list is made once."""
        if self.has_class("-narrow"):
            return self.app.size.width - 2  # the whole width, less the body's padding
        return ROOMY_PLACES_WIDTH if self.has_class("-roomy") else PLACES_WIDTH

    def _refit_places(self) -> None:
        """Laid out: the list again only if the rows under "Where to go" or the column's
        width are not what it was made for."""
        room = self.query_one("#home-places").content_region.width or PLACES_WIDTH
        body = self.query_one("#home-body").content_region.height
        rows = 0 if self.has_class("-narrow") or not body else body - 1
        if (rows, room) != self._listed:
            self._list_places(rows, room)

    def _list_places(self, rows: int, room: int) -> None:
        """One line per place. When the window has the rows to show every place with its
        blurb hung under its name, that way; else the highlighted place's blurb shows under
        the list (a list that scrolled would hide the last places, Safety among them)."""
        self._listed = (rows, room)
        areas = self.query_one("#areas", OptionList)
        highlighted = areas.highlighted
        areas.clear_options()
        places = navigation.listed()
        width = max(len(place.key) for place in places)
        named = []
        for place in places:
            lead = Text.assemble(" " * (width - len(place.key) + 1), (place.key, "bold"), "  ")
            named.append((place, lead, Text.assemble(lead, (place.title, "bold"))))
        tall = not self.has_class("-narrow") and rows >= 2 * len(places)
        blurbs: dict[str, Text] = {}
        if tall:
            for place, lead, _label in named:
                blurb = Text(place.blurb, style="dim")
                # Narrower than the column by a scrollbar's width: were one to show for a
                # moment (a resize), the list would otherwise re-wrap, grow and keep it.
                blurbs[place.id] = hang([(" " * lead.cell_len, blurb)], room - 3)
            tall = sum(1 + len(blurb.plain.splitlines()) for blurb in blurbs.values()) <= rows
        for place, _lead, label in named:
            if tall:
                label.append("\n")
                label.append_text(blurbs[place.id])
            areas.add_option(Option(label, id=place.id))
        areas.highlighted = highlighted if highlighted is not None else 0
        self.query_one("#place-blurb").set_class(tall, "-inline")
        self._show_blurb()

    @on(OptionList.OptionHighlighted, "#areas")
    def _show_blurb(self) -> None:
        areas = self.query_one("#areas", OptionList)
        blurb = ""
        if areas.highlighted is not None:
            option = areas.get_option_at_index(areas.highlighted)
            blurb = navigation.get(option.id or "home").blurb
        self.query_one("#place-blurb", Static).update(Text(blurb))

    def refresh_data(self) -> None:
        profile = self.profile
        names = self.query_one("#names", Static)
        subtitle = self.query_one("#subtitle", Static)
        if profile is None:
            names.update("")
            return
        solo = profile.solo
        names.update(Text(profile.names))
        subtitle.update(
            "Using Companion on your own." if solo else "Looking after each other, together."
        )
        tips = words.tips("thoughts", solo)
        thought = self.query_one("#thought", Static)
        thought.border_title = "A thought for today"
        day = self.clock.now().toordinal()
        thought.update(Text(tips[day % len(tips)] if tips else ""))
        thought.set_class(not tips, "-none")
        home = words.for_people(words.data("areas.toml")["home"], solo)
        self.query_one("#home-empty", Static).update(Text(home["empty"]))
        self._cards_changed()

    @on(HomeCard.Drawn)
    def _cards_changed(self) -> None:
        """Welcome words stand in for the cards while none of them has anything to say."""
        quiet = all(card.has_class("-empty") for card in self.query(HomeCard))
        self.query_one("#home-empty").set_class(not quiet, "-hidden")

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            await self.run_action(f"app.{navigation.get(event.option.id).run}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "join":  # shown only while a talk is under way; else t is the Talk place
            # By the card's id, not its class: importing the talk card here put the talk's
            # records on the path to home's first frame.
            return any(getattr(card, "joinable", False) for card in self.query("#card-talk"))
        return True

    async def action_join(self) -> None:
        await self.app.run_action("app.area('talk')")

    async def action_card(self, place_id: str, action: str) -> None:
        """A key a place gives home (navigation.HomeKey): its card takes the step."""
        for card in self.query(f"#card-{place_id}"):
            await card.run_action(action)

    def action_partners(self) -> None:
        from companion.screens.partners import PartnersScreen

        if self.profile is not None:
            self.app.push_screen(PartnersScreen())
