"""The agenda's rules: every status move allowed or refused, agreements, ordering, text, top three."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from companion.agenda import (
    BOTH,
    MOVES,
    AgendaError,
    AgreementState,
    AgreementStep,
    Direction,
    Draft,
    Issue,
    IssueStep,
    Kind,
    Status,
    TopThree,
    View,
    ordered,
    reorder,
    status_of,
)
from companion.agenda.codec import decode_issue, decode_round, encode_issue, encode_round
from companion.agenda.order import next_position
from companion.agenda.parts import Agreement, AgreementDraft, clean_practice, clean_title
from companion.agenda.rules import STEP_TO
from companion.clock import FakeClock
from companion.talk import PRESETS, Phase, Talk, TalkError, TalkStep

NOW = datetime(2026, 3, 14, 18, 30, tzinfo=UTC)
TODAY = date(2026, 3, 14)
PAIR = ("Sam", "Alex")


def raised(title: str = "Money", position: int = 1, by: str = BOTH, at: datetime = NOW) -> Issue:
    return Issue.new(str(position), Draft(title, raised_by=by), PAIR, at, position)


def agree(issue: Issue, what: str = "ask before spending over 50") -> Issue:
    issue.take(IssueStep.AGREE, NOW, what, BOTH, TODAY + timedelta(days=14), PAIR, TODAY)
    return issue


def at(status: Status, agreement: bool = False) -> Issue:
    """An issue that reached `status` by the lifecycle's own steps.

    Agreed and following up always carry an agreement; others carry one if asked
    (written before it was understood, so it did not move it on to agreed).
    """
    issue = raised()
    if status is Status.LET_GO:
        return issue.move_to(Status.LET_GO, NOW)
    if agreement:
        agree(issue)
    for step in (Status.TALKED_ABOUT, Status.UNDERSTOOD, Status.AGREED, Status.FOLLOWING_UP):
        if issue.status is status:
            break
        if step is Status.AGREED and not issue.agreements:
            agree(issue)  # understood + an agreement = agreed
        else:
            issue.move_to(step, NOW)
    assert issue.status is status
    return issue


EVERY_MOVE = [(a, b) for a in Status for b in Status if a is not b]
R, T, U, A, F, L = (
    Status.RAISED,
    Status.TALKED_ABOUT,
    Status.UNDERSTOOD,
    Status.AGREED,
    Status.FOLLOWING_UP,
    Status.LET_GO,
)
ALLOWED = {(R, T), (R, L), (T, U), (T, L), (U, A), (U, T), (U, L), (A, F), (A, T), (A, L)}
ALLOWED |= {(F, T), (F, L), (L, R)}
"""The lifecycle as the issue describes it: one step on, back to talking, let go; reopen."""


# -- the lifecycle ------------------------------------------------------------------------------


def test_the_lifecycle_runs_from_raised_to_let_go_with_a_dated_history() -> None:
    clock = FakeClock(NOW)
    issue = raised()
    for status in (Status.TALKED_ABOUT, Status.UNDERSTOOD):
        clock.advance(3600)
        issue.move_to(status, clock.now())
    clock.advance(3600)
    agree(issue)
    assert issue.status is Status.AGREED  # an agreement moves an understood issue on
    clock.advance(3600)
    issue.move_to(Status.FOLLOWING_UP, clock.now())
    clock.advance(3600)
    issue.move_to(Status.LET_GO, clock.now())
    assert [c.status for c in issue.history] == list(Status)
    assert issue.let_go_at == clock.now()
    assert not issue.is_open


@pytest.mark.parametrize(("start", "target"), EVERY_MOVE, ids=lambda s: s.value)
def test_every_status_move_is_allowed_or_refused_by_the_table(
    start: Status, target: Status
) -> None:
    issue = at(start, agreement=True)
    history = list(issue.history)
    assert (target in MOVES[start]) == ((start, target) in ALLOWED)
    if (start, target) in ALLOWED:
        issue.move_to(target, NOW + timedelta(hours=1))
        assert issue.status is target
        assert issue.history == [*history, *issue.history[len(history) :]]
        assert issue.history[-1].status is target
        assert issue.history[-1].at == NOW + timedelta(hours=1)
    else:
        with pytest.raises(AgendaError) as refused:
            issue.move_to(target, NOW)
        assert str(refused.value).endswith(".")
        assert issue.status is start and issue.history == history  # nothing changed


@pytest.mark.parametrize("target", [Status.AGREED, Status.FOLLOWING_UP])
def test_agreed_and_following_up_need_a_live_agreement(target: Status) -> None:
    start = Status.UNDERSTOOD if target is Status.AGREED else Status.AGREED
    issue = at(start)
    if start is Status.AGREED:  # drop its agreement: nothing left to follow up
        issue.take(IssueStep.REVIEW, NOW, "1", AgreementStep.DROPPED, None, TODAY)
    with pytest.raises(AgendaError, match="practise first"):
        issue.move_to(target, NOW)
    assert target not in issue.moves()
    assert STEP_TO[target] not in issue.allowed(NOW)


def test_a_let_go_issue_can_only_be_reopened() -> None:
    issue = at(Status.LET_GO)
    assert issue.allowed(NOW) == {IssueStep.REOPEN}
    for step in set(IssueStep) - {IssueStep.REOPEN}:
        with pytest.raises(AgendaError, match="let go; reopen it first"):
            issue.take(step, NOW)
    issue.take(IssueStep.REOPEN, NOW)
    assert issue.status is Status.RAISED and issue.is_open


def test_reopen_is_refused_on_an_open_issue_and_a_move_to_where_it_is() -> None:
    issue = raised()
    with pytest.raises(AgendaError, match="nothing to reopen"):
        issue.take(IssueStep.REOPEN, NOW)
    with pytest.raises(AgendaError, match="already raised"):
        issue.move_to(Status.RAISED, NOW)


def test_an_unknown_step_or_status_is_refused_in_a_sentence() -> None:
    with pytest.raises(AgendaError, match="no agenda step called 'fly'"):
        raised().take("fly", NOW)
    with pytest.raises(AgendaError, match="no status called"):
        status_of("done")
    assert status_of("Talked about") is status_of("talked-about") is Status.TALKED_ABOUT


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(AgendaError, match="time zone"):
        raised().take(IssueStep.TALKED_ABOUT, datetime(2026, 3, 14, 18, 30))


def test_a_talk_notes_the_issue_and_moves_it_on() -> None:
    issue = raised()
    issue.take(IssueStep.TALK, NOW, "t1", "", False)
    assert issue.status is Status.TALKED_ABOUT
    issue.take(IssueStep.TALK, NOW, "t2", "We both want to feel safe.\nAnd heard.", True)
    assert issue.status is Status.UNDERSTOOD
    assert [(n.talk_id, n.understood) for n in issue.talks] == [
        ("t1", ""),
        ("t2", "We both want to feel safe.\nAnd heard."),
    ]
    agree(issue)
    issue.take(IssueStep.TALK, NOW, "t3", "", True)
    assert issue.status is Status.AGREED  # a later talk does not move it back


def test_the_first_review_of_a_kept_agreement_is_following_up() -> None:
    issue = at(Status.AGREED)
    issue.take(IssueStep.REVIEW, NOW, "1", AgreementStep.SLIPPING, TODAY + timedelta(days=7), TODAY)
    assert issue.status is Status.FOLLOWING_UP
    assert issue.agreements[0].state is AgreementState.SLIPPING


def test_review_is_refused_on_an_issue_without_agreements() -> None:
    with pytest.raises(AgendaError, match="no agreement on this issue"):
        raised().take(IssueStep.REVIEW, NOW, "1", AgreementStep.ON_TRACK, TODAY, TODAY)


# -- agreements --------------------------------------------------------------------------------

AGREEMENT_MOVES = {
    AgreementState.ON_TRACK: {
        AgreementStep.ON_TRACK,
        AgreementStep.SLIPPING,
        AgreementStep.DROPPED,
    },
    AgreementState.SLIPPING: {
        AgreementStep.ON_TRACK,
        AgreementStep.SLIPPING,
        AgreementStep.DROPPED,
    },
    AgreementState.DROPPED: {AgreementStep.ON_TRACK},
}


def agreement_in(state: AgreementState) -> Agreement:
    agreement = Agreement.new("1", "take a walk together on Sundays", BOTH, TODAY, PAIR, NOW, TODAY)
    if state is not AgreementState.ON_TRACK:
        agreement.take(AgreementStep(state.value), NOW, TODAY + timedelta(days=7), TODAY)
    assert agreement.state is state
    return agreement


@pytest.mark.parametrize("state", list(AgreementState), ids=lambda s: s.value)
@pytest.mark.parametrize("step", list(AgreementStep), ids=lambda s: s.value)
def test_every_agreement_review_is_allowed_or_refused(
    state: AgreementState, step: AgreementStep
) -> None:
    agreement = agreement_in(state)
    reviews = len(agreement.reviews)
    later = NOW + timedelta(days=1)
    next_day = TODAY + timedelta(days=15)
    if step in AGREEMENT_MOVES[state]:
        agreement.take(step, later, next_day, TODAY + timedelta(days=1))
        assert agreement.state.value == step.value
        assert agreement.reviews[-1].at == later
        assert agreement.review == (None if step is AgreementStep.DROPPED else next_day)
        assert len(agreement.reviews) == reviews + 1
    else:
        with pytest.raises(AgendaError, match="take it up again"):
            agreement.take(step, later, next_day, TODAY)
        assert len(agreement.reviews) == reviews


def test_an_agreement_is_due_from_its_review_day_until_dropped() -> None:
    agreement = agreement_in(AgreementState.ON_TRACK)
    agreement.review = TODAY + timedelta(days=2)
    assert not agreement.due(TODAY + timedelta(days=1))
    assert agreement.due(TODAY + timedelta(days=2)) and agreement.due(TODAY + timedelta(days=9))
    agreement.take(AgreementStep.DROPPED, NOW, None, TODAY)
    assert not agreement.due(TODAY + timedelta(days=9)) and not agreement.live


@pytest.mark.parametrize(
    ("review", "message"),
    [
        (TODAY - timedelta(days=1), "from today on"),
        (TODAY + timedelta(days=400), "within the next year"),
        (None, "Choose a day"),
        (NOW, "Choose a day"),
    ],
)
def test_a_review_day_is_today_to_a_year_ahead(review: object, message: str) -> None:
    with pytest.raises(AgendaError, match=message):
        Agreement.new("1", "walk on Sundays", BOTH, review, PAIR, NOW, TODAY)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "what",
    ["Stop shouting", "don't interrupt", "Never walk out", "no more phones at dinner"],
)
def test_an_agreement_says_what_to_practise_not_only_what_to_stop(what: str) -> None:
    with pytest.raises(AgendaError, match="what you will do instead") as refused:
        clean_practice(what)
    assert refused.value.field == "what"


@pytest.mark.parametrize(
    "what",
    [
        "Stop shouting and take a breath instead",
        "don't interrupt; wait until the other has finished",
        "ask before making plans for the weekend",
        "Stopwatch our talks to 20 minutes",
    ],
)
def test_practice_phrased_as_doing_something_is_kept(what: str) -> None:
    assert clean_practice(what) == what


def test_an_agreement_names_a_partner_or_both() -> None:
    with pytest.raises(AgendaError, match="not a partner"):
        AgreementDraft("walk on Sundays", "Bob", TODAY).checked(PAIR, TODAY)
    assert AgreementDraft("walk on Sundays", "alex", TODAY).checked(PAIR, TODAY).who == "Alex"


# -- text ------------------------------------------------------------------------------------


def test_a_title_is_one_line_without_control_characters() -> None:
    assert clean_title("  Money\nand\ttime\x1b[31m \x07 ") == "Money and time[31m"
    assert clean_title("[bold]x[/] 👩‍❤️‍👨 שלום $(rm -rf ~)") == "[bold]x[/] 👩‍❤️‍👨 שלום $(rm -rf ~)"
    assert clean_title("é" * 200) == "é" * 200


@pytest.mark.parametrize(
    ("title", "message"),
    [("", "Give the issue a title"), ("  \n\t ", "Give the issue a title"), ("x" * 201, "200")],
)
def test_an_empty_or_too_long_title_is_refused(title: str, message: str) -> None:
    with pytest.raises(AgendaError, match=message) as refused:
        Draft(title).checked(PAIR)
    assert refused.value.field == "title"


def test_details_keep_their_lines_and_lose_control_characters() -> None:
    details = "First line\r\nsecond\tline\x00\n\n[b]third[/b] 🙂\x9b" + "x" * 5000
    clean = Draft("t", details=details).checked(PAIR).details
    assert clean == "First line\nsecond line\n\n[b]third[/b] 🙂" + "x" * 5000


def test_raised_by_is_a_partner_or_both_and_both_only_for_a_couple() -> None:
    assert Draft("t", raised_by="sam").checked(PAIR).raised_by == "Sam"
    assert Draft("t", raised_by="Both").checked(PAIR).raised_by == BOTH
    with pytest.raises(AgendaError, match="'Bob' is not a partner here; use Sam or Alex"):
        Draft("t", raised_by="Bob").checked(PAIR)
    with pytest.raises(AgendaError, match="use Robin."):
        Draft("t", raised_by=BOTH).checked(("Robin",))


def test_kind_and_tags_are_checked() -> None:
    draft = Draft("t", kind="Perpetual", tags="money, home ,Money,, ").checked(PAIR)
    assert draft.kind is Kind.PERPETUAL and tuple(draft.tags) == ("money", "home")
    with pytest.raises(AgendaError, match="solvable or perpetual"):
        Draft("t", kind="easy").checked(PAIR)
    with pytest.raises(AgendaError, match="Up to 8 tags"):
        Draft("t", tags=",".join(f"t{i}" for i in range(9))).checked(PAIR)


# -- ordering -------------------------------------------------------------------------------


def four() -> list[Issue]:
    return [raised(title, n) for n, title in enumerate("ABCD", start=1)]


def titles(issues: list[Issue]) -> str:
    return "".join(i.title for i in ordered(issues))


def test_up_and_down_swap_with_the_neighbour() -> None:
    issues = four()
    changed = reorder(issues, "3", Direction.UP)
    assert titles(issues) == "ACBD"
    assert {i.id for i in changed} == {"2", "3"}
    reorder(issues, "1", "down")
    assert titles(issues) == "CABD"


def test_the_top_cannot_go_up_nor_the_bottom_down() -> None:
    issues = four()
    with pytest.raises(AgendaError, match="already at the top"):
        reorder(issues, "1", Direction.UP)
    with pytest.raises(AgendaError, match="already at the bottom"):
        reorder(issues, "4", Direction.DOWN)
    assert titles(issues) == "ABCD"


def test_a_move_in_a_filtered_list_passes_the_neighbour_shown() -> None:
    issues = four()
    reorder(issues, "4", Direction.UP, within={"1", "4"})  # B and C are filtered out
    assert titles(issues) == "DBCA"


def test_let_go_issues_have_no_place_and_come_last() -> None:
    issues = four()
    issues[1].move_to(Status.LET_GO, NOW)
    with pytest.raises(AgendaError, match="reopen it"):
        reorder(issues, "2", Direction.UP)
    reorder(issues, "3", Direction.UP)  # past B, which is let go, to swap with A
    assert titles(issues) == "CADB"
    assert next_position(issues) == 5


def test_two_issues_on_one_place_are_spread_out_before_a_move() -> None:
    issues = four()
    issues[2].position = issues[1].position  # B and C share a place (edited by hand)
    reorder(issues, "4", Direction.UP)
    assert titles(issues) == "ABDC"
    assert sorted(i.position for i in issues) == [1, 2, 3, 4]


def test_an_unknown_issue_or_direction_is_refused() -> None:
    with pytest.raises(AgendaError, match="no longer on the agenda"):
        reorder(four(), "9", Direction.UP)
    with pytest.raises(AgendaError, match="up or down"):
        reorder(four(), "1", "sideways")


# -- what is shown ---------------------------------------------------------------------------


def test_a_view_filters_by_status_who_and_words() -> None:
    issues = [
        raised("Money and savings", 1, by="Sam"),
        raised("Chores", 2, by="Alex"),
        raised("Holidays with money", 3),
    ]
    issues[1].move_to(Status.TALKED_ABOUT, NOW)
    issues[2].move_to(Status.LET_GO, NOW)
    shown = lambda view: [i.title for i in view.select(ordered(issues))]  # noqa: E731
    assert shown(View()) == ["Money and savings", "Chores"]
    assert shown(View(let_go=True)) == ["Money and savings", "Chores", "Holidays with money"]
    assert shown(View(status=Status.LET_GO)) == ["Holidays with money"]
    assert shown(View(who="alex")) == ["Chores"]
    assert shown(View(words="MONEY", let_go=True)) == ["Money and savings", "Holidays with money"]
    assert shown(View(words="money sav")) == ["Money and savings"]
    assert View(status=Status.LET_GO).needs_archives and not View(words="x").needs_archives
    assert View(words=" x ").narrowed and not View(let_go=True).narrowed


# -- our top three ---------------------------------------------------------------------------


def test_each_list_stays_hidden_until_both_are_in() -> None:
    round_ = TopThree.new(PAIR, NOW)
    round_.take("write", NOW, 0, ["Money", "", "Chores\nat home"])
    assert round_.shown(0) is None and round_.shown(1) is None
    assert round_.waiting_for() == ["Alex"]
    round_.take("write", NOW, 1, ["Time together"])
    assert round_.revealed
    assert round_.shown(0) == ["Money", "Chores at home"] and round_.shown(1) == ["Time together"]
    with pytest.raises(AgendaError, match="can no longer change"):
        round_.take("write", NOW, 0, ["Something else"])


def test_what_both_wrote_is_marked_once_shown() -> None:
    round_ = TopThree.new(PAIR, NOW)
    round_.take("write", NOW, 0, ["Money", "Sleep"])
    assert not round_.on_both(0, 0)
    round_.take("write", NOW, 1, ["money", "Time"])
    assert [round_.on_both(0, 0), round_.on_both(0, 1), round_.on_both(1, 0)] == [True, False, True]


def test_alone_one_list_is_shown_as_soon_as_it_is_in() -> None:
    round_ = TopThree.new(("Robin",), NOW)
    round_.take("write", NOW, 0, ["Sleep"])
    assert round_.revealed and round_.shown(0) == ["Sleep"]


def test_a_list_has_one_to_three_items() -> None:
    round_ = TopThree.new(PAIR, NOW)
    with pytest.raises(AgendaError, match="at least one"):
        round_.take("write", NOW, 0, ["", "  "])
    with pytest.raises(AgendaError, match="Up to 3"):
        round_.take("write", NOW, 0, ["a", "b", "c", "d"])
    with pytest.raises(AgendaError, match="who is writing"):
        round_.take("write", NOW, 2, ["a"])
    assert round_.done == [False, False]


def test_items_are_added_once_and_only_after_the_reveal() -> None:
    round_ = TopThree.new(PAIR, NOW)
    round_.take("write", NOW, 0, ["Money"])
    with pytest.raises(AgendaError, match="shown once every list is in"):
        round_.take("add", NOW, 0, 0, "7")
    round_.take("write", NOW, 1, ["Chores"])
    round_.take("add", NOW, 1, 0, "7")
    assert round_.is_added(1, 0) and not round_.is_added(0, 0)
    with pytest.raises(AgendaError, match="already"):
        round_.take("add", NOW, 1, 0, "8")
    with pytest.raises(AgendaError, match="not on the list"):
        round_.take("add", NOW, 1, 5, "8")
    round_.take("close", NOW)
    assert round_.allowed(NOW) == frozenset()
    with pytest.raises(AgendaError, match="over"):
        round_.take("add", NOW, 0, 0, "9")


# -- on disk ---------------------------------------------------------------------------------


def test_an_issue_and_a_round_survive_the_disk_unchanged() -> None:
    issue = at(Status.FOLLOWING_UP)
    issue.take(IssueStep.TALK, NOW, "t1", "We both\nwant calm.", False)
    issue.take(
        IssueStep.EDIT, NOW, Draft("Money 🙂", "d\ne", "Sam", "perpetual", "a,b", "When I"), PAIR
    )
    assert decode_issue(encode_issue(issue)) == issue
    round_ = TopThree.new(PAIR, NOW)
    round_.take("write", NOW, 0, ["Money"])
    assert decode_round(encode_round(round_)) == round_


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": "done"}, "unknown status"),
        ({"history": []}, "no history"),
        ({"status": "let_go"}, "does not match its history"),
        ({"position": "1"}, "bad position"),
        ({"title": ""}, "title is empty"),
        ({"title": 5}, "bad title"),
        ({"created": "2026-03-14T18:30:00"}, "bad created"),
        ({"agreements": [{"id": "1"}]}, "missing"),
    ],
)
def test_a_damaged_issue_is_refused_naming_what(change: dict, message: str) -> None:
    row = {**encode_issue(raised()), **change}
    with pytest.raises(AgendaError, match=message):
        decode_issue(row)


def test_control_characters_put_in_the_file_by_hand_are_never_shown() -> None:
    row = {**encode_issue(raised()), "title": "Money\x1b]0;pwned\x07", "details": "a\x1b[2J\nb"}
    issue = decode_issue(row)
    assert issue.title == "Money]0;pwned" and issue.details == "a[2J\nb"


# -- with the talk ---------------------------------------------------------------------------


def test_a_talk_about_an_issue_closes_through_the_agenda() -> None:
    talk = Talk.new("Money", PAIR, 0, PRESETS["short"], "short", NOW)
    talk.issue_id = "3"
    for partner in (0, 1):
        talk.agree(NOW, partner)
    talk.take(TalkStep.BEGIN, NOW).take(TalkStep.END, NOW)
    assert talk.phase is Phase.CLOSING
    assert TalkStep.ADVANCE not in talk.allowed(NOW)  # space does not skip the agenda form
    with pytest.raises(TalkError, match="agenda"):
        talk.take(TalkStep.ADVANCE, NOW)
    with pytest.raises(TalkError, match="agenda"):
        talk.take(TalkStep.FINISH, NOW)
    talk.take(TalkStep.FINISH, NOW, True)
    assert talk.phase is Phase.ENDED
