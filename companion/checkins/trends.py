"""Over months: how connected each partner felt at each check-in, and how many were kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from companion.checkins.records import statuses
from companion.checkins.rules import CheckIn, Stage
from companion.checkins.schedule import Schedule, Status


@dataclass(frozen=True)
class Point:
    """One held check-in's ratings, one per partner (None where one was not given)."""

    when: datetime
    ratings: tuple[int | None, ...]


@dataclass(frozen=True)
class Kept:
    """Check-ins held, missed and skipped on purpose, up to now."""

    kept: int
    missed: int
    skipped: int

    @property
    def percent(self) -> int | None:
        """The share kept of those that were not skipped, in whole percent (None: none yet)."""
        counted = self.kept + self.missed
        return None if counted == 0 else round(100 * self.kept / counted)


def ratings_over_time(checkins: Sequence[CheckIn]) -> list[Point]:
    """Every finished check-in's ratings, oldest first."""
    done = sorted((c for c in checkins if c.stage is Stage.DONE), key=lambda c: c.started)
    return [Point(c.started, tuple(c.ratings)) for c in done]


def kept_share(schedule: Schedule, checkins: Sequence[CheckIn], now: datetime) -> Kept:
    """How many planned check-ins so far were held, missed or skipped (the one due now not yet)."""
    start = min(s.start for s in schedule.series) - timedelta(days=1)
    kept = missed = skipped = 0
    for _occ, state in statuses(schedule, checkins, start, now, now):
        if state is Status.DONE:
            kept += 1
        elif state is Status.MISSED:
            missed += 1
        elif state is Status.SKIPPED:
            skipped += 1
    return Kept(kept, missed, skipped)
