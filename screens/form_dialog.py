"""A small form in a dialog: a few labelled fields, a problem line, and Save / Cancel.

The dialog hands what was typed to `submit`, which runs the step through the
domain and returns None when it was saved, or the sentence saying why not;
the dialog stays open with that sentence until the step is saved or cancelled.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from companion.screens.base import CompanionModal


@dataclass(frozen=True)
class Field:
    """One line of the form."""

    id: str
    label: str
    value: str = ""
    placeholder: str = ""
    max_length: int = 200


Submit = Callable[[dict[str, str]], Awaitable[str | None]]


class FormDialog(CompanionModal):
    """Asks for a few values; dismisses with True once `submit` has saved them."""

    HELP_KEY = "calendar"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form_cancel", tooltip="Close without saving"),
    ]
    DEFAULT_CSS = """
    FormDialog .form-row { height: auto; }
    FormDialog .form-row Label { width: 16; padding: 1 1 0 0; }
    FormDialog .form-row Input { width: 1fr; }
    FormDialog #form-buttons { height: auto; margin-top: 1; }
    FormDialog Button { margin-right: 2; }
    FormDialog #form-about { height: auto; }
    """

    def __init__(
        self, title: str, fields: Sequence[Field], submit: Submit, ok: str = "Save", about: str = ""
    ) -> None:
        super().__init__()
        self.heading = title
        self.fields = list(fields)
        self.submit = submit
        self.ok = ok
        self.about = about
        self._busy = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(Text(self.heading), classes="title")
            if self.about:
                yield Static(Text(self.about), id="form-about", classes="tip")
            for field in self.fields:
                with Horizontal(classes="form-row"):
                    yield Label(Text(field.label))
                    yield Input(
                        field.value,
                        placeholder=field.placeholder,
                        id=f"field-{field.id}",
                        max_length=field.max_length,
                    )
            yield Static(id="form-problem", classes="error-text")
            with Horizontal(id="form-buttons"):
                yield Button(self.ok, id="form-ok", variant="primary")
                yield Button("Cancel", id="form-cancel")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def values(self) -> dict[str, str]:
        return {f.id: self.query_one(f"#field-{f.id}", Input).value for f in self.fields}

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
        else:
            self.run_worker(self._save(), exclusive=True, group="form")

    @on(Button.Pressed, "#form-ok")
    async def _ok(self) -> None:
        await self._save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel(self) -> None:
        self.dismiss(False)

    async def _save(self) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            problem = await self.submit(self.values())
        finally:
            self._busy = False
        if problem is None:
            self.dismiss(True)
        else:
            self.query_one("#form-problem", Static).update(Text(problem))

    def action_cancel(self) -> None:
        self.dismiss(False)
