"""A repair as a couple lives it: safe first, the hurt told privately and shared, heard in a
talk, the apology built and said face to face, and a commitment looked at together, then at
a check-in."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, OptionList, RadioSet, SelectionList, Static, TextArea

from companion.checkins.rules import Stage
from companion.clock import FakeClock
from companion.profile import create_profile
from companion.reflect import records as journals
from companion.repair import records as repair_records
from companion.screens.checkin import CheckInScreen
from companion.screens.confirm import ConfirmScreen
from companion.screens.home import HomeScreen
from companion.screens.repair import RepairScreen
from companion.screens.repair_apology import ApologyScreen
from companion.screens.repair_commitments import CommitmentsScreen
from companion.screens.repair_dialogs import NotesScreen, ReportDialog, SafeFirst
from companion.screens.repair_hurt import HurtScreen
from companion.screens.repair_talk import StartRepairTalk
from companion.screens.talk import TalkScreen
from companion.store import Store
from companion.talk import Phase

from .helpers import SIZE, agree, read_area, shown

ACCOUNT = "You left me alone at the hospital. I felt I did not matter to you."


def repair_row(store: Store) -> dict:
    (row,) = read_area(store.data_dir, "repair")["repairs"].values()
    return row


async def paste(pilot, text: str) -> None:
    """A terminal's paste: it arrives at the app first, which hands it to what has focus."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def answer(pilot, text: str) -> None:
    """Type into the focused field and press enter, as a person does."""
    focused = pilot.app.focused
    assert isinstance(focused, Input), focused
    focused.value = text
    await pilot.press("enter")


async def enter_repair(pilot) -> RepairScreen:
    """m, then the two lines about safety, then enter to go on."""
    await pilot.press("m")
    assert isinstance(pilot.app.screen, SafeFirst)
    assert "safe" in shown(pilot.app.screen.query_one("#safe-lines"))
    await pilot.press("enter")
    screen = pilot.app.screen
    assert isinstance(screen, RepairScreen)
    return screen


async def talk_one_turn(pilot, clock: FakeClock) -> None:
    """In the talk just started: ground rules, one turn heard ("yes"), then end and save."""
    screen = pilot.app.screen
    assert isinstance(screen, TalkScreen)
    await agree(pilot, screen)
    clock.advance(60)
    await pilot.press("space")  # the speaker is done
    await pilot.press("space")  # the listener has said it back
    assert screen.talk is not None and screen.talk.phase is Phase.CONFIRM
    await pilot.press("y")  # "yes, you understood"
    await pilot.press("e")
    await pilot.click("#confirm-yes")
    await pilot.press("space")  # save the talk
    assert screen.talk is None


async def test_a_whole_repair(couple: Store, clock: FakeClock, make_app) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await enter_repair(pilot)
        await pilot.click("#repair-begin")  # Sam (the first choice) was hurt
        assert screen.repair is not None and screen.repair.hurt_name == "Sam"
        assert "Sam was hurt; Alex is making amends." in shown(screen.query_one("#repair-roles"))

        # -- the hurt, told: privately in Sam's journal, then shared -------------------
        await pilot.press("w")
        hurt = app.screen
        assert isinstance(hurt, HurtScreen)
        hurt.query_one("#hurt-pass", Input).value = "a long passphrase"
        hurt.query_one("#hurt-again", Input).value = "a long passphrase"
        await pilot.click("#hurt-open")
        assert app.focused is hurt.query_one("#hurt-text", TextArea)
        await paste(pilot, ACCOUNT)
        hurt.query_one("#hurt-ways", SelectionList).select("alone")
        await pilot.press("ctrl+s")
        assert journals.has_journal(couple, "Sam")
        row = repair_row(couple)
        assert row["hurt"]["drafted"] is not None and row["hurt"]["text"] == ""
        assert "hospital" not in (couple.data_dir / "repair.json").read_text()
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#confirm-yes")
        assert app.screen is screen
        row = repair_row(couple)
        assert row["hurt"]["text"] == ACCOUNT and row["hurt"]["ways"] == ["alone"]

        # -- the hurt, heard: a talk with Sam speaking first ------------------------------
        await pilot.press("d")  # not yet: the apology waits for the hurt to be heard
        assert repair_row(couple)["delivered"] is None
        await pilot.press("o")
        assert isinstance(app.screen, StartRepairTalk)
        await pilot.click("#begin")
        talk_screen = app.screen
        assert isinstance(talk_screen, TalkScreen) and talk_screen.talk is not None
        assert talk_screen.talk.speaker_name == "Sam"
        await talk_one_turn(pilot, clock)
        await pilot.press("escape", "m")  # home (the talk's setup form has focus), then repair
        assert app.screen is screen
        assert repair_row(couple)["heard"] is not None

        # -- the apology: built with a flag, then said face to face -------------------
        await pilot.press("b")
        builder = app.screen
        assert isinstance(builder, ApologyScreen)
        assert ACCOUNT in shown(builder.query_one("#apology-account-text", Static))
        await paste(pilot, "I left you alone, but it was only one night.")
        await pilot.pause(0.5)
        flags = shown(builder.query_one("#apology-flags"))
        assert "“but”" in flags and "“only”" in flags
        builder.query_one("#part-did", TextArea).text = "I left you alone at the hospital."
        builder.query_one("#part-actions", TextArea).text = "Answer when you call\n"
        await pilot.pause(0.5)
        assert "Nothing here undoes" in shown(builder.query_one("#apology-flags"))
        await pilot.press("escape")  # saves the new version, then closes
        assert repair_row(couple)["drafts"][-1]["actions"] == ["Answer when you call"]
        await pilot.press("o")
        await pilot.click("#begin")
        assert isinstance(app.screen, NotesScreen)  # the speaker's notes, over the talk
        assert "I left you alone at the hospital." in shown(app.screen.query_one("#notes-text"))
        await pilot.press("escape")
        assert app.screen.talk.speaker_name == "Alex"
        await talk_one_turn(pilot, clock)
        await pilot.press("escape", "m")  # home (the talk's setup form has focus), then repair
        await pilot.press("d")
        await pilot.click("#confirm-yes")
        row = repair_row(couple)
        assert row["delivered"]["talk_id"] == row["apology_talk"]
        assert [c["what"] for c in row["commitments"]] == ["Answer when you call"]

        # -- a commitment, looked at together -------------------------------------------------
        await pilot.press("v")
        view = app.screen
        assert isinstance(view, CommitmentsScreen)
        assert view.query_one("#commit-list", OptionList).option_count == 1
        await pilot.press("r")
        dialog = app.screen
        assert isinstance(dialog, ReportDialog)
        dialog.query_one("#report-note", Input).value = "every day but one"
        dialog.query_one("#report-felt", Input).value = "I felt it"
        await pilot.click("#report-save")
        assert app.screen is view
        (report,) = repair_row(couple)["commitments"][0]["reports"]
        assert report["how"] == "kept" and report["felt"] == "I felt it"


