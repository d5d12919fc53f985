"""`companion repair status`, `companion commitments list` and `companion apology check`."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from companion.cli import main
from companion.clock import FakeClock
from companion.profile import create_profile
from companion.repair import Repair, RepairStep
from companion.repair.codec import encode_repair
from companion.store import Store
from companion.talk import PRESETS, Talk
from companion.talk import records as talks


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def check(monkeypatch, capsys, data_dir: Path, draft: str, *flags: str) -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(draft))
    code, out, _err = run(capsys, data_dir, "apology", "check", *flags)
    return code, out


def test_a_clean_apology_exits_0(monkeypatch, capsys, tmp_path: Path) -> None:
    code, out = check(monkeypatch, capsys, tmp_path, "I lied to you. It was my choice.\n")
    assert code == 0 and "Nothing flagged" in out
    code, out = check(monkeypatch, capsys, tmp_path, "I lied to you.", "--json")
    assert code == 0 and json.loads(out) == []


def test_each_flag_with_its_why_and_exit_1(monkeypatch, capsys, tmp_path: Path) -> None:
    draft = "I'm sorry if you were hurt, but it was just once.\nCan we move on?"
    code, out = check(monkeypatch, capsys, tmp_path, draft)
    assert code == 1
    lines = out.splitlines()
    assert [line.split("”")[0] for line in lines] == [
        "“if you were hurt",
        "“but",
        "“just",
        "“move on",
    ]
    assert all(": " in line for line in lines)
    code, out = check(monkeypatch, capsys, tmp_path, draft, "--json")
    found = json.loads(out)
    assert code == 1
    assert [f["phrase"] for f in found] == ["if you were hurt", "but", "just", "move on"]
    assert all(f["why"] for f in found)


def seeded(data_dir: Path) -> Store:
    clock = FakeClock(datetime.now(UTC) - timedelta(hours=1))  # the command reads the real clock
    store = Store(data_dir, clock)
    create_profile(store, ["Sam", "Alex"], "Europe/London")
    repair = Repair.new(("Sam", "Alex"), 1, clock.now())
    repair.take(RepairStep.SHARE_HURT, clock.now(), "What happened.")
    clock.advance(60)
    proofs = []
    for first in (1, 0):
        talk = Talk.new("Repair", ("Sam", "Alex"), first, PRESETS["short"], "short", clock.now())
        talk.agree(clock.now(), 0)
        talk.agree(clock.now(), 1)
        for step in ("begin", "speaker_done", "paraphrase_done", "confirm", "end", "finish"):
            talk.take(step, clock.now())
        talks.save_talk(store, talk)
        proofs.append(talk)
    repair.take(RepairStep.OPEN_HEARING, clock.now(), proofs[0])
    repair.take(RepairStep.HEARD, clock.now(), proofs[0])
    repair.take(RepairStep.DRAFT_APOLOGY, clock.now(), "I did it.", "", "", ["Call at lunch"])
    repair.take(RepairStep.OPEN_APOLOGY_TALK, clock.now(), proofs[1])
    repair.take(RepairStep.DELIVER, clock.now(), proofs[1])
    repair.take(RepairStep.REPORT, clock.now(), repair.commitments[0].id, "kept")
    with store.transaction("repair") as tx:
        tx["repair"].table("repairs").insert(encode_repair(repair))
    return store


def test_status_and_commitments(capsys, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    code, out, _ = run(capsys, data_dir, "repair", "status")
    assert code == 0 and "No repair" in out
    seeded(data_dir)
    code, out, _ = run(capsys, data_dir, "repair", "status")
    assert code == 0
    assert "Alex was hurt; Sam is making amends." in out and "the apology was said" in out
    code, out, _ = run(capsys, data_dir, "repair", "status", "--json")
    status = json.loads(out)
    assert status["stage"] == "commitments" and status["hurt_partner"] == "Alex"
    assert status["commitments"] == 1 and "report" in status["next"]
    code, out, _ = run(capsys, data_dir, "commitments", "list")
    assert code == 0 and "Sam: Call at lunch (every week)  ●" in out
    code, out, _ = run(capsys, data_dir, "commitments", "list", "--json")
    (one,) = json.loads(out)
    assert one["what"] == "Call at lunch" and one["every_days"] == 7
    assert one["weeks"][-1]["mark"] == "kept" and one["last"]["how"] == "kept"
