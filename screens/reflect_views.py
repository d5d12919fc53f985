"""Reflect's first views: who is reflecting, the passphrase, and the list of entries."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from companion.reflect import prompts
from companion.reflect.journal import Journal
from companion.when import format_day

DATE_WIDTH = 14
KIND_WIDTH = 22


class WhoView(Vertical):
    """Each person has a journal of their own: choose yours."""

    DEFAULT_CSS = """
    WhoView { padding: 1 1 0 1; }
    WhoView OptionList { height: auto; border: none; margin-top: 1; }
    """

    class Chosen(Message):
        """A person said who they are."""

        def __init__(self, person: str) -> None:
            super().__init__()
            self.person = person

    def compose(self) -> ComposeResult:
        yield Static(prompts.word("who", "title"), classes="title")
        yield Static(prompts.word("who", "intro"), classes="tip")
        yield OptionList(id="who-list")

    def set_people(self, people: tuple[str, ...]) -> None:
        names = self.query_one(OptionList)
        if [o.id for o in names.options] == list(people):
            return
        names.clear_options()
        names.add_options([Option(Text(person), id=person) for person in people])
        names.highlighted = 0 if people else None

    @on(OptionList.OptionSelected, "#who-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id))


class UnlockView(VerticalScroll):
    """The passphrase: to open a journal, or typed twice to start one."""

    DEFAULT_CSS = """
    UnlockView { padding: 1 1 0 1; }
    UnlockView Input { width: 60; max-width: 100%; }
    UnlockView #passphrase { margin-top: 1; }
    UnlockView #unlock-go { margin-top: 1; }
    UnlockView #unlock-status { height: auto; }
    """

    class Submitted(Message):
        """A passphrase to try (and, for a new journal, the same again)."""

        def __init__(self, passphrase: str, again: str) -> None:
            super().__init__()
            self.passphrase = passphrase
            self.again = again

    creating = False
    """Whether this person has no journal yet (the passphrase is set here, typed twice)."""

    def compose(self) -> ComposeResult:
        yield Static(id="unlock-title", classes="title")
        yield Static(id="unlock-intro", classes="tip")
        yield Input(password=True, placeholder="Passphrase", id="passphrase")
        yield Input(password=True, placeholder="The same passphrase again", id="passphrase-again")
        yield Button("Unlock", id="unlock-go", variant="primary")
        yield Static(id="unlock-status", classes="error-text")

    def prepare(self, person: str, creating: bool, solo: bool) -> None:
        """Ask `person` for their passphrase, or for a new one."""
        self.creating = creating
        section = "setup" if creating else "unlock"
        intro = "solo_intro" if creating and solo else "intro"
        self.query_one("#unlock-title", Static).update(
            Text(prompts.word(section, "title", name=person))
        )
        self.query_one("#unlock-intro", Static).update(prompts.word(section, intro))
        self.query_one("#passphrase-again", Input).display = creating
        self.query_one(Button).label = "Create my journal" if creating else "Unlock"
        self.forget()

    def forget(self) -> None:
        for field in self.query(Input):
            field.value = ""
        self.status("")
        self.busy(False)

    def focus_first(self) -> None:
        self.query_one("#passphrase", Input).focus()

    def status(self, message: str) -> None:
        self.query_one("#unlock-status", Static).update(Text(message))

    def busy(self, working: bool) -> None:
        for field in self.query(Input):
            field.disabled = working
        self.query_one(Button).disabled = working
        if working:
            key = "working"
            self.status(prompts.word("setup" if self.creating else "unlock", key))
        else:
            self.focus_first()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.creating and event.input.id == "passphrase":
            self.query_one("#passphrase-again", Input).focus()
        else:
            self.submit()

    @on(Button.Pressed, "#unlock-go")
    def submit(self) -> None:
        first = self.query_one("#passphrase", Input)
        again = self.query_one("#passphrase-again", Input)
        message = self.Submitted(first.value, again.value if self.creating else "")
        first.value = again.value = ""  # the passphrase never stays on screen
        self.post_message(message)


class JournalView(Vertical):
    """A person's entries, newest first, with a search across them."""

    DEFAULT_CSS = """
    JournalView #journal-title { padding: 1 1 0 1; height: auto; }
    JournalView #journal-search { margin: 0 1; }
    JournalView OptionList { height: 1fr; border: none; padding: 0 1; }
    JournalView #journal-empty { height: auto; padding: 1 2; }
    JournalView #journal-hint { height: auto; }
    """

    class Open(Message):
        """Open an entry to read and change it."""

        def __init__(self, entry_id: int) -> None:
            super().__init__()
            self.entry_id = entry_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.journal: Journal | None = None
        self.tz = "UTC"

    def compose(self) -> ComposeResult:
        yield Static(id="journal-title", classes="title")
        yield Input(placeholder="Search your entries (/)", id="journal-search")
        yield OptionList(id="journal-list")
        yield Static(id="journal-empty", classes="tip")
        yield Static(id="journal-hint", classes="tip")

    def show(self, person: str, journal: Journal, tz: str, lock_minutes: int) -> None:
        self.journal, self.tz = journal, tz
        self.query_one("#journal-title", Static).update(
            Text(prompts.word("journal", "title", name=person))
        )
        self.query_one("#journal-hint", Static).update(
            prompts.word("journal", "lock_after", minutes=str(lock_minutes))
        )
        self.render_entries()

    def render_entries(self) -> None:
        listing = self.query_one(OptionList)
        empty = self.query_one("#journal-empty", Static)
        journal = self.journal
        if journal is None:
            listing.clear_options()
            empty.update("")
            return
        query = self.query_one("#journal-search", Input).value
        entries = journal.search(query)
        keep = listing.highlighted_option.id if listing.highlighted_option else None
        listing.clear_options()
        # One line per entry: the heading is cut to what is left of the list's width.
        width = listing.scrollable_content_region.width
        if not width and entries:
            # A list hidden until now has no width yet: cut to a guess, and again once
            # it is laid out (else the cut depended on how soon the layout came).
            self.call_after_refresh(self._recut)
        room = max(12, (width or 76) - DATE_WIDTH - KIND_WIDTH - 1)
        for entry in entries:
            heading = entry.heading
            if len(heading) > room:
                heading = heading[: room - 1] + "…"
            label = Text.assemble(
                (f"{format_day(entry.created, self.tz):<{DATE_WIDTH}}", "dim"),
                (f"{entry.kind_title[: KIND_WIDTH - 1]:<{KIND_WIDTH}}", "bold"),
                heading,
            )
            listing.add_option(Option(label, id=str(entry.id)))
        if entries:
            ids = [str(e.id) for e in entries]
            listing.highlighted = ids.index(keep) if keep in ids else 0
        if not journal.entries:
            empty.update(prompts.word("journal", "empty"))
        elif not entries:
            empty.update(prompts.word("journal", "no_match"))
        else:
            empty.update("")
        empty.display = not entries
        listing.display = bool(entries)

    def _recut(self) -> None:
        if self.journal is not None and self.query_one(OptionList).scrollable_content_region.width:
            self.render_entries()

    def selected(self) -> int | None:
        option = self.query_one(OptionList).highlighted_option
        return int(option.id) if option is not None and option.id else None

    def forget(self) -> None:
        """Drop the journal and clear every line that showed it."""
        self.journal = None
        self.query_one("#journal-search", Input).value = ""
        self.query_one(OptionList).clear_options()
        for static in self.query(Static):
            static.update("")

    def focus_list(self) -> None:
        self.query_one(OptionList).focus()

    def focus_search(self) -> None:
        self.query_one("#journal-search", Input).focus()

    def on_resize(self) -> None:
        if self.journal is not None:
            self.render_entries()

    @on(Input.Changed, "#journal-search")
    def searched(self) -> None:
        self.render_entries()

    @on(Input.Submitted, "#journal-search")
    def search_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_list()

    @on(OptionList.OptionSelected, "#journal-list")
    def opened(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Open(int(event.option.id)))
