"""Desktop notices (OSC 9 and OSC 777): exact bytes, and nothing from the text can escape them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.notices import clean, desktop_notification, protocols
from companion.profile import Settings

ESC, BEL = "\x1b", "\x07"


def test_both_sequences_exactly() -> None:
    assert desktop_notification("Companion", "Time is up for this turn.") == (
        "\x1b]9;Companion: Time is up for this turn.\x07"
        "\x1b]777;notify;Companion;Time is up for this turn.\x07"
    )


def test_inside_tmux_each_is_wrapped_to_pass_through() -> None:
    sent = desktop_notification("Companion", "Over.", tmux=True)
    assert sent == (
        "\x1bPtmux;\x1b\x1b]9;Companion: Over.\x07\x1b\\"
        "\x1bPtmux;\x1b\x1b]777;notify;Companion;Over.\x07\x1b\\"
    )


def test_control_characters_and_the_titles_semicolons_cannot_end_a_sequence_early() -> None:
    sent = desktop_notification("Com;pan\x1b]0;x\x07ion", "a\x1b]52;c;ZXZpbA==\x07b\x9d\nc")
    assert sent.count(ESC) == 2 and sent.count(BEL) == 2  # only the two openings and endings
    assert sent.startswith("\x1b]9;") and "\x1b]777;notify;Com,pan]0,xion;" in sent
    assert "\x9d" not in sent  # C1 OSC too


def test_long_text_is_cut_and_an_empty_title_is_named() -> None:
    sent = desktop_notification("", "x" * 1000)
    assert sent.startswith("\x1b]9;Companion: ")
    assert len(sent) < 500


@given(st.text(), st.text())
def test_whatever_the_text_exactly_two_sequences_go_out(title: str, body: str) -> None:
    sent = desktop_notification(title, body)
    assert sent.count(ESC) == 2 and sent.count(BEL) == 2
    nine, seven = sent.split(BEL)[:2]
    assert nine.startswith("\x1b]9;") and seven.startswith("\x1b]777;notify;")
    assert seven.count(";") == 3 + clean(body).count(";")  # none from the title
    assert not any(0x80 <= ord(c) < 0xA0 for c in sent)


def test_desktop_notices_are_off_until_turned_on() -> None:
    assert Settings().desktop_notify is False
    assert Settings.from_dict({"desktop_notify": True}).desktop_notify is True
    with pytest.raises(ValueError, match="desktop_notify"):  # a wrong type is damage, named
        Settings.from_dict({"desktop_notify": "yes"})


def test_a_known_terminal_gets_only_its_own_sequence_and_an_unknown_one_both() -> None:
    assert protocols({"TERM": "xterm-ghostty"}) == ("9",)
    assert protocols({"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}) == ("9",)
    assert protocols({"TERM": "xterm-kitty"}) == ("9",)
    assert protocols({"TERM": "foot"}) == ("777",)
    assert protocols({"TERM": "rxvt-unicode-256color"}) == ("777",)
    assert protocols({"TERM": "xterm-256color", "VTE_VERSION": "7600"}) == ("777",)
    assert protocols({"TERM": "xterm-256color"}) == ("9", "777")
    assert protocols({}) == ("9", "777")
    only_777 = desktop_notification("Companion", "Over.", send=("777",))
    assert only_777 == "\x1b]777;notify;Companion;Over.\x07"
