"""Repairs on disk: the repair area of the store.

Every change is a step taken inside one transaction on the record as it is
on disk now, and returns the record as saved. A step that needs a talk's
record as proof (heard, delivered) reads it in the same transaction over the
talks and repair areas, so the proof and the step land together or not at
all. A repair is small and a couple has few, so nothing is archived.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from companion.profile import load_profile
from companion.repair.codec import decode_repair, encode_repair
from companion.repair.parts import Commitment, How, RepairError
from companion.repair.rules import Repair, RepairStep, Stage, confirmed_turn
from companion.store import DamagedRecord, Store, damaged_message
from companion.talk import Talk, TalkError
from companion.talk import records as talk_records
from companion.talk.codec import decode_talk
from companion.when import couple_zone, zone

AREA = "repair"
REPAIRS = "repairs"
HEARING = "hearing"
APOLOGY = "apology"


def _damaged(store: Store, exc: Exception, path: Path | None = None) -> DamagedRecord:
    path = path or store.path(AREA)
    return DamagedRecord(damaged_message(path, "repair", exc, store.locations.backups), path)


def _repair(store: Store, row: dict[str, Any], path: Path | None = None) -> Repair:
    try:
        return decode_repair(row)
    except RepairError as exc:
        raise _damaged(store, exc, path) from None


def _all(store: Store, db: TinyDB) -> list[Repair]:
    found = [_repair(store, row) for row in db.table(REPAIRS).all()]
    return sorted(found, key=lambda r: r.created)


def _put(db: TinyDB, repair: Repair) -> None:
    row = encode_repair(repair)
    try:
        decode_repair(row)  # nothing is saved that could not be read back
    except RepairError as exc:
        raise RepairError(f"This change cannot be saved: {str(exc).split(': ', 1)[-1]}") from None
    db.table(REPAIRS).upsert(row, Query().id == repair.id)


def _get(store: Store, db: TinyDB, repair_id: str) -> Repair:
    row = db.table(REPAIRS).get(Query().id == repair_id)
    if not isinstance(row, dict):
        raise RepairError("That repair is no longer here.")
    return _repair(store, row)


def _talk_in(store: Store, talks_db: TinyDB, talk_id: str | None) -> Talk | None:
    """A talk from the live talks file in the transaction, else (finished) from the archives."""
    if talk_id is None:
        return None
    row = talks_db.table(talk_records.TALKS).get(Query().id == talk_id)
    if isinstance(row, dict):
        try:
            return decode_talk(row)
        except TalkError as exc:
            path = store.path(talk_records.AREA)
            raise DamagedRecord(
                damaged_message(path, "talk", exc, store.locations.backups), path
            ) from None
    return talk_records.get_talk(store, talk_id)


# -- reading -----------------------------------------------------------------------------


def current(store: Store) -> Repair | None:
    """The repair the couple is working on (the newest), if any."""
    with store.read(AREA) as db:
        found = _all(store, db)
    return found[-1] if found else None


def all_repairs(store: Store) -> list[Repair]:
    """Every repair, oldest first."""
    with store.read(AREA) as db:
        return _all(store, db)


def check(store: Store, archived: bool = True) -> int:
    """Read every repair (for doctor and start-up); DamagedRecord names the first bad one."""
    rows = store.sourced_rows(AREA, REPAIRS, archived=archived)
    return len([_repair(store, row, path) for path, row in rows])


@dataclass(frozen=True)
class OpenCommitment:
    """A commitment being practised, with the repair it belongs to."""

    repair_id: str
    commitment: Commitment


def open_commitments(store: Store) -> list[OpenCommitment]:
    """Every commitment of the current repair, in the order they were made."""
    repair = current(store)
    if repair is None:
        return []
    return [OpenCommitment(repair.id, c) for c in repair.commitments]


def today(store: Store, now: datetime) -> date:
    """The couple's calendar day at `now`."""
    return now.astimezone(zone(couple_zone(load_profile(store)))).date()


# -- steps ------------------------------------------------------------------------------


