"""How Reflect looks at 80x24: the passphrase, the journal, and a guided reflection.

Every snapshot here was looked at by a person before it was accepted.
"""

from __future__ import annotations

from textual import events
from textual.pilot import Pilot

from companion.clock import FakeClock
from companion.reflect import records
from companion.reflect.journal import Draft, Feeling
from companion.store import Store

from .steps import settle, steady

SIZE = (80, 24)
SAM = "correct horse battery"


def a_journal(store: Store, clock: FakeClock) -> None:
    unlocked = records.create_journal(store, "Sam", SAM, SAM)
    drafts = [
        Draft(title="After Sunday [bold]lunch[/]", text="I went quiet again when…"),
        Draft(kind="feel-want-need", feelings=[Feeling("lonely", "a walk together", "closeness")]),
        Draft(kind="cycle", answers={"feel": "ignored", "tend": "push harder"}),
        Draft(text="Three good things today 🙂\nThe tea, the call, the walk."),
    ]
    for draft in drafts:
        clock.advance(26 * 3600)
        records.save_draft(store, "Sam", unlocked.key, draft, clock.now())


async def to_unlock(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press("r")
    await pilot.press("enter")  # Sam
    await steady(pilot)


async def to_journal(pilot: Pilot) -> None:
    await to_unlock(pilot)
    pilot.app.post_message(events.Paste(SAM))
    await pilot.pause()
    await pilot.press("enter")
    await steady(pilot)


async def to_feel_want_need(pilot: Pilot) -> None:
    await to_journal(pilot)
    await pilot.press("p")
    await pilot.press("enter")
    await pilot.press("down", "down", "space", "up", "up", "space")  # lonely, then sad
    await pilot.press("tab")
    pilot.app.post_message(events.Paste("to be asked how my day was"))
    await steady(pilot)


def test_reflect_new_journal(snap_compare, couple, make_app) -> None:
    assert snap_compare(make_app(couple), terminal_size=SIZE, run_before=to_unlock)


def test_reflect_unlock(snap_compare, couple, clock, make_app) -> None:
    a_journal(couple, clock)
    assert snap_compare(make_app(couple), terminal_size=SIZE, run_before=to_unlock)


def test_reflect_journal_list(snap_compare, couple, clock, make_app) -> None:
    a_journal(couple, clock)
    assert snap_compare(make_app(couple), terminal_size=SIZE, run_before=to_journal)


def test_reflect_feel_want_need(snap_compare, couple, clock, make_app) -> None:
    a_journal(couple, clock)
    assert snap_compare(make_app(couple), terminal_size=SIZE, run_before=to_feel_want_need)


def test_reflect_curtain(snap_compare, couple, clock, make_app) -> None:
    a_journal(couple, clock)

    async def hidden(pilot: Pilot) -> None:
        await to_journal(pilot)
        await pilot.press("ctrl+l")
        await steady(pilot)

    assert snap_compare(make_app(couple), terminal_size=SIZE, run_before=hidden)
