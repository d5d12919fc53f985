"""The apology builder: five parts in the writer's own words, the hurt partner's account
beside them, and a gentle check on what tends to undo an apology (the rules are in
content/repair/apology_checks.toml; matching them is companion.repair.checks)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Header, Label, Static, TextArea

from companion.repair import Repair, RepairStep, check
from companion.repair import records as repair_records
from companion.repair.words import said
from companion.screens.base import CompanionScreen
from companion.screens.footer import CompanionFooter
from companion.screens.hanging import HangingList
from companion.screens.scroll_area import ScrollArea

CHECK_DELAY = 0.3
"""Seconds after the last key before the check runs again (it is quick; this keeps it calm)."""


class ApologyScreen(CompanionScreen):
    """Build the apology; save versions; it is said face to face, never sent."""

    HELP_KEY = "repair_apology"
    SUB_TITLE = "Repair"
    AREAS = ("repair",)
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="apology_save", tooltip="Save this version"),
        Binding("escape", "close", "Close", id="apology_close", tooltip="Back to the repair"),
    ]
    DEFAULT_CSS = """
    ApologyScreen #apology-body { height: 1fr; }
    ApologyScreen #apology-form { width: 1fr; height: 1fr; padding: 0 1 0 0; }
    ApologyScreen #apology-form Label { padding: 0 1; color: $text-muted; width: 1fr; height: auto; }
    ApologyScreen #apology-form TextArea { height: 4; }
    ApologyScreen #apology-side { width: 38; height: 1fr; }
    ApologyScreen #apology-account { height: 1fr; border: round $foreground 25%; padding: 0 1; }
    ApologyScreen #apology-flags {
        height: auto;
        max-height: 50%;
        border: round $foreground 25%;
        padding: 0 1;
    }
    ApologyScreen.-narrow #apology-body { layout: vertical; }
    ApologyScreen.-narrow #apology-side { width: 100%; height: 9; layout: horizontal; }
    ApologyScreen.-narrow #apology-account { width: 1fr; height: 100%; }
    ApologyScreen.-narrow #apology-flags { width: 1fr; height: 100%; max-height: 100%; }
    """

    def __init__(self, repair: Repair) -> None:
        super().__init__()
        self.repair = repair
        self._timer: Timer | None = None
        self._shown: tuple | None = None

    def compose(self) -> ComposeResult:
        words = said()["apology"]
        names = {"hurt": self.repair.hurt_name, "amends": self.repair.amends_name}
        draft = self.repair.draft
        yield Header()
        with Horizontal(id="apology-body"):
            with VerticalScroll(id="apology-form"):
                for part in words["part"]:
                    yield Label(Text(part["label"]), id=f"label-{part['id']}")
                    value = ""
                    if draft is not None:
                        got = getattr(draft, part["id"])
                        value = "\n".join(got) if isinstance(got, list) else got
                    area = TextArea(value, id=f"part-{part['id']}", soft_wrap=True)
                    area.placeholder = part["hint"]
                    yield area
            with Vertical(id="apology-side"):
                account = ScrollArea(id="apology-account")
                account.border_title = words["account"].format(**names)
                with account:
                    yield Static(Text(self.repair.hurt.text), id="apology-account-text")
                flags = HangingList(id="apology-flags")
                flags.border_title = words["flags"]
                yield flags
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.query(TextArea).first().focus()
        self.run_check()

    def parts(self) -> dict[str, str]:
        return {(area.id or "").removeprefix("part-"): area.text for area in self.query(TextArea)}

    @on(TextArea.Changed)
    def _changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(CHECK_DELAY, self.run_check)

    def run_check(self) -> None:
        """Flag what tends to undo an apology, part by part, each with its one-line why."""
        words = said()["apology"]
        labels = {part["id"]: part["label"] for part in words["part"]}
        found = []
        for part, text in self.parts().items():
            for flag in check(text):
                found.append((part, " ".join(flag.phrase.split()), flag.why))
        key = tuple(found)
        if key == self._shown:
            return
        self._shown = key
        flags = self.query_one("#apology-flags", HangingList)
        if not found:
            flags.set_items([("", Text(words["clean"], style="dim"))])
            return
        items = []
        for part, phrase, why in found:
            items.append(
                (
                    "• ",
                    Text.assemble(
                        (f"“{phrase}”", "bold"),
                        (f" ({labels[part].split(',')[0]})", "dim"),
                        f": {why}",
                    ),
                )
            )
        flags.set_items(items)

    async def action_save(self) -> bool:
        parts = self.parts()
        if not self.repair.can(RepairStep.DRAFT_APOLOGY):
            self.notify(self.repair.why_not(RepairStep.DRAFT_APOLOGY), markup=False)
            return False
        saved = await self.save(
            "repair",
            repair_records.take,
            self.store,
            self.repair.id,
            RepairStep.DRAFT_APOLOGY,
            self.clock.now(),
            parts.get("did", ""),
            parts.get("impact", ""),
            parts.get("choice", ""),
            parts.get("actions", ""),
            parts.get("need", ""),
        )
        if saved is None:
            return False
        self.repair = saved
        self.notify(said()["apology"]["saved"])
        return True

    async def action_close(self) -> None:
        """Close; what was written since the last save is saved first (a new version)."""
        keep = self._unsaved() and self.repair.can(RepairStep.DRAFT_APOLOGY)
        if keep and not await self.action_save():
            return
        self.dismiss()

    def _unsaved(self) -> bool:
        draft = self.repair.draft
        parts = {k: v.strip() for k, v in self.parts().items()}
        if draft is None:
            return any(parts.values())
        saved = {
            "did": draft.did,
            "impact": draft.impact,
            "choice": draft.choice,
            "actions": "\n".join(draft.actions),
            "need": draft.need,
        }
        return any(parts.get(key, "") != value for key, value in saved.items())
