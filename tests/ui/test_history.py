"""The history: past talks newest first, and deleting one for good after asking."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from companion.clock import FakeClock
from companion.screens.confirm import ConfirmScreen
from companion.screens.history import HistoryScreen
from companion.store import Store
from companion.talk import Talk, TalkStep
from companion.talk import records as talks
from companion.timeout import TimeOutStep

from .helpers import SIZE, record_notices, seed_speaking, stored_talks, stored_timeouts

TZ = "Europe/London"


def finished_talk(store: Store, clock: FakeClock, topic: str, time_out: bool = False) -> Talk:
    """A talk that was had and closed (with a time-out in the middle if asked), then an hour."""
    talk = seed_speaking(store, clock, topic)
    if time_out:
        cooldown = talks.start_timeout(store, TZ, clock.now())
        clock.advance(20 * 60)
        talks.apply_timeout(store, cooldown.id, TimeOutStep.COME_BACK, clock.now())
    clock.advance(60)
    talks.apply(store, talk.id, TalkStep.END, clock.now())
    done = talks.apply(store, talk.id, TalkStep.FINISH, clock.now())
    clock.advance(3600)
    return done


def row_keys(grid: DataTable) -> list[str | None]:
    return [row.key.value for row in grid.ordered_rows]


async def test_d_deletes_the_selected_talk_after_asking_and_keep_it_keeps_it(
    couple: Store,
    data_dir: Path,
    clock: FakeClock,
    make_app,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    money = finished_talk(couple, clock, "Money", time_out=True)
    holidays = finished_talk(couple, clock, "Holidays")
    assert stored_talks(data_dir, archived=False) == []  # both in the archive of their year
    assert {row["id"] for row in stored_talks(data_dir)} == {money.id, holidays.id}
    [cooldown] = stored_timeouts(data_dir)
    assert cooldown["talk_id"] == money.id

    app = make_app(couple)
    notices = record_notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        history = app.screen
        assert isinstance(history, HistoryScreen)
        grid = history.query_one(DataTable)
        assert row_keys(grid) == [holidays.id, money.id]  # newest first
        await pilot.press("down")  # Money

        # "Keep it" changes nothing
        await pilot.press("d")
        ask = app.screen
        assert isinstance(ask, ConfirmScreen)
        assert "Money" in ask.question
        await pilot.click("#confirm-no")
        assert app.screen is history
        assert row_keys(grid) == [holidays.id, money.id]
        assert {row["id"] for row in stored_talks(data_dir)} == {money.id, holidays.id}
        assert len(stored_timeouts(data_dir)) == 1

        # "Delete it" removes the talk and its time-out, from the table and from the disk
        assert row_keys(grid)[grid.cursor_row] == money.id
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#confirm-yes")
        assert app.screen is history
        assert notices[-1] == "The talk is deleted."
        assert row_keys(grid) == [holidays.id]
        assert [row["id"] for row in stored_talks(data_dir)] == [holidays.id]
        assert stored_timeouts(data_dir) == []
        assert talks.get_talk(couple, money.id) is None
        assert talks.get_talk(couple, holidays.id) is not None
