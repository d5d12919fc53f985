"""Two and four processes writing the same file at once lose nothing and never break it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from companion.clock import FakeClock
from companion.store import Store

INSERTS = 300

WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from companion.store import Store

    data_dir, who, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    store = Store(data_dir)
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.001)
    longest = 0.0
    for i in range(count):
        asked = time.monotonic()
        with store.transaction("talks") as db:
            longest = max(longest, time.monotonic() - asked)
            db.table("talks").insert({"id": f"{who}-{i}", "writer": who, "i": i})
    print(f"done {longest:.3f}", flush=True)
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("count", [2, 4], ids=["two writers", "four writers"])
def test_writers_at_once_lose_nothing(tmp_path: Path, count: int) -> None:
    """Each takes the lock in turn (a blocking wait, woken on release): none is starved
    into "busy", and every one of count x 300 inserts is there, each writer's in order."""
    data_dir = tmp_path / "data"
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    go = tmp_path / "go"
    env = {**os.environ, "COMPANION_HOME": str(tmp_path / "unused")}

    writers = {
        who: subprocess.Popen(
            [sys.executable, str(script), str(data_dir), who, str(INSERTS), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for who in "abcd"[:count]
    }
    try:
        for proc in writers.values():  # all are loaded and waiting ...
            assert proc.stdout.readline() == "ready\n", proc.stderr.read()
        go.touch()  # ... and start together
        results = {who: proc.communicate(timeout=300) for who, proc in writers.items()}
    finally:
        for proc in writers.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    waits = {}
    for who, proc in writers.items():
        out, err = results[who]
        assert proc.returncode == 0, err  # never "busy": nobody held the lock 10 s
        assert out.startswith("done "), out
        waits[who] = float(out.split()[1])
    print(f"longest wait for the lock, per writer (s): {waits}")

    raw = (data_dir / "talks.json").read_bytes()
    doc = json.loads(raw)  # the file parses
    rows = list(doc["talks"].values())
    ids = [row["id"] for row in rows]
    expected = {f"{who}-{i}" for who in writers for i in range(INSERTS)}
    assert len(ids) == count * INSERTS
    assert set(ids) == expected
    with Store(data_dir, FakeClock()).read("talks") as db:
        assert len(db.table("talks").all()) == count * INSERTS
    # Each writer's own inserts landed in its own order.
    for who in writers:
        mine = [row["i"] for row in rows if row["writer"] == who]
        assert mine == list(range(INSERTS))


BOTH_AREAS_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from companion.store import Store

    data_dir, who, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    order = sys.argv[5].split(",")
    store = Store(data_dir)
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.001)
    for i in range(count):
        with store.transaction(*order) as tx:
            for area in order:
                tx[area].table("log").insert({"id": f"{who}-{i}", "writer": who, "i": i})
    print("done", flush=True)
    """
)


def test_two_writers_naming_two_areas_in_opposite_orders_never_deadlock(tmp_path: Path) -> None:
    """Each takes the locks in the registry's order whatever order it names them in: a writer
    holding one lock and waiting for the other would time out here instead of finishing."""
    data_dir = tmp_path / "data"
    script = tmp_path / "both.py"
    script.write_text(BOTH_AREAS_WRITER)
    go = tmp_path / "go"
    env = {**os.environ, "COMPANION_HOME": str(tmp_path / "unused")}
    orders = {"a": "profile,talks", "b": "talks,profile"}
    count = INSERTS // 2

    writers = {
        who: subprocess.Popen(
            [sys.executable, str(script), str(data_dir), who, str(count), str(go), order],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for who, order in orders.items()
    }
    try:
        for proc in writers.values():
            assert proc.stdout.readline() == "ready\n", proc.stderr.read()
        go.touch()
        results = {who: proc.communicate(timeout=120) for who, proc in writers.items()}
    finally:
        for proc in writers.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    for who, proc in writers.items():
        out, err = results[who]
        assert proc.returncode == 0, err
        assert out == "done\n"

    expected = {f"{who}-{i}" for who in orders for i in range(count)}
    for area in ("profile", "talks"):
        rows = list(json.loads((data_dir / f"{area}.json").read_bytes())["log"].values())
        assert len(rows) == len(expected), area
        assert {row["id"] for row in rows} == expected, area
