"""F1, F2 and ctrl+t from every screen and every dialog: no dead key at a tense moment."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets._footer import FooterKey

from companion.clock import FakeClock
from companion.profile import create_profile
from companion.screens.confirm import ConfirmScreen
from companion.screens.country import CountryScreen
from companion.screens.error import ErrorScreen
from companion.screens.footer import CompanionFooter
from companion.screens.guide import GuideScreen
from companion.screens.help import HelpScreen
from companion.screens.history import HistoryScreen, TalkDetailScreen
from companion.screens.home import HomeScreen
from companion.screens.links import LinksScreen
from companion.screens.partners import PartnersScreen
from companion.screens.safety import SafetyScreen
from companion.screens.setup import SetupScreen
from companion.screens.talk import TalkScreen
from companion.screens.timeout import TimeoutScreen
from companion.screens.too_small import TooSmallScreen
from companion.store import Store
from companion.talk import records as talks

from .helpers import SIZE, seed_talk, stored_timeouts


def couple(store: Store, clock: FakeClock) -> None:
    create_profile(store, ["Sam", "Alex"], "Europe/London")


def nothing(store: Store, clock: FakeClock) -> None:
    """First run: the setup screen."""


def damaged(store: Store, clock: FakeClock) -> None:
    store.data_dir.mkdir(parents=True, exist_ok=True)
    (store.data_dir / "profile.json").write_bytes(b'{"profile": {"1": ')


def open_talk(store: Store, clock: FakeClock) -> None:
    couple(store, clock)
    seed_talk(store, clock, "Money")


def finished_talk(store: Store, clock: FakeClock) -> None:
    couple(store, clock)
    talk = seed_talk(store, clock, "Money", "agreed", "begin")
    clock.advance(60)
    talks.apply(store, talk.id, "end", clock.now())
    talks.apply(store, talk.id, "finish", clock.now())


async def keys(pilot: Pilot, *pressed: str) -> None:
    for key in pressed:
        await pilot.press(key)


@dataclass(frozen=True)
class Place:
    prepare: Callable[[Store, FakeClock], None]
    route: Callable[[Pilot], Awaitable[None]]
    kind: type[Screen]


PLACES: dict[str, Place] = {
    "home": Place(couple, lambda p: keys(p), HomeScreen),
    "setup": Place(nothing, lambda p: keys(p), SetupScreen),
    "error": Place(damaged, lambda p: keys(p), ErrorScreen),
    "too_small": Place(couple, lambda p: p.resize_terminal(50, 15), TooSmallScreen),
    "help": Place(couple, lambda p: keys(p, "f1"), HelpScreen),
    "confirm": Place(open_talk, lambda p: keys(p), ConfirmScreen),
    "talk": Place(couple, lambda p: keys(p, "t"), TalkScreen),
    "history": Place(finished_talk, lambda p: keys(p, "h"), HistoryScreen),
    "history_detail": Place(finished_talk, lambda p: keys(p, "h", "enter"), TalkDetailScreen),
    "timeout": Place(couple, lambda p: keys(p, "ctrl+t"), TimeoutScreen),
    "guide": Place(couple, lambda p: keys(p, "g"), GuideScreen),
    "links": Place(couple, lambda p: keys(p, "g", "l"), LinksScreen),
    "safety": Place(couple, lambda p: keys(p, "f2"), SafetyScreen),
    "country": Place(couple, lambda p: keys(p, "f2", "c"), CountryScreen),
    "partners": Place(couple, lambda p: keys(p, "p"), PartnersScreen),
    "palette": Place(couple, lambda p: keys(p, "ctrl+p"), CommandPalette),
}


async def arrive(pilot: Pilot, place: Place) -> Screen:
    await pilot.pause()
    await place.route(pilot)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, place.kind), f"expected {place.kind.__name__}, got {screen!r}"
    return screen


@pytest.mark.parametrize("name", [n for n in PLACES if n != "safety"])
async def test_f2_opens_safety_over_every_screen_and_dialog(
    name: str, store: Store, clock: FakeClock, make_app
) -> None:
    place = PLACES[name]
    place.prepare(store, clock)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        under = await arrive(pilot, place)
        await pilot.press("f2")
        assert isinstance(app.screen, SafetyScreen), f"F2 did nothing on {name}"
        await pilot.press("escape")
        assert app.screen is under


@pytest.mark.parametrize("name", [n for n in PLACES if n not in ("help", "palette")])
async def test_f1_opens_help_for_every_screen_and_dialog(
    name: str, store: Store, clock: FakeClock, make_app
) -> None:
    place = PLACES[name]
    place.prepare(store, clock)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        under = await arrive(pilot, place)
        await pilot.press("f1")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen), f"F1 did nothing on {name}"
        assert help_screen.under is under
        keys_listed = [label for label, _ in help_screen.rows]
        always = {"f2"} if name == "timeout" else {"f2", "^t"}
        assert always <= set(keys_listed), "help leaves out the keys that always work"
        await pilot.press("f1")  # F1 again closes it
        assert app.screen is under


async def test_f1_closes_help(couple_store: Store, make_app) -> None:
    app = make_app(couple_store)
    async with app.run_test(size=SIZE) as pilot:
        under = app.screen
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert app.screen is under


@pytest.mark.parametrize("name", [n for n in PLACES if n not in ("timeout", "too_small")])
async def test_ctrl_t_starts_a_time_out_from_every_screen_and_dialog(
    name: str, store: Store, clock: FakeClock, make_app
) -> None:
    place = PLACES[name]
    place.prepare(store, clock)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, place)
        await pilot.press("ctrl+t")
        await app.saves_done()
        timeout = app.screen
        assert isinstance(timeout, TimeoutScreen), f"ctrl+t did nothing on {name}"
        # where the files cannot be used it runs all the same, and says it is not saved
        assert timeout.unsaved is (name == "error")
        if name != "error":
            assert [row["outcome"] for row in stored_timeouts(store.data_dir)] == [None]


@pytest.fixture
def couple_store(store: Store, clock: FakeClock) -> Store:
    couple(store, clock)
    return store


def shown_keys(app) -> list[str]:
    """The keys a person sees at the bottom: the footer of the top screen that shows any."""
    for screen in reversed(app.screen_stack):
        for footer in screen.query(CompanionFooter):
            if not footer.has_class("-covered"):
                return [key.key for key in footer.query(FooterKey) if key.display]
    return []


@pytest.mark.parametrize("name", [n for n in PLACES if n != "too_small"])
async def test_every_key_in_the_footer_works_where_it_is_shown(
    name: str, store: Store, clock: FakeClock, make_app
) -> None:
    place = PLACES[name]
    place.prepare(store, clock)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await arrive(pilot, place)
        await pilot.pause()
        working = {key for key, active in screen.active_bindings.items() if active.enabled}
        shown = shown_keys(app)
        if name != "palette":
            assert shown, f"no keys at the bottom of {name}"
        assert set(shown) <= working, f"{name} shows keys that do nothing there"
