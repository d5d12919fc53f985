"""The talk state machine, tested with a fake clock: no screen, no disk."""

from __future__ import annotations

import json
import math
import random
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.clock import FakeClock
from companion.talk import (
    PRESET_LABELS,
    PRESETS,
    STEPS,
    Phase,
    Talk,
    TalkError,
    TalkStep,
    Turn,
    TurnLengths,
    choose_lengths,
    custom_lengths,
    describe_lengths,
    role_prompts,
)
from companion.talk.codec import decode_talk, decode_turn, encode_talk, encode_turn
from companion.when import format_countdown, shown_seconds

START = datetime(2026, 3, 14, 18, 30, tzinfo=UTC)
SHORT = PRESETS["short"]
PARTNERS = ("Ana", "Ben")


def new_talk(clock: FakeClock, first_speaker: int = 0, topic: str = "Money") -> Talk:
    return Talk.new(topic, PARTNERS, first_speaker, SHORT, "short", clock.now())


def take_steps(talk: Talk, clock: FakeClock, steps: list[str]) -> Talk:
    """Take steps by name, 30 s apart; "agreed" stands for both partners agreeing."""
    for step in steps:
        clock.advance(30)
        if step == "agreed":
            talk.agree(clock.now(), 0)
            talk.agree(clock.now(), 1)
        else:
            talk.take(step, clock.now())
    return talk


AGREED = "ground_rules_agreed"
"""The ground rules once both partners have agreed: the only state in which a talk may begin."""

ROUTES: dict[str, list[str]] = {
    "ground_rules": [],
    AGREED: ["agreed"],
    "speaking": ["agreed", "begin"],
    "paraphrase": ["agreed", "begin", "speaker_done"],
    "confirm": ["agreed", "begin", "speaker_done", "paraphrase_done"],
    "clarify": ["agreed", "begin", "speaker_done", "paraphrase_done", "clarify"],
    "closing": ["agreed", "begin", "end"],
    "ended": ["agreed", "begin", "end", "finish"],
}
STATES = list(ROUTES)


def phase_of(state: str) -> Phase:
    return Phase.GROUND_RULES if state == AGREED else Phase(state)


def talk_in(state: str | Phase, clock: FakeClock) -> Talk:
    """A talk driven by its own rules into `state` (a phase, or AGREED)."""
    talk = take_steps(new_talk(clock), clock, ROUTES[str(state)])
    assert talk.phase is phase_of(str(state))
    assert talk.rules_agreed is (state != "ground_rules")
    return talk


def roundtrip(talk: Talk) -> Talk:
    return decode_talk(json.loads(json.dumps(encode_talk(talk))))


# --------------------------------------------------------------------- the transition table

# Written out by hand, independent of Talk.allowed: (state, step) -> phase after.
ALLOWED: dict[tuple[str, str], Phase] = {
    ("ground_rules", "agree"): Phase.GROUND_RULES,
    ("ground_rules", "end"): Phase.CLOSING,
    ("ground_rules", "pause"): Phase.GROUND_RULES,
    (AGREED, "agree"): Phase.GROUND_RULES,
    (AGREED, "begin"): Phase.SPEAKING,
    (AGREED, "advance"): Phase.SPEAKING,
    (AGREED, "end"): Phase.CLOSING,
    (AGREED, "pause"): Phase.GROUND_RULES,
    ("speaking", "speaker_done"): Phase.PARAPHRASE,
    ("speaking", "advance"): Phase.PARAPHRASE,
    ("speaking", "end"): Phase.CLOSING,
    ("speaking", "pause"): Phase.SPEAKING,
    ("paraphrase", "paraphrase_done"): Phase.CONFIRM,
    ("paraphrase", "advance"): Phase.CONFIRM,
    ("paraphrase", "end"): Phase.CLOSING,
    ("paraphrase", "pause"): Phase.PARAPHRASE,
    ("confirm", "confirm"): Phase.SPEAKING,
    ("confirm", "clarify"): Phase.CLARIFY,
    ("confirm", "end"): Phase.CLOSING,
    ("confirm", "pause"): Phase.CONFIRM,
    ("clarify", "speaker_done"): Phase.PARAPHRASE,
    ("clarify", "advance"): Phase.PARAPHRASE,
    ("clarify", "end"): Phase.CLOSING,
    ("clarify", "pause"): Phase.CLARIFY,
    ("closing", "finish"): Phase.ENDED,
    ("closing", "advance"): Phase.ENDED,
}
ALL_STEPS = sorted(
    [
        "agree",
        "begin",
        "speaker_done",
        "paraphrase_done",
        "confirm",
        "clarify",
        "end",
        "finish",
        "pause",
        "resume",
        "advance",
    ]
)
PAUSABLE = ["ground_rules", AGREED, "speaking", "paraphrase", "confirm", "clarify"]


