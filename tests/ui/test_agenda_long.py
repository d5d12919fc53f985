"""A long agenda: rows are put in the table a page at a time, and the keys work all along it."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, Static

from companion.agenda import Draft, Issue
from companion.agenda import records as agenda
from companion.agenda.codec import encode_issue
from companion.clock import FakeClock
from companion.screens.agenda import PAGE, AgendaScreen
from companion.store import Store

from .helpers import SIZE, shown
from .test_agenda import open_agenda, rows

COUNT = 2 * PAGE + 50


def title(n: int) -> str:
    return f"Issue {n}: money" if n % 10 == 0 else f"Issue {n}: chores"


def many(store: Store, clock: FakeClock, count: int = COUNT) -> None:
    """`count` open issues in one write; every tenth is about money."""
    now = clock.now()
    with store.transaction(agenda.AREA) as tx:
        table = tx[agenda.AREA].table(agenda.ISSUES)
        issues = []
        for n in range(1, count + 1):
            draft = Draft(title(n))
            issue = Issue.new(str(n), draft, ("Sam", "Alex"), now + timedelta(minutes=n), n)
            issues.append(encode_issue(issue))
        table.insert_multiple(issues)
        tx[agenda.AREA].table(agenda.COUNTER).insert({"next": count + 1})


def selected_title(screen: AgendaScreen) -> str:
    assert screen.selected is not None
    return screen.selected.title


async def test_a_long_agenda_opens_a_page_at_a_time_and_the_cursor_goes_to_the_end(
    couple: Store, clock: FakeClock, make_app
) -> None:
    many(couple, clock)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        table = screen.query_one(DataTable)
        assert len(screen.shown) == COUNT
        assert table.row_count == PAGE, "every row was built, not just the first page"
        assert rows(screen)[:2] == [title(1), title(2)]
        assert shown(screen.query_one("#agenda-count", Static)).startswith(f"{COUNT} open")
        assert selected_title(screen) == title(1)

        await pilot.press("pagedown")  # one screen further: the detail follows the cursor
        at = table.cursor_row
        assert at > 0 and selected_title(screen) == title(at + 1)

        await pilot.press("ctrl+end")  # to the last row built: the next page comes in behind it
        assert table.row_count > PAGE
        while table.row_count < COUNT:
            await pilot.press("ctrl+end")
        await pilot.press("ctrl+end")  # every row is in: this is the last
        assert table.row_count == COUNT
        assert selected_title(screen) == title(COUNT)
        await pilot.press("up")
        assert selected_title(screen) == title(COUNT - 1)

        await pilot.press("ctrl+home")
        assert table.cursor_row == 0 and selected_title(screen) == title(1)


async def test_a_filter_on_a_long_agenda_finds_rows_past_the_first_page(
    couple: Store, clock: FakeClock, make_app
) -> None:
    many(couple, clock)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await pilot.press("slash", *"money")
        money = [f"Issue {n}: money" for n in range(10, COUNT + 1, 10)]
        assert [i.title for i in screen.shown] == money
        assert rows(screen) == money  # fewer than a page: all of them in the table
        assert "(filtered)" in shown(screen.query_one("#agenda-count", Static))
        await pilot.press("escape", "ctrl+end")
        assert selected_title(screen) == money[-1]  # past the first page of the whole list

        await pilot.press("slash", "ctrl+u", "escape")  # the whole list again, a page at a time
        table = screen.query_one(DataTable)
        assert len(screen.shown) == COUNT and table.row_count >= PAGE
        assert selected_title(screen) == money[-1]  # the selection is kept
        assert table.get_row_at(table.cursor_row)[0].plain == money[-1]
