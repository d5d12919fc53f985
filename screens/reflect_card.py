"""Home's card for Reflect: silent, unless a journal file needs attention.

A journal is private, so home never says who has one or how much is in it;
it speaks only when a file's permissions or header are wrong, which can be
told without a passphrase.
"""

from __future__ import annotations

from rich.text import Text

from companion.reflect import records
from companion.screens.home_card import HomeCard


class ReflectCard(HomeCard):
    """A warning line when a journal file is damaged or readable by others."""

    AREAS = ("profile",)

    def read(self) -> list[str]:
        return records.problems(self.store)

    def show(self, data: list[str]) -> Text | None:
        if not data:
            return None
        out = Text()
        out.append("A private journal needs attention", style="bold")
        out.append(": run companion doctor in a terminal to see which and what to do.")
        return out
