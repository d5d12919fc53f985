"""The parts of the talk screen that show one phase each: rules, live turn, closing."""

from __future__ import annotations

from typing import Protocol

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Static

from companion import guide, words
from companion.screens.agenda_closing import AgendaClosing
from companion.screens.countdown import Countdown
from companion.screens.hanging import HangingList, bullets
from companion.screens.prompt_card import PromptCard
from companion.screens.scroll_area import ScrollArea
from companion.screens.ticks import Tick
from companion.talk import SPEAKING_PHASES, Phase, Talk, role_prompts
from companion.when import format_countdown, format_duration


def prompts() -> dict:
    return words.data("talk/prompts.toml")


class PhaseView(Protocol):
    """A part of the talk screen that shows the talk in one phase."""

    def show(self, talk: Talk) -> None: ...


class RulesView(Vertical):
    """The ground rules both partners agree to before the first turn.

    The rules scroll when the window is short; the ticks and Begin stay in
    view below them, so nothing a couple needs is ever under the bottom edge.
    """

    DEFAULT_CSS = """
    RulesView { height: 1fr; }
    RulesView #rules-text { height: 1fr; padding: 0 1 0 0; }
    RulesView #rules-intro { margin-bottom: 1; }
    RulesView #rules-agree { height: auto; padding: 0 1; }
    RulesView #rules-ticks { height: auto; width: auto; }
    RulesView #rules-ticks Tick { margin-right: 1; }
    RulesView #rules-begin { margin-left: 1; }
    RulesView.-narrow #rules-agree { layout: vertical; }
    RulesView.-narrow #rules-begin { margin-left: 0; }
    """

    mine: int | None = None
    """Whose screen this is (an index into the talk's partners), or None for both of you."""

    def compose(self) -> ComposeResult:
        data = words.data("talk/rules.toml")
        with ScrollArea(id="rules-text"):
            yield Static(Text(data["intro"]), id="rules-intro", classes="muted")
            items = []
            for number, rule in enumerate(guide.ground_rules(), start=1):
                items.append(
                    (f"{number}. ", Text.assemble((rule["title"], "bold"), ". ", rule["short"]))
                )
            yield HangingList(items, id="rules-list")
        with Horizontal(id="rules-agree"):
            with Horizontal(id="rules-ticks"):
                yield Tick(id="agree0")
                yield Tick(id="agree1")
            yield Button("Begin the talk", id="rules-begin", variant="primary", disabled=True)

    def on_resize(self) -> None:
        """Ticks and Begin side by side when they fit, else Begin under the ticks."""
        ticks = self.query_one("#rules-ticks")
        needed = ticks.outer_size.width + self.query_one("#rules-begin").outer_size.width + 3
        self.set_class(needed > self.size.width, "-narrow")

    def show(self, talk: Talk) -> None:
        """Each partner's tick as saved (the other terminal's too), and Begin once both agree."""
        for index, name in enumerate(talk.partners):
            box = self.query_one(f"#agree{index}", Tick)
            box.label = Text(f"{name} agrees")
            box.disabled = self.mine is not None and index != self.mine  # ticked on their screen
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
    LiveView #live-roles { height: auto; padding: 0 1; }
    LiveView #live-scroll { height: 1fr; }
    LiveView #live-cards { height: auto; }
    LiveView #live-confirm { height: auto; padding: 0 1; text-style: bold; color: $text-primary; display: none; }
    LiveView #live-confirm.-shown { display: block; }
    LiveView #live-timeout { dock: bottom; width: 100%; }
    """

    mine: int | None = None
    """Whose screen this is (an index into the talk's partners): only their card shows,
    and only their answers; None at one screen for both of you."""

    def compose(self) -> ComposeResult:
        yield Static(id="live-roles")
        yield Countdown(id="countdown")
        yield HangingList(id="live-confirm")
        with ScrollArea(id="live-scroll"), Horizontal(id="live-cards"):
            yield PromptCard(id="card0")
            yield PromptCard(id="card1")
        timeout = Button("Time-out (ctrl+t)", id="live-timeout", variant="warning", compact=True)
        timeout.can_focus = False  # space must never press it by accident
        yield timeout

    def show(self, talk: Talk) -> None:
        """Repaint the roles and cards for the current phase (not the ticking part)."""
        data = prompts()
        speaker, listener = talk.speaker_name, talk.listener_name
        roles = data["roles"][talk.phase.value]
        doing = [(speaker, roles["speaker"]), (listener, roles["listener"])]
        if talk.phase is Phase.PARAPHRASE:
            doing.reverse()  # whoever has the floor comes first
        (first, first_role), (second, second_role) = doing
        self.query_one("#live-roles", Static).update(
            Text.assemble((first, "bold"), f" {first_role}, ", (second, "bold"), f" {second_role}")
        )
        confirm = self.query_one("#live-confirm", HangingList)
        confirm.set_class(talk.phase is Phase.CONFIRM, "-shown")
        if talk.phase is Phase.CONFIRM:
            c = data["confirm"]
            question = Text.assemble((f"{speaker}: ", "bold"), c["question"])
            if self.mine == talk.listener:  # the answer is the speaker's, on their screen
                waiting = words.data("together.toml")["talk"]["waiting_answer"]
                confirm.set_items([("", question), ("", Text(waiting.format(speaker=speaker)))])
            else:
                answers = Text.assemble(
                    ("y", "bold reverse"), f" {c['yes']}    ", ("n", "bold reverse"), f" {c['no']}"
                )
                confirm.set_items([("", question), ("", answers), ("", c["help"])])
        speaker_lines, listener_lines = role_prompts(data, talk.phase)
        speaker_active = talk.phase in SPEAKING_PHASES or talk.phase is Phase.CONFIRM
        cards = {
            talk.speaker: (roles["speaker"], speaker_lines, speaker_active),
            talk.listener: (roles["listener"], listener_lines, talk.phase is Phase.PARAPHRASE),
        }
        for index, (role, lines, active) in cards.items():
            card = self.query_one(f"#card{index}", PromptCard)
            card.set_role(talk.partners[index], role, lines, active)
            card.display = self.mine is None or index == self.mine  # each screen its own part

    def tick(self, talk: Talk, remaining: float | None) -> None:
        """Repaint the countdown; the status line says what time-up means for each role."""
        data = prompts()
        overtime = data["overtime"]
        names = {"speaker": talk.speaker_name, "listener": talk.listener_name}
        if talk.phase is Phase.CONFIRM:
            status = data["status"]["confirm"]
        elif remaining is not None and remaining <= 0:
            if talk.phase is Phase.SPEAKING:
                status = (
                    f"{talk.speaker_name}: {overtime['speaker']}\n"
                    f"{talk.listener_name}: {overtime['listener']}"
                )
            elif talk.phase is Phase.CLARIFY:
                status = f"{talk.speaker_name}: {overtime['clarify']}"
            else:
                status = overtime["paraphrase"]
        else:
            status = data["status"].get(talk.phase.value, "").format(**names)
        self.query_one(Countdown).show(remaining, talk.phase_length(), status, talk.paused)


def history_words() -> dict:
    return words.data("talk/history.toml")


def summary(talk: Talk, with_topic: bool = True) -> Text:
    """What a finished (or finishing) talk looked like, as plain text."""
    said = history_words()["summary"]
    out = Text()
    if with_topic:
        out.append(f"{said['topic']}: ", style="bold")
        out.append(talk.topic + "\n")
    length = talk.duration
    if length is not None:
        out.append(f"{said['length']}: ", style="bold")
        out.append(format_duration(length) + "\n")
    for index, name in enumerate(talk.partners):
        out.append(said["spoke"].format(name=name) + " ")
        out.append(format_duration(talk.speaking_time(index)), style="bold")
        out.append("\n")
    out.append(f"{said['heard']}: ")
    out.append(f"{talk.exchanges}\n", style="bold")
    out.append(f"{said['timeouts']}: ")
    out.append(f"{talk.timeouts}\n", style="bold")
    return out


class ClosingView(ScrollArea):
    """The end of a talk: what happened, and a few things to say before finishing."""

    DEFAULT_CSS = """
    ClosingView { padding: 0 1 0 0; }
    ClosingView #closing-prompts { margin-top: 1; }
    ClosingView #closing-tip { margin-top: 1; padding: 0; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="closing-summary")
        yield HangingList(id="closing-prompts")
        yield AgendaClosing(id="closing-agenda")
        yield Static(
            "Press space to save this talk to the history.", id="closing-tip", classes="tip"
        )

    def show(self, talk: Talk) -> None:
        self.query_one(AgendaClosing).show(talk)  # a talk about an issue closes through the agenda
        self.query_one("#closing-tip").display = talk.issue_id is None
        said = summary(talk, with_topic=False)
        said.rstrip()
        self.query_one("#closing-summary", Static).update(said)
        data = prompts()["closing"]
        self.query_one("#closing-prompts", HangingList).set_items(
            bullets(data["prompts"]), title=data["title"]
        )


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
            Phase.CONFIRM: f"{talk.speaker_name} checking what {talk.listener_name} said back",
            Phase.CLARIFY: f"{talk.speaker_name} adding the part that was missed",
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
