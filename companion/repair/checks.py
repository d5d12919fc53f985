"""The gentle check on an apology: phrases that tend to undo one, each with a one-line why.

The rules (phrases and why) are words in content/repair/apology_checks.toml;
this module only matches them: whole words and phrases, any case, any
spacing between words, curly apostrophes read as straight ones, never a hit
inside another word ("just" is not found in "justice", nor "but" in "button").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from companion import words

RULES_FILE = "repair/apology_checks.toml"
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


@dataclass(frozen=True)
class Rule:
    """One check: an id, the phrases it looks for, and why they undo an apology."""

    id: str
    phrases: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class Flag:
    """One phrase found in a draft, where it is, and why it is flagged."""

    rule: str
    phrase: str
    """The words as they stand in the draft."""
    why: str
    start: int
    end: int


def _pattern(phrase: str) -> re.Pattern[str]:
    parts = [re.escape(part) for part in phrase.translate(_APOSTROPHES).split()]
    return re.compile(r"(?<![\w'])" + r"\s+".join(parts) + r"(?![\w'])", re.IGNORECASE)


@cache
def rules() -> tuple[Rule, ...]:
    """Every rule in content, in file order."""
    found = []
    for entry in words.data(RULES_FILE)["check"]:
        found.append(Rule(entry["id"], tuple(entry["phrases"]), entry["why"].strip()))
    return tuple(found)


@cache
def _compiled() -> tuple[tuple[Rule, tuple[re.Pattern[str], ...]], ...]:
    return tuple((rule, tuple(_pattern(p) for p in rule.phrases)) for rule in rules())


def check(text: str, given: tuple[Rule, ...] | None = None) -> list[Flag]:
    """Every flagged phrase in `text`, in the order they appear.

    Where phrases overlap ("it was nothing" and "nothing"), the longer one is
    kept; each span of the draft is flagged once.
    """
    if not isinstance(text, str):
        return []
    plain = text.translate(_APOSTROPHES)  # same length: offsets stay true to `text`
    compiled: Any = (
        _compiled()
        if given is None
        else tuple((r, tuple(_pattern(p) for p in r.phrases)) for r in given)
    )
    hits: list[Flag] = []
    for rule, patterns in compiled:
        for pattern in patterns:
            for match in pattern.finditer(plain):
                hits.append(
                    Flag(rule.id, text[match.start() : match.end()], rule.why, *match.span())
                )
    hits.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Flag] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept
