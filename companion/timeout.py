"""Time-outs: a pause of at least 20 minutes with an agreed time to come back.

Deliberately, nothing here records which partner called a time-out: it is a
shared tool, never a score. Every function takes the current moment (`now`,
an aware datetime) and the couple's IANA time zone name where local wall-clock
time matters, so the rules are testable and correct across DST changes.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from companion.errors import Refused
from companion.records import as_utc, is_id, iso, load_time
from companion.when import ZoneError, zone


class CoolDownError(Refused):
    """A time-out request the rules refuse, explained in one sentence."""


MIN_MINUTES = 20
DEFAULT_MINUTES = 20
MIN = timedelta(minutes=MIN_MINUTES)
MAX = timedelta(hours=24)
TOMORROW = "tomorrow"
PRESETS: tuple[int | str, ...] = (20, 30, 60, TOMORROW)
EXTENSION = timedelta(minutes=20)
OUTCOMES = frozenset({"resumed", "rescheduled", "ended", "undone"})
UNDO_WINDOW = timedelta(minutes=1)
"""How long a time-out pressed by mistake can be taken back."""

TOO_SOON = (
    "A time-out needs at least 20 minutes: "
    "that is about how long a body takes to settle after feeling flooded."
)
TOO_LATE = "A time-out can last at most until the same time tomorrow."
BAD_TIME = "Write a time like 19:45, or a number of minutes like 30."
EXTENDED_ALREADY = (
    "You have extended this time-out once already; choose a later time for the talk instead."
)
NOT_ACTIVE = "This time-out is already over."

_INPUT_MAX = 40
_MINUTES_WORD = r"(?:m|min|mins|minute|minutes)"
_HOURS_WORD = r"(?:h|hr|hrs|hour|hours)"
_CLOCK_RE = re.compile(r"(\d{1,2}):(\d{2})")
_MINUTES_RE = re.compile(rf"(\d+)\s*{_MINUTES_WORD}?", re.IGNORECASE)
_HOURS_RE = re.compile(
    rf"(\d+)\s*{_HOURS_WORD}\s*(?:(\d{{1,2}})\s*{_MINUTES_WORD}?)?", re.IGNORECASE
)


class TimeOutStep(StrEnum):
    """Every step of a time-out, by the same name from the key to the disk."""

    CHOOSE = "choose"
    """Agree a different return time."""
    EXTEND = "extend"
    COME_BACK = "come_back"
    LATER = "later"
    """Not ready yet: move the talk to a later time."""
    UNDO = "undo"
    END = "end"


ENDING_STEPS = frozenset(
    {TimeOutStep.COME_BACK, TimeOutStep.LATER, TimeOutStep.UNDO, TimeOutStep.END}
)
"""The steps after which the time-out is over."""


_NOT_NOW = {
    TimeOutStep.COME_BACK: "It isn't time to come back yet; the time-out runs until the time you chose.",
    TimeOutStep.EXTEND: "A time-out can be extended once, when its time is up.",
    TimeOutStep.LATER: "A talk can be moved to later once the time-out's time is up.",
    TimeOutStep.UNDO: "A time-out can only be taken back in its first minute.",
    TimeOutStep.CHOOSE: EXTENDED_ALREADY,
    TimeOutStep.END: NOT_ACTIVE,
}
"""Why a step is refused at this moment, in one sentence."""


def _zone(tz: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name, or a CoolDownError saying the name is unknown."""
    try:
        return zone(tz)
    except ZoneError as exc:
        raise CoolDownError(str(exc)) from None


def _at_local(
    day: Any, hour: int, minute: int, second: int, micro: int, where: ZoneInfo
) -> datetime:
    """A local wall-clock time on `day` as UTC (a time skipped by DST moves forward by the gap)."""
    local = datetime(day.year, day.month, day.day, hour, minute, second, micro, tzinfo=where)
    return local.astimezone(UTC)


def tomorrow_same_time(now: datetime, tz: str) -> datetime:
    """The same local wall-clock time tomorrow, in UTC (23, 24 or 25 hours away around DST)."""
    where = _zone(tz)
    local = _utc(now).astimezone(where)
    day = local.date() + timedelta(days=1)
    return _at_local(day, local.hour, local.minute, local.second, local.microsecond, where)


