"""Check-ins as a couple uses them: the calendar, the guided check-in, the home card, export."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

import icalendar
from textual.widgets import Input, RadioSet, Static

from companion.app import CompanionApp
from companion.checkins import records
from companion.checkins.rules import Stage
from companion.checkins.schedule import Status
from companion.clock import FakeClock
from companion.profile import create_profile
from companion.screens.calendar import CalendarScreen
from companion.screens.checkin import CheckInScreen
from companion.screens.checkin_chart import ChartScreen
from companion.screens.checkin_trends import TrendsScreen
from companion.screens.checkins_card import CheckInCard
from companion.screens.form_dialog import FormDialog
from companion.screens.home import HomeScreen
from companion.store import Store

from .checkin_data import hold_some
from .helpers import SIZE, paste, shown, table
from .test_two_apps import until

SUN = 6


def plan(store: Store, clock: FakeClock):
    """Every two weeks on Sunday at 19:00 London: the first is tomorrow (Sun 15 March)."""
    return records.set_schedule(store, clock.now(), "Europe/London", 2, SUN, time(19))


def stored(data_dir: Path) -> list[dict]:
    return table(data_dir, "checkins", "checkins")


async def answer(pilot, text: str) -> None:
    """Type into the focused field and press enter, as a person does."""
    focused = pilot.app.focused
    assert isinstance(focused, Input), focused
    focused.value = ""
    await paste(pilot, text)
    await pilot.press("enter")


async def test_the_whole_guided_check_in(couple: Store, clock: FakeClock, make_app) -> None:
    schedule = plan(couple, clock)
    first = schedule.upcoming(clock.now(), 1)[0]
    clock.advance(timedelta(hours=1))  # Sat 19:30: tomorrow's check-in is due
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        assert "is here" in shown(screen.query_one("#ci-intro", Static))
        await pilot.click("#ci-begin")
        assert screen.checkin is not None and screen.checkin.occurrence == first.key

        await answer(pilot, "You cooked [b]on[/b] Tuesday")
        await answer(pilot, "The walk")  # the last field: enter moves on
        assert screen.checkin.stage is Stage.CONNECT
        await answer(pilot, "7")
        await answer(pilot, "9")
        assert screen.checkin.stage is Stage.REVIEW
        assert "Nothing from the agenda" in shown(screen.query_one("#ci-body Static", Static))
        await pilot.press("ctrl+n")
        assert screen.checkin.stage is Stage.CONCERNS
        await answer(pilot, "Visits to family")
        assert "Sam: Visits to family" in shown(screen.query_one("#concern-list", Static))
        await pilot.press("ctrl+n")
        assert screen.checkin.stage is Stage.PLAN
        await answer(pilot, "Pizza and a film")  # enter on the plan finishes

        done = shown(screen.query_one("#ci-done", Static))
        assert "Thank you both" in done
        assert "Your next check-in: Sunday 29 March, 19:00 - in 15 days." in done
        assert screen.checkin is None and screen.finished is not None
        (row,) = stored(couple.data_dir)
        assert row["stage"] == "done" and row["occurrence"] == first.key
        assert row["appreciations"] == ["You cooked [b]on[/b] Tuesday", "The walk"]
        assert row["ratings"] == [7, 9] and row["plan"] == "Pizza and a film"
        assert row["concerns"] == [{"text": "Visits to family", "by": 0, "agenda_id": "1"}]

        await pilot.click("#ci-close")
        assert isinstance(app.screen, HomeScreen)
        card = app.screen.query_one(CheckInCard)
        assert shown(card) == "Next check-in: Sunday 29 March, 19:00 - in 15 days."


async def test_a_check_in_pauses_and_resumes_where_it_stopped(
    couple: Store, clock: FakeClock, make_app
) -> None:
    plan(couple, clock)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await pilot.click("#ci-begin")
        await answer(pilot, "Thanks for the tea")
        await pilot.press(*"half typed")  # not submitted: pausing keeps it too
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert "under way" in shown(app.screen.query_one(CheckInCard))

    app = make_app(Store(couple.data_dir, clock))  # tomorrow, or the other terminal
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        screen = app.screen
        assert isinstance(screen, CheckInScreen) and screen.checkin is not None
        values = [f.value for f in screen.query("#ci-body Input").results(Input)]
        assert values == ["Thanks for the tea", "half typed"]
        await pilot.press("ctrl+n")
        assert screen.checkin.stage is Stage.CONNECT
        await pilot.press("ctrl+b")
        assert screen.checkin.stage is Stage.APPRECIATE


async def test_a_refused_step_says_why_and_stays(couple: Store, clock: FakeClock, make_app) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        assert "No check-ins are planned yet" in shown(screen.query_one("#ci-intro", Static))
        await pilot.click("#ci-begin")  # held off-schedule: allowed
        await answer(pilot, "Breakfast")
        await pilot.press("ctrl+n")
        assert screen.checkin is not None and screen.checkin.stage is Stage.APPRECIATE
        assert shown(screen.query_one("#ci-problem", Static)) == (
            "Alex has still to name one thing you appreciated."
        )


async def test_solo_asks_one_person(store: Store, clock: FakeClock, make_app) -> None:
    create_profile(store, ["Sam"], "Europe/London")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await pilot.click("#ci-begin")
        screen = app.screen
        assert len(screen.query("#ci-body Input")) == 1
        assert "appreciated in your relationship" in str(
            screen.query_one("#ci-body Label").render()
        )
        await answer(pilot, "Patience")
        assert screen.checkin is not None and screen.checkin.stage is Stage.CONNECT


async def test_reviewing_what_the_agenda_has(
    couple: Store, clock: FakeClock, make_app, monkeypatch
) -> None:
    from companion.checkins import links
    from companion.checkins.links import ReviewItem

    class Agenda:
        areas: tuple[str, ...] = ()

        def review_items(self, store):
            return [ReviewItem("agreement", "a1", "Phones away at dinner")]

        def add_concern(self, tx, text, by, now):
            return "new-1"

    monkeypatch.setattr(links, "active", lambda store: [Agenda()])
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await pilot.click("#ci-begin")
        await answer(pilot, "a")
        await answer(pilot, "b")
        await answer(pilot, "5")
        await answer(pilot, "6")
        screen = app.screen
        assert screen.checkin.stage is Stage.REVIEW
        await pilot.press("ctrl+n")
        assert "better, the same or worse" in shown(screen.query_one("#ci-problem", Static))
        radios = screen.query_one("#verdict-0", RadioSet)
        await pilot.click(radios.query("RadioButton")[2])  # worse
        assert screen.checkin.reviews[0].verdict.value == "worse"
        screen.query_one("#note-0", Input).value = "Slipping at weekends"
        await pilot.press("ctrl+n")
        assert screen.checkin.stage is Stage.CONCERNS
        assert screen.checkin.reviews[0].note == "Slipping at weekends"
        await answer(pilot, "Holiday plans")
        assert "(on the agenda)" in shown(screen.query_one("#concern-list", Static))


# -- the calendar -----------------------------------------------------------------------------


async def test_month_navigation(couple: Store, clock: FakeClock, make_app) -> None:
    plan(couple, clock)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, CalendarScreen)
        title = screen.query_one("#cal-title", Static)
        assert shown(title).startswith("March 2026  ·  Every 2 weeks on Sunday at 19:00")
        assert screen.selected == date(2026, 3, 14)
        assert "Saturday 14 March  (today)" in shown(screen.query_one("#cal-day", Static))

        await pilot.press("right")  # Sunday 15: the check-in
        assert "Check-in at 19:00: planned" in shown(screen.query_one("#cal-day", Static))
        await pilot.press("n")
        assert shown(title).startswith("April 2026") and screen.selected == date(2026, 4, 15)
        await pilot.press("n", "n", "n", "n", "n", "n", "n", "n", "n")
        assert shown(title).startswith("January 2027")
        await pilot.press("p", "p")
        assert shown(title).startswith("November 2026")
        await pilot.press("down")  # a week later
        assert screen.selected == date(2026, 11, 22)
        await pilot.press("down", "down")
        assert shown(title).startswith("December 2026") and screen.selected == date(2026, 12, 6)
        await pilot.press("o")
        assert shown(title).startswith("March 2026") and screen.selected == date(2026, 3, 14)
        assert screen.month is not None
        assert screen.month.days[date(2026, 3, 29)].status is Status.UPCOMING
        assert screen.month.days[date(2026, 3, 22)].status is None


async def test_a_check_in_begun_from_the_calendar_is_linked_to_the_chosen_day(
    couple: Store, clock: FakeClock, make_app
) -> None:
    schedule = plan(couple, clock)
    second = schedule.upcoming(clock.now(), 2)[1]  # Sunday 29 March: held early
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        calendar = app.screen
        assert isinstance(calendar, CalendarScreen)
        await pilot.press("right", "down", "down")  # Saturday 14 -> Sunday 15 -> 22 -> 29
        assert calendar.selected == date(2026, 3, 29)
        await pilot.press("i")
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        assert "You can hold it early" in shown(screen.query_one("#ci-intro", Static))
        await pilot.click("#ci-begin")
        assert screen.checkin is not None and screen.checkin.occurrence == second.key


async def test_skipping_moving_and_exporting_from_the_calendar(
    couple: Store, clock: FakeClock, make_app, tmp_path: Path
) -> None:
    schedule = plan(couple, clock)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "right")
        screen = app.screen
        await pilot.press("k")
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"Away", "enter")
        assert app.screen is screen
        assert "skipped - Away" in shown(screen.query_one("#cal-day", Static))
        saved = records.load_schedule(couple)
        assert saved is not None and list(saved.skipped) == [
            schedule.upcoming(clock.now(), 1)[0].key
        ]
        await pilot.press("k")  # keep it after all
        assert records.load_schedule(couple).skipped == {}  # type: ignore[union-attr]

        await pilot.press("m")
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        dialog.query_one("#field-day", Input).value = "2026-03-16"
        dialog.query_one("#field-time", Input).value = "20:00"
        await pilot.click("#form-ok")
        assert app.screen is screen
        assert screen.selected == date(2026, 3, 15)
        assert "Nothing planned" in shown(screen.query_one("#cal-day", Static))
        await pilot.press("right")
        assert "moved from Sunday 15 March, 19:00" in shown(screen.query_one("#cal-day", Static))

        await pilot.press("m")  # refused moves keep the dialog open with the reason
        app.screen.query_one("#field-day", Input).value = "2026-04-20"
        await pilot.click("#form-ok")
        assert isinstance(app.screen, FormDialog)
        assert "before the next one" in shown(app.screen.query_one("#form-problem", Static))
        await pilot.press("escape")

        target = tmp_path / "ours.ics"
        await pilot.press("e")
        app.screen.query_one("#field-file", Input).value = str(target)
        await pilot.click("#form-ok")
        assert app.screen is screen
        cal = icalendar.Calendar.from_ical(target.read_bytes())
        uids = {str(e["UID"]) for e in cal.walk("VEVENT")}
        assert uids == {schedule.uid}
        assert any("RECURRENCE-ID" in e for e in cal.walk("VEVENT"))


async def test_changing_the_schedule_from_the_calendar(
    couple: Store, clock: FakeClock, make_app
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "s")
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        assert dialog.values() == {
            "every": "2",
            "weekday": "sun",
            "time": "19:00",
            "tz": "Europe/London",
            "start": "",
        }
        dialog.query_one("#field-every", Input).value = "9"
        await pilot.click("#form-ok")
        assert "Choose every 1, 2, 3 or 4 weeks" in shown(dialog.query_one("#form-problem", Static))
        dialog.query_one("#field-every", Input).value = "1"
        dialog.query_one("#field-weekday", Input).value = "wed"
        await pilot.click("#form-ok")
        assert isinstance(app.screen, CalendarScreen)
        assert "Every week on Wednesday at 19:00" in shown(
            app.screen.query_one("#cal-title", Static)
        )


async def test_a_cli_schedule_change_shows_in_a_running_app(
    couple: Store, clock: FakeClock, monkeypatch, capsys
) -> None:
    from companion.cli import main
    from companion.commands import checkins as command

    # The command line in another terminal, on the same data dir and the same (fake) clock.
    monkeypatch.setattr(command, "store_of", lambda args: Store(couple.data_dir, clock))
    app = CompanionApp(Store(couple.data_dir, clock), poll=True)
    async with app.run_test(size=SIZE) as pilot:
        card = app.screen.query_one(CheckInCard)
        assert shown(card).startswith("Check-ins: none planned yet")
        assert main(["checkins", "schedule", "--weekday", "mon", "--time", "18:00"]) == 0
        assert await until(pilot, lambda: "Next check-in: Monday 16 March" in shown(card))
        await pilot.press("c")
        title = app.screen.query_one("#cal-title", Static)
        assert "Every 2 weeks on Monday at 18:00" in shown(title)
        assert main(["checkins", "schedule", "--every-weeks", "1"]) == 0
        assert await until(pilot, lambda: "Every week on Monday at 18:00" in shown(title))
    capsys.readouterr()


# -- home and trends ------------------------------------------------------------------------------


async def test_the_home_card_tells_when_one_is_due_or_missed(
    couple: Store, clock: FakeClock, make_app
) -> None:
    plan(couple, clock)
    clock.advance(timedelta(hours=6))  # Sunday 00:30: the check-in is today
    app = make_app(couple)
    async with app.run_test(size=SIZE):
        card = app.screen.query_one(CheckInCard)
        assert shown(card) == "Your check-in is today at 19:00. Press i to begin."
        assert card.has_class("-due")
    clock.advance(timedelta(days=2))
    app = make_app(Store(couple.data_dir, clock))
    async with app.run_test(size=SIZE):
        card = app.screen.query_one(CheckInCard)
        assert shown(card).splitlines() == [
            "The check-in on Sunday 15 March was missed. Press i to hold it now, or skip it "
            "in the calendar (c).",
            "Next check-in: Sunday 29 March, 19:00 - in 12 days.",
        ]


async def test_trends_list_and_chart(couple: Store, clock: FakeClock, make_app) -> None:
    hold_some(couple, clock, [(5, 6), (6, 6), (6, 7), (7, 8)])
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "r")
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        assert shown(screen.query_one("#trends-kept", Static)) == (
            "Kept 4 of 5 planned check-ins (80%); 1 skipped on purpose."
        )
        assert screen.query_one("DataTable").row_count == 4
        await pilot.press("enter")
        assert "Appreciations" in shown(app.screen.query_one("#detail-body", Static))
        await pilot.press("escape", "v")
        assert isinstance(app.screen, ChartScreen)
        await pilot.press("escape")
        assert app.screen is screen


async def test_the_command_palette_starts_a_check_in(
    couple: Store, clock: FakeClock, make_app
) -> None:
    plan(couple, clock)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        await commands["Check-in"].callback()
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        await pilot.click("#ci-begin")
        assert records.open_checkin(couple) is not None
        await commands["Calendar"].callback()
        await pilot.pause()
        assert isinstance(app.screen, CalendarScreen)


async def test_two_terminals_hold_one_check_in(couple: Store, clock: FakeClock) -> None:
    """Sam and Alex, each in their own SSH session, answer their own questions."""
    from contextlib import AsyncExitStack

    plan(couple, clock)
    async with AsyncExitStack() as stack:
        apps = (
            CompanionApp(Store(couple.data_dir, clock), poll=True),
            CompanionApp(Store(couple.data_dir, clock), poll=True),
        )
        sam, alex = [await stack.enter_async_context(a.run_test(size=SIZE)) for a in apps]
        await sam.press("i")
        await sam.click("#ci-begin")
        await alex.press("i")
        screen_a, screen_b = apps[0].screen, apps[1].screen
        assert isinstance(screen_b, CheckInScreen)
        assert await until(alex, lambda: screen_b.checkin is not None)  # the same one
        assert screen_b.checkin.id == screen_a.checkin.id  # type: ignore[union-attr]

        await answer(sam, "You listened")  # Sam's answer, then focus moves to Alex's field
        field_b = screen_b.query_one("#appreciate-0", Input)
        assert await until(alex, lambda: field_b.value == "You listened")
        screen_b.query_one("#appreciate-1", Input).focus()
        await alex.pause()
        await answer(alex, "You made time")  # the last field: Alex's enter moves both on
        assert screen_b.checkin is not None and screen_b.checkin.stage is Stage.CONNECT
        assert await until(
            sam, lambda: screen_a.checkin is not None and screen_a.checkin.stage is Stage.CONNECT
        )
        assert await until(sam, lambda: bool(screen_a.query("#rate-0")))  # its fields drawn
        assert screen_a.query_one("#rate-0", Input).value == ""
        assert [c["appreciations"] for c in stored(couple.data_dir)] == [
            ["You listened", "You made time"]
        ]
