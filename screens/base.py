"""What every Companion screen shares: access to the store, the clock, help and live reload."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.message import Message
from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from companion.app import CompanionApp
    from companion.clock import Clock
    from companion.profile import Profile
    from companion.store import Store


class DataChanged(Message):
    """The files on disk changed (this process or another): re-read and repaint."""


class CompanionMixin:
    """Helpers for screens of the Companion app."""

    HELP_KEY: ClassVar[str] = "home"
    """Which entry of content/help.toml describes this screen."""

    @property
    def companion(self) -> CompanionApp:
        return self.app  # type: ignore[attr-defined, return-value]

    @property
    def store(self) -> Store:
        return self.companion.store

    @property
    def clock(self) -> Clock:
        return self.companion.clock

    @property
    def profile(self) -> Profile | None:
        return self.companion.profile

    def refresh_data(self) -> None:
        """Re-read what this screen shows. Screens that show data override it."""

    def on_data_changed(self, _: DataChanged) -> None:
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_data()


class CompanionScreen(CompanionMixin, Screen):
    """A full screen of the app."""


class CompanionModal(CompanionMixin, ModalScreen):
    """A dialog over the current screen."""