def earliest_return(now: datetime) -> datetime:
    """The earliest allowed return: 20 minutes after the current whole minute.

    The minute is floored so that someone who reads 18:30 on the clock can type
    18:50 even when the seconds have moved on.
    """
    return _utc(now).replace(second=0, microsecond=0) + MIN


def latest_return(now: datetime, tz: str) -> datetime:
    """The latest allowed return: 24 hours away or the same time tomorrow, whichever is later."""
    now = _utc(now)
    return max(now + MAX, tomorrow_same_time(now, tz))


def validate_return(now: datetime, return_at: datetime, tz: str) -> None:
    """Refuse a return time that is too soon (under 20 minutes) or too far (past tomorrow)."""
    now = _utc(now)
    return_at = _utc(return_at, "return_at")
    if return_at < earliest_return(now):
        raise CoolDownError(TOO_SOON)
    if return_at > latest_return(now, tz):
        raise CoolDownError(TOO_LATE)


def preset_return(preset: int | str, now: datetime, tz: str) -> datetime:
    """The return time for one of PRESETS: a number of minutes, or "tomorrow"."""
    now = _utc(now)
    if preset == TOMORROW:
        return tomorrow_same_time(now, tz)
    if preset not in PRESETS or isinstance(preset, bool) or not isinstance(preset, int):
        raise CoolDownError(f"Unknown time-out choice {preset!r}.")
    return now + timedelta(minutes=preset)


def parse_return_time(text: str, now: datetime, tz: str) -> datetime:
    """Read "19:45" (local; tomorrow if already past), "45", "45m" or "1h30" as a UTC time."""
    now = _utc(now)
    where = _zone(tz)
    if not isinstance(text, str):
        raise CoolDownError(BAD_TIME)
    cleaned = text.strip()
    if not cleaned or len(cleaned) > _INPUT_MAX:
        raise CoolDownError(BAD_TIME)

    if match := _CLOCK_RE.fullmatch(cleaned):
        hour, minute = int(match[1]), int(match[2])
        if hour > 23 or minute > 59:
            raise CoolDownError(f"There is no {cleaned} on a clock. {BAD_TIME}")
        today = now.astimezone(where).date()
        return_at = _at_local(today, hour, minute, 0, 0, where)
        if return_at < now:
            return_at = _at_local(today + timedelta(days=1), hour, minute, 0, 0, where)
    else:
        if match := _HOURS_RE.fullmatch(cleaned):
            extra = int(match[2]) if match[2] else 0
            if extra > 59:
                raise CoolDownError(BAD_TIME)
            minutes = int(match[1]) * 60 + extra
        elif match := _MINUTES_RE.fullmatch(cleaned):
            minutes = int(match[1])
        else:
            raise CoolDownError(BAD_TIME)
        if minutes > 2 * MAX // timedelta(minutes=1):
            raise CoolDownError(TOO_LATE)
        return_at = now + timedelta(minutes=minutes)
    validate_return(now, return_at, tz)
    return return_at


