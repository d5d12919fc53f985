"""Where a check-in meets the other areas: what it reviews, and where what is said there goes.

The check-ins area imports no other area. An area that keeps something a
couple works on between check-ins (the agenda's agreements and issues in
progress; later, say, repair's commitments) offers a `CheckInLink`, named in
LINKS as "module:Class". A link whose areas are not in the store is left
out. A link has:

- `areas`: the store areas it writes. The check-in's step holds them in its
  own transaction (locks in the registry's order), so what a check-in says
  lands in the check-in and in that area together, or in neither.
- `kinds`: the kinds of item it offers ("agreement", "issue"); a review is
  written back by the link that offers its kind.
- `review_items(store)`: what to look at, in the area's own order, each a
  `ReviewItem`: its kind, a `ref` that finds its record again (whatever the
  link needs: the agenda's is "issue id/agreement id"), a title, and the
  label shown before the title ("Agreement").
- `record_review(tx, item, verdict, note, by, now) -> bool`: when the
  check-in finishes, write the verdict ("better", "same" or "worse") and the
  note into the link's own area inside `tx`, with the area's own steps. `by`
  is a partner's name, or "both". False if the record is gone meanwhile (let
  go, dropped): nothing is written there, and the check-in keeps what was said.
  `tx.store` is the store, for what the link reads beside it (the profile).
- `add_concern(tx, text, by, now) -> str | None`: put a new concern into the
  area inside `tx` and return its id there (kept in the check-in's record),
  or None for a link that takes no concerns. The first link that takes it
  keeps it.

With no link, the review has nothing to show (the step says so and the
check-in goes on) and new concerns stay in the check-in's own record.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from companion.store import Store, Transaction

LINKS: tuple[str, ...] = (
    "companion.agenda.checkin_link:AgendaCheckInLink",
    "companion.repair.checkin_link:RepairCheckInLink",
    "companion.reconnect.checkin_link:ReconnectCheckInLink",
)
"""Each link as "module:Class", asked in this order."""


@dataclass(frozen=True)
class ReviewItem:
    """One thing the couple works on, as the check-in reviews it."""

    kind: str
    """What it is, as its link names it ("agreement", "issue"): a short lower-case word."""
    ref: str
    """What finds its record again in the area it comes from."""
    title: str
    label: str = ""
    """Shown before the title ("Agreement"); empty: the kind, capitalised."""


class CheckInLink(Protocol):
    """What a check-in needs of an area that keeps what the couple works on."""

    @property
    def areas(self) -> tuple[str, ...]:
        """The store areas it writes (held in the check-in's own transaction)."""
        ...

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of ReviewItem it offers, and records the reviews of."""
        ...

    def review_items(self, store: Store) -> list[ReviewItem]:
        """Everything to look at together now, in the area's own order."""
        ...

    def record_review(
        self, tx: Transaction, item: ReviewItem, verdict: str, note: str, by: str, now: datetime
    ) -> bool:
        """Write what was said of `item` into the area inside `tx`; False if it is gone."""
        ...

    def add_concern(self, tx: Transaction, text: str, by: str, now: datetime) -> str | None:
        """Put a concern into the area inside `tx`; its id there, or None if it takes none."""
        ...


AgendaLink = CheckInLink
"""The name this protocol had while the agenda was its only link."""


def active(store: Store) -> list[CheckInLink]:
    """The links whose areas this store has."""
    found: list[CheckInLink] = []
    for spec in LINKS:
        module, _, name = spec.partition(":")
        link = getattr(importlib.import_module(module), name)()
        if all(area in store.areas for area in link.areas):
            found.append(link)
    return found


def review_items(store: Store, found: list[CheckInLink] | None = None) -> list[ReviewItem]:
    """Everything there is to review, from every active link, link by link."""
    links = active(store) if found is None else found
    return [item for link in links for item in link.review_items(store)]


def owner(found: list[CheckInLink], kind: str) -> CheckInLink | None:
    """The link that offers items of `kind` (None: no link here does any more)."""
    return next((link for link in found if kind in link.kinds), None)


def add_concern(
    tx: Transaction, found: list[CheckInLink], text: str, by: str, now: datetime
) -> str | None:
    """Hand a concern to the first link that takes it; its id there, or None."""
    for link in found:
        made = link.add_concern(tx, text, by, now)
        if made is not None:
            return made
    return None
