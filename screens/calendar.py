"""The calendar: a month of check-ins, talks and time-outs; plan, skip, move and export."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, Static

from companion import words
from companion.checkins import records as checkin_records
from companion.checkins.calendar import Day, Month, month_view, shift
from companion.checkins.schedule import (
    DEFAULT_EVERY_WEEKS,
    DEFAULT_TIME,
    DEFAULT_WEEKDAY,
    MONTH_NAMES,
    WEEKDAY_ARGS,
    ScheduleStep,
    Status,
    cadence_words,
    long_day,
)
from companion.errors import StoreError
from companion.screens.base import CompanionScreen
from companion.screens.footer import CompanionFooter
from companion.screens.form_dialog import Field, FormDialog
from companion.screens.month_grid import GLYPHS, MonthGrid
from companion.when import couple_zone, zone

STATUS_WORDS = {
    Status.UPCOMING: "planned",
    Status.DUE: "due",
    Status.STARTED: "under way",
    Status.DONE: "held",
    Status.SKIPPED: "skipped",
    Status.MISSED: "missed",
}
EXPORT_DEFAULT = "~/companion-checkins.ics"


def _key(name: str, action: str, words: str, tip: str, show: bool = True) -> Binding:
    return Binding(name, action, words, id=f"calendar_{name}", tooltip=tip, show=show)


class CalendarScreen(CompanionScreen):
    """One month at a time; every change goes through the check-ins records."""

    HELP_KEY = "calendar"
    AREAS = ("checkins", "talks", "profile")
    BINDINGS = [
        _key("i", "check_in", "Check in", "Hold the check-in of the chosen day (or the next)"),
        _key("s", "schedule", "Schedule", "Choose how often, which day and what time"),
        _key("k", "skip", "Skip/keep", "Skip the chosen day's check-in, or keep it", False),
        _key("m", "move", "Move", "Move the chosen day's check-in to another time", False),
        _key("e", "export", "Export", "Save the check-ins as an .ics file for a calendar", False),
        _key("r", "trends", "Trends", "Past check-ins and how connected you have felt", False),
        _key("n", "month(1)", "Next month", "Show the next month", False),
        _key("p", "month(-1)", "Previous month", "Show the previous month", False),
        _key("o", "today", "Today", "Back to today", False),
        _key("enter", "open_day", "What was said", "The chosen day's check-in, in full", False),
        _key("left", "day(-1)", "Day before", "Choose the day before", False),
        _key("right", "day(1)", "Day after", "Choose the day after", False),
        _key("up", "day(-7)", "Week before", "Choose the same day a week before", False),
        _key("down", "day(7)", "Week after", "Choose the same day a week later", False),
    ]
    DEFAULT_CSS = """
    CalendarScreen #cal-title { height: 1; padding: 0 1; text-style: bold; color: $text-primary; }
    CalendarScreen #cal-body { height: 1fr; }
    CalendarScreen #cal-side { width: 1fr; padding: 0 1; }
    CalendarScreen #cal-day { height: auto; }
    CalendarScreen #cal-legend, CalendarScreen #cal-keys { height: auto; margin-top: 1; padding: 0; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.month: Month | None = None
        """The month as the records last returned it."""
        self.selected: date | None = None
        self.showing: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="cal-title")
        with Horizontal(id="cal-body"):
            yield MonthGrid(id="cal-grid")
            with VerticalScroll(id="cal-side"):
                yield Static(id="cal-day")
                said = words.data("checkins/checkin.toml")["calendar"]
                yield Static(said["legend"], id="cal-legend", classes="tip")
                yield Static(said["keys"], id="cal-keys", classes="tip")
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.sub_title = "Calendar"
        self.query_one(MonthGrid).focus()
        self.action_today()

    # -- data ------------------------------------------------------------------------
    def refresh_data(self) -> None:
        if self.showing is not None:
            self._load(*self.showing)

    @work(thread=True, exclusive=True, group="calendar")
    def _load(self, year: int, month: int) -> None:
        """Read the month (the live files and that year's archives) off the event loop."""
        tz = couple_zone(self.profile)
        try:
            found = month_view(self.store, year, month, tz, self.clock.now())
        except StoreError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error", markup=False)
            return
        self.app.call_from_thread(self._show, found)

    def _show(self, month: Month) -> None:
        if (month.year, month.month) != self.showing:
            return  # the person has moved on to another month meanwhile
        self.month = month
        if self.selected is None or self.selected not in month.days:
            self.selected = (
                month.today if month.today in month.days else date(month.year, month.month, 1)
            )
        title = Text(f"{MONTH_NAMES[month.month - 1]} {month.year}")
        if month.schedule is not None:
            title.append(f"  ·  {cadence_words(month.schedule.current)}", style="not bold")
        else:
            title.append("  ·  no check-ins planned yet: press s", style="not bold")
        self.query_one("#cal-title", Static).update(title)
        self._draw()

    def _draw(self) -> None:
        month, selected = self.month, self.selected
        if month is None or selected is None:
            return
        self.query_one(MonthGrid).show(month, selected)
        self.query_one("#cal-day", Static).update(self._describe(month.days[selected]))
        self.refresh_bindings()

    def _describe(self, info: Day) -> Text:
        out = Text()
        out.append(long_day(info.day), style="bold")
        if self.month is not None and info.day == self.month.today:
            out.append("  (today)")
        out.append("\n")
        occ = info.occurrence
        if occ is not None and info.status is not None:
            out.append(f"{GLYPHS[info.status]} Check-in at {occ.local:%H:%M}: ")
            out.append(STATUS_WORDS[info.status], style="bold")
            if occ.moved:
                usual = occ.original.astimezone(occ.local.tzinfo)
                out.append(f" (moved from {long_day(usual.date())}, {usual:%H:%M})")
            if occ.skip is not None and occ.skip.reason:
                out.append(" - ")
                out.append(occ.skip.reason)
            out.append("\n")
        for checkin in info.checkins:
            if checkin.occurrence != (occ.key if occ else None):
                out.append(
                    "✓ A check-in was held this day.\n"
                    if not checkin.is_open
                    else "◆ A check-in was begun this day.\n"
                )
            ratings = [r for r in checkin.ratings if r is not None]
            if ratings:
                named = "  ".join(
                    f"{name} {rating}"
                    for name, rating in zip(checkin.partners, checkin.ratings, strict=True)
                    if rating is not None
                )
                out.append(f"  Connection: {named}\n")
            if checkin.plan:
                out.append("  Planned: ")
                out.append(checkin.plan)
                out.append("\n")
        for topic in info.talks[:3]:
            out.append("t Talk: ")
            out.append(topic)
            out.append("\n")
        if len(info.talks) > 3:
            out.append(f"  and {len(info.talks) - 3} more talks\n")
        if info.timeouts:
            out.append(f"z Time-outs: {info.timeouts}\n")
        if not info.marked:
            out.append("Nothing planned or held.\n", style="italic")
        out.rstrip()
        return out

    # -- moving around --------------------------------------------------------------------
    def _go(self, year: int, month: int, selected: date | None) -> None:
        self.showing = (year, month)
        self.selected = selected
        if self.month is not None and (self.month.year, self.month.month) == (year, month):
            self._draw()
        self._load(year, month)

    def action_today(self) -> None:
        today = self.clock.now().astimezone(self._zone()).date()
        self._go(today.year, today.month, today)

    def action_month(self, by: int) -> None:
        year, month = shift(*(self.showing or (2000, 1)), by)
        day = self.selected.day if self.selected else 1
        last = (date(*shift(year, month, 1), 1) - timedelta(days=1)).day
        self._go(year, month, date(year, month, min(day, last)))

    def action_day(self, by: int) -> None:
        if self.selected is None:
            return
        target = self.selected + timedelta(days=by)
        if self.showing == (target.year, target.month):
            self.selected = target
            self._draw()
        else:
            self._go(target.year, target.month, target)

    def _zone(self) -> ZoneInfo:
        month = self.month
        return zone(month.tz if month is not None else couple_zone(self.profile))

    # -- the chosen day --------------------------------------------------------------------
    def _chosen(self) -> Day | None:
        if self.month is None or self.selected is None:
            return None
        return self.month.days.get(self.selected)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        day = self._chosen()
        occ_state = day.status if day is not None else None
        if action == "skip":
            return occ_state in (Status.UPCOMING, Status.DUE, Status.SKIPPED, Status.MISSED) or None
        if action == "move":
            return occ_state in (Status.UPCOMING, Status.DUE) or None
        if action == "open_day":
            return day is not None and any(not c.is_open for c in day.checkins)
        if action == "export":
            return self.month is not None and self.month.schedule is not None or None
        return True

    def action_check_in(self) -> None:
        from companion.screens.checkin import CheckInScreen

        day = self._chosen()
        key = None
        if (
            day is not None
            and day.occurrence is not None
            and day.status
            not in (
                Status.DONE,
                Status.SKIPPED,
            )
        ):
            key = day.occurrence.key
        self.app.push_screen(CheckInScreen(occurrence=key))

    async def action_skip(self) -> None:
        day = self._chosen()
        if day is None or day.occurrence is None:
            return
        occ = day.occurrence
        if day.status is Status.SKIPPED:
            saved = await self.save(
                "checkins",
                checkin_records.change,
                self.store,
                ScheduleStep.UNSKIP,
                self.clock.now(),
                occ.key,
            )
            if saved is not None:
                self.notify(f"The check-in on {long_day(occ.day)} is back on.")
            return

        async def submit(values: dict[str, str]) -> str | None:
            problems: list[str] = []
            saved = await self.save(
                "checkins",
                checkin_records.change,
                self.store,
                ScheduleStep.SKIP,
                self.clock.now(),
                occ.key,
                values["reason"],
                refused=problems.append,
            )
            return None if saved is not None else (problems[0] if problems else "Not saved.")

        self.app.push_screen(
            FormDialog(
                f"Skip the check-in on {long_day(occ.day)}?",
                [
                    Field(
                        "reason",
                        "Why (you will both see it in the calendar)",
                        placeholder="e.g. away visiting family",
                    )
                ],
                submit,
                ok="Skip it",
                about="Only this one is skipped; the rest stay as they are. The reason shows in the calendar.",
            )
        )

    def action_move(self) -> None:
        day = self._chosen()
        if day is None or day.occurrence is None:
            return
        occ = day.occurrence

        async def submit(values: dict[str, str]) -> str | None:
            problems: list[str] = []
            saved = await self.save(
                "checkins",
                partial(checkin_records.move_to, tz=occ.tz, now=self.clock.now()),
                self.store,
                occ.key,
                values["day"],
                values["time"],
                refused=problems.append,
            )
            return None if saved is not None else (problems[0] if problems else "Not saved.")

        self.app.push_screen(
            FormDialog(
                f"Move the check-in on {long_day(occ.day)}",
                [
                    Field("day", "Day", occ.day.isoformat(), "YYYY-MM-DD", max_length=10),
                    Field("time", "Time", f"{occ.local:%H:%M}", "HH:MM", max_length=5),
                ],
                submit,
                ok="Move it",
                about="Only this one moves; it stays between the check-ins before and after it.",
            )
        )

    def action_schedule(self) -> None:
        schedule = self.month.schedule if self.month is not None else None
        current = schedule.current if schedule is not None else None
        tz = current.tz if current is not None else couple_zone(self.profile)
        every = current.every_weeks if current is not None else DEFAULT_EVERY_WEEKS
        weekday = current.weekday if current is not None else DEFAULT_WEEKDAY
        at = current.at if current is not None else DEFAULT_TIME

        async def submit(values: dict[str, str]) -> str | None:
            problems: list[str] = []
            saved = await self.save(
                "checkins",
                checkin_records.set_schedule_from_words,
                self.store,
                self.clock.now(),
                values["every"],
                values["weekday"],
                values["time"],
                values["tz"],
                values["start"],
                refused=problems.append,
            )
            return None if saved is not None else (problems[0] if problems else "Not saved.")

        self.app.push_screen(
            FormDialog(
                "How often do you check in?",
                [
                    Field("every", "Every (weeks)", str(every), "1 to 4", max_length=1),
                    Field("weekday", "Day", WEEKDAY_ARGS[weekday], "mon to sun", max_length=9),
                    Field("time", "Time", f"{at:%H:%M}", "HH:MM", max_length=5),
                    Field("tz", "Time zone", tz, "e.g. Europe/London", max_length=60),
                    Field("start", "From (optional)", "", "YYYY-MM-DD", max_length=10),
                ],
                submit,
                about="Check-ins already past keep their dates.",
            )
        )

    def action_export(self) -> None:
        from companion.checkins import ical  # icalendar loads only for an export

        async def submit(values: dict[str, str]) -> str | None:
            problems: list[str] = []
            path = await self.save(
                "checkins",
                ical.export_schedule,
                self.store,
                values["file"],
                self.clock.now(),
                refused=problems.append,
            )
            if path is None:
                return problems[0] if problems else "Not saved."
            self.notify(f"Saved {path}. Import it into your calendar app.", markup=False)
            return None

        self.app.push_screen(
            FormDialog(
                "Export the check-ins for your calendar",
                [Field("file", "Save as", EXPORT_DEFAULT, max_length=500)],
                submit,
                ok="Export",
                about="Exporting again later updates the same events in your calendar.",
            )
        )

    def action_open_day(self) -> None:
        from companion.screens.checkin_trends import CheckInDetail

        day = self._chosen()
        held = [c for c in day.checkins if not c.is_open] if day is not None else []
        if held:
            self.app.push_screen(CheckInDetail(held[-1]))

    def action_trends(self) -> None:
        from companion.screens.checkin_trends import TrendsScreen

        self.app.push_screen(TrendsScreen())
