"""The structured talk: who holds the floor, what may happen next, and how long is left.

A talk is a plain state machine. Every transition takes the current moment
(`now`, an aware datetime) instead of reading a clock, so the rules can be
tested by handing them any time at all. Deadlines are wall-clock UTC, so two
terminals on the same data show the same second.

The speaker keeps `speaker` for the whole of their turn: while the listener
paraphrases and while the speaker confirms, `speaker` still names the person
whose words are being reflected; `listener` is the other one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from companion.records import as_utc
from companion.talk.parts import (
    PRESET_NAMES,
    SPEAKING_PHASES,
    Phase,
    TalkError,
    Turn,
    TurnLengths,
    clean_topic,
)
from companion.text import printable


class TalkStep(StrEnum):
    """Every step a talk can take, by the same name from the key to the disk."""

    AGREE = "agree"
    BEGIN = "begin"
    SPEAKER_DONE = "speaker_done"
    PARAPHRASE_DONE = "paraphrase_done"
    CONFIRM = "confirm"
    CLARIFY = "clarify"
    END = "end"
    FINISH = "finish"
    PAUSE = "pause"
    RESUME = "resume"
    ADVANCE = "advance"


def _seconds(delta: timedelta) -> float:
    return delta.total_seconds()


_VERBS = {
    TalkStep.AGREE: "agree to the ground rules",
    TalkStep.BEGIN: "begin the talk",
    TalkStep.SPEAKER_DONE: "finish speaking",
    TalkStep.PARAPHRASE_DONE: "finish paraphrasing",
    TalkStep.CONFIRM: "confirm the paraphrase",
    TalkStep.CLARIFY: "ask to clarify",
    TalkStep.END: "end the talk",
    TalkStep.FINISH: "close the talk",
    TalkStep.PAUSE: "take a time-out",
    TalkStep.RESUME: "resume",
    TalkStep.ADVANCE: "move on",
}

_WHERE = {
    Phase.GROUND_RULES: "the ground rules come first",
    Phase.SPEAKING: "the speaker still has the floor",
    Phase.PARAPHRASE: "the listener is paraphrasing",
    Phase.CONFIRM: "the speaker is checking the paraphrase",
    Phase.CLARIFY: "the speaker is adding the part that was missed",
    Phase.CLOSING: "the talk is closing",
    Phase.ENDED: "the talk has ended",
}

_OPEN_IN: dict[Phase, frozenset[TalkStep]] = {
    Phase.GROUND_RULES: frozenset(
        {TalkStep.AGREE, TalkStep.BEGIN, TalkStep.ADVANCE, TalkStep.END, TalkStep.PAUSE}
    ),
    Phase.SPEAKING: frozenset(
        {TalkStep.SPEAKER_DONE, TalkStep.ADVANCE, TalkStep.END, TalkStep.PAUSE}
    ),
    Phase.PARAPHRASE: frozenset(
        {TalkStep.PARAPHRASE_DONE, TalkStep.ADVANCE, TalkStep.END, TalkStep.PAUSE}
    ),
    Phase.CONFIRM: frozenset({TalkStep.CONFIRM, TalkStep.CLARIFY, TalkStep.END, TalkStep.PAUSE}),
    Phase.CLARIFY: frozenset(
        {TalkStep.SPEAKER_DONE, TalkStep.ADVANCE, TalkStep.END, TalkStep.PAUSE}
    ),
    Phase.CLOSING: frozenset({TalkStep.FINISH, TalkStep.ADVANCE}),
    Phase.ENDED: frozenset(),
}
"""What each phase allows, before the gates below (paused, both agreed)."""

_NEXT = {
    Phase.GROUND_RULES: TalkStep.BEGIN,
    Phase.SPEAKING: TalkStep.SPEAKER_DONE,
    Phase.PARAPHRASE: TalkStep.PARAPHRASE_DONE,
    Phase.CLARIFY: TalkStep.SPEAKER_DONE,
    Phase.CLOSING: TalkStep.FINISH,
}
"""What the generic "next" key (advance) does in each phase."""


ON_ISSUE = "This talk is about an issue on your agenda: save it with the form on this screen."


@dataclass
class Talk:
    """One talk between two partners, from the ground rules to the closing."""

    id: str
    topic: str
    partners: tuple[str, str]
    first_speaker: int
    lengths: TurnLengths
    preset: str
    created: datetime
    phase: Phase
    speaker: int
    deadline: datetime | None = None
    paused: bool = False
    paused_remaining: float | None = None
    paused_at: datetime | None = None
    turn_start: datetime | None = None
    turn_paused: float = 0.0
    pending_turn_end: datetime | None = None
    turns: list[Turn] = field(default_factory=list)
    timeouts: int = 0
    agreed: tuple[bool, bool] = (False, False)
    """Which partner has said yes to the ground rules."""
    ended: datetime | None = None
    phase_started: datetime | None = None
    issue_id: str | None = None

    def __post_init__(self) -> None:
        # However a talk is built (from the disk, the other terminal or the API),
        # its text holds no control character a screen could print.
        self.topic = printable(self.topic)
        self.partners = (printable(self.partners[0]), printable(self.partners[1]))

    # ----------------------------------------------------------- creation

    @classmethod
    def new(
        cls,
        topic: str,
        partners: Sequence[str],
        first_speaker: int,
        lengths: TurnLengths,
        preset: str,
        now: datetime,
    ) -> Talk:
        """A fresh talk waiting for both partners to agree to the ground rules."""
        now = _utc(now)
        clean = clean_topic(topic)
        names = check_partners(partners)
        if isinstance(first_speaker, bool) or first_speaker not in (0, 1):
            raise TalkError("Choose who speaks first: one of the two partners.")
        if not isinstance(lengths, TurnLengths):
            raise TalkError("Choose how long the turns last.")
        if preset not in PRESET_NAMES:
            raise TalkError(f"Unknown turn length choice {preset!r}.")
        return cls(
            id=uuid.uuid4().hex,
            topic=clean,
            partners=names,
            first_speaker=first_speaker,
            lengths=lengths,
            preset=preset,
            created=now,
            phase=Phase.GROUND_RULES,
            speaker=first_speaker,
            phase_started=now,
        )

    # ----------------------------------------------------------- what is allowed

    def allowed(self, now: datetime | None = None) -> frozenset[TalkStep]:
        """The steps the rules allow right now (for keys, the CLI and the disk alike).

        A talk's gates do not depend on the hour, so `now` is accepted for the
        same shape as every record's `allowed(now)` and otherwise unused.
        """
        if self.paused:
            return frozenset({TalkStep.RESUME, TalkStep.END})
        allowed = set(_OPEN_IN[self.phase])
        if self.phase is Phase.GROUND_RULES and not self.rules_agreed:
            allowed -= {TalkStep.BEGIN, TalkStep.ADVANCE}
        if self.phase is Phase.CLOSING and self.issue_id is not None:
            allowed.discard(TalkStep.ADVANCE)  # it closes through its issue (agenda.closing)
        return frozenset(allowed)

    def can(self, step: TalkStep | str) -> bool:
        """Whether `step` is allowed right now."""
        return step_of(step) in self.allowed()

    def _require(self, step: TalkStep) -> None:
        if step in self.allowed():
            return
        if self.phase is Phase.ENDED:
            raise TalkError("This talk has already ended.")
        if step is TalkStep.RESUME:
            raise TalkError("The talk is not paused, so there is nothing to resume.")
        if self.paused:
            raise TalkError("The talk is paused for a time-out; resume it first.")
        if self.phase is Phase.GROUND_RULES and step in (TalkStep.BEGIN, TalkStep.ADVANCE):
            raise TalkError("Both of you agree to the ground rules first.")
        if step is TalkStep.ADVANCE and self.phase is Phase.CONFIRM:
            raise TalkError("Answer with y or n: did your partner get it?")
        if step is TalkStep.END and self.phase is Phase.CLOSING:
            raise TalkError("The talk is already closing.")
        if step is TalkStep.ADVANCE and self.phase is Phase.CLOSING and self.issue_id:
            raise TalkError(ON_ISSUE)
        if step is TalkStep.PAUSE and self.phase is Phase.CLOSING:
            raise TalkError("The talk is already over, so there is no timer to pause.")
        raise TalkError(f"You can't {_VERBS[step]} now: {_WHERE[self.phase]}.")

    def take(self, step: TalkStep | str, now: datetime, *args: Any) -> Talk:
        """Take one step by name (from a key, the CLI or the disk); returns this talk."""
        STEPS[step_of(step)](self, now, *args)
        return self

    # ----------------------------------------------------------- transitions

    def _enter(self, phase: Phase, now: datetime) -> None:
        self.phase = phase
        self.phase_started = now
        if phase is Phase.SPEAKING:
            self.deadline = now + timedelta(seconds=self.lengths.speak)
        elif phase is Phase.PARAPHRASE:
            self.deadline = now + timedelta(seconds=self.lengths.paraphrase)
        elif phase is Phase.CLARIFY:
            self.deadline = now + timedelta(seconds=self.lengths.clarify)
        else:
            self.deadline = None

    def _start_chunk(self, speaker: int, now: datetime, phase: Phase = Phase.SPEAKING) -> None:
        self.speaker = speaker
        self.turn_start = now
        self.turn_paused = 0.0
        self.pending_turn_end = None
        self._enter(phase, now)

    def _record(self, end: datetime, outcome: str) -> None:
        assert self.turn_start is not None
        start = self.turn_start
        end = max(end, start)  # a clock stepped backwards must not make a negative turn
        if self.turns and start < self.turns[-1].end:
            start = self.turns[-1].end
            end = max(end, start)
        self.turns.append(Turn(self.speaker, start, end, outcome, self.turn_paused))

    def agree(self, now: datetime, partner: int = 0, yes: bool = True) -> None:
        """One partner says yes (or takes it back) to the ground rules."""
        _utc(now)
        self._require(TalkStep.AGREE)
        if isinstance(partner, bool) or partner not in (0, 1):
            raise TalkError("Only the two partners can agree to the ground rules.")
        agreed = list(self.agreed)
        agreed[partner] = bool(yes)
        self.agreed = (agreed[0], agreed[1])

    @property
    def rules_agreed(self) -> bool:
        """The talk may begin only when both partners have agreed to the ground rules."""
        return all(self.agreed)

    def begin(self, now: datetime) -> None:
        """Both have agreed to the ground rules: the first speaker takes the floor."""
        now = _utc(now)
        self._require(TalkStep.BEGIN)
        self._start_chunk(self.first_speaker, now)

    def speaker_done(self, now: datetime) -> None:
        """The speaker has said their piece (on time or in overtime): the listener paraphrases."""
        now = _utc(now)
        self._require(TalkStep.SPEAKER_DONE)
        self.pending_turn_end = now
        self._enter(Phase.PARAPHRASE, now)

    def paraphrase_done(self, now: datetime) -> None:
        """The listener has reflected back: the speaker now says whether it was right."""
        now = _utc(now)
        self._require(TalkStep.PARAPHRASE_DONE)
        self._enter(Phase.CONFIRM, now)

    def confirm(self, now: datetime) -> None:
        """The speaker felt heard: the turn is recorded and the floor passes."""
        now = _utc(now)
        self._require(TalkStep.CONFIRM)
        assert self.pending_turn_end is not None
        self._record(self.pending_turn_end, "confirmed")
        self._start_chunk(1 - self.speaker, now)

    def clarify(self, now: datetime) -> None:
        """Not quite: the same speaker says just the part that was missed, on the clarify clock."""
        now = _utc(now)
        self._require(TalkStep.CLARIFY)
        assert self.pending_turn_end is not None
        self._record(self.pending_turn_end, "clarified")
        self._start_chunk(self.speaker, now, Phase.CLARIFY)

    def end(self, now: datetime) -> None:
        """Stop the talk here (also from a time-out) and move to the closing."""
        now = _utc(now)
        self._require(TalkStep.END)
        if self.phase in SPEAKING_PHASES:
            stopped = self.paused_at if self.paused and self.paused_at else now
            self._record(stopped, "ended")
        elif self.phase in (Phase.PARAPHRASE, Phase.CONFIRM):
            assert self.pending_turn_end is not None
            self._record(self.pending_turn_end, "ended")
        self.paused = False
        self.paused_remaining = None
        self.paused_at = None
        self.pending_turn_end = None
        self.turn_start = None
        self.turn_paused = 0.0
        self.ended = now
        self._enter(Phase.CLOSING, now)

    def finish(self, now: datetime, on_issue: bool = False) -> None:
        """The closing is done: the talk is over for good.

        A talk about an agenda issue finishes together with its issue
        (`on_issue=True`, from companion.agenda.closing.close_talk), so the
        agenda always hears that it was talked about.
        """
        now = _utc(now)
        self._require(TalkStep.FINISH)
        if self.issue_id is not None and not on_issue:
            raise TalkError(ON_ISSUE)
        self._enter(Phase.ENDED, now)

    def pause(self, now: datetime, *, timeout: bool = True) -> None:
        """Freeze the remaining time (overtime included) until `resume`.

        A time-out counts in `timeouts`; leaving Companion mid-talk (timeout=False) does not.
        """
        now = _utc(now)
        self._require(TalkStep.PAUSE)
        if self.deadline is not None:
            self.paused_remaining = _seconds(self.deadline - now)
        else:
            self.paused_remaining = None
        self.deadline = None
        self.paused = True
        self.paused_at = now
        if timeout:
            self.timeouts += 1

    def count_timeout(self) -> None:
        """A time-out taken while the talk was already paused (left so when Companion closed).

        It is a time-out of this talk like any other, so it counts (and an undo takes it back).
        """
        if not self.paused:
            raise TalkError("Only a paused talk can take a time-out this way; pause it first.")
        self.timeouts += 1

    def resume(self, now: datetime, *, undo: bool = False) -> None:
        """Back from a time-out: the same phase, with exactly the time that was left.

        undo=True takes back a time-out pressed by mistake: it no longer counts.
        """
        now = _utc(now)
        self._require(TalkStep.RESUME)
        if undo and self.timeouts:
            self.timeouts -= 1
        if self.paused_remaining is not None:
            self.deadline = now + timedelta(seconds=self.paused_remaining)
        if self.phase in SPEAKING_PHASES and self.paused_at is not None:
            self.turn_paused += max(0.0, _seconds(now - self.paused_at))
        self.paused = False
        self.paused_remaining = None
        self.paused_at = None

    def advance(self, now: datetime) -> Phase:
        """The generic "next" key: do whatever moves this phase on, and return the new phase."""
        now = _utc(now)
        self._require(TalkStep.ADVANCE)
        STEPS[_NEXT[self.phase]](self, now)
        return self.phase

    # ----------------------------------------------------------- queries

    def remaining(self, now: datetime) -> float | None:
        """Seconds left in this phase (negative in overtime), or None when untimed."""
        if self.paused:
            return self.paused_remaining
        if self.deadline is None:
            return None
        return _seconds(self.deadline - _utc(now))

    def time_up(self, now: datetime) -> bool:
        """Whether a timed phase has run out (nothing moves on by itself)."""
        left = self.remaining(now)
        return left is not None and left <= 0

    def phase_length(self) -> int | None:
        """The full length of the current timed phase in seconds, for a progress bar."""
        if self.phase is Phase.SPEAKING:
            return self.lengths.speak
        if self.phase is Phase.PARAPHRASE:
            return self.lengths.paraphrase
        if self.phase is Phase.CLARIFY:
            return self.lengths.clarify
        return None

    @property
    def is_open(self) -> bool:
        """Still under way (the closing included): it belongs in the area's live file."""
        return self.phase is not Phase.ENDED

    @property
    def listener(self) -> int:
        """Index of the partner who listens (and paraphrases) this turn."""
        return 1 - self.speaker

    @property
    def speaker_name(self) -> str:
        """Name of the partner whose turn it is."""
        return self.partners[self.speaker]

    @property
    def listener_name(self) -> str:
        """Name of the partner who listens this turn."""
        return self.partners[self.listener]

    def speaking_time(self, partner_index: int) -> float:
        """Seconds that partner spent speaking in recorded turns."""
        if isinstance(partner_index, bool) or partner_index not in (0, 1):
            raise ValueError(f"partner_index must be 0 or 1, not {partner_index!r}")
        return sum(t.duration for t in self.turns if t.speaker == partner_index)

    @property
    def exchanges(self) -> int:
        """How many turns ended with the speaker feeling heard."""
        return sum(1 for t in self.turns if t.outcome == "confirmed")

    @property
    def duration(self) -> float | None:
        """Seconds from creation to ending, or None while the talk is open."""
        if self.ended is None:
            return None
        return _seconds(self.ended - self.created)


