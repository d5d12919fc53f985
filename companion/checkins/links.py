"""Where a check-in meets the agenda: what is reviewed, and where new concerns go.

The check-ins area does not import the agenda. An agenda (or anything else
that keeps agreements and issues) offers an `AgendaLink`, named in LINKS as
"module:Class". With no link, or when its areas are not in the store, the
review has nothing to show and new concerns stay in the check-in's own
record; nothing else changes.

To wire the agenda in, write a small adapter beside it, for example::

    class AgendaLink:
        areas = ("agenda",)

        def review_items(self, store):
            return [ReviewItem("agreement", a.id, a.text) for a in open_agreements(store)] + [
                ReviewItem("issue", i.id, i.title) for i in issues_in_progress(store)
            ]

        def add_concern(self, tx, text, by, now):
            return add_issue_in(tx, text, raised_by=by, now=now).id   # the new issue's id

and add "companion.agenda.checkin_link:AgendaLink" to LINKS.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from companion.store import Store, Transaction

LINKS: tuple[str, ...] = ()
"""Each link as "module:Class"; empty until the agenda area is merged in."""


@dataclass(frozen=True)
class ReviewItem:
    """One agreement or issue in progress, as the check-in reviews it."""

    kind: str
    """"agreement" or "issue"."""
    ref: str
    """Its id in the area it comes from."""
    title: str


class AgendaLink(Protocol):
    """What the check-in needs of the agenda."""

    @property
    def areas(self) -> tuple[str, ...]:
        """The store areas `add_concern` writes to (held in the check-in's own transaction)."""
        ...

    def review_items(self, store: Store) -> list[ReviewItem]:
        """Every open agreement and issue in progress, in the agenda's order."""
        ...

    def add_concern(self, tx: Transaction, text: str, by: str, now: datetime) -> str:
        """Put a concern on the agenda inside `tx`; returns the id it has there."""
        ...


def active(store: Store) -> list[AgendaLink]:
    """The links whose areas this store has (none until the agenda is there)."""
    found: list[AgendaLink] = []
    for spec in LINKS:
        module, _, name = spec.partition(":")
        link = getattr(importlib.import_module(module), name)()
        if all(area in store.areas for area in link.areas):
            found.append(link)
    return found


def review_items(store: Store) -> list[ReviewItem]:
    """Everything there is to review, from every active link."""
    return [item for link in active(store) for item in link.review_items(store)]
