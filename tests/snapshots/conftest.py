"""Snapshots live in tests/__snapshots__/ (STYLE.md), one folder per test module."""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path

import pytest
import pytest_textual_snapshot
from textual.pilot import Pilot

SNAPSHOTS = Path(__file__).resolve().parents[1] / "__snapshots__"


class _SnapshotsBesideTests(pytest_textual_snapshot.SVGImageExtension):
    @classmethod
    def dirname(cls, *, test_location) -> str:
        return str(SNAPSHOTS / test_location.basename)


# snap_compare looks the extension up when it runs, so this moves every snapshot.
pytest_textual_snapshot.SVGImageExtension = _SnapshotsBesideTests


@pytest.fixture(autouse=True)
def _steady_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same screen on every machine: a fixed time zone for the setup form's default."""
    monkeypatch.setenv("TZ", "Europe/London")


async def drain_every_screen(pilot: Pilot) -> None:
    """Every screen in the stack has handled what it was sent, not only the top one.

    Pilot waits for the screen on top. A footer or a list under a dialog (the
    command palette over home) may still be recomposing then, and a busy
    machine would catch it half drawn. Twice, because a recompose mounts new
    widgets that have their own messages to handle.
    """
    loop = asyncio.get_running_loop()
    for _ in range(2):
        handled: list[asyncio.Future[None]] = []
        for screen in list(pilot.app.screen_stack):
            for node in [screen, *screen.walk_children()]:
                done: asyncio.Future[None] = loop.create_future()
                if node.call_later(done.set_result, None):
                    handled.append(done)
        if handled:
            await asyncio.wait(handled, timeout=30)
        await pilot.pause()


@pytest.fixture
def snap_compare(snap_compare):
    """The plugin's snap_compare, taking the picture only once every screen is drawn."""

    def compare(app, *args, run_before=None, **kwargs):
        async def run(pilot: Pilot) -> None:
            if run_before is not None:
                result = run_before(pilot)
                if inspect.isawaitable(result):
                    await result
            await drain_every_screen(pilot)

        return snap_compare(app, *args, run_before=run, **kwargs)

    return compare
