"""Regression tests for the review fixes: time-outs hold the screen, the disk decides."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, Checkbox

from companion import talks
from companion.clock import FakeClock
from companion.screens.confirm import ConfirmScreen
from companion.screens.error import ErrorScreen
from companion.screens.guide import GuideScreen
from companion.screens.help import HelpScreen
from companion.screens.history import HistoryScreen
from companion.screens.home import HomeScreen
from companion.screens.safety import SafetyScreen
from companion.screens.talk import TalkScreen
from companion.screens.timeout import TimeoutScreen
from companion.screens.too_small import TooSmallScreen
from companion.store import Store
from companion.talk import Phase

from .helpers import (
    SIZE,
    accept_resume_offer,
    seed_speaking,
    seed_talk,
    stored_talks,
    stored_timeouts,
    tick,
)

TZ = "Europe/London"


async def press_timeout(pilot: Pilot) -> TimeoutScreen:
    await pilot.press("ctrl+t")
    await pilot.pause()
    await pilot.app.saves_done()
    screen = pilot.app.screen
    assert isinstance(screen, TimeoutScreen)
    return screen


def count(app, kind: type) -> int:
    return sum(isinstance(s, kind) for s in app.screen_stack)


def the_talk(data_dir: Path) -> dict:
    [row] = stored_talks(data_dir)
    return row


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
        await pilot.pause()
        await app.saves_done()
        await pilot.pause()

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

        for key in ("t", "h", "g"):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode, f"{key} left the time-out"
            assert app.screen is screen, f"{key} left the time-out"

        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert not [t for t in titles if t.startswith("Go to")]
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
    talks.start_timeout(couple, TZ)
    left = talks.get_talk(couple, talk.id).paused_remaining
    assert left == 90

    app = make_app(Store(data_dir, clock))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TimeoutScreen)
        assert count(app, ConfirmScreen) == 0  # the time-out first, not the offer

        await tick(pilot, clock, 20 * 60)
        back_at = clock.now()
        await pilot.press("r")
        await app.saves_done()
        await pilot.pause()
        await pilot.pause()

        assert app.current_mode == "talk"
        screen = app.screen
        assert isinstance(screen, TalkScreen)
        assert count(app, TimeoutScreen) == 0
        assert screen.talk is not None
        assert screen.talk.id == talk.id
        assert not screen.talk.paused
        assert screen.talk.remaining(back_at) == left

    row = the_talk(data_dir)
    assert row["paused"] is False
    assert datetime.fromisoformat(row["deadline"]) == back_at + timedelta(seconds=left)
    [cooldown] = stored_timeouts(data_dir)
    assert cooldown["outcome"] == "resumed"


# -- one time-out screen only -------------------------------------------------------
async def test_a_reload_under_help_shows_no_second_time_out_screen(
    couple: Store, clock: FakeClock, make_app
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await press_timeout(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)

        app.reload()  # as the live-reload poll does when a file changes
        await pilot.pause()

        assert count(app, TimeoutScreen) == 1
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert count(app, TimeoutScreen) == 1


# -- too small --------------------------------------------------------------------------
async def test_growing_the_window_removes_the_notice_and_offers_the_open_talk(
    couple: Store, clock: FakeClock, make_app
) -> None:
    seed_speaking(couple, clock)
    app = make_app(couple)
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)

        await pilot.resize_terminal(80, 24)
        await pilot.pause()

        assert count(app, TooSmallScreen) == 0
        assert isinstance(app.screen, ConfirmScreen)
        assert count(app, ConfirmScreen) == 1
        assert "Money" in app.screen.question
        await accept_resume_offer(pilot)
        assert app.current_mode == "talk"


async def test_safety_opened_over_the_notice_closes_with_it_when_the_window_grows(
    couple: Store, make_app
) -> None:
    """F2 works on the too-small notice; growing the window leaves no notice behind."""
    app = make_app(couple)
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert count(app, TooSmallScreen) == 0
        assert isinstance(app.screen, HomeScreen)


# -- a live talk keeps h and g --------------------------------------------------------
async def test_h_and_g_do_nothing_during_a_live_talk_but_work_after_escape(
    couple: Store, data_dir: Path, clock: FakeClock, make_app
) -> None:
    seed_speaking(couple, clock)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await accept_resume_offer(pilot)
        assert screen.talk.phase is Phase.SPEAKING
        for key in ("h", "g"):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == "talk", f"{key} left a live talk"
            assert app.screen is screen

        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "home"
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("h")
        await pilot.pause()
        assert app.current_mode == "history"
        assert isinstance(app.screen, HistoryScreen)


# -- F1 on a time-out ---------------------------------------------------------------
async def test_help_on_a_time_out_lists_only_what_can_be_done_now(
    couple: Store, clock: FakeClock, make_app
) -> None:
    seed_speaking(couple, clock)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await accept_resume_offer(pilot)
        await press_timeout(pilot)
        await tick(pilot, clock, 30)  # still in the first minute, well before the return
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        # each row reads "Come back — Go back to where you stopped", or ends "(not now)"
        described = [description.split(" — ")[0] for _, description in help_screen.rows]

        assert not [d for d in described if d.startswith(("Come back", "Time-out"))], described
        assert "Pressed by mistake" in described
        assert "Safety" in described


# -- a damaged record ------------------------------------------------------------------
async def test_a_damaged_talk_row_opens_on_the_error_screen_and_keeps_the_file(
    couple: Store, data_dir: Path, clock: FakeClock, make_app
) -> None:
    with couple.transaction("talks") as db:
        db.table("talks").insert({"id": "x"})
    path = couple.path("talks")
    before = path.read_bytes()

    app = make_app(Store(data_dir, clock))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ErrorScreen)
        assert "talks.json" in screen.error.message
        assert count(app, ConfirmScreen) == 0
        await pilot.press("ctrl+q")

    assert path.read_bytes() == before


# -- quitting with the partner's terminal open ---------------------------------------
async def test_quitting_leaves_the_talk_running_while_another_companion_has_it_open(
    couple: Store, data_dir: Path, clock: FakeClock, make_app
) -> None:
    seed_speaking(couple, clock)
    other = Store(data_dir, clock)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await accept_resume_offer(pilot)
        await tick(pilot, clock, 10)
        handle = other.announce()
        assert handle is not None
        try:
            await app.action_quit()
            await pilot.pause()
        finally:
            other.withdraw(handle)

    row = the_talk(data_dir)
    assert row["paused"] is False
    assert row["paused_remaining"] is None
    assert row["deadline"] is not None


async def test_quitting_alone_leaves_the_talk_paused(
    couple: Store, data_dir: Path, clock: FakeClock, make_app
) -> None:
    seed_speaking(couple, clock)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await accept_resume_offer(pilot)
        await tick(pilot, clock, 10)
        await app.action_quit()
        await pilot.pause()

    row = the_talk(data_dir)
    assert row["paused"] is True
    assert row["paused_remaining"] == 110
    assert row["timeouts"] == 0


# -- the ground rules -------------------------------------------------------------
async def test_each_partners_agreement_is_saved_and_begin_waits_for_both(
    couple: Store, data_dir: Path, clock: FakeClock, make_app
) -> None:
    seed_talk(couple, clock, "Money")
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await accept_resume_offer(pilot)
        begin = screen.query_one("#rules-begin", Button)
        first, second = screen.query_one("#agree0", Checkbox), screen.query_one("#agree1", Checkbox)
        assert the_talk(data_dir)["agreed"] == [False, False]
        assert begin.disabled

        await pilot.click(first)
        await pilot.pause()
        await app.saves_done()
        assert first.value
        assert the_talk(data_dir)["agreed"] == [True, False]
        assert begin.disabled
        await pilot.click("#rules-begin")
        await pilot.pause()
        await app.saves_done()
        assert the_talk(data_dir)["phase"] == "ground_rules"

        await pilot.click(second)
        await pilot.pause()
        await app.saves_done()
        await pilot.pause()
        assert second.value
        assert the_talk(data_dir)["agreed"] == [True, True]
        assert the_talk(data_dir)["phase"] == "ground_rules"  # ticking is not beginning
        assert not begin.disabled

        # taking a tick back is saved too, and Begin is off again
        await pilot.click(first)
        await pilot.pause()
        await app.saves_done()
        await pilot.pause()
        assert the_talk(data_dir)["agreed"] == [False, True]
        assert begin.disabled
