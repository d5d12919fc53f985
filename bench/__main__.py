"""`python -m bench`: how fast Companion starts, saves and repaints on this machine.

Each measurement runs several times and reports the median and the worst, so
one slow run does not hide or invent a problem. Tests never time anything;
this is where speed is shown.
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from companion.clock import FakeClock
from companion.profile import create_profile
from companion.store import Store
from companion.talk import PRESETS, Talk
from companion.talk.codec import encode_talk
from companion.talk.records import AREA, TALKS, apply, save_talk

PAST_TALKS = 2000
"""About ten years of weekly talks, for the steps that must not slow down as history grows."""


def measure(name: str, fn: Callable[[], object], runs: int) -> tuple[str, float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return name, statistics.median(times), max(times)


def cli_start() -> None:
    subprocess.run(
        [sys.executable, "-m", "companion", "--version"], check=True, capture_output=True
    )


def store_write(store: Store, talk: Talk) -> Callable[[], None]:
    def run() -> None:
        save_talk(store, talk)

    return run


def add_history(store: Store, count: int) -> None:
    """`count` finished talks, written at once; saving moves them to the yearly archive."""
    now = store.clock.now()
    with store.transaction(AREA) as tx:
        table = tx[AREA].table(TALKS)
        for i in range(count):
            past = Talk.new(f"Past {i}", ("Sam", "Alex"), 0, PRESETS["short"], "short", now)
            for partner in (0, 1):
                past.agree(now, partner)
            for step in ("begin", "end", "finish"):
                past.take(step, now)
            table.insert(encode_talk(past))


def step_with_history(store: Store, talk: Talk) -> Callable[[], None]:
    """One step of the open talk (a pause or a resume) with the whole history archived."""
    steps = iter(["pause", "resume"] * 1000)

    def run() -> None:
        apply(store, talk.id, next(steps), store.clock.now())

    return run


def app_first_paint(data_dir: Path) -> Callable[[], None]:
    from companion.app import CompanionApp

    def run() -> None:
        async def go() -> None:
            app = CompanionApp(Store(data_dir), poll=False)
            async with app.run_test(size=(80, 24)) as pilot:
                await app.settle()  # the start-up check runs off the loop
                await pilot.pause()

        asyncio.run(go())

    return run


def talk_tick(data_dir: Path) -> Callable[[], None]:
    """One second of ticking on the talk screen (ten ticks) while a turn runs."""
    from companion.app import CompanionApp
    from companion.screens.talk import TalkScreen

    def run() -> None:
        async def go() -> None:
            clock = FakeClock()
            app = CompanionApp(Store(data_dir, clock), poll=False)  # the app uses the store's clock
            async with app.run_test(size=(80, 24)) as pilot:
                await app.settle()
                await pilot.pause()  # the offer to go back to the open talk is up
                await pilot.click("#confirm-yes")
                await app.settle()
                await pilot.pause()
                screen = app.screen
                assert isinstance(screen, TalkScreen), screen
                start = time.perf_counter()
                for _ in range(10):
                    clock.advance(0.1)
                    screen.tick()
                run.ms = (time.perf_counter() - start) * 1000  # type: ignore[attr-defined]

        asyncio.run(go())

    return run


def journal_key() -> None:
    """The key derivation a person waits for when unlocking: the default scrypt cost."""
    from companion.reflect import vault

    vault.new_key("correct horse battery staple", vault.DEFAULT_COST)


def journal_save(store: Store, entries: int) -> Callable[[], None]:
    """Seal and write one entry into a journal that already holds `entries` of them."""
    from companion.reflect import records, vault
    from companion.reflect.journal import Draft

    unlocked = records.create_journal(store, "Sam", "bench pass", "bench pass", vault.Cost(8, 8, 1))
    text = "A paragraph of private writing, about the length people write. " * 8
    for _ in range(entries):
        records.save_draft(store, "Sam", unlocked.key, Draft(text=text), store.clock.now())

    def run() -> None:
        records.save_draft(store, "Sam", unlocked.key, Draft(text=text), store.clock.now())

    return run


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        store = Store(data, FakeClock())
        create_profile(store, ["Sam", "Alex"], "Europe/London")
        talk = Talk.new("Bench", ("Sam", "Alex"), 0, PRESETS["short"], "short", store.clock.now())
        for partner in (0, 1):
            talk.agree(store.clock.now(), partner)
        talk.begin(store.clock.now())
        rows = [
            measure("companion --version (process start)", cli_start, 5),
            measure("save a talk (lock, atomic write, fsync)", store_write(store, talk), 50),
            measure("open the app to its first screen", app_first_paint(data), 3),
            measure("derive a journal key (scrypt N=2^16, r=8, p=1)", journal_key, 5),
            measure(
                "save a journal entry among 500 (seal, atomic write)", journal_save(store, 500), 20
            ),
        ]
        add_history(store, PAST_TALKS)
        rows += [
            measure(
                f"a talk step with {PAST_TALKS} past talks archived",
                step_with_history(store, talk),
                50,
            ),
            measure(
                f"open the app with {PAST_TALKS} past talks archived", app_first_paint(data), 3
            ),
        ]
        ticker = talk_tick(data)
        ticker()
        rows.append(("ten countdown ticks on the talk screen", ticker.ms, ticker.ms))  # type: ignore[attr-defined]
    width = max(len(r[0]) for r in rows)
    print(f"{'what':<{width}}  {'median ms':>10}  {'worst ms':>9}")
    for name, median, worst in rows:
        print(f"{name:<{width}}  {median:>10.1f}  {worst:>9.1f}")


if __name__ == "__main__":
    main()
