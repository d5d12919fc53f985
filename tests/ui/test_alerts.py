"""When time is up: the bell, and (turned on from the command palette) a desktop notice."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandInput, CommandList, CommandPalette
from textual.pilot import Pilot

from companion.clock import FakeClock
from companion.store import Store
from companion.talk import records as talks
from tests.ui.helpers import (
    SIZE,
    accept_resume_offer,
    count_bells,
    read_area,
    record_notices,
    seed_speaking,
    tick,
)

OSC9 = "\x1b]9;"
OSC777 = "\x1b]777;notify;"


def record_writes(app, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the app writes to the terminal itself, past the screen's own drawing."""
    written: list[str] = []
    monkeypatch.setattr(app._driver, "write", written.append)
    return written


def notices_in(written: list[str]) -> list[str]:
    return [data for data in written if OSC9 in data]


async def palette_choose(pilot: Pilot, words: str) -> None:
    """ctrl+p, type, and run the first match."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    pilot.app.screen.query_one(CommandInput).value = words  # as typed, without a wait per key
    found = pilot.app.screen.query_one(CommandList)
    for _ in range(100):  # the palette searches in the background
        if found.option_count:
            break
        await pilot.pause(0.02)
    await pilot.press("down", "enter")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.app.settle()


def desktop_notify_on_disk(data_dir: Path) -> bool:
    [settings] = read_area(data_dir, "profile")["settings"].values()
    return settings["desktop_notify"]


async def test_the_end_of_a_turn_only_rings_until_desktop_notices_are_turned_on(
    couple: Store, data_dir: Path, clock: FakeClock, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_speaking(couple, clock)
    app = make_app(couple)
    rings = count_bells(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        written = record_writes(app, monkeypatch)
        await accept_resume_offer(pilot)
        await tick(pilot, clock, 120)  # the speaker's two minutes are up
        assert rings == [1]
        assert notices_in(written) == []
        assert desktop_notify_on_disk(data_dir) is False


async def test_turned_on_from_the_palette_a_notice_goes_out_at_once_and_when_a_turn_ends(
    couple: Store, data_dir: Path, clock: FakeClock, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")  # a terminal nobody knows: both sequences
    for unknown in ("TERM_PROGRAM", "VTE_VERSION", "TMUX"):
        monkeypatch.delenv(unknown, raising=False)
    seed_speaking(couple, clock)
    app = make_app(couple)
    rings = count_bells(app, monkeypatch)
    shown = record_notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        written = record_writes(app, monkeypatch)
        await accept_resume_offer(pilot)
        await palette_choose(pilot, "desktop")
        assert desktop_notify_on_disk(data_dir) is True
        assert app.profile is not None and app.profile.settings.desktop_notify
        [trial] = notices_in(written)
        assert "this is how they look" in trial and OSC777 in trial
        assert any("Desktop notifications are on" in notice for notice in shown)

        await tick(pilot, clock, 120)
        assert rings == [1]  # the bell still rings
        assert notices_in(written)[1:] == [
            "\x1b]9;Companion: Time is up for this turn.\x07"
            "\x1b]777;notify;Companion;Time is up for this turn.\x07"
        ]
        await tick(pilot, clock, 20)
        assert len(notices_in(written)) == 2  # once per turn, like the bell

        # and off again: the palette now offers to turn them off
        await palette_choose(pilot, "desktop")
        assert desktop_notify_on_disk(data_dir) is False
        assert any("Desktop notifications are off" in notice for notice in shown)


async def test_the_end_of_a_time_out_notifies_the_desktop_too(
    couple: Store, clock: FakeClock, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    from companion.profile import load_profile, save_settings

    monkeypatch.delenv("TMUX", raising=False)
    settings = load_profile(couple).settings
    settings.desktop_notify = True
    save_settings(couple, settings)
    talks.start_timeout(couple, "Europe/London", clock.now())
    app = make_app(couple)
    rings = count_bells(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        written = record_writes(app, monkeypatch)
        await pilot.pause()
        assert app.screen.ROLE == "timeout"
        await tick(pilot, clock, 20 * 60)
        assert rings == [1]
        [notice] = notices_in(written)
        assert "The time-out is over." in notice
        assert "\x1bPtmux" not in notice


async def test_inside_tmux_the_notice_is_wrapped_to_pass_through(
    couple: Store, clock: FakeClock, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    monkeypatch.setenv("TERM", "tmux-256color")
    talks.start_timeout(couple, "Europe/London", clock.now())
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        written = record_writes(app, monkeypatch)
        await palette_choose(pilot, "desktop")
        [trial] = notices_in(written)
        assert trial.startswith("\x1bPtmux;\x1b\x1b]9;")
