"""Reconnect's rules and records: our picture revealed together, rituals by the local day,
the deck, and a "comes back" day that keeps no person."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from companion import areas
from companion.agenda.top_three import TopThree
from companion.apart import WrittenApart
from companion.clock import FakeClock
from companion.profile import create_profile
from companion.reconnect import records as reconnect
from companion.reconnect.codec import (
    BACK_FIELDS,
    decode_back,
    decode_picture,
    encode_back,
    encode_ritual,
)
from companion.reconnect.parts import DAYS_KEPT, ReconnectError, deck, ritual_ideas
from companion.reconnect.rules import ComesBack, Picture, PictureStep, Ritual, RitualStep
from companion.store import DamagedRecord, Store

NOW = datetime(2026, 3, 14, 18, 30, tzinfo=UTC)


# -- our picture: written apart, shown together ------------------------------------------


def test_a_picture_is_hidden_until_both_have_written() -> None:
    picture = Picture.new(("Sam", "Alex"), NOW)
    picture.take(PictureStep.WRITE, NOW, 0, "Breakfast together on Sundays.")
    assert not picture.revealed
    assert picture.shown(0) is None and picture.shown(1) is None
    assert picture.waiting_for() == ["Alex"]
    picture.take(PictureStep.WRITE, NOW, 1, "Walks after dinner.")
    assert picture.revealed and picture.revealed_at == NOW
    assert picture.shown(0) == "Breakfast together on Sundays."
    assert picture.shown(1) == "Walks after dinner."


def test_each_may_rewrite_their_own_until_the_reveal_and_nobody_after() -> None:
    picture = Picture.new(("Sam", "Alex"), NOW)
    picture.take("write", NOW, 0, "first go")
    picture.take("write", NOW, 0, "second go")
    picture.take("write", NOW, 1, "mine")
    assert picture.shown(0) == "second go"
    with pytest.raises(ReconnectError, match="write a new one together"):
        picture.take("write", NOW, 0, "third go")


def test_alone_a_picture_is_shown_as_soon_as_it_is_written() -> None:
    picture = Picture.new(("Sam",), NOW)
    picture.take("write", NOW, 0, "Calm evenings.")
    assert picture.revealed and picture.shown(0) == "Calm evenings."


@pytest.mark.parametrize("bad", ["", "   \n  ", None])
def test_an_empty_picture_is_refused(bad: object) -> None:
    picture = Picture.new(("Sam", "Alex"), NOW)
    with pytest.raises(ReconnectError, match="a few words"):
        picture.take("write", NOW, 0, bad)
    assert picture.done == [False, False]


@pytest.mark.parametrize("who", [2, -1, True, "0"])
def test_only_a_partner_may_write(who: object) -> None:
    with pytest.raises(ReconnectError, match="who is writing"):
        Picture.new(("Sam", "Alex"), NOW).take("write", NOW, who, "x")


def test_top_three_and_our_picture_share_one_rule() -> None:
    assert issubclass(Picture, WrittenApart) and issubclass(TopThree, WrittenApart)


def test_on_disk_the_new_picture_replaces_the_page_only_once_both_are_in(couple: Store) -> None:
    reconnect.write_picture(couple, 0, "Old Sam", NOW)
    first = reconnect.write_picture(couple, 1, "Old Alex", NOW)
    assert reconnect.together(couple).page.id == first.id
    later = NOW + timedelta(days=30)
    reconnect.write_picture(couple, 1, "New Alex", later)
    state = reconnect.together(couple)
    assert state.page.id == first.id, "the old page stays until both new pictures are in"
    assert state.writing is not None and state.writing.shown(1) is None
    second = reconnect.write_picture(couple, 0, "New Sam", later)
    state = reconnect.together(couple)
    assert state.page.id == second.id and state.writing is None
    assert state.page.shown(0) == "New Sam"
    archived = json.loads(couple.archive_path("reconnect", 2026).read_text("utf-8"))
    assert [row["id"] for row in archived["pictures"].values()] == [first.id]


def test_a_picture_is_saved_as_written_and_read_back_clean(couple: Store) -> None:
    reconnect.write_picture(couple, 0, "Line one\n\x1b[31mLine two [bold]", NOW)
    row = next(iter(json.loads(couple.path("reconnect").read_text("utf-8"))["pictures"].values()))
    assert row["entries"][0] == "Line one\n[31mLine two [bold]"


# -- rituals: by the couple's day, without a streak ----------------------------------------


def test_a_ritual_is_done_for_the_local_day_across_midnight() -> None:
    # Sydney is eleven hours ahead of UTC in March (daylight saving).
    clock = FakeClock(datetime(2026, 3, 14, 12, 50, tzinfo=UTC))  # 23:50 on the 14th there
    ritual = Ritual.new(0, "A real goodbye and hello", clock.now())
    ritual.take(RitualStep.DONE, clock.now(), "Australia/Sydney")
    assert ritual.days == [date(2026, 3, 14)]
    clock.advance(timedelta(minutes=20))  # 00:10 on the 15th in Sydney, still the 14th in UTC
    assert not ritual.done_on(date(2026, 3, 15))
    ritual.take(RitualStep.DONE, clock.now(), "Australia/Sydney")
    assert ritual.days == [date(2026, 3, 14), date(2026, 3, 15)]


def test_marking_done_twice_in_a_day_is_one_day_and_undo_takes_only_today() -> None:
    clock = FakeClock(NOW)
    ritual = Ritual.new(1, "One thank-you", clock.now())
    ritual.take("done", clock.now(), "Europe/London")
    clock.advance(timedelta(days=1))
    ritual.take("done", clock.now(), "Europe/London")
    ritual.take("done", clock.now(), "Europe/London")
    assert ritual.days == [date(2026, 3, 14), date(2026, 3, 15)]
    ritual.take("undo", clock.now(), "Europe/London")
    assert ritual.days == [date(2026, 3, 14)]


def test_the_week_view_is_seven_days_of_done_or_not_and_nothing_counts_a_streak() -> None:
    ritual = Ritual.new(0, "Walk", NOW, None)
    ritual.days = [date(2026, 3, 9), date(2026, 3, 14)]
    week = ritual.week(date(2026, 3, 14))
    assert [day for day, _ in week] == [date(2026, 3, 8) + timedelta(days=n) for n in range(7)]
    assert [done for _, done in week] == [False, True, False, False, False, False, True]
    assert not any("streak" in name for name in dir(ritual))


def test_only_four_weeks_of_days_are_kept() -> None:
    clock = FakeClock(NOW)
    ritual = Ritual.new(0, "Walk", clock.now())
    for _ in range(40):
        ritual.take("done", clock.now(), "UTC")
        clock.advance(timedelta(days=1))
    assert len(ritual.days) == DAYS_KEPT
    assert ritual.days[0] == date(2026, 3, 14) + timedelta(days=40 - DAYS_KEPT)


def test_on_disk_a_ritual_is_chosen_marked_and_replaced(couple: Store) -> None:
    idea = ritual_ideas()[0]
    first = reconnect.choose_ritual(couple, 1, "", NOW, idea=idea.id)
    assert first.what == idea.title
    marked = reconnect.mark_ritual(couple, 1, NOW)
    assert marked.done_on(date(2026, 3, 14))
    second = reconnect.choose_ritual(couple, 1, "Tea in the garden", NOW + timedelta(days=1))
    state = reconnect.together(couple)
    assert state.rituals[1].id == second.id and state.rituals[1].days == []
    with pytest.raises(ReconnectError, match="Sam has not chosen"):
        reconnect.mark_ritual(couple, 0, NOW)


@pytest.mark.parametrize("who", [2, -1, True])
def test_a_ritual_belongs_to_someone_who_is_here(couple: Store, who: object) -> None:
    with pytest.raises(ReconnectError, match="whose ritual"):
        reconnect.choose_ritual(couple, who, "Walk", NOW)  # type: ignore[arg-type]


def test_an_unknown_idea_or_empty_ritual_is_refused(couple: Store) -> None:
    with pytest.raises(ReconnectError, match="not among the ideas"):
        reconnect.choose_ritual(couple, 0, "", NOW, idea="no-such-idea")
    with pytest.raises(ReconnectError, match="few words"):
        reconnect.choose_ritual(couple, 0, "   ", NOW)


def test_a_name_is_matched_without_case_and_an_unknown_one_is_named(couple: Store) -> None:
    from companion.profile import load_profile

    profile = load_profile(couple)
    assert reconnect.partner_named(profile, " alex ") == 1
    with pytest.raises(ReconnectError, match="the names are Sam or Alex"):
        reconnect.partner_named(profile, "Jo")


# -- the hurt is back today: a date and nothing else ---------------------------------------


def test_the_comes_back_record_keeps_no_person(couple: Store) -> None:
    back = reconnect.say_it_is_back(couple, NOW)
    row = encode_back(back)
    assert set(row) == {"id", "day", "note", "reviewed"} == BACK_FIELDS
    assert row == {"id": "2026-03-14", "day": "2026-03-14", "note": "", "reviewed": None}
    raw = couple.path("reconnect").read_text("utf-8")
    for name in ("Sam", "Alex"):
        assert name not in raw
    assert "18:30" not in raw, "not even the time of day is kept"


def test_a_comes_back_record_with_a_person_in_it_is_damage() -> None:
    row = encode_back(ComesBack(day=date(2026, 3, 14))) | {"who": "Sam"}
    with pytest.raises(ReconnectError, match="'who'"):
        decode_back(row)


def test_said_twice_in_a_day_it_is_one_day_and_the_note_is_the_only_text(couple: Store) -> None:
    reconnect.say_it_is_back(couple, NOW)
    again = reconnect.say_it_is_back(couple, NOW + timedelta(hours=2))
    assert len(reconnect.together(couple).back) == 1
    noted = reconnect.note_for_checkin(couple, again.id, "The song in the shop.", NOW)
    assert noted.note == "The song in the shop."
    assert reconnect.say_it_is_back(couple, NOW).note == "The song in the shop."


def test_a_check_in_that_looked_at_the_days_moves_them_to_the_archive(couple: Store) -> None:
    reconnect.say_it_is_back(couple, NOW)
    reconnect.say_it_is_back(couple, NOW + timedelta(days=3))
    assert [b.id for b in reconnect.comes_back_waiting(couple)] == ["2026-03-14", "2026-03-17"]
    reconnect.review_comes_back(couple, NOW + timedelta(days=5))
    assert reconnect.comes_back_waiting(couple) == []
    with pytest.raises(ReconnectError, match="looked at"):
        reconnect.note_for_checkin(couple, "2026-03-14", "late", NOW + timedelta(days=6))
    assert couple.archive_path("reconnect", 2026).exists()


# -- the deck ---------------------------------------------------------------------------------


def test_the_deck_has_twenty_to_forty_ideas_with_unique_ids() -> None:
    cards = deck()
    assert 20 <= len(cards) <= 40
    assert len({c.id for c in cards}) == len(cards)
    assert all(c.title and c.about for c in cards)
    assert len({i.id for i in ritual_ideas()}) == len(ritual_ideas())


def test_we_did_this_keeps_the_card_the_day_and_the_note(couple: Store) -> None:
    first = deck()[0]
    tried = reconnect.we_did_this(couple, first.id, NOW, note="Laughed a lot.")
    assert (tried.card, tried.day, tried.note) == (first.id, date(2026, 3, 14), "Laughed a lot.")
    assert reconnect.together(couple).tried_card(first.id) == [tried]
    with pytest.raises(ReconnectError, match="not in the deck"):
        reconnect.we_did_this(couple, "no-such-card", NOW)


# -- damage and the registry ----------------------------------------------------------------


def test_a_damaged_record_is_named_and_the_file_left_alone(couple: Store) -> None:
    reconnect.choose_ritual(couple, 0, "Walk", NOW)
    path = couple.path("reconnect")
    doc = json.loads(path.read_text("utf-8"))
    row = next(iter(doc["rituals"].values()))
    row["days"] = ["not a day"]
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(DamagedRecord, match="ritual"):
        areas.check_all(couple)
    assert path.read_bytes() == before


def test_a_revealed_picture_must_have_every_entry() -> None:
    picture = Picture.new(("Sam", "Alex"), NOW)
    picture.take("write", NOW, 0, "a")
    picture.take("write", NOW, 1, "b")
    from companion.reconnect.codec import encode_picture

    row = encode_picture(picture)
    row["revealed_at"] = None
    with pytest.raises(ReconnectError, match="reveal"):
        decode_picture(row)


def test_the_area_is_registered_and_exported(couple: Store) -> None:
    reconnect.choose_ritual(couple, 0, "Walk", NOW)
    assert areas.get("reconnect").records is reconnect
    assert areas.export_all(couple)["reconnect"]["rituals"][0]["what"] == "Walk"
    assert encode_ritual(reconnect.together(couple).rituals[0])["who"] == 0


def test_alone_everything_works_for_one_person(store: Store) -> None:
    create_profile(store, ["Sam"], "Europe/London")
    page = reconnect.write_picture(store, 0, "Quiet weekends.", NOW)
    assert page.revealed
    reconnect.choose_ritual(store, 0, "Walk", NOW)
    assert reconnect.mark_ritual(store, 0, NOW).done_on(date(2026, 3, 14))
    with pytest.raises(ReconnectError, match="whose ritual"):
        reconnect.choose_ritual(store, 1, "Walk", NOW)
