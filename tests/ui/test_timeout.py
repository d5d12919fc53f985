"""Time-outs from the keyboard: ctrl+t from anywhere, the return time, and coming back."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import ContentSwitcher, Input, Static

from companion.clock import FakeClock
from companion.screens.timeout import TimeoutScreen
from companion.store import Store
from companion.talk import Phase
from companion.talk import records as talks
from companion.timeout import TOO_SOON, TimeOutStep

from .helpers import (
    SIZE,
    accept_resume_offer,
    count_bells,
    digits,
    open_setup,
    seed_speaking,
    shown,
    stored_talks,
    stored_timeouts,
    tick,
    type_text,
)

LONDON = ZoneInfo("Europe/London")


def local_clock(moment: datetime) -> str:
    """What a person in London reads on the wall clock at `moment`."""
    return moment.astimezone(LONDON).strftime("%H:%M")


def back_at(screen: TimeoutScreen) -> str:
    return shown(screen.query_one("#to-back-at", Static))


def actions_view(screen: TimeoutScreen) -> str | None:
    return screen.query_one("#to-actions", ContentSwitcher).current


async def press_timeout(pilot) -> TimeoutScreen:
    await pilot.press("ctrl+t")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, TimeoutScreen)
    return screen


async def test_ctrl_t_works_from_a_focused_input(
    couple: Store, data_dir: Path, clock: FakeClock, make_app
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        talk_screen = await open_setup(pilot)
        await type_text(pilot, "chores")
        topic = talk_screen.query_one("#topic", Input)
        assert app.focused is topic

        screen = await press_timeout(pilot)
        await app.saves_done()
        assert topic.value == "chores"  # ctrl+t did not reach the input
        [row] = stored_timeouts(data_dir)
        assert row["talk_id"] is None
        assert row["outcome"] is None
        assert row["started"] == clock.now().isoformat()
        assert stored_talks(data_dir) == []
        assert "for you both" in shown(screen.query_one("#to-why", Static))

        # ctrl+t again while one is running makes no second time-out
        await pilot.press("ctrl+t")
        await app.saves_done()
        assert len(stored_timeouts(data_dir)) == 1

        # with no talk there is nothing to reschedule; "I'm ready" leads back
        await tick(pilot, clock, 20 * 60)
        assert actions_view(screen) == "to-back"
        assert not screen.query_one("#to-later-button").display
        assert screen.check_action("later", ()) is False
        await pilot.press("r")
        await app.saves_done()
        await pilot.pause()
        assert app.screen is talk_screen
        assert topic.value == "chores"
        [row] = stored_timeouts(data_dir)
        assert row["outcome"] == "resumed"


async def test_a_time_out_mid_turn_pauses_the_talk_and_comes_back_to_it(
    couple: Store,
    data_dir: Path,
    clock: FakeClock,
    make_app,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed_speaking(couple, clock)
    app = make_app(couple)
    rings = count_bells(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        talk_screen = await accept_resume_offer(pilot)
        await tick(pilot, clock, 30)
        assert digits(talk_screen) == "1:30"

        called_at = clock.now()
        screen = await press_timeout(pilot)
        await app.saves_done()
        [talk_row] = stored_talks(data_dir)
        assert talk_row["paused"] is True
        assert talk_row["paused_remaining"] == 90
        assert talk_row["phase"] == "speaking"
        assert talk_row["timeouts"] == 1
        [row] = stored_timeouts(data_dir)
        assert row["talk_id"] == talk_row["id"]
        assert datetime.fromisoformat(row["return_at"]) == called_at + timedelta(minutes=20)
        assert back_at(screen) == f"Back at {local_clock(called_at + timedelta(minutes=20))}"
        assert back_at(screen) == "Back at 18:50"

        # before the agreed time, r does nothing
        await tick(pilot, clock, 10 * 60)
        await pilot.press("r")
        await app.saves_done()
        assert app.screen is screen
        assert actions_view(screen) == "to-choose"
        assert stored_timeouts(data_dir)[0]["outcome"] is None
        assert stored_talks(data_dir)[0]["paused"] is True
        assert rings == []

        # at the agreed time: the way back, and one bell
        await tick(pilot, clock, 10 * 60)
        assert actions_view(screen) == "to-back"
        assert "Time to come back" in shown(screen.query_one("#to-back Static"))
        assert rings == [1]
        await tick(pilot, clock, 5)
        assert rings == [1]

        resumed_at = clock.now()
        await pilot.press("r")
        await app.saves_done()
        await pilot.pause()
        assert app.screen is talk_screen
        talk = talk_screen.talk
        assert talk.phase is Phase.SPEAKING
        assert talk.speaker == 0
        assert not talk.paused
        assert talk.remaining(resumed_at) == 90
        assert digits(talk_screen) == "1:30"
        [talk_row] = stored_talks(data_dir)
        assert talk_row["paused"] is False
        assert datetime.fromisoformat(talk_row["deadline"]) == resumed_at + timedelta(seconds=90)
        [row] = stored_timeouts(data_dir)
        assert row["outcome"] == "resumed"


async def test_the_return_time_can_be_changed_but_not_below_twenty_minutes(
    couple: Store, data_dir: Path, clock: FakeClock, make_app
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        started = clock.now()
        screen = await press_timeout(pilot)
        assert back_at(screen) == "Back at 18:50"

        await pilot.click("#to-preset-30")
        await pilot.pause()
        await app.saves_done()
        [row] = stored_timeouts(data_dir)
        assert datetime.fromisoformat(row["return_at"]) == started + timedelta(minutes=30)
        assert back_at(screen) == f"Back at {local_clock(started + timedelta(minutes=30))}"

        field = screen.query_one("#to-time", Input)
        field.focus()
        await pilot.pause()
        await type_text(pilot, "10")
        await pilot.press("enter")
        await app.saves_done()
        assert shown(screen.query_one("#to-problem", Static)) == TOO_SOON
        [row] = stored_timeouts(data_dir)
        assert datetime.fromisoformat(row["return_at"]) == started + timedelta(minutes=30)

        # a clock time works and clears the message
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "19:15")
        await pilot.press("enter")
        await app.saves_done()
        assert shown(screen.query_one("#to-problem", Static)) == ""
        [row] = stored_timeouts(data_dir)
        assert local_clock(datetime.fromisoformat(row["return_at"])) == "19:15"


async def test_extend_once_then_reschedule_for_later(
    couple: Store, data_dir: Path, clock: FakeClock, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    talk = seed_speaking(couple, clock)
    app = make_app(couple)
    rings = count_bells(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        talk_screen = await accept_resume_offer(pilot)
        await tick(pilot, clock, 15)
        screen = await press_timeout(pilot)
        first_return = screen.cooldown.return_at

        await tick(pilot, clock, 20 * 60)
        assert actions_view(screen) == "to-back"
        await pilot.press("x")
        await app.saves_done()
        [row] = stored_timeouts(data_dir)
        assert row["extended"] is True
        assert datetime.fromisoformat(row["return_at"]) == first_return + timedelta(minutes=20)
        assert actions_view(screen) == "to-choose"
        assert rings == [1]
        # nothing hidden keeps the focus: enter must not press the hidden Later button
        assert app.focused is None or app.focused in screen.focus_chain
        await pilot.press("enter", "4", "5", "enter")
        await app.saves_done()
        assert app.screen is screen
        assert stored_timeouts(data_dir)[0]["outcome"] is None

        await tick(pilot, clock, 20 * 60)
        assert actions_view(screen) == "to-back"
        assert rings == [1, 1]  # the new return time rings again
        assert screen.check_action("extend", ()) is False
        await pilot.press("x")  # only once
        await app.saves_done()
        [row] = stored_timeouts(data_dir)
        assert datetime.fromisoformat(row["return_at"]) == first_return + timedelta(minutes=20)
        assert row["outcome"] is None
        assert actions_view(screen) == "to-back"

        # not ready yet: move the talk to 21:00
        await pilot.press("l")
        later = screen.query_one("#to-later", Input)
        assert app.focused is later
        await type_text(pilot, "21:00")
        await pilot.press("enter")
        await app.saves_done()
        await pilot.pause()

        [row] = stored_timeouts(data_dir)
        assert row["outcome"] == "rescheduled"
        assert local_clock(datetime.fromisoformat(row["rescheduled_to"])) == "21:00"
        [talk_row] = stored_talks(data_dir)
        assert talk_row["id"] == talk.id
        assert talk_row["paused"] is True
        assert talk_row["paused_remaining"] == 105
        assert app.screen is talk_screen
        assert talk_screen.talk.paused
        assert talk_screen.query_one("#talk-views", ContentSwitcher).current == "talk-paused"


async def test_undo_in_the_first_minute_only(
    couple: Store, data_dir: Path, clock: FakeClock, make_app
) -> None:
    seed_speaking(couple, clock)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        talk_screen = await accept_resume_offer(pilot)
        await tick(pilot, clock, 20)
        screen = await press_timeout(pilot)
        await tick(pilot, clock, 50)
        undone_at = clock.now()
        await pilot.press("u")
        await app.saves_done()
        await pilot.pause()

        assert app.screen is talk_screen
        [row] = stored_timeouts(data_dir)
        assert row["outcome"] == "undone"
        assert talk_screen.talk.phase is Phase.SPEAKING
        assert talk_screen.talk.remaining(undone_at) == 100

        # a second time-out cannot be undone after its first minute
        screen = await press_timeout(pilot)
        await tick(pilot, clock, 61)
        await pilot.press("u")
        await app.saves_done()
        assert app.screen is screen
        rows = sorted(stored_timeouts(data_dir), key=lambda r: r["started"])
        assert [r["outcome"] for r in rows] == ["undone", None]


async def test_a_refused_return_time_leaves_the_one_on_disk_on_screen(
    couple: Store, data_dir: Path, clock: FakeClock, make_app
) -> None:
    """The screen shows the disk's return time after a refusal, even one it had not seen yet."""
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        started = clock.now()
        screen = await press_timeout(pilot)
        await pilot.click("#to-preset-30")
        assert back_at(screen) == "Back at 19:00"

        # the other terminal agrees 19:10 (this one has not polled yet)
        talks.apply_timeout(
            couple,
            screen.cooldown.id,
            TimeOutStep.CHOOSE,
            clock.now(),
            started + timedelta(minutes=40),
            "Europe/London",
        )
        assert back_at(screen) == "Back at 19:00"

        # ten minutes is too soon: refused, with the reason, and the disk's time shown
        screen.query_one("#to-time", Input).focus()
        await type_text(pilot, "10")
        await pilot.press("enter")
        assert shown(screen.query_one("#to-problem", Static)) == TOO_SOON
        assert back_at(screen) == "Back at 19:10"
        [row] = stored_timeouts(data_dir)
        assert datetime.fromisoformat(row["return_at"]) == started + timedelta(minutes=40)

        # at 18:55, "20" (18:50) is long enough but already past: the disk refuses it
        talks.apply_timeout(
            couple,
            screen.cooldown.id,
            TimeOutStep.CHOOSE,
            clock.now(),
            started + timedelta(minutes=45),
            "Europe/London",
        )
        await tick(pilot, clock, 25 * 60)
        assert actions_view(screen) == "to-choose"
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "20")
        await pilot.press("enter")
        assert shown(screen.query_one("#to-problem", Static)) == (
            "Choose a return time that is still ahead."
        )
        assert back_at(screen) == "Back at 19:15"
        [row] = stored_timeouts(data_dir)
        assert datetime.fromisoformat(row["return_at"]) == started + timedelta(minutes=45)
        assert row["outcome"] is None
