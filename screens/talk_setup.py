"""The form that starts a talk: topic, who speaks first, and how long the turns last."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from companion.profile import Settings
from companion.talk import PRESET_LABELS, TOPIC_MAX


class TalkSetup(VerticalScroll):
    """Collects what a talk needs; the talk screen checks it with the domain rules."""

    DEFAULT_CSS = """
    TalkSetup { padding: 0 1; }
    TalkSetup Label { margin-top: 1; }
    TalkSetup #setup-choices { height: auto; }
    TalkSetup RadioSet { width: 1fr; }
    TalkSetup #custom { height: auto; display: none; }
    TalkSetup #custom.-shown { display: block; }
    TalkSetup #custom Input { width: 12; }
    TalkSetup #custom Label { margin: 1 1 0 1; }
    TalkSetup #begin { margin-top: 1; }
    """

    class Ready(Message):
        """The couple pressed Begin."""

        def __init__(
            self, topic: str, first: int, preset: str, speak: str, paraphrase: str
        ) -> None:
            super().__init__()
            self.topic = topic
            self.first = first
            self.preset = preset
            self.speak = speak
            self.paraphrase = paraphrase

    def __init__(self, partners: tuple[str, ...], settings: Settings) -> None:
        super().__init__(id="talk-setup")
        self.partners = partners
        self.settings = settings

    def compose(self) -> ComposeResult:
        yield Label("What is this talk about? One topic, in a few words.")
        yield Input(placeholder="e.g. how we spend Sundays", id="topic", max_length=TOPIC_MAX)
        with Horizontal(id="setup-choices"):
            with RadioSet(id="first"):
                for index, name in enumerate(self.partners):
                    yield RadioButton(Text(f"{name} speaks first"), value=index == 0)
            with RadioSet(id="preset"):
                for key, label in PRESET_LABELS.items():
                    yield RadioButton(label, value=key == self.settings.turn_preset, name=key)
                yield RadioButton(
                    "My own lengths", value=self.settings.turn_preset == "custom", name="custom"
                )
        with Horizontal(id="custom"):
            yield Label("Speak (min)")
            yield Input(str(self.settings.custom_speak_minutes), id="speak", type="integer")
            yield Label("Paraphrase (min)")
            yield Input(
                str(self.settings.custom_paraphrase_minutes), id="paraphrase", type="integer"
            )
        yield Button("Begin", id="begin", variant="primary")
        yield Static(id="setup-problem", classes="error-text")

    def on_mount(self) -> None:
        self._show_custom()
        self.query_one("#topic", Input).focus()

    @property
    def preset(self) -> str:
        pressed = self.query_one("#preset", RadioSet).pressed_button
        return pressed.name if pressed is not None and pressed.name else "short"

    @on(RadioSet.Changed, "#preset")
    def _show_custom(self) -> None:
        self.query_one("#custom").set_class(self.preset == "custom", "-shown")

    @on(Input.Submitted, "#topic")
    def _topic_done(self) -> None:
        self.query_one("#first", RadioSet).focus()

    @on(Input.Submitted, "#speak, #paraphrase")
    @on(Button.Pressed, "#begin")
    def _begin(self) -> None:
        first = self.query_one("#first", RadioSet).pressed_index
        self.post_message(
            self.Ready(
                topic=self.query_one("#topic", Input).value,
                first=max(first, 0),
                preset=self.preset,
                speak=self.query_one("#speak", Input).value,
                paraphrase=self.query_one("#paraphrase", Input).value,
            )
        )

    def show_problem(self, message: str) -> None:
        self.query_one("#setup-problem", Static).update(Text(message))
