"""The form that adds or edits an issue: checked by the agenda's rules, explained beside the field."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static, TextArea

from companion import words
from companion.agenda import BOTH, AgendaError, Draft, Issue, Kind
from companion.agenda import records as agenda
from companion.screens.base import CompanionModal

FIELDS = ("title", "details", "raised_by", "kind", "tags", "cycle")


def _words() -> dict[str, str]:
    return words.data("agenda/words.toml")["form"]


class IssueForm(CompanionModal):
    """Add an issue (issue=None) or edit one; dismisses with the issue as saved, or None."""

    HELP_KEY = "agenda_form"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form_cancel", tooltip="Close without saving"),
        Binding("ctrl+s", "submit", "Save", id="form_save", tooltip="Save the issue"),
    ]
    DEFAULT_CSS = """
    IssueForm .dialog { width: 76; }
    IssueForm .row { height: auto; margin-top: 1; }
    IssueForm .row > Label { width: 10; }
    IssueForm Input, IssueForm TextArea { width: 1fr; background: $boost; }
    IssueForm Input:focus, IssueForm TextArea:focus { background-tint: $primary 25%; }
    IssueForm TextArea { height: 4; }
    IssueForm RadioSet { layout: horizontal; border: none; padding: 0; height: auto; width: 1fr; background: transparent; }
    IssueForm RadioSet:focus { border: none; background-tint: $primary 15%; }
    IssueForm RadioSet:blur > RadioButton.-selected > .toggle--label { background: transparent; }
    IssueForm RadioSet > RadioButton { width: auto; margin-right: 2; }
    IssueForm .problem { color: $text-error; height: auto; display: none; padding-left: 10; }
    IssueForm .problem.-shown { display: block; }
    IssueForm .hint { color: $text-muted; height: auto; padding-left: 10; }
    IssueForm #form-buttons { height: auto; margin-top: 1; }
    IssueForm #form-buttons Button { margin-right: 2; }
    IssueForm TextArea.-invalid { background-tint: $error 20%; }
    """

    def __init__(self, issue: Issue | None) -> None:
        super().__init__()
        self.issue = issue
        self._busy = False

    def compose(self) -> ComposeResult:
        w = _words()
        issue = self.issue
        partners = self.profile.partners if self.profile else ()
        with VerticalScroll(classes="dialog"):
            yield Static(
                w["edit_title" if issue else "add_title"], id="form-heading", classes="title"
            )
            with Horizontal(classes="row"):
                yield Label(w["title"])
                yield Input(
                    issue.title if issue else "",
                    placeholder=w["title_placeholder"],
                    id="title",
                    compact=True,
                )
            yield Static(id="title-problem", classes="problem")
            with Horizontal(classes="row"):
                yield Label(w["details"])
                area = TextArea(
                    issue.details if issue else "", id="details", soft_wrap=True, compact=True
                )
                area.show_line_numbers = False
                yield area
            yield Static(id="details-problem", classes="problem")
            if len(partners) == 2:
                by = issue.raised_by if issue else BOTH
                with Horizontal(classes="row"):
                    yield Label(w["raised_by"])
                    with RadioSet(id="raised_by"):
                        for name in (*partners, BOTH):
                            label = Text(name.capitalize() if name == BOTH else name)
                            yield RadioButton(label, value=name == by, name=name)
                yield Static(id="raised_by-problem", classes="problem")
            with Horizontal(classes="row"):
                yield Label(w["kind"])
                with RadioSet(id="kind"):
                    kind = issue.kind if issue else Kind.SOLVABLE
                    for choice in Kind:
                        yield RadioButton(
                            choice.value.capitalize(), value=choice is kind, name=choice.value
                        )
            yield Static(w["kind_hint"], classes="hint")
            with Horizontal(classes="row"):
                yield Label(w["tags"])
                yield Input(
                    ", ".join(issue.tags) if issue else "",
                    placeholder=w["tags_placeholder"],
                    id="tags",
                    compact=True,
                )
            yield Static(id="tags-problem", classes="problem")
            with Horizontal(classes="row"):
                yield Label(w["cycle"])
                yield Input(
                    issue.cycle if issue else "",
                    placeholder=w["cycle_placeholder"],
                    id="cycle",
                    compact=True,
                )
            yield Static(id="cycle-problem", classes="problem")
            with Horizontal(id="form-buttons"):
                yield Button(w["save"], id="form-save", variant="primary", compact=True)
                yield Button(w["cancel"], id="form-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    # -- reading the fields ------------------------------------------------------------
    def _choice(self, set_id: str, default: str) -> str:
        found = self.query(f"#{set_id}")
        if not found:
            return default
        radio = found.first(RadioSet)
        pressed = radio.pressed_button
        return pressed.name if pressed is not None and pressed.name else default

    def draft(self) -> Draft:
        partners = self.profile.partners if self.profile else ()
        return Draft(
            title=self.query_one("#title", Input).value,
            details=self.query_one("#details", TextArea).text,
            raised_by=self._choice("raised_by", partners[0] if len(partners) == 1 else BOTH),
            kind=self._choice("kind", Kind.SOLVABLE.value),
            tags=self.query_one("#tags", Input).value,
            cycle=self.query_one("#cycle", Input).value,
        )

    def show_problem(self, message: str, field: str | None) -> None:
        """Say what to fix beside the field it is about (or under the title), and go there."""
        field = field if field in FIELDS and self.query(f"#{field}-problem") else "title"
        for name in FIELDS:
            for problem in self.query(f"#{name}-problem"):
                problem.set_class(name == field, "-shown")
                if name == field:
                    problem.update(Text(message))  # type: ignore[attr-defined]
            for widget in self.query(f"#{name}"):
                widget.set_class(name == field, "-invalid")
        target: Widget = self.query_one(f"#{field}")
        target.focus()
        self.query_one(VerticalScroll).scroll_to_widget(target, animate=False)

    # -- saving ---------------------------------------------------------------------------
    @on(Input.Submitted)
    @on(Button.Pressed, "#form-save")
    async def action_submit(self) -> None:
        profile = self.profile
        if profile is None or self._busy:
            return
        draft = self.draft()
        try:
            draft.checked(profile.partners)  # the domain's rules, said beside the field
        except AgendaError as exc:
            self.show_problem(str(exc), exc.field)
            return
        self._busy = True
        try:
            now = self.clock.now()
            if self.issue is None:
                saved = await self.save(
                    "agenda", agenda.add_draft, self.store, draft, now, refused=self._refused
                )
            else:
                saved = await self.save(
                    "agenda",
                    agenda.edit_issue,
                    self.store,
                    self.issue.id,
                    draft,
                    now,
                    refused=self._refused,
                )
        finally:
            self._busy = False
        if saved is not None:
            self.dismiss(saved)

    def _refused(self, message: str) -> None:
        self.show_problem(message, None)

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
