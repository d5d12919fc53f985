"""The check-ins screens at 80x24, with a fake clock and fixed data.

Every snapshot here was looked at by a person before it was accepted.
"""

from __future__ import annotations

from datetime import datetime, time

import pytest
from textual.pilot import Pilot

from companion.checkins import links, records
from companion.checkins.links import ReviewItem
from companion.clock import FakeClock
from companion.store import Store
from companion.talk import PRESETS, Talk
from companion.talk import records as talks
from tests.ui.checkin_data import RATINGS, hold_some

from .steps import steady

SIZE = (80, 24)


def a_finished_talk(store: Store, clock: FakeClock, topic: str) -> None:
    talk = Talk.new(topic, ("Sam", "Alex"), 0, PRESETS["short"], "short", clock.now())
    talk.agree(clock.now(), 0)
    talk.agree(clock.now(), 1)
    talk.begin(clock.now())
    talk.end(clock.now())
    talk.finish(clock.now())
    talks.save_talk(store, talk)


def test_calendar_month(snap_compare, couple: Store, clock: FakeClock, make_app) -> None:
    hold_some(couple, clock, RATINGS[:4])  # held, held, skipped, held, missed, held
    a_finished_talk(couple, clock, "Sundays [bold]and[/] chores")
    cooldown = talks.start_timeout(couple, "Europe/London", clock.now())
    clock.advance(25 * 60)
    talks.apply_timeout(couple, cooldown.id, "end", clock.now())

    async def open_calendar(pilot: Pilot) -> None:
        await steady(pilot)
        await pilot.press("c", "left", "left")  # May: held, missed, a talk and a time-out
        await steady(pilot)

    assert snap_compare(make_app(couple), terminal_size=SIZE, run_before=open_calendar)


class Agenda:
    areas: tuple[str, ...] = ()

    def review_items(self, store: Store) -> list[ReviewItem]:
        return [
            ReviewItem("agreement", "a1", "Phones away at dinner [b]really[/b]"),
            ReviewItem("issue", "i7", "Who plans the weekends"),
        ]

    def add_concern(self, tx, text: str, by: str, now: datetime) -> str:
        return "x"


def test_checkin_review_step(
    snap_compare, couple: Store, clock: FakeClock, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(links, "active", lambda store: [Agenda()])
    schedule = records.set_schedule(couple, clock.now(), "Europe/London", 2, 6, time(19))
    occ = schedule.upcoming(clock.now(), 1)[0]
    checkin = records.start_checkin(couple, ("Sam", "Alex"), occ.key, clock.now())
    for step, args in (
        ("appreciate", (0, "You cooked on Tuesday")),
        ("appreciate", (1, "The walk on Sunday")),
        ("next", ()),
        ("rate", (0, 7)),
        ("rate", (1, 8)),
        ("next", ()),
        ("review", (0, "better", "Most evenings")),
    ):
        checkin = records.apply(couple, checkin.id, step, clock.now(), *args)

    async def resume(pilot: Pilot) -> None:
        await steady(pilot)
        await pilot.press("i")
        await steady(pilot)

    assert snap_compare(make_app(couple), terminal_size=SIZE, run_before=resume)


def test_checkin_trend_chart(snap_compare, couple: Store, clock: FakeClock, make_app) -> None:
    hold_some(couple, clock, RATINGS)

    async def open_chart(pilot: Pilot) -> None:
        await steady(pilot)
        await pilot.press("c", "r")
        await steady(pilot)
        await pilot.press("v")
        await steady(pilot)

    assert snap_compare(make_app(couple), terminal_size=SIZE, run_before=open_chart)