def test_every_step_name_has_a_transition_in_the_table() -> None:
    assert sorted(step.value for step in TalkStep) == ALL_STEPS
    assert set(STEPS) == set(TalkStep)
    assert all(callable(STEPS[step]) for step in TalkStep)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("step", ALL_STEPS)
def test_every_step_in_every_state(state: str, step: str) -> None:
    clock = FakeClock(START)
    talk = talk_in(state, clock)
    clock.advance(5)
    expected = ALLOWED.get((state, step))
    assert talk.can(step) is (expected is not None)
    assert talk.can(TalkStep(step)) is (expected is not None)
    if expected is None:
        before = encode_talk(talk)
        with pytest.raises(TalkError) as info:
            talk.take(step, clock.now())
        assert str(info.value).endswith((".", "?"))
        assert encode_talk(talk) == before, "a refused step must change nothing"
    else:
        assert talk.take(step, clock.now()) is talk
        assert talk.phase is expected
        assert talk.paused is (step == "pause")


@pytest.mark.parametrize("state", STATES)
def test_allowed_matches_the_table(state: str) -> None:
    clock = FakeClock(START)
    talk = talk_in(state, clock)
    allowed = talk.allowed(clock.now())
    assert isinstance(allowed, frozenset)
    assert all(isinstance(step, TalkStep) for step in allowed)
    assert allowed == {TalkStep(s) for (st_, s) in ALLOWED if st_ == state}


@pytest.mark.parametrize("state", PAUSABLE)
@pytest.mark.parametrize("step", ALL_STEPS)
def test_while_paused_only_resume_and_end(state: str, step: str) -> None:
    clock = FakeClock(START)
    talk = talk_in(state, clock)
    talk.pause(clock.now())
    clock.advance(60)
    if step in ("resume", "end"):
        assert talk.can(step)
        talk.take(step, clock.now())
        assert talk.paused is False
        assert talk.phase is (phase_of(state) if step == "resume" else Phase.CLOSING)
    else:
        assert not talk.can(step)
        before = encode_talk(talk)
        with pytest.raises(TalkError):
            talk.take(step, clock.now())
        assert encode_talk(talk) == before


# --------------------------------------------------------------------- both agree, then begin


@pytest.mark.parametrize("step", ["begin", "advance"])
@pytest.mark.parametrize("agreed", [(), (0,), (1,)])
def test_the_talk_cannot_begin_until_both_partners_agreed(
    step: str, agreed: tuple[int, ...]
) -> None:
    clock = FakeClock(START)
    talk = new_talk(clock)
    for partner in agreed:
        talk.agree(clock.now(), partner)
    before = encode_talk(talk)

    assert not talk.can(step)
    with pytest.raises(TalkError, match=r"^Both of you agree to the ground rules first\.$"):
        talk.take(step, clock.now())
    assert encode_talk(talk) == before
    assert talk.phase is Phase.GROUND_RULES and talk.deadline is None


def test_taking_an_agreement_back_closes_the_gate_again() -> None:
    clock = FakeClock(START)
    talk = new_talk(clock)
    talk.agree(clock.now(), 0)
    assert not talk.rules_agreed
    talk.agree(clock.now(), 1)
    assert talk.rules_agreed and talk.can(TalkStep.BEGIN)
    talk.agree(clock.now(), 0, yes=False)
    assert not talk.rules_agreed and talk.agreed == (False, True)
    with pytest.raises(TalkError, match="Both of you agree"):
        talk.begin(clock.now())
    with pytest.raises(TalkError):
        talk.agree(clock.now(), 2)
    assert roundtrip(talk).agreed == (False, True)
    talk.agree(clock.now(), 0)
    talk.begin(clock.now())
    assert talk.phase is Phase.SPEAKING


# --------------------------------------------------------------------- dispatch by name


@pytest.mark.parametrize(
    "name",
    ["shout", "agree_rules", "remaining", "new", "_enter", "__init__", "", "BEGIN"],
)
def test_a_name_that_is_not_a_step_is_refused_and_changes_nothing(name: str) -> None:
    clock = FakeClock(START)
    talk = talk_in(AGREED, clock)
    before = encode_talk(talk)
    with pytest.raises(TalkError, match="There is no talk step called"):
        talk.can(name)
    with pytest.raises(TalkError, match="There is no talk step called"):
        talk.take(name, clock.now())
    assert encode_talk(talk) == before


