"""Home's card for the agenda: issues in progress, agreements due a review, a top three waiting."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from companion.agenda import IN_PROGRESS, Agreement, Issue, TopThree
from companion.agenda import records as agenda
from companion.screens.home_card import HomeCard

SHOWN = 2
"""Issues named on the card; the rest are counted."""


@dataclass(frozen=True)
class AgendaNews:
    in_progress: list[Issue]
    due: list[tuple[Issue, Agreement]]
    round: TopThree | None


class AgendaCard(HomeCard):
    """What is under way on the agenda, in a line or three."""

    AREAS = ("agenda", "profile")
    DEFAULT_CSS = """
    /* One line each, so home keeps its list in view at 60x20. */
    AgendaCard { text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._seen: agenda.Known = {}

    def read(self) -> AgendaNews:
        issues, round_ = agenda.live(self.store, self._seen)  # one read of the live file
        self._seen = agenda.known(issues)  # next time only changed issues are decoded
        profile = self.profile
        due = agenda.due_among(issues, profile, self.clock.now()) if profile else []
        return AgendaNews([i for i in issues if i.status in IN_PROGRESS], due, round_)

    def show(self, data: AgendaNews) -> Text | None:
        out = Text()
        if data.in_progress:
            out.append("In progress: ")
            for number, issue in enumerate(data.in_progress[:SHOWN]):
                if number:
                    out.append(", ")
                out.append(issue.title, style="bold")
                out.append(f" ({issue.status.label})")
            more = len(data.in_progress) - SHOWN
            out.append(f" and {more} more.\n" if more > 0 else ".\n")
        if data.due:
            more = len(data.due) - 1
            out.append(f"Review due (a, then r){f' for {more + 1}' if more else ''}: ")
            out.append(data.due[0][1].what, style="bold")
            out.append(".\n")
        round_ = data.round
        if round_ is not None and not round_.revealed and any(round_.done):
            waiting = " and ".join(round_.waiting_for())
            out.append(f"Our top three: waiting for {waiting}'s list. Press a, then 3.\n")
        elif round_ is not None and round_.revealed:
            out.append("Our top three: both lists are in. Press a, then 3.\n")
        out.rstrip()
        return out if out.plain else None
