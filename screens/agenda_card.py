"""Home's card for the agenda: issues in progress, agreements due a review, a top three waiting."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from companion.agenda import Agreement, Issue, TopThree
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

    def read(self) -> AgendaNews:
        return AgendaNews(
            agenda.issues_in_progress(self.store),
            agenda.agreements_due(self.store, self.clock.now()),
            agenda.current_round(self.store),
        )

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
            out.append("Time to review: ")
            issue, agreement = data.due[0]
            out.append(agreement.what, style="bold")
            out.append(" (")
            out.append(issue.title)
            out.append(")")
            more = len(data.due) - 1
            out.append(f" and {more} more" if more > 0 else "")
            out.append(". Press a, then r.\n")
        round_ = data.round
        if round_ is not None and not round_.revealed and any(round_.done):
            waiting = " and ".join(round_.waiting_for())
            out.append(f"Our top three: waiting for {waiting}'s list. Press a, then 3.\n")
        elif round_ is not None and round_.revealed:
            out.append("Our top three: both lists are in. Press a, then 3.\n")
        out.rstrip()
        return out if out.plain else None
