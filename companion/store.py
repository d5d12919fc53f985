"""The store: TinyDB files that two processes can share without losing a write.

Each area (profile, talks, and later agenda and check-ins) is one JSON file in
the data dir. Every change happens inside `Store.transaction(area)`, which holds
an exclusive lock on the area for the whole read-modify-write, and ends in one
atomic write (temp file in the same folder, fsync, `os.replace`). Readers never
need the lock: they see the old file or the new one, never half of either.
"""

from __future__ import annotations

import copy
import errno
import fcntl
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from companion.clock import Clock, SystemClock
from companion.locations import Locations

META_KEY = "_meta"
BACKUPS_KEPT = 14
LOCK_TIMEOUT = 10.0

Migration = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Schema:
    """The version an area's file is written at, and how to bring older files up to it."""

    version: int
    migrations: dict[int, Migration] = field(default_factory=dict)
    """migrations[n] turns a version-n document (tables only) into version n+1."""


def _stamp(tables: dict[str, Any]) -> dict[str, Any]:
    """Version 0 is a plain TinyDB file with no version: adopt it as it is."""
    return tables


SCHEMAS: dict[str, Schema] = {
    "profile": Schema(1, {0: _stamp}),
    "talks": Schema(1, {0: _stamp}),
}
"""Every shared area and its current schema. Later areas add themselves here."""


class StoreError(Exception):
    """A problem with the data files, told as something a person can act on."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


class CorruptFile(StoreError):
    """A file that does not parse. It is never written over."""


class SchemaTooNew(StoreError):
    """A file written by a newer Companion."""


class DamagedRecord(StoreError):
    """A file that parses but holds a record Companion cannot use. It is not changed."""


def damaged_message(path: Path, what: str, reason: object, backups: Path) -> str:
    return (
        f"{path} has a damaged {what} ({reason}). Companion has not changed the file. "
        f"Restore the newest copy from {backups}, or move the file aside to start "
        "that part afresh."
    )


class StoreUnavailable(StoreError):
    """The disk refused: read-only, full, no permission, or locked too long."""


def corrupt_message(path: Path, reason: str, backups: Path) -> str:
    return (
        f"Companion could not read {path} ({reason}). It has not changed that file. "
        f"Restore the newest copy from {backups}, or move the file aside to start "
        "that part afresh; then open Companion again."
    )


def _disk_message(exc: OSError, path: Path) -> str:
    folder = path.parent
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        why = "the disk is full"
        todo = "free some space and try again"
    elif exc.errno == errno.EROFS:
        why = "that disk is read-only"
        todo = "choose another data dir with --data-dir or COMPANION_HOME"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        why = "you do not have permission to write there"
        todo = f"check who owns {folder}, or choose another data dir"
    else:
        why = exc.strerror or str(exc)
        todo = "check the disk and try again"
    return (
        f"Companion could not save to {folder}: {why}. Nothing already saved was changed; {todo}."
    )


def read_document(path: Path, backups: Path) -> dict[str, Any] | None:
    """The parsed file, or None when it does not exist yet. Never writes."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreUnavailable(
            f"Companion could not read {path}: {exc.strerror or exc}. "
            "Check the file's permissions.",
            path,
        ) from exc
    if not raw.strip():
        raise CorruptFile(corrupt_message(path, "it is empty", backups), path)
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise CorruptFile(corrupt_message(path, "it is not UTF-8 text", backups), path) from None
    except json.JSONDecodeError as exc:
        reason = f"it is not valid JSON at line {exc.lineno}, column {exc.colno}"
        raise CorruptFile(corrupt_message(path, reason, backups), path) from None
    if not isinstance(doc, dict) or not all(
        isinstance(table, dict) and all(isinstance(row, dict) for row in table.values())
        for table in doc.values()
    ):
        raise CorruptFile(corrupt_message(path, "it is not a Companion file", backups), path)
    return doc


def document_version(doc: dict[str, Any]) -> int:
    meta = doc.get(META_KEY, {}).get("1", {})
    version = meta.get("schema", 0)
    return version if isinstance(version, int) and version >= 0 else 0


