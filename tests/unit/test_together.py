"""Whose screen a terminal is, and what a screen of one's own offers (companion.together)."""

from __future__ import annotations

import pytest

from companion.cli import main
from companion.clock import FakeClock
from companion.profile import ProfileError, create_profile, load_profile, remember_login
from companion.store import DamagedRecord, Store
from companion.talk import PRESETS, Phase, Talk, TalkStep
from companion.together import (
    BOTH,
    ENV_ME,
    HERE_TOGETHER,
    Seat,
    SeatError,
    chosen_me,
    step_owner,
    who_is_here,
)

COUPLE = ("Sam", "Alex")
SAM, ALEX = Seat("Sam"), Seat("Alex")


def talk_at(clock: FakeClock, *steps: str) -> Talk:
    talk = Talk.new("Money", COUPLE, 0, PRESETS["short"], "short", clock.now())
    talk.agree(clock.now(), 0)
    talk.agree(clock.now(), 1)
    for step in steps:
        talk.take(step, clock.now())
    return talk


# -- whose screen -----------------------------------------------------------------------------
def test_me_names_a_partner_in_any_case_or_both() -> None:
    assert who_is_here(COUPLE, "alex", {}, None) == ALEX
    assert who_is_here(COUPLE, " SAM ", {}, None) == SAM
    assert who_is_here(COUPLE, "Both", {}, None) == HERE_TOGETHER


def test_me_naming_nobody_is_refused_with_the_names() -> None:
    with pytest.raises(SeatError, match="Sam or Alex or both"):
        who_is_here(COUPLE, "Robin", {}, None)


def test_the_login_mapping_decides_when_me_is_not_given() -> None:
    logins = {"sam": "Sam", "kitchen": BOTH}
    assert who_is_here(COUPLE, None, logins, "sam") == SAM
    assert who_is_here(COUPLE, None, logins, "kitchen") == HERE_TOGETHER
    assert who_is_here(COUPLE, "Alex", logins, "sam") == ALEX  # --me wins
    assert who_is_here(COUPLE, None, logins, "stranger") is None  # ask
    assert who_is_here(COUPLE, None, {"sam": "Samuel"}, "sam") is None  # renamed since: ask


def test_alone_nothing_is_asked() -> None:
    assert who_is_here(("Robin",), None, {}, "robin") == HERE_TOGETHER


def test_the_environment_stands_in_for_me(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_ME, "Alex")
    assert chosen_me(None) == "Alex"
    assert chosen_me("Sam") == "Sam"
    monkeypatch.delenv(ENV_ME)
    assert chosen_me(None) is None


# -- what may show --------------------------------------------------------------------------------
def test_private_things_show_only_on_their_owners_screen() -> None:
    assert SAM.may_see("Sam") and SAM.may_see("sam")
    assert not SAM.may_see("Alex")
    assert HERE_TOGETHER.may_see("Sam") and HERE_TOGETHER.may_see("Alex")


def test_typing_is_hidden_only_with_a_partner_beside_you() -> None:
    assert HERE_TOGETHER.hides_typing(COUPLE)
    assert not SAM.hides_typing(COUPLE)
    assert not HERE_TOGETHER.hides_typing(("Robin",))


# -- whose key it is in a talk --------------------------------------------------------------------
def test_the_floor_is_the_speakers_and_saying_it_back_the_listeners(clock: FakeClock) -> None:
    speaking = talk_at(clock, "begin")
    assert step_owner(speaking, TalkStep.ADVANCE) == 0
    assert SAM.may_take(speaking, TalkStep.ADVANCE)
    assert not ALEX.may_take(speaking, TalkStep.ADVANCE)
    assert not ALEX.may_take(speaking, TalkStep.SPEAKER_DONE)

    paraphrase = talk_at(clock, "begin", "speaker_done")
    assert paraphrase.phase is Phase.PARAPHRASE
    assert ALEX.may_take(paraphrase, TalkStep.ADVANCE)
    assert not SAM.may_take(paraphrase, TalkStep.ADVANCE)
    assert not SAM.may_take(paraphrase, TalkStep.PARAPHRASE_DONE)

    confirm = talk_at(clock, "begin", "speaker_done", "paraphrase_done")
    for step in (TalkStep.CONFIRM, TalkStep.CLARIFY):
        assert SAM.may_take(confirm, step)
        assert not ALEX.may_take(confirm, step)

    clarify = talk_at(clock, "begin", "speaker_done", "paraphrase_done", "clarify")
    assert SAM.may_take(clarify, TalkStep.ADVANCE) and not ALEX.may_take(clarify, TalkStep.ADVANCE)

    passed = talk_at(clock, "begin", "speaker_done", "paraphrase_done", "confirm")
    assert passed.speaker == 1
    assert ALEX.may_take(passed, TalkStep.ADVANCE) and not SAM.may_take(passed, TalkStep.ADVANCE)


