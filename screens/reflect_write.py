"""Writing in Reflect: free writing, and the guided reflections with their prompts."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Label, SelectionList, Static, TextArea

from companion.reflect import prompts
from companion.reflect.journal import FEELINGS_MAX, FREE, Draft, Entry, Feeling
from companion.reflect.prompts import Reflection


class WriteView(Vertical):
    """Free writing: an optional title and as much as you like below it."""

    DEFAULT_CSS = """
    WriteView { padding: 0 1; }
    WriteView #write-title { margin-top: 1; }
    WriteView TextArea { height: 1fr; }
    WriteView #write-status { height: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entry_id: int | None = None
        self._saved: tuple[str, str] = ("", "")

    def compose(self) -> ComposeResult:
        yield Input(placeholder=prompts.word("write", "title_hint"), id="write-title")
        yield TextArea(
            id="write-body",
            soft_wrap=True,
            placeholder=prompts.word("write", "body_hint"),
        )
        yield Static(id="write-status", classes="tip")

    def edit(self, entry: Entry | None) -> None:
        """Open an entry, or a blank page for a new one."""
        self.entry_id = entry.id if entry else None
        title, text = (entry.title, entry.text) if entry else ("", "")
        self.query_one("#write-title", Input).value = title
        self.query_one(TextArea).load_text(text)
        self._saved = (title, text)
        self.status("Not saved yet." if entry is None else f"Entry {entry.id}.")
        self.query_one(TextArea).focus()

    def _now(self) -> tuple[str, str]:
        return self.query_one("#write-title", Input).value, self.query_one(TextArea).text

    def draft(self) -> Draft | None:
        """What changed since the last save, or None."""
        title, text = self._now()
        if (title, text) == self._saved:
            return None
        return Draft(kind=FREE, title=title, text=text, entry_id=self.entry_id)

    @property
    def blank(self) -> bool:
        title, text = self._now()
        return not (title.strip() or text.strip())

    def saved(self, draft: Draft, entry: Entry | None, when: str) -> None:
        if entry is not None:
            self.entry_id = entry.id
        self._saved = (draft.title, draft.text)
        self.status(f"Saved at {when}.")

    def status(self, message: str) -> None:
        self.query_one("#write-status", Static).update(message)

    def forget(self) -> None:
        self.entry_id = None
        self._saved = ("", "")
        self.query_one("#write-title", Input).value = ""
        self.query_one(TextArea).load_text("")  # and its undo history with it
        self.status("")


class FeelingRow(Vertical):
    """One of the top five: the feeling, and what you want and need."""

    DEFAULT_CSS = """
    FeelingRow { height: auto; }
    FeelingRow .feeling-name { text-style: bold; margin-top: 1; }
    FeelingRow Horizontal { height: auto; }
    FeelingRow Input { width: 1fr; }
    """

    def __init__(self, rank: int, feeling: Feeling, reflection: Reflection) -> None:
        super().__init__()
        self.feeling = feeling
        self.rank = rank
        self.reflection = reflection

    def compose(self) -> ComposeResult:
        yield Static(Text(f"{self.rank}. {self.feeling.name}"), classes="feeling-name")
        with Horizontal():
            yield Input(
                self.feeling.want,
                placeholder=f"{self.reflection.want}: {self.reflection.want_hint}",
                classes="want",
            )
            yield Input(
                self.feeling.need,
                placeholder=f"{self.reflection.need}: {self.reflection.need_hint}",
                classes="need",
            )

    def value(self) -> Feeling:
        return Feeling(
            self.feeling.name,
            self.query_one(".want", Input).value,
            self.query_one(".need", Input).value,
        )


