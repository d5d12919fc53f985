"""Time-outs from the keyboard: ctrl+t from anywhere, the return time, and coming back."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import ContentSwitcher, Input, Static

from companion import talks
from companion.clock import FakeClock
from companion.screens.confirm import ConfirmScreen
from companion.screens.home import HomeScreen
from companion.screens.timeout import TimeoutScreen
from companion.store import Store
from companion.talk import Phase
from companion.timeout import TOO_SOON

from .helpers import (
    SIZE,
    accept_resume_offer,
    count_bells,
    digits,
    open_setup,
    seed_speaking,
    seed_talk,
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
        assert "just for you" in shown(screen.query_one("#to-why", Static))

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


async def test_an_active_time_out_survives_a_restart(
    couple: Store, data_dir: Path, clock: FakeClock, make_app
) -> None:
    seed_speaking(couple, clock)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await accept_resume_offer(pilot)
        screen = await press_timeout(pilot)
        await pilot.click("#to-preset-60")
        await app.saves_done()
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


async def test_quitting_mid_turn_pauses_and_the_next_start_offers_it_back(
    couple: Store, data_dir: Path, clock: FakeClock, make_app
) -> None:
    # one exchange done: Alex has the floor
    seed_talk(
        couple, clock, "Holidays", "agree_rules", "speaker_done", "paraphrase_done", "confirm"
    )
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        talk_screen = await accept_resume_offer(pilot)
        await tick(pilot, clock, 25)
        assert talk_screen.talk.phase is Phase.SPEAKING
        assert talk_screen.talk.speaker == 1
        assert digits(talk_screen) == "1:35"
        await pilot.press("ctrl+q")
    assert app.return_code in (None, 0)

    [row] = stored_talks(data_dir)
    assert row["phase"] == "speaking"
    assert row["speaker"] == 1
    assert row["paused"] is True
    assert row["paused_remaining"] == 95
    assert row["timeouts"] == 0  # leaving is not a time-out
    assert stored_timeouts(data_dir) == []

    clock.advance(3600)
    app = make_app(Store(data_dir, clock))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        offer = app.screen
        assert isinstance(offer, ConfirmScreen)
        assert "Holidays" in offer.question
        talk_screen = await accept_resume_offer(pilot)
        assert talk_screen.talk.paused
        view = talk_screen.query_one("#talk-views", ContentSwitcher)
        assert view.current == "talk-paused"
        assert "1:35 left" in shown(talk_screen.query_one("#paused-text", Static))

        back_at_moment = clock.now()
        await pilot.press("space")
        await app.saves_done()
        talk = talk_screen.talk
        assert talk.phase is Phase.SPEAKING
        assert talk.speaker == 1
        assert not talk.paused
        assert talk.remaining(back_at_moment) == 95
        assert view.current == "talk-live"
        assert digits(talk_screen) == "1:35"
    [row] = stored_talks(data_dir)
    assert row["paused"] is False
    assert row["timeouts"] == 0
    assert datetime.fromisoformat(row["deadline"]) == back_at_moment + timedelta(seconds=95)


async def test_declining_the_offer_leaves_the_talk_waiting_on_home(
    couple: Store, data_dir: Path, clock: FakeClock, make_app
) -> None:
    seed_speaking(couple, clock, topic="Money")
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        waiting = app.screen.query_one("#waiting", Static)
        assert waiting.display
        assert "Money" in shown(waiting)
    assert talks.active_talk(Store(data_dir, clock)).phase is Phase.SPEAKING
