"""What an agenda is made of: statuses, kinds, the checks on what people type, and agreements.

An agreement belongs to an issue: what the couple will practise, who will
practise it, when they will look at how it is going, and how it is going
(on track, slipping, dropped), with a dated history of each review.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from companion.errors import Refused
from companion.records import as_utc
from companion.text import TextError, clean_line, clean_text


class AgendaError(Refused):
    """An agenda step the rules refuse, in one sentence; `field` names the form field it is about."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class Status(StrEnum):
    """Where an issue stands, from being raised to being let go."""

    RAISED = "raised"
    TALKED_ABOUT = "talked_about"
    UNDERSTOOD = "understood"
    """Each has summarised the other's view, to the other's satisfaction."""
    AGREED = "agreed"
    FOLLOWING_UP = "following_up"
    LET_GO = "let_go"

    @property
    def label(self) -> str:
        """How a person reads it: "talked about"."""
        return self.value.replace("_", " ")


LIFECYCLE: tuple[Status, ...] = tuple(Status)
"""The statuses in the order an issue usually passes through them."""
OPEN_STATUSES = frozenset(LIFECYCLE) - {Status.LET_GO}
IN_PROGRESS = frozenset(
    {Status.TALKED_ABOUT, Status.UNDERSTOOD, Status.AGREED, Status.FOLLOWING_UP}
)
"""Open issues the couple has started working on (home lists these)."""


def status_of(value: Any) -> Status:
    """A status named by a person or a script ("talked about", "talked-about", "talked_about")."""
    if isinstance(value, Status):
        return value
    name = str(value).strip().casefold().replace(" ", "_").replace("-", "_")
    try:
        return Status(name)
    except ValueError:
        names = ", ".join(s.value for s in LIFECYCLE)
        raise AgendaError(
            f"There is no status called {str(value)[:40]!r}; use one of {names}.", "status"
        ) from None


class Kind(StrEnum):
    """Whether an issue can be settled, or is part of who the two of you are."""

    SOLVABLE = "solvable"
    PERPETUAL = "perpetual"
    """Most of a couple's conflicts: managed and lived with, rather than solved."""


def kind_of(value: Any) -> Kind:
    try:
        return Kind(str(value).strip().casefold())
    except ValueError:
        raise AgendaError("An issue is either solvable or perpetual.", "kind") from None


# -- what people type --------------------------------------------------------------------------

TITLE_MAX = 200
DETAILS_MAX = 20_000
CYCLE_MAX = 500
TAG_MAX = 30
TAGS_MAX = 8
WHAT_MAX = 300
NOTE_MAX = 2000
BOTH = "both"
"""`raised_by` / an agreement's `who` when it is the two of you."""


def _checked(clean: Callable[[], str], field: str) -> str:
    try:
        return clean()
    except TextError as exc:
        raise AgendaError(str(exc), field) from None


def clean_title(raw: Any) -> str:
    """One line of 1 to 200 characters: newlines and tabs become spaces, control characters go."""
    if not isinstance(raw, str):
        raise AgendaError("Give the issue a title, even a few words.", "title")
    title = _checked(
        lambda: clean_line(raw, what="title", max_len=len(raw), required=False), "title"
    )
    if not title:
        raise AgendaError("Give the issue a title, even a few words.", "title")
    if len(title) > TITLE_MAX:
        raise AgendaError(
            f"Keep the title to {TITLE_MAX} characters or fewer (this one has {len(title)}); "
            "the rest can go in the details.",
            "title",
        )
    return title


def clean_details(raw: Any) -> str:
    """Any number of lines, up to 20,000 characters; may be empty."""
    if raw is None:
        return ""
    return _checked(lambda: clean_text(raw, what="details", max_len=DETAILS_MAX), "details")


def clean_cycle(raw: Any) -> str:
    """The cycle the two of you get caught in ("When I ..., you ..., then I ..."), or ""."""
    if raw is None:
        return ""
    return _checked(lambda: clean_text(raw, what="cycle", max_len=CYCLE_MAX), "cycle")


def clean_note(raw: Any) -> str:
    """What the two of you understood in a talk, in your own words; may be empty."""
    if raw is None:
        return ""
    return _checked(lambda: clean_text(raw, what="note", max_len=NOTE_MAX), "understood")


