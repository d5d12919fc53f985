"""What a repair is made of: the hurt told, the apology, the commitments and the log.

Plain data and small rules, no I/O. The repair's steps are in `rules`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from companion.errors import Refused
from companion.text import TextError, clean_line, clean_text, printable


class RepairError(Refused):
    """A repair step the rules do not allow, or text they cannot take, in one sentence."""


ACCOUNT_MAX = 20_000
PART_MAX = 5_000
ACTION_MAX = 200
ACTIONS_MAX = 12
NOTE_MAX = 500
WAYS_MAX = 30
DRAFTS_KEPT = 20
COMMITMENTS_MAX = 50
REPORTS_MAX = 2_000
LOG_MAX = 2_000
CADENCE_MAX = 90
"""The longest cadence in days: a commitment practised less often than every three months
is a plan, not a practice."""


class How(StrEnum):
    """How a commitment went since it was last looked at, as the one who made it says."""

    KEPT = "kept"
    PARTLY = "partly"
    NOT_YET = "not_yet"
    """It did not happen this time: said honestly, it is part of the practice too."""


class Mark(StrEnum):
    """One week of a commitment in the quiet view."""

    KEPT = "kept"
    PARTLY = "partly"
    NOT_YET = "not_yet"
    NOT_SAID = "not_said"
    """Nothing was said that week: not a failure, only nothing said."""


_RANK = {How.KEPT: 3, How.PARTLY: 2, How.NOT_YET: 1}


@dataclass(frozen=True)
class Cadence:
    """How often a commitment is practised: every `days` days (1 daily, 7 weekly)."""

    days: int

    def __post_init__(self) -> None:
        days = self.days
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= CADENCE_MAX:
            raise RepairError(f"A commitment is practised every 1 to {CADENCE_MAX} days.")

    @property
    def label(self) -> str:
        """ "every day", "every week", "every 3 days"."""
        if self.days == 1:
            return "every day"
        if self.days == 7:
            return "every week"
        if self.days == 14:
            return "every two weeks"
        return f"every {self.days} days"

    def occasions(self, start: date, end: date) -> int:
        """How many times it comes round from `start` to `end` (both days counted)."""
        if end < start:
            return 0
        return (end - start).days // self.days + 1

    def next_after(self, start: date, day: date) -> date:
        """The first day on or after `day` that the practice comes round, counting from `start`."""
        if day <= start:
            return start
        gone = (day - start).days
        steps = -(-gone // self.days)
        return start + timedelta(days=steps * self.days)


CADENCES = (Cadence(1), Cadence(2), Cadence(3), Cadence(7), Cadence(14))
"""The cadences offered in turn by the commitments view (any 1-90 days can be saved)."""


def next_cadence(current: Cadence) -> Cadence:
    """The cadence after `current` in CADENCES (a custom one goes back to the first)."""
    days = [c.days for c in CADENCES]
    if current.days in days:
        return CADENCES[(days.index(current.days) + 1) % len(CADENCES)]
    return CADENCES[0]


@dataclass
class Report:
    """One look at a commitment: how it went (said by the one who made it), and how it felt
    (said, if they wish, by the other)."""

    at: datetime
    how: How
    note: str = ""
    felt: str = ""
    checkin: str | None = None
    """The check-in it was said at, when it was."""


@dataclass
class Commitment:
    """An action to practise, with a cadence, and every time it was looked at together."""

    id: str
    what: str
    by: str
    cadence: Cadence
    created: datetime
    reports: list[Report] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.what = printable(self.what)
        self.by = printable(self.by)

    @property
    def last(self) -> Report | None:
        return self.reports[-1] if self.reports else None

    def weeks(self, today: date, count: int) -> list[Mark]:
        """The last `count` weeks up to `today`, oldest first: the best said each week.

        A week is seven days ending on `today`, then the seven before, and so on;
        weeks before the commitment was made are left out, so a new one shows few.
        """
        return [mark for _start, mark in self.week_marks(today, count)]

    def week_marks(self, today: date, count: int) -> list[tuple[date, Mark]]:
        """(first day, mark) for each of the last `count` weeks that the commitment existed."""
        made = self.created.date()
        out: list[tuple[date, Mark]] = []
        for back in range(count - 1, -1, -1):
            end = today - timedelta(days=7 * back)
            start = end - timedelta(days=6)
            if end < made:
                continue
            said = [r.how for r in self.reports if start <= r.at.date() <= end]
            if said:
                best = max(said, key=lambda how: _RANK[how])
                out.append((start, Mark(best.value)))
            else:
                out.append((start, Mark.NOT_SAID))
        return out

    def consistency(self, today: date, count: int) -> tuple[int, int]:
        """(weeks it was kept or partly kept, weeks counted) over the last `count` weeks."""
        marks = self.weeks(today, count)
        kept = sum(1 for m in marks if m in (Mark.KEPT, Mark.PARTLY))
        return kept, len(marks)

    def months(self, today: date, count: int) -> list[tuple[date, int, int]]:
        """(first of the month, reports kept or partly kept, reports said) for the last
        `count` months, oldest first: the long view, months not weeks."""
        out: list[tuple[date, int, int]] = []
        year, month = today.year, today.month
        firsts = []
        for _ in range(count):
            firsts.append(date(year, month, 1))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        made = date(self.created.year, self.created.month, 1)
        for first in reversed(firsts):
            if first < made:
                continue
            said = [r for r in self.reports if (r.at.year, r.at.month) == (first.year, first.month)]
            kept = sum(1 for r in said if r.how in (How.KEPT, How.PARTLY))
            out.append((first, kept, len(said)))
        return out


@dataclass
class Hurt:
    """The hurt partner's account: written privately first, then shared by an explicit act."""

    drafted: datetime | None = None
    """When a private draft was last saved (in their journal: only the date is here)."""
    text: str = ""
    """The account as shared; empty until it is."""
    ways: list[str] = field(default_factory=list)
    """Ids from content/repair/ways.toml the hurt partner chose."""
    shared: datetime | None = None


