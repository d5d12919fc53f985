"""Hostile data for the hardening tests: control characters in user text, and files that
parse as JSON but hold what no Companion wrote.

Text fields are filled through the domain with a placeholder, then the placeholder is
swapped for the raw payload in the file's bytes: the domain cleans what it is given, so
this is the only way to put ESC on disk, as a hand edit or another program would.
"""

from __future__ import annotations

import errno
import json
import os
import re
import tempfile
import unicodedata
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from companion.clock import FakeClock
from companion.profile import Settings, create_profile, save_settings
from companion.store import Store
from companion.talk import PRESETS, Talk, TalkStep
from companion.talk import records as talks
from companion.timeout import TimeOutStep

TZ = "Europe/London"


def payload(tag: str, short: bool = False) -> str:
    """User text carrying OSC (set the title), CSI (clear the screen), C1, BEL and NUL.

    `tag` marks each piece, so a test can find where the text was drawn. Short ones
    (for names, at most 40 characters once cleaned) carry OSC, C1 CSI, NUL and NEL.
    """
    if short:
        return f"{tag}\x1b]0;O{tag}\x07\x9b2J\x00\x85"
    return (
        f"{tag}\x1b]0;O{tag}\x07\x1b[2JC{tag}\x9b31mS{tag}\x9d0;T{tag}\x9c"
        f"\x00\x1bPD{tag}\x1b\\\x85\x8d"
    )


def drawn(tag: str) -> str:
    """What the start of `payload(tag)` looks like once cleaned: the proof it was shown."""
    return f"{tag}]0;O{tag}"


INJECTIONS = (
    (b"\x1b]0;O", "an OSC sequence (sets the window title)"),
    (b"\x1b[2JC", "a CSI sequence (clears the screen)"),
    (b"\x1bPD", "a DCS sequence"),
)
C1_OR_NUL = re.compile("[\x00\x80-\x9f]")


def injected(output: bytes) -> list[str]:
    """Every way a payload's control characters reached the terminal, in words ([] if none)."""
    found = [what for raw, what in INJECTIONS if raw in output]
    text = output.decode("utf-8", errors="replace")
    for match in C1_OR_NUL.finditer(text):
        char = match.group()
        found.append(f"{unicodedata.name(char, hex(ord(char)))} at {match.start()}")
    return found


# -- a data dir whose every text field carries a payload ---------------------------------

TEXT_FIELDS = {
    "N1": "profile: first name",
    "N2": "profile: second name",
    "TH": "settings: theme",
    "CO": "settings: country",
    "OT": "open talk: topic",
    "OA": "open talk: first partner",
    "OB": "open talk: second partner",
    "FT": "finished talk: topic",
    "FA": "finished talk: first partner",
    "FB": "finished talk: second partner",
}
"""Each placeholder tag and the field it fills."""
SHORT = {"N1", "N2", "OA", "OB", "FA", "FB", "TH", "CO"}


def hostile_text_dir(data_dir: Path, clock: FakeClock) -> dict[str, str]:
    """A data dir where every text field holds a payload; returns {tag: field}.

    A finished talk (with a time-out, in this year's archive) and an open one whose
    speaker has the floor, so home, history, the detail dialog and the talk all show text.
    """
    store = Store(data_dir, clock)
    create_profile(store, ["@N1@", "@N2@"], TZ)
    save_settings(store, Settings(theme="@TH@", country="@CO@"))
    done = Talk.new("@FT@", ("@FA@", "@FB@"), 0, PRESETS["short"], "short", clock.now())
    talks.start_talk(store, done)
    for step in ("agree0", "agree1", TalkStep.BEGIN):
        if step.startswith("agree"):
            talks.apply(store, done.id, TalkStep.AGREE, clock.now(), int(step[-1]))
        else:
            talks.apply(store, done.id, step, clock.now())
    clock.advance(40)
    cooldown = talks.start_timeout(store, TZ, clock.now())
    clock.advance(20 * 60)
    talks.apply_timeout(store, cooldown.id, TimeOutStep.COME_BACK, clock.now())
    clock.advance(30)
    talks.apply(store, done.id, TalkStep.SPEAKER_DONE, clock.now())
    talks.apply(store, done.id, TalkStep.END, clock.now())
    talks.apply(store, done.id, TalkStep.FINISH, clock.now())
    clock.advance(3600)
    live = Talk.new("@OT@", ("@OA@", "@OB@"), 1, PRESETS["deep"], "deep", clock.now())
    talks.start_talk(store, live)
    talks.apply(store, live.id, TalkStep.AGREE, clock.now(), 0)
    talks.apply(store, live.id, TalkStep.AGREE, clock.now(), 1)
    talks.apply(store, live.id, TalkStep.BEGIN, clock.now())
    talks.apply(store, live.id, TalkStep.PAUSE, clock.now())  # left open, as after a quit
    fill_placeholders(data_dir, {tag: payload(tag, short=tag in SHORT) for tag in TEXT_FIELDS})
    return dict(TEXT_FIELDS)


def fill_placeholders(data_dir: Path, values: dict[str, str]) -> None:
    """Swap each `@TAG@` in every data file for its raw value (JSON-escaped, as on disk)."""
    for path in data_dir.glob("*.json"):
        raw = path.read_text(encoding="utf-8")
        for tag, value in values.items():
            raw = raw.replace(f"@{tag}@", json.dumps(value)[1:-1])
        path.write_text(raw, encoding="utf-8")


def with_raw_controls(data_dir: Path) -> list[Path]:
    """The data files that hold a raw control character in JSON (the payload is on disk)."""
    return [p for p in data_dir.glob("*.json") if "\\u001b" in p.read_text(encoding="utf-8")]


