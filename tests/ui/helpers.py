"""Helpers for Pilot tests: drive the screens, read what they show and what the files hold."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Digits, Input, RadioSet

from companion.clock import FakeClock
from companion.screens.confirm import ConfirmScreen
from companion.screens.home import HomeScreen
from companion.screens.talk import TalkScreen
from companion.store import Store
from companion.talk import PRESETS, Phase, Talk
from companion.talk import records as talks

SIZE = (80, 24)
TIMEOUT_FIELDS = {
    "id",
    "started",
    "return_at",
    "talk_id",
    "extended",
    "ended",
    "outcome",
    "rescheduled_to",
}
"""Every key a saved time-out may have: none of them says who called it."""


# -- reading --------------------------------------------------------------------
def shown(widget: Widget) -> str:
    """The plain text a Static-like widget displays (markup already applied, styles dropped)."""
    visual = widget.visual  # type: ignore[attr-defined]
    return visual.plain


def read_area(data_dir: Path, area: str) -> dict[str, Any]:
    """The raw JSON document of one area file, as it is on disk now."""
    return json.loads((data_dir / f"{area}.json").read_text(encoding="utf-8"))


def area_files(data_dir: Path, area: str) -> list[Path]:
    """An area's yearly archives (oldest first), then its live file: everything it holds on disk."""
    archives = sorted(
        path
        for path in data_dir.glob(f"{area}.*.json")
        if path.name.removeprefix(f"{area}.").removesuffix(".json").isdigit()
    )
    live = data_dir / f"{area}.json"
    return [*archives, *([live] if live.exists() else [])]


def table(data_dir: Path, area: str, name: str, archived: bool = True) -> list[dict[str, Any]]:
    """The rows of one TinyDB table of an area: its archives too, unless archived=False."""
    if not archived:
        return list(read_area(data_dir, area).get(name, {}).values())
    rows: list[dict[str, Any]] = []
    for path in area_files(data_dir, area):
        rows.extend(json.loads(path.read_text(encoding="utf-8")).get(name, {}).values())
    return rows


def stored_talks(data_dir: Path, archived: bool = True) -> list[dict[str, Any]]:
    """The saved talks: finished ones from the yearly archives too, unless archived=False."""
    return table(data_dir, "talks", "talks", archived)


def stored_timeouts(data_dir: Path, archived: bool = True) -> list[dict[str, Any]]:
    """The saved time-outs, after checking none records anything beyond the known fields."""
    rows = table(data_dir, "talks", "timeouts", archived)
    for row in rows:
        assert set(row) <= TIMEOUT_FIELDS, (
            f"unexpected time-out fields: {set(row) - TIMEOUT_FIELDS}"
        )
    return rows


def digits(screen: TalkScreen) -> str:
    return screen.query_one("#countdown Digits", Digits).value


def count_bells(app: Any, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Replace the app's bell with a counter."""
    rings: list[int] = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(1))
    return rings


def record_notices(app: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every notice the app shows from now on, in order (they still show as usual)."""
    notices: list[str] = []
    notify = app.notify

    def recording(message: str, *args: Any, **kwargs: Any) -> None:
        notices.append(message)
        notify(message, *args, **kwargs)

    monkeypatch.setattr(app, "notify", recording)
    return notices


# -- typing ---------------------------------------------------------------------
async def type_text(pilot: Pilot, text: str) -> None:
    """Type `text` into whatever has focus, one key per character."""
    await pilot.press(*text)


async def paste(pilot: Pilot, text: str) -> None:
    """Paste `text` into whatever has focus, as a terminal's bracketed paste does (fast)."""
    focused = pilot.app.focused
    assert focused is not None, "nothing has focus to paste into"
    focused.post_message(events.Paste(text))
    await pilot.pause()


async def tick(pilot: Pilot, clock: FakeClock, seconds: float) -> None:
    """Move the fake clock and let the countdown on top look at it and repaint.

    A countdown looks at the clock at most 0.2 s apart; on a busy machine (the
    whole suite in two processes) that look can come later than a fixed pause,
    so a screen with a countdown is waited for (up to 1.5 s more) until it has
    looked at the clock since it moved.
    """
    screen = pilot.app.screen
    before = getattr(screen, "_last_left", None)
    clock.advance(seconds)
    await pilot.pause(0.3)
    if before is None:
        return
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 1.5
    while getattr(screen, "_last_left", None) == before and loop.time() < deadline:
        await pilot.pause(0.05)


# -- a talk -----------------------------------------------------------------------
async def open_setup(pilot: Pilot) -> TalkScreen:
    """From home, `t` opens the talk area on its setup form, topic field focused."""
    app = pilot.app
    assert isinstance(app.screen, HomeScreen)
    await pilot.press("t")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, TalkScreen)
    assert app.focused is screen.query_one("#topic", Input)
    return screen