@dataclass
class TimeOut:
    """One time-out: when it started, when the couple agreed to come back, and how it ended."""

    id: str
    started: datetime
    return_at: datetime
    talk_id: str | None = None
    extended: bool = False
    ended: datetime | None = None
    outcome: str | None = None
    rescheduled_to: datetime | None = None

    @classmethod
    def start(
        cls, now: datetime, return_at: datetime, tz: str, talk_id: str | None = None
    ) -> TimeOut:
        """Begin a time-out that returns at `return_at` (20 minutes to tomorrow, else refused)."""
        now = _utc(now)
        return_at = _utc(return_at, "return_at")
        validate_return(now, return_at, tz)
        if talk_id is not None and not isinstance(talk_id, str):
            raise CoolDownError("talk_id must be text.")
        return cls(id=uuid.uuid4().hex, started=now, return_at=return_at, talk_id=talk_id)

    @property
    def active(self) -> bool:
        """Whether the time-out is still running (not resumed, rescheduled or ended)."""
        return self.outcome is None

    @property
    def counts(self) -> bool:
        """Whether this time-out counts as one: one pressed by mistake and undone does not."""
        return self.outcome != "undone"

    @property
    def can_extend(self) -> bool:
        """Whether the one allowed extension is still available."""
        return self.active and not self.extended

    def remaining(self, now: datetime) -> float:
        """Seconds until the agreed return (negative once it is past)."""
        return (self.return_at - _utc(now)).total_seconds()

    def is_due(self, now: datetime) -> bool:
        """Whether an active time-out has reached its return time."""
        return self.active and _utc(now) >= self.return_at

    def _require_active(self) -> None:
        if not self.active:
            raise CoolDownError(NOT_ACTIVE)

    def extend(self, now: datetime) -> None:
        """Twenty more minutes, once: from the agreed return, or from now if that has passed."""
        now = _utc(now)
        self._require_active()
        if self.extended:
            raise CoolDownError(EXTENDED_ALREADY)
        self.return_at = max(self.return_at, now) + EXTENSION
        self.extended = True

    def _close(self, now: datetime, outcome: str) -> None:
        self.ended = now
        self.outcome = outcome

    def come_back(self, now: datetime) -> None:
        """Both are back: the time-out is over and the talk can continue."""
        now = _utc(now)
        self._require_active()
        self._close(now, "resumed")

    def later(self, now: datetime, when: datetime) -> None:
        """Not ready yet: the talk is moved to a later time `when`."""
        now = _utc(now)
        when = _utc(when, "when")
        self._require_active()
        if when <= now:
            raise CoolDownError("Choose a time for the talk that is still ahead.")
        self._close(now, "rescheduled")
        self.rescheduled_to = when

    def choose(self, now: datetime, return_at: datetime, tz: str) -> None:
        """Agree a different return time: at least 20 minutes after the time-out began."""
        now = _utc(now)
        return_at = _utc(return_at, "return_at")
        self._require_active()
        if self.extended:
            raise CoolDownError(EXTENDED_ALREADY)
        validate_return(self.started, return_at, tz)
        if return_at <= now:
            raise CoolDownError("Choose a return time that is still ahead.")
        self.return_at = return_at

    def allowed(self, now: datetime) -> frozenset[TimeOutStep]:
        """What the couple may do now: choose the return time until they extend;
        come back, extend (once) or move the talk later once the time is up;
        undo in the first minute; end at any time."""
        if not self.active:
            return frozenset()
        allowed = {TimeOutStep.END}
        if not self.extended:
            allowed.add(TimeOutStep.CHOOSE)
        if self.can_undo(now):
            allowed.add(TimeOutStep.UNDO)
        if self.is_due(now):
            allowed.add(TimeOutStep.COME_BACK)
            if self.can_extend:
                allowed.add(TimeOutStep.EXTEND)
            if self.talk_id is not None:
                allowed.add(TimeOutStep.LATER)
        return frozenset(allowed)

    def take(self, step: TimeOutStep | str, now: datetime, *args: Any) -> TimeOut:
        """Take one step by name (from a key, the CLI or the disk); returns this time-out."""
        try:
            known = TimeOutStep(step)
        except ValueError:
            raise CoolDownError(f"There is no time-out step called {step!r}.") from None
        if known not in self.allowed(_utc(now)):
            if not self.active:
                raise CoolDownError(NOT_ACTIVE)
            if self.extended and known in (TimeOutStep.EXTEND, TimeOutStep.CHOOSE):
                raise CoolDownError(EXTENDED_ALREADY)
            raise CoolDownError(_NOT_NOW[known])
        STEPS[known](self, now, *args)
        return self

    def choices_start(self, now: datetime) -> datetime:
        """What "20 min" or "30 min" count from: the start, or now once extended."""
        return _utc(now) if self.extended else self.started

    def can_undo(self, now: datetime) -> bool:
        """Within the first minute, a time-out pressed by mistake can be taken back."""
        return self.active and _utc(now) - self.started <= UNDO_WINDOW

    def undo(self, now: datetime) -> None:
        """Take back a time-out pressed by mistake (only in its first minute)."""
        now = _utc(now)
        if not self.can_undo(now):
            raise CoolDownError("A time-out can only be taken back in its first minute.")
        self._close(now, "undone")

    def end(self, now: datetime) -> None:
        """The time-out ends without going back to the talk."""
        now = _utc(now)
        self._require_active()
        self._close(now, "ended")


