"""F1: the keys of the screen underneath, what it is for, and the guide section behind it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from companion import guide, words
from companion.screens.base import CompanionModal
from companion.screens.hanging import HangingList
from companion.screens.scroll_area import ScrollArea


def keys_of(screen: Screen) -> list[tuple[str, str]]:
    """(key, description) for every binding active on `screen`, shown ones first.

    A dialog hides the app's keys from its own list, but the app's priority
    keys (help, safety, time-out, quit) still work over it, so they are listed too.
    """
    app = screen.app
    active = [(a.binding, a.enabled) for a in screen.active_bindings.values()]
    for _key, binding in app._bindings:
        if binding.priority:
            state = app._check_action_state(binding.action, app)
            if state is not False:  # False: not offered here at all
                active.append((binding, bool(state)))
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for binding, enabled in active:
        if binding.id is None:
            continue  # Textual's own scrolling and focus keys, not this screen's
        description = binding.description or binding.tooltip
        if not description or binding.id in seen:
            continue
        seen.add(binding.id)
        label = app.get_key_display(binding)
        if not enabled:
            description = f"{description} (not now)"
        if binding.description and binding.tooltip:
            description = f"{description} — {binding.tooltip}"
        rows.append((label, description))
    if app.ENABLE_COMMAND_PALETTE and "command_palette" not in seen:
        palette = Binding(app.COMMAND_PALETTE_BINDING, "command_palette", "Commands")
        rows.append(
            (app.get_key_display(palette), "Commands — Every place and action, found by name")
        )
    return rows


class HelpScreen(CompanionModal):
    """The keys of the current screen and where to read more."""

    ROLE = "help"
    HELP_KEY = "home"
    DEFAULT_CSS = """
    HelpScreen #help-keys { margin: 1 0; }
    """
    BINDINGS = [
        Binding("escape,f1", "close", "Close", id="help_close", tooltip="Close this help"),
        Binding(
            "g", "open_guide", "Read the guide", id="help_guide", tooltip="Open the guide section"
        ),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under
        key = getattr(under, "HELP_KEY", "home")
        self.entry = words.data("help.toml").get(key, {})
        self.section = self.entry.get("section", "welcome")
        # Read now, while `under` is still the current screen: once help is on top,
        # the app would judge every key against the help screen instead.
        self.rows = keys_of(under)

    def compose(self) -> ComposeResult:
        solo = self.profile is not None and self.profile.solo
        with ScrollArea(classes="dialog"):
            yield Static("Keys on this screen", classes="title")
            about = words.for_people(self.entry, solo).get("about")
            if about:
                yield HangingList([("", about)], id="help-about", classes="tip")
            width = max((len(label) for label, _ in self.rows), default=0)
            yield HangingList(
                [(Text(f"{label:>{width}}  ", style="bold"), text) for label, text in self.rows],
                id="help-keys",
            )
            title = guide.title_of(self.section)
            yield HangingList(
                [("", Text.assemble("Press ", ("g", "bold"), f" to read “{title}” in the guide."))],
                id="help-guide",
                classes="tip",
            )

    def action_close(self) -> None:
        self.dismiss()

    def action_open_guide(self) -> None:
        section = self.section
        self.dismiss()
        self.companion.open_guide(section)
