"""Commitments over time: the cadence, and the quiet view of weeks and months (a fake clock)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from companion.clock import FakeClock
from companion.repair import (
    CADENCES,
    Cadence,
    Commitment,
    How,
    Mark,
    RepairError,
    Report,
    next_cadence,
)


def made(clock: FakeClock, days: int = 7) -> Commitment:
    return Commitment("c1", "Call at lunch", "Alex", Cadence(days), clock.now())


def test_cadence_labels_and_limits() -> None:
    assert [c.label for c in CADENCES] == [
        "every day",
        "every 2 days",
        "every 3 days",
        "every week",
        "every two weeks",
    ]
    for bad in (0, 91, True, "7"):
        with pytest.raises(RepairError):
            Cadence(bad)  # type: ignore[arg-type]
    assert next_cadence(Cadence(14)) == Cadence(1)
    assert next_cadence(Cadence(5)) == Cadence(1)
    assert next_cadence(Cadence(1)) == Cadence(2)


def test_cadence_counts_the_occasions_and_finds_the_next_day() -> None:
    start = date(2026, 3, 14)
    weekly, daily = Cadence(7), Cadence(1)
    assert weekly.occasions(start, start) == 1
    assert weekly.occasions(start, start + timedelta(days=13)) == 2
    assert weekly.occasions(start, start + timedelta(days=14)) == 3
    assert daily.occasions(start, start + timedelta(days=6)) == 7
    assert weekly.occasions(start, start - timedelta(days=1)) == 0
    assert weekly.next_after(start, start + timedelta(days=1)) == start + timedelta(days=7)
    assert weekly.next_after(start, start + timedelta(days=7)) == start + timedelta(days=7)
    assert Cadence(3).next_after(start, start + timedelta(days=4)) == start + timedelta(days=6)


def test_weeks_show_what_was_said_and_nothing_before_it_was_made(clock: FakeClock) -> None:
    commitment = made(clock)
    clock.advance(timedelta(days=2))
    commitment.reports.append(Report(clock.now(), How.NOT_YET))
    commitment.reports.append(Report(clock.now(), How.PARTLY))
    clock.advance(timedelta(days=14))
    commitment.reports.append(Report(clock.now(), How.KEPT))
    clock.advance(timedelta(days=8))
    today = clock.now().date()
    marks = commitment.weeks(today, 8)
    assert len(marks) == 4  # made 24 days ago: four weeks, not eight
    assert marks == [Mark.PARTLY, Mark.NOT_SAID, Mark.KEPT, Mark.NOT_SAID]
    assert commitment.consistency(today, 8) == (2, 4)


def test_months_for_the_long_view(clock: FakeClock) -> None:
    commitment = made(clock)  # 14 March 2026
    for days in (1, 8, 20, 40):  # 15 and 22 March, 3 and 23 April
        at = clock.now() + timedelta(days=days)
        commitment.reports.append(Report(at, How.KEPT if days != 8 else How.NOT_YET))
    months = commitment.months(date(2026, 5, 2), 6)
    assert months == [(date(2026, 3, 1), 1, 2), (date(2026, 4, 1), 2, 2), (date(2026, 5, 1), 0, 0)]
