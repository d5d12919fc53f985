"""The registry of areas names each area's module without importing it."""

from __future__ import annotations

import subprocess
import sys

from companion import areas


def test_each_name_is_its_records_modules_area() -> None:
    for area in areas.REGISTRY:
        assert area.name == area.records.AREA
        assert callable(area.check)
        assert area.archive is None or callable(area.archive)


def test_the_archive_rule_is_the_records_modules_own() -> None:
    from companion.agenda import records as agenda

    assert areas.get("agenda").archive is agenda.finished_year
    assert areas.get("repair").archive is None


def test_opening_the_registry_imports_no_areas_records() -> None:
    """The app's first frame needs none of them (bench/NOTES.md, start)."""
    code = (
        "import sys, companion.areas, companion.app; "
        "print(sorted(m for m in sys.modules if m.count('.') == 2 and m.endswith('.records')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