def test_ending_a_time_out_resuming_and_closing_belong_to_both(clock: FakeClock) -> None:
    speaking = talk_at(clock, "begin")
    for seat in (SAM, ALEX):
        assert seat.may_take(speaking, TalkStep.END)
        assert seat.may_take(speaking, TalkStep.PAUSE)
    paused = talk_at(clock, "begin", "pause")
    assert SAM.may_take(paused, TalkStep.RESUME) and ALEX.may_take(paused, TalkStep.RESUME)
    closing = talk_at(clock, "begin", "end")
    assert SAM.may_take(closing, TalkStep.ADVANCE) and ALEX.may_take(closing, TalkStep.ADVANCE)


def test_each_ticks_only_their_own_agreement(clock: FakeClock) -> None:
    talk = Talk.new("Money", COUPLE, 0, PRESETS["short"], "short", clock.now())
    assert SAM.may_take(talk, TalkStep.AGREE, 0) and not SAM.may_take(talk, TalkStep.AGREE, 1)
    assert ALEX.may_take(talk, TalkStep.AGREE, 1) and not ALEX.may_take(talk, TalkStep.AGREE, 0)
    assert HERE_TOGETHER.may_take(talk, TalkStep.AGREE, 1)


def test_at_one_screen_every_key_is_offered(clock: FakeClock) -> None:
    confirm = talk_at(clock, "begin", "speaker_done", "paraphrase_done")
    for step in TalkStep:
        assert HERE_TOGETHER.may_take(confirm, step)


# -- the login names in the profile ---------------------------------------------------------------
def test_a_login_is_remembered_checked_and_forgotten(couple: Store) -> None:
    saved = remember_login(couple, "sam", "sam")
    assert saved.logins == {"sam": "Sam"}
    assert remember_login(couple, "kitchen", "both").logins == {"sam": "Sam", "kitchen": BOTH}
    with pytest.raises(ProfileError, match="nobody called"):
        remember_login(couple, "x", "Robin")
    with pytest.raises(ProfileError, match="not a login name"):
        remember_login(couple, "two words", "Sam")
    assert remember_login(couple, "sam", None).logins == {"kitchen": BOTH}
    profile = load_profile(couple)
    assert profile is not None and profile.partners == COUPLE  # the names are untouched


def test_init_maps_logins_in_the_order_of_the_names(data_dir, store: Store) -> None:
    assert (
        main(
            [
                "--data-dir",
                str(data_dir),
                "init",
                "--partner",
                "Sam",
                "--partner",
                "Alex",
                "--login",
                "sam",
                "--login",
                "alex",
                "--tz",
                "Europe/London",
            ]
        )
        == 0
    )
    profile = load_profile(store)
    assert profile is not None and profile.logins == {"sam": "Sam", "alex": "Alex"}


def test_one_login_cannot_be_both_partners(store: Store) -> None:
    with pytest.raises(ProfileError, match="own"):
        create_profile(store, ["Sam", "Alex"], "Europe/London", logins=["us", "us"])


def test_a_damaged_login_table_is_named(couple: Store) -> None:
    with couple.transaction("profile") as tx:
        table = tx["profile"].table("profile")
        row = dict(table.all()[0])
        row["logins"] = ["sam"]
        table.truncate()
        table.insert(row)
    with pytest.raises(DamagedRecord, match="login"):
        load_profile(couple)
