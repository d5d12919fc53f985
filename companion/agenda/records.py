"""The agenda on disk: the agenda area of the store.

Every change is made inside one transaction on the records as they are on
disk now, and returns the record saved. The live file `agenda.json` holds the
open issues and any round of top three under way; an issue let go moves to
the archive of the year it was let go, on the write that lets it go, so a
step costs what it changes, not the size of years of agenda.

Other areas read the agenda through `open_agreements`, `issues_in_progress`
and `agreements_due`, and add to it through `add_issue`; a step of their own
that writes to the agenda too holds it in its transaction and calls
`add_issue_in` or `checked_in_in`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from tinydb import Query, TinyDB

from companion.agenda.codec import decode_issue, decode_round, encode_issue
from companion.agenda.order import Direction, next_position, ordered, reorder
from companion.agenda.parts import (
    AgendaError,
    Agreement,
    AgreementDraft,
    AgreementStep,
    Kind,
    Status,
    Verdict,
    status_of,
)
from companion.agenda.rules import Draft, Issue, IssueStep
from companion.agenda.top_three import TopThree
from companion.profile import Profile, load_profile
from companion.store import DamagedRecord, Store, Transaction, damaged_message
from companion.when import zone

AREA = "agenda"
ISSUES = "issues"
ROUNDS = "rounds"
COUNTER = "counter"


def finished_year(table: str, row: dict[str, Any]) -> int | None:
    """The archive year of an issue let go (the year it was let go) or a finished top three.

    A row too damaged to tell stays live, where the start-up check names it.
    """
    try:
        if table == ISSUES and row.get("status") == Status.LET_GO.value:
            return datetime.fromisoformat(row["history"][-1]["at"]).year
        if table == ROUNDS and row.get("closed") is not None:
            return datetime.fromisoformat(row["started"]).year
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    return None


# -- reading one record ---------------------------------------------------------------------


def _damaged(store: Store, what: str, exc: Exception) -> DamagedRecord:
    path = store.path(AREA)
    return DamagedRecord(damaged_message(path, what, exc, store.locations.backups), path)


def _issue(store: Store, row: dict[str, Any]) -> Issue:
    try:
        return decode_issue(row)
    except AgendaError as exc:
        raise _damaged(store, "issue", exc) from None


def _round(store: Store, row: dict[str, Any]) -> TopThree:
    try:
        return decode_round(row)
    except AgendaError as exc:
        raise _damaged(store, "top three", exc) from None


def _profile(store: Store) -> Profile:
    profile = load_profile(store)
    if profile is None:
        raise AgendaError("Set up Companion first: open it, or run companion init --partner NAME.")
    return profile


def today(profile: Profile, now: datetime) -> date:
    """The couple's local date at `now` (review days are days where they live)."""
    return now.astimezone(zone(profile.tz)).date()


def _live(store: Store, db: TinyDB) -> list[Issue]:
    return [_issue(store, row) for row in db.table(ISSUES).all()]


def _get(store: Store, db: TinyDB, issue_id: str) -> Issue | None:
    row = db.table(ISSUES).get(Query().id == issue_id)
    return _issue(store, row) if isinstance(row, dict) else None


def _put(db: TinyDB, issue: Issue) -> None:
    issue.revision += 1
    db.table(ISSUES).upsert(encode_issue(issue), Query().id == issue.id)


def _require_open(store: Store, db: TinyDB, issue_id: str) -> Issue:
    issue = _get(store, db, str(issue_id))
    if issue is not None:
        return issue
    if any(row.get("id") == str(issue_id) for row in store.rows(AREA, ISSUES)):
        raise AgendaError("This issue has been let go; reopen it first.")
    raise AgendaError(f"There is no issue with the id {_shown_id(issue_id)} on the agenda.")


def _shown_id(issue_id: Any) -> str:
    text = str(issue_id)
    return text if len(text) <= 20 and text.isprintable() else repr(text[:20])


# -- reading --------------------------------------------------------------------------------


