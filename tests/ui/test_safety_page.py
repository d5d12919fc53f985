"""The Safety page at 80x24: "Right now" fits the first screen, from any screen, ordered by country."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer, Markdown, OptionList

from companion import guide, helplines
from companion.helplines import OTHER
from companion.profile import load_profile, save_settings
from companion.screens.confirm import ConfirmScreen
from companion.screens.country import CountryScreen
from companion.screens.guide import GuideScreen
from companion.screens.right_now import RightNow, render_block
from companion.screens.safety import SafetyScreen
from companion.screens.setup import SetupScreen
from companion.screens.timeout import TimeoutScreen
from companion.store import Store

from .helpers import SIZE, seed_speaking, shown, table

DATA = helplines.load()
CODES = [country.code for country in DATA.countries]


# -- reading the page ----------------------------------------------------------------
async def open_safety(pilot: Pilot) -> SafetyScreen:
    await pilot.press("f2")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SafetyScreen)
    return screen


def block_lines(widget: RightNow) -> list[str]:
    return shown(widget).splitlines()


def countries_in_order(widget: RightNow) -> list[str]:
    """Country codes in the order their headings appear in the block."""
    names = {country.name: country.code for country in DATA.countries}
    return [
        names[line.split(" · ")[0]] for line in block_lines(widget) if line.split(" · ")[0] in names
    ]


def assert_fits_the_first_screen(pilot: Pilot, widget: RightNow) -> None:
    """Every line of the block is on screen at 80x24, above the footer, without scrolling."""
    app = pilot.app
    screen = app.screen
    assert app.size == SIZE
    footer = screen.query_one(Footer)
    scroller = widget.parent
    assert scroller.scroll_y == 0, "the page opened scrolled down"
    region = widget.region
    lines = block_lines(widget)
    assert region.y >= 0
    assert region.height == widget.content_region.height  # no border eating lines
    assert len(lines) == region.height, "a line wrapped, or the widget is cut short"
    assert region.bottom <= footer.region.y, f"the block ends at row {region.bottom}"
    assert footer.region.y == SIZE[1] - 1
    # each row really shows the block (nothing is drawn over it)
    for row in range(region.y, region.bottom):
        found, _ = screen.get_widget_at(region.x + 2, row)
        assert found is widget, f"row {row} shows {found!r}"
    for line in lines:
        assert len(line) <= widget.content_region.width, f"too wide: {line!r}"


def assert_has_what_a_person_in_danger_needs(widget: RightNow, code: str) -> None:
    lines = block_lines(widget)
    text = "\n".join(lines)
    assert "ctrl+q" in lines[0], "how to leave at once is the first line"
    place = next(c for c in DATA.countries if c.code == code)
    assert f"emergency {place.emergency}" in text
    kinds = {line.kind for line in DATA.lines_for(code)}
    assert "crisis" in kinds
    for line in DATA.lines_for(code):
        assert line.number in text
        assert line.name in text
        if line.text:
            assert f"text {line.text}" in text
    for finder in DATA.finders:
        assert finder.address in text
    assert DATA.checked() in text


# -- fitting at 80x24 ------------------------------------------------------------------
async def test_without_a_profile_every_country_fits_the_first_screen(
    store: Store, make_app
) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        screen = await open_safety(pilot)
        widget = screen.query_one(RightNow)
        assert widget.country == ""
        assert countries_in_order(widget) == CODES
        assert_fits_the_first_screen(pilot, widget)
        for code in CODES:
            assert_has_what_a_person_in_danger_needs(widget, code)
        # before setup there is nowhere to keep a country: c offers nothing
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is screen
        assert not any(isinstance(s, CountryScreen) for s in app.screen_stack)


@pytest.mark.parametrize("code", [*CODES, OTHER, ""])
async def test_right_now_fits_at_80x24_for_every_choice(couple: Store, make_app, code: str) -> None:
    profile = load_profile(couple)
    profile.settings.country = code
    save_settings(couple, profile.settings)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_safety(pilot)
        widget = screen.query_one(RightNow)
        assert widget.country == code
        assert_fits_the_first_screen(pilot, widget)
        order = countries_in_order(widget)
        assert sorted(order) == sorted(CODES), "every country is listed"
        lines = block_lines(widget)
        if code in CODES:
            assert order[0] == code
            # the first five lines: leave at once, the emergency number, how to call
            # without speaking, a domestic abuse line and a crisis line
            first_five = "\n".join(lines[:5])
            place = next(c for c in DATA.countries if c.code == code)
            assert "ctrl+q" in first_five
            assert place.emergency in first_five and place.silent in first_five
            mine = DATA.lines_for(code)
            abuse = [line for line in mine if line.kind == "abuse"]
            crisis = next(line for line in mine if line.kind == "crisis")
            assert crisis.number in "\n".join(lines[:6])
            if abuse:
                assert abuse[0].number in first_five
            assert_has_what_a_person_in_danger_needs(widget, code)
        elif code == OTHER:
            assert order == CODES
            assert all(finder.address in lines[1] for finder in DATA.finders)
        else:
            assert order == CODES


def test_the_block_is_rendered_from_helplines_toml_not_from_prose() -> None:
    """Change a number in the data and the block changes with it."""
    data = helplines.parse(
        {
            "country": [{"code": "ZZ", "name": "Testland", "emergency": "123", "silent": "x"}],
            "line": [
                {
                    "countries": ["ZZ"],
                    "kind": "abuse",
                    "name": "Test Line",
                    "number": "0000 111 222",
                    "text": "",
                    "for": "testing",
                    "checked": "March 2026",
                }
            ],
            "finder": [{"name": "F", "address": "finder.example", "for": "y"}],
        }
    )
    plain = render_block(data, "ZZ").plain
    assert "Testland · emergency 123" in plain
    assert "0000 111 222" in plain and "Test Line: testing" in plain
    assert "checked March 2026" in plain
    assert "0000 111 222" not in guide.get("safety").text


# -- choosing a country -------------------------------------------------------------------
async def choose(pilot: Pilot, code: str) -> None:
    """Press c, move to the country in the list, and press enter."""
    await pilot.press("c")
    await pilot.pause()
    chooser = pilot.app.screen
    assert isinstance(chooser, CountryScreen)
    listing = chooser.query_one(OptionList)
    assert pilot.app.focused is listing
    target = [choice for choice, _ in DATA.choices()].index(code)
    while listing.highlighted != target:
        await pilot.press("down" if (listing.highlighted or 0) < target else "up")
    await pilot.press("enter")
    await pilot.pause()
    await pilot.app.saves_done()
    await pilot.pause()


@pytest.mark.parametrize("code", ["AU", "IE"])
async def test_choosing_a_country_reorders_and_is_saved(
    couple: Store, data_dir: Path, make_app, code: str
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_safety(pilot)
        widget = screen.query_one(RightNow)
        assert countries_in_order(widget)[0] == CODES[0]
        await choose(pilot, code)
        assert app.screen is screen
        assert widget.country == code
        assert countries_in_order(widget)[0] == code
        assert_fits_the_first_screen(pilot, widget)
        [settings] = table(data_dir, "profile", "settings")
        assert settings["country"] == code
        assert settings["bell"] is True  # the other settings are kept

    # a new start shows the chosen country first, and so does the guide's safety section
    again = make_app(Store(data_dir, couple.clock))
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_safety(pilot)
        assert countries_in_order(screen.query_one(RightNow))[0] == code
        await pilot.press("escape", "g")
        await pilot.pause()
        reader = again.screen
        assert isinstance(reader, GuideScreen)
        reader.show("safety")
        await pilot.pause()
        shown_block = reader.query_one("#guide-right-now", RightNow)
        assert shown_block.display
        assert countries_in_order(shown_block)[0] == code


async def test_somewhere_else_puts_the_finders_first(
    couple: Store, data_dir: Path, make_app
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_safety(pilot)
        await choose(pilot, OTHER)
        widget = screen.query_one(RightNow)
        lines = block_lines(widget)
        assert lines[1].startswith("Elsewhere:")
        assert "findahelpline.com" in lines[1] and "hotpages.org" in lines[1]
        [settings] = table(data_dir, "profile", "settings")
        assert settings["country"] == OTHER


async def test_escape_leaves_the_country_as_it_was(couple: Store, data_dir: Path, make_app) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_safety(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CountryScreen)
        await pilot.press("down", "escape")
        await pilot.pause()
        await app.saves_done()
        assert app.screen is screen
        assert screen.query_one(RightNow).country == ""
        [settings] = table(data_dir, "profile", "settings")
        assert settings.get("country", "") == ""


def test_every_safety_binding_has_a_description_an_id_and_a_tooltip() -> None:
    for cls in (SafetyScreen, CountryScreen):
        for binding in cls.BINDINGS:
            assert binding.description and binding.id and binding.tooltip, (cls, binding)


# -- from any screen ---------------------------------------------------------------------
async def at_timeout(pilot: Pilot) -> None:
    await pilot.press("ctrl+t")
    await pilot.pause()
    assert isinstance(pilot.app.screen, TimeoutScreen)


async def at_help(pilot: Pilot) -> None:
    await pilot.press("f1")
    await pilot.pause()


async def at_guide_search(pilot: Pilot) -> None:
    await pilot.press("g", "slash")
    await pilot.pause()


async def at_resume_offer(pilot: Pilot) -> None:
    """A talk left open is offered in a dialog at start: F2 must work over dialogs too."""
    seed_speaking(pilot.app.store, pilot.app.clock)
    pilot.app.offer_resume()
    await pilot.pause()
    assert isinstance(pilot.app.screen, ConfirmScreen)


Route = Callable[[Pilot], Awaitable[None]]


@pytest.mark.parametrize(
    "route",
    [at_timeout, at_help, at_guide_search, at_resume_offer],
    ids=["timeout", "help", "guide-search", "dialog"],
)
async def test_f2_shows_right_now_from_anywhere(couple: Store, make_app, route: Route) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await route(pilot)
        under = app.screen
        screen = await open_safety(pilot)
        widget = screen.query_one(RightNow)
        assert_fits_the_first_screen(pilot, widget)
        assert screen.query_one(Markdown).source == guide.get("safety").text
        await pilot.press("f2")  # F2 again closes it
        await pilot.pause()
        assert app.screen is under


@pytest.mark.parametrize("route", [at_help, at_resume_offer], ids=["help", "dialog"])
async def test_ctrl_q_closes_companion_at_once_even_over_a_dialog(
    couple: Store, make_app, route: Route
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await route(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code in (None, 0)


async def test_ctrl_q_on_the_safety_page_closes_companion_at_once(couple: Store, make_app) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_safety(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code in (None, 0)


async def test_the_guide_shows_right_now_above_the_safety_section_only(
    couple: Store, make_app
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, GuideScreen)
        block = reader.query_one("#guide-right-now", RightNow)
        assert reader.section_id == "welcome" and not block.display
        assert guide.sections()[0].id == "safety"
        await pilot.press("home", "enter")  # the first entry in the contents
        await pilot.pause()
        assert reader.section_id == "safety"
        assert block.display
        text = shown(block)
        for line in DATA.lines:
            assert line.number in text
        # narrower than the safety page: nothing is cut, lines move below instead
        assert all(len(row) <= block.content_region.width for row in text.splitlines())
