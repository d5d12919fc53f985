"""Where a person can go, written down once.

Each place has an id, a key, what the key does (switch to the place's own
screen stack, or run an app action such as the time-out), which help entry
explains it, and its words from content/areas.toml. The App's MODES, the area
keys, the command palette and the home list are all built from PLACES.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from companion import words


@dataclass(frozen=True)
class HomeKey:
    """A key on home for one thing a place lets a person do at once, run by its home card."""

    key: str
    action: str
    """The name of the card's `action_<name>` method."""
    description: str
    tooltip: str


@dataclass(frozen=True)
class Place:
    """One place in Companion."""

    id: str
    key: str
    """The key that goes there (shown on home and in help)."""
    screen: str | None = None
    """The screen of the place's own mode as "module:Class" (imported the first time the
    mode opens, so a place costs nothing at start), or None for an app action."""
    action: str | None = None
    """For a place with no screen: the app action its key runs."""
    help: str = "home"
    """Its entry in content/help.toml."""
    area_key: bool = True
    """Whether the App binds `key` to go there (the time-out and safety have bindings of their own)."""
    card: str | None = None
    """Its card on the home screen, as "module:Class" (imported when home is built)."""
    home_key: HomeKey | None = None
    """One key on home that runs an action of the place's card (the card does the step)."""

    @property
    def words(self) -> dict[str, str]:
        """Its title and one-line blurb, from content/areas.toml."""
        return _words()[self.id]

    @property
    def title(self) -> str:
        return self.words["title"]

    @property
    def blurb(self) -> str:
        return self.words["blurb"]

    @property
    def run(self) -> str:
        """The app action that takes a person there."""
        return f"area('{self.id}')" if self.screen is not None else (self.action or "")


PLACES: tuple[Place, ...] = (
    Place("home", "escape", "companion.screens.home:HomeScreen", help="home", area_key=False),
    Place(
        "talk",
        "t",
        "companion.screens.talk:TalkScreen",
        help="talk",
        card="companion.screens.talk_card:TalkCard",
    ),
    Place(
        "agenda",
        "a",
        "companion.screens.agenda:AgendaScreen",
        help="agenda",
        card="companion.screens.agenda_card:AgendaCard",
    ),
    Place("history", "h", "companion.screens.history:HistoryScreen", help="history"),
    Place(
        "calendar",
        "c",
        "companion.screens.calendar:CalendarScreen",
        help="calendar",
        card="companion.screens.checkins_card:CheckInCard",
    ),
    Place("checkin", "i", "companion.screens.checkin:CheckInScreen", help="checkin"),
    Place("timeout", "ctrl+t", action="timeout", help="timeout", area_key=False),
    Place("guide", "g", "companion.screens.guide:GuideScreen", help="guide"),
    Place(
        "reflect",
        "r",
        "companion.screens.reflect:ReflectScreen",
        help="reflect",
        card="companion.screens.reflect_card:ReflectCard",
    ),
    Place(
        "repair",
        "m",
        "companion.screens.repair:RepairScreen",
        help="repair",
        card="companion.screens.repair_card:RepairCard",
    ),
    Place(
        "reconnect",
        "n",
        "companion.screens.reconnect:ReconnectScreen",
        help="reconnect",
        card="companion.screens.reconnect_card:ReconnectCard",
        home_key=HomeKey(
            "b",
            "back_today",
            "Hurt is back",
            "Say, with no words, the hurt is with me today (only the date is kept)",
        ),
    ),
    Place("safety", "f2", action="safety", help="safety", area_key=False),
)
"""Every place, in the order home lists them."""

COMMANDS: tuple[str, ...] = (
    "companion.screens.alerts:system_commands",
    "companion.screens.repair_card:system_commands",
)
"""Command palette entries that are no place (a setting to turn on or off), as
"module:function": each is called with the app and yields its SystemCommands."""


@cache
def _words() -> dict[str, dict[str, str]]:
    return {entry["id"]: entry for entry in words.data("areas.toml")["area"]}


def load(path: str) -> Any:
    """The class named by "module:Class", imported now."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def screen_of(place_id: str) -> Callable[[], Screen]:
    """What builds a place's screen, importing it only when called."""
    path = get(place_id).screen
    if path is None:
        raise ValueError(f"{place_id} has no screen of its own")
    return lambda: load(path)()


def modes(but: str = "") -> dict[str, str | Callable[[], Screen]]:
    """App.MODES: each place with a screen of its own (but the place `but`), built (and
    imported) on first use."""
    return {
        place.id: screen_of(place.id)
        for place in PLACES
        if place.screen is not None and place.id != but
    }


def bindings() -> list[Binding]:
    """The key of each place with a screen, to switch to it from anywhere it is allowed."""
    return [
        Binding(
            place.key,
            place.run,
            place.title,
            id=f"area_{place.id}",
            show=False,
            tooltip=place.blurb,
        )
        for place in PLACES
        if place.area_key and place.screen is not None
    ]


def listed() -> list[Place]:
    """The places home offers (home itself is where you are)."""
    return [place for place in PLACES if place.id != "home"]


def cards() -> list[Widget]:
    """A new card for every place that has one, in PLACES order, titled with its place's title."""
    made = []
    for place in PLACES:
        if place.card:
            card = load(place.card)()
            card.border_title = place.title
            card.id = f"card-{place.id}"
            made.append(card)
    return made


def home_bindings() -> list[Binding]:
    """Home's keys that places give it: each runs `action_<name>` on the place's card."""
    return [
        Binding(
            place.home_key.key,
            f"card('{place.id}', '{place.home_key.action}')",
            place.home_key.description,
            id=f"home_{place.id}_{place.home_key.action}",
            tooltip=place.home_key.tooltip,
        )
        for place in PLACES
        if place.card and place.home_key is not None
    ]


def commands(app: Any) -> Iterator[SystemCommand]:
    """The palette entries of COMMANDS, as they stand now (each module imported when asked)."""
    for path in COMMANDS:
        yield from load(path)(app)


def get(place_id: str) -> Place:
    return next(place for place in PLACES if place.id == place_id)
