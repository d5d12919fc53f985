"""Time as people read it: the couple's zone, clock times, countdowns and lengths.

One place decides which zone a time is shown in (`couple_zone`), so a time-out
started during set-up and a check-in next month read the same way. Every
function here is handed `now`; nothing reads the system clock by itself.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import re
import zoneinfo
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class ZoneError(ValueError):
    """A time zone name Companion does not know, said in one sentence."""


class HasZone(Protocol):
    """Anything that carries the couple's IANA zone name (the profile)."""

    tz: str


@functools.cache
def known_zones() -> frozenset[str]:
    """Every zone name on this machine, listed once a process and only when asked: the
    listing walks the whole zone database (~600 files, ~11 ms). Set-up suggests from it;
    `validate_tz` asks it only about a name it did not find as a zone file."""
    return frozenset(available_timezones())


_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*")


def _zone_file(name: str) -> bool:
    """Whether `name` is a zone file of this machine's zone database as
    `available_timezones` counts one (its exact name, not under posix/ or right/, a TZif
    file), found by looking at that one file."""
    if not _ZONE_NAME.fullmatch(name) or name == "posixrules":
        return False
    if name.split("/", 1)[0] in ("posix", "right"):
        return False
    parts = name.split("/")
    for root in zoneinfo.TZPATH:
        try:
            with open(os.path.join(root, name), "rb") as file:
                if file.read(4) != b"TZif":
                    continue
            # Each part in its own case, as the listing has it (a disk that ignores case
            # would open europe/london too), and no folder reached through a link (the
            # listing does not follow them).
            folders = [os.path.join(root, *parts[:depth]) for depth in range(len(parts))]
            if all(
                part in os.listdir(folder) and (folder == root or not os.path.islink(folder))
                for folder, part in zip(folders, parts, strict=True)
            ):
                return True
        except OSError:
            continue
    return False


def validate_tz(name: str) -> str:
    """An IANA zone name this machine knows, or ZoneError. A name found as a zone file is
    known at once; any other is looked up in the whole listing (zones from the tzdata
    package, or none at all). Every profile read does this, the start included, and
    the listing takes ~11 ms."""
    name = name.strip() if isinstance(name, str) else ""
    if name in {"UTC", "Etc/UTC"}:
        return name
    try:
        if name and (_zone_file(name) or name in known_zones()):
            ZoneInfo(name)
            return name
    except (ZoneInfoNotFoundError, ValueError):
        pass
    shown = name if len(name) <= 40 else name[:37] + "..."
    raise ZoneError(
        f"{shown or 'An empty name'} is not a time zone Companion knows; use a name like Europe/London."
    )


def machine_timezone() -> str:
    """This machine's IANA zone name, or UTC when it cannot be told."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text().strip())
    for name in candidates:
        try:
            return validate_tz(name)
        except ZoneError:
            continue
    return "UTC"


def couple_zone(profile: HasZone | None) -> str:
    """The zone every time is stored against and shown in: the couple's, else this machine's."""
    return profile.tz if profile is not None else machine_timezone()


def zone(tz: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name, or ZoneError."""
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ZoneError(f"{tz!r} is not a time zone Companion knows.") from None


def shown_seconds(remaining: float) -> int:
    """The whole seconds a countdown shows: rounded up while time is left, overtime rounded down.

    `remaining` should come from `timedelta.total_seconds()` (exact to the
    microsecond), never from adding up float ticks, so that ceil is exact:
    a deadline 120 s away shows 2:00, not 2:01.
    """
    if not math.isfinite(remaining):
        raise ValueError(f"remaining must be a finite number of seconds, not {remaining!r}")
    if remaining > 0:
        return math.ceil(remaining)
    return math.floor(-remaining)


def until_the_shown_second_turns(remaining: float) -> float:
    """Seconds until `shown_seconds(remaining)` changes as time runs on: the countdown's
    next second (or overtime's), 1.0 when it has only just turned."""
    turn = remaining - math.floor(remaining)
    return turn if turn > 0 else 1.0


