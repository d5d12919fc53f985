"""One person's private journal: its entries, the steps that change it, and when it locks.

Plain data and rules, no I/O: records.py reads and writes the sealed file.
An entry is free writing ("free") or one of the guided reflections in
content/reflect/reflections.toml, kept by the reflection's id.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from companion.errors import Refused
from companion.records import as_utc, iso, load_time
from companion.reflect import prompts
from companion.text import TextError, clean_line, printable

FREE = "free"
FORMAT = 1
TITLE_MAX = 120
TEXT_MAX = 100_000
ANSWER_MAX = 20_000
LINE_MAX = 300
FEELINGS_MAX = 5
FEELING_MAX = 40

LOCK_MINUTES = 5
"""The journal locks itself after this many idle minutes unless the person chose otherwise."""
LOCK_CHOICES = (1, 2, 5, 10, 15, 30)


class JournalError(Refused):
    """An entry or step the journal refuses, in one sentence."""


class BadDocument(ValueError):
    """A journal document that does not hold what Companion writes."""


@dataclass
class Feeling:
    """One of the top five feelings, with what the person wants and needs."""

    name: str
    want: str = ""
    need: str = ""


@dataclass
class Draft:
    """What a person has written and not yet saved: a new entry, or a new version of one."""

    kind: str = FREE
    title: str = ""
    text: str = ""
    answers: dict[str, str] = field(default_factory=dict)
    feelings: list[Feeling] = field(default_factory=list)
    entry_id: int | None = None
    """The entry this revises; None for a new one."""


@dataclass
class Entry:
    """One saved entry."""

    id: int
    kind: str
    created: datetime
    updated: datetime
    title: str = ""
    text: str = ""
    answers: dict[str, str] = field(default_factory=dict)
    feelings: list[Feeling] = field(default_factory=list)

    @property
    def reflection(self) -> prompts.Reflection | None:
        return prompts.get(self.kind)

    @property
    def kind_title(self) -> str:
        found = self.reflection
        return found.title if found else "Free writing"

    @property
    def heading(self) -> str:
        """A line to list the entry by: its title, else its first words."""
        if self.title:
            return self.title
        for line in self.body(None, solo=False).splitlines():
            if line.strip():
                return line.strip()
        return self.kind_title

    def body(self, partner: str | None, solo: bool) -> str:
        """The entry as plain text, with its questions: for the screen, the shell and export."""
        reflection = self.reflection
        if reflection is None:
            return self.text
        parts: list[str] = []
        for feeling in self.feelings:
            parts.append(feeling.name)
            if feeling.want:
                parts.append(f"  {reflection.want}: {feeling.want}")
            if feeling.need:
                parts.append(f"  {reflection.need}: {feeling.need}")
        if reflection.sentence and any(self.answers.values()):
            parts.append(reflection.sentence_for(self.answers, solo))
            parts.append("")
        for prompt in reflection.prompts:
            answer = self.answers.get(prompt.id, "")
            if answer:
                parts.append(f"{prompt.label_for(None if solo else partner)}")
                parts.extend(f"  {line}" for line in answer.splitlines())
        return "\n".join(parts).strip("\n")

    def matches(self, words: list[str]) -> bool:
        """Whether every word (casefolded) is somewhere in the entry."""
        haystack = " ".join(
            [
                self.title,
                self.text,
                self.kind_title,
                *self.answers.values(),
                *(f"{f.name} {f.want} {f.need}" for f in self.feelings),
            ]
        ).casefold()
        return all(word in haystack for word in words)


@dataclass
class Journal:
    """A person's journal as it is inside the sealed file."""

    person: str
    created: datetime
    entries: list[Entry] = field(default_factory=list)
    next_id: int = 1

    def get(self, entry_id: int) -> Entry | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    def newest_first(self) -> list[Entry]:
        return sorted(self.entries, key=lambda e: (e.created, e.id), reverse=True)

    def search(self, query: str) -> list[Entry]:
        """The entries holding every word of the query, newest first; all of them for ""."""
        words = [w.casefold() for w in query.split()]
        return [e for e in self.newest_first() if e.matches(words)]

    def allowed(self, now: datetime) -> set[JournalStep]:
        """Every step may be taken at any time; an entry's content is checked by `take`."""
        return set(JournalStep)

    def take(self, step: JournalStep | str, now: datetime, **kwargs: Any) -> Entry | None:
        """Take one step; the entry written or deleted."""
        step = JournalStep(step)
        if step not in self.allowed(now):
            raise JournalError("That cannot be done to the journal now.")
        return STEPS[step](self, as_utc(now, "now", JournalError), **kwargs)


