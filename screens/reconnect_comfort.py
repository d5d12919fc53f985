"""When the hurt comes back: a short guide to comforting rather than defending.

Shown once someone has said, with one key, "the hurt is with me today". The
disk keeps only the date; the screen never asks who or why. A note for the
next check-in is offered, never asked for.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Static

from companion import words
from companion.reconnect import records as reconnect
from companion.reconnect.rules import ComesBack
from companion.screens.base import CompanionMixin, CompanionScreen
from companion.screens.footer import CompanionFooter
from companion.screens.form_dialog import Field, FormDialog
from companion.screens.hanging import HangingList, Paragraph
from companion.screens.scroll_area import ScrollArea


class ComfortScreen(CompanionScreen):
    """The comfort guide for a day the hurt came back."""

    HELP_KEY = "comfort"
    AREAS = ("reconnect", "profile")
    BINDINGS = [
        Binding(
            "n",
            "note",
            "Note for check-in",
            id="comfort_note",
            tooltip="Leave a note for your next check-in (optional; the only text kept)",
        ),
    ]
    DEFAULT_CSS = """
    ComfortScreen #comfort-body { height: 1fr; padding: 0 1; }
    ComfortScreen #comfort-title { text-style: bold; color: $text-primary; height: auto; }
    ComfortScreen #comfort-lead { height: auto; margin-bottom: 1; }
    ComfortScreen .comfort-head { text-style: bold; height: auto; }
    ComfortScreen #comfort-them { height: auto; margin-bottom: 1; }
    ComfortScreen #comfort-you { height: auto; margin-bottom: 1; }
    ComfortScreen #comfort-note { height: auto; color: $text-muted; }
    """

    def __init__(self, back: ComesBack) -> None:
        super().__init__()
        self.back = back
        """Today's record as the disk returned it."""

    def compose(self) -> ComposeResult:
        yield Header()
        with ScrollArea(id="comfort-body"):
            yield Static(id="comfort-title")
            yield Paragraph(id="comfort-lead")
            yield Static(id="comfort-them-title", classes="comfort-head")
            yield HangingList(id="comfort-them")
            yield Static(id="comfort-you-title", classes="comfort-head")
            yield Paragraph(id="comfort-you")
            yield Paragraph(id="comfort-note")
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.sub_title = "Comfort"
        self.refresh_data()
        self.call_after_refresh(self._focus_text)

    def _focus_text(self) -> None:
        body = self.query_one("#comfort-body", ScrollArea)
        body.check_focusable()
        if body.can_focus:
            body.focus()  # the arrows scroll the guide at once

    def refresh_data(self) -> None:
        solo = self.profile.solo if self.profile is not None else False
        w = words.for_people(words.data("reconnect/comfort.toml"), solo)
        self.query_one("#comfort-title", Static).update(Text(w["title"]))
        self.query_one("#comfort-lead", Paragraph).set_text(w["lead"])
        self.query_one("#comfort-them-title", Static).update(Text(w["for_them_title"]))
        self.query_one("#comfort-them", HangingList).set_items(
            [("• ", line) for line in w["for_them"]]
        )
        self.query_one("#comfort-you-title", Static).update(Text(w["for_you_title"]))
        self.query_one("#comfort-you", Paragraph).set_text(w["for_you"])
        note = Text(w["note_hint"])
        if self.back.note:
            note = Text.assemble("Your note: ", (self.back.note, "italic"))
        self.query_one("#comfort-note", Paragraph).set_text(note)

    def action_note(self) -> None:
        async def submit(values: dict[str, str]) -> str | None:
            problem: list[str] = []
            saved = await self.save(
                "reconnect",
                reconnect.note_for_checkin,
                self.store,
                self.back.id,
                values["note"],
                self.clock.now(),
                refused=problem.append,
            )
            if saved is None:
                return problem[0] if problem else "Not saved."
            self.back = saved
            self.refresh_data()
            return None

        self.app.push_screen(
            FormDialog(
                "A note for your next check-in",
                [Field("note", "Note", self.back.note, "optional", max_length=1000)],
                submit,
                about="Only the date and this note are kept. Leave it empty for no note.",
            )
        )


async def hurt_is_back(node: CompanionMixin) -> None:
    """The one key: today's date kept (nothing else), then the comfort guide on top."""
    saved = await node.save("reconnect", reconnect.say_it_is_back, node.store, node.clock.now())
    if saved is not None:
        await node.companion.push_screen(ComfortScreen(saved))
