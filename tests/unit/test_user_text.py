"""User text holds no control character once it is a record, an error, or a line of output.

Loaded: a talk, the profile and its settings clean their text when they are built,
whatever built them. Printed: the command line prints through `say` and escapes what it
writes as JSON. (Drawn: tests/ui/test_safe_output.py.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.cli import main
from companion.clock import FakeClock
from companion.commands import json_bytes
from companion.errors import StoreError
from companion.profile import Profile, Settings, load_profile
from companion.store import Store
from companion.talk import PRESETS, Talk, TalkError, check_partners
from companion.talk import records as talks
from companion.talk.codec import decode_talk, encode_talk
from companion.text import drawable, printable
from tests.hostile import TEXT_FIELDS, hostile_text_dir, injected, payload, with_raw_controls

CONTROLS = "".join(map(chr, [*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029]))


def has_control(text: str) -> bool:
    return any(c in CONTROLS for c in text)


@given(st.text())
def test_printable_leaves_no_control_character(text: str) -> None:
    assert not has_control(printable(text))
    assert not has_control(drawable(text))


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))))
def test_text_without_controls_is_left_as_it_is(text: str) -> None:
    assert printable(text) is text or printable(text) == text
    assert drawable(text) == text


def test_drawable_keeps_every_cell_where_it_was() -> None:
    from rich.cells import cell_len

    for text in (payload("X"), "a\u2028b", "tab\there", "lone \ud800 surrogate"):
        assert cell_len(drawable(text)) == cell_len(text)


def test_a_talk_built_any_way_holds_clean_text() -> None:
    now = FakeClock().now()
    talk = Talk.new("Money", ("Sam", "Alex"), 0, PRESETS["short"], "short", now)
    raw = encode_talk(talk) | {"topic": payload("T"), "partners": [payload("A"), payload("B")]}
    for built in (
        decode_talk(raw),  # from the disk
        Talk(**{**talk.__dict__, "topic": payload("T"), "partners": (payload("A"), "B")}),
    ):
        assert not has_control(built.topic)
        assert not any(has_control(name) for name in built.partners)
        assert built.topic.startswith("T]0;OT")


def test_partners_that_differ_only_by_control_characters_are_the_same_name() -> None:
    with pytest.raises(TalkError, match="different names"):
        check_partners(["Sam", "S\x1bam"])
    with pytest.raises(TalkError, match="needs a name"):
        check_partners(["Sam", "\x1b\x07"])


def test_the_profile_and_settings_hold_clean_text(data_dir: Path, clock: FakeClock) -> None:
    hostile_text_dir(data_dir, clock)
    assert with_raw_controls(data_dir), "the payload is on disk"
    profile = load_profile(Store(data_dir, clock))
    assert profile is not None
    assert not any(has_control(name) for name in profile.partners)
    assert not has_control(profile.settings.theme or "")
    assert not has_control(profile.settings.country)
    assert profile.partners[0].startswith("N1]0;ON1")
    built = Profile(
        ("A\x1b", "\x9bB"), "UTC", clock.now(), Settings(theme="\x1b]0;x", country="\x07")
    )
    assert built.partners == ("A", "B")
    assert (built.settings.theme, built.settings.country) == ("]0;x", "")


def test_every_record_read_from_a_hostile_dir_is_clean(data_dir: Path, clock: FakeClock) -> None:
    hostile_text_dir(data_dir, clock)
    store = Store(data_dir, clock)
    found = talks.all_talks(store)
    assert {t.topic[:2] for t in found} == {"FT", "OT"}
    for talk in found:
        assert not has_control(talk.topic)
        assert not any(has_control(name) for name in talk.partners)


def test_error_messages_are_printable() -> None:
    assert StoreError("bad \x1b]0;x\x07 file").message == "bad ]0;x file"
    assert str(TalkError("topic \x9b2J")) == "topic 2J"


def test_json_output_escapes_every_control_character() -> None:
    text = payload("J") + "\x7f\u2028"
    data = json_bytes({"topic": text})
    assert injected(data) == []
    assert json.loads(data) == {"topic": text}  # the same text, read back


@pytest.mark.parametrize(
    "argv",
    [
        ["doctor"],
        ["locate"],
        ["talks", "list"],
        ["talks", "list", "--json"],
        ["export", "--json", "-"],
        ["init", "--partner", "Sam\x1b]0;x\x07"],
        ["talks", "delete", "no\x1b]0;x\x07such"],
    ],
)
def test_the_command_line_prints_no_control_character(
    capfdbinary: pytest.CaptureFixture[bytes], data_dir: Path, clock: FakeClock, argv: list[str]
) -> None:
    """Every command over a hostile dir, stdout and stderr as bytes (`init` refuses: a profile
    exists, and the message names the two payload names)."""
    hostile_text_dir(data_dir, clock)
    capfdbinary.readouterr()
    main(["--data-dir", str(data_dir), *argv])
    out, err = capfdbinary.readouterr()
    assert injected(out) == [] and injected(err) == []
    assert b"\x1b" not in out + err and b"\x07" not in out + err
    if argv[0] == "init":
        assert b"N1]0;ON1" in err and b"N2]0;ON2" in err  # named, cleaned
    assert len(TEXT_FIELDS) == 10
