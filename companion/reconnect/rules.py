"""The rules of reconnecting: our picture, daily rituals, the deck, and "the hurt is back today".

- **Our picture** ("what a good relationship looks like for us"): each
  partner writes apart; nothing is shown until both have written
  (companion.apart's rule, the same as "our top three"); then it is the
  couple's shared page until they write a new one together.
- **Rituals**: each partner chooses one small daily ritual and marks it done
  for the day. Only the last four weeks of days are kept, and nothing counts
  a streak: a day not done is simply a day.
- **The deck**: "we did this", with a note if they like.
- **The hurt is back today**: the day, and nothing about who or why. A note
  for the next check-in may be added; it is the only text there is.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from companion.apart import WrittenApart, check_people
from companion.reconnect.parts import (
    DAYS_KEPT,
    WEEK,
    ReconnectError,
    card,
    clean_note,
    clean_picture,
    clean_ritual,
    local_day,
    utc,
)


def _step(enum: type[StrEnum], step: object, what: str) -> Any:
    try:
        return enum(str(step))
    except ValueError:
        raise ReconnectError(f"There is no {what} step called {str(step)[:40]!r}.") from None


# -- our picture --------------------------------------------------------------------------


class PictureStep(StrEnum):
    """What can be done to a round of "our picture"."""

    WRITE = "write"
    """One partner's picture, hidden until every partner has written."""
    REPLACE = "replace"
    """A newer picture has been revealed: this one is kept in the archive."""


@dataclass
class Picture(WrittenApart):
    """One round of "what a good relationship looks like for us"."""

    APART_ERROR = ReconnectError

    id: str
    started: datetime
    partners: tuple[str, ...]
    entries: list[str]
    done: list[bool]
    revealed_at: datetime | None = None
    replaced: datetime | None = None

    @classmethod
    def new(cls, partners: Sequence[str], now: datetime) -> Picture:
        names = check_people(tuple(partners), ReconnectError, "Our picture")
        return cls(
            id=uuid.uuid4().hex,
            started=utc(now),
            partners=names,
            entries=["" for _ in names],
            done=[False for _ in names],
        )

    def allowed(self, now: datetime) -> frozenset[PictureStep]:
        """Write until every picture is in (each may rewrite their own until then)."""
        if self.replaced is not None:
            return frozenset()
        if self.revealed:
            return frozenset({PictureStep.REPLACE})
        return frozenset({PictureStep.WRITE})

    def take(self, step: PictureStep | str, now: datetime, *args: Any) -> Picture:
        known = _step(PictureStep, step, "picture")
        now = utc(now)
        if known not in self.allowed(now):
            if self.revealed and known is PictureStep.WRITE:
                raise ReconnectError(
                    "Both pictures are in and shown now; write a new one together to change it."
                )
            raise ReconnectError("This picture has been written again since.")
        PICTURE_STEPS[known](self, now, *args)
        return self

    def write(self, now: datetime, partner: int, text: str) -> None:
        index = self.partner_index(partner)
        self.entries[index] = clean_picture(text)
        self.done[index] = True
        if self.revealed:
            self.revealed_at = now

    def replace(self, now: datetime) -> None:
        self.replaced = now

    def shown(self, partner: int) -> str | None:
        """A partner's picture, only once every picture is in."""
        index = self.partner_index(partner)
        return self.entries[index] if self.revealed else None


PICTURE_STEPS: dict[PictureStep, Callable[..., Any]] = {
    PictureStep.WRITE: Picture.write,
    PictureStep.REPLACE: Picture.replace,
}


# -- rituals ------------------------------------------------------------------------------


class RitualStep(StrEnum):
    DONE = "done"
    """Done today (in the couple's zone); saying it twice changes nothing."""
    UNDO = "undo"
    """Not done today after all (pressed by mistake)."""
    END = "end"
    """Another ritual was chosen in its place."""


