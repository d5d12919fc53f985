"""The agenda as a couple uses it: keys in, what the disk holds and the screen shows out."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static

from companion.agenda import AgreementDraft, AgreementState, Status
from companion.agenda import records as agenda
from companion.app import CompanionApp
from companion.clock import FakeClock
from companion.profile import create_profile
from companion.screens.agenda import AgendaScreen
from companion.screens.agenda_card import AgendaCard
from companion.screens.agenda_form import IssueForm
from companion.screens.agenda_moves import AgreementForm, ReviewScreen, StatusScreen
from companion.screens.agenda_talk import StartTalkScreen
from companion.screens.agenda_top_three import TopThreeScreen
from companion.screens.talk import TalkScreen
from companion.store import Store
from companion.talk import Phase
from companion.talk import records as talks

from .helpers import SIZE, choose_own_lengths, shown

HOSTILE = "[bold]Money[/] 👩‍❤️‍👨 שלום $(rm -rf ~)"


def rows(screen: AgendaScreen) -> list[str]:
    """The titles in the table, top to bottom, as drawn."""
    table = screen.query_one(DataTable)
    out = []
    for index in range(table.row_count):
        cell = table.get_row_at(index)[0]
        out.append(cell.plain if isinstance(cell, Text) else str(cell))
    return out


def titles_on_disk(store: Store) -> list[str]:
    return [issue.title for issue in agenda.open_issues(store)]


def seed(store: Store, clock: FakeClock, *titles: str, by: str = "both") -> None:
    for title in titles:
        agenda.add_issue(store, title, by, clock.now())


async def paste(pilot: Pilot, text: str) -> None:
    """Paste as a terminal does: to the app, which hands it to the focused widget."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def open_agenda(pilot: Pilot) -> AgendaScreen:
    await pilot.press("a")
    screen = pilot.app.screen
    assert isinstance(screen, AgendaScreen)
    return screen


async def select(pilot: Pilot, screen: AgendaScreen, title: str) -> None:
    table = screen.query_one(DataTable)
    table.focus()
    table.move_cursor(row=rows(screen).index(title))
    await pilot.pause()
    assert screen.selected is not None and screen.selected.title == title


# -- add and edit -------------------------------------------------------------------------


async def test_add_an_issue_with_the_form(couple: Store, make_app) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        assert "Nothing on the agenda yet" in shown(screen.query_one("#agenda-empty", Static))
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, IssueForm)
        await paste(pilot, HOSTILE)
        await pilot.press("tab")
        await paste(pilot, "We avoid it.\nThen it grows.")
        await pilot.press("ctrl+s")
        assert app.screen is screen
        [issue] = agenda.open_issues(couple)
        assert (issue.title, issue.details, issue.raised_by) == (
            HOSTILE,
            "We avoid it.\nThen it grows.",
            "both",
        )
        assert rows(screen) == [HOSTILE]  # shown literally, markup and all
        detail = shown(screen.query_one("#detail-text", Static))
        assert detail.startswith(HOSTILE + "\nraised · raised by both")
        assert "We avoid it.\nThen it grows." in detail


async def test_the_form_explains_what_to_fix_and_saves_nothing(couple: Store, make_app) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await open_agenda(pilot)
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, IssueForm)
        await pilot.press("ctrl+s")
        problem = form.query_one("#title-problem", Static)
        assert problem.display and shown(problem) == "Give the issue a title, even a few words."
        await paste(pilot, "x" * 230)
        await pilot.press("enter")
        assert "this one has 230" in shown(problem)
        assert app.screen is form and app.focused is form.query_one("#title", Input)
        assert not couple.path("agenda").exists()
        await pilot.press("escape")
        assert isinstance(app.screen, AgendaScreen)
    assert not couple.path("agenda").exists()


async def test_edit_an_issue(couple: Store, clock: FakeClock, make_app) -> None:
    seed(couple, clock, "Money", "Chores")
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await select(pilot, screen, "Chores")
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, IssueForm)
        title = form.query_one("#title", Input)
        assert title.value == "Chores"
        await pilot.press("end", *" at home")
        await pilot.press("ctrl+s")
        assert titles_on_disk(couple) == ["Money", "Chores at home"]
        assert rows(screen) == ["Money", "Chores at home"]
        assert screen.selected is not None and screen.selected.title == "Chores at home"


# -- order, filters, search ----------------------------------------------------------------


