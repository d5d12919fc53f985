"""A whole talk driven by keys: the state machine and talks.json move together."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Input,
    RadioButton,
    RadioSet,
    Static,
)

from companion.clock import FakeClock
from companion.profile import load_profile
from companion.screens.confirm import ConfirmScreen
from companion.screens.countdown import Countdown
from companion.screens.history import HistoryScreen, TalkDetailScreen
from companion.screens.home import HomeScreen
from companion.screens.prompt_card import PromptCard
from companion.store import Store
from companion.talk import PRESETS, Phase, TalkStep
from companion.talk import records as talks
from companion.when import format_duration

from .helpers import (
    SIZE,
    accept_resume_offer,
    agree,
    begin,
    choose_own_lengths,
    choose_preset,
    count_bells,
    digits,
    open_setup,
    paste,
    record_notices,
    seed_speaking,
    seed_talk,
    shown,
    stored_talks,
    tick,
)


async def test_a_whole_talk_from_home_to_history(
    couple: Store, data_dir: Path, clock: FakeClock, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(couple)
    rings = count_bells(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(pilot)
        await begin(pilot, screen, "Sundays and chores")
        await app.saves_done()
        [row] = stored_talks(data_dir)
        assert row["phase"] == "ground_rules"
        assert row["topic"] == "Sundays and chores"
        assert shown(screen.query_one("#talk-topic", Static)) == "Talking about: Sundays and chores"

        # the talk cannot start until both have agreed
        begin_button = screen.query_one("#rules-begin", Button)
        assert begin_button.disabled
        await pilot.press("space")  # Sam ticks
        assert screen.query_one("#agree0", Checkbox).value
        assert begin_button.disabled
        assert screen.check_action("next", ()) is None  # space is greyed out too
        await pilot.press("tab", "space")  # Alex ticks
        assert not begin_button.disabled
        assert app.focused is begin_button
        assert screen.talk.phase is Phase.GROUND_RULES
        await pilot.press("enter")
        await pilot.pause()
        talk = screen.talk
        assert talk.phase is Phase.SPEAKING
        assert talk.speaker == 0
        assert digits(screen) == "2:00"

        # time runs out: overtime shows, nothing moves on by itself, the bell rings once
        await tick(pilot, clock, 130)
        assert digits(screen) == "+0:10"
        assert screen.query_one(Countdown).has_class("-overtime")
        assert screen.talk.phase is Phase.SPEAKING
        assert rings == [1]
        await tick(pilot, clock, 5)
        assert digits(screen) == "+0:15"
        assert screen.talk.phase is Phase.SPEAKING
        assert rings == [1]

        await pilot.press("space")
        assert screen.talk.phase is Phase.PARAPHRASE
        assert screen.talk.speaker == 0
        assert digits(screen) == "1:00"
        assert not screen.query_one(Countdown).has_class("-overtime")
        await pilot.press("space")
        assert screen.talk.phase is Phase.CONFIRM
        # space does not answer the question; only y or n do
        await pilot.press("space")
        assert screen.talk.phase is Phase.CONFIRM

        await pilot.press("n")  # not quite: a short time to add what was missed
        assert screen.talk.phase is Phase.CLARIFY
        assert screen.talk.speaker == 0
        assert [t.outcome for t in screen.talk.turns] == ["clarified"]
        assert digits(screen) == "1:00"
        assert shown(screen.query_one("#live-roles", Static)) == "Sam clarifying, Alex listening"
        assert str(screen.query_one("#card0", PromptCard).border_title) == "Sam: clarifying"

        await tick(pilot, clock, 30)
        await pilot.press("space", "space", "y")
        assert screen.talk.phase is Phase.SPEAKING
        assert screen.talk.speaker == 1
        assert [(t.speaker, t.outcome) for t in screen.talk.turns] == [
            (0, "clarified"),
            (0, "confirmed"),
        ]

        await app.saves_done()
        [row] = stored_talks(data_dir)
        assert row["phase"] == "speaking"
        assert row["speaker"] == 1
        assert [t["outcome"] for t in row["turns"]] == ["clarified", "confirmed"]

        await tick(pilot, clock, 45)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#confirm-yes")
        await pilot.pause()
        assert app.screen is screen
        assert screen.talk.phase is Phase.CLOSING
        closing = screen.talk
        assert closing.speaking_time(0) == 165  # 2:15, then 0:30 after "not quite"
        assert closing.speaking_time(1) == 45
        assert closing.exchanges == 1
        text = shown(screen.query_one("#closing-summary", Static))
        assert f"Sam spoke for {format_duration(165)}" in text
        assert f"Alex spoke for {format_duration(45)}" in text
        assert "Times one of you felt heard: 1" in text

        await pilot.press("space")
        await app.saves_done()
        assert stored_talks(data_dir, archived=False) == []  # moved to this year's archive
        [row] = stored_talks(data_dir)
        assert row["phase"] == "ended"
        assert [t["outcome"] for t in row["turns"]] == ["clarified", "confirmed", "ended"]
        assert talks.active_talk(couple) is None
        # the screen is ready for the next talk
        assert screen.talk is None
        assert screen.query("#talk-setup")

        # the topic field has focus again, so go home first and then to the history
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("h")
        await pilot.pause()
        history = app.screen
        assert isinstance(history, HistoryScreen)
        grid = history.query_one(DataTable)
        assert grid.row_count == 1
        cells = [str(cell) for cell in grid.get_row(row["id"])]
        assert "Sundays and chores" in cells

        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, TalkDetailScreen)
        body = shown(detail.query_one("#detail-body", Static))
        assert "Sundays and chores" in body
        assert "added what was missed" in body and "felt heard" in body
        assert "the talk stopped here" in body
    assert rings == [1]


async def test_the_paraphrase_rings_once_when_its_time_is_up(
    couple: Store, clock: FakeClock, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_talk(couple, clock, "Money", "agreed", "begin", "speaker_done")
    app = make_app(couple)
    rings = count_bells(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        screen = await accept_resume_offer(pilot)
        assert screen.talk.phase is Phase.PARAPHRASE
        assert digits(screen) == "1:00"
        assert rings == []
        await tick(pilot, clock, 59)
        assert digits(screen) == "0:01"
        assert rings == []
        await tick(pilot, clock, 1)
        assert digits(screen) == "0:00"
        assert screen.query_one(Countdown).has_class("-overtime")
        assert rings == [1]
        await tick(pilot, clock, 20)
        assert screen.talk.phase is Phase.PARAPHRASE
        assert rings == [1]


async def test_no_topic_or_a_31_minute_turn_is_refused_and_starts_nothing(
    couple: Store, data_dir: Path, make_app
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(pilot)
        await pilot.click("#begin")  # no topic yet
        await pilot.pause()
        assert "Give the talk a topic" in shown(screen.query_one("#setup-problem", Static))
        assert screen.talk is None

        screen.query_one("#topic", Input).focus()
        await paste(pilot, "Holidays")
        await choose_preset(pilot, screen, "custom")
        speak = screen.query_one("#speak", Input)
        assert speak.display
        speak.focus()
        await pilot.press("end", "ctrl+u", "3", "1")
        assert speak.value == "31"
        await pilot.press("enter")  # submitting a length field begins, like the button
        await pilot.pause()

        problem = " ".join(shown(screen.query_one("#setup-problem", Static)).split())
        assert problem == "A speaking turn can last from 1 to 30 minutes, not 31."
        assert screen.talk is None
        assert screen.query("#talk-setup")
        await app.saves_done()
    assert not (data_dir / "talks.json").exists()
    settings = load_profile(Store(data_dir)).settings
    assert settings.turn_preset == "short"
    assert settings.custom_speak_minutes == 3


async def test_the_chosen_preset_is_remembered_for_the_next_talk(
    couple: Store, data_dir: Path, make_app
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(pilot)
        assert screen.query_one("#preset", RadioSet).pressed_button.name == "short"
        await begin(pilot, screen, "Where we live", preset="deep")
        assert screen.talk.lengths == PRESETS["deep"]
        await app.saves_done()
        assert load_profile(Store(data_dir)).settings.turn_preset == "deep"

        # end it at the ground rules: the form comes back with the same choice
        await pilot.press("e")
        await pilot.pause()
        await pilot.click("#confirm-yes")
        await pilot.pause()
        assert screen.talk.phase is Phase.CLOSING
        await pilot.press("space")
        await pilot.pause()
        assert screen.talk is None
        assert screen.query_one("#preset", RadioSet).pressed_button.name == "deep"
        await app.saves_done()

    # and a new start of Companion remembers it too
    app = make_app(Store(data_dir, app.clock))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(pilot)
        pressed = screen.query_one("#preset", RadioSet).pressed_button
        assert isinstance(pressed, RadioButton)
        assert pressed.name == "deep"


async def test_custom_lengths_are_used_and_remembered(
    couple: Store, data_dir: Path, make_app
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(pilot)
        await paste(pilot, "Weekends")
        await choose_own_lengths(pilot, screen, "5", "2", "3")
        await pilot.click("#begin")
        await pilot.pause()
        await agree(pilot, screen)
        assert digits(screen) == "5:00"
        await app.saves_done()
    settings = load_profile(Store(data_dir)).settings
    assert (settings.turn_preset, settings.custom_speak_minutes) == ("custom", 5)
    assert settings.custom_paraphrase_minutes == 2
    assert settings.custom_clarify_minutes == 3
    [row] = stored_talks(data_dir)
    assert row["lengths"] == {"speak": 300, "paraphrase": 120, "clarify": 180}


async def test_m_toggles_the_bell_and_saves_it(
    couple: Store,
    data_dir: Path,
    clock: FakeClock,
    make_app,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed_speaking(couple, clock, "Chores")
    app = make_app(couple)
    rings = count_bells(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        screen = await accept_resume_offer(pilot)
        assert not isinstance(app.focused, Input)

        await pilot.press("m")
        await app.saves_done()
        assert load_profile(Store(data_dir)).settings.bell is False
        await tick(pilot, clock, 125)
        assert digits(screen) == "+0:05"
        assert rings == []  # time is up, but the bell is off

        await pilot.press("m")
        await app.saves_done()
        assert load_profile(Store(data_dir)).settings.bell is True


async def test_a_step_refused_because_the_other_terminal_moved_on_shows_the_disk(
    couple: Store,
    data_dir: Path,
    clock: FakeClock,
    make_app,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    talk = seed_speaking(couple, clock)
    app = make_app(couple)
    notices = record_notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        screen = await accept_resume_offer(pilot)
        await tick(pilot, clock, 30)

        # the other terminal: Sam is done, Alex says it back (this one has not polled yet)
        talks.apply(couple, talk.id, TalkStep.SPEAKER_DONE, clock.now())
        assert screen.talk.phase is Phase.SPEAKING
        assert digits(screen) == "1:30"

        # space here meant "Sam is done" too: refused, not taken a second time
        await pilot.press("space")
        assert notices[-1] == "Your partner's screen moved the talk on first; here it is now."
        [row] = stored_talks(data_dir)
        assert row["phase"] == "paraphrase"
        assert screen.talk.phase is Phase.PARAPHRASE
        roles = shown(screen.query_one("#live-roles", Static))
        assert roles == "Alex saying it back, Sam listening"
        assert digits(screen) == "1:00"

        # the next key now works on what the disk holds
        await pilot.press("space")
        assert screen.talk.phase is Phase.CONFIRM
        [row] = stored_talks(data_dir)
        assert row["phase"] == "confirm"
