"""A card of sentence starters for one partner's role."""

from __future__ import annotations

from rich.text import Text

from companion.screens.hanging import HangingList, bullets


class PromptCard(HangingList):
    """One partner's name, what they are doing now, and what they might say."""

    DEFAULT_CSS = """
    PromptCard {
        width: 1fr;
        height: auto;
        min-height: 5;
        border: round $foreground 30%;
        padding: 0 1;
    }
    PromptCard.-active { border: round $primary; }
    """

    def set_role(self, name: str, role: str, lines: list[str], active: bool = True) -> None:
        """Show `name` as `role` with its prompts; user text is never read as markup."""
        self.border_title = Text(f"{name}: {role}")  # a str would be read as markup
        self.set_items(bullets(lines))
        self.set_class(active, "-active")
