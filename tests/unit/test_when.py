"""Time as people read it: the shown second, lengths, clock times in the couple's zone."""

from __future__ import annotations

import os
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.when import (
    ZoneError,
    couple_zone,
    format_clock,
    format_countdown,
    format_day,
    format_duration,
    machine_timezone,
    shown_seconds,
    until_the_shown_second_turns,
    validate_tz,
    zone,
)

START = datetime(2026, 3, 14, 18, 30, tzinfo=UTC)  # a Saturday; London is on GMT (= UTC)
LONDON = "Europe/London"
NEW_YORK = "America/New_York"


# --------------------------------------------------------------------- the shown second


@pytest.mark.parametrize(
    ("remaining", "seconds", "text"),
    [
        (120.0, 120, "2:00"),
        (119.2, 120, "2:00"),
        (119.0, 119, "1:59"),
        (60.5, 61, "1:01"),
        (0.3, 1, "0:01"),
        (0.000001, 1, "0:01"),
        (0.0, 0, "0:00"),
        (-0.3, 0, "+0:00"),
        (-1.0, 1, "+0:01"),
        (-12.9, 12, "+0:12"),
        (900.0, 900, "15:00"),
        (3599.5, 3600, "1:00:00"),
        (3599.0, 3599, "59:59"),
        (3665.0, 3665, "1:01:05"),
        (-3665.5, 3665, "+1:01:05"),
        (86397.0, 86397, "23:59:57"),  # a time-out until tomorrow: hours, never "1439:57"
    ],
)
def test_shown_seconds_and_countdown(remaining: float, seconds: int, text: str) -> None:
    assert shown_seconds(remaining) == seconds
    assert format_countdown(remaining) == text


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_shown_seconds_refuses_what_is_not_a_number_of_seconds(bad: float) -> None:
    with pytest.raises(ValueError):
        shown_seconds(bad)


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0 s"),
        (-5, "0 s"),
        (44.6, "45 s"),
        (60, "1 min"),
        (22 * 60 + 11, "22 min"),
        (3900, "1 h 5 min"),
        (7200, "2 h"),
    ],
)
def test_format_duration_reads_like_a_person_would_say_it(seconds: float, shown: str) -> None:
    assert format_duration(seconds) == shown


# --------------------------------------------------------------------- clock times


def test_format_clock_says_as_little_as_is_needed() -> None:
    now = START  # Saturday 14 March, 18:30 in London
    assert format_clock(datetime(2026, 3, 14, 19, 45, tzinfo=UTC), LONDON, now) == "19:45"
    assert format_clock(datetime(2026, 3, 15, 19, 45, tzinfo=UTC), LONDON, now) == "Sun 19:45"
    assert format_clock(datetime(2026, 3, 18, 7, 5, tzinfo=UTC), LONDON, now) == "Wed 07:05"
    assert format_clock(datetime(2026, 6, 3, 18, 45, tzinfo=UTC), LONDON, now) == "Wed 3 Jun 19:45"
    # 00:30 UTC on Sunday is still Saturday 20:30 in New York
    assert format_clock(datetime(2026, 3, 15, 0, 30, tzinfo=UTC), NEW_YORK, now) == "20:30"


def test_format_clock_needs_to_be_told_now() -> None:
    with pytest.raises(TypeError):
        format_clock(START, LONDON)  # type: ignore[call-arg]


def test_format_clock_refuses_naive_times() -> None:
    with pytest.raises(ValueError, match="aware"):
        format_clock(datetime(2026, 3, 14, 19, 45), LONDON, START)
    with pytest.raises(ValueError, match="aware"):
        format_clock(START, LONDON, datetime(2026, 3, 14, 19, 45))


def test_format_day_is_in_the_couples_zone() -> None:
    assert format_day(START, LONDON) == "14 Mar 18:30"
    assert format_day(datetime(2026, 3, 15, 0, 30, tzinfo=UTC), NEW_YORK) == "14 Mar 20:30"


# --------------------------------------------------------------------- zones


@pytest.mark.parametrize("name", [LONDON, NEW_YORK, "UTC", "Etc/UTC", " Asia/Tokyo "])
def test_known_zone_names_are_accepted(name: str) -> None:
    assert validate_tz(name) == name.strip()
    assert zone(name.strip()).key == name.strip()


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "../etc/passwd", "europe/london "])
def test_unknown_zone_names_are_one_clear_sentence(name: str) -> None:
    with pytest.raises(ZoneError, match="not a time zone Companion knows"):
        validate_tz(name)


def test_zone_refuses_a_name_it_cannot_load() -> None:
    for name in ("Mars/Olympus", "../etc/passwd", ""):
        with pytest.raises(ZoneError):
            zone(name)


@dataclass
class _Profile:
    tz: str


def test_the_couples_zone_wins_over_the_machines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert machine_timezone() == "Asia/Tokyo"
    assert couple_zone(_Profile(NEW_YORK)) == NEW_YORK
    assert couple_zone(None) == "Asia/Tokyo"


def test_an_unreadable_machine_zone_falls_back_to_a_known_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "Not/AZone")
    validate_tz(machine_timezone())  # whatever the machine says, the answer is usable


