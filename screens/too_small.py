"""Shown instead of a cramped screen when the terminal is smaller than Companion can use."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH = 60
MIN_HEIGHT = 20


class TooSmallScreen(Screen):
    """A polite message; it goes away by itself when the terminal grows."""

    ROLE = "too-small"

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; }
    TooSmallScreen Static { width: auto; max-width: 100%; text-align: center; }
    """

    def compose(self) -> ComposeResult:
        yield Static(
            f"This window is too small for Companion.\n"
            f"Make it at least {MIN_WIDTH}×{MIN_HEIGHT}; nothing is lost meanwhile.\n"
            "ctrl+t time-out · F2 safety · ctrl+q quit"
        )
