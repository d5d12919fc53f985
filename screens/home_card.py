"""A home card: one area's few lines on the home screen (what is waiting, what is next).

Each place in screens/navigation.py may name a card. Home shows every card
that has something to say; a card with nothing to say hides itself. A card
reads in a thread (its area's records may be large) and redraws when one of
its AREAS changes, here or in the other terminal.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.message import Message
from textual.widgets import Static

from companion.screens.base import CompanionMixin


class HomeCard(CompanionMixin, Static):
    """Subclasses name their AREAS and implement `read` (in a thread) and `show`.

    Home frames each card and titles it with its place's title (from
    content/areas.toml), so a card's `show` is only its few lines.
    """

    DEFAULT_CSS = """
    HomeCard {
        height: auto;
        padding: 0 1;
        margin-bottom: 1;
        border: round $foreground 25%;
        border-title-color: $text-primary;
        border-title-style: bold;
    }
    HomeCard.-empty { display: none; }
    """

    class Drawn(Message):
        """A card has drawn what it has to say, or hidden itself (home shows a welcome
        while every card is hidden)."""

    def __init__(self) -> None:
        super().__init__(classes="-empty")
        self._shown: Text | None = None

    def read(self) -> Any:
        """What the card shows, read from the records (runs in a thread)."""
        return None

    def show(self, data: Any) -> Text | None:
        """The card's lines for `data`, or None when there is nothing to say."""
        return None

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="home-card")
    def _load(self) -> None:
        try:
            data = self.read()
        except Exception as exc:  # a damaged file is the error screen's to tell; stay quiet here
            self.app.call_from_thread(self._draw, None, exc)
            return
        self.app.call_from_thread(self._draw, data, None)

    def _draw(self, data: Any, error: Exception | None) -> None:
        text = None if error is not None else self.show(data)
        if text is not None and self._shown is not None and text.plain == self._shown.plain:
            return
        self._shown = text
        self.set_class(text is None, "-empty")
        self.update(text if text is not None else "")
        self.post_message(self.Drawn())
