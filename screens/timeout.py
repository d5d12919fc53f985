"""Time-out: stop, cool down for at least 20 minutes, and come back at an agreed time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Button, ContentSwitcher, Digits, Header, Input, Static

from companion import words
from companion.errors import StoreError
from companion.screens import alerts
from companion.screens.base import CompanionScreen
from companion.screens.breathing import BreathPacer
from companion.screens.footer import CompanionFooter
from companion.screens.hanging import HangingList, Paragraph, bullets
from companion.screens.scroll_area import ScrollArea
from companion.talk import records as talk_records
from companion.timeout import (
    PRESETS,
    TOMORROW,
    CoolDownError,
    TimeOut,
    TimeOutStep,
    parse_return_time,
    preset_return,
    take_unsaved,
)
from companion.when import (
    couple_zone,
    format_at,
    format_clock,
    format_countdown,
    next_tick,
)

TICK_SECONDS = 0.2
"""The longest between two looks at the clock (the countdown, and which steps are open)."""


class TimeoutScreen(CompanionScreen):
    """Covers everything until the agreed return time, then offers the way back.

    A time-out that cannot be saved (`held`, when the files cannot be
    written) runs here all the same, by the same rules, and says so.
    """

    ROLE = "timeout"
    HELP_KEY = "timeout"
    SUB_TITLE = "Time-out"
    AREAS = ("talks", "profile")
    BINDINGS = [
        Binding(
            "escape",
            "stay",
            "Stay",
            id="timeout_stay",
            show=False,
            tooltip="The time-out keeps running",
        ),
        Binding(
            "r",
            "come_back",
            "Come back",
            id="timeout_come_back",
            tooltip="Go back to where you stopped",
        ),
        Binding(
            "x",
            "extend",
            "20 more minutes",
            id="timeout_extend",
            tooltip="Extend this time-out once",
        ),
        Binding(
            "l", "later", "Later", id="timeout_later", tooltip="Choose a later time for the talk"
        ),
        Binding(
            "u",
            "undo",
            "Pressed by mistake",
            id="timeout_undo",
            tooltip="Take it back (first minute only)",
        ),
    ]
    DEFAULT_CSS = """
    TimeoutScreen #to-top { height: auto; padding: 0 1; }
    TimeoutScreen #to-when { height: auto; align: center top; }
    TimeoutScreen #to-back-at { width: 100%; text-align: center; text-style: bold; }
    TimeoutScreen Digits { width: 100%; text-align: center; color: $text-primary; }
    TimeoutScreen #to-actions { height: auto; }
    TimeoutScreen #to-choose, TimeoutScreen #to-back { height: auto; padding: 0 1; }
    TimeoutScreen #to-presets, TimeoutScreen #to-back-buttons { height: auto; }
    TimeoutScreen #to-presets Button, TimeoutScreen #to-back-buttons Button { margin-right: 1; min-width: 10; }
    TimeoutScreen #to-later { display: none; }
    TimeoutScreen #to-later.-shown { display: block; }
    TimeoutScreen #to-lists { height: 1fr; padding: 0 1 0 0; }
    TimeoutScreen #to-columns { height: auto; }
    TimeoutScreen .to-list { width: 1fr; padding: 0 1; height: auto; }
    TimeoutScreen #to-problem { height: auto; }
    TimeoutScreen #to-unsaved {
        display: none; background: $warning-muted; color: $text; padding: 0 1; margin-bottom: 1;
    }
    TimeoutScreen.-unsaved #to-unsaved { display: block; }
    TimeoutScreen.-short #to-unsaved { margin: 0; }
    TimeoutScreen.-short.-unsaved #to-why { display: none; }
    """

    def __init__(self, timeout_id: str | None = None, held: TimeOut | None = None) -> None:
        """The time-out `timeout_id` (or `held`, one the disk refused); with neither, a screen
        built ahead of time, shown later with `show_timeout` (see CompanionApp)."""
        super().__init__()
        self.timeout_id = timeout_id
        self.held = held
        """A time-out the disk refused to save: it runs here, in memory, all the same."""
        self.cooldown: TimeOut | None = held
        self._rang = False
        self._shown: tuple = ()
        self._leaving = False
        self._solo: bool | None = None
        self._ticker: Timer | None = None
        self._last_left: float | None = None

    @property
    def unsaved(self) -> bool:
        """Whether this time-out runs on screen only, because nothing can be saved."""
        return self.held is not None

    @property
    def words(self) -> dict:
        """The screen's words for who is there: one person (or nobody set up yet), or two."""
        profile = self.profile
        return words.for_people(words.data("timeout.toml"), profile is None or profile.solo)

    def compose(self) -> ComposeResult:
        say = self.words
        yield Header()
        yield Paragraph(say["unsaved"], id="to-unsaved")
        with Vertical(id="to-top"):
            yield Paragraph(id="to-why", classes="tip")
        with Vertical(id="to-when"):
            yield Static(id="to-back-at")
            yield Digits("--:--")
        yield BreathPacer(
            say["breathe_in"], say["breathe_out"], id="to-breath", paced=self.timeout_id is not None
        )
        with ContentSwitcher(id="to-actions", initial="to-choose"):
            with Vertical(id="to-choose"):
                yield Paragraph(say["choose"], id="to-choose-text", classes="muted")
                with Horizontal(id="to-presets"):
                    for preset in PRESETS:
                        label = "Tomorrow" if preset == TOMORROW else f"{preset} min"
                        yield Button(label, id=f"to-preset-{preset}", compact=True)
                yield Input(
                    placeholder="or type a time, like 19:45, or minutes, like 45", id="to-time"
                )
            with Vertical(id="to-back"):
                yield Static(Text(say["back_title"]), classes="title")
                yield Paragraph(say["back_text"], id="to-back-text")
                with Horizontal(id="to-back-buttons"):
                    yield Button("Come back (r)", id="to-resume", variant="primary", compact=True)
                    yield Button("20 more minutes (x)", id="to-extend", compact=True)
                    yield Button("Later (l)", id="to-later-button", compact=True)
                yield Input(
                    placeholder="When will you talk? e.g. 19:30, or 90 (minutes)", id="to-later"
                )
        yield Static(id="to-problem", classes="error-text")
        with ScrollArea(id="to-lists"):
            with Horizontal(id="to-columns"):
                yield HangingList(id="to-soothing", classes="to-list")
                yield HangingList(id="to-avoid", classes="to-list")
            yield Static(id="to-tip", classes="tip")
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.set_class(self.unsaved, "-unsaved")
        # Built ahead (no time-out yet), the screen waits without waking: see show_timeout.
        if self.timeout_id is not None:
            self._next_tick()
        self.refresh_data()

    def _next_tick(self) -> None:
        """Tick at most TICK_SECONDS apart, and just after each turn of the countdown's second
        (on a fixed beat each new second showed up to a beat late, as the talk's did)."""
        cooldown = self.cooldown
        left = None if cooldown is None else cooldown.remaining(self.clock.now())
        delay = next_tick(left, self._last_left, TICK_SECONDS)
        self._last_left = left
        self._ticker = self.set_timer(delay, self._ticked)

    def _ticked(self) -> None:
        self.tick()
        self._next_tick()

    def show_timeout(self, cooldown: TimeOut, held: bool = False) -> None:
        """Make a screen built ahead show `cooldown`, as the disk returned it (or as held in
        memory when the disk refused it), just before it is pushed.

        It was composed while nobody saw it, so whatever changed meanwhile (the other
        terminal, a partner added) is read again now, before its first frame.
        """
        self.timeout_id = cooldown.id
        self.held = cooldown if held else None
        self.set_class(self.unsaved, "-unsaved")
        self._stale = False
        self._fit_words()
        self._show(cooldown)
        self.query_one(BreathPacer).pace()
        if self._ticker is None:
            self._next_tick()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        # Textual paints a resumed screen at its next update tick, up to 1/60 s later. A
        # time-out screen is wanted at once, and one built ahead is laid out already: paint
        # it as soon as the resume is handled (what that tick would do, only sooner).
        self.call_next(self._on_timer_update)

    def _fit_words(self) -> None:
        """Say what fits who is there (again, if a partner was added or went)."""
        profile = self.profile
        solo = profile is None or profile.solo
        if solo == self._solo:
            return
        self._solo = solo
        say = self.words
        self.query_one("#to-choose-text", Paragraph).set_text(say["choose"])
        self.query_one("#to-back-text", Paragraph).set_text(say["back_text"])
        self.query_one("#to-soothing", HangingList).set_items(
            bullets(say["soothing"]), title="While you wait"
        )
        self.query_one("#to-avoid", HangingList).set_items(
            bullets(say["avoid"]), title="Try not to"
        )
        tips = words.tips("timeout", solo)
        self.query_one("#to-tip", Static).update(Text("Tip: " + tips[0] if tips else ""))

    # -- data -------------------------------------------------------------------
    @property
    def tz(self) -> str:
        return couple_zone(self.profile)

    def refresh_data(self) -> None:
        if self.app._exit or not self.query("#to-choose-text") or not self.query("#to-tip"):
            # Seen on a loaded machine as a test's app was closing: a screen built ahead
            # handled its mount while its children were going. Nothing to show then.
            return
        self._fit_words()
        if self.timeout_id is None:
            return  # built ahead: nothing to show until show_timeout
        if self.held is not None:
            self._show(self.held)
            return
        try:
            found = talk_records.get_timeout(self.store, self.timeout_id)
        except StoreError as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        if found is None or not found.active:
            self._close()  # ended here or in the other terminal
            return
        self._show(found)

    def _show(self, cooldown: TimeOut) -> None:
        """Show the time-out as the disk returned it."""
        self.cooldown = cooldown
        why = self.words["why_twenty"] if cooldown.talk_id else self.words["standalone"]
        self.query_one("#to-why", Paragraph).set_text(why)
        self.query_one("#to-resume", Button).label = (
            "Come back (r)" if cooldown.talk_id else "I'm ready (r)"
        )
        self._shown = ()
        self.tick()

    # -- time ---------------------------------------------------------------------
    def tick(self) -> None:
        """Repaint when the shown second or what may be done changes, not every tick."""
        cooldown = self.cooldown
        if cooldown is None:
            return
        now = self.clock.now()
        allowed = cooldown.allowed(now)
        due = TimeOutStep.COME_BACK in allowed
        back_at = f"Back {format_at(cooldown.return_at, self.tz, now=now)}"
        left = "0:00" if due else format_countdown(cooldown.remaining(now))
        shown = (back_at, left, allowed)
        if shown == self._shown:
            return
        before = self._shown or (None, None, None)
        keys_changed = before[2] != allowed
        self._shown = shown
        if before[0] != back_at:  # each part repaints only when it changes (bytes over SSH)
            self.query_one("#to-back-at", Static).update(back_at)
        if before[1] != left:
            self.query_one(Digits).update(left)
        choosing = TimeOutStep.CHOOSE in allowed
        self.query_one("#to-presets").display = choosing
        self.query_one("#to-time").display = choosing
        self.query_one("#to-extend", Button).display = TimeOutStep.EXTEND in allowed
        self.query_one("#to-later-button", Button).display = TimeOutStep.LATER in allowed
        switcher = self.query_one("#to-actions", ContentSwitcher)
        if due and switcher.current != "to-back":
            switcher.current = "to-back"
            self.query_one("#to-resume", Button).focus()
            if not self._rang:
                self._rang = True
                alerts.time_up(self.companion, "timeout_over")
        elif not due and switcher.current != "to-choose":
            self.set_focus(None)  # Textual would hand focus to a hidden button
            switcher.current = "to-choose"
            self._rang = False
        if keys_changed:
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The keys follow companion.timeout's rules; a key that does not apply is hidden."""
        if action not in TimeOutStep.__members__.values():
            return True
        cooldown = self.cooldown
        return cooldown is not None and TimeOutStep(action) in cooldown.allowed(self.clock.now())

    # -- taking a step ----------------------------------------------------------------
    async def _step(self, step: TimeOutStep, *args: object) -> TimeOut | None:
        """Take a step on the time-out as it is on disk, and show what the disk returns."""
        cooldown = self.cooldown
        if cooldown is None:
            return None
        if self.held is not None:
            return self._step_held(cooldown, step, *args)
        saved = await self.save(
            "talks",
            talk_records.apply_timeout,
            self.store,
            cooldown.id,
            step,
            self.clock.now(),
            *args,
            refused=self._problem,
        )
        if saved is None:
            return None
        self._problem("")
        done, talk = saved
        if done.active:
            self._show(done)
        else:
            self._leave(back_to_talk=talk is not None and talk.is_open)
        return done

    def _step_held(self, cooldown: TimeOut, step: TimeOutStep, *args: object) -> TimeOut | None:
        """A step on a time-out held in memory (the disk refused it): the same rules, not saved."""
        try:
            done = take_unsaved(cooldown, step, self.clock.now(), *args)
        except CoolDownError as exc:
            self._problem(str(exc))
            return None
        self._problem("")
        self.held = done  # the time-out as the step returned it, as a save would
        if done.active:
            self._show(done)
        else:
            self._leave(back_to_talk=False)
        return done

    async def _choose(self, compute: Callable[[], datetime]) -> None:
        try:
            when = compute()
        except CoolDownError as exc:
            self._refused_here(str(exc))
            return
        await self._step(TimeOutStep.CHOOSE, when, self.tz)

    @on(Button.Pressed, "#to-presets Button")
    async def preset(self, event: Button.Pressed) -> None:
        raw = (event.button.id or "").removeprefix("to-preset-")
        value: int | str = raw if raw == TOMORROW else int(raw)
        if self.cooldown is not None:
            start = self.cooldown.choices_start(self.clock.now())
            await self._choose(lambda: preset_return(value, start, self.tz))

    @on(Input.Submitted, "#to-time")
    async def typed_time(self, event: Input.Submitted) -> None:
        if self.cooldown is not None:
            start = self.cooldown.choices_start(self.clock.now())
            await self._choose(lambda: parse_return_time(event.value, start, self.tz))

    def _problem(self, message: str) -> None:
        self.query_one("#to-problem", Static).update(Text(message))
        if message:
            self.app.bell()

    def _refused_here(self, message: str) -> None:
        """Refused before reaching the disk: the reason, and the time-out as the disk has it now."""
        self._problem(message)
        self.refresh_data()

    # -- coming back ----------------------------------------------------------------
    def _close(self) -> None:
        """Leave once, however many reasons to leave arrive (our write, a reload, the other terminal)."""
        if not self._leaving and self.is_current:
            self._leaving = True
            self.dismiss()

    def _leave(self, back_to_talk: bool) -> None:
        self._close()
        if back_to_talk:
            # The talk's clock runs again, so the couple must be looking at it.
            self.app.call_later(self.companion.action_area, "talk")

    @on(Button.Pressed, "#to-resume")
    async def action_come_back(self) -> None:
        if self.check_action(TimeOutStep.COME_BACK, ()):
            await self._step(TimeOutStep.COME_BACK)

    @on(Button.Pressed, "#to-extend")
    async def action_extend(self) -> None:
        if self.check_action(TimeOutStep.EXTEND, ()):
            await self._step(TimeOutStep.EXTEND)

    @on(Button.Pressed, "#to-later-button")
    def action_later(self) -> None:
        if not self.check_action(TimeOutStep.LATER, ()):
            return
        later = self.query_one("#to-later", Input)
        later.add_class("-shown")
        later.focus()

    @on(Input.Submitted, "#to-later")
    async def later_chosen(self, event: Input.Submitted) -> None:
        now = self.clock.now()
        try:
            when = parse_return_time(event.value, now, self.tz)
        except CoolDownError as exc:
            self._refused_here(str(exc))
            return
        if await self._step(TimeOutStep.LATER, when) is not None:
            self.notify(
                f"The talk is paused until {format_clock(when, self.tz, now=now)}. "
                "It will be waiting on the home screen.",
                markup=False,
            )

    async def action_undo(self) -> None:
        if self.check_action(TimeOutStep.UNDO, ()):
            await self._step(TimeOutStep.UNDO)

    def action_stay(self) -> None:
        self.notify("The time-out keeps running until the time you chose.")
