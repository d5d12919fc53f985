"""The parts of the talk screen that show one phase each: rules, live turn, closing."""

from __future__ import annotations

from typing import Protocol

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Static

from companion import words
from companion.screens.agenda_closing import AgendaClosing
from companion.screens.countdown import Countdown
from companion.screens.prompt_card import PromptCard
from companion.talk import Phase, Talk, role_prompts
from companion.when import format_countdown, format_duration


def prompts() -> dict:
    return words.data("talk/prompts.toml")


class PhaseView(Protocol):
    """A part of the talk screen that shows the talk in one phase."""

    def show(self, talk: Talk) -> None: ...


class RulesView(VerticalScroll):
    """The ground rules both partners agree to before the first turn."""

    DEFAULT_CSS = """
    RulesView { padding: 0 1; }
    RulesView #rules-agree { height: auto; margin-top: 1; }
    RulesView Checkbox { width: 1fr; }
    RulesView #rules-begin { margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        data = prompts()["ground_rules"]
        yield Static(Text(data["intro"]), classes="tip")
        body = Text()
        for number, rule in enumerate(data["rule"], start=1):
            body.append(f"{number}. {rule['title']}", style="bold")
            body.append(f"  {rule['why']}\n")
        yield Static(body, id="rules-list")
        with Horizontal(id="rules-agree"):
            yield Checkbox(id="agree0")
            yield Checkbox(id="agree1")
        yield Button("Begin the talk", id="rules-begin", variant="primary", disabled=True)

    def show(self, talk: Talk) -> None:
        """Each partner's tick as saved (the other terminal's too), and Begin once both agree."""
        for index, name in enumerate(talk.partners):
            box = self.query_one(f"#agree{index}", Checkbox)
            box.label = Text(f"{name} agrees")
            if box.value != talk.agreed[index]:
                box.value = talk.agreed[index]
        begin = self.query_one("#rules-begin", Button)
        was_disabled = begin.disabled
        begin.disabled = not talk.rules_agreed
        if was_disabled and talk.rules_agreed and isinstance(self.screen.focused, Checkbox):
            begin.focus()


class LiveView(Vertical):
    """A turn in progress: roles, the countdown, and a prompt card for each partner."""

    DEFAULT_CSS = """
    LiveView #live-roles { height: 1; padding: 0 1; }
    LiveView #live-cards { height: auto; }
    LiveView #live-confirm { height: auto; padding: 0 1; text-style: bold; color: $text-primary; display: none; }
    LiveView #live-confirm.-shown { display: block; }
    LiveView #live-timeout { dock: bottom; width: 100%; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="live-roles")
        yield Countdown(id="countdown")
        yield Static(id="live-confirm")
        with Horizontal(id="live-cards"):
            yield PromptCard(id="card0")
            yield PromptCard(id="card1")
        timeout = Button("Time-out (ctrl+t)", id="live-timeout", variant="warning", compact=True)
        timeout.can_focus = False  # space must never press it by accident
        yield timeout

    def show(self, talk: Talk) -> None:
        """Repaint the roles and cards for the current phase (not the ticking part)."""
        data = prompts()
        speaker, listener = talk.speaker_name, talk.listener_name
        roles = Text.assemble(
            (speaker, "bold"),
            " speaks, ",
            (listener, "bold"),
            " listens",
        )
        if talk.phase is Phase.PARAPHRASE:
            roles = Text.assemble(
                (listener, "bold"), " says back what they heard; ", (speaker, "bold"), " listens"
            )
        self.query_one("#live-roles", Static).update(roles)
        confirm = self.query_one("#live-confirm", Static)
        confirm.set_class(talk.phase is Phase.CONFIRM, "-shown")
        if talk.phase is Phase.CONFIRM:
            c = data["confirm"]
            confirm.update(
                Text.assemble(
                    (f"{speaker}: ", "bold"),
                    c["question"],
                    "  ",
                    ("y", "bold reverse"),
                    f" {c['yes']}   ",
                    ("n", "bold reverse"),
                    f" {c['no']}\n",
                    (c["help"], ""),
                )
            )
        speaker_lines, listener_lines = role_prompts(data, talk.phase)
        cards = {
            talk.speaker: ("speaking", speaker_lines, talk.phase is Phase.SPEAKING),
            talk.listener: (
                "listening" if talk.phase is Phase.SPEAKING else "paraphrasing",
                listener_lines,
                talk.phase is not Phase.SPEAKING,
            ),
        }
        for index, (role, lines, active) in cards.items():
            self.query_one(f"#card{index}", PromptCard).set_role(
                talk.partners[index], role, lines, active
            )

    def tick(self, talk: Talk, remaining: float | None) -> None:
        """Repaint the countdown; the status line says what time-up means for each role."""
        data = prompts()["overtime"]
        if talk.phase is Phase.CONFIRM:
            status = "The clock is stopped while you check."
        elif remaining is not None and remaining <= 0:
            if talk.phase is Phase.SPEAKING:
                status = f"{talk.speaker_name}: {data['speaker']}\n{talk.listener_name}: {data['listener']}"
            else:
                status = data["paraphrase"]
        elif talk.phase is Phase.SPEAKING:
            status = f"{talk.speaker_name}: press space when you have finished this part."
        else:
            status = f"{talk.listener_name}: press space when you have said it back."
        self.query_one(Countdown).show(remaining, talk.phase_length(), status, talk.paused)


