"""The store: TinyDB files that two processes can share without losing a write.

Each area (profile, talks, and later agenda and check-ins) has a live file in
the data dir holding what a couple does today. Records an area declares
finished are moved, on the write that finishes them, into archive files of
their own year (`talks.2026.json`), so a step costs what it changes, not the
size of ten years of history.

Every change happens inside `Store.transaction(*areas)`, which holds each
area's exclusive lock (in one fixed order) for the whole read-modify-write and
ends in atomic writes (temp file in the same folder, fsync, `os.replace`).
Readers never need the lock: they see the old file or the new one.
"""

from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from tinydb import TinyDB
from tinydb.storages import Storage

from companion import locks
from companion.clock import Clock, SystemClock
from companion.errors import (
    CorruptFile,
    DamagedRecord,
    SchemaTooNew,
    StoreError,
    StoreUnavailable,
)
from companion.files import (
    META_KEY,
    atomic_write,
    cannot_save_in,
    corrupt_message,
    damaged_message,
    disk_message,
    disk_reason,
    document_version,
    encode_document,
    read_document,
    write_target,
)
from companion.locations import Locations, open_lock

BACKUPS_KEPT = 14
LOCK_TIMEOUT = 10.0

Migration = Callable[[dict[str, Any]], dict[str, Any]]
ArchiveRule = Callable[[str, dict[str, Any]], int | None]
"""(table, row) -> the year whose archive a finished row moves to, or None to keep it live."""
Signature = tuple[int, int, int]


@dataclass(frozen=True)
class Schema:
    """The version an area's file is written at, and how to bring older files up to it."""

    version: int
    migrations: dict[int, Migration] = field(default_factory=dict)
    """migrations[n] turns a version-n document (tables only) into version n+1."""


class AreaSpec(Protocol):
    """What the store needs to know of an area (the registry in companion.areas has more)."""

    @property
    def name(self) -> str: ...

    @property
    def schema(self) -> Schema: ...

    @property
    def archive(self) -> ArchiveRule | None: ...


@dataclass(frozen=True)
class PlainArea:
    """An area with a schema and no archive: for tests and tools that bring their own schemas."""

    name: str
    schema: Schema
    archive: ArchiveRule | None = None


def _temp_patterns(area: str, data_dir: Path, backups: Path) -> list[tuple[Path, re.Pattern[str]]]:
    """Where an area's writers make temp files, and the names they give them.

    Exact names, so cleaning one area can never touch a live temp file of
    another whose name merely starts the same way ("check" and "checkins").
    """
    name = re.escape(area)
    return [
        (data_dir, re.compile(rf"\.{name}(\.[0-9]{{4}})?\.json\.[^.]+\.tmp")),
        (backups, re.compile(rf"\.{name}(\.[0-9]{{4}})?-[^/]*\.json\.[^.]+\.tmp")),
    ]


def _row_id(row: dict[str, Any]) -> str | None:
    """The id that tells one row from another across files; None if it has none usable."""
    value = row.get("id")
    return value if isinstance(value, str) else None


def stamp(tables: dict[str, Any]) -> dict[str, Any]:
    """A migration that changes nothing in the tables (the version moves on)."""
    return tables


class _MemoryStorage(Storage):
    """What TinyDB sees inside a transaction or a read: one document in memory.

    No copies: TinyDB changes the tables in place, and the document is thrown
    away unless the transaction ends well, so copying would only cost time.
    """

    def __init__(self, tables: dict[str, Any], writable: bool) -> None:
        self.tables = tables
        self.writable = writable
        self.dirty = False

    def read(self) -> dict[str, Any] | None:
        return self.tables

    def write(self, data: dict[str, Any]) -> None:
        if not self.writable:
            raise StoreError("This view of the data is read-only.")
        self.tables = data
        self.dirty = True

    def close(self) -> None:
        pass


def _open_db(tables: dict[str, Any], writable: bool) -> tuple[TinyDB, _MemoryStorage]:
    db = TinyDB(storage=_MemoryStorage, tables=tables, writable=writable)
    storage = db.storage
    assert isinstance(storage, _MemoryStorage)
    return db, storage


class Transaction:
    """The areas one transaction holds, each as a TinyDB whose changes land together."""

    def __init__(self, dbs: dict[str, TinyDB], store: Store) -> None:
        self._dbs = dbs
        self.store = store
        """The store it belongs to: for what a step reads beside it (the profile, the archives)."""

    def __getitem__(self, area: str) -> TinyDB:
        try:
            return self._dbs[area]
        except KeyError:
            raise StoreError(f"This transaction does not hold the {area!r} area.") from None

    def table(self, name: str) -> Any:
        """A table of the one area this transaction holds."""
        if len(self._dbs) != 1:
            raise StoreError("Name the area: this transaction holds several.")
        (db,) = self._dbs.values()
        return db.table(name)


