"""Whose screen this is: chosen once per terminal, by --me, by the login, or asked.

On a screen of one's own, the other's journal cannot be opened and the other's
list of our top three is never offered; at one keyboard ("both of us here")
everything behaves as it always did.
"""

from __future__ import annotations

import getpass

import pytest
from textual.widgets import Checkbox, Input, OptionList

from companion.agenda import rounds
from companion.app import CompanionApp
from companion.clock import FakeClock
from companion.profile import create_profile, load_profile
from companion.screens.agenda_top_three import TopThreeScreen
from companion.screens.home import HomeScreen
from companion.screens.who_is_here import WhoIsHereScreen
from companion.store import Store
from companion.together import ENV_ME, Seat

from .helpers import SIZE, paste, record_notices
from .test_agenda import everything_shown, open_agenda
from .test_reflect import SECRET, every_widget_text, open_reflect, seed_journal

LOGIN = "sam-login"


@pytest.fixture
def unknown_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal nobody has said anything about: no --me, no $COMPANION_ME, a known login."""
    monkeypatch.delenv(ENV_ME, raising=False)
    monkeypatch.setattr(getpass, "getuser", lambda: LOGIN)


async def choose(pilot, who: str, remember: bool = False) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, WhoIsHereScreen)
    if remember:
        screen.query_one("#who-remember", Checkbox).value = True
    choices = screen.query_one(OptionList)
    choices.highlighted = [o.id for o in choices.options].index(who)
    await pilot.press("enter")


async def test_an_unknown_terminal_is_asked_once(couple: Store, unknown_terminal, make_app) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, WhoIsHereScreen)
        await choose(pilot, "Alex")
        assert isinstance(app.screen, HomeScreen)
        assert app.seat == Seat("Alex")
        assert app.title == "Companion · Alex's screen"
        # Not asked again: not when the profile changes, not on another screen.
        app.poll_store(force=("profile",))
        await pilot.press("a")
        await pilot.press("escape")
        await pilot.pause()
        assert not any(isinstance(s, WhoIsHereScreen) for s in app.screen_stack)
        assert app.seat == Seat("Alex")
        profile = load_profile(couple)
        assert profile is not None and profile.logins == {}  # not remembered unless asked


async def test_both_of_us_here_behaves_as_one_keyboard(
    couple: Store, unknown_terminal, make_app
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await choose(pilot, "both")
        assert app.seat.together and app.title == "Companion"
        screen = await open_reflect(pilot, person=None)
        assert screen.view == "who"  # either journal may be chosen, each with its passphrase
        assert [o.id for o in screen.query_one("#who-list", OptionList).options] == ["Sam", "Alex"]


async def test_remembered_for_the_login_the_next_start_is_not_asked(
    couple: Store, clock: FakeClock, unknown_terminal
) -> None:
    app = CompanionApp(Store(couple.data_dir, clock), poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await choose(pilot, "Sam", remember=True)
    profile = load_profile(couple)
    assert profile is not None and profile.logins == {LOGIN: "Sam"}
    again = CompanionApp(Store(couple.data_dir, clock), poll=False)
    async with again.run_test(size=SIZE):
        assert isinstance(again.screen, HomeScreen)
        assert again.seat == Seat("Sam")


async def test_a_login_mapped_by_init_is_known(store: Store, unknown_terminal, make_app) -> None:
    create_profile(store, ["Sam", "Alex"], "Europe/London", logins=["someone-else", LOGIN])
    app = make_app(store)
    async with app.run_test(size=SIZE):
        assert isinstance(app.screen, HomeScreen)
        assert app.seat == Seat("Alex")


async def test_me_names_the_screen_and_a_wrong_name_is_told(
    couple: Store, clock: FakeClock, unknown_terminal, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = CompanionApp(couple, poll=False, me="alex")
    async with app.run_test(size=SIZE):
        assert isinstance(app.screen, HomeScreen)
        assert app.seat == Seat("Alex")  # as the profile spells it
    wrong = CompanionApp(Store(couple.data_dir, clock), poll=False, me="Robin")
    notices = record_notices(wrong, monkeypatch)
    async with wrong.run_test(size=SIZE):
        assert any("nobody called 'Robin'" in n for n in notices)
        assert isinstance(wrong.screen, WhoIsHereScreen)  # so it asks


async def test_alone_nobody_is_asked(store: Store, unknown_terminal, make_app) -> None:
    create_profile(store, ["Robin"], "Europe/London")
    app = make_app(store)
    async with app.run_test(size=SIZE):
        assert isinstance(app.screen, HomeScreen)
        assert app.seat.together


async def test_the_other_partners_journal_cannot_be_opened_here(couple: Store) -> None:
    seed_journal(couple, SECRET)  # Sam's
    app = CompanionApp(couple, poll=False, me="Alex")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflect(pilot, person=None)
        assert screen.view == "unlock" and screen.person == "Alex"  # straight to Alex's own
        assert screen.openable == ("Alex",)
        with app._context():
            assert screen.check_action("choose_person", ()) is False
        screen.choose("Sam")  # even asked directly, Sam's journal is not offered here
        await pilot.pause()
        assert screen.person == "Alex"
        assert "Sam" not in [o.id for o in screen.query_one("#who-list", OptionList).options]
        assert SECRET not in every_widget_text(app)


async def test_the_other_partners_top_three_is_theirs_to_write(
    couple: Store, clock: FakeClock
) -> None:
    rounds.write_list(couple, None, 0, ["Money worries"], clock.now())  # Sam's, from Sam's screen
    app = CompanionApp(couple, poll=False, me="Alex")
    async with app.run_test(size=SIZE) as pilot:
        await open_agenda(pilot)
        await pilot.press("3")
        screen = app.screen
        assert isinstance(screen, TopThreeScreen)
        assert screen.writer == 1  # straight to Alex's own list
        field = screen.query_one("#tt-item-0", Input)
        assert app.focused is field and not field.password  # nobody beside you to hide it from
        assert "Money worries" not in everything_shown(screen)
        assert "Money worries" not in every_widget_text(app)
        await paste(pilot, "Time together")
        await pilot.click("#tt-done")
        assert screen.round is not None and screen.round.revealed


async def test_the_top_three_waits_for_the_other_screen(couple: Store, clock: FakeClock) -> None:
    app = CompanionApp(couple, poll=False, me="Sam")
    async with app.run_test(size=SIZE) as pilot:
        await open_agenda(pilot)
        await pilot.press("3")
        screen = app.screen
        assert isinstance(screen, TopThreeScreen)
        await paste(pilot, "Money worries")
        await pilot.click("#tt-done")
        shown_now = everything_shown(screen)
        assert "When Alex has written theirs" in shown_now
        assert not screen.query_one("#tt-who-1").display  # Alex writes on Alex's screen
        assert not screen.query_one("#tt-who-0").display
