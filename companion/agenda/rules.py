"""An issue on the couple's agenda: what it is, where it stands, and every move it may make.

An issue is raised, talked about, understood (each has said back the other's
view to the other's satisfaction), agreed (there is something to practise),
followed up, and let go. Which moves are allowed from where is written once,
in `MOVES`; every step takes `now` and is dispatched through `STEPS`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from companion.agenda.parts import (
    BOTH,
    AgendaError,
    Agreement,
    AgreementStep,
    Kind,
    Status,
    Verdict,
    check_who,
    clean_cycle,
    clean_details,
    clean_note,
    clean_tags,
    clean_title,
    kind_of,
    next_look,
    status_of,
    step_after,
    verdict_of,
)
from companion.records import as_utc


class IssueStep(StrEnum):
    """Every step an issue can take, by the same name from the key to the disk."""

    EDIT = "edit"
    TALKED_ABOUT = "talked_about"
    UNDERSTOOD = "understood"
    AGREED = "agreed"
    FOLLOWING_UP = "following_up"
    LET_GO = "let_go"
    REOPEN = "reopen"
    AGREE = "agree"
    """Write down something to practise."""
    REVIEW = "review"
    """Look at how one agreement is going."""
    TALK = "talk"
    """A talk about the issue has ended: note it, and what was understood."""
    CHECK_IN = "check_in"
    """Looked at together at a check-in: better, the same or worse, with a note."""


MOVES: dict[Status, frozenset[Status]] = {
    Status.RAISED: frozenset({Status.TALKED_ABOUT, Status.LET_GO}),
    Status.TALKED_ABOUT: frozenset({Status.UNDERSTOOD, Status.LET_GO}),
    Status.UNDERSTOOD: frozenset({Status.AGREED, Status.TALKED_ABOUT, Status.LET_GO}),
    Status.AGREED: frozenset({Status.FOLLOWING_UP, Status.TALKED_ABOUT, Status.LET_GO}),
    Status.FOLLOWING_UP: frozenset({Status.TALKED_ABOUT, Status.LET_GO}),
    Status.LET_GO: frozenset({Status.RAISED}),
}
"""From each status, where an issue may go: one step on, back to talking, let go, or
(once let go) raised again. Agreed and following up also need a live agreement."""

STEP_TO: dict[Status, IssueStep] = {
    Status.TALKED_ABOUT: IssueStep.TALKED_ABOUT,
    Status.UNDERSTOOD: IssueStep.UNDERSTOOD,
    Status.AGREED: IssueStep.AGREED,
    Status.FOLLOWING_UP: IssueStep.FOLLOWING_UP,
    Status.LET_GO: IssueStep.LET_GO,
    Status.RAISED: IssueStep.REOPEN,
}
"""The step that moves an issue to each status."""
STATUS_STEPS = frozenset(STEP_TO.values())
NEEDS_AGREEMENT = frozenset({Status.AGREED, Status.FOLLOWING_UP})


@dataclass(frozen=True)
class Draft:
    """What a person writes about an issue, before the rules have checked it."""

    title: str
    details: str = ""
    raised_by: str = BOTH
    kind: Kind | str = Kind.SOLVABLE
    tags: Sequence[str] | str = ()
    cycle: str = ""

    def checked(self, partners: Sequence[str]) -> Draft:
        """The draft as it will be saved, or AgendaError naming the first field to fix."""
        return Draft(
            title=clean_title(self.title),
            details=clean_details(self.details),
            raised_by=check_who(self.raised_by, partners),
            kind=kind_of(self.kind),
            tags=clean_tags(self.tags),
            cycle=clean_cycle(self.cycle),
        )


@dataclass(frozen=True)
class Change:
    """One move in an issue's status, dated."""

    status: Status
    at: datetime


@dataclass(frozen=True)
class TalkNote:
    """A talk about the issue that has ended, and what the two of you understood."""

    talk_id: str
    at: datetime
    understood: str = ""


@dataclass(frozen=True)
class CheckInNote:
    """How the issue, or one of its agreements, has gone, as the couple said at a check-in."""

    at: datetime
    verdict: Verdict
    note: str = ""
    agreement_id: str | None = None
    """The agreement looked at, or None for the issue itself."""

    @property
    def said(self) -> str:
        """One line: "agreement 1: worse - slipping at weekends"."""
        about = f"agreement {self.agreement_id}: " if self.agreement_id is not None else ""
        return about + self.verdict.label + (f" - {self.note}" if self.note else "")


