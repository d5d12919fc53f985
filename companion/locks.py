"""One writer at a time per file, across processes, taken in turn and given up honestly.

A lock is an exclusive `flock` on a small lock file beside the data. A writer
that finds it taken waits in the kernel (a blocking `flock`, woken the moment
the holder lets go) rather than polling with sleeps, which let a busy writer
take the lock again and again while another starved. The blocking call runs
in a helper thread so the wait can end after `timeout` seconds; a wait given
up is handed to that thread, which lets go the moment it is granted.

The holder writes its process id and the wall-clock time it took the lock
into the lock file, so a writer that gives up can say who has held it, and for
how long, instead of guessing.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path

from companion.locations import open_lock


class LockBusy(Exception):
    """The lock was not granted in time; `message` says why in one sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def acquire(lock_path: Path, timeout: float, what: Path) -> int:
    """Open and lock `lock_path`; returns the descriptor (closing it lets go).

    Raises OSError if the lock file cannot be opened, LockBusy after `timeout`
    seconds of waiting; `what` is the data file the lock guards, for the message.
    """
    fd = open_lock(lock_path)  # in a shared data dir, the group can open it too
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        started = time.time()
        if timeout <= 0:
            os.close(fd)
            raise LockBusy(busy_message(lock_path, what, 0.0)) from None
        if not _wait(fd, timeout):  # the helper thread now owns fd
            raise LockBusy(busy_message(lock_path, what, time.time() - started)) from None
    except BaseException:
        os.close(fd)
        raise
    _sign(fd)
    return fd


def _wait(fd: int, timeout: float) -> bool:
    """Block on the lock for up to `timeout` seconds; False (fd handed over) if not granted."""
    guard = threading.Lock()
    granted = threading.Event()
    outcome: list[bool | BaseException] = []

    def block() -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            result: bool | BaseException = True
        except OSError as exc:
            result = exc
        with guard:
            if outcome:  # the caller gave up: let go at once
                os.close(fd)
                return
            outcome.append(result)
        granted.set()

    threading.Thread(target=block, name="companion-lock", daemon=True).start()
    granted.wait(timeout)
    with guard:
        if not outcome:
            outcome.append(False)
            return False
    result = outcome[0]
    if isinstance(result, BaseException):
        os.close(fd)
        raise result
    return True


def _sign(fd: int) -> None:
    """Write who holds the lock and since when (pid, wall-clock seconds) into the lock file."""
    stamp = f"{os.getpid()} {time.time():.3f}\n".encode()
    try:
        os.pwrite(fd, stamp, 0)
        os.ftruncate(fd, len(stamp))
    except OSError:
        pass  # a lock file we cannot write still locks; only the message loses its detail


def holder(lock_path: Path) -> tuple[int, float] | None:
    """(pid, seconds held) of the last writer to take the lock, if the lock file says."""
    try:
        pid_text, since_text = lock_path.read_text(encoding="ascii").split()
        pid, since = int(pid_text), float(since_text)
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return pid, max(0.0, time.time() - since)


def busy_message(lock_path: Path, what: Path, waited: float) -> str:
    """Why the lock was not granted, told as it is."""
    found = holder(lock_path)
    if found is not None and found[1] >= waited * 0.9:
        pid, held = found
        return (
            f"Another Companion (process {pid}) has been saving {what} for "
            f"{held:.0f} seconds, so this change was not saved; try again in a moment."
        )
    return (
        f"Companion waited {waited:.0f} seconds for its turn to save {what} while other "
        "Companions kept saving, so this change was not saved; try again in a moment."
    )
