"""Two terminals on one data dir: what one does, the other sees, with the live poll on.

Each test runs two CompanionApps at once on the same folder (as two partners
SSH'd into one machine would) with polling on, and one of them sometimes
changed behind its back by the CLI's own functions.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from contextlib import AsyncExitStack

from textual.pilot import Pilot
from textual.widgets import Static

from companion.app import POLL_SECONDS, CompanionApp
from companion.clock import FakeClock
from companion.screens.home import HomeScreen
from companion.screens.talk import TalkScreen
from companion.screens.timeout import TimeoutScreen
from companion.store import Store
from companion.talk import PRESETS, Phase, Talk
from companion.talk import records as talks
from companion.timeout import TimeOutStep

from .helpers import SIZE, seed_speaking, shown

WITHIN = 2 * POLL_SECONDS + 1.0
"""How long the other terminal may take to show a change: two polls, and slack for a busy CI."""


async def until(pilot: Pilot, seen: Callable[[], bool], within: float = WITHIN) -> bool:
    """Let both apps run (real time, the poll is real) until `seen()` or `within` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        if seen():
            return True
        await asyncio.sleep(0.05)
    return seen()


async def open_both(stack: AsyncExitStack, store_a: Store, store_b: Store, poll_a: bool = True):
    apps = (CompanionApp(store_a, poll=poll_a), CompanionApp(store_b, poll=True))
    pilots = [await stack.enter_async_context(app.run_test(size=SIZE)) for app in apps]
    return apps, pilots


async def open_one(stack: AsyncExitStack, couple: Store, clock: FakeClock):
    """One more terminal on the couple's folder, polling, its start-up check done; what
    the test does to `couple` stands for the other terminal or the command line."""
    app = CompanionApp(Store(couple.data_dir, clock), poll=True)
    pilot = await stack.enter_async_context(app.run_test(size=SIZE))
    await app.ready.wait()
    return app, pilot


async def test_a_step_in_one_terminal_shows_in_the_other(couple: Store, clock: FakeClock) -> None:
    seed_speaking(couple, clock, "Money")
    other = Store(couple.data_dir, clock)
    async with AsyncExitStack() as stack:
        (app_a, app_b), (pilot_a, pilot_b) = await open_both(stack, couple, other)
        for app, pilot in ((app_a, pilot_a), (app_b, pilot_b)):
            await pilot.click("#confirm-yes")  # both go back to the talk left open
            assert isinstance(app.screen, TalkScreen)
            assert app.screen.talk is not None and app.screen.talk.phase is Phase.SPEAKING

        await pilot_a.press("space")  # Sam has finished: Alex says it back
        screen_a, screen_b = app_a.screen, app_b.screen
        assert isinstance(screen_a, TalkScreen) and isinstance(screen_b, TalkScreen)
        assert screen_a.talk is not None and screen_a.talk.phase is Phase.PARAPHRASE
        assert await until(
            pilot_b, lambda: screen_b.talk is not None and screen_b.talk.phase is Phase.PARAPHRASE
        ), "the other terminal did not show the paraphrase"
        roles = shown(screen_b.query_one("#live-roles", Static))
        assert roles.startswith("Alex saying it back")


async def test_a_refused_step_leaves_both_showing_the_disk(couple: Store, clock: FakeClock) -> None:
    seed_speaking(couple, clock, "Money")
    other = Store(couple.data_dir, clock)
    async with AsyncExitStack() as stack:
        # A's poll is off, so A cannot have seen B's step when A's key arrives.
        (app_a, app_b), (pilot_a, pilot_b) = await open_both(stack, couple, other, poll_a=False)
        for pilot in (pilot_a, pilot_b):
            await pilot.click("#confirm-yes")
        screen_a, screen_b = app_a.screen, app_b.screen
        assert isinstance(screen_a, TalkScreen) and isinstance(screen_b, TalkScreen)

        # B moves the talk on; A, still showing B speaking, presses space for that phase.
        await pilot_b.press("space")
        assert screen_b.talk is not None and screen_b.talk.phase is Phase.PARAPHRASE
        notices_before = len(app_a._notifications)
        await pilot_a.press("space")
        assert len(app_a._notifications) > notices_before, "A was not told why"
        on_disk = talks.active_talk(couple)
        assert on_disk is not None and on_disk.phase is Phase.PARAPHRASE  # not skipped on
        assert screen_a.talk is not None and screen_a.talk.phase is Phase.PARAPHRASE
        assert screen_b.talk is not None and screen_b.talk.phase is Phase.PARAPHRASE


