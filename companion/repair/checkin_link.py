"""The repair as a check-in sees it: each commitment looked at together, and what was said
written back with the repair's own step.

`companion.checkins.links.LINKS` names `RepairCheckInLink`; the check-ins area
never imports the repair. Each commitment of the current repair is offered
for review, labelled with who made it. At the check-in both are there: the
verdict is how it went since the last one, said by the one who made the
commitment (better: kept; the same: partly; worse: not this time), and the
note is what either of them wants to add. It lands as a report on the
commitment, marked as said at a check-in, inside the check-in's own
transaction. The repair takes no concerns: those go to the agenda.
"""

from __future__ import annotations

from datetime import datetime

from companion.checkins.links import ReviewItem
from companion.repair import How, RepairError, records
from companion.repair.words import said
from companion.store import Store, Transaction

COMMITMENT = "commitment"
SEPARATOR = "/"
HOW_OF = {"better": How.KEPT, "same": How.PARTLY, "worse": How.NOT_YET}
"""The check-in's verdict, as the repair's word for how a commitment went."""


class RepairCheckInLink:
    """The repair's side of a check-in (see companion.checkins.links.CheckInLink)."""

    areas = (records.AREA,)
    kinds = (COMMITMENT,)

    def review_items(self, store: Store) -> list[ReviewItem]:
        label = said()["checkin"]["label"]
        return [
            ReviewItem(
                COMMITMENT,
                f"{item.repair_id}{SEPARATOR}{item.commitment.id}",
                item.commitment.what,
                label.format(by=item.commitment.by),
            )
            for item in records.open_commitments(store)
        ]

    def record_review(
        self, tx: Transaction, item: ReviewItem, verdict: str, note: str, by: str, now: datetime
    ) -> bool:
        """A report on the commitment, said at the check-in; False if it is gone."""
        repair_id, _, commitment_id = item.ref.partition(SEPARATOR)
        how = HOW_OF.get(verdict)
        if how is None:
            return False
        try:
            records.report_in(tx[records.AREA], repair_id, commitment_id, how, now, note)
        except RepairError:
            return False
        return True

    def add_concern(self, tx: Transaction, text: str, by: str, now: datetime) -> str | None:
        return None
