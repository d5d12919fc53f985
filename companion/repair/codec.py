"""A repair on disk: encode one record, and decode and check it when it is read back.

Decoding refuses anything a screen could later crash on (a wrong type, a
value out of range) with a RepairError naming it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from companion.records import is_id, iso, load_time
from companion.repair.parts import (
    ACCOUNT_MAX,
    ACTION_MAX,
    ACTIONS_MAX,
    COMMITMENTS_MAX,
    DRAFTS_KEPT,
    LOG_MAX,
    NOTE_MAX,
    PART_MAX,
    REPORTS_MAX,
    WAYS_MAX,
    ApologyDraft,
    Cadence,
    Commitment,
    Delivered,
    How,
    Hurt,
    LogEntry,
    RepairError,
    Report,
)
from companion.repair.rules import Repair, RepairStep, _partners
from companion.text import printable

LOG_STEPS = frozenset({"start", *(s.value for s in RepairStep)})


def encode_draft(draft: ApologyDraft) -> dict[str, Any]:
    return {
        "at": iso(draft.at),
        "did": draft.did,
        "impact": draft.impact,
        "choice": draft.choice,
        "actions": list(draft.actions),
        "need": draft.need,
    }


def encode_commitment(c: Commitment) -> dict[str, Any]:
    return {
        "id": c.id,
        "what": c.what,
        "by": c.by,
        "every_days": c.cadence.days,
        "created": iso(c.created),
        "reports": [
            {
                "at": iso(r.at),
                "how": r.how.value,
                "note": r.note,
                "felt": r.felt,
                "checkin": r.checkin,
            }
            for r in c.reports
        ],
    }


def encode_repair(repair: Repair) -> dict[str, Any]:
    """A JSON-ready copy; datetimes as ISO 8601 with offset."""
    delivered = repair.delivered
    return {
        "id": repair.id,
        "partners": list(repair.partners),
        "hurt_partner": repair.hurt_partner,
        "created": iso(repair.created),
        "hurt": {
            "drafted": iso(repair.hurt.drafted),
            "text": repair.hurt.text,
            "ways": list(repair.hurt.ways),
            "shared": iso(repair.hurt.shared),
        },
        "hearing_talk": repair.hearing_talk,
        "heard": iso(repair.heard),
        "drafts": [encode_draft(d) for d in repair.drafts],
        "apology_talk": repair.apology_talk,
        "delivered": None
        if delivered is None
        else {
            "at": iso(delivered.at),
            "talk_id": delivered.talk_id,
            "draft": encode_draft(delivered.draft),
        },
        "commitments": [encode_commitment(c) for c in repair.commitments],
        "log": [{"at": iso(e.at), "step": e.step, "detail": e.detail} for e in repair.log],
    }


def decode_repair(data: Any) -> Repair:
    """Rebuild a saved repair; raises RepairError if it is damaged."""
    if not isinstance(data, dict):
        raise RepairError("This saved repair is damaged: it is not a record.")
    try:
        repair = _load(data)
    except RepairError as exc:
        raise RepairError(f"This saved repair is damaged: {exc}") from None
    except KeyError as exc:
        raise RepairError(f"This saved repair is damaged: {exc.args[0]!r} is missing.") from None
    except (TypeError, ValueError, AttributeError, OverflowError) as exc:
        raise RepairError(f"This saved repair is damaged: {exc}") from None
    _consistent(repair)
    return repair


def _load(d: dict[str, Any]) -> Repair:
    if not is_id(d["id"]):
        raise RepairError("bad id.")
    hurt_index = d["hurt_partner"]
    if isinstance(hurt_index, bool) or hurt_index not in (0, 1):
        raise RepairError("bad hurt_partner.")
    hurt = _dict(d, "hurt")
    ways = _list(hurt, "ways", WAYS_MAX)
    if not all(isinstance(w, str) and is_id(w) for w in ways):
        raise RepairError("bad ways.")
    delivered_row = d.get("delivered")
    delivered = None
    if delivered_row is not None:
        if not isinstance(delivered_row, dict):
            raise RepairError("bad delivered.")
        delivered = Delivered(
            at=_time(delivered_row, "at"),
            talk_id=_id(delivered_row, "talk_id"),
            draft=_draft(delivered_row["draft"]),
        )
    return Repair(
        id=d["id"],
        partners=_partners(d["partners"]),
        hurt_partner=hurt_index,
        created=_time(d, "created"),
        hurt=Hurt(
            drafted=_time(hurt, "drafted", required=False),
            text=_str(hurt, "text", ACCOUNT_MAX),
            ways=list(ways),
            shared=_time(hurt, "shared", required=False),
        ),
        hearing_talk=_id(d, "hearing_talk", required=False),
        heard=_time(d, "heard", required=False),
        drafts=[_draft(row) for row in _list(d, "drafts", DRAFTS_KEPT)],
        apology_talk=_id(d, "apology_talk", required=False),
        delivered=delivered,
        commitments=[_commitment(row) for row in _list(d, "commitments", COMMITMENTS_MAX)],
        log=[_log(row) for row in _list(d, "log", LOG_MAX)],
    )


def _consistent(repair: Repair) -> None:
    problem = None
    if repair.hurt.shared is not None and not repair.hurt.text:
        problem = "the account is marked shared but holds no words"
    elif repair.heard is not None and (repair.hearing_talk is None or repair.hurt.shared is None):
        problem = "it is marked heard without a shared account and its talk"
    elif repair.delivered is not None and repair.heard is None:
        problem = "the apology is marked delivered before the hurt was heard"
    if problem:
        raise RepairError(f"This saved repair is damaged: {problem}.")


def _draft(row: Any) -> ApologyDraft:
    if not isinstance(row, dict):
        raise RepairError("bad apology draft.")
    actions = _list(row, "actions", ACTIONS_MAX)
    if not all(isinstance(a, str) and len(a) <= ACTION_MAX for a in actions):
        raise RepairError("bad actions.")
    return ApologyDraft(
        at=_time(row, "at"),
        did=_str(row, "did", PART_MAX),
        impact=_str(row, "impact", PART_MAX),
        choice=_str(row, "choice", PART_MAX),
        actions=[printable(a) for a in actions],
        need=_str(row, "need", PART_MAX),
    )


def _commitment(row: Any) -> Commitment:
    if not isinstance(row, dict):
        raise RepairError("bad commitment.")
    what = _str(row, "what", ACTION_MAX, multiline=False)
    by = _str(row, "by", 200, multiline=False)
    reports = []
    for r in _list(row, "reports", REPORTS_MAX):
        if not isinstance(r, dict):
            raise RepairError("bad report.")
        try:
            how = How(r["how"])
        except ValueError:
            raise RepairError(f"unknown report {r['how']!r}.") from None
        reports.append(
            Report(
                at=_time(r, "at"),
                how=how,
                note=_str(r, "note", NOTE_MAX, multiline=False),
                felt=_str(r, "felt", NOTE_MAX, multiline=False),
                checkin=_id(r, "checkin", required=False),
            )
        )
    return Commitment(
        id=_id(row, "id"),
        what=what,
        by=by,
        cadence=Cadence(row["every_days"]),
        created=_time(row, "created"),
        reports=reports,
    )


def _log(row: Any) -> LogEntry:
    if not isinstance(row, dict) or row.get("step") not in LOG_STEPS:
        raise RepairError("bad log entry.")
    return LogEntry(_time(row, "at"), row["step"], _str(row, "detail", NOTE_MAX, multiline=False))


def _dict(d: dict[str, Any], key: str) -> dict[str, Any]:
    value = d[key]
    if not isinstance(value, dict):
        raise RepairError(f"bad {key}.")
    return value


def _list(d: dict[str, Any], key: str, most: int) -> list[Any]:
    value = d.get(key, [])
    if not isinstance(value, list) or len(value) > most:
        raise RepairError(f"bad {key}.")
    return value


def _str(d: dict[str, Any], key: str, most: int, multiline: bool = True) -> str:
    value = d.get(key, "")
    if not isinstance(value, str) or len(value) > most:
        raise RepairError(f"bad {key}.")
    return printable(value, keep_newlines=multiline)


def _id(d: dict[str, Any], key: str, required: bool = True) -> Any:
    value = d.get(key)
    if value is None and not required:
        return None
    if not is_id(value):
        raise RepairError(f"bad {key}.")
    return value


def _time(d: dict[str, Any], key: str, required: bool = True) -> Any:
    value: datetime | None = load_time(d, key, RepairError, required)
    return value
