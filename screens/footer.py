"""The footer, fitted to the window: the keys of the screen first, and nothing cut.

Textual's footer runs off the right edge when a screen has many keys (a talk
at 60 columns). This one hides, only while there is no room, the keys a
person can do without seeing: the command palette, then Back, Quit and Help
(they still work, and F1 lists every key). The screen's own keys, Time-out
and Safety always stay.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

GIVE_WAY = ("command_palette", "back", "quit", "help")
"""The keys that make room, first to last (by action)."""


def _action(key: FooterKey) -> str:
    return key.action.rsplit(".", 1)[-1]


def _width(key: FooterKey) -> int:
    """Cells a compact key takes: its key, a space and its words, and the gap after it."""
    words = Text(key.description).cell_len + 1 if key.description else 0
    return Text(key.key_display).cell_len + words + 1


class CompanionFooter(Footer):
    """A compact footer that never runs past the edge of the window."""

    DEFAULT_CSS = """
    CompanionFooter.-covered > * { visibility: hidden; }
    """

    @property
    def covered(self) -> bool:
        """Whether a dialog is over this footer's screen (its keys are then not shown)."""
        return self.has_class("-covered")

    @covered.setter
    def covered(self, value: bool) -> None:
        self.set_class(value, "-covered")

    def __init__(self) -> None:
        super().__init__(compact=True)
        self._widths: dict[FooterKey, int] = {}
        self._composed: list[tuple[object, ...]] = []

    def compose(self) -> ComposeResult:
        if not self._bindings_ready and self.screen in self.app.screen_stack:
            # Textual's footer shows no keys until its screen first says its keys changed,
            # which comes after the screen's first frame: a screen being shown has them now
            # (one built ahead, not yet shown, waits as Textual's does).
            self.set_reactive(Footer._bindings_ready, True)
        made = list(super().compose())
        self._composed = self._keys_now()
        # A dialog's own keys first, then the ones it lends from the app (ctrl+t, F1, F2).
        made.sort(key=lambda item: isinstance(item, FooterKey) and item.action.startswith("app."))
        for item in made:
            if isinstance(item, FooterKey):
                # Textual's FooterKey adds "-compact" as it mounts, and so restyles itself
                # once more; with the class already there that restyle is skipped (~1 ms
                # a key, ~20 ms of home's first frame: bench/NOTES.md).
                item.add_class("-compact", update=False)
        self._widths = {key: _width(key) for key in made if isinstance(key, FooterKey)}
        self._fit()  # before the keys are first drawn (laid out, it fits again)
        yield from made
        self.call_after_refresh(self._fit)

    def bindings_changed(self, screen: Screen) -> None:
        """Compose the keys only for a screen on the stack: one nobody sees (built ahead, or
        another mode's) gets them when it is shown, as showing a screen refreshes its keys.
        And only when they are not the keys shown already (focus moving inside a screen
        says its keys changed, mostly to the same keys)."""
        if screen not in self.app.screen_stack:
            return
        if self._bindings_ready and self.is_attached and self._keys_now() == self._composed:
            return
        super().bindings_changed(screen)

    def _keys_now(self) -> list[tuple[object, ...]]:
        """What the footer would show: each shown key with its words, and whether it works."""
        if not self._bindings_ready:
            return []
        return [
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        ]

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        if not self._widths:
            return
        # Not laid out yet: a screen's footer is as wide as the window.
        room = self.size.width or self.app.size.width
        shown = dict(self._widths)
        for key in shown:
            key.display = True
        for action in GIVE_WAY:
            if sum(shown.values()) <= room:
                break
            for key in list(shown):
                if _action(key) == action:
                    key.display = False
                    del shown[key]
