"""Commitments, kept over time: a quiet view of weeks as dots, no streaks and no red.

Each commitment is an action to practise with a cadence. Only the one who made
it says how it went, and the other may say how it felt; they look at it
together (here or at a check-in).
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from companion.errors import StoreError
from companion.repair import Commitment, Mark, Repair, RepairStep, next_cadence
from companion.repair import records as repair_records
from companion.repair.words import said
from companion.screens.base import CompanionScreen
from companion.screens.footer import CompanionFooter
from companion.screens.hanging import Paragraph

WEEKS = 12
"""Weeks shown for each commitment: about three months, the span trust is rebuilt over."""
MONTHS = 6
"""Months in the long view, once a commitment is older than one."""
DOTS = {Mark.KEPT: "●", Mark.PARTLY: "◐", Mark.NOT_YET: "○", Mark.NOT_SAID: "·"}


def dots(commitment: Commitment, today: object, weeks: int = WEEKS) -> Text:
    """The weeks as dots, oldest first; muted, never red."""
    out = Text()
    for mark in commitment.weeks(today, weeks):  # type: ignore[arg-type]
        out.append(DOTS[mark] + " ", style="" if mark is not Mark.NOT_SAID else "dim")
    return out


class CommitmentsScreen(CompanionScreen):
    """The commitments of the repair, each with its last weeks, to look at together."""

    HELP_KEY = "repair_commitments"
    SUB_TITLE = "Repair"
    AREAS = ("repair", "profile")
    BINDINGS = [
        Binding("r", "review", "Review", id="commit_review", tooltip="Say how it went, together"),
        Binding("c", "cadence", "How often", id="commit_cadence", tooltip="Change how often"),
        Binding("n", "new", "New", id="commit_new", tooltip="Add an action to practise"),
        Binding("escape", "close", "Close", id="commit_close", tooltip="Back to the repair"),
    ]
    DEFAULT_CSS = """
    CommitmentsScreen #commit-list { height: 1fr; border: none; }
    CommitmentsScreen #commit-none { padding: 1 1; }
    CommitmentsScreen #commit-legend { padding: 0 1; height: auto; color: $text-muted; }
    CommitmentsScreen #commit-why { padding: 0 1; color: $text-muted; }
    CommitmentsScreen.-short #commit-why { display: none; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.repair: Repair | None = None
        self._today: object = None

    def compose(self) -> ComposeResult:
        words = said()["commitments"]
        yield Header()
        yield Static(Text(words["title"]), classes="title")
        yield Paragraph(Text(words["none"]), id="commit-none", classes="muted")
        yield OptionList(id="commit-list")
        yield Static(Text(words["legend"]), id="commit-legend")
        yield Paragraph(Text(words["why"]), id="commit-why")
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="commitments-load")
    def _load(self) -> None:
        try:
            repair = repair_records.current(self.store)
            today = repair_records.today(self.store, self.clock.now())
        except StoreError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error", markup=False)
            return
        self.app.call_from_thread(self.show, repair, today)

    def show(self, repair: Repair | None, today: object) -> None:
        self.repair = repair
        self._today = today
        words = said()["commitments"]
        found = repair.commitments if repair is not None else []
        listing = self.query_one("#commit-list", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        for commitment in found:
            kept, counted = commitment.consistency(today, WEEKS)  # type: ignore[arg-type]
            label = Text.assemble(
                (commitment.what, "bold"),
                "\n",
                (f"{commitment.by}, {commitment.cadence.label}", "dim"),
                "\n",
                dots(commitment, today),
                "\n",
                (words["kept"].format(kept=kept, weeks=counted), "dim"),
            )
            months = commitment.months(today, MONTHS)  # type: ignore[arg-type]
            if len(months) > 1:
                listed = ", ".join(f"{first:%b} {kept}" for first, kept, _said in months)
                label.append("\n")
                label.append(words["months"].format(months=listed), style="dim")
            last = commitment.last
            if last is not None and last.felt:
                label.append("\n")
                label.append(f"“{last.felt}”", style="italic dim")
            listing.add_option(Option(label, id=commitment.id))
        if found:
            listing.highlighted = min(highlighted or 0, len(found) - 1)
            listing.focus()
        self.query_one("#commit-none").display = not found
        listing.display = bool(found)
        self.query_one("#commit-legend").display = bool(found)
        self.refresh_bindings()

    @property
    def selected(self) -> Commitment | None:
        listing = self.query_one("#commit-list", OptionList)
        if self.repair is None or listing.highlighted is None:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        return next((c for c in self.repair.commitments if c.id == option.id), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        repair = self.repair
        if action in ("review", "cadence"):
            return repair is not None and repair.can(RepairStep.REPORT)
        if action == "new":
            return repair is not None and repair.can(RepairStep.COMMIT)
        return True

    def action_review(self) -> None:
        from companion.screens.repair_dialogs import ReportDialog

        commitment = self.selected
        if self.repair is not None and commitment is not None:
            self.app.push_screen(ReportDialog(self.repair, commitment), self._after)

    @on(OptionList.OptionSelected, "#commit-list")
    def _chosen(self) -> None:
        self.action_review()

    async def action_cadence(self) -> None:
        commitment = self.selected
        if self.repair is None or commitment is None:
            return
        days = next_cadence(commitment.cadence).days
        saved = await self.save(
            "repair",
            repair_records.take,
            self.store,
            self.repair.id,
            RepairStep.CADENCE,
            self.clock.now(),
            commitment.id,
            days,
        )
        if saved is not None:
            self.show(saved, self._today)

    def action_new(self) -> None:
        from companion.screens.form_dialog import Field, FormDialog

        repair = self.repair
        if repair is None:
            return
        words = said()["commitments"]

        async def submit(values: dict[str, str]) -> str | None:
            problems: list[str] = []
            try:
                days = int(values.get("every", "7").strip() or "7")
            except ValueError:
                return "How often is a number of days, from 1 to 90."
            saved = await self.save(
                "repair",
                repair_records.take,
                self.store,
                repair.id,
                RepairStep.COMMIT,
                self.clock.now(),
                values.get("what", ""),
                days,
                refused=problems.append,
            )
            return None if saved is not None else (problems[0] if problems else "Not saved.")

        fields = [
            Field("what", words["new_what"], placeholder="Call you when I am late"),
            Field("every", words["new_every"], value="7", max_length=2),
        ]
        self.app.push_screen(FormDialog(words["new_title"], fields, submit), self._after)

    def _after(self, _result: object) -> None:
        self.refresh_data()

    def action_close(self) -> None:
        self.dismiss()
