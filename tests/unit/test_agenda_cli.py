"""`companion agenda`: hostile text round trips exactly; refusals are one sentence and write nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from companion.cli import main, subcommands
from companion.locations import ENV_VAR

HOSTILE_TITLES = [
    "[bold]x[/] and [red]not red[/red] [link=http://x]y[/link]",
    "Family time 👨‍👩‍👧‍👦 and 🏳️‍🌈 and 👍🏽",
    "שלום and مرحبا, mixed with English",
    "$(rm -rf ~); `id` && echo $HOME | cat > /tmp/x 'quoted' \"double\" *?~ \\ %s {}",
]
DETAILS = "First line\n\n  indented [b]bold?[/b]\nRTL: שלום 👩‍❤️‍👨\n" + "é" * 5000


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def couple_dir(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Path:
    code, _out, _err = run(
        capsys, data_dir, "init", "--tz", "Europe/London", "--partner", "Sam", "--partner", "Alex"
    )
    assert code == 0
    return data_dir


def files_of(data_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(data_dir.glob("*.json"))}


def one_sentence(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("companion: ") and lines[0].endswith(".")
    return lines[0]


def test_agenda_is_a_subcommand() -> None:
    assert "agenda" in subcommands()


def test_hostile_text_round_trips_exactly_through_a_real_process(
    couple_dir: Path, tmp_path: Path
) -> None:
    """No shell: argv goes in as given; stdout is read back as UTF-8 JSON."""
    env = {**os.environ, ENV_VAR: str(couple_dir)}

    def cli(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "companion", *argv],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=60,
            cwd=tmp_path,
        )

    ids = []
    for number, title in enumerate(HOSTILE_TITLES):
        done = cli(
            "agenda", "add", title, "--by", "Alex", "--details", DETAILS, "--kind", "perpetual"
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout == f"{number + 1}\n"
        ids.append(done.stdout.strip())
    listed = cli("agenda", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [row["title"] for row in rows] == HOSTILE_TITLES
    assert [row["id"] for row in rows] == ids
    for row in rows:
        assert row["details"] == DETAILS.strip()
        assert (row["raised_by"], row["kind"], row["status"]) == ("Alex", "perpetual", "raised")
        created = datetime.fromisoformat(row["created"])
        assert created.utcoffset() is not None and row["created"].endswith("+00:00")
    assert [r["title"] for r in json.loads(cli("agenda", "show", "3", "--json").stdout)] == [
        HOSTILE_TITLES[2]
    ]


def test_a_title_is_one_line_and_no_control_character_is_stored_or_shown(
    capsys: pytest.CaptureFixture[str], couple_dir: Path
) -> None:
    title = "Bed\ntimes\tand \x1b[31mred\x1b[0m \x07bell \x9bcsi \u2028next"
    details = "ok\x1b]0;title\x07\nline two\x00"
    code, out, _err = run(capsys, couple_dir, "agenda", "add", title, "--details", details)
    assert code == 0 and out == "1\n"
    code, out, _err = run(capsys, couple_dir, "agenda", "list", "--json")
    [row] = json.loads(out)
    assert row["title"] == "Bed times and [31mred[0m bell csi  next"
    assert row["details"] == "ok]0;title\nline two"
    raw = (couple_dir / "agenda.json").read_text(encoding="utf-8")
    assert "\\u001b" not in raw and "\\u0007" not in raw and "\\u0000" not in raw
    for argv in (("agenda", "list"), ("agenda", "show", "1"), ("agenda", "list", "--all")):
        code, out, _err = run(capsys, couple_dir, *argv)
        assert code == 0
        assert not any(ord(c) < 32 and c != "\n" or 0x7F <= ord(c) <= 0x9F for c in out), out


def test_list_shows_the_order_and_all_shows_what_was_let_go(
    capsys: pytest.CaptureFixture[str], couple_dir: Path
) -> None:
    for title in ("Money", "Chores", "Weekends"):
        run(capsys, couple_dir, "agenda", "add", title)
    code, out, _err = run(capsys, couple_dir, "agenda", "status", "2", "let go")
    assert code == 0 and out == "#2 is now let go.\n"
    code, out, _err = run(capsys, couple_dir, "agenda", "list")
    assert [line.split()[-1] for line in out.splitlines()] == ["Money", "Weekends"]
    code, out, _err = run(capsys, couple_dir, "agenda", "list", "--all", "--json")
    assert [(r["title"], r["status"]) for r in json.loads(out)] == [
        ("Money", "raised"),
        ("Weekends", "raised"),
        ("Chores", "let_go"),
    ]


def test_status_follows_the_rules(capsys: pytest.CaptureFixture[str], couple_dir: Path) -> None:
    run(capsys, couple_dir, "agenda", "add", "Money")
    code, _out, err = run(capsys, couple_dir, "agenda", "status", "1", "agreed")
    assert code == 1
    assert one_sentence(err) == (
        "companion: An issue that is raised cannot move to agreed; "
        "it can move to talked about or let go."
    )
    for status in ("talked_about", "understood"):
        assert run(capsys, couple_dir, "agenda", "status", "1", status)[0] == 0
    code, out, _err = run(capsys, couple_dir, "agenda", "agree", "1", "ask before spending over 50")
    assert code == 0 and "agreed" in out
    code, out, _err = run(capsys, couple_dir, "agenda", "show", "1")
    assert "ask before spending over 50 (both; on track, review" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("add", "Money", "--by", "Bob"),
            "'Bob' is not a partner here; use Sam or Alex (or both).",
        ),
        (("add", ""), "Give the issue a title, even a few words."),
        (("add", " \n\t "), "Give the issue a title, even a few words."),
        (("add", "x" * 201), "Keep the title to 200 characters or fewer (this one has 201)"),
        (("show", "42"), "There is no issue with the id 42."),
        (("status", "42", "let_go"), "There is no issue with the id 42 on the agenda."),
        (("status", "1", "done"), "There is no status called 'done'"),
        (("agree", "42", "walk on Sundays"), "There is no issue with the id 42 on the agenda."),
        (("agree", "1", "walk", "--review", "soon"), "Write the review day as YYYY-MM-DD"),
    ],
)
def test_a_refusal_is_one_sentence_nonzero_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], couple_dir: Path, argv: tuple[str, ...], message: str
) -> None:
    run(capsys, couple_dir, "agenda", "add", "Existing")
    before = files_of(couple_dir)
    code, out, err = run(capsys, couple_dir, "agenda", *argv)
    assert code == 1 and out == ""
    assert message in one_sentence(err)
    assert files_of(couple_dir) == before


def test_without_a_profile_the_agenda_says_how_to_start(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, _out, err = run(capsys, data_dir, "agenda", "add", "Money")
    assert code == 1 and "companion init" in one_sentence(err)
    assert not (data_dir / "agenda.json").exists()
    code, out, _err = run(capsys, data_dir, "agenda", "list", "--json")
    assert code == 0 and json.loads(out) == []


def test_alone_an_issue_is_raised_by_you_and_both_is_refused(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    run(capsys, data_dir, "init", "--tz", "UTC", "--partner", "Robin")
    assert run(capsys, data_dir, "agenda", "add", "Sleep")[0] == 0
    code, out, _err = run(capsys, data_dir, "agenda", "list", "--json")
    assert json.loads(out)[0]["raised_by"] == "Robin"
    code, _out, err = run(capsys, data_dir, "agenda", "add", "Work", "--by", "both")
    assert code == 1 and "use Robin." in one_sentence(err)