async def test_a_cli_change_and_a_time_out_reach_a_running_app(
    couple: Store, clock: FakeClock
) -> None:
    async with AsyncExitStack() as stack:
        app, pilot = await open_one(stack, couple, clock)
        assert isinstance(app.screen, HomeScreen)

        # The other terminal (or a script) starts a time-out: this one shows it.
        cooldown = talks.start_timeout(couple, "Europe/London", clock.now())
        assert await until(pilot, lambda: isinstance(app.screen, TimeoutScreen))
        # ...and ends it ("I'm ready" there): this one leaves the time-out screen.
        clock.advance(20 * 60 + 1)
        talks.apply_timeout(couple, cooldown.id, TimeOutStep.COME_BACK, clock.now())
        assert await until(pilot, lambda: isinstance(app.screen, HomeScreen))


def told_of(app: CompanionApp, topic: str) -> int:
    return sum(topic in str(notice.message) for notice in app._notifications)


async def test_a_talk_begun_elsewhere_is_told_to_a_screen_away_from_home(
    couple: Store, clock: FakeClock
) -> None:
    async with AsyncExitStack() as stack:
        app, pilot = await open_one(stack, couple, clock)
        await pilot.press("a")  # on the agenda, where home's "Join the talk" is not seen
        await pilot.pause()
        assert app.current_mode == "agenda"

        # Begun by this app (a save of its own): nothing to tell.
        here = Talk.new("Chores", ("Sam", "Alex"), 0, PRESETS["short"], "short", clock.now())
        assert await app.save("talks", talks.start_talk, couple, here) is not None
        await asyncio.sleep(WITHIN / 2)
        assert told_of(app, "Chores") == 0
        talks.apply(couple, here.id, "end", clock.now())
        talks.apply(couple, here.id, "finish", clock.now())
        await pilot.pause()

        # Begun on the other screen (or by the command line): told once, with the way in.
        there = Talk.new("Sundays", ("Sam", "Alex"), 1, PRESETS["short"], "short", clock.now())
        talks.start_talk(couple, there)
        assert await until(pilot, lambda: told_of(app, "Sundays") == 1)
        notice = next(n for n in app._notifications if "Sundays" in str(n.message))
        assert (
            "under way on the other screen" in notice.message
            and "from home, with t" in notice.message
        )
        talks.apply(couple, there.id, "agree", clock.now(), 1, True)  # a step there
        await asyncio.sleep(WITHIN / 2)
        assert told_of(app, "Sundays") == 1


async def test_a_talk_joined_here_is_not_told_of_when_the_other_screen_moves_it(
    couple: Store, clock: FakeClock
) -> None:
    async with AsyncExitStack() as stack:
        app, pilot = await open_one(stack, couple, clock)
        there = Talk.new("Sundays", ("Sam", "Alex"), 1, PRESETS["short"], "short", clock.now())
        talks.start_talk(couple, there)  # the other screen begins it; this one is at home
        assert await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("t")  # joins it
        assert await until(pilot, lambda: isinstance(app.screen, TalkScreen))
        await pilot.press("escape", "a")  # home, then the agenda
        assert await until(pilot, lambda: app.current_mode == "agenda")
        talks.apply(couple, there.id, "agree", clock.now(), 1, True)  # a step there
        await asyncio.sleep(WITHIN)
        assert told_of(app, "Sundays") == 0


async def test_this_apps_own_save_seen_by_a_poll_midway_is_no_news(
    couple: Store, clock: FakeClock
) -> None:
    """A poll may see this app's write before the save has returned: it is still its own."""

    def slow_start(store: Store, talk: Talk) -> Talk:
        saved = talks.start_talk(store, talk)
        time.sleep(0.4)  # the rest of the save, while the poll looks
        return saved

    async with AsyncExitStack() as stack:
        app, pilot = await open_one(stack, couple, clock)
        await pilot.press("a")
        await pilot.pause()
        here = Talk.new("Chores", ("Sam", "Alex"), 0, PRESETS["short"], "short", clock.now())
        saving = asyncio.create_task(app.save("talks", slow_start, couple, here))
        await asyncio.sleep(0.2)
        app.poll_store()  # mid-save: the file has changed, the save has not returned
        assert await saving is not None
        await asyncio.sleep(WITHIN / 2)
        assert told_of(app, "Chores") == 0
