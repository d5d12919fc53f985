"""The guide: its sections, the links between them, and search across all of it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from companion import words

LINK = re.compile(r"\]\(([^)\s]+)\)")


@dataclass(frozen=True)
class Section:
    """One page of the guide."""

    id: str
    title: str
    summary: str

    @property
    def path(self) -> str:
        return f"guide/{self.id}.md"

    @property
    def text(self) -> str:
        return words.text(self.path)


@dataclass(frozen=True)
class Hit:
    """A place in the guide where a search matched."""

    section: Section
    line: str
    heading: str


@cache
def sections() -> tuple[Section, ...]:
    """The guide in reading order."""
    rows = words.data("guide/sections.toml")["section"]
    return tuple(Section(r["id"], r["title"], r.get("summary", "")) for r in rows)


def get(section_id: str) -> Section | None:
    return next((s for s in sections() if s.id == section_id), None)


def title_of(section_id: str) -> str:
    found = get(section_id)
    return found.title if found else "the guide"


def resolve_link(href: str) -> str | None:
    """The section a link inside the guide points to, or None when it is not ours."""
    target = href.split("#", 1)[0].strip()
    if target.startswith("./"):
        target = target[2:]
    if not target.endswith(".md") or "/" in target:
        return None
    found = get(target[:-3])
    return found.id if found else None


def links(section: Section) -> list[str]:
    """Every link target written in a section."""
    return LINK.findall(section.text)


def _plain(line: str) -> str:
    """A Markdown line as a person reads it: no link targets or emphasis marks."""
    line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
    return line.replace("**", "").replace("__", "").lstrip("#>-* ").strip()


def search(query: str, limit: int = 50) -> list[Hit]:
    """Lines of the guide containing every word of the query (case-insensitive)."""
    words = [w.casefold() for w in query.split() if w.strip()]
    if not words:
        return []
    hits: list[Hit] = []
    for section in sections():
        heading = section.title
        title_match = all(w in section.title.casefold() for w in words)
        if title_match:
            hits.append(Hit(section, section.title, section.title))
        for raw in section.text.splitlines():
            if raw.startswith("#"):
                heading = _plain(raw)
                if raw.startswith("# "):
                    continue
            line = _plain(raw)
            if line and all(w in line.casefold() for w in words):
                hits.append(Hit(section, line, heading))
                if len(hits) >= limit:
                    return hits
    return hits
