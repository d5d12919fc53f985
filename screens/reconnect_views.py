"""The three views of Reconnect: our picture, the rituals, and the deck of things to try.

Each view draws what the reconnect records returned (a `Together`); the
screen owns the keys and the steps. Nothing here decides a rule: whether a
picture may be shown is `Picture.shown`, a ritual's week is `Ritual.week`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from companion import words
from companion.profile import Profile
from companion.reconnect.parts import deck
from companion.reconnect.records import Together
from companion.screens.hanging import Paragraph

DAY_LETTERS = "MTWTFSS"


def say(section: str, solo: bool) -> dict[str, Any]:
    """The words of one part of the screen, fitted to one person or two."""
    return words.for_people(words.data("reconnect/words.toml")[section], solo)


def fill(listing: OptionList, options: list[Option]) -> None:
    """Put `options` in the list, only when what they say has changed (keeping the highlight)."""
    wanted = [(option.id, str(option.prompt)) for option in options]
    shown = [
        (listing.get_option_at_index(i).id, str(listing.get_option_at_index(i).prompt))
        for i in range(listing.option_count)
    ]
    if wanted == shown:
        return
    highlighted = listing.highlighted
    listing.clear_options()
    listing.add_options(options)
    if options:
        listing.highlighted = min(highlighted or 0, len(options) - 1)


def week_line(week: list[tuple[date, bool]]) -> Text:
    """Seven days as letters, the done ones marked: a gentle look back, no count, no red."""
    out = Text()
    for day, done in week:
        letter = DAY_LETTERS[day.weekday()]
        if done:
            out.append(f"{letter}●", style="bold")
        else:
            out.append(f"{letter}·", style="dim")
        out.append(" ")
    out.rstrip()
    return out


class PictureView(VerticalScroll):
    """Our picture: who is writing, the editor, and the shared page once both are in."""

    DEFAULT_CSS = """
    PictureView { padding: 0 1; }
    PictureView #pic-status { height: auto; margin-bottom: 1; }
    PictureView #pic-who { height: auto; margin-bottom: 1; }
    PictureView #pic-who Button { margin-right: 2; }
    PictureView #pic-editor { height: auto; }
    PictureView #pic-editor TextArea { height: 8; background: $boost; }
    PictureView #pic-editor TextArea:focus { background-tint: $primary 25%; }
    PictureView #pic-buttons { height: auto; margin-top: 1; }
    PictureView #pic-buttons Button { margin-right: 2; }
    PictureView #pic-page { height: auto; }
    PictureView .pic-column { width: 1fr; height: auto; padding: 0 1 1 0; }
    PictureView .pic-name { text-style: bold; color: $text-primary; }
    """

    def compose(self) -> ComposeResult:
        yield Paragraph(id="pic-status")
        with Horizontal(id="pic-who"):
            for index in range(2):
                yield Button("", id=f"pic-who-{index}", variant="primary")
        with Vertical(id="pic-editor"):
            yield Static(id="pic-label")
            yield TextArea(id="pic-text", soft_wrap=True, show_line_numbers=False)
            yield Static(id="pic-problem", classes="error-text")
            with Horizontal(id="pic-buttons"):
                yield Button("Save (ctrl+s)", id="pic-save", variant="primary")
                yield Button("Cancel", id="pic-cancel")
        with Horizontal(id="pic-page"):
            for index in range(2):
                with Vertical(classes="pic-column", id=f"pic-col-{index}"):
                    yield Static(id=f"pic-name-{index}", classes="pic-name")
                    yield Static(id=f"pic-entry-{index}")

    def show(self, state: Together, profile: Profile, writer: int | None, picking: bool) -> None:
        """Draw the page, the picker or the editor, as `writer` and `picking` say."""
        w = say("picture", profile.solo)
        page, writing = state.page, state.writing
        status = Text()
        if writer is not None:
            name = profile.partners[writer] if writer < len(profile.partners) else ""
            label = w["write"] if profile.solo else f"{name}: {w['write']}"
            self.query_one("#pic-label", Static).update(Text(label))
        elif page is None and writing is None:
            status.append(w["intro"] + ("" if picking else "\n\n" + w["empty"]))
        elif page is None:
            status.append(w["intro"])
        else:
            status.append(w["reveal"])
        if writer is None and writing is not None:
            done = [n for n, d in zip(writing.partners, writing.done, strict=True) if d]
            status.append("\n\n" if status else "")
            if page is not None:
                status.append(w["again"] + " ")
            for name in done:
                status.append(w["written"].format(name=name) + " ")
            waiting = writing.waiting_for()
            if done and waiting:
                status.append(w["handover"].format(name=waiting[0]))
        if picking and writer is None:
            status.append("\n\n" + w["who"])
        self.query_one("#pic-status", Paragraph).set_text(status)
        self.query_one("#pic-status").display = bool(status.plain)
        done_now = writing.done if writing is not None else [False] * len(profile.partners)
        who = self.query_one("#pic-who")
        who.display = picking and writer is None
        for index in range(2):
            button = self.query_one(f"#pic-who-{index}", Button)
            here = index < len(profile.partners)
            button.display = here and not done_now[index] if here else False
            if here:
                button.label = Text(f"I'm {profile.partners[index]}")
        self.query_one("#pic-editor").display = writer is not None
        shown_page = page is not None and writer is None and not picking
        self.query_one("#pic-page").display = shown_page
        if page is not None:
            for index in range(2):
                column = self.query_one(f"#pic-col-{index}")
                column.display = index < len(page.partners)
                if index < len(page.partners):
                    name = "" if page.solo else page.partners[index]
                    self.query_one(f"#pic-name-{index}", Static).update(Text(name))
                    self.query_one(f"#pic-name-{index}").display = bool(name)
                    entry = page.shown(index) or ""
                    self.query_one(f"#pic-entry-{index}", Static).update(Text(entry))


class RitualsView(Vertical):
    """Each one's ritual: done today or not yet, and the last seven days, quietly."""

    DEFAULT_CSS = """
    RitualsView { padding: 0 1; }
    RitualsView #rit-intro { height: auto; margin-bottom: 1; color: $text-muted; }
    RitualsView OptionList { height: auto; max-height: 1fr; border: none; padding: 0; }
    RitualsView OptionList:focus { border: none; }
    """

    def compose(self) -> ComposeResult:
        yield Paragraph(id="rit-intro")
        yield OptionList(id="rit-list")

    def show(self, state: Together, profile: Profile, today: date) -> None:
        w = say("rituals", profile.solo)
        self.query_one("#rit-intro", Paragraph).set_text(w["intro"])
        options = []
        for who, name in enumerate(profile.partners):
            ritual = state.rituals.get(who)
            label = Text()
            label.append(name, style="bold")
            if ritual is None:
                label.append("\n  " + w["none"].format(name=name), style="dim")
            else:
                label.append(": ")
                label.append(ritual.what)
                label.append("\n  ")
                if ritual.done_on(today):
                    label.append("✓ " + w["done_today"], style="bold")
                else:
                    label.append(w["not_yet"], style="dim")
                label.append("   ")
                label.append_text(week_line(ritual.week(today)))
            options.append(Option(label, id=f"rit-{who}"))
        fill(self.query_one("#rit-list", OptionList), options)

    @property
    def chosen(self) -> int | None:
        """Whose ritual is highlighted."""
        return self.query_one("#rit-list", OptionList).highlighted


