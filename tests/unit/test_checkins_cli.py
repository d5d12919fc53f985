"""`companion checkins`: schedule, next, skip, due and the .ics export, read back with icalendar."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from companion.checkins import records
from companion.checkins.codec import encode_checkin
from companion.checkins.rules import CheckIn
from companion.cli import main
from companion.clock import FakeClock
from companion.commands import checkins as command
from companion.profile import create_profile
from companion.store import Store

START = datetime(2026, 3, 14, 18, 30, tzinfo=UTC)  # Saturday


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def home(tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A couple in Berlin; every command runs on the fake clock."""
    data_dir = tmp_path / "data"
    create_profile(Store(data_dir, clock), ["Sam", "Alex"], "Europe/Berlin")
    monkeypatch.setattr(command, "store_of", lambda args: Store(data_dir, clock))
    return data_dir


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["checkins", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_schedule_sets_the_default_then_changes_it(capsys, home: Path) -> None:
    code, out, _ = run(capsys, "schedule")
    assert code == 0
    assert out.splitlines() == [
        "Every 2 weeks on Sunday at 19:00 (Europe/Berlin).",
        "Next check-in: Sunday 15 March, 19:00 - tomorrow.",
    ]
    assert run(capsys, "schedule")[1] == "Every 2 weeks on Sunday at 19:00 (Europe/Berlin).\n"
    code, out, _ = run(
        capsys, "schedule", "--every-weeks", "1", "--weekday", "wed", "--time", "18:30"
    )
    assert code == 0 and out.startswith("Every week on Wednesday at 18:30 (Europe/Berlin).")
    code, out, _ = run(capsys, "schedule", "--tz", "America/New_York", "--start", "2026-04-01")
    assert "Wednesday 1 April, 18:30" in out and "(America/New_York)" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--every-weeks", "0"), "Choose every 1, 2, 3 or 4 weeks, not every 0."),
        (("--weekday", "funday"), "Choose a day from mon to sun, not 'funday'."),
        (("--time", "7pm"), "Write the time like 19:00, not '7pm'."),
        (("--start", "soon"), "Write the date like 2026-03-15, not 'soon'."),
    ],
)
def test_a_bad_schedule_is_one_sentence_and_nothing_is_written(
    capsys, home: Path, argv: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, "schedule", *argv)
    assert (code, out) == (1, "")
    assert err == f"companion: {message}\n"
    assert not (home / "checkins.json").exists()


def test_next_lists_the_coming_check_ins_with_their_status_as_json(
    capsys, home: Path, clock: FakeClock
) -> None:
    assert run(capsys, "next")[0:3:2] == (
        1,
        "companion: No check-ins are planned yet; run: companion checkins schedule.\n",
    )
    run(capsys, "schedule")
    run(capsys, "skip", "2026-03-29", "--reason", "Away [b]visiting[/b]")
    code, out, _ = run(capsys, "next", "3", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["start"], r["status"]) for r in rows] == [
        ("2026-03-15T19:00:00+01:00", "due"),  # 23.5 hours away
        ("2026-03-29T19:00:00+02:00", "skipped"),  # summer time: still 19:00
        ("2026-04-12T19:00:00+02:00", "upcoming"),
    ]
    assert rows[1]["reason"] == "Away [b]visiting[/b]"
    assert all(datetime.fromisoformat(r["start"]).utcoffset() is not None for r in rows)

    clock.advance(timedelta(days=3))  # Sunday passed, nothing held
    rows = json.loads(run(capsys, "next", "2", "--from", "2026-03-01", "--json")[1])
    assert [r["status"] for r in rows] == ["missed", "skipped"]
    code, out, _ = run(capsys, "next", "2")
    assert (
        out.splitlines()[0] == "Sunday 29 March, 19:00 - in 12 days  skipped (Away [b]visiting[/b])"
    )


def test_skip_needs_a_check_in_on_that_day(capsys, home: Path) -> None:
    run(capsys, "schedule")
    code, out, _ = run(capsys, "skip", "2026-03-15", "--reason", "Ill")
    assert code == 0
    assert out == "Skipped the check-in on Sunday 15 March (Ill). The rest stay as they are.\n"
    code, _, err = run(capsys, "skip", "2026-03-16")
    assert code == 1 and err == "companion: No check-in is planned on 2026-03-16.\n"


def test_due_speaks_only_within_a_day(capsys, home: Path, clock: FakeClock) -> None:
    assert run(capsys, "due") == (1, "", "")  # nothing planned
    run(capsys, "schedule")  # Sunday 19:00 Berlin = 18:00 UTC, 23.5 hours away
    assert run(capsys, "due") == (0, "Check-in: Sunday 15 March, 19:00 - tomorrow.\n", "")
    clock.advance(timedelta(hours=25))  # an hour late
    code, out, _ = run(capsys, "due")
    assert code == 0 and out.startswith("Check-in due: Sunday 15 March, 19:00 - today.")
    store = Store(home, clock)
    occ = records.load_schedule(store).upcoming(START, 1)[0]  # type: ignore[union-attr]
    checkin = CheckIn.new(("Sam", "Alex"), occ.key, clock.now())
    checkin.take("appreciate", clock.now(), 0, "a").take("appreciate", clock.now(), 1, "b")
    checkin.take("next", clock.now())
    checkin.take("rate", clock.now(), 0, 5).take("rate", clock.now(), 1, 5)
    for step in ("next", "next", "next"):
        checkin.take(step, clock.now())
    checkin.take("plan", clock.now(), "x").take("finish", clock.now())
    with store.transaction("checkins") as tx:
        tx["checkins"].table("checkins").insert(encode_checkin(checkin))
    assert run(capsys, "due") == (1, "", "")  # held: nothing due
    clock.advance(timedelta(days=5))
    assert run(capsys, "due") == (1, "", "")  # the next is 8 days away


