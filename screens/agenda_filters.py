"""The agenda's filter bar: an incremental search, one status, and who raised it."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Select

from companion.agenda import BOTH, Status

ANYONE = "anyone"
ANY_OPEN = "open"
STATUS_VALUES = [ANY_OPEN, *(status.value for status in Status)]


class SearchField(Input):
    """The incremental search: escape hands the keys back to the list."""

    BINDINGS = [
        Binding(
            "escape",
            "done",
            "Back to the list",
            id="agenda_search_done",
            tooltip="Keep the search and go back to the list",
        )
    ]

    class Done(Message):
        """The person is done typing a search."""

    def action_done(self) -> None:
        self.post_message(self.Done())


class AgendaFilters(Horizontal):
    """Posts `Changed` with the whole of what a person asked to see, whenever any part changes."""

    DEFAULT_CSS = """
    AgendaFilters { height: 1; padding: 0 1; }
    AgendaFilters #agenda-search { width: 1fr; }
    AgendaFilters #agenda-status { width: 20; margin-left: 1; }
    AgendaFilters #agenda-who { width: 14; margin-left: 1; }
    """

    class Changed(Message):
        """The search or a filter changed."""

        def __init__(self, words: str, status: Status | None, who: str | None) -> None:
            super().__init__()
            self.words = words
            self.status = status
            self.who = who

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._who_values: list[str] = []

    def compose(self) -> ComposeResult:
        yield SearchField(placeholder="Search (/)", id="agenda-search", compact=True)
        yield Select[str](
            [("Any open", ANY_OPEN), *((s.label.capitalize(), s.value) for s in Status)],
            value=ANY_OPEN,
            allow_blank=False,
            id="agenda-status",
            compact=True,
        )
        yield Select[str](
            [("Anyone", ANYONE)], value=ANYONE, allow_blank=False, id="agenda-who", compact=True
        )

    def set_partners(self, partners: Sequence[str]) -> None:
        """Offer each partner (and both) as who raised it; alone, there is nobody to filter by."""
        who = self.query_one("#agenda-who", Select)
        if len(partners) < 2:
            who.display = False
            self._who_values = []
            return
        options: list[tuple[Text, str]] = [
            (Text("Anyone"), ANYONE),
            *((Text(name), name) for name in partners),  # names are data, not markup
            (Text("Both"), BOTH),
        ]
        values = [value for _label, value in options]
        if values != self._who_values:
            current = who.value
            self._who_values = values
            who.set_options(options)
            who.value = current if current in values else ANYONE
        who.display = True

    def focus_search(self) -> None:
        self.query_one("#agenda-search", Input).focus()

    def cycle_status(self) -> None:
        """The next status (after the last, every open issue again)."""
        self._cycle("#agenda-status", STATUS_VALUES)

    def cycle_who(self) -> None:
        if self._who_values:
            self._cycle("#agenda-who", self._who_values)

    def _cycle(self, select_id: str, values: list[str]) -> None:
        select = self.query_one(select_id, Select)
        at = values.index(str(select.value)) if select.value in values else -1
        select.value = values[(at + 1) % len(values)]

    @on(Input.Changed, "#agenda-search")
    @on(Select.Changed)
    def _changed(self, event: Message) -> None:
        event.stop()
        status = self.query_one("#agenda-status", Select).value
        who = self.query_one("#agenda-who", Select).value
        self.post_message(
            self.Changed(
                words=self.query_one("#agenda-search", Input).value,
                status=None if status == ANY_OPEN else Status(str(status)),
                who=None if who == ANYONE or not self._who_values else str(who),
            )
        )
