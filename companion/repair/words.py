"""The repair's words from content/repair/: the ways a betrayal is felt, and the screen's words."""

from __future__ import annotations

from functools import cache
from typing import Any

from companion import words


@cache
def ways() -> tuple[tuple[str, str], ...]:
    """(id, label) for each way a betrayal can be felt, in the order they are offered."""
    return tuple((w["id"], w["label"]) for w in words.data("repair/ways.toml")["way"])


@cache
def way_ids() -> frozenset[str]:
    return frozenset(way_id for way_id, _label in ways())


def way_label(way_id: str) -> str:
    return dict(ways()).get(way_id, way_id)


def said(solo: bool = False) -> dict[str, Any]:
    """The repair screens' words (content/repair/words.toml), fitted to who is there."""
    return words.for_people(words.data("repair/words.toml"), solo)
