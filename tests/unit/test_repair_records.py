"""The repair area on disk: each step in a transaction, the talk's record as the proof."""

from __future__ import annotations

import pytest

from companion.clock import FakeClock
from companion.profile import create_profile
from companion.repair import RepairError, RepairStep, Stage
from companion.repair import records as repair_records
from companion.store import Store
from companion.talk import Talk, TalkStep, choose_lengths
from companion.talk import records as talk_records


def new_talk(store: Store, first: int) -> Talk:
    now = store.clock.now()
    return Talk.new("Our repair", ("Sam", "Alex"), first, choose_lengths("short"), "short", now)


def run_turn(store: Store, clock: FakeClock, talk_id: str, confirm: bool = True) -> None:
    talk_records.apply(store, talk_id, TalkStep.AGREE, clock.now(), 0)
    talk_records.apply(store, talk_id, TalkStep.AGREE, clock.now(), 1)
    talk_records.apply(store, talk_id, TalkStep.BEGIN, clock.now())
    clock.advance(90)
    talk_records.apply(store, talk_id, TalkStep.SPEAKER_DONE, clock.now())
    talk_records.apply(store, talk_id, TalkStep.PARAPHRASE_DONE, clock.now())
    step = TalkStep.CONFIRM if confirm else TalkStep.CLARIFY
    talk_records.apply(store, talk_id, step, clock.now())
    talk_records.apply(store, talk_id, TalkStep.END, clock.now())
    talk_records.apply(store, talk_id, TalkStep.FINISH, clock.now())


def test_alone_there_is_no_repair(store: Store) -> None:
    create_profile(store, ["Sam"], "Europe/London")
    with pytest.raises(RepairError, match="two people"):
        repair_records.start(store, 0, store.clock.now())


def test_the_way_back_on_disk(couple: Store, clock: FakeClock) -> None:
    store = couple
    repair = repair_records.start(store, 0, clock.now())
    with pytest.raises(RepairError, match="already under way"):
        repair_records.start(store, 1, clock.now())
    repair_records.take(store, repair.id, RepairStep.SHARE_HURT, clock.now(), "What happened.")
    clock.advance(60)
    hearing = repair_records.open_talk(
        store, repair.id, new_talk(store, 0), repair_records.HEARING, clock.now()
    )
    assert talk_records.active_talk(store).id == hearing.id
    # nothing to note until the talk shows Sam's turn confirmed
    assert repair_records.catch_up(store, clock.now()).heard is None
    run_turn(store, clock, hearing.id)
    assert repair_records.catch_up(store, clock.now()).stage is Stage.APOLOGY
    repair_records.take(
        store, repair.id, RepairStep.DRAFT_APOLOGY, clock.now(), "I did it.", "", "", ["Call"]
    )
    apology = repair_records.open_talk(
        store, repair.id, new_talk(store, 1), repair_records.APOLOGY, clock.now()
    )
    with pytest.raises(RepairError, match="Not yet"):
        repair_records.deliver(store, repair.id, clock.now())
    run_turn(store, clock, apology.id)
    saved = repair_records.deliver(store, repair.id, clock.now())
    assert saved.stage is Stage.COMMITMENTS
    assert repair_records.current(store).delivered is not None
    [open_one] = repair_records.open_commitments(store)
    repair_records.report(store, repair.id, open_one.commitment.id, "kept", clock.now())
    assert repair_records.check(store) == 1


def test_a_second_talk_is_refused_while_one_is_open(couple: Store, clock: FakeClock) -> None:
    store = couple
    repair = repair_records.start(store, 0, clock.now())
    repair_records.take(store, repair.id, RepairStep.SHARE_HURT, clock.now(), "What happened.")
    talk_records.start_talk(store, new_talk(store, 1))
    with pytest.raises(Exception, match="still open"):
        repair_records.open_talk(
            store, repair.id, new_talk(store, 0), repair_records.HEARING, clock.now()
        )
    assert repair_records.current(store).hearing_talk is None