def test_take_dispatches_through_the_step_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """A step runs the transition the table names for it, never a method looked up by name."""
    clock = FakeClock(START)
    talk = talk_in("speaking", clock)
    called: list[tuple[Talk, datetime, tuple]] = []
    monkeypatch.setitem(STEPS, TalkStep.SPEAKER_DONE, lambda t, now, *a: called.append((t, now, a)))

    assert talk.take("speaker_done", clock.now(), "extra") is talk

    assert called == [(talk, clock.now(), ("extra",))]
    assert talk.phase is Phase.SPEAKING, "the method of that name was not called"


def test_a_step_by_name_and_by_enum_do_the_same() -> None:
    clock = FakeClock(START)
    by_name, by_enum = talk_in("speaking", clock), talk_in("speaking", FakeClock(START))
    by_enum.id = by_name.id
    by_name.take("speaker_done", clock.now())
    by_enum.take(TalkStep.SPEAKER_DONE, clock.now())
    assert encode_talk(by_name) == encode_talk(by_enum)


def test_advance_in_confirm_asks_for_y_or_n() -> None:
    clock = FakeClock(START)
    talk = talk_in("confirm", clock)
    with pytest.raises(TalkError, match=r"^Answer with y or n: did your partner get it\?$"):
        talk.advance(clock.now())


def test_advance_returns_the_new_phase() -> None:
    clock = FakeClock(START)
    talk = talk_in(AGREED, clock)
    assert talk.advance(clock.now()) is Phase.SPEAKING
    assert talk.advance(clock.now()) is Phase.PARAPHRASE
    assert talk.advance(clock.now()) is Phase.CONFIRM


def test_naive_now_is_refused() -> None:
    talk = talk_in(AGREED, FakeClock(START))
    naive = datetime(2026, 3, 14, 18, 31)
    for step in ("agree", "begin"):
        with pytest.raises(TalkError, match="time zone"):
            talk.take(step, naive)
    assert talk.phase is Phase.GROUND_RULES


# --------------------------------------------------------------------- deadlines and overtime


def test_beginning_starts_the_first_speakers_clock() -> None:
    clock = FakeClock(START)
    talk = new_talk(clock, first_speaker=1)
    talk.agree(clock.now(), 0)
    talk.agree(clock.now(), 1)
    assert talk.remaining(clock.now()) is None
    assert talk.phase_length() is None
    clock.advance(40)
    talk.begin(clock.now())
    assert talk.speaker == 1 and talk.listener == 0
    assert talk.speaker_name == "Ben" and talk.listener_name == "Ana"
    assert talk.turn_start == clock.now()
    assert talk.deadline == clock.now() + timedelta(seconds=120)
    assert talk.remaining(clock.now()) == 120.0
    assert talk.phase_length() == 120
    assert format_countdown(talk.remaining(clock.now())) == "2:00"


def test_paraphrase_gets_its_own_clock_and_confirm_has_none() -> None:
    clock = FakeClock(START)
    talk = talk_in(Phase.SPEAKING, clock)
    clock.advance(50)
    talk.speaker_done(clock.now())
    assert talk.pending_turn_end == clock.now()
    assert talk.deadline == clock.now() + timedelta(seconds=60)
    assert talk.phase_length() == 60
    assert talk.speaker == 0, "the speaker keeps the turn while the listener paraphrases"
    clock.advance(20)
    talk.paraphrase_done(clock.now())
    assert talk.deadline is None
    assert talk.remaining(clock.now()) is None
    assert not talk.time_up(clock.now())


def test_overtime_counts_on_and_nothing_moves_by_itself() -> None:
    clock = FakeClock(START)
    talk = talk_in(Phase.SPEAKING, clock)
    clock.advance(119)
    assert not talk.time_up(clock.now())
    assert format_countdown(talk.remaining(clock.now())) == "0:01"
    clock.advance(1)
    assert talk.time_up(clock.now())
    assert format_countdown(talk.remaining(clock.now())) == "0:00"
    clock.advance(12.4)
    assert talk.remaining(clock.now()) == pytest.approx(-12.4)
    assert talk.time_up(clock.now())
    assert format_countdown(talk.remaining(clock.now())) == "+0:12"
    clock.advance(600)
    assert talk.phase is Phase.SPEAKING
    assert format_countdown(talk.remaining(clock.now())) == "+10:12"
    talk.speaker_done(clock.now())
    assert talk.phase is Phase.PARAPHRASE
    clock.advance(75)
    assert format_countdown(talk.remaining(clock.now())) == "+0:15"
    talk.paraphrase_done(clock.now())
    talk.confirm(clock.now())
    assert talk.turns[0].duration == pytest.approx(732.4)


# --------------------------------------------------------------------- the loop of turns


