"""Check-ins on disk: the schedule and each held check-in, in the check-ins area.

Every change runs inside one transaction on the record as it is on disk now
and returns the record saved. The live file `checkins.json` holds the
schedule and any check-in under way; a finished check-in moves to the
archive of its year on the write that finishes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from tinydb import Query, TinyDB

from companion.checkins import links
from companion.checkins.codec import (
    decode_checkin,
    decode_schedule,
    encode_checkin,
    encode_schedule,
)
from companion.checkins.rules import CheckIn, CheckInError, CheckInStep, Stage, step_of
from companion.checkins.schedule import (
    GRACE,
    Occurrence,
    Schedule,
    ScheduleError,
    ScheduleStep,
    Status,
    check_zone,
    local_at,
    parse_date,
    parse_time,
    parse_weekday,
    status,
)
from companion.store import DamagedRecord, Store, Transaction, damaged_message

AREA = "checkins"
SCHEDULE = "schedule"
CHECKINS = "checkins"


def finished_year(table: str, row: dict[str, Any]) -> int | None:
    """The archive year of a finished check-in; None keeps the row in the live file."""
    try:
        if table == CHECKINS and row.get("stage") == Stage.DONE.value:
            return datetime.fromisoformat(row["started"]).year
    except (KeyError, TypeError, ValueError):
        return None
    return None


def _damaged(store: Store, what: str, exc: Exception) -> DamagedRecord:
    path = store.path(AREA)
    return DamagedRecord(damaged_message(path, what, exc, store.locations.backups), path)


def _schedule(store: Store, db: TinyDB) -> Schedule | None:
    rows = db.table(SCHEDULE).all()
    if not rows:
        return None
    try:
        return decode_schedule(rows[0])
    except ScheduleError as exc:
        raise _damaged(store, "check-in schedule", exc) from None


def _checkin(store: Store, row: dict[str, Any]) -> CheckIn:
    try:
        return decode_checkin(row)
    except CheckInError as exc:
        raise _damaged(store, "check-in", exc) from None


def _put_schedule(db: TinyDB, schedule: Schedule) -> None:
    table = db.table(SCHEDULE)
    table.truncate()
    table.insert(encode_schedule(schedule))


def _put(db: TinyDB, checkin: CheckIn) -> None:
    db.table(CHECKINS).upsert(encode_checkin(checkin), Query().id == checkin.id)


def _open(store: Store, db: TinyDB) -> list[CheckIn]:
    found = [_checkin(store, row) for row in db.table(CHECKINS).all()]
    return sorted((c for c in found if c.is_open), key=lambda c: c.started)


# -- reading -----------------------------------------------------------------------------


def load_schedule(store: Store) -> Schedule | None:
    """The couple's schedule, or None before they have set one."""
    with store.read(AREA) as db:
        return _schedule(store, db)


def open_checkin(store: Store) -> CheckIn | None:
    """The check-in under way (or paused), if there is one."""
    with store.read(AREA) as db:
        found = _open(store, db)
    return found[-1] if found else None


def all_checkins(store: Store) -> list[CheckIn]:
    """Every check-in, archived ones too, newest first (reads the archives: call off the loop)."""
    found = [_checkin(store, row) for row in store.rows(AREA, CHECKINS)]
    return sorted(found, key=lambda c: c.started, reverse=True)


def checkins_in_years(store: Store, years: Sequence[int]) -> list[CheckIn]:
    """The live file's check-ins and those archived in `years`, oldest first."""
    with store.read(AREA) as db:
        rows = list(db.table(CHECKINS).all())
    archived: list[dict[str, Any]] = []
    for year in sorted(set(years)):
        path = store.archive_path(AREA, year)
        if path.exists():
            archived += store.read_archive(AREA, path).get(CHECKINS, {}).values()
    unique = {row.get("id"): row for row in archived + rows}  # the live copy wins
    return sorted((_checkin(store, r) for r in unique.values()), key=lambda c: c.started)


def recent_checkins(store: Store, now: datetime) -> list[CheckIn]:
    """The live file and this year's and last year's archives: enough to tell what is due."""
    return checkins_in_years(store, (now.year - 1, now.year))


