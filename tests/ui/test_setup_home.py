"""First run, home, broken files and tiny terminals: keys in, what is on disk and on screen out."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input, Static

from companion.clock import FakeClock
from companion.profile import load_profile
from companion.screens.confirm import ConfirmScreen
from companion.screens.error import ErrorScreen
from companion.screens.home import HomeScreen
from companion.screens.safety import SafetyScreen
from companion.screens.setup import SetupScreen
from companion.screens.talk import TalkScreen
from companion.screens.timeout import TimeoutScreen
from companion.screens.too_small import TooSmallScreen
from companion.store import Store

from .helpers import accept_resume_offer, paste, read_area, seed_speaking, shown, type_text

SIZE = (80, 24)


def count(app, kind: type) -> int:
    return sum(isinstance(s, kind) for s in app.screen_stack)


async def fill_setup(pilot, first: str, second: str, tz: str, keys: bool = False) -> None:
    """Fill the three setup fields: key by key, or pasted (much faster)."""
    screen = pilot.app.screen
    assert isinstance(screen, SetupScreen)
    enter = type_text if keys else paste
    assert screen.focused is screen.query_one("#name1", Input)
    for text in (first, second):
        if text:
            await enter(pilot, text)
        await pilot.press("tab")
    assert screen.focused is screen.query_one("#tz", Input)
    await pilot.press("end", "ctrl+u")  # clear the machine's zone that is filled in
    await enter(pilot, tz)


async def finish_setup(pilot) -> None:
    """Wait for the save worker, the dismiss and the reload it triggers."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.saves_done()
    await pilot.pause()


async def test_new_data_dir_opens_setup(store: Store, data_dir: Path, make_app) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert app.screen.focused is app.screen.query_one("#name1", Input)
    assert not (data_dir / "profile.json").exists()


async def test_two_names_and_ctrl_s_create_the_couple(
    store: Store, data_dir: Path, make_app
) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await fill_setup(pilot, "Sam", "Alex", "Europe/London", keys=True)
        assert app.screen.query_one("#tz", Input).value == "Europe/London"
        await pilot.press("ctrl+s")
        await finish_setup(pilot)

        assert isinstance(app.screen, HomeScreen)
        assert shown(app.screen.query_one("#names", Static)) == "Sam & Alex"
        assert "together" in shown(app.screen.query_one("#subtitle", Static))

    profile = load_profile(Store(data_dir))
    assert profile is not None
    assert profile.partners == ("Sam", "Alex")
    assert profile.tz == "Europe/London"
    rows = list(read_area(data_dir, "profile")["profile"].values())
    assert rows == [
        {"partners": ["Sam", "Alex"], "tz": "Europe/London", "created": rows[0]["created"]}
    ]


async def test_one_name_is_a_solo_profile(store: Store, data_dir: Path, make_app) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await fill_setup(pilot, "Sam", "", "America/New_York")
        await pilot.click("#start")  # the button does what ctrl+s does
        await finish_setup(pilot)

        assert isinstance(app.screen, HomeScreen)
        assert shown(app.screen.query_one("#names", Static)) == "Sam"
        assert "on your own" in shown(app.screen.query_one("#subtitle", Static))

        await pilot.press("t")
        await pilot.pause()
        talk_screen = app.screen
        assert isinstance(talk_screen, TalkScreen)
        solo = talk_screen.query_one("#talk-solo-text", Static)
        assert solo.display
        assert "A talk needs two people" in shown(solo)
        assert not talk_screen.query("#talk-setup")
        assert not talk_screen.query("#topic")

    profile = load_profile(Store(data_dir))
    assert profile is not None and profile.solo
    assert profile.partners == ("Sam",)
    assert profile.tz == "America/New_York"


async def test_empty_name_or_unknown_zone_explains_and_writes_nothing(
    store: Store, data_dir: Path, make_app
) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await fill_setup(pilot, "   ", "", "Europe/London")
        await pilot.press("ctrl+s")
        await finish_setup(pilot)
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        assert shown(screen.query_one("#problem", Static)) == "Write at least one name."

        screen.query_one("#name1", Input).focus()
        await pilot.press("end", "ctrl+u")
        await paste(pilot, "Sam")
        screen.query_one("#tz", Input).focus()
        await pilot.press("end", "ctrl+u")
        await paste(pilot, "Mars/Olympus")
        await pilot.press("enter")  # enter in the zone field starts too
        await finish_setup(pilot)
        assert app.screen is screen
        assert "Mars/Olympus is not a time zone" in shown(screen.query_one("#problem", Static))
    assert not (data_dir / "profile.json").exists()


