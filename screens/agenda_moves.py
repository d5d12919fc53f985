"""Dialogs that move an issue on: a new status, an agreement, and a review of one."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from companion import words
from companion.agenda import (
    BOTH,
    MOVES,
    AgendaError,
    Agreement,
    AgreementDraft,
    AgreementState,
    AgreementStep,
    Issue,
    Status,
)
from companion.agenda import records as agenda
from companion.agenda.parts import REVIEW_CHOICES, REVIEW_DEFAULT, review_day
from companion.screens.base import CompanionModal


def _words(part: str) -> dict[str, str]:
    return words.data("agenda/words.toml")[part]


def _close() -> Binding:
    return Binding(
        "escape",
        "close",
        "Close",
        id="agenda_dialog_close",
        tooltip="Close without changing anything",
    )


class StatusScreen(CompanionModal):
    """Where the issue may go from here, as the rules say; dismisses with the status chosen."""

    HELP_KEY = "agenda"
    BINDINGS = [_close()]

    def __init__(self, issue: Issue) -> None:
        super().__init__()
        self.issue = issue

    def compose(self) -> ComposeResult:
        issue = self.issue
        meaning = _words("status")
        moves = issue.moves()
        options = []
        for status in Status:
            if status not in MOVES[issue.status]:
                continue
            label = Text.assemble((status.label.capitalize(), "bold"), "  ", meaning[status.value])
            if status not in moves:
                label.append("  (write what you will practise first: p)", style="italic")
            options.append(Option(label, id=status.value, disabled=status not in moves))
        with Vertical(classes="dialog"):
            yield Static(Text.assemble("Move on: ", (issue.title, "bold")), classes="title")
            yield Static(
                Text(f"Now {issue.status.label}: {meaning[issue.status.value]}"), classes="tip"
            )
            yield OptionList(*options, id="status-choices")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(Status(event.option.id or Status.RAISED.value))

    def action_close(self) -> None:
        self.dismiss(None)


def _who_choices(partners: tuple[str, ...], chosen: str) -> list[RadioButton]:
    names = (*partners, BOTH) if len(partners) == 2 else partners
    return [
        RadioButton(
            Text(name.capitalize() if name == BOTH else name), value=name == chosen, name=name
        )
        for name in names
    ]


def _review_choices(selected_days: int = REVIEW_DEFAULT) -> list[RadioButton]:
    return [
        RadioButton(label.capitalize(), value=days == selected_days, name=str(days))
        for label, days in REVIEW_CHOICES.items()
    ]


def _pressed(radio: RadioSet, default: str) -> str:
    button = radio.pressed_button
    return button.name if button is not None and button.name else default


DIALOG_CSS = """
    {name} .row {{ height: auto; margin-top: 1; }}
    {name} .row Label {{ width: 10; }}
    {name} RadioSet {{ layout: horizontal; border: none; padding: 0; height: auto; width: 1fr; }}
    {name} RadioSet:focus {{ border: none; background-tint: $primary 15%; }}
    {name} RadioSet:blur > RadioButton.-selected > .toggle--label {{ background: transparent; }}
    {name} RadioSet > RadioButton {{ width: auto; margin-right: 2; }}
    {name} #agree-what {{ width: 1fr; }}
    {name} .buttons {{ height: auto; margin-top: 1; }}
    {name} .buttons Button {{ margin-right: 1; }}
