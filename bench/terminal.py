"""A program in a pseudo-terminal, read the way a terminal (or an SSH client) would.

Used by the benchmarks to time what a person sees: the first frame, a key's
answer, and how many bytes cross the wire each second.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class Terminal:
    """A child process on a pty of a fixed size; everything it writes is kept."""

    def __init__(self, argv: list[str], size: tuple[int, int] = (100, 30), env: dict | None = None):
        self.size = size
        master, slave = pty.openpty()
        cols, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        environ = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "TEXTUAL_ANIMATIONS": "none",
            **(env or {}),
        }
        environ.pop("TEXTUAL", None)
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environ,
            cwd=ROOT,
            start_new_session=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self.marks: list[tuple[float, int]] = []
        """(seconds since start, bytes so far) after each read."""

    def read(self, seconds: float) -> None:
        """Keep reading for `seconds`."""
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            self._read_once(left)

    def _read_once(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            return False
        self.output += chunk
        self.marks.append((time.perf_counter() - self.started, len(self.output)))
        return bool(chunk)

    def wait_for(self, marker: str, timeout: float = 20.0, since: int = 0) -> float:
        """Seconds from start until `marker` appears in the output after byte `since`."""
        needle = marker.encode()
        deadline = time.perf_counter() + timeout
        while needle not in self.output[since:]:
            left = deadline - time.perf_counter()
            if left <= 0:
                tail = bytes(self.output[-400:])
                raise TimeoutError(f"{marker!r} did not appear; last output: {tail!r}")
            self._read_once(min(left, 0.05))
        return time.perf_counter() - self.started

    def send(self, data: str) -> float:
        """Type `data`; returns the moment it was sent (seconds since start)."""
        os.write(self.master, data.encode())
        return time.perf_counter() - self.started

    def rss_peak_kb(self) -> int:
        """The child's peak resident memory so far (VmHWM), in KiB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return 0

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        os.close(self.master)


def python(*args: str) -> list[str]:
    return [sys.executable, *args]
