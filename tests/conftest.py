"""Shared fixtures. No test may ever touch the real user's data dir."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from companion.clock import FakeClock
from companion.profile import create_profile
from companion.store import Store

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from companion.app import CompanionApp

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

START = datetime(2026, 3, 14, 18, 30, tzinfo=UTC)
"""A Saturday evening; every test that needs "now" starts here."""


@pytest.fixture(scope="session", autouse=True)
def _no_real_data_dir(tmp_path_factory):
    """Point COMPANION_HOME (and the platform default) at a throwaway folder for the whole run.

    Session-scoped so that Hypothesis tests do not see a function-scoped fixture.
    """
    home = tmp_path_factory.mktemp("companion-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COMPANION_HOME", str(home / "data"))
        mp.setenv("XDG_DATA_HOME", str(home / "xdg"))
        # Tests sit at one keyboard unless they say otherwise (tests/ui/test_seats.py):
        # "both of us here", so no app asks whose screen it is.
        mp.setenv("COMPANION_ME", "both")
        yield home


@pytest.fixture(autouse=True)
def _quick_journal_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """New journals get a cheap scrypt cost in tests (the file records it, so it still opens)."""
    from companion.reflect import vault

    monkeypatch.setattr(vault, "NEW_JOURNAL_COST", vault.Cost(log2_n=8, r=8, p=1))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data dir; COMPANION_HOME points there too."""
    path = tmp_path / "data"
    monkeypatch.setenv("COMPANION_HOME", str(path))
    return path


@pytest.fixture
def store(data_dir: Path, clock: FakeClock) -> Store:
    return Store(data_dir, clock)


@pytest.fixture
def couple(store: Store) -> Store:
    """A store with a profile for Sam and Alex in Europe/London."""
    create_profile(store, ["Sam", "Alex"], "Europe/London")
    return store


@pytest.fixture
def make_app() -> Callable[..., object]:
    """Build an unstarted CompanionApp on a store (and its clock), without the live-reload poll."""

    def build(store: Store, poll: bool = False) -> CompanionApp:
        from companion.app import CompanionApp

        return CompanionApp(store=store, poll=poll)

    return build


async def settle(pilot: Pilot) -> None:
    """Wait until the app's start-up check, every write and every read in a worker are done and drawn."""
    from textual.pilot import Pilot

    from companion.app import CompanionApp

    app = pilot.app
    # First let what the key or click posted (a button's Pressed bubbling up, an
    # action) reach its handler: a save it starts is then queued before we wait.
    await Pilot.pause(pilot)
    if isinstance(app, CompanionApp):
        await app.settle()
        await app.workers.wait_for_complete()
        await app.settle()  # what a worker handed back may have saved something
    await Pilot.pause(pilot)


async def _button_ready(pilot: Pilot) -> None:
    """A button ignores clicks for 0.2 s after it was pressed (it shows it was pressed);
    a person cannot click again that fast, a test can: wait, as they would."""
    from textual.widgets import Button

    for _ in range(50):
        if not any(b.has_class("-active") for b in pilot.app.screen.query(Button)):
            return
        await asyncio.sleep(0.01)


@pytest.fixture(autouse=True)
def _keys_wait_for_the_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Pilot key press or click returns once what it saved is on disk and on screen.

    Screens await each write before they show the record the disk returns, and
    some read in a worker, so a test reads the screen only after both have
    landed: keys in, the disk's answer out, as a person sees it a moment later.
    Entering `run_test` likewise waits for the start-up check.
    """
    from textual.pilot import Pilot

    from companion.app import CompanionApp

    for name in ("press", "click"):
        original = getattr(Pilot, name)

        async def wrapped(self: Pilot, *args, _original=original, _name=name, **kwargs):
            if _name == "click":
                await _button_ready(self)
            result = await _original(self, *args, **kwargs)
            await settle(self)
            return result

        monkeypatch.setattr(Pilot, name, wrapped)

    original_run_test = CompanionApp.run_test

    @asynccontextmanager
    async def run_test(self: CompanionApp, *args, **kwargs):
        async with original_run_test(self, *args, **kwargs) as pilot:
            await settle(pilot)
            yield pilot
            # Closing, as ctrl+q does: a time-out screen being built ahead is finished first
            # (Textual closing a screen in the middle of its mount trips over it).
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._spare_done.wait(), 5)

    monkeypatch.setattr(CompanionApp, "run_test", run_test)
