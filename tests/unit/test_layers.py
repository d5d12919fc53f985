"""The layers hold: the domain imports neither Textual nor the screens, and screens
never reach for the store's files themselves (../shared/DESIGN.md, "Layers")."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import companion
import companion.screens

PACKAGE = Path(companion.__file__).parent
SCREENS = Path(companion.screens.__file__).parent
UI_MODULES = {"companion.app", "companion.cli", "companion.__main__"}
"""The only modules of companion/ that may load Textual (the CLI only for the TUI)."""


def domain_modules() -> list[str]:
    """Every module under companion/ but the screens and the UI entry points (found, not listed)."""
    found = ["companion"]
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="companion."):
        name = info.name
        if name in UI_MODULES or name.startswith("companion.screens") or ".content" in name:
            continue
        found.append(name)
    return sorted(found)


DOMAIN = domain_modules()


def test_the_list_of_domain_modules_is_found_not_written() -> None:
    for expected in (
        "companion.store",
        "companion.areas",
        "companion.talk.rules",
        "companion.talk.codec",
        "companion.talk.records",
        "companion.timeout",
        "companion.when",
        "companion.commands.core",
    ):
        assert expected in DOMAIN
    assert not UI_MODULES & set(DOMAIN)


@pytest.mark.parametrize("module", DOMAIN)
def test_a_domain_module_loads_neither_textual_nor_screens(module: str) -> None:
    code = (
        f"import {module}, sys; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'textual' "
        "or m.startswith('companion.screens')); assert not bad, bad"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_check_sees_textual_when_it_is_there() -> None:
    code = "import companion.app, sys; assert 'textual' not in sys.modules"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "AssertionError" in done.stderr


FILE_CALLS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "read_document"}
STORE_INSIDES = {"transaction", "read", "lock", "rows", "tables", "_load_tables", "_save"}


def screen_files() -> list[Path]:
    return sorted(SCREENS.glob("*.py"))


def offences(path: Path) -> list[str]:
    """Where a screen imports the store module or touches files or the store's insides."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "companion.store":
            found.append(f"line {node.lineno}: imports companion.store")
        if isinstance(node, ast.Import) and any(a.name == "companion.store" for a in node.names):
            found.append(f"line {node.lineno}: imports companion.store")
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in FILE_CALLS:
                found.append(f"line {node.lineno}: calls {name}()")
            if (
                isinstance(func, ast.Attribute)
                and name in STORE_INSIDES
                and isinstance(func.value, ast.Attribute)
                and func.value.attr == "store"
            ):
                found.append(f"line {node.lineno}: calls store.{name}() itself")
    return found


@pytest.mark.parametrize("path", screen_files(), ids=lambda p: p.name)
def test_a_screen_goes_through_the_records_never_the_files(path: Path) -> None:
    assert offences(path) == []


def test_the_file_check_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from companion.store import Store\n"
        "def f(self):\n"
        "    with self.store.transaction('talks') as tx: pass\n"
        "    open('x').read()\n"
    )
    assert len(offences(bad)) == 3


def test_no_screen_calls_its_parents_mount_handler() -> None:
    """Textual runs every class's on_mount in the MRO by itself; a screen that also calls
    super().on_mount() runs the mixin's twice, and every change is then read twice."""
    calls = []
    for path in sorted(SCREENS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"on_mount", "_on_mount"}
                and isinstance(node.func.value, ast.Call)
                and getattr(node.func.value.func, "id", "") == "super"
            ):
                calls.append(f"{path.name}:{node.lineno}")
    assert calls == []
