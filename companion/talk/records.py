"""Talks and time-outs on disk: the talks area of the store.

Every change is made inside one transaction on the record as it is on disk
now, never by writing back a copy a screen kept in memory, and returns the
record as saved: two terminals on one data dir can then never undo each
other's step, and a screen always shows what the disk holds.

The live file `talks.json` holds what is under way (open talks, running
time-outs); a talk that is finished and a time-out that is over move to the
archive of their year on the write that finishes them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from companion.records import load_time
from companion.store import DamagedRecord, Store, damaged_message
from companion.talk.codec import decode_talk, encode_talk
from companion.talk.parts import Phase, TalkError
from companion.talk.rules import Talk, TalkStep, step_of
from companion.timeout import (
    DEFAULT_MINUTES,
    CoolDownError,
    TimeOut,
    TimeOutStep,
    decode_timeout,
    encode_timeout,
)

AREA = "talks"
TALKS = "talks"
TIMEOUTS = "timeouts"


def finished_year(table: str, row: dict[str, Any]) -> int | None:
    """The archive year of a finished talk or time-out; None keeps the row in the live file.

    A row too damaged to tell stays live, where the start-up check names it.
    """
    try:
        if table == TALKS and row.get("phase") == Phase.ENDED.value:
            created = load_time(row, "created", ValueError, required=True)
            return created.year if created is not None else None
        if table == TIMEOUTS and row.get("outcome") is not None:
            started = load_time(row, "started", ValueError, required=True)
            return started.year if started is not None else None
    except ValueError:
        return None
    return None


def _damaged(store: Store, what: str, exc: Exception, path: Path | None) -> DamagedRecord:
    path = path or store.path(AREA)
    return DamagedRecord(damaged_message(path, what, exc, store.locations.backups), path)


def _talk(store: Store, row: dict[str, Any], path: Path | None = None) -> Talk:
    """The talk in a row of `path` (the live file unless named); DamagedRecord naming the file."""
    try:
        return decode_talk(row)
    except TalkError as exc:
        raise _damaged(store, "talk", exc, path) from None


def _timeout(store: Store, row: dict[str, Any], path: Path | None = None) -> TimeOut:
    try:
        return decode_timeout(row)
    except CoolDownError as exc:
        raise _damaged(store, "time-out", exc, path) from None


def _open_talks(store: Store, db: TinyDB) -> list[Talk]:
    talks = [_talk(store, row) for row in db.table(TALKS).all()]
    return sorted((t for t in talks if t.is_open), key=lambda t: t.created)


def _active_timeouts(store: Store, db: TinyDB) -> list[TimeOut]:
    rows = db.table(TIMEOUTS).search(Query().outcome == None)  # noqa: E711 - TinyDB query
    return sorted((_timeout(store, r) for r in rows), key=lambda t: t.started)


def _put_talk(db: TinyDB, talk: Talk) -> None:
    row = encode_talk(talk)
    try:
        decode_talk(row)  # nothing is saved that could not be read back
    except TalkError as exc:
        raise TalkError(f"This change cannot be saved: {_why(exc)}") from None
    db.table(TALKS).upsert(row, Query().id == talk.id)


def _put_timeout(db: TinyDB, cooldown: TimeOut) -> None:
    row = encode_timeout(cooldown)
    try:
        decode_timeout(row)
    except CoolDownError as exc:
        raise CoolDownError(f"This change cannot be saved: {_why(exc)}") from None
    db.table(TIMEOUTS).upsert(row, Query().id == cooldown.id)


def _why(exc: Exception) -> str:
    return str(exc).split(": ", 1)[-1]


# -- reading -------------------------------------------------------------------------


def active_talk(store: Store) -> Talk | None:
    """The talk in progress, if one was left open (quit, crash, or a time-out)."""
    with store.read(AREA) as db:
        found = _open_talks(store, db)
    return found[-1] if found else None


def open_talk_in(store: Store, db: TinyDB) -> Talk | None:
    """The talk under way in an open transaction's talks file, if any."""
    found = _open_talks(store, db)
    return found[-1] if found else None


