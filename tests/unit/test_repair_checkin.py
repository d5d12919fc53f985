"""The repair at a check-in: each commitment is looked at together, and what was said is kept
on the commitment with the repair's own step."""

from __future__ import annotations

from companion.checkins import links, records
from companion.checkins.rules import Stage
from companion.clock import FakeClock
from companion.repair import How, RepairStep
from companion.repair import records as repair_records
from companion.repair.checkin_link import RepairCheckInLink
from companion.store import Store
from companion.talk import PRESETS, Talk
from companion.talk import records as talks


def delivered(store: Store, clock: FakeClock, actions: list[str]) -> str:
    """A repair whose apology was said, with `actions` as its commitments; its id."""
    repair = repair_records.start(store, 0, clock.now())
    repair_records.take(store, repair.id, RepairStep.SHARE_HURT, clock.now(), "What happened.")
    clock.advance(60)
    for first, purpose in ((0, repair_records.HEARING), (1, repair_records.APOLOGY)):
        if purpose == repair_records.APOLOGY:
            repair_records.take(
                store, repair.id, RepairStep.DRAFT_APOLOGY, clock.now(), "I did.", "", "", actions
            )
        talk = Talk.new("Repair", ("Sam", "Alex"), first, PRESETS["short"], "short", clock.now())
        repair_records.open_talk(store, repair.id, talk, purpose, clock.now())
        talks.apply(store, talk.id, "agree", clock.now(), 0)
        talks.apply(store, talk.id, "agree", clock.now(), 1)
        for step in ("begin", "speaker_done", "paraphrase_done", "confirm", "end", "finish"):
            talks.apply(store, talk.id, step, clock.now())
        if purpose == repair_records.HEARING:
            repair_records.catch_up(store, clock.now())
    repair_records.deliver(store, repair.id, clock.now())
    return repair.id


def to_review(store: Store, clock: FakeClock):
    checkin = records.start_checkin(store, ("Sam", "Alex"), None, clock.now())
    steps = [("appreciate", (0, "Thanks")), ("appreciate", (1, "Thanks")), ("next", ())]
    steps += [("rate", (0, 7)), ("rate", (1, 6)), ("next", ())]
    for step, args in steps:
        checkin = records.apply(store, checkin.id, step, clock.now(), *args)
    assert checkin.stage is Stage.REVIEW
    return checkin


def test_commitments_are_offered_after_the_agenda(couple: Store, clock: FakeClock) -> None:
    assert any(isinstance(link, RepairCheckInLink) for link in links.active(couple))
    assert RepairCheckInLink().review_items(couple) == []  # no repair, nothing to look at
    delivered(couple, clock, ["Call at lunch", "Tell you where I am"])
    items = [i for i in links.review_items(couple) if i.kind == "commitment"]
    assert [(i.title, i.label) for i in items] == [
        ("Call at lunch", "Commitment (Alex)"),
        ("Tell you where I am", "Commitment (Alex)"),
    ]


def test_what_is_said_at_the_check_in_lands_on_the_commitment(
    couple: Store, clock: FakeClock
) -> None:
    repair_id = delivered(couple, clock, ["Call at lunch", "Tell you where I am"])
    checkin = to_review(couple, clock)
    kinds = [r.kind for r in checkin.reviews]
    first = kinds.index("commitment")
    checkin = records.apply(couple, checkin.id, "review", clock.now(), first, "better", "Most days")
    checkin = records.apply(couple, checkin.id, "review", clock.now(), first + 1, "worse", "")
    for step, args in (("next", ()), ("next", ()), ("plan", ("A walk",)), ("finish", ())):
        checkin = records.apply(couple, checkin.id, step, clock.now(), *args)
    assert checkin.stage is Stage.DONE
    repair = repair_records.current(couple)
    assert repair is not None and repair.id == repair_id
    one, two = repair.commitments
    assert [(r.how, r.note) for r in one.reports] == [(How.KEPT, "Most days")]
    assert [r.how for r in two.reports] == [How.NOT_YET]


def test_a_commitment_gone_meanwhile_is_not_written(couple: Store, clock: FakeClock) -> None:
    delivered(couple, clock, ["Call at lunch"])
    (item,) = RepairCheckInLink().review_items(couple)
    gone = type(item)(item.kind, item.ref.split("/")[0] + "/nope", item.title, item.label)
    with couple.transaction("repair") as tx:
        assert (
            RepairCheckInLink().record_review(tx, gone, "better", "", "both", clock.now()) is False
        )
