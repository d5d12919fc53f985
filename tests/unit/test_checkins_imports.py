"""icalendar and plotext stay off the start path: they load when an export or the chart needs them."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("icalendar", "plotext", "textual_plotext")


def loaded_after(code: str) -> list[str]:
    check = (
        f"{code}\nimport sys\nprint(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return eval(done.stdout.strip())  # a printed list of names


@pytest.mark.parametrize(
    "code",
    [
        "import companion.app",
        "import companion.cli; companion.cli.build_parser()",
        "import companion.screens.calendar, companion.screens.checkin_trends",
        "import companion.checkins.records, companion.commands.checkins",
    ],
)
def test_starting_loads_neither_icalendar_nor_plotext(code: str) -> None:
    assert loaded_after(code) == []


def test_the_check_sees_them_when_they_load() -> None:
    found = loaded_after(
        "import companion.checkins.ical as m; m.calendar.__call__; import icalendar"
    )
    assert "icalendar" in found
    found = loaded_after("import companion.screens.checkin_chart")
    assert "textual_plotext" in found
