"""Leaving a talk and coming back to it: escape, quitting, and the offer at the next start."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from textual.widgets import ContentSwitcher, Static

from companion.clock import FakeClock
from companion.screens.confirm import ConfirmScreen
from companion.screens.history import HistoryScreen
from companion.screens.home import HomeScreen
from companion.screens.talk_card import TalkCard
from companion.store import Store
from companion.talk import Phase
from companion.talk import records as talks

from .helpers import (
    SIZE,
    accept_resume_offer,
    digits,
    seed_speaking,
    seed_talk,
    shown,
    stored_talks,
    stored_timeouts,
    tick,
)


def the_talk(data_dir: Path) -> dict:
    [row] = stored_talks(data_dir)
    return row


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


async def test_quitting_mid_turn_pauses_and_the_next_start_offers_it_back(
    couple: Store, data_dir: Path, clock: FakeClock, make_app
) -> None:
    # one exchange done: Alex has the floor
    seed_talk(
        couple, clock, "Holidays", "agreed", "begin", "speaker_done", "paraphrase_done", "confirm"
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
        card = app.screen.query_one(TalkCard)
        assert card.display
        assert "A talk is waiting: Money" in shown(card)
    assert talks.active_talk(Store(data_dir, clock)).phase is Phase.SPEAKING
