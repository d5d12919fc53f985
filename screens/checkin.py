"""The guided check-in: one stage at a time, every answer saved as it is given.

The record on disk is the check-in's state: leaving (escape) pauses it, and
opening the check-in again (i, from home, the calendar or the command
palette) carries on where it stopped, in this terminal or the other.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import partial
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Header, Input, RadioSet, Static

from companion import words
from companion.checkins import records as checkin_records
from companion.checkins.rules import ORDER, CheckIn, CheckInStep, Stage
from companion.checkins.schedule import Occurrence, Status, describe, long_day
from companion.errors import StoreError
from companion.screens.base import CompanionScreen
from companion.screens.checkin_views import (
    VERDICTS,
    concern_list,
    done_widgets,
    intro_widgets,
    said,
    stage_widgets,
)
from companion.screens.footer import CompanionFooter


@dataclass(frozen=True)
class Context:
    """What the check-in is for, read with it: the occurrence, its status, and the next one."""

    checkin: CheckIn | None
    target: tuple[Occurrence, Status] | None
    following: Occurrence | None


class CheckInScreen(CompanionScreen):
    """A view of one check-in; every rule it follows is in companion.checkins."""

    HELP_KEY = "checkin"
    AREAS = ("checkins", "profile")
    BINDINGS = [
        Binding(
            "ctrl+n", "next", "Next", id="checkin_next", tooltip="Save and go to the next step"
        ),
        Binding(
            "ctrl+b",
            "back_stage",
            "Back",
            id="checkin_back",
            tooltip="Go back a step to change an answer",
        ),
        Binding(
            "escape",
            "pause",
            "Pause",
            id="checkin_pause",
            tooltip="Leave for now; everything said is kept",
        ),
    ]
    DEFAULT_CSS = """
    CheckInScreen #ci-title { height: 1; padding: 0 1; text-style: bold; color: $text-primary; }
    CheckInScreen #ci-about { height: auto; }
    CheckInScreen #ci-body { height: 1fr; padding: 0 1; }
    CheckInScreen #ci-body Label { margin-top: 1; }
    CheckInScreen #ci-body Input.rating { width: 16; }
    CheckInScreen #ci-body .review-row { height: auto; }
    CheckInScreen #ci-body .review-row Input { width: 1fr; }
    CheckInScreen #ci-body Button { margin-top: 1; }
    CheckInScreen #ci-intro, CheckInScreen #ci-done { height: auto; }
    CheckInScreen #ci-buttons { height: auto; padding: 0 1; }
    CheckInScreen #ci-buttons Button { margin-right: 2; }
    CheckInScreen #ci-buttons.-hidden { display: none; }
    """

    def __init__(self, occurrence: str | None = None) -> None:
        super().__init__()
        self.occurrence = occurrence
        """The occurrence chosen in the calendar, or None for the one due (or next)."""
        self.checkin: CheckIn | None = None
        """The check-in as the disk last returned it."""
        self.context: Context | None = None
        self.finished: CheckIn | None = None
        """The check-in just finished here, shown until the person leaves."""
        self._drawn: tuple[Any, ...] | None = None
        self._synced: dict[str, str] = {}
        """Each field's value as last taken from the disk: a field still holding it is not
        being edited here, so the other terminal's answer may replace it."""
        self._busy = False
        self._drawing = asyncio.Lock()
        """One redraw at a time: an action's redraw and the one a reload starts would
        otherwise remove and mount children of the same body at once."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="ci-title")
        yield Static(id="ci-about", classes="tip")
        yield VerticalScroll(id="ci-body")
        yield Static(id="ci-problem", classes="error-text")
        with Horizontal(id="ci-buttons", classes="-hidden"):
            yield Button("Back", id="ci-back")
            yield Button("Next", id="ci-next", variant="primary")
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.sub_title = "Check-in"
        self.refresh_data()

    def on_screen_resume(self) -> None:
        if self.finished is not None:  # a new visit: the next check-in, not the last one's thanks
            self.finished = None
            self._stale = True
        super().on_screen_resume()

    # -- data ------------------------------------------------------------------------------
    def refresh_data(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="checkin-load")
    def _load(self) -> None:
        """Read the check-in under way and what it is for, off the event loop."""
        now = self.clock.now()
        try:
            checkin = checkin_records.open_checkin(self.store)
            schedule = checkin_records.load_schedule(self.store)
            recent = checkin_records.recent_checkins(self.store, now)
        except StoreError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error", markup=False)
            return
        target = following = None
        if schedule is not None:
            held = checkin or self.finished
            key = held.occurrence if held is not None else self.occurrence
            if key is not None:
                occ = schedule.find(key)
                if occ is not None:
                    state = checkin_records.statuses(schedule, recent, occ.start, occ.start, now)
                    target = state[0] if state else None
            if target is None and key is None:
                target = checkin_records.current(schedule, recent, now)
            done = [c for c in recent if c.occurrence is not None]
            following = checkin_records.next_one(schedule, done, now)
            if following is not None and target is not None and following.key == target[0].key:
                following = schedule.upcoming(target[0].start + checkin_records.GRACE, 1)[0]
        self.app.call_from_thread(self._show, Context(checkin, target, following))

    def _show(self, context: Context) -> None:
        self.context = context
        self.checkin = context.checkin
        # Not exclusive: cancelling a redraw half-way through its mount left the body
        # with children that never finished mounting (a test hung on it under load).
        self.run_worker(self._redraw(), group="checkin-render")

    def _words_for_next(self) -> str:
        following = self.context.following if self.context else None
        if following is None:
            return "your next check-in"
        return describe(following.start, following.tz, self.clock.now())

    # -- drawing -------------------------------------------------------------------------------
    async def _redraw(self) -> None:
        async with self._drawing:
            await self._draw()

    async def _draw(self) -> None:
        checkin = self.finished or self.checkin
        body = self.query_one("#ci-body", VerticalScroll)
        buttons = self.query_one("#ci-buttons")
        shape: tuple[Any, ...]
        if checkin is None:
            shape = ("intro", self._intro_text())
        elif checkin.stage is Stage.DONE:
            shape = ("done", checkin.id)
        else:
            shape = ("stage", checkin.id, checkin.stage, len(checkin.reviews))
        self._title(checkin)
        if shape == self._drawn and checkin is not None:
            self._update_fields(checkin)
            self.refresh_bindings()
            return
        self._drawn = shape
        await body.remove_children()
        if checkin is None:
            await body.mount_all(intro_widgets(shape[1], resume=False))
        elif checkin.stage is Stage.DONE:
            following = self.context.following if self.context else None
            next_words = (
                describe(following.start, following.tz, self.clock.now()) if following else None
            )
            await body.mount_all(done_widgets(checkin, next_words))
        else:
            await body.mount_all(stage_widgets(checkin, self._words_for_next()))
        self._synced = {f.id: f.value for f in body.query(Input).results(Input) if f.id}
        buttons.set_class(checkin is None or checkin.stage is Stage.DONE, "-hidden")
        self.query_one("#ci-back", Button).disabled = (
            checkin is None or checkin.stage is Stage.APPRECIATE
        )
        self.query_one("#ci-next", Button).label = (
            "Finish" if checkin and checkin.stage is Stage.PLAN else "Next"
        )
        self.query_one("#ci-problem", Static).update("")
        first = next(iter(body.query("Input, RadioSet, Button")), None)
        if first is None and not self.query_one("#ci-buttons").has_class("-hidden"):
            first = self.query_one("#ci-next", Button)
        if first is not None:
            first.focus()
        self.refresh_bindings()

    def _title(self, checkin: CheckIn | None) -> None:
        target = self.context.target if self.context else None
        title = Text("Check-in")
        if target is not None:
            title.append(f" for {long_day(target[0].day)}")
        about = ""
        if checkin is not None and checkin.stage is not Stage.DONE:
            number = ORDER.index(checkin.stage) + 1
            words_ = said(checkin.stage)
            title.append(f"  ·  {number} of {len(ORDER)}: {words_['title']}")
            about = words_.get("about_solo", words_["about"]) if checkin.solo else words_["about"]
        self.query_one("#ci-title", Static).update(title)
        self.query_one("#ci-about", Static).update(Text(about))

    def _intro_text(self) -> str:
        start = words.data("checkins/checkin.toml")["start"]
        target = self.context.target if self.context else None
        if target is None:
            return start["unplanned"]
        occ, state = target
        when = describe(occ.start, occ.tz, self.clock.now())
        if state is Status.MISSED:
            return start["missed"].replace("{when}", when)
        if state is Status.DUE:
            return start["due"].replace("{when}", when)
        return start["early"].replace("{when}", when)

    def _update_fields(self, checkin: CheckIn) -> None:
        """The other terminal's answers, without touching a field being edited here."""
        values: dict[str, str] = {}
        for index, text in enumerate(checkin.appreciations):
            values[f"appreciate-{index}"] = text
        for index, rating in enumerate(checkin.ratings):
            values[f"rate-{index}"] = "" if rating is None else str(rating)
        for index, review in enumerate(checkin.reviews):
            values[f"note-{index}"] = review.note
        values["plan"] = checkin.plan
        for field in self.query("#ci-body Input").results(Input):
            if field.id not in values:
                continue
            disk = values[field.id]
            if field.value == disk or field.value == self._synced.get(field.id, disk):
                field.value = disk
                self._synced[field.id] = disk
        for index, review in enumerate(checkin.reviews):
            for radios in self.query(f"#verdict-{index}").results(RadioSet):
                for button in radios.query("RadioButton"):
                    should = review.verdict is not None and button.name == review.verdict.value
                    if button.value != should:  # type: ignore[attr-defined]
                        button.value = should  # type: ignore[attr-defined]
        for listing in self.query("#concern-list").results(Static):
            listing.update(concern_list(checkin))

    # -- steps -----------------------------------------------------------------------------------
    def _problem(self, message: str) -> None:
        self.query_one("#ci-problem", Static).update(Text(message))

    async def _do(self, step: CheckInStep, *args: Any) -> CheckIn | None:
        """Take one step on the check-in as it is on disk, and show what the disk returns."""
        checkin = self.checkin
        if checkin is None:
            return None
        apply = partial(checkin_records.apply, expect=checkin.stage)
        saved = await self.save(
            "checkins",
            apply,
            self.store,
            checkin.id,
            step,
            self.clock.now(),
            *args,
            refused=self._problem,
        )
        if saved is not None:
            self.query_one("#ci-problem", Static).update("")
            if saved.stage is Stage.DONE:
                self.finished = saved
            self.checkin = saved if saved.is_open else None
            await self._redraw()
        return saved

    def _field(self, field_id: str) -> str | None:
        found = self.query(f"#{field_id}").results(Input)
        field = next(iter(found), None)
        return None if field is None else field.value

    async def _save_answers(self) -> bool:
        """Save what is typed on this stage and not yet on disk; False if a step was refused."""
        checkin = self.checkin
        if checkin is None:
            return False
        pending: list[tuple[Any, ...]] = []
        if checkin.stage is Stage.APPRECIATE:
            for index, saved in enumerate(checkin.appreciations):
                typed = self._field(f"appreciate-{index}")
                if typed is not None and typed.strip() and typed.strip() != saved:
                    pending.append((CheckInStep.APPRECIATE, index, typed))
        elif checkin.stage is Stage.CONNECT:
            for index, rating in enumerate(checkin.ratings):
                typed = self._field(f"rate-{index}")
                if typed and typed.strip() != ("" if rating is None else str(rating)):
                    pending.append((CheckInStep.RATE, index, typed))
        elif checkin.stage is Stage.REVIEW:
            for index, review in enumerate(checkin.reviews):
                typed = self._field(f"note-{index}")
                if (
                    review.verdict is not None
                    and typed is not None
                    and typed.strip() != review.note
                ):
                    pending.append((CheckInStep.REVIEW, index, review.verdict, typed))
        elif checkin.stage is Stage.CONCERNS:
            for index in range(len(checkin.partners)):
                typed = self._field(f"concern-{index}")
                if typed and typed.strip():
                    pending.append((CheckInStep.CONCERN, typed, index))
        elif checkin.stage is Stage.PLAN:
            typed = self._field("plan")
            if typed is not None and typed.strip() and typed.strip() != checkin.plan:
                pending.append((CheckInStep.PLAN, typed))
        for step, *args in pending:
            if await self._do(step, *args) is None:
                return False
            if step is CheckInStep.CONCERN:
                self._clear(f"concern-{args[1]}")
        return True

    def _clear(self, field_id: str) -> None:
        for field in self.query(f"#{field_id}").results(Input):
            field.value = ""

    # -- keys ---------------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        checkin = self.checkin
        if action == "next":
            return checkin is not None and checkin.is_open
        if action == "back_stage":
            if checkin is None:
                return False
            return CheckInStep.BACK in checkin.allowed() or None
        return True

    async def action_next(self) -> None:
        checkin = self.checkin
        if checkin is None or self._busy:
            return
        self._busy = True
        try:
            if not await self._save_answers() or self.checkin is None:
                return
            step = CheckInStep.FINISH if self.checkin.stage is Stage.PLAN else CheckInStep.NEXT
            await self._do(step)
        finally:
            self._busy = False

    async def action_back_stage(self) -> None:
        if self.checkin is None or self._busy:
            return
        self._busy = True
        try:
            if await self._save_answers():
                await self._do(CheckInStep.BACK)
        finally:
            self._busy = False

    async def action_pause(self) -> None:
        if self.checkin is not None:
            await self._save_answers()
            self.notify("Saved. Carry on any time: press i.", title="Check-in paused")
        self.finished = None
        await self.app.run_action("app.back")

    # -- widgets ------------------------------------------------------------------------------------
    @on(Button.Pressed, "#ci-begin")
    async def begin(self) -> None:
        profile = self.profile
        if profile is None or self._busy:
            return
        target = self.context.target if self.context else None
        key = target[0].key if target is not None else None
        self._busy = True
        try:
            saved = await self.save(
                "checkins",
                checkin_records.start_checkin,
                self.store,
                profile.partners,
                key,
                self.clock.now(),
                refused=self._problem,
            )
        finally:
            self._busy = False
        if saved is not None:
            self.checkin = saved
            await self._redraw()

    @on(Button.Pressed, "#ci-next")
    async def _next_button(self) -> None:
        await self.action_next()

    @on(Button.Pressed, "#ci-back")
    async def _back_button(self) -> None:
        await self.action_back_stage()

    @on(Button.Pressed, "#ci-close")
    async def _close(self) -> None:
        await self.action_pause()

    @on(Input.Submitted)
    async def _submitted(self, event: Input.Submitted) -> None:
        """Enter saves the answer and moves to the next field; on the last, the next step."""
        field_id = event.input.id or ""
        if self._busy or self.checkin is None:
            return
        if field_id.startswith("concern-"):
            text = event.input.value
            if text.strip() and await self._do(CheckInStep.CONCERN, text, int(field_id[8:])):
                self._clear(field_id)
            return
        if not await self._save_answers():
            return
        fields = [f for f in self.query("#ci-body Input").results(Input)]
        if field_id in [f.id for f in fields]:
            position = [f.id for f in fields].index(field_id)
            if position + 1 < len(fields):
                fields[position + 1].focus()
                return
        await self.action_next()

    @on(RadioSet.Changed)
    async def _verdict(self, event: RadioSet.Changed) -> None:
        radios_id = event.radio_set.id or ""
        checkin = self.checkin
        if (
            not radios_id.startswith("verdict-")
            or checkin is None
            or checkin.stage is not Stage.REVIEW
        ):
            return
        index = int(radios_id[8:])
        verdict = VERDICTS[event.index]
        if index < len(checkin.reviews) and checkin.reviews[index].verdict is not verdict:
            note = self._field(f"note-{index}") or ""
            await self._do(CheckInStep.REVIEW, index, verdict, note)
