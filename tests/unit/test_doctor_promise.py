"""`doctor` says "All is well" only when the app will not crash on the data.

One field of a good data dir is changed to any JSON value (or removed); then either
`doctor` finds a problem, or everything the app reads and computes from the data (the
start-up check, home's card, the history, the detail dialog, the talk and time-out
screens' clocks, a step taken) runs without an error other than a refused step.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from companion import areas
from companion.cli import main
from companion.clock import FakeClock
from companion.errors import Refused, StoreError
from companion.profile import load_profile
from companion.store import Store
from companion.talk import TalkStep
from companion.talk import records as talks
from companion.timeout import TimeOutStep
from companion.when import couple_zone, format_clock, format_countdown, format_day, format_duration
from tests.conftest import START
from tests.hostile import good_dir

FIELDS = {
    "talks.json": {
        "talks": [
            "id",
            "topic",
            "partners",
            "first_speaker",
            "lengths",
            "lengths.speak",
            "lengths.paraphrase",
            "preset",
            "created",
            "phase",
            "speaker",
            "deadline",
            "paused",
            "paused_remaining",
            "paused_at",
            "turn_start",
            "turn_paused",
            "pending_turn_end",
            "turns",
            "timeouts",
            "agreed",
            "ended",
            "phase_started",
            "issue_id",
        ],  # fmt: skip
        "timeouts": [
            "id",
            "started",
            "return_at",
            "talk_id",
            "extended",
            "ended",
            "outcome",
            "rescheduled_to",
        ],  # fmt: skip
    },
    "talks.2026.json": {
        "talks": [
            "turns.0.speaker",
            "turns.0.start",
            "turns.0.end",
            "turns.0.outcome",
            "turns.0.paused",
            "ended",
            "created",
            "lengths.speak",
            "partners",
            "topic",
        ],  # fmt: skip
    },
    "profile.json": {
        "profile": ["partners", "tz", "created"],
        "settings": [
            "bell",
            "turn_preset",
            "custom_speak_minutes",
            "custom_paraphrase_minutes",
            "theme",
            "country",
        ],  # fmt: skip
    },
}
WHERE = [(name, table, field) for name, tables in FIELDS.items() for table, fields in tables.items() for field in fields]  # fmt: skip

TIMES = st.sampled_from(
    [
        "9999-12-31T23:00:00-05:00",
        "0001-01-01T00:00:00+14:00",
        "1969-12-31T23:59:59+00:00",
        "2200-12-31T23:59:59+00:00",
        "2026-03-14T18:30:00",
        "2026-03-14T18:30:00+00:00",
        "2026-03-14T18:50:00+00:00",
        "2025-01-01T00:00:00+00:00",
        "not a time",
    ]
)
NUMBERS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, 1, -1, 2, 10**30, 86400, 86401, 1e300, -1e300, 0.5]),
    st.floats(allow_nan=False),
)
LEAVES = st.one_of(st.none(), st.booleans(), NUMBERS, st.text(max_size=20), TIMES)
VALUES = st.recursive(
    LEAVES,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)
REMOVE = object()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("template") / "data"
    good_dir(data_dir, FakeClock(START))
    return data_dir


def change(data_dir: Path, name: str, table: str, field: str, value: Any) -> None:
    path = data_dir / name
    doc = json.loads(path.read_bytes())
    row: Any = next(iter(doc[table].values()))
    *parents, last = field.split(".")
    for part in parents:
        row = row[int(part)] if isinstance(row, list) else row[part]
    if value is REMOVE:
        row.pop(last, None)
    else:
        row[last] = value
    path.write_text(json.dumps(doc), encoding="utf-8")


def doctor_is_happy(data_dir: Path) -> bool:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(["--data-dir", str(data_dir), "doctor"])
    assert "Traceback" not in out.getvalue()
    return code == 0


def what_the_app_does(store: Store, clock: FakeClock) -> None:
    """Read and compute everything the screens do from the data, and take a step."""
    areas.start(store)
    profile = load_profile(store)
    tz = couple_zone(profile)
    now = clock.now()
    if profile is not None:
        _ = (profile.names, profile.solo, profile.zone, profile.settings.bell)
    found = [talks.active_talk(store), talks.latest_finished(store), *talks.all_talks(store)]
    for talk in filter(None, found):
        format_day(talk.created, tz)
        format_clock(talk.created, tz, now=now)
        if talk.duration is not None:
            format_duration(talk.duration)
        for index in (0, 1):
            format_duration(talk.speaking_time(index))
        _ = (talk.exchanges, talk.speaker_name, talk.listener_name, talk.phase_length())
        left = talk.remaining(now)
        if left is not None:
            format_countdown(left)
        talk.time_up(now)
        talk.allowed(now)
        for turn in talk.turns:
            format_clock(turn.start, tz, now=now)
            format_countdown(turn.duration)
        for cooldown in talks.timeouts_of(store, talk.id):
            format_clock(cooldown.started, tz, now=now)
    cooldown = talks.active_timeout(store)
    if cooldown is not None:
        format_clock(cooldown.return_at, tz, now=now)
        format_countdown(cooldown.remaining(now))
        cooldown.allowed(now)
        with contextlib.suppress(Refused):
            talks.apply_timeout(store, cooldown.id, TimeOutStep.EXTEND, now)
    live = talks.active_talk(store)
    if live is not None:
        with contextlib.suppress(Refused):
            talks.apply(store, live.id, TalkStep.END, now)
    with contextlib.suppress(Refused):
        talks.start_timeout(store, tz, now)
    with contextlib.suppress(Refused):
        talks.leave_paused(store, now)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(where=st.sampled_from(WHERE), value=st.one_of(VALUES, st.just(REMOVE)))
@example(where=("talks.json", "talks", "lengths.speak"), value=10**30)
@example(where=("talks.json", "talks", "turn_paused"), value=1e300)
@example(where=("talks.json", "talks", "created"), value="9999-12-31T23:00:00-05:00")
@example(where=("profile.json", "settings", "custom_speak_minutes"), value=10**30)
@example(where=("profile.json", "profile", "created"), value="9999-12-31T23:00:00-05:00")
@example(where=("talks.json", "timeouts", "return_at"), value="2200-12-31T23:59:59+00:00")
@example(where=("talks.json", "talks", "deadline"), value="2200-12-31T23:59:59+00:00")
@example(where=("talks.2026.json", "talks", "turns.0.paused"), value=1e300)
def test_all_is_well_means_the_app_will_not_crash(
    template: Path, tmp_path_factory: pytest.TempPathFactory, where: tuple, value: Any
) -> None:
    data_dir = tmp_path_factory.mktemp("case") / "data"
    shutil.copytree(template, data_dir)
    change(data_dir, *where, value)
    if not doctor_is_happy(data_dir):
        return  # named: the tests in test_hostile_files.py hold it to one sentence
    clock = FakeClock(START)
    try:
        what_the_app_does(Store(data_dir, clock), clock)
    except StoreError as exc:  # pragma: no cover - a failure, with what doctor missed
        raise AssertionError(f"doctor said All is well, then: {exc.message}") from None
