"""How the agenda copes with size: the screen with 10,000 open issues, and a write after years.

    python -m bench.agenda            # both, printed as a table
    python -m bench.agenda --issues 10000 --years 1 10 100

Functions the lead can call: `screen_with(issues)` (ms to open the agenda
screen and to filter it) and `add_one(years)` (p50/p95 ms to add one issue
when the data dir holds that many years of agenda).

A year of agenda, as we model it: 24 issues raised (one a fortnight), each
talked about, understood, agreed with something to practise, reviewed twice
and let go within weeks; one issue in eight is perpetual and stays open a
further year before it is let go. So after 100 years the live file holds a
few open issues and the 2,400 let go are in 100 yearly archives.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.data import MAX_SPAN
from companion.agenda import AgreementStep, Draft, Issue, IssueStep, Status
from companion.agenda import records as agenda
from companion.agenda.codec import encode_issue
from companion.clock import FakeClock
from companion.profile import create_profile
from companion.store import Store

PAIR = ("Sam", "Alex")
TODAY = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
PER_YEAR = 24
WORDS = ("money", "chores", "weekends", "family", "phones", "sleep", "plans", "friends", "work")


def _title(number: int) -> str:
    word = WORDS[number % len(WORDS)]
    return f"Issue {number}: {word} and how we talk about {WORDS[(number * 7) % len(WORDS)]}"


def open_issues(data_dir: Path, count: int) -> Store:
    """A data dir with `count` open issues, in one write."""
    store = Store(data_dir, FakeClock(TODAY))
    create_profile(store, PAIR, "Europe/London")
    now = TODAY - timedelta(days=count // 10)
    with store.transaction(agenda.AREA) as tx:
        table = tx[agenda.AREA].table(agenda.ISSUES)
        rows = []
        for n in range(1, count + 1):
            by = PAIR[n % 2] if n % 3 else "both"
            draft = Draft(_title(n), details="Details " * (n % 20), raised_by=by)
            issue = Issue.new(str(n), draft, PAIR, now + timedelta(minutes=n), n)
            if n % 4 == 0:
                issue.move_to(Status.TALKED_ABOUT, now)
            rows.append(encode_issue(issue))
        table.insert_multiple(rows)
        tx[agenda.AREA].table(agenda.COUNTER).insert({"next": count + 1})
    return store


def years_of_agenda(data_dir: Path, years: int) -> Store:
    """A data dir holding `years` of agenda as modelled above (archived by the store itself)."""
    store = Store(data_dir, FakeClock(TODAY))
    create_profile(store, PAIR, "Europe/London")
    span = min(years, MAX_SPAN)  # more is squeezed in: times before 1970 are refused as damage
    start = TODAY - timedelta(days=365 * span)
    rows = []
    number = 0
    for year in range(years):
        for k in range(PER_YEAR):
            number += 1
            raised = start + timedelta(days=(365 * year + k * 15) * span / years)
            clock = FakeClock(raised)
            issue = Issue.new(str(number), Draft(_title(number)), PAIR, clock.now(), number)
            for status in (Status.TALKED_ABOUT, Status.UNDERSTOOD):
                clock.advance(timedelta(days=3))
                issue.move_to(status, clock.now())
            day = clock.now().date()
            issue.take(IssueStep.AGREE, clock.now(), "practise it weekly", "both", day, PAIR, day)
            for _ in range(2):
                clock.advance(timedelta(days=7))
                today = clock.now().date()
                issue.take(IssueStep.REVIEW, clock.now(), "1", AgreementStep.ON_TRACK, today, today)
            perpetual = number % 8 == 0
            clock.advance(timedelta(days=365 if perpetual else 14))
            if clock.now() < TODAY:
                issue.move_to(Status.LET_GO, clock.now())
            rows.append(encode_issue(issue))
    with store.transaction(agenda.AREA) as tx:
        tx[agenda.AREA].table(agenda.ISSUES).insert_multiple(rows)
        tx[agenda.AREA].table(agenda.COUNTER).insert({"next": number + 1})
    return store


def add_one(years: int, runs: int = 40) -> dict[str, float]:
    """p50 and p95 ms of `companion agenda add`'s write, with `years` of agenda on disk."""
    with tempfile.TemporaryDirectory() as tmp:
        store = years_of_agenda(Path(tmp), years)
        live = store.path(agenda.AREA).stat().st_size
        archives = len(store.archives(agenda.AREA))
        agenda.add_issue(store, "warm up", "both", store.clock.now())  # the day's backup copy
        times = []
        for n in range(runs):
            start = time.perf_counter()
            agenda.add_issue(store, f"New {n}", "Sam", store.clock.now())
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "p50": statistics.median(times),
        "p95": times[int(0.95 * (len(times) - 1))],
        "live_kb": live / 1024,
        "archives": archives,
    }


