"""Wrapped lists: continued lines start under the text, and no word is left alone."""

from __future__ import annotations

from rich.text import Text

from companion.screens.hanging import bullets, hang


def test_a_bullet_wraps_under_its_text_not_under_the_bullet() -> None:
    out = hang(
        bullets(["Breathe slowly, letting each out-breath be longer than the in-breath."]), 30
    )
    lines = out.plain.splitlines()
    assert len(lines) > 1
    assert lines[0].startswith("• ")
    assert all(line.startswith("  ") and not line.startswith("   ") for line in lines[1:])
    assert all(len(line) <= 30 for line in lines)


def test_a_table_of_keys_lines_every_description_up() -> None:
    rows = [("ctrl+t  ", "Time-out — Stop everything and cool down for at least 20 minutes")]
    lines = hang(rows, 68).plain.splitlines()
    assert lines[0].startswith("ctrl+t  Time-out")
    assert lines[1].startswith(" " * 8) and lines[1][8] != " "


def test_no_word_is_left_alone_on_the_last_line() -> None:
    text = "Time-out — Stop everything and cool down for at least 20 minutes"
    for width in range(30, 72):
        lines = hang([("", text)], width).plain.splitlines()
        if len(lines) > 1:
            assert len(lines[-1].split()) > 1, (width, lines)


def test_styles_survive_the_wrapping() -> None:
    item = Text.assemble(("No blame", "bold"), ". Blame puts people on the defensive, and then")
    out = hang([("1. ", item)], 30)
    bold = [out.plain[span.start : span.end] for span in out.spans if span.style == "bold"]
    assert bold == ["No blame"]
