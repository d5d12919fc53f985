"""A checkbox and a radio button that look empty until chosen.

Textual draws an unticked box with a dim X and an unchosen radio with a dim
dot; on many terminals (and with NO_COLOR) those read as ticked. Here the
unticked mark is a blank, and the ticked one a check mark or a dot, so the
shape alone says which is which.
"""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton


class Tick(Checkbox):
    """A checkbox whose box is empty until ticked."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "✓" if self.value else " "


class Choice(RadioButton):
    """A radio button whose circle is empty until chosen."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "●" if self.value else " "