TURN_SLACK = 0.002
"""How long after a countdown's second turns it is redrawn (a timer is never early by more)."""


def next_tick(remaining: float | None, before: float | None, beat: float) -> float:
    """Seconds until a countdown should look at the clock again: at most `beat`, and just
    after its shown second turns. `before` is what `remaining` was at the last look; the
    same value means the clock stands still (a test's fake clock), and the plain beat is kept."""
    if remaining is None or remaining == before:
        return beat
    return min(beat, until_the_shown_second_turns(remaining) + TURN_SLACK)


def format_countdown(remaining: float) -> str:
    """A countdown as M:SS ("2:00", "0:01"), H:MM:SS from an hour ("23:59:57" reads as
    hours, never "1439:57"), or overtime as +M:SS ("+0:12")."""
    minutes, seconds = divmod(shown_seconds(remaining), 60)
    sign = "+" if remaining < 0 else ""
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{sign}{hours}:{minutes:02d}:{seconds:02d}"
    return f"{sign}{minutes}:{seconds:02d}"


def format_duration(seconds: float) -> str:
    """A length for people: "45 s", "22 min", "1 h 5 min"."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def as_utc(value: datetime, what: str = "now") -> datetime:
    """An aware datetime in UTC; a naive one is refused."""
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be an aware datetime.")
    return value.astimezone(UTC)


def format_clock(dt: datetime, tz: str, now: datetime) -> str:
    """A time as read locally: "19:45" today, "Wed 19:45" this week, else "Wed 3 Jun 19:45"."""
    where = zone(tz)
    local = as_utc(dt, "dt").astimezone(where)
    today = as_utc(now).astimezone(where).date()
    clock = f"{local.hour:02d}:{local.minute:02d}"
    if local.date() == today:
        return clock
    weekday = _WEEKDAYS[local.weekday()]
    if abs((local.date() - today).days) < 7:
        return f"{weekday} {clock}"
    return f"{weekday} {local.day} {_MONTHS[local.month - 1]} {clock}"


def format_at(dt: datetime, tz: str, now: datetime) -> str:
    """A coming time in words: "at 19:45" today, "tomorrow at 19:45", else "on Wed at 19:45"."""
    where = zone(tz)
    local = as_utc(dt, "dt").astimezone(where)
    today = as_utc(now).astimezone(where).date()
    clock = f"{local.hour:02d}:{local.minute:02d}"
    days = (local.date() - today).days
    if days == 0:
        return f"at {clock}"
    if days == 1:
        return f"tomorrow at {clock}"
    return f"on {format_clock(dt, tz, now).rsplit(' ', 1)[0]} at {clock}"


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_date(now: datetime, tz: str) -> str:
    """Today as a heading reads it: "Saturday 14 March", in the couple's zone."""
    local = as_utc(now).astimezone(zone(tz))
    return f"{_DAY_NAMES[local.weekday()]} {local.day} {_MONTH_NAMES[local.month - 1]}"


def format_day(dt: datetime, tz: str) -> str:
    """A date and time for a list: "14 Mar 18:30", in the couple's zone."""
    local = as_utc(dt, "dt").astimezone(zone(tz))
    return f"{local.day:02d} {_MONTHS[local.month - 1]} {local.hour:02d}:{local.minute:02d}"


def format_age(since: datetime, now: datetime) -> str:
    """How long ago, in a few characters for a list: "now", "5h", "3d", "2w", "4mo", "2y"."""
    seconds = (as_utc(now) - as_utc(since, "since")).total_seconds()
    if seconds < 3600:
        return "now"
    hours = seconds / 3600
    if hours < 24:
        return f"{int(hours)}h"
    days = int(hours // 24)
    if days < 14:
        return f"{days}d"
    if days < 61:
        return f"{days // 7}w"
    if days < 365:
        return f"{days // 30}mo"
    return f"{days // 365}y"
