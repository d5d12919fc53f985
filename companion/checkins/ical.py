"""The schedule as an .ics file a phone or desktop calendar imports.

The current series is one VEVENT with the schedule's stable UID, its RRULE,
an EXDATE for each skipped check-in, a RECURRENCE-ID VEVENT for each moved
one, and two VALARMs: the day before and an hour before. Series closed by a
cadence change follow as VEVENTs of their own with UIDs derived from the
same one, so past check-ins stay in the calendar. Exporting again gives the
same UIDs with a higher SEQUENCE, so an import updates instead of doubling.

icalendar is imported here only, and this module only when an export runs.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from companion.checkins.schedule import LENGTH, Schedule, Series, cadence_words, key_of
from companion.errors import Refused
from companion.files import atomic_write
from companion.store import Store
from companion.when import zone

PRODID = "-//Companion//Check-ins//EN"
ALARMS = (timedelta(days=-1), timedelta(hours=-1))


def series_uid(schedule: Schedule, series: Series) -> str:
    """The current series has the schedule's UID; a closed one, a UID derived from it."""
    if series.until is None:
        return schedule.uid
    return f"{series.start:%Y%m%d}-{schedule.uid}"


def calendar(schedule: Schedule, names: str, now: datetime) -> Any:
    """An icalendar.Calendar of the schedule."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Companion check-ins")
    title = f"Check-in: {names}" if names else "Check-in"
    stamp = now.astimezone(UTC).replace(microsecond=0)
    for series in schedule.series:
        uid = series_uid(schedule, series)
        where = zone(series.tz)
        event = _event(uid, title, stamp, schedule.sequence)
        event.add("dtstart", series.start.replace(tzinfo=where))
        event.add("duration", LENGTH)
        event.add("rrule", icalendar.vRecur.from_ical(series.full_rule))
        event.add("description", f"{cadence_words(series)}. Held with Companion.")
        lo = series.start.astimezone(UTC)
        hi = series.until or lo + timedelta(weeks=52 * 30)
        originals = series.originals(lo, hi)
        keys = {key_of(o): o for o in originals}
        skipped = sorted(keys[k] for k in schedule.skipped if k in keys)
        for original in skipped:
            event.add("exdate", original.astimezone(where))
        cal.add_component(event)
        for key, when in sorted(schedule.moved.items()):
            if key not in keys or key in schedule.skipped:
                continue
            moved = _event(uid, title, stamp, schedule.sequence)
            moved.add("recurrence-id", keys[key].astimezone(where))
            moved.add("dtstart", when.astimezone(where))
            moved.add("duration", LENGTH)
            moved.add("description", "Moved from its usual time. Held with Companion.")
            cal.add_component(moved)
    cal.add_missing_timezones()
    return cal


def _event(uid: str, title: str, stamp: datetime, sequence: int) -> Any:
    import icalendar

    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    event.add("summary", title)
    for offset in ALARMS:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)
        alarm.add("trigger", offset)
        event.add_component(alarm)
    return event


def ics_bytes(schedule: Schedule, names: str, now: datetime) -> bytes:
    """The .ics file's bytes (CRLF line endings, as RFC 5545 asks)."""
    data: bytes = calendar(schedule, names, now).to_ical()
    return data


def export_path(target: str | Path) -> Path:
    """Where an export named `target` goes: ~ expanded, made absolute, ".ics" added if missing."""
    path = Path(target).expanduser().absolute()
    return path if path.suffix.lower() == ".ics" else path.with_name(path.name + ".ics")


def export(schedule: Schedule, names: str, now: datetime, target: str | Path) -> Path:
    """Write the .ics file atomically; returns where it went."""
    path = export_path(target)
    atomic_write(path, ics_bytes(schedule, names, now))
    return path


class ExportError(Refused):
    """An export that could not be written, in one sentence."""


def export_schedule(store: Store, target: str | Path, now: datetime) -> Path:
    """Write the couple's schedule to `target` (for the CLI and the calendar's export key)."""
    from companion.checkins.records import load_schedule
    from companion.profile import load_profile

    schedule = load_schedule(store)
    if schedule is None:
        raise ExportError("No check-ins are planned yet; choose a day and time first.")
    path = export_path(target)
    if not path.parent.is_dir():
        raise ExportError(f"The folder {path.parent} does not exist.")
    profile = load_profile(store)
    try:
        return export(schedule, profile.names if profile else "", now, path)
    except OSError as exc:
        raise ExportError(f"Could not write {path}: {exc.strerror or exc}.") from None