def test_a_coming_time_reads_as_today_tomorrow_or_a_day() -> None:
    from datetime import UTC, datetime, timedelta

    from companion.when import format_at, format_date

    now = datetime(2026, 3, 14, 18, 30, tzinfo=UTC)  # a Saturday, London on GMT
    assert format_at(now + timedelta(minutes=20), "Europe/London", now) == "at 18:50"
    assert format_at(now + timedelta(days=1), "Europe/London", now) == "tomorrow at 18:30"
    assert format_at(now + timedelta(days=3), "Europe/London", now) == "on Tue at 18:30"
    assert format_date(now, "Europe/London") == "Saturday 14 March"
    assert format_date(now, "Pacific/Auckland") == "Sunday 15 March"


@pytest.mark.parametrize(
    ("remaining", "turns_in"),
    [
        (120.25, 0.25),  # 2:01 shown until 120.0 is reached, then 2:00
        (120.0, 1.0),  # 2:00 has only just been shown: the next turn is 119.0
        (0.5, 0.5),  # 0:01 until 0.0
        (0.0, 1.0),  # 0:00, then +0:01 once a whole second is over
        (-3.4, 0.6),  # +0:03 until -4.0
    ],
)
def test_the_countdown_knows_when_its_shown_second_turns(remaining: float, turns_in: float) -> None:
    assert until_the_shown_second_turns(remaining) == pytest.approx(turns_in)
    before = shown_seconds(remaining)
    assert shown_seconds(remaining - turns_in + 1e-6) == before
    assert shown_seconds(remaining - turns_in - 1e-6) != before


@given(st.integers(-(10**10), 10**10).map(lambda microseconds: microseconds / 1e6))
def test_nothing_turns_before_it_is_due(remaining: float) -> None:
    """Remaining times as the talk has them: timedelta.total_seconds(), to the microsecond."""
    wait = until_the_shown_second_turns(remaining)
    assert 0 < wait <= 1.0
    assert shown_seconds(remaining - wait * 0.999) == shown_seconds(remaining)


def test_the_next_look_comes_just_after_the_turn_and_never_later_than_a_beat() -> None:
    from companion.when import TURN_SLACK, next_tick

    assert next_tick(120.25, None, 0.1) == 0.1  # the turn is 0.25 s away: the beat first
    assert next_tick(120.05, 120.25, 0.1) == pytest.approx(0.05 + TURN_SLACK)
    assert next_tick(120.05, 120.05, 0.1) == 0.1  # a clock standing still: no 2 ms spin
    assert next_tick(None, None, 0.2) == 0.2  # nothing counting down


SYSTEM_ZONES = any(os.path.isfile(os.path.join(root, LONDON)) for root in zoneinfo.TZPATH)


@pytest.mark.skipif(not SYSTEM_ZONES, reason="zones come from the tzdata package here")
def test_a_zone_file_is_known_without_listing_the_whole_zone_database(monkeypatch) -> None:
    """Every profile read validates the couple's zone, the start included: the listing
    (~11 ms) is asked only about a name that is not a zone file (bench/NOTES.md)."""
    import companion.when as when

    def listed() -> frozenset[str]:
        raise AssertionError("the whole zone database was listed")

    monkeypatch.setattr(when, "known_zones", listed)
    for name in (LONDON, NEW_YORK, "Asia/Tokyo", "America/Argentina/Buenos_Aires"):
        assert validate_tz(name) == name


@pytest.fixture
def zone_folder(tmp_path: Path) -> Iterator[Path]:
    """A zone database of a few files, with the traps of a real one, as the only one."""
    root = tmp_path / "zoneinfo"
    names = ["Europe/London", "America/Argentina/Buenos_Aires", "UTC", "posixrules"]
    names += ["posix/Europe/London", "right/Europe/London"]
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"TZif2" + bytes(44))
    (root / "zone.tab").write_text("# a table, not a zone\n")
    (root / "Europe" / "Belfast").symlink_to(root / "Europe" / "London")  # listed
    (root / "europe").symlink_to(root / "Europe")  # as a disk that ignores case would open
    (root / "Linked").symlink_to(root / "America")  # a folder the listing does not follow
    zoneinfo.reset_tzpath(to=[str(root)])
    try:
        yield root
    finally:
        zoneinfo.reset_tzpath()


def test_a_zone_file_is_known_exactly_when_the_listing_has_it(zone_folder: Path) -> None:
    import companion.when as when

    listed = zoneinfo.available_timezones()  # this folder's, and the tzdata package's
    tried = {
        "Europe/London",
        "Europe/Belfast",
        "America/Argentina/Buenos_Aires",
        "UTC",
        "europe/London",
        "Europe/london",
        "Linked/Argentina/Buenos_Aires",
        "posix/Europe/London",
        "right/Europe/London",
        "posixrules",
        "zone.tab",
        "Europe",
        "Europe/",
        "/Europe/London",
        "Europe/../UTC",
        "Mars/Olympus",
    }
    for name in sorted(tried):
        assert when._zone_file(name) == (name in listed), name
    assert {"Europe/London", "Europe/Belfast", "UTC"} <= listed  # the test tries both ways
