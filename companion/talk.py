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

import math
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from companion.records import as_utc, load_time
from companion.text import clean_line


class TalkError(ValueError):
    """A talk action that the rules do not allow, explained in one sentence."""


class Phase(StrEnum):
    """Where a talk stands."""

    GROUND_RULES = "ground_rules"
    SPEAKING = "speaking"
    PARAPHRASE = "paraphrase"
    CONFIRM = "confirm"
    CLOSING = "closing"
    ENDED = "ended"


TIMED_PHASES = frozenset({Phase.SPEAKING, Phase.PARAPHRASE})

ACTIONS = frozenset(
    {
        "agree",
        "agree_rules",
        "speaker_done",
        "paraphrase_done",
        "confirm",
        "clarify",
        "end",
        "finish",
        "pause",
        "resume",
        "advance",
    }
)

OUTCOMES = frozenset({"confirmed", "clarified", "ended"})
PRESET_NAMES = frozenset({"short", "deep", "custom"})

TOPIC_MAX = 200
MINUTES_MIN = 1
MINUTES_MAX = 30


@dataclass(frozen=True)
class TurnLengths:
    """How long one speaking turn and its paraphrase may run, in seconds."""

    speak: int
    paraphrase: int

    def __post_init__(self) -> None:
        for name in ("speak", "paraphrase"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise TalkError(
                    f"A turn length must be a positive number of seconds, not {value!r}."
                )


PRESETS: dict[str, TurnLengths] = {
    "short": TurnLengths(speak=120, paraphrase=60),
    "deep": TurnLengths(speak=900, paraphrase=180),
}

PRESET_LABELS: dict[str, str] = {
    "short": "Short: 2 min, then 1 to say back",
    "deep": "Deep: 15 min, then 3 to say back",
}


def custom_lengths(speak_minutes: int, paraphrase_minutes: int) -> TurnLengths:
    """Turn lengths chosen by the couple, each 1 to 30 whole minutes."""
    checks = (
        (speak_minutes, "A speaking turn"),
        (paraphrase_minutes, "The time to paraphrase"),
    )
    for value, what in checks:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TalkError(f"{what} needs a whole number of minutes, from 1 to 30.")
        if not MINUTES_MIN <= value <= MINUTES_MAX:
            raise TalkError(f"{what} can last from 1 to 30 minutes, not {value}.")
    return TurnLengths(speak=speak_minutes * 60, paraphrase=paraphrase_minutes * 60)


def clean_topic(text: str) -> str:
    """The topic as it will be stored: one line, no control characters, 1-200 characters."""
    if not isinstance(text, str):
        raise TalkError("Give the talk a topic, even a few words.")
    topic = clean_line(text, what="topic", max_len=len(text), required=False)
    if not topic:
        raise TalkError("Give the talk a topic, even a few words.")
    if len(topic) > TOPIC_MAX:
        raise TalkError(
            f"Keep the topic to {TOPIC_MAX} characters or fewer; this one has {len(topic)}."
        )
    return topic


def shown_seconds(remaining: float) -> int:
    """The whole seconds a countdown shows: rounded up while time is left, overtime rounded down.

    `remaining` should come from `timedelta.total_seconds()` (exact to the
    microsecond), never from adding up float ticks, so that ceil is exact:
    a deadline 120 s away shows 2:00, not 2:01.
    """
    if not math.isfinite(remaining):
        raise ValueError(f"remaining must be a finite number of seconds, not {remaining!r}")
    if remaining > 0:
        return math.ceil(remaining)
    return math.floor(-remaining)


def format_countdown(remaining: float) -> str:
    """A countdown as M:SS ("2:00", "0:01"), or overtime as +M:SS ("+0:12")."""
    minutes, seconds = divmod(shown_seconds(remaining), 60)
    sign = "+" if remaining < 0 else ""
    return f"{sign}{minutes}:{seconds:02d}"


CARD_LINES = 6
"""How many prompts a role's card offers: enough to choose from, few enough to fit 80x24."""


def role_prompts(prompts: dict[str, Any], phase: Phase) -> tuple[list[str], list[str]]:
    """The speaker's and the listener's prompts for a phase (from content/talk/prompts.toml).

    While the speaker talks, the listener gets paraphrase starters; once it is
    their turn to say it back, half paraphrase and half validation. While the
    speaker checks the paraphrase, the question needs the room: four each.
    """
    lines = 4 if phase is Phase.CONFIRM else CARD_LINES
    speaker = list(prompts["speaker"]["starters"])[:lines]
    paraphrase = list(prompts["listener"]["paraphrase"])
    if phase is Phase.SPEAKING:
        return speaker, paraphrase[:lines]
    half = lines // 2
    return speaker, paraphrase[:half] + list(prompts["listener"]["validation"])[:half]


def format_duration(seconds: float) -> str:
    """A length for people: "45 s", "22 min", "1 h 5 min"."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _seconds(delta: timedelta) -> float:
    return delta.total_seconds()


@dataclass
class Turn:
    """One speaking chunk: who spoke, from when to when, and how it ended."""

    speaker: int
    start: datetime
    end: datetime
    outcome: str
    paused: float = 0.0

    @property
    def duration(self) -> float:
        """Seconds spent speaking, not counting time-outs taken mid-turn."""
        return max(0.0, _seconds(self.end - self.start) - self.paused)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready copy."""
        return {
            "speaker": self.speaker,
            "start": _iso(self.start),
            "end": _iso(self.end),
            "outcome": self.outcome,
            "paused": self.paused,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Turn:
        """Rebuild a turn saved by `to_dict`; raises TalkError if it is damaged."""
        try:
            return _parse_turn(data)
        except TalkError as exc:
            raise TalkError(f"A saved turn is damaged: {exc}") from None


def _parse_turn(data: Any) -> Turn:
    if not isinstance(data, dict):
        raise TalkError("a turn is not a record.")
    speaker = _load_index(data, "speaker")
    start = _load_time(data, "start", required=True)
    end = _load_time(data, "end", required=True)
    outcome = data.get("outcome")
    if outcome not in OUTCOMES:
        raise TalkError(f"unknown turn outcome {outcome!r}.")
    paused = _load_float(data, "paused", default=0.0)
    if paused is None or paused < 0:
        raise TalkError("bad time-out length in a turn.")
    assert start is not None and end is not None
    if end < start:
        raise TalkError("a turn ends before it starts.")
    return Turn(speaker=speaker, start=start, end=end, outcome=outcome, paused=paused)


_VERBS = {
    "agree": "agree to the ground rules",
    "agree_rules": "agree to the ground rules",
    "speaker_done": "finish speaking",
    "paraphrase_done": "finish paraphrasing",
    "confirm": "confirm the paraphrase",
    "clarify": "ask to clarify",
    "end": "end the talk",
    "finish": "close the talk",
    "pause": "take a time-out",
    "resume": "resume",
    "advance": "move on",
}

_WHERE = {
    Phase.GROUND_RULES: "the ground rules come first",
    Phase.SPEAKING: "the speaker still has the floor",
    Phase.PARAPHRASE: "the listener is paraphrasing",
    Phase.CONFIRM: "the speaker is checking the paraphrase",
    Phase.CLOSING: "the talk is closing",
    Phase.ENDED: "the talk has ended",
}

_NEXT = {
    Phase.GROUND_RULES: "agree_rules",
    Phase.SPEAKING: "speaker_done",
    Phase.PARAPHRASE: "paraphrase_done",
    Phase.CLOSING: "finish",
}


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

    # ----------------------------------------------------------- creation

    @classmethod
    def new(
        cls,
        topic: str,
        partners: tuple[str, str] | list[str],
        first_speaker: int,
        lengths: TurnLengths,
        preset: str,
        now: datetime,
    ) -> Talk:
        """A fresh talk waiting for both partners to agree to the ground rules."""
        now = _utc(now)
        clean = clean_topic(topic)
        names = _check_partners(partners)
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

    def allowed_actions(self) -> set[str]:
        """The actions the rules allow right now (for greying out keys)."""
        if self.paused:
            return {"resume", "end"}
        allowed = {
            Phase.GROUND_RULES: {"agree", "agree_rules", "advance", "end", "pause"},
            Phase.SPEAKING: {"speaker_done", "advance", "end", "pause"},
            Phase.PARAPHRASE: {"paraphrase_done", "advance", "end", "pause"},
            Phase.CONFIRM: {"confirm", "clarify", "end", "pause"},
            Phase.CLOSING: {"finish", "advance"},
            Phase.ENDED: set(),
        }
        return set(allowed[self.phase])

    def can(self, action: str) -> bool:
        """Whether `action` (one of ACTIONS) is allowed right now."""
        if action not in ACTIONS:
            raise ValueError(f"unknown talk action {action!r}")
        return action in self.allowed_actions()

    def _require(self, action: str) -> None:
        if self.can(action):
            return
        if self.phase is Phase.ENDED:
            raise TalkError("This talk has already ended.")
        if action == "resume":
            raise TalkError("The talk is not paused, so there is nothing to resume.")
        if self.paused:
            raise TalkError("The talk is paused for a time-out; resume it first.")
        if action == "advance" and self.phase is Phase.CONFIRM:
            raise TalkError("Answer with y or n: did your partner get it?")
        if action == "end" and self.phase is Phase.CLOSING:
            raise TalkError("The talk is already closing.")
        if action == "pause" and self.phase is Phase.CLOSING:
            raise TalkError("The talk is already over, so there is no timer to pause.")
        raise TalkError(f"You can't {_VERBS[action]} now: {_WHERE[self.phase]}.")

    # ----------------------------------------------------------- transitions

    def _enter(self, phase: Phase, now: datetime) -> None:
        self.phase = phase
        self.phase_started = now
        if phase is Phase.SPEAKING:
            self.deadline = now + timedelta(seconds=self.lengths.speak)
        elif phase is Phase.PARAPHRASE:
            self.deadline = now + timedelta(seconds=self.lengths.paraphrase)
        else:
            self.deadline = None

    def _start_chunk(self, speaker: int, now: datetime) -> None:
        self.speaker = speaker
        self.turn_start = now
        self.turn_paused = 0.0
        self.pending_turn_end = None
        self._enter(Phase.SPEAKING, now)

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
        self._require("agree")
        if isinstance(partner, bool) or partner not in (0, 1):
            raise TalkError("Only the two partners can agree to the ground rules.")
        agreed = list(self.agreed)
        agreed[partner] = bool(yes)
        self.agreed = (agreed[0], agreed[1])

    @property
    def rules_agreed(self) -> bool:
        """The talk may begin only when both partners have agreed to the ground rules."""
        return all(self.agreed)

    def agree_rules(self, now: datetime) -> None:
        """Both agree to the ground rules together: the first speaker takes the floor."""
        now = _utc(now)
        self._require("agree_rules")
        self.agreed = (True, True)
        self._start_chunk(self.first_speaker, now)

    def speaker_done(self, now: datetime) -> None:
        """The speaker has said their piece (on time or in overtime): the listener paraphrases."""
        now = _utc(now)
        self._require("speaker_done")
        self.pending_turn_end = now
        self._enter(Phase.PARAPHRASE, now)

    def paraphrase_done(self, now: datetime) -> None:
        """The listener has reflected back: the speaker now says whether it was right."""
        now = _utc(now)
        self._require("paraphrase_done")
        self._enter(Phase.CONFIRM, now)

    def confirm(self, now: datetime) -> None:
        """The speaker felt heard: the turn is recorded and the floor passes."""
        now = _utc(now)
        self._require("confirm")
        assert self.pending_turn_end is not None
        self._record(self.pending_turn_end, "confirmed")
        self._start_chunk(1 - self.speaker, now)

    def clarify(self, now: datetime) -> None:
        """Not quite: the same speaker speaks again to clarify."""
        now = _utc(now)
        self._require("clarify")
        assert self.pending_turn_end is not None
        self._record(self.pending_turn_end, "clarified")
        self._start_chunk(self.speaker, now)

    def end(self, now: datetime) -> None:
        """Stop the talk here (also from a time-out) and move to the closing."""
        now = _utc(now)
        self._require("end")
        if self.phase is Phase.SPEAKING:
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

    def finish(self, now: datetime) -> None:
        """The closing is done: the talk is over for good."""
        now = _utc(now)
        self._require("finish")
        self._enter(Phase.ENDED, now)

    def pause(self, now: datetime, *, timeout: bool = True) -> None:
        """Freeze the remaining time (overtime included) until `resume`.

        A time-out counts in `timeouts`; leaving Companion mid-talk (timeout=False) does not.
        """
        now = _utc(now)
        self._require("pause")
        if self.deadline is not None:
            self.paused_remaining = _seconds(self.deadline - now)
        else:
            self.paused_remaining = None
        self.deadline = None
        self.paused = True
        self.paused_at = now
        if timeout:
            self.timeouts += 1

    def resume(self, now: datetime, *, undo: bool = False) -> None:
        """Back from a time-out: the same phase, with exactly the time that was left.

        undo=True takes back a time-out pressed by mistake: it no longer counts.
        """
        now = _utc(now)
        self._require("resume")
        if undo and self.timeouts:
            self.timeouts -= 1
        if self.paused_remaining is not None:
            self.deadline = now + timedelta(seconds=self.paused_remaining)
        if self.phase is Phase.SPEAKING and self.paused_at is not None:
            self.turn_paused += max(0.0, _seconds(now - self.paused_at))
        self.paused = False
        self.paused_remaining = None
        self.paused_at = None

    def advance(self, now: datetime) -> Phase:
        """The generic "next" key: do whatever moves this phase on, and return the new phase."""
        now = _utc(now)
        self._require("advance")
        getattr(self, _NEXT[self.phase])(now)
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
        return None

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

    # ----------------------------------------------------------- persistence

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready copy; datetimes as ISO 8601 with offset."""
        return {
            "id": self.id,
            "topic": self.topic,
            "partners": list(self.partners),
            "first_speaker": self.first_speaker,
            "lengths": {"speak": self.lengths.speak, "paraphrase": self.lengths.paraphrase},
            "preset": self.preset,
            "created": _iso(self.created),
            "phase": self.phase.value,
            "speaker": self.speaker,
            "deadline": _iso(self.deadline),
            "paused": self.paused,
            "paused_remaining": self.paused_remaining,
            "paused_at": _iso(self.paused_at),
            "turn_start": _iso(self.turn_start),
            "turn_paused": self.turn_paused,
            "pending_turn_end": _iso(self.pending_turn_end),
            "turns": [t.to_dict() for t in self.turns],
            "timeouts": self.timeouts,
            "agreed": list(self.agreed),
            "ended": _iso(self.ended),
            "phase_started": _iso(self.phase_started),
            "issue_id": self.issue_id,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Talk:
        """Rebuild a talk saved by `to_dict`; raises TalkError if it is damaged."""
        if not isinstance(data, dict):
            raise TalkError("This saved talk is damaged: it is not a record.")
        try:
            talk = cls._load(data)
        except TalkError as exc:
            raise TalkError(f"This saved talk is damaged: {exc}") from None
        except KeyError as exc:
            raise TalkError(f"This saved talk is damaged: {exc.args[0]!r} is missing.") from None
        except (TypeError, ValueError, OverflowError) as exc:
            raise TalkError(f"This saved talk is damaged: {exc}") from None
        talk._check_consistent()
        return talk

    @classmethod
    def _load(cls, d: dict[str, Any]) -> Talk:
        talk_id = d["id"]
        if not isinstance(talk_id, str) or not talk_id:
            raise TalkError("bad id.")
        topic = d["topic"]
        if not isinstance(topic, str):
            raise TalkError("bad topic.")
        partners = d["partners"]
        if not isinstance(partners, list | tuple):
            raise TalkError("bad partners.")
        lengths = d["lengths"]
        if not isinstance(lengths, dict):
            raise TalkError("bad turn lengths.")
        preset = d["preset"]
        if preset not in PRESET_NAMES:
            raise TalkError(f"unknown preset {preset!r}.")
        try:
            phase = Phase(d["phase"])
        except ValueError:
            raise TalkError(f"unknown phase {d['phase']!r}.") from None
        paused = d["paused"]
        if not isinstance(paused, bool):
            raise TalkError("bad paused flag.")
        timeouts = d["timeouts"]
        if isinstance(timeouts, bool) or not isinstance(timeouts, int) or timeouts < 0:
            raise TalkError("bad time-out count.")
        turns = d["turns"]
        if not isinstance(turns, list):
            raise TalkError("bad turns.")
        issue_id = d.get("issue_id")
        if issue_id is not None and not isinstance(issue_id, str):
            raise TalkError("bad issue id.")
        created = _load_time(d, "created", required=True)
        assert created is not None
        agreed = d.get("agreed", [phase is not Phase.GROUND_RULES] * 2)
        if not (isinstance(agreed, list | tuple) and len(agreed) == 2) or not all(
            isinstance(a, bool) for a in agreed
        ):
            raise TalkError("bad agreement to the ground rules.")
        return cls(
            id=talk_id,
            topic=topic,
            partners=_check_partners(partners),
            first_speaker=_load_index(d, "first_speaker"),
            lengths=TurnLengths(speak=lengths["speak"], paraphrase=lengths["paraphrase"]),
            preset=preset,
            created=created,
            phase=phase,
            speaker=_load_index(d, "speaker"),
            deadline=_load_time(d, "deadline"),
            paused=paused,
            paused_remaining=_load_float(d, "paused_remaining", default=None),
            paused_at=_load_time(d, "paused_at"),
            turn_start=_load_time(d, "turn_start"),
            turn_paused=_load_seconds_used(d, "turn_paused"),
            pending_turn_end=_load_time(d, "pending_turn_end"),
            turns=[_parse_turn(t) for t in turns],
            timeouts=timeouts,
            agreed=(agreed[0], agreed[1]),
            ended=_load_time(d, "ended"),
            phase_started=_load_time(d, "phase_started"),
            issue_id=issue_id,
        )

    def _check_consistent(self) -> None:
        """Refuse a record whose fields contradict its phase (it would crash the screen later)."""
        problem = None
        timed = self.phase in TIMED_PHASES
        if self.paused and self.deadline is not None:
            problem = "it is paused but still has a deadline"
        elif not self.paused and timed and self.deadline is None:
            problem = "a timed phase has no deadline"
        elif not timed and self.deadline is not None:
            problem = "an untimed phase has a deadline"
        elif not self.paused and self.paused_remaining is not None:
            problem = "it keeps paused time but is not paused"
        elif self.paused and self.phase in (Phase.CLOSING, Phase.ENDED):
            problem = "a finished talk cannot be paused"
        elif self.phase in (Phase.SPEAKING, Phase.PARAPHRASE, Phase.CONFIRM) and (
            self.turn_start is None
        ):
            problem = "a turn is under way but has no start"
        elif self.phase in (Phase.PARAPHRASE, Phase.CONFIRM) and self.pending_turn_end is None:
            problem = "a paraphrase is under way but the turn has no end"
        elif (self.ended is None) != (self.phase not in (Phase.CLOSING, Phase.ENDED)):
            problem = "its end time does not match its phase"
        if problem:
            raise TalkError(f"This saved talk is damaged: {problem}.")


def _check_partners(partners: Any) -> tuple[str, str]:
    if not isinstance(partners, list | tuple) or len(partners) != 2:
        raise TalkError("A talk needs exactly two partners.")
    names = []
    for name in partners:
        if not isinstance(name, str) or not name.strip():
            raise TalkError("Each partner needs a name.")
        names.append(name.strip())
    if names[0].casefold() == names[1].casefold():
        raise TalkError("The two partners need different names, so the screen can tell you apart.")
    return names[0], names[1]


def _load_index(d: dict[str, Any], key: str) -> int:
    value = d[key]
    if isinstance(value, bool) or value not in (0, 1):
        raise TalkError(f"bad {key} {value!r}.")
    return int(value)


def _load_seconds_used(d: dict[str, Any], key: str) -> float:
    value = _load_float(d, key, default=0.0)
    if value is None or value < 0:
        raise TalkError(f"bad {key} {value!r}.")
    return value


def _load_float(d: dict[str, Any], key: str, default: float | None) -> float | None:
    value = d.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TalkError(f"bad {key} {value!r}.")
    value = float(value)
    if not math.isfinite(value):
        raise TalkError(f"bad {key} {value!r}.")
    return value


def _utc(value: Any, what: str = "now") -> datetime:
    return as_utc(value, what, TalkError)


def _load_time(d: dict[str, Any], key: str, required: bool = False) -> datetime | None:
    return load_time(d, key, TalkError, required)
