"""Adding a partner, or going on alone, from inside the app: the same checks as setup and init."""

from __future__ import annotations

import pytest

from companion.clock import FakeClock
from companion.profile import ProfileError, change_partners, create_profile, load_profile
from companion.store import Store
from companion.talk import PRESETS, Talk
from companion.talk import records as talks


def test_a_person_alone_adds_a_partner_and_keeps_everything_else(store: Store) -> None:
    before = create_profile(store, ["Sam"], "Europe/Paris")
    saved = change_partners(store, ["Sam", "  Alex "])
    assert saved.partners == ("Sam", "Alex")
    assert not saved.solo
    on_disk = load_profile(store)
    assert on_disk is not None
    assert on_disk.partners == ("Sam", "Alex")
    assert (on_disk.tz, on_disk.created) == (before.tz, before.created)


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["Sam", "sam"], "same"),
        (["Sam", "Alex", "Jo"], "one or two"),
        (["", " "], "at least one"),
        (["Sam", "x" * 41], "40"),
    ],
)
def test_the_names_are_checked_as_setup_checks_them(
    store: Store, names: list[str], message: str
) -> None:
    create_profile(store, ["Sam"], "Europe/London")
    for change in (
        lambda: change_partners(store, names),
        lambda: create_profile(store, names, "Europe/London", force=True),
    ):
        with pytest.raises(ProfileError, match=message):
            change()
    assert load_profile(store).partners == ("Sam",)  # type: ignore[union-attr]


def test_going_on_alone_waits_until_no_talk_is_open(store: Store, clock: FakeClock) -> None:
    create_profile(store, ["Sam", "Alex"], "Europe/London")
    talk = Talk.new("Money", ("Sam", "Alex"), 0, PRESETS["short"], "short", clock.now())
    talks.start_talk(store, talk)
    with pytest.raises(ProfileError, match="talk is still open"):
        change_partners(store, ["Sam"])
    assert load_profile(store).partners == ("Sam", "Alex")  # type: ignore[union-attr]

    talks.apply(store, talk.id, "end", clock.now())
    talks.apply(store, talk.id, "finish", clock.now())
    assert change_partners(store, ["Alex"]).partners == ("Alex",)
    # the talk keeps the names it was held under
    assert talks.past_talks(store)[0].partners == ("Sam", "Alex")


def test_there_is_nothing_to_change_before_setup(store: Store) -> None:
    with pytest.raises(ProfileError, match="Set Companion up first"):
        change_partners(store, ["Sam"])