@dataclass
class Issue:
    """One thing that stands between the two of you, and how far you have come with it."""

    id: str
    title: str
    details: str
    raised_by: str
    created: datetime
    kind: Kind
    tags: tuple[str, ...]
    cycle: str
    position: int
    status: Status
    history: list[Change] = field(default_factory=list)
    talks: list[TalkNote] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    checkins: list[CheckInNote] = field(default_factory=list)
    updated: datetime | None = None
    revision: int = 0
    """How many times the record has been written: a changed issue always has a new one."""

    # ----------------------------------------------------------- creation

    @classmethod
    def new(
        cls, issue_id: str, draft: Draft, partners: Sequence[str], now: datetime, position: int
    ) -> Issue:
        """A freshly raised issue at `position` in the order."""
        now = _utc(now)
        clean = draft.checked(partners)
        return cls(
            id=issue_id,
            title=clean.title,
            details=clean.details,
            raised_by=clean.raised_by,
            created=now,
            kind=Kind(clean.kind),
            tags=tuple(clean.tags),
            cycle=clean.cycle,
            position=position,
            status=Status.RAISED,
            history=[Change(Status.RAISED, now)],
            updated=now,
        )

    # ----------------------------------------------------------- what is allowed

    @property
    def is_open(self) -> bool:
        """Not let go: it belongs in the area's live file."""
        return self.status is not Status.LET_GO

    @property
    def live_agreements(self) -> list[Agreement]:
        return [a for a in self.agreements if a.live]

    def moves(self) -> frozenset[Status]:
        """The statuses this issue may move to now."""
        moves = set(MOVES[self.status])
        if not self.live_agreements:
            moves -= NEEDS_AGREEMENT
        return frozenset(moves)

    def allowed(self, now: datetime | None = None) -> frozenset[IssueStep]:
        """The steps the rules allow right now (for keys, the CLI and the disk alike).

        An issue's gates do not depend on the hour; `now` keeps the shape every
        record's `allowed(now)` has.
        """
        steps = {STEP_TO[status] for status in self.moves()}
        if self.is_open:
            steps |= {IssueStep.EDIT, IssueStep.AGREE, IssueStep.TALK, IssueStep.CHECK_IN}
            if self.agreements:
                steps.add(IssueStep.REVIEW)
        return frozenset(steps)

    def can(self, step: IssueStep | str) -> bool:
        return step_of(step) in self.allowed()

    def _require(self, step: IssueStep) -> None:
        if step in self.allowed():
            return
        if not self.is_open:
            raise AgendaError("This issue has been let go; reopen it first.")
        if step is IssueStep.REOPEN:
            raise AgendaError("This issue is still open, so there is nothing to reopen.")
        if step is IssueStep.REVIEW:
            raise AgendaError("There is no agreement on this issue to review yet.")
        target = next(status for status, s in STEP_TO.items() if s is step)
        if target in NEEDS_AGREEMENT and target in MOVES[self.status]:
            raise AgendaError(
                f"Write down what you will practise first; then it can move to {target.label}."
            )
        if target is self.status:
            raise AgendaError(f"This issue is already {target.label}.")
        raise AgendaError(
            f"An issue that is {self.status.label} cannot move to {target.label}; "
            f"it can move to {_choices(self.moves())}."
        )

    def take(self, step: IssueStep | str, now: datetime, *args: Any) -> Issue:
        """Take one step by name (from a key, the CLI or the disk); returns this issue."""
        known = step_of(step)
        now = _utc(now)
        self._require(known)
        STEPS[known](self, now, *args)
        self.updated = now
        return self

    def move_to(self, status: Status | str, now: datetime) -> Issue:
        """Take the step that moves it to `status` (what `companion agenda status` does)."""
        target = status_of(status)
        if target is self.status:
            raise AgendaError(f"This issue is already {target.label}.")
        return self.take(STEP_TO[target], now)

    # ----------------------------------------------------------- steps

    def _enter(self, status: Status, now: datetime) -> None:
        self.status = status
        self.history.append(Change(status, now))

    def edit(self, now: datetime, draft: Draft, partners: Sequence[str]) -> None:
        """Change what the issue says (not where it stands)."""
        clean = draft.checked(partners)
        self.title = clean.title
        self.details = clean.details
        self.raised_by = clean.raised_by
        self.kind = Kind(clean.kind)
        self.tags = tuple(clean.tags)
        self.cycle = clean.cycle

    def agree(
        self,
        now: datetime,
        what: str,
        who: str,
        review: date,
        partners: Sequence[str],
        today: date,
    ) -> Agreement:
        """Write down something to practise; an issue that is understood is then agreed."""
        number = max((int(a.id) for a in self.agreements if a.id.isdigit()), default=0) + 1
        agreement = Agreement.new(str(number), what, who, review, partners, now, today)
        self.agreements.append(agreement)
        if self.status is Status.UNDERSTOOD:
            self._enter(Status.AGREED, now)
        return agreement

    def review(
        self,
        now: datetime,
        agreement_id: str,
        step: AgreementStep | str,
        review: date | None,
        today: date,
    ) -> Agreement:
        """Look at how one agreement is going; the first review of a kept one is following up."""
        agreement = self.agreement(agreement_id)
        agreement.take(step, now, review, today)
        if self.status is Status.AGREED and agreement.live:
            self._enter(Status.FOLLOWING_UP, now)
        return agreement

    def checked_in(
        self,
        now: datetime,
        verdict: Verdict | str,
        note: str,
        agreement_id: str | None,
        today: date,
    ) -> CheckInNote:
        """What the couple said of it at a check-in, kept with its history; about an
        agreement, it is also that agreement's review (better is on track, worse slipping)."""
        said = CheckInNote(now, verdict_of(verdict), clean_note(note), agreement_id)
        if agreement_id is not None:
            agreement = self.agreement(agreement_id)
            if not agreement.live:
                raise AgendaError("That agreement was dropped since, so it is not reviewed.")
            step = step_after(agreement, said.verdict)
            self.review(now, agreement_id, step, next_look(agreement, today), today)
        self.checkins.append(said)
        return said

    def talked(self, now: datetime, talk_id: str, understood: str, both_understood: bool) -> None:
        """A talk about it has ended: it has been talked about, and understood if you each felt so."""
        self.talks.append(TalkNote(talk_id, now, clean_note(understood)))
        if self.status is Status.RAISED:
            self._enter(Status.TALKED_ABOUT, now)
        if both_understood and self.status is Status.TALKED_ABOUT:
            self._enter(Status.UNDERSTOOD, now)

    def agreement(self, agreement_id: str) -> Agreement:
        for agreement in self.agreements:
            if agreement.id == agreement_id:
                return agreement
        raise AgendaError("That agreement is no longer on this issue.")

    # ----------------------------------------------------------- queries

    @property
    def let_go_at(self) -> datetime | None:
        """When it was last let go, while it is."""
        if self.is_open:
            return None
        return next((c.at for c in reversed(self.history) if c.status is Status.LET_GO), None)

    @property
    def search_text(self) -> str:
        """What a search looks in: title, details, tags and cycle, case folded."""
        return " ".join((self.title, self.details, " ".join(self.tags), self.cycle)).casefold()


