"""The wheel, installed in a fresh venv away from the checkout, runs and carries its content."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

import companion

REPO = Path(__file__).resolve().parents[2]

CHECK_INSTALLED = textwrap.dedent(
    """
    import sys
    from importlib.resources import files

    import companion
    import companion.content

    root = files("companion.content")
    for name in ("guide/sections.toml", "talk/prompts.toml"):
        resource = root.joinpath(*name.split("/"))
        assert resource.is_file(), name
        assert resource.read_text(encoding="utf-8").strip(), name
    print(companion.__file__)
    print(companion.content.__file__)
    print(companion.__version__)
    """
)


def run(argv: list, cwd: Path, env: dict, timeout: float = 600) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"{argv}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.mark.slow
def test_the_wheel_installs_and_runs(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    env |= {
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "COMPANION_HOME": str(tmp_path / "home-not-used"),
    }

    # Build from a copy, so the checkout gets no build/ folder and parallel runs cannot clash.
    source = tmp_path / "source"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            "build",
            "dist",
            "*.egg-info",
            "__pycache__",
            ".*_cache",
            ".hypothesis",
            "tests",
            "snapshot_report.html",
        ),
    )
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "build", "--wheel", "--outdir", dist, source], tmp_path, env)
    (wheel,) = dist.glob("companion-*.whl")

    # Every content file and the TUI's stylesheet are in the wheel.
    names = set(zipfile.ZipFile(wheel).namelist())
    content = sorted(
        p.relative_to(REPO / "content").as_posix()
        for p in (REPO / "content").rglob("*")
        if p.suffix in {".toml", ".md"}
    )
    assert "guide/sections.toml" in content and "talk/prompts.toml" in content
    missing = [c for c in content if f"companion/content/{c}" not in names]
    assert not missing, f"not in the wheel: {missing}"
    assert "companion/screens/app.tcss" in names

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv], tmp_path, env)
    bin_dir = venv / "bin"
    run([bin_dir / "python", "-m", "pip", "install", "--quiet", wheel], tmp_path, env)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    data_dir = tmp_path / "data"

    done = run([bin_dir / "companion", "--version"], elsewhere, env)
    assert done.stdout.strip() == f"companion {companion.__version__}"

    done = run(
        [bin_dir / "companion", "--data-dir", data_dir, "init", "--partner", "A"], elsewhere, env
    )
    assert "Ready for A" in done.stdout
    assert (data_dir / "profile.json").is_file()

    done = run([bin_dir / "companion", "--data-dir", data_dir, "doctor"], elsewhere, env)
    assert "All is well." in done.stdout

    # The subcommands found in companion.commands are installed too.
    done = run(
        [bin_dir / "companion", "--data-dir", data_dir, "talks", "list", "--json"], elsewhere, env
    )
    assert done.stdout.strip() == "[]"

    script = elsewhere / "check_installed.py"
    script.write_text(CHECK_INSTALLED)
    done = run([bin_dir / "python", script], elsewhere, env)
    package_file, content_file, version = done.stdout.split("\n")[:3]
    assert version == companion.__version__
    for installed in (Path(package_file), Path(content_file)):
        assert installed.is_relative_to(venv), installed
        assert not installed.resolve().is_relative_to(REPO), installed
    assert not (tmp_path / "home-not-used").exists()
