"""Home's cards: what is waiting in each area, hidden when there is nothing to say."""

from __future__ import annotations

from companion.clock import FakeClock
from companion.screens.home import HomeScreen
from companion.screens.talk_card import TalkCard
from companion.screens.timeout import TimeoutScreen
from companion.store import Store
from companion.talk import records as talks

from .helpers import SIZE, seed_talk, shown


async def test_the_talk_card_hides_with_nothing_to_say(couple: Store, make_app) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE):
        assert isinstance(app.screen, HomeScreen)
        card = app.screen.query_one(TalkCard)
        assert not card.display
        assert shown(card) == ""


async def test_the_talk_card_tells_of_the_last_talk(
    couple: Store, clock: FakeClock, make_app
) -> None:
    talk = seed_talk(couple, clock, "Sundays [b]and[/b]", "agreed", "begin")
    clock.advance(60)
    talks.apply(couple, talk.id, "end", clock.now())
    talks.apply(couple, talk.id, "finish", clock.now())
    app = make_app(couple)
    async with app.run_test(size=SIZE):
        card = app.screen.query_one(TalkCard)
        assert card.display
        assert shown(card) == "Last talk: Sundays [b]and[/b], 18:30, 1 min."


async def test_a_card_follows_the_other_terminal(couple: Store, clock: FakeClock) -> None:
    from companion.app import CompanionApp

    from .test_two_apps import until

    app = CompanionApp(Store(couple.data_dir, clock), poll=True)
    async with app.run_test(size=SIZE) as pilot:
        card = app.screen.query_one(TalkCard)
        assert not card.display
        talks.start_timeout(couple, "Europe/London", clock.now())
        # The time-out screen comes up; underneath, home's card says so too.
        assert await until(pilot, lambda: "A time-out is running" in shown(card), within=5)
        assert "back at 18:50" in shown(card)
        await until(pilot, lambda: isinstance(app.screen, TimeoutScreen))
        # Let the time-out screen finish mounting before the app closes: its Header sets
        # its title as it mounts, and closing in the middle of that fails in Textual.
        await app.workers.wait_for_complete()
        await pilot.pause()
