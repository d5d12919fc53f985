"""No control character from a data file reaches the terminal: the real app and every
command, run in a pseudo-terminal over data whose every text field carries OSC, CSI,
DCS, C1, BEL and NUL, with every byte they write (stdout and stderr) kept."""

from __future__ import annotations

import json
import re
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bench.terminal import Terminal, python
from companion.clock import FakeClock
from companion.text import printable
from tests.hostile import (
    drawn,
    fill_placeholders,
    good_dir,
    hostile_text_dir,
    injected,
    payload,
    snapshot,
    with_raw_controls,
)

SIZE = (80, 24)
ESCAPE, ENTER, CTRL_Q = "\x1b", "\r", "\x11"


SEQUENCE = re.compile(rb"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[=>]")


def screen_text(output: bytes) -> str:
    """What a person reads: the output without Textual's own escape sequences."""
    return SEQUENCE.sub(b"", output).decode("utf-8", errors="replace")


def wait_for_text(term: Terminal, text: str, since: int, timeout: float = 60) -> None:
    """Read until `text` is drawn after byte `since` (styles may split it in the raw bytes)."""
    deadline = time.monotonic() + timeout
    while text not in screen_text(bytes(term.output[since:])):
        if time.monotonic() > deadline:
            tail = screen_text(bytes(term.output[since:]))[-800:]
            raise AssertionError(f"{text!r} was not drawn; the screen showed: {tail}")
        term.read(0.05)


def run_app(data_dir: Path, steps: list[tuple[str, str | None]], first: str) -> Terminal:
    """The app in a pty: wait for `first`, then for each (key, text) press the key and wait
    for the text to be drawn; ctrl+q at the end, and the process must leave.

    After escape (text None) it only waits a moment: a key sent at once would arrive as
    alt+key, and what escape uncovers is not always redrawn.
    """
    term = Terminal(
        python("-m", "companion", "--data-dir", str(data_dir)),
        size=SIZE,
        env={"COMPANION_HOME": str(data_dir)},
    )
    try:
        wait_for_text(term, first, 0, timeout=60)
        for key, text in steps:
            since = len(term.output)
            term.send(key)
            if text is None:
                term.read(0.6)
            else:
                wait_for_text(term, text, since)
                term.read(
                    0.3
                )  # drawn is not yet settled: on a busy machine a key sent at once can be lost
        term.send(CTRL_Q)
        deadline = time.monotonic() + 30
        while term.process.poll() is None and time.monotonic() < deadline:
            term.read(0.1)
        term.read(0.2)
        assert term.process.poll() == 0, bytes(term.output[-600:])
    finally:
        term.close()
    return term


def run_command(data_dir: Path, *argv: str) -> tuple[int, bytes]:
    """One command in a pty, as a person runs it: its exit code and every byte it wrote."""
    term = Terminal(python("-m", "companion", "--data-dir", str(data_dir), *argv), size=SIZE)
    try:
        code = term.process.wait(timeout=60)
        term.read(0.1)
        while term._read_once(0.05):
            pass
    except subprocess.TimeoutExpired:  # pragma: no cover - reported below
        code = -1
    finally:
        term.close()
    return code, bytes(term.output)


@pytest.fixture
def hostile_dir(tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    hostile_text_dir(data_dir, FakeClock(datetime.now(UTC)))
    assert len(with_raw_controls(data_dir)) >= 3, "payloads in profile, talks and the archive"
    return data_dir


@pytest.mark.slow
def test_the_app_draws_every_field_and_no_control_character(hostile_dir: Path) -> None:
    before = snapshot(hostile_dir)
    term = run_app(
        hostile_dir,
        [
            # "Not now" to the talk left open: home, redrawn where the dialog was.
            (ENTER, "Where to go"),
            ("h", "Heard"),  # the history table (its columns come with its rows)
            (ENTER, drawn("FA")),  # the detail dialog: the finished talk's turns
            (ESCAPE, None),
            (ESCAPE, None),
            ("t", "Talking about"),
        ],
        first="Go back to it",  # the offer to go back names the open talk's topic
    )
    out = bytes(term.output)
    assert injected(out) == []
    shown = [
        tag for tag in ("N1", "N2", "OT", "OB", "FT", "FA", "FB") if drawn(tag) in out.decode()
    ]
    assert shown == ["N1", "N2", "OT", "OB", "FT", "FA", "FB"], "every field was drawn, cleaned"
    # Quitting left the open talk paused as it was; no text was changed on disk.
    assert {k: v for k, v in snapshot(hostile_dir).items() if k.endswith(".json")}.keys() >= {
        "profile.json",
        "talks.json",
    }
    assert snapshot(hostile_dir)["profile.json"] == before["profile.json"]


@pytest.mark.parametrize(
    "argv",
    [
        ["init", "--partner", "Sam"],  # "there is already a profile for ..." names them
        ["doctor"],
        ["locate"],
        ["talks", "list"],
        ["talks", "list", "--json"],
        ["export", "--json", "-"],
    ],
    ids=lambda argv: " ".join(argv),
)
def test_every_command_prints_no_control_character(hostile_dir: Path, argv: list[str]) -> None:
    code, out = run_command(hostile_dir, *argv)
    assert injected(out) == [], out[-400:]
    assert b"Traceback" not in out
    if argv[0] == "init":
        assert code == 1 and drawn("N1").encode() in out and drawn("N2").encode() in out
    else:
        assert code == 0, out[-400:]
    if argv[0] == "export":  # the data as it is, escaped: read back, the very same text
        exported = json.loads(out)
        assert payload("OT") in [t["topic"] for t in exported["talks"]["talks"]]
    if argv[-1] == "--json":  # talks as Companion reads them: cleaned
        assert printable(payload("OT")) in [t["topic"] for t in json.loads(out)]


@pytest.mark.slow
def test_a_damaged_file_full_of_escapes_is_named_without_them(tmp_path: Path) -> None:
    """An id is a key, not text: one with an escape in it is damage, named on the error screen
    and by doctor, and the sentence carries no control character either."""
    data_dir = tmp_path / "data"
    good_dir(data_dir, FakeClock(datetime.now(UTC)))
    talks_file = data_dir / "talks.json"
    doc = json.loads(talks_file.read_bytes())
    row = next(iter(doc["talks"].values()))
    row["id"] = "@ID@"
    talks_file.write_text(json.dumps(doc), encoding="utf-8")
    fill_placeholders(data_dir, {"ID": payload("ID")})
    before = snapshot(data_dir)

    term = run_app(data_dir, [], first="Companion stopped before changing anything")
    out = bytes(term.output)
    assert injected(out) == []
    assert "damaged talk" in screen_text(out).replace("\n", " ")

    code, printed = run_command(data_dir, "doctor")
    assert code == 1 and injected(printed) == [] and b"bad id" in printed
    assert snapshot(data_dir) == before
