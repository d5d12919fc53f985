"""Talk: speaker/listener turns with a countdown, prompts for each role, and a record."""

from __future__ import annotations

from functools import partial
from typing import cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Checkbox, ContentSwitcher, Header, Static

from companion import words
from companion.errors import StoreError
from companion.profile import save_settings
from companion.screens import alerts
from companion.screens.base import CompanionScreen
from companion.screens.confirm import ConfirmScreen
from companion.screens.footer import CompanionFooter
from companion.screens.partners import PartnersScreen
from companion.screens.talk_setup import TalkSetup
from companion.screens.talk_views import ClosingView, LiveView, PausedView, PhaseView, RulesView
from companion.talk import Phase, Talk, TalkStep
from companion.talk import records as talk_records
from companion.together import step_owner
from companion.when import next_tick

TICK_SECONDS = 0.1
VIEWS = {
    Phase.GROUND_RULES: "talk-rules",
    Phase.SPEAKING: "talk-live",
    Phase.PARAPHRASE: "talk-live",
    Phase.CONFIRM: "talk-live",
    Phase.CLARIFY: "talk-live",
    Phase.CLOSING: "talk-closing",
}
ANSWERS = words.data("talk/prompts.toml")["confirm"]
"""The speaker's two answers, said the same way in the footer and on screen."""


def tip_for(talk: Talk, mine: int | None) -> str:
    """The tips for this phase; on a screen of one's own, for the one not acting, their own."""
    step = TalkStep.CONFIRM if talk.phase is Phase.CONFIRM else TalkStep.ADVANCE
    actor = step_owner(talk, step) if talk.phase in VIEWS else None
    if mine is not None and actor is not None and actor != mine:
        return f"{talk.phase.value}_other"
    return talk.phase.value


