"""Our top three: each partner writes up to three things, unseen, then both lists are shown.

Writing them apart keeps each list honestly one's own; seeing them side by
side shows where the two of you overlap. A list stays hidden until every
partner has written theirs (alone, one list and nothing to wait for). Any
item can then go on the agenda, raised by the one who wrote it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from companion.agenda.parts import AgendaError, clean_title
from companion.apart import WrittenApart, check_people
from companion.records import as_utc

ITEMS_MAX = 3


class RoundStep(StrEnum):
    """Every step of a round of "our top three"."""

    WRITE = "write"
    """One partner's list (kept hidden until every list is in)."""
    ADD = "add"
    """Put one item of the revealed lists on the agenda."""
    CLOSE = "close"


@dataclass
class TopThree(WrittenApart):
    """One round: each partner's list, who has finished, and which items went on the agenda.

    Written apart, shown together: the rule itself is companion.apart's.
    """

    APART_ERROR = AgendaError

    id: str
    started: datetime
    partners: tuple[str, ...]
    lists: list[list[str]]
    done: list[bool]
    added: dict[str, str] = field(default_factory=dict)
    """"partner:item" -> the id of the issue it became."""
    closed: datetime | None = None

    @classmethod
    def new(cls, partners: Sequence[str], now: datetime) -> TopThree:
        now = _utc(now)
        names = check_people(tuple(partners), AgendaError, "Our top three")
        return cls(
            id=uuid.uuid4().hex,
            started=now,
            partners=names,
            lists=[[] for _ in names],
            done=[False for _ in names],
        )

    @property
    def is_open(self) -> bool:
        return self.closed is None

    def allowed(self, now: datetime | None = None) -> frozenset[RoundStep]:
        """Write until every list is in; then add items; close at any time."""
        if not self.is_open:
            return frozenset()
        if self.revealed:
            return frozenset({RoundStep.ADD, RoundStep.CLOSE})
        return frozenset({RoundStep.WRITE, RoundStep.CLOSE})

    def take(self, step: RoundStep | str, now: datetime, *args: Any) -> TopThree:
        try:
            known = RoundStep(step)
        except ValueError:
            raise AgendaError(f"There is no top-three step called {str(step)[:40]!r}.") from None
        now = _utc(now)
        if known not in self.allowed(now):
            if not self.is_open:
                raise AgendaError("This round of our top three is over.")
            if known is RoundStep.WRITE:
                raise AgendaError("Both lists are in and shown now; they can no longer change.")
            raise AgendaError("The lists are shown once every list is in.")
        STEPS[known](self, now, *args)
        return self

    def write(self, now: datetime, partner: int, items: Sequence[str]) -> None:
        """One partner's list: up to three items, each one line; blank ones are skipped."""
        index = self._partner(partner)
        cleaned = [clean_title(item) for item in items if isinstance(item, str) and item.strip()]
        if not cleaned:
            raise AgendaError("Write at least one thing, even a few words.", "items")
        if len(cleaned) > ITEMS_MAX:
            raise AgendaError(f"Up to {ITEMS_MAX} things, please: the ones that matter most.")
        self.lists[index] = cleaned
        self.done[index] = True

    def add(self, now: datetime, partner: int, item: int, issue_id: str) -> None:
        """Mark one item as put on the agenda (the records add the issue in the same write)."""
        key = self.key(partner, item)
        if key in self.added:
            raise AgendaError("That one is on the agenda already.")
        self.added[key] = issue_id

    def close(self, now: datetime) -> None:
        self.closed = now

    # ----------------------------------------------------------- queries

    def key(self, partner: int, item: int) -> str:
        index = self._partner(partner)
        if (
            isinstance(item, bool)
            or not isinstance(item, int)
            or not 0 <= item < len(self.lists[index])
        ):
            raise AgendaError("That item is not on the list.")
        return f"{index}:{item}"

    def item(self, partner: int, item: int) -> str:
        self.key(partner, item)
        return self.lists[partner][item]

    def is_added(self, partner: int, item: int) -> bool:
        return f"{partner}:{item}" in self.added

    def shown(self, partner: int) -> list[str] | None:
        """A partner's list if it may be shown now (every list is in), else None."""
        index = self._partner(partner)
        return list(self.lists[index]) if self.revealed else None

    def on_both(self, partner: int, item: int) -> bool:
        """Whether the other partner wrote the same thing (once the lists are shown)."""
        if not self.revealed or self.solo:
            return False
        mine = self.lists[self._partner(partner)][item].casefold()
        return any(mine == other.casefold() for other in self.lists[1 - partner])

    def _partner(self, partner: Any) -> int:
        return self.partner_index(partner)


STEPS: dict[RoundStep, Callable[..., Any]] = {
    RoundStep.WRITE: TopThree.write,
    RoundStep.ADD: TopThree.add,
    RoundStep.CLOSE: TopThree.close,
}


def _utc(value: Any) -> datetime:
    return as_utc(value, "now", AgendaError)
