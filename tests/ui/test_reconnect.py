"""Reconnect, as a couple uses it: our picture revealed together, a ritual marked done
(by key, and by the command line while the app runs), the deck, and "the hurt is back"."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date

from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from companion.app import POLL_SECONDS, CompanionApp
from companion.cli import main
from companion.clock import FakeClock
from companion.profile import create_profile
from companion.reconnect import records as reconnect
from companion.reconnect.parts import deck
from companion.screens.reconnect import ReconnectScreen
from companion.screens.reconnect_comfort import ComfortScreen
from companion.store import Store

from .helpers import SIZE, shown, table

TODAY = date(2026, 3, 14)
WITHIN = 2 * POLL_SECONDS + 1.0


async def until(seen: Callable[[], bool], within: float = WITHIN) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        if seen():
            return True
        await asyncio.sleep(0.05)
    return seen()


async def open_reconnect(pilot: Pilot) -> ReconnectScreen:
    await pilot.press("n")
    screen = pilot.app.screen
    assert isinstance(screen, ReconnectScreen)
    return screen


def page_text(screen: ReconnectScreen) -> str:
    """Everything the picture view shows now, as plain text."""
    parts = []
    for widget in screen.query("PictureView Static"):
        if widget.display and all(a.display for a in widget.ancestors if hasattr(a, "display")):
            parts.append(shown(widget))
    return "\n".join(parts)


async def write_as(pilot: Pilot, screen: ReconnectScreen, who: int, text: str) -> None:
    await pilot.click(f"#pic-who-{who}")
    area = screen.query_one("#pic-text", TextArea)
    assert area.has_focus
    area.insert(text)
    await pilot.press("ctrl+s")


async def test_our_picture_is_hidden_until_both_have_written_then_shown_together(
    couple: Store, make_app
) -> None:
    app: CompanionApp = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reconnect(pilot)
        await pilot.press("w")
        assert screen.query_one("#pic-who").display
        await write_as(pilot, screen, 0, "Sunday breakfast, slow and together.")
        seen = page_text(screen)
        assert "Sam's picture is in" in seen
        assert "Sunday breakfast" not in seen, "Sam's words showed before Alex had written"
        assert not screen.query_one("#pic-who-0").display, "Sam could be picked twice"
        assert screen.query_one("#pic-who-1").display
        state = reconnect.together(couple)
        assert state.page is None and state.writing is not None
        assert state.writing.shown(0) is None

        await write_as(pilot, screen, 1, "A walk after dinner, phones at home.")
        seen = page_text(screen)
        assert "Sunday breakfast" in seen and "A walk after dinner" in seen
        assert "Sam" in seen and "Alex" in seen
        assert reconnect.together(couple).page is not None


async def test_a_ritual_is_chosen_and_marked_done_with_one_key(couple: Store, make_app) -> None:
    app: CompanionApp = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reconnect(pilot)
        await pilot.press("2")
        await pilot.press("c")  # Sam's ritual: the first idea
        await pilot.press("enter")
        assert reconnect.together(couple).rituals[0].days == []
        await pilot.press("d")
        assert reconnect.together(couple).rituals[0].days == [TODAY]
        listing = shown_options(screen, "#rit-list")
        assert "done today" in listing[0]
        assert "not yet today" not in listing[0]
        await pilot.press("d")  # pressed by mistake: not done after all
        assert reconnect.together(couple).rituals[0].days == []
        rows = table(couple.data_dir, "reconnect", "rituals")
        assert rows[0]["who"] == 0


def shown_options(screen: ReconnectScreen, selector: str) -> list[str]:
    from textual.widgets import OptionList

    listing = screen.query_one(selector, OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def test_a_ritual_done_from_the_command_line_shows_in_the_running_app(
    couple: Store, clock: FakeClock, monkeypatch
) -> None:
    from companion.commands import reconnect as command

    # The command's own code, on the test's clock (its day must be the app's day).
    monkeypatch.setattr(command, "store_of", lambda args: Store(couple.data_dir, clock))
    reconnect.choose_ritual(couple, 1, "One thank-you", clock.now())
    app = CompanionApp(couple, poll=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reconnect(pilot)
        await pilot.press("2")
        assert "not yet today" in shown_options(screen, "#rit-list")[1]
        assert main(["--data-dir", str(couple.data_dir), "rituals", "done", "alex"]) == 0
        assert await until(lambda: "done today" in shown_options(screen, "#rit-list")[1]), (
            "the running app did not show the ritual the command line marked"
        )


async def test_the_hurt_is_back_with_one_key_keeps_only_the_date(couple: Store, make_app) -> None:
    app: CompanionApp = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reconnect(pilot)
        await pilot.press("b")
        comfort = app.screen
        assert isinstance(comfort, ComfortScreen)
        assert "comfort, don't defend" in shown(comfort.query_one("#comfort-them-title", Static))
        rows = table(couple.data_dir, "reconnect", "comes_back")
        assert rows == [{"id": "2026-03-14", "day": "2026-03-14", "note": "", "reviewed": None}]
        await pilot.press("escape")
        assert app.screen is screen
        assert screen.query_one("#rc-back").display


async def test_the_hurt_is_back_with_one_key_from_home(couple: Store, make_app) -> None:
    from companion.screens.home import HomeScreen

    app: CompanionApp = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("b")
        assert isinstance(app.screen, ComfortScreen)
        assert table(couple.data_dir, "reconnect", "comes_back")[0]["day"] == "2026-03-14"
        await pilot.press("escape")
        home = app.screen
        assert isinstance(home, HomeScreen)
        card = shown(home.query_one("#card-reconnect", Static))
        assert card.startswith("The hurt came back today.")
        assert "Sam" not in card and "Alex" not in card


async def test_a_note_for_the_check_in_is_the_only_text(couple: Store, make_app) -> None:
    app: CompanionApp = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await open_reconnect(pilot)
        await pilot.press("b")
        await pilot.press("n")
        await pilot.press(*"a song")
        await pilot.press("enter")
        rows = table(couple.data_dir, "reconnect", "comes_back")
        assert rows[0]["note"] == "a song"
        assert set(rows[0]) == {"id", "day", "note", "reviewed"}


async def test_we_did_this_with_a_note(couple: Store, make_app) -> None:
    app: CompanionApp = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await open_reconnect(pilot)
        await pilot.press("3")
        await pilot.press("enter")
        await pilot.press(*"fun")
        await pilot.press("enter")
        tried = reconnect.together(couple).tried
        assert [(t.card, t.note) for t in tried] == [(deck()[0].id, "fun")]


async def test_alone_the_picture_is_written_and_shown_at_once(store: Store, make_app) -> None:
    create_profile(store, ["Sam"], "Europe/London")
    app: CompanionApp = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reconnect(pilot)
        await pilot.press("w")
        area = screen.query_one("#pic-text", TextArea)
        assert area.has_focus
        area.insert("Quiet weekends.")
        await pilot.press("ctrl+s")
        assert "Quiet weekends." in page_text(screen)


async def test_at_one_keyboard_the_picture_needs_no_mouse(couple: Store, make_app) -> None:
    """w, enter, type, ctrl+s; the next partner's enter and typing land in their editor."""
    app: CompanionApp = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reconnect(pilot)
        await pilot.press("w", "enter", *"cook", "ctrl+s")
        await pilot.press("enter", *"walk", "ctrl+s")  # 'g' or 'a' here would leave the screen
        assert app.screen is screen
        page = reconnect.together(couple).page
        assert page is not None and (page.shown(0), page.shown(1)) == ("cook", "walk")