def check(store: Store, archived: bool = True) -> int:
    """Read every record (for doctor and start-up); raises DamagedRecord naming the first bad one."""
    count = 0
    with store.read(AREA) as db:
        if _schedule(store, db) is not None:
            count += 1
    count += len([_checkin(store, r) for r in store.rows(AREA, CHECKINS, archived=archived)])
    return count


def held(checkins: Sequence[CheckIn]) -> dict[str, str]:
    """Occurrence key -> "done" or "started", for the check-ins linked to one."""
    found: dict[str, str] = {}
    for checkin in sorted(checkins, key=lambda c: c.started):
        if checkin.occurrence is None:
            continue
        if checkin.stage is Stage.DONE:
            found[checkin.occurrence] = "done"
        else:
            found.setdefault(checkin.occurrence, "started")
    return found


# -- the schedule -------------------------------------------------------------------------


def set_schedule(
    store: Store,
    now: datetime,
    tz: str,
    every_weeks: int,
    weekday: int,
    at: time,
    start: date | None = None,
) -> Schedule:
    """Set the cadence (the first time, or a change from now on); returns the schedule saved."""
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        schedule = _schedule(store, db)
        if schedule is None:
            schedule = Schedule.new(now, tz, every_weeks, weekday, at, start)
        else:
            schedule.take(ScheduleStep.SET, now, every_weeks, weekday, at, tz, start)
        _put_schedule(db, schedule)
    return schedule


def set_schedule_from_words(
    store: Store,
    now: datetime,
    every_weeks: str,
    weekday: str,
    at: str,
    tz: str,
    start: str = "",
) -> Schedule:
    """The cadence as a person typed it (a form or the command line), checked and saved."""
    every = every_weeks.strip()
    if not every.isdigit() or len(every) > 2:
        raise ScheduleError("Choose every 1, 2, 3 or 4 weeks.")
    return set_schedule(
        store,
        now,
        check_zone(tz),
        int(every),
        parse_weekday(weekday),
        parse_time(at),
        parse_date(start) if start.strip() else None,
    )


def move_to(store: Store, key: str, day: str, at: str, tz: str, now: datetime) -> Schedule:
    """Move one occurrence to a day and time typed by a person."""
    when = local_at(parse_date(day), parse_time(at), tz)
    return change(store, ScheduleStep.MOVE, now, key, when)


def change(store: Store, step: ScheduleStep | str, now: datetime, *args: Any) -> Schedule:
    """Skip, keep, move or put back one occurrence; returns the schedule saved."""
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        schedule = _schedule(store, db)
        if schedule is None:
            raise ScheduleError("No check-ins are planned yet; choose a day and time first.")
        schedule.take(step, now, *args)
        _put_schedule(db, schedule)
    return schedule


def skip_day(store: Store, day: date, reason: str, now: datetime) -> tuple[Schedule, Occurrence]:
    """Skip the check-in planned on a local day (for the CLI); returns the schedule and it."""
    schedule = load_schedule(store)
    if schedule is None:
        raise ScheduleError("No check-ins are planned yet; choose a day and time first.")
    occ = schedule.on_day(day)
    if occ is None:
        raise ScheduleError(f"No check-in is planned on {day.isoformat()}.")
    saved = change(store, ScheduleStep.SKIP, now, occ.key, reason)
    found = saved.find(occ.key)
    assert found is not None
    return saved, found


# -- where the couple stands -----------------------------------------------------------------


def statuses(
    schedule: Schedule,
    checkins: Sequence[CheckIn],
    after: datetime,
    before: datetime,
    now: datetime,
) -> list[tuple[Occurrence, Status]]:
    """Each occurrence in [after, before] with its status."""
    done = held(checkins)
    return [(o, status(o, now, done.get(o.key))) for o in schedule.occurrences(after, before)]


def current(
    schedule: Schedule, checkins: Sequence[CheckIn], now: datetime
) -> tuple[Occurrence, Status] | None:
    """The occurrence a check-in held now belongs to: one due or under way, else the last one
    missed (held late), else the next (held early)."""
    window = statuses(schedule, checkins, now - timedelta(weeks=5), now + timedelta(weeks=9), now)
    for occ, state in window:
        if state in (Status.DUE, Status.STARTED):
            return occ, state
    past = [(o, s) for o, s in window if o.start <= now and s is not Status.SKIPPED]
    if past and past[-1][1] is Status.MISSED:
        return past[-1]
    ahead = [(o, s) for o, s in window if o.start > now and s is Status.UPCOMING]
    return ahead[0] if ahead else None


