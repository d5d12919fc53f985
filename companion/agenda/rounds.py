"""Our top three on disk: each partner's list, hidden until both are in, and items put on the agenda.

The rounds live in the agenda area's file (table "rounds"); a finished round
moves to the archive of its year like an issue let go.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from tinydb import Query, TinyDB

from companion.agenda.codec import encode_round
from companion.agenda.order import next_position
from companion.agenda.parts import AgendaError
from companion.agenda.records import (
    AREA,
    ROUNDS,
    _next_id,
    _positions,
    _profile,
    _put,
    _round,
    current_round,
)
from companion.agenda.rules import Draft, Issue
from companion.agenda.top_three import RoundStep, TopThree
from companion.store import Store

__all__ = ["add_item", "close_round", "current_round", "write_list"]


def _round_in(store: Store, db: TinyDB, round_id: str) -> TopThree:
    row = db.table(ROUNDS).get(Query().id == round_id)
    if not isinstance(row, dict):
        raise AgendaError("That round of our top three is over.")
    return _round(store, row)


def _put_round(db: TinyDB, round_: TopThree) -> None:
    db.table(ROUNDS).upsert(encode_round(round_), Query().id == round_.id)


def write_list(
    store: Store, round_id: str | None, partner: int, items: Sequence[str], now: datetime
) -> TopThree:
    """One partner's top three, kept hidden until every list is in.

    With round_id None the list goes into the round under way, or starts one.
    """
    profile = _profile(store)
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        if round_id is None:
            rounds = [_round(store, row) for row in db.table(ROUNDS).all()]
            under_way = sorted((r for r in rounds if r.is_open), key=lambda r: r.started)
            round_ = under_way[-1] if under_way else TopThree.new(profile.partners, now)
        else:
            round_ = _round_in(store, db, round_id)
        round_.take(RoundStep.WRITE, now, partner, list(items))
        _put_round(db, round_)
    return round_


def add_item(
    store: Store, round_id: str, partner: int, item: int, now: datetime
) -> tuple[TopThree, Issue]:
    """Put one item of the revealed lists on the agenda, raised by the one who wrote it."""
    profile = _profile(store)
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        round_ = _round_in(store, db, round_id)
        if RoundStep.ADD not in round_.allowed(now):
            round_.take(RoundStep.ADD, now, partner, item, "")  # refuses, saying why
        draft = Draft(round_.item(partner, item), raised_by=round_.partners[partner])
        issue = Issue.new(
            _next_id(store, db), draft, profile.partners, now, next_position(_positions(db))
        )
        round_.take(RoundStep.ADD, now, partner, item, issue.id)
        _put(db, issue)
        _put_round(db, round_)
    return round_, issue


def close_round(store: Store, round_id: str, now: datetime) -> TopThree:
    """End the round (it moves to the archive of its year)."""
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        round_ = _round_in(store, db, round_id).take(RoundStep.CLOSE, now)
        _put_round(db, round_)
    return round_
