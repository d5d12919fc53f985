"""Repair: the way back after a hurt, step by step; every gate is in companion.repair."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Header, RadioSet, Static

from companion.errors import StoreError
from companion.repair import Repair, RepairStep, Stage
from companion.repair import records as repair_records
from companion.repair.words import said
from companion.screens.base import CompanionScreen
from companion.screens.footer import CompanionFooter
from companion.screens.hanging import HangingList, Paragraph
from companion.screens.scroll_area import ScrollArea
from companion.screens.ticks import Choice

STEPS = (Stage.TELLING, Stage.HEARING, Stage.APOLOGY, Stage.COMMITMENTS)


def _key(key: str, action: str, label: str, tip: str) -> Binding:
    return Binding(key, action, label, id=f"repair_{action}", tooltip=tip)


class RepairScreen(CompanionScreen):
    """Where a repair stands, and the key for the step that comes next."""

    HELP_KEY = "repair"
    SUB_TITLE = "Repair"
    AREAS = ("repair", "talks", "profile")
    BINDINGS = [
        _key("w", "write", "Write", "Write what happened, privately, in your journal"),
        _key("s", "share", "Share", "Share your account with your partner"),
        _key("o", "talk", "Talk", "Start the talk for this step"),
        _key("u", "account", "Account", "Read the shared account"),
        _key("b", "apology", "Apology", "Build the apology, the account beside it"),
        _key("d", "delivered", "Said", "Mark the apology as said, face to face"),
        _key("v", "commitments", "Commitments", "The commitments, week by week"),
        _key("p", "partners", "People", "Add your partner"),
    ]
    DEFAULT_CSS = """
    RepairScreen #repair-body { height: 1fr; padding: 0 1; }
    RepairScreen #repair-roles { text-style: bold; color: $text-primary; padding: 0 1; }
    RepairScreen #repair-steps { margin: 1 0; padding: 0 1; }
    RepairScreen #repair-now { padding: 0 1; }
    RepairScreen #repair-start, RepairScreen #repair-solo { height: auto; padding: 0 1; }
    RepairScreen #repair-start RadioSet { margin: 1 0; width: auto; min-width: 24; }
    RepairScreen .-hidden { display: none; }
    RepairScreen.-short #repair-steps { margin: 0; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.repair: Repair | None = None
        """The repair as the disk last returned it."""
        self._greeted = False
        self._busy = False

    def compose(self) -> ComposeResult:
        words = said()
        yield Header()
        with ScrollArea(id="repair-body"):
            yield Static(id="repair-roles")
            yield HangingList(id="repair-steps")
            yield Paragraph(id="repair-now")
            with Vertical(id="repair-start", classes="-hidden"):
                yield Paragraph(Text(words["start"]["intro"]))
                yield Static(Text(words["start"]["question"]), classes="title")
                yield RadioSet(id="repair-hurt")
                yield Button(words["start"]["button"], id="repair-begin", variant="primary")
            with Vertical(id="repair-solo", classes="-hidden"):
                yield Paragraph(Text(words["alone"]["text"]))
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.refresh_data()
        self.call_after_refresh(self._safe_first)

    def _safe_first(self) -> None:
        """Entering repair shows first that it is for a relationship where both are safe."""
        if self._greeted or self.app.current_mode != "repair":
            return  # only on entering the repair area (not a RepairScreen shown elsewhere)
        self._greeted = True
        from companion.screens.repair_dialogs import SafeFirst

        def answered(go: bool | None) -> None:
            if not go and self.app.current_mode == "repair":
                self.app.switch_mode("home")

        self.app.push_screen(SafeFirst(), answered)

    # -- data -----------------------------------------------------------------
    def refresh_data(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="repair-load")
    def _load(self) -> None:
        try:
            repair = repair_records.current(self.store)
            due = repair_records.hearing_due(self.store, repair)
        except StoreError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error", markup=False)
            return
        self.app.call_from_thread(self._loaded, repair, due)

    def _loaded(self, repair: Repair | None, due: bool) -> None:
        self.show(repair)
        if due and not self._busy:  # the talk shows the hurt heard: note it, once
            self._busy = True
            self.run_worker(self._note_heard(), group="repair-heard")

    async def _note_heard(self) -> None:
        try:
            saved = await self.save("repair", repair_records.catch_up, self.store, self.clock.now())
        finally:
            self._busy = False
        if saved is not None:
            self.show(saved)

    def show(self, repair: Repair | None) -> None:
        self.repair = repair
        profile = self.profile
        solo = profile is None or profile.solo
        words = said(solo)
        self.query_one("#repair-solo").set_class(not solo, "-hidden")
        start = self.query_one("#repair-start")
        starting = not solo and repair is None
        start.set_class(not starting, "-hidden")
        if starting and profile is not None:
            self._offer_roles(profile.partners)
        roles = self.query_one("#repair-roles", Static)
        steps = self.query_one("#repair-steps", HangingList)
        now_text = self.query_one("#repair-now", Paragraph)
        for widget in (roles, steps, now_text):
            widget.display = repair is not None and not solo
        if repair is None or solo:
            roles.update("")
            steps.set_items([])
            now_text.set_text("")
        else:
            names = {"hurt": repair.hurt_name, "amends": repair.amends_name}
            roles.update(Text(words["start"]["role"].format(**names)))
            at = STEPS.index(repair.stage)
            items = []
            for index, stage in enumerate(STEPS):
                mark = "✓ " if index < at else ("→ " if index == at else "  ")
                style = "bold" if index == at else ("" if index < at else "dim")
                items.append((mark, Text(words["steps"][stage.value], style=style)))
            steps.set_items(items)
            key = repair.stage.value
            if repair.stage is Stage.HEARING and repair.hearing_talk:
                key = "hearing_open"
            if repair.stage is Stage.APOLOGY and repair.apology_talk:
                key = "apology_open"
            now_text.set_text(Text(words["now"][key].format(**names)))
        self.refresh_bindings()

    def _offer_roles(self, partners: tuple[str, ...]) -> None:
        radio = self.query_one("#repair-hurt", RadioSet)
        if len(radio.children) == len(partners):
            return
        radio.remove_children()
        radio.mount_all([Choice(Text(name), value=i == 0) for i, name in enumerate(partners)])

    # -- keys -------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        repair = self.repair
        profile = self.profile
        if action == "partners":
            return profile is not None and profile.solo
        if repair is None or profile is None or profile.solo:
            return False
        allowed = repair.allowed(self.clock.now())
        if action in ("write", "share"):
            return RepairStep.SHARE_HURT in allowed
        if action == "talk":
            return bool({RepairStep.OPEN_HEARING, RepairStep.OPEN_APOLOGY_TALK} & allowed)
        if action == "account":
            return repair.hurt.shared is not None
        if action == "apology":
            return RepairStep.DRAFT_APOLOGY in allowed or bool(repair.drafts)
        if action == "delivered":
            return RepairStep.DELIVER in allowed
        if action == "commitments":
            return repair.delivered is not None
        return True

    @on(Button.Pressed, "#repair-begin")
    async def begin(self) -> None:
        pressed = self.query_one("#repair-hurt", RadioSet).pressed_index
        saved = await self.save(
            "repair", repair_records.start, self.store, max(pressed, 0), self.clock.now()
        )
        if saved is not None:
            self.show(saved)

    def action_write(self) -> None:
        from companion.screens.repair_hurt import HurtScreen

        if self.repair is not None:
            self.app.push_screen(HurtScreen(self.repair))

    def action_share(self) -> None:
        self.action_write()  # sharing is done from what was written, with its words beside

    def action_talk(self) -> None:
        from companion.screens.repair_talk import StartRepairTalk

        repair = self.repair
        if repair is None:
            return
        purpose = (
            repair_records.HEARING
            if repair.can(RepairStep.OPEN_HEARING)
            else repair_records.APOLOGY
        )

        def started(talk: object) -> None:
            if talk is None:
                return
            self.companion.action_area("talk")
            if purpose == repair_records.APOLOGY:
                from companion.screens.repair_dialogs import NotesScreen, notes_for

                self.app.push_screen(NotesScreen(*notes_for(repair)))

        self.app.push_screen(StartRepairTalk(repair, purpose), started)

    def action_account(self) -> None:
        from companion.screens.repair_dialogs import NotesScreen

        repair = self.repair
        if repair is not None and repair.hurt.shared is not None:
            title = said()["hurt"]["read_title"].format(hurt=repair.hurt_name)
            self.app.push_screen(NotesScreen(title, repair.hurt.text))

    def action_apology(self) -> None:
        from companion.screens.repair_apology import ApologyScreen

        if self.repair is not None:
            self.app.push_screen(ApologyScreen(self.repair))

    def action_delivered(self) -> None:
        from companion.screens.confirm import ConfirmScreen

        repair = self.repair
        if repair is None:
            return
        words = said()["apology"]

        async def decided(sure: bool | None) -> None:
            if not sure:
                return
            saved = await self.save(
                "repair", repair_records.deliver, self.store, repair.id, self.clock.now()
            )
            if saved is not None:
                self.show(saved)
                self.notify(words["delivered"])

        self.app.push_screen(ConfirmScreen(words["deliver_question"], "Yes, it was said"), decided)

    def action_commitments(self) -> None:
        from companion.screens.repair_commitments import CommitmentsScreen

        self.app.push_screen(CommitmentsScreen())

    def action_partners(self) -> None:
        from companion.screens.partners import PartnersScreen

        self.app.push_screen(PartnersScreen())
