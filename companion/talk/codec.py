"""A talk on disk: encode one record, and decode and check it when it is read back.

Decoding refuses anything a screen could later crash on (a wrong type, a value
out of range, fields that contradict the phase) with a TalkError naming it.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from companion.records import is_id, iso, load_time
from companion.talk.parts import (
    CLARIFY_DEFAULT,
    OUTCOMES,
    PRESET_NAMES,
    PRESETS,
    SPEAKING_PHASES,
    TIMED_PHASES,
    Phase,
    TalkError,
    Turn,
    TurnLengths,
)
from companion.talk.rules import Talk, check_partners

LENGTH_MAX = 24 * 3600
"""No turn is longer than a day; a bigger number on disk is damage."""
SECONDS_MAX = 10 * 365 * 24 * 3600.0
"""Paused or remaining seconds beyond ten years are damage, not a long talk."""
TOPIC_STORED_MAX = 1000
TURNS_MAX = 100_000


def encode_turn(turn: Turn) -> dict[str, Any]:
    """A JSON-ready copy of one turn."""
    return {
        "speaker": turn.speaker,
        "start": iso(turn.start),
        "end": iso(turn.end),
        "outcome": turn.outcome,
        "paused": turn.paused,
    }


def encode_talk(talk: Talk) -> dict[str, Any]:
    """A JSON-ready copy; datetimes as ISO 8601 with offset."""
    return {
        "id": talk.id,
        "topic": talk.topic,
        "partners": list(talk.partners),
        "first_speaker": talk.first_speaker,
        "lengths": {
            "speak": talk.lengths.speak,
            "paraphrase": talk.lengths.paraphrase,
            "clarify": talk.lengths.clarify,
        },
        "preset": talk.preset,
        "created": iso(talk.created),
        "phase": talk.phase.value,
        "speaker": talk.speaker,
        "deadline": iso(talk.deadline),
        "paused": talk.paused,
        "paused_remaining": talk.paused_remaining,
        "paused_at": iso(talk.paused_at),
        "turn_start": iso(talk.turn_start),
        "turn_paused": talk.turn_paused,
        "pending_turn_end": iso(talk.pending_turn_end),
        "turns": [encode_turn(t) for t in talk.turns],
        "timeouts": talk.timeouts,
        "agreed": list(talk.agreed),
        "ended": iso(talk.ended),
        "phase_started": iso(talk.phase_started),
        "issue_id": talk.issue_id,
    }


def decode_turn(data: Any) -> Turn:
    """Rebuild one saved turn; raises TalkError if it is damaged."""
    try:
        return _parse_turn(data)
    except TalkError as exc:
        raise TalkError(f"A saved turn is damaged: {exc}") from None


def decode_talk(data: Any) -> Talk:
    """Rebuild a saved talk; raises TalkError if it is damaged."""
    if not isinstance(data, dict):
        raise TalkError("This saved talk is damaged: it is not a record.")
    try:
        talk = _load(data)
    except TalkError as exc:
        raise TalkError(f"This saved talk is damaged: {exc}") from None
    except KeyError as exc:
        raise TalkError(f"This saved talk is damaged: {exc.args[0]!r} is missing.") from None
    except (TypeError, ValueError, OverflowError) as exc:
        raise TalkError(f"This saved talk is damaged: {exc}") from None
    _check_consistent(talk)
    return talk


def _parse_turn(data: Any) -> Turn:
    if not isinstance(data, dict):
        raise TalkError("a turn is not a record.")
    speaker = _load_index(data, "speaker")
    start = _time(data, "start", required=True)
    end = _time(data, "end", required=True)
    outcome = data.get("outcome")
    if outcome not in OUTCOMES:
        raise TalkError(f"unknown turn outcome {_short(outcome)}.")
    paused = _load_float(data, "paused", default=0.0)
    if paused is None or paused < 0:
        raise TalkError("bad time-out length in a turn.")
    assert start is not None and end is not None
    if end < start:
        raise TalkError("a turn ends before it starts.")
    return Turn(speaker=speaker, start=start, end=end, outcome=outcome, paused=paused)


def _load(d: dict[str, Any]) -> Talk:
    talk_id = d["id"]
    if not is_id(talk_id):
        raise TalkError("bad id.")
    topic = d["topic"]
    if not isinstance(topic, str) or len(topic) > TOPIC_STORED_MAX:
        raise TalkError("bad topic.")
    partners = d["partners"]
    if not isinstance(partners, list | tuple):
        raise TalkError("bad partners.")
    lengths = d["lengths"]
    if not isinstance(lengths, dict):
        raise TalkError("bad turn lengths.")
    preset = d["preset"]
    if preset not in PRESET_NAMES:
        raise TalkError(f"unknown preset {_short(preset)}.")
    try:
        phase = Phase(d["phase"])
    except ValueError:
        raise TalkError(f"unknown phase {_short(d['phase'])}.") from None
    paused = d["paused"]
    if not isinstance(paused, bool):
        raise TalkError("bad paused flag.")
    timeouts = d["timeouts"]
    if isinstance(timeouts, bool) or not isinstance(timeouts, int) or not 0 <= timeouts <= 10_000:
        raise TalkError("bad time-out count.")
    turns = d["turns"]
    if not isinstance(turns, list) or len(turns) > TURNS_MAX:
        raise TalkError("bad turns.")
    issue_id = d.get("issue_id")
    if issue_id is not None and not is_id(issue_id):
        raise TalkError("bad issue id.")
    created = _time(d, "created", required=True)
    assert created is not None
    agreed = d.get("agreed", [phase is not Phase.GROUND_RULES] * 2)
    if not (isinstance(agreed, list | tuple) and len(agreed) == 2) or not all(
        isinstance(a, bool) for a in agreed
    ):
        raise TalkError("bad agreement to the ground rules.")
    return Talk(
        id=talk_id,
        topic=topic,
        partners=check_partners(partners),
        first_speaker=_load_index(d, "first_speaker"),
        lengths=TurnLengths(
            speak=_length(lengths, "speak"),
            paraphrase=_length(lengths, "paraphrase"),
            clarify=_length(lengths, "clarify", _clarify_default(preset)),
        ),
        preset=preset,
        created=created,
        phase=phase,
        speaker=_load_index(d, "speaker"),
        deadline=_time(d, "deadline"),
        paused=paused,
        paused_remaining=_load_float(d, "paused_remaining", default=None),
        paused_at=_time(d, "paused_at"),
        turn_start=_time(d, "turn_start"),
        turn_paused=_load_seconds_used(d, "turn_paused"),
        pending_turn_end=_time(d, "pending_turn_end"),
        turns=[_parse_turn(t) for t in turns],
        timeouts=timeouts,
        agreed=(agreed[0], agreed[1]),
        ended=_time(d, "ended"),
        phase_started=_time(d, "phase_started"),
        issue_id=issue_id,
    )


def _check_consistent(talk: Talk) -> None:
    """Refuse a record whose fields contradict its phase (it would crash the screen later)."""
    problem = None
    timed = talk.phase in TIMED_PHASES
    if talk.paused and talk.deadline is not None:
        problem = "it is paused but still has a deadline"
    elif not talk.paused and timed and talk.deadline is None:
        problem = "a timed phase has no deadline"
    elif not timed and talk.deadline is not None:
        problem = "an untimed phase has a deadline"
    elif not talk.paused and talk.paused_remaining is not None:
        problem = "it keeps paused time but is not paused"
    elif talk.paused and talk.phase in (Phase.CLOSING, Phase.ENDED):
        problem = "a finished talk cannot be paused"
    elif talk.phase in (*SPEAKING_PHASES, Phase.PARAPHRASE, Phase.CONFIRM) and (
        talk.turn_start is None
    ):
        problem = "a turn is under way but has no start"
    elif talk.phase in (Phase.PARAPHRASE, Phase.CONFIRM) and talk.pending_turn_end is None:
        problem = "a paraphrase is under way but the turn has no end"
    elif (talk.ended is None) != (talk.phase not in (Phase.CLOSING, Phase.ENDED)):
        problem = "its end time does not match its phase"
    if problem:
        raise TalkError(f"This saved talk is damaged: {problem}.")


def _short(value: Any) -> str:
    """A damaged value named in a message, cut short (a 5,000-digit number stays readable)."""
    text = repr(value) if not isinstance(value, int) else f"a number of {len(str(value))} digits"
    return text if len(text) <= 40 else text[:37] + "..."


def _clarify_default(preset: str) -> int:
    """A talk saved before clarifying had its own time: its preset's, else a minute."""
    return PRESETS[preset].clarify if preset in PRESETS else CLARIFY_DEFAULT


