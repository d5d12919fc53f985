"""Home's first frame shows the couple: the profile is read before the app runs (cli.cmd_tui),
so the start-up check in its thread does not make home paint twice (bench/NOTES.md)."""

from __future__ import annotations

import dataclasses

from textual.widgets import Static

from companion.app import CompanionApp
from companion.profile import load_profile, save_settings
from companion.store import Store

from .helpers import SIZE


async def test_read_ahead_names_the_couple_before_the_check_has_run(couple: Store) -> None:
    profile = load_profile(couple)
    assert profile is not None
    save_settings(couple, dataclasses.replace(profile.settings, theme="nord"))
    app = CompanionApp(store=couple, poll=False, me="both")
    app.read_ahead()
    assert app.profile is not None and app.profile.partners == ("Sam", "Alex")
    assert app.theme == "nord"  # the first frame is in the couple's theme, not restyled later
    before_check: list[str] = []
    opened = app._opened

    def seen_then_opened(*args: object) -> None:
        before_check.append(str(app.screen.query_one("#names", Static).render()))
        opened(*args)  # type: ignore[arg-type]

    app._opened = seen_then_opened  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await app.ready.wait()
        await pilot.pause()
    assert before_check and "Sam & Alex" in before_check[0]


async def test_a_damaged_profile_is_left_to_the_start_up_check(store: Store) -> None:
    store.locations.data_dir.mkdir(parents=True, exist_ok=True)
    (store.locations.data_dir / "profile.json").write_text("{not json", encoding="utf-8")
    app = CompanionApp(store=store, poll=False)
    app.read_ahead()
    assert app.profile is None
