"""Home's card for the repair (a line while one is under way), and the palette's "Apology notes"."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import SystemCommand

from companion.repair import Repair
from companion.repair import records as repair_records
from companion.repair.words import said
from companion.screens.home_card import HomeCard

if TYPE_CHECKING:
    from companion.app import CompanionApp


class RepairCard(HomeCard):
    """Where the repair stands, in one line; hidden when there is none (or alone)."""

    AREAS = ("repair",)

    under_way: bool | None = None
    """Whether a repair is under way, as last read (None before the first read)."""

    def read(self) -> Repair | None:
        return repair_records.current(self.store)

    def show(self, data: Repair | None) -> Text | None:
        self.under_way = data is not None
        profile = self.profile
        if data is None or profile is None or profile.solo:
            return None
        words = said()
        names = {"hurt": data.hurt_name, "amends": data.amends_name}
        line = words["status"][data.stage.value].format(**names)
        return Text.assemble(line, " ", words["card"]["more"])


def system_commands(app: CompanionApp) -> Iterable[SystemCommand]:
    """ "Apology notes" in the command palette: the speaker's notes over any screen, the talk's
    too (a running talk keeps the area keys, so the palette is how to reach them)."""
    profile = app.profile
    if profile is None or profile.solo:
        return
    # Home's card has read whether a repair is under way (the palette opens on the event
    # loop, which reads no file): with none, there are no notes to open.
    cards: Iterable[RepairCard] = app.home.query(RepairCard) if app.home is not None else ()
    if any(card.under_way is False for card in cards):
        return
    palette = said()["palette"]
    yield SystemCommand(
        palette["notes"], palette["notes_help"], lambda: app.run_worker(_notes(app))
    )


async def _notes(app: CompanionApp) -> None:
    from companion.screens.repair_dialogs import NotesScreen, notes_for

    repair = await asyncio.to_thread(repair_records.current, app.store)
    app.push_screen(NotesScreen(*notes_for(repair)))
