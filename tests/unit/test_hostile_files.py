"""Files that are valid JSON but hostile: one sentence naming the file, the same everywhere,
a non-zero exit, no traceback, and not a byte changed (`doctor`, `export`, `talks list`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion import areas
from companion.cli import main
from companion.clock import FakeClock
from companion.store import Store, StoreError
from tests.hostile import break_file, good_dir, hostile_documents, snapshot

CASES = list(hostile_documents())


def cli(capsys: pytest.CaptureFixture[str], data_dir: Path, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def the_sentence(data_dir: Path, clock: FakeClock) -> str:
    """What the checks say about the data dir: the one sentence every face must show."""
    with pytest.raises(StoreError) as caught:
        areas.check_all(Store(data_dir, clock), archived=True, migrate=False)
    return caught.value.message


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_file_is_named_in_one_sentence_everywhere_and_left_alone(
    capsys: pytest.CaptureFixture[str], data_dir: Path, clock: FakeClock, case: str
) -> None:
    good_dir(data_dir, clock)
    path = break_file(data_dir, case)
    before = snapshot(data_dir)
    sentence = the_sentence(data_dir, clock)
    assert str(path) in sentence
    assert sentence.count(". ") == 0 and sentence.endswith("."), "one sentence"
    assert "\n" not in sentence and len(sentence.replace(str(data_dir), "D")) < 300

    code, out, err = cli(capsys, data_dir, "doctor")
    assert code == 1
    assert f"error  {sentence}" in out.splitlines()
    assert "All is well" not in out

    code, out, err = cli(capsys, data_dir, "export", "--json", "-")
    assert (code, out, err) == (1, "", f"companion: {sentence}\n")

    if path.name == "profile.json" or "time-out" not in case:
        code, out, err = cli(capsys, data_dir, "talks", "list")
        assert (code, out, err) == (1, "", f"companion: {sentence}\n")

    assert snapshot(data_dir) == before


def test_the_good_dir_is_all_well(
    capsys: pytest.CaptureFixture[str], data_dir: Path, clock: FakeClock
) -> None:
    """The cases above break a dir that is fine: each problem is the one the case made."""
    good_dir(data_dir, clock)
    code, out, _ = cli(capsys, data_dir, "doctor")
    assert code == 0 and out.endswith("All is well.\n")
    assert cli(capsys, data_dir, "export", "--json", "-")[0] == 0
    assert cli(capsys, data_dir, "talks", "list")[0] == 0
    assert [p.name for p in Store(data_dir, clock).archives("talks")] == ["talks.2026.json"]
