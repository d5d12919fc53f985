"""Readable without colour (NO_COLOR) and in 256 colours (SSH often drops COLORTERM).

The screens are drawn as Textual draws them (its NO_COLOR filter included),
then every colour is brought down to the 256-colour palette as Textual does
when it writes to such a terminal. The key texts must be on screen, and each
of their letters must stand out from its background. A picture of each is
kept (COMPANION_SCREENSHOTS=DIR keeps them there) for a person to look at.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from rich.color import Color, ColorSystem
from rich.console import Console
from rich.segment import Segment, Segments
from rich.style import Style
from textual.widget import Widget

from companion.clock import FakeClock
from companion.store import Store
from companion.talk import records as talks
from tests.ui.helpers import SIZE, accept_resume_offer, seed_speaking, tick

MODES = ("no-color", "256")
Cell = tuple[str, tuple[int, int, int], tuple[int, int, int]]


def rgb(color: Color | None, default: tuple[int, int, int]) -> tuple[int, int, int]:
    if color is None or color.is_default:
        return default
    triplet = color.get_truecolor()
    return (triplet.red, triplet.green, triplet.blue)


def as_terminal_shows(style: Style | None, mode: str) -> Style:
    """A cell's style as the terminal gets it: 256 colours at most in "256" mode."""
    style = style or Style()
    if mode != "256":
        return style
    down = {
        key: None if color is None else color.downgrade(ColorSystem.EIGHT_BIT)
        for key, color in (("color", style.color), ("bgcolor", style.bgcolor))
    }
    return style + Style(**down)


def screen_lines(app, mode: str) -> list[list[Segment]]:
    return [
        [Segment(s.text, as_terminal_shows(s.style, mode)) for s in strip]
        for strip in app.screen._compositor.render_strips()
    ]


def cells(lines: list[list[Segment]]) -> list[list[Cell]]:
    """Each cell's letter and the colours it shows in (reverse applied), row by row."""
    grid = []
    for line in lines:
        row = []
        for segment in line:
            style = segment.style or Style()
            fg = rgb(style.color, (255, 255, 255))
            bg = rgb(style.bgcolor, (0, 0, 0))
            if style.reverse:
                fg, bg = bg, fg
            row.extend((char, fg, bg) for char in segment.text)
        grid.append(row)
    return grid


def luminance(colour: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def weakest(grid: list[list[Cell]], widget: Widget) -> float:
    """The lowest contrast of any letter drawn inside the widget."""
    region = widget.region
    found = [
        contrast(fg, bg)
        for row in grid[region.y : region.bottom]
        for char, fg, bg in row[region.x : region.right]
        if not char.isspace()
    ]
    assert found, f"{widget} shows nothing"
    return min(found)


def keep_picture(lines: list[list[Segment]], name: str, tmp_path: Path) -> None:
    console = Console(
        width=SIZE[0], height=SIZE[1], file=io.StringIO(), record=True,
        force_terminal=True, color_system="truecolor", legacy_windows=False,
    )  # fmt: skip
    for line in lines:
        console.print(Segments(line), end="")  # each line is a whole row of the screen
        console.line()
    folder = Path(os.environ.get("COMPANION_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.svg").write_text(console.export_svg(title=name), encoding="utf-8")


def text_of(lines: list[list[Segment]]) -> str:
    return "\n".join("".join(s.text for s in line) for line in lines)


@pytest.fixture
def colour_app(monkeypatch: pytest.MonkeyPatch, make_app):
    def build(store: Store, mode: str):
        if mode == "no-color":
            monkeypatch.setenv("NO_COLOR", "1")  # read when the App is made
        else:
            monkeypatch.delenv("NO_COLOR", raising=False)
        return make_app(store)

    return build


@pytest.mark.parametrize("mode", MODES)
async def test_a_turn_shows_whose_it_is_and_its_time(
    mode: str, couple: Store, clock: FakeClock, colour_app, tmp_path: Path
) -> None:
    seed_speaking(couple, clock)
    app = colour_app(couple, mode)
    assert app.no_color is (mode == "no-color")
    async with app.run_test(size=SIZE) as pilot:
        screen = await accept_resume_offer(pilot)
        await tick(pilot, clock, 35)
        lines = screen_lines(app, mode)
        keep_picture(lines, f"talk-{mode}", tmp_path)
        grid = cells(lines)
        text = text_of(lines)
        assert "Sam speaking" in text and "Alex listening" in text
        roles = screen.query_one("#live-roles")
        assert weakest(grid, roles) >= 4.5
        assert weakest(grid, screen.query_one("#countdown Digits")) >= 3


@pytest.mark.parametrize("mode", MODES)
async def test_a_time_out_shows_its_countdown_and_when_to_come_back(
    mode: str, couple: Store, clock: FakeClock, colour_app, tmp_path: Path
) -> None:
    talks.start_timeout(couple, "Europe/London", clock.now())
    app = colour_app(couple, mode)
    async with app.run_test(size=SIZE) as pilot:
        await tick(pilot, clock, 5 * 60 + 30)
        screen = app.screen
        lines = screen_lines(app, mode)
        keep_picture(lines, f"timeout-{mode}", tmp_path)
        grid = cells(lines)
        assert "Back at 18:50" in text_of(lines)
        assert weakest(grid, screen.query_one("Digits")) >= 3
        assert weakest(grid, screen.query_one("#to-back-at")) >= 4.5
