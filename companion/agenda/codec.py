"""The agenda on disk: encode an issue or a round of top three, and check them when read back.

Decoding refuses what a screen could later crash on (a wrong type, an unknown
status, text with control characters slipped in by hand) with an AgendaError
naming it. `encode_issue` is also the JSON the CLI prints.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from companion.agenda.parts import (
    CYCLE_MAX,
    DETAILS_MAX,
    NOTE_MAX,
    TAG_MAX,
    TAGS_MAX,
    TITLE_MAX,
    WHAT_MAX,
    AgendaError,
    Agreement,
    AgreementState,
    Kind,
    Review,
    Status,
    Verdict,
)
from companion.agenda.rules import Change, CheckInNote, Issue, TalkNote
from companion.agenda.top_three import ITEMS_MAX, TopThree
from companion.records import iso, load_time
from companion.text import printable

_NOT_A_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")
_NOT_A_BLOCK = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")
"""What `printable` would change: searched first, so clean text (nearly all of it) costs little."""

ID_MAX = 64
LIST_MAX = 10_000
"""More history entries, talks or agreements than this on one issue is damage."""


# -- encoding -------------------------------------------------------------------------------


def encode_agreement(agreement: Agreement) -> dict[str, Any]:
    return {
        "id": agreement.id,
        "what": agreement.what,
        "who": agreement.who,
        "review": agreement.review.isoformat() if agreement.review else None,
        "state": agreement.state.value,
        "created": iso(agreement.created),
        "reviews": [{"at": iso(r.at), "state": r.state.value} for r in agreement.reviews],
    }


def encode_issue(issue: Issue) -> dict[str, Any]:
    """A JSON-ready copy; times as ISO 8601 with offset, review days as YYYY-MM-DD."""
    return {
        "id": issue.id,
        "title": issue.title,
        "details": issue.details,
        "raised_by": issue.raised_by,
        "kind": issue.kind.value,
        "status": issue.status.value,
        "created": iso(issue.created),
        "updated": iso(issue.updated),
        "revision": issue.revision,
        "position": issue.position,
        "tags": list(issue.tags),
        "cycle": issue.cycle,
        "history": [{"status": c.status.value, "at": iso(c.at)} for c in issue.history],
        "talks": [
            {"talk_id": t.talk_id, "at": iso(t.at), "understood": t.understood} for t in issue.talks
        ],
        "agreements": [encode_agreement(a) for a in issue.agreements],
        "checkins": [
            {
                "at": iso(c.at),
                "verdict": c.verdict.value,
                "note": c.note,
                "agreement_id": c.agreement_id,
            }
            for c in issue.checkins
        ],
    }


def encode_round(round_: TopThree) -> dict[str, Any]:
    return {
        "id": round_.id,
        "started": iso(round_.started),
        "partners": list(round_.partners),
        "lists": [list(items) for items in round_.lists],
        "done": list(round_.done),
        "added": dict(round_.added),
        "closed": iso(round_.closed),
    }


# -- decoding -------------------------------------------------------------------------------


def decode_issue(data: Any) -> Issue:
    """Rebuild a saved issue; raises AgendaError if it is damaged."""
    try:
        if not isinstance(data, dict):
            raise AgendaError("it is not a record.")
        return _issue(data)
    except AgendaError as exc:
        raise AgendaError(f"This saved issue is damaged: {exc}") from None
    except KeyError as exc:
        raise AgendaError(f"This saved issue is damaged: {exc.args[0]!r} is missing.") from None
    except (TypeError, ValueError, OverflowError) as exc:
        raise AgendaError(f"This saved issue is damaged: {exc}") from None


def decode_round(data: Any) -> TopThree:
    """Rebuild a saved round of top three; raises AgendaError if it is damaged."""
    try:
        if not isinstance(data, dict):
            raise AgendaError("it is not a record.")
        return _round(data)
    except AgendaError as exc:
        raise AgendaError(f"This saved top three is damaged: {exc}") from None
    except KeyError as exc:
        raise AgendaError(f"This saved top three is damaged: {exc.args[0]!r} is missing.") from None
    except (TypeError, ValueError, OverflowError) as exc:
        raise AgendaError(f"This saved top three is damaged: {exc}") from None


def _issue(d: dict[str, Any]) -> Issue:
    history = [_change(c) for c in _list(d, "history")]
    if not history:
        raise AgendaError("it has no history.")
    status = _enum(Status, d["status"], "status")
    if history[-1].status is not status:
        raise AgendaError("its status does not match its history.")
    position = d["position"]
    if isinstance(position, bool) or not isinstance(position, int) or abs(position) > 10**9:
        raise AgendaError("bad position.")
    tags = _list(d, "tags")
    if len(tags) > TAGS_MAX:
        raise AgendaError("too many tags.")
    return Issue(
        id=_id(d, "id"),
        title=_line(d, "title", TITLE_MAX, required=True),
        details=_block(d, "details", DETAILS_MAX),
        raised_by=_line(d, "raised_by", 40, required=True),
        created=_time(d, "created"),
        kind=_enum(Kind, d["kind"], "kind"),
        tags=tuple(_line({"tag": t}, "tag", TAG_MAX, required=True) for t in tags),
        cycle=_block(d, "cycle", CYCLE_MAX),
        position=position,
        status=status,
        history=history,
        talks=[_talk(t) for t in _list(d, "talks")],
        agreements=[_agreement(a) for a in _list(d, "agreements")],
        checkins=[_checkin(c) for c in _list(d, "checkins")],
        updated=load_time(d, "updated", AgendaError),
        revision=_revision(d),
    )


def _change(d: Any) -> Change:
    if not isinstance(d, dict):
        raise AgendaError("a history entry is not a record.")
    return Change(_enum(Status, d["status"], "status"), _time(d, "at"))


def _talk(d: Any) -> TalkNote:
    if not isinstance(d, dict):
        raise AgendaError("a talk note is not a record.")
    return TalkNote(_id(d, "talk_id"), _time(d, "at"), _block(d, "understood", NOTE_MAX))


def _checkin(d: Any) -> CheckInNote:
    if not isinstance(d, dict):
        raise AgendaError("a check-in note is not a record.")
    agreement_id = d.get("agreement_id")
    return CheckInNote(
        _time(d, "at"),
        _enum(Verdict, d["verdict"], "verdict"),
        _block(d, "note", NOTE_MAX),
        None if agreement_id is None else _id(d, "agreement_id"),
    )


def _agreement(d: Any) -> Agreement:
    if not isinstance(d, dict):
        raise AgendaError("an agreement is not a record.")
    review = d.get("review")
    if review is not None:
        if not isinstance(review, str) or len(review) != 10:
            raise AgendaError("bad review day.")
        review = date.fromisoformat(review)
    state = _enum(AgreementState, d["state"], "agreement state")
    reviews = []
    for r in _list(d, "reviews"):
        if not isinstance(r, dict):
            raise AgendaError("a review is not a record.")
        reviews.append(Review(_time(r, "at"), _enum(AgreementState, r["state"], "review state")))
    return Agreement(
        id=_id(d, "id"),
        what=_line(d, "what", WHAT_MAX, required=True),
        who=_line(d, "who", 40, required=True),
        review=review,
        state=state,
        created=_time(d, "created"),
        reviews=reviews,
    )


def _round(d: dict[str, Any]) -> TopThree:
    partners = d["partners"]
    if not isinstance(partners, list) or len(partners) not in (1, 2):
        raise AgendaError("bad partners.")
    names = tuple(_line({"name": p}, "name", 40, required=True) for p in partners)
    lists = d["lists"]
    done = d["done"]
    if not isinstance(lists, list) or len(lists) != len(names):
        raise AgendaError("bad lists.")
    if not isinstance(done, list) or len(done) != len(names):
        raise AgendaError("bad done flags.")
    if not all(isinstance(flag, bool) for flag in done):
        raise AgendaError("bad done flags.")
    clean_lists = []
    for items in lists:
        if not isinstance(items, list) or len(items) > ITEMS_MAX:
            raise AgendaError("bad list.")
        clean_lists.append([_line({"item": i}, "item", TITLE_MAX, required=True) for i in items])
    added = d.get("added", {})
    if not isinstance(added, dict) or not all(
        isinstance(k, str) and len(k) < 8 and isinstance(v, str) and len(v) <= ID_MAX
        for k, v in added.items()
    ):
        raise AgendaError("bad added items.")
    return TopThree(
        id=_id(d, "id"),
        started=_time(d, "started"),
        partners=names,
        lists=clean_lists,
        done=list(done),
        added=dict(added),
        closed=load_time(d, "closed", AgendaError),
    )


# -- small checks ------------------------------------------------------------------------


def _revision(d: dict[str, Any]) -> int:
    value = d.get("revision", 0)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**53:
        raise AgendaError("bad revision.")
    return value


def _id(d: dict[str, Any], key: str) -> str:
    value = d[key]
    if not isinstance(value, str) or not value or len(value) > ID_MAX:
        raise AgendaError(f"bad {key}.")
    return value


def _list(d: dict[str, Any], key: str) -> list[Any]:
    value = d.get(key, [])
    if not isinstance(value, list) or len(value) > LIST_MAX:
        raise AgendaError(f"bad {key}.")
    return value


def _line(d: dict[str, Any], key: str, max_len: int, required: bool = False) -> str:
    """One line of saved text, with any control character put there by hand removed."""
    value = d.get(key, "")
    if not isinstance(value, str) or len(value) > max_len:
        raise AgendaError(f"bad {key}.")
    if _NOT_A_LINE.search(value):
        value = printable(value)
    value = value.strip()
    if required and not value:
        raise AgendaError(f"{key} is empty.")
    return value


def _block(d: dict[str, Any], key: str, max_len: int) -> str:
    """Saved text of several lines, with any other control character removed."""
    value = d.get(key, "")
    if not isinstance(value, str) or len(value) > max_len:
        raise AgendaError(f"bad {key}.")
    return printable(value, keep_newlines=True) if _NOT_A_BLOCK.search(value) else value


_MEMBERS: dict[Any, dict[Any, Any]] = {
    kind: {member.value: member for member in kind}
    for kind in (Status, Kind, AgreementState, Verdict)
}
"""Each enum's members by value: a dict lookup, where calling the enum costs ten times more."""


def _enum(kind: Any, value: Any, what: str) -> Any:
    try:
        return _MEMBERS[kind][value]
    except (KeyError, TypeError):
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        raise AgendaError(f"unknown {what} {shown}.") from None


def _time(d: dict[str, Any], key: str) -> datetime:
    value = load_time(d, key, AgendaError, required=True)
    assert value is not None
    return value
