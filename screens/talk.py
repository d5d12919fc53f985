"""Talk: speaker/listener turns with a countdown, prompts for each role, and a record."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button, Checkbox, ContentSwitcher, Footer, Header, Static

from companion import talks, words
from companion.profile import save_settings
from companion.screens.base import CompanionScreen
from companion.screens.confirm import ConfirmScreen
from companion.screens.talk_setup import TalkSetup
from companion.screens.talk_views import ClosingView, LiveView, PausedView, RulesView
from companion.store import StoreError
from companion.talk import PRESETS, Phase, Talk, TalkError, custom_lengths

TICK_SECONDS = 0.1
VIEWS = {
    Phase.GROUND_RULES: "talk-rules",
    Phase.SPEAKING: "talk-live",
    Phase.PARAPHRASE: "talk-live",
    Phase.CONFIRM: "talk-live",
    Phase.CLOSING: "talk-closing",
}


class TalkScreen(CompanionScreen):
    """A view of one talk; every rule it follows is in companion.talk."""

    HELP_KEY = "talk"
    BINDINGS = [
        Binding("space", "next", "Next", id="talk_next", tooltip="Done: move on to the next step"),
        Binding(
            "y",
            "answer(True)",
            "Yes",
            id="talk_yes",
            tooltip="Yes, that's it: the paraphrase was right",
        ),
        Binding(
            "n",
            "answer(False)",
            "No",
            id="talk_no",
            tooltip="Not quite: say the part that was missed",
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
    TalkScreen ContentSwitcher { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.talk: Talk | None = None
        self._rung: tuple | None = None
        self._seen_version = -1

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="talk-topic")
        with ContentSwitcher(id="talk-views"):
            yield Static(id="talk-solo", classes="tip")
            yield RulesView(id="talk-rules")
            yield LiveView(id="talk-live")
            yield ClosingView(id="talk-closing")
            yield PausedView(id="talk-paused")
        yield Static(id="talk-tip", classes="tip")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Talk"
        self.set_interval(TICK_SECONDS, self.tick)

    # -- data ---------------------------------------------------------------
    def refresh_data(self) -> None:
        """Adopt the talk on disk, unless this process still has writes on the way."""
        self._seen_version = self.companion.data_version
        if self.companion.saver.pending:
            return
        try:
            self.talk = talks.active_talk(self.store)
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
        if talk is None:
            topic.update("")
            self._show_setup(switcher)
        else:
            topic.update(Text.assemble("Talking about: ", (talk.topic, "")))
            view = "talk-paused" if talk.paused else VIEWS.get(talk.phase, "talk-closing")
            self._unfocus_hidden(switcher, view)
            entering = switcher.current != view
            switcher.current = view
            self.query_one(f"#{view}").show(talk)
            if entering and view == "talk-rules":
                self.query_one("#agree0").focus()
            self._tip(talk.phase.value)
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
            self.query_one("#talk-solo", Static).update(
                Text(words.data("areas.toml")["solo"]["talk"])
            )
            switcher.current = "talk-solo"
            return
        if not self.query("#talk-setup"):
            switcher.mount(TalkSetup(profile.partners, profile.settings))
        switcher.current = "talk-setup"
        self._tip("talk_setup")

    def _tip(self, key: str) -> None:
        tips = words.tips(key)
        self.query_one("#talk-tip", Static).update(Text(f"Tip: {tips[0]}" if tips else ""))

    def tick(self) -> None:
        """Repaint the countdown and ring once when a turn's time is up."""
        if self.companion.data_version != self._seen_version:
            self.refresh_data()
            return
        talk = self.talk
        if talk is None or talk.phase not in VIEWS or talk.paused:
            return
        now = self.clock.now()
        remaining = talk.remaining(now)
        self.query_one(LiveView).tick(talk, remaining)
        key = (talk.phase, talk.speaker, len(talk.turns), talk.deadline)
        if talk.time_up(now) and self._rung != key:
            self._rung = key
            if self.profile is None or self.profile.settings.bell:
                self.app.bell()

    # -- keys -----------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        talk = self.talk
        if action == "bell":
            return self.profile is not None
        if talk is None:
            return False
        if action == "next":
            if talk.paused:
                return True
            if talk.phase is Phase.GROUND_RULES:
                return talk.rules_agreed or None
            if talk.phase is Phase.CONFIRM:
                return False  # y or n answers here
            return talk.can("advance") or None
        if action == "answer":
            return talk.can("confirm" if parameters[0] else "clarify")
        if action == "end":
            return talk.can("end") or None
        return True

    def _do(self, verb: str, *args: object) -> None:
        """Take a step: shown at once, then applied to the talk as it is on disk.

        If the other terminal moved first and the step no longer applies, the
        saver says why and the screen re-reads the disk.
        """
        if self.talk is None:
            return
        now = self.clock.now()
        shown = Talk.from_dict(self.talk.to_dict())
        try:
            getattr(shown, verb)(now, *args)
        except TalkError as exc:
            self.notify(str(exc), markup=False)
            return
        self.talk = shown
        self.companion.persist(talks.apply, self.store, shown.id, verb, now, *args)
        self.render_talk()

    def action_next(self) -> None:
        talk = self.talk
        if talk is None:
            return
        if talk.paused:
            self._do("resume")
        elif talk.phase is Phase.GROUND_RULES and not talk.rules_agreed:
            self.notify("Both of you tick that you agree to the rules first.")
        else:
            ended = talk.phase is Phase.CLOSING
            self._do("advance")
            if ended and self.talk and self.talk.phase is Phase.ENDED:
                self.notify("The talk is saved in the history.", title="Thank you both")
                self.talk = None
                self.render_talk()

    def action_answer(self, yes: bool) -> None:
        self._do("confirm" if yes else "clarify")

    def action_end(self) -> None:
        def decided(sure: bool | None) -> None:
            if sure:
                self._do("end")

        self.app.push_screen(
            ConfirmScreen("End this talk now? You will see a summary before it is saved."),
            decided,
        )

    def action_bell(self) -> None:
        profile = self.profile
        if profile is None:
            return
        profile.settings.bell = not profile.settings.bell
        self.companion.persist(save_settings, self.store, profile.settings)
        self.notify(
            "The bell will ring when time is up."
            if profile.settings.bell
            else "The bell is off; the screen still changes when time is up."
        )

    # -- widgets ------------------------------------------------------------
    @on(TalkSetup.Ready)
    def begin(self, event: TalkSetup.Ready) -> None:
        profile = self.profile
        setup = self.query_one(TalkSetup)
        if profile is None or profile.solo:
            return
        try:
            if event.preset == "custom":
                lengths = custom_lengths(_minutes(event.speak), _minutes(event.paraphrase))
            else:
                lengths = PRESETS[event.preset]
            talk = Talk.new(
                event.topic, profile.partners, event.first, lengths, event.preset, self.clock.now()
            )
        except TalkError as exc:
            setup.show_problem(str(exc))
            return
        profile.settings.remember_turns(event.preset, lengths)
        self.companion.persist(save_settings, self.store, profile.settings)
        self.talk = talk
        self.companion.persist(talks.start_talk, self.store, talk)
        setup.remove()
        self.render_talk()

    @on(Button.Pressed, "#rules-begin")
    def rules_agreed(self) -> None:
        if self.talk is not None and self.talk.rules_agreed:
            self._do("agree_rules")

    @on(Button.Pressed, "#live-timeout")
    async def timeout_button(self) -> None:
        await self.app.run_action("app.timeout")

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        talk = self.talk
        partner = {"agree0": 0, "agree1": 1}.get(event.checkbox.id or "")
        if talk is None or partner is None or talk.phase is not Phase.GROUND_RULES:
            return
        if talk.agreed[partner] != event.value:
            self._do("agree", partner, event.value)


def _minutes(raw: str) -> int:
    try:
        return int(raw.strip())
    except ValueError:
        raise TalkError("Turn lengths are whole minutes, from 1 to 30.") from None
