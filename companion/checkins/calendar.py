"""One month as the calendar shows it: each day's check-in and its status, talks and time-outs.

Reads only the live files and the archives of the years the month touches,
so a month costs the same after ten years. Call it off the event loop.
"""

from __future__ import annotations

import calendar as std_calendar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from companion.checkins import records
from companion.checkins.rules import CheckIn
from companion.checkins.schedule import Occurrence, Schedule, Status, local_at, status
from companion.store import Store, StoreError
from companion.talk.codec import decode_talk
from companion.talk.rules import TalkError
from companion.timeout import CoolDownError, decode_timeout
from companion.when import zone

TALKS_AREA = "talks"


@dataclass
class Day:
    """What one local day holds."""

    day: date
    occurrence: Occurrence | None = None
    status: Status | None = None
    checkins: list[CheckIn] = field(default_factory=list)
    """Check-ins held (or begun) that day, on the schedule or not."""
    talks: list[str] = field(default_factory=list)
    """The topics of talks begun that day."""
    timeouts: int = 0

    @property
    def marked(self) -> bool:
        return bool(self.occurrence or self.checkins or self.talks or self.timeouts)


@dataclass
class Month:
    """A month of days, Monday first, in the couple's zone."""

    year: int
    month: int
    tz: str
    today: date
    schedule: Schedule | None
    days: dict[date, Day]

    @property
    def weeks(self) -> list[list[date | None]]:
        """The month's weeks, Monday to Sunday; days of other months are None."""
        grid = std_calendar.Calendar(firstweekday=0).monthdatescalendar(self.year, self.month)
        return [[d if d.month == self.month else None for d in week] for week in grid]


def shift(year: int, month: int, by: int) -> tuple[int, int]:
    """The month `by` months away."""
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def month_view(store: Store, year: int, month: int, tz: str, now: datetime) -> Month:
    """Everything the calendar shows for one month."""
    schedule = records.load_schedule(store)
    if schedule is not None:
        tz = schedule.tz
    first = date(year, month, 1)
    last = date(*shift(year, month, 1), 1) - timedelta(days=1)
    lo = local_at(first, time(0), tz).astimezone(UTC)
    hi = local_at(last + timedelta(days=1), time(0), tz).astimezone(UTC) - timedelta(microseconds=1)
    years = sorted({lo.year, hi.year})
    days = {first + timedelta(days=n): Day(first + timedelta(days=n)) for n in range(last.day)}
    where = zone(tz)

    checkins = records.checkins_in_years(store, years)
    done = records.held(checkins)
    for checkin in checkins:
        entry = days.get(checkin.started.astimezone(where).date())
        if entry is not None:
            entry.checkins.append(checkin)
    if schedule is not None:
        for occ in schedule.occurrences(lo, hi):
            entry = days.get(occ.day)
            if entry is not None:
                entry.occurrence = occ
                entry.status = status(occ, now, done.get(occ.key))

    for row in _rows(store, TALKS_AREA, "talks", years):
        try:
            talk = decode_talk(row)
        except TalkError:
            continue  # the start-up check and doctor name a damaged record; here it is left out
        entry = days.get(talk.created.astimezone(where).date())
        if entry is not None:
            entry.talks.append(talk.topic)
    for row in _rows(store, TALKS_AREA, "timeouts", years):
        try:
            cooldown = decode_timeout(row)
        except CoolDownError:
            continue
        entry = days.get(cooldown.started.astimezone(where).date())
        if entry is not None:
            entry.timeouts += 1
    today = now.astimezone(where).date()
    return Month(year, month, tz, today, schedule, days)


def _rows(store: Store, area: str, table: str, years: list[int]) -> list[dict[str, Any]]:
    """A table's rows from the live file and the archives of `years` (one copy per id)."""
    if area not in store.areas:
        return []
    try:
        with store.read(area) as db:
            live = list(db.table(table).all())
        found: dict[Any, dict[str, Any]] = {}
        for year in years:
            path = store.archive_path(area, year)
            if path.exists():
                for row in store.read_archive(area, path).get(table, {}).values():
                    found[row.get("id")] = row
    except StoreError:
        return []
    for row in live:
        found[row.get("id")] = row
    return list(found.values())