async def test_a_commitment_is_looked_at_at_a_check_in(
    couple: Store, clock: FakeClock, make_app
) -> None:
    """The commitment comes up in the check-in's review, after the agenda's items; what is said
    there is kept on the commitment."""
    from tests.unit.test_repair_checkin import delivered

    delivered(couple, clock, ["Answer when you call"])
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        checkin = app.screen
        assert isinstance(checkin, CheckInScreen)
        await pilot.click("#ci-begin")
        for said in ("Thank you", "Thank you too", "6", "7"):
            await answer(pilot, said)
        assert checkin.checkin is not None and checkin.checkin.stage is Stage.REVIEW
        (review,) = checkin.checkin.reviews
        assert (review.shown_label, review.title) == ("Commitment (Alex)", "Answer when you call")
        await pilot.click(checkin.query_one("#verdict-0", RadioSet).query("RadioButton")[0])
        checkin.query_one("#note-0", Input).value = "Every time this week"
        await pilot.press("ctrl+n")  # on to concerns
        await pilot.press("ctrl+n")  # nothing on our minds: on to the plan
        await answer(pilot, "A walk on Sunday")  # enter on the plan finishes
        (report,) = repair_row(couple)["commitments"][0]["reports"]
        assert (report["how"], report["note"]) == ("kept", "Every time this week")


async def test_alone_it_says_kindly_that_repair_needs_two(
    store: Store, clock: FakeClock, make_app
) -> None:
    create_profile(store, ["Sam"], "Europe/London")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await enter_repair(pilot)
        assert "work for two" in shown(screen.query_one("#repair-solo Paragraph"))
        assert not screen.query_one("#repair-start").display or screen.query_one(
            "#repair-start"
        ).has_class("-hidden")
        await pilot.press("w")
        assert app.screen is screen


async def test_escape_at_the_safety_lines_goes_home(
    couple: Store, clock: FakeClock, make_app
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        assert isinstance(app.screen, SafeFirst)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_the_private_draft_locks_when_left(couple: Store, clock: FakeClock, make_app) -> None:
    """Left open, the draft is saved in the journal and cleared from the screen, as in Reflect."""
    from companion.repair import records as repair_records

    repair_records.start(couple, 0, clock.now())
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await enter_repair(pilot)
        await pilot.press("w")
        hurt = app.screen
        assert isinstance(hurt, HurtScreen)
        hurt.query_one("#hurt-pass", Input).value = "a long passphrase"
        hurt.query_one("#hurt-again", Input).value = "a long passphrase"
        await pilot.click("#hurt-open")
        await paste(pilot, ACCOUNT)
        clock.advance(6 * 60)  # past the five idle minutes
        hurt._tick()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert hurt.query_one("#hurt-text", TextArea).text == ""
        assert hurt.query_one("#hurt-edit").has_class("-hidden")
        assert repair_row(couple)["hurt"]["drafted"] is not None  # saved before it locked
        hurt.query_one("#hurt-pass", Input).value = "a long passphrase"
        await pilot.click("#hurt-open")
        assert hurt.query_one("#hurt-text", TextArea).text == ACCOUNT


async def test_apology_notes_are_in_the_palette_only_while_a_repair_is_under_way(
    couple: Store, clock: FakeClock, make_app
) -> None:
    def offered(app) -> bool:
        return "Apology notes" in [command.title for command in app.get_system_commands(app.screen)]

    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # settled: home's cards have read the disk
        assert not offered(app)  # no repair: no notes to read
        repair_records.start(couple, 0, clock.now())  # begun here, or on the other screen
        app.poll_store()
        await pilot.pause()
        assert offered(app)
