"""The app's last pass over what it draws: no control character reaches the terminal."""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.color import Color

from companion.screens.safe_output import PrintableFilter
from companion.text import drawable
from tests.hostile import payload

CONTROLS = "".join(map(chr, [*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029]))


def test_the_line_filter_drops_controls_from_every_segment_and_keeps_widths() -> None:
    style = Style(bold=True)
    segments = [Segment("plain"), Segment(payload("X"), style), Segment("\x1b[2J")]
    out = PrintableFilter().apply(segments, Color(0, 0, 0))
    assert [s.text for s in out] == ["plain", drawable(payload("X")), "[2J"]
    assert out[1].style == style
    assert not any(c in CONTROLS for s in out for c in s.text)
    assert [cell_len(s.text) for s in out] == [cell_len(s.text) for s in segments]
    clean = [Segment("nothing to do")]
    assert PrintableFilter().apply(clean, Color(0, 0, 0)) is clean  # no copy in the common case


async def test_the_app_draws_through_the_filter(couple, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(couple)
    async with app.run_test():
        assert any(isinstance(f, PrintableFilter) for f in app.get_line_filters())
