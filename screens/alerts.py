"""When time is up: the bell, and a desktop notice where the couple turned them on.

Both cross SSH as bytes to the terminal: the bell as BEL, the notice as OSC 9
and OSC 777 (companion.notices), written through the app's driver. The
setting is turned on and off from the command palette.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from companion import notices, words
from companion.profile import save_settings

if TYPE_CHECKING:
    from companion.app import CompanionApp


def said() -> dict:
    return words.data("notices.toml")


def time_up(app: CompanionApp, what: str) -> None:
    """A turn's time or a time-out is over (`what`: "turn_over" or "timeout_over")."""
    settings = app.profile.settings if app.profile is not None else None
    if settings is None or settings.bell:
        app.bell()
    if settings is not None and settings.desktop_notify:
        notify_desktop(app, said()[what])


def notify_desktop(app: CompanionApp, body: str) -> None:
    """Ask the terminal for a desktop notice (a terminal that cannot ignores it)."""
    driver = app._driver  # where App.bell writes too
    if driver is None or app.is_web:  # a browser tab shows no desktop notice
        return
    sequence = notices.desktop_notification(
        said()["title"], body, tmux="TMUX" in os.environ, send=notices.protocols(os.environ)
    )
    driver.write(sequence)


def system_commands(app: CompanionApp) -> Iterable[SystemCommand]:
    """The palette entry that turns desktop notices on or off (once there is a profile)."""
    profile = app.profile
    if profile is None:
        return
    palette = said()["palette"]
    title = palette["off"] if profile.settings.desktop_notify else palette["on"]
    yield SystemCommand(
        title,
        palette["help"],
        lambda: app.run_worker(toggle_desktop_notify(app), group="settings"),
    )


async def toggle_desktop_notify(app: CompanionApp) -> None:
    """Turn desktop notices on or off, as saved; turning them on shows one at once."""
    profile = app.profile
    if profile is None:
        return
    wanted = replace(profile.settings, desktop_notify=not profile.settings.desktop_notify)
    saved = await app.save("profile", save_settings, app.store, wanted)
    if saved is None:
        return
    palette = said()["palette"]
    if saved.desktop_notify:
        notify_desktop(app, palette["test"])
        app.notify(palette["turned_on"])
    else:
        app.notify(palette["turned_off"])
