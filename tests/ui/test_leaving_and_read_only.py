"""ctrl+q from every screen and dialog; a data dir that cannot be saved in is said at start,
and a time-out still runs on screen; an open data dir is made private and said."""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import Digits

import companion.screens as screens_pkg
from companion.clock import FakeClock
from companion.errors import StoreError
from companion.screens.home import HomeScreen
from companion.screens.timeout import TimeoutScreen
from companion.store import Store
from companion.talk import records as talks
from tests.hostile import good_dir, refuse_saving

from .helpers import SIZE, record_notices, stored_timeouts

TZ = "Europe/London"


def every_screen_class() -> list[type[Screen]]:
    """Every screen and dialog defined in companion.screens (new ones are found, not listed)."""
    found: dict[str, type[Screen]] = {}
    for info in pkgutil.iter_modules(screens_pkg.__path__):
        module = importlib.import_module(f"{screens_pkg.__name__}.{info.name}")
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, Screen)
                and cls.__module__ == module.__name__
                and not cls.__name__.startswith("Companion")  # the bases in screens/base.py
            ):
                found[cls.__qualname__] = cls
    return sorted(found.values(), key=lambda cls: cls.__qualname__)


def factories(app: Any, store: Store) -> dict[str, Callable[[], Screen]]:
    """How to build the screens whose constructor needs something; the rest take no argument."""
    finished = talks.past_talks(store)[0]
    return {
        "ConfirmScreen": lambda: _screen("confirm", "ConfirmScreen")("Sure?"),
        "ErrorScreen": lambda: _screen("error", "ErrorScreen")(StoreError("A file is damaged.")),
        "HelpScreen": lambda: _screen("help", "HelpScreen")(app.screen),
        "TalkDetailScreen": lambda: _screen("history", "TalkDetailScreen")(finished),
        "TimeoutScreen": lambda: TimeoutScreen(talks.active_timeout(store).id),  # type: ignore[union-attr]
    }


def _keys(binding: Any) -> str:
    """The key string of a Binding or of a (key, action, ...) tuple."""
    return binding.key if hasattr(binding, "key") else str(binding[0])


def _screen(module: str, name: str) -> Any:
    return getattr(importlib.import_module(f"{screens_pkg.__name__}.{module}"), name)


async def test_ctrl_q_leaves_from_every_screen_and_dialog(
    data_dir: Path, clock: FakeClock, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = good_dir(data_dir, clock)  # a finished talk, an open one, a running time-out
    app = make_app(store)
    asked_to_leave: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(app, "exit", lambda *a, **k: asked_to_leave.append(app.screen))
        build = factories(app, store)
        classes = every_screen_class()
        assert {"TalkDetailScreen", "ConfirmScreen", "HelpScreen", "SetupScreen"} <= {
            cls.__name__ for cls in classes
        }
        for cls in classes:
            try:
                screen = build[cls.__name__]() if cls.__name__ in build else cls()
            except TypeError:
                # A dialog that needs its record to be built: ctrl+q is the App's priority
                # binding, so it reaches this screen unless the screen takes the key itself.
                keys = {k.strip() for b in cls.BINDINGS for k in _keys(b).split(",")}
                assert "ctrl+q" not in keys, f"{cls.__name__} takes ctrl+q for itself"
                continue
            await app.push_screen(screen)
            await pilot.pause()
            assert app.screen is screen
            before = len(asked_to_leave)
            await pilot.press("ctrl+q")
            assert len(asked_to_leave) == before + 1, f"ctrl+q did nothing on {cls.__name__}"
            assert asked_to_leave[-1] is screen
            while len(app.screen_stack) > 1:
                app.pop_screen()
            await pilot.pause()
        # Textual's own dialog too: the command palette, with its input focused.
        app.action_command_palette()
        await pilot.pause()
        assert type(app.screen).__name__ == "CommandPalette"
        before = len(asked_to_leave)
        await pilot.press("ctrl+q")
        assert len(asked_to_leave) == before + 1


# -- a data dir that cannot be saved in -------------------------------------------------------


async def test_a_data_dir_that_cannot_be_saved_in_is_said_at_start_and_a_time_out_still_runs(
    couple: Store, data_dir: Path, clock: FakeClock, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_saving(monkeypatch, data_dir)
    app = make_app(Store(data_dir, clock))
    notices = record_notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        [warning] = [n for n in notices if "Nothing can be saved" in n]
        assert str(data_dir) in warning and "read-only" in warning
        assert "a time-out still runs on screen" in warning

        await pilot.press("ctrl+t")
        screen = app.screen
        assert isinstance(screen, TimeoutScreen), "the time-out runs all the same"
        assert screen.held is not None and screen.cooldown is screen.held
        assert "It could not be saved, so it runs on this screen only." in notices
        assert screen.query_one(Digits).value == "20:00"
        clock.advance(65)
        await pilot.pause(0.3)
        assert screen.query_one(Digits).value == "18:55"  # counting down, from memory

        clock.advance(19 * 60)
        await pilot.pause(0.3)
        await pilot.press("r")  # time is up: back, by the same rules
        assert not isinstance(app.screen, TimeoutScreen)
        assert screen.held.outcome == "resumed"
    assert stored_timeouts(data_dir) == []  # nothing was written


async def test_a_held_time_out_follows_the_same_rules(
    couple: Store, data_dir: Path, clock: FakeClock, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_saving(monkeypatch, data_dir)
    app = make_app(Store(data_dir, clock))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        screen = app.screen
        assert isinstance(screen, TimeoutScreen)
        await pilot.press("r")  # not due yet: refused, still here
        assert app.screen is screen
        await pilot.press("u")  # pressed by mistake, in the first minute
        assert not isinstance(app.screen, TimeoutScreen)
        assert screen.held is not None and screen.held.outcome == "undone"


async def test_a_data_dir_that_can_be_saved_in_says_nothing(
    couple: Store, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(couple)
    notices = record_notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        assert notices == []
        await pilot.press("ctrl+t")
        screen = app.screen
        assert isinstance(screen, TimeoutScreen) and screen.held is None


async def test_an_open_data_dir_is_made_private_and_said_at_start(
    couple: Store, data_dir: Path, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.chmod(data_dir, 0o755)
    app = make_app(couple)
    notices = record_notices(app, monkeypatch)
    async with app.run_test(size=SIZE):
        assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
        assert notices == [
            f"Companion made {data_dir} private (mode 700): other users of this machine "
            "could read it before."
        ]


async def test_a_refused_time_out_is_told_not_a_crash(
    couple: Store, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    from companion.timeout import CoolDownError

    def refuse(*_args: object) -> None:
        raise CoolDownError("Not now, for a reason the rules give.")

    monkeypatch.setattr(talks, "start_timeout", refuse)
    app = make_app(couple)
    notices = record_notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        assert isinstance(app.screen, HomeScreen)
        assert notices == ["Not now, for a reason the rules give."]
