"""A scrolling area of text that is a focus stop only when there is more to see.

A plain VerticalScroll is always a Tab stop and shows nothing when it has
focus, so Tab seems to vanish. This one joins the focus chain only while its
content is taller than it is, and then shows focus with a bar on its left.
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.screen import ModalScreen


class ScrollArea(VerticalScroll):
    """Text that may overflow: Tab reaches it only when it scrolls, and focus shows."""

    DEFAULT_CSS = """
    ScrollArea {
        border-left: blank;
    }
    ScrollArea:focus {
        border-left: outer $primary;
        background-tint: $foreground 4%;
    }
    """

    def __init__(self, *children, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(*children, id=id, classes=classes)
        self.can_focus = False

    def on_resize(self) -> None:
        self.call_after_refresh(self.check_focusable)

    def check_focusable(self) -> None:
        """Join the focus chain while the content overflows, and leave it when it fits."""
        scrolls = self.max_scroll_y > 0
        if scrolls != self.can_focus:
            self.can_focus = scrolls
            if not scrolls and self.has_focus:
                self.screen.focus_next()
            elif scrolls and self.screen.focused is None and isinstance(self.screen, ModalScreen):
                self.focus()  # a dialog with nothing else to focus: the arrows scroll it
