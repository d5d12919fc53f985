"""How Repair looks at 80x24: the safety lines, the apology builder with a flag, and the
commitments over weeks.

Every snapshot here was looked at by a person before it was accepted.
"""

from __future__ import annotations

from datetime import timedelta

from textual.pilot import Pilot

from companion.clock import FakeClock
from companion.repair import Repair, RepairStep
from companion.repair.codec import encode_repair
from companion.store import Store
from companion.talk import PRESETS, Talk
from companion.talk import records as talks

from .steps import settle, steady

SIZE = (80, 24)
ACCOUNT = (
    "You left me alone at the hospital the night of the scan. "
    "I called three times and you did not answer. "
    "I felt I did not matter to you, and that I could not count on you."
)


def heard_talk(store: Store, clock: FakeClock, first: int) -> Talk:
    """A finished talk in which `first` spoke and was understood."""
    talk = Talk.new("Our repair", ("Sam", "Alex"), first, PRESETS["short"], "short", clock.now())
    talk.agree(clock.now(), 0)
    talk.agree(clock.now(), 1)
    for step in ("begin", "speaker_done", "paraphrase_done", "confirm", "end", "finish"):
        clock.advance(40)
        talk.take(step, clock.now())
    talks.save_talk(store, talk)
    return talk


def a_repair(store: Store, clock: FakeClock, deliver: bool) -> Repair:
    repair = Repair.new(("Sam", "Alex"), 0, clock.now())
    repair.take(RepairStep.SHARE_HURT, clock.now(), ACCOUNT, ["alone", "not-safe"])
    clock.advance(60)
    hearing = heard_talk(store, clock, 0)
    repair.take(RepairStep.OPEN_HEARING, clock.now(), hearing)
    repair.take(RepairStep.HEARD, clock.now(), hearing)
    repair.take(
        RepairStep.DRAFT_APOLOGY,
        clock.now(),
        "I didn't answer when you called from the hospital, but my phone was on silent.",
        "You were alone and frightened, and you felt you did not matter to me.",
        "It was my choice to stay out, and it is my responsibility.",
        ["Answer when you call, or call back within the hour", "Tell you where I am at night"],
        "What do you need from me now?",
    )
    if deliver:
        apology = heard_talk(store, clock, 1)
        repair.take(RepairStep.OPEN_APOLOGY_TALK, clock.now(), apology)
        repair.take(RepairStep.DELIVER, clock.now(), apology)
    return repair


def save(store: Store, repair: Repair) -> None:
    with store.transaction("repair") as tx:
        tx["repair"].table("repairs").insert(encode_repair(repair))


def months_of_practice(store: Store, clock: FakeClock) -> None:
    """Ten weeks after the apology, each commitment looked at most weeks."""
    repair = a_repair(store, clock, deliver=True)
    first, second = repair.commitments
    repair.take(RepairStep.CADENCE, clock.now(), first.id, 1)
    said = ["kept", "kept", None, "partly", "kept", "not_yet", "kept", "kept", None, "kept"]
    for week, how in enumerate(said):
        clock.advance(timedelta(days=7))
        if how is not None:
            felt = "It helped me sleep." if week == 9 else ""
            repair.take(RepairStep.REPORT, clock.now(), first.id, how, "", felt)
        if week % 2 == 1:
            repair.take(RepairStep.REPORT, clock.now(), second.id, "partly")
    save(store, repair)


async def to_repair(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press("m")
    await pilot.press("enter")
    await steady(pilot, linger=0.5)


async def to_builder(pilot: Pilot) -> None:
    await to_repair(pilot)
    await pilot.press("b")
    await steady(pilot, linger=0.5)


async def to_commitments(pilot: Pilot) -> None:
    await to_repair(pilot)
    await pilot.press("v")
    await steady(pilot, linger=0.5)


async def to_safe_first(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press("m")
    await steady(pilot, linger=0.5)


def test_safe_first(snap_compare, couple, make_app) -> None:
    assert snap_compare(make_app(couple), terminal_size=SIZE, run_before=to_safe_first)


def test_apology_builder_with_a_flag(snap_compare, couple, clock, make_app) -> None:
    save(couple, a_repair(couple, clock, deliver=False))
    assert snap_compare(make_app(couple), terminal_size=SIZE, run_before=to_builder)


def test_commitments_view(snap_compare, couple, clock, make_app) -> None:
    months_of_practice(couple, clock)
    assert snap_compare(make_app(couple), terminal_size=SIZE, run_before=to_commitments)
