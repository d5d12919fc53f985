"""F1 help on every screen, F2 safety from anywhere, the command palette, and the guide."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Markdown, OptionList, Static

from companion import guide, words
from companion.clock import FakeClock
from companion.screens.guide import GuideScreen
from companion.screens.help import HelpScreen
from companion.screens.history import HistoryScreen
from companion.screens.home import HomeScreen
from companion.screens.safety import SafetyScreen
from companion.screens.setup import SetupScreen
from companion.screens.talk import TalkScreen
from companion.screens.timeout import TimeoutScreen
from companion.store import Store

from .helpers import (
    SIZE,
    accept_resume_offer,
    open_setup,
    paste,
    seed_speaking,
    shown,
    stored_timeouts,
    tick,
    type_text,
)


# -- getting to each screen ------------------------------------------------------
async def at_home(pilot: Pilot) -> None:
    await pilot.pause()


async def at_talk_setup(pilot: Pilot) -> None:
    await open_setup(pilot)


async def at_talk_speaking(pilot: Pilot) -> None:
    seed_speaking(pilot.app.store, pilot.app.clock)
    await pilot.press("t")
    await pilot.pause()


async def at_timeout(pilot: Pilot) -> None:
    await pilot.press("ctrl+t")
    await pilot.pause()


async def at_history(pilot: Pilot) -> None:
    await pilot.press("h")
    await pilot.pause()


async def at_guide(pilot: Pilot) -> None:
    await pilot.press("g")
    await pilot.pause()


async def at_safety(pilot: Pilot) -> None:
    await pilot.press("f2")
    await pilot.pause()


Route = Callable[[Pilot], Awaitable[None]]

TALK_KEYS = ["Next", "Yes", "No", "End"]

SCREENS: list[tuple[Route, type, list[str], str]] = [
    (at_home, HomeScreen, ["Time-out", "Safety", "Talk", "Talk history", "Guide"], "home"),
    # no talk yet: its keys do nothing here, so help does not offer them
    (
        at_talk_setup,
        TalkScreen,
        ["Time-out", "Safety", "Back", *(f"-{k}" for k in TALK_KEYS)],
        "talk",
    ),
    (at_talk_speaking, TalkScreen, ["Next", "End", "Bell on/off"], "talk"),
    (
        at_timeout,
        TimeoutScreen,
        ["-Come back", "-Come back (not now)", "-Time-out", "Pressed by mistake", "Safety"],
        "timeout",
    ),
    (at_history, HistoryScreen, ["Details", "Delete", "Time-out"], "history"),
    (at_guide, GuideScreen, ["Search", "Contents", "Read"], "guide"),
    (at_safety, SafetyScreen, ["Close", "Country", "Time-out"], "safety"),
]


def help_lines(help_screen: HelpScreen) -> list[str]:
    """Each row of the keys table as "key  description"."""
    return [
        line.strip() for line in shown(help_screen.query_one("#help-keys", Static)).splitlines()
    ]


def descriptions(help_screen: HelpScreen) -> list[str]:
    return [
        line.split("  ", 1)[1].split(" — ")[0].strip()
        for line in help_lines(help_screen)
        if "  " in line
    ]


async def open_help(pilot: Pilot) -> HelpScreen:
    await pilot.press("f1")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, HelpScreen)
    return screen


@pytest.mark.parametrize(
    ("route", "screen_type", "keys", "help_key"),
    SCREENS,
    ids=[route.__name__.removeprefix("at_") for route, *_ in SCREENS],
)
async def test_f1_lists_the_keys_of_the_screen_and_its_guide_section(
    couple: Store, make_app, route: Route, screen_type: type, keys: list[str], help_key: str
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await route(pilot)
        under = app.screen
        assert isinstance(under, screen_type)
        assert help_key == under.HELP_KEY

        help_screen = await open_help(pilot)
        assert help_screen.under is under
        found = descriptions(help_screen)
        for key in keys:
            if key.startswith("-"):
                assert key[1:] not in found, f"{key[1:]!r} offered by {screen_type.__name__}"
            else:
                assert key in found, f"{key!r} missing from the help of {screen_type.__name__}"
        entry = words.data("help.toml")[help_key]
        title = guide.title_of(entry["section"])
        assert f"“{title}”" in shown(help_screen.query_one("#help-guide", Static))

        # F1 again (or escape) closes it and leaves the screen as it was
        await pilot.press("f1")
        await pilot.pause()
        assert app.screen is under


# -- F1 on a time-out ---------------------------------------------------------------
async def test_help_on_a_time_out_lists_only_what_can_be_done_now(
    couple: Store, clock: FakeClock, make_app
) -> None:
    seed_speaking(couple, clock)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await accept_resume_offer(pilot)
        await at_timeout(pilot)
        await tick(pilot, clock, 30)  # still in the first minute, well before the return
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        # each row reads "Come back — Go back to where you stopped", or ends "(not now)"
        described = [description.split(" — ")[0] for _, description in help_screen.rows]

        assert not [d for d in described if d.startswith(("Come back", "Time-out"))], described
        assert "Pressed by mistake" in described
        assert "Safety" in described


async def test_f1_on_the_setup_screen(store: Store, make_app) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert isinstance(app.focused, Input)  # f1 works from the name field
        help_screen = await open_help(pilot)
        assert "Start" in descriptions(help_screen)
        entry = words.data("help.toml")["setup"]
        assert entry["about"] in [" ".join(shown(s).split()) for s in help_screen.query(Static)]
        title = guide.title_of(entry["section"])
        assert f"“{title}”" in shown(help_screen.query_one("#help-guide", Static))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)


async def test_reading_the_guide_from_setup_never_steps_past_it(store: Store, make_app) -> None:
    """F1 then g on the first-run screen opens the guide on top; escape returns to setup."""
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_help(pilot)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GuideScreen)
        assert app.screen.section_id == words.data("help.toml")["setup"]["section"]
        await pilot.press("t", "h")  # no area before setup is done
        await pilot.pause()
        assert isinstance(app.screen, GuideScreen)
        assert app.current_mode == "home"
        assert not app.store.path("talks").exists()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)


@pytest.mark.parametrize(
    ("route", "section"),
    [(at_timeout, "timeouts"), (at_history, "talk-rules")],
    ids=["timeout", "history"],
)
async def test_g_in_help_opens_the_guide_at_that_section(
    couple: Store, make_app, route: Route, section: str
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await route(pilot)
        await open_help(pilot)
        await pilot.press("g")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, GuideScreen)
        assert reader.section_id == section
        assert reader.query_one("#guide-text", Markdown).source == guide.get(section).text
        if section == "timeouts":
            # Reading during a time-out opens over it, never steps past it.
            assert isinstance(app.screen_stack[-2], TimeoutScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, TimeoutScreen)
        else:
            assert app.current_mode == "guide"


async def test_f2_opens_safety_from_home_the_talk_screen_and_an_input(
    couple: Store, make_app
) -> None:
    app = make_app(couple)

    async def safety_and_back() -> None:
        under = app.screen
        await pilot.press("f2")
        await pilot.pause()
        safety = app.screen
        assert isinstance(safety, SafetyScreen)
        assert safety.query_one(Markdown).source == guide.get("safety").text
        await pilot.press("f2")  # f2 again (or escape) goes back
        await pilot.pause()
        assert app.screen is under

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await safety_and_back()

        talk_screen = await open_setup(pilot)
        await type_text(pilot, "ab")
        assert app.focused is talk_screen.query_one("#topic", Input)
        await safety_and_back()
        assert talk_screen.query_one("#topic", Input).value == "ab"


async def test_the_command_palette_offers_safety_and_time_out(
    couple: Store, data_dir, make_app
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        assert "Time-out" in commands

        await commands["Safety"].callback()
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)

        await commands["Time-out"].callback()
        await pilot.pause()
        assert isinstance(app.screen, TimeoutScreen)
        await app.saves_done()
        [row] = stored_timeouts(data_dir)
        assert row["outcome"] is None


# -- the guide ---------------------------------------------------------------------
def options(listing: OptionList) -> list[str]:
    return [listing.get_option_at_index(i).id for i in range(listing.option_count)]


async def test_the_guide_shows_contents_and_reads_a_section(couple: Store, make_app) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await at_guide(pilot)
        screen = app.screen
        assert isinstance(screen, GuideScreen)
        listing = screen.query_one("#guide-list", OptionList)
        assert app.focused is listing
        assert shown(screen.query_one("#guide-results-label", Static)) == "Contents"
        assert options(listing) == [f"s:{s.id}" for s in guide.sections()]
        text = screen.query_one("#guide-text", Markdown)
        assert text.source == guide.get("welcome").text

        # the contents open on welcome (safety is listed above it); two down is two on
        start = [s.id for s in guide.sections()].index("welcome")
        assert listing.highlighted == start
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        third = guide.sections()[start + 2]
        assert screen.section_id == third.id
        assert text.source == third.text
        assert screen.sub_title == "Guide"  # the section's own title heads the page


async def test_guide_search_lists_hits_and_opens_one(couple: Store, make_app) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await at_guide(pilot)
        screen = app.screen
        await pilot.press("slash")
        search = screen.query_one("#guide-search", Input)
        assert app.focused is search
        await paste(pilot, "flooding")

        hits = guide.search("flooding")
        assert hits
        label = shown(screen.query_one("#guide-results-label", Static))
        assert label == f"{len(hits)} found for “flooding”"
        listing = screen.query_one("#guide-list", OptionList)
        assert options(listing) == [f"h{n}:{hit.section.id}" for n, hit in enumerate(hits)]

        await pilot.press("enter")  # from the search field to the results
        assert app.focused is listing
        await pilot.press("enter")
        await pilot.pause()
        assert screen.section_id == hits[0].section.id

        # nothing found says so; clearing the search brings the contents back
        search.focus()
        await pilot.press("end", "ctrl+u")
        await paste(pilot, "zzqx")
        assert shown(screen.query_one("#guide-results-label", Static)) == "Nothing found for “zzqx”"
        assert listing.option_count == 0
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert shown(screen.query_one("#guide-results-label", Static)) == "Contents"
        assert listing.option_count == len(guide.sections())


async def test_a_link_in_the_guide_opens_its_section(couple: Store, make_app) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await at_guide(pilot)
        screen = app.screen
        assert isinstance(screen, GuideScreen)
        assert screen.section_id == "welcome"
        assert "](timeouts.md)" in guide.get("welcome").text
        text = screen.query_one("#guide-text", Markdown)

        text.post_message(Markdown.LinkClicked(text, "timeouts.md"))
        await pilot.pause()
        assert screen.section_id == "timeouts"
        assert text.source == guide.get("timeouts").text

        # a link that leaves Companion changes nothing (and opens no browser)
        opened: list[str] = []
        app.open_url = lambda url, **_: opened.append(url)  # type: ignore[method-assign]
        text.post_message(Markdown.LinkClicked(text, "https://example.org/"))
        await pilot.pause()
        assert screen.section_id == "timeouts"
        assert opened == []


async def test_a_link_on_the_safety_page_opens_the_guide(couple: Store, make_app) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await at_safety(pilot)
        assert "](therapists.md)" in guide.get("safety").text
        page = app.screen.query_one(Markdown)
        page.post_message(Markdown.LinkClicked(page, "therapists.md"))
        await pilot.pause()
        assert isinstance(app.screen, GuideScreen)
        assert app.screen.section_id == "therapists"
