"""Talks and time-outs on disk: every step is taken on the record as it is on disk now."""

from __future__ import annotations

import errno
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from companion import areas
from companion.clock import FakeClock
from companion.store import DamagedRecord, Store, StoreUnavailable
from companion.talk import PRESETS, Phase, Talk, TalkError
from companion.talk import records as talks
from companion.talk.codec import encode_talk
from companion.timeout import EXTENDED_ALREADY, CoolDownError, TimeOut, counted, encode_timeout

TZ = "Europe/London"


def new_talk(clock: FakeClock, topic: str = "Money", *steps: str) -> Talk:
    """A talk in memory; `steps` are TalkStep names, "agreed" standing for both agreeing."""
    talk = Talk.new(topic, ("Sam", "Alex"), 0, PRESETS["short"], "short", clock.now())
    for step in steps:
        if step == "agreed":
            talk.agree(clock.now(), 0)
            talk.agree(clock.now(), 1)
        else:
            talk.take(step, clock.now())
    return talk


def speaking(store: Store, clock: FakeClock, topic: str = "Money") -> Talk:
    """A talk on disk with Sam speaking (2:00 on the clock)."""
    return talks.save_talk(store, new_talk(clock, topic, "agreed", "begin"))


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
    talks.start_timeout(a, TZ, clock.now())
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
    talk = new_talk(clock, "Money", "agreed", "begin", "speaker_done", "paraphrase_done")
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
    cooldown = talks.start_timeout(store, TZ, clock.now())
    before = talks_bytes(store)

    clock.advance(25 * 60)
    with pytest.raises(TalkError, match="time-out is still running"):
        talks.apply(store, talk.id, "resume", clock.now())
    assert talks_bytes(store) == before
    assert on_disk(store, talk.id).paused

    # once the time-out is over (moved to later), the talk itself may resume
    talks.apply_timeout(store, cooldown.id, "later", clock.now(), clock.now() + timedelta(hours=1))
    resumed = talks.apply(store, talk.id, "resume", clock.now())
    assert not resumed.paused
    assert not on_disk(store, talk.id).paused


def test_coming_back_gives_back_exactly_the_time_that_was_left(
    store: Store, clock: FakeClock
) -> None:
    talk = speaking(store, clock)
    clock.advance(42.5)
    cooldown = talks.start_timeout(store, TZ, clock.now())
    assert on_disk(store, talk.id).paused_remaining == 77.5

    clock.advance(20 * 60)
    back = clock.now()
    ended, resumed = talks.apply_timeout(store, cooldown.id, "come_back", back)

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
    cooldown = talks.start_timeout(store, TZ, clock.now())
    assert on_disk(store, talk.id).timeouts == 1

    clock.advance(30)
    ended, resumed = talks.apply_timeout(store, cooldown.id, "undo", clock.now())

    assert ended.outcome == "undone"
    assert resumed is not None
    saved = on_disk(store, talk.id)
    assert not saved.paused
    assert saved.timeouts == 0
    assert saved.remaining(clock.now()) == 110


def _count_agrees(store: Store, talk_id: str) -> int:
    """The summary's count and the details' list of one talk must agree."""
    listed = counted(talks.timeouts_of(store, talk_id))
    assert on_disk(store, talk_id).timeouts == len(listed)
    return len(listed)


def test_one_count_of_time_outs_for_the_summary_and_the_details(
    store: Store, clock: FakeClock
) -> None:
    talk = speaking(store, clock)
    first = talks.start_timeout(store, TZ, clock.now())
    clock.advance(20)
    talks.apply_timeout(store, first.id, "undo", clock.now())  # pressed by mistake
    assert _count_agrees(store, talk.id) == 0

    second = talks.start_timeout(store, TZ, clock.now())
    assert _count_agrees(store, talk.id) == 1
    clock.advance(20 * 60)
    talks.apply_timeout(store, second.id, "come_back", clock.now())
    assert _count_agrees(store, talk.id) == 1

    # Companion closed mid-talk (not a time-out), then a time-out from the paused talk
    talks.leave_paused(store, clock.now())
    assert _count_agrees(store, talk.id) == 1
    third = talks.start_timeout(store, TZ, clock.now())
    assert third.talk_id == talk.id
    assert _count_agrees(store, talk.id) == 2
    clock.advance(20)
    talks.apply_timeout(store, third.id, "undo", clock.now())
    assert _count_agrees(store, talk.id) == 1