def take_unsaved(cooldown: TimeOut, step: TimeOutStep | str, now: datetime, *args: Any) -> TimeOut:
    """One step of a time-out that cannot be saved (its files cannot be written): by the same
    rules as a saved one, on a copy, which is returned as a saved step returns the record."""
    return replace(cooldown).take(step, now, *args)


def counted(cooldowns: list[TimeOut]) -> list[TimeOut]:
    """The time-outs that count: the ones a talk's summary adds up and its details list."""
    return [cooldown for cooldown in cooldowns if cooldown.counts]


STEPS: dict[TimeOutStep, Callable[..., Any]] = {
    TimeOutStep.CHOOSE: TimeOut.choose,
    TimeOutStep.EXTEND: TimeOut.extend,
    TimeOutStep.COME_BACK: TimeOut.come_back,
    TimeOutStep.LATER: TimeOut.later,
    TimeOutStep.UNDO: TimeOut.undo,
    TimeOutStep.END: TimeOut.end,
}
"""Each step and the method that takes it: dispatched by this table, never by name lookup."""


def encode_timeout(cooldown: TimeOut) -> dict[str, Any]:
    """A JSON-ready copy; datetimes as ISO 8601 with offset."""
    return {
        "id": cooldown.id,
        "started": iso(cooldown.started),
        "return_at": iso(cooldown.return_at),
        "talk_id": cooldown.talk_id,
        "extended": cooldown.extended,
        "ended": iso(cooldown.ended),
        "outcome": cooldown.outcome,
        "rescheduled_to": iso(cooldown.rescheduled_to),
    }


def decode_timeout(data: Any) -> TimeOut:
    """Rebuild a saved time-out; raises CoolDownError if it is damaged."""
    try:
        return _parse_timeout(data)
    except CoolDownError as exc:
        raise CoolDownError(f"This saved time-out is damaged: {exc}") from None
    except (TypeError, ValueError, OverflowError) as exc:
        raise CoolDownError(f"This saved time-out is damaged: {exc}") from None


def _parse_timeout(d: Any) -> TimeOut:
    if not isinstance(d, dict):
        raise CoolDownError("it is not a record.")
    timeout_id = d.get("id")
    if not is_id(timeout_id):
        raise CoolDownError("bad id.")
    talk_id = d.get("talk_id")
    if talk_id is not None and not is_id(talk_id):
        raise CoolDownError("bad talk id.")
    extended = d.get("extended", False)
    if not isinstance(extended, bool):
        raise CoolDownError("bad extended flag.")
    outcome = d.get("outcome")
    if outcome is not None and (not isinstance(outcome, str) or outcome not in OUTCOMES):
        raise CoolDownError(f"unknown outcome {str(outcome)[:40]!r}.")
    started = _load_time(d, "started", required=True)
    return_at = _load_time(d, "return_at", required=True)
    ended = _load_time(d, "ended")
    rescheduled_to = _load_time(d, "rescheduled_to")
    assert started is not None and return_at is not None
    if return_at < started:
        raise CoolDownError("it returns before it starts.")
    if (ended is None) != (outcome is None):
        raise CoolDownError("its end time does not match its outcome.")
    if (rescheduled_to is None) != (outcome != "rescheduled"):
        raise CoolDownError("its new talk time does not match its outcome.")
    return TimeOut(
        id=timeout_id,
        started=started,
        return_at=return_at,
        talk_id=talk_id,
        extended=extended,
        ended=ended,
        outcome=outcome,
        rescheduled_to=rescheduled_to,
    )


def _utc(value: Any, what: str = "now") -> datetime:
    return as_utc(value, what, CoolDownError)


def _load_time(d: dict[str, Any], key: str, required: bool = False) -> datetime | None:
    return load_time(d, key, CoolDownError, required)
