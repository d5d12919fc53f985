"""The guided check-in: its stages and gates, its record on disk, and the agenda link."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from companion import areas
from companion.agenda import records as agenda_records
from companion.checkins import links, records
from companion.checkins.codec import decode_checkin, encode_checkin
from companion.checkins.links import ReviewItem
from companion.checkins.rules import CheckIn, CheckInError, CheckInStep, Stage
from companion.checkins.trends import kept_share, ratings_over_time
from companion.clock import FakeClock
from companion.store import PlainArea, Schema, Store, Transaction

SUN = 6


def hold(checkin: CheckIn, clock: FakeClock) -> CheckIn:
    """Every stage answered, as a couple would."""
    now = clock.now()
    checkin.take("appreciate", now, 0, "You cooked on Tuesday")
    if not checkin.solo:
        checkin.take("appreciate", now, 1, "The walk on Sunday")
    checkin.take("next", now)
    for partner in range(len(checkin.partners)):
        checkin.take("rate", now, partner, str(7 + partner))
    checkin.take("next", now)
    for index in range(len(checkin.reviews)):
        checkin.take("review", now, index, "better", "")
    checkin.take("next", now)
    checkin.take("next", now)
    checkin.take("plan", now, "Pizza and a film on Friday")
    checkin.take("finish", now)
    return checkin


def test_each_stage_asks_for_what_it_needs(clock: FakeClock) -> None:
    now = clock.now()
    checkin = CheckIn.new(("Sam", "Alex"), None, now)
    assert checkin.allowed(now) == {CheckInStep.APPRECIATE}
    with pytest.raises(CheckInError, match="Sam has still to name"):
        checkin.take("next", now)
    checkin.take("appreciate", now, 0, "  You listened\n last night ")
    assert checkin.appreciations[0] == "You listened  last night"
    with pytest.raises(CheckInError, match="Alex has still to name"):
        checkin.take("next", now)
    checkin.take("appreciate", now, 1, "[bold]x[/]")
    assert checkin.take("next", now).stage is Stage.CONNECT
    with pytest.raises(CheckInError, match="1 .far apart. to 10"):
        checkin.take("rate", now, 0, "11")
    with pytest.raises(CheckInError, match="1 .far apart. to 10"):
        checkin.take("rate", now, 0, 0)
    with pytest.raises(CheckInError, match="Say which of you"):
        checkin.take("rate", now, 2, 5)
    checkin.take("rate", now, 0, " 6 ")
    checkin.take("back", now)
    assert checkin.stage is Stage.APPRECIATE and checkin.ratings == [6, None]
    with pytest.raises(CheckInError, match="first step"):
        checkin.take("back", now)
    checkin.take("next", now)
    checkin.take("rate", now, 1, 9)
    checkin.take("next", now, [ReviewItem("agreement", "a1", "Phones away at dinner")])
    assert [r.title for r in checkin.reviews] == ["Phones away at dinner"]
    with pytest.raises(CheckInError, match="better, the same or worse"):
        checkin.take("next", now)
    with pytest.raises(CheckInError, match="Choose better"):
        checkin.take("review", now, 0, "great")
    checkin.take("review", now, 0, "same", "Mostly")
    checkin.take("next", now)
    concern = checkin.take("concern", now, "Money this month", 1).concerns[0]
    assert (concern.text, concern.by) == ("Money this month", 1)
    checkin.take("next", now)
    with pytest.raises(CheckInError, match="Plan one good time"):
        checkin.take("finish", now)
    checkin.take("plan", now, "A walk on Saturday")
    with pytest.raises(CheckInError, match="last step"):
        checkin.take("next", now)
    checkin.take("finish", now)
    assert checkin.stage is Stage.DONE and checkin.finished == now
    assert checkin.allowed(now) == frozenset()
    with pytest.raises(CheckInError, match="already finished"):
        checkin.take("plan", now, "again")


def test_solo_is_one_person_s_answers(clock: FakeClock) -> None:
    checkin = hold(CheckIn.new(("Sam",), None, clock.now()), clock)
    assert checkin.appreciations == ["You cooked on Tuesday"] and checkin.ratings == [7]
    fresh = CheckIn.new(("Sam",), None, clock.now())
    with pytest.raises(CheckInError, match="You have still to name"):
        fresh.take("next", clock.now())


def test_a_check_in_round_trips_and_damage_is_named(clock: FakeClock) -> None:
    checkin = CheckIn.new(("Sam", "Alex"), "2026-03-15T19:00:00+00:00", clock.now())
    checkin.take("appreciate", clock.now(), 0, "Emoji 🙂 and [b]markup[/b]")
    assert decode_checkin(encode_checkin(checkin)) == checkin
    done = hold(CheckIn.new(("Sam", "Alex"), None, clock.now()), clock)
    assert decode_checkin(encode_checkin(done)) == done
    row = encode_checkin(done)
    for key, bad in (
        ("stage", "dancing"),
        ("ratings", [0, 5]),
        ("finished", None),
        ("partners", []),
        ("appreciations", ["", ""]),
    ):
        with pytest.raises(CheckInError, match="damaged"):
            decode_checkin({**row, key: bad})


# -- on disk ----------------------------------------------------------------------------------


def test_a_check_in_is_paused_by_leaving_and_resumed_from_the_disk(
    couple: Store, clock: FakeClock
) -> None:
    schedule = records.set_schedule(couple, clock.now(), "Europe/London", 2, SUN, time(19))
    occ = schedule.upcoming(clock.now(), 1)[0]
    started = records.start_checkin(couple, ("Sam", "Alex"), occ.key, clock.now())
    again = records.start_checkin(couple, ("Sam", "Alex"), None, clock.now())
    assert again.id == started.id  # two presses, or two terminals, never make two
    records.apply(couple, started.id, "appreciate", clock.now(), 0, "Thanks")
    other = Store(couple.data_dir, clock)  # the other terminal, or tomorrow
    resumed = records.open_checkin(other)
    assert resumed is not None and resumed.appreciations == ["Thanks", ""]
    with pytest.raises(CheckInError, match="moved the check-in on first"):
        records.apply(other, started.id, "back", clock.now(), expect=Stage.CONNECT)

    saved = records.apply(other, started.id, "appreciate", clock.now(), 1, "You too")
    for step, args in (
        ("next", ()),
        ("rate", (0, 8)),
        ("rate", (1, 6)),
        ("next", ()),
        ("next", ()),
        ("concern", ("Visits", 0)),
        ("next", ()),
        ("plan", ("Breakfast out",)),
        ("finish", ()),
    ):
        saved = records.apply(couple, started.id, step, clock.now(), *args)
    assert saved.stage is Stage.DONE
    assert saved.concerns[0].agenda_id == "1"  # raised on the agenda, by the one who said it
    (raised,) = agenda_records.open_issues(couple)
    assert (raised.id, raised.title, raised.raised_by) == ("1", "Visits", "Sam")
    assert records.open_checkin(couple) is None
    assert records.held(records.all_checkins(couple)) == {occ.key: "done"}
    assert couple.archive_path("checkins", 2026).exists()  # finished ones move to the archive
    with pytest.raises(CheckInError, match="held already"):
        records.start_checkin(couple, ("Sam", "Alex"), occ.key, clock.now())
    assert areas.get("checkins").check(couple, True) == 2


class FakeAgenda:
    """A link as an area offers one: items to review, verdicts written back, concerns taken."""

    areas = ("agenda",)
    kinds = ("agreement", "issue")

    def review_items(self, store: Store) -> list[ReviewItem]:
        return [
            ReviewItem("agreement", "a1", "Phones away at dinner"),
            ReviewItem("issue", "i7", "Sunday chores"),
        ]

    def record_review(
        self, tx: Transaction, item: ReviewItem, verdict: str, note: str, by: str, now: datetime
    ) -> bool:
        tx["agenda"].table("reviews").insert({"ref": item.ref, "verdict": verdict, "by": by})
        return True

    def add_concern(self, tx: Transaction, text: str, by: str, now: datetime) -> str:
        table = tx["agenda"].table("issues")
        return str(table.insert({"title": text, "raised_by": by, "created": now.isoformat()}))


@pytest.fixture
def with_agenda(data_dir, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> Store:
    store = Store(data_dir, clock, [*areas.REGISTRY, PlainArea("agenda", Schema(1))])
    monkeypatch.setattr(links, "LINKS", (f"{__name__}:FakeAgenda",))
    return store


def test_without_an_agenda_area_the_link_offers_nothing(
    couple: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from companion import areas

    assert links.review_items(couple) == []
    monkeypatch.setattr(links, "LINKS", (f"{__name__}:FakeAgenda",))
    no_agenda = [area for area in areas.REGISTRY if area.name != "agenda"]
    store = Store(couple.data_dir, couple.clock, no_agenda)
    assert links.active(store) == []  # its area is not in this store


def test_the_agenda_is_reviewed_and_concerns_go_onto_it(
    with_agenda: Store, clock: FakeClock
) -> None:
    store = with_agenda
    checkin = records.start_checkin(store, ("Sam", "Alex"), None, clock.now())
    for step, args in (
        ("appreciate", (0, "a")),
        ("appreciate", (1, "b")),
        ("next", ()),
        ("rate", (0, 5)),
        ("rate", (1, 5)),
        ("next", ()),
    ):
        checkin = records.apply(store, checkin.id, step, clock.now(), *args)
    assert [(r.kind, r.ref, r.title) for r in checkin.reviews] == [
        ("agreement", "a1", "Phones away at dinner"),
        ("issue", "i7", "Sunday chores"),
    ]
    checkin = records.apply(store, checkin.id, "review", clock.now(), 0, "worse", "Slipping")
    checkin = records.apply(store, checkin.id, "review", clock.now(), 1, "better")
    checkin = records.apply(store, checkin.id, "next", clock.now())
    checkin = records.apply(store, checkin.id, "concern", clock.now(), "Holiday plans", 1)
    assert checkin.concerns[0].agenda_id == "1"
    with store.read("agenda") as db:
        assert db.table("issues").all() == [
            {"title": "Holiday plans", "raised_by": "Alex", "created": clock.now().isoformat()}
        ]
        assert db.table("reviews").all() == []  # verdicts are written back when it finishes
    for step, args in (("next", ()), ("plan", ("Out",)), ("finish", ())):
        checkin = records.apply(store, checkin.id, step, clock.now(), *args)
    with store.read("agenda") as db:
        assert db.table("reviews").all() == [
            {"ref": "a1", "verdict": "worse", "by": "both"},
            {"ref": "i7", "verdict": "better", "by": "both"},
        ]


def test_a_failing_agenda_write_saves_neither(
    with_agenda: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = with_agenda
    checkin = records.start_checkin(store, ("Sam",), None, clock.now())
    for step, args in (("appreciate", (0, "a")), ("next", ()), ("rate", (0, 5)), ("next", ())):
        checkin = records.apply(store, checkin.id, step, clock.now(), *args)
    checkin = records.apply(store, checkin.id, "review", clock.now(), 0, "same")
    checkin = records.apply(store, checkin.id, "review", clock.now(), 1, "same")
    checkin = records.apply(store, checkin.id, "next", clock.now())

    def broken(self, tx, text, by, now):
        tx["agenda"].table("issues").insert({"title": text})
        raise OSError("disk full")

    monkeypatch.setattr(FakeAgenda, "add_concern", broken)
    with pytest.raises(OSError):
        records.apply(store, checkin.id, "concern", clock.now(), "Money", 0)
    assert records.open_checkin(store).concerns == []  # type: ignore[union-attr]
    with store.read("agenda") as db:
        assert db.table("issues").all() == []


# -- trends ------------------------------------------------------------------------------------


def test_ratings_over_time_and_the_share_kept(couple: Store, clock: FakeClock) -> None:
    schedule = records.set_schedule(couple, clock.now(), "Europe/London", 1, SUN, time(19))
    held = []
    for week in range(4):
        occ = schedule.upcoming(clock.now(), 1)[0]
        clock.advance(occ.start - clock.now() + timedelta(minutes=5))
        if week == 1:
            continue  # missed
        if week == 2:
            schedule = records.change(couple, "skip", clock.now(), occ.key, "Ill")
            continue
        checkin = CheckIn.new(("Sam", "Alex"), occ.key, clock.now())
        held.append(hold(checkin, clock))
    clock.advance(timedelta(days=2))
    points = ratings_over_time(held)
    assert [p.ratings for p in points] == [(7, 8), (7, 8)]
    share = kept_share(schedule, held, clock.now())
    assert (share.kept, share.missed, share.skipped) == (2, 1, 1)
    assert share.percent == 67


# -- the month the calendar shows ----------------------------------------------------------------


def test_a_month_holds_check_ins_talks_and_time_outs_on_their_local_days(
    couple: Store, clock: FakeClock
) -> None:
    from datetime import date

    from companion.checkins.calendar import month_view, shift
    from companion.checkins.schedule import Status
    from companion.talk import PRESETS, Talk
    from companion.talk import records as talks

    schedule = records.set_schedule(couple, clock.now(), "Europe/London", 2, SUN, time(19))
    first = schedule.upcoming(clock.now(), 1)[0]
    clock.advance(timedelta(hours=5))  # Saturday 23:30 UTC: Saturday 23:30 in London too
    talk = Talk.new("Money [b]x[/b]", ("Sam", "Alex"), 0, PRESETS["short"], "short", clock.now())
    talks.save_talk(couple, talk)
    talks.start_timeout(couple, "Europe/London", clock.now())
    clock.advance(timedelta(days=1))
    held = records.start_checkin(couple, ("Sam", "Alex"), first.key, clock.now())
    for step, args in (
        ("appreciate", (0, "a")),
        ("appreciate", (1, "b")),
        ("next", ()),
        ("rate", (0, 6)),
        ("rate", (1, 7)),
        ("next", ()),
        ("next", ()),
        ("next", ()),
        ("plan", ("Walk",)),
        ("finish", ()),
    ):
        records.apply(couple, held.id, step, clock.now(), *args)
    clock.advance(timedelta(days=20))  # the 29 March one passes unheld

    month = month_view(couple, 2026, 3, "Europe/London", clock.now())
    days = month.days
    assert len(days) == 31 and month.weeks[0][:6] == [None] * 6  # 1 March 2026 is a Sunday
    assert days[date(2026, 3, 14)].talks == ["Money [b]x[/b]"]
    assert days[date(2026, 3, 14)].timeouts == 1
    assert days[date(2026, 3, 15)].status is Status.DONE
    assert [c.plan for c in days[date(2026, 3, 15)].checkins] == ["Walk"]
    assert days[date(2026, 3, 29)].status is Status.MISSED
    assert not days[date(2026, 3, 22)].marked
    assert month.today == date(2026, 4, 5)  # 00:30 British Summer Time, 23:30 UTC the day before
    assert shift(2026, 12, 1) == (2027, 1) and shift(2026, 1, -1) == (2025, 12)