def test_undo_after_the_first_minute_is_refused_and_changes_nothing(
    store: Store, clock: FakeClock
) -> None:
    talk = speaking(store, clock)
    cooldown = talks.start_timeout(store, TZ, clock.now())
    before = talks_bytes(store)

    clock.advance(61)
    with pytest.raises(CoolDownError):
        talks.apply_timeout(store, cooldown.id, "undo", clock.now())

    assert talks_bytes(store) == before
    assert on_disk(store, talk.id).timeouts == 1


def test_moving_the_talk_later_leaves_it_paused(store: Store, clock: FakeClock) -> None:
    talk = speaking(store, clock)
    cooldown = talks.start_timeout(store, TZ, clock.now())
    remaining = on_disk(store, talk.id).paused_remaining

    clock.advance(20 * 60)
    later = clock.now() + timedelta(hours=2)
    ended, resumed = talks.apply_timeout(store, cooldown.id, "later", clock.now(), later)

    assert ended.outcome == "rescheduled"
    assert ended.rescheduled_to == later
    assert resumed is None
    saved = on_disk(store, talk.id)
    assert saved.paused
    assert saved.paused_remaining == remaining
    assert talks.active_timeout(store) is None


def test_the_return_time_cannot_be_changed_after_extending(store: Store, clock: FakeClock) -> None:
    speaking(store, clock)
    cooldown = talks.start_timeout(store, TZ, clock.now())
    clock.advance(20 * 60)
    extended, talk_after = talks.apply_timeout(store, cooldown.id, "extend", clock.now())
    assert talk_after is None
    assert extended.extended
    assert extended.return_at == clock.now() + timedelta(minutes=20)
    before = talks_bytes(store)

    with pytest.raises(CoolDownError, match=re.escape(EXTENDED_ALREADY)):
        talks.apply_timeout(
            store, cooldown.id, "choose", clock.now(), clock.now() + timedelta(hours=1), TZ
        )
    with pytest.raises(CoolDownError, match=re.escape(EXTENDED_ALREADY)):
        talks.apply_timeout(store, cooldown.id, "extend", clock.now())

    assert talks_bytes(store) == before
    assert talks.get_timeout(store, cooldown.id).return_at == extended.return_at


def test_a_second_start_timeout_returns_the_running_one(store: Store, clock: FakeClock) -> None:
    talk = speaking(store, clock)
    first = talks.start_timeout(store, TZ, clock.now())
    clock.advance(5)
    again = talks.start_timeout(store, TZ, clock.now())

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
    talks.start_timeout(store, TZ, clock.now())  # already paused by the time-out
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
    cooldown = talks.start_timeout(store, TZ, clock.now())
    assert talks.check(store) == 2
    talks.apply_timeout(store, cooldown.id, "undo", clock.now())
    talks.apply(store, talk.id, "end", clock.now())
    talks.apply(store, talk.id, "finish", clock.now())
    talks.start_talk(store, new_talk(clock, "Holidays"))
    assert talks.check(store) == 3
    assert talks.check(store, archived=False) == 1, "the finished two are in the archive"


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


