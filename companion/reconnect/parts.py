"""What reconnecting is made of: its limits, the couple's local day, and the ideas in content/."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from companion import words
from companion.errors import Refused
from companion.records import as_utc
from companion.text import TextError, clean_line, clean_text
from companion.when import zone


class ReconnectError(Refused):
    """A reconnect step the rules do not allow, explained in one sentence."""


PICTURE_MAX = 3000
"""One partner's picture of a good ordinary week: a few paragraphs at most."""
RITUAL_MAX = 120
NOTE_MAX = 1000
DAYS_KEPT = 28
"""A ritual remembers the days it was done for four weeks only: enough for a gentle week
view, and no long tally to keep up."""
WEEK = 7


def utc(value: object, what: str = "now") -> datetime:
    """An aware time as UTC; anything else refused in this area's words."""
    return as_utc(value, what, ReconnectError)


def local_day(now: datetime, tz: str) -> date:
    """The couple's calendar day at `now`: a ritual done at 23:59 and one at 00:01 are two days."""
    return utc(now).astimezone(zone(tz)).date()


def clean_picture(raw: object) -> str:
    """One partner's picture as it is kept: several lines, not empty, at most PICTURE_MAX."""
    try:
        text = clean_text(raw if isinstance(raw, str) else "", what="picture", max_len=PICTURE_MAX)
    except TextError as exc:
        raise ReconnectError(str(exc)) from None
    if not text:
        raise ReconnectError("Write a few words first, even one line.")
    return text


def clean_ritual(raw: object) -> str:
    """A ritual in a few words, one line."""
    if not isinstance(raw, str) or not raw.strip():
        raise ReconnectError("Say in a few words what your ritual is.")
    try:
        return clean_line(raw, what="ritual", max_len=RITUAL_MAX)
    except TextError as exc:
        raise ReconnectError(str(exc)) from None


def clean_note(raw: object) -> str:
    """An optional note (several lines, may be empty)."""
    try:
        return clean_text(raw if isinstance(raw, str) else "", what="note", max_len=NOTE_MAX)
    except TextError as exc:
        raise ReconnectError(str(exc)) from None


@dataclass(frozen=True)
class Idea:
    """One ritual idea or one card of the deck, from content/reconnect/."""

    id: str
    title: str
    about: str


def _ideas(path: str, key: str) -> tuple[Idea, ...]:
    return tuple(
        Idea(str(entry["id"]), str(entry["title"]), str(entry.get("about", "")))
        for entry in words.data(path)[key]
    )


@cache
def ritual_ideas() -> tuple[Idea, ...]:
    """The daily rituals to choose from (content/reconnect/rituals.toml)."""
    return _ideas("reconnect/rituals.toml", "idea")


@cache
def deck() -> tuple[Idea, ...]:
    """Things to try together (content/reconnect/deck.toml)."""
    return _ideas("reconnect/deck.toml", "card")


def card(card_id: str) -> Idea:
    """One card of the deck by id; refuses an id the deck does not have."""
    for found in deck():
        if found.id == card_id:
            return found
    raise ReconnectError("That idea is not in the deck.")
