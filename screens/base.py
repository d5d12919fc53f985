"""What every Companion screen shares: the store's areas, the clock, saving, and live reload."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from companion.screens.footer import CompanionFooter

if TYPE_CHECKING:
    from textual.app import App
    from textual.geometry import Size

    from companion import store as store_types  # for the annotation only
    from companion.app import CompanionApp
    from companion.clock import Clock
    from companion.profile import Profile

T = TypeVar("T")


def size_classes(app: App, size: Size) -> list[str]:
    """The size classes (App.HORIZONTAL_BREAKPOINTS, VERTICAL_BREAKPOINTS) Textual gives a
    screen of `size` when its Resize arrives: for each, the class of the largest breakpoint
    the size reaches."""

    def reached(extent: int, breakpoints: list[tuple[int, str]] | None) -> list[str]:
        for at, name in sorted(breakpoints or [], reverse=True):
            if extent >= at:
                return [name]
        return []

    return reached(size.width, app.HORIZONTAL_BREAKPOINTS) + reached(
        size.height, app.VERTICAL_BREAKPOINTS
    )


class CompanionMixin:
    """Helpers for screens of the Companion app.

    A screen names the data areas it shows in AREAS; it is subscribed to each
    area's change signal on mount, and `refresh_data` runs whenever one of them
    changes (in this process, the other terminal, or the CLI). A screen that is
    not on top only marks itself stale, and catches up when it is shown again.
    """

    ROLE: ClassVar[str] = ""
    """What the App needs to know of a screen without importing its class: "error",
    "setup", "timeout", "help", "safety" (or "" for an ordinary screen)."""
    HELP_KEY: ClassVar[str] = "home"
    """Which entry of content/help.toml describes this screen."""
    AREAS: ClassVar[tuple[str, ...]] = ()
    """The data areas this screen shows."""

    _stale = False

    @property
    def companion(self) -> CompanionApp:
        return self.app  # type: ignore[attr-defined]

    @property
    def store(self) -> store_types.Store:
        return self.companion.store

    @property
    def clock(self) -> Clock:
        return self.companion.clock

    @property
    def profile(self) -> Profile | None:
        return self.companion.profile

    async def save(
        self,
        area: str,
        fn: Callable[..., T],
        *args: Any,
        refused: Callable[[str], Any] | None = None,
    ) -> T | None:
        """Run one step on disk off the event loop; the record saved, or None if refused."""
        return await self.companion.save(area, fn, *args, refused=refused)

    def refresh_data(self) -> None:
        """Re-read what this screen shows. Screens that show data override it."""

    def on_mount(self) -> None:
        # Textual calls the on_mount of every class in the MRO, this one included, so a
        # screen's own on_mount must not call super().on_mount(): each area would be
        # subscribed twice and every change read twice (tests/unit/test_layers.py).
        for area in self.AREAS:
            self.companion.subscribe(area, self, self._area_changed)

    def _area_changed(self, _area: str) -> None:
        if getattr(self, "is_current", True):
            self._stale = False
            self.refresh_data()
        else:
            self._stale = True

    def on_screen_resume(self) -> None:
        self._cover_footer(False)
        if self._stale:
            self._stale = False
            self.refresh_data()

    def on_screen_suspend(self) -> None:
        # A dialog or the command palette over this screen lets its footer show
        # through; those keys do not work there, so they are not shown.
        self._cover_footer(True)

    def _cover_footer(self, covered: bool) -> None:
        screen: Screen = self  # type: ignore[assignment]  # the mixin is always on a screen
        for footer in screen.query(CompanionFooter):
            footer.covered = covered


class CompanionScreen(CompanionMixin, Screen):
    """A full screen of the app."""

    def _post_register(self, app: App) -> None:
        super()._post_register(app)
        # A screen styled as it registers, with the stylesheet as it is now, is up to date.
        # Saying so spares the first visit to each area two full re-parses of every rule
        # and restyles of every widget: Textual 8.2.8's App._init_mode and switch_mode call
        # refresh_css for a screen whose count differs from the app's, as a new one's does.
        self._css_update_count = app._css_update_count


class CompanionModal(CompanionMixin, ModalScreen):
    """A dialog over the current screen, with a footer of the keys that work in it."""

    BINDINGS = [
        # The app's own bindings run these keys in a dialog too (they have priority);
        # these only put them in the dialog's footer, where a person looks for them.
        Binding(
            "ctrl+t",
            "app.timeout",
            "Time-out",
            id="dialog_timeout",
            tooltip="Stop everything and cool down",
        ),
        Binding("f1", "app.help", "Help", id="dialog_help", tooltip="The keys of this dialog"),
        Binding(
            "f2",
            "app.safety",
            "Safety",
            id="dialog_safety",
            tooltip="Where to get help if anyone is not safe",
        ),
    ]
    DEFAULT_CSS = """
    CompanionModal > CompanionFooter { dock: bottom; }
    """

    def on_mount(self) -> None:
        if not self.query(CompanionFooter):
            self.mount(CompanionFooter())
