"""How Reconnect looks at 80x24 (and at 60x20, the smallest size), with a fake clock and fixed data.

Every snapshot here was looked at as a picture before it was accepted.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.pilot import Pilot

from companion.clock import FakeClock
from companion.reconnect import records as reconnect
from companion.reconnect.parts import deck
from companion.store import Store

from .steps import steady

SIZES = [(80, 24), (60, 20)]
IDS = [f"{w}x{h}" for w, h in SIZES]


def keys(*pressed: str):
    async def run(pilot: Pilot) -> None:
        await steady(pilot)
        for key in pressed:
            await pilot.press(key)
            await steady(pilot)

    return run


def some_weeks(store: Store, clock: FakeClock) -> None:
    """A week of rituals: Sam's done on three days, today among them; Alex's chosen today."""
    reconnect.choose_ritual(store, 0, "", clock.now() - timedelta(days=6), idea="goodbye-hello")
    for back in (5, 2, 0):
        reconnect.mark_ritual(store, 0, clock.now() - timedelta(days=back))
    reconnect.choose_ritual(store, 1, "Tea in the garden, [b]no phones[/b]", clock.now())
    reconnect.we_did_this(store, deck()[0].id, clock.now() - timedelta(days=3), "We laughed.")


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_comfort_guide(snap_compare, couple, clock, make_app, size) -> None:
    assert snap_compare(make_app(couple), terminal_size=size, run_before=keys("n", "b"))


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_rituals_view(snap_compare, couple, clock, make_app, size) -> None:
    some_weeks(couple, clock)
    assert snap_compare(make_app(couple), terminal_size=size, run_before=keys("n", "2"))


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_picture_revealed(snap_compare, couple, clock, make_app, size) -> None:
    reconnect.write_picture(
        couple, 0, "Slow Sunday breakfasts.\nWe talk about the week, and laugh.", clock.now()
    )
    reconnect.write_picture(couple, 1, "A walk after dinner, phones left at home.", clock.now())
    reconnect.say_it_is_back(couple, clock.now())
    assert snap_compare(make_app(couple), terminal_size=size, run_before=keys("n"))


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_picture_waiting_for_alex(snap_compare, couple, clock, make_app, size) -> None:
    reconnect.write_picture(couple, 0, "Slow Sunday breakfasts.", clock.now())
    assert snap_compare(make_app(couple), terminal_size=size, run_before=keys("n", "w"))


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_deck(snap_compare, couple, clock, make_app, size) -> None:
    some_weeks(couple, clock)
    assert snap_compare(make_app(couple), terminal_size=size, run_before=keys("n", "3"))


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_home_with_the_card(snap_compare, couple, clock, make_app, size) -> None:
    reconnect.write_picture(couple, 0, "Slow Sunday breakfasts.", clock.now())
    reconnect.say_it_is_back(couple, clock.now())
    assert snap_compare(make_app(couple), terminal_size=size, run_before=keys())
