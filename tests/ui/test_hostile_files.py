"""The app and a hostile file: at start, and when the file changes under a running app,
the error screen names it in the same one sentence as `doctor`, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from companion import areas
from companion.clock import FakeClock
from companion.screens.error import ErrorScreen
from companion.screens.home import HomeScreen
from companion.store import Store, StoreError
from tests.hostile import break_file, good_dir, hostile_documents, snapshot

from .helpers import SIZE, shown

LIVE_CASES = [
    "a 5,000-digit integer",  # does not parse
    "a version written as text",  # parses, unreadable version
    "a turn length of 10**30",  # a damaged talk
    "a time-out at year 9999",  # a damaged time-out
    "a profile made at year 9999",  # a damaged profile
    "a setting of 10**30 minutes",  # a damaged setting
]
"""One case of each kind, in a live file (start-up and the poll read live files): the app
shows what the checks raise, so tests/unit/test_hostile_files.py runs every case there."""


def the_sentence(store: Store) -> str:
    with pytest.raises(StoreError) as caught:
        areas.check_all(store, archived=True, migrate=False)
    return caught.value.message


@pytest.mark.parametrize("case", LIVE_CASES)
async def test_a_hostile_file_is_named_by_the_poll_and_at_start(
    data_dir: Path, clock: FakeClock, make_app, case: str
) -> None:
    good_dir(data_dir, clock)
    app = make_app(Store(data_dir, clock))
    async with app.run_test(size=SIZE) as pilot:
        assert not isinstance(app.screen, ErrorScreen)
        break_file(data_dir, case)  # the other terminal, an editor, a sync tool
        before = snapshot(data_dir)
        sentence = the_sentence(Store(data_dir, clock))

        app.poll_store()  # a running app's poll
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen), case
        assert shown(app.screen.query_one("#error-message", Static)) == sentence
        app.poll_store()  # the next poll finds it again, and shows it once
        await pilot.pause()
        assert sum(isinstance(s, ErrorScreen) for s in app.screen_stack) == 1

        await pilot.press("r")  # try again: the start-up check, as when the app opens
        assert isinstance(app.screen, ErrorScreen)
        assert shown(app.screen.query_one("#error-message", Static)) == sentence
        assert sum(isinstance(s, ErrorScreen) for s in app.screen_stack) == 1
    assert snapshot(data_dir) == before


async def test_the_app_opens_on_the_error_screen(
    data_dir: Path, clock: FakeClock, make_app
) -> None:
    store = good_dir(data_dir, clock)
    break_file(data_dir, "a turn length of 10**30")
    before = snapshot(data_dir)
    app = make_app(Store(data_dir, clock))
    async with app.run_test(size=SIZE):
        assert isinstance(app.screen, ErrorScreen)
        assert shown(app.screen.query_one("#error-message", Static)) == the_sentence(store)
    assert snapshot(data_dir) == before


def test_the_cases_are_hostile_documents() -> None:
    assert set(LIVE_CASES) <= set(hostile_documents())
    assert all(
        hostile_documents()[case][0] in ("talks.json", "profile.json") for case in LIVE_CASES
    )


async def test_the_good_dir_opens_without_an_error(
    data_dir: Path, clock: FakeClock, make_app
) -> None:
    good_dir(data_dir, clock)
    app = make_app(Store(data_dir, clock))
    async with app.run_test(size=SIZE):
        assert not any(isinstance(s, ErrorScreen) for s in app.screen_stack)
        assert isinstance(app.screen_stack[0], HomeScreen)
