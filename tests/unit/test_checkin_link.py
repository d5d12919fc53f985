"""The agenda at a check-in: what is reviewed, verdicts written back, concerns raised as issues.

These run the real agenda through `companion.checkins.links.LINKS`, the way
the app does; the last ones add a second, made-up area to show another area
can offer its own items.
"""

from __future__ import annotations

import ast
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from companion import areas
from companion.agenda import (
    BOTH,
    AgendaError,
    AgreementDraft,
    AgreementState,
    AgreementStep,
    Draft,
    Issue,
    IssueStep,
    Status,
    Verdict,
)
from companion.agenda import records as agenda
from companion.agenda.checkin_link import AgendaCheckInLink, parse_ref
from companion.agenda.codec import decode_issue, encode_issue
from companion.checkins import links, records
from companion.checkins.codec import decode_checkin, encode_checkin
from companion.checkins.links import ReviewItem
from companion.checkins.rules import CheckIn, CheckInError, Stage
from companion.clock import FakeClock
from companion.profile import create_profile
from companion.store import DamagedRecord, PlainArea, Schema, Store, Transaction
from tests.ui.checkin_data import agenda_at_work

TODAY = date(2026, 3, 14)


def to_review(store: Store, clock: FakeClock, partners=("Sam", "Alex")) -> CheckIn:
    """A check-in begun and taken as far as the review."""
    checkin = records.start_checkin(store, partners, None, clock.now())
    steps = [("appreciate", (i, "Thanks")) for i in range(len(partners))] + [("next", ())]
    steps += [("rate", (i, 7)) for i in range(len(partners))] + [("next", ())]
    for step, args in steps:
        checkin = records.apply(store, checkin.id, step, clock.now(), *args)
    assert checkin.stage is Stage.REVIEW
    return checkin


def finish(store: Store, clock: FakeClock, checkin: CheckIn) -> CheckIn:
    """From the review (every verdict given) to the end, saying nothing new."""
    for step, args in (("next", ()), ("next", ()), ("plan", ("A walk",)), ("finish", ())):
        checkin = records.apply(store, checkin.id, step, clock.now(), *args)
    return checkin


def issue(store: Store, issue_id: str) -> Issue:
    found = agenda.get_issue(store, issue_id)
    assert found is not None
    return found


def test_the_check_ins_import_no_agenda_the_link_is_the_seam() -> None:
    package = Path(records.__file__).parent
    for path in sorted(package.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.startswith("companion.agenda") for n in names), path.name


# -- what a check-in reviews -----------------------------------------------------------------------


def test_the_agenda_is_wired_in_and_offers_agreements_then_issues_in_progress(
    couple: Store, clock: FakeClock
) -> None:
    agenda_at_work(couple, clock)
    sooner = AgreementDraft("Sunday: plan the week over tea", "Alex", TODAY + timedelta(days=7))
    agenda.add_agreement(couple, "2", sooner, clock.now())
    dropped = AgreementDraft("Take turns choosing", "both", TODAY + timedelta(days=7))
    agenda.add_agreement(couple, "2", dropped, clock.now())
    agenda.review_agreement(couple, "2", "2", AgreementStep.DROPPED, None, clock.now())

    assert type(links.active(couple)[0]) is AgendaCheckInLink  # other areas' links come after
    items = links.review_items(couple)
    assert items == [
        ReviewItem("agreement", "2/1", "Sunday: plan the week over tea", "Agreement"),
        ReviewItem("agreement", "1/1", "Phones in the basket at dinner", "Agreement"),
        ReviewItem("issue", "1", "Phones at dinner", "Issue"),
        ReviewItem("issue", "2", "Who plans the weekends", "Issue"),
    ]  # soonest review first, then the couple's order; #3 (only raised) and the dropped one not
    assert [parse_ref(i) for i in items] == [("2", "1"), ("1", "1"), ("1", None), ("2", None)]

    checkin = to_review(couple, clock)
    assert [(r.shown_label, r.ref, r.title) for r in checkin.reviews] == [
        (i.label, i.ref, i.title) for i in items
    ]


def test_with_nothing_open_the_review_is_empty_and_the_check_in_goes_on(
    couple: Store, clock: FakeClock
) -> None:
    agenda.add_issue(couple, "Only raised so far", "Sam", clock.now())
    checkin = to_review(couple, clock)
    assert checkin.reviews == [] and checkin.missing() is None
    assert finish(couple, clock, checkin).stage is Stage.DONE


# -- the verdicts, written back --------------------------------------------------------------------