def _move(status: Status) -> Callable[[Issue, datetime], None]:
    def step(issue: Issue, now: datetime) -> None:
        issue._enter(status, now)

    return step


STEPS: dict[IssueStep, Callable[..., Any]] = {
    IssueStep.EDIT: Issue.edit,
    IssueStep.TALKED_ABOUT: _move(Status.TALKED_ABOUT),
    IssueStep.UNDERSTOOD: _move(Status.UNDERSTOOD),
    IssueStep.AGREED: _move(Status.AGREED),
    IssueStep.FOLLOWING_UP: _move(Status.FOLLOWING_UP),
    IssueStep.LET_GO: _move(Status.LET_GO),
    IssueStep.REOPEN: _move(Status.RAISED),
    IssueStep.AGREE: Issue.agree,
    IssueStep.REVIEW: Issue.review,
    IssueStep.TALK: Issue.talked,
    IssueStep.CHECK_IN: Issue.checked_in,
}
"""Each step and what it does: dispatched by this table, never by name lookup."""


def step_of(step: IssueStep | str) -> IssueStep:
    """A step named by a key, the CLI or the disk; AgendaError for an unknown name."""
    try:
        return IssueStep(step)
    except ValueError:
        raise AgendaError(f"There is no agenda step called {str(step)[:40]!r}.") from None


def _choices(statuses: Collection[Status]) -> str:
    ordered = [s.label for s in Status if s in statuses]
    if len(ordered) <= 1:
        return "".join(ordered) or "nowhere"
    return ", ".join(ordered[:-1]) + " or " + ordered[-1]


def _utc(value: Any) -> datetime:
    return as_utc(value, "now", AgendaError)
