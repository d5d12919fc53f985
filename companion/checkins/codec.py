"""Check-ins on disk: encode the schedule and each check-in, and check them when read back.

DTSTART is saved as the local wall-clock time with its zone name (as RFC 5545
writes DTSTART;TZID=...), so a 19:00 check-in is 19:00 whatever DST does.
Every other moment is UTC ISO 8601. Decoding refuses anything a screen could
later crash on, naming it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from companion.checkins.rules import (
    CONCERN_MAX,
    CONCERNS_MAX,
    KIND,
    LABEL_MAX,
    NOTE_MAX,
    ORDER,
    REF_MAX,
    REVIEWS_MAX,
    TEXT_MAX,
    TITLE_MAX,
    CheckIn,
    CheckInError,
    Concern,
    Review,
    Stage,
    Verdict,
    parse_rating,
)
from companion.checkins.schedule import (
    REASON_MAX,
    Schedule,
    ScheduleError,
    Series,
    Skip,
    check_zone,
    parse_rule,
)
from companion.records import iso, load_time
from companion.when import zone

SERIES_MAX = 500
ONE_OFFS_MAX = 5000


# -- the schedule -------------------------------------------------------------------


def encode_schedule(schedule: Schedule) -> dict[str, Any]:
    """A JSON-ready copy of the schedule."""
    return {
        "uid": schedule.uid,
        "series": [
            {
                "rrule": s.rule,
                "tz": s.tz,
                "dtstart": s.start.replace(tzinfo=None).isoformat(timespec="minutes"),
                "until": iso(s.until),
            }
            for s in schedule.series
        ],
        "skipped": {
            key: {"reason": skip.reason, "decided": iso(skip.decided)}
            for key, skip in schedule.skipped.items()
        },
        "moved": {key: iso(when) for key, when in schedule.moved.items()},
        "sequence": schedule.sequence,
        "changed": iso(schedule.changed),
    }


def decode_schedule(data: Any) -> Schedule:
    """Rebuild the saved schedule; ScheduleError if it is damaged."""
    try:
        return _schedule(data)
    except ScheduleError as exc:
        raise ScheduleError(f"The saved schedule is damaged: {exc}") from None
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        raise ScheduleError(f"The saved schedule is damaged: {exc!s:.80}.") from None


def _schedule(d: Any) -> Schedule:
    if not isinstance(d, dict):
        raise ScheduleError("it is not a record.")
    uid = d["uid"]
    if not isinstance(uid, str) or not uid or len(uid) > 200:
        raise ScheduleError("bad uid.")
    rows = d["series"]
    if not isinstance(rows, list) or not rows or len(rows) > SERIES_MAX:
        raise ScheduleError("bad series.")
    series = []
    for row in rows:
        if not isinstance(row, dict):
            raise ScheduleError("a series is not a record.")
        parse_rule(row["rrule"])
        tz = check_zone(row["tz"])
        start = datetime.fromisoformat(row["dtstart"])
        if start.tzinfo is not None:
            raise ScheduleError("a DTSTART carries an offset instead of its zone.")
        until = load_time(row, "until", ScheduleError)
        series.append(
            Series(rule=row["rrule"], tz=tz, start=start.replace(tzinfo=zone(tz)), until=until)
        )
    if any(s.until is None for s in series[:-1]) or series[-1].until is not None:
        raise ScheduleError("only the last series may be open.")
    skipped_rows = d.get("skipped", {})
    moved_rows = d.get("moved", {})
    if not isinstance(skipped_rows, dict) or not isinstance(moved_rows, dict):
        raise ScheduleError("bad one-off changes.")
    if len(skipped_rows) + len(moved_rows) > ONE_OFFS_MAX:
        raise ScheduleError("too many one-off changes.")
    skipped = {}
    for key, row in skipped_rows.items():
        _key(key)
        reason = row.get("reason", "") if isinstance(row, dict) else None
        if not isinstance(reason, str) or len(reason) > REASON_MAX:
            raise ScheduleError("bad reason for a skip.")
        decided = load_time(row, "decided", ScheduleError, required=True)
        assert decided is not None
        skipped[key] = Skip(reason=reason, decided=decided)
    moved = {}
    for key, value in moved_rows.items():
        _key(key)
        when = load_time({"when": value}, "when", ScheduleError, required=True)
        assert when is not None
        moved[key] = when
    sequence = d.get("sequence", 0)
    if isinstance(sequence, bool) or not isinstance(sequence, int) or not 0 <= sequence < 10**9:
        raise ScheduleError("bad sequence.")
    return Schedule(
        uid=uid,
        series=series,
        skipped=skipped,
        moved=moved,
        sequence=sequence,
        changed=load_time(d, "changed", ScheduleError),
    )


def _key(key: Any) -> None:
    if not isinstance(key, str) or len(key) > 40:
        raise ScheduleError("bad occurrence key.")
    load_time({"key": key}, "key", ScheduleError, required=True)


# -- check-ins --------------------------------------------------------------------------


def encode_checkin(checkin: CheckIn) -> dict[str, Any]:
    """A JSON-ready copy of one check-in."""
    return {
        "id": checkin.id,
        "occurrence": checkin.occurrence,
        "partners": list(checkin.partners),
        "started": iso(checkin.started),
        "stage": checkin.stage.value,
        "appreciations": list(checkin.appreciations),
        "ratings": list(checkin.ratings),
        "reviews": [
            {
                "kind": r.kind,
                "ref": r.ref,
                "title": r.title,
                "verdict": r.verdict.value if r.verdict else None,
                "note": r.note,
                "label": r.label,
            }
            for r in checkin.reviews
        ],
        "concerns": [
            {"text": c.text, "by": c.by, "agenda_id": c.agenda_id} for c in checkin.concerns
        ],
        "plan": checkin.plan,
        "finished": iso(checkin.finished),
        "updated": iso(checkin.updated),
    }


def decode_checkin(data: Any) -> CheckIn:
    """Rebuild a saved check-in; CheckInError if it is damaged."""
    try:
        return _checkin(data)
    except CheckInError as exc:
        raise CheckInError(f"This saved check-in is damaged: {exc}") from None
    except KeyError as exc:
        raise CheckInError(f"This saved check-in is damaged: {exc.args[0]!r} is missing.") from None
    except (TypeError, ValueError, OverflowError) as exc:
        raise CheckInError(f"This saved check-in is damaged: {exc!s:.80}.") from None


def _text(value: Any, what: str, max_len: int) -> str:
    if not isinstance(value, str) or len(value) > max_len:
        raise CheckInError(f"bad {what}.")
    return value


def _checkin(d: Any) -> CheckIn:
    if not isinstance(d, dict):
        raise CheckInError("it is not a record.")
    checkin_id = _text(d["id"], "id", 64)
    if not checkin_id:
        raise CheckInError("bad id.")
    occurrence = d.get("occurrence")
    if occurrence is not None:
        _text(occurrence, "occurrence", 40)
        load_time({"occurrence": occurrence}, "occurrence", CheckInError, required=True)
    partners = d["partners"]
    if not isinstance(partners, list) or not 1 <= len(partners) <= 2:
        raise CheckInError("bad partners.")
    names = tuple(_text(p, "name", 100) for p in partners)
    try:
        stage = Stage(d["stage"])
    except ValueError:
        raise CheckInError(f"unknown stage {str(d['stage'])[:30]!r}.") from None
    appreciations = d["appreciations"]
    ratings = d["ratings"]
    if not isinstance(appreciations, list) or len(appreciations) != len(names):
        raise CheckInError("bad appreciations.")
    if not isinstance(ratings, list) or len(ratings) != len(names):
        raise CheckInError("bad ratings.")
    reviews_rows = d.get("reviews", [])
    concern_rows = d.get("concerns", [])
    if not isinstance(reviews_rows, list) or len(reviews_rows) > REVIEWS_MAX:
        raise CheckInError("bad reviews.")
    if not isinstance(concern_rows, list) or len(concern_rows) > CONCERNS_MAX:
        raise CheckInError("bad concerns.")
    reviews = []
    for row in reviews_rows:
        if not isinstance(row, dict):
            raise CheckInError("bad review.")
        kind = row.get("kind")
        if not isinstance(kind, str) or not KIND.fullmatch(kind):
            raise CheckInError("bad review kind.")
        verdict = row.get("verdict")
        reviews.append(
            Review(
                kind=kind,
                ref=_text(row["ref"], "review reference", REF_MAX),
                title=_text(row["title"], "review title", TITLE_MAX),
                verdict=Verdict(verdict) if verdict is not None else None,
                note=_text(row.get("note", ""), "review note", NOTE_MAX),
                label=_text(row.get("label", ""), "review label", LABEL_MAX),
            )
        )
    concerns = []
    for row in concern_rows:
        if not isinstance(row, dict):
            raise CheckInError("bad concern.")
        by = row["by"]
        if isinstance(by, bool) or by not in range(len(names)):
            raise CheckInError("bad concern author.")
        agenda_id = row.get("agenda_id")
        if agenda_id is not None:
            _text(agenda_id, "agenda id", 64)
        concerns.append(Concern(_text(row["text"], "concern", CONCERN_MAX), by, agenda_id))
    started = load_time(d, "started", CheckInError, required=True)
    finished = load_time(d, "finished", CheckInError)
    assert started is not None
    if (finished is None) != (stage is not Stage.DONE):
        raise CheckInError("its end does not match its stage.")
    checkin = CheckIn(
        id=checkin_id,
        occurrence=occurrence,
        partners=names,
        started=started,
        stage=stage,
        appreciations=[_text(a, "appreciation", TEXT_MAX) for a in appreciations],
        ratings=[None if r is None else parse_rating(r) for r in ratings],
        reviews=reviews,
        concerns=concerns,
        plan=_text(d.get("plan", ""), "plan", NOTE_MAX),
        finished=finished,
        updated=load_time(d, "updated", CheckInError),
    )
    past_first = stage is Stage.DONE or ORDER.index(stage) > 0
    if past_first and any(not a for a in checkin.appreciations):
        raise CheckInError("it went past the appreciations without them.")
    return checkin
