"""Sharing a sentence from a private reflection to the shared agenda, when there is one.

The agenda is an area of its own (companion/agenda). Reflect does not import
it: it asks the area registry for an area called "agenda" whose records
module offers `add_issue(store, title, raised_by, now, details=...)`. With no
such area the provider is None, and Reflect hides its share key. Only what a
person chooses to share leaves the journal: a title and one sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from companion.store import Store

AGENDA = "agenda"


@dataclass(frozen=True)
class ShareTarget:
    """Where a shared sentence goes: an area, and its step that adds an issue."""

    area: str
    add_issue: Callable[..., Any]


def agenda() -> ShareTarget | None:
    """The agenda's `add_issue`, when the agenda area is registered; None otherwise."""
    from companion import areas  # the registry imports every area's records

    try:
        area = areas.get(AGENDA)
    except KeyError:
        return None
    add_issue = getattr(area.records, "add_issue", None)
    return ShareTarget(area.name, add_issue) if callable(add_issue) else None


def share(
    store: Store, target: ShareTarget, title: str, raised_by: str, details: str, now: datetime
) -> Any:
    """Add one issue to the agenda (run as a step: it returns what the agenda saved)."""
    return target.add_issue(store, title, raised_by, now, details=details)
