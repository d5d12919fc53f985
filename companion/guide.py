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
        return expand(words.text(self.path))


RULES_MARK = "<!-- rules -->"
"""Where a guide page shows the talk's ground rules, from the one list in content/talk/rules.toml."""


def ground_rules() -> list[dict[str, str]]:
    """The talk's ground rules, in order: the list both the Talk screen and the guide show."""
    return list(words.data("talk/rules.toml")["rule"])


def rules_markdown() -> str:
    """The ground rules as guide text: a heading, what to do, and why it works, for each."""
    parts = []
    for number, rule in enumerate(ground_rules(), start=1):
        parts.append(
            f"## Rule {number}: {rule['title']}\n\n{rule['text']}\n\n"
            f"**Why it works:** {rule['why']}\n"
        )
    return "\n".join(parts)


def expand(text: str) -> str:
    """A guide page as it reads: the ground rules put in where the page marks them."""
    return text.replace(RULES_MARK, rules_markdown()) if RULES_MARK in text else text


SENTENCE = re.compile(r"(?<=[.?!…])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
"""Where one sentence ends and the next begins."""
SNIPPET_MAX = 200
"""A snippet longer than this is cut at word boundaries around the match, with an ellipsis."""


@dataclass(frozen=True)
class Hit:
    """A place in the guide where a search matched."""

    section: Section
    line: str
    heading: str
    words: tuple[str, ...] = ()
    """The query's words, to find and mark in the text."""

    @property
    def snippet(self) -> str:
        """The whole sentence that holds the match (never cut mid-sentence), or, for a very long
        sentence, whole words around the match with an ellipsis where it is shortened."""
        first = self.words[0] if self.words else ""
        sentences = SENTENCE.split(self.line) or [self.line]
        found = next(
            (s for s in sentences if all(w in s.casefold() for w in self.words)),
            next((s for s in sentences if first and first in s.casefold()), sentences[0]),
        )
        if len(found) <= SNIPPET_MAX:
            return found
        at = max(0, found.casefold().find(first))
        start = min(max(0, at - SNIPPET_MAX // 3), len(found) - SNIPPET_MAX)
        start = found.rfind(" ", 0, start) + 1 if start else 0
        end = found.find(" ", start + SNIPPET_MAX)
        end = len(found) if end < 0 else end
        return ("…" if start else "") + found[start:end].strip() + ("…" if end < len(found) else "")


@dataclass(frozen=True)
class Link:
    """A link written in a guide page: what it says, and where it goes."""

    text: str
    href: str

    @property
    def section(self) -> str | None:
        """The guide section it opens, or None when it leads outside Companion."""
        return resolve_link(self.href)


LINK_WITH_TEXT = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def links_of(section: Section) -> list[Link]:
    """Every link in a section, in reading order, each once."""
    found: list[Link] = []
    for text, href in LINK_WITH_TEXT.findall(section.text):
        link = Link(_plain(text), href)
        if link not in found:
            found.append(link)
    return found


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
            hits.append(Hit(section, section.title, section.title, tuple(words)))
        for raw in section.text.splitlines():
            if raw.startswith("#"):
                heading = _plain(raw)
                if raw.startswith("# "):
                    continue
            line = _plain(raw)
            if line and all(w in line.casefold() for w in words):
                hits.append(Hit(section, line, heading, tuple(words)))
                if len(hits) >= limit:
                    return hits
    return hits
