"""The agenda: the couple's shared list of issues, where each stands, and what they agreed.

`parts` (statuses, kinds, text checks, agreements), `rules` (the issue and its
moves), `top_three` (writing lists apart, then showing them together),
`codec` (the record on disk) and `records` (the agenda area of the store).
"""

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
    status_of,
)
from companion.agenda.rules import MOVES, Direction, Draft, Issue, IssueStep, ordered, reorder
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
    "Direction",
    "Draft",
    "Issue",
    "IssueStep",
    "Kind",
    "RoundStep",
    "Status",
    "TopThree",
    "ordered",
    "reorder",
    "status_of",
]
