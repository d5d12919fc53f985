"""The Companion App: wiring, global keys, saving, and the live-reload poll. Rules live elsewhere."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.screen import Screen
from textual.signal import Signal
from textual.worker import Worker, WorkerState

import companion.screens as screens_pkg
from companion import areas, collecting
from companion.clock import Clock
from companion.errors import Refused
from companion.profile import Profile, load_profile, save_settings
from companion.saver import Saver
from companion.screens import navigation, palette
from companion.screens.base import size_classes
from companion.screens.safe_output import PrintableFilter
from companion.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from companion.store import Signature, Store, StoreError
from companion.talk import Talk  # loaded with the seat's rules already (not the records)
from companion.together import HERE_TOGETHER, Seat, SeatError, chosen_me, login_name, who_is_here
from companion.when import couple_zone

if TYPE_CHECKING:
    from companion.timeout import TimeOut

POLL_SECONDS = 0.5
CHECK_ON_LOOP_BYTES = 256 * 1024
"""A changed live file larger than this is checked in a thread before it is published."""
START_AT_THE_LATEST = 0.5
"""Seconds after the app mounts by which the start-up check has begun, first frame or not."""
SET_ASIDE_AFTER = 1.5
"""Seconds after home's first frame when what the start made is collected once and set
aside (companion/collecting.py): the data has been read and the cards drawn by then."""
T = TypeVar("T")
HOLDING = frozenset({"error", "setup", "timeout"})
"""Screens that must be dealt with before going anywhere else."""


def seat_title(seat: Seat) -> str:
    """The header's title: whose screen this is, when it is one partner's."""
    if seat.person is None:
        return CompanionApp.TITLE
    from companion import words

    return words.data("together.toml")["seat"]["title"].format(name=seat.person)


def role(screen: object) -> str:
    """A screen's ROLE (see screens/base.py); screens are imported only when first shown."""
    return str(getattr(screen, "ROLE", ""))