async def test_in_two_terminals_each_writes_apart_and_both_see_the_reveal(
    couple: Store, clock: FakeClock
) -> None:
    from contextlib import AsyncExitStack

    other = Store(couple.data_dir, clock)
    async with AsyncExitStack() as stack:
        apps = (CompanionApp(couple, poll=True), CompanionApp(other, poll=True))
        pilots = [await stack.enter_async_context(app.run_test(size=SIZE)) for app in apps]
        screen_a = await open_reconnect(pilots[0])
        screen_b = await open_reconnect(pilots[1])
        await pilots[0].press("w")
        await write_as(pilots[0], screen_a, 0, "Sunday breakfast.")
        assert await until(lambda: "Sam's picture is in" in page_text(screen_b))
        assert "Sunday breakfast" not in page_text(screen_b)
        await pilots[1].press("w")
        assert not screen_b.query_one("#pic-who-0").display, "Sam's button in Alex's terminal"
        await write_as(pilots[1], screen_b, 1, "Evening walks.")
        assert "Sunday breakfast" in page_text(screen_b)
        assert await until(lambda: "Evening walks." in page_text(screen_a)), (
            "Sam's terminal did not show the reveal"
        )
        assert "Sunday breakfast" in page_text(screen_a)


async def test_the_check_in_comes_back_to_our_picture_and_the_days_the_hurt_came_back(
    couple: Store, clock: FakeClock, make_app
) -> None:
    from textual.widgets import RadioSet

    from companion.checkins.rules import Stage
    from companion.screens.checkin import CheckInScreen

    from .test_checkins import answer

    reconnect.write_picture(couple, 0, "Slow Sunday breakfasts.", clock.now())
    reconnect.write_picture(couple, 1, "A walk after dinner.", clock.now())
    back = reconnect.say_it_is_back(couple, clock.now())
    reconnect.note_for_checkin(couple, back.id, "The song in the shop.", clock.now())
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await pilot.click("#ci-begin")
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        for text in ("a", "b", "5", "6"):
            await answer(pilot, text)
        assert screen.checkin is not None and screen.checkin.stage is Stage.REVIEW
        labels = [str(label.render()) for label in screen.query("#ci-body Label")]
        assert any("Our picture" in t and "Sam: Slow Sunday breakfasts." in t for t in labels)
        assert any("The hurt came back" in t and "The song in the shop." in t for t in labels)
        for index in range(2):
            radios = screen.query_one(f"#verdict-{index}", RadioSet)
            await pilot.click(radios.query("RadioButton")[1])  # the same
        await pilot.press("ctrl+n")
        assert screen.checkin.stage is Stage.CONCERNS
        await pilot.press("ctrl+n")
        await answer(pilot, "A walk")  # enter on the plan finishes
        assert screen.checkin is None and screen.finished is not None
    assert reconnect.comes_back_waiting(couple) == [], "the day looked at is still waiting"
    assert reconnect.together(couple).page is not None, "the picture stays the shared page"
    archived = table(couple.data_dir, "reconnect", "comes_back")
    assert archived[0]["reviewed"] == "2026-03-14" and set(archived[0]) == {
        "id",
        "day",
        "note",
        "reviewed",
    }
