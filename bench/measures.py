"""Each benchmark: what a person would feel, measured from outside where it can be.

Timings through a pty (start, ctrl+t, bytes) run the real `companion` command
as a person's terminal would; the bare Textual app runs beside it in the same
run, so every figure is read as a ratio to the floor Textual itself sets.
"""

from __future__ import annotations

import asyncio
import math
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import data
from bench.bare import MARKER
from bench.terminal import Terminal, python

SIZE = (100, 30)
HOME_MARKER = "Sam & Alex"
TIMEOUT_MARKER = "Back at"
TALK_MARKER = "press space when you have finished"


@dataclass
class Figure:
    """One row of the results: several runs, with their median, min and max."""

    name: str
    unit: str
    runs: list[float] = field(default_factory=list)
    goal: str = ""
    reference: Figure | None = None
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.runs) if self.runs else math.nan

    @property
    def ratio(self) -> float | None:
        if self.reference is None or not self.reference.runs:
            return None
        return self.median / self.reference.median


def companion(data_dir: Path) -> list[str]:
    """The app on `data_dir`, at one keyboard: told so, as a couple's saved login mapping or
    `--me` would (without it, "Who is at this screen?" would take the first key)."""
    return python("-m", "companion", "--data-dir", str(data_dir), "--me", "both")


def first_paint(argv: list[str], marker: str) -> tuple[float, int]:
    """Seconds from process start to `marker` on screen, and the peak memory then (KiB)."""
    term = Terminal(argv, SIZE)
    try:
        seconds = term.wait_for(marker)
        term.read(0.3)
        return seconds, term.rss_peak_kb()
    finally:
        term.close()


def compiled() -> None:
    """Companion's modules compiled to bytecode, as an installed wheel ships them (pip
    compiles what it installs, Textual included). An editable install compiles them on its
    first start; where PYTHONDONTWRITEBYTECODE is set (this project's machines) it compiled
    every one on every start, ~50 ms the bare app never pays (bench/NOTES.md)."""
    import compileall

    import companion
    import companion.screens

    for package in (companion, companion.screens):
        compileall.compile_dir(str(Path(package.__file__).parent), quiet=1)


def start(cases: dict[str, tuple[list[str], str]], runs: int) -> dict[str, tuple[Figure, Figure]]:
    """First paint and peak memory of each case {name: (argv, marker)} over `runs` starts,
    taken in turn (bare, then each data set, then bare again...), so that a machine
    growing busier or quieter during the run weighs on every case alike."""
    compiled()
    found = {name: (Figure(name, "ms"), Figure(name, "MB")) for name in cases}
    for _ in range(runs):
        for name, (argv, marker) in cases.items():
            seconds, rss = first_paint(argv, marker)
            paint, memory = found[name]
            paint.runs.append(seconds * 1000)
            memory.runs.append(rss / 1024)
    return found


def ctrl_t(data_dir: Path, runs: int) -> tuple[Figure, Figure]:
    """ctrl+t pressed on home to the time-out screen painted; memory after it."""
    key = Figure("", "ms")
    memory = Figure("", "MB")
    for _ in range(runs):
        term = Terminal(companion(data_dir), SIZE)
        try:
            term.wait_for(HOME_MARKER)
            term.read(0.5)  # settled: the start-up check has run
            since = len(term.output)
            sent = term.send("\x14")
            key.runs.append((term.wait_for(TIMEOUT_MARKER, since=since) - sent) * 1000)
            term.read(0.3)
            memory.runs.append(term.rss_peak_kb() / 1024)
            term.send("u")  # pressed by mistake: take it back, so the next run starts clean
            term.read(0.5)
        finally:
            term.close()
    return key, memory


def key_to_marker(
    data_dir: Path, runs: int, keys: list[tuple[str, str]]
) -> tuple[list[Figure], list[int]]:
    """From home, each key of `keys` in turn, timed until its marker is on screen.

    `keys` is [(key, marker), ...]; every run is a fresh process, so the first
    key is the first visit of its screen (built, and its data read, then).
    Returns a figure per key, and the bytes each key sent to the terminal.
    """
    figures = [Figure("", "ms") for _ in keys]
    sent_bytes = [0 for _ in keys]
    for _ in range(runs):
        term = Terminal(companion(data_dir), SIZE)
        try:
            term.wait_for(HOME_MARKER)
            term.read(0.8)  # settled: the start-up check and the idle work have run
            for index, (key, marker) in enumerate(keys):
                since = len(term.output)
                sent = term.send(key)
                figures[index].runs.append((term.wait_for(marker, since=since) - sent) * 1000)
                term.read(0.3)
                sent_bytes[index] = len(term.output) - since
        finally:
            term.close()
    return figures, sent_bytes


