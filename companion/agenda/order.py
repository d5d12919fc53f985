"""The couple's order of priority, and which issues a person asked to see.

Open issues keep a `position`; moving one up or down swaps it with the
neighbour a person sees. A `View` is the filters and search of the agenda
screen, as a rule the domain can test.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum

from companion.agenda.parts import AgendaError, Status
from companion.agenda.rules import Issue


class Direction(StrEnum):
    """Which way an issue moves in the couple's order of priority."""

    UP = "up"
    DOWN = "down"


def ordered(issues: Sequence[Issue]) -> list[Issue]:
    """Open issues by the couple's priority, then let-go ones, most recently let go first."""
    open_ = sorted((i for i in issues if i.is_open), key=lambda i: (i.position, i.created, i.id))
    closed = sorted(
        (i for i in issues if not i.is_open),
        key=lambda i: (i.let_go_at or i.created, i.id),
        reverse=True,
    )
    return open_ + closed


def next_position(issues: Sequence[Issue]) -> int:
    """Where a new (or reopened) issue goes: at the end of the order."""
    return max((i.position for i in issues if i.is_open), default=0) + 1


def reorder(
    issues: Sequence[Issue],
    issue_id: str,
    direction: Direction | str,
    within: Collection[str] | None = None,
) -> list[Issue]:
    """Swap an issue with its open neighbour above or below; returns the two changed issues.

    `within` limits the neighbours to the issues a person can see (a filtered
    list), so the issue visibly moves past the one shown next to it.
    """
    try:
        way = Direction(direction)
    except ValueError:
        raise AgendaError("An issue moves up or down.") from None
    everyone = [i for i in ordered(issues) if i.is_open]
    changed: dict[str, Issue] = {}
    if len({i.position for i in everyone}) < len(everyone):  # never two in one place
        for number, issue in enumerate(everyone, start=1):
            if issue.position != number:
                issue.position = number
                changed[issue.id] = issue
    line = [i for i in everyone if within is None or i.id in within]
    index = next((n for n, issue in enumerate(line) if issue.id == issue_id), None)
    if index is None:
        if any(i.id == issue_id and not i.is_open for i in issues):
            raise AgendaError("This issue has been let go; reopen it to give it a place again.")
        raise AgendaError("That issue is no longer on the agenda.")
    other = index - 1 if way is Direction.UP else index + 1
    if not 0 <= other < len(line):
        raise AgendaError(
            "It is already at the top." if way is Direction.UP else "It is already at the bottom."
        )
    mine, theirs = line[index], line[other]
    mine.position, theirs.position = theirs.position, mine.position
    changed[mine.id] = mine
    changed[theirs.id] = theirs
    return list(changed.values())


@dataclass(frozen=True)
class View:
    """Which issues a person asked to see: a status, who raised them, words to search for."""

    status: Status | None = None
    """One status only; None for every open one (and every let-go one with `let_go`)."""
    who: str | None = None
    """A partner's name or "both"; None for anyone."""
    words: str = ""
    let_go: bool = False
    """Show the issues let go too (they are hidden by default)."""

    @property
    def needs_archives(self) -> bool:
        """Whether the let-go issues (in the yearly archives) must be read."""
        return self.let_go or self.status is Status.LET_GO

    @property
    def narrowed(self) -> bool:
        """Whether some open issues may be left out (a move then passes only the shown ones)."""
        return self.status is not None or self.who is not None or bool(self.words.split())

    def select(self, issues: Sequence[Issue]) -> list[Issue]:
        """The issues to show, in order (the input is expected in `ordered` order)."""
        words = self.words.casefold().split()
        who = self.who.casefold() if self.who else None
        shown = []
        for issue in issues:
            if self.status is not None:
                if issue.status is not self.status:
                    continue
            elif not issue.is_open and not self.let_go:
                continue
            if who is not None and issue.raised_by.casefold() != who:
                continue
            if words:
                haystack = issue.search_text
                if not all(word in haystack for word in words):
                    continue
            shown.append(issue)
        return shown
