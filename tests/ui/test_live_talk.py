"""A live talk across two terminals: each partner on a screen of their own, one data dir.

Two CompanionApps run at once with the live poll on, one started as Sam's
screen (--me Sam) and one as Alex's, sharing one clock as two processes share
the wall clock. Each step is pressed in one and must show in the other within
the poll window; each screen shows its own part and offers its own keys.
"""

from __future__ import annotations

from contextlib import AsyncExitStack

from textual.widgets import Checkbox

from companion.app import CompanionApp
from companion.clock import FakeClock
from companion.screens.confirm import ConfirmScreen
from companion.screens.home import HomeScreen
from companion.screens.talk import TalkScreen
from companion.screens.talk_views import LiveView
from companion.screens.timeout import TimeoutScreen
from companion.store import Store
from companion.talk import Phase
from companion.talk import records as talks
from companion.timeout import TimeOutStep

from .helpers import SIZE, begin, digits, open_setup, shown
from .test_two_apps import until


def phase_of(app: CompanionApp) -> Phase | None:
    screen = app.screen
    if not isinstance(screen, TalkScreen) or screen.talk is None:
        return None
    return screen.talk.phase


def offers(app: CompanionApp, action: str, *parameters: object) -> bool | None:
    """Whether `app`'s screen offers an action now, asked as that app (two run at once)."""
    with app._context():
        return app.screen.check_action(action, parameters)


def cards_shown(screen: TalkScreen) -> list[str]:
    """The prompt cards this screen shows, by id."""
    return [card.id or "" for card in screen.query("LiveView PromptCard") if card.display]


async def test_two_partners_hold_a_full_talk_each_on_their_own_screen(
    couple: Store, clock: FakeClock
) -> None:
    async with AsyncExitStack() as stack:
        sam = CompanionApp(Store(couple.data_dir, clock), poll=True, me="Sam")
        alex = CompanionApp(Store(couple.data_dir, clock), poll=True, me="Alex")
        p_sam = await stack.enter_async_context(sam.run_test(size=SIZE))
        p_alex = await stack.enter_async_context(alex.run_test(size=SIZE))
        assert sam.title == "Companion · Sam's screen"
        assert alex.title == "Companion · Alex's screen"

        # Sam starts a talk; Alex's home offers to join it, with a key of its own.
        s_screen = await open_setup(p_sam)
        await begin(p_sam, s_screen, "Sundays")
        assert phase_of(sam) is Phase.GROUND_RULES
        home = alex.screen
        assert isinstance(home, HomeScreen)
        assert await until(p_alex, lambda: offers(alex, "join") is True)
        assert "Press t to join it" in shown(home.query_one("TalkCard"))
        await p_alex.press("t")
        a_screen = alex.screen
        assert isinstance(a_screen, TalkScreen) and a_screen.talk is not None
        assert s_screen.talk is not None and a_screen.talk.id == s_screen.talk.id

        # Each ticks their own agreement; the other's tick is theirs alone.
        assert s_screen.query_one("#agree1", Checkbox).disabled
        assert a_screen.query_one("#agree0", Checkbox).disabled
        assert alex.focused is a_screen.query_one("#agree1")
        await p_alex.press("space")
        await p_sam.press("space")
        assert await until(p_alex, lambda: a_screen.talk is not None and a_screen.talk.rules_agreed)
        assert await until(p_sam, lambda: s_screen.talk is not None and s_screen.talk.rules_agreed)
        await p_sam.click("#rules-begin")
        assert phase_of(sam) is Phase.SPEAKING
        assert await until(p_alex, lambda: phase_of(alex) is Phase.SPEAKING)

        # The same phase and the same remaining second on both screens.
        clock.advance(17.4)
        assert await until(p_alex, lambda: digits(a_screen) == digits(s_screen) == "1:43")
        # Each screen shows its own part: Sam speaks, Alex listens.
        assert cards_shown(s_screen) == ["card0"]
        assert cards_shown(a_screen) == ["card1"]
        assert "speaking" in str(s_screen.query_one("#card0").border_title)
        assert "listening" in str(a_screen.query_one("#card1").border_title)

        # The floor is Sam's to pass: space on Alex's screen does nothing.
        assert offers(alex, "next") is False
        await p_alex.press("space")
        assert talks.active_talk(couple).phase is Phase.SPEAKING  # type: ignore[union-attr]
        await p_sam.press("space")
        assert phase_of(sam) is Phase.PARAPHRASE
        assert await until(p_alex, lambda: phase_of(alex) is Phase.PARAPHRASE)
        assert await until(p_alex, lambda: digits(a_screen) == digits(s_screen) == "1:00")

        # Saying it back is Alex's to finish, pressed on Alex's screen.
        assert offers(sam, "next") is False
        await p_alex.press("space")
        assert phase_of(alex) is Phase.CONFIRM
        assert await until(p_sam, lambda: phase_of(sam) is Phase.CONFIRM)
        # "Yes, that's it" is Sam's answer; Alex's screen says Sam answers.
        assert offers(alex, "answer", True) is False
        assert offers(sam, "answer", True) is True
        assert "says on their screen" in shown(a_screen.query_one("#live-confirm"))
        await p_alex.press("y")
        assert talks.active_talk(couple).phase is Phase.CONFIRM  # type: ignore[union-attr]
        await p_sam.press("y")
        assert await until(
            p_alex,
            lambda: (
                a_screen.talk is not None
                and a_screen.talk.phase is Phase.SPEAKING
                and a_screen.talk.speaker == 1
            ),
        ), "the floor did not pass to Alex on Alex's screen"
        assert cards_shown(a_screen) == ["card1"]
        assert "speaking" in str(a_screen.query_one("#card1").border_title)
        assert offers(alex, "next") is True  # now Alex holds the floor

        # A time-out from Alex's screen pauses the talk on both.
        await p_alex.press("ctrl+t")
        assert isinstance(alex.screen, TimeoutScreen)
        assert await until(p_sam, lambda: isinstance(sam.screen, TimeoutScreen))
        on_disk = talks.active_talk(couple)
        assert on_disk is not None and on_disk.paused
        cooldown = talks.active_timeout(couple)
        assert cooldown is not None
        clock.advance(20 * 60 + 1)
        talks.apply_timeout(couple, cooldown.id, TimeOutStep.COME_BACK, clock.now())
        assert await until(p_sam, lambda: isinstance(sam.screen, TalkScreen))
        assert await until(p_alex, lambda: isinstance(alex.screen, TalkScreen))
        assert await until(p_sam, lambda: digits(a_screen) == digits(s_screen) == "2:00")

        # Either may end the talk: Sam ends it, both see the closing; Alex saves it.
        await p_sam.press("e")
        assert isinstance(sam.screen, ConfirmScreen)
        await p_sam.click("#confirm-yes")
        assert phase_of(sam) is Phase.CLOSING
        assert await until(p_alex, lambda: phase_of(alex) is Phase.CLOSING)
        await p_alex.press("space")
        assert talks.active_talk(couple) is None
        assert await until(p_sam, lambda: s_screen.talk is None)


async def test_one_keyboard_still_shows_both_parts_and_every_key(
    couple: Store, clock: FakeClock, make_app
) -> None:
    """Both of you at one screen (the default in tests): both cards, all the keys."""
    from .helpers import seed_speaking

    seed_speaking(couple, clock)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#confirm-yes")
        screen = app.screen
        assert isinstance(screen, TalkScreen)
        assert app.title == "Companion"
        assert cards_shown(screen) == ["card0", "card1"]
        assert screen.query_one(LiveView).mine is None
        assert offers(app, "next") is True
