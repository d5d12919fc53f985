"""`companion checkins`: the check-in schedule from the shell (and cron, and a login message)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, time, timedelta
from typing import Any

from companion.checkins import records
from companion.checkins.rules import CheckInError
from companion.checkins.schedule import (
    DEFAULT_EVERY_WEEKS,
    DEFAULT_TIME,
    DEFAULT_WEEKDAY,
    Schedule,
    ScheduleError,
    Status,
    cadence_words,
    describe,
    local_at,
    long_day,
    parse_date,
    parse_time,
    parse_weekday,
    status,
)
from companion.commands import CliError, say, store_of
from companion.profile import load_profile
from companion.store import Store
from companion.when import couple_zone, zone

NEXT_MAX = 500


def register(sub: Any) -> None:
    checkins = sub.add_parser("checkins", help="the check-in schedule: set it, see it, export it")
    verbs = checkins.add_subparsers(dest="checkins_command", metavar="ACTION", required=True)

    schedule = verbs.add_parser(
        "schedule",
        help="set how often check-ins happen (default: every 2 weeks, Sunday 19:00)",
        description="Set the cadence from now on; check-ins already past keep their dates. "
        "With no option on a first run, the default is used; with none later, the schedule "
        "is printed.",
    )
    schedule.add_argument("--every-weeks", type=int, metavar="N", help="1 to 4 (default 2)")
    schedule.add_argument("--weekday", metavar="DAY", help="mon..sun (default sun)")
    schedule.add_argument("--time", metavar="HH:MM", help="local time (default 19:00)")
    schedule.add_argument("--tz", metavar="ZONE", help="IANA zone (default: the couple's)")
    schedule.add_argument("--start", metavar="DATE", help="first day to consider, YYYY-MM-DD")
    schedule.set_defaults(handler=cmd_schedule)

    upcoming = verbs.add_parser("next", help="the next check-ins and where each stands")
    upcoming.add_argument("count", nargs="?", type=int, default=1, metavar="N", help="how many")
    upcoming.add_argument("--from", dest="start", metavar="DATE", help="from this day (YYYY-MM-DD)")
    upcoming.add_argument("--json", action="store_true", help="print a JSON array")
    upcoming.set_defaults(handler=cmd_next)

    skip = verbs.add_parser("skip", help="skip the check-in on one day, with a reason")
    skip.add_argument("date", metavar="DATE", help="the day of the check-in, YYYY-MM-DD")
    skip.add_argument("--reason", default="", metavar="TEXT", help="why (shown in the calendar)")
    skip.set_defaults(handler=cmd_skip)

    due = verbs.add_parser(
        "due",
        help="one line and exit 0 when a check-in is due within 24 hours; else silent, exit 1",
    )
    due.set_defaults(handler=cmd_due)

    export = verbs.add_parser("export", help="write the schedule as an .ics calendar file")
    export.add_argument("file", metavar="FILE.ics", help="where to write it")
    export.set_defaults(handler=cmd_export)


def _schedule(store: Store) -> Schedule:
    found = records.load_schedule(store)
    if found is None:
        raise CliError("No check-ins are planned yet; run: companion checkins schedule.")
    return found


def cmd_schedule(args: argparse.Namespace) -> int:
    store = store_of(args)
    now = store.clock.now()
    existing = records.load_schedule(store)
    given = (args.every_weeks, args.weekday, args.time, args.tz, args.start)
    if existing is not None and all(value is None for value in given):
        say(f"{cadence_words(existing.current)} ({existing.tz}).")
        return 0
    base = existing.current if existing is not None else None
    try:
        every = (
            args.every_weeks
            if args.every_weeks is not None
            else (base.every_weeks if base else DEFAULT_EVERY_WEEKS)
        )
        weekday = (
            parse_weekday(args.weekday)
            if args.weekday
            else (base.weekday if base else DEFAULT_WEEKDAY)
        )
        at = parse_time(args.time) if args.time else (base.at if base else DEFAULT_TIME)
        tz = args.tz or (base.tz if base else couple_zone(load_profile(store)))
        start = parse_date(args.start) if args.start else None
        store.ensure_dir()
        saved = records.set_schedule(store, now, tz, every, weekday, at, start)
    except ScheduleError as exc:
        raise CliError(str(exc)) from None
    first = records.next_one(saved, [], now)
    say(f"{cadence_words(saved.current)} ({saved.tz}).")
    if first is not None:
        say(f"Next check-in: {describe(first.start, first.tz, now)}.")
    return 0


def cmd_next(args: argparse.Namespace) -> int:
    store = store_of(args)
    now = store.clock.now()
    schedule = _schedule(store)
    if not 1 <= args.count <= NEXT_MAX:
        raise CliError(f"Ask for 1 to {NEXT_MAX} check-ins.")
    try:
        since = (
            local_at(parse_date(args.start), time(0), schedule.tz).astimezone(UTC)
            if args.start
            else now
        )
    except ScheduleError as exc:
        raise CliError(str(exc)) from None
    checkins = records.all_checkins(store) if args.start else records.recent_checkins(store, now)
    found = schedule.upcoming(since, args.count)
    states = records.held(checkins)
    rows = []
    for occ in found:
        state = status(occ, now, states.get(occ.key))
        rows.append(
            {
                "start": occ.local.isoformat(),
                "status": state.value,
                "original": occ.original.astimezone(zone(occ.tz)).isoformat(),
                "moved": occ.moved,
                "reason": occ.skip.reason if occ.skip else None,
                "uid": schedule.uid,
            }
        )
    if args.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return 0
    for occ, row in zip(found, rows, strict=True):
        line = f"{describe(occ.start, occ.tz, now)}  {row['status']}"
        if occ.skip and occ.skip.reason:
            line += f" ({occ.skip.reason})"
        elif occ.moved:
            line += " (moved)"
        say(line)
    return 0


def cmd_skip(args: argparse.Namespace) -> int:
    store = store_of(args)
    now = store.clock.now()
    try:
        day = parse_date(args.date)
        _saved, occ = records.skip_day(store, day, args.reason, now)
    except ScheduleError as exc:
        raise CliError(str(exc)) from None
    because = f" ({occ.skip.reason})" if occ.skip and occ.skip.reason else ""
    say(f"Skipped the check-in on {long_day(occ.day)}{because}. The rest stay as they are.")
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    store = store_of(args)
    now = store.clock.now()
    try:
        schedule = records.load_schedule(store)
        if schedule is None:
            return 1
        found = records.due_within(
            schedule, records.recent_checkins(store, now), now, timedelta(hours=24)
        )
    except CheckInError:
        return 1
    if found is None:
        return 1
    occ, state = found
    if state is Status.STARTED:
        say(
            f"A check-in is under way ({describe(occ.start, occ.tz, now)}): open Companion to finish it."
        )
    elif occ.start <= now:
        say(f"Check-in due: {describe(occ.start, occ.tz, now)}. Open Companion and press i.")
    else:
        say(f"Check-in: {describe(occ.start, occ.tz, now)}.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from companion.checkins import ical

    store = store_of(args)
    try:
        path = ical.export_schedule(store, args.file, store.clock.now())
    except ical.ExportError as exc:
        raise CliError(str(exc)) from None
    say(f"Wrote {path}. Import it into your calendar; exporting again updates the same events.")
    return 0