class Store:
    """All of Companion's shared files in one data dir."""

    def __init__(
        self,
        data_dir: Path,
        clock: Clock | None = None,
        areas: Iterable[AreaSpec] | None = None,
        *,
        schemas: Mapping[str, Schema] | None = None,
    ) -> None:
        self.locations = Locations(data_dir)
        self.clock: Clock = clock or SystemClock()
        if schemas is not None:
            specs: list[AreaSpec] = [PlainArea(name, schema) for name, schema in schemas.items()]
        elif areas is not None:
            specs = list(areas)
        else:
            from companion.areas import REGISTRY  # the registry imports the store

            specs = list(REGISTRY)
        self._specs: dict[str, AreaSpec] = {spec.name: spec for spec in specs}
        self._held: set[str] = set()
        self.cannot_save: str | None = None
        """Why nothing can be saved in the data dir, as `prepare` last found it."""

    # -- paths -----------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        return self.locations.data_dir

    @property
    def areas(self) -> tuple[str, ...]:
        """Every area, in the fixed order their locks are taken."""
        return tuple(self._specs)

    @property
    def schemas(self) -> dict[str, Schema]:
        return {name: spec.schema for name, spec in self._specs.items()}

    def path(self, area: str) -> Path:
        self._spec(area)
        return self.locations.area_file(area)

    def _spec(self, area: str) -> AreaSpec:
        try:
            return self._specs[area]
        except KeyError:
            raise StoreError(f"There is no data area called {area!r}.") from None

    def archive_path(self, area: str, year: int) -> Path:
        self._spec(area)
        return self.locations.archive_file(area, year)

    def archives(self, area: str) -> list[Path]:
        """The area's archive files, oldest year first."""
        self._spec(area)
        return self.locations.archive_files(area)

    # -- reading ----------------------------------------------------------
    def _load_tables(self, area: str, path: Path | None = None) -> tuple[dict[str, Any], int]:
        """A file's tables brought up to the current schema in memory, and the file's version."""
        path = path or self.path(area)
        doc = read_document(path, self.locations.backups)
        if doc is None:
            return {}, self._spec(area).schema.version
        return self._upgrade(area, doc, path), document_version(doc)

    def _upgrade(self, area: str, doc: dict[str, Any], path: Path) -> dict[str, Any]:
        schema = self._spec(area).schema
        version = document_version(doc, path, self.locations.backups)
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
            tables = step(tables)
            version += 1
        return tables

    @contextmanager
    def read(self, area: str) -> Iterator[TinyDB]:
        """A read-only TinyDB view of the area's live file as it is on disk now (no lock)."""
        tables, _ = self._load_tables(area)
        db, _storage = _open_db(tables, writable=False)
        try:
            yield db
        finally:
            db.close()

    def read_archive(self, area: str, path: Path) -> dict[str, Any]:
        """One archive file's tables (read-only, no lock)."""
        tables, _ = self._load_tables(area, path)
        return tables

    def rows(self, area: str, table: str, archived: bool = True) -> list[dict[str, Any]]:
        """Every row of a table, from the archives (oldest first) and then the live file.

        A row is known by its "id": if a crash left it in both, the live copy wins.
        """
        return [row for _path, row in self.sourced_rows(area, table, archived)]

    def sourced_rows(
        self, area: str, table: str, archived: bool = True
    ) -> list[tuple[Path, dict[str, Any]]]:
        """`rows`, each with the file it came from (so a damaged one can be named)."""
        live_path = self.path(area)
        live, _ = self._load_tables(area)
        live_rows = [(live_path, row) for row in live.get(table, {}).values()]
        if not archived:
            return live_rows
        live_ids = {_row_id(row) for _p, row in live_rows} - {None}
        found: list[tuple[Path, dict[str, Any]]] = []
        for path in self.archives(area):
            for row in self.read_archive(area, path).get(table, {}).values():
                if _row_id(row) not in live_ids:
                    found.append((path, row))
        return found + live_rows

    # -- writing ----------------------------------------------------------
    @contextmanager
    def lock(self, area: str, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
        """Hold the area's inter-process lock, waiting in turn for up to `timeout` seconds."""
        self._spec(area)
        self.ensure_dir()
        lock_path = self.locations.lock_file(area)
        try:
            fd = locks.acquire(lock_path, timeout, self.path(area))
        except locks.LockBusy as exc:
            raise StoreUnavailable(exc.message, self.path(area)) from None
        except OSError as exc:
            raise self._unavailable(exc, lock_path) from exc
        try:
            yield
        finally:
            os.close(fd)  # closing releases the lock

    @contextmanager
    def transaction(self, *areas: str, timeout: float = LOCK_TIMEOUT) -> Iterator[Transaction]:
        """The areas as TinyDBs; all their changes land at the end, or none if the block raises.

        Locks are taken in the registry's order whatever order `areas` names
        them in, so two steps that touch the same two areas cannot deadlock.
        """
        if not areas:
            raise StoreError("A transaction needs at least one area.")
        order = [name for name in self.areas if name in set(areas)]
        for name in areas:
            self._spec(name)
        with ExitStack() as held:
            for name in order:
                held.enter_context(self.lock(name, timeout=timeout))
            self._held |= set(order)
            held.callback(self._held.difference_update, order)
            opened: dict[str, tuple[TinyDB, _MemoryStorage, int]] = {}
            for name in order:
                self.clean_dead_temp_files(name)
                tables, version = self._load_tables(name)
                db, storage = _open_db(tables, writable=True)
                opened[name] = (db, storage, version)
            yield Transaction({name: db for name, (db, _s, _v) in opened.items()}, self)
            for name, (_db, storage, version) in opened.items():
                current = self._spec(name).schema.version
                if storage.dirty or version != current:
                    self._save(name, storage.tables, old_version=version)

    def _save(self, area: str, tables: dict[str, Any], old_version: int) -> None:
        path = self.path(area)
        version = self._spec(area).schema.version
        moving = self._finished_rows(area, tables)
        data = encode_document(tables, area, version)
        try:
            # Every file this write replaces may be written, or none is touched.
            for target in [path, *(self.archive_path(area, year) for year in moving)]:
                write_target(target)
            if path.exists():
                if old_version != version:
                    self._backup(path, tag=f"schema{old_version}-", force=True)
                self._backup(path)
            # The archive first: a crash between the two writes leaves a row in
            # both files (readers prefer the live copy), never in neither.
            for year, rows in sorted(moving.items()):
                self._append_archive(area, year, rows)
            atomic_write(path, data)
        except OSError as exc:
            raise self._unavailable(exc, path) from exc

    def _unavailable(self, exc: OSError, path: Path) -> StoreUnavailable:
        """The sentence for a refused write: a file or folder out of shape is named first."""
        problems = self.locations.shape_problems(self.areas)
        if problems:
            return StoreUnavailable(problems[0], path)
        return StoreUnavailable(disk_message(exc, path), path)

    def _finished_rows(self, area: str, tables: dict[str, Any]) -> dict[int, dict[str, list]]:
        """Take the rows the area calls finished out of `tables`: {year: {table: rows}}."""
        rule = self._spec(area).archive
        moving: dict[int, dict[str, list]] = {}
        if rule is None:
            return moving
        for table, rows in tables.items():
            for key in list(rows):
                year = rule(table, rows[key])
                if year is not None:
                    moving.setdefault(year, {}).setdefault(table, []).append(rows.pop(key))
        return moving

    def _append_archive(self, area: str, year: int, rows: dict[str, list]) -> None:
        path = self.archive_path(area, year)
        tables, old_version = self._load_tables(area, path)
        for table, new_rows in rows.items():
            target = tables.setdefault(table, {})
            index = {_row_id(row): key for key, row in target.items()}
            index.pop(None, None)
            next_key = max((int(k) for k in target), default=0) + 1
            for row in new_rows:
                row_id = _row_id(row)
                key = index.get(row_id) if row_id is not None else None
                if key is None:
                    key = str(next_key)
                    next_key += 1
                target[key] = row
        if path.exists():
            if old_version != self._spec(area).schema.version:
                self._backup(path, tag=f"schema{old_version}-", force=True)
            self._backup(path)
        version = self._spec(area).schema.version
        atomic_write(path, encode_document(tables, area, version, {"year": year}))

    def remove_archived(
        self, area: str, table: str, match: Callable[[dict[str, Any]], bool]
    ) -> list[dict[str, Any]]:
        """Inside a transaction on `area`: delete archived rows that match; returns them."""
        if area not in self._held:
            raise StoreError(f"Archived {area} can only change inside a transaction on it.")
        removed: list[dict[str, Any]] = []
        version = self._spec(area).schema.version
        for path in self.archives(area):
            tables, _ = self._load_tables(area, path)
            rows = tables.get(table, {})
            gone = [key for key, row in rows.items() if match(row)]
            if not gone:
                continue
            removed.extend(rows.pop(key) for key in gone)
            year = int(path.name[len(area) + 1 : -len(".json")])
            try:
                write_target(path)
                self._backup(path)
                atomic_write(path, encode_document(tables, area, version, {"year": year}))
            except OSError as exc:
                raise self._unavailable(exc, path) from exc
        return removed

    def clean_dead_temp_files(self, area: str) -> list[Path]:
        """Remove temp files a killed writer of this area left; call holding its lock.

        With the lock held no writer of the area is mid-write, so every temp file
        of its live file, its archives or their backups is a dead writer's.
        Returns what was removed.
        """
        removed = []
        for folder, pattern in _temp_patterns(area, self.data_dir, self.locations.backups):
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                if pattern.fullmatch(entry.name):
                    with suppress(OSError):
                        os.unlink(entry.path)
                        removed.append(Path(entry.path))
        return removed

    def clean_all_dead_temp_files(self) -> list[Path]:
        """At start: the temp files of every area whose lock is free now (one busy is skipped)."""
        removed: list[Path] = []
        for area in self.areas:
            with suppress(StoreError), self.lock(area, timeout=0):
                removed += self.clean_dead_temp_files(area)
        for probe in self.data_dir.glob(".companion-probe.*.tmp"):
            with suppress(OSError):
                probe.unlink()  # a probe of `cannot_save_in` cut short
        return removed

    # -- backups ----------------------------------------------------------
    def _backup(self, path: Path, tag: str = "", force: bool = False) -> Path | None:
        """Copy the file as it is now into backups/, at most once per file per day."""
        day = self.clock.now().date().isoformat()
        backups = self.locations.backups
        target = backups / f"{path.stem}-{tag}{day}.json"
        if target.exists() and not force:
            return None
        self.locations.ensure()  # private, or the group's in a shared data dir
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
        """Create the data dir and its backups folder (private) if they are missing."""
        try:
            self.locations.ensure()
        except OSError as exc:
            raise self._unavailable(exc, self.data_dir / "x") from exc

    def prepare(self) -> list[str]:
        """What `init` and the app's start do first; returns sentences to tell the person.

        Creates the data dir if missing, makes it private if others can reach it,
        refuses (StoreUnavailable) when a file or folder it uses is out of shape,
        removes temp files dead writers left, and says when nothing can be saved.
        """
        problems = self.locations.shape_problems(self.areas)
        if problems:
            raise StoreUnavailable(problems[0], self.data_dir)
        self.ensure_dir()
        said = self.locations.make_private()
        refused = cannot_save_in(self.data_dir)
        self.cannot_save = None if refused is None else self.read_only_message(refused)
        if self.cannot_save is not None:
            said.append(self.cannot_save)
        else:
            self.clean_all_dead_temp_files()
        return said

    def read_only_message(self, exc: OSError) -> str:
        """One sentence for a data dir Companion can read but not save in."""
        why, _todo = disk_reason(exc, self.data_dir)
        return (
            f"Nothing can be saved in {self.data_dir} for now ({why}); you can still read "
            "everything, and a time-out still runs on screen."
        )

    def ensure_current(self) -> None:
        """Check every live file parses, and migrate older ones (after a backup).

        Archives are not read here (they can be large); `check_archives` reads them.
        """
        for area in self.areas:
            path = self.path(area)
            doc = read_document(path, self.locations.backups)
            if doc is None:
                continue
            self._upgrade(area, doc, path)  # raises for too-new files
            if document_version(doc) != self._spec(area).schema.version:
                with self.transaction(area):
                    pass

    def check_archives(self, area: str) -> list[Path]:
        """Parse every archive file of an area (raises for a damaged one); returns them."""
        paths = self.archives(area)
        for path in paths:
            self._load_tables(area, path)
        return paths

    # -- who else has the data open ------------------------------------------------
    def announce(self) -> int | None:
        """Hold a shared lock while this process has the data open; returns its handle."""
        try:
            self.ensure_dir()
            fd = open_lock(self.locations.lock_file("presence"))
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
            fd = open_lock(self.locations.lock_file("presence"))
        except OSError:
            return True  # cannot tell, so assume someone may be there
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        finally:
            os.close(fd)
        return False

    def signature(self, area: str) -> Signature:
        """What changes when the area's live file changes (one stat): for live reload."""
        try:
            st = os.stat(self.path(area))
        except OSError:
            return (0, 0, 0)
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def signatures(self) -> dict[str, Signature]:
        """Every area's signature."""
        return {area: self.signature(area) for area in self.areas}

    def tables(self, area: str) -> dict[str, list[dict[str, Any]]]:
        """Every table of an area, archives and live file together, as lists of rows."""
        names: set[str] = set(self._load_tables(area)[0])
        for path in self.archives(area):
            names |= set(self.read_archive(area, path))
        return {name: self.rows(area, name) for name in sorted(names)}


__all__ = [
    "BACKUPS_KEPT",
    "META_KEY",
    "atomic_write",
    "corrupt_message",
    "damaged_message",
    "document_version",
    "encode_document",
    "read_document",
    "CorruptFile",
    "DamagedRecord",
    "Schema",
    "SchemaTooNew",
    "Store",
    "StoreError",
    "StoreUnavailable",
]
