"""A writer killed at any moment leaves a file that parses and keeps every acknowledged write."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from companion.clock import FakeClock
from companion.store import CorruptFile, Store

KILLS = 50
SEED = 20260314

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from companion.store import Store

    store = Store(Path(sys.argv[1]))
    seq = int(sys.argv[2])
    print("ready", flush=True)
    while True:
        with store.transaction("talks") as db:
            db.table("log").insert({"seq": seq, "pad": "x" * (seq % 97)})
        # The transaction has returned: only now is the write acknowledged.
        sys.stdout.write(f"{seq}\\n")
        sys.stdout.flush()
        seq += 1
    """
)


def sequence_numbers(data_dir: Path) -> list[int]:
    """What a fresh reader finds; CorruptFile here means a kill broke the file."""
    with Store(data_dir, FakeClock()).read("talks") as db:
        return [row["seq"] for row in db.table("log").all()]


def test_a_killed_writer_never_breaks_the_file(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    main_file = data_dir / "talks.json"
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    env = {**os.environ, "COMPANION_HOME": str(tmp_path / "unused")}
    rng = random.Random(SEED)
    acknowledged: set[int] = set()
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
        try:
            found = sequence_numbers(data_dir)
        except CorruptFile as exc:
            raise AssertionError(f"kill {kill} left a broken file: {exc.message}") from exc
        missing = acknowledged - set(found)
        assert not missing, f"kill {kill}: acknowledged writes lost: {sorted(missing)[:10]}"
        # Nothing duplicated, no gaps: every committed write is there exactly once.
        assert sorted(found) == list(range(len(found)))
        next_seq = len(found)

    # A kill may leave a temp file, but it is never data: only these names exist ...
    for path in data_dir.iterdir():
        assert path.name in {"talks.json", ".talks.lock", "backups"} or (
            path.name.startswith(".talks.json.") and path.name.endswith(".tmp")
        ), path
    assert len(acknowledged) >= KILLS  # every run acknowledged at least one write
    # ... and the next writer's first transaction clears it away, losing nothing.
    store = Store(data_dir, FakeClock())
    with store.transaction("talks"):
        pass
    assert sorted(p.name for p in data_dir.rglob("*.tmp")) == []
    assert set(sequence_numbers(data_dir)) >= acknowledged
