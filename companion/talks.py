"""Talks and time-outs on disk: the talks area of the store.

Every change is made inside one transaction on the record as it is on disk
now, never by writing back a copy a screen kept in memory: two terminals on
one data dir can then never undo each other's step.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tinydb import Query, TinyDB

from companion.store import DamagedRecord, Store, damaged_message
from companion.talk import Phase, Talk, TalkError
from companion.timeout import DEFAULT_MINUTES, CoolDownError, TimeOut

AREA = "talks"
TALKS = "talks"
TIMEOUTS = "timeouts"
OPEN_PHASES = (Phase.GROUND_RULES, Phase.SPEAKING, Phase.PARAPHRASE, Phase.CONFIRM)


def _damaged(store: Store, what: str, exc: Exception) -> DamagedRecord:
    path = store.path(AREA)
    return DamagedRecord(damaged_message(path, what, exc, store.locations.backups), path)


def _talk(store: Store, row: dict[str, Any]) -> Talk:
    try:
        return Talk.from_dict(row)
    except TalkError as exc:
        raise _damaged(store, "talk", exc) from None


def _timeout(store: Store, row: dict[str, Any]) -> TimeOut:
    try:
        return TimeOut.from_dict(row)
    except CoolDownError as exc:
        raise _damaged(store, "time-out", exc) from None


def _open_talks(store: Store, db: TinyDB) -> list[Talk]:
    talks = [_talk(store, row) for row in db.table(TALKS).all()]
    return sorted((t for t in talks if t.phase is not Phase.ENDED), key=lambda t: t.created)


def _active_timeouts(store: Store, db: TinyDB) -> list[TimeOut]:
    rows = db.table(TIMEOUTS).search(Query().outcome == None)  # noqa: E711 - TinyDB query
    return sorted((_timeout(store, r) for r in rows), key=lambda t: t.started)


# -- reading -------------------------------------------------------------------------


def get_talk(store: Store, talk_id: str) -> Talk | None:
    with store.read(AREA) as db:
        row = db.table(TALKS).get(Query().id == talk_id)
        return _talk(store, row) if row else None


def all_talks(store: Store) -> list[Talk]:
    """Every talk, newest first."""
    with store.read(AREA) as db:
        found = [_talk(store, r) for r in db.table(TALKS).all()]
    return sorted(found, key=lambda t: t.created, reverse=True)


def active_talk(store: Store) -> Talk | None:
    """The talk in progress, if one was left open (quit, crash, or a time-out)."""
    with store.read(AREA) as db:
        found = _open_talks(store, db)
    return found[-1] if found else None


def past_talks(store: Store) -> list[Talk]:
    return [t for t in all_talks(store) if t.phase is Phase.ENDED]


def get_timeout(store: Store, timeout_id: str) -> TimeOut | None:
    with store.read(AREA) as db:
        row = db.table(TIMEOUTS).get(Query().id == timeout_id)
        return _timeout(store, row) if row else None


def active_timeout(store: Store) -> TimeOut | None:
    with store.read(AREA) as db:
        found = _active_timeouts(store, db)
    return found[-1] if found else None


def timeouts_of(store: Store, talk_id: str) -> list[TimeOut]:
    with store.read(AREA) as db:
        rows = db.table(TIMEOUTS).search(Query().talk_id == talk_id)
        return sorted((_timeout(store, r) for r in rows), key=lambda t: t.started)


def check(store: Store) -> int:
    """Read every record (for doctor); raises DamagedRecord naming the first bad one."""
    with store.read(AREA) as db:
        talks = [_talk(store, r) for r in db.table(TALKS).all()]
        timeouts = [_timeout(store, r) for r in db.table(TIMEOUTS).all()]
    return len(talks) + len(timeouts)


# -- talks -----------------------------------------------------------------------------


def start_talk(store: Store, talk: Talk) -> Talk:
    """Save a new talk; refuse while another talk is still open (one talk at a time)."""
    with store.transaction(AREA) as db:
        waiting = _open_talks(store, db)
        if waiting:
            raise TalkError(
                f"A talk about “{waiting[-1].topic}” is still open; finish or end it first."
            )
        db.table(TALKS).insert(talk.to_dict())
    return talk


def save_talk(store: Store, talk: Talk) -> None:
    """Write a whole talk (for imports and tests; screens use `apply`)."""
    with store.transaction(AREA) as db:
        db.table(TALKS).upsert(talk.to_dict(), Query().id == talk.id)


def apply(store: Store, talk_id: str, verb: str, now: datetime, *args: Any) -> Talk:
    """Take one step of the talk on the record as it is on disk now, and save it.

    Raises TalkError when the step is not allowed any more (the other terminal
    moved first) or when the talk's time-out is still running.
    """
    with store.transaction(AREA) as db:
        row = db.table(TALKS).get(Query().id == talk_id)
        if row is None:
            raise TalkError("That talk is no longer here; it may have been ended elsewhere.")
        talk = _talk(store, row)
        if verb == "resume" and any(t.talk_id == talk_id for t in _active_timeouts(store, db)):
            raise TalkError("The time-out is still running; come back from the time-out screen.")
        getattr(talk, verb)(now, *args)
        db.table(TALKS).upsert(talk.to_dict(), Query().id == talk.id)
        return talk


def leave_paused(store: Store, now: datetime, timeout: float = 1.0) -> Talk | None:
    """On quitting: leave a running talk paused, its time kept (not counted as a time-out)."""
    with store.transaction(AREA, timeout=timeout) as db:
        for talk in reversed(_open_talks(store, db)):
            if not talk.paused:
                talk.pause(now, timeout=False)
                db.table(TALKS).upsert(talk.to_dict(), Query().id == talk.id)
                return talk
    return None


# -- time-outs ------------------------------------------------------------------------------


def start_timeout(store: Store, tz: str, now: datetime | None = None) -> TimeOut:
    """Pause the talk in progress (if any) and start a cool-down, in one write.

    Returns the time-out already running, if there is one: two presses, or two
    terminals, never make two.
    """
    now = now or store.clock.now()
    with store.transaction(AREA) as db:
        running = _active_timeouts(store, db)
        if running:
            return running[-1]
        talk_id = None
        waiting = _open_talks(store, db)
        if waiting:
            talk = waiting[-1]
            if not talk.paused:
                talk.pause(now)
                db.table(TALKS).upsert(talk.to_dict(), Query().id == talk.id)
            talk_id = talk.id
        cooldown = TimeOut.start(now, now + timedelta(minutes=DEFAULT_MINUTES), tz, talk_id=talk_id)
        db.table(TIMEOUTS).insert(cooldown.to_dict())
    return cooldown


def _step_timeout(
    store: Store, db: TinyDB, timeout_id: str, verb: str, now: datetime, args: tuple
) -> TimeOut:
    """One step of a time-out on the record as it is on disk, saved in the open transaction."""
    row = db.table(TIMEOUTS).get(Query().id == timeout_id)
    if row is None:
        raise CoolDownError("That time-out is no longer here.")
    cooldown = _timeout(store, row)
    getattr(cooldown, verb)(now, *args)
    db.table(TIMEOUTS).upsert(cooldown.to_dict(), Query().id == cooldown.id)
    return cooldown


def change_timeout(store: Store, timeout_id: str, verb: str, now: datetime, *args: Any) -> TimeOut:
    """Change the return time or extend, on the time-out as it is on disk now."""
    with store.transaction(AREA) as db:
        return _step_timeout(store, db, timeout_id, verb, now, args)


def finish_timeout(
    store: Store, timeout_id: str, verb: str, now: datetime, *args: Any
) -> tuple[TimeOut, Talk | None]:
    """End a time-out (resume, reschedule, undo or end) and, when coming back, resume its talk."""
    with store.transaction(AREA) as db:
        cooldown = _step_timeout(store, db, timeout_id, verb, now, args)
        talk = None
        if verb in ("resume", "undo") and cooldown.talk_id:
            talk_row = db.table(TALKS).get(Query().id == cooldown.talk_id)
            if talk_row is not None:
                talk = _talk(store, talk_row)
                if talk.paused:
                    talk.resume(now, undo=verb == "undo")
                    db.table(TALKS).upsert(talk.to_dict(), Query().id == talk.id)
        return cooldown, talk