def test_not_quite_gives_the_same_speaker_a_short_time_to_add_what_was_missed() -> None:
    clock = FakeClock(START)
    lengths = TurnLengths(speak=300, paraphrase=60, clarify=45)
    talk = Talk.new("Money", PARTNERS, 0, lengths, "custom", clock.now())
    take_steps(talk, clock, ["agreed", "begin"])
    first_start = talk.turn_start
    for round_ in range(2):
        clock.advance(90)
        done_at = clock.now()
        talk.speaker_done(done_at)
        clock.advance(40)
        talk.paraphrase_done(clock.now())
        clock.advance(5)
        talk.clarify(clock.now())
        assert talk.phase is Phase.CLARIFY
        assert talk.speaker == 0
        assert talk.turns[-1].outcome == "clarified"
        assert talk.turns[-1].speaker == 0
        assert talk.turns[-1].end == done_at
        # the clarify clock, not a whole new turn
        assert talk.deadline == clock.now() + timedelta(seconds=45)
        assert talk.phase_length() == 45
        assert talk.turn_start == clock.now()
        assert len(talk.turns) == round_ + 1
    assert talk.turns[0].start == first_start
    assert talk.exchanges == 0
    # done clarifying: the listener says it back again, on the paraphrase clock
    clock.advance(20)
    talk.advance(clock.now())
    assert talk.phase is Phase.PARAPHRASE
    assert talk.deadline == clock.now() + timedelta(seconds=60)
    talk.paraphrase_done(clock.now())
    talk.confirm(clock.now())
    assert [t.outcome for t in talk.turns] == ["clarified", "clarified", "confirmed"]
    assert talk.turns[-1].duration == pytest.approx(20)
    assert talk.speaker == 1 and talk.phase is Phase.SPEAKING


def test_each_preset_clarifies_in_less_time_than_a_turn() -> None:
    for lengths in PRESETS.values():
        assert lengths.clarify < lengths.speak


def test_a_talk_saved_before_clarify_had_its_own_time_still_loads() -> None:
    clock = FakeClock(START)
    for preset, expected in (("short", 60), ("deep", 120), ("custom", 60)):
        lengths = PRESETS.get(preset, TurnLengths(speak=300, paraphrase=120))
        talk = take_steps(
            Talk.new("Money", PARTNERS, 0, lengths, preset, clock.now()), clock, ["agreed", "begin"]
        )
        old = encode_talk(talk)
        del old["lengths"]["clarify"]
        loaded = decode_talk(json.loads(json.dumps(old)))
        assert loaded.lengths.clarify == expected
        assert loaded.lengths.speak == lengths.speak


def test_custom_lengths_take_a_clarify_time() -> None:
    assert choose_lengths("custom", "5", "2", "3") == TurnLengths(300, 120, 180)
    with pytest.raises(TalkError, match="add what was missed"):
        custom_lengths(5, 2, 0)


def test_yes_passes_the_floor() -> None:
    clock = FakeClock(START)
    talk = talk_in(Phase.CONFIRM, clock)
    clock.advance(3)
    talk.confirm(clock.now())
    assert talk.speaker == 1 and talk.listener == 0
    assert talk.speaker_name == "Ben"
    assert talk.turns[-1].outcome == "confirmed" and talk.turns[-1].speaker == 0
    assert talk.deadline == clock.now() + timedelta(seconds=120)
    assert talk.exchanges == 1
    talk.speaker_done(clock.now())
    talk.paraphrase_done(clock.now())
    talk.confirm(clock.now())
    assert talk.speaker == 0
    assert talk.exchanges == 2


def test_speaking_time_exchanges_and_duration() -> None:
    clock = FakeClock(START)
    talk = new_talk(clock)
    talk.agree(clock.now(), 0)
    talk.agree(clock.now(), 1)
    talk.begin(clock.now())
    clock.advance(100)  # Ana speaks 100 s
    talk.speaker_done(clock.now())
    clock.advance(50)
    talk.paraphrase_done(clock.now())
    talk.confirm(clock.now())
    clock.advance(50)  # Ben speaks 50 s, not quite
    talk.speaker_done(clock.now())
    clock.advance(30)
    talk.paraphrase_done(clock.now())
    talk.clarify(clock.now())
    clock.advance(30)  # Ben clarifies for 30 s, heard
    talk.speaker_done(clock.now())
    talk.paraphrase_done(clock.now())
    talk.confirm(clock.now())
    clock.advance(20)  # Ana speaks 20 s, then they stop
    assert talk.duration is None
    talk.end(clock.now())
    assert [t.outcome for t in talk.turns] == ["confirmed", "clarified", "confirmed", "ended"]
    assert talk.speaking_time(0) == 120.0
    assert talk.speaking_time(1) == 80.0
    assert talk.exchanges == 2
    assert talk.duration == 280.0
    assert talk.ended == clock.now()
    with pytest.raises(ValueError):
        talk.speaking_time(2)