def test_due_in_a_shell_for_a_login_message(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    env_cmd = [sys.executable, "-m", "companion", "--data-dir", str(data_dir)]
    subprocess.run([*env_cmd, "init", "--partner", "Sam"], check=True, capture_output=True)
    done = subprocess.run([*env_cmd, "checkins", "due"], capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "")


# -- the .ics export ------------------------------------------------------------------------------


def read_ics(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def test_the_export_reads_back_with_its_rule_skips_moves_alarms_and_one_uid(
    capsys, home: Path, tmp_path: Path, clock: FakeClock
) -> None:
    run(capsys, "schedule")
    run(capsys, "skip", "2026-03-29", "--reason", "Away")
    store = Store(home, clock)
    schedule = records.load_schedule(store)
    assert schedule is not None
    third = schedule.upcoming(clock.now(), 3)[2]
    records.change(store, "move", clock.now(), third.key, third.start - timedelta(days=1))

    target = tmp_path / "ours.ics"
    code, out, _ = run(capsys, "export", str(target))
    assert code == 0 and str(target) in out
    cal = read_ics(target)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    events = [c for c in cal.walk("VEVENT")]
    main_event = next(e for e in events if "RRULE" in e)
    uid = str(main_event["UID"])
    assert uid == schedule.uid
    assert main_event["RRULE"].to_ical() == b"FREQ=WEEKLY;INTERVAL=2;BYDAY=SU"
    start = main_event.decoded("DTSTART")
    assert (start.isoformat(), str(start.tzinfo)) == ("2026-03-15T19:00:00+01:00", "Europe/Berlin")
    exdates = [d.dt for exdate in [main_event["EXDATE"]] for d in exdate.dts]
    assert [d.isoformat() for d in exdates] == ["2026-03-29T19:00:00+02:00"]
    alarms = sorted(a.decoded("TRIGGER") for a in main_event.walk("VALARM"))
    assert alarms == [timedelta(days=-1), timedelta(hours=-1)]
    override = next(e for e in events if "RECURRENCE-ID" in e)
    assert str(override["UID"]) == uid
    assert override.decoded("RECURRENCE-ID").isoformat() == "2026-04-12T19:00:00+02:00"
    assert override.decoded("DTSTART").isoformat() == "2026-04-11T19:00:00+02:00"
    assert len(list(override.walk("VALARM"))) == 2
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]

    # Exported again, after a cadence change: the same UID for what comes, the past kept.
    clock.advance(timedelta(weeks=6))
    run(capsys, "schedule", "--every-weeks", "1")
    run(capsys, "export", str(tmp_path / "again"))
    again = read_ics(tmp_path / "again.ics")
    uids = sorted(str(e["UID"]) for e in again.walk("VEVENT") if "RRULE" in e)
    assert uid in uids and f"20260315-{uid}" in uids
    current = next(e for e in again.walk("VEVENT") if str(e["UID"]) == uid and "RRULE" in e)
    assert current["RRULE"].to_ical() == b"FREQ=WEEKLY;INTERVAL=1;BYDAY=SU"
    assert int(current["SEQUENCE"]) > int(main_event["SEQUENCE"])
    closed = next(e for e in again.walk("VEVENT") if str(e["UID"]) != uid and "RRULE" in e)
    assert b"UNTIL=" in closed["RRULE"].to_ical()


def test_the_export_uid_is_the_same_every_time(capsys, home: Path, tmp_path: Path) -> None:
    run(capsys, "schedule")
    for name in ("one.ics", "two.ics"):
        run(capsys, "export", str(tmp_path / name))
    first, second = (read_ics(tmp_path / name) for name in ("one.ics", "two.ics"))
    assert [str(e["UID"]) for e in first.walk("VEVENT")] == [
        str(e["UID"]) for e in second.walk("VEVENT")
    ]


def test_export_into_a_missing_folder_is_one_sentence(capsys, home: Path, tmp_path: Path) -> None:
    run(capsys, "schedule")
    code, _, err = run(capsys, "export", str(tmp_path / "nope" / "x.ics"))
    assert code == 1 and err.startswith("companion: The folder ") and err.endswith("exist.\n")


def test_a_leap_day_start_from_the_command_line(capsys, home: Path) -> None:
    code, out, _ = run(
        capsys, "schedule", "--every-weeks", "1", "--weekday", "tue", "--start", "2028-02-29"
    )
    assert code == 0 and "Tuesday 29 February, 19:00" in out
    assert date(2028, 2, 29).weekday() == 1