def test_finishing_writes_each_verdict_back_with_the_agendas_own_steps(
    couple: Store, clock: FakeClock
) -> None:
    agenda_at_work(couple, clock)
    clock.advance(timedelta(days=13))  # the agreement's review is tomorrow
    checkin = to_review(couple, clock)
    assert [r.ref for r in checkin.reviews] == ["1/1", "1", "2"]
    for index, verdict, note in (
        (0, "worse", "Phones crept back"),
        (1, "same", ""),
        (2, "better", "We planned Saturday"),
    ):
        checkin = records.apply(couple, checkin.id, "review", clock.now(), index, verdict, note)
    before = couple.path("agenda").read_bytes()
    checkin = records.apply(couple, checkin.id, "next", clock.now())
    assert couple.path("agenda").read_bytes() == before  # nothing written until the finish

    for step, args in (("next", ()), ("plan", ("A walk",)), ("finish", ())):
        done = records.apply(couple, checkin.id, step, clock.now(), *args)
    assert done.stage is Stage.DONE
    phones, weekends = issue(couple, "1"), issue(couple, "2")
    (agreement,) = phones.agreements
    assert agreement.state is AgreementState.SLIPPING  # worse
    assert [r.state for r in agreement.reviews] == [AgreementState.SLIPPING]
    assert agreement.review == TODAY + timedelta(days=13 + 14)  # looked at: the usual two weeks
    assert phones.status is Status.FOLLOWING_UP  # the agenda's rule for a first review
    assert [(c.agreement_id, c.verdict, c.note) for c in phones.checkins] == [
        ("1", Verdict.WORSE, "Phones crept back"),
        (None, Verdict.SAME, ""),
    ]
    assert [(c.agreement_id, c.verdict, c.note) for c in weekends.checkins] == [
        (None, Verdict.BETTER, "We planned Saturday")
    ]
    assert weekends.status is Status.TALKED_ABOUT  # a verdict never moves an issue on its own
    assert phones.checkins[0].at == done.finished
    assert phones.checkins[0].said == "agreement 1: worse - Phones crept back"
    assert agenda.agreements_due(couple, clock.now() + timedelta(days=1)) == []  # not due now
    assert [r.verdict for r in records.all_checkins(couple)[0].reviews] == [
        "worse",
        "same",
        "better",
    ]  # and the check-in keeps what was said


def test_a_solo_check_in_writes_back_too(store: Store, clock: FakeClock) -> None:
    create_profile(store, ["Sam"], "Europe/London")
    agenda.add_issue(store, "Sleep", "Sam", clock.now())
    agenda.set_status(store, "1", "talked_about", clock.now())
    checkin = to_review(store, clock, partners=("Sam",))
    checkin = records.apply(store, checkin.id, "review", clock.now(), 0, "better", "Earlier nights")
    checkin = records.apply(store, checkin.id, "next", clock.now())
    checkin = records.apply(store, checkin.id, "concern", clock.now(), "Work hours", 0)
    finish_from_concerns = [("next", ()), ("plan", ("Bath",)), ("finish", ())]
    for step, args in finish_from_concerns:
        checkin = records.apply(store, checkin.id, step, clock.now(), *args)
    assert [c.note for c in issue(store, "1").checkins] == ["Earlier nights"]
    assert issue(store, "2").raised_by == "Sam"


def test_something_let_go_meanwhile_is_kept_in_the_check_in_only(
    couple: Store, clock: FakeClock
) -> None:
    agenda_at_work(couple, clock)
    checkin = to_review(couple, clock)
    for index in range(3):
        checkin = records.apply(couple, checkin.id, "review", clock.now(), index, "better")
    # The other terminal drops the agreement and lets #2 go before the finish.
    agenda.review_agreement(couple, "1", "1", AgreementStep.DROPPED, None, clock.now())
    agenda.set_status(couple, "2", "let_go", clock.now())

    done = finish(couple, clock, checkin)
    assert done.stage is Stage.DONE
    phones = issue(couple, "1")
    assert phones.agreements[0].state is AgreementState.DROPPED  # not taken up again
    assert [(c.agreement_id, c.verdict) for c in phones.checkins] == [(None, Verdict.BETTER)]
    assert issue(couple, "2").checkins == []
    assert [r.verdict for r in done.reviews] == ["better"] * 3


def test_a_damaged_agenda_leaves_the_check_in_unfinished(couple: Store, clock: FakeClock) -> None:
    agenda_at_work(couple, clock)
    checkin = to_review(couple, clock)
    for index in range(3):
        checkin = records.apply(couple, checkin.id, "review", clock.now(), index, "same")
    for step in ("next", "next"):
        checkin = records.apply(couple, checkin.id, step, clock.now())
    checkin = records.apply(couple, checkin.id, "plan", clock.now(), "A walk")
    path = couple.path("agenda")
    path.write_text(path.read_text().replace('"status":"agreed"', '"status":"flying"', 1))
    damaged = path.read_bytes()
    with pytest.raises(DamagedRecord):
        records.apply(couple, checkin.id, "finish", clock.now())
    assert path.read_bytes() == damaged  # never overwritten
    still = records.open_checkin(couple)
    assert still is not None and still.stage is Stage.PLAN  # all or nothing