class JournalStep(StrEnum):
    """Every change a journal can take."""

    WRITE = "write"
    DELETE = "delete"


def _write(journal: Journal, now: datetime, draft: Draft) -> Entry:
    """Save a draft: a new entry, or a new version of the one it revises (kept if deleted elsewhere)."""
    clean = clean_draft(draft)
    existing = journal.get(clean.entry_id) if clean.entry_id is not None else None
    if existing is not None:
        existing.title, existing.text = clean.title, clean.text
        existing.answers, existing.feelings = clean.answers, clean.feelings
        existing.updated = now
        return existing
    entry_id = clean.entry_id if clean.entry_id is not None else journal.next_id
    entry = Entry(
        id=entry_id,
        kind=clean.kind,
        created=now,
        updated=now,
        title=clean.title,
        text=clean.text,
        answers=clean.answers,
        feelings=clean.feelings,
    )
    journal.entries.append(entry)
    journal.next_id = max(journal.next_id, entry_id + 1)
    return entry


def _delete(journal: Journal, now: datetime, entry_id: int) -> Entry:
    entry = journal.get(entry_id)
    if entry is None:
        raise JournalError(f"There is no entry {entry_id} in this journal.")
    journal.entries.remove(entry)
    return entry


STEPS: dict[JournalStep, Callable[..., Entry]] = {
    JournalStep.WRITE: _write,
    JournalStep.DELETE: _delete,
}


def _writing(raw: str, what: str, max_len: int) -> str:
    """Writing of several lines: control characters removed, newlines kept, ends trimmed."""
    if not isinstance(raw, str):
        raise JournalError(f"The {what} must be text.")
    text = printable(raw.replace("\r\n", "\n").replace("\r", "\n"), keep_newlines=True).strip()
    if len(text) > max_len:
        raise JournalError(f"The {what} can be at most {max_len} characters.")
    return text


def _line(raw: str, what: str, max_len: int = LINE_MAX) -> str:
    try:
        return clean_line(raw, what=what, max_len=max_len, required=False)
    except TextError as exc:
        raise JournalError(str(exc)) from None


def clean_draft(draft: Draft) -> Draft:
    """A draft as it can be saved, or JournalError saying what to change."""
    reflection = prompts.get(draft.kind)
    if draft.kind != FREE and reflection is None:
        raise JournalError(f"There is no guided reflection called {draft.kind!r}.")
    title = _line(draft.title, "title", TITLE_MAX)
    text = _writing(draft.text, "entry", TEXT_MAX) if reflection is None else ""
    answers: dict[str, str] = {}
    feelings: list[Feeling] = []
    if reflection is not None:
        for prompt in reflection.prompts:
            raw = draft.answers.get(prompt.id, "")
            answer = _line(raw, "answer") if prompt.line else _writing(raw, "answer", ANSWER_MAX)
            if answer:
                answers[prompt.id] = answer
        if reflection.feelings:
            feelings = clean_feelings(draft.feelings)
    if not (title or text or answers or feelings):
        raise JournalError("There is nothing written yet.")
    return Draft(draft.kind, title, text, answers, feelings, draft.entry_id)


def clean_feelings(raw: list[Feeling]) -> list[Feeling]:
    """At most five different feelings, each with a want and a need of a line each."""
    if len(raw) > FEELINGS_MAX:
        raise JournalError(f"Keep your top {FEELINGS_MAX} feelings: unselect one first.")
    seen: set[str] = set()
    out: list[Feeling] = []
    for feeling in raw:
        name = _line(feeling.name, "feeling", FEELING_MAX)
        if not name or name.casefold() in seen:
            continue
        seen.add(name.casefold())
        out.append(Feeling(name, _line(feeling.want, "want"), _line(feeling.need, "need")))
    return out


