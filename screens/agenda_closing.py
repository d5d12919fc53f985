"""The end of a talk about an agenda issue: what you understood, anything to practise, saved
with the talk in one write (companion.agenda.closing.close_talk)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from companion import words
from companion.agenda import BOTH, AgendaError, AgreementDraft, closing
from companion.agenda import records as agenda
from companion.agenda.parts import review_day
from companion.screens.base import CompanionMixin
from companion.talk import Talk


class AgendaClosing(CompanionMixin, Vertical):
    """Shown in the talk's closing when the talk is about an issue; hidden otherwise."""

    DEFAULT_CSS = """
    AgendaClosing { height: auto; margin-top: 1; display: none; }
    AgendaClosing.-shown { display: block; }
    AgendaClosing Input { margin-bottom: 1; background: $boost; }
    AgendaClosing Input:focus { background-tint: $primary 25%; }
    AgendaClosing #closing-both { layout: horizontal; border: none; padding: 0; height: auto; width: 1fr; margin-bottom: 1; background: transparent; }
    AgendaClosing #closing-both:focus { background-tint: $primary 15%; }
    AgendaClosing #closing-both:blur > RadioButton.-selected > .toggle--label { background: transparent; }
    AgendaClosing #closing-both > RadioButton { width: auto; margin-right: 2; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.talk: Talk | None = None
        self._busy = False

    def compose(self) -> ComposeResult:
        w = words.data("agenda/words.toml")["closing"]
        yield Static(w["title"], classes="title")
        yield Static(w["understood"])
        yield Input(placeholder=w["understood_placeholder"], id="closing-understood", compact=True)
        yield Static(w["both"])
        with RadioSet(id="closing-both"):
            yield RadioButton(w["not_yet"], value=True, name="no")
            yield RadioButton(w["yes_both"], name="yes")
        yield Static(w["practise"])
        yield Input(placeholder=w["practise_placeholder"], id="closing-practise", compact=True)
        yield Static(id="closing-problem", classes="error-text")
        yield Button(w["save"], id="closing-save", variant="primary", compact=True)
        yield Static(w["hint"], classes="tip")

    def show(self, talk: Talk) -> None:
        """Show the form for a talk about an issue (first time: focus its first field)."""
        linked = talk.issue_id is not None
        entering = linked and (self.talk is None or self.talk.id != talk.id)
        self.talk = talk if linked else None
        self.set_class(linked, "-shown")
        if entering:
            self.query_one("#closing-understood", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#closing-save")
    async def _save(self) -> None:
        talk, profile = self.talk, self.profile
        if talk is None or profile is None or self._busy:
            return
        now = self.clock.now()
        understood = self.query_one("#closing-understood", Input).value
        pressed = self.query_one("#closing-both", RadioSet).pressed_button
        both = pressed is not None and pressed.name == "yes"
        practise = self.query_one("#closing-practise", Input).value
        agreement = None
        if practise.strip():
            today = agenda.today(profile, now)
            agreement = AgreementDraft(practise, BOTH, review_day(today))
            try:
                agreement.checked(profile.partners, today)
            except AgendaError as exc:
                self._problem(str(exc))
                return
        self._busy = True
        try:
            saved = await self.save(
                "agenda",
                closing.close_talk,
                self.store,
                talk.id,
                now,
                understood,
                both,
                agreement,
                refused=self._problem,
            )
        finally:
            self._busy = False
        if saved is None:
            return
        _talk, issue = saved
        if issue is None:
            self.notify(
                "The talk is saved in the history. Its issue had been let go.", markup=False
            )
        else:
            self.notify(
                f"Saved. On your agenda, “{issue.title}” is {issue.status.label}.",
                title="Thank you both",
                markup=False,
            )

    def _problem(self, message: str) -> None:
        self.query_one("#closing-problem", Static).update(Text(message))
