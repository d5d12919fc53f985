"""Reading a large agenda: the live file is decoded once, and again only when its bytes change."""

from __future__ import annotations

import json

import pytest

from companion import areas
from companion.agenda import Status
from companion.agenda import records as agenda
from companion.clock import FakeClock
from companion.store import DamagedRecord, Store


def seed(store: Store, clock: FakeClock, *titles: str) -> None:
    for title in titles:
        agenda.add_issue(store, title, "both", clock.now())


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The id of every issue decoded from a row, in order."""
    seen: list[str] = []
    original = agenda._issue

    def counted(store: Store, row: dict) -> object:
        seen.append(row["id"])
        return original(store, row)

    monkeypatch.setattr(agenda, "_issue", counted)
    return seen


def test_the_start_check_home_and_the_agenda_share_one_decode(
    couple: Store, clock: FakeClock, decodes: list[str]
) -> None:
    seed(couple, clock, "Money", "Chores", "Weekends")
    fresh = Store(couple.data_dir, clock)  # a new process: nothing decoded yet
    decodes.clear()
    areas.start(fresh)  # checks every record of the live files
    assert sorted(decodes) == ["1", "2", "3"]
    home, _round = agenda.live(fresh)  # the home card's read
    listed = agenda.open_issues(fresh)  # the agenda screen's read
    assert sorted(decodes) == ["1", "2", "3"], "an unchanged file was decoded again"
    assert [i.title for i in listed] == ["Money", "Chores", "Weekends"]
    assert listed[0] is home[0] and listed is not home  # shared issues, a list of one's own


def test_any_change_is_read_afresh_even_by_hand_without_a_new_revision(
    couple: Store, clock: FakeClock, decodes: list[str]
) -> None:
    seed(couple, clock, "Money", "Chores")
    assert [i.title for i in agenda.open_issues(couple)] == ["Money", "Chores"]
    agenda.set_status(couple, "2", "talked_about", clock.now())  # a write, here or elsewhere
    assert agenda.open_issues(couple)[1].status is Status.TALKED_ABOUT

    # The same size, the same revision: only the bytes tell this change apart.
    path = couple.path("agenda")
    doc = json.loads(path.read_text())
    doc["issues"]["1"]["title"] = "Honey"
    path.write_text(json.dumps(doc))
    decodes.clear()
    assert [i.title for i in agenda.open_issues(couple)][0] == "Honey"
    assert decodes, "a file changed by hand was not decoded again"


def test_a_damaged_file_is_refused_every_time_and_never_kept(
    couple: Store, clock: FakeClock
) -> None:
    seed(couple, clock, "Money")
    assert agenda.open_issues(couple)[0].title == "Money"  # decoded and kept
    path = couple.path("agenda")
    doc = json.loads(path.read_text())
    good = path.read_bytes()
    doc["issues"]["1"]["status"] = "solved"
    path.write_text(json.dumps(doc))
    for _ in range(2):
        with pytest.raises(DamagedRecord, match="agenda.json"):
            agenda.open_issues(couple)
        with pytest.raises(DamagedRecord, match="agenda.json"):
            areas.check_live(couple, "agenda")
    path.write_bytes(good)  # put back as it was: the kept decode is good again
    assert agenda.open_issues(couple)[0].title == "Money"