@dataclass
class Ritual:
    """One partner's chosen daily ritual and the days of the last four weeks it was done."""

    id: str
    who: int
    """The partner's place in the profile's names (0 or 1)."""
    what: str
    chosen: datetime
    idea: str | None = None
    """The id of the idea from content it was chosen from, or None for one of their own."""
    days: list[date] = field(default_factory=list)
    ended: datetime | None = None

    @classmethod
    def new(cls, who: int, what: str, now: datetime, idea: str | None = None) -> Ritual:
        if isinstance(who, bool) or not isinstance(who, int) or who not in (0, 1):
            raise ReconnectError("Choose whose ritual this is.")
        return cls(
            id=uuid.uuid4().hex, who=who, what=clean_ritual(what), chosen=utc(now), idea=idea
        )

    def allowed(self, now: datetime) -> frozenset[RitualStep]:
        return frozenset() if self.ended is not None else frozenset(RitualStep)

    def take(self, step: RitualStep | str, now: datetime, *args: Any) -> Ritual:
        known = _step(RitualStep, step, "ritual")
        now = utc(now)
        if known not in self.allowed(now):
            raise ReconnectError("That ritual has been changed for another one.")
        RITUAL_STEPS[known](self, now, *args)
        return self

    def done(self, now: datetime, tz: str) -> None:
        today = local_day(now, tz)
        self.days = kept_days([*self.days, today], today)

    def undo(self, now: datetime, tz: str) -> None:
        today = local_day(now, tz)
        self.days = kept_days([day for day in self.days if day != today], today)

    def end(self, now: datetime) -> None:
        self.ended = now

    def done_on(self, day: date) -> bool:
        return day in self.days

    def week(self, today: date) -> list[tuple[date, bool]]:
        """The last seven days up to today, each with whether it was done: no count, no streak."""
        return [
            (day, day in self.days)
            for day in (today - timedelta(days=back) for back in range(WEEK - 1, -1, -1))
        ]


def kept_days(days: Sequence[date], today: date) -> list[date]:
    """The days worth keeping: each once, in order, none older than four weeks, none ahead."""
    oldest = today - timedelta(days=DAYS_KEPT - 1)
    return sorted({day for day in days if oldest <= day <= today})


RITUAL_STEPS: dict[RitualStep, Callable[..., Any]] = {
    RitualStep.DONE: Ritual.done,
    RitualStep.UNDO: Ritual.undo,
    RitualStep.END: Ritual.end,
}


# -- the hurt is back today -----------------------------------------------------------------


class BackStep(StrEnum):
    NOTE = "note"
    """A note for the next check-in (or a blank one, to take it back)."""
    REVIEW = "review"
    """The check-in has looked at it."""


@dataclass
class ComesBack:
    """A day the hurt came back. Nothing else: no person, no time of day, no reason.

    The id is the day itself, so saying it twice on one day keeps one record.
    """

    day: date
    note: str = ""
    reviewed: date | None = None
    """The day a check-in looked at it (then it moves to the archive of its year)."""

    @property
    def id(self) -> str:
        return self.day.isoformat()

    def allowed(self, now: datetime) -> frozenset[BackStep]:
        return frozenset() if self.reviewed is not None else frozenset(BackStep)

    def take(self, step: BackStep | str, now: datetime, *args: Any) -> ComesBack:
        known = _step(BackStep, step, "comes-back")
        now = utc(now)
        if known not in self.allowed(now):
            raise ReconnectError("A check-in has looked at this day already.")
        BACK_STEPS[known](self, now, *args)
        return self

    def add_note(self, now: datetime, note: str) -> None:
        self.note = clean_note(note)

    def review(self, now: datetime, tz: str) -> None:
        self.reviewed = local_day(now, tz)


BACK_STEPS: dict[BackStep, Callable[..., Any]] = {
    BackStep.NOTE: ComesBack.add_note,
    BackStep.REVIEW: ComesBack.review,
}


# -- the deck -----------------------------------------------------------------------------


@dataclass
class Tried:
    """ "We did this": one card of the deck, the day, and a note if they wrote one."""

    id: str
    card: str
    day: date
    note: str = ""

    @classmethod
    def new(cls, card_id: str, now: datetime, tz: str, note: str = "") -> Tried:
        found = card(card_id)
        return cls(
            id=uuid.uuid4().hex, card=found.id, day=local_day(now, tz), note=clean_note(note)
        )