# -- both agree before the talk begins ------------------------------------------------
@pytest.mark.parametrize("step", ["begin", "advance"])
def test_begin_on_disk_is_refused_until_both_partners_agreed(
    store: Store, clock: FakeClock, step: str
) -> None:
    talk = talks.start_talk(store, new_talk(clock))
    before = talks_bytes(store)
    with pytest.raises(TalkError, match=r"^Both of you agree to the ground rules first\.$"):
        talks.apply(store, talk.id, step, clock.now())
    assert talks_bytes(store) == before

    talks.apply(store, talk.id, "agree", clock.now(), 1)
    after_one = talks_bytes(store)
    with pytest.raises(TalkError, match="Both of you agree"):
        talks.apply(store, talk.id, step, clock.now())
    assert talks_bytes(store) == after_one
    assert on_disk(store, talk.id).agreed == (False, True)

    talks.apply(store, talk.id, "agree", clock.now(), 0)
    begun = talks.apply(store, talk.id, step, clock.now())
    assert begun.phase is Phase.SPEAKING
    assert on_disk(store, talk.id).phase is Phase.SPEAKING


def test_apply_refuses_a_name_that_is_not_a_step_and_writes_nothing(
    store: Store, clock: FakeClock
) -> None:
    talk = speaking(store, clock)
    before = talks_bytes(store)
    for name in ("shout", "agree_rules", "to_dict", "_enter"):
        with pytest.raises(TalkError, match="There is no talk step called"):
            talks.apply(store, talk.id, name, clock.now())
    assert talks_bytes(store) == before


def test_apply_refuses_when_the_talk_moved_on_from_the_phase_seen(
    store: Store, clock: FakeClock
) -> None:
    talk = speaking(store, clock)
    talks.apply(store, talk.id, "speaker_done", clock.now(), expect=Phase.SPEAKING)
    before = talks_bytes(store)

    # The other terminal's key was pressed while it still showed the speaker's turn.
    with pytest.raises(TalkError, match="moved the talk on first"):
        talks.apply(store, talk.id, "advance", clock.now(), expect=Phase.SPEAKING)

    assert talks_bytes(store) == before
    assert on_disk(store, talk.id).phase is Phase.PARAPHRASE


def test_a_new_time_out_returns_after_twenty_minutes(store: Store, clock: FakeClock) -> None:
    talk = speaking(store, clock)
    cooldown = talks.start_timeout(store, TZ, clock.now())
    assert cooldown.talk_id == talk.id
    assert cooldown.return_at - cooldown.started == timedelta(minutes=20)


# -- finished records move to yearly archives --------------------------------------------
def finished(store: Store, clock: FakeClock, topic: str = "Money") -> Talk:
    """A talk that took a time-out, came back and finished: both records are over."""
    talk = speaking(store, clock, topic)
    cooldown = talks.start_timeout(store, TZ, clock.now())
    clock.advance(20 * 60)
    talks.apply_timeout(store, cooldown.id, "come_back", clock.now())
    talks.apply(store, talk.id, "end", clock.now())
    return talks.apply(store, talk.id, "finish", clock.now())


def rows_in(path: Path, table: str) -> list[dict]:
    """The rows of one table of any area file (live or archive), as they are on disk now."""
    return list(json.loads(path.read_bytes()).get(table, {}).values())


def test_finished_talks_and_time_outs_move_to_their_years_archive(
    store: Store, clock: FakeClock
) -> None:
    done = finished(store, clock, "Sundays")
    clock.advance(60)
    still_open = speaking(store, clock, "Holidays")
    running = talks.start_timeout(store, TZ, clock.now())

    live = store.path("talks")
    archive = store.archive_path("talks", 2026)
    assert store.archives("talks") == [archive]
    assert [r["id"] for r in rows_in(live, "talks")] == [still_open.id]
    assert [r["id"] for r in rows_in(live, "timeouts")] == [running.id]
    assert [r["id"] for r in rows_in(archive, "talks")] == [done.id]
    (over,) = rows_in(archive, "timeouts")
    assert (over["talk_id"], over["outcome"]) == (done.id, "resumed")

    # Readers see both files as one.
    assert [t.id for t in talks.all_talks(store)] == [still_open.id, done.id]
    assert [t.id for t in talks.past_talks(store)] == [done.id]
    assert talks.get_talk(store, done.id).phase is Phase.ENDED
    assert [t.outcome for t in talks.timeouts_of(store, done.id)] == ["resumed"]