class GuidedView(VerticalScroll):
    """A guided reflection: its intro, its prompts and, for some, the sentence they make."""

    DEFAULT_CSS = """
    GuidedView { padding: 0 1; }
    GuidedView #guided-title { padding: 1 0 0 0; height: auto; }
    GuidedView #guided-intro { padding: 0; }
    GuidedView #guided-form { height: auto; }
    GuidedView .prompt-label { margin-top: 1; text-style: bold; }
    GuidedView TextArea { height: 5; }
    GuidedView SelectionList { height: 8; }
    GuidedView #guided-feeling-rows { height: auto; }
    GuidedView #guided-sentence { margin-top: 1; padding: 0 1; height: auto; border: round $primary 50%; }
    GuidedView #guided-sentence.-empty { display: none; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.reflection: Reflection | None = None
        self.entry_id: int | None = None
        self.partner: str | None = None
        self.solo = False
        self._saved: tuple[dict[str, str], list[Feeling]] = ({}, [])
        self._typed: dict[str, Feeling] = {}
        """What was typed for each feeling, kept while it is unselected and selected again."""

    def compose(self) -> ComposeResult:
        yield Static(id="guided-title", classes="title")
        yield Static(id="guided-intro", classes="tip")
        yield Vertical(id="guided-form")
        yield Static(id="guided-sentence", classes="-empty")

    async def edit(
        self, reflection: Reflection, entry: Entry | None, partner: str | None, solo: bool
    ) -> None:
        """Lay out the reflection's prompts, filled in from `entry` when there is one."""
        self.reflection, self.partner, self.solo = reflection, partner, solo
        self.entry_id = entry.id if entry else None
        answers = dict(entry.answers) if entry else {}
        chosen = list(entry.feelings) if entry else []
        self._typed = {f.name: f for f in chosen}
        self.query_one("#guided-title", Static).update(Text(reflection.title))
        self.query_one("#guided-intro", Static).update(Text(reflection.intro))
        form = self.query_one("#guided-form", Vertical)
        await form.remove_children()
        fields: list[Widget] = []
        if reflection.feelings:
            fields.append(Label(prompts.word("guided", "top_five"), classes="prompt-label"))
            fields.append(
                SelectionList[str](*((n, n) for n in prompts.feelings()), id="guided-feelings")
            )
            fields.append(Vertical(id="guided-feeling-rows"))
        for prompt in reflection.prompts:
            label = prompt.label_for(None if solo else partner)
            fields.append(Label(Text(label), classes="prompt-label"))
            answer = answers.get(prompt.id, "")
            field_id = f"answer-{prompt.id}"
            if prompt.line:
                fields.append(Input(answer, placeholder=prompt.hint, id=field_id))
            else:
                fields.append(
                    TextArea(answer, placeholder=prompt.hint, id=field_id, soft_wrap=True)
                )
        await form.mount_all(fields)
        if reflection.feelings:
            picker = self.query_one("#guided-feelings", SelectionList)
            with picker.prevent(SelectionList.SelectedChanged):
                for feeling in chosen:
                    picker.select(feeling.name)
            await self._lay_out_feelings()
        self._saved = self._answers()
        self._show_sentence()
        self.scroll_home(animate=False)
        first = next(iter(form.query("SelectionList, Input, TextArea")), None)
        if first is not None:
            first.focus()

    def _answers(self) -> tuple[dict[str, str], list[Feeling]]:
        answers: dict[str, str] = {}
        if self.reflection is None:
            return answers, []
        for prompt in self.reflection.prompts:
            for field in self.query(f"#answer-{prompt.id}"):
                if isinstance(field, Input):
                    answers[prompt.id] = field.value
                elif isinstance(field, TextArea):
                    answers[prompt.id] = field.text
        feelings = [row.value() for row in self.query(FeelingRow)]
        return answers, feelings

    def draft(self) -> Draft | None:
        """What changed since the last save, or None."""
        if self.reflection is None:
            return None
        answers, feelings = self._answers()
        if (answers, feelings) == self._saved:
            return None
        return Draft(
            kind=self.reflection.id, answers=answers, feelings=feelings, entry_id=self.entry_id
        )

    @property
    def blank(self) -> bool:
        answers, feelings = self._answers()
        return not feelings and not any(a.strip() for a in answers.values())

    def saved(self, draft: Draft, entry: Entry | None) -> None:
        if entry is not None:
            self.entry_id = entry.id
        self._saved = (draft.answers, draft.feelings)

    def statement(self) -> tuple[str, str]:
        """The topic and the sentence built from the answers (for the agenda)."""
        if self.reflection is None:
            return "", ""
        answers, _ = self._answers()
        return answers.get("topic", ""), self.reflection.sentence_for(answers, self.solo)

    def _show_sentence(self) -> None:
        sentence = self.query_one("#guided-sentence", Static)
        reflection = self.reflection
        if reflection is None or not reflection.sentence:
            sentence.update("")
            sentence.set_class(True, "-empty")
            return
        answers, _ = self._answers()
        sentence.update(Text(reflection.sentence_for(answers, self.solo)))
        sentence.set_class(False, "-empty")

    async def _lay_out_feelings(self) -> None:
        if self.reflection is None:
            return
        rows = self.query_one("#guided-feeling-rows", Vertical)
        for row in rows.query(FeelingRow):
            self._typed[row.feeling.name] = row.value()
        picker = self.query_one("#guided-feelings", SelectionList)
        await rows.remove_children()
        await rows.mount_all(
            FeelingRow(rank, self._typed.get(name, Feeling(name)), self.reflection)
            for rank, name in enumerate(picker.selected, start=1)
        )

    @on(SelectionList.SelectedChanged, "#guided-feelings")
    async def feelings_changed(self, event: SelectionList.SelectedChanged) -> None:
        picker = event.selection_list
        if len(picker.selected) > FEELINGS_MAX:
            with picker.prevent(SelectionList.SelectedChanged):
                picker.deselect(picker.selected[-1])
            self.notify(prompts.word("guided", "too_many"), markup=False)
            return
        await self._lay_out_feelings()

    @on(Input.Changed)
    @on(TextArea.Changed)
    def answer_changed(self) -> None:
        self._show_sentence()

    async def forget(self) -> None:
        """Clear every answer and remove the form: the journal is locking."""
        for field in self.query(Input):
            field.value = ""
        for area in self.query(TextArea):
            area.load_text("")
        for static in self.query(Static):
            static.update("")
        self.reflection = None
        self.entry_id = None
        self._saved = ({}, [])
        self._typed = {}
        await self.query_one("#guided-form", Vertical).remove_children()
