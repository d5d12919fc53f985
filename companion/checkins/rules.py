"""The guided check-in: appreciations, connection, a look at what you are working on, plans.

A check-in is a plain state machine in stages. Every step takes `now` and
is dispatched through STEPS; `allowed(now)` says what may happen next, so the
screen, the CLI and the disk follow one rule. A check-in left open is simply
resumed: the record on disk is its state.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from companion.errors import Refused
from companion.records import as_utc
from companion.text import TextError, clean_line


class CheckInError(Refused):
    """A check-in step the rules refuse, in one sentence."""


class Stage(StrEnum):
    """Where a check-in stands, in the order it is held."""

    APPRECIATE = "appreciate"
    CONNECT = "connect"
    REVIEW = "review"
    CONCERNS = "concerns"
    PLAN = "plan"
    DONE = "done"


ORDER = (Stage.APPRECIATE, Stage.CONNECT, Stage.REVIEW, Stage.CONCERNS, Stage.PLAN)
"""The stages a couple goes through (DONE is where it ends)."""


class CheckInStep(StrEnum):
    """Every step of a check-in, by the same name from the key to the disk."""

    APPRECIATE = "appreciate"
    RATE = "rate"
    REVIEW = "review"
    CONCERN = "concern"
    PLAN = "plan"
    NEXT = "next"
    BACK = "back"
    FINISH = "finish"


class Verdict(StrEnum):
    """How something being worked on has gone since the last check-in."""

    BETTER = "better"
    SAME = "same"
    WORSE = "worse"


RATING_MIN = 1
RATING_MAX = 10
TEXT_MAX = 500
NOTE_MAX = 300
CONCERN_MAX = 200
CONCERNS_MAX = 20
REVIEWS_MAX = 50
TITLE_MAX = CONCERN_MAX
LABEL_MAX = 40
REF_MAX = 140
KIND = re.compile(r"[a-z][a-z_]{0,29}")
"""What a review's kind looks like: a short lower-case word its link chose ("agreement")."""
BOTH = "both"
"""Who reviews at a couple's check-in: the two of them together."""

_WORK = {
    CheckInStep.APPRECIATE: Stage.APPRECIATE,
    CheckInStep.RATE: Stage.CONNECT,
    CheckInStep.REVIEW: Stage.REVIEW,
    CheckInStep.CONCERN: Stage.CONCERNS,
    CheckInStep.PLAN: Stage.PLAN,
}
"""The stage in which each answering step is taken."""


@dataclass
class Review:
    """One agreement or issue looked at together: better, the same or worse, and a note."""

    kind: str
    ref: str
    title: str
    verdict: Verdict | None = None
    note: str = ""
    label: str = ""
    """Shown before the title ("Agreement"); empty: the kind, capitalised."""

    @property
    def shown_label(self) -> str:
        return self.label or self.kind.replace("_", " ").capitalize()

    @classmethod
    def of(cls, item: Any) -> Review:
        """A review of what a link offered (kind, ref, title, label), checked and made to fit."""
        kind, ref = getattr(item, "kind", None), getattr(item, "ref", None)
        if not isinstance(kind, str) or not KIND.fullmatch(kind):
            raise CheckInError("Something to review has no kind a check-in knows.")
        if not isinstance(ref, str) or not ref or len(ref) > REF_MAX:
            raise CheckInError("Something to review cannot be found again.")
        return cls(
            kind,
            ref,
            _fit(getattr(item, "title", ""), "title", TITLE_MAX),
            label=_fit(getattr(item, "label", ""), "label", LABEL_MAX),
        )


@dataclass
class Concern:
    """Something on someone's mind, raised at the check-in (and put on the agenda)."""

    text: str
    by: int
    agenda_id: str | None = None


