"""A check-in that looks at what the agenda holds: verdicts written back, concerns raised on it."""

from __future__ import annotations

from contextlib import AsyncExitStack
from datetime import time

from textual.pilot import Pilot
from textual.widgets import Input, Label, RadioSet, Static

from companion.agenda import AgreementState, Status, Verdict
from companion.agenda import records as agenda
from companion.app import CompanionApp
from companion.checkins import records
from companion.checkins.rules import Stage
from companion.clock import FakeClock
from companion.screens.agenda import AgendaScreen
from companion.screens.checkin import CheckInScreen
from companion.store import Store

from .checkin_data import agenda_at_work
from .helpers import SIZE, paste, shown, table
from .test_agenda import rows, select
from .test_checkins import answer
from .test_two_apps import until


async def begin_to_review(pilot: Pilot) -> CheckInScreen:
    """Open the check-in, begin it, and answer the first two stages as Sam and Alex would."""
    await pilot.press("i")
    screen = pilot.app.screen
    assert isinstance(screen, CheckInScreen)
    await pilot.click("#ci-begin")
    for text in ("You cooked on Tuesday", "The walk", "7", "8"):
        await answer(pilot, text)
    assert screen.checkin is not None and screen.checkin.stage is Stage.REVIEW
    return screen


async def verdict(pilot: Pilot, index: int, steps: int, note: str = "") -> None:
    """On the focused row of verdicts: move `steps` along, choose, then tab to the note."""
    radios = pilot.app.focused
    assert isinstance(radios, RadioSet) and radios.id == f"verdict-{index}", radios
    await pilot.press(*(["right"] * steps), "enter")
    await pilot.press("tab")
    assert isinstance(pilot.app.focused, Input) and pilot.app.focused.id == f"note-{index}"
    if note:
        await paste(pilot, note)
    await pilot.press("tab")


async def test_the_whole_guided_check_in_reviews_the_agenda_and_writes_back(
    couple: Store, clock: FakeClock, make_app
) -> None:
    records.set_schedule(couple, clock.now(), "Europe/London", 2, 6, time(19))
    agenda_at_work(couple, clock)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await begin_to_review(pilot)
        labels = [shown(label) for label in screen.query("#ci-body Label").results(Label)]
        assert labels == [
            "Agreement: Phones in the basket at dinner",
            "Issue: Phones at dinner",
            "Issue: Who plans the weekends",
        ]
        await pilot.press("ctrl+n")
        assert "better, the same or worse" in shown(screen.query_one("#ci-problem", Static))
        await verdict(pilot, 0, 2, "Phones crept back")  # worse
        await verdict(pilot, 1, 1)  # the same
        await verdict(pilot, 2, 0, "We planned Saturday")  # better
        assert [r.verdict for r in screen.checkin.reviews] == ["worse", "same", "better"]
        before = agenda.get_issue(couple, "1")
        assert before is not None and before.checkins == []  # written when it finishes
        await pilot.press("ctrl+n")
        assert screen.checkin.stage is Stage.CONCERNS
        assert [r.note for r in screen.checkin.reviews] == [
            "Phones crept back",
            "",
            "We planned Saturday",
        ]

        await answer(pilot, "Visits to family")  # Sam's
        screen.query_one("#concern-1", Input).focus()
        await pilot.pause()
        await answer(pilot, "Money this month")  # Alex's
        listing = shown(screen.query_one("#concern-list", Static))
        assert "Sam: Visits to family  (on the agenda)" in listing
        assert "Alex: Money this month  (on the agenda)" in listing
        await pilot.press("ctrl+n")
        await answer(pilot, "Pizza and a film")  # the plan; enter finishes
        assert screen.finished is not None and screen.finished.stage is Stage.DONE

        phones, weekends = agenda.get_issue(couple, "1"), agenda.get_issue(couple, "2")
        assert phones is not None and weekends is not None
        assert phones.agreements[0].state is AgreementState.SLIPPING
        assert phones.status is Status.FOLLOWING_UP
        assert [(c.agreement_id, c.verdict, c.note) for c in phones.checkins] == [
            ("1", Verdict.WORSE, "Phones crept back"),
            (None, Verdict.SAME, ""),
        ]
        assert [(c.verdict, c.note) for c in weekends.checkins] == [
            (Verdict.BETTER, "We planned Saturday")
        ]
        raised = [(i.id, i.title, i.raised_by) for i in agenda.open_issues(couple)[3:]]
        assert raised == [("4", "Visits to family", "Sam"), ("5", "Money this month", "Alex")]
        (row,) = table(couple.data_dir, "checkins", "checkins")
        assert [c["agenda_id"] for c in row["concerns"]] == ["4", "5"]

        # What was said shows on the agenda, with the two new issues.
        await pilot.click("#ci-close")
        agenda_screen = await open_agenda_screen(pilot)
        assert await until(pilot, lambda: "Money this month" in rows(agenda_screen))
        await select(pilot, agenda_screen, "Phones at dinner")
        detail = shown(agenda_screen.query_one("#detail-text", Static))
        assert "At check-ins\n" in detail
        assert "agreement 1: worse - Phones crept back" in detail
        assert "slipping" in detail


async def open_agenda_screen(pilot: Pilot) -> AgendaScreen:
    await pilot.press("a")
    screen = pilot.app.screen
    assert isinstance(screen, AgendaScreen)
    return screen


async def test_nothing_open_on_the_agenda_is_said_plainly_and_the_check_in_goes_on(
    couple: Store, clock: FakeClock, make_app
) -> None:
    agenda.add_issue(couple, "Only raised so far", "Sam", clock.now())
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await begin_to_review(pilot)
        said = shown(screen.query_one("#ci-body Static", Static))
        assert said == "Nothing from the agenda to look at this time. Press ctrl+n to go on."
        await pilot.press("ctrl+n")
        assert screen.checkin is not None and screen.checkin.stage is Stage.CONCERNS


async def test_a_concern_at_a_check_in_shows_on_the_other_terminals_agenda(
    couple: Store, clock: FakeClock
) -> None:
    async with AsyncExitStack() as stack:
        apps = (
            CompanionApp(Store(couple.data_dir, clock), poll=True),
            CompanionApp(Store(couple.data_dir, clock), poll=True),
        )
        sam, alex = [await stack.enter_async_context(a.run_test(size=SIZE)) for a in apps]
        other = await open_agenda_screen(alex)
        assert rows(other) == []
        screen = await begin_to_review(sam)
        await sam.press("ctrl+n")  # nothing to review yet
        assert screen.checkin is not None and screen.checkin.stage is Stage.CONCERNS
        await answer(sam, "Visits to family")
        assert await until(alex, lambda: rows(other) == ["Visits to family"]), (
            "the other terminal's agenda did not show the concern"
        )
        (issue,) = agenda.open_issues(couple)
        assert issue.raised_by == "Sam"
        assert screen.checkin.concerns[0].agenda_id == issue.id