def next_one(schedule: Schedule, checkins: Sequence[CheckIn], now: datetime) -> Occurrence | None:
    """The next check-in still to hold: not skipped, not held already, starting after now - GRACE."""
    done = held(checkins)
    for occ in schedule.upcoming(now - GRACE, 12):
        if occ.skip is None and done.get(occ.key) != "done":
            return occ
    return None


def due_within(
    schedule: Schedule, checkins: Sequence[CheckIn], now: datetime, within: timedelta
) -> tuple[Occurrence, Status] | None:
    """A check-in to hold soon: starting within `within`, or begun and still in its grace."""
    for occ, state in statuses(schedule, checkins, now - GRACE, now + within, now):
        if state in (Status.DUE, Status.STARTED):
            return occ, state
    return None


# -- holding a check-in ---------------------------------------------------------------------


def start_checkin(
    store: Store, partners: Sequence[str], occurrence: str | None, now: datetime
) -> CheckIn:
    """Begin a check-in for an occurrence; the one already under way is returned instead
    (two presses, or two terminals, never make two)."""
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        waiting = _open(store, db)
        if waiting:
            return waiting[-1]
        if occurrence is not None:
            schedule = _schedule(store, db)
            if schedule is None or schedule.find(occurrence) is None:
                raise CheckInError("That check-in is no longer planned; see the calendar.")
            finished = [c for c in recent_checkins(store, now) if c.occurrence == occurrence]
            if any(c.stage is Stage.DONE for c in finished):
                raise CheckInError("That check-in was held already; see it in the history.")
        checkin = CheckIn.new(partners, occurrence, now)
        _put(db, checkin)
    return checkin


def apply(
    store: Store,
    checkin_id: str,
    step: CheckInStep | str,
    now: datetime,
    *args: Any,
    expect: Stage | None = None,
) -> CheckIn:
    """Take one step of a check-in on the record as it is on disk now, and save it.

    `expect` is the stage the person saw: if the other terminal moved the
    check-in on first, the step is refused rather than taken on a stage
    nobody was looking at. Moving into the review reads what the links
    (companion.checkins.links: the agenda) have in progress; a concern goes
    onto the agenda, and finishing writes each verdict back to where its item
    came from, in the same transaction as the check-in.
    """
    known = step_of(step)
    linked = known in (CheckInStep.NEXT, CheckInStep.CONCERN, CheckInStep.FINISH)
    active = links.active(store) if linked else []
    extra = [area for link in active for area in link.areas if area != AREA]
    with store.transaction(AREA, *extra) as tx:
        db = tx[AREA]
        row = db.table(CHECKINS).get(Query().id == checkin_id)
        if not isinstance(row, dict):
            raise CheckInError(
                "That check-in is no longer here; it may have been finished elsewhere."
            )
        checkin = _checkin(store, row)
        if expect is not None and checkin.stage is not expect:
            raise CheckInError("Your partner's screen moved the check-in on first; here it is now.")
        if known is CheckInStep.NEXT and checkin.stage is Stage.CONNECT and not checkin.reviews:
            checkin.take(known, now, links.review_items(store, active))
        elif known is CheckInStep.CONCERN:
            text, by = args[0], args[1]
            added = checkin.take(known, now, text, by).concerns[-1]
            name = checkin.partners[added.by]
            added.agenda_id = links.add_concern(tx, active, added.text, name, now)
        elif known is CheckInStep.FINISH:
            checkin.take(known, now, *args)
            _write_back(tx, active, checkin, now)
        else:
            checkin.take(known, now, *args)
        _put(db, checkin)
        return checkin


def _write_back(
    tx: Transaction, active: list[links.CheckInLink], checkin: CheckIn, now: datetime
) -> int:
    """Each verdict of a finished check-in, written back by the link its item came from;
    returns how many were (one whose record has gone since is kept here only)."""
    written = 0
    for review in checkin.reviews:
        link = links.owner(active, review.kind)
        if link is None or review.verdict is None:
            continue
        item = links.ReviewItem(review.kind, review.ref, review.title, review.label)
        verdict = review.verdict.value
        if link.record_review(tx, item, verdict, review.note, checkin.reviewer, now):
            written += 1
    return written
