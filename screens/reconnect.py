"""Reconnect: our picture, a daily ritual each, things to try, and "the hurt is with me today".

One keyboard or two terminals: each writes their picture apart (at one
keyboard the screen asks who is writing, and the other's stays hidden until
both are in); a ritual is marked done with one key; b says the hurt is back
today, keeping only the date, and opens the comfort guide.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button, ContentSwitcher, Header, OptionList, Static, Tab, Tabs, TextArea

from companion.errors import StoreError
from companion.reconnect import records as reconnect
from companion.reconnect.parts import card, local_day
from companion.reconnect.records import Together
from companion.screens.base import CompanionScreen
from companion.screens.footer import CompanionFooter
from companion.screens.form_dialog import Field, FormDialog
from companion.screens.reconnect_comfort import hurt_is_back
from companion.screens.reconnect_views import DeckView, PictureView, RitualsView, say
from companion.when import couple_zone

VIEWS = ("picture", "rituals", "deck")


def _binding(key: str, action: str, words: str, tip: str, show: bool = True) -> Binding:
    name = action.replace("('", "_").replace("')", "")  # view('deck') -> view_deck
    return Binding(key, action, words, id=f"reconnect_{name}", tooltip=tip, show=show)


class ReconnectScreen(CompanionScreen):
    """A view of the reconnect area; every rule it follows is in companion.reconnect."""

    HELP_KEY = "reconnect"
    AREAS = ("reconnect", "profile")
    BINDINGS = [
        _binding(
            "b", "back_today", "Hurt is back", "Say, with no words, the hurt is with me today"
        ),
        _binding("w", "write", "Write", "Write your picture of a good ordinary week"),
        _binding("d", "done", "Done today", "Mark this ritual done today (again: not done)"),
        _binding("c", "choose", "Choose", "Choose a daily ritual, from ideas or your own"),
        _binding("y", "tried", "We did this", "Mark this idea as tried, with a note"),
        _binding("ctrl+s", "save_picture", "Save", "Save your picture"),
        _binding("escape", "cancel", "Cancel", "Stop writing; nothing is saved"),
        _binding("1", "view('picture')", "Picture", "Our picture", show=False),
        _binding("2", "view('rituals')", "Rituals", "Daily rituals", show=False),
        _binding("3", "view('deck')", "Try", "Things to try together", show=False),
    ]
    DEFAULT_CSS = """
    ReconnectScreen #rc-back { display: none; }
    ReconnectScreen #rc-back.-today { display: block; }
    ReconnectScreen Tabs { margin: 0 1; }
    ReconnectScreen ContentSwitcher { height: 1fr; margin-top: 1; }
    ReconnectScreen.-short ContentSwitcher { margin-top: 0; }
    ReconnectScreen.-short #pic-text { height: 5; }
    ReconnectScreen.-short #deck-intro { display: none; }
    ReconnectScreen.-narrow #pic-page { layout: vertical; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.state: Together | None = None
        """What the disk last returned."""
        self.view = "picture"
        self.writer: int | None = None
        """Who is writing their picture at this keyboard now."""
        self.picking = False
        """Asking who is writing (at one keyboard, for a couple)."""
        self._page_seen: str | None = None
        """The shared page when asking began: a newer one (revealed here or in the other
        terminal) ends the asking."""
        self._busy = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="rc-back", classes="banner")
        yield Tabs(*(Tab("", id=f"tab-{view}") for view in VIEWS), id="rc-tabs")
        with ContentSwitcher(id="rc-views", initial="picture"):
            yield PictureView(id="picture")
            yield RitualsView(id="rituals")
            yield DeckView(id="deck")
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.sub_title = "Reconnect"
        self.refresh_data()

    @property
    def solo(self) -> bool:
        return self.profile.solo if self.profile is not None else False

    @property
    def today(self) -> date:
        """The couple's day now (from the profile in memory: no read on the event loop)."""
        return local_day(self.clock.now(), couple_zone(self.profile))

    # -- reading ---------------------------------------------------------------------------
    def refresh_data(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="reconnect")
    def _load(self) -> None:
        try:
            found = reconnect.together(self.store)
        except StoreError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error", markup=False)
            return
        self.app.call_from_thread(self._show, found)

    # -- drawing ----------------------------------------------------------------------------
    def _show(self, state: Together | None = None) -> None:
        if state is not None:
            self.state = state
        state, profile = self.state, self.profile
        if state is None or profile is None:
            return
        w = say("screen", profile.solo)
        tabs = self.query_one(Tabs)
        for view, label in zip(VIEWS, w["tabs"], strict=True):
            number = VIEWS.index(view) + 1
            tabs.query_one(f"#tab-{view}", Tab).label = Text(f"{number} {label}")
        today = self.today
        banner = self.query_one("#rc-back", Static)
        back = state.back_on(today) is not None
        banner.set_class(back, "-today")
        banner.update(Text(w["back_today"]) if back else "")
        if profile.solo and self.picking:
            self.picking, self.writer = False, 0
        page_id = state.page.id if state.page is not None else None
        if self.picking and page_id != self._page_seen:
            self.picking = False  # both are in now: the new page is shown
        self.query_one(PictureView).show(state, profile, self.writer, self.picking)
        self.query_one(RitualsView).show(state, profile, today)
        self.query_one(DeckView).show(state, profile)
        switcher = self.query_one(ContentSwitcher)
        if switcher.current != self.view:
            switcher.current = self.view
            tabs.active = f"tab-{self.view}"
            self._focus_view()
        elif self.picking and not self._on_a_writer():
            self._focus_view()  # e.g. whoever just finished: their button has gone
        self.refresh_bindings()

    def _focus_view(self) -> None:
        if self.view == "rituals":
            self.call_after_refresh(self.query_one("#rit-list", OptionList).focus)
        elif self.view == "deck":
            self.call_after_refresh(self.query_one("#deck-list", OptionList).focus)
        elif self.writer is not None:
            self.call_after_refresh(self.query_one("#pic-text", TextArea).focus)
        elif self.picking:
            self.call_after_refresh(self._focus_first_writer)
        else:
            self.call_after_refresh(self.query_one(PictureView).focus)

    def _on_a_writer(self) -> bool:
        focused = self.focused
        return focused is not None and (focused.id or "").startswith("pic-who") and focused.display

    def _focus_first_writer(self) -> None:
        first = next((b for b in self.query("#pic-who Button") if b.display), None)
        if first is not None and self.picking:
            first.focus()

    # -- keys -------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        writing = self.writer is not None
        if action in ("save_picture", "cancel"):
            return writing or (action == "cancel" and self.picking)
        if action == "write":
            return self.view == "picture" and not writing and not self.picking
        if action in ("done", "choose"):
            return self.view == "rituals"
        if action == "tried":
            return self.view == "deck"
        if action == "back_today":
            return not writing
        return True

    @on(Tabs.TabActivated)
    def _tab(self, event: Tabs.TabActivated) -> None:
        view = (event.tab.id or "tab-picture").removeprefix("tab-")
        if view != self.view:
            self.action_view(view)

    def action_view(self, view: str) -> None:
        if view not in VIEWS or (self.writer is not None and view != "picture"):
            return
        self.view = view
        self.picking = False
        self._show()

    async def action_back_today(self) -> None:
        """The hurt is with me today: one key, no words; only the date is kept."""
        if self._busy:
            return
        self._busy = True
        try:
            await hurt_is_back(self)
        finally:
            self._busy = False

    def _ask_who(self) -> None:
        self.picking = True
        state = self.state
        self._page_seen = state.page.id if state is not None and state.page else None

    def action_write(self) -> None:
        if self.solo:
            self.writer = 0
        else:
            self._ask_who()
        self._show()
        self._focus_view()

    @on(Button.Pressed, "#pic-who Button")
    def _who(self, event: Button.Pressed) -> None:
        self.writer = int((event.button.id or "pic-who-0").removeprefix("pic-who-"))
        self.picking = False
        self.query_one("#pic-text", TextArea).text = ""
        self.query_one("#pic-problem", Static).update("")
        self._show()
        self._focus_view()

    @on(Button.Pressed, "#pic-cancel")
    def action_cancel(self) -> None:
        self.writer = None
        self.picking = False
        self.query_one("#pic-text", TextArea).text = ""
        self._show()
        self._focus_view()

    @on(Button.Pressed, "#pic-save")
    async def action_save_picture(self) -> None:
        writer = self.writer
        if writer is None or self._busy:
            return
        text = self.query_one("#pic-text", TextArea).text
        self._busy = True
        try:
            saved = await self.save(
                "reconnect",
                reconnect.write_picture,
                self.store,
                writer,
                text,
                self.clock.now(),
                refused=lambda message: self.query_one("#pic-problem", Static).update(
                    Text(message)
                ),
            )
        finally:
            self._busy = False
        if saved is not None:
            self.query_one("#pic-text", TextArea).text = ""  # gone before the next one writes
            self.writer = None
            if not saved.revealed and not self.solo:
                self._ask_who()  # the other's turn (the page, if any, stays until both are in)
            else:
                self.picking = False
            self._load()
            self._focus_view()

    async def action_done(self) -> None:
        state, who = self.state, self.query_one(RitualsView).chosen
        if state is None or who is None or self._busy:
            return
        ritual = state.rituals.get(who)
        if ritual is None:
            self.action_choose()
            return
        self._busy = True
        try:
            await self.save(
                "reconnect",
                reconnect.mark_ritual,
                self.store,
                who,
                self.clock.now(),
                not ritual.done_on(self.today),
            )
        finally:
            self._busy = False

    @on(OptionList.OptionSelected, "#rit-list")
    async def _ritual_selected(self) -> None:
        await self.action_done()

    def action_choose(self) -> None:
        who = self.query_one(RitualsView).chosen
        profile = self.profile
        if who is None or profile is None or who >= len(profile.partners):
            return
        from companion.screens.reconnect_choose import ChooseRitual

        self.app.push_screen(ChooseRitual(who, profile.partners[who]))

    @on(OptionList.OptionSelected, "#deck-list")
    def _card_selected(self) -> None:
        self.action_tried()

    def action_tried(self) -> None:
        card_id = self.query_one(DeckView).chosen
        if card_id is None:
            return
        w = say("deck", self.solo)

        async def submit(values: dict[str, str]) -> str | None:
            problem: list[str] = []
            saved = await self.save(
                "reconnect",
                reconnect.we_did_this,
                self.store,
                card_id,
                self.clock.now(),
                values["note"],
                refused=problem.append,
            )
            return None if saved is not None else (problem[0] if problem else "Not saved.")

        title = card(card_id).title
        self.app.push_screen(
            FormDialog(
                f"{w['did_title']}: {title}",
                [Field("note", "Note", "", "optional", max_length=1000)],
                submit,
                ok=w["did_title"],
                about=w["note_label"],
            )
        )
