"""Reflect as a person uses it: unlock, write, guided reflections, and the journal locking."""

from __future__ import annotations

import stat
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, SelectionList, Static, TextArea

from companion.clock import FakeClock
from companion.profile import create_profile
from companion.reflect import records
from companion.reflect.journal import Draft
from companion.screens.help import HelpScreen
from companion.screens.home import HomeScreen
from companion.screens.reflect import ReflectScreen
from companion.screens.reflect_dialogs import CurtainScreen, PassphraseDialog, ShareDialog
from companion.screens.reflect_views import UnlockView
from companion.store import Store

from .helpers import SIZE, record_notices, shown
from .test_two_apps import until

SAM = "correct horse battery"
SECRET = "I never told anyone about the letter from Oslo"


# -- helpers ------------------------------------------------------------------------------
def reflect(pilot: Pilot) -> ReflectScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ReflectScreen), screen
    return screen


def every_widget_text(app: Any) -> str:
    """Everything every widget of every screen (every mode) holds, as one string."""
    parts: list[str] = []
    screens = [screen for stack in app._screen_stacks.values() for screen in stack]
    for screen in screens:
        for widget in screen.walk_children(with_self=False):
            if isinstance(widget, Input):
                parts.append(widget.value)
            elif isinstance(widget, TextArea):
                parts.append(widget.text)  # and what undo would bring back
                for batch in [*widget.history.undo_stack, *widget.history.redo_stack]:
                    parts.extend(edit.text for edit in batch)
                    parts.extend(
                        edit._edit_result.replaced_text for edit in batch if edit._edit_result
                    )
            elif isinstance(widget, OptionList):
                parts.extend(str(option.prompt) for option in widget.options)
            elif isinstance(widget, Static):
                parts.append(shown(widget))
    return "\n".join(parts)


