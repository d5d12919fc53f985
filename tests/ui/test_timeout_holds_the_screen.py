"""A running time-out holds the screen: nothing steps past it, a restart brings it back."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from companion.clock import FakeClock
from companion.screens import navigation
from companion.screens.confirm import ConfirmScreen
from companion.screens.guide import GuideScreen
from companion.screens.help import HelpScreen
from companion.screens.home import HomeScreen
from companion.screens.talk import TalkScreen
from companion.screens.timeout import TimeoutScreen
from companion.store import Store
from companion.talk import records as talks

from .helpers import (
    SIZE,
    accept_resume_offer,
    seed_speaking,
    shown,
    stored_talks,
    stored_timeouts,
    tick,
)

TZ = "Europe/London"


async def press_timeout(pilot: Pilot) -> TimeoutScreen:
    await pilot.press("ctrl+t")
    screen = pilot.app.screen
    assert isinstance(screen, TimeoutScreen)
    return screen


def count(app, kind: type) -> int:
    return sum(isinstance(s, kind) for s in app.screen_stack)


def the_talk(data_dir: Path) -> dict:
    [row] = stored_talks(data_dir)
    return row


def back_at(screen: TimeoutScreen) -> str:
    return shown(screen.query_one("#to-back-at", Static))


# -- the time-out button ------------------------------------------------------------
async def test_the_time_out_button_opens_the_time_out_and_pauses_the_talk(
    couple: Store, data_dir: Path, clock: FakeClock, make_app
) -> None:
    seed_speaking(couple, clock)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await accept_resume_offer(pilot)
        await tick(pilot, clock, 30)
        assert the_talk(data_dir)["paused"] is False

        await pilot.click("#live-timeout")

        assert isinstance(app.screen, TimeoutScreen)
        row = the_talk(data_dir)
        assert row["paused"] is True
        assert row["paused_remaining"] == 90
        assert row["timeouts"] == 1
        [cooldown] = stored_timeouts(data_dir)
        assert cooldown["talk_id"] == row["id"]
        assert cooldown["outcome"] is None
        assert app.screen.timeout_id == cooldown["id"]


# -- no walking around a time-out -----------------------------------------------------
async def test_no_area_key_or_command_steps_past_a_time_out(
    couple: Store, data_dir: Path, clock: FakeClock, make_app
) -> None:
    seed_speaking(couple, clock)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await accept_resume_offer(pilot)
        screen = await press_timeout(pilot)
        mode = app.current_mode
        assert mode == "talk"
        assert the_talk(data_dir)["paused"] is True

        for key in ("t", "a", "h", "g", "c", "i"):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode, f"{key} left the time-out"
            assert app.screen is screen, f"{key} left the time-out"

        # the command palette offers no place with a screen of its own, only safety
        titles = {c.title for c in app.get_system_commands(app.screen)}
        places = {place.title for place in navigation.listed() if place.screen is not None}
        assert {
            "Talk",
            "Agenda",
            "Talk history",
            "Guide",
            "Calendar",
            "Check-in",
            "Reflect",
        } <= places
        assert not titles & places
        assert "Safety" in titles

        # the guide opens over the time-out, and escape goes back to it
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GuideScreen)
        assert app.screen_stack[-2] is screen
        assert app.current_mode == mode
        assert the_talk(data_dir)["paused"] is True
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert app.current_mode == mode

    row = the_talk(data_dir)
    assert row["paused"] is True
    assert row["phase"] == "speaking"
    [cooldown] = stored_timeouts(data_dir)
    assert cooldown["outcome"] is None


# -- coming back after a restart -----------------------------------------------------
async def test_coming_back_after_a_restart_lands_on_the_running_talk(
    couple: Store, data_dir: Path, clock: FakeClock, make_app
) -> None:
    talk = seed_speaking(couple, clock)
    clock.advance(30)
    talks.start_timeout(couple, TZ, clock.now())
    left = talks.get_talk(couple, talk.id).paused_remaining
    assert left == 90

    app = make_app(Store(data_dir, clock))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TimeoutScreen)
        assert count(app, ConfirmScreen) == 0  # the time-out first, not the offer

        await tick(pilot, clock, 20 * 60)
        came_back = clock.now()
        await pilot.press("r")
        await pilot.pause()

        assert app.current_mode == "talk"
        screen = app.screen
        assert isinstance(screen, TalkScreen)
        assert count(app, TimeoutScreen) == 0
        assert count(app, ConfirmScreen) == 0  # no offer left waiting under the time-out
        assert screen.talk is not None
        assert screen.talk.id == talk.id
        assert not screen.talk.paused
        assert screen.talk.remaining(came_back) == left

    row = the_talk(data_dir)
    assert row["paused"] is False
    assert datetime.fromisoformat(row["deadline"]) == came_back + timedelta(seconds=left)
    [cooldown] = stored_timeouts(data_dir)
    assert cooldown["outcome"] == "resumed"


# -- one time-out screen only -------------------------------------------------------
async def test_a_change_on_disk_under_help_shows_no_second_time_out_screen(
    couple: Store, clock: FakeClock, make_app
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await press_timeout(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)

        app.poll_store(force=("talks",))  # as the live-reload poll does when talks.json changes
        await pilot.pause()

        assert count(app, TimeoutScreen) == 1
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert count(app, TimeoutScreen) == 1


# -- a restart ----------------------------------------------------------------------
async def test_an_active_time_out_survives_a_restart(
    couple: Store, data_dir: Path, clock: FakeClock, make_app
) -> None:
    seed_speaking(couple, clock)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await accept_resume_offer(pilot)
        screen = await press_timeout(pilot)
        await pilot.click("#to-preset-60")
        return_at = screen.cooldown.return_at
        shown_before = back_at(screen)
        assert shown_before == "Back at 19:30"

    clock.advance(5 * 60)
    app = make_app(Store(data_dir, clock))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TimeoutScreen)  # not the offer to resume, not home
        assert screen.cooldown.return_at == return_at
        assert back_at(screen) == shown_before
        assert len(app.screen_stack) == 2
        assert isinstance(app.screen_stack[0], HomeScreen)
    [row] = stored_timeouts(data_dir)
    assert row["outcome"] is None
