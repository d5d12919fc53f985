"""The command palette (ctrl+p): what a couple may want, in their words.

Textual's own developer commands (keys panel, maximize, screenshot) are left
out, and colour themes are offered by friendly names from content/themes.toml.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.screen import Screen

from companion import words

if TYPE_CHECKING:
    from companion.app import CompanionApp


def themes(available: Iterable[str]) -> list[dict[str, str]]:
    """The colour choices this Textual has, in the order content/themes.toml lists them."""
    known = set(available)
    return [theme for theme in words.data("themes.toml")["theme"] if theme["id"] in known]


def choose_colours(app: CompanionApp) -> None:
    """A palette of colour choices by name; choosing one applies it (and it is remembered)."""

    def use(theme_id: str) -> None:
        app.theme = theme_id

    app.search_commands(
        [
            (theme["name"], partial(use, theme["id"]), theme["about"])
            for theme in themes(app.available_themes)
        ],
        placeholder="Choose colours…",
    )


def system_commands(app: CompanionApp, screen: Screen) -> Iterable[SystemCommand]:
    """Every place (where the app lets you go now), help, colours, people, and quit."""
    from companion.screens import navigation
    from companion.screens.partners import PartnersScreen

    for place in navigation.PLACES:
        if place.screen is not None and not app.may_leave():
            continue
        if place.screen == f"{type(screen).__module__}:{type(screen).__name__}":
            continue  # where you are already
        yield SystemCommand(place.title, place.blurb, partial(app.run_action, place.run))
    yield SystemCommand("Help for this screen", "Its keys, and where to read more", app.action_help)
    yield SystemCommand("Colours", "Change how Companion looks", partial(choose_colours, app))
    yield from navigation.commands(app)  # settings such as desktop notices
    profile = app.profile
    if profile is not None and app.may_leave():
        said = words.data("partners.toml")["palette"]
        key = "add" if profile.solo else "alone"
        yield SystemCommand(
            said[key], said[f"{key}_help"], lambda: app.push_screen(PartnersScreen())
        )
        if not profile.solo:
            who = words.data("together.toml")["who"]
            yield SystemCommand(who["palette"], who["palette_help"], app.ask_seat)
    yield SystemCommand("Quit", "Leave Companion; everything is saved", app.action_quit)
