"""Our top three: each writes up to three things unseen, then both lists side by side.

Works at one keyboard (the screen asks who is writing, and hides each entry as
it is typed) and in two terminals (each partner writes in their own; both see
the lists once the second is in, through the agenda's change signal).
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, ContentSwitcher, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from companion import words
from companion.agenda import ITEMS_MAX, TopThree, rounds
from companion.errors import StoreError
from companion.screens.base import CompanionScreen
from companion.screens.footer import CompanionFooter


def _words() -> dict[str, str]:
    return words.data("agenda/words.toml")["top_three"]


class TopThreeScreen(CompanionScreen):
    """One round of our top three, as the disk holds it."""

    HELP_KEY = "top_three"
    AREAS = ("agenda", "profile")
    BINDINGS = [
        Binding(
            "ctrl+f",
            "finish",
            "Finish",
            id="top_three_finish",
            tooltip="End this round (what you put on the agenda stays there)",
        ),
    ]
    DEFAULT_CSS = """
    TopThreeScreen #tt-intro { padding: 0 1; height: auto; }
    TopThreeScreen ContentSwitcher { height: 1fr; }
    TopThreeScreen #tt-pick { padding: 1 1 0 1; height: auto; }
    TopThreeScreen #tt-write { padding: 1 1 0 1; height: 1fr; }
    TopThreeScreen #tt-who { height: auto; margin-top: 1; }
    TopThreeScreen #tt-who Button { margin-right: 2; }
    TopThreeScreen #tt-write Input { margin-top: 1; background: $boost; }
    TopThreeScreen #tt-write Input:focus { background-tint: $primary 25%; }
    TopThreeScreen #tt-done { margin-top: 1; }
    TopThreeScreen #tt-reveal { height: 1fr; padding: 0 1; }
    TopThreeScreen #tt-lists { height: auto; }
    TopThreeScreen .tt-column { width: 1fr; height: auto; }
    TopThreeScreen .tt-column OptionList { height: auto; max-height: 8; }
    TopThreeScreen .tt-name { text-style: bold; padding: 1 1 0 1; }
    TopThreeScreen #tt-finish { margin-top: 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.round: TopThree | None = None
        """The round as the disk last returned it (None before anyone has written)."""
        self.writer: int | None = None
        """Who is writing at this keyboard now."""
        self._busy = False

    @property
    def partners(self) -> tuple[str, ...]:
        """Who writes a list: the names in the profile."""
        return self.profile.partners if self.profile is not None else ()

    def compose(self) -> ComposeResult:
        w = _words()
        yield Header()
        yield Static(id="tt-intro", classes="tip")
        with ContentSwitcher(id="tt-views", initial="tt-pick"):
            with Vertical(id="tt-pick"):
                yield Static(id="tt-status")
                yield Static(w["who"], id="tt-who-label")
                with Horizontal(id="tt-who"):
                    for index, name in enumerate(self.partners):
                        yield Button(Text(f"I'm {name}"), id=f"tt-who-{index}", variant="primary")
            with VerticalScroll(id="tt-write"):
                yield Static(id="tt-write-label")
                for index in range(ITEMS_MAX):
                    yield Input(id=f"tt-item-{index}", placeholder=f"{index + 1}.", compact=True)
                yield Static(id="tt-problem", classes="error-text")
                yield Button(w["done"], id="tt-done", variant="primary")
            with VerticalScroll(id="tt-reveal"):
                yield Static(id="tt-reveal-text")
                with Horizontal(id="tt-lists"):
                    for index, name in enumerate(self.partners):
                        with Vertical(classes="tt-column"):
                            yield Static(Text(name), id=f"tt-name-{index}", classes="tt-name")
                            yield OptionList(id=f"tt-list-{index}")
                yield Static(w["add_hint"], classes="tip")
                yield Button(w["finish"], id="tt-finish")
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.sub_title = _words()["title"]
        self.refresh_data()

    # -- reading ----------------------------------------------------------------------------
    def refresh_data(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="top-three")
    def _load(self) -> None:
        try:
            found = rounds.current_round(self.store)
        except StoreError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error", markup=False)
            return
        self.app.call_from_thread(self._show, found)

    # -- drawing -----------------------------------------------------------------------------
    def _show(self, round_: TopThree | None) -> None:
        self.round = round_
        profile = self.profile
        if profile is None:
            return
        w = _words()
        solo = profile.solo
        intro = self.query_one("#tt-intro", Static)
        intro.update(Text(w["intro_solo" if solo else "intro"]))
        intro.display = round_ is None or not round_.revealed
        mine = self.companion.seat.index_in(profile.partners)  # a screen of one's own
        writing = round_ is None or not round_.revealed
        if (solo or mine is not None) and self.writer is None and writing:
            self.writer = mine or 0
        switcher = self.query_one(ContentSwitcher)
        if round_ is not None and round_.revealed:
            self.writer = None
            self._reveal(round_)
            switcher.current = "tt-reveal"
        elif self.writer is not None and (round_ is None or not round_.done[self.writer]):
            self._write(profile.partners[self.writer], solo)
            switcher.current = "tt-write"
        else:
            self.writer = None
            self._pick(profile.partners, round_)
            switcher.current = "tt-pick"
        self.refresh_bindings()

    def _pick(self, partners: tuple[str, ...], round_: TopThree | None) -> None:
        w = _words()
        done = round_.done if round_ is not None else [False] * len(partners)
        status = Text()
        for name, finished in zip(partners, done, strict=False):
            if finished:
                status.append(f"{name}'s list is in. ", style="bold")
        waiting = [name for name, finished in zip(partners, done, strict=False) if not finished]
        seat = self.companion.seat
        if any(done) and waiting:
            said = (
                "handover" if seat.together else "waiting"
            )  # on one's own screen, nothing to pass
            status.append("\n" + w[said].format(name=waiting[0]))
        self.query_one("#tt-who-label").display = seat.together
        self.query_one("#tt-status", Static).update(status)
        entering = self.query_one(ContentSwitcher).current != "tt-pick"
        first = None
        for index, finished in enumerate(done):
            for button in self.query(f"#tt-who-{index}"):
                button.display = not finished and seat.may_see(partners[index])
                first = first or (None if finished else button)
        focused = self.focused
        lost = focused is None or not focused.display  # e.g. the button of whoever just finished
        if first is not None and (entering or lost):
            self.call_after_refresh(first.focus)

    def _write(self, name: str, solo: bool) -> None:
        w = _words()
        label = self.query_one("#tt-write-label", Static)
        entering = self.query_one(ContentSwitcher).current != "tt-write"
        hidden = self.companion.seat.hides_typing(self.partners)
        text = Text(
            w["write_solo"] if solo else f"{name}: " + w["write" if hidden else "write_own"]
        )
        label.update(text)
        if entering:
            for index in range(ITEMS_MAX):
                field = self.query_one(f"#tt-item-{index}", Input)
                field.value = ""
                # hidden as it is typed from someone beside you; on one's own screen, shown
                field.password = self.companion.seat.hides_typing(self.partners)
            self.query_one("#tt-problem", Static).update("")
            self.call_after_refresh(self.query_one("#tt-item-0", Input).focus)

    def _reveal(self, round_: TopThree) -> None:
        w = _words()
        self.query_one("#tt-reveal-text", Static).update(Text("" if round_.solo else w["reveal"]))
        for index in range(min(len(round_.partners), len(self.partners))):
            options = self.query_one(f"#tt-list-{index}", OptionList)
            items = round_.shown(index) or []
            labels = []
            for number, item in enumerate(items):
                label = Text(item)
                if round_.on_both(index, number):
                    label.append("  (on both lists)", style="italic")
                if round_.is_added(index, number):
                    label.append("  ✓ on the agenda", style="italic")
                labels.append(Option(label, id=f"{index}:{number}"))
            highlighted = options.highlighted
            options.clear_options()
            options.add_options(labels)
            if labels:
                options.highlighted = min(highlighted or 0, len(labels) - 1)
        if not isinstance(self.focused, OptionList):
            self.call_after_refresh(self.query_one("#tt-list-0", OptionList).focus)

    # -- keys and buttons --------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "finish":
            return self.round is not None and self.round.is_open
        return True

    @on(Button.Pressed, "#tt-who Button")
    def _who(self, event: Button.Pressed) -> None:
        button_id = event.button.id or ""
        writer = int(button_id.removeprefix("tt-who-"))
        if not self.companion.seat.may_see(self.partners[writer]):
            return  # the other's list is written on their own screen
        self.writer = writer
        self._show(self.round)

    @on(Input.Submitted)
    async def _next_field(self, event: Input.Submitted) -> None:
        index = int((event.input.id or "tt-item-0").removeprefix("tt-item-"))
        if index + 1 < ITEMS_MAX:
            self.query_one(f"#tt-item-{index + 1}", Input).focus()
        else:
            await self._done()

    @on(Button.Pressed, "#tt-done")
    async def _done(self) -> None:
        writer = self.writer
        if writer is None or self._busy:
            return
        items = [self.query_one(f"#tt-item-{i}", Input).value for i in range(ITEMS_MAX)]
        round_id = self.round.id if self.round is not None else None
        self._busy = True
        try:
            saved = await self.save(
                "agenda",
                rounds.write_list,
                self.store,
                round_id,
                writer,
                items,
                self.clock.now(),
                refused=lambda message: self.query_one("#tt-problem", Static).update(Text(message)),
            )
        finally:
            self._busy = False
        if saved is not None:
            for i in range(ITEMS_MAX):
                self.query_one(f"#tt-item-{i}", Input).value = ""
            self.writer = None
            self._show(saved)

    @on(OptionList.OptionSelected)
    async def _add(self, event: OptionList.OptionSelected) -> None:
        round_ = self.round
        if round_ is None or self._busy or not event.option.id:
            return
        partner, item = (int(part) for part in event.option.id.split(":"))
        if round_.is_added(partner, item):
            self.notify("That one is on the agenda already.", timeout=3)
            return
        self._busy = True
        try:
            saved = await self.save(
                "agenda", rounds.add_item, self.store, round_.id, partner, item, self.clock.now()
            )
        finally:
            self._busy = False
        if saved is not None:
            round_after, issue = saved
            self.notify(f"On the agenda: {issue.title}", timeout=3, markup=False)
            self._show(round_after)

    @on(Button.Pressed, "#tt-finish")
    async def action_finish(self) -> None:
        round_ = self.round
        if round_ is None or self._busy:
            return
        saved = await self.save(
            "agenda", rounds.close_round, self.store, round_.id, self.clock.now()
        )
        if saved is not None:
            self.round = None
            self.app.pop_screen()