@pytest.mark.parametrize("phase", [Phase.PARAPHRASE, Phase.CONFIRM])
def test_ending_after_done_records_the_turn_up_to_done(phase: Phase) -> None:
    clock = FakeClock(START)
    talk = talk_in(phase, clock)
    done_at = talk.pending_turn_end
    clock.advance(100)
    talk.end(clock.now())
    assert talk.turns[-1].end == done_at
    assert talk.turns[-1].outcome == "ended"
    assert talk.deadline is None
    assert talk.ended == clock.now()


def test_ending_before_anyone_speaks_records_no_turn() -> None:
    clock = FakeClock(START)
    talk = new_talk(clock)
    talk.end(clock.now())
    assert talk.turns == []
    assert talk.phase is Phase.CLOSING


# --------------------------------------------------------------------- time-outs keep the time


@pytest.mark.parametrize("phase", PAUSABLE)
def test_time_out_keeps_remaining_time_exactly(phase: str) -> None:
    clock = FakeClock(START)
    talk = talk_in(phase, clock)
    clock.advance(17.3)
    before = talk.remaining(clock.now())
    speaker = talk.speaker
    talk.pause(clock.now())
    assert talk.paused and talk.deadline is None
    assert talk.timeouts == 1
    clock.advance(timedelta(minutes=25))
    assert talk.remaining(clock.now()) == before
    talk.resume(clock.now())
    assert talk.phase is phase_of(phase) and talk.speaker == speaker
    assert talk.remaining(clock.now()) == before
    if before is None:
        assert talk.deadline is None
    else:
        assert talk.deadline == clock.now() + timedelta(seconds=before)
        clock.advance(1)
        assert talk.remaining(clock.now()) == before - 1


def test_time_out_during_overtime_keeps_the_overtime() -> None:
    clock = FakeClock(START)
    talk = talk_in(Phase.SPEAKING, clock)
    clock.advance(130)
    talk.pause(clock.now())
    assert talk.paused_remaining == -10.0
    assert talk.time_up(clock.now())
    clock.advance(timedelta(minutes=25))
    talk.resume(clock.now())
    assert talk.remaining(clock.now()) == -10.0
    assert format_countdown(talk.remaining(clock.now())) == "+0:10"


def test_time_out_is_not_speaking_time() -> None:
    clock = FakeClock(START)
    talk = talk_in(Phase.SPEAKING, clock)
    clock.advance(30)
    talk.pause(clock.now())
    clock.advance(timedelta(minutes=25))
    talk.resume(clock.now())
    clock.advance(30)
    talk.speaker_done(clock.now())
    talk.paraphrase_done(clock.now())
    talk.confirm(clock.now())
    assert talk.speaking_time(0) == 60.0
    assert talk.turns[0].end - talk.turns[0].start == timedelta(minutes=26)


def test_ending_during_a_time_out_stops_the_turn_when_the_time_out_began() -> None:
    clock = FakeClock(START)
    talk = talk_in(Phase.SPEAKING, clock)
    clock.advance(45)
    paused_at = clock.now()
    talk.pause(paused_at)
    clock.advance(timedelta(hours=2))
    talk.end(clock.now())
    assert talk.turns[-1].end == paused_at
    assert talk.speaking_time(0) == 45.0
    assert not talk.paused and talk.paused_remaining is None
    assert talk.ended == clock.now()


def test_pausing_twice_or_resuming_unpaused_is_refused() -> None:
    clock = FakeClock(START)
    talk = talk_in(Phase.SPEAKING, clock)
    with pytest.raises(TalkError, match="not paused"):
        talk.resume(clock.now())
    talk.pause(clock.now())
    with pytest.raises(TalkError, match="paused"):
        talk.pause(clock.now())
    assert talk.timeouts == 1
    talk.resume(clock.now())
    talk.pause(clock.now())
    assert talk.timeouts == 2


def test_roundtrip_mid_phase_then_carry_on() -> None:
    clock = FakeClock(START)
    talk = talk_in(Phase.SPEAKING, clock)
    clock.advance(33.25)
    copy = roundtrip(talk)
    assert copy == talk
    assert copy.remaining(clock.now()) == talk.remaining(clock.now()) == 86.75
    clock.advance(10)
    copy.speaker_done(clock.now())
    copy.paraphrase_done(clock.now())
    copy.confirm(clock.now())
    assert copy.turns[0].duration == 43.25
    assert roundtrip(copy) == copy