class CompanionApp(App[int]):
    """Companion: take turns to talk, cool down, and look after each other."""

    TITLE = "Companion"
    CSS_PATH = Path(screens_pkg.__file__).parent / "app.tcss"
    MODES = navigation.modes(but="home")
    """Every place's screen but home's, which is the default screen (`get_default_screen`)
    and becomes a mode like the others once the app has mounted (`on_mount`)."""
    DEFAULT_MODE = "home"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (76, "-wide"), (110, "-roomy")]
    """Every screen carries -narrow below 76 columns (so its CSS can make room at 60x20),
    and -roomy from 110."""
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]
    BINDINGS = [
        Binding(
            "ctrl+t",
            "timeout",
            "Time-out",
            id="timeout",
            priority=True,
            tooltip="Stop everything and cool down for at least 20 minutes",
        ),
        Binding(
            "f1",
            "help",
            "Help",
            id="help",
            priority=True,  # dialogs too (a dialog hides the app's other keys)
            tooltip="The keys of this screen",
        ),
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
        *navigation.bindings(),
    ]

    def __init__(self, store: Store, poll: bool = True, me: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.seat: Seat = HERE_TOGETHER
        """Whose screen this terminal is (companion.together): the one place that holds it.
        Screens read it to show that person's view; a change is published on "profile"."""
        self._me = chosen_me(me)
        self._seat_asked = False
        self._joined = False
        """Whether another Companion had this data open when this one started."""
        self.clock: Clock = store.clock
        """The one clock: the store's, so the app and every step agree on `now`."""
        self.profile: Profile | None = None
        self.ready = asyncio.Event()
        """Set once the start-up check has finished (well or not)."""
        self._poll = poll
        self._signatures: dict[str, Signature] = {}
        self._polling = False
        self._small = False
        self._offer_waiting = False
        self._presence: int | None = None
        self._held: TimeOut | None = None
        """A time-out the disk would not save, waiting to be shown (the window was too small)."""
        self.home: Screen | None = None
        """Home, once made: it stays for the life of the app (screens/home.py)."""
        self._spare: Screen | None = None
        """A time-out screen composed ahead, in idle time, so ctrl+t only has to show it."""
        self._building = False
        self._spare_done = asyncio.Event()
        """Clear while a spare time-out screen is being made ready."""
        self._spare_done.set()
        self._checking = 0
        self._started = False
        self._changed_elsewhere: set[str] = set()
        """Areas a poll found changed by another Companion or the command line, not by a
        save of this one, until their change is handled."""
        self._saving: Counter[str] = Counter()
        """Saves of this app under way, by area: a poll meanwhile may see their writes."""
        self._talk_told: str | None = None
        """The talk under way on the other screen that this one has been told of."""
        self._checks_done = asyncio.Event()
        """Clear while a large changed file is being checked in a thread (poll_store)."""
        self._checks_done.set()
        self.signals: dict[str, Signal[str]] = {
            area: Signal(self, f"{area}-changed") for area in store.areas
        }
        """One change signal per data area: published after a poll sees the area's file
        change, and after every save to it (kept or refused)."""
        self.saver = Saver()
        self._printable = PrintableFilter()

    # -- start ----------------------------------------------------------------
    def read_ahead(self) -> None:
        """Before the app runs, so never on its event loop: the couple's names and theme from
        the small profile file, so that home's first frame already shows them and is not
        painted twice (bench/NOTES.md). The start-up check (`_check_store`, in a thread)
        still reads every file and has the last word: whatever is wrong here, it says."""
        try:
            profile = load_profile(self.store)
        except Exception:  # a damaged or missing file is the check's to name
            return
        self.profile = profile
        if profile and profile.settings.theme in self.available_themes:
            self.theme = profile.settings.theme  # Textual restyles with it before any frame

    def get_default_screen(self) -> Screen:
        """Home, the first screen, as Textual's default screen rather than a mode: Textual
        8.2.8 builds a mode's first screen with a second parse of every style rule, and
        holds the app's start until all of it has mounted, so its first frame was drawn,
        thrown away, laid out and drawn again (~60 ms; bench/NOTES.md). A default screen
        is shown as it mounts. It is told the window's size classes (-narrow, -short...)
        now: Textual sets them on its first Resize, which comes after that first frame."""
        # The app's own styles (its colours, which every screen inherits) first: Textual
        # applies them after the first screen is made, and only a mode's re-parse had
        # done it before that screen drew anything (a screen drawn meanwhile, such as the
        # too-small notice, kept a transparent text colour).
        self.stylesheet.apply(self)
        home = navigation.screen_of("home")()
        home.add_class(*size_classes(self, self.size), update=False)  # styled as it mounts
        self.home = home
        return home

    def on_mount(self) -> None:
        self.add_mode("home", navigation.screen_of("home"))  # its stack is already there
        # The app reads the profile first (at once), so screens redrawing for the
        # same change already see the new names.
        self.subscribe("profile", self, self._profile_changed, immediate=True)
        self.subscribe("talks", self, self._talks_changed)
        # After home's first frame: the check's thread (reading every file and importing
        # every area's records) beside that frame made it ~20 ms later on 2 cores. The
        # timer is there in case the after-refresh callback is lost (Textual gives it to
        # the screen on top, and a screen gone before its next idle drops it).
        self.call_after_refresh(self._start_once)
        self.set_timer(START_AT_THE_LATEST, self._start_once)

    def _start_once(self) -> None:
        if not self._started:
            self._started = True
            collecting.let_go()  # held by the command line while home's first frame was made
            self.set_timer(SET_ASIDE_AFTER, collecting.set_aside)
            self.start()

    def start(self) -> None:
        """Open the data off the event loop; the first frame does not wait for it."""
        self.ready.clear()
        self._check_store()

    @work(thread=True, exclusive=True, group="start")
    def _check_store(self) -> None:
        """Make the data dir ready, open every area's live file (migrating older ones)
        and read every record."""
        try:
            said = areas.start(self.store)
            profile = load_profile(self.store)
            signatures = self.store.signatures()
        except StoreError as exc:
            self.call_from_thread(self._failed_to_open, exc)
            return
        self.call_from_thread(self._opened, profile, signatures, said)

    def _failed_to_open(self, exc: StoreError) -> None:
        from companion.screens.error import ErrorScreen

        self.push_screen(ErrorScreen(exc))
        self.ready.set()

    def _opened(
        self, profile: Profile | None, signatures: dict[str, Signature], said: Sequence[str] = ()
    ) -> None:
        for sentence in said:  # a folder made private; nothing can be saved
            self.notify(sentence, severity="warning", timeout=15, markup=False)
        self.profile = profile
        self._signatures = signatures
        if profile and profile.settings.theme in self.available_themes:
            self.theme = profile.settings.theme
        if self._poll and not self._polling:
            self._polling = True
            self.set_interval(POLL_SECONDS, self.poll_store)
        if self._presence is None:
            self._joined = self.store.others_present()  # asked before this one is counted
            self._presence = self.store.announce()
        for area in self.signals:
            self.publish(area)  # screens mounted before the data was read catch up
        # Ready before showing: show_active_timeout waits for it, and a running
        # time-out must come up before (and so instead of) the offer to resume.
        self.ready.set()
        self._spare_done.clear()  # set again once the spare time-out screen is built
        if profile is None:
            from companion.screens.setup import SetupScreen

            self.push_screen(SetupScreen(), self._after_setup)
        else:
            asking = self.place_seat()
            self.show_active_timeout()
            if not asking:
                self.offer_resume()
        # The imports and the spare time-out screen wait until the screen a person sees
        # (home, the seat question or setup) is painted: on 2 cores a thread importing
        # beside the first frames delayed them by ~25 ms (bench/NOTES.md).
        self.call_after_refresh(self._warm_up)

    @work(thread=True, group="warm-up")
    def _warm_up(self) -> None:
        """Import the screens a tense moment needs (time-out, safety) before anyone asks.

        They are kept off the start path so the first frame comes sooner; loading
        them now, in a thread, means ctrl+t and F2 do not wait for an import.
        """
        import companion.screens.safety
        import companion.screens.timeout  # noqa: F401

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "warm-up" or not event.worker.is_finished:
            return
        if event.state is WorkerState.SUCCESS:
            # After the frame now on its way: the screen a person sees comes first.
            self.call_after_refresh(self._prepare_timeout)
        else:
            self._spare_done.set()

    def _prepare_timeout(self) -> None:
        """Compose a time-out screen off screen, in idle time, so that ctrl+t costs a save and
        one frame, not the building of some forty widgets (bench/RESULTS.md)."""
        if self._building:
            return  # the one under way says when it is done
        if self._spare is not None or not self.is_running or self._exit:
            self._spare_done.set()
            return
        self._spare_done.clear()
        self._building = True
        self.run_worker(self._build_spare(), group="spare")

    async def _build_spare(self) -> None:
        from textual.widget import AwaitMount

        from companion.screens.timeout import TimeoutScreen

        try:
            spare = TimeoutScreen()
            # What Textual does for a mode's first screen or an installed one (App._get_screen,
            # Textual 8.2.8): register it, which composes and mounts it, without showing it;
            # then lay it out at the window's size (Screen._refresh_layout draws nothing for a
            # screen that is not current), so its lists wrap and its pacer fits before its
            # first frame instead of after it.
            await AwaitMount(spare, self._register(self, spare))
            spare._refresh_layout(self.size)
            self._spare = spare
        finally:
            self._building = False
            self._spare_done.set()

    @property
    def spare_timeout(self) -> Screen | None:
        """The time-out screen built ahead, waiting off screen for ctrl+t (None until ready)."""
        return self._spare

    def _timeout_screen(self, cooldown: TimeOut, held: bool = False) -> Screen:
        """The time-out screen for `cooldown`: the one built ahead when it is ready, else a new one."""
        from companion.screens.timeout import TimeoutScreen

        spare, self._spare = self._spare, None
        if isinstance(spare, TimeoutScreen) and spare.is_running and spare.is_attached:
            spare.show_timeout(cooldown, held=held)
            return spare
        return TimeoutScreen(cooldown.id, held=cooldown if held else None)

    def _timeout_closed(self, _: object = None) -> None:
        """A time-out screen has gone: make the next one ready once the screen below is drawn."""
        self._held = None
        self._spare_done.clear()
        self.call_after_refresh(self._prepare_timeout)

    def _after_setup(self, _: object = None) -> None:
        self.poll_store(force=("profile",))
        self.place_seat()

    # -- whose screen ---------------------------------------------------------
    def place_seat(self) -> bool:
        """Decide whose screen this is (--me, the login's mapping), else ask once.

        Returns whether the question is showing; the offer to resume a talk follows it.
        """
        profile = self.profile
        if profile is None:
            return False
        try:
            seat = who_is_here(profile.partners, self._me, profile.logins, login_name())
        except SeatError as exc:
            self.notify(str(exc), severity="warning", timeout=10, markup=False)
            self._me, seat = None, None
        if seat is not None or self._seat_asked:
            self.set_seat(seat or self.seat)
            return False
        self._seat_asked = True
        self.ask_seat(then=self.offer_resume)
        return True

    def ask_seat(self, then: Callable[[], Any] | None = None) -> None:
        """Ask whose screen this is: once at the start, and from the command palette."""
        from companion.screens.who_is_here import WhoIsHereScreen

        def chosen(seat: Seat | None) -> None:
            if seat is not None:
                self.set_seat(seat)
            if then is not None:
                then()

        self.push_screen(WhoIsHereScreen(login_name()), chosen)

    def set_seat(self, seat: Seat) -> None:
        """This terminal is now `seat`'s: the header says so and every screen redraws."""
        self.seat = seat
        self.title = seat_title(seat)
        self.publish("profile")

    def offer_resume(self) -> None:
        """After a quit or a crash, the talk left open is offered first."""
        if self._small:
            self._offer_waiting = True  # asked when the window is big enough to answer
            return
        self._offer_waiting = False
        if self.holding_screen() is not None:
            return
        from companion.talk import records as talk_records

        try:
            talk = talk_records.active_talk(self.store)
        except StoreError:
            return
        if talk is None:
            return
        from companion.screens.confirm import ConfirmScreen

        def answered(resume: bool | None) -> None:
            if resume:
                self.action_area("talk")

        if not talk.paused and self._joined:  # under way on the other screen
            from companion import words

            said = words.data("together.toml")["join"]
            question = ConfirmScreen(
                said["question"].format(topic=talk.topic), yes=said["yes"], no=said["no"]
            )
        else:
            question = ConfirmScreen(
                f"A talk about “{talk.topic}” was left open. Go back to it now?",
                yes="Go back to it",
                no="Not now",
            )
        self.push_screen(question, answered)

    # -- saving ---------------------------------------------------------------
    async def save(
        self,
        area: str,
        fn: Callable[..., T],
        *args: Any,
        refused: Callable[[str], Any] | None = None,
    ) -> T | None:
        """Run one write off the event loop, after every earlier one, and return what it saved.

        A refusal (the rules, or the disk) is told in a notice, or handed to
        `refused` to show beside the field it is about, and returns None.
        Either way the area's signal is published, so every screen that shows
        it re-reads the disk: a refused step never stays on screen.
        """
        self._saving[area] += 1
        future = self.saver.submit(fn, *args)
        try:
            saved = await asyncio.wrap_future(future)
            if isinstance(saved, Talk):  # a talk this terminal began or moved is no news here
                self.saw_talk(saved.id)
            return saved
        except StoreError as exc:
            self.notify(exc.message, title="Not saved", severity="error", timeout=15, markup=False)
            return None
        except Refused as exc:
            if refused is not None:
                refused(str(exc))
            else:
                self.notify(str(exc), markup=False)
            return None
        finally:
            self._saving[area] -= 1
            self.poll_store(force=(area,))

    async def saves_done(self) -> None:
        """Wait (without blocking the loop) until every write so far has landed."""
        await asyncio.wrap_future(self.saver.submit(lambda: None))

    async def settle(self) -> None:
        """Wait until the start-up check, every write so far and the time-out screen built
        ahead are done, and shown."""
        await self.ready.wait()
        await self.saves_done()
        await self._spare_done.wait()
        await self._checks_done.wait()
        for _ in range(3):
            await asyncio.sleep(0)

    # -- live reload -------------------------------------------------------
    def subscribe(
        self, area: str, node: Any, callback: Callable[[str], Any], immediate: bool = False
    ) -> None:
        """Call `callback(area)` on `node` whenever the area's data changes."""
        self.signals[area].subscribe(node, callback, immediate=immediate)

    def publish(self, area: str) -> None:
        self.signals[area].publish(area)

    def poll_store(self, force: Iterable[str] = ()) -> None:
        """Publish each area whose live file changed (one stat each), whoever changed it.

        A changed file is read and checked first (the live file is small: finished
        records live in the archives), so a file damaged while the app runs is
        named on the error screen instead of reaching a screen that would trip on it.
        A large file (an agenda of thousands of open issues) is checked in a thread and
        published when it is found sound: checking it here held every key and timer for
        ~200 ms after each save (bench/NOTES.md).
        """
        forced = set(force)
        for area in self.store.areas:
            signature = self.store.signature(area)
            changed = signature != self._signatures.get(area)
            if not changed and area not in forced:
                continue
            self._signatures[area] = signature
            if changed and area not in forced and not self._saving[area] and self.ready.is_set():
                self._changed_elsewhere.add(area)
            if changed and signature != (0, 0, 0):
                if signature[1] > CHECK_ON_LOOP_BYTES:
                    self._checks_done.clear()
                    self._checking += 1
                    self._check_large(area)
                    continue
                try:
                    areas.check_live(self.store, area)
                except StoreError as exc:
                    self._show_error(exc)
                    continue
            self.publish(area)

    @work(thread=True, group="poll-check")
    def _check_large(self, area: str) -> None:
        error: StoreError | None = None
        try:
            areas.check_live(self.store, area)
        except StoreError as exc:
            error = exc
        self.call_from_thread(self._checked, area, error)

    def _checked(self, area: str, error: StoreError | None) -> None:
        self._checking -= 1
        if not self._checking:
            self._checks_done.set()
        if error is not None:
            self._show_error(error)
        else:
            self.publish(area)

    def _show_error(self, exc: StoreError) -> None:
        """The error screen, once, naming the file (another poll may find it again)."""
        if role(self.screen) != "error":
            from companion.screens.error import ErrorScreen

            self.push_screen(ErrorScreen(exc))

    def _profile_changed(self, _area: str) -> None:
        try:
            self.profile = load_profile(self.store)
        except StoreError as exc:
            self._show_error(exc)
            return
        partners = self.profile.partners if self.profile else ()
        if self.seat.person is not None and self.seat.index_in(partners) is None:
            self.set_seat(HERE_TOGETHER)  # renamed, or now alone: nobody else's view stays

    def holding_screen(self) -> Screen | None:
        """A screen that must be dealt with before going anywhere else (error, setup, time-out)."""
        return next((s for s in self.screen_stack if role(s) in HOLDING), None)

    def timeout_showing(self) -> bool:
        """Whether a time-out (saved or not) is on the screen stack."""
        return any(role(s) == "timeout" for s in self.screen_stack)

    def _talks_changed(self, _area: str) -> None:
        self.show_active_timeout()
        if "talks" in self._changed_elsewhere:
            self._changed_elsewhere.discard("talks")
            self._tell_of_a_talk_elsewhere()

    def _tell_of_a_talk_elsewhere(self) -> None:
        """A talk under way on the other screen is told once, in a notice, to a screen away
        from home and the talk (home offers to join it, and the talk shows it live)."""
        if self.current_mode in ("home", "talk") or self.holding_screen() is not None:
            return
        self._read_the_talk_elsewhere()

    @work(thread=True, exclusive=True, group="talk-elsewhere")
    def _read_the_talk_elsewhere(self) -> None:
        from companion.talk import records as talk_records

        try:
            talk = talk_records.active_talk(self.store)
        except StoreError:
            return  # a damaged file is the poll's to name
        if talk is not None and not talk.paused:
            self.call_from_thread(self._told_of, talk.id, talk.topic)

    def saw_talk(self, talk_id: str) -> None:
        """This terminal has the talk on screen, or has just saved a step of it (begun it
        from the agenda or a repair, or joined it): nothing to tell of it."""
        self._talk_told = talk_id

    def _told_of(self, talk_id: str, topic: str) -> None:
        if talk_id == self._talk_told or self.current_mode in ("home", "talk"):
            return
        if self._small or self.holding_screen() is not None:
            return
        self._talk_told = talk_id
        from companion import words

        said = words.data("together.toml")["join"]
        self.notify(said["elsewhere"].format(topic=topic), timeout=12, markup=False)

    def show_active_timeout(self) -> None:
        """A time-out in progress (from before a restart, or the other terminal) is shown."""
        if self._small or self.timeout_showing():
            return
        if self._held is not None:
            self._show_held(self._held)
            return
        if self.holding_screen() is not None or not self.ready.is_set():
            return
        from companion.talk import records as talk_records

        try:
            active = talk_records.active_timeout(self.store)
        except StoreError:
            return
        if active is not None:
            self.push_screen(self._timeout_screen(active), self._timeout_closed)

    # -- actions -------------------------------------------------------------
    def action_help(self) -> None:
        """F1 opens help for whatever is showing, dialogs included; on help, F1 closes it."""
        if role(self.screen) == "help":
            self.screen.dismiss()
        else:
            from companion.screens.help import HelpScreen

            self.push_screen(HelpScreen(self.screen))

    def action_safety(self) -> None:
        """F2 opens the safety page over whatever is showing; on the page, F2 closes it."""
        if role(self.screen) == "safety":
            self.screen.dismiss()
        else:
            from companion.screens.safety import SafetyScreen

            self.push_screen(SafetyScreen())

    async def action_timeout(self) -> None:
        """A time-out from anywhere. Where nothing can be saved (a damaged file on the error
        screen, or a disk that refuses the write) it runs on screen all the same, by the same
        rules, and says that it is not being saved."""
        if self.timeout_showing() or self._held is not None:
            return
        from companion.talk import records as talk_records
        from companion.timeout import DEFAULT_MINUTES, TimeOut

        tz = couple_zone(self.profile)
        now = self.clock.now()
        if role(self.holding_screen()) == "error":
            self._start_held(TimeOut.start(now, now + timedelta(minutes=DEFAULT_MINUTES), tz))
            return
        future = self.saver.submit(talk_records.start_timeout, self.store, tz, now)
        try:
            cooldown = await asyncio.wrap_future(future)
        except StoreError:
            # The disk refused, but a time-out is needed now: it runs on this screen.
            self.notify(
                "It could not be saved, so it runs on this screen only.",
                title="Time-out not saved",
                severity="warning",
                timeout=8,
                markup=False,
            )
            self._start_held(TimeOut.start(now, now + timedelta(minutes=DEFAULT_MINUTES), tz))
            return
        except Refused as exc:
            self.notify(str(exc), markup=False)
            return
        finally:
            self.poll_store(force=("talks",))
        if role(self.screen) == "too-small":
            self.notify("Time-out started. Make the window bigger to see it.")
        elif not self.timeout_showing():
            await self.push_screen(self._timeout_screen(cooldown), self._timeout_closed)

    def _start_held(self, held: TimeOut) -> None:
        """Show a time-out kept in memory; on a window too small, once it grows."""
        self._held = held
        if self._small:
            self.notify("Time-out started. Make the window bigger to see it.")
        else:
            self._show_held(held)

    def _show_held(self, held: TimeOut) -> None:
        self.push_screen(self._timeout_screen(held, held=True), self._timeout_closed)

    def open_guide(self, section: str) -> None:
        """Show a guide section, from help, safety or a link.

        Over the setup, error or time-out screen the guide opens on top (escape
        returns), so reading never steps past a screen that must be dealt with first.
        """
        from companion.screens.guide import GuideScreen

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
                from companion.talk import records as talk_records

                future = self.saver.submit(talk_records.leave_paused, self.store, self.clock.now())
                await asyncio.wait_for(asyncio.wrap_future(future), timeout=2)
        with suppress(TimeoutError):
            # A time-out screen being built ahead is finished first (~50 ms): Textual
            # closing a screen in the middle of its mount can trip over it.
            await asyncio.wait_for(self._spare_done.wait(), timeout=0.5)
        self.exit()

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then the one that keeps control characters off the terminal."""
        return [*super().get_line_filters(), self._printable]

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
            while any(role(s) == "too-small" for s in self.screen_stack):
                self.pop_screen()
            self.show_active_timeout()  # one may have started while the window was small
            if self._offer_waiting:
                self.offer_resume()

    async def action_back(self) -> None:
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
            if role(screen) in ("error", "setup", "too-small"):
                return False  # to be dealt with, not stepped around
            if len(self.screen_stack) <= 1 and self.current_mode == "home":
                return False  # nowhere to go back to: not offered
        if action == "timeout":
            return not self.timeout_showing()
        return True

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """What a couple needs, in their words (screens/palette.py); no developer tools."""
        yield from palette.system_commands(self, screen)

    def watch_theme(self, theme: str) -> None:
        """Remember the theme the couple picked (from the command palette)."""
        if self.profile is None or self.profile.settings.theme == theme:
            return
        self.profile.settings.theme = theme
        self.run_worker(
            self.save("profile", save_settings, self.store, self.profile.settings),
            group="settings",
        )