def clean_tags(raw: Any) -> tuple[str, ...]:
    """Short labels, from a list or from text separated by commas; each kept once."""
    if raw is None:
        return ()
    items = raw.split(",") if isinstance(raw, str) else raw
    if not isinstance(items, list | tuple):
        raise AgendaError("Tags are short words separated by commas.", "tags")
    tags: list[str] = []
    for item in items:
        try:
            tag = clean_line(item, what="tag", max_len=TAG_MAX, required=False)
        except TextError as exc:
            raise AgendaError(str(exc), "tags") from None
        if tag and tag.casefold() not in {t.casefold() for t in tags}:
            tags.append(tag)
    if len(tags) > TAGS_MAX:
        raise AgendaError(f"Up to {TAGS_MAX} tags, please; this has {len(tags)}.", "tags")
    return tuple(tags)


def check_who(raw: Any, partners: Sequence[str], field: str = "raised_by") -> str:
    """A partner's name as the profile spells it, or "both" (for a couple)."""
    if not isinstance(raw, str) or not raw.strip():
        raise AgendaError("Say who this comes from.", field)
    name = raw.strip()
    if name.casefold() == BOTH and len(partners) == 2:
        return BOTH
    for partner in partners:
        if partner.casefold() == name.casefold():
            return partner
    choices = " or ".join(partners) + (" (or both)" if len(partners) == 2 else "")
    shown = clean_line(name, what="name", max_len=len(name), required=False)[:40]
    raise AgendaError(f"{shown!r} is not a partner here; use {choices}.", field)


_ONLY_STOPPING = re.compile(r"^\s*(stop|don'?t|do not|never|no more|quit|avoid)\b", re.IGNORECASE)
_AND_INSTEAD = re.compile(r"\binstead\b|[,;:]|\s(and|but|so|then)\s|\s[-–—]\s", re.IGNORECASE)


def clean_practice(raw: Any) -> str:
    """What the two of you will do, said as something to practise (not only what to stop)."""
    if not isinstance(raw, str):
        raise AgendaError("Write what you will practise, in a few words.", "what")
    what = _checked(lambda: clean_line(raw, what="agreement", max_len=WHAT_MAX), "what")
    if _ONLY_STOPPING.search(what) and not _AND_INSTEAD.search(what):
        raise AgendaError(
            "Say what you will do instead, not only what to stop: for example "
            "“pause and say ‘I need a minute’ instead of walking out”.",
            "what",
        )
    return what


# -- agreements --------------------------------------------------------------------------------


class AgreementState(StrEnum):
    """How an agreement is going, as the two of you see it at a review."""

    ON_TRACK = "on_track"
    SLIPPING = "slipping"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class AgreementStep(StrEnum):
    """A review of an agreement, by the state it leaves the agreement in."""

    ON_TRACK = "on_track"
    SLIPPING = "slipping"
    DROPPED = "dropped"


_AGREEMENT_MOVES: dict[AgreementState, frozenset[AgreementStep]] = {
    AgreementState.ON_TRACK: frozenset(
        {AgreementStep.ON_TRACK, AgreementStep.SLIPPING, AgreementStep.DROPPED}
    ),
    AgreementState.SLIPPING: frozenset(
        {AgreementStep.ON_TRACK, AgreementStep.SLIPPING, AgreementStep.DROPPED}
    ),
    AgreementState.DROPPED: frozenset({AgreementStep.ON_TRACK}),
}
"""From each state, the reviews allowed: a dropped agreement can only be taken up again."""

REVIEW_CHOICES: dict[str, int] = {"1 week": 7, "2 weeks": 14, "4 weeks": 28}
"""When the next review falls, in days from today."""
REVIEW_DEFAULT = 14
REVIEW_MAX = timedelta(days=366)


@dataclass(frozen=True)
class AgreementDraft:
    """What a person writes for a new agreement, before the rules have checked it."""

    what: str
    who: str
    review: date

    def checked(self, partners: Sequence[str], today: date) -> AgreementDraft:
        """The draft as it will be saved, or AgendaError naming the first field to fix."""
        return AgreementDraft(
            clean_practice(self.what),
            check_who(self.who, partners, "who"),
            check_review(self.review, today),
        )


@dataclass
class Review:
    """One look at how an agreement is going."""

    at: datetime
    state: AgreementState


