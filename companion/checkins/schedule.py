"""When check-ins fall: an RFC 5545 recurrence in the couple's zone, expanded with dateutil.

A schedule is one or more series. Each series is an RRULE string
("FREQ=WEEKLY;INTERVAL=2;BYDAY=SU") with a DTSTART that is an aware local
time in an IANA zone, so a 19:00 check-in stays at 19:00 local across DST.
A local time that a DST change skips is read as RFC 5545 says (with the
offset before the gap), so 02:30 on a spring-forward night becomes 03:30,
the next valid local time, exactly as a calendar app importing the .ics reads
it. Changing the cadence closes the current series at its last past
occurrence (an UNTIL) and opens a new one, so past check-ins keep their dates.

One occurrence can be skipped with a reason (an EXDATE) or moved (an
override, RECURRENCE-ID in the .ics) without touching the series. An
occurrence is known by its original start in UTC, ISO 8601 (its `key`).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr  # type: ignore[import-untyped]

from companion.errors import Refused
from companion.records import as_utc
from companion.text import TextError, clean_line
from companion.when import ZoneError, validate_tz, zone


class ScheduleError(Refused):
    """A schedule change the rules refuse, in one sentence."""


WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_ARGS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

DEFAULT_EVERY_WEEKS = 2
DEFAULT_WEEKDAY = 6  # Sunday
DEFAULT_TIME = time(19, 0)
EVERY_WEEKS = range(1, 5)
LENGTH = timedelta(minutes=30)
"""How long a check-in is planned to take (the event's length in a calendar app)."""
DUE_AHEAD = timedelta(hours=24)
"""A check-in is due from a day before it starts..."""
GRACE = timedelta(hours=24)
"""...until a day after; after that, one not held is missed."""
REASON_MAX = 200

_RULE_RE = re.compile(r"FREQ=WEEKLY;INTERVAL=([1-4]);BYDAY=(MO|TU|WE|TH|FR|SA|SU)")


class Status(StrEnum):
    """Where one occurrence stands for the couple."""

    UPCOMING = "upcoming"
    DUE = "due"
    STARTED = "started"
    DONE = "done"
    SKIPPED = "skipped"
    MISSED = "missed"


class ScheduleStep(StrEnum):
    """Every change to the schedule, by the same name from the key to the disk."""

    SET = "set"
    SKIP = "skip"
    UNSKIP = "unskip"
    MOVE = "move"
    UNMOVE = "unmove"


def rule_text(every_weeks: int, weekday: int) -> str:
    """The RRULE of a cadence: "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU"."""
    return f"FREQ=WEEKLY;INTERVAL={every_weeks};BYDAY={WEEKDAY_CODES[weekday]}"


def parse_rule(rule: str) -> tuple[int, int]:
    """(every_weeks, weekday) of an RRULE this schedule writes; ScheduleError otherwise."""
    match = _RULE_RE.fullmatch(rule) if isinstance(rule, str) else None
    if match is None:
        raise ScheduleError(f"{str(rule)[:60]!r} is not a weekly rule Companion writes.")
    return int(match[1]), WEEKDAY_CODES.index(match[2])


def key_of(original: datetime) -> str:
    """An occurrence's key: its original start in UTC, ISO 8601."""
    return as_utc(original, "original", ScheduleError).isoformat()


def local_at(day: date, at: time, tz: str) -> datetime:
    """A wall-clock time on `day` in `tz`, as a real moment in that zone.

    A time a DST change skips is read with the offset before the gap (RFC
    5545), which lands on the next valid local time: 02:30 becomes 03:30.
    """
    naive = datetime.combine(day, at.replace(tzinfo=None, fold=0))
    return naive.replace(tzinfo=zone(tz)).astimezone(UTC).astimezone(zone(tz))


@dataclass(frozen=True)
class Series:
    """One stretch of the recurrence: a rule from DTSTART, up to an UNTIL once closed."""

    rule: str
    tz: str
    start: datetime
    """DTSTART: the first occurrence, aware, in `tz` (a wall-clock time)."""
    until: datetime | None = None
    """The last occurrence's start in UTC, once the cadence changed; None while current."""

    @property
    def every_weeks(self) -> int:
        return parse_rule(self.rule)[0]

    @property
    def weekday(self) -> int:
        return parse_rule(self.rule)[1]

    @property
    def at(self) -> time:
        """The wall-clock time it recurs at."""
        return time(self.start.hour, self.start.minute)

    @property
    def full_rule(self) -> str:
        """The RRULE with its UNTIL (in UTC, as RFC 5545 asks with a zoned DTSTART)."""
        if self.until is None:
            return self.rule
        return f"{self.rule};UNTIL={self.until.astimezone(UTC):%Y%m%dT%H%M%SZ}"

    def originals(self, after: datetime, before: datetime) -> list[datetime]:
        """Original starts in [after, before], in UTC, each at its local wall-clock time."""
        where = zone(self.tz)
        naive_start = self.start.replace(tzinfo=None)
        # dateutil keeps the wall-clock fields; the zone gives each date its own offset.
        recurrence = rrulestr(self.full_rule, dtstart=naive_start.replace(tzinfo=where))
        lo = after.astimezone(where) - timedelta(days=1)
        hi = before.astimezone(where) + timedelta(days=1)
        found = []
        for dt in recurrence.between(lo, hi, inc=True):
            # Re-read the wall-clock time in the zone: a skipped time moves past the gap.
            moment = local_at(dt.date(), time(dt.hour, dt.minute), self.tz).astimezone(UTC)
            if after <= moment <= before:
                found.append(moment)
        return found

    def first_after(self, moment: datetime) -> datetime | None:
        """The first original start strictly after `moment` (UTC), if the series has one."""
        for weeks in (6, 60):
            found = [
                m for m in self.originals(moment, moment + timedelta(weeks=weeks)) if m > moment
            ]
            if found:
                return found[0]
        return None


@dataclass(frozen=True)
class Skip:
    """Why one occurrence is skipped, and when that was decided."""

    reason: str
    decided: datetime


@dataclass(frozen=True)
class Occurrence:
    """One check-in of the schedule: when it was meant to be, and when it is."""

    key: str
    original: datetime
    start: datetime
    tz: str
    skip: Skip | None = None
    moved: bool = False

    @property
    def local(self) -> datetime:
        """The start in the couple's zone."""
        return self.start.astimezone(zone(self.tz))

    @property
    def day(self) -> date:
        return self.local.date()


@dataclass
class Schedule:
    """The couple's check-ins: a stable UID, the series, and the one-off changes."""

    uid: str
    series: list[Series]
    skipped: dict[str, Skip] = field(default_factory=dict)
    moved: dict[str, datetime] = field(default_factory=dict)
    """Original key -> the new start (UTC)."""
    sequence: int = 0
    """Bumped on every change, so a calendar app takes the newest export."""
    changed: datetime | None = None

    # -- creation -------------------------------------------------------------
    @classmethod
    def new(
        cls,
        now: datetime,
        tz: str,
        every_weeks: int = DEFAULT_EVERY_WEEKS,
        weekday: int = DEFAULT_WEEKDAY,
        at: time = DEFAULT_TIME,
        start: date | None = None,
    ) -> Schedule:
        """A schedule whose first check-in is the first matching day on or after `start`."""
        now = _utc(now)
        series = _new_series(now, tz, every_weeks, weekday, at, start, after_day=None)
        return cls(uid=f"{uuid.uuid4()}@companion", series=[series], changed=now)

    # -- reading --------------------------------------------------------------
    @property
    def current(self) -> Series:
        return self.series[-1]

    @property
    def tz(self) -> str:
        return self.current.tz

    def occurrences(self, after: datetime, before: datetime) -> list[Occurrence]:
        """Every occurrence whose start (moved or not) falls in [after, before], in order."""
        after, before = _utc(after), _utc(before, "before")
        margin = timedelta(weeks=5)  # a move stays between its neighbours (at most 4 weeks)
        found = []
        for series in self.series:
            for original in series.originals(after - margin, before + margin):
                key = key_of(original)
                start = self.moved.get(key, original)
                if after <= start <= before:
                    found.append(
                        Occurrence(
                            key=key,
                            original=original,
                            start=start,
                            tz=series.tz,
                            skip=self.skipped.get(key),
                            moved=key in self.moved,
                        )
                    )
        return sorted(found, key=lambda o: o.start)

    def find(self, key: str) -> Occurrence | None:
        """The occurrence with this key, if the schedule has one."""
        try:
            original = datetime.fromisoformat(key)
        except (TypeError, ValueError):
            return None
        if original.tzinfo is None:
            return None
        for occ in self.occurrences(original - timedelta(weeks=5), original + timedelta(weeks=5)):
            if occ.key == key:
                return occ
        return None

    def on_day(self, day: date) -> Occurrence | None:
        """The occurrence that starts on a local day, if any (there is at most one)."""
        where = zone(self.tz)
        lo = datetime.combine(day, time(0), tzinfo=where)
        found = self.occurrences(lo, lo + timedelta(days=1) - timedelta(microseconds=1))
        return found[0] if found else None

    def upcoming(self, now: datetime, count: int) -> list[Occurrence]:
        """The next `count` occurrences that start at or after `now`, skipped ones included."""
        now = _utc(now)
        found: list[Occurrence] = []
        weeks = max(8, count * 5)
        while len(found) < count and weeks < 52 * 50:
            found = self.occurrences(now, now + timedelta(weeks=weeks))
            weeks *= 4
        return found[:count]

    # -- steps ------------------------------------------------------------------
    def allowed(self, now: datetime) -> frozenset[ScheduleStep]:
        """Every change may be asked for at any time; each step checks its occurrence."""
        return frozenset(ScheduleStep)

    def take(self, step: ScheduleStep | str, now: datetime, *args: Any) -> Schedule:
        """Take one step by name (from a key, the CLI or the disk); returns this schedule."""
        try:
            known = ScheduleStep(step)
        except ValueError:
            raise ScheduleError(f"There is no schedule step called {step!r}.") from None
        STEPS[known](self, _utc(now), *args)
        self.sequence += 1
        self.changed = _utc(now)
        return self

    def set_cadence(
        self,
        now: datetime,
        every_weeks: int,
        weekday: int,
        at: time,
        tz: str,
        start: date | None = None,
    ) -> None:
        """A new cadence from now on; every occurrence before now keeps its date."""
        current = self.current
        if (
            start is None
            and tz == current.tz
            and current.rule == rule_text(_every(every_weeks), _weekday(weekday))
            and current.at == at
        ):
            raise ScheduleError("That is already the schedule; nothing to change.")
        kept: list[Series] = []
        last_kept: datetime | None = None
        for series in self.series:
            if series.start.astimezone(UTC) > now:
                continue  # it had not begun: nothing of it is past
            past = series.originals(series.start.astimezone(UTC), now)
            if series.until is not None:
                past = [p for p in past if p <= series.until]
            if not past:
                continue
            kept.append(replace(series, until=past[-1]))
            last_kept = past[-1]
        after_day = None
        if last_kept is not None:
            after_day = last_kept.astimezone(zone(kept[-1].tz)).date()
        kept.append(_new_series(now, tz, every_weeks, weekday, at, start, after_day))
        self.series = kept
        # One-off changes to occurrences that were still ahead belonged to the old cadence.
        self.skipped = {k: v for k, v in self.skipped.items() if _before(k, now)}
        self.moved = {k: v for k, v in self.moved.items() if _before(k, now)}

    def skip(self, now: datetime, key: str, reason: str = "") -> None:
        """Skip one occurrence (an EXDATE), with a reason; the series is untouched."""
        occ = self._occurrence(key)
        if occ.skip is not None:
            raise ScheduleError("That check-in is already skipped.")
        try:
            text = clean_line(reason or "", what="reason", max_len=REASON_MAX, required=False)
        except TextError as exc:
            raise ScheduleError(str(exc)) from None
        self.skipped[key] = Skip(reason=text, decided=now)

    def unskip(self, now: datetime, key: str) -> None:
        """Keep a skipped occurrence after all."""
        if key not in self.skipped:
            raise ScheduleError("That check-in is not skipped.")
        del self.skipped[key]

    def move(self, now: datetime, key: str, when: datetime) -> None:
        """Move one occurrence to another time, between its neighbours; the series is untouched."""
        when = _utc(when, "when")
        occ = self._occurrence(key)
        if when <= now:
            raise ScheduleError("Choose a time for the check-in that is still ahead.")
        series = next(s for s in reversed(self.series) if s.start.astimezone(UTC) <= occ.original)
        before = series.originals(occ.original - timedelta(weeks=5), occ.original)
        previous = [p for p in before if p < occ.original]
        following = series.first_after(occ.original)
        if series.until is not None and following is not None and following > series.until:
            following = None
        if previous and when <= previous[-1]:
            raise ScheduleError("A moved check-in stays after the one before it.")
        if following is not None and when >= following:
            raise ScheduleError("A moved check-in stays before the next one; skip it instead.")
        if when == occ.original:
            self.moved.pop(key, None)
        else:
            self.moved[key] = when

    def unmove(self, now: datetime, key: str) -> None:
        """Put a moved occurrence back at its usual time."""
        if key not in self.moved:
            raise ScheduleError("That check-in is at its usual time already.")
        del self.moved[key]

    def _occurrence(self, key: str) -> Occurrence:
        occ = self.find(key)
        if occ is None:
            raise ScheduleError("There is no check-in planned at that time.")
        return occ


STEPS: dict[ScheduleStep, Callable[..., Any]] = {
    ScheduleStep.SET: Schedule.set_cadence,
    ScheduleStep.SKIP: Schedule.skip,
    ScheduleStep.UNSKIP: Schedule.unskip,
    ScheduleStep.MOVE: Schedule.move,
    ScheduleStep.UNMOVE: Schedule.unmove,
}
"""Each step and the method that takes it: dispatched by this table, never by name lookup."""


def status(occ: Occurrence, now: datetime, held: str | None = None) -> Status:
    """Where an occurrence stands: `held` is "done" or "started" when a check-in is linked to it."""
    now = _utc(now)
    if held == "done":
        return Status.DONE
    if held == "started":
        return Status.STARTED
    if occ.skip is not None:
        return Status.SKIPPED
    if now < occ.start - DUE_AHEAD:
        return Status.UPCOMING
    if now < occ.start + GRACE:
        return Status.DUE
    return Status.MISSED


def describe(start: datetime, tz: str, now: datetime) -> str:
    """A check-in's time for people: "Sunday 7 December, 19:00 - in 13 days"."""
    local = _utc(start, "start").astimezone(zone(tz))
    today = _utc(now).astimezone(zone(tz)).date()
    days = (local.date() - today).days
    if days == 0:
        when = "today"
    elif days == 1:
        when = "tomorrow"
    elif days == -1:
        when = "yesterday"
    elif days > 1:
        when = f"in {days} days"
    else:
        when = f"{-days} days ago"
    return f"{long_day(local.date())}, {local:%H:%M} - {when}"


def long_day(day: date) -> str:
    """ "Sunday 7 December"."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]}"


def cadence_words(series: Series) -> str:
    """ "Every 2 weeks on Sunday at 19:00"."""
    weeks = "Every week" if series.every_weeks == 1 else f"Every {series.every_weeks} weeks"
    return f"{weeks} on {WEEKDAY_NAMES[series.weekday]} at {series.at:%H:%M}"


def parse_weekday(text: str) -> int:
    """mon..sun (or the full name, any case) as 0..6."""
    word = (text or "").strip().lower()[:3]
    if word in WEEKDAY_ARGS:
        return WEEKDAY_ARGS.index(word)
    raise ScheduleError(f"Choose a day from mon to sun, not {str(text)[:20]!r}.")


def parse_time(text: str) -> time:
    """A time of day "19:00" (24-hour)."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text or "")
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ScheduleError(f"Write the time like 19:00, not {str(text)[:20]!r}.")
    return time(int(match[1]), int(match[2]))


def parse_date(text: str) -> date:
    """A date "2026-03-15"."""
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise ScheduleError(f"Write the date like 2026-03-15, not {str(text)[:20]!r}.") from None


def check_zone(tz: str) -> str:
    try:
        return validate_tz(tz)
    except ZoneError as exc:
        raise ScheduleError(str(exc)) from None


def _every(every_weeks: Any) -> int:
    if isinstance(every_weeks, bool) or not isinstance(every_weeks, int):
        raise ScheduleError("Choose every 1, 2, 3 or 4 weeks.")
    if every_weeks not in EVERY_WEEKS:
        raise ScheduleError(f"Choose every 1, 2, 3 or 4 weeks, not every {every_weeks}.")
    return every_weeks


def _weekday(weekday: Any) -> int:
    if isinstance(weekday, bool) or not isinstance(weekday, int) or weekday not in range(7):
        raise ScheduleError("Choose a day of the week.")
    return weekday


def _new_series(
    now: datetime,
    tz: str,
    every_weeks: int,
    weekday: int,
    at: time,
    start: date | None,
    after_day: date | None,
) -> Series:
    """The series that begins at the first matching day on or after `start` that is still ahead
    (and after `after_day`, the day of the last occurrence kept from before)."""
    tz = check_zone(tz)
    rule = rule_text(_every(every_weeks), _weekday(weekday))
    if not isinstance(at, time):
        raise ScheduleError("Choose a time of day.")
    at = time(at.hour, at.minute)
    where: ZoneInfo = zone(tz)
    day = max(start or date.min, now.astimezone(where).date())
    if after_day is not None:
        day = max(day, after_day + timedelta(days=1))
    day += timedelta(days=(weekday - day.weekday()) % 7)
    first = local_at(day, at, tz)
    if first.astimezone(UTC) <= now:
        first = local_at(day + timedelta(weeks=1), at, tz)
    # DTSTART keeps the wall-clock time asked for; a skipped hour is moved on expansion.
    dtstart = datetime.combine(first.date(), at, tzinfo=where)
    return Series(rule=rule, tz=tz, start=dtstart)


def _before(key: str, now: datetime) -> bool:
    try:
        return datetime.fromisoformat(key) < now
    except (TypeError, ValueError):
        return False


def _utc(value: Any, what: str = "now") -> datetime:
    return as_utc(value, what, ScheduleError)
