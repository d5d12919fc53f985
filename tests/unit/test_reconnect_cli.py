"""`companion rituals`: mark today's ritual done from the shell, and list them."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from companion.cli import main
from companion.reconnect import records as reconnect
from companion.store import Store


def run(store: Store, *argv: str) -> int:
    return main(["--data-dir", str(store.data_dir), "rituals", *argv])


def test_done_marks_today_for_that_name_and_twice_is_still_one_day(couple: Store, capsys) -> None:
    reconnect.choose_ritual(couple, 1, "One thank-you", datetime.now(UTC))
    assert run(couple, "done", "ALEX") == 0
    assert capsys.readouterr().out == "Done today for Alex: One thank-you.\n"
    assert run(couple, "done", "alex") == 0
    assert "already marked done today" in capsys.readouterr().out
    assert len(reconnect.together(couple).rituals[1].days) == 1


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Jo", "There is no one called 'Jo' here; the names are Sam or Alex."),
        ("Sam", "Sam has not chosen a ritual yet"),
    ],
)
def test_an_unknown_name_or_ritual_is_one_sentence_and_exit_1(
    couple: Store, capsys, name: str, said: str
) -> None:
    assert run(couple, "done", name) == 1
    err = capsys.readouterr().err
    assert err.startswith("companion: ") and said in err and err.count("\n") == 1


def test_list_json_names_each_one_and_their_week(couple: Store, capsys) -> None:
    reconnect.choose_ritual(couple, 0, "A walk", datetime.now(UTC))
    reconnect.mark_ritual(couple, 0, datetime.now(UTC))
    assert run(couple, "list", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["name"], r["ritual"], r["done_today"]) for r in rows] == [
        ("Sam", "A walk", True),
        ("Alex", None, False),
    ]
    assert len(rows[0]["week"]) == 7 and rows[0]["week"][-1]["done"] is True
