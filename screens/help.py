"""F1: the keys of the screen underneath, what it is for, and the guide section behind it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from companion import guide, words
from companion.screens.base import CompanionModal


def keys_of(screen: Screen) -> list[tuple[str, str]]:
    """(key, description) for every binding active on `screen`, shown ones first."""
    rows: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.id is None:
            continue  # Textual's own scrolling and focus keys, not this screen's
        description = binding.description or binding.tooltip
        if not description or (binding.action, description) in seen:
            continue
        seen.add((binding.action, description))
        label = screen.app.get_key_display(binding)
        if not active.enabled:
            description = f"{description} (not now)"
        if binding.description and binding.tooltip:
            description = f"{description} — {binding.tooltip}"
        rows.append((label, description))
    return rows


class HelpScreen(CompanionModal):
    """The keys of the current screen and where to read more."""

    ROLE = "help"
    HELP_KEY = "home"
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
        with VerticalScroll(classes="dialog"):
            yield Static("Keys on this screen", classes="title")
            if self.entry.get("about"):
                yield Static(Text(self.entry["about"]), classes="tip")
            table = Text()
            for label, description in self.rows:
                table.append(f"{label:>10}  ", style="bold")
                table.append(f"{description}\n")
            yield Static(table, id="help-keys")
            title = guide.title_of(self.section)
            yield Static(
                Text.assemble("Press ", ("g", "bold"), f" to read “{title}” in the guide."),
                id="help-guide",
                classes="tip",
            )

    def action_close(self) -> None:
        self.dismiss()

    def action_open_guide(self) -> None:
        section = self.section
        self.dismiss()
        self.companion.open_guide(section)
