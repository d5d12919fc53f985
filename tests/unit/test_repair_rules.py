"""The repair's steps: which are open when, and the rule that the hurt is heard first."""

from __future__ import annotations

from datetime import timedelta

import pytest

from companion.clock import FakeClock
from companion.repair import Repair, RepairError, RepairStep, Stage
from companion.repair.codec import decode_repair, encode_repair
from companion.talk import Talk, TalkStep, choose_lengths

PARTNERS = ("Sam", "Alex")


def talk_with(speaker: int, clock: FakeClock, confirm: bool = True) -> Talk:
    """A talk between Sam and Alex in which `speaker` speaks first; their turn confirmed."""
    talk = Talk.new(
        "The night of the party", PARTNERS, speaker, choose_lengths("short"), "short", clock.now()
    )
    talk.take(TalkStep.AGREE, clock.now(), 0)
    talk.take(TalkStep.AGREE, clock.now(), 1)
    talk.take(TalkStep.BEGIN, clock.now())
    clock.advance(60)
    talk.take(TalkStep.SPEAKER_DONE, clock.now())
    talk.take(TalkStep.PARAPHRASE_DONE, clock.now())
    talk.take(TalkStep.CONFIRM if confirm else TalkStep.CLARIFY, clock.now())
    return talk


def shared(clock: FakeClock) -> Repair:
    repair = Repair.new(PARTNERS, 0, clock.now())
    repair.take(RepairStep.SHARE_HURT, clock.now(), "You left me at the hospital.", ["alone"])
    clock.advance(60)
    return repair


def heard(clock: FakeClock) -> Repair:
    repair = shared(clock)
    talk = talk_with(0, clock)
    repair.take(RepairStep.OPEN_HEARING, clock.now(), talk)
    repair.take(RepairStep.HEARD, clock.now(), talk)
    return repair


def test_a_new_repair_is_told_first(clock: FakeClock) -> None:
    repair = Repair.new(PARTNERS, 1, clock.now())
    assert repair.hurt_name == "Alex" and repair.amends_name == "Sam"
    assert repair.stage is Stage.TELLING
    assert repair.allowed(clock.now()) == {
        RepairStep.ROLES,
        RepairStep.DRAFT_HURT,
        RepairStep.SHARE_HURT,
    }


def test_roles_change_until_the_account_is_shared(clock: FakeClock) -> None:
    repair = Repair.new(PARTNERS, 0, clock.now())
    repair.take(RepairStep.ROLES, clock.now(), 1)
    assert repair.hurt_name == "Alex"
    repair.take(RepairStep.SHARE_HURT, clock.now(), "What happened.")
    with pytest.raises(RepairError, match="shared already"):
        repair.take(RepairStep.ROLES, clock.now(), 0)


def test_the_account_needs_words_and_known_ways(clock: FakeClock) -> None:
    repair = Repair.new(PARTNERS, 0, clock.now())
    with pytest.raises(RepairError, match="Write something first"):
        repair.take(RepairStep.SHARE_HURT, clock.now(), "   ")
    with pytest.raises(RepairError, match="no way of being hurt"):
        repair.take(RepairStep.SHARE_HURT, clock.now(), "words", ["not-a-way"])
    assert repair.hurt.shared is None


def test_the_apology_cannot_be_delivered_before_the_hurt_is_heard(clock: FakeClock) -> None:
    repair = shared(clock)
    repair.take(RepairStep.DRAFT_APOLOGY, clock.now(), "I left.", "", "", ["Answer my phone"])
    assert RepairStep.DELIVER not in repair.allowed(clock.now())
    apology = talk_with(1, clock)
    with pytest.raises(RepairError, match="after Sam has been heard"):
        repair.take(RepairStep.DELIVER, clock.now(), apology)
    with pytest.raises(RepairError, match="after Sam has been heard"):
        repair.take(RepairStep.OPEN_APOLOGY_TALK, clock.now(), apology)
    assert repair.delivered is None


def test_heard_needs_the_hurt_partners_turn_confirmed_in_the_linked_talk(clock: FakeClock) -> None:
    repair = shared(clock)
    with pytest.raises(RepairError, match="Start a talk"):
        repair.take(RepairStep.HEARD, clock.now(), talk_with(0, clock))
    not_yet = talk_with(0, clock, confirm=False)  # "not quite"
    repair.take(RepairStep.OPEN_HEARING, clock.now(), not_yet)
    with pytest.raises(RepairError, match="Not yet"):
        repair.take(RepairStep.HEARD, clock.now(), not_yet)
    other = talk_with(0, clock)
    with pytest.raises(RepairError, match="not the one"):
        repair.take(RepairStep.HEARD, clock.now(), other)
    assert repair.heard is None and repair.stage is Stage.HEARING