async def test_markup_in_a_name_shows_literally(store: Store, data_dir: Path, make_app) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await fill_setup(pilot, "[bold]x[/]", "Alex", "Europe/London")
        await pilot.press("ctrl+s")
        await finish_setup(pilot)

        assert isinstance(app.screen, HomeScreen)
        names = app.screen.query_one("#names", Static)
        assert shown(names) == "[bold]x[/] & Alex"
        # the brackets are on the screen too, not just in the widget's data
        rendered = "".join(
            segment.text
            for line in names.render_lines(names.region.reset_offset)
            for segment in line
        )
        assert "[bold]x[/] & Alex" in rendered

    profile = load_profile(Store(data_dir))
    assert profile is not None
    assert profile.partners == ("[bold]x[/]", "Alex")


async def test_corrupt_profile_shows_the_file_and_keeps_its_bytes(
    store: Store, data_dir: Path, make_app
) -> None:
    data_dir.mkdir(parents=True)
    path = data_dir / "profile.json"
    broken = b'{"profile": {"1": {"partners": ["Sam", '
    path.write_bytes(broken)

    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        message = shown(app.screen.query_one("#error-message", Static))
        assert str(path) in message
        assert "not valid JSON" in message
        # the area keys stay off; a time-out runs on screen, saying it is not saved
        await pilot.press("t")
        assert isinstance(app.screen, ErrorScreen)
        await pilot.press("ctrl+t")
        timeout = app.screen
        assert isinstance(timeout, TimeoutScreen)
        assert timeout.unsaved
        assert "not being saved" in shown(timeout.query_one("#to-unsaved", Static))
        await pilot.press("ctrl+t")  # a second press starts nothing more
        assert app.screen is timeout
        await app.saves_done()

    assert path.read_bytes() == broken
    assert not (data_dir / "talks.json").exists()


async def test_too_new_schema_shows_the_file_and_keeps_its_bytes(
    store: Store, data_dir: Path, make_app
) -> None:
    data_dir.mkdir(parents=True)
    path = data_dir / "profile.json"
    future = json.dumps(
        {
            "_meta": {"1": {"schema": 99, "area": "profile"}},
            "profile": {"1": {"partners": ["Sam", "Alex"], "tz": "UTC", "created": "x"}},
        }
    ).encode()
    path.write_bytes(future)

    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        message = shown(app.screen.query_one("#error-message", Static))
        assert str(path) in message
        assert "newer Companion" in message
        await pilot.press("r")  # trying again changes nothing while the file is the same
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)

    assert path.read_bytes() == future
    assert list((data_dir / "backups").iterdir()) == []


# -- a damaged record ------------------------------------------------------------------
async def test_a_damaged_talk_row_opens_on_the_error_screen_and_keeps_the_file(
    couple: Store, data_dir: Path, clock: FakeClock, make_app
) -> None:
    with couple.transaction("talks") as db:
        db.table("talks").insert({"id": "x"})
    path = couple.path("talks")
    before = path.read_bytes()

    app = make_app(Store(data_dir, clock))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ErrorScreen)
        assert "talks.json" in screen.error.message
        assert count(app, ConfirmScreen) == 0
        await pilot.press("ctrl+q")

    assert path.read_bytes() == before


# -- too small --------------------------------------------------------------------------
async def test_small_terminal_shows_a_message_and_recovers(couple: Store, make_app) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

        await pilot.resize_terminal(50, 15)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "too small" in shown(app.screen.query_one(Static))

        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert shown(app.screen.query_one("#names", Static)) == "Sam & Alex"


async def test_starting_small_shows_the_message_instead_of_crashing(
    couple: Store, make_app
) -> None:
    app = make_app(couple)
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_growing_the_window_removes_the_notice_and_offers_the_open_talk(
    couple: Store, clock: FakeClock, make_app
) -> None:
    seed_speaking(couple, clock)
    app = make_app(couple)
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)

        await pilot.resize_terminal(80, 24)
        await pilot.pause()

        assert count(app, TooSmallScreen) == 0
        assert isinstance(app.screen, ConfirmScreen)
        assert count(app, ConfirmScreen) == 1
        assert "Money" in app.screen.question
        await accept_resume_offer(pilot)
        assert app.current_mode == "talk"


async def test_safety_opened_over_the_notice_closes_with_it_when_the_window_grows(
    couple: Store, make_app
) -> None:
    """F2 works on the too-small notice; growing the window leaves no notice behind."""
    app = make_app(couple)
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert count(app, TooSmallScreen) == 0
        assert isinstance(app.screen, HomeScreen)
