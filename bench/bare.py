"""The floor: a bare Textual app that paints one Static. Companion is measured against it."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

MARKER = "bare app ready"


class BareApp(App[None]):
    """One Static and nothing else."""

    def compose(self) -> ComposeResult:
        yield Static(MARKER)


if __name__ == "__main__":
    BareApp().run()
