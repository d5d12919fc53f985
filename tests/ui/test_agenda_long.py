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


async def test_a_large_file_changed_by_the_other_terminal_is_checked_off_the_event_loop(
    couple: Store, clock: FakeClock, make_app, monkeypatch
) -> None:
    """A large live file is checked in a thread before it is published: the poll never holds
    keys and timers while thousands of issues are decoded (bench/NOTES.md)."""
    import threading

    from companion import app as app_module
    from companion import areas

    from .test_two_apps import until

    many(couple, clock)
    monkeypatch.setattr(app_module, "CHECK_ON_LOOP_BYTES", 1024)  # this agenda counts as large
    checked: list[tuple[str, bool]] = []
    real = areas.check_live

    def spy(store: Store, name: str) -> None:
        checked.append((name, threading.current_thread() is threading.main_thread()))
        real(store, name)

    monkeypatch.setattr(areas, "check_live", spy)
    app = make_app(couple, poll=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        agenda.add_issue(couple, "Said on the other screen", "Alex", clock.now())
        assert await until(
            pilot, lambda: any(i.title == "Said on the other screen" for i in screen.shown)
        )
        assert ("agenda", False) in checked
        assert ("agenda", True) not in checked, "a large file was checked on the event loop"

        # Damage found in the thread still reaches the error screen, naming the file.
        path = couple.path(agenda.AREA)
        path.write_text(path.read_text(encoding="utf-8")[:-40] + "}", encoding="utf-8")
        assert await until(pilot, lambda: getattr(app.screen, "ROLE", "") == "error")
