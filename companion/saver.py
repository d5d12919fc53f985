"""Writes off the event loop, one at a time and in order.

A screen hands each save to the Saver and carries on. Because one thread runs
them first-in first-out, a later write (a time-out pausing the talk) can never
land before an earlier one (the talk's last step).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class Saver:
    """A single worker thread for every write this process makes."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="companion-save")
        self._lock = threading.Lock()
        self._pending = 0
        self._last: Future[Any] | None = None

    @property
    def pending(self) -> int:
        """Writes handed over and not finished yet."""
        with self._lock:
            return self._pending

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        with self._lock:
            self._pending += 1
        future = self._pool.submit(fn, *args)
        future.add_done_callback(self._done)
        self._last = future
        return future

    def _done(self, _future: Future[Any]) -> None:
        with self._lock:
            self._pending -= 1

    def flush(self, timeout: float | None = 30.0) -> None:
        """Wait until every write handed over so far has finished."""
        marker = self._pool.submit(lambda: None)
        marker.result(timeout=timeout)

    def close(self) -> None:
        self._pool.shutdown(wait=True)