async def choose_preset(pilot: Pilot, screen: Screen, name: str) -> None:
    button = next(b for b in screen.query("#preset RadioButton") if b.name == name)
    await pilot.click(button)
    await pilot.pause()
    assert screen.query_one("#preset", RadioSet).pressed_button is button


async def choose_own_lengths(
    pilot: Pilot, screen: Screen, speak: str, paraphrase: str, clarify: str
) -> None:
    """On a talk's set-up form (the talk screen's, or a dialog's): "Your own lengths", and
    these minutes typed into each field; focus is left in the last."""
    await choose_preset(pilot, screen, "custom")
    for field, value in (("#speak", speak), ("#paraphrase", paraphrase), ("#clarify", clarify)):
        box = screen.query_one(field, Input)
        box.focus()
        await pilot.press("end", "ctrl+u", value)


async def begin(pilot: Pilot, screen: TalkScreen, topic: str, preset: str | None = None) -> None:
    """Fill the setup form and press Begin: the talk waits at the ground rules."""
    await paste(pilot, topic)
    if preset is not None:
        await choose_preset(pilot, screen, preset)
    await pilot.click("#begin")
    await pilot.pause()


async def agree(pilot: Pilot, screen: TalkScreen) -> None:
    """Both partners tick their box (space), then Begin (enter on the focused button)."""
    assert screen.talk is not None and screen.talk.phase is Phase.GROUND_RULES
    assert pilot.app.focused is screen.query_one("#agree0", Checkbox)
    await pilot.press("space", "tab", "space")
    assert all(box.value for box in screen.query(Checkbox))
    await pilot.press("enter")
    await pilot.pause()
    assert screen.talk.phase is Phase.SPEAKING


async def start_speaking(pilot: Pilot, topic: str = "Sundays") -> TalkScreen:
    """From home, through the setup form and the ground rules, to the first speaker's turn."""
    screen = await open_setup(pilot)
    await begin(pilot, screen, topic)
    await agree(pilot, screen)
    return screen


def take_steps(talk: Talk, clock: FakeClock, steps: tuple[str, ...] | list[str]) -> Talk:
    """Take talk steps by name; "agreed" stands for both partners ticking the ground rules."""
    for step in steps:
        if step == "agreed":
            talk.agree(clock.now(), 0)
            talk.agree(clock.now(), 1)
        else:
            talk.take(step, clock.now())
    return talk


def seed_talk(store: Store, clock: FakeClock, topic: str = "Money", *steps: str) -> Talk:
    """A talk already on disk, as if left by an earlier session; `steps` are TalkStep names."""
    talk = Talk.new(topic, ("Sam", "Alex"), 0, PRESETS["short"], "short", clock.now())
    take_steps(talk, clock, steps)
    talks.save_talk(store, talk)
    return talk


def seed_speaking(store: Store, clock: FakeClock, topic: str = "Money") -> Talk:
    """A talk already on disk with Sam speaking."""
    return seed_talk(store, clock, topic, "agreed", "begin")


async def accept_resume_offer(pilot: Pilot) -> TalkScreen:
    """A start with a talk left open offers it first: say yes and land on the talk."""
    app = pilot.app
    await pilot.pause()
    assert isinstance(app.screen, ConfirmScreen)
    await pilot.click("#confirm-yes")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, TalkScreen)
    return screen
