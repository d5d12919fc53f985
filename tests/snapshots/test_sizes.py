"""Every screen and dialog at 80x24 and at 60x20 (the smallest Companion supports).

Nothing may be cut: no word under the bottom edge, no button out of reach, no
sentence stopped short. Each scene below is a place a person can reach; each
snapshot was looked at as a picture before it was accepted.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.pilot import Pilot

from companion.clock import FakeClock
from companion.profile import create_profile
from companion.store import Store
from companion.talk import PRESETS, Talk
from companion.talk import records as talks
from companion.timeout import TimeOutStep

from .steps import settle, steady

SIZES = [(80, 24), (60, 20)]
TZ = "Europe/London"


Prepare = Callable[[Store, FakeClock], None]
Run = Callable[[Pilot], Awaitable[None]]


@dataclass(frozen=True)
class Scene:
    """What is on disk before the app starts, and the keys that lead to the screen."""

    prepare: Prepare
    run: Run


# -- what is on disk ------------------------------------------------------------------------
def nothing(store: Store, clock: FakeClock) -> None:
    """A new data dir: setup comes first."""


def couple(store: Store, clock: FakeClock) -> None:
    create_profile(store, ["Sam", "Alex"], TZ)


def alone(store: Store, clock: FakeClock) -> None:
    create_profile(store, ["Sam"], TZ)


def talk_at(*steps: str, topic: str = "Sundays and chores 🙂") -> Prepare:
    """A couple with a talk on disk taken through `steps` ("agreed": both ticked)."""

    def prepare(store: Store, clock: FakeClock) -> None:
        couple(store, clock)
        talk = Talk.new(topic, ("Sam", "Alex"), 0, PRESETS["short"], "short", clock.now())
        for step in steps:
            if step == "agreed":
                talk.agree(clock.now(), 0)
                talk.agree(clock.now(), 1)
                continue
            clock.advance(40)
            talk.take(step, clock.now())
        talks.save_talk(store, talk)

    return prepare


def with_history(store: Store, clock: FakeClock) -> None:
    """Two finished talks (one with a time-out and a long topic), then three days."""
    couple(store, clock)
    for topic, confirmed, time_out in (
        ("Money, and who decides what we spend on the holidays 🙂", 2, True),
        ("Weekends with family", 1, False),
    ):
        talk = Talk.new(topic, ("Sam", "Alex"), 0, PRESETS["short"], "short", clock.now())
        talk.agree(clock.now(), 0)
        talk.agree(clock.now(), 1)
        talk.begin(clock.now())
        talks.start_talk(store, talk)
        if time_out:
            cooldown = talks.start_timeout(store, TZ, clock.now())
            clock.advance(25 * 60)
            talks.apply_timeout(store, cooldown.id, TimeOutStep.COME_BACK, clock.now())
        for _ in range(confirmed):
            clock.advance(100)
            talks.apply(store, talk.id, "speaker_done", clock.now())
            clock.advance(50)
            talks.apply(store, talk.id, "paraphrase_done", clock.now())
            talks.apply(store, talk.id, "confirm", clock.now())
        clock.advance(30)
        talks.apply(store, talk.id, "end", clock.now())
        talks.apply(store, talk.id, "finish", clock.now())
        clock.advance(3 * 24 * 3600)


def damaged(store: Store, clock: FakeClock) -> None:
    store.data_dir.mkdir(parents=True, exist_ok=True)
    (store.data_dir / "profile.json").write_bytes(b'{"profile": {"1": {"partners": ["Sam", ')


def timeout_running(store: Store, clock: FakeClock) -> None:
    talk_at("agreed", "begin")(store, clock)
    talks.start_timeout(store, TZ, clock.now())
    clock.advance(5 * 60 + 30)


def timeout_due(store: Store, clock: FakeClock) -> None:
    talk_at("agreed", "begin")(store, clock)
    talks.start_timeout(store, TZ, clock.now())
    clock.advance(20 * 60 + 1)


def timeout_tomorrow(store: Store, clock: FakeClock) -> None:
    talk_at("agreed", "begin")(store, clock)
    cooldown = talks.start_timeout(store, TZ, clock.now())
    tomorrow = clock.now().replace(day=clock.now().day + 1)
    talks.apply_timeout(store, cooldown.id, TimeOutStep.CHOOSE, clock.now(), tomorrow, TZ)
    clock.advance(3)


# -- the keys that lead there ------------------------------------------------------------------
def keys(*pressed: str) -> Run:
    async def run(pilot: Pilot) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)
        await steady(pilot)

    return run


async def back_to_talk(pilot: Pilot) -> None:
    await settle(pilot)  # the start-up check offers the open talk
    await pilot.click("#confirm-yes")
    await steady(pilot)


def then(first: Run, *pressed: str) -> Run:
    async def run(pilot: Pilot) -> None:
        await first(pilot)
        await keys(*pressed)(pilot)

    return run


async def setup_problem(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press("S", "a", "m", "tab", "tab", "end", "ctrl+u", *"Mars/Olympus", "enter")
    await pilot.app.workers.wait_for_complete()
    await steady(pilot)


async def talk_setup_custom(pilot: Pilot) -> None:
    await keys("t")(pilot)
    screen = pilot.app.screen
    custom = next(b for b in screen.query("#preset RadioButton") if b.name == "custom")
    await pilot.click(custom)
    await pilot.press("tab", "tab", "tab", "ctrl+u", "4", "5", "enter")  # 45 minutes: refused
    await steady(pilot)


async def open_detail(pilot: Pilot) -> None:
    await keys("h")(pilot)
    await pilot.press("down", "enter")
    await steady(pilot)


async def guide_hit(pilot: Pilot) -> None:
    await keys("g", "slash", *"flooded", "enter", "enter")(pilot)


SCENES: dict[str, Scene] = {
    "setup": Scene(nothing, keys()),
    "setup_problem": Scene(nothing, setup_problem),
    "home": Scene(couple, keys()),
    "home_alone": Scene(alone, keys()),
    "home_cards": Scene(with_history, keys()),
    "partners_add": Scene(alone, keys("p")),
    "partners_alone": Scene(couple, keys("p")),
    "help": Scene(couple, keys("f1")),
    "palette": Scene(couple, keys("ctrl+p")),
    "colours": Scene(couple, keys("ctrl+p", *"Colours", "enter")),
    "talk_alone": Scene(alone, keys("t")),
    "talk_setup": Scene(couple, keys("t")),
    "talk_setup_custom": Scene(couple, talk_setup_custom),
    "resume_offer": Scene(talk_at(), keys()),
    "ground_rules": Scene(talk_at(), back_to_talk),
    "speaking": Scene(talk_at("agreed", "begin"), back_to_talk),
    "paraphrase": Scene(talk_at("agreed", "begin", "speaker_done"), back_to_talk),
    "confirm": Scene(talk_at("agreed", "begin", "speaker_done", "paraphrase_done"), back_to_talk),
    "clarify": Scene(
        talk_at("agreed", "begin", "speaker_done", "paraphrase_done", "clarify"), back_to_talk
    ),
    "closing": Scene(talk_at("agreed", "begin", "speaker_done", "end"), back_to_talk),
    "end_question": Scene(talk_at("agreed", "begin"), then(back_to_talk, "e")),
    "paused": Scene(talk_at("agreed", "begin", "pause"), back_to_talk),
    "help_talk": Scene(talk_at("agreed", "begin"), then(back_to_talk, "f1")),
    "timeout": Scene(timeout_running, keys()),
    "timeout_back": Scene(timeout_due, keys()),
    "timeout_tomorrow": Scene(timeout_tomorrow, keys()),
    "timeout_unsaved": Scene(damaged, keys("ctrl+t")),
    "error": Scene(damaged, keys()),
    "history": Scene(with_history, keys("h")),
    "history_detail": Scene(with_history, open_detail),
    "guide": Scene(couple, keys("g")),
    "guide_search": Scene(couple, keys("g", "slash", *"flooded")),
    "guide_hit": Scene(couple, guide_hit),
    "guide_links": Scene(couple, keys("g", "l")),
    "safety": Scene(couple, keys("f2")),
    "country": Scene(couple, keys("f2", "c")),
    "safety_over_help": Scene(couple, keys("f1", "f2")),
    # the areas added beside the talk: each opens on its own screen
    "agenda": Scene(couple, keys("a")),
    "calendar": Scene(couple, keys("c")),
    "checkin": Scene(couple, keys("i")),
    "reflect": Scene(couple, keys("r")),
}


FIXED_DIR = Path(tempfile.gettempdir()) / "companion-snapshot" / "data"
"""The error screen names the damaged file: the same path on every run, for the same picture."""


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("scene", list(SCENES))
def test_nothing_is_cut(
    snap_compare, scene: str, size: tuple[int, int], store: Store, clock: FakeClock, make_app
) -> None:
    if scene == "error":
        shutil.rmtree(FIXED_DIR.parent, ignore_errors=True)
        store = Store(FIXED_DIR, clock)
    SCENES[scene].prepare(store, clock)
    assert snap_compare(make_app(store), terminal_size=size, run_before=SCENES[scene].run)


def test_too_small(snap_compare, couple_store: Store, make_app) -> None:
    assert snap_compare(make_app(couple_store), terminal_size=(50, 15), run_before=keys())


@pytest.fixture
def couple_store(store: Store, clock: FakeClock) -> Store:
    couple(store, clock)
    return store