def all_talks(store: Store) -> list[Talk]:
    """Every talk, archived ones too, newest first (reads the archives: call off the loop)."""
    found = [_talk(store, row, path) for path, row in store.sourced_rows(AREA, TALKS)]
    return sorted(found, key=lambda t: t.created, reverse=True)


def past_talks(store: Store) -> list[Talk]:
    """Every finished talk, newest first (reads the archives: call off the loop)."""
    return [t for t in all_talks(store) if t.phase is Phase.ENDED]


def latest_finished(store: Store) -> Talk | None:
    """The most recent finished talk: the live file, then only the newest archive or two."""
    with store.read(AREA) as db:
        live = [_talk(store, r) for r in db.table(TALKS).all()]
    found = [t for t in live if t.phase is Phase.ENDED]
    for path in reversed(store.archives(AREA)[-2:]):
        rows = store.read_archive(AREA, path).get(TALKS, {}).values()
        found += [_talk(store, r, path) for r in rows]
        if found:
            break
    finished = [t for t in found if t.phase is Phase.ENDED]
    return max(finished, key=lambda t: t.created) if finished else None


def get_talk(store: Store, talk_id: str) -> Talk | None:
    """One talk by id, live or archived."""
    for path, row in store.sourced_rows(AREA, TALKS):
        if row.get("id") == talk_id:
            return _talk(store, row, path)
    return None


def get_timeout(store: Store, timeout_id: str) -> TimeOut | None:
    """A time-out by id, from the live file (where every running one is)."""
    with store.read(AREA) as db:
        row = db.table(TIMEOUTS).get(Query().id == timeout_id)
    return _timeout(store, row) if isinstance(row, dict) else None


def active_timeout(store: Store) -> TimeOut | None:
    with store.read(AREA) as db:
        found = _active_timeouts(store, db)
    return found[-1] if found else None


def timeouts_of(store: Store, talk_id: str) -> list[TimeOut]:
    """Every time-out taken during one talk, oldest first."""
    rows = [(p, r) for p, r in store.sourced_rows(AREA, TIMEOUTS) if r.get("talk_id") == talk_id]
    return sorted((_timeout(store, r, p) for p, r in rows), key=lambda t: t.started)


def check(store: Store, archived: bool = True) -> int:
    """Read every record (for doctor and start-up); raises DamagedRecord naming the first bad one."""
    talks = [_talk(store, r, p) for p, r in store.sourced_rows(AREA, TALKS, archived=archived)]
    timeouts = [
        _timeout(store, r, p) for p, r in store.sourced_rows(AREA, TIMEOUTS, archived=archived)
    ]
    return len(talks) + len(timeouts)


# -- talks -----------------------------------------------------------------------------


def start_talk(store: Store, talk: Talk) -> Talk:
    """Save a new talk; refuse while another talk is still open (one talk at a time)."""
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        waiting = _open_talks(store, db)
        if waiting:
            raise TalkError(
                f"A talk about “{waiting[-1].topic}” is still open; finish or end it first."
            )
        _put_talk(db, talk)
    return talk


def save_talk(store: Store, talk: Talk) -> Talk:
    """Write a whole talk (for imports, tests and benchmarks; screens take steps)."""
    with store.transaction(AREA) as tx:
        _put_talk(tx[AREA], talk)
    return talk


def apply(
    store: Store,
    talk_id: str,
    step: TalkStep | str,
    now: datetime,
    *args: Any,
    expect: Phase | None = None,
) -> Talk:
    """Take one step of the talk on the record as it is on disk now, and save it.

    `expect` is the phase the person saw when they pressed the key: if the
    talk has moved on since (the other terminal was quicker), the step is
    refused rather than applied to a phase nobody was looking at. Raises
    TalkError too when the step is not allowed or the talk's time-out is running.
    """
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        row = db.table(TALKS).get(Query().id == talk_id)
        if not isinstance(row, dict):
            raise TalkError("That talk is no longer here; it may have been ended elsewhere.")
        talk = _talk(store, row)
        if expect is not None and talk.phase is not expect:
            raise TalkError("Your partner's screen moved the talk on first; here it is now.")
        if step_of(step) is TalkStep.RESUME and any(
            t.talk_id == talk_id for t in _active_timeouts(store, db)
        ):
            raise TalkError("The time-out is still running; come back from the time-out screen.")
        talk.take(step, now, *args)
        _put_talk(db, talk)
        return talk