def _length(lengths: dict[str, Any], key: str, default: int | None = None) -> int:
    value = lengths[key] if default is None else lengths.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= LENGTH_MAX:
        raise TalkError(f"bad turn length {_short(value)}.")
    return value


def _load_index(d: dict[str, Any], key: str) -> int:
    value = d[key]
    if isinstance(value, bool) or not isinstance(value, int) or value not in (0, 1):
        raise TalkError(f"bad {key} {_short(value)}.")
    return int(value)


def _load_seconds_used(d: dict[str, Any], key: str) -> float:
    value = _load_float(d, key, default=0.0)
    if value is None or value < 0:
        raise TalkError(f"bad {key} {_short(value)}.")
    return value


def _load_float(d: dict[str, Any], key: str, default: float | None) -> float | None:
    value = d.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TalkError(f"bad {key} {_short(value)}.")
    if isinstance(value, int) and abs(value) > SECONDS_MAX:
        raise TalkError(f"bad {key} {_short(value)}.")
    value = float(value)
    if not math.isfinite(value) or abs(value) > SECONDS_MAX:
        raise TalkError(f"bad {key} {_short(value)}.")
    return value


def _time(d: dict[str, Any], key: str, required: bool = False) -> datetime | None:
    return load_time(d, key, TalkError, required)
