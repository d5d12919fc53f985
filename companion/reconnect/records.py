"""The reconnect area on disk: our picture, rituals, the deck and the days the hurt came back.

Every step runs inside one transaction on the record as it is on disk now
and returns the record saved. The live file `reconnect.json` holds what is
current; a picture written again, a ritual changed for another and a day
the check-in has looked at move to the archive of their year.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from tinydb import Query, TinyDB

from companion.profile import Profile, load_profile
from companion.reconnect.codec import (
    decode_back,
    decode_picture,
    decode_ritual,
    decode_tried,
    encode_back,
    encode_picture,
    encode_ritual,
    encode_tried,
)
from companion.reconnect.parts import ReconnectError, card, local_day, ritual_ideas
from companion.reconnect.rules import (
    BackStep,
    ComesBack,
    Picture,
    PictureStep,
    Ritual,
    RitualStep,
    Tried,
)
from companion.store import DamagedRecord, Store, damaged_message
from companion.when import couple_zone

AREA = "reconnect"
PICTURES = "pictures"
RITUALS = "rituals"
BACK = "comes_back"
TRIED = "tried"

T = TypeVar("T")


def finished_year(table: str, row: dict[str, Any]) -> int | None:
    """The archive year of a finished row; None keeps it in the live file."""
    try:
        if table == PICTURES and row.get("replaced"):
            return datetime.fromisoformat(row["replaced"]).year
        if table == RITUALS and row.get("ended"):
            return datetime.fromisoformat(row["ended"]).year
        if table == BACK and row.get("reviewed"):
            return date.fromisoformat(row["reviewed"]).year
    except (KeyError, TypeError, ValueError):
        return None
    return None


def _decoded(store: Store, what: str, decode: Callable[[Any], T], row: Any) -> T:
    try:
        return decode(row)
    except ReconnectError as exc:
        path = store.path(AREA)
        raise DamagedRecord(
            damaged_message(path, what, exc, store.locations.backups), path
        ) from None


def _profile(store: Store) -> Profile:
    profile = load_profile(store)
    if profile is None:
        raise ReconnectError(
            "Set up Companion first: open it, or run companion init --partner NAME."
        )
    return profile


TABLES: dict[str, tuple[str, Callable[[Any], Any]]] = {
    PICTURES: ("picture", decode_picture),
    RITUALS: ("ritual", decode_ritual),
    BACK: ("day the hurt came back", decode_back),
    TRIED: ("note from the deck", decode_tried),
}


def check(store: Store, archived: bool = True) -> int:
    """Read every record (for doctor and start-up); raises DamagedRecord naming the first bad one."""
    count = 0
    for table, (what, decode) in TABLES.items():
        for row in store.rows(AREA, table, archived=archived):
            _decoded(store, what, decode, row)
            count += 1
    return count


def _all(store: Store, db: TinyDB, table: str) -> list[Any]:
    what, decode = TABLES[table]
    return [_decoded(store, what, decode, row) for row in db.table(table).all()]


# -- reading ------------------------------------------------------------------------------


@dataclass
class Together:
    """Everything the reconnect screen shows, as the live file holds it now."""

    page: Picture | None = None
    """The shared page: the newest picture both have written (None before the first)."""
    writing: Picture | None = None
    """A picture being written, not yet shown (a first one, or a new one to replace the page)."""
    rituals: dict[int, Ritual] = field(default_factory=dict)
    """Each partner's ritual, by their place in the names."""
    back: list[ComesBack] = field(default_factory=list)
    """The days the hurt came back that no check-in has looked at yet, oldest first."""
    tried: list[Tried] = field(default_factory=list)
    """"We did this", oldest first."""

    def back_on(self, day: date) -> ComesBack | None:
        return next((b for b in self.back if b.day == day), None)

    def tried_card(self, card_id: str) -> list[Tried]:
        return [t for t in self.tried if t.card == card_id]


def _together(store: Store, db: TinyDB) -> Together:
    pictures = sorted(_all(store, db, PICTURES), key=lambda p: p.started)
    live = [p for p in pictures if p.replaced is None]
    shown = [p for p in live if p.revealed]
    rituals = sorted(
        (r for r in _all(store, db, RITUALS) if r.ended is None), key=lambda r: r.chosen
    )
    return Together(
        page=shown[-1] if shown else None,
        writing=next((p for p in reversed(live) if not p.revealed), None),
        rituals={r.who: r for r in rituals},
        back=sorted((b for b in _all(store, db, BACK) if b.reviewed is None), key=lambda b: b.day),
        tried=sorted(_all(store, db, TRIED), key=lambda t: t.day),
    )


def together(store: Store) -> Together:
    """What the reconnect area holds now (the live file only: quick however old the data)."""
    with store.read(AREA) as db:
        return _together(store, db)


# -- our picture --------------------------------------------------------------------------