def summary(talk: Talk, with_topic: bool = True) -> Text:
    """What a finished (or finishing) talk looked like, as plain text."""
    out = Text()
    if with_topic:
        out.append("Topic: ", style="bold")
        out.append(talk.topic + "\n")
    length = talk.duration
    if length is not None:
        out.append("Length: ", style="bold")
        out.append(format_duration(length) + "\n")
    for index, name in enumerate(talk.partners):
        out.append(f"{name} spoke for ", style="")
        out.append(format_duration(talk.speaking_time(index)), style="bold")
        out.append("\n")
    out.append("Exchanges where the speaker felt heard: ", style="")
    out.append(f"{talk.exchanges}\n", style="bold")
    out.append("Time-outs: ")
    out.append(f"{talk.timeouts}\n", style="bold")
    return out


class ClosingView(VerticalScroll):
    """The end of a talk: what happened, and a few things to say before finishing."""

    DEFAULT_CSS = """
    ClosingView { padding: 0 1; }
    ClosingView #closing-prompts { margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="closing-summary")
        yield Static(id="closing-prompts")
        yield AgendaClosing(id="closing-agenda")
        yield Static(
            "Press space to save this talk to the history.", id="closing-tip", classes="tip"
        )

    def show(self, talk: Talk) -> None:
        self.query_one(AgendaClosing).show(talk)  # a talk about an issue closes through the agenda
        self.query_one("#closing-tip").display = talk.issue_id is None
        self.query_one("#closing-summary", Static).update(summary(talk, with_topic=False))
        data = prompts()["closing"]
        body = Text()
        body.append(data["title"] + "\n", style="bold")
        for line in data["prompts"]:
            body.append("• " + line + "\n", style="")
        self.query_one("#closing-prompts", Static).update(body)


class PausedView(Vertical):
    """A talk that was stopped for a time-out (or left when Companion closed)."""

    DEFAULT_CSS = """
    PausedView { padding: 1 2; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="paused-text")

    def show(self, talk: Talk) -> None:
        where = {
            Phase.GROUND_RULES: "reading the ground rules",
            Phase.SPEAKING: f"{talk.speaker_name} speaking",
            Phase.PARAPHRASE: f"{talk.listener_name} saying back what they heard",
            Phase.CONFIRM: f"{talk.speaker_name} checking the paraphrase",
        }.get(talk.phase, "")
        left = talk.remaining(talk.paused_at) if talk.paused_at else None
        text = Text.assemble(
            ("This talk is paused.\n\n", "bold"),
            "Topic: ",
            (talk.topic, "bold"),
            "\n",
            f"It stopped at: {where}",
            f", with {format_countdown(left)} left" if left is not None and left > 0 else "",
            ".\n\nWhen you are both ready, press space to carry on exactly there, "
            "or e to end the talk.",
        )
        self.query_one("#paused-text", Static).update(text)
