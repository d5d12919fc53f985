"""Two processes adding issues through the command line at once: every one lands, none twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from companion.clock import FakeClock
from companion.profile import create_profile
from companion.store import Store

ADDS = 200

WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from companion.cli import main

    data_dir, who, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.001)
    for i in range(count):
        code = main(["--data-dir", data_dir, "agenda", "add", f"{who} {i}", "--by", who])
        if code != 0:
            sys.exit(code)
    """
)


def test_two_processes_adding_200_issues_each_leave_400(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    create_profile(Store(data_dir, FakeClock()), ["Sam", "Alex"], "Europe/London")
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    go = tmp_path / "go"
    env = {**os.environ, "COMPANION_HOME": str(tmp_path / "unused")}
    writers = {
        who: subprocess.Popen(
            [sys.executable, str(script), str(data_dir), who, str(ADDS), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for who in ("Sam", "Alex")
    }
    try:
        for proc in writers.values():
            assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
        go.touch()
        results = {who: proc.communicate(timeout=240) for who, proc in writers.items()}
    finally:
        for proc in writers.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    for who, proc in writers.items():
        out, err = results[who]
        assert proc.returncode == 0, err
        assert [int(line) for line in out.split()] == sorted(int(line) for line in out.split())

    listed = subprocess.run(
        [
            sys.executable,
            "-m",
            "companion",
            "--data-dir",
            str(data_dir),
            "agenda",
            "list",
            "--json",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )
    rows = json.loads(listed.stdout)
    assert len(rows) == 2 * ADDS
    assert {row["title"] for row in rows} == {
        f"{who} {i}" for who in ("Sam", "Alex") for i in range(ADDS)
    }
    assert sorted(int(row["id"]) for row in rows) == list(range(1, 2 * ADDS + 1))  # no id twice
    assert sorted(row["position"] for row in rows) == list(range(1, 2 * ADDS + 1))
    for who in ("Sam", "Alex"):  # each writer's issues in the order it added them
        mine = [int(row["title"].split()[1]) for row in rows if row["raised_by"] == who]
        assert mine == list(range(ADDS))
