"""Shared fixtures. No test may ever touch the real user's data dir."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from companion.clock import FakeClock
from companion.profile import create_profile
from companion.store import Store

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
        yield home


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
def make_app(clock: FakeClock) -> Callable[..., object]:
    """Build an unstarted CompanionApp on a store, without the live-reload poll."""

    def build(store: Store, poll: bool = False):
        from companion.app import CompanionApp

        return CompanionApp(store=store, clock=clock, poll=poll)

    return build
