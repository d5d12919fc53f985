"""The guided reflections and their words, read from content/reflect/."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from companion import words

SOLO_PARTNER = "my partner"
_SLOT = re.compile(r"\{([a-z][a-z0-9-]*)\}")
BLANK = "…"


@dataclass(frozen=True)
class Prompt:
    """One question of a guided reflection."""

    id: str
    label: str
    hint: str = ""
    line: bool = False
    """A few words on one line, rather than a few lines of writing."""
    solo: str | None = None
    """The label for someone using Companion alone, when it differs."""

    def label_for(self, partner: str | None) -> str:
        """The question as this person reads it: their partner's name, or solo wording."""
        if partner is None and self.solo:
            return self.solo
        return self.label.replace("{partner}", partner or SOLO_PARTNER)


@dataclass(frozen=True)
class Reflection:
    """A guided reflection: its prompts, and the guide section behind it."""

    id: str
    title: str
    blurb: str
    section: str
    intro: str
    prompts: tuple[Prompt, ...] = ()
    sentence: str = ""
    sentence_solo: str = ""
    feelings: bool = False
    """Pick feelings (the top five), and for each write a want and a need."""
    want: str = "What I want"
    want_hint: str = ""
    need: str = "What I need"
    need_hint: str = ""
    blurb_solo: str = ""

    def blurb_for(self, solo: bool) -> str:
        return self.blurb_solo if solo and self.blurb_solo else self.blurb

    @property
    def help_key(self) -> str:
        """Its entry in content/help.toml."""
        return f"reflect-{self.id}"

    def prompt(self, prompt_id: str) -> Prompt | None:
        return next((p for p in self.prompts if p.id == prompt_id), None)

    def sentence_for(self, answers: dict[str, str], solo: bool) -> str:
        """The answers put together as one sentence; a blank shows as "…"."""
        template = self.sentence_solo if solo and self.sentence_solo else self.sentence

        def fill(match: re.Match[str]) -> str:
            answer = " ".join(answers.get(match.group(1), "").split())
            return answer.rstrip(".!?") or BLANK

        return _SLOT.sub(fill, template)


def _prompt(row: dict[str, Any]) -> Prompt:
    return Prompt(
        id=row["id"],
        label=row["label"],
        hint=row.get("hint", ""),
        line=bool(row.get("line", False)),
        solo=row.get("solo"),
    )


@cache
def reflections() -> tuple[Reflection, ...]:
    """Every guided reflection, in the order they are offered."""
    rows = words.data("reflect/reflections.toml")["reflection"]
    return tuple(
        Reflection(
            id=row["id"],
            title=row["title"],
            blurb=row.get("blurb", ""),
            section=row.get("section", "inventory"),
            intro=" ".join(row.get("intro", "").split()),
            prompts=tuple(_prompt(p) for p in row.get("prompt", [])),
            sentence=row.get("sentence", ""),
            sentence_solo=row.get("sentence_solo", ""),
            feelings=bool(row.get("feelings", False)),
            want=row.get("want", "What I want"),
            want_hint=row.get("want_hint", ""),
            need=row.get("need", "What I need"),
            need_hint=row.get("need_hint", ""),
            blurb_solo=row.get("blurb_solo", ""),
        )
        for row in rows
    )


def get(reflection_id: str) -> Reflection | None:
    return next((r for r in reflections() if r.id == reflection_id), None)


@cache
def feelings() -> tuple[str, ...]:
    """The feelings to pick from."""
    return tuple(words.data("reflect/feelings.toml")["feelings"])


def word(section: str, key: str, **values: str) -> str:
    """One of Reflect's sentences from content/reflect/words.toml, with {names} filled in.

    Paragraphs keep their blank lines; the lines inside a paragraph are joined.
    """
    raw = words.data("reflect/words.toml")[section][key]
    paragraphs = [" ".join(p.split()) for p in raw.strip().split("\n\n")]
    text = "\n\n".join(paragraphs)
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text
