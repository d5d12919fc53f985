"""The agenda as a check-in sees it: what to review, where the verdicts go, where concerns go.

`companion.checkins.links.LINKS` names `AgendaCheckInLink`; the check-ins area
never imports the agenda. Each open agreement (soonest review first) and then
each issue in progress (in the couple's order) is reviewed. When the check-in
finishes, each verdict is written back with the agenda's own step
(`IssueStep.CHECK_IN`): kept with the issue's history and, for an agreement,
its review (better is on track, worse is slipping, the same leaves it as it
is). A new concern is raised as an issue by whoever said it. Every write runs
inside the check-in's own transaction.
"""

from __future__ import annotations

from datetime import datetime

from companion.agenda import records
from companion.checkins.links import ReviewItem
from companion.store import Store, Transaction

AGREEMENT = "agreement"
ISSUE = "issue"
LABELS = {AGREEMENT: "Agreement", ISSUE: "Issue"}
SEPARATOR = "/"
"""Between an agreement's issue id and its own id in a review's `ref` (agreement ids are numbers)."""


def agreement_ref(issue_id: str, agreement_id: str) -> str:
    return f"{issue_id}{SEPARATOR}{agreement_id}"


def parse_ref(item: ReviewItem) -> tuple[str, str | None]:
    """(issue id, agreement id or None) of an item this link offered."""
    if item.kind == AGREEMENT:
        issue_id, _, agreement_id = item.ref.rpartition(SEPARATOR)
        return issue_id, agreement_id
    return item.ref, None


class AgendaCheckInLink:
    """The agenda's side of a check-in (see companion.checkins.links.CheckInLink)."""

    areas = (records.AREA,)
    kinds = (AGREEMENT, ISSUE)

    def review_items(self, store: Store) -> list[ReviewItem]:
        """Open agreements, soonest review first, then issues in progress in the couple's order."""
        agreements = [
            ReviewItem(AGREEMENT, agreement_ref(issue.id, a.id), a.what, LABELS[AGREEMENT])
            for issue, a in records.open_agreements(store)
        ]
        issues = [
            ReviewItem(ISSUE, issue.id, issue.title, LABELS[ISSUE])
            for issue in records.issues_in_progress(store)
        ]
        return agreements + issues

    def record_review(
        self, tx: Transaction, item: ReviewItem, verdict: str, note: str, by: str, now: datetime
    ) -> bool:
        """The verdict kept with the issue (and the agreement reviewed); False if it is gone."""
        issue_id, agreement_id = parse_ref(item)
        saved = records.checked_in_in(tx.store, tx, issue_id, verdict, note, now, agreement_id)
        return saved is not None

    def add_concern(self, tx: Transaction, text: str, by: str, now: datetime) -> str:
        """Raise the concern as an issue, by the partner who said it; its id on the agenda."""
        return records.add_issue_in(tx.store, tx, text, by, now).id