async def test_reorder_with_u_and_d(couple: Store, clock: FakeClock, make_app) -> None:
    seed(couple, clock, "A", "B", "C")
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await select(pilot, screen, "C")
        await pilot.press("u")
        assert titles_on_disk(couple) == ["A", "C", "B"] == rows(screen)
        await pilot.press("u")
        assert titles_on_disk(couple) == ["C", "A", "B"] == rows(screen)
        assert screen.selected is not None and screen.selected.title == "C"  # the cursor follows
        await pilot.press("u")  # already at the top: said, nothing written
        assert titles_on_disk(couple) == ["C", "A", "B"]
        await pilot.press("d", "d")
        assert titles_on_disk(couple) == ["A", "B", "C"] == rows(screen)


async def test_filter_by_status_and_by_who(couple: Store, clock: FakeClock, make_app) -> None:
    seed(couple, clock, "Money", by="Sam")
    seed(couple, clock, "Chores", by="Alex")
    seed(couple, clock, "Weekends")
    agenda.set_status(couple, "2", "talked_about", clock.now())
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await pilot.press("f")  # raised only
        assert rows(screen) == ["Money", "Weekends"]
        await pilot.press("f")  # talked about only
        assert rows(screen) == ["Chores"]
        await pilot.press(*"ffff", "f")  # round to any open again
        assert rows(screen) == ["Money", "Chores", "Weekends"]
        await pilot.press("w")  # Sam
        assert rows(screen) == ["Money"]
        await pilot.press("w", "w")  # Alex, then both
        assert rows(screen) == ["Weekends"]
        assert "(filtered)" in shown(screen.query_one("#agenda-count", Static))


async def test_incremental_search(couple: Store, clock: FakeClock, make_app) -> None:
    seed(couple, clock, "Money and savings", "Chores", "Holidays")
    agenda.edit_issue(
        couple, "3", agenda.Draft("Holidays", details="and the money they cost"), clock.now()
    )
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await pilot.press("slash")
        assert app.focused is screen.query_one("#agenda-search", Input)
        await pilot.press("m", "o", "n")
        assert rows(screen) == ["Money and savings", "Holidays"]  # in the title or the details
        await pilot.press(*"ey sav")
        assert rows(screen) == ["Money and savings"]
        await pilot.press("escape")  # back to the list, the search kept
        assert app.focused is screen.query_one(DataTable)
        assert isinstance(app.screen, AgendaScreen) and rows(screen) == ["Money and savings"]
        await pilot.press("slash", "ctrl+u")
        assert rows(screen) == ["Money and savings", "Chores", "Holidays"]


# -- moving on, letting go -------------------------------------------------------------------


async def test_move_on_with_the_rules_choices(couple: Store, clock: FakeClock, make_app) -> None:
    seed(couple, clock, "Money")
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await open_agenda(pilot)
        await pilot.press("s")
        menu = app.screen
        assert isinstance(menu, StatusScreen)
        choices = menu.query_one(OptionList)
        ids = [choices.get_option_at_index(i).id for i in range(choices.option_count)]
        assert ids == ["talked_about", "let_go"]  # only what the rules allow from raised
        await pilot.press("enter")
        assert agenda.get_issue(couple, "1").status is Status.TALKED_ABOUT  # type: ignore[union-attr]


async def test_let_go_hides_it_and_it_can_be_seen_and_reopened(
    couple: Store, clock: FakeClock, make_app
) -> None:
    seed(couple, clock, "Money", "Chores")
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await select(pilot, screen, "Money")
        await pilot.press("l")
        assert titles_on_disk(couple) == ["Chores"]
        assert agenda.get_issue(couple, "1").status is Status.LET_GO  # type: ignore[union-attr]
        assert couple.archive_path("agenda", 2026).exists()
        assert rows(screen) == ["Chores"]
        await pilot.press("v")  # let-go issues shown (read from the archive), last and dimmed
        assert rows(screen) == ["Chores", "Money"]
        await select(pilot, screen, "Money")
        await pilot.press("o")
        assert titles_on_disk(couple) == ["Chores", "Money"]
        assert screen.selected is not None and screen.selected.status is Status.RAISED


# -- agreements ------------------------------------------------------------------------------


async def test_agree_then_review(couple: Store, clock: FakeClock, make_app) -> None:
    seed(couple, clock, "Money")
    for status in ("talked_about", "understood"):
        agenda.set_status(couple, "1", status, clock.now())
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await pilot.press("p")
        form = app.screen
        assert isinstance(form, AgreementForm)
        await paste(pilot, "stop spending")
        await pilot.press("enter")
        assert "instead" in shown(form.query_one("#agree-problem", Static))
        await pilot.press("ctrl+u")
        await paste(pilot, "ask before spending over 50")
        await pilot.press("enter")
        issue = agenda.get_issue(couple, "1")
        assert issue is not None and issue.status is Status.AGREED
        assert [a.what for a in issue.agreements] == ["ask before spending over 50"]
        assert "ask before spending over 50" in shown(screen.query_one("#detail-text", Static))
        await pilot.press("r")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await pilot.click("#review-slipping")
        issue = agenda.get_issue(couple, "1")
        assert issue is not None and issue.status is Status.FOLLOWING_UP
        assert issue.agreements[0].state is AgreementState.SLIPPING