def lock_due(last_active: float, now: float, minutes: int) -> bool:
    """Whether a journal untouched since `last_active` (monotonic seconds) locks itself now."""
    return now - last_active >= max(1, minutes) * 60


def lock_minutes(value: object) -> int:
    """The idle minutes a setting asks for, or the default when it makes no sense."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 120:
        return value
    return LOCK_MINUTES


# -- the document inside the sealed file ----------------------------------------------


def encode(journal: Journal) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "person": journal.person,
        "created": iso(journal.created),
        "next_id": journal.next_id,
        "entries": [
            {
                "id": e.id,
                "kind": e.kind,
                "created": iso(e.created),
                "updated": iso(e.updated),
                "title": e.title,
                "text": e.text,
                "answers": e.answers,
                "feelings": [{"name": f.name, "want": f.want, "need": f.need} for f in e.feelings],
            }
            for e in journal.entries
        ],
    }


_UNPRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
"""What `printable(keep_newlines=True)` would change: looked for first, as text is rarely dirty."""


def _clean(value: str, keep_newlines: bool = True) -> str:
    """Loaded text made safe to draw, quickly when (as usual) there is nothing to remove."""
    if keep_newlines and not _UNPRINTABLE.search(value):
        return value
    return printable(value, keep_newlines=keep_newlines)


def _text(row: dict[str, Any], key: str) -> str:
    value = row.get(key, "")
    if not isinstance(value, str):
        raise BadDocument(f"{key} is not text")
    return _clean(value)


def decode(document: dict[str, Any]) -> Journal:
    """A journal from the document inside its file; BadDocument if it is not one."""
    if document.get("format") != FORMAT:
        raise BadDocument("it is not a journal of a format this Companion knows")
    person = document.get("person")
    next_id = document.get("next_id")
    rows = document.get("entries")
    if not isinstance(person, str) or not isinstance(next_id, int) or not isinstance(rows, list):
        raise BadDocument("its person, counter or entries are missing")
    created = load_time(document, "created", BadDocument, required=True)
    assert created is not None
    entries: list[Entry] = []
    for row in rows:
        if not isinstance(row, dict) or not isinstance(row.get("id"), int):
            raise BadDocument("an entry has no number")
        answers = row.get("answers", {})
        feelings = row.get("feelings", [])
        if not isinstance(answers, dict) or not isinstance(feelings, list):
            raise BadDocument(f"entry {row['id']} is damaged")
        entry_created = load_time(row, "created", BadDocument, required=True)
        entry_updated = load_time(row, "updated", BadDocument) or entry_created
        assert entry_created is not None and entry_updated is not None
        entries.append(
            Entry(
                id=row["id"],
                kind=str(row.get("kind", FREE)),
                created=entry_created,
                updated=entry_updated,
                title=printable(_text(row, "title")),
                text=_text(row, "text"),
                answers={str(k): _clean(v) for k, v in answers.items() if isinstance(v, str)},
                feelings=[
                    Feeling(*(printable(f.get(k, "")) for k in ("name", "want", "need")))
                    for f in feelings
                    if isinstance(f, dict)
                ],
            )
        )
    return Journal(printable(person), created, entries, max(next_id, 1))


def to_markdown(journal: Journal, tz: str, partner: str | None, solo: bool) -> str:
    """The whole journal as Markdown, oldest entry first (for export)."""
    from companion.when import zone

    where = zone(tz)
    lines = [f"# {journal.person}'s journal", ""]
    for entry in sorted(journal.entries, key=lambda e: (e.created, e.id)):
        when = entry.created.astimezone(where).strftime("%Y-%m-%d %H:%M")
        lines.append(f"## {entry.id}. {entry.heading}")
        lines.append("")
        lines.append(f"*{entry.kind_title}, {when}*")
        lines.append("")
        lines.append(entry.body(partner, solo))
        lines.append("")
    return "\n".join(lines)
