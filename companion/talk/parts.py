"""What a talk is made of: its topic, its turn lengths, its turns and each role's prompts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from companion.errors import Refused
from companion.text import clean_line


class TalkError(Refused):
    """A talk action that the rules do not allow, explained in one sentence."""


class Phase(StrEnum):
    """Where a talk stands."""

    GROUND_RULES = "ground_rules"
    SPEAKING = "speaking"
    PARAPHRASE = "paraphrase"
    CONFIRM = "confirm"
    CLARIFY = "clarify"
    """"Not quite": the speaker says just the part that was missed, on a shorter clock."""
    CLOSING = "closing"
    ENDED = "ended"


TIMED_PHASES = frozenset({Phase.SPEAKING, Phase.PARAPHRASE, Phase.CLARIFY})
SPEAKING_PHASES = frozenset({Phase.SPEAKING, Phase.CLARIFY})
"""The phases in which the speaker has the floor and their turn's time runs."""


OUTCOMES = frozenset({"confirmed", "clarified", "ended"})
PRESET_NAMES = frozenset({"short", "deep", "custom"})

TOPIC_MAX = 200
MINUTES_MIN = 1
MINUTES_MAX = 30


CLARIFY_DEFAULT = 60
"""Seconds to say the part that was missed, for a talk saved before clarifying had its own time."""


@dataclass(frozen=True)
class TurnLengths:
    """How long one speaking turn, its paraphrase and a clarification may run, in seconds."""

    speak: int
    paraphrase: int
    clarify: int = CLARIFY_DEFAULT
    """After "not quite": a short time to say just the part that was missed."""

    def __post_init__(self) -> None:
        for name in ("speak", "paraphrase", "clarify"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise TalkError(
                    f"A turn length must be a positive number of seconds, not {value!r}."
                )


PRESETS: dict[str, TurnLengths] = {
    "short": TurnLengths(speak=120, paraphrase=60, clarify=60),
    "deep": TurnLengths(speak=900, paraphrase=180, clarify=120),
}

PRESET_LABELS: dict[str, str] = {
    "short": "Short turns",
    "deep": "Long turns",
    "custom": "Your own lengths",
}
"""The name of each choice of lengths, short enough for a radio button at 60 columns."""


def describe_lengths(lengths: TurnLengths) -> str:
    """What a choice of lengths means, in one sentence: "2 min to speak, 1 to say back, …"."""
    return (
        f"{_minutes(lengths.speak)} to speak, {_minutes(lengths.paraphrase)} to say it back, "
        f"and {_minutes(lengths.clarify)} to add what was missed."
    )


def _minutes(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if rest:
        return f"{seconds} s"
    return f"{minutes} min"


def choose_lengths(
    preset: str, speak: int | str = 0, paraphrase: int | str = 0, clarify: int | str = 1
) -> TurnLengths:
    """The turn lengths for a choice: a preset by name, or "custom" with minutes typed or given."""
    if preset in PRESETS:
        return PRESETS[preset]
    if preset != "custom":
        raise TalkError(f"Unknown turn length choice {preset!r}.")
    return custom_lengths(
        _whole_minutes(speak), _whole_minutes(paraphrase), _whole_minutes(clarify)
    )


def _whole_minutes(raw: int | str) -> int:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    try:
        return int(str(raw).strip())
    except ValueError:
        raise TalkError("Turn lengths are whole minutes, from 1 to 30.") from None


def custom_lengths(
    speak_minutes: int, paraphrase_minutes: int, clarify_minutes: int = 1
) -> TurnLengths:
    """Turn lengths chosen by the couple, each 1 to 30 whole minutes."""
    checks = (
        (speak_minutes, "A speaking turn"),
        (paraphrase_minutes, "The time to say it back"),
        (clarify_minutes, "The time to add what was missed"),
    )
    for value, what in checks:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TalkError(f"{what} needs a whole number of minutes, from 1 to 30.")
        if not MINUTES_MIN <= value <= MINUTES_MAX:
            raise TalkError(f"{what} can last from 1 to 30 minutes, not {value}.")
    return TurnLengths(
        speak=speak_minutes * 60, paraphrase=paraphrase_minutes * 60, clarify=clarify_minutes * 60
    )


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


CARD_LINES = 6
"""How many prompts a role's card offers: enough to choose from, few enough to fit 80x24."""


def role_prompts(prompts: dict[str, Any], phase: Phase) -> tuple[list[str], list[str]]:
    """The speaker's and the listener's prompts for a phase (from content/talk/prompts.toml).

    While the speaker talks, the listener gets paraphrase starters; once it is
    their turn to say it back, half paraphrase and half validation. While the
    speaker checks the paraphrase, the question needs the room: four each.
    Clarifying, the speaker gets starters for the part that was missed.
    """
    lines = 4 if phase is Phase.CONFIRM else CARD_LINES
    speaker = list(prompts["speaker"]["starters"])[:lines]
    paraphrase = list(prompts["listener"]["paraphrase"])
    if phase is Phase.CLARIFY:
        return list(prompts["speaker"]["clarify"])[:lines], paraphrase[:lines]
    if phase is Phase.SPEAKING:
        return speaker, paraphrase[:lines]
    half = lines // 2
    return speaker, paraphrase[:half] + list(prompts["listener"]["validation"])[:half]


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
        return max(0.0, (self.end - self.start).total_seconds() - self.paused)