# -- concerns --------------------------------------------------------------------------------------


def test_a_concern_becomes_an_agenda_issue_raised_by_whoever_said_it(
    couple: Store, clock: FakeClock
) -> None:
    checkin = to_review(couple, clock)
    checkin = records.apply(couple, checkin.id, "next", clock.now())
    checkin = records.apply(couple, checkin.id, "concern", clock.now(), "Visits [b]home[/b]", 1)
    checkin = records.apply(couple, checkin.id, "concern", clock.now(), "Money", 0)
    assert [(c.text, c.by, c.agenda_id) for c in checkin.concerns] == [
        ("Visits [b]home[/b]", 1, "1"),
        ("Money", 0, "2"),
    ]
    raised = agenda.open_issues(couple)
    assert [(i.id, i.title, i.raised_by, i.status) for i in raised] == [
        ("1", "Visits [b]home[/b]", "Alex", Status.RAISED),
        ("2", "Money", "Sam", Status.RAISED),
    ]


def test_a_concern_the_agenda_refuses_is_not_kept_either(couple: Store, clock: FakeClock) -> None:
    checkin = to_review(couple, clock, partners=("Sam", "Jo"))  # Jo is not in the profile
    checkin = records.apply(couple, checkin.id, "next", clock.now())
    with pytest.raises(AgendaError, match="not a partner here"):
        records.apply(couple, checkin.id, "concern", clock.now(), "Chores", 1)
    assert records.open_checkin(couple).concerns == []  # type: ignore[union-attr]
    assert agenda.open_issues(couple) == []


# -- the agenda's rule for a verdict ---------------------------------------------------------------

NOW = datetime(2026, 3, 14, 18, 30).astimezone()
PAIR = ("Sam", "Alex")


def agreed(review: date = TODAY + timedelta(days=14)) -> Issue:
    issue = Issue.new("1", Draft("Money"), PAIR, NOW, 1)
    for step in (IssueStep.TALKED_ABOUT, IssueStep.UNDERSTOOD):
        issue.take(step, NOW)
    issue.take(IssueStep.AGREE, NOW, "Ask before spending over 50", BOTH, review, PAIR, TODAY)
    return issue


@pytest.mark.parametrize(
    ("start", "verdict", "after"),
    [
        (AgreementState.ON_TRACK, "better", AgreementState.ON_TRACK),
        (AgreementState.ON_TRACK, "same", AgreementState.ON_TRACK),
        (AgreementState.ON_TRACK, "worse", AgreementState.SLIPPING),
        (AgreementState.SLIPPING, "better", AgreementState.ON_TRACK),
        (AgreementState.SLIPPING, "same", AgreementState.SLIPPING),
        (AgreementState.SLIPPING, "worse", AgreementState.SLIPPING),
    ],
)
def test_a_verdict_is_an_agreements_review(
    start: AgreementState, verdict: str, after: AgreementState
) -> None:
    issue = agreed()
    if start is AgreementState.SLIPPING:
        issue.take(IssueStep.REVIEW, NOW, "1", "slipping", TODAY + timedelta(days=7), TODAY)
    issue.take(IssueStep.CHECK_IN, NOW, verdict, "", "1", TODAY)
    assert issue.agreements[0].state is after
    assert issue.agreements[0].reviews[-1].state is after


def test_after_a_check_in_the_next_look_is_two_weeks_or_the_later_day_already_set() -> None:
    issue = agreed(review=TODAY)
    issue.take(IssueStep.CHECK_IN, NOW, "same", "", "1", TODAY)
    assert issue.agreements[0].review == TODAY + timedelta(days=14)
    later = agreed(review=TODAY + timedelta(days=28))
    later.take(IssueStep.CHECK_IN, NOW, "same", "", "1", TODAY)
    assert later.agreements[0].review == TODAY + timedelta(days=28)


