"""The waits every snapshot test takes before a picture, written once."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, TextArea


async def settle(pilot: Pilot) -> None:
    """The start-up check, every write and every read in a worker done, and drawn."""
    app = pilot.app
    await app.settle()  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await app.settle()  # type: ignore[attr-defined]
    await pilot.pause()


async def steady(pilot: Pilot, linger: float = 0.0) -> None:
    """No blinking cursors; the start-up check, every write, read and repaint done.

    `linger`: seconds more for what runs a moment after the last key (a gentle check
    of what was typed), before the last settle.
    """
    await settle(pilot)
    screen = pilot.app.screen
    for field in screen.query(Input):
        field.cursor_blink = False
    for area in screen.query(TextArea):
        area.cursor_blink = False
    if linger:
        await pilot.pause(linger)
    await settle(pilot)
