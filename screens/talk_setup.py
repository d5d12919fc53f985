"""The form that starts a talk: topic, who speaks first, and how long the turns last."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, RadioSet, Static

from companion.profile import Profile, Settings
from companion.screens.hanging import HangingList
from companion.screens.ticks import Choice
from companion.talk import (
    PRESET_LABELS,
    PRESETS,
    TOPIC_MAX,
    Talk,
    TalkError,
    choose_lengths,
    describe_lengths,
)


class TalkSetup(VerticalScroll, can_focus=False):
    """Collects what a talk needs; the talk screen checks it with the domain rules.

    The form scrolls when the window is short, but is not a focus stop of its
    own: Tab goes from field to field, and each shows that it has focus.
    """

    DEFAULT_CSS = """
    TalkSetup { padding: 0 1; }
    TalkSetup .field-label { margin-top: 1; height: auto; }
    TalkSetup #topic-label { margin-top: 0; }
    TalkSetup #setup-choices { height: auto; }
    TalkSetup #setup-choices > Vertical { width: 1fr; height: auto; }
    TalkSetup RadioSet { width: 100%; }
    TalkSetup #lengths-said { height: auto; color: $text-muted; }
    TalkSetup #custom { height: auto; display: none; }
    TalkSetup #custom.-shown { display: block; }
    TalkSetup #custom > Vertical { width: 1fr; height: auto; }
    TalkSetup #custom Input { width: 100%; }
    TalkSetup #begin-row { height: auto; margin-top: 1; }
    TalkSetup #begin { min-width: 20; }
    TalkSetup #setup-problem { width: 1fr; height: auto; padding: 0 1; }
    """

    class Ready(Message):
        """The couple pressed Begin (or Enter on a filled form)."""

        def __init__(
            self, topic: str, first: int, preset: str, speak: str, paraphrase: str, clarify: str
        ) -> None:
            super().__init__()
            self.topic = topic
            self.first = first
            self.preset = preset
            self.speak = speak
            self.paraphrase = paraphrase
            self.clarify = clarify

        def new_talk(self, profile: Profile, now: datetime) -> Talk | None:
            """The talk these choices describe, with the turn lengths remembered in the
            profile's settings (to be saved with the talk); None, the problem shown on the
            form, when a choice cannot be. The same wherever the form is: the talk screen,
            an issue on the agenda, a repair."""
            setup = self.control
            try:
                lengths = choose_lengths(self.preset, self.speak, self.paraphrase, self.clarify)
                talk = Talk.new(self.topic, profile.partners, self.first, lengths, self.preset, now)
            except TalkError as exc:
                if isinstance(setup, TalkSetup):
                    setup.show_problem(str(exc))
                return None
            profile.settings.remember_turns(self.preset, lengths)
            return talk

        @property
        def control(self) -> TalkSetup | None:
            sender = self._sender
            return sender if isinstance(sender, TalkSetup) else None

    def __init__(self, partners: tuple[str, ...], settings: Settings) -> None:
        super().__init__(id="talk-setup")
        self.partners = partners
        self.settings = settings

    def compose(self) -> ComposeResult:
        settings = self.settings
        yield Label(
            "What is this talk about? One topic, in a few words.",
            id="topic-label",
            classes="field-label",
        )
        yield Input(placeholder="e.g. how we spend Sundays", id="topic", max_length=TOPIC_MAX)
        with Horizontal(id="setup-choices"):
            with Vertical():
                yield Label("Who speaks first?", classes="field-label")
                with RadioSet(id="first"):
                    for index, name in enumerate(self.partners):
                        yield Choice(Text(name), value=index == 0)
            with Vertical():
                yield Label("How long are the turns?", classes="field-label")
                with RadioSet(id="preset"):
                    for key, label in PRESET_LABELS.items():
                        yield Choice(label, value=key == settings.turn_preset, name=key)
        yield Static(id="lengths-said")
        with Horizontal(id="custom"):
            for field, label, minutes in (
                ("speak", "Speak", settings.custom_speak_minutes),
                ("paraphrase", "Say it back", settings.custom_paraphrase_minutes),
                ("clarify", "Add what was missed", settings.custom_clarify_minutes),
            ):
                with Vertical():
                    yield Label(label, classes="field-label")
                    yield Input(str(minutes), id=field, type="integer", max_length=2)
        with Horizontal(id="begin-row"):
            yield Button("Begin the talk", id="begin", variant="primary")
            yield HangingList(id="setup-problem", classes="error-text")

    def show_partners(self, partners: tuple[str, ...]) -> None:
        """Name the choices of who speaks first after the names changed."""
        self.partners = partners
        for button, name in zip(self.query("#first Choice"), partners, strict=False):
            button.label = Text(name)  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self._show_custom()
        self.query_one("#topic", Input).focus()

    @property
    def preset(self) -> str:
        pressed = self.query_one("#preset", RadioSet).pressed_button
        return pressed.name if pressed is not None and pressed.name else "short"

    @on(RadioSet.Changed, "#preset")
    def _show_custom(self) -> None:
        custom = self.preset == "custom"
        self.query_one("#custom").set_class(custom, "-shown")
        said = (
            "Choose each length in whole minutes, from 1 to 30."
            if custom
            else describe_lengths(PRESETS[self.preset])
        )
        self.query_one("#lengths-said", Static).update(Text(said))

    @on(Input.Submitted, "#topic, #speak, #paraphrase, #clarify")
    @on(Button.Pressed, "#begin")
    def _begin(self) -> None:
        """Enter in any field of a filled form starts the talk, as Begin does."""
        first = self.query_one("#first", RadioSet).pressed_index
        self.post_message(
            self.Ready(
                topic=self.query_one("#topic", Input).value,
                first=max(first, 0),
                preset=self.preset,
                speak=self.query_one("#speak", Input).value,
                paraphrase=self.query_one("#paraphrase", Input).value,
                clarify=self.query_one("#clarify", Input).value,
            )
        )

    def show_problem(self, message: str) -> None:
        problem = self.query_one("#setup-problem", HangingList)
        problem.set_items([("", message)] if message else [])
        if message:
            # once the message has its height (a refresh after this one), bring the whole
            # last row (Begin and the message) into view
            self.call_after_refresh(self.call_after_refresh, self.scroll_end, animate=False)