class DeckView(Vertical):
    """Things to try together, with the days you did them and your notes."""

    DEFAULT_CSS = """
    DeckView { padding: 0 1; }
    DeckView #deck-intro { height: auto; margin-bottom: 1; color: $text-muted; }
    DeckView OptionList { height: 1fr; border: none; padding: 0; }
    DeckView OptionList:focus { border: none; }
    """

    def compose(self) -> ComposeResult:
        yield Paragraph(id="deck-intro")
        yield OptionList(id="deck-list")

    def show(self, state: Together, profile: Profile) -> None:
        w = say("deck", profile.solo)
        self.query_one("#deck-intro", Paragraph).set_text(w["intro"])
        options = []
        for card in deck():
            label = Text()
            done = state.tried_card(card.id)
            label.append(card.title, style="bold")
            if done:
                label.append("  ✓", style="bold")
            label.append("\n" + card.about, style="dim")
            for tried in done[-2:]:
                label.append(f"\n{tried.day.day} {tried.day:%b}", style="italic")
                if tried.note:
                    label.append(": ")
                    label.append(tried.note.replace("\n", " "))
            options.append(Option(label, id=card.id))
        fill(self.query_one("#deck-list", OptionList), options)

    @property
    def chosen(self) -> str | None:
        listing = self.query_one("#deck-list", OptionList)
        if listing.highlighted is None:
            return None
        return listing.get_option_at_index(listing.highlighted).id