def test_a_verdict_is_refused_on_a_dropped_agreement_a_let_go_issue_or_a_made_up_word() -> None:
    issue = agreed()
    issue.take(IssueStep.REVIEW, NOW, "1", "dropped", None, TODAY)
    with pytest.raises(AgendaError, match="dropped since"):
        issue.take(IssueStep.CHECK_IN, NOW, "better", "", "1", TODAY)
    with pytest.raises(AgendaError, match="better, the same, or worse"):
        issue.take(IssueStep.CHECK_IN, NOW, "fine", "", None, TODAY)
    with pytest.raises(AgendaError, match="no longer on this issue"):
        issue.take(IssueStep.CHECK_IN, NOW, "better", "", "9", TODAY)
    assert issue.checkins == []
    issue.take(IssueStep.LET_GO, NOW)
    with pytest.raises(AgendaError, match="let go"):
        issue.take(IssueStep.CHECK_IN, NOW, "better", "", None, TODAY)


def test_check_in_notes_are_kept_on_disk_and_older_issues_without_them_still_read() -> None:
    issue = agreed()
    issue.take(IssueStep.CHECK_IN, NOW, "worse", "Weekends\nare hard", "1", TODAY)
    again = decode_issue(encode_issue(issue))
    assert again.checkins == issue.checkins
    older = encode_issue(agreed())
    del older["checkins"]
    assert decode_issue(older).checkins == []
    broken = encode_issue(issue)
    broken["checkins"][0]["verdict"] = "great"
    with pytest.raises(AgendaError, match="unknown verdict"):
        decode_issue(broken)


# -- the check-in's side ---------------------------------------------------------------------------


def test_a_review_item_is_checked_and_made_to_fit(clock: FakeClock) -> None:
    now = clock.now()
    checkin = CheckIn.new(PAIR, None, now)
    for index in (0, 1):
        checkin.take("appreciate", now, index, "x")
    checkin.take("next", now)
    for index in (0, 1):
        checkin.take("rate", now, index, 5)
    long = ReviewItem("agreement", "1/1", "Put the phones away " * 20)
    with pytest.raises(CheckInError, match="no kind"):
        checkin.take("next", now, [ReviewItem("Bad Kind!", "1", "x")])
    with pytest.raises(CheckInError, match="found again"):
        checkin.take("next", now, [ReviewItem("issue", "", "x")])
    assert checkin.stage is Stage.CONNECT  # nothing taken
    checkin.take("next", now, [long, ReviewItem("commitment", "c1", "Call \x1b[2Jmum", "Promise")])
    first, second = checkin.reviews
    assert len(first.title) == 200 and first.title.endswith("…")
    assert (first.shown_label, second.shown_label, second.title) == (
        "Agreement",
        "Promise",
        "Call [2Jmum",
    )
    assert decode_checkin(encode_checkin(checkin)).reviews == checkin.reviews


# -- another area's items --------------------------------------------------------------------------


class Commitments:
    """A made-up further area (not the real repair, whose link is in LINKS too) that asks for its commitments to be looked at too."""

    areas = ("promises",)
    kinds = ("promise",)

    def review_items(self, store: Store) -> list[ReviewItem]:
        return [ReviewItem("promise", "c1", "Say sorry sooner", "Promise")]

    def record_review(
        self, tx: Transaction, item: ReviewItem, verdict: str, note: str, by: str, now: datetime
    ) -> bool:
        tx["promises"].table("looks").insert({"ref": item.ref, "verdict": verdict, "by": by})
        return True

    def add_concern(self, tx: Transaction, text: str, by: str, now: datetime) -> None:
        return None  # concerns are the agenda's


def test_another_area_offers_its_own_items_and_gets_its_own_verdicts(
    data_dir, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(data_dir, clock, [*areas.REGISTRY, PlainArea("promises", Schema(1))])
    create_profile(store, list(PAIR), "Europe/London")
    agenda_at_work(store, clock)
    monkeypatch.setattr(links, "LINKS", (*links.LINKS, f"{__name__}:Commitments"))
    checkin = to_review(store, clock)
    assert [(r.kind, r.ref) for r in checkin.reviews] == [
        ("agreement", "1/1"),
        ("issue", "1"),
        ("issue", "2"),
        ("promise", "c1"),
    ]
    for index, verdict in enumerate(("better", "better", "same", "worse")):
        checkin = records.apply(store, checkin.id, "review", clock.now(), index, verdict)
    checkin = records.apply(store, checkin.id, "next", clock.now())
    checkin = records.apply(store, checkin.id, "concern", clock.now(), "Money", 0)
    assert checkin.concerns[0].agenda_id == "4"  # the first link that takes a concern has it
    for step, args in (("next", ()), ("plan", ("Out",)), ("finish", ())):
        checkin = records.apply(store, checkin.id, step, clock.now(), *args)
    with store.read("promises") as db:
        assert db.table("looks").all() == [{"ref": "c1", "verdict": "worse", "by": "both"}]
    assert [c.verdict for c in issue(store, "1").checkins] == [Verdict.BETTER, Verdict.BETTER]