def encode_document(tables: dict[str, Any], area: str, version: int) -> bytes:
    doc = {META_KEY: {"1": {"schema": version, "area": area}}, **tables}
    try:
        return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates cannot be UTF-8; escaped JSON still round-trips them.
        return json.dumps(doc, ensure_ascii=True, indent=1).encode("ascii")


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a reader sees the old file or the new one."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


class _MemoryStorage(Storage):
    """What TinyDB sees inside a transaction or a read: one document in memory."""

    def __init__(self, tables: dict[str, Any], writable: bool) -> None:
        self.tables = tables
        self.writable = writable
        self.dirty = False

    def read(self) -> dict[str, Any] | None:
        return copy.deepcopy(self.tables)

    def write(self, data: dict[str, Any]) -> None:
        if not self.writable:
            raise StoreError("This view of the data is read-only.")
        self.tables = copy.deepcopy(data)
        self.dirty = True

    def close(self) -> None:
        pass


class Store:
    """All of Companion's shared files in one data dir."""

    def __init__(
        self,
        data_dir: Path,
        clock: Clock | None = None,
        schemas: dict[str, Schema] | None = None,
    ) -> None:
        self.locations = Locations(data_dir)
        self.clock = clock or SystemClock()
        self.schemas = schemas if schemas is not None else SCHEMAS

    # -- paths -----------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        return self.locations.data_dir

    def path(self, area: str) -> Path:
        self._schema(area)
        return self.locations.area_file(area)

    @property
    def areas(self) -> tuple[str, ...]:
        return tuple(self.schemas)

    def _schema(self, area: str) -> Schema:
        try:
            return self.schemas[area]
        except KeyError:
            raise StoreError(f"There is no data area called {area!r}.") from None

    # -- reading ----------------------------------------------------------
    def _load_tables(self, area: str) -> tuple[dict[str, Any], int]:
        """The area's tables brought up to the current schema in memory, and the file's version."""
        path = self.path(area)
        doc = read_document(path, self.locations.backups)
        if doc is None:
            return {}, self._schema(area).version
        return self._upgrade(area, doc), document_version(doc)

    def _upgrade(self, area: str, doc: dict[str, Any]) -> dict[str, Any]:
        schema = self._schema(area)
        path = self.path(area)
        version = document_version(doc)
        if version > schema.version:
            raise SchemaTooNew(
                f"{path} was written by a newer Companion (schema {version}; this one "
                f"understands up to {schema.version}). Update Companion to open it; "
                "the file has not been changed.",
                path,
            )
        tables = {k: v for k, v in doc.items() if k != META_KEY}
        while version < schema.version:
            step = schema.migrations.get(version)
            if step is None:
                raise StoreError(f"Companion cannot upgrade {path} from schema {version}.", path)
            tables = step(copy.deepcopy(tables))
            version += 1
        return tables

    @contextmanager
    def read(self, area: str) -> Iterator[TinyDB]:
        """A read-only TinyDB view of the area as it is on disk now (no lock needed)."""
        tables, _ = self._load_tables(area)
        db = TinyDB(storage=_MemoryStorage, tables=tables, writable=False)
        try:
            yield db
        finally:
            db.close()

    # -- writing ----------------------------------------------------------
    @contextmanager
    def lock(self, area: str, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
        """Hold the area's inter-process lock."""
        self.ensure_dir()
        lock_path = self.locations.lock_file(area)
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StoreUnavailable(_disk_message(exc, lock_path), lock_path) from exc
        try:
            deadline = time.monotonic() + timeout
            delay = 0.001
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreUnavailable(
                            f"Another Companion has held {self.path(area)} for over "
                            f"{timeout:.0f} seconds. Try again in a moment.",
                            self.path(area),
                        ) from None
                    time.sleep(delay)
                    delay = min(delay * 2, 0.02)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    @contextmanager
    def transaction(self, area: str, timeout: float = LOCK_TIMEOUT) -> Iterator[TinyDB]:
        """A TinyDB on the area; all its changes land in one atomic write at the end.

        If the block raises, nothing is written.
        """
        with self.lock(area, timeout=timeout):
            tables, version = self._load_tables(area)
            storage_box: list[_MemoryStorage] = []

            class _Captured(_MemoryStorage):
                def __init__(self, *args: Any, **kwargs: Any) -> None:
                    super().__init__(*args, **kwargs)
                    storage_box.append(self)

            db = TinyDB(storage=_Captured, tables=tables, writable=True)
            yield db
            storage = storage_box[0]
            current = self._schema(area).version
            if storage.dirty or version != current:
                self._save(area, storage.tables, old_version=version)

    def _save(self, area: str, tables: dict[str, Any], old_version: int) -> None:
        path = self.path(area)
        version = self._schema(area).version
        data = encode_document(tables, area, version)
        try:
            if path.exists():
                if old_version != version:
                    self._backup(path, tag=f"schema{old_version}-", force=True)
                self._backup(path)
            atomic_write(path, data)
        except OSError as exc:
            raise StoreUnavailable(_disk_message(exc, path), path) from exc

    # -- backups ----------------------------------------------------------
    def _backup(self, path: Path, tag: str = "", force: bool = False) -> Path | None:
        """Copy the file as it is now into backups/, at most once per file per day."""
        day = self.clock.now().date().isoformat()
        backups = self.locations.backups
        target = backups / f"{path.stem}-{tag}{day}.json"
        if target.exists() and not force:
            return None
        backups.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write(target, path.read_bytes())
        self._prune(path.stem)
        return target

    def _prune(self, stem: str) -> None:
        daily = sorted(
            p
            for p in self.locations.backups.glob(f"{stem}-*.json")
            if p.stem[len(stem) + 1 :][:4].isdigit()
        )
        for old in daily[:-BACKUPS_KEPT]:
            with suppress(OSError):
                old.unlink()

    def backups_of(self, area: str) -> list[Path]:
        return sorted(self.locations.backups.glob(f"{self.path(area).stem}-*.json"))

    # -- the data dir ------------------------------------------------------
    def ensure_dir(self) -> None:
        try:
            self.locations.ensure()
        except OSError as exc:
            raise StoreUnavailable(_disk_message(exc, self.data_dir / "x"), self.data_dir) from exc

    def ensure_current(self) -> None:
        """Check every area parses, and migrate older ones (after a backup)."""
        for area in self.areas:
            path = self.path(area)
            doc = read_document(path, self.locations.backups)
            if doc is None:
                continue
            self._upgrade(area, doc)  # raises for too-new files
            if document_version(doc) != self._schema(area).version:
                with self.transaction(area):
                    pass

    # -- who else has the data open ------------------------------------------------
    def announce(self) -> int | None:
        """Hold a shared lock while this process has the data open; returns its handle."""
        try:
            self.ensure_dir()
            fd = os.open(self.locations.lock_file("presence"), os.O_RDWR | os.O_CREAT, 0o600)
        except (OSError, StoreError):
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return None
        return fd

    def withdraw(self, handle: int | None) -> None:
        """Stop announcing this process (closing the handle drops its lock)."""
        if handle is not None:
            with suppress(OSError):
                os.close(handle)

    def others_present(self) -> bool:
        """Whether another Companion (another terminal) has this data open right now."""
        if not self.data_dir.exists():
            return False  # nobody can have open what is not there yet
        try:
            fd = os.open(self.locations.lock_file("presence"), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return True  # cannot tell, so assume someone may be there
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        finally:
            os.close(fd)
        return False

    def signature(self) -> tuple[tuple[int, int, int], ...]:
        """What changes when any area's file changes: for live reload."""
        sig = []
        for area in self.areas:
            try:
                st = os.stat(self.locations.area_file(area))
                sig.append((st.st_mtime_ns, st.st_size, st.st_ino))
            except OSError:
                sig.append((0, 0, 0))
        return tuple(sig)

    def export(self) -> dict[str, Any]:
        """Every shared area as plain tables; private journals are not in the store."""
        out: dict[str, Any] = {}
        for area in self.areas:
            tables, _ = self._load_tables(area)
            out[area] = tables
        return out