Known = Mapping[tuple[str, int], Issue]
"""Issues read before, by (id, revision): a version already decoded and checked."""


def known(issues: Sequence[Issue]) -> dict[tuple[str, int], Issue]:
    """What a screen passes back to its next read, so that only changed issues are decoded."""
    return {(i.id, i.revision): i for i in issues}


def _decoded(store: Store, rows: Sequence[dict[str, Any]], seen: Known | None) -> list[Issue]:
    """Every row as an Issue; one whose id and revision match one `seen` is not decoded again.

    Every write of an issue gives it a new revision, so a changed issue is
    always read afresh. The issues handed back are shared with the caller's
    earlier read: treat them as read-only.
    """
    if not seen:
        return [_issue(store, row) for row in rows]
    out = []
    for row in rows:
        found = seen.get((row.get("id"), row.get("revision")))  # type: ignore[arg-type]
        out.append(found if found is not None else _issue(store, row))
    return out


def open_issues(store: Store, seen: Known | None = None) -> list[Issue]:
    """Every open issue, in the couple's order (the live file only)."""
    return live(store, seen)[0]


def live(store: Store, seen: Known | None = None) -> tuple[list[Issue], TopThree | None]:
    """The live file in one read: the open issues in order, and the round of top three under way."""
    with store.read(AREA) as db:
        rows = db.table(ISSUES).all()
        rounds = [_round(store, row) for row in db.table(ROUNDS).all()]
    under_way = sorted((r for r in rounds if r.is_open), key=lambda r: r.started)
    return ordered(_decoded(store, rows, seen)), (under_way[-1] if under_way else None)


def all_issues(store: Store, seen: Known | None = None) -> list[Issue]:
    """Open issues in order, then every issue let go (reads the archives: call off the loop)."""
    return ordered(_decoded(store, store.rows(AREA, ISSUES), seen))


def get_issue(store: Store, issue_id: str) -> Issue | None:
    """One issue by id: the live file first, then the archives."""
    with store.read(AREA) as db:
        found = _get(store, db, str(issue_id))
    if found is not None:
        return found
    for row in store.rows(AREA, ISSUES):
        if row.get("id") == str(issue_id):
            return _issue(store, row)
    return None


def issues_in_progress(store: Store) -> list[Issue]:
    """Open issues the couple has started on (talked about, understood, agreed, following up)."""
    return [issue for issue in open_issues(store) if issue.status is not Status.RAISED]


def open_agreements(store: Store) -> list[tuple[Issue, Agreement]]:
    """Every agreement still being practised (not dropped) on an open issue, soonest review first."""
    found = [(issue, a) for issue in open_issues(store) for a in issue.live_agreements]
    return sorted(found, key=lambda pair: (pair[1].review or date.max, pair[0].position))


def agreements_due(store: Store, now: datetime) -> list[tuple[Issue, Agreement]]:
    """Open agreements whose review day has come, in the couple's zone."""
    profile = load_profile(store)
    return due_among(open_issues(store), profile, now) if profile is not None else []


def due_among(
    issues: Sequence[Issue], profile: Profile, now: datetime
) -> list[tuple[Issue, Agreement]]:
    """Of these issues' live agreements, those whose review day has come, soonest first."""
    day = today(profile, now)
    found = [(i, a) for i in issues if i.is_open for a in i.live_agreements if a.due(day)]
    return sorted(found, key=lambda pair: (pair[1].review or date.max, pair[0].position))


def current_round(store: Store) -> TopThree | None:
    """The round of top three under way, if there is one."""
    return live(store)[1]


def check(store: Store, archived: bool = True) -> int:
    """Read every record (for doctor and start-up); raises DamagedRecord naming the first bad one."""
    issues = [_issue(store, r) for r in store.rows(AREA, ISSUES, archived=archived)]
    rounds = [_round(store, r) for r in store.rows(AREA, ROUNDS, archived=archived)]
    return len(issues) + len(rounds)


# -- issues ---------------------------------------------------------------------------------


