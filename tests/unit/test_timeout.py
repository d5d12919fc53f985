"""Time-outs: the 20-minute floor, the until-tomorrow ceiling, DST, typed times, one extension."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from companion.clock import FakeClock
from companion.timeout import (
    MAX,
    STEPS,
    CoolDownError,
    TimeOut,
    TimeOutStep,
    decode_timeout,
    earliest_return,
    encode_timeout,
    latest_return,
    parse_return_time,
    preset_return,
    tomorrow_same_time,
    validate_return,
)
from companion.when import format_clock

START = datetime(2026, 3, 14, 18, 30, tzinfo=UTC)  # a Saturday; London is on GMT (= UTC)
LONDON = "Europe/London"
NEW_YORK = "America/New_York"


# --------------------------------------------------------------------- at least 20 minutes


def test_twenty_minutes_is_the_minimum() -> None:
    validate_return(START, START + timedelta(minutes=20), LONDON)
    with pytest.raises(CoolDownError, match="at least 20 minutes"):
        validate_return(START, START + timedelta(minutes=19, seconds=59), LONDON)
    with pytest.raises(CoolDownError, match="at least 20 minutes"):
        validate_return(START, START - timedelta(minutes=5), LONDON)


def test_the_minimum_counts_from_the_minute_on_the_clock() -> None:
    now = START + timedelta(seconds=40)  # the clock reads 18:30
    assert earliest_return(now) == START + timedelta(minutes=20)
    validate_return(now, datetime(2026, 3, 14, 18, 50, tzinfo=UTC), LONDON)
    with pytest.raises(CoolDownError, match="at least 20 minutes"):
        validate_return(now, datetime(2026, 3, 14, 18, 49, 59, tzinfo=UTC), LONDON)


# --------------------------------------------------------------------- at most until tomorrow


def test_twenty_four_hours_is_the_maximum_on_an_ordinary_day() -> None:
    validate_return(START, START + MAX, LONDON)
    assert latest_return(START, LONDON) == START + MAX
    with pytest.raises(CoolDownError, match="at most until the same time tomorrow"):
        validate_return(START, START + MAX + timedelta(seconds=1), LONDON)


def test_tomorrow_when_the_clocks_go_back_is_25_hours_away() -> None:
    now = datetime(2026, 10, 24, 18, 0, tzinfo=UTC)  # 19:00 BST in London
    back = tomorrow_same_time(now, LONDON)
    assert back == datetime(2026, 10, 25, 19, 0, tzinfo=UTC)  # 19:00 GMT
    assert back - now == timedelta(hours=25)
    assert back.tzinfo is UTC
    assert latest_return(now, LONDON) == back
    validate_return(now, back, LONDON)
    with pytest.raises(CoolDownError, match="at most"):
        validate_return(now, back + timedelta(seconds=1), LONDON)


def test_tomorrow_when_the_clocks_go_forward_is_23_hours_away() -> None:
    now = datetime(2026, 3, 8, 0, 0, tzinfo=UTC)  # Sat 7 March 19:00 EST in New York
    back = tomorrow_same_time(now, NEW_YORK)
    assert back == datetime(2026, 3, 8, 23, 0, tzinfo=UTC)  # Sun 8 March 19:00 EDT
    assert back - now == timedelta(hours=23)
    assert latest_return(now, NEW_YORK) == now + MAX, "24 hours is still allowed"
    validate_return(now, now + MAX, NEW_YORK)


def test_tomorrow_at_a_time_the_clocks_skip_moves_forward() -> None:
    now = datetime(2026, 3, 7, 7, 30, tzinfo=UTC)  # 02:30 EST; 8 March has no 02:30
    back = tomorrow_same_time(now, NEW_YORK)
    assert back == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)  # 03:30 EDT
    assert format_clock(back, NEW_YORK, back) == "03:30"


def test_tomorrow_keeps_seconds() -> None:
    now = START + timedelta(seconds=12, microseconds=5)
    assert tomorrow_same_time(now, LONDON) == now + timedelta(days=1)


def test_unknown_zone_is_a_clear_error() -> None:
    for tz in ("Mars/Olympus", "", "../etc/passwd"):
        with pytest.raises(CoolDownError, match="time zone"):
            tomorrow_same_time(START, tz)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(CoolDownError, match="time zone"):
        validate_return(datetime(2026, 3, 14, 18, 30), START + timedelta(hours=1), LONDON)


# --------------------------------------------------------------------- presets


@pytest.mark.parametrize("minutes", [20, 30, 60])
def test_minute_presets(minutes: int) -> None:
    back = preset_return(minutes, START, LONDON)
    assert back == START + timedelta(minutes=minutes)
    validate_return(START, back, LONDON)
    assert TimeOut.start(START, back, LONDON).return_at == back


def test_tomorrow_preset_is_dst_correct() -> None:
    now = datetime(2026, 10, 24, 18, 0, tzinfo=UTC)
    back = preset_return("tomorrow", now, LONDON)
    assert back - now == timedelta(hours=25)
    TimeOut.start(now, back, LONDON)


@pytest.mark.parametrize("preset", [10, 45, "soon", True])
def test_unknown_presets_are_refused(preset: object) -> None:
    with pytest.raises(CoolDownError):
        preset_return(preset, START, LONDON)  # type: ignore[arg-type]


# --------------------------------------------------------------------- typed return times


@pytest.mark.parametrize(
    ("text", "tz", "expected"),
    [
        ("19:45", LONDON, datetime(2026, 3, 14, 19, 45, tzinfo=UTC)),
        (" 19:45 ", LONDON, datetime(2026, 3, 14, 19, 45, tzinfo=UTC)),
        ("18:00", LONDON, datetime(2026, 3, 15, 18, 0, tzinfo=UTC)),
        ("9:05", LONDON, datetime(2026, 3, 15, 9, 5, tzinfo=UTC)),
        ("00:00", LONDON, datetime(2026, 3, 15, 0, 0, tzinfo=UTC)),
        ("15:00", NEW_YORK, datetime(2026, 3, 14, 19, 0, tzinfo=UTC)),  # 14:30 EDT now
        ("45", LONDON, START + timedelta(minutes=45)),
        ("45m", LONDON, START + timedelta(minutes=45)),
        ("45 min", LONDON, START + timedelta(minutes=45)),
        ("45 Minutes", LONDON, START + timedelta(minutes=45)),
        ("1h30", LONDON, START + timedelta(minutes=90)),
        ("1h 30m", LONDON, START + timedelta(minutes=90)),
        ("2h", LONDON, START + timedelta(hours=2)),
        ("2 hours", LONDON, START + timedelta(hours=2)),
        ("24h", LONDON, START + timedelta(hours=24)),
        ("١٩:٤٥", LONDON, datetime(2026, 3, 14, 19, 45, tzinfo=UTC)),
    ],
)
def test_parse_return_time(text: str, tz: str, expected: datetime) -> None:
    assert parse_return_time(text, START, tz) == expected


def test_parsed_clock_time_in_the_couples_zone_across_dst() -> None:
    now = datetime(2026, 10, 24, 18, 0, tzinfo=UTC)  # 19:00 BST
    assert parse_return_time("18:00", now, LONDON) == datetime(2026, 10, 25, 18, 0, tzinfo=UTC)
    assert parse_return_time("19:30", now, LONDON) == datetime(2026, 10, 24, 18, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "🙂",
        "x" * 10_000,
        "9" * 10_000,
        "-5",
        "1.5h",
        "abc",
        "19:45pm",
        "19:4",
        "1h75",
        "45s",
        "tomorrow at 7",
        "19:45\n20:00",
        "\x00",
    ],
)
def test_parse_refuses_what_it_cannot_read(text: str) -> None:
    with pytest.raises(CoolDownError, match="Write a time like 19:45"):
        parse_return_time(text, START, LONDON)


@pytest.mark.parametrize("text", ["25:99", "24:00", "12:60"])
def test_parse_refuses_impossible_clock_times(text: str) -> None:
    with pytest.raises(CoolDownError, match=f"There is no {text} on a clock"):
        parse_return_time(text, START, LONDON)


@pytest.mark.parametrize("text", ["18:40", "18:30", "10", "0", "0h", "19m"])
def test_parse_refuses_too_soon(text: str) -> None:
    with pytest.raises(CoolDownError, match="at least 20 minutes"):
        parse_return_time(text, START, LONDON)


@pytest.mark.parametrize("text", ["1441", "25h", "99999999999999999999", "9999h"])
def test_parse_refuses_too_late(text: str) -> None:
    with pytest.raises(CoolDownError, match="at most until the same time tomorrow"):
        parse_return_time(text, START, LONDON)


def test_parse_refuses_non_text() -> None:
    with pytest.raises(CoolDownError):
        parse_return_time(None, START, LONDON)  # type: ignore[arg-type]


# --------------------------------------------------------------------- a time-out from start to end


def test_start_validates_and_counts_down() -> None:
    clock = FakeClock(START)
    with pytest.raises(CoolDownError, match="at least 20 minutes"):
        TimeOut.start(clock.now(), clock.now() + timedelta(minutes=5), LONDON)
    timeout = TimeOut.start(clock.now(), clock.now() + timedelta(minutes=30), LONDON, "t1")
    assert timeout.active and timeout.outcome is None and timeout.ended is None
    assert timeout.talk_id == "t1"
    assert len(timeout.id) == 32
    assert timeout.remaining(clock.now()) == 1800.0
    assert not timeout.is_due(clock.now())
    clock.advance(timedelta(minutes=29, seconds=59))
    assert not timeout.is_due(clock.now())
    clock.advance(1)
    assert timeout.is_due(clock.now())
    clock.advance(5)
    assert timeout.remaining(clock.now()) == -5.0


def test_extend_once_only() -> None:
    clock = FakeClock(START)
    timeout = TimeOut.start(clock.now(), clock.now() + timedelta(minutes=20), LONDON)
    assert timeout.can_extend
    clock.advance(timedelta(minutes=5))
    timeout.extend(clock.now())
    assert timeout.return_at == START + timedelta(minutes=40)
    assert timeout.extended and not timeout.can_extend
    with pytest.raises(CoolDownError, match="extended this time-out once already"):
        timeout.extend(clock.now())
    assert timeout.return_at == START + timedelta(minutes=40)


def test_extending_after_the_return_time_counts_from_now() -> None:
    clock = FakeClock(START)
    timeout = TimeOut.start(clock.now(), clock.now() + timedelta(minutes=20), LONDON)
    clock.advance(timedelta(minutes=33))
    timeout.extend(clock.now())
    assert timeout.return_at == clock.now() + timedelta(minutes=20)
    assert not timeout.is_due(clock.now())


def test_choices_count_from_the_start_until_extended_then_from_now() -> None:
    clock = FakeClock(START)
    timeout = TimeOut.start(clock.now(), clock.now() + timedelta(minutes=20), LONDON)
    clock.advance(timedelta(minutes=21))
    assert timeout.choices_start(clock.now()) == START
    timeout.extend(clock.now())
    assert timeout.choices_start(clock.now()) == clock.now()
    with pytest.raises(CoolDownError, match="extended this time-out once already"):
        timeout.choose(clock.now(), clock.now() + timedelta(minutes=60), LONDON)


def steps(*names: str) -> frozenset[TimeOutStep]:
    return frozenset(TimeOutStep(name) for name in names)


def test_what_the_couple_may_do_follows_the_clock() -> None:
    clock = FakeClock(START)
    timeout = TimeOut.start(clock.now(), clock.now() + timedelta(minutes=20), LONDON, talk_id="t1")
    assert timeout.allowed(clock.now()) == steps("choose", "undo", "end")
    clock.advance(timedelta(minutes=2))
    assert timeout.allowed(clock.now()) == steps("choose", "end")
    clock.advance(timedelta(minutes=18))
    assert timeout.allowed(clock.now()) == steps("choose", "come_back", "extend", "later", "end")
    timeout.extend(clock.now())
    assert timeout.allowed(clock.now()) == steps("end")
    clock.advance(timedelta(minutes=20))
    assert timeout.allowed(clock.now()) == steps("come_back", "later", "end")
    alone = TimeOut.start(clock.now(), clock.now() + timedelta(minutes=20), LONDON)
    clock.advance(timedelta(minutes=20))
    assert TimeOutStep.LATER not in alone.allowed(clock.now())
    timeout.end(clock.now())
    assert timeout.allowed(clock.now()) == frozenset()


def test_come_back() -> None:
    clock = FakeClock(START)
    timeout = TimeOut.start(clock.now(), clock.now() + timedelta(minutes=20), LONDON)
    clock.advance(timedelta(minutes=21))
    timeout.come_back(clock.now())
    assert timeout.outcome == "resumed" and timeout.ended == clock.now()
    assert not timeout.active and not timeout.is_due(clock.now()) and not timeout.can_extend
    for again in (timeout.come_back, timeout.end, timeout.extend):
        with pytest.raises(CoolDownError, match="already over"):
            again(clock.now())


def test_later_moves_the_talk_to_a_time_still_ahead() -> None:
    clock = FakeClock(START)
    timeout = TimeOut.start(clock.now(), clock.now() + timedelta(minutes=20), LONDON, "t1")
    clock.advance(timedelta(minutes=20))
    with pytest.raises(CoolDownError, match="still ahead"):
        timeout.later(clock.now(), clock.now())
    assert timeout.active
    later = clock.now() + timedelta(days=2)
    timeout.later(clock.now(), later)
    assert timeout.outcome == "rescheduled"
    assert timeout.rescheduled_to == later
    assert timeout.ended == clock.now()
    with pytest.raises(CoolDownError, match="already over"):
        timeout.later(clock.now(), later)


def test_end() -> None:
    clock = FakeClock(START)
    timeout = TimeOut.start(clock.now(), clock.now() + timedelta(hours=1), LONDON)
    timeout.end(clock.now())
    assert timeout.outcome == "ended" and timeout.rescheduled_to is None


def test_end_is_allowed_at_any_moment_of_a_running_time_out() -> None:
    for minutes in (0, 1, 19, 20, 45):
        clock = FakeClock(START)
        timeout = TimeOut.start(clock.now(), clock.now() + timedelta(minutes=20), LONDON, "t1")
        clock.advance(timedelta(minutes=minutes))
        assert TimeOutStep.END in timeout.allowed(clock.now())
        timeout.take("end", clock.now())
        assert timeout.outcome == "ended"


# --------------------------------------------------------------------- steps by name


def test_every_step_has_a_method_in_the_table() -> None:
    assert set(STEPS) == set(TimeOutStep)


def test_take_dispatches_by_name_with_the_steps_arguments() -> None:
    clock = FakeClock(START)
    timeout = TimeOut.start(clock.now(), clock.now() + timedelta(minutes=20), LONDON, "t1")
    later = clock.now() + timedelta(hours=1)
    assert timeout.take("choose", clock.now(), later, LONDON) is timeout
    assert timeout.return_at == later
    clock.advance(timedelta(hours=1))
    timeout.take(TimeOutStep.LATER, clock.now(), later + timedelta(days=1))
    assert timeout.outcome == "rescheduled"


@pytest.mark.parametrize(
    "name", ["change_return", "resume", "reschedule", "start", "remaining", "", "END"]
)
def test_a_name_that_is_not_a_step_is_refused_and_changes_nothing(name: str) -> None:
    clock = FakeClock(START)
    timeout = TimeOut.start(clock.now(), clock.now() + timedelta(minutes=20), LONDON, "t1")
    before = encode_timeout(timeout)
    with pytest.raises(CoolDownError, match="There is no time-out step called"):
        timeout.take(name, clock.now())
    assert encode_timeout(timeout) == before


def _roundtrip(timeout: TimeOut) -> TimeOut:
    return decode_timeout(json.loads(json.dumps(encode_timeout(timeout))))


def test_roundtrip_in_every_state() -> None:
    clock = FakeClock(START + timedelta(microseconds=123))
    timeout = TimeOut.start(clock.now(), clock.now() + timedelta(minutes=30), LONDON, "t1")
    assert _roundtrip(timeout) == timeout
    clock.advance(60)
    timeout.extend(clock.now())
    assert _roundtrip(timeout) == timeout
    timeout.later(clock.now(), clock.now() + timedelta(hours=3))
    copy = _roundtrip(timeout)
    assert copy == timeout
    assert encode_timeout(copy)["rescheduled_to"] == "2026-03-14T21:31:00.000123+00:00"


def test_nothing_records_who_called_the_time_out() -> None:
    clock = FakeClock(START)
    timeout = TimeOut.start(clock.now(), clock.now() + timedelta(minutes=30), LONDON, "t1")
    timeout.come_back(clock.now())
    assert set(encode_timeout(timeout)) == {
        "id",
        "started",
        "return_at",
        "talk_id",
        "extended",
        "ended",
        "outcome",
        "rescheduled_to",
    }
    assert set(TimeOut.__dataclass_fields__) == set(encode_timeout(timeout))


def _saved(**changes: object) -> dict:
    clock = FakeClock(START)
    data = encode_timeout(TimeOut.start(clock.now(), clock.now() + timedelta(minutes=30), LONDON))
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        _saved(id=""),
        _saved(started=None),
        _saved(return_at="2026-03-14T19:00:00"),
        _saved(return_at="soon"),
        _saved(return_at="2026-03-14T18:00:00+00:00"),
        _saved(outcome="won"),
        _saved(outcome="resumed"),
        _saved(ended="2026-03-14T19:00:00+00:00"),
        _saved(outcome="rescheduled", ended="2026-03-14T19:00:00+00:00", rescheduled_to=None),
        _saved(extended="yes"),
        _saved(talk_id=5),
        _saved(started="1969-12-31T23:59:59+00:00"),
        _saved(return_at="2201-01-01T00:00:00+00:00"),
    ],
)
def test_damaged_records_are_refused(data: object) -> None:
    with pytest.raises(CoolDownError, match="damaged"):
        decode_timeout(data)


def test_undamaged_record_loads() -> None:
    data = _saved()
    assert encode_timeout(decode_timeout(data)) == data


def test_a_time_out_that_cannot_be_saved_follows_the_same_rules_on_a_copy() -> None:
    from datetime import UTC, datetime, timedelta

    from companion.timeout import CoolDownError, TimeOut, TimeOutStep, take_unsaved

    now = datetime(2026, 3, 14, 18, 30, tzinfo=UTC)
    cooldown = TimeOut.start(now, now + timedelta(minutes=20), "Europe/London")
    later = take_unsaved(cooldown, TimeOutStep.CHOOSE, now, now + timedelta(minutes=45), "UTC")
    assert later.return_at == now + timedelta(minutes=45)
    assert cooldown.return_at == now + timedelta(minutes=20)  # the one shown is never edited
    with pytest.raises(CoolDownError):
        take_unsaved(later, TimeOutStep.COME_BACK, now + timedelta(minutes=5))
    done = take_unsaved(later, TimeOutStep.COME_BACK, now + timedelta(minutes=45))
    assert not done.active and later.active