@dataclass
class ApologyDraft:
    """One version of the apology, in the builder's parts."""

    at: datetime
    did: str = ""
    """What I did, in plain words."""
    impact: str = ""
    """What it did to you, in your words."""
    choice: str = ""
    """That it was my choice and my responsibility."""
    actions: list[str] = field(default_factory=list)
    """What I will do differently, as actions: each becomes a commitment when delivered."""
    need: str = ""
    """What you need from me now."""

    def text(self) -> str:
        """The whole apology as the speaker's notes, parts in order, blank lines between."""
        parts = [self.did, self.impact, self.choice]
        if self.actions:
            parts.append("\n".join(f"- {a}" for a in self.actions))
        parts.append(self.need)
        return "\n\n".join(p for p in parts if p)

    @property
    def empty(self) -> bool:
        return not (self.did or self.impact or self.choice or self.actions or self.need)


@dataclass
class Delivered:
    """The apology as said face to face: which version, when, in which talk."""

    at: datetime
    talk_id: str
    draft: ApologyDraft


@dataclass
class LogEntry:
    """One dated line of the repair's log: which step was taken."""

    at: datetime
    step: str
    detail: str = ""

    def __post_init__(self) -> None:
        self.detail = printable(self.detail)


def clean_account(raw: str) -> str:
    """The account as it can be shared: several lines, not empty."""
    text = _text(raw, "account", ACCOUNT_MAX)
    if not text:
        raise RepairError("Write something first: what happened, and what it meant to you.")
    return text


def clean_part(raw: str, what: str) -> str:
    return _text(raw, what, PART_MAX)


def clean_action(raw: str) -> str:
    try:
        return clean_line(raw, what="action", max_len=ACTION_MAX, required=False)
    except TextError as exc:
        raise RepairError(str(exc)) from None


def clean_actions(raw: list[str] | str) -> list[str]:
    """Actions from a list or one per line; blank lines dropped, at most ACTIONS_MAX."""
    lines = raw.splitlines() if isinstance(raw, str) else list(raw)
    actions = [a for a in (clean_action(line.lstrip("-*• ")) for line in lines) if a]
    if len(actions) > ACTIONS_MAX:
        raise RepairError(f"Keep to {ACTIONS_MAX} actions or fewer; a few, well kept, do more.")
    return actions


def clean_note(raw: str, what: str = "note") -> str:
    try:
        return clean_line(raw, what=what, max_len=NOTE_MAX, required=False)
    except TextError as exc:
        raise RepairError(str(exc)) from None


def _text(raw: str, what: str, max_len: int) -> str:
    try:
        return clean_text(raw, what=what, max_len=max_len)
    except TextError as exc:
        raise RepairError(str(exc)) from None
