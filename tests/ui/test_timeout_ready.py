"""The time-out screen built ahead: ctrl+t shows a screen composed in idle time.

The screen is made once the app has started (and again after each time-out),
off screen; ctrl+t saves the time-out and shows that screen with the record
the disk returned. These tests prove it is that screen that comes up, that it
shows what the disk holds even when the other terminal changed things while it
waited, and that the screen built on the spot (ctrl+t before it is ready) is
the same to a person.
"""

from __future__ import annotations

from contextlib import AsyncExitStack

import pytest
from textual.widgets import Button, Digits, Static

from companion.app import CompanionApp
from companion.clock import FakeClock
from companion.profile import change_partners, create_profile
from companion.screens.breathing import BreathPacer
from companion.screens.hanging import Paragraph
from companion.screens.timeout import TimeoutScreen
from companion.store import Store
from companion.talk import records as talks
from companion.timeout import TimeOutStep
from companion.when import format_at

from .helpers import SIZE, seed_speaking, shown
from .test_two_apps import until


def back_at(screen: TimeoutScreen) -> str:
    return shown(screen.query_one("#to-back-at", Static))


def digits(screen: TimeoutScreen) -> str:
    return screen.query_one(Digits).value


def paragraph(screen: TimeoutScreen, selector: str) -> str:
    return shown(screen.query_one(selector, Paragraph))


async def test_ctrl_t_shows_the_screen_built_ahead_with_the_saved_record(
    couple: Store, clock: FakeClock, make_app
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        ready = app.spare_timeout
        assert isinstance(ready, TimeoutScreen), "no time-out screen was built after the start"
        assert ready not in app.screen_stack and ready.is_attached  # composed, not shown
        assert ready.timeout_id is None

        await pilot.press("ctrl+t")
        screen = app.screen
        assert screen is ready, "ctrl+t built a new screen instead of showing the one ready"
        saved = talks.active_timeout(couple)
        assert saved is not None and screen.timeout_id == saved.id
        assert (
            back_at(screen)
            == f"Back {format_at(saved.return_at, 'Europe/London', now=clock.now())}"
        )
        assert digits(screen) == "20:00"
        assert "for you both" in paragraph(screen, "#to-why")
        assert screen.query_one("#to-resume", Button).label.plain == "I'm ready (r)"
        assert app.spare_timeout is None  # used once, never shown twice

        await pilot.press("u")  # pressed by mistake
        assert not isinstance(app.screen, TimeoutScreen)
        assert not screen.is_attached, "the time-out screen that closed is still in memory"
        again = app.spare_timeout
        assert isinstance(again, TimeoutScreen) and again is not screen, "no new one was built"

        await pilot.press("ctrl+t")  # the second time-out comes up on the new one, fresh
        assert app.screen is again
        second = talks.active_timeout(couple)
        assert second is not None and second.id != saved.id and again.timeout_id == second.id
        assert digits(again) == "20:00"


async def test_while_it_waits_it_costs_nothing(couple: Store, make_app) -> None:
    """Built ahead, nobody sees it: its clock and its breathing bar do not run yet."""
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        ready = app.spare_timeout
        assert isinstance(ready, TimeoutScreen)
        pacer = ready.query_one(BreathPacer)
        assert not pacer.pacing
        await pilot.press("ctrl+t")
        assert pacer.pacing


async def test_it_shows_what_the_other_terminal_changed_while_it_waited(
    store: Store, clock: FakeClock
) -> None:
    create_profile(store, ["Sam"], "Europe/London")
    async with AsyncExitStack() as stack:
        app = CompanionApp(Store(store.data_dir, clock), poll=True)
        pilot = await stack.enter_async_context(app.run_test(size=SIZE))
        ready = app.spare_timeout
        assert isinstance(ready, TimeoutScreen)
        assert "check in with yourself" in paragraph(ready, "#to-choose-text")  # built for one

        # The other terminal, while this screen waits: Alex joins, they start a talk, and
        # a time-out is called there on it.
        change_partners(store, ["Sam", "Alex"])
        seed_speaking(store, clock, "Money")
        clock.advance(90)
        cooldown = talks.start_timeout(store, "Europe/London", clock.now())
        assert await until(pilot, lambda: app.screen is ready), "the time-out did not come up"
        assert ready.timeout_id == cooldown.id and cooldown.talk_id is not None
        expected = format_at(cooldown.return_at, "Europe/London", now=clock.now())
        assert back_at(ready) == f"Back {expected}"
        assert "racing body" in paragraph(ready, "#to-why")  # the talk's time-out
        assert ready.query_one("#to-resume", Button).label.plain == "Come back (r)"
        assert "Choose a time together" in paragraph(ready, "#to-choose-text")  # now two

        # Ended over there: this one leaves it, and makes the next one ready.
        clock.advance(20 * 60 + 1)
        talks.apply_timeout(store, cooldown.id, TimeOutStep.COME_BACK, clock.now())
        assert await until(pilot, lambda: not isinstance(app.screen, TimeoutScreen))
        await app.settle()
        assert isinstance(app.spare_timeout, TimeoutScreen) and app.spare_timeout is not ready


async def test_before_it_is_ready_ctrl_t_builds_the_same_screen(
    couple: Store, clock: FakeClock, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A person quick enough to beat the idle time sees the very same screen, built on the spot."""
    pictures = []
    for ahead in (True, False):
        if not ahead:
            monkeypatch.setattr(CompanionApp, "_prepare_timeout", lambda app: app._spare_done.set())
        app = make_app(couple)
        async with app.run_test(size=SIZE) as pilot:
            assert (app.spare_timeout is not None) is ahead
            await pilot.press("ctrl+t")
            assert isinstance(app.screen, TimeoutScreen)
            await pilot.pause()
            pictures.append(app.export_screenshot())
            await pilot.press("u")
    built_ahead, built_now = pictures
    assert built_ahead == built_now