def bytes_per_second(data_dir: Path, seconds: float, what: str) -> Figure:
    """Bytes the app writes to the terminal per second while a talk runs or a time-out runs."""
    figure = Figure("", "B/s")
    term = Terminal(companion(data_dir), SIZE)
    try:
        if what == "talk":
            term.wait_for("Go back to it")  # the talk left open is offered first
            term.send("\t")
            term.read(0.2)
            term.send("\r")
            term.wait_for("This talk is paused")
            since = len(term.output)
            term.send(" ")  # carry on where it stopped
            term.wait_for(TALK_MARKER, since=since)
        else:
            term.wait_for(HOME_MARKER)
            term.read(0.5)
            term.send("\x14")
            term.wait_for(TIMEOUT_MARKER)
        term.read(1.0)  # let the first full frame pass
        for _ in range(3):
            before = len(term.output)
            term.read(seconds / 3)
            figure.runs.append((len(term.output) - before) / (seconds / 3))
        if what != "talk":
            term.send("u")
            term.read(0.5)
    finally:
        term.close()
    return figure


def store_steps(years: int, steps: int) -> Figure:
    """One talk step (pause or resume, a full transaction with fsync) with `years` of history."""
    import tempfile

    from companion.talk import PRESETS, Talk
    from companion.talk import records as talks

    figure = Figure("", "ms")
    with tempfile.TemporaryDirectory() as tmp:
        store = data.build(Path(tmp), years)
        now = store.clock.now()
        talk = Talk.new("Bench", ("Sam", "Alex"), 0, PRESETS["short"], "short", now)
        talk.agree(now, 0)
        talk.agree(now, 1)
        talk.begin(now)
        talks.start_talk(store, talk)
        for number in range(steps):
            step = "pause" if number % 2 == 0 else "resume"
            began = time.perf_counter()
            talks.apply(store, talk.id, step, now)
            figure.runs.append((time.perf_counter() - began) * 1000)
    return figure


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))
    return ordered[index]


def timer_truth(seconds: float) -> tuple[Figure, Figure]:
    """Over `seconds` of a real talk, how late each shown second is, and whether it grows.

    The app runs headless with the real clock; every time the countdown's shown
    value changes, the moment is compared with the moment that second began
    (deadline - shown). Returns the lateness over the whole run and the growth
    (the last third's median lateness minus the first third's).
    """
    import tempfile

    from companion.app import CompanionApp
    from companion.clock import SystemClock
    from companion.profile import create_profile
    from companion.screens.countdown import Countdown
    from companion.store import Store
    from companion.talk import Talk, TurnLengths
    from companion.talk import records as talks

    lateness: list[tuple[float, float]] = []

    async def run(data_dir: Path) -> None:
        clock = SystemClock()
        store = Store(data_dir, clock)
        create_profile(store, ["Sam", "Alex"], "Europe/London")
        now = clock.now()
        lengths = TurnLengths(speak=int(seconds) + 60, paraphrase=60)
        talk = Talk.new("Timer", ("Sam", "Alex"), 0, lengths, "custom", now)
        talk.agree(now, 0)
        talk.agree(now, 1)
        talk.begin(now)
        talks.start_talk(store, talk)
        deadline = talk.deadline
        assert deadline is not None
        original = Countdown.show
        last: list[str] = []

        def watched(self, remaining, total, status="", paused=False):  # type: ignore[no-untyped-def]
            original(self, remaining, total, status, paused)
            shown = self._state[0] if self._state else None
            if shown and shown != (last[-1] if last else None) and remaining is not None:
                last.append(shown)
                minutes, secs = shown.lstrip("+").split(":")
                shown_left = int(minutes) * 60 + int(secs)
                at = clock.now()
                began = deadline.timestamp() - shown_left  # the moment this value became true
                lateness.append((at.timestamp() - began, time.monotonic()))

        Countdown.show = watched  # type: ignore[method-assign]
        try:
            app = CompanionApp(store, poll=True, me="both")
            async with app.run_test(size=SIZE) as pilot:
                await app.settle()
                await pilot.pause()
                await pilot.click("#confirm-yes")
                await app.settle()
                await pilot.pause()
                await asyncio.sleep(seconds)
        finally:
            Countdown.show = original  # type: ignore[method-assign]

    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run(Path(tmp)))
    values = [late * 1000 for late, _ in lateness[1:]]  # the first is the screen opening
    late = Figure("", "ms", runs=values)
    third = max(1, len(values) // 3)
    growth = statistics.median(values[-third:]) - statistics.median(values[:third])
    drift = Figure("", "ms", runs=[growth])
    return late, drift


def bare_argv() -> list[str]:
    return python("-m", "bench.bare")


MARKERS: dict[str, str] = {"bare": MARKER, "home": HOME_MARKER}
Progress = Callable[[str], None]


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