def leave_paused(store: Store, now: datetime, timeout: float = 1.0) -> Talk | None:
    """On quitting: leave a running talk paused, its time kept (not counted as a time-out)."""
    with store.transaction(AREA, timeout=timeout) as tx:
        db = tx[AREA]
        for talk in reversed(_open_talks(store, db)):
            if talk.can(TalkStep.PAUSE):
                talk.pause(now, timeout=False)
                _put_talk(db, talk)
                return talk
    return None


def delete_talk(store: Store, talk_id: str) -> Talk:
    """Remove a talk and its time-outs for good, live or archived (backups rotate out in 14 days)."""
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        row = db.table(TALKS).get(Query().id == talk_id)
        talk = _talk(store, row) if isinstance(row, dict) else None
        if talk is not None and talk.is_open:
            raise TalkError("This talk is still open; end it first, then delete it.")
        archived = store.remove_archived(AREA, TALKS, lambda r: r.get("id") == talk_id)
        if talk is None and archived:
            talk = _talk(store, archived[0])
        if talk is None:
            raise TalkError(f"There is no talk with the id {talk_id}.")
        db.table(TALKS).remove(Query().id == talk_id)
        db.table(TIMEOUTS).remove(Query().talk_id == talk_id)
        store.remove_archived(AREA, TIMEOUTS, lambda r: r.get("talk_id") == talk_id)
    return talk


# -- time-outs ------------------------------------------------------------------------------


def start_timeout(store: Store, tz: str, now: datetime) -> TimeOut:
    """Pause the talk in progress (if any) and start a cool-down, in one write.

    Returns the time-out already running, if there is one: two presses, or two
    terminals, never make two.
    """
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        running = _active_timeouts(store, db)
        if running:
            return running[-1]
        talk_id = None
        waiting = _open_talks(store, db)
        if waiting:
            talk = waiting[-1]
            if talk.can(TalkStep.PAUSE):
                talk.pause(now)
                _put_talk(db, talk)
            elif talk.paused:  # left paused by a quit: this time-out is the talk's all the same
                talk.count_timeout()
                _put_talk(db, talk)
            talk_id = talk.id if talk.paused else None
        cooldown = TimeOut.start(now, now + timedelta(minutes=DEFAULT_MINUTES), tz, talk_id=talk_id)
        _put_timeout(db, cooldown)
    return cooldown


def apply_timeout(
    store: Store, timeout_id: str, step: TimeOutStep | str, now: datetime, *args: Any
) -> tuple[TimeOut, Talk | None]:
    """One step of a time-out on the record as it is on disk now, saved with its talk.

    Coming back (or undoing) resumes the talk it paused, in the same write;
    returns the time-out as saved and the talk when it changed.
    """
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        row = db.table(TIMEOUTS).get(Query().id == timeout_id)
        if not isinstance(row, dict):
            raise CoolDownError("That time-out is no longer here.")
        cooldown = _timeout(store, row).take(step, now, *args)
        _put_timeout(db, cooldown)
        step = TimeOutStep(step)  # take() has refused an unknown name already
        talk = None
        if step in (TimeOutStep.COME_BACK, TimeOutStep.UNDO) and cooldown.talk_id:
            talk_row = db.table(TALKS).get(Query().id == cooldown.talk_id)
            if isinstance(talk_row, dict):
                talk = _talk(store, talk_row)
                if talk.paused:
                    talk.resume(now, undo=step is TimeOutStep.UNDO)
                    _put_talk(db, talk)
        return cooldown, talk