class TalkScreen(CompanionScreen):
    """A view of one talk; every rule it follows is in companion.talk."""

    HELP_KEY = "talk"
    SUB_TITLE = "Talk"
    AREAS = ("talks", "profile")
    BINDINGS = [
        Binding("space", "next", "Next", id="talk_next", tooltip="Done: move on to the next step"),
        Binding(
            "y",
            "answer(True)",
            ANSWERS["yes"],
            id="talk_yes",
            tooltip="Your partner got it: the floor passes",
        ),
        Binding(
            "n",
            "answer(False)",
            ANSWERS["no"],
            id="talk_no",
            tooltip="Say just the part that was missed, in a short time",
        ),
        Binding("e", "end", "End", id="talk_end", tooltip="End the talk and save it"),
        Binding(
            "m",
            "bell",
            "Bell on/off",
            id="talk_bell",
            show=False,
            tooltip="Ring or stay quiet when time is up",
        ),
    ]
    DEFAULT_CSS = """
    TalkScreen #talk-topic { height: 1; padding: 0 1; text-style: bold; }
    TalkScreen #talk-tip { height: auto; }
    TalkScreen.-short #talk-tip, TalkScreen.-short Countdown Center { display: none; }
    TalkScreen ContentSwitcher { height: 1fr; }
    TalkScreen #talk-solo { padding: 1 1; height: auto; }
    TalkScreen #talk-solo Button { margin-top: 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.talk: Talk | None = None
        """The talk as the disk last returned it; never changed ahead of the disk."""
        self._rung: tuple | None = None
        self._busy = False
        self._last_left: float | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="talk-topic")
        with ContentSwitcher(id="talk-views"):
            with Vertical(id="talk-solo"):
                yield Static(id="talk-solo-text")
                yield Button("Add your partner", id="talk-add-partner", variant="primary")
            yield RulesView(id="talk-rules")
            yield LiveView(id="talk-live")
            yield ClosingView(id="talk-closing")
            yield PausedView(id="talk-paused")
        yield Static(id="talk-tip", classes="tip")
        yield CompanionFooter()

    def on_mount(self) -> None:
        self._next_tick()
        self.refresh_data()

    def _next_tick(self) -> None:
        """Tick at most TICK_SECONDS apart, and just after each turn of the shown second:
        a fixed 0.1 s beat showed each new second 0-100 ms late, by chance of its phase
        (bench: "shown second, late by")."""
        talk = self.talk
        left = None if talk is None or talk.paused else talk.remaining(self.clock.now())
        delay = next_tick(left, self._last_left, TICK_SECONDS)
        self._last_left = left
        self.set_timer(delay, self._ticked)

    def _ticked(self) -> None:
        self.tick()
        self._next_tick()

    # -- data ---------------------------------------------------------------
    def refresh_data(self) -> None:
        """Show the talk as it is on disk now (this terminal's step, the other's, or the CLI's)."""
        try:
            self.talk = talk_records.active_talk(self.store)
        except StoreError as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        self.render_talk()

    @property
    def holds_keys(self) -> bool:
        """A live talk keeps the area keys (h sits next to y and n); escape leaves on purpose."""
        talk = self.talk
        return talk is not None and not talk.paused and talk.phase is not Phase.ENDED

    # -- drawing --------------------------------------------------------------
    def render_talk(self) -> None:
        talk = self.talk
        switcher = self.query_one(ContentSwitcher)
        topic = self.query_one("#talk-topic", Static)
        topic.display = talk is not None
        if talk is None:
            topic.update("")
            self._show_setup(switcher)
        else:
            self.companion.saw_talk(talk.id)  # shown here: no notice of it elsewhere
            topic.update(Text.assemble("Talking about: ", (talk.topic, "")))
            view = "talk-paused" if talk.paused else VIEWS.get(talk.phase, "talk-closing")
            self._unfocus_hidden(switcher, view)
            entering = switcher.current != view
            switcher.current = view
            mine = self.companion.seat.index_in(talk.partners)  # None: both at this screen
            self.query_one(RulesView).mine = self.query_one(LiveView).mine = mine
            cast(PhaseView, self.query_one(f"#{view}")).show(talk)
            if entering and view == "talk-rules":
                self.query_one(f"#agree{mine or 0}").focus()
            self._tip(tip_for(talk, mine))
        self.tick()
        self.refresh_bindings()

    def _unfocus_hidden(self, switcher: ContentSwitcher, view: str) -> None:
        """Drop focus held inside a view about to be hidden.

        Textual would hand it to a sibling in the same hidden view, where space
        would tick an unseen checkbox instead of moving the talk on.
        """
        old = switcher.visible_content
        focused = self.focused
        if old is not None and old.id != view and focused is not None and old in focused.ancestors:
            self.set_focus(None)

    def _show_setup(self, switcher: ContentSwitcher) -> None:
        profile = self.profile
        if profile is None or profile.solo:
            self.query_one("#talk-solo-text", Static).update(
                Text(words.data("areas.toml")["solo"]["talk"])
            )
            switcher.current = "talk-solo"
            self._tip("")
            return
        found = self.query(TalkSetup)
        if not found:
            switcher.mount(TalkSetup(profile.partners, profile.settings))
        else:
            found.first().show_partners(profile.partners)  # a partner added or renamed
        switcher.current = "talk-setup"
        self._tip("talk_setup")

    def _tip(self, key: str) -> None:
        tips = words.tips(key) if key else []
        self.query_one("#talk-tip", Static).update(Text(f"Tip: {tips[0]}" if tips else ""))

    def tick(self) -> None:
        """Repaint the countdown and ring once when a turn's time is up."""
        talk = self.talk
        if talk is None or talk.phase not in VIEWS or talk.paused:
            return
        now = self.clock.now()
        remaining = talk.remaining(now)
        self.query_one(LiveView).tick(talk, remaining)
        key = (talk.phase, talk.speaker, len(talk.turns), talk.deadline)
        if talk.time_up(now) and self._rung != key:
            self._rung = key
            alerts.time_up(self.companion, "turn_over")

    # -- keys -----------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        talk = self.talk
        if action == "bell":
            return self.profile is not None
        if talk is None:
            return False
        allowed = talk.allowed(self.clock.now())
        seat = self.companion.seat  # on a screen of one's own, the other's keys are theirs
        if action == "next":
            if talk.paused:
                return True
            if talk.phase is Phase.CONFIRM or not seat.may_take(talk, TalkStep.ADVANCE):
                return False  # y or n answers here; or it is the other screen's key
            return TalkStep.ADVANCE in allowed or None
        if action == "answer":
            step = TalkStep.CONFIRM if parameters[0] else TalkStep.CLARIFY
            return step in allowed and seat.may_take(talk, step)
        if action == "end":
            return TalkStep.END in allowed or None
        return True

    async def _do(self, step: TalkStep, *args: object) -> Talk | None:
        """Take a step on the talk as it is on disk, and show the talk the disk returns.

        One step at a time: a second key while the first is on its way is
        ignored, so a double tap cannot skip the paraphrase. If the other
        terminal moved first, the step is refused with the reason and the
        screen shows the disk.
        """
        talk = self.talk
        moves_on = step is not TalkStep.AGREE  # ticks queue up; moves wait for the last
        if talk is None or (self._busy and moves_on):
            return None
        self._busy = moves_on
        apply = partial(talk_records.apply, expect=talk.phase)
        try:
            saved = await self.save(
                "talks", apply, self.store, talk.id, step, self.clock.now(), *args
            )
        finally:
            if moves_on:
                self._busy = False
        if saved is not None:
            self.talk = saved if saved.is_open else None
            self.render_talk()
        return saved

    async def action_next(self) -> None:
        talk = self.talk
        if talk is None:
            return
        if talk.paused:
            await self._do(TalkStep.RESUME)
        elif talk.phase is Phase.GROUND_RULES and not talk.rules_agreed:
            self.notify("Both of you tick that you agree to the rules first.")
        else:
            saved = await self._do(TalkStep.ADVANCE)
            if saved is not None and saved.phase is Phase.ENDED:
                self.notify("The talk is saved in the history.", title="Thank you both")

    async def action_answer(self, yes: bool) -> None:
        await self._do(TalkStep.CONFIRM if yes else TalkStep.CLARIFY)

    def action_end(self) -> None:
        async def decided(sure: bool | None) -> None:
            if sure:
                await self._do(TalkStep.END)

        self.app.push_screen(
            ConfirmScreen("End this talk now? You will see a summary before it is saved."),
            decided,
        )

    async def action_bell(self) -> None:
        profile = self.profile
        if profile is None:
            return
        profile.settings.bell = not profile.settings.bell
        saved = await self.save("profile", save_settings, self.store, profile.settings)
        if saved is None:
            return
        self.notify(
            "The bell will ring when time is up."
            if saved.bell
            else "The bell is off; the screen still changes when time is up."
        )

    # -- widgets ------------------------------------------------------------
    @on(TalkSetup.Ready)
    async def begin(self, event: TalkSetup.Ready) -> None:
        profile = self.profile
        setup = self.query_one(TalkSetup)
        if profile is None or profile.solo or self._busy:
            return
        talk = event.new_talk(profile, self.clock.now())
        if talk is None:
            return
        self._busy = True
        try:
            await self.save("profile", save_settings, self.store, profile.settings)
            saved = await self.save("talks", talk_records.start_talk, self.store, talk)
        finally:
            self._busy = False
        if saved is None:
            return
        self.talk = saved
        setup.remove()
        self.render_talk()

    @on(Button.Pressed, "#rules-begin")
    async def rules_agreed(self) -> None:
        if self.talk is not None and self.talk.can(TalkStep.BEGIN):
            await self._do(TalkStep.BEGIN)

    @on(Button.Pressed, "#talk-add-partner")
    def add_partner(self) -> None:
        self.app.push_screen(PartnersScreen())

    @on(Button.Pressed, "#live-timeout")
    async def timeout_button(self) -> None:
        await self.app.run_action("app.timeout")

    async def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        talk = self.talk
        partner = {"agree0": 0, "agree1": 1}.get(event.checkbox.id or "")
        if talk is None or partner is None or talk.phase is not Phase.GROUND_RULES:
            return
        if not self.companion.seat.may_take(talk, TalkStep.AGREE, partner):
            return  # the other partner's tick, ticked on their own screen
        if talk.agreed[partner] != event.value:
            await self._do(TalkStep.AGREE, partner, event.value)