# -- files that are valid JSON but hostile ---------------------------------------------------

HUGE = "7" * 5000


def _set(doc: dict, table: str, field: str, value: object) -> dict:
    """`doc` with `field` of the first row of `table` set to `value` (a path like "lengths.speak")."""
    row = next(iter(doc[table].values()))
    *parents, last = field.split(".")
    for name in parents:
        row = row[name]
    row[last] = value
    return doc


def hostile_documents() -> dict[str, tuple[str, object]]:
    """{case: (file name, how to change its JSON document, or raw bytes)}.

    Each starts from a good data dir (`good_dir`) and breaks one file one way.
    """
    return {
        "a 5,000-digit integer": ("talks.json", ("raw", "timeouts", HUGE)),
        "nesting 100,000 deep": ("talks.json", ("raw", "topic", "[" * 100_000 + "]" * 100_000)),
        "a row key that is not a number": ("talks.json", ("rekey", "talks", "first")),
        "a date at year 9999 with an offset": (
            "talks.json",
            ("set", "talks", "created", "9999-12-31T23:00:00-05:00"),
        ),
        "a float of 1e300 where seconds belong": (
            "talks.json",
            ("set", "talks", "turn_paused", 1e300),
        ),
        "a turn length of 10**30": ("talks.json", ("set", "talks", "lengths.speak", 10**30)),
        "a time-out at year 9999": (
            "talks.json",
            ("set", "timeouts", "return_at", "9999-12-31T23:59:00-01:00"),
        ),
        "an archived turn of 1e300 seconds": (
            "talks.2026.json",
            ("set", "talks", "turns.0.paused", 1e300),
        ),
        "a version written as text": ("talks.json", ("meta", "schema", "2")),
        "a version written as a float": ("profile.json", ("meta", "schema", 1.0)),
        "a profile made at year 9999": (
            "profile.json",
            ("set", "profile", "created", "9999-12-31T23:00:00-05:00"),
        ),
        "a setting of 10**30 minutes": (
            "profile.json",
            ("set", "settings", "custom_speak_minutes", 10**30),
        ),
        "a setting that is a number where text belongs": (
            "profile.json",
            ("set", "settings", "theme", 1e300),
        ),
        "a bell that is text": ("profile.json", ("set", "settings", "bell", "loud")),
        "names that are numbers": ("profile.json", ("set", "profile", "partners", [1, 2])),
        "a time zone that is a number": ("profile.json", ("set", "profile", "tz", 10**30)),
        "an id with an escape in it": ("talks.json", ("set", "talks", "id", "x\x1b]0;t\x07")),
    }


def good_dir(data_dir: Path, clock: FakeClock) -> Store:
    """A data dir as the app leaves it: a profile, a finished talk (archived), an open one
    and a running time-out."""
    store = Store(data_dir, clock)
    create_profile(store, ["Sam", "Alex"], TZ)
    done = Talk.new("Sundays", ("Sam", "Alex"), 0, PRESETS["short"], "short", clock.now())
    talks.start_talk(store, done)
    talks.apply(store, done.id, TalkStep.AGREE, clock.now(), 0)
    talks.apply(store, done.id, TalkStep.AGREE, clock.now(), 1)
    talks.apply(store, done.id, TalkStep.BEGIN, clock.now())
    clock.advance(60)
    talks.apply(store, done.id, TalkStep.SPEAKER_DONE, clock.now())
    talks.apply(store, done.id, TalkStep.END, clock.now())
    talks.apply(store, done.id, TalkStep.FINISH, clock.now())
    clock.advance(timedelta(hours=1).total_seconds())
    live = Talk.new("Money", ("Sam", "Alex"), 1, PRESETS["short"], "short", clock.now())
    talks.start_talk(store, live)
    talks.start_timeout(store, TZ, clock.now())
    return store


def break_file(data_dir: Path, case: str) -> Path:
    """Apply one hostile case to a good data dir; returns the file it broke."""
    name, (how, *args) = hostile_documents()[case]
    path = data_dir / name
    doc = json.loads(path.read_bytes())
    if how == "raw":  # a value json.dumps cannot write back as it is
        field, text = args
        marker = "@RAW@"
        _set(doc, "talks", field, marker)
        path.write_text(json.dumps(doc).replace(f'"{marker}"', text), encoding="utf-8")
        return path
    if how == "rekey":
        table, key = args
        rows = doc[table]
        first = next(iter(rows))
        rows[key] = rows.pop(first)
    elif how == "meta":
        field, value = args
        doc["_meta"]["1"][field] = value
    else:
        table, field, value = args
        if field.startswith("turns."):
            _, index, rest = field.split(".", 2)
            row = next(iter(doc[table].values()))
            row["turns"][int(index)][rest] = value
        else:
            _set(doc, table, field, value)
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def snapshot(data_dir: Path) -> dict[str, bytes]:
    """Every data file under the data dir (backups too), byte for byte; lock files are not data."""
    return {
        str(p.relative_to(data_dir)): p.read_bytes()
        for p in data_dir.rglob("*")
        if p.is_file() and p.suffix != ".lock"
    }


def refuse_saving(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    """Make the data dir refuse new files, as a read-only disk does (root ignores chmod).

    Every save makes a temp file first (in the data dir or its backups), so this is
    where a read-only disk stops it.
    """
    real = tempfile.mkstemp

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        folder = Path(kwargs.get("dir") or tempfile.gettempdir()).absolute()
        if folder == data_dir or data_dir in folder.parents:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