@pytest.mark.parametrize("phase", PAUSABLE)
def test_roundtrip_mid_pause_then_resume(phase: str) -> None:
    clock = FakeClock(START)
    talk = talk_in(phase, clock)
    clock.advance(0.123456)
    before = talk.remaining(clock.now())
    talk.pause(clock.now())
    copy = roundtrip(talk)
    assert copy == talk
    assert copy.paused
    clock.advance(timedelta(minutes=40))
    copy.resume(clock.now())
    assert copy.remaining(clock.now()) == before
    assert copy.timeouts == 1


def test_the_record_uses_iso_strings_with_offset_and_never_says_who_called_a_time_out() -> None:
    clock = FakeClock(START)
    talk = talk_in(Phase.CONFIRM, clock)
    talk.pause(clock.now())
    data = encode_talk(talk)
    assert data["created"] == "2026-03-14T18:30:00+00:00"
    assert data["paused_at"].endswith("+00:00")
    assert data["turns"] == []
    assert data["timeouts"] == 1
    words = json.dumps(data).lower()
    for word in ("caller", "called_by", "who", "by_partner"):
        assert word not in words


def test_roundtrip_keeps_a_non_utc_offset_as_the_same_instant() -> None:
    clock = FakeClock(START)
    talk = new_talk(clock)
    data = encode_talk(talk)
    data["created"] = "2026-03-14T19:30:00+01:00"
    assert decode_talk(data).created == START


# --------------------------------------------------------------------- the shown second
# (how a number of seconds is shown is tested in test_when.py)


def test_ten_minutes_of_irregular_ticks_never_drift() -> None:
    rng = random.Random(20260314)
    clock = FakeClock(START)
    talk = talk_in(Phase.SPEAKING, clock)
    end = clock.now() + timedelta(minutes=10)
    last_shown = None
    steps = 0
    while clock.now() < end:
        clock.advance(rng.uniform(0.01, 0.9))
        steps += 1
        now = clock.now()
        micros = (talk.deadline - now) // timedelta(microseconds=1)
        expected = -(-micros // 1_000_000) if micros > 0 else (-micros) // 1_000_000
        remaining = talk.remaining(now)
        shown = shown_seconds(remaining)
        assert shown == expected, (steps, remaining)
        if micros > 0:
            assert shown == math.ceil(remaining)
            assert last_shown is None or shown <= last_shown, "a countdown never goes back up"
            assert format_countdown(remaining) == f"{expected // 60}:{expected % 60:02d}"
        else:
            assert format_countdown(remaining) == f"+{expected // 60}:{expected % 60:02d}"
        last_shown = shown if micros > 0 else last_shown
    assert steps > 1000
    assert format_countdown(talk.remaining(clock.now())) == "+8:00"


# --------------------------------------------------------------------- setting a talk up


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_each_presets_description_says_its_lengths(name: str) -> None:
    lengths = PRESETS[name]
    said = describe_lengths(lengths)
    assert said.startswith(f"{lengths.speak // 60} min to speak, ")
    assert f"{lengths.paraphrase // 60} min to say it back" in said
    assert f"{lengths.clarify // 60} min to add what was missed" in said
    assert PRESET_LABELS[name]
    assert choose_lengths(name) == lengths


def test_choose_lengths_takes_typed_minutes_for_custom() -> None:
    assert choose_lengths("custom", " 5 ", "2") == TurnLengths(speak=300, paraphrase=120)
    assert choose_lengths("custom", 1, 30) == TurnLengths(speak=60, paraphrase=1800)
    with pytest.raises(TalkError, match="whole minutes"):
        choose_lengths("custom", "five", "2")
    with pytest.raises(TalkError, match="Unknown turn length"):
        choose_lengths("weekly")


def test_custom_lengths() -> None:
    assert custom_lengths(5, 2) == TurnLengths(speak=300, paraphrase=120)
    assert custom_lengths(1, 30) == TurnLengths(speak=60, paraphrase=1800)


@pytest.mark.parametrize(("speak", "paraphrase"), [(0, 1), (31, 1), (5, 0), (5, 31), (-1, 2)])
def test_custom_lengths_out_of_range(speak: int, paraphrase: int) -> None:
    with pytest.raises(TalkError, match="1 to 30 minutes"):
        custom_lengths(speak, paraphrase)


@pytest.mark.parametrize("bad", [2.5, "5", True, None])
def test_custom_lengths_must_be_whole_minutes(bad: object) -> None:
    with pytest.raises(TalkError, match="whole number"):
        custom_lengths(bad, 1)  # type: ignore[arg-type]


def test_new_talk_starts_at_the_ground_rules() -> None:
    clock = FakeClock(START)
    talk = Talk.new("  Chores  ", ["Ana", " Ben "], 1, SHORT, "short", clock.now())
    assert talk.phase is Phase.GROUND_RULES
    assert talk.topic == "Chores"
    assert talk.partners == ("Ana", "Ben")
    assert talk.speaker == 1 and talk.first_speaker == 1
    assert talk.created == clock.now() == talk.phase_started
    assert talk.deadline is None and talk.turns == [] and talk.timeouts == 0
    assert talk.issue_id is None
    assert len(talk.id) == 32 and int(talk.id, 16) >= 0
    assert Talk.new("x", PARTNERS, 0, SHORT, "short", clock.now()).id != talk.id


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("[bold]x[/]", "[bold]x[/]"),
        ("Money 💸 and 👨‍👩‍👧 time", "Money 💸 and 👨‍👩‍👧 time"),
        ("الميزانية المشتركة", "الميزانية المشتركة"),
        ("line one\nline two\ttab", "line one line two tab"),
        ("bell\x07 and \x1b[31mred", "bell and [31mred"),
        ("c1\x85\x9bhere", "c1here"),
        ("\n  padded  \t", "padded"),
        ("x" * 200, "x" * 200),
    ],
)
def test_topic_is_cleaned_but_kept_literally(raw: str, stored: str) -> None:
    talk = Talk.new(raw, PARTNERS, 0, SHORT, "short", START)
    assert talk.topic == stored
    assert roundtrip(talk).topic == stored


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Give the talk a topic"),
        ("   \t\n ", "Give the talk a topic"),
        ("\x00\x01\x1b", "Give the talk a topic"),
        ("x" * 201, "200 characters or fewer; this one has 201"),
    ],
)
def test_bad_topics_are_refused(raw: str, message: str) -> None:
    with pytest.raises(TalkError, match=message):
        Talk.new(raw, PARTNERS, 0, SHORT, "short", START)


