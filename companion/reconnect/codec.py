"""The reconnect area on disk: encode each record, and decode and check it when read back.

Decoding refuses anything a screen could later trip on (a wrong type, a
value out of range, a revealed picture with an empty entry) with a
ReconnectError naming it; the text a person wrote is cleaned as it is read.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from companion.reconnect.parts import (
    DAYS_KEPT,
    NOTE_MAX,
    PICTURE_MAX,
    RITUAL_MAX,
    ReconnectError,
)
from companion.reconnect.rules import ComesBack, Picture, Ritual, Tried
from companion.records import YEARS, is_id, iso, load_time
from companion.text import printable

NAME_MAX = 200

BACK_FIELDS = frozenset({"id", "day", "note", "reviewed"})
"""Everything a "comes back" record may hold: no person, no time of day, no reason."""


def encode_picture(picture: Picture) -> dict[str, Any]:
    return {
        "id": picture.id,
        "started": iso(picture.started),
        "partners": list(picture.partners),
        "entries": list(picture.entries),
        "done": list(picture.done),
        "revealed_at": iso(picture.revealed_at),
        "replaced": iso(picture.replaced),
    }


def encode_ritual(ritual: Ritual) -> dict[str, Any]:
    return {
        "id": ritual.id,
        "who": ritual.who,
        "what": ritual.what,
        "idea": ritual.idea,
        "chosen": iso(ritual.chosen),
        "days": [day.isoformat() for day in ritual.days],
        "ended": iso(ritual.ended),
    }


def encode_back(back: ComesBack) -> dict[str, Any]:
    return {
        "id": back.id,
        "day": back.day.isoformat(),
        "note": back.note,
        "reviewed": back.reviewed.isoformat() if back.reviewed else None,
    }


def encode_tried(tried: Tried) -> dict[str, Any]:
    return {"id": tried.id, "card": tried.card, "day": tried.day.isoformat(), "note": tried.note}


def _damaged(what: str, exc: Exception) -> ReconnectError:
    return ReconnectError(f"This saved {what} is damaged: {exc}")


def _decoder(what: str, parse: Any) -> Any:
    def decode(data: Any) -> Any:
        if not isinstance(data, dict):
            raise ReconnectError(f"This saved {what} is damaged: it is not a record.")
        try:
            return parse(data)
        except ReconnectError as exc:
            raise _damaged(what, exc) from None
        except KeyError as exc:
            raise _damaged(what, ReconnectError(f"{exc.args[0]!r} is missing.")) from None
        except (TypeError, ValueError, OverflowError) as exc:
            raise _damaged(what, exc) from None

    return decode


def _id(d: dict[str, Any], key: str = "id") -> str:
    value = d[key]
    if not is_id(value):
        raise ReconnectError(f"bad {key}.")
    return value


def _text(d: dict[str, Any], key: str, limit: int, keep_newlines: bool = True) -> str:
    value = d.get(key, "")
    if not isinstance(value, str) or len(value) > limit:
        raise ReconnectError(f"bad {key}.")
    return printable(value, keep_newlines=keep_newlines)


def _day(value: Any, key: str) -> date:
    if not isinstance(value, str) or len(value) != 10:
        raise ReconnectError(f"bad {key}.")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ReconnectError(f"bad {key} {value!r}.") from None
    if day.year not in YEARS:
        raise ReconnectError(f"{key} {value!r} is outside the years Companion keeps.")
    return day


def _flags(value: Any, count: int, key: str) -> list[bool]:
    if (
        not isinstance(value, list)
        or len(value) != count
        or not all(isinstance(flag, bool) for flag in value)
    ):
        raise ReconnectError(f"bad {key}.")
    return list(value)


def _parse_picture(d: dict[str, Any]) -> Picture:
    partners = d["partners"]
    if (
        not isinstance(partners, list)
        or len(partners) not in (1, 2)
        or not all(isinstance(name, str) and 0 < len(name) <= NAME_MAX for name in partners)
    ):
        raise ReconnectError("bad partners.")
    entries = d["entries"]
    if not isinstance(entries, list) or len(entries) != len(partners):
        raise ReconnectError("bad entries.")
    if not all(isinstance(entry, str) and len(entry) <= PICTURE_MAX for entry in entries):
        raise ReconnectError("bad entries.")
    done = _flags(d["done"], len(partners), "done")
    started = load_time(d, "started", ReconnectError, required=True)
    assert started is not None
    picture = Picture(
        id=_id(d),
        started=started,
        partners=tuple(printable(name) for name in partners),
        entries=[printable(entry, keep_newlines=True) for entry in entries],
        done=done,
        revealed_at=load_time(d, "revealed_at", ReconnectError),
        replaced=load_time(d, "replaced", ReconnectError),
    )
    if (picture.revealed_at is not None) != picture.revealed:
        raise ReconnectError("its reveal does not match who has written.")
    if picture.replaced is not None and picture.revealed_at is None:
        raise ReconnectError("it was replaced before it was shown.")
    if any(done and not entry.strip() for done, entry in zip(done, picture.entries, strict=True)):
        raise ReconnectError("a picture marked written is empty.")
    return picture


def _parse_ritual(d: dict[str, Any]) -> Ritual:
    who = d["who"]
    if isinstance(who, bool) or who not in (0, 1):
        raise ReconnectError("bad who.")
    what = _text(d, "what", RITUAL_MAX, keep_newlines=False)
    if not what.strip():
        raise ReconnectError("bad what.")
    idea = d.get("idea")
    if idea is not None and not is_id(idea):
        raise ReconnectError("bad idea.")
    days = d.get("days", [])
    if not isinstance(days, list) or len(days) > DAYS_KEPT:
        raise ReconnectError("bad days.")
    chosen = load_time(d, "chosen", ReconnectError, required=True)
    assert chosen is not None
    return Ritual(
        id=_id(d),
        who=who,
        what=what,
        chosen=chosen,
        idea=idea,
        days=sorted({_day(day, "days") for day in days}),
        ended=load_time(d, "ended", ReconnectError),
    )


def _parse_back(d: dict[str, Any]) -> ComesBack:
    extra = set(d) - BACK_FIELDS
    if extra:
        raise ReconnectError(f"it holds {sorted(extra)[0]!r}, which it must not keep.")
    back = ComesBack(
        day=_day(d["day"], "day"),
        note=_text(d, "note", NOTE_MAX),
        reviewed=None if d.get("reviewed") is None else _day(d["reviewed"], "reviewed"),
    )
    if d.get("id") != back.id:
        raise ReconnectError("its id is not its day.")
    return back


def _parse_tried(d: dict[str, Any]) -> Tried:
    return Tried(
        id=_id(d), card=_id(d, "card"), day=_day(d["day"], "day"), note=_text(d, "note", NOTE_MAX)
    )


decode_picture = _decoder("picture", _parse_picture)
decode_ritual = _decoder("ritual", _parse_ritual)
decode_back = _decoder("day the hurt came back", _parse_back)
decode_tried = _decoder("note from the deck", _parse_tried)
