"""A writer killed at any moment leaves every file parsing, keeps every acknowledged write,
and leaves no temp file behind once the next Companion starts.

Each write here does all a write can: a daily backup (the writer's clock moves a day per
write), pruning old backups, appending finished rows to yearly archives (and backing those
up), then the live file; so the kills land in each of them.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from companion.clock import FakeClock
from companion.store import CorruptFile, Store

KILLS = 50
SEED = 20260314

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime, timedelta
    from pathlib import Path
    from companion.clock import FakeClock
    from companion.store import Store

    seq = int(sys.argv[2])
    clock = FakeClock(datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=seq))
    store = Store(Path(sys.argv[1]), clock)
    print("ready", flush=True)
    while True:
        with store.transaction("talks") as db:
            # Every other row is a finished talk of 2024-2026: it moves to that year's archive.
            row = {"id": f"w{seq}", "seq": seq, "pad": "x" * (seq % 97)}
            if seq % 2:
                row |= {"phase": "ended", "created": f"{2024 + seq % 3}-06-01T12:00:00+00:00"}
            db.table("talks").insert(row)
        clock.advance(86400)  # a new day: the next write backs the files up first
        # The transaction has returned: only now is the write acknowledged.
        sys.stdout.write(f"{seq}\\n")
        sys.stdout.flush()
        seq += 1
    """
)


def sequence_numbers(data_dir: Path) -> list[int]:
    """What a fresh reader finds, live file and archives; CorruptFile means a kill broke one."""
    return [row["seq"] for row in Store(data_dir, FakeClock()).rows("talks", "talks")]


def every_file_parses(data_dir: Path) -> int:
    """Each data file and backup is whole JSON (json.loads raises otherwise); how many."""
    files = [*data_dir.glob("*.json"), *data_dir.glob("backups/*.json")]
    for path in files:
        json.loads(path.read_bytes())
    return len(files)


def store_archives(data_dir: Path) -> list[str]:
    return [p.name for p in Store(data_dir, FakeClock()).archives("talks")]


@pytest.mark.slow
def test_a_killed_writer_never_breaks_the_file(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    main_file = data_dir / "talks.json"
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    env = {**os.environ, "COMPANION_HOME": str(tmp_path / "unused")}
    rng = random.Random(SEED)
    acknowledged: set[int] = set()
    left_behind = 0
    next_seq = 0

    for kill in range(KILLS):
        stderr_log = tmp_path / f"writer-{kill}.err"
        with stderr_log.open("wb") as err:
            proc = subprocess.Popen(
                [sys.executable, str(script), str(data_dir), str(next_seq)],
                stdout=subprocess.PIPE,
                stderr=err,
                env=env,
            )
            try:
                assert proc.stdout.readline() == b"ready\n", stderr_log.read_text()
                # Wait for one acknowledged write, so every run makes progress,
                # then kill it a random moment later: mid-write, mid-fsync, anywhere.
                first = proc.stdout.readline()
                assert first.strip().isdigit(), stderr_log.read_text()
                time.sleep(rng.uniform(0.0, 0.15))
                os.kill(proc.pid, signal.SIGKILL)
                rest = proc.stdout.read()
            finally:
                if proc.poll() is None:
                    proc.kill()
                proc.wait()
                proc.stdout.close()
        assert proc.returncode == -signal.SIGKILL, stderr_log.read_text()
        acknowledged |= {int(line) for line in (first + rest).split()}

        json.loads(main_file.read_bytes())  # the main file is always whole JSON
        every_file_parses(data_dir)
        left_behind += len(list(data_dir.rglob("*.tmp")))  # the next writer clears them
        try:
            found = sequence_numbers(data_dir)
        except CorruptFile as exc:
            raise AssertionError(f"kill {kill} left a broken file: {exc.message}") from exc
        missing = acknowledged - set(found)
        assert not missing, f"kill {kill}: acknowledged writes lost: {sorted(missing)[:10]}"
        # Nothing duplicated, no gaps: every committed write is there exactly once.
        assert sorted(found) == list(range(len(found)))
        next_seq = len(found)

    # A kill may leave temp files, but they are never data: only these names exist ...
    for path in data_dir.iterdir():
        assert path.name in {"talks.json", ".talks.lock", "backups"} or (
            re.fullmatch(r"talks\.202[4-6]\.json", path.name)
            or (path.name.startswith(".talks.") and path.name.endswith(".tmp"))
        ), path
    assert len(acknowledged) >= KILLS  # every run acknowledged at least one write
    assert store_archives(data_dir) == ["talks.2024.json", "talks.2025.json", "talks.2026.json"]
    left = sorted(p.relative_to(data_dir) for p in data_dir.rglob("*.tmp"))
    print(f"temp files found after the {KILLS} kills: {left_behind}; after the last: {left}")
    # ... and the next start clears them away (without a write), losing nothing.
    before = {p: p.read_bytes() for p in data_dir.glob("*.json")}
    Store(data_dir, FakeClock()).prepare()  # what the app's start and init do first
    assert sorted(p.name for p in data_dir.rglob("*.tmp")) == []
    assert {p: p.read_bytes() for p in data_dir.glob("*.json")} == before
    assert set(sequence_numbers(data_dir)) >= acknowledged
    assert every_file_parses(data_dir) > 4
