"""Time-out: stop, cool down for at least 20 minutes, and come back at an agreed time."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, ContentSwitcher, Digits, Footer, Header, Input, Static

from companion import talks, words
from companion.screens.base import CompanionScreen
from companion.screens.breathing import BreathPacer
from companion.store import StoreError
from companion.talk import format_countdown
from companion.timeout import (
    PRESETS,
    TOMORROW,
    CoolDownError,
    TimeOut,
    format_clock,
    parse_return_time,
    preset_return,
)


class TimeoutScreen(CompanionScreen):
    """Covers everything until the agreed return time, then offers the way back."""

    HELP_KEY = "timeout"
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
            "r", "resume", "Come back", id="timeout_resume", tooltip="Go back to where you stopped"
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
    TimeoutScreen #to-lists { height: 1fr; }
    TimeoutScreen #to-columns { height: auto; }
    TimeoutScreen .to-list { width: 1fr; padding: 0 1; height: auto; }
    TimeoutScreen #to-problem { height: auto; }
    """

    def __init__(self, timeout_id: str) -> None:
        super().__init__()
        self.timeout_id = timeout_id
        self.cooldown: TimeOut | None = None
        self.words = words.data("timeout.toml")
        self._rang = False
        self._shown: tuple = ()
        self._leaving = False

    def compose(self) -> ComposeResult:
        say = self.words
        yield Header()
        with Vertical(id="to-top"):
            yield Static(id="to-why", classes="tip")
        with Vertical(id="to-when"):
            yield Static(id="to-back-at")
            yield Digits("--:--")
        yield BreathPacer(say["breathe_in"], say["breathe_out"], id="to-breath")
        with ContentSwitcher(id="to-actions", initial="to-choose"):
            with Vertical(id="to-choose"):
                yield Static(Text(say["choose"]), classes="muted")
                with Horizontal(id="to-presets"):
                    for preset in PRESETS:
                        label = "Tomorrow" if preset == TOMORROW else f"{preset} min"
                        yield Button(label, id=f"to-preset-{preset}", compact=True)
                yield Input(
                    placeholder="or type a time, like 19:45, or minutes, like 45", id="to-time"
                )
            with Vertical(id="to-back"):
                yield Static(Text(say["back_title"]), classes="title")
                yield Static(Text(say["back_text"]))
                with Horizontal(id="to-back-buttons"):
                    yield Button("Come back (r)", id="to-resume", variant="primary", compact=True)
                    yield Button("20 more minutes (x)", id="to-extend", compact=True)
                    yield Button("Later (l)", id="to-later-button", compact=True)
                yield Input(
                    placeholder="When will you talk? e.g. 19:30, or 90 (minutes)", id="to-later"
                )
        yield Static(id="to-problem", classes="error-text")
        with VerticalScroll(id="to-lists"):
            with Horizontal(id="to-columns"):
                yield Static(self._list("While you wait", say["soothing"]), classes="to-list")
                yield Static(self._list("Try not to", say["avoid"]), classes="to-list")
            tips = words.tips("timeout")
            yield Static(Text("Tip: " + tips[0] if tips else ""), classes="tip")
        yield Footer(compact=True)

    @staticmethod
    def _list(title: str, items: list[str]) -> Text:
        out = Text()
        out.append(title + "\n", style="bold")
        for item in items:
            out.append("• " + item + "\n", style="")
        return out

    def on_mount(self) -> None:
        self.sub_title = "Time-out"
        self.set_interval(0.2, self.tick)
        self.refresh_data()

    # -- data -------------------------------------------------------------------
    @property
    def tz(self) -> str:
        return self.profile.tz if self.profile else "UTC"

    def refresh_data(self) -> None:
        if self.companion.saver.pending:
            return
        try:
            found = talks.get_timeout(self.store, self.timeout_id)
        except StoreError as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        if found is None or not found.active:
            self._close()  # ended here or in the other terminal
            return
        self.cooldown = found
        why = self.words["why_twenty"] if found.talk_id else self.words["standalone"]
        self.query_one("#to-why", Static).update(Text(why))
        self.query_one("#to-resume", Button).label = (
            "Come back (r)" if found.talk_id else "I'm ready (r)"
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
        allowed = frozenset(cooldown.allowed(now))
        due = "come_back" in allowed
        back_at = f"Back at {format_clock(cooldown.return_at, self.tz, now=now)}"
        left = "0:00" if due else format_countdown(cooldown.remaining(now))
        shown = (back_at, left, allowed)
        if shown == self._shown:
            return
        keys_changed = not self._shown or self._shown[2] != allowed
        self._shown = shown
        self.query_one("#to-back-at", Static).update(back_at)
        self.query_one(Digits).update(left)
        choosing = "choose" in allowed
        self.query_one("#to-presets").display = choosing
        self.query_one("#to-time").display = choosing
        self.query_one("#to-extend", Button).display = "extend" in allowed
        self.query_one("#to-later-button", Button).display = "later" in allowed
        switcher = self.query_one("#to-actions", ContentSwitcher)
        if due and switcher.current != "to-back":
            switcher.current = "to-back"
            self.query_one("#to-resume", Button).focus()
            if not self._rang:
                self._rang = True
                if self.profile is None or self.profile.settings.bell:
                    self.app.bell()
        if keys_changed:
            self.refresh_bindings()

    KEYS = {"resume": "come_back", "extend": "extend", "later": "later", "undo": "undo"}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The keys follow companion.timeout's rules; a key that does not apply is hidden."""
        if action not in self.KEYS:
            return True
        cooldown = self.cooldown
        return cooldown is not None and self.KEYS[action] in cooldown.allowed(self.clock.now())

    # -- choosing the return time -----------------------------------------------
    def _change(self, verb: str, *args: object) -> bool:
        """Change the time-out: shown at once, then applied to the one on disk."""
        cooldown = self.cooldown
        if cooldown is None:
            return False
        now = self.clock.now()
        try:
            getattr(cooldown, verb)(now, *args)
        except CoolDownError as exc:
            self._problem(str(exc))
            return False
        self._problem("")
        self.companion.persist(talks.change_timeout, self.store, cooldown.id, verb, now, *args)
        self._shown = ()
        self.tick()
        return True

    def _change_return(self, compute) -> None:
        try:
            when = compute()
        except CoolDownError as exc:
            self._problem(str(exc))
            return
        self._change("change_return", when, self.tz)

    @on(Button.Pressed, "#to-presets Button")
    def preset(self, event: Button.Pressed) -> None:
        raw = (event.button.id or "").removeprefix("to-preset-")
        value: int | str = raw if raw == TOMORROW else int(raw)
        if self.cooldown is not None:
            start = self.cooldown.choices_start(self.clock.now())
            self._change_return(lambda: preset_return(value, start, self.tz))

    @on(Input.Submitted, "#to-time")
    def typed_time(self, event: Input.Submitted) -> None:
        if self.cooldown is not None:
            start = self.cooldown.choices_start(self.clock.now())
            self._change_return(lambda: parse_return_time(event.value, start, self.tz))

    def _problem(self, message: str) -> None:
        self.query_one("#to-problem", Static).update(Text(message))
        if message:
            self.app.bell()

    # -- coming back ----------------------------------------------------------------
    def _finish(self, verb: str, *args: object) -> None:
        """End the time-out on disk (and resume its talk); then go back to the talk itself."""
        cooldown = self.cooldown
        if cooldown is None:
            return
        now = self.clock.now()
        try:
            getattr(TimeOut.from_dict(cooldown.to_dict()), verb)(now, *args)
        except CoolDownError as exc:
            self._problem(str(exc))
            return
        self.companion.persist(talks.finish_timeout, self.store, cooldown.id, verb, now, *args)
        back_to_talk = verb in ("resume", "undo") and cooldown.talk_id is not None
        self.companion.after_saves(lambda: self._leave(back_to_talk))

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
    def action_resume(self) -> None:
        if self.check_action("resume", ()):
            self._finish("resume")

    @on(Button.Pressed, "#to-extend")
    def action_extend(self) -> None:
        if not self.check_action("extend", ()):
            return
        # Textual would move focus to a hidden sibling (Later), where enter acts unseen.
        self.set_focus(None)
        if self._change("extend"):
            self.query_one("#to-actions", ContentSwitcher).current = "to-choose"
            self._rang = False
            self._shown = ()
            self.tick()

    @on(Button.Pressed, "#to-later-button")
    def action_later(self) -> None:
        if not self.check_action("later", ()):
            return
        later = self.query_one("#to-later", Input)
        later.add_class("-shown")
        later.focus()

    @on(Input.Submitted, "#to-later")
    def later_chosen(self, event: Input.Submitted) -> None:
        now = self.clock.now()
        try:
            when = parse_return_time(event.value, now, self.tz)
        except CoolDownError as exc:
            self._problem(str(exc))
            return
        self._finish("reschedule", when)
        self.notify(
            f"The talk is paused until {format_clock(when, self.tz, now=now)}. "
            "It will be waiting on the home screen.",
            markup=False,
        )

    def action_undo(self) -> None:
        if self.check_action("undo", ()):
            self._finish("undo")

    def action_stay(self) -> None:
        self.notify("The time-out keeps running until the time you chose.")