async def type_in(pilot: Pilot, text: str) -> None:
    """Paste into whatever has focus, the way a terminal's paste arrives (at the app first)."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def open_reflect(pilot: Pilot, person: str | None = "Sam") -> ReflectScreen:
    """From home, r; a couple chooses who they are."""
    assert isinstance(pilot.app.screen, HomeScreen)
    await pilot.press("r")
    screen = reflect(pilot)
    if person is not None and screen.view == "who":
        names = screen.query_one("#who-list", OptionList)
        names.highlighted = [o.id for o in names.options].index(person)
        await pilot.press("enter")
    return screen


async def create(pilot: Pilot, passphrase: str = SAM) -> ReflectScreen:
    screen = reflect(pilot)
    assert screen.view == "unlock" and screen.query_one(UnlockView).creating
    await type_in(pilot, passphrase)
    await pilot.press("enter")  # on to "again"
    await type_in(pilot, passphrase)
    await pilot.press("enter")
    assert screen.view == "journal", shown(screen.query_one("#unlock-status", Static))
    return screen


async def unlock(pilot: Pilot, passphrase: str = SAM) -> None:
    screen = reflect(pilot)
    assert screen.view == "unlock" and not screen.query_one(UnlockView).creating
    await type_in(pilot, passphrase)
    await pilot.press("enter")


def sealed_entries(store: Store, person: str = "Sam", passphrase: str = SAM) -> list:
    return records.unlock(store, person, passphrase).journal.entries


def seed_journal(store: Store, *texts: str) -> records.Unlocked:
    unlocked = records.create_journal(store, "Sam", SAM, SAM)
    for text in texts:
        records.save_draft(store, "Sam", unlocked.key, Draft(text=text), store.clock.now())
    return unlocked


def no_plain_text_on_disk(data_dir: Path, text: str) -> None:
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert text[:12].encode() not in path.read_bytes(), path


# -- unlock and write ------------------------------------------------------------------------
async def test_a_first_visit_sets_a_passphrase_then_writes(couple, make_app, data_dir) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflect(pilot)
        intro = shown(screen.query_one("#unlock-intro", Static))
        assert "no way to recover a forgotten passphrase" in intro
        screen = await create(pilot)
        assert "Nothing written yet" in shown(screen.query_one("#journal-empty", Static))
        await pilot.press("n")
        assert screen.view == "write" and isinstance(app.focused, TextArea)
        await type_in(pilot, SECRET)
        await pilot.press("ctrl+s")
        assert [e.text for e in sealed_entries(couple)] == [SECRET]
        await type_in(pilot, " And more.")
        await pilot.press("escape")  # saves, back to the list
        assert screen.view == "journal"
        (entry,) = sealed_entries(couple)
        assert entry.text == SECRET + " And more."
        listing = screen.query_one("#journal-list", OptionList)
        assert listing.option_count == 1 and SECRET[:20] in str(
            listing.get_option_at_index(0).prompt
        )
    no_plain_text_on_disk(data_dir, SECRET)
    path = records.journal_file(couple.locations, "Sam")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


async def test_the_passphrases_must_match(couple, make_app) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflect(pilot)
        await type_in(pilot, SAM)
        await pilot.press("enter")
        await type_in(pilot, SAM + "x")
        await pilot.press("enter")
        assert screen.view == "unlock"
        assert "not the same" in shown(screen.query_one("#unlock-status", Static))
        assert all(field.value == "" for field in screen.query(Input))
    assert not records.has_journal(couple, "Sam")


async def test_a_wrong_passphrase_is_told_and_tried_again(couple, make_app) -> None:
    seed_journal(couple, SECRET)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflect(pilot)
        await unlock(pilot, "not my passphrase")
        assert screen.view == "unlock"
        status = shown(screen.query_one("#unlock-status", Static))
        assert status == "That passphrase does not open this journal. Try again."
        assert screen.query_one("#passphrase", Input).value == ""
        assert app.focused is screen.query_one("#passphrase", Input)
        assert SECRET not in every_widget_text(app)
        await unlock(pilot)
        assert screen.view == "journal"
        assert SECRET[:20] in every_widget_text(app)


async def test_alex_cannot_open_sams_journal(couple, make_app) -> None:
    seed_journal(couple, SECRET)
    records.create_journal(couple, "Alex", "alex's own phrase", "alex's own phrase")
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflect(pilot, "Sam")
        await unlock(pilot, "alex's own phrase")
        assert screen.view == "unlock" and SECRET not in every_widget_text(app)
        await pilot.press("escape")  # not you? back to who is reflecting
        assert screen.view == "who"


async def test_search_finds_your_own_entries(couple, make_app) -> None:
    seed_journal(couple, "About the garden", "About the money", "Sunday lunch")
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflect(pilot)
        await unlock(pilot)
        listing = screen.query_one("#journal-list", OptionList)
        assert listing.option_count == 3
        await pilot.press("slash")
        await type_in(pilot, "about")
        assert listing.option_count == 2
        await type_in(pilot, " money")
        assert listing.option_count == 1 and "money" in str(listing.get_option_at_index(0).prompt)
        await type_in(pilot, " nowhere")
        assert "No entry matches" in shown(screen.query_one("#journal-empty", Static))


# -- guided ------------------------------------------------------------------------------------
async def test_feel_want_need_keeps_the_top_five(couple, make_app) -> None:
    seed_journal(couple)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflect(pilot)
        await unlock(pilot)
        notices = record_notices(app, pytest.MonkeyPatch())
        await pilot.press("p")
        await pilot.press("enter")  # the first: feel, want, need
        assert screen.view == "guided"
        picker = screen.query_one("#guided-feelings", SelectionList)
        assert app.focused is picker
        for _ in range(6):  # sad, hurt, lonely, disappointed, heartbroken... and one too many
            await pilot.press("space", "down")
        assert picker.selected == ["sad", "hurt", "lonely", "disappointed", "heartbroken"]
        assert any("top five" in n for n in notices)
        rows = screen.query("FeelingRow")
        assert [row.feeling.name for row in rows] == picker.selected
        await pilot.click(rows.first().query_one(".want", Input))
        await type_in(pilot, "a slow evening together")
        await pilot.press("tab")
        await type_in(pilot, "rest")
        await pilot.press("escape")
        assert screen.view == "journal"
    (entry,) = sealed_entries(couple)
    assert entry.kind == "feel-want-need"
    assert [f.name for f in entry.feelings][:2] == ["sad", "hurt"]
    assert (entry.feelings[0].want, entry.feelings[0].need) == ("a slow evening together", "rest")


async def test_a_guided_entry_opens_again_as_it_was(couple, make_app) -> None:
    unlocked = seed_journal(couple)
    draft = Draft(kind="inventory", answers={"my-part": "I went quiet", "regret": "the door"})
    records.save_draft(couple, "Sam", unlocked.key, draft, couple.clock.now())
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflect(pilot)
        await unlock(pilot)
        await pilot.press("enter")
        assert screen.view == "guided"
        assert screen.query_one("#answer-my-part", TextArea).text == "I went quiet"
        area = screen.query_one("#answer-differently", TextArea)
        area.focus()
        await type_in(pilot, "Say when I need a break")
        await pilot.press("ctrl+s")
    (entry,) = sealed_entries(couple)
    assert entry.answers["differently"] == "Say when I need a break"
    assert entry.answers["my-part"] == "I went quiet"


async def test_f1_on_a_guided_reflection_points_to_its_guide_section(couple, make_app) -> None:
    seed_journal(couple)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflect(pilot)
        await unlock(pilot)
        await pilot.press("p")
        options = app.screen.query_one(OptionList)
        options.highlighted = [o.id for o in options.options].index("cycle")
        await pilot.press("enter")
        assert screen.view == "guided"
        await pilot.press("f1")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert help_screen.section == "cycles"
        keys = shown(help_screen.query_one("#help-keys", Static))
        assert "Hide" in keys and "Save" in keys


async def test_the_cycle_sentence_builds_as_you_write(couple, make_app) -> None:
    seed_journal(couple)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflect(pilot)
        await unlock(pilot)
        await pilot.press("p")
        options = app.screen.query_one(OptionList)
        options.highlighted = [o.id for o in options.options].index("cycle")
        await pilot.press("enter")
        await type_in(pilot, "ignored")
        await pilot.press("tab")
        await type_in(pilot, "push harder")
        sentence = shown(screen.query_one("#guided-sentence", Static))
        assert sentence.startswith("When I feel ignored, I tend to push harder, hoping …")
        assert "Then you seem to" in sentence


# -- privacy on screen ------------------------------------------------------------------------
async def test_the_curtain_key_covers_locks_and_clears(couple, make_app) -> None:
    seed_journal(couple, "An older entry about Oslo")
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflect(pilot)
        await unlock(pilot)
        await pilot.press("n")
        await type_in(pilot, SECRET)  # not saved yet
        assert SECRET in every_widget_text(app)
        await pilot.press("ctrl+l")
        assert isinstance(app.screen, CurtainScreen)
        assert screen.unlocked is None
        text = every_widget_text(app)
        assert SECRET not in text and "Oslo" not in text
        await pilot.press("escape")  # the curtain lifts on a locked journal
        assert app.screen is screen and screen.view == "who"
    # What was being written was sealed and saved, not lost.
    assert SECRET in [e.text for e in sealed_entries(couple)]


async def test_the_curtain_works_from_a_dialog_too(couple, make_app) -> None:
    seed_journal(couple, SECRET)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflect(pilot)
        await unlock(pilot)
        await pilot.press("p")  # the chooser dialog
        await pilot.press("f9")
        assert isinstance(app.screen, CurtainScreen)
        assert screen.unlocked is None and not screen.dialogs
        assert SECRET not in every_widget_text(app)


async def test_the_journal_locks_itself_after_five_idle_minutes(
    couple, clock: FakeClock, make_app
) -> None:
    seed_journal(couple, SECRET)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflect(pilot)
        await unlock(pilot)
        clock.advance(timedelta(minutes=4))
        await pilot.press("down")  # a key: still here
        clock.advance(timedelta(minutes=4, seconds=59))
        screen._tick()  # what the twice-a-second tick does
        assert screen.unlocked is not None
        clock.advance(timedelta(seconds=1))
        assert await until(pilot, lambda: screen.unlocked is None, within=5)  # the tick's own timer
        assert screen.view == "who"
        assert SECRET[:20] not in every_widget_text(app)


async def test_the_idle_lock_closes_an_open_dialog(couple, clock: FakeClock, make_app) -> None:
    seed_journal(couple, SECRET)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflect(pilot)
        await unlock(pilot)
        await pilot.press("k")
        assert isinstance(app.screen, PassphraseDialog)
        await type_in(pilot, "half typed")
        clock.advance(timedelta(minutes=5))
        assert await until(pilot, lambda: screen.unlocked is None, within=5)
        await pilot.pause()
        assert not screen.dialogs
        assert app.screen is screen and screen.view == "who"
        assert "half typed" not in every_widget_text(app)


async def test_the_idle_minutes_are_a_setting(couple, clock: FakeClock, make_app) -> None:
    seed_journal(couple, SECRET)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflect(pilot)
        await unlock(pilot)
        await pilot.press("a")
        radios = app.screen.query("RadioButton")
        one = next(r for r in radios if r.name == "1")
        await pilot.click(one)
        assert app.profile is not None and app.profile.settings.journal_lock_minutes == 1
        assert "1 idle minutes" in shown(screen.query_one("#journal-hint", Static))
        clock.advance(61)
        assert await until(pilot, lambda: screen.unlocked is None, within=5)


async def test_leaving_reflect_locks(couple, make_app) -> None:
    seed_journal(couple, SECRET)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflect(pilot)
        await unlock(pilot)
        await pilot.press("g")  # to the guide
        assert app.current_mode == "guide"
        await pilot.pause()
        assert screen.unlocked is None and SECRET[:20] not in every_widget_text(app)
        await pilot.press("escape")  # home (on the guide, r is its own "read" key)
        await pilot.press("r")
        await pilot.press("enter")
        await unlock(pilot)
        await pilot.press("escape")  # lock and leave
        assert app.current_mode == "home" and screen.unlocked is None


# -- solo, passphrase change, export -------------------------------------------------------------
async def test_alone_nobody_is_asked_for(store: Store, make_app) -> None:
    create_profile(store, ["Sam"], "Europe/London")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflect(pilot, person=None)
        assert screen.view == "unlock" and screen.person == "Sam"
        assert "your partner" not in shown(screen.query_one("#unlock-intro", Static))
        await create(pilot)
        await pilot.press("p")
        options = app.screen.query_one(OptionList)
        options.highlighted = [o.id for o in options.options].index("appreciations")
        await pilot.press("enter")
        labels = " ".join(shown(label) for label in screen.query(".prompt-label"))
        assert "partner" not in labels and "the people close to me" in labels
        assert screen.check_action("choose_person", ()) is False


async def test_changing_the_passphrase(couple, make_app) -> None:
    seed_journal(couple, SECRET)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await open_reflect(pilot)
        await unlock(pilot)
        await pilot.press("k")
        await type_in(pilot, "wrong old one")
        await pilot.press("enter")
        await type_in(pilot, "a brand new phrase")
        await pilot.press("enter")
        await type_in(pilot, "a brand new phrase")
        await pilot.press("enter")
        assert "does not open" in shown(app.screen.query_one(".error-text", Static))
        await type_in(pilot, SAM)
        await pilot.press("enter")
        await type_in(pilot, "a brand new phrase")
        await pilot.press("enter")
        await type_in(pilot, "a brand new phrase")
        await pilot.press("enter")
        assert isinstance(app.screen, ReflectScreen)
    assert [e.text for e in sealed_entries(couple, passphrase="a brand new phrase")] == [SECRET]


async def test_export_warns_and_writes_a_private_markdown_file(
    couple, make_app, tmp_path: Path
) -> None:
    seed_journal(couple, SECRET)
    target = tmp_path / "out" / "journal.md"
    target.parent.mkdir()
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await open_reflect(pilot)
        await unlock(pilot)
        await pilot.press("x")
        warning = shown(app.screen.query_one("#export-warning", Static))
        assert "NOT encrypted" in warning
        field = app.screen.query_one("#export-path", Input)
        field.value = str(tmp_path / "nowhere" / "x.md")
        await pilot.press("enter")
        assert "does not exist" in shown(app.screen.query_one(".error-text", Static))
        field.value = str(target)
        await pilot.press("enter")
        assert isinstance(app.screen, ReflectScreen)
    assert SECRET in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


async def test_another_window_writing_shows_up(couple, clock: FakeClock, make_app) -> None:
    unlocked = seed_journal(couple, "first")
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflect(pilot)
        await unlock(pilot)
        listing = screen.query_one("#journal-list", OptionList)
        assert listing.option_count == 1
        records.save_draft(couple, "Sam", unlocked.key, Draft(text="from the shell"), clock.now())
        assert await until(pilot, lambda: listing.option_count == 2, within=5)


# -- sharing to the agenda ------------------------------------------------------------------------
async def ready_to_talk(pilot: Pilot) -> ReflectScreen:
    screen = await open_reflect(pilot)
    await unlock(pilot)
    await pilot.press("p")
    options = pilot.app.screen.query_one(OptionList)
    options.highlighted = [o.id for o in options.options].index("ready-to-talk")
    await pilot.press("enter")
    for answer in ("bedtimes", "plans change late", "thrown", "I need to plan", "tell me by five"):
        await type_in(pilot, answer)
        await pilot.press("tab")
    return screen


async def test_without_an_agenda_there_is_no_share_key(
    couple, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    from companion import areas

    others = tuple(area for area in areas.REGISTRY if area.name != "agenda")
    monkeypatch.setattr(areas, "REGISTRY", others)
    seed_journal(couple)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready_to_talk(pilot)
        assert screen.check_action("share", ()) is False
        assert "ctrl+o" not in [k for k, b in screen.active_bindings.items() if b.enabled]
        await pilot.press("ctrl+o")
        assert app.screen is screen


@pytest.fixture
def agenda(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """A stand-in agenda area in the registry, recording what is added to it."""
    from companion import areas
    from companion.store import Schema

    added: list[tuple] = []

    def add_issue(store, title, raised_by, now, details=""):
        added.append((title, raised_by, now, details))
        return {"title": title}

    fake = areas.Area(
        name="agenda",
        title="agenda",
        schema=Schema(1),
        check=lambda store, archived=True: 0,
        records=SimpleNamespace(add_issue=add_issue),  # type: ignore[arg-type]
    )
    others = tuple(area for area in areas.REGISTRY if area.name != "agenda")
    monkeypatch.setattr(areas, "REGISTRY", (*others, fake))
    return added


async def test_an_i_statement_goes_to_the_agenda_only_when_asked(
    couple, make_app, agenda, clock: FakeClock
) -> None:
    seed_journal(couple)
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready_to_talk(pilot)
        assert agenda == []
        assert screen.check_action("share", ()) is True
        await pilot.press("ctrl+o")
        dialog = app.screen
        assert isinstance(dialog, ShareDialog)
        assert dialog.query_one("#share-title", Input).value == "bedtimes"
        await pilot.click("#share-go")
        assert isinstance(app.screen, ReflectScreen)
    assert agenda == [
        (
            "bedtimes",
            "Sam",
            clock.now(),
            "When plans change late, I feel thrown, because I need to plan. "
            "Would you be willing to tell me by five?",
        )
    ]
    (entry,) = sealed_entries(couple)  # and the entry itself stays in the journal
    assert entry.kind == "ready-to-talk" and entry.answers["topic"] == "bedtimes"
