"""How the agenda looks at 80x24, with a fake clock and fixed data.

Every snapshot here was looked at by a person before it was accepted.
"""

from __future__ import annotations

from datetime import timedelta

from textual.pilot import Pilot
from textual.widgets import DataTable

from companion.agenda import AgreementDraft, rounds
from companion.agenda import records as agenda
from companion.clock import FakeClock
from companion.store import Store

from .steps import steady

SIZE = (80, 24)


def an_agenda(store: Store, clock: FakeClock) -> None:
    """A few weeks of a couple's agenda: one issue talked through and agreed."""
    agenda.add_issue(
        store,
        "Money: [bold]who decides[/] 💸",
        "Sam",
        clock.now(),
        details="When a big bill comes, I feel alone with it.\nI'd like us to look at it together.",
        tags=["money", "home"],
    )
    clock.advance(timedelta(days=2))
    agenda.add_issue(store, "Chores and who notices them", "Alex", clock.now(), kind="perpetual")
    clock.advance(timedelta(days=3))
    agenda.add_issue(store, "Time with my family at weekends", "both", clock.now())
    clock.advance(timedelta(days=1))
    for status in ("talked_about", "understood"):
        agenda.set_status(store, "1", status, clock.now())
    review = clock.now().date() + timedelta(days=7)
    draft = AgreementDraft("look at big bills together on Sunday evenings", "both", review)
    agenda.add_agreement(store, "1", draft, clock.now())
    clock.advance(timedelta(days=8))


async def open_agenda(pilot: Pilot) -> None:
    await steady(pilot)
    await pilot.press("a")
    await pilot.app.workers.wait_for_complete()
    pilot.app.screen.query_one(DataTable).focus()
    await steady(pilot)


def test_agenda_list_with_detail(snap_compare, couple, clock, make_app) -> None:
    an_agenda(couple, clock)
    assert snap_compare(make_app(couple), terminal_size=SIZE, run_before=open_agenda)


def test_agenda_add_form_explains(snap_compare, couple, clock, make_app) -> None:
    an_agenda(couple, clock)

    async def add_too_long(pilot: Pilot) -> None:
        await open_agenda(pilot)
        await pilot.press("n")
        await pilot.press(*"Bedtimes")
        await pilot.press("ctrl+a", "ctrl+k")  # cleared: an empty title
        await pilot.press("ctrl+s")
        await steady(pilot)

    assert snap_compare(make_app(couple), terminal_size=SIZE, run_before=add_too_long)


def test_agenda_top_three_reveal(snap_compare, couple, clock, make_app) -> None:
    round_ = rounds.write_list(
        couple, None, 0, ["Money worries", "Bedtimes [i]again[/i]", "Phones at dinner"], clock.now()
    )
    rounds.write_list(couple, round_.id, 1, ["Time together 💞", "Money worries"], clock.now())
    rounds.add_item(couple, round_.id, 1, 0, clock.now())

    async def reveal(pilot: Pilot) -> None:
        await open_agenda(pilot)
        await pilot.press("3")
        await pilot.app.workers.wait_for_complete()
        await steady(pilot)

    assert snap_compare(make_app(couple), terminal_size=SIZE, run_before=reveal)
