"""`companion reflect`: a journal from the shell; a wrong passphrase is one sentence and exit 1."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from companion.cli import main
from companion.clock import FakeClock
from companion.profile import create_profile
from companion.reflect import records
from companion.store import Store

SAM = "correct horse battery"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    create_profile(Store(path, FakeClock()), ["Sam", "Alex"], "Europe/London")
    return path


@pytest.fixture
def passfile(tmp_path: Path) -> Path:
    path = tmp_path / "pass"
    path.write_text(SAM + "\n", encoding="utf-8")
    os.chmod(path, 0o600)
    return path


def reflect(
    capsys, monkeypatch, data_dir: Path, *argv: str, stdin: str = ""
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["--data-dir", str(data_dir), "reflect", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_sentence(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("companion: ") and "Traceback" not in err, err
    return lines[0]


def test_add_list_show(capsys, monkeypatch, data_dir, passfile) -> None:
    pf = ["--passphrase-file", str(passfile)]
    code, out, err = reflect(
        capsys, monkeypatch, data_dir, "add", "--as", "sam", *pf, stdin="Dear diary,\nhello."
    )
    assert code == 0, err
    assert out.strip() == "Saved entry 1 in Sam's journal."
    assert "no way to recover" in err  # said plainly when the journal is made
    reflect(capsys, monkeypatch, data_dir, "add", "--as", "Sam", *pf, "--title", "Two", stdin="x")
    code, out, _ = reflect(capsys, monkeypatch, data_dir, "list", "--as", "Sam", *pf)
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].split()[0] == "2" and lines[0].endswith("Two")
    assert lines[1].split()[0] == "1" and lines[1].endswith("Dear diary,")
    code, out, _ = reflect(capsys, monkeypatch, data_dir, "show", "1", "--as", "Sam", *pf)
    assert code == 0
    assert out.splitlines()[0].startswith("1. Free writing, 14 Mar") or "Free writing" in out
    assert "Dear diary,\nhello." in out
    code, out, _ = reflect(
        capsys, monkeypatch, data_dir, "list", "--as", "Sam", *pf, "--json", "--search", "hello"
    )
    assert [e["id"] for e in json.loads(out)] == [1]


def test_a_wrong_passphrase_is_one_sentence_and_exit_1(
    capsys, monkeypatch, data_dir, passfile, tmp_path
) -> None:
    reflect(
        capsys, monkeypatch, data_dir, "add", "--as", "Sam", "--passphrase-file", str(passfile),
        stdin="secret",
    )  # fmt: skip
    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase\n")
    code, out, err = reflect(
        capsys, monkeypatch, data_dir, "list", "--as", "Sam", "--passphrase-file", str(wrong)
    )
    assert (code, out) == (1, "")
    assert one_sentence(err) == "companion: That passphrase does not open Sam's journal."
    code, _, err = reflect(
        capsys, monkeypatch, data_dir, "add", "--as", "Sam", "--passphrase-file", str(wrong),
        stdin="more",
    )  # fmt: skip
    assert code == 1 and "does not open" in one_sentence(err)
    assert len(records.unlock(Store(data_dir, FakeClock()), "Sam", SAM).journal.entries) == 1


def test_the_passphrase_is_asked_on_the_terminal(capsys, monkeypatch, data_dir) -> None:
    asked: list[str] = []

    def fake_getpass(prompt: str) -> str:
        asked.append(prompt)
        return SAM

    monkeypatch.setattr("companion.commands.reflect.getpass.getpass", fake_getpass)
    real_open = open
    monkeypatch.setattr(
        "builtins.open",
        lambda path, *a, **k: io.StringIO("") if path == "/dev/tty" else real_open(path, *a, **k),
    )
    code, out, err = reflect(capsys, monkeypatch, data_dir, "add", "--as", "Alex", stdin="hi")
    assert code == 0, err
    assert asked == [
        "A new passphrase for Alex's journal: ",
        "The same passphrase again: ",
    ]
    code, out, _ = reflect(capsys, monkeypatch, data_dir, "show", "1", "--as", "Alex")
    assert code == 0 and "hi" in out
    assert asked[-1] == "Passphrase for Alex's journal: "


def test_without_a_terminal_it_says_to_use_a_file(capsys, monkeypatch, data_dir) -> None:
    def no_tty(path, *args, **kwargs):
        raise OSError("no tty")

    monkeypatch.setattr("builtins.open", no_tty)
    code, _, err = reflect(capsys, monkeypatch, data_dir, "add", "--as", "Sam", stdin="hi")
    assert code == 1 and "--passphrase-file" in one_sentence(err)


def test_unknown_names_missing_journals_and_entries(capsys, monkeypatch, data_dir, passfile):
    pf = ["--passphrase-file", str(passfile)]
    code, _, err = reflect(capsys, monkeypatch, data_dir, "list", "--as", "Kim", *pf)
    assert code == 1 and "the names are Sam and Alex" in one_sentence(err)
    code, _, err = reflect(capsys, monkeypatch, data_dir, "list", "--as", "Sam", *pf)
    assert code == 1 and "has no journal yet" in one_sentence(err)
    reflect(capsys, monkeypatch, data_dir, "add", "--as", "Sam", *pf, stdin="one")
    code, _, err = reflect(capsys, monkeypatch, data_dir, "show", "9", "--as", "Sam", *pf)
    assert code == 1 and "no entry 9" in one_sentence(err)
    code, _, err = reflect(capsys, monkeypatch, data_dir, "add", "--as", "Sam", *pf, stdin=" \n")
    assert code == 1 and "nothing written" in one_sentence(err)


def test_a_damaged_journal_is_one_sentence(capsys, monkeypatch, data_dir, passfile) -> None:
    pf = ["--passphrase-file", str(passfile)]
    reflect(capsys, monkeypatch, data_dir, "add", "--as", "Sam", *pf, stdin="one")
    path = records.journal_file(Store(data_dir).locations, "Sam")
    data = bytearray(path.read_bytes())
    data[-3] ^= 4
    path.write_bytes(bytes(data))
    code, _, err = reflect(capsys, monkeypatch, data_dir, "list", "--as", "Sam", *pf)
    assert code == 1 and "changed or damaged" in one_sentence(err)


def test_doctor_checks_journals_and_export_leaves_them_out(
    capsys, monkeypatch, data_dir, passfile
) -> None:
    reflect(
        capsys, monkeypatch, data_dir, "add", "--as", "Sam", "--passphrase-file", str(passfile),
        stdin="private words",
    )  # fmt: skip
    code = main(["--data-dir", str(data_dir), "doctor"])
    out, _ = capsys.readouterr()
    assert code == 0, out
    assert "sealed journal, format 1" in out
    path = records.journal_file(Store(data_dir).locations, "Sam")
    os.chmod(path, 0o640)
    assert main(["--data-dir", str(data_dir), "doctor"]) == 1
    out, _ = capsys.readouterr()
    assert "chmod 600" in out
    assert main(["--data-dir", str(data_dir), "export", "--json", "-"]) == 0
    out, _ = capsys.readouterr()
    assert ".journal" not in out and "private words" not in out
    assert "Sam" in out  # the export itself worked