def write_picture(store: Store, partner: int, text: str, now: datetime) -> Picture:
    """One partner's picture, kept hidden until every partner has written theirs.

    It goes into the picture being written, or starts one. When it is the
    last one in, the new picture becomes the shared page and the old page
    moves to the archive.
    """
    profile = _profile(store)
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        state = _together(store, db)
        picture = state.writing or Picture.new(profile.partners, now)
        picture.take(PictureStep.WRITE, now, partner, text)
        if picture.revealed and state.page is not None:
            state.page.take(PictureStep.REPLACE, now)
            _put(db, PICTURES, encode_picture(state.page))
        _put(db, PICTURES, encode_picture(picture))
    return picture


# -- rituals ------------------------------------------------------------------------------


def choose_ritual(
    store: Store, who: int, what: str, now: datetime, idea: str | None = None
) -> Ritual:
    """A partner's daily ritual (an idea's id, or their own words); the one before is ended."""
    profile = _profile(store)
    if isinstance(who, bool) or not isinstance(who, int) or not 0 <= who < len(profile.partners):
        raise ReconnectError("Choose whose ritual this is.")
    if idea is not None:
        found = next((i for i in ritual_ideas() if i.id == idea), None)
        if found is None:
            raise ReconnectError("That ritual is not among the ideas.")
        what = what or found.title
    ritual = Ritual.new(who, what, now, idea)
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        before = _together(store, db).rituals.get(who)
        if before is not None:
            before.take(RitualStep.END, now)
            _put(db, RITUALS, encode_ritual(before))
        _put(db, RITUALS, encode_ritual(ritual))
    return ritual


def mark_ritual(store: Store, who: int, now: datetime, done: bool = True) -> Ritual:
    """Mark a partner's ritual done today (or, with done=False, not done after all)."""
    profile = _profile(store)
    tz = couple_zone(profile)
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        ritual = _together(store, db).rituals.get(who)
        if ritual is None or who >= len(profile.partners):
            raise ReconnectError(f"{_name(profile, who)} has not chosen a ritual yet.")
        ritual.take(RitualStep.DONE if done else RitualStep.UNDO, now, tz)
        _put(db, RITUALS, encode_ritual(ritual))
    return ritual


def partner_named(profile: Profile, name: str) -> int:
    """A partner's place in the names, matched without regard to case; refuses a name not there."""
    wanted = name.strip().casefold()
    for index, known in enumerate(profile.partners):
        if known.casefold() == wanted:
            return index
    names = " or ".join(profile.partners)
    raise ReconnectError(
        f"There is no one called {name.strip()[:40]!r} here; the names are {names}."
    )


def _name(profile: Profile, who: int) -> str:
    return profile.partners[who] if 0 <= who < len(profile.partners) else "That person"


def today(store: Store, now: datetime) -> date:
    """The couple's day at `now`."""
    return local_day(now, couple_zone(load_profile(store)))


# -- the hurt is back today ---------------------------------------------------------------


def say_it_is_back(store: Store, now: datetime) -> ComesBack:
    """Keep today's date as a day the hurt came back; said twice in a day, it is one day.

    Nothing about who said it or why is kept.
    """
    day = today(store, now)
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        back = _together(store, db).back_on(day) or ComesBack(day=day)
        _put(db, BACK, encode_back(back))
    return back


def note_for_checkin(store: Store, day_id: str, note: str, now: datetime) -> ComesBack:
    """A note on a day the hurt came back, for the next check-in (blank takes it back)."""
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        back = next((b for b in _together(store, db).back if b.id == day_id), None)
        if back is None:
            raise ReconnectError("That day has been looked at in a check-in already.")
        back.take(BackStep.NOTE, now, note)
        _put(db, BACK, encode_back(back))
    return back


def comes_back_waiting(store: Store) -> list[ComesBack]:
    """The days the hurt came back that no check-in has looked at yet, oldest first."""
    return together(store).back


def review_comes_back(store: Store, now: datetime) -> list[ComesBack]:
    """A check-in has looked at every day waiting: they move to the archive of their year."""
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        days = [b.id for b in _together(store, db).back]
        reviewed = [review_day_in(store, db, day_id, now) for day_id in days]
    return [back for back in reviewed if back is not None]


def review_day_in(store: Store, db: TinyDB, day_id: str, now: datetime) -> ComesBack | None:
    """Inside a transaction that holds this area: a check-in looked at one day (None: gone)."""
    back = next((b for b in _together(store, db).back if b.id == day_id), None)
    if back is None:
        return None
    back.take(BackStep.REVIEW, now, couple_zone(load_profile(store)))
    _put(db, BACK, encode_back(back))
    return back


# -- the deck -----------------------------------------------------------------------------


def we_did_this(store: Store, card_id: str, now: datetime, note: str = "") -> Tried:
    """One card of the deck tried together today, with a note if they wrote one."""
    card(card_id)  # refuses an unknown card before taking the lock
    tz = couple_zone(_profile(store))
    tried = Tried.new(card_id, now, tz, note)
    with store.transaction(AREA) as tx:
        _put(tx[AREA], TRIED, encode_tried(tried))
    return tried


def _put(db: TinyDB, table: str, row: dict[str, Any]) -> None:
    what, decode = TABLES[table]
    decode(row)  # nothing is saved that could not be read back
    db.table(table).upsert(row, Query().id == row["id"])