@dataclass
class CheckIn:
    """One held check-in, linked to the occurrence of the schedule it was held for."""

    id: str
    occurrence: str | None
    """The occurrence's key (its original start, UTC ISO), or None for one held off-schedule."""
    partners: tuple[str, ...]
    started: datetime
    stage: Stage = Stage.APPRECIATE
    appreciations: list[str] = field(default_factory=list)
    ratings: list[int | None] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    concerns: list[Concern] = field(default_factory=list)
    plan: str = ""
    finished: datetime | None = None
    updated: datetime | None = None

    @classmethod
    def new(cls, partners: Sequence[str], occurrence: str | None, now: datetime) -> CheckIn:
        """A check-in that begins with appreciations; one name alone is a solo check-in."""
        now = _utc(now)
        names = tuple(partners)
        if not 1 <= len(names) <= 2 or not all(isinstance(n, str) and n for n in names):
            raise CheckInError("A check-in is for one person or a couple.")
        if occurrence is not None and not isinstance(occurrence, str):
            raise CheckInError("A check-in is linked to one planned time.")
        return cls(
            id=uuid.uuid4().hex,
            occurrence=occurrence,
            partners=names,
            started=now,
            appreciations=[""] * len(names),
            ratings=[None] * len(names),
            updated=now,
        )

    # -- what is allowed ----------------------------------------------------------
    @property
    def solo(self) -> bool:
        return len(self.partners) == 1

    @property
    def is_open(self) -> bool:
        return self.stage is not Stage.DONE

    @property
    def reviewer(self) -> str:
        """Who looks at what they are working on: the one person, or "both"."""
        return self.partners[0] if self.solo else BOTH

    def missing(self) -> str | None:
        """What this stage still needs before moving on, in one sentence (None: nothing)."""
        if self.stage is Stage.APPRECIATE:
            for index, text in enumerate(self.appreciations):
                if not text:
                    return f"{self._who(index)} still to name one thing you appreciated."
        if self.stage is Stage.CONNECT:
            for index, value in enumerate(self.ratings):
                if value is None:
                    return f"{self._who(index)} still to say how connected you feel, from 1 to 10."
        if self.stage is Stage.REVIEW:
            for review in self.reviews:
                if review.verdict is None:
                    return f"Say whether “{review.title}” is better, the same or worse."
        if self.stage is Stage.PLAN and not self.plan:
            return "Plan one good time together before you finish, even something small."
        return None

    def _who(self, index: int) -> str:
        return "You have" if self.solo else f"{self.partners[index]} has"

    def allowed(self, now: datetime | None = None) -> frozenset[CheckInStep]:
        """The steps the rules allow right now (the stage, and what it still needs)."""
        if self.stage is Stage.DONE:
            return frozenset()
        allowed = {step for step, stage in _WORK.items() if stage is self.stage}
        if self.stage is not Stage.APPRECIATE:
            allowed.add(CheckInStep.BACK)
        if self.missing() is None:
            allowed.add(CheckInStep.FINISH if self.stage is Stage.PLAN else CheckInStep.NEXT)
        if self.stage is Stage.CONCERNS and len(self.concerns) >= CONCERNS_MAX:
            allowed.discard(CheckInStep.CONCERN)
        return frozenset(allowed)

    def _require(self, step: CheckInStep) -> None:
        if step in self.allowed():
            return
        if self.stage is Stage.DONE:
            raise CheckInError("This check-in is already finished.")
        if step in (CheckInStep.NEXT, CheckInStep.FINISH):
            missing = self.missing()
            if missing:
                raise CheckInError(missing)
            if step is CheckInStep.NEXT:
                raise CheckInError("This is the last step: finish the check-in.")
            raise CheckInError("Finish comes after the plan for a good time together.")
        if step is CheckInStep.BACK:
            raise CheckInError("This is the first step of the check-in.")
        if step is CheckInStep.CONCERN and len(self.concerns) >= CONCERNS_MAX:
            raise CheckInError("That is plenty for one check-in; the rest can wait for the next.")
        raise CheckInError("Your partner's screen moved the check-in on; here it is now.")

    def take(self, step: CheckInStep | str, now: datetime, *args: Any) -> CheckIn:
        """Take one step by name (from a key, the CLI or the disk); returns this check-in."""
        STEPS[step_of(step)](self, _utc(now), *args)
        self.updated = _utc(now)
        return self

    # -- steps ----------------------------------------------------------------------
    def appreciate(self, now: datetime, partner: int, text: str) -> None:
        """One partner names something they appreciated since the last check-in."""
        self._require(CheckInStep.APPRECIATE)
        self.appreciations[self._index(partner)] = _clean(text, "appreciation", TEXT_MAX)

    def rate(self, now: datetime, partner: int, value: Any) -> None:
        """One partner says how connected they feel, from 1 (far apart) to 10 (very close)."""
        self._require(CheckInStep.RATE)
        self.ratings[self._index(partner)] = parse_rating(value)

    def review(self, now: datetime, index: int, verdict: Verdict | str, note: str = "") -> None:
        """One agreement or issue: better, the same or worse since last time, with a note."""
        self._require(CheckInStep.REVIEW)
        if (
            isinstance(index, bool)
            or not isinstance(index, int)
            or not 0 <= index < len(self.reviews)
        ):
            raise CheckInError("That item is no longer in this check-in.")
        try:
            chosen = Verdict(verdict)
        except ValueError:
            raise CheckInError("Choose better, the same, or worse.") from None
        item = self.reviews[index]
        item.verdict = chosen
        item.note = _clean(note, "note", NOTE_MAX, required=False)

    def concern(self, now: datetime, text: str, by: int, agenda_id: str | None = None) -> Concern:
        """Something on one partner's mind, to go on the agenda (the record keeps its id)."""
        self._require(CheckInStep.CONCERN)
        item = Concern(_clean(text, "concern", CONCERN_MAX), self._index(by), agenda_id)
        self.concerns.append(item)
        return item

    def set_plan(self, now: datetime, text: str) -> None:
        """One good time together before the next check-in."""
        self._require(CheckInStep.PLAN)
        self.plan = _clean(text, "plan", NOTE_MAX)

    def next(self, now: datetime, items: Sequence[Any] = ()) -> Stage:
        """Move on to the next stage; the review begins with the `items` the links have now
        (anything with a kind, ref, title and label: a links.ReviewItem)."""
        self._require(CheckInStep.NEXT)
        reviews = [Review.of(item) for item in items[:REVIEWS_MAX]]
        self.stage = ORDER[ORDER.index(self.stage) + 1]
        if self.stage is Stage.REVIEW and not self.reviews:
            self.reviews = reviews
        return self.stage

    def back(self, now: datetime) -> Stage:
        """Go back a stage to change an answer."""
        self._require(CheckInStep.BACK)
        self.stage = ORDER[ORDER.index(self.stage) - 1]
        return self.stage

    def finish(self, now: datetime) -> None:
        """Everything is said: the check-in is saved as held."""
        self._require(CheckInStep.FINISH)
        self.stage = Stage.DONE
        self.finished = now

    def _index(self, partner: Any) -> int:
        if isinstance(partner, bool) or not isinstance(partner, int):
            raise CheckInError("Say which of you this is.")
        if not 0 <= partner < len(self.partners):
            raise CheckInError("Say which of you this is.")
        return partner