@pytest.mark.parametrize(
    ("partners", "first", "preset", "message"),
    [
        (("Ana",), 0, "short", "exactly two"),
        (("Ana", "Ben", "Cy"), 0, "short", "exactly two"),
        (("Ana", "  "), 0, "short", "needs a name"),
        (("Ana", "ana"), 0, "short", "different names"),
        (("Ana", "Ben"), 2, "short", "speaks first"),
        (("Ana", "Ben"), True, "short", "speaks first"),
        (("Ana", "Ben"), 0, "weekly", "Unknown turn length"),
    ],
)
def test_bad_setup_is_refused(partners: tuple, first: int, preset: str, message: str) -> None:
    with pytest.raises(TalkError, match=message):
        Talk.new("Money", partners, first, SHORT, preset, START)


# --------------------------------------------------------------------- damaged records


def _damaged(change) -> dict:  # type: ignore[no-untyped-def]
    clock = FakeClock(START)
    talk = talk_in(Phase.CONFIRM, clock)
    talk.confirm(clock.now())
    data = json.loads(json.dumps(encode_talk(talk)))
    change(data)
    return data


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.pop("phase"),
        lambda d: d.update(phase="shouting"),
        lambda d: d.update(speaker=2),
        lambda d: d.update(created="2026-03-14T18:30:00"),
        lambda d: d.update(created="yesterday"),
        lambda d: d.update(deadline=None),
        lambda d: d.update(paused_remaining=12.0),
        lambda d: d.update(turns="none"),
        lambda d: d["turns"][0].update(outcome="won"),
        lambda d: d["turns"][0].update(end="2026-03-14T18:00:00+00:00"),
        lambda d: d.update(lengths={"speak": -5, "paraphrase": 60}),
        lambda d: d.update(lengths={"speak": 60, "paraphrase": 60, "clarify": 0}),
        lambda d: d.update(partners=["Ana"]),
        lambda d: d.update(timeouts=-1),
        lambda d: d.update(preset=None),
        lambda d: d.update(ended="2026-03-14T19:00:00+00:00"),
        lambda d: d.update(created="1969-12-31T23:59:59+00:00"),
        lambda d: d.update(deadline="2201-01-01T00:00:00+00:00"),
        lambda d: d.update(agreed=[True]),
    ],
)
def test_damaged_records_raise_talk_error(change) -> None:  # type: ignore[no-untyped-def]
    data = _damaged(change)
    with pytest.raises(TalkError, match="damaged"):
        decode_talk(data)


@pytest.mark.parametrize("data", [None, [], "talk", 42])
def test_non_records_raise_talk_error(data: object) -> None:
    with pytest.raises(TalkError):
        decode_talk(data)


