"""Talks and time-outs on disk: every step is taken on the record as it is on disk now."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from companion import talks
from companion.clock import FakeClock
from companion.store import DamagedRecord, Store
from companion.talk import PRESETS, Phase, Talk, TalkError
from companion.timeout import EXTENDED_ALREADY, CoolDownError

TZ = "Europe/London"


def new_talk(clock: FakeClock, topic: str = "Money", *steps: str) -> Talk:
    talk = Talk.new(topic, ("Sam", "Alex"), 0, PRESETS["short"], "short", clock.now())
    for step in steps:
        getattr(talk, step)(clock.now())
    return talk


def speaking(store: Store, clock: FakeClock, topic: str = "Money") -> Talk:
    """A talk on disk with Sam speaking (2:00 on the clock)."""
    talk = new_talk(clock, topic, "agree_rules")
    talks.save_talk(store, talk)
    return talk


def talks_bytes(store: Store) -> bytes:
    return store.path("talks").read_bytes()


def on_disk(store: Store, talk_id: str) -> Talk:
    found = talks.get_talk(store, talk_id)
    assert found is not None
    return found


# -- one talk at a time -------------------------------------------------------------
def test_start_talk_refuses_a_second_open_talk_and_writes_nothing(
    store: Store, clock: FakeClock
) -> None:
    first = talks.start_talk(store, new_talk(clock, "Sundays"))
    before = talks_bytes(store)

    with pytest.raises(TalkError, match="Sundays"):
        talks.start_talk(store, new_talk(clock, "Holidays"))

    assert talks_bytes(store) == before
    assert [t.id for t in talks.all_talks(store)] == [first.id]


def test_start_talk_is_allowed_once_the_open_talk_has_ended(store: Store, clock: FakeClock) -> None:
    first = talks.start_talk(store, new_talk(clock, "Sundays"))
    talks.apply(store, first.id, "end", clock.now())
    talks.apply(store, first.id, "finish", clock.now())
    clock.advance(60)

    second = talks.start_talk(store, new_talk(clock, "Holidays"))

    assert talks.active_talk(store).id == second.id


# -- two terminals on one data dir ------------------------------------------------
def test_a_step_is_refused_when_the_other_terminal_paused_the_talk(
    data_dir: Path, clock: FakeClock
) -> None:
    a, b = Store(data_dir, clock), Store(data_dir, clock)
    talk = speaking(a, clock)
    assert talks.active_talk(a).phase is Phase.SPEAKING
    assert talks.active_talk(b).phase is Phase.SPEAKING

    clock.advance(30)
    talks.start_timeout(a, TZ)
    paused = on_disk(a, talk.id)
    assert paused.paused
    assert paused.paused_remaining == 90
    before = talks_bytes(a)

    clock.advance(5)
    with pytest.raises(TalkError):
        talks.apply(b, talk.id, "speaker_done", clock.now())

    assert talks_bytes(b) == before
    after = on_disk(b, talk.id)
    assert after.paused
    assert after.phase is Phase.SPEAKING
    assert after.paused_remaining == 90
    assert after.timeouts == 1


def test_both_terminals_confirming_records_one_confirmed_turn(
    data_dir: Path, clock: FakeClock
) -> None:
    a, b = Store(data_dir, clock), Store(data_dir, clock)
    talk = new_talk(clock, "Money", "agree_rules", "speaker_done", "paraphrase_done")
    talks.save_talk(a, talk)
    assert talks.active_talk(a).phase is Phase.CONFIRM
    assert talks.active_talk(b).phase is Phase.CONFIRM

    clock.advance(2)
    talks.apply(a, talk.id, "confirm", clock.now())
    before = talks_bytes(a)
    with pytest.raises(TalkError):
        talks.apply(b, talk.id, "confirm", clock.now())

    assert talks_bytes(b) == before
    after = on_disk(b, talk.id)
    assert [t.outcome for t in after.turns] == ["confirmed"]
    assert after.phase is Phase.SPEAKING
    assert after.speaker == 1


def test_a_step_on_a_talk_that_is_gone_is_refused(store: Store, clock: FakeClock) -> None:
    with pytest.raises(TalkError, match="no longer here"):
        talks.apply(store, "nope", "speaker_done", clock.now())


# -- resuming around a time-out -------------------------------------------------------
def test_resume_is_refused_while_the_talks_time_out_runs(store: Store, clock: FakeClock) -> None:
    talk = speaking(store, clock)
    cooldown = talks.start_timeout(store, TZ)
    before = talks_bytes(store)

    clock.advance(25 * 60)
    with pytest.raises(TalkError, match="time-out is still running"):
        talks.apply(store, talk.id, "resume", clock.now())
    assert talks_bytes(store) == before
    assert on_disk(store, talk.id).paused

    # once the time-out is over (moved to later), the talk itself may resume
    talks.finish_timeout(
        store, cooldown.id, "reschedule", clock.now(), clock.now() + timedelta(hours=1)
    )
    resumed = talks.apply(store, talk.id, "resume", clock.now())
    assert not resumed.paused
    assert not on_disk(store, talk.id).paused


def test_finish_resume_gives_back_exactly_the_time_that_was_left(
    store: Store, clock: FakeClock
) -> None:
    talk = speaking(store, clock)
    clock.advance(42.5)
    cooldown = talks.start_timeout(store, TZ)
    assert on_disk(store, talk.id).paused_remaining == 77.5

    clock.advance(20 * 60)
    back = clock.now()
    ended, resumed = talks.finish_timeout(store, cooldown.id, "resume", back)

    assert ended.outcome == "resumed"
    assert resumed is not None and resumed.id == talk.id
    saved = on_disk(store, talk.id)
    assert not saved.paused
    assert saved.remaining(back) == 77.5
    assert saved.deadline == back + timedelta(seconds=77.5)
    assert saved.timeouts == 1
    assert talks.active_timeout(store) is None


def test_undo_in_the_first_minute_resumes_and_uncounts_the_time_out(
    store: Store, clock: FakeClock
) -> None:
    talk = speaking(store, clock)
    clock.advance(10)
    cooldown = talks.start_timeout(store, TZ)
    assert on_disk(store, talk.id).timeouts == 1

    clock.advance(30)
    ended, resumed = talks.finish_timeout(store, cooldown.id, "undo", clock.now())

    assert ended.outcome == "undone"
    assert resumed is not None
    saved = on_disk(store, talk.id)
    assert not saved.paused
    assert saved.timeouts == 0
    assert saved.remaining(clock.now()) == 110


def test_undo_after_the_first_minute_is_refused_and_changes_nothing(
    store: Store, clock: FakeClock
) -> None:
    talk = speaking(store, clock)
    cooldown = talks.start_timeout(store, TZ)
    before = talks_bytes(store)

    clock.advance(61)
    with pytest.raises(CoolDownError):
        talks.finish_timeout(store, cooldown.id, "undo", clock.now())

    assert talks_bytes(store) == before
    assert on_disk(store, talk.id).timeouts == 1


def test_reschedule_leaves_the_talk_paused(store: Store, clock: FakeClock) -> None:
    talk = speaking(store, clock)
    cooldown = talks.start_timeout(store, TZ)
    remaining = on_disk(store, talk.id).paused_remaining

    clock.advance(20 * 60)
    later = clock.now() + timedelta(hours=2)
    ended, resumed = talks.finish_timeout(store, cooldown.id, "reschedule", clock.now(), later)

    assert ended.outcome == "rescheduled"
    assert ended.rescheduled_to == later
    assert resumed is None
    saved = on_disk(store, talk.id)
    assert saved.paused
    assert saved.paused_remaining == remaining
    assert talks.active_timeout(store) is None


def test_the_return_time_cannot_be_changed_after_extending(store: Store, clock: FakeClock) -> None:
    speaking(store, clock)
    cooldown = talks.start_timeout(store, TZ)
    clock.advance(20 * 60)
    extended = talks.change_timeout(store, cooldown.id, "extend", clock.now())
    assert extended.extended
    assert extended.return_at == clock.now() + timedelta(minutes=20)
    before = talks_bytes(store)

    with pytest.raises(CoolDownError, match=re.escape(EXTENDED_ALREADY)):
        talks.change_timeout(
            store, cooldown.id, "change_return", clock.now(), clock.now() + timedelta(hours=1), TZ
        )
    with pytest.raises(CoolDownError, match=re.escape(EXTENDED_ALREADY)):
        talks.change_timeout(store, cooldown.id, "extend", clock.now())

    assert talks_bytes(store) == before
    assert talks.get_timeout(store, cooldown.id).return_at == extended.return_at


def test_a_second_start_timeout_returns_the_running_one(store: Store, clock: FakeClock) -> None:
    talk = speaking(store, clock)
    first = talks.start_timeout(store, TZ)
    clock.advance(5)
    again = talks.start_timeout(store, TZ)

    assert again.id == first.id
    assert len(talks.timeouts_of(store, talk.id)) == 1
    assert on_disk(store, talk.id).timeouts == 1


# -- quitting ----------------------------------------------------------------------
def test_leave_paused_pauses_a_running_talk_without_counting_a_time_out(
    store: Store, clock: FakeClock
) -> None:
    talk = speaking(store, clock)
    clock.advance(20)

    left = talks.leave_paused(store, clock.now())

    assert left is not None and left.id == talk.id
    saved = on_disk(store, talk.id)
    assert saved.paused
    assert saved.paused_remaining == 100
    assert saved.timeouts == 0
    assert talks.active_timeout(store) is None


def test_leave_paused_returns_none_when_nothing_runs(store: Store, clock: FakeClock) -> None:
    assert talks.leave_paused(store, clock.now()) is None

    talk = speaking(store, clock)
    talks.start_timeout(store, TZ)  # already paused by the time-out
    before = talks_bytes(store)
    assert talks.leave_paused(store, clock.now()) is None
    assert talks_bytes(store) == before
    assert on_disk(store, talk.id).timeouts == 1


# -- damaged records --------------------------------------------------------------------
def test_a_damaged_talk_row_raises_damaged_record_naming_the_file(
    store: Store, clock: FakeClock
) -> None:
    speaking(store, clock)
    with store.transaction("talks") as db:
        db.table("talks").insert({"id": "x"})
    before = talks_bytes(store)

    for read in (talks.active_talk, talks.check, talks.all_talks):
        with pytest.raises(DamagedRecord) as caught:
            read(store)
        assert "talks.json" in caught.value.message
        assert caught.value.path == store.path("talks")

    assert talks_bytes(store) == before


def test_a_damaged_time_out_row_raises_damaged_record_naming_the_file(
    store: Store, clock: FakeClock
) -> None:
    with store.transaction("talks") as db:
        db.table("timeouts").insert({"id": "x", "outcome": None})
    before = talks_bytes(store)

    for read in (talks.active_timeout, talks.check):
        with pytest.raises(DamagedRecord) as caught:
            read(store)
        assert "talks.json" in caught.value.message
        assert caught.value.path == store.path("talks")

    assert talks_bytes(store) == before


def test_check_counts_every_record(store: Store, clock: FakeClock) -> None:
    assert talks.check(store) == 0
    talk = speaking(store, clock)
    assert talks.check(store) == 1
    cooldown = talks.start_timeout(store, TZ)
    assert talks.check(store) == 2
    talks.finish_timeout(store, cooldown.id, "undo", clock.now())
    talks.apply(store, talk.id, "end", clock.now())
    talks.apply(store, talk.id, "finish", clock.now())
    talks.start_talk(store, new_talk(clock, "Holidays"))
    assert talks.check(store) == 3


# -- who else has the data open --------------------------------------------------------
def test_presence_is_seen_by_another_store_until_withdrawn(
    data_dir: Path, clock: FakeClock
) -> None:
    a, b = Store(data_dir, clock), Store(data_dir, clock)
    a.ensure_dir()  # as the app does on start; a missing dir answers "cannot tell"
    assert not b.others_present()

    handle = a.announce()
    assert handle is not None
    try:
        assert b.others_present()
        assert b.others_present()  # asking does not take the other's place
    finally:
        a.withdraw(handle)

    assert not b.others_present()


def test_nobody_is_present_in_a_data_dir_not_made_yet(tmp_path) -> None:
    assert Store(tmp_path / "not-yet", FakeClock()).others_present() is False