def screen_with(issues: int = 10_000, search: str = "money") -> dict[str, float]:
    """ms to open the agenda screen with `issues` open, and to filter it as a person types."""
    from companion.app import CompanionApp
    from companion.screens.agenda import AgendaScreen

    result: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = open_issues(Path(tmp), issues)

        async def go() -> None:
            app = CompanionApp(store, poll=False, me="both")
            async with app.run_test(size=(80, 24)) as pilot:
                await app.settle()
                await pilot.pause()
                start = time.perf_counter()
                await pilot.press("a")
                screen = app.screen
                assert isinstance(screen, AgendaScreen)
                while not screen.loaded:  # the read runs in a thread; the screen is up already
                    await asyncio.sleep(0.001)
                await pilot.pause()
                result["open: screen and first rows"] = (time.perf_counter() - start) * 1000
                result["rows shown / issues"] = len(screen.shown)

                draws: list[float] = []
                original = screen._draw

                def timed_draw(*args, **kwargs):  # type: ignore[no-untyped-def]
                    begun = time.perf_counter()
                    original(*args, **kwargs)
                    draws.append((time.perf_counter() - begun) * 1000)

                screen._draw = timed_draw  # type: ignore[method-assign]
                await pilot.press("slash")
                keys: list[float] = []
                for char in search:
                    begun = time.perf_counter()
                    await pilot.press(char)
                    keys.append((time.perf_counter() - begun) * 1000)
                result["search: worst key, press to repaint"] = max(keys)
                result["search: worst filter and redraw"] = max(draws)
                await pilot.press("escape")
                begun = time.perf_counter()
                await pilot.press("f")  # one status only
                result["status filter: press to repaint"] = (time.perf_counter() - begun) * 1000
                begun = time.perf_counter()
                for _ in range(30):
                    await pilot.press("down")
                result["cursor: 30 rows down, per key"] = (time.perf_counter() - begun) * 1000 / 30
                result["change from elsewhere: loop held"] = await _held_by_a_change(app, store)

        asyncio.run(go())
    return result


async def _held_by_a_change(app: Any, store: Store) -> float:
    """The longest the event loop was held (ms) while the app took in an issue added by the
    other terminal: the poll's check of the 4 MB file, the screen's read and its redraw.
    A key or a timer waits at most that long."""
    from companion.screens.agenda import AgendaScreen

    screen = app.screen
    assert isinstance(screen, AgendaScreen)
    before = len(screen.issues)
    worst = 0.0
    watching = True

    async def watch() -> None:
        nonlocal worst
        while watching:
            began = time.perf_counter()
            await asyncio.sleep(0.002)
            worst = max(worst, (time.perf_counter() - began) * 1000 - 2)

    watcher = asyncio.create_task(watch())
    await asyncio.to_thread(
        agenda.add_issue, store, "From the other screen", "Alex", store.clock.now()
    )
    app.poll_store()
    while len(screen.issues) == before:
        await asyncio.sleep(0.005)
    await asyncio.sleep(0.05)
    watching = False
    await watcher
    return worst


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmarks for the agenda.")
    parser.add_argument("--issues", type=int, default=10_000)
    parser.add_argument("--years", type=int, nargs="*", default=[1, 10, 100])
    args = parser.parse_args(argv)
    print(f"The agenda screen at 80x24, ms (10 issues, then {args.issues:,}: the cost of size)")
    small = screen_with(10)
    for name, value in screen_with(args.issues).items():
        print(f"  {name:<40} {small[name]:>9.1f} {value:>9.1f}")
    print("Adding one issue (lock, read, write, fsync)")
    print(f"  {'data':<14} {'p50 ms':>8} {'p95 ms':>8} {'live file KiB':>14} {'archives':>9}")
    for years in args.years:
        found = add_one(years)
        label = f"{years} year{'s' if years != 1 else ''}"
        print(
            f"  {label:<14} {found['p50']:>8.1f} {found['p95']:>8.1f} "
            f"{found['live_kb']:>14.1f} {found['archives']:>9.0f}"
        )


if __name__ == "__main__":
    main()