def test_undamaged_record_loads() -> None:
    data = _damaged(lambda d: None)
    assert encode_talk(decode_talk(data)) == data


def test_turn_roundtrip_and_duration() -> None:
    turn = Turn(1, START, START + timedelta(seconds=95.5), "clarified", paused=10.0)
    assert turn.duration == 85.5
    assert decode_turn(json.loads(json.dumps(encode_turn(turn)))) == turn
    with pytest.raises(TalkError, match="damaged"):
        decode_turn({"speaker": 0})


# --------------------------------------------------------------------- any sequence of actions


def check_invariants(talk: Talk, now: datetime, pauses: int) -> None:
    assert isinstance(talk.phase, Phase)
    assert talk.speaker in (0, 1)
    timed = talk.phase in (Phase.SPEAKING, Phase.PARAPHRASE, Phase.CLARIFY)
    assert (talk.deadline is None) == (not timed or talk.paused)
    assert (talk.paused_remaining is not None) == (talk.paused and timed)
    assert not (talk.paused and talk.phase in (Phase.CLOSING, Phase.ENDED))
    assert (talk.ended is not None) == (talk.phase in (Phase.CLOSING, Phase.ENDED))
    assert talk.timeouts == pauses
    for turn in talk.turns:
        assert turn.start <= turn.end <= now
        assert 0 <= turn.duration <= (turn.end - turn.start).total_seconds()
    for earlier, later in pairwise(talk.turns):
        assert earlier.end <= later.start
    assert talk.exchanges == sum(t.outcome == "confirmed" for t in talk.turns)
    assert talk.speaking_time(0) + talk.speaking_time(1) == pytest.approx(
        sum(t.duration for t in talk.turns)
    )
    if talk.phase in (Phase.SPEAKING, Phase.PARAPHRASE, Phase.CONFIRM, Phase.CLARIFY):
        assert talk.rules_agreed, "no turn is under way without both partners' agreement"
    assert roundtrip(talk) == talk


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=50),
            st.integers(min_value=0, max_value=50),
            st.floats(min_value=0, max_value=2000, allow_nan=False, allow_infinity=False),
        ),
        max_size=40,
    )
)
def test_any_allowed_sequence_keeps_the_invariants(steps: list) -> None:
    clock = FakeClock(START)
    talk = new_talk(clock)
    pauses = 0
    check_invariants(talk, clock.now(), pauses)
    for pick, refuse, seconds in steps:
        clock.advance(seconds)
        refused = sorted(set(TalkStep) - talk.allowed(clock.now()))
        wrong = refused[refuse % len(refused)]
        before = encode_talk(talk)
        with pytest.raises(TalkError):
            talk.take(wrong, clock.now())
        assert encode_talk(talk) == before
        allowed = sorted(talk.allowed(clock.now()))
        if not allowed:
            assert talk.phase is Phase.ENDED
            break
        step = allowed[pick % len(allowed)]
        remaining = talk.remaining(clock.now())
        # Either partner may agree: which one follows from the same pick.
        args = (pick // len(allowed) % 2,) if step is TalkStep.AGREE else ()
        talk.take(step, clock.now(), *args)
        if step is TalkStep.PAUSE:
            pauses += 1
            assert talk.remaining(clock.now()) == remaining
        elif step is TalkStep.RESUME:
            assert talk.remaining(clock.now()) == remaining
        check_invariants(talk, clock.now(), pauses)


def test_undoing_a_time_out_does_not_count_it() -> None:
    clock = FakeClock(START)
    talk = talk_in(Phase.SPEAKING, clock)
    talk.pause(clock.now())
    assert talk.timeouts == 1
    clock.advance(10)
    talk.resume(clock.now(), undo=True)
    assert talk.timeouts == 0 and talk.phase is Phase.SPEAKING


def test_each_role_gets_a_card_that_fits_and_validation_once_it_is_their_turn() -> None:
    prompts = {
        "speaker": {"starters": [f"s{i}" for i in range(9)]},
        "listener": {
            "paraphrase": [f"p{i}" for i in range(9)],
            "validation": ["v0", "v1", "v2", "v3"],
        },
    }
    speaker, listener = role_prompts(prompts, Phase.SPEAKING)
    assert speaker == [f"s{i}" for i in range(6)]
    assert listener == [f"p{i}" for i in range(6)]
    _, listener = role_prompts(prompts, Phase.PARAPHRASE)
    assert listener == ["p0", "p1", "p2", "v0", "v1", "v2"]
    speaker, listener = role_prompts(prompts, Phase.CONFIRM)
    assert (len(speaker), listener) == (4, ["p0", "p1", "v0", "v1"])
