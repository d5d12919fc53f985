"""How each screen looks at 80x24, with a fake clock and fixed data.

Every snapshot here was looked at by a person before it was accepted.
"""

from __future__ import annotations

from textual.pilot import Pilot

from companion.clock import FakeClock
from companion.store import Store
from companion.talk import PRESETS, Talk
from companion.talk import records as talks

from .steps import settle, steady

SIZE = (80, 24)


def a_talk(store: Store, clock: FakeClock, steps: list[str]) -> Talk:
    talk = Talk.new(
        "Sundays [bold]and[/] chores 🙂", ("Sam", "Alex"), 0, PRESETS["short"], "short", clock.now()
    )
    for step in steps:
        if step == "agreed":  # both tick the ground rules
            talk.agree(clock.now(), 0)
            talk.agree(clock.now(), 1)
            continue
        clock.advance(40)
        talk.take(step, clock.now())
    talks.save_talk(store, talk)
    return talk


async def go_back_to_talk(pilot: Pilot) -> None:
    await settle(pilot)  # the start-up check offers the open talk
    await pilot.click("#confirm-yes")
    await steady(pilot)


async def open_history(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press("h")  # the history reads its talks in a worker; the press waits for it
    await steady(pilot)


# -- foundation --------------------------------------------------------------------------


def test_setup_screen(snap_compare, store, make_app) -> None:
    assert snap_compare(make_app(store), terminal_size=SIZE, run_before=steady)


def test_home_screen(snap_compare, couple, make_app) -> None:
    assert snap_compare(make_app(couple), terminal_size=SIZE, run_before=steady)


# -- talk and time-out ----------------------------------------------------------------------


def test_talk_speaking(snap_compare, couple, clock, make_app) -> None:
    a_talk(couple, clock, ["agreed", "begin"])
    clock.advance(35)  # 2:00 - 0:35 = 1:25 left
    assert snap_compare(make_app(couple), terminal_size=SIZE, run_before=go_back_to_talk)


def test_talk_overtime(snap_compare, couple, clock, make_app) -> None:
    a_talk(couple, clock, ["agreed", "begin"])
    clock.advance(132)
    assert snap_compare(make_app(couple), terminal_size=SIZE, run_before=go_back_to_talk)


def test_talk_paraphrase(snap_compare, couple, clock, make_app) -> None:
    a_talk(couple, clock, ["agreed", "begin", "speaker_done"])
    clock.advance(20)
    assert snap_compare(make_app(couple), terminal_size=SIZE, run_before=go_back_to_talk)


def test_talk_confirm(snap_compare, couple, clock, make_app) -> None:
    a_talk(couple, clock, ["agreed", "begin", "speaker_done", "paraphrase_done"])
    assert snap_compare(make_app(couple), terminal_size=SIZE, run_before=go_back_to_talk)


def test_timeout(snap_compare, couple, clock, make_app) -> None:
    a_talk(couple, clock, ["agreed", "begin"])
    talks.start_timeout(couple, "Europe/London", clock.now())
    clock.advance(5 * 60 + 30)
    assert snap_compare(make_app(couple), terminal_size=SIZE, run_before=steady)


def test_timeout_time_to_come_back(snap_compare, couple, clock, make_app) -> None:
    a_talk(couple, clock, ["agreed", "begin"])
    talks.start_timeout(couple, "Europe/London", clock.now())
    clock.advance(20 * 60 + 1)
    assert snap_compare(make_app(couple), terminal_size=SIZE, run_before=steady)


def test_history(snap_compare, couple, clock, make_app) -> None:
    for topic, confirmed in (("Money", 2), ("Weekends with family", 1)):
        talk = Talk.new(topic, ("Sam", "Alex"), 0, PRESETS["short"], "short", clock.now())
        talk.agree(clock.now(), 0)
        talk.agree(clock.now(), 1)
        talk.begin(clock.now())
        for _ in range(confirmed):
            clock.advance(100)
            talk.speaker_done(clock.now())
            clock.advance(50)
            talk.paraphrase_done(clock.now())
            talk.confirm(clock.now())
        clock.advance(30)
        talk.end(clock.now())
        talk.finish(clock.now())
        talks.save_talk(couple, talk)
        clock.advance(3 * 24 * 3600)
    assert snap_compare(make_app(couple), terminal_size=SIZE, run_before=open_history)


# -- guide and safety ----------------------------------------------------------------------------


def test_guide_contents(snap_compare, couple, make_app) -> None:
    assert snap_compare(make_app(couple), terminal_size=SIZE, press=["g"], run_before=steady)


def test_guide_section(snap_compare, couple, make_app) -> None:
    async def open_timeouts(pilot: Pilot) -> None:
        pilot.app.open_guide("timeouts")
        await steady(pilot)

    assert snap_compare(make_app(couple), terminal_size=SIZE, run_before=open_timeouts)


def test_guide_search(snap_compare, couple, make_app) -> None:
    press = ["g", "slash", *"flooded"]
    assert snap_compare(make_app(couple), terminal_size=SIZE, press=press, run_before=steady)


def test_safety_page(snap_compare, couple, make_app) -> None:
    assert snap_compare(make_app(couple), terminal_size=SIZE, press=["f2"], run_before=steady)