STEPS: dict[CheckInStep, Callable[..., Any]] = {
    CheckInStep.APPRECIATE: CheckIn.appreciate,
    CheckInStep.RATE: CheckIn.rate,
    CheckInStep.REVIEW: CheckIn.review,
    CheckInStep.CONCERN: CheckIn.concern,
    CheckInStep.PLAN: CheckIn.set_plan,
    CheckInStep.NEXT: CheckIn.next,
    CheckInStep.BACK: CheckIn.back,
    CheckInStep.FINISH: CheckIn.finish,
}
"""Each step and the method that takes it: dispatched by this table, never by name lookup."""


def step_of(step: CheckInStep | str) -> CheckInStep:
    try:
        return CheckInStep(step)
    except ValueError:
        raise CheckInError(f"There is no check-in step called {step!r}.") from None


def parse_rating(value: Any) -> int:
    """A connection rating: a whole number from 1 to 10 (typed or given)."""
    if isinstance(value, str):
        value = value.strip()
        value = int(value) if value.isdigit() and len(value) <= 2 else value
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not RATING_MIN <= value <= RATING_MAX
    ):
        raise CheckInError("Choose a number from 1 (far apart) to 10 (very close).")
    return value


def _clean(text: Any, what: str, max_len: int, required: bool = True) -> str:
    try:
        cleaned = clean_line(
            text if isinstance(text, str) else "", what=what, max_len=max_len, required=False
        )
    except TextError as exc:
        raise CheckInError(str(exc)) from None
    if required and not cleaned:
        raise CheckInError(f"Write the {what} in a few words first.")
    return cleaned


def _fit(text: Any, what: str, max_len: int) -> str:
    """Someone else's text to show on one line: cleaned, and cut with "…" if too long."""
    raw = text[: 10 * max_len] if isinstance(text, str) else ""
    line = _clean(raw, what, 10 * max_len, required=False)
    return line if len(line) <= max_len else line[: max_len - 1].rstrip() + "…"


def _utc(value: Any, what: str = "now") -> datetime:
    return as_utc(value, what, CheckInError)
