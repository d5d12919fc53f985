"""The agenda: the couple's shared list of issues, where each stands, and what they agreed.

`parts` (statuses, kinds, text checks, agreements), `rules` (the issue and its
moves), `order` (priority, and what a person asked to see), `top_three`
(writing lists apart, then showing them together), `codec` (the record on
disk), `records` (the agenda area of the store), `closing` (a talk about an
issue finishing with it) and `rounds` (our top three on disk).
"""

from companion.agenda.order import Direction, View, ordered, reorder
from companion.agenda.parts import (
    BOTH,
    IN_PROGRESS,
    LIFECYCLE,
    OPEN_STATUSES,
    TITLE_MAX,
    AgendaError,
    Agreement,
    AgreementDraft,
    AgreementState,
    AgreementStep,
    Kind,
    Status,
    Verdict,
    status_of,
)
from companion.agenda.rules import MOVES, CheckInNote, Draft, Issue, IssueStep
from companion.agenda.top_three import ITEMS_MAX, RoundStep, TopThree

__all__ = [
    "BOTH",
    "IN_PROGRESS",
    "ITEMS_MAX",
    "LIFECYCLE",
    "MOVES",
    "OPEN_STATUSES",
    "TITLE_MAX",
    "AgendaError",
    "Agreement",
    "AgreementDraft",
    "AgreementState",
    "AgreementStep",
    "CheckInNote",
    "Direction",
    "Draft",
    "Issue",
    "IssueStep",
    "Kind",
    "RoundStep",
    "Status",
    "TopThree",
    "Verdict",
    "View",
    "ordered",
    "reorder",
    "status_of",
]
