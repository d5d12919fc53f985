"""The check-in schedule: RFC 5545 recurrence in the couple's zone, skips, moves, cadence changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from companion.checkins import records
from companion.checkins.codec import decode_schedule, encode_schedule
from companion.checkins.rules import CheckIn
from companion.checkins.schedule import (
    Schedule,
    ScheduleError,
    ScheduleStep,
    Status,
    describe,
    parse_time,
    parse_weekday,
    status,
)
from companion.clock import FakeClock
from companion.store import Store

SUN, TUE = 6, 1


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local_times(schedule: Schedule, after: datetime, weeks: int) -> list[str]:
    """Each occurrence as local ISO with its offset: what a person in that zone reads."""
    found = schedule.occurrences(after, after + timedelta(weeks=weeks))
    return [o.local.isoformat(timespec="minutes") for o in found]


# -- the default and DST ------------------------------------------------------------------------


def test_the_default_is_every_two_weeks_on_sunday_at_seven_in_the_evening() -> None:
    now = utc(2026, 3, 14, 18, 30)  # a Saturday
    schedule = Schedule.new(now, "Europe/London")
    assert schedule.current.rule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU"
    assert local_times(schedule, now, 5) == [
        "2026-03-15T19:00+00:00",
        "2026-03-29T19:00+01:00",  # British Summer Time began that morning
        "2026-04-12T19:00+01:00",
    ]
    assert schedule.uid.endswith("@companion")


def test_berlin_keeps_seven_pm_when_summer_time_begins_and_ends() -> None:
    spring = Schedule.new(utc(2026, 3, 16), "Europe/Berlin", 1, SUN, time(19, 0))
    assert local_times(spring, utc(2026, 3, 16), 2) == [
        "2026-03-22T19:00+01:00",
        "2026-03-29T19:00+02:00",  # clocks went forward at 02:00 that day
    ]
    starts = [o.start for o in spring.occurrences(utc(2026, 3, 16), utc(2026, 3, 30))]
    assert starts == [utc(2026, 3, 22, 18), utc(2026, 3, 29, 17)]  # 23 h less a week apart in UTC

    autumn = Schedule.new(utc(2026, 10, 19), "Europe/Berlin", 1, SUN, time(19, 0))
    assert local_times(autumn, utc(2026, 10, 19), 2) == [
        "2026-10-25T19:00+01:00",  # clocks went back at 03:00 that day
        "2026-11-01T19:00+01:00",
    ]
    before = Schedule.new(utc(2026, 10, 12), "Europe/Berlin", 1, SUN, time(19, 0))
    assert local_times(before, utc(2026, 10, 12), 2)[0] == "2026-10-18T19:00+02:00"


def test_new_york_keeps_seven_pm_when_daylight_saving_begins_and_ends() -> None:
    spring = Schedule.new(utc(2026, 3, 2), "America/New_York", 1, SUN, time(19, 0))
    assert local_times(spring, utc(2026, 3, 2), 2) == [
        "2026-03-08T19:00-04:00",  # DST began at 02:00 that morning
        "2026-03-15T19:00-04:00",
    ]
    assert [o.start for o in spring.occurrences(utc(2026, 2, 28), utc(2026, 3, 9))] == [
        utc(2026, 3, 8, 23)
    ]
    earlier = Schedule.new(utc(2026, 2, 23), "America/New_York", 1, SUN, time(19, 0))
    assert local_times(earlier, utc(2026, 2, 23), 2) == [
        "2026-03-01T19:00-05:00",
        "2026-03-08T19:00-04:00",
    ]
    autumn = Schedule.new(utc(2026, 10, 26), "America/New_York", 1, SUN, time(19, 0))
    assert local_times(autumn, utc(2026, 10, 26), 2) == [
        "2026-11-01T19:00-05:00",  # DST ended at 02:00 that morning
        "2026-11-08T19:00-05:00",
    ]


def test_a_time_the_clocks_skip_moves_to_the_next_valid_local_time() -> None:
    # 02:30 does not exist in Berlin on 29 March 2026: the clocks jump from 02:00 to 03:00.
    schedule = Schedule.new(utc(2026, 3, 16), "Europe/Berlin", 1, SUN, time(2, 30))
    assert local_times(schedule, utc(2026, 3, 16), 3) == [
        "2026-03-22T02:30+01:00",
        "2026-03-29T03:30+02:00",  # as RFC 5545 (and so the phone's calendar) reads it
        "2026-04-05T02:30+02:00",  # and back to 02:30 the week after
    ]
    # Starting on that very day: the first check-in is the valid 03:30, DTSTART keeps 02:30.
    first = Schedule.new(utc(2026, 3, 28), "Europe/Berlin", 1, SUN, time(2, 30))
    assert local_times(first, utc(2026, 3, 28), 1) == ["2026-03-29T03:30+02:00"]
    assert first.current.start.hour == 2


def test_a_time_the_clocks_repeat_is_the_first_of_the_two() -> None:
    schedule = Schedule.new(utc(2026, 10, 19), "Europe/Berlin", 1, SUN, time(2, 30))
    assert local_times(schedule, utc(2026, 10, 19), 1) == ["2026-10-25T02:30+02:00"]


def test_leap_day() -> None:
    # 29 February 2028 is a Tuesday; a weekly Tuesday check-in falls on it, then 7 March.
    weekly = Schedule.new(utc(2028, 2, 20), "Europe/London", 1, TUE, time(20, 0))
    assert local_times(weekly, utc(2028, 2, 20), 2)[1:] == ["2028-02-29T20:00+00:00"]
    assert local_times(weekly, utc(2028, 2, 28), 2) == [
        "2028-02-29T20:00+00:00",
        "2028-03-07T20:00+00:00",
    ]
    # Started on a leap day (a Sunday in 2032), every 4 weeks: no 29 Feb next year, no drift.
    leap = Schedule.new(utc(2032, 2, 1), "Europe/London", 4, SUN, time(19, 0), date(2032, 2, 29))
    found = local_times(leap, utc(2032, 2, 1), 9)
    assert found == ["2032-02-29T19:00+00:00", "2032-03-28T19:00+01:00"]


# -- skipping and moving one ------------------------------------------------------------------------


@pytest.fixture
def berlin() -> Schedule:
    return Schedule.new(utc(2026, 3, 14, 18, 30), "Europe/Berlin")


def test_skipping_one_leaves_the_series_alone(berlin: Schedule) -> None:
    now = utc(2026, 3, 14, 18, 30)
    first, second, third = berlin.upcoming(now, 3)
    rule = berlin.current.full_rule
    berlin.take(ScheduleStep.SKIP, now, second.key, "Away at \x1b[31mmum's")
    assert berlin.current.full_rule == rule
    again = berlin.upcoming(now, 3)
    assert [o.key for o in again] == [first.key, second.key, third.key]
    assert again[1].skip is not None and again[1].skip.reason == "Away at [31mmum's"
    assert status(again[1], now) is Status.SKIPPED
    with pytest.raises(ScheduleError, match="already skipped"):
        berlin.take(ScheduleStep.SKIP, now, second.key)
    berlin.take(ScheduleStep.UNSKIP, now, second.key)
    assert berlin.upcoming(now, 3)[1].skip is None
    with pytest.raises(ScheduleError, match="no check-in planned"):
        berlin.take(ScheduleStep.SKIP, now, utc(2026, 3, 16, 18).isoformat())


def test_moving_one_keeps_its_key_and_stays_between_its_neighbours(berlin: Schedule) -> None:
    now = utc(2026, 3, 14, 18, 30)
    first, second, third = berlin.upcoming(now, 3)
    saturday = second.start - timedelta(days=1)
    berlin.take(ScheduleStep.MOVE, now, second.key, saturday)
    moved = berlin.upcoming(now, 3)
    assert [o.key for o in moved] == [first.key, second.key, third.key]
    assert moved[1].start == saturday and moved[1].moved
    assert moved[1].original == second.original
    assert berlin.on_day(saturday.astimezone(berlin.current.start.tzinfo).date()) == moved[1]
    with pytest.raises(ScheduleError, match="before the next one"):
        berlin.take(ScheduleStep.MOVE, now, second.key, third.start + timedelta(hours=1))
    with pytest.raises(ScheduleError, match="after the one before"):
        berlin.take(ScheduleStep.MOVE, now, second.key, first.start)
    with pytest.raises(ScheduleError, match="still ahead"):
        berlin.take(ScheduleStep.MOVE, now, first.key, now - timedelta(hours=1))
    berlin.take(ScheduleStep.UNMOVE, now, second.key)
    assert berlin.upcoming(now, 3)[1].start == second.start


# -- changing the cadence ------------------------------------------------------------------------------


def test_changing_the_cadence_keeps_past_occurrences_and_their_changes(berlin: Schedule) -> None:
    start = utc(2026, 3, 1)
    now = utc(2026, 3, 14, 18, 30)
    berlin.take(ScheduleStep.SKIP, now, berlin.upcoming(now, 2)[1].key, "Holiday")
    later = now + timedelta(weeks=7)  # 2 May 2026: three past, one of them skipped
    past = [(o.key, o.start, o.skip) for o in berlin.occurrences(start, later)]
    assert len(past) == 4
    future_skip = berlin.upcoming(later, 2)[1].key
    berlin.take(ScheduleStep.SKIP, later, future_skip, "Would go with the old cadence")

    berlin.take(ScheduleStep.SET, later, 1, 2, time(18, 30), "Europe/Berlin")  # weekly, Wednesday

    assert [(o.key, o.start, o.skip) for o in berlin.occurrences(start, later)] == past
    assert len(berlin.series) == 2 and berlin.series[0].until == past[-1][1]
    ahead = berlin.upcoming(later, 3)
    assert [o.local.strftime("%a %H:%M") for o in ahead] == ["Wed 18:30"] * 3
    assert ahead[0].day == date(2026, 5, 6)
    assert future_skip not in berlin.skipped  # belonged to the old cadence


def test_a_change_on_the_day_of_a_held_check_in_starts_the_next_day() -> None:
    schedule = Schedule.new(utc(2026, 3, 14), "Europe/London", 1, SUN, time(9, 0))
    now = utc(2026, 3, 15, 12)  # Sunday noon: the 09:00 check-in is past
    schedule.take(ScheduleStep.SET, now, 1, SUN, time(20, 0), "Europe/London")
    days = [o.day for o in schedule.occurrences(utc(2026, 3, 14), utc(2026, 3, 23))]
    assert days == [date(2026, 3, 15), date(2026, 3, 22)]  # never two on one day


def test_the_same_cadence_again_is_refused_with_a_reason(berlin: Schedule) -> None:
    with pytest.raises(ScheduleError, match="already the schedule"):
        berlin.take(ScheduleStep.SET, utc(2026, 3, 14), 2, SUN, time(19, 0), "Europe/Berlin")
    with pytest.raises(ScheduleError, match="1, 2, 3 or 4 weeks"):
        berlin.take(ScheduleStep.SET, utc(2026, 3, 14), 5, SUN, time(19, 0), "Europe/Berlin")
    with pytest.raises(ScheduleError, match="not a time zone"):
        berlin.take(ScheduleStep.SET, utc(2026, 3, 14), 2, SUN, time(19, 0), "Mars/Olympus")


# -- statuses with a fake clock ------------------------------------------------------------------------


def test_an_occurrence_is_upcoming_then_due_then_missed(berlin: Schedule) -> None:
    clock = FakeClock(utc(2026, 3, 10))
    first = berlin.upcoming(clock.now(), 1)[0]  # Sunday 15 March, 19:00 Berlin (18:00 UTC)
    assert status(first, clock.now()) is Status.UPCOMING
    clock.advance(first.start - timedelta(hours=24) - clock.now())
    assert status(first, clock.now()) is Status.DUE  # a day ahead
    clock.advance(timedelta(hours=30))
    assert status(first, clock.now()) is Status.DUE  # six hours late: still time
    clock.advance(timedelta(hours=18))
    assert status(first, clock.now()) is Status.MISSED  # a day late, not held
    assert status(first, clock.now(), "done") is Status.DONE  # held late, it is kept
    assert status(first, clock.now(), "started") is Status.STARTED


def test_records_tell_what_is_due_missed_and_next(couple: Store, clock: FakeClock) -> None:
    schedule = records.set_schedule(couple, clock.now(), "Europe/London", 2, SUN, time(19, 0))
    assert records.load_schedule(couple) == schedule
    first = schedule.upcoming(clock.now(), 1)[0]  # tomorrow, 19:00: 24.5 hours away
    assert records.current(schedule, [], clock.now()) == (first, Status.UPCOMING)
    assert records.due_within(schedule, [], clock.now(), timedelta(hours=24)) is None
    clock.advance(timedelta(hours=1))
    found = records.current(schedule, [], clock.now())
    assert found == (first, Status.DUE)
    assert records.due_within(schedule, [], clock.now(), timedelta(hours=24)) == found

    clock.advance(timedelta(days=3))
    assert records.current(schedule, [], clock.now()) == (first, Status.MISSED)
    assert records.due_within(schedule, [], clock.now(), timedelta(hours=24)) is None
    nxt = records.next_one(schedule, [], clock.now())
    assert nxt is not None and nxt.local.isoformat() == "2026-03-29T19:00:00+01:00"

    held = CheckIn.new(("Sam", "Alex"), first.key, clock.now())
    held.stage, held.finished = held.stage.DONE, clock.now()
    assert records.current(schedule, [held], clock.now()) == (nxt, Status.UPCOMING)


def test_skipping_a_day_from_the_records(couple: Store, clock: FakeClock) -> None:
    records.set_schedule(couple, clock.now(), "Europe/London", 2, SUN, time(19, 0))
    saved, occ = records.skip_day(couple, date(2026, 3, 29), "Visiting", clock.now())
    assert occ.skip is not None and occ.skip.reason == "Visiting"
    assert records.load_schedule(couple) == saved
    with pytest.raises(ScheduleError, match="No check-in is planned on 2026-03-22"):
        records.skip_day(couple, date(2026, 3, 22), "", clock.now())


# -- words and input -------------------------------------------------------------------------------------


def test_the_next_check_in_in_words() -> None:
    now = utc(2026, 11, 24, 9)
    assert describe(utc(2026, 12, 7, 18), "Europe/London", now) == (
        "Monday 7 December, 18:00 - in 13 days"
    )
    assert describe(utc(2026, 11, 24, 19), "Europe/London", now).endswith("19:00 - today")
    assert describe(utc(2026, 11, 25, 19), "Europe/London", now).endswith("- tomorrow")


def test_weekday_and_time_input() -> None:
    assert parse_weekday("Sun") == 6 and parse_weekday("monday") == 0
    assert parse_time("7:05") == time(7, 5)
    for bad in ("25:00", "7pm", ""):
        with pytest.raises(ScheduleError, match="19:00"):
            parse_time(bad)
    with pytest.raises(ScheduleError, match="mon to sun"):
        parse_weekday("someday")


# -- on disk ----------------------------------------------------------------------------------------------


def test_the_schedule_round_trips_and_damage_is_named(berlin: Schedule) -> None:
    now = utc(2026, 3, 14, 18, 30)
    second = berlin.upcoming(now, 2)[1]
    berlin.take(ScheduleStep.SKIP, now, second.key, "Away")
    berlin.take(ScheduleStep.SET, now + timedelta(weeks=4), 3, 5, time(10, 0), "America/New_York")
    saved = encode_schedule(berlin)
    assert saved["series"][0]["dtstart"] == "2026-03-15T19:00"  # wall-clock, with its zone
    assert decode_schedule(saved) == berlin
    for key, bad in (
        ("uid", ""),
        ("series", []),
        ("sequence", -1),
        ("skipped", {"tomorrow": {"reason": "", "decided": now.isoformat()}}),
    ):
        with pytest.raises(ScheduleError, match="damaged"):
            decode_schedule({**saved, key: bad})
    broken = {**saved, "series": [{**saved["series"][0], "rrule": "FREQ=DAILY"}]}
    with pytest.raises(ScheduleError, match="damaged"):
        decode_schedule(broken)