# -- with the talk ---------------------------------------------------------------------------


async def test_a_talk_about_an_issue_keeps_every_length_chosen(
    couple: Store, clock: FakeClock, make_app
) -> None:
    """The same set-up form as the talk screen's, and the same talk from it: the time to
    clarify was dropped here once, when each screen made its own talk."""
    seed(couple, clock, "Money")
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await select(pilot, screen, "Money")
        await pilot.press("t")
        start = app.screen
        assert isinstance(start, StartTalkScreen)
        await choose_own_lengths(pilot, start, "5", "2", "3")
        await pilot.press("enter")  # in the last length: begins, as the button does
        await app.saves_done()
        talk = talks.active_talk(couple)
        assert talk is not None and talk.issue_id == "1"
        lengths = talk.lengths
        assert (lengths.speak, lengths.paraphrase, lengths.clarify) == (300, 120, 180)


async def test_talk_it_through_and_record_what_was_agreed(
    couple: Store, clock: FakeClock, make_app
) -> None:
    seed(couple, clock, "Money", "Chores")
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await select(pilot, screen, "Chores")
        await pilot.press("t")
        start = app.screen
        assert isinstance(start, StartTalkScreen)
        assert start.query_one("#topic", Input).value == "Chores"
        await pilot.click("#begin")
        assert isinstance(app.screen, TalkScreen)  # the talk's own mode, at the ground rules
        talk = talks.active_talk(couple)
        assert talk is not None and talk.issue_id == "2" and talk.topic == "Chores"

        # The talk runs as any talk does; here it goes straight to its closing.
        for partner in (0, 1):
            talks.apply(couple, talk.id, "agree", clock.now(), partner, True)
        talks.apply(couple, talk.id, "begin", clock.now())
        clock.advance(90)
        talks.apply(couple, talk.id, "end", clock.now())
        app.poll_store(force=("talks",))
        await pilot.pause()
        talk_screen = app.screen
        assert isinstance(talk_screen, TalkScreen)
        await pilot.pause()
        assert talk_screen.talk is not None and talk_screen.talk.phase is Phase.CLOSING
        assert not talk_screen.query_one("#closing-tip").display
        assert app.focused is talk_screen.query_one("#closing-understood", Input)
        await pilot.press("space")  # types a space: it does not finish the talk
        assert talks.active_talk(couple) is not None

        await paste(pilot, "You feel the chores land on you.")
        await pilot.press("tab", "right", "space")  # "Yes, both of us"
        await pilot.press("tab")
        assert app.focused is talk_screen.query_one("#closing-practise", Input)
        await paste(pilot, "say what I'll do each Sunday, and do it")
        await pilot.press("enter")
        assert talks.active_talk(couple) is None
        issue = agenda.get_issue(couple, "2")
        assert issue is not None and issue.status is Status.AGREED
        assert [c.status for c in issue.history] == [
            Status.RAISED,
            Status.TALKED_ABOUT,
            Status.UNDERSTOOD,
            Status.AGREED,
        ]
        assert issue.talks[0].understood == "You feel the chores land on you."
        assert issue.agreements[0].what == "say what I'll do each Sunday, and do it"
        assert talks.get_talk(couple, talk.id).phase is Phase.ENDED  # type: ignore[union-attr]


# -- our top three -------------------------------------------------------------------------


async def write(pilot: Pilot, screen: TopThreeScreen, who: int, items: list[str]) -> None:
    button = screen.query_one(f"#tt-who-{who}")
    assert button.display
    button.focus()
    await pilot.press("enter")
    items = items + [""] * (3 - len(items))  # enter on the last field hands the list in
    for index, item in enumerate(items):
        field = screen.query_one(f"#tt-item-{index}", Input)
        assert field.password  # hidden as it is typed
        assert pilot.app.focused is field
        await paste(pilot, item)
        await pilot.press("enter")


def everything_shown(screen: TopThreeScreen) -> str:
    return " ".join(shown(static) for static in screen.query(Static) if static.display)