def test_the_hearing_talk_has_the_hurt_partner_speaking_first(clock: FakeClock) -> None:
    repair = shared(clock)
    with pytest.raises(RepairError, match="Sam speaks first"):
        repair.take(RepairStep.OPEN_HEARING, clock.now(), talk_with(1, clock))


def test_a_talk_from_before_the_account_was_shared_is_no_proof(clock: FakeClock) -> None:
    early = talk_with(0, clock)
    clock.advance(60)
    repair = shared(clock)
    with pytest.raises(RepairError, match="before the account was shared"):
        repair.take(RepairStep.OPEN_HEARING, clock.now(), early)


def test_a_full_way_back_makes_each_action_a_commitment(clock: FakeClock) -> None:
    repair = heard(clock)
    assert repair.stage is Stage.APOLOGY
    repair.take(
        RepairStep.DRAFT_APOLOGY,
        clock.now(),
        "I left you at the hospital.",
        "You felt alone when you needed me most.",
        "It was my choice.",
        "Answer when you call\nTell you where I am",
        "What do you need from me now?",
    )
    apology = talk_with(1, clock)
    repair.take(RepairStep.OPEN_APOLOGY_TALK, clock.now(), apology)
    repair.take(RepairStep.DELIVER, clock.now(), apology)
    assert repair.stage is Stage.COMMITMENTS
    assert [c.what for c in repair.commitments] == ["Answer when you call", "Tell you where I am"]
    assert all(c.by == "Alex" and c.cadence.days == 7 for c in repair.commitments)
    assert RepairStep.DRAFT_APOLOGY not in repair.allowed(clock.now())
    assert [e.step for e in repair.log] == [
        "start",
        "share_hurt",
        "open_hearing",
        "heard",
        "open_apology_talk",
        "deliver",
    ]


def test_delivery_needs_the_apology_turn_heard(clock: FakeClock) -> None:
    repair = heard(clock)
    repair.take(RepairStep.DRAFT_APOLOGY, clock.now(), "I left.")
    apology = talk_with(1, clock, confirm=False)
    repair.take(RepairStep.OPEN_APOLOGY_TALK, clock.now(), apology)
    with pytest.raises(RepairError, match="Not yet"):
        repair.take(RepairStep.DELIVER, clock.now(), apology)


def test_an_empty_apology_is_not_saved(clock: FakeClock) -> None:
    repair = heard(clock)
    with pytest.raises(RepairError, match="nothing written"):
        repair.take(RepairStep.DRAFT_APOLOGY, clock.now(), " ", "", "", [], "")


def test_unknown_step_is_one_sentence(clock: FakeClock) -> None:
    repair = Repair.new(PARTNERS, 0, clock.now())
    with pytest.raises(RepairError, match="no repair step called"):
        repair.take("forgive", clock.now())


def test_a_repair_needs_two_people(clock: FakeClock) -> None:
    with pytest.raises(RepairError, match="two people"):
        Repair.new(("Sam",), 0, clock.now())


def test_round_trip_through_the_disk_shape(clock: FakeClock) -> None:
    repair = heard(clock)
    repair.take(RepairStep.DRAFT_APOLOGY, clock.now(), "I left.", "", "", ["Call"])
    back = decode_repair(encode_repair(repair))
    assert encode_repair(back) == encode_repair(repair)


def test_a_delivered_apology_without_hearing_on_disk_is_damage(clock: FakeClock) -> None:
    repair = heard(clock)
    repair.take(RepairStep.DRAFT_APOLOGY, clock.now(), "I left.")
    apology = talk_with(1, clock)
    repair.take(RepairStep.OPEN_APOLOGY_TALK, clock.now(), apology)
    repair.take(RepairStep.DELIVER, clock.now(), apology)
    row = encode_repair(repair)
    row["heard"] = None
    with pytest.raises(RepairError, match="damaged"):
        decode_repair(row)


def test_reports_say_how_it_went(clock: FakeClock) -> None:
    repair = heard(clock)
    repair.take(RepairStep.DRAFT_APOLOGY, clock.now(), "I left.", "", "", ["Call at lunch"])
    apology = talk_with(1, clock)
    repair.take(RepairStep.OPEN_APOLOGY_TALK, clock.now(), apology)
    repair.take(RepairStep.DELIVER, clock.now(), apology)
    made = repair.commitments[0]
    clock.advance(timedelta(days=3))
    repair.take(RepairStep.REPORT, clock.now(), made.id, "kept", "most days", "it helped")
    assert made.last is not None and made.last.felt == "it helped"
    with pytest.raises(RepairError, match="kept, partly, or not yet"):
        repair.take(RepairStep.REPORT, clock.now(), made.id, "perfect")
    repair.take(RepairStep.CADENCE, clock.now(), made.id, 1)
    assert made.cadence.label == "every day"
    with pytest.raises(RepairError, match="1 to 90"):
        repair.take(RepairStep.CADENCE, clock.now(), made.id, 0)