def start(store: Store, hurt_partner: int, now: datetime) -> Repair:
    """Begin a repair with its roles chosen; refused alone, or while one is still before its
    apology (one way back at a time)."""
    profile = load_profile(store)
    if profile is None or profile.solo:
        raise RepairError(
            "A repair needs two people: one who was hurt, and one who is making amends."
        )
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        found = _all(store, db)
        if found and found[-1].stage is not Stage.COMMITMENTS:
            raise RepairError("A repair is already under way; carry on with that one first.")
        repair = Repair.new(profile.partners, hurt_partner, now)
        _put(db, repair)
    return repair


def take(store: Store, repair_id: str, step: RepairStep | str, now: datetime, *args: Any) -> Repair:
    """One step on the repair as it is on disk now, saved; returns the repair saved."""
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        repair = _get(store, db, repair_id)
        repair.take(step, now, *args)
        _put(db, repair)
    return repair


def open_talk(store: Store, repair_id: str, talk: Talk, purpose: str, now: datetime) -> Talk:
    """Start `talk` and link it to the repair (HEARING: the hurt partner speaks first;
    APOLOGY: the partner making amends does), in one transaction; returns the talk saved."""
    step = {HEARING: RepairStep.OPEN_HEARING, APOLOGY: RepairStep.OPEN_APOLOGY_TALK}.get(purpose)
    if step is None:
        raise RepairError(f"There is no repair talk for {purpose!r}.")
    with store.transaction(talk_records.AREA, AREA) as tx:
        talks_db, db = tx[talk_records.AREA], tx[AREA]
        repair = _get(store, db, repair_id)
        repair.take(step, now, talk)
        waiting = talk_records.open_talk_in(store, talks_db)
        if waiting is not None:
            raise TalkError(
                f"A talk about “{waiting.topic}” is still open; finish or end it first."
            )
        talk_records._put_talk(talks_db, talk)
        _put(db, repair)
    return talk


def hearing_due(store: Store, repair: Repair | None) -> bool:
    """Whether the talk about the account already shows the hurt partner heard, and the
    repair has yet to note it (a read of the talk; no write)."""
    if repair is None or not repair.can(RepairStep.HEARD):
        return False
    talk = talk_records.get_talk(store, repair.hearing_talk or "")
    return talk is not None and confirmed_turn(talk, repair.hurt_name)


def catch_up(store: Store, now: datetime) -> Repair | None:
    """Note that the hurt was heard once its talk shows it; returns the current repair.

    Cheap when there is nothing to note: one read of the repair file.
    """
    repair = current(store)
    if repair is None or not hearing_due(store, repair):
        return repair
    return with_talk(store, repair.id, RepairStep.HEARD, now)


def with_talk(store: Store, repair_id: str, step: RepairStep, now: datetime) -> Repair:
    """HEARD or DELIVER, with the linked talk's record read in the same transaction."""
    with store.transaction(talk_records.AREA, AREA) as tx:
        talks_db, db = tx[talk_records.AREA], tx[AREA]
        repair = _get(store, db, repair_id)
        talk_id = repair.apology_talk if step is RepairStep.DELIVER else repair.hearing_talk
        talk = _talk_in(store, talks_db, talk_id)
        if talk is None:
            reason = repair.why_not(step)
            raise RepairError(reason or "That talk is no longer here; start another.")
        repair.take(step, now, talk)
        _put(db, repair)
    return repair


def deliver(store: Store, repair_id: str, now: datetime) -> Repair:
    """Mark the apology as said, with its talk as proof; its actions become commitments."""
    return with_talk(store, repair_id, RepairStep.DELIVER, now)


def report(
    store: Store,
    repair_id: str,
    commitment_id: str,
    how: How | str,
    now: datetime,
    note: str = "",
    felt: str = "",
    checkin: str | None = None,
) -> Repair:
    """How a commitment went (by the one who made it) and how it felt (by the other)."""
    return take(store, repair_id, RepairStep.REPORT, now, commitment_id, how, note, felt, checkin)


def report_in(
    db: TinyDB,
    repair_id: str,
    commitment_id: str,
    how: How | str,
    now: datetime,
    note: str = "",
    felt: str = "",
    checkin: str | None = None,
) -> Repair:
    """`report` inside a transaction another area holds (the check-in's own write)."""
    row = db.table(REPAIRS).get(Query().id == repair_id)
    if not isinstance(row, dict):
        raise RepairError("That repair is no longer here.")
    repair = decode_repair(row)
    repair.take(RepairStep.REPORT, now, commitment_id, how, note, felt, checkin)
    _put(db, repair)
    return repair
