"""Reconnect as a check-in sees it: our picture to come back to, and the days the hurt came back.

`companion.checkins.links.LINKS` names `ReconnectCheckInLink`; the check-ins
area never imports Reconnect. The check-in shows the shared page ("our
picture", read-only: a line of each one's words) and each day the hurt came
back since the last check-in, with the note left for it if there is one.
Looking at a day moves it to the archive of its year. Who spoke at the
check-in is never written here: a day keeps no person.
"""

from __future__ import annotations

from datetime import datetime

from companion.checkins.links import ReviewItem
from companion.reconnect import records
from companion.reconnect.rules import Picture
from companion.store import Store, Transaction

PICTURE = "picture"
COMES_BACK = "comes_back"
LABELS = {PICTURE: "Our picture", COMES_BACK: "The hurt came back"}
EXCERPT = 60
"""Characters of each one's picture shown in the check-in (the whole page is one key away: n)."""


def excerpt(text: str) -> str:
    """The first line of a picture, cut at a word near EXCERPT characters."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    if len(line) <= EXCERPT:
        return line
    return line[:EXCERPT].rsplit(" ", 1)[0] + "…"


def picture_title(page: Picture) -> str:
    """Each one's words, shortened: "Sam: Slow Sunday breakfasts. · Alex: A walk after dinner"."""
    parts = []
    for index, name in enumerate(page.partners):
        shown = page.shown(index) or ""
        parts.append(excerpt(shown) if page.solo else f"{name}: {excerpt(shown)}")
    return " · ".join(parts)


class ReconnectCheckInLink:
    """Reconnect's side of a check-in (see companion.checkins.links.CheckInLink)."""

    areas = (records.AREA,)
    kinds = (PICTURE, COMES_BACK)

    def review_items(self, store: Store) -> list[ReviewItem]:
        """The shared picture first (when there is one), then each day waiting, oldest first."""
        state = records.together(store)
        found = []
        if state.page is not None:
            found.append(
                ReviewItem(PICTURE, state.page.id, picture_title(state.page), LABELS[PICTURE])
            )
        for back in state.back:
            when = f"{back.day.day} {back.day:%B}"
            title = f"{when}: {back.note}" if back.note else when
            found.append(ReviewItem(COMES_BACK, back.id, title, LABELS[COMES_BACK]))
        return found

    def record_review(
        self, tx: Transaction, item: ReviewItem, verdict: str, note: str, by: str, now: datetime
    ) -> bool:
        """A day looked at moves to the archive (no verdict, note or person is kept there);
        the picture is read, not changed."""
        if item.kind == COMES_BACK:
            return records.review_day_in(tx.store, tx[records.AREA], item.ref, now) is not None
        return True

    def add_concern(self, tx: Transaction, text: str, by: str, now: datetime) -> str | None:
        """Concerns belong on the agenda: Reconnect takes none."""
        return None
