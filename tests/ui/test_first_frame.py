"""Home's first frame is the whole of home, made once (bench/NOTES.md, "Third pass").

Each test looks at home as Textual first composes a frame of it (its first
`_compositor_refresh`): what is there then is what a person sees first.
"""

from __future__ import annotations

import gc
from typing import Any

import pytest
from textual.color import Color
from textual.css.stylesheet import Stylesheet
from textual.widgets import OptionList, Static
from textual.widgets._footer import FooterKey

import companion.app as app_module
from companion import collecting
from companion.app import CompanionApp
from companion.profile import create_profile
from companion.screens.footer import CompanionFooter, _width
from companion.screens.home import HomeScreen
from companion.screens.too_small import TooSmallScreen
from companion.store import Store

from .helpers import shown


def first_drawn(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What home holds when Textual first composes a frame of it, filled in as it happens."""
    seen: dict[str, Any] = {}
    compose_frame = HomeScreen._compositor_refresh

    def looked_at(screen: HomeScreen) -> None:
        if not seen:
            footer = screen.query_one(CompanionFooter)
            keys = list(footer.query(FooterKey))
            seen.update(
                classes=set(screen.classes),
                names=shown(screen.query_one("#names", Static)),
                today=shown(screen.query_one("#today", Static)),
                places=screen.query_one("#areas", OptionList).options,
                keys=[key.key for key in keys],
                keys_width=sum(_width(key) for key in keys if key.display),
                colour=screen.query_one("#names", Static).visual_style.foreground,
            )
        compose_frame(screen)

    monkeypatch.setattr(HomeScreen, "_compositor_refresh", looked_at)
    return seen


def counted(monkeypatch: pytest.MonkeyPatch, cls: type, name: str) -> list[int]:
    calls: list[int] = []
    original = getattr(cls, name)

    def count(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(cls, name, count)
    return calls


async def started(store: Store, size: tuple[int, int]) -> Color:
    """Start the app as the command line does, visit a place and come back; the colour of
    the couple's names once home has settled."""
    app = CompanionApp(store=store, poll=False, me="both")
    app.read_ahead()
    async with app.run_test(size=size) as pilot:
        await app.ready.wait()
        await pilot.pause()
        assert app.current_mode == "home" and isinstance(app.screen, HomeScreen)
        home = app.screen
        settled = home.query_one("#names", Static).visual_style.foreground
        await pilot.press("a")  # another place, and back: home is a mode like the others
        await pilot.pause()
        assert app.current_mode == "agenda"
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "home" and app.screen is home  # the same home, kept
    assert settled is not None
    return settled


async def test_home_is_whole_in_its_first_frame_and_styled_once(
    couple: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = first_drawn(monkeypatch)
    reparsed = counted(monkeypatch, Stylesheet, "reparse")
    listed = counted(monkeypatch, HomeScreen, "_list_places")
    await started(couple, (100, 40))
    assert seen["names"] == "Sam & Alex" and seen["today"]  # the couple, and the date
    assert "f2" in seen["keys"] and "ctrl+t" in seen["keys"]  # the footer has its keys
    assert seen["colour"].a > 0  # the text has the theme's colour, not a transparent one
    talk = seen["places"][0]
    assert "Take turns to speak" in str(talk.prompt)  # room for blurbs under the names
    assert len(listed) == 1, "the places were listed again after the first frame"
    # Textual 8.2.8 re-parses every rule for the first screen of a mode; home is not one
    # until the app has mounted, and no area visited since needed it either.
    assert not reparsed


async def test_every_place_shows_on_home_without_scrolling(couple: Store) -> None:
    """Blurbs go under the places' names only where all of them fit: at 100x30 they would
    have pushed Repair, Reconnect and Safety out of sight."""
    for size, blurbs in (((100, 30), False), ((80, 24), False), ((100, 40), True)):
        app = CompanionApp(store=couple, poll=False, me="both")
        async with app.run_test(size=size) as pilot:
            await app.ready.wait()
            await pilot.pause()
            places = app.screen.query_one("#areas", OptionList)
            assert places.option_count == 11
            assert places.max_scroll_y == 0, size
            column = app.screen.query_one("#home-places").region
            assert places.region.bottom <= column.bottom, size  # none cut off below
            assert ("Take turns" in str(places.options[0].prompt)) is blurbs, size


async def test_long_names_taking_two_lines_still_leave_every_place_in_sight(
    store: Store,
) -> None:
    create_profile(
        store,
        ["Maximiliana Alexandrovna Konstantinopol", "Bartholomew Christopherson-Whitfield"],
        "Europe/London",
    )
    app = CompanionApp(store=store, poll=False, me="both")
    async with app.run_test(size=(80, 40)) as pilot:
        await app.ready.wait()
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#names", Static).region.height == 2  # the case in question
        places = screen.query_one("#areas", OptionList)
        column = screen.query_one("#home-places").region
        assert places.max_scroll_y == 0
        assert places.region.bottom <= column.bottom


async def test_a_small_window_first_frame_has_its_size_classes_and_a_fitted_footer(
    couple: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = first_drawn(monkeypatch)
    await started(couple, (60, 20))
    assert {"-narrow", "-short"} <= seen["classes"]
    assert "f2" in seen["keys"]
    assert seen["keys_width"] <= 60  # nothing runs off the edge, even in the first frame


async def test_a_chosen_theme_colours_the_first_frame(
    couple: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    from companion.profile import load_profile, save_settings

    profile = load_profile(couple)
    assert profile is not None
    save_settings(couple, dataclasses.replace(profile.settings, theme="nord"))
    seen = first_drawn(monkeypatch)
    settled = await started(couple, (80, 24))
    assert seen["colour"] == settled  # drawn in nord's colours from the first frame


async def test_starting_too_small_draws_the_notice_in_a_colour_that_shows(
    couple: Store,
) -> None:
    app = CompanionApp(store=couple, poll=False, me="both")
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        notice = app.screen.query_one(Static)
        style = notice.visual_style
        assert style.foreground is not None and style.foreground.a > 0
        assert style.foreground != style.background


async def test_collection_held_by_the_command_line_is_let_go_after_the_first_frame(
    couple: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collecting, "_held", False)  # as they were, whatever happens here
    monkeypatch.setattr(collecting, "_settle", False)
    monkeypatch.setattr(app_module, "SET_ASIDE_AFTER", 0.2)
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    collecting.hold()
    try:
        assert not gc.isenabled()
        app = CompanionApp(store=couple, poll=False, me="both")
        async with app.run_test(size=(80, 24)) as pilot:
            await app.ready.wait()
            await pilot.pause()
            assert gc.isenabled() and not collecting.held()
            await pilot.pause(0.4)
            assert gc.get_freeze_count() > frozen  # what the start made is set aside
    finally:
        gc.enable()
        gc.unfreeze()


async def test_an_app_started_any_other_way_leaves_collection_alone(couple: Store) -> None:
    frozen = gc.get_freeze_count()
    app = CompanionApp(store=couple, poll=False, me="both")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.ready.wait()
        await pilot.pause()
    assert gc.isenabled() and gc.get_freeze_count() == frozen
