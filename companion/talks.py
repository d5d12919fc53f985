"""Talks and time-outs on disk: the talks area of the store."""

from __future__ import annotations

from datetime import timedelta

from tinydb import Query

from companion.profile import Profile
from companion.store import Store
from companion.talk import Phase, Talk
from companion.timeout import DEFAULT_MINUTES, TimeOut

AREA = "talks"
TALKS = "talks"
TIMEOUTS = "timeouts"


def save_talk(store: Store, talk: Talk) -> None:
    """Save the talk as it is now (called at every step)."""
    with store.transaction(AREA) as db:
        db.table(TALKS).upsert(talk.to_dict(), Query().id == talk.id)


def get_talk(store: Store, talk_id: str) -> Talk | None:
    with store.read(AREA) as db:
        row = db.table(TALKS).get(Query().id == talk_id)
    return Talk.from_dict(row) if row else None


def all_talks(store: Store) -> list[Talk]:
    """Every talk, newest first."""
    with store.read(AREA) as db:
        rows = db.table(TALKS).all()
    found = [Talk.from_dict(r) for r in rows]
    return sorted(found, key=lambda t: t.created, reverse=True)


def active_talk(store: Store) -> Talk | None:
    """The talk in progress, if one was left open (quit, crash, or a time-out)."""
    for talk in all_talks(store):
        if talk.phase != Phase.ENDED:
            return talk
    return None


def past_talks(store: Store) -> list[Talk]:
    return [t for t in all_talks(store) if t.phase == Phase.ENDED]


def save_timeout(store: Store, cooldown: TimeOut) -> None:
    with store.transaction(AREA) as db:
        db.table(TIMEOUTS).upsert(cooldown.to_dict(), Query().id == cooldown.id)


def get_timeout(store: Store, timeout_id: str) -> TimeOut | None:
    with store.read(AREA) as db:
        row = db.table(TIMEOUTS).get(Query().id == timeout_id)
    return TimeOut.from_dict(row) if row else None


def active_timeout(store: Store) -> TimeOut | None:
    with store.read(AREA) as db:
        rows = db.table(TIMEOUTS).all()
    active = [TimeOut.from_dict(r) for r in rows if r.get("outcome") is None]
    return max(active, key=lambda t: t.started) if active else None


def timeouts_of(store: Store, talk_id: str) -> list[TimeOut]:
    with store.read(AREA) as db:
        rows = db.table(TIMEOUTS).search(Query().talk_id == talk_id)
    return sorted((TimeOut.from_dict(r) for r in rows), key=lambda t: t.started)


def start_timeout(store: Store, profile: Profile | None) -> TimeOut:
    """Pause the talk in progress (if any) and start a cool-down, in one write.

    Returns the time-out already running, if there is one: two presses, or two
    terminals, never make two.
    """
    now = store.clock.now()
    tz = profile.tz if profile else "UTC"
    with store.transaction(AREA) as db:
        for row in db.table(TIMEOUTS).all():
            if row.get("outcome") is None:
                return TimeOut.from_dict(row)
        talk_id = None
        for row in db.table(TALKS).all():
            talk = Talk.from_dict(row)
            if talk.phase not in (Phase.ENDED, Phase.CLOSING):
                if not talk.paused:
                    talk.pause(now)
                    db.table(TALKS).upsert(talk.to_dict(), Query().id == talk.id)
                talk_id = talk.id
                break
        cooldown = TimeOut.start(now, now + timedelta(minutes=DEFAULT_MINUTES), tz, talk_id=talk_id)
        db.table(TIMEOUTS).insert(cooldown.to_dict())
    return cooldown


def finish_timeout(store: Store, cooldown: TimeOut, resume_talk: bool) -> Talk | None:
    """Save the time-out's end and, when asked, resume its talk with the time it had left."""
    now = store.clock.now()
    with store.transaction(AREA) as db:
        db.table(TIMEOUTS).upsert(cooldown.to_dict(), Query().id == cooldown.id)
        if not (resume_talk and cooldown.talk_id):
            return None
        row = db.table(TALKS).get(Query().id == cooldown.talk_id)
        if row is None:
            return None
        talk = Talk.from_dict(row)
        if talk.paused:
            talk.resume(now)
            db.table(TALKS).upsert(talk.to_dict(), Query().id == talk.id)
        return talk