def _next_id(store: Store, db: TinyDB) -> str:
    """Short ids a person can type: 1, 2, 3... never reused, even once an issue is archived."""
    counter = db.table(COUNTER)
    rows = counter.all()
    row = rows[0] if rows else None
    if isinstance(row, dict) and isinstance(row.get("next"), int):
        number = row["next"]
    else:  # a new agenda, or a counter lost: start after every id ever used
        used = [r.get("id") for r in store.rows(AREA, ISSUES)]
        used += [r.get("id") for r in db.table(ISSUES).all()]
        number = max((int(i) for i in used if isinstance(i, str) and i.isdigit()), default=0) + 1
    counter.truncate()
    counter.insert({"next": number + 1})
    return str(number)


def add_issue(
    store: Store,
    title: str,
    raised_by: str,
    now: datetime,
    details: str = "",
    kind: Kind | str = Kind.SOLVABLE,
    tags: Sequence[str] | str = (),
    cycle: str = "",
) -> Issue:
    """Raise a new issue at the end of the order; returns it as saved.

    `raised_by` is a partner's name or "both". Refuses (AgendaError, one
    sentence, nothing written) an empty or too long title or a name that is
    not a partner's.
    """
    draft = Draft(title, details, raised_by, kind, tags, cycle)
    return add_draft(store, draft, now)


def add_draft(store: Store, draft: Draft, now: datetime) -> Issue:
    """Raise a new issue from a form's draft; returns it as saved."""
    profile = _profile(store)
    clean = draft.checked(profile.partners)  # refuse before taking the lock
    with store.transaction(AREA) as tx:
        issue = _raise(store, tx[AREA], clean, profile.partners, now)
    return issue


def add_issue_in(store: Store, tx: Transaction, title: str, raised_by: str, now: datetime) -> Issue:
    """`add_issue` inside a transaction the caller holds with the agenda in it: another area's
    step that raises an issue lands with its own record, or neither does."""
    profile = _profile(store)
    clean = Draft(title, raised_by=raised_by).checked(profile.partners)
    return _raise(store, tx[AREA], clean, profile.partners, now)


def _raise(store: Store, db: TinyDB, draft: Draft, partners: Sequence[str], now: datetime) -> Issue:
    position = next_position(_positions(db))
    issue = Issue.new(_next_id(store, db), draft, partners, now, position)
    _put(db, issue)
    return issue


class _Placed:
    """Just enough of an open issue to find its place in the order, without decoding it."""

    __slots__ = ("created", "id", "position")
    is_open = True
    let_go_at = None

    def __init__(self, row: dict[str, Any]) -> None:
        self.id = row.get("id")
        self.position = row["position"]
        self.created = row.get("created") or ""


def _positions(db: TinyDB) -> list[Any]:
    """The open issues' places (let-go rows are moved out on the write that lets them go)."""
    return [
        _Placed(row)
        for row in db.table(ISSUES).all()
        if isinstance(row.get("position"), int)
        and not isinstance(row.get("position"), bool)
        and row.get("status") != Status.LET_GO.value
    ]


def edit_issue(store: Store, issue_id: str, draft: Draft, now: datetime) -> Issue:
    """Change what an open issue says; returns it as saved."""
    profile = _profile(store)
    return apply(store, issue_id, IssueStep.EDIT, now, draft, profile.partners)


def apply(
    store: Store,
    issue_id: str,
    step: IssueStep | str,
    now: datetime,
    *args: Any,
    expect: Status | None = None,
) -> Issue:
    """Take one step of an issue on the record as it is on disk now, and save it.

    `expect` is the status the person saw: if the other terminal moved the
    issue on since, the step is refused rather than applied to a status
    nobody was looking at. Reopening brings an issue back from its archive.
    """
    if IssueStep(step) is IssueStep.REOPEN:
        return reopen(store, issue_id, now)
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        issue = _require_open(store, db, issue_id)
        if expect is not None and issue.status is not expect:
            raise AgendaError("Your partner's screen moved this issue on first; here it is now.")
        issue.take(step, now, *args)
        _put(db, issue)
    return issue