STEPS: dict[TalkStep, Callable[..., Any]] = {
    TalkStep.AGREE: Talk.agree,
    TalkStep.BEGIN: Talk.begin,
    TalkStep.SPEAKER_DONE: Talk.speaker_done,
    TalkStep.PARAPHRASE_DONE: Talk.paraphrase_done,
    TalkStep.CONFIRM: Talk.confirm,
    TalkStep.CLARIFY: Talk.clarify,
    TalkStep.END: Talk.end,
    TalkStep.FINISH: Talk.finish,
    TalkStep.PAUSE: Talk.pause,
    TalkStep.RESUME: Talk.resume,
    TalkStep.ADVANCE: Talk.advance,
}
"""Each step and the transition that takes it: dispatched by this table, never by name lookup."""


def step_of(step: TalkStep | str) -> TalkStep:
    """A step named by a key, the CLI or the disk; TalkError for an unknown name."""
    try:
        return TalkStep(step)
    except ValueError:
        raise TalkError(f"There is no talk step called {step!r}.") from None


def check_partners(partners: Any) -> tuple[str, str]:
    """Two different, non-empty names."""
    if not isinstance(partners, list | tuple) or len(partners) != 2:
        raise TalkError("A talk needs exactly two partners.")
    names = []
    for name in partners:
        name = printable(name).strip() if isinstance(name, str) else ""
        if not name:
            raise TalkError("Each partner needs a name.")
        names.append(name)
    if names[0].casefold() == names[1].casefold():
        raise TalkError("The two partners need different names, so the screen can tell you apart.")
    return names[0], names[1]


def _utc(value: Any, what: str = "now") -> datetime:
    return as_utc(value, what, TalkError)