"""


class AgreementForm(CompanionModal):
    """Write down something to practise; dismisses with the issue as saved, or None."""

    HELP_KEY = "agenda"
    BINDINGS = [_close()]
    DEFAULT_CSS = DIALOG_CSS.format(name="AgreementForm")

    def __init__(self, issue: Issue) -> None:
        super().__init__()
        self.issue = issue
        self._busy = False

    def compose(self) -> ComposeResult:
        w = _words("agreement")
        partners = self.profile.partners if self.profile else ()
        with Vertical(classes="dialog"):
            yield Static(
                Text.assemble(w["title"] + ": ", (self.issue.title, "bold")), classes="title"
            )
            yield Static(w["intro"], classes="tip")
            with Horizontal(classes="row"):
                yield Label(w["what"])
                yield Input(placeholder=w["what_placeholder"], id="agree-what")
            if len(partners) == 2:
                with Horizontal(classes="row"):
                    yield Label(w["who"])
                    with RadioSet(id="agree-who"):
                        yield from _who_choices(partners, BOTH)
            with Horizontal(classes="row"):
                yield Label(w["review"])
                with RadioSet(id="agree-review"):
                    yield from _review_choices()
            yield Static(id="agree-problem", classes="error-text")
            with Horizontal(classes="buttons"):
                yield Button(w["save"], id="agree-save", variant="primary")
                yield Button("Cancel", id="agree-cancel")

    def on_mount(self) -> None:
        self.query_one("#agree-what", Input).focus()

    def draft(self, today: date) -> AgreementDraft:
        partners = self.profile.partners if self.profile else ()
        who = BOTH if len(partners) == 2 else (partners[0] if partners else BOTH)
        if self.query("#agree-who"):
            who = _pressed(self.query_one("#agree-who", RadioSet), BOTH)
        days = int(_pressed(self.query_one("#agree-review", RadioSet), str(REVIEW_DEFAULT)))
        return AgreementDraft(
            self.query_one("#agree-what", Input).value, who, review_day(today, days)
        )

    @on(Input.Submitted)
    @on(Button.Pressed, "#agree-save")
    async def _save(self) -> None:
        profile = self.profile
        if profile is None or self._busy:
            return
        now = self.clock.now()
        draft = self.draft(agenda.today(profile, now))
        try:
            draft.checked(profile.partners, agenda.today(profile, now))
        except AgendaError as exc:
            self._problem(str(exc))
            return
        self._busy = True
        try:
            saved = await self.save(
                "agenda",
                agenda.add_agreement,
                self.store,
                self.issue.id,
                draft,
                now,
                refused=self._problem,
            )
        finally:
            self._busy = False
        if saved is not None:
            self.notify(f"Agreed. The issue is {saved.status.label}.", timeout=4, markup=False)
            self.dismiss(saved)

    def _problem(self, message: str) -> None:
        self.query_one("#agree-problem", Static).update(Text(message))
        self.query_one("#agree-what", Input).focus()

    @on(Button.Pressed, "#agree-cancel")
    def action_close(self) -> None:
        self.dismiss(None)


class ReviewScreen(CompanionModal):
    """How an agreement is going, and when to look again; dismisses with the issue as saved."""

    HELP_KEY = "agenda"
    BINDINGS = [_close()]
    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ReviewScreen")
        + """
    ReviewScreen OptionList { height: auto; max-height: 6; }
    """
    )

    def __init__(self, issue: Issue) -> None:
        super().__init__()
        self.issue = issue
        self._busy = False

    def compose(self) -> ComposeResult:
        w = _words("agreement")
        options = []
        for agreement in self.issue.agreements:
            label = Text.assemble(agreement.what, (f"  {agreement.state.label}", "italic"))
            options.append(Option(label, id=agreement.id))
        with Vertical(classes="dialog"):
            yield Static(
                Text.assemble(w["review_title"] + " ", (self.issue.title, "bold")), classes="title"
            )
            yield Static(w["review_intro"], classes="tip")
            yield OptionList(*options, id="review-which")
            with Horizontal(classes="row"):
                yield Label(w["next"])
                with RadioSet(id="review-next"):
                    yield from _review_choices()
            yield Static(id="review-problem", classes="error-text")
            with Horizontal(classes="buttons"):
                for state in AgreementState:
                    yield Button(state.label.capitalize(), id=f"review-{state.value}")

    def on_mount(self) -> None:
        which = self.query_one(OptionList)
        live = next((n for n, a in enumerate(self.issue.agreements) if a.live), 0)
        which.highlighted = live
        which.focus()
        self._enable()

    @on(OptionList.OptionHighlighted)
    def _enable(self) -> None:
        agreement = self._agreement()
        allowed = agreement.allowed() if agreement else frozenset()
        for state in AgreementState:
            self.query_one(f"#review-{state.value}", Button).disabled = (
                AgreementStep(state.value) not in allowed
            )

    def _agreement(self) -> Agreement | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.issue.agreements):
            return None
        return self.issue.agreements[index]

    @on(OptionList.OptionSelected)
    def _to_buttons(self) -> None:
        self.query_one("#review-next", RadioSet).focus()

    @on(Button.Pressed)
    async def _review(self, event: Button.Pressed) -> None:
        agreement = self._agreement()
        profile = self.profile
        if agreement is None or profile is None or self._busy or not event.button.id:
            return
        step = AgreementStep(event.button.id.removeprefix("review-"))
        now = self.clock.now()
        days = int(_pressed(self.query_one("#review-next", RadioSet), str(REVIEW_DEFAULT)))
        review = (
            review_day(agenda.today(profile, now), days)
            if step is not AgreementStep.DROPPED
            else None
        )
        self._busy = True
        try:
            saved = await self.save(
                "agenda",
                agenda.review_agreement,
                self.store,
                self.issue.id,
                agreement.id,
                step,
                review,
                now,
                refused=lambda message: self.query_one("#review-problem", Static).update(
                    Text(message)
                ),
            )
        finally:
            self._busy = False
        if saved is not None:
            self.dismiss(saved)

    def action_close(self) -> None:
        self.dismiss(None)