def set_status(store: Store, issue_id: str, status: Status | str, now: datetime) -> Issue:
    """Move an issue to `status` if the rules allow that move from where it is."""
    target = status_of(status)
    if target is Status.RAISED:
        found = get_issue(store, issue_id)
        if found is not None and not found.is_open:
            return reopen(store, issue_id, now)
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        issue = _require_open(store, db, issue_id)
        issue.move_to(target, now)
        _put(db, issue)
    return issue


def reopen(store: Store, issue_id: str, now: datetime) -> Issue:
    """Bring a let-go issue back, raised again, at the end of the order.

    The live copy is written first and the archived copy removed after, so a
    crash between the two leaves it in both (readers prefer the live copy),
    never in neither.
    """
    issue_id = str(issue_id)
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        if _get(store, db, issue_id) is not None:
            raise AgendaError("This issue is still open, so there is nothing to reopen.")
        row = next((r for r in store.rows(AREA, ISSUES) if r.get("id") == issue_id), None)
        if row is None:
            raise AgendaError(f"There is no issue with the id {_shown_id(issue_id)}.")
        issue = _issue(store, row)
        issue.take(IssueStep.REOPEN, now)
        issue.position = next_position(_positions(db))
        _put(db, issue)
    with store.transaction(AREA) as tx:
        if _get(store, tx[AREA], issue_id) is not None:  # still open: the archived copy is stale
            store.remove_archived(AREA, ISSUES, lambda r: r.get("id") == issue_id)
    return issue


def move(
    store: Store,
    issue_id: str,
    direction: Direction | str,
    now: datetime,
    within: Collection[str] | None = None,
) -> Issue:
    """Move an issue one place up or down the order (past its neighbour among `within`)."""
    issue_id = str(issue_id)
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        _require_open(store, db, issue_id)
        places = _positions(db)
        moved = reorder(places, issue_id, direction, within)  # only the rows that change are read
        saved = []
        for place in moved:
            issue = _require_open(store, db, place.id)
            issue.position = place.position
            issue.updated = now
            _put(db, issue)
            saved.append(issue)
    return next(issue for issue in saved if issue.id == issue_id)


def add_agreement(store: Store, issue_id: str, agreement: AgreementDraft, now: datetime) -> Issue:
    """Write down something to practise on an issue; an understood issue is then agreed."""
    profile = _profile(store)
    day = today(profile, now)
    return apply(
        store,
        issue_id,
        IssueStep.AGREE,
        now,
        agreement.what,
        agreement.who,
        agreement.review,
        profile.partners,
        day,
    )


def review_agreement(
    store: Store,
    issue_id: str,
    agreement_id: str,
    step: AgreementStep | str,
    review: date | None,
    now: datetime,
) -> Issue:
    """Say how an agreement is going and when to look again; returns its issue as saved."""
    profile = _profile(store)
    day = today(profile, now)
    return apply(store, issue_id, IssueStep.REVIEW, now, agreement_id, step, review, day)


def checked_in_in(
    store: Store,
    tx: Transaction,
    issue_id: str,
    verdict: Verdict | str,
    note: str,
    now: datetime,
    agreement_id: str | None = None,
) -> Issue | None:
    """What a check-in said of an open issue, or of one of its agreements (which is then
    reviewed: better on track, worse slipping), inside the caller's transaction; returns
    the issue as it will be saved, or None if it is no longer open or the agreement no
    longer practised (let go or dropped since): then nothing is written."""
    profile = _profile(store)
    db = tx[AREA]
    issue = _get(store, db, str(issue_id))
    if issue is None:
        return None
    if agreement_id is not None and not any(
        a.id == agreement_id and a.live for a in issue.agreements
    ):
        return None
    issue.take(IssueStep.CHECK_IN, now, verdict, note, agreement_id, today(profile, now))
    _put(db, issue)
    return issue
