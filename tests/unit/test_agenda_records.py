"""The agenda on disk: steps on the record as it is on disk, archives, the talk, the API others use."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from companion import areas
from companion.agenda import (
    AgendaError,
    AgreementDraft,
    AgreementStep,
    Draft,
    IssueStep,
    Status,
    closing,
    rounds,
)
from companion.agenda import records as agenda
from companion.agenda.codec import encode_issue
from companion.clock import FakeClock
from companion.profile import create_profile
from companion.store import DamagedRecord, Store
from companion.talk import PRESETS, Phase, Talk, TalkError
from companion.talk import records as talks

TODAY = date(2026, 3, 14)


def live_ids(store: Store) -> list[str]:
    doc = json.loads(store.path("agenda").read_text(encoding="utf-8"))
    return [row["id"] for row in doc.get("issues", {}).values()]


def archive_ids(store: Store, year: int) -> list[str]:
    path = store.archive_path("agenda", year)
    if not path.exists():
        return []
    return [row["id"] for row in json.loads(path.read_text(encoding="utf-8"))["issues"].values()]


def agenda_bytes(store: Store) -> bytes | None:
    path = store.path("agenda")
    return path.read_bytes() if path.exists() else None


def closing_talk(store: Store, clock: FakeClock, issue_id: str | None) -> Talk:
    talk = Talk.new("Money", ("Sam", "Alex"), 0, PRESETS["short"], "short", clock.now())
    talk.issue_id = issue_id
    for partner in (0, 1):
        talk.agree(clock.now(), partner)
    talk.take("begin", clock.now())
    clock.advance(60)
    talk.take("end", clock.now())
    return talks.save_talk(store, talk)


# -- adding ---------------------------------------------------------------------------


def test_issues_get_short_ids_and_go_to_the_end(couple: Store, clock: FakeClock) -> None:
    first = agenda.add_issue(couple, "Money", "Sam", clock.now())
    second = agenda.add_issue(
        couple, "Chores", "both", clock.now(), details="a\nb", kind="perpetual"
    )
    assert (first.id, second.id) == ("1", "2")
    assert (first.position, second.position) == (1, 2)
    assert [i.title for i in agenda.open_issues(couple)] == ["Money", "Chores"]
    assert agenda.get_issue(couple, "2") == second  # what came back is what the disk holds


def test_a_refused_issue_writes_nothing(couple: Store, clock: FakeClock) -> None:
    agenda.add_issue(couple, "Money", "Sam", clock.now())
    before = agenda_bytes(couple)
    for title, by in (("", "Sam"), ("x" * 201, "Sam"), ("Chores", "Bob")):
        with pytest.raises(AgendaError):
            agenda.add_issue(couple, title, by, clock.now())
    assert agenda_bytes(couple) == before


def test_no_profile_no_issue(store: Store, clock: FakeClock) -> None:
    with pytest.raises(AgendaError, match="Set up Companion first"):
        agenda.add_issue(store, "Money", "Sam", clock.now())
    assert agenda_bytes(store) is None


def test_ids_are_never_reused_even_when_the_counter_is_lost(
    couple: Store, clock: FakeClock
) -> None:
    for title in ("A", "B", "C"):
        agenda.add_issue(couple, title, "both", clock.now())
    agenda.set_status(couple, "3", "let_go", clock.now())  # 3 moves to the archive
    with couple.transaction("agenda") as tx:
        tx["agenda"].table("counter").truncate()
    assert agenda.add_issue(couple, "D", "both", clock.now()).id == "4"


# -- steps ------------------------------------------------------------------------------


def test_a_step_on_an_unknown_issue_is_refused(couple: Store, clock: FakeClock) -> None:
    with pytest.raises(AgendaError, match="no issue with the id 7"):
        agenda.set_status(couple, "7", "talked_about", clock.now())


def test_a_step_the_other_terminal_overtook_is_refused(couple: Store, clock: FakeClock) -> None:
    issue = agenda.add_issue(couple, "Money", "Sam", clock.now())
    agenda.set_status(couple, issue.id, "talked_about", clock.now())  # the other terminal
    with pytest.raises(AgendaError, match="moved this issue on first"):
        agenda.apply(couple, issue.id, IssueStep.LET_GO, clock.now(), expect=Status.RAISED)
    assert agenda.get_issue(couple, issue.id).status is Status.TALKED_ABOUT  # type: ignore[union-attr]


def test_edit_changes_what_it_says_not_where_it_stands(couple: Store, clock: FakeClock) -> None:
    issue = agenda.add_issue(couple, "Money", "Sam", clock.now())
    agenda.set_status(couple, issue.id, "talked_about", clock.now())
    edited = agenda.edit_issue(
        couple, issue.id, Draft("Money, again", "d", "Alex", "perpetual"), clock.now()
    )
    assert (edited.title, edited.raised_by, edited.status) == (
        "Money, again",
        "Alex",
        Status.TALKED_ABOUT,
    )


def test_move_writes_the_two_issues_it_swaps(couple: Store, clock: FakeClock) -> None:
    for title in "ABC":
        agenda.add_issue(couple, title, "both", clock.now())
    moved = agenda.move(couple, "3", "up", clock.now())
    assert moved.id == "3" and moved.position == 2
    assert [i.title for i in agenda.open_issues(couple)] == ["A", "C", "B"]
    with pytest.raises(AgendaError, match="already at the top"):
        agenda.move(couple, "1", "up", clock.now())


def test_letting_go_moves_the_issue_to_the_archive_of_its_year(
    couple: Store, clock: FakeClock
) -> None:
    for title in "AB":
        agenda.add_issue(couple, title, "both", clock.now())
    clock.advance(timedelta(days=300))  # let go in the next year
    agenda.set_status(couple, "1", "let go", clock.now())
    assert live_ids(couple) == ["2"]
    assert archive_ids(couple, 2027) == ["1"]
    assert [i.id for i in agenda.open_issues(couple)] == ["2"]
    assert [i.id for i in agenda.all_issues(couple)] == ["2", "1"]
    assert agenda.get_issue(couple, "1").status is Status.LET_GO  # type: ignore[union-attr]
    with pytest.raises(AgendaError, match="reopen it first"):
        agenda.set_status(couple, "1", "talked_about", clock.now())


def test_reopening_brings_it_back_to_the_end_and_out_of_the_archive(
    couple: Store, clock: FakeClock
) -> None:
    for title in "ABC":
        agenda.add_issue(couple, title, "both", clock.now())
    agenda.set_status(couple, "1", "let_go", clock.now())
    back = agenda.set_status(couple, "1", "raised", clock.now())
    assert back.status is Status.RAISED and back.position == 4
    assert sorted(live_ids(couple)) == ["1", "2", "3"] and archive_ids(couple, 2026) == []
    assert [i.title for i in agenda.open_issues(couple)] == ["B", "C", "A"]
    assert [c.status for c in back.history] == [Status.RAISED, Status.LET_GO, Status.RAISED]
    with pytest.raises(AgendaError, match="nothing to reopen"):
        agenda.reopen(couple, "1", clock.now())


def test_a_write_costs_what_it_changes_not_the_years_let_go(
    couple: Store, clock: FakeClock
) -> None:
    with couple.transaction("agenda") as tx:
        table = tx["agenda"].table("issues")
        for n in range(1, 501):
            issue = agenda.Issue.new(str(n), Draft(f"Old {n}"), ("Sam", "Alex"), clock.now(), n)
            issue.move_to(Status.LET_GO, clock.now())
            table.insert(encode_issue(issue))
    live = couple.path("agenda").stat().st_size
    agenda.add_issue(couple, "New", "Sam", clock.now())
    assert couple.path("agenda").stat().st_size - live < 2000  # the archive holds the 500
    assert len(archive_ids(couple, 2026)) == 500


# -- agreements ---------------------------------------------------------------------------


def test_agreements_move_the_issue_on_and_are_readable_by_other_areas(
    couple: Store, clock: FakeClock
) -> None:
    issue = agenda.add_issue(couple, "Money", "Sam", clock.now())
    for status in ("talked_about", "understood"):
        agenda.set_status(couple, issue.id, status, clock.now())
    draft = AgreementDraft("ask before spending over 50", "both", TODAY + timedelta(days=7))
    agreed = agenda.add_agreement(couple, issue.id, draft, clock.now())
    assert agreed.status is Status.AGREED
    assert agenda.issues_in_progress(couple) == [agreed]
    [(of, agreement)] = agenda.open_agreements(couple)
    assert of.id == issue.id and agreement.what == "ask before spending over 50"
    assert agenda.agreements_due(couple, clock.now()) == []
    clock.advance(timedelta(days=7))
    assert [a.id for _i, a in agenda.agreements_due(couple, clock.now())] == ["1"]
    reviewed = agenda.review_agreement(
        couple, issue.id, "1", AgreementStep.ON_TRACK, TODAY + timedelta(days=21), clock.now()
    )
    assert reviewed.status is Status.FOLLOWING_UP
    assert agenda.agreements_due(couple, clock.now()) == []
    agenda.review_agreement(couple, issue.id, "1", "dropped", None, clock.now())
    assert agenda.open_agreements(couple) == []


def test_a_review_day_is_the_couples_day(store: Store, clock: FakeClock) -> None:
    create_profile(store, ["Sam", "Alex"], "Pacific/Auckland")  # already Sunday 15th there
    issue = agenda.add_issue(store, "Money", "Sam", clock.now())
    with pytest.raises(AgendaError, match="from today on"):
        agenda.add_agreement(store, issue.id, AgreementDraft("walk", "both", TODAY), clock.now())
    draft = AgreementDraft("walk", "both", TODAY + timedelta(days=1))
    agenda.add_agreement(store, issue.id, draft, clock.now())
    assert len(agenda.agreements_due(store, clock.now())) == 1


# -- with the talk ------------------------------------------------------------------------


def test_closing_a_talk_moves_its_issue_in_the_same_write(couple: Store, clock: FakeClock) -> None:
    issue = agenda.add_issue(couple, "Money", "Sam", clock.now())
    agenda.set_status(couple, issue.id, "talked_about", clock.now())
    talk = closing_talk(couple, clock, issue.id)
    draft = AgreementDraft(
        "say when I need a minute, instead of walking off", "both", TODAY + timedelta(days=14)
    )
    done, moved = closing.close_talk(
        couple, talk.id, clock.now(), "We both want calm.", True, draft
    )
    assert done.phase is Phase.ENDED and moved is not None
    assert moved.status is Status.AGREED  # understood, then agreed
    assert [c.status for c in moved.history][-2:] == [Status.UNDERSTOOD, Status.AGREED]
    assert moved.talks[-1].talk_id == talk.id and moved.talks[-1].understood == "We both want calm."
    assert talks.get_talk(couple, talk.id).phase is Phase.ENDED  # type: ignore[union-attr]
    assert agenda.get_issue(couple, issue.id) == moved
    with pytest.raises(TalkError, match="saved already"):
        closing.close_talk(couple, talk.id, clock.now())


def test_a_refused_part_writes_neither_the_talk_nor_the_issue(
    couple: Store, clock: FakeClock
) -> None:
    issue = agenda.add_issue(couple, "Money", "Sam", clock.now())
    talk = closing_talk(couple, clock, issue.id)
    before = (couple.path("talks").read_bytes(), agenda_bytes(couple))
    with pytest.raises(AgendaError, match="instead"):
        closing.close_talk(
            couple, talk.id, clock.now(), "", False, AgreementDraft("stop shouting", "both", TODAY)
        )
    assert (couple.path("talks").read_bytes(), agenda_bytes(couple)) == before


def test_a_talk_whose_issue_was_let_go_is_still_saved(couple: Store, clock: FakeClock) -> None:
    issue = agenda.add_issue(couple, "Money", "Sam", clock.now())
    talk = closing_talk(couple, clock, issue.id)
    agenda.set_status(couple, issue.id, "let_go", clock.now())
    done, moved = closing.close_talk(couple, talk.id, clock.now())
    assert done.phase is Phase.ENDED and moved is None


def test_talks_about_an_issue_are_found(couple: Store, clock: FakeClock) -> None:
    issue = agenda.add_issue(couple, "Money", "Sam", clock.now())
    talk = closing_talk(couple, clock, issue.id)
    _done, moved = closing.close_talk(couple, talk.id, clock.now())
    assert moved is not None and [t.id for t in closing.talks_about(couple, moved)] == [talk.id]


# -- our top three ---------------------------------------------------------------------------


def test_a_round_of_top_three_from_both_lists_to_the_agenda(
    couple: Store, clock: FakeClock
) -> None:
    round_ = rounds.write_list(couple, None, 0, ["Money", "Chores"], clock.now())
    assert rounds.write_list(couple, None, 1, ["Time together"], clock.now()).id == round_.id
    with pytest.raises(AgendaError, match="can no longer change"):
        rounds.write_list(couple, round_.id, 0, ["Other"], clock.now())
    shown, issue = rounds.add_item(couple, round_.id, 1, 0, clock.now())
    assert (issue.title, issue.raised_by) == ("Time together", "Alex")
    assert shown.is_added(1, 0) and agenda.current_round(couple) == shown
    with pytest.raises(AgendaError, match="already"):
        rounds.add_item(couple, round_.id, 1, 0, clock.now())
    assert [i.title for i in agenda.open_issues(couple)] == ["Time together"]
    rounds.close_round(couple, round_.id, clock.now())
    assert agenda.current_round(couple) is None
    assert (
        "rounds" not in json.loads(couple.path("agenda").read_text())
        or not json.loads(couple.path("agenda").read_text())["rounds"]
    )


def test_items_wait_for_both_lists(couple: Store, clock: FakeClock) -> None:
    round_ = rounds.write_list(couple, None, 0, ["Money"], clock.now())
    with pytest.raises(AgendaError, match="every list is in"):
        rounds.add_item(couple, round_.id, 0, 0, clock.now())
    assert agenda.open_issues(couple) == []


# -- the area -------------------------------------------------------------------------------


def test_the_agenda_is_an_area_doctor_and_export_know(couple: Store, clock: FakeClock) -> None:
    agenda.add_issue(couple, "Money", "Sam", clock.now())
    agenda.add_issue(couple, "Chores", "Alex", clock.now())
    agenda.set_status(couple, "2", "let_go", clock.now())
    assert areas.get("agenda").records is agenda
    assert areas.check_all(couple) == 2  # the profile and the open issue
    assert areas.check_all(couple, archived=True) == 3  # and the one let go
    exported = areas.export_all(couple)["agenda"]
    assert sorted(row["title"] for row in exported["issues"]) == ["Chores", "Money"]


def test_a_damaged_issue_is_named_and_nothing_is_written(couple: Store, clock: FakeClock) -> None:
    agenda.add_issue(couple, "Money", "Sam", clock.now())
    doc = json.loads(couple.path("agenda").read_text())
    doc["issues"]["1"]["status"] = "solved"
    couple.path("agenda").write_text(json.dumps(doc))
    before = agenda_bytes(couple)
    with pytest.raises(DamagedRecord, match="agenda.json"):
        agenda.open_issues(couple)
    with pytest.raises(DamagedRecord):
        agenda.set_status(couple, "1", "talked_about", clock.now())
    assert agenda_bytes(couple) == before


def test_a_read_decodes_only_what_changed_since_the_last(couple: Store, clock: FakeClock) -> None:
    for title in ("Money", "Chores"):
        agenda.add_issue(couple, title, "both", clock.now())
    first = agenda.open_issues(couple)
    agenda.set_status(couple, "2", "talked_about", clock.now())  # the same instant: no new time
    second = agenda.open_issues(couple, agenda.known(first))
    assert second[0] is first[0]  # unchanged: the same object, not decoded again
    assert second[1] is not first[1] and second[1].status is Status.TALKED_ABOUT
    assert second == agenda.open_issues(couple)  # what a fresh read gives
