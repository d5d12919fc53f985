"""The Companion App: wiring, global keys, and the live-reload poll. Rules live elsewhere."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from contextlib import suppress
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

import companion.screens as screens_pkg
from companion import talks
from companion.clock import Clock, SystemClock
from companion.profile import Profile, load_profile, machine_timezone, save_settings
from companion.saver import Saver
from companion.screens.base import DataChanged
from companion.screens.confirm import ConfirmScreen
from companion.screens.error import ErrorScreen
from companion.screens.guide import GuideScreen
from companion.screens.help import HelpScreen
from companion.screens.history import HistoryScreen
from companion.screens.home import HomeScreen
from companion.screens.safety import SafetyScreen
from companion.screens.setup import SetupScreen
from companion.screens.talk import TalkScreen
from companion.screens.timeout import TimeoutScreen
from companion.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from companion.store import Store, StoreError

POLL_SECONDS = 0.5

AREAS = {"home": "Home", "talk": "Talk", "history": "Talk history", "guide": "Guide"}


class CompanionApp(App[int]):
    """Companion: take turns to talk, cool down, and look after each other."""

    TITLE = "Companion"
    CSS_PATH = Path(screens_pkg.__file__).parent / "app.tcss"
    MODES = {"home": HomeScreen, "talk": TalkScreen, "history": HistoryScreen, "guide": GuideScreen}
    DEFAULT_MODE = "home"
    BINDINGS = [
        Binding(
            "ctrl+t",
            "timeout",
            "Time-out",
            id="timeout",
            priority=True,
            tooltip="Stop everything and cool down for at least 20 minutes",
        ),
        Binding("f1", "help", "Help", id="help", tooltip="The keys of this screen"),
        Binding(
            "f2",
            "safety",
            "Safety",
            id="safety",
            priority=True,  # from every screen, dialogs included
            tooltip="Where to get help if anyone is not safe",
        ),
        Binding("escape", "back", "Back", id="back", tooltip="Back to the previous screen"),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            id="quit",
            priority=True,  # leaving at once must work from every screen, dialogs included
            tooltip="Leave Companion; everything is saved",
        ),
        Binding(
            "t", "area('talk')", "Talk", id="area_talk", show=False, tooltip="Take turns to talk"
        ),
        Binding(
            "h", "area('history')", "History", id="area_history", show=False, tooltip="Past talks"
        ),
        Binding("g", "area('guide')", "Guide", id="area_guide", show=False, tooltip="The guide"),
    ]

    def __init__(self, store: Store, clock: Clock | None = None, poll: bool = True) -> None:
        super().__init__()
        self.store = store
        self.clock = clock or SystemClock()
        self.profile: Profile | None = None
        self._poll = poll
        self._signature: tuple | None = None
        self._polling = False
        self._small = False
        self._offer_waiting = False
        self._presence: int | None = None
        self.data_version = 0
        """Goes up each time the files change; screens compare it to know when to re-read."""
        self.saver = Saver(on_error=self._save_failed)

    # -- start ----------------------------------------------------------------
    def on_mount(self) -> None:
        self.start()

    def start(self) -> None:
        """Open the data; on success start polling and show what is waiting."""
        if not self.check_store():
            return
        if self.profile and self.profile.settings.theme in self.available_themes:
            self.theme = self.profile.settings.theme
        if self._poll and not self._polling:
            self._polling = True
            self.set_interval(POLL_SECONDS, self.poll_store)
        if self._presence is None:
            self._presence = self.store.announce()
        self.screen.post_message(DataChanged())  # the first screen mounted before the data was read
        if self.profile is None:
            self.push_screen(SetupScreen(), self._after_setup)
        else:
            self.show_active_timeout()
            self.offer_resume()

    def check_store(self) -> bool:
        """Open every file; on a problem, show the error screen and touch nothing."""
        try:
            self.store.ensure_dir()
            self.store.ensure_current()
            self.profile = load_profile(self.store)
            talks.check(self.store)
        except StoreError as exc:
            self.push_screen(ErrorScreen(exc))
            return False
        self._signature = self.store.signature()
        return True

    def _after_setup(self, _: object = None) -> None:
        self.reload()

    def offer_resume(self) -> None:
        """After a quit or a crash, the talk left open is offered first."""
        if self._small:
            self._offer_waiting = True  # asked when the window is big enough to answer
            return
        self._offer_waiting = False
        if self.holding_screen() is not None:
            return
        try:
            talk = talks.active_talk(self.store)
        except StoreError:
            return
        if talk is None:
            return

        def answered(resume: bool | None) -> None:
            if resume:
                self.action_area("talk")

        self.push_screen(
            ConfirmScreen(
                f"A talk about “{talk.topic}” was left open. Go back to it now?",
                yes="Go back to it",
                no="Not now",
            ),
            answered,
        )

    # -- writing ------------------------------------------------------------
    def persist(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        """Run a store write off the event loop, after every earlier write.

        When it lands (or is refused) every screen re-reads, so a step the disk
        refused never stays on screen.
        """
        future = self.saver.submit(fn, *args)
        future.add_done_callback(lambda _: self._call_soon(self._written))
        return future

    def _written(self) -> None:
        self.data_version += 1
        self.poll_store()

    def after_saves(self, callback: Callable[[], Any]) -> None:
        """Call `callback` on the event loop once every write so far has landed."""
        marker = self.saver.submit(lambda: None)
        marker.add_done_callback(lambda _: self._call_soon(callback))

    async def saves_done(self) -> None:
        """Wait (without blocking the loop) until every write so far has landed."""
        await asyncio.wrap_future(self.saver.submit(lambda: None))

    def _call_soon(self, callback: Callable[[], Any]) -> None:
        """Run `callback` on the app's loop, from the saver thread, without waiting for it.

        Like call_from_thread (its own task, with the app's context), but the saver
        thread never blocks on the result, so closing the saver at exit cannot
        deadlock with a callback still waiting for the loop.
        """
        loop = self._loop
        if loop is None or loop.is_closed():
            return

        async def run() -> None:
            with self._context():
                callback()

        with suppress(RuntimeError):  # the loop is shutting down
            asyncio.run_coroutine_threadsafe(run(), loop)

    def _save_failed(self, error: BaseException) -> None:
        message = error.message if isinstance(error, StoreError) else str(error)
        self._call_soon(
            lambda: self.notify(
                message, title="Not saved", severity="error", timeout=15, markup=False
            )
        )

    # -- live reload -------------------------------------------------------
    def poll_store(self) -> None:
        """Tell the screens when any file changed, whoever changed it."""
        signature = self.store.signature()
        if signature != self._signature:
            self.reload()

    def reload(self) -> None:
        self._signature = self.store.signature()
        self.data_version += 1
        try:
            self.profile = load_profile(self.store)
        except StoreError as exc:
            if not isinstance(self.screen, ErrorScreen):
                self.push_screen(ErrorScreen(exc))
            return
        self.screen.post_message(DataChanged())
        self.show_active_timeout()

    def holding_screen(self) -> Screen | None:
        """A screen that must be dealt with before going anywhere else (error, setup, time-out)."""
        return next(
            (
                s
                for s in self.screen_stack
                if isinstance(s, (ErrorScreen, SetupScreen, TimeoutScreen))
            ),
            None,
        )

    def show_active_timeout(self) -> None:
        """A time-out in progress (from before a restart, or the other terminal) is shown."""
        if self._small or self.holding_screen() is not None:
            return
        try:
            active = talks.active_timeout(self.store)
        except StoreError:
            return
        if active is not None:
            self.push_screen(TimeoutScreen(active.id))

    # -- actions -------------------------------------------------------------
    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_safety(self) -> None:
        """F2 opens the safety page over whatever is showing; on the page, F2 closes it."""
        if isinstance(self.screen, SafetyScreen):
            self.screen.dismiss()
        else:
            self.push_screen(SafetyScreen())

    async def action_timeout(self) -> None:
        holding = self.holding_screen()
        if isinstance(holding, (TimeoutScreen, ErrorScreen)):
            return
        tz = self.profile.tz if self.profile else machine_timezone()
        future = self.saver.submit(talks.start_timeout, self.store, tz)
        try:
            cooldown = await asyncio.wrap_future(future)
        except StoreError:
            return  # the saver has already told the person why
        self.data_version += 1
        if isinstance(self.screen, TooSmallScreen):
            self.notify("Time-out started. Make the window bigger to see it.")
        elif not isinstance(self.screen, TimeoutScreen):
            await self.push_screen(TimeoutScreen(cooldown.id))

    def open_guide(self, section: str) -> None:
        """Show a guide section, from help, safety or a link.

        Over the setup, error or time-out screen the guide opens on top (escape
        returns), so reading never steps past a screen that must be dealt with first.
        """
        if self.holding_screen() is not None:
            reader = GuideScreen()
            reader.show(section)
            self.push_screen(reader)
            return
        self.switch_mode("guide")
        base = self.screen_stack[0]
        if isinstance(base, GuideScreen):
            base.show(section)

    async def action_quit(self) -> None:
        """Leave at once. If no other Companion has this data open, a running talk
        is left paused with its time kept; the partner's terminal is never paused."""
        with suppress(StoreError, TimeoutError):  # quitting must never be blocked
            await asyncio.wait_for(self.saves_done(), timeout=2)
            self.store.withdraw(self._presence)
            self._presence = None
            if not self.store.others_present():
                self.persist(talks.leave_paused, self.store, self.clock.now())
                await asyncio.wait_for(self.saves_done(), timeout=2)
        self.exit()

    def on_unmount(self) -> None:
        self.store.withdraw(self._presence)
        self.saver.close()

    def on_resize(self, event: events.Resize) -> None:
        small = event.size.width < MIN_WIDTH or event.size.height < MIN_HEIGHT
        if small and not self._small:
            self._small = True
            self.push_screen(TooSmallScreen())
        elif not small and self._small:
            self._small = False
            # Anything opened over the notice (help, safety) closes with it.
            while any(isinstance(s, TooSmallScreen) for s in self.screen_stack):
                self.pop_screen()
            self.show_active_timeout()  # one may have started while the window was small
            if self._offer_waiting:
                self.offer_resume()

    def action_back(self) -> None:
        if len(self.screen_stack) > 1:
            self.pop_screen()
        elif self.current_mode != "home":
            self.switch_mode("home")

    def may_leave(self) -> bool:
        """Whether the area keys may move away from here.

        Not past a screen that must be dealt with, not from the too-small notice,
        and not in the middle of a live talk (escape leaves it on purpose).
        """
        if self._small or self.holding_screen() is not None:
            return False
        return not getattr(self.screen, "holds_keys", False)

    def action_area(self, area: str) -> None:
        if self.current_mode != area and self.may_leave():
            self.switch_mode(area)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        screen = self.screen
        if action == "area":
            if not self.may_leave():
                return False
            return None if parameters and parameters[0] == self.current_mode else True
        if action == "back":
            if isinstance(screen, (ErrorScreen, SetupScreen, TooSmallScreen)):
                return False  # to be dealt with, not stepped around
            if len(self.screen_stack) <= 1 and self.current_mode == "home":
                return None
        if action == "timeout":
            holding = self.holding_screen()
            return not isinstance(holding, (ErrorScreen, TimeoutScreen))
        return True

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Safety", "If anyone is not safe: where to get help", self.action_safety
        )
        yield SystemCommand(
            "Time-out", "Stop and cool down for at least 20 minutes", self.action_timeout
        )
        if self.may_leave():
            for mode, title in AREAS.items():
                yield SystemCommand(
                    f"Go to {title}", f"Open {title}", lambda m=mode: self.action_area(m)
                )

    def watch_theme(self, theme: str) -> None:
        """Remember the theme the couple picked (from the command palette)."""
        if self.profile is None or self.profile.settings.theme == theme:
            return

        self.profile.settings.theme = theme
        self.persist(save_settings, self.store, self.profile.settings)
