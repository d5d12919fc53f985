"""The ground rules: each partner's tick is saved, and the talk begins only once both agree."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, Checkbox, ContentSwitcher

from companion.clock import FakeClock
from companion.store import Store
from companion.talk import Phase, TalkStep
from companion.talk import records as talks

from .helpers import SIZE, accept_resume_offer, record_notices, seed_talk, stored_talks

BOTH_FIRST = "Both of you agree to the ground rules first."


def the_talk(data_dir: Path) -> dict:
    [row] = stored_talks(data_dir)
    return row


# -- the ground rules -------------------------------------------------------------
async def test_each_partners_agreement_is_saved_and_begin_waits_for_both(
    couple: Store, data_dir: Path, clock: FakeClock, make_app
) -> None:
    seed_talk(couple, clock, "Money")
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await accept_resume_offer(pilot)
        begin = screen.query_one("#rules-begin", Button)
        first, second = screen.query_one("#agree0", Checkbox), screen.query_one("#agree1", Checkbox)
        assert the_talk(data_dir)["agreed"] == [False, False]
        assert begin.disabled

        await pilot.click(first)
        await pilot.pause()
        await app.saves_done()
        assert first.value
        assert the_talk(data_dir)["agreed"] == [True, False]
        assert begin.disabled
        await pilot.click("#rules-begin")
        await pilot.pause()
        await app.saves_done()
        assert the_talk(data_dir)["phase"] == "ground_rules"

        await pilot.click(second)
        await pilot.pause()
        await app.saves_done()
        await pilot.pause()
        assert second.value
        assert the_talk(data_dir)["agreed"] == [True, True]
        assert the_talk(data_dir)["phase"] == "ground_rules"  # ticking is not beginning
        assert not begin.disabled

        # taking a tick back is saved too, and Begin is off again
        await pilot.click(first)
        await pilot.pause()
        await app.saves_done()
        await pilot.pause()
        assert the_talk(data_dir)["agreed"] == [False, True]
        assert begin.disabled


async def test_begin_does_nothing_until_both_boxes_are_ticked(
    couple: Store,
    data_dir: Path,
    clock: FakeClock,
    make_app,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    talk = seed_talk(couple, clock, "Money")
    talks_file = couple.path("talks")
    app = make_app(couple)
    notices = record_notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        screen = await accept_resume_offer(pilot)
        views = screen.query_one("#talk-views", ContentSwitcher)
        begin = screen.query_one("#rules-begin", Button)

        async def try_to_begin() -> None:
            """Every way a person could try: the next key and the Begin button."""
            before = talks_file.read_bytes()
            assert screen.check_action("next", ()) is None  # greyed out in the footer
            screen.set_focus(None)  # so space is the next key, not a tick
            await pilot.press("space")
            await pilot.click(begin)
            assert talks_file.read_bytes() == before, "the disk changed"
            assert screen.talk is not None and screen.talk.phase is Phase.GROUND_RULES
            assert views.current == "talk-rules"

        # nobody has ticked: the next key and Begin are off
        assert begin.disabled
        await try_to_begin()

        # one has ticked: still nothing
        await pilot.click("#agree0")
        assert the_talk(data_dir)["agreed"] == [True, False]
        assert begin.disabled
        await try_to_begin()

        # both ticked here, but the other terminal took Alex's tick back: Begin is refused
        await pilot.click("#agree1")
        assert not begin.disabled
        talks.apply(couple, talk.id, TalkStep.AGREE, clock.now(), 1, False)
        before = talks_file.read_bytes()
        await pilot.click(begin)
        assert notices[-1] == BOTH_FIRST
        assert talks_file.read_bytes() == before
        row = the_talk(data_dir)
        assert row["phase"] == "ground_rules"
        assert row["agreed"] == [True, False]
        # the screen shows the disk: Alex's box is empty again, and Begin is off
        assert not screen.query_one("#agree1", Checkbox).value
        assert begin.disabled
        assert views.current == "talk-rules"
