"""Everything but the TUI must import without Textual: the CLI and tests stay light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import companion

PACKAGE = Path(companion.__file__).parent
TUI_ONLY = {"app", "cli", "__main__"}


def core_modules() -> list[str]:
    """Every module in companion/ (found by listing it, so new ones are covered too)."""
    found = []
    for path in sorted(PACKAGE.iterdir()):
        if path.suffix == ".py" and path.stem not in TUI_ONLY:
            found.append("companion" if path.stem == "__init__" else f"companion.{path.stem}")
        elif path.is_dir() and (path / "__init__.py").exists():
            found.append(f"companion.{path.name}")
    return found


MODULES = core_modules()


def test_the_list_is_real() -> None:
    assert PACKAGE.name == "companion"
    assert {"companion.store", "companion.talk", "companion.timeout"} <= set(MODULES)
    assert not {"companion.app", "companion.cli", "companion.__main__"} & set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_imports_without_textual(module: str) -> None:
    code = f"import {module}, sys; assert 'textual' not in sys.modules, sorted(sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_check_can_fail() -> None:
    """The same check sees Textual when it is imported, so a pass above means something."""
    code = "import companion.store, textual, sys; assert 'textual' not in sys.modules"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "AssertionError" in done.stderr
