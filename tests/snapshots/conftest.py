"""Snapshots live in tests/__snapshots__/ (STYLE.md), one folder per test module."""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_textual_snapshot

SNAPSHOTS = Path(__file__).resolve().parents[1] / "__snapshots__"


class _SnapshotsBesideTests(pytest_textual_snapshot.SVGImageExtension):
    @classmethod
    def dirname(cls, *, test_location) -> str:
        return str(SNAPSHOTS / test_location.basename)


# snap_compare looks the extension up when it runs, so this moves every snapshot.
pytest_textual_snapshot.SVGImageExtension = _SnapshotsBesideTests


@pytest.fixture(autouse=True)
def _steady_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same screen on every machine: a fixed time zone for the setup form's default."""
    monkeypatch.setenv("TZ", "Europe/London")
