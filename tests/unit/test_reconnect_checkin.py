"""Reconnect at a check-in: the shared picture to come back to, and the days the hurt came back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from companion.checkins import links
from companion.reconnect import records as reconnect
from companion.reconnect.checkin_link import COMES_BACK, PICTURE, ReconnectCheckInLink
from companion.store import Store

NOW = datetime(2026, 3, 14, 18, 30, tzinfo=UTC)


def test_the_check_in_offers_the_picture_and_the_days_waiting(couple: Store) -> None:
    reconnect.write_picture(couple, 0, "Slow Sunday breakfasts.\nAnd more.", NOW)
    reconnect.write_picture(couple, 1, "A walk after dinner.", NOW)
    back = reconnect.say_it_is_back(couple, NOW)
    reconnect.note_for_checkin(couple, back.id, "The song in the shop.", NOW)
    items = [i for i in links.review_items(couple) if i.kind in (PICTURE, COMES_BACK)]
    assert [(i.kind, i.label) for i in items] == [
        (PICTURE, "Our picture"),
        (COMES_BACK, "The hurt came back"),
    ]
    assert items[0].title == "Sam: Slow Sunday breakfasts. · Alex: A walk after dinner."
    assert items[1].title == "14 March: The song in the shop."


def test_a_picture_not_yet_shown_is_not_offered(couple: Store) -> None:
    reconnect.write_picture(couple, 0, "Only Sam's so far.", NOW)
    assert ReconnectCheckInLink().review_items(couple) == []


def test_looking_at_a_day_moves_it_to_the_archive_and_keeps_no_person(couple: Store) -> None:
    reconnect.say_it_is_back(couple, NOW)
    link = ReconnectCheckInLink()
    (item,) = link.review_items(couple)
    with couple.transaction("reconnect") as tx:
        assert link.record_review(tx, item, "better", "We talked.", "Sam", NOW + timedelta(days=2))
    assert reconnect.comes_back_waiting(couple) == []
    archived = couple.archive_path("reconnect", 2026).read_text("utf-8")
    assert "Sam" not in archived and "We talked." not in archived
    with couple.transaction("reconnect") as tx:
        assert not link.record_review(tx, item, "same", "", "Alex", NOW)  # gone: nothing written