def test_a_talk_is_archived_by_the_year_it_was_created(data_dir: Path) -> None:
    clock = FakeClock(datetime(2025, 12, 31, 23, 50, tzinfo=UTC))
    store = Store(data_dir, clock)
    talk = speaking(store, clock)
    clock.advance(30 * 60)  # into 2026
    talks.apply(store, talk.id, "end", clock.now())
    talks.apply(store, talk.id, "finish", clock.now())

    assert store.archives("talks") == [store.archive_path("talks", 2025)]
    assert [r["id"] for r in rows_in(store.archive_path("talks", 2025), "talks")] == [talk.id]


@contextmanager
def live_write_fails(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A crash after the archive is written and before the live file is: os.replace fails
    for talks.json only."""
    live = store.path("talks")
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(dst) == live:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_replace(src, dst, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", replace)
        yield


def test_a_crash_between_the_archive_and_the_live_write_loses_nothing_and_doubles_nothing(
    store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    talk = speaking(store, clock)
    talks.apply(store, talk.id, "end", clock.now())
    with live_write_fails(store, monkeypatch), pytest.raises(StoreUnavailable):
        talks.apply(store, talk.id, "finish", clock.now())

    live = store.path("talks")
    archive = store.archive_path("talks", 2026)
    assert [r["phase"] for r in rows_in(archive, "talks")] == ["ended"]
    assert [r["phase"] for r in rows_in(live, "talks")] == ["closing"]
    # In both files, read once: the live copy wins (it is what the disk last agreed to).
    (row,) = store.rows("talks", "talks")
    assert row["phase"] == "closing"
    assert [t.id for t in talks.all_talks(store)] == [talk.id]
    assert talks.get_talk(store, talk.id).phase is Phase.CLOSING

    # Finishing again replaces the archived copy rather than adding a second one.
    talks.apply(store, talk.id, "finish", clock.now())
    assert rows_in(live, "talks") == []
    assert [r["phase"] for r in rows_in(archive, "talks")] == ["ended"]
    assert [t.phase for t in talks.all_talks(store)] == [Phase.ENDED]


# -- a schema-1 file is migrated to the archives -------------------------------------------
def schema1_talks_file(store: Store, clock: FakeClock) -> tuple[bytes, list[str], list[str]]:
    """talks.json as Companion wrote it before archives: every talk in the live file, indented."""
    ended = new_talk(clock, "Sundays", "agreed", "begin", "end", "finish")
    clock.advance(60)
    paused = new_talk(clock, "Holidays", "agreed", "begin", "pause")
    over = TimeOut.start(clock.now(), clock.now() + timedelta(minutes=20), TZ, ended.id)
    over.end(clock.now())
    running = TimeOut.start(clock.now(), clock.now() + timedelta(minutes=20), TZ, paused.id)
    document = {
        "_meta": {"1": {"schema": 1, "area": "talks"}},
        "talks": {"1": encode_talk(ended), "2": encode_talk(paused)},
        "timeouts": {"1": encode_timeout(over), "2": encode_timeout(running)},
    }
    store.ensure_dir()
    raw = json.dumps(document, indent=4).encode("utf-8")
    store.path("talks").write_bytes(raw)
    return raw, [ended.id, paused.id], [over.id, running.id]


@pytest.mark.parametrize("how", ["check_all", "ensure_current"])
def test_a_schema_1_file_is_migrated_after_a_backup_with_nothing_lost(
    store: Store, clock: FakeClock, how: str
) -> None:
    original, talk_ids, timeout_ids = schema1_talks_file(store, clock)
    if how == "check_all":
        # Every record is read (all four are still in the live file) before anything is written.
        assert areas.check_all(store) == 4
    else:
        store.ensure_current()

    backup = store.locations.backups / "talks-schema1-2026-03-14.json"
    assert backup.read_bytes() == original
    live = json.loads(store.path("talks").read_bytes())
    assert live["_meta"]["1"]["schema"] == 2
    assert [r["id"] for r in live["talks"].values()] == [talk_ids[1]]
    assert [r["id"] for r in live["timeouts"].values()] == [timeout_ids[1]]
    archive = store.archive_path("talks", 2026)
    assert [r["id"] for r in rows_in(archive, "talks")] == [talk_ids[0]]
    assert [r["id"] for r in rows_in(archive, "timeouts")] == [timeout_ids[0]]

    old = json.loads(original)
    for table in ("talks", "timeouts"):
        by_id = sorted(store.rows("talks", table), key=lambda r: r["id"])
        assert by_id == sorted(old[table].values(), key=lambda r: r["id"]), table
    assert sorted(t.id for t in talks.all_talks(store)) == sorted(talk_ids)
    assert talks.active_talk(store).id == talk_ids[1]
    assert talks.active_timeout(store).id == timeout_ids[1]
    assert [t.id for t in talks.timeouts_of(store, talk_ids[0])] == [timeout_ids[0]]
    assert areas.check_all(store, archived=True) == 4


# -- deleting a talk for good ----------------------------------------------------------------
def test_delete_removes_a_finished_talk_and_its_time_outs_everywhere(
    store: Store, clock: FakeClock
) -> None:
    gone = finished(store, clock, "Sundays")
    clock.advance(60)
    kept = finished(store, clock, "Holidays")
    clock.advance(60)
    still_open = speaking(store, clock, "Chores")

    deleted = talks.delete_talk(store, gone.id)

    assert deleted.id == gone.id and deleted.topic == "Sundays"
    assert talks.get_talk(store, gone.id) is None
    assert talks.timeouts_of(store, gone.id) == []
    assert sorted(t.id for t in talks.all_talks(store)) == sorted([kept.id, still_open.id])
    assert len(talks.timeouts_of(store, kept.id)) == 1
    for path in (store.path("talks"), *store.archives("talks")):
        text = path.read_text(encoding="utf-8")
        assert gone.id not in text, path


def test_delete_removes_a_talk_left_in_both_files_by_a_crash(
    store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    talk = speaking(store, clock)
    talks.apply(store, talk.id, "end", clock.now())
    with live_write_fails(store, monkeypatch), pytest.raises(StoreUnavailable):
        talks.apply(store, talk.id, "finish", clock.now())
    assert len(store.archives("talks")) == 1

    with pytest.raises(TalkError, match="still open"):
        talks.delete_talk(store, talk.id)  # the live copy is still closing
    talks.apply(store, talk.id, "finish", clock.now())
    talks.delete_talk(store, talk.id)
    assert talks.all_talks(store) == []


@pytest.mark.parametrize("steps", [(), ("agreed", "begin"), ("agreed", "begin", "end")])
def test_delete_refuses_an_open_talk_and_changes_nothing(
    store: Store, clock: FakeClock, steps: tuple[str, ...]
) -> None:
    talk = talks.save_talk(store, new_talk(clock, "Money", *steps))
    before = talks_bytes(store)
    with pytest.raises(TalkError, match="still open; end it first"):
        talks.delete_talk(store, talk.id)
    assert talks_bytes(store) == before
    assert talks.get_talk(store, talk.id) is not None


def test_delete_of_an_unknown_id_is_refused(store: Store, clock: FakeClock) -> None:
    finished(store, clock)
    archive = store.archive_path("talks", 2026).read_bytes()
    with pytest.raises(TalkError, match="no talk with the id nope"):
        talks.delete_talk(store, "nope")
    assert store.archive_path("talks", 2026).read_bytes() == archive