@dataclass
class Agreement:
    """What the two of you will practise about one issue, and how it is going."""

    id: str
    what: str
    who: str
    """A partner's name, or "both"."""
    review: date | None
    """The day to look at how it is going (in the couple's zone); None once dropped."""
    state: AgreementState
    created: datetime
    reviews: list[Review] = field(default_factory=list)

    @classmethod
    def new(
        cls,
        agreement_id: str,
        what: str,
        who: str,
        review: date,
        partners: Sequence[str],
        now: datetime,
        today: date,
    ) -> Agreement:
        """A fresh agreement, on track, with its first review ahead."""
        now = as_utc(now, "now", AgendaError)
        return cls(
            id=agreement_id,
            what=clean_practice(what),
            who=check_who(who, partners, "who"),
            review=check_review(review, today),
            state=AgreementState.ON_TRACK,
            created=now,
        )

    @property
    def live(self) -> bool:
        """Still being practised (not dropped)."""
        return self.state is not AgreementState.DROPPED

    def due(self, today: date) -> bool:
        """Whether its review day has come (today is the couple's local date)."""
        return self.live and self.review is not None and self.review <= today

    def allowed(self, now: datetime | None = None) -> frozenset[AgreementStep]:
        """The reviews its state allows (the date does not gate them: reviewing early is fine)."""
        return _AGREEMENT_MOVES[self.state]

    def take(
        self, step: AgreementStep | str, now: datetime, review: date | None, today: date
    ) -> Agreement:
        """Review it: the state it is in now and, unless dropped, when to look again."""
        try:
            known = AgreementStep(step)
        except ValueError:
            raise AgendaError(f"There is no agreement step called {str(step)[:40]!r}.") from None
        now = as_utc(now, "now", AgendaError)
        if known not in self.allowed(now):
            raise AgendaError(
                "This agreement was dropped; take it up again (on track) before anything else."
            )
        AGREEMENT_STEPS[known](self, now, review, today)
        return self

    def _reviewed(self, state: AgreementState, now: datetime, review: date | None) -> None:
        self.state = state
        self.review = review
        self.reviews.append(Review(now, state))


def _review_as(state: AgreementState) -> Callable[[Agreement, datetime, date | None, date], None]:
    def step(agreement: Agreement, now: datetime, review: date | None, today: date) -> None:
        if state is AgreementState.DROPPED:
            agreement._reviewed(state, now, None)
        else:
            agreement._reviewed(state, now, check_review(review, today))

    return step


AGREEMENT_STEPS: dict[AgreementStep, Callable[[Agreement, datetime, date | None, date], None]] = {
    AgreementStep.ON_TRACK: _review_as(AgreementState.ON_TRACK),
    AgreementStep.SLIPPING: _review_as(AgreementState.SLIPPING),
    AgreementStep.DROPPED: _review_as(AgreementState.DROPPED),
}
"""Each review and what it does: dispatched by this table, never by name lookup."""


class Verdict(StrEnum):
    """How an issue or an agreement has gone since the couple last looked, said at a check-in."""

    BETTER = "better"
    SAME = "same"
    WORSE = "worse"

    @property
    def label(self) -> str:
        """How a person reads it: "the same"."""
        return "the same" if self is Verdict.SAME else self.value


def verdict_of(value: Any) -> Verdict:
    try:
        return Verdict(str(value))
    except ValueError:
        raise AgendaError("Choose better, the same, or worse.") from None


def step_after(agreement: Agreement, verdict: Verdict) -> AgreementStep:
    """The review a check-in's verdict makes: better is on track, worse is slipping, and
    the same leaves it as it was. Dropping one is a choice of its own, never a verdict."""
    if verdict is Verdict.BETTER:
        return AgreementStep.ON_TRACK
    if verdict is Verdict.WORSE:
        return AgreementStep.SLIPPING
    return AgreementStep(agreement.state.value)


def next_look(agreement: Agreement, today: date) -> date:
    """When to look again after a check-in: the usual two weeks, or the day already set if later."""
    usual = review_day(today)
    return agreement.review if agreement.review is not None and agreement.review > usual else usual


def check_review(review: Any, today: date) -> date:
    """A review day from today up to a year ahead."""
    if not isinstance(review, date) or isinstance(review, datetime):
        raise AgendaError("Choose a day to look at how it is going.", "review")
    if review < today:
        raise AgendaError("Choose a review day from today on.", "review")
    if review - today > REVIEW_MAX:
        raise AgendaError("Choose a review day within the next year.", "review")
    return review


def review_day(today: date, days: int = REVIEW_DEFAULT) -> date:
    """The day `days` from today."""
    return today + timedelta(days=days)