async def test_our_top_three_hidden_then_revealed_side_by_side(couple: Store, make_app) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await open_agenda(pilot)
        await pilot.press("3")
        screen = app.screen
        assert isinstance(screen, TopThreeScreen)
        await write(pilot, screen, 0, ["Money worries", "Bedtimes", "Your phone at dinner"])
        assert "Sam's list is in" in everything_shown(screen)
        assert "Money worries" not in everything_shown(screen)
        await write(pilot, screen, 1, ["Time together", "", ""])
        assert screen.round is not None and screen.round.revealed
        lists = [screen.query_one(f"#tt-list-{i}", OptionList) for i in (0, 1)]
        texts = [
            [str(lst.get_option_at_index(n).prompt) for n in range(lst.option_count)]
            for lst in lists
        ]
        assert texts == [["Money worries", "Bedtimes", "Your phone at dinner"], ["Time together"]]
        lists[1].focus()
        await pilot.press("enter")  # Alex's item goes on the agenda, raised by Alex
        [issue] = agenda.open_issues(couple)
        assert (issue.title, issue.raised_by) == ("Time together", "Alex")
        assert "on the agenda" in str(lists[1].get_option_at_index(0).prompt)
        await pilot.click("#tt-finish")
        assert isinstance(app.screen, AgendaScreen)
        assert agenda.current_round(couple) is None


async def test_alone_one_list_and_no_waiting(store: Store, make_app) -> None:
    create_profile(store, ["Robin"], "Europe/London")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_agenda(pilot)
        await pilot.press("3")
        screen = app.screen
        assert isinstance(screen, TopThreeScreen)
        field = screen.query_one("#tt-item-0", Input)
        assert app.focused is field and not field.password
        await paste(pilot, "Sleep more")
        await pilot.click("#tt-done")
        assert screen.round is not None and screen.round.revealed
        await pilot.press("enter")
        assert [i.raised_by for i in agenda.open_issues(store)] == ["Robin"]


# -- live, and at home ----------------------------------------------------------------------


async def test_a_cli_change_shows_in_a_running_app(couple: Store, clock: FakeClock) -> None:
    from companion.cli import main

    from .test_two_apps import until

    app = CompanionApp(Store(couple.data_dir, clock), poll=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        assert rows(screen) == []
        assert main(["--data-dir", str(couple.data_dir), "agenda", "add", HOSTILE]) == 0
        assert await until(pilot, lambda: rows(screen) == [HOSTILE])
        assert main(["--data-dir", str(couple.data_dir), "agenda", "status", "1", "let_go"]) == 0
        assert await until(pilot, lambda: rows(screen) == [])


async def test_home_shows_issues_in_progress_and_reviews_due(
    couple: Store, clock: FakeClock, make_app
) -> None:
    seed(couple, clock, "Money", "Chores")
    for status in ("talked_about", "understood"):
        agenda.set_status(couple, "2", status, clock.now())
    review = clock.now().date() + timedelta(days=7)
    agenda.add_agreement(couple, "2", AgreementDraft("a chores rota", "both", review), clock.now())
    clock.advance(timedelta(days=8))
    app = make_app(couple)
    async with app.run_test(size=SIZE):
        card = app.screen.query_one(AgendaCard)
        assert card.display
        assert shown(card) == (
            "In progress: Chores (agreed).\nReview due (a, then r): a chores rota."
        )


async def test_our_top_three_in_two_terminals(couple: Store, clock: FakeClock) -> None:
    """Each partner writes in their own terminal; neither sees a list until both are in."""
    from contextlib import AsyncExitStack

    from .test_two_apps import until

    async with AsyncExitStack() as stack:
        apps = [CompanionApp(Store(couple.data_dir, clock), poll=True) for _ in range(2)]
        pilots = [await stack.enter_async_context(app.run_test(size=SIZE)) for app in apps]
        screens = []
        for pilot in pilots:
            await open_agenda(pilot)
            await pilot.press("3")
            assert isinstance(pilot.app.screen, TopThreeScreen)
            screens.append(pilot.app.screen)
        sam, alex = screens
        await write(pilots[0], sam, 0, ["Money worries"])
        assert await until(pilots[1], lambda: "Sam's list is in" in everything_shown(alex))
        assert "Money worries" not in everything_shown(alex)
        assert not alex.query_one("#tt-who-0").display  # only Alex is left to write
        await write(pilots[1], alex, 1, ["Time together"])
        assert alex.round is not None and alex.round.revealed
        assert await until(pilots[0], lambda: sam.round is not None and sam.round.revealed)
        lists = sam.query_one("#tt-list-1", OptionList)
        assert str(lists.get_option_at_index(0).prompt) == "Time together"
