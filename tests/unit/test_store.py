"""The store: transactions, schema versions, corrupt files, a refusing disk, backups, paths."""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from tinydb import Query, TinyDB

from companion import areas
from companion.cli import main
from companion.clock import FakeClock
from companion.locations import ENV_VAR, Locations, default_data_dir, resolve_data_dir
from companion.profile import create_profile, load_profile
from companion.store import (
    BACKUPS_KEPT,
    META_KEY,
    CorruptFile,
    Schema,
    SchemaTooNew,
    Store,
    StoreError,
    StoreUnavailable,
)

START = datetime(2026, 3, 14, 18, 30, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path, clock: FakeClock) -> Store:
    return Store(data_dir, clock)


def add_note(store: Store, text: str, area: str = "talks") -> int:
    with store.transaction(area) as db:
        return db.table("notes").insert({"text": text})


def notes(store: Store, area: str = "talks") -> list[str]:
    with store.read(area) as db:
        return [row["text"] for row in db.table("notes").all()]


def temp_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.name.endswith(".tmp"))


def write_plain_tinydb(path: Path, rows: list[dict]) -> bytes:
    """A file exactly as TinyDB's own JSONStorage writes it: no `_meta`, version 0."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    db = TinyDB(path)
    for row in rows:
        db.table("notes").insert(row)
    db.close()
    return path.read_bytes()


# -- transactions ----------------------------------------------------------------


def test_transaction_insert_and_update_read_back(store: Store) -> None:
    with store.transaction("talks") as db:
        first = db.table("notes").insert({"text": "one", "n": 1})
        db.table("notes").insert({"text": "two", "n": 2})
    with store.transaction("talks") as db:
        db.table("notes").update({"text": "uno"}, doc_ids=[first])
        db.table("notes").remove(Query().n == 2)
        db.table("other").insert({"x": [1, {"y": None}]})

    with store.read("talks") as db:
        assert db.table("notes").all() == [{"text": "uno", "n": 1}]
        assert db.table("other").all() == [{"x": [1, {"y": None}]}]
    # A second Store on the same folder sees the same thing: it came from disk.
    assert notes(Store(store.data_dir, FakeClock(START))) == ["uno"]
    raw = store.path("talks").read_bytes()
    doc = json.loads(raw)
    assert doc[META_KEY]["1"] == {"schema": store.schemas["talks"].version, "area": "talks"}
    assert b"\n" not in raw and b'": ' not in raw, "written compact, without indent"


def test_nothing_is_written_when_the_block_raises(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction("talks") as db:
        db.table("notes").insert({"text": "never"})
        raise RuntimeError("boom")
    assert not store.path("talks").exists()

    add_note(store, "kept")
    before = store.path("talks").read_bytes()
    with pytest.raises(RuntimeError), store.transaction("talks") as db:
        db.table("notes").insert({"text": "never"})
        db.table("notes").truncate()
        raise RuntimeError("boom")
    assert store.path("talks").read_bytes() == before
    assert notes(store) == ["kept"]
    assert temp_files(store.data_dir) == []


def test_one_atomic_write_per_transaction(
    store: Store, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    add_note(store, "first")
    path = store.path("talks")
    inode_before = path.stat().st_ino
    real_replace = os.replace
    replaced: list[Path] = []

    def counting_replace(src, dst, *args, **kwargs):
        replaced.append(Path(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", counting_replace)
    with store.transaction("talks") as db:
        for i in range(5):
            db.table("notes").insert({"text": f"n{i}"})
        db.table("notes").update({"text": "changed"}, Query().text == "n0")
        db.table("notes").remove(Query().text == "n1")
        db.table("more").insert({"a": 1})
        # Nothing reaches the disk until the block ends.
        assert path.stat().st_ino == inode_before
        assert replaced == []

    assert replaced.count(path) == 1
    assert path.stat().st_ino != inode_before
    assert notes(store) == ["first", "changed", "n2", "n3", "n4"]


def test_a_transaction_that_changes_nothing_does_not_write(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_note(store, "first")
    before = store.path("talks").stat()
    calls: list[object] = []
    monkeypatch.setattr(os, "replace", lambda *a, **k: calls.append(a))
    with store.transaction("talks") as db:
        assert db.table("notes").all() == [{"text": "first"}]
    assert calls == []
    assert store.path("talks").stat().st_ino == before.st_ino


def test_reading_never_writes(store: Store) -> None:
    assert notes(store) == []
    assert not store.path("talks").exists()
    with pytest.raises(StoreError), store.read("talks") as db:
        db.table("notes").insert({"text": "no"})
    assert not store.path("talks").exists()


def test_an_unknown_area_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="no data area"), store.transaction("nope"):
        pass


def test_a_held_lock_gives_a_clear_message(store: Store, data_dir: Path) -> None:
    other = Store(data_dir, FakeClock(START))
    with (
        store.lock("talks"),
        pytest.raises(StoreUnavailable) as caught,
        other.lock("talks", timeout=0.05),
    ):
        pass
    assert "Another Companion" in caught.value.message
    assert str(store.path("talks")) in caught.value.message
    with other.lock("talks", timeout=0.05):  # released once the holder lets go
        pass


# -- a step that touches two areas -------------------------------------------------------


@contextmanager
def recording_locks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Record the order in which any Store takes its areas' locks."""
    taken: list[str] = []
    real_lock = Store.lock

    @contextmanager
    def lock(self: Store, area: str, timeout: float = 10.0) -> Iterator[None]:
        with real_lock(self, area, timeout=timeout):
            taken.append(area)
            yield

    with monkeypatch.context() as patch:
        patch.setattr(Store, "lock", lock)
        yield taken


@pytest.mark.parametrize("named", [("profile", "talks"), ("talks", "profile")])
def test_a_two_area_transaction_takes_both_locks_in_registry_order(
    store: Store, monkeypatch: pytest.MonkeyPatch, named: tuple[str, str]
) -> None:
    assert store.areas == tuple(area.name for area in areas.REGISTRY)
    assert store.areas[:2] == ("profile", "talks")  # later areas follow these two
    with recording_locks(monkeypatch) as taken, store.transaction(*named) as tx:
        assert taken == ["profile", "talks"]
        other = Store(store.data_dir, FakeClock(START))
        for area in named:  # both are held for the whole block
            with pytest.raises(StoreUnavailable), other.lock(area, timeout=0.05):
                pass
        tx["profile"].table("notes").insert({"text": "p"})
        tx["talks"].table("notes").insert({"text": "t"})
    assert (notes(store, "profile"), notes(store, "talks")) == (["p"], ["t"])


def test_a_two_area_transaction_writes_nothing_when_the_block_raises(store: Store) -> None:
    add_note(store, "kept p", "profile")
    add_note(store, "kept t", "talks")
    areas = ("profile", "talks")
    before = {area: store.path(area).read_bytes() for area in areas}

    with pytest.raises(RuntimeError), store.transaction("talks", "profile") as tx:
        tx["profile"].table("notes").insert({"text": "never"})
        tx["talks"].table("notes").truncate()
        raise RuntimeError("boom")

    assert {area: store.path(area).read_bytes() for area in areas} == before
    assert temp_files(store.data_dir) == []


def test_a_transaction_names_the_area_it_was_not_given(store: Store) -> None:
    with (
        store.transaction("profile", "talks") as tx,
        pytest.raises(StoreError, match="Name the area"),
    ):
        tx.table("notes")
    with store.transaction("talks") as tx, pytest.raises(StoreError, match="does not hold"):
        tx["profile"]
    with pytest.raises(StoreError, match="no data area"), store.transaction("talks", "nope"):
        pass
    with pytest.raises(StoreError, match="at least one area"), store.transaction():
        pass


# -- temp files a killed writer left --------------------------------------------------------


def test_temp_files_of_a_dead_writer_are_removed_by_the_next_transaction(
    data_dir: Path, clock: FakeClock
) -> None:
    add_note(Store(data_dir, clock), "saved")
    add_note(Store(data_dir, clock), "saved again")  # backups/ exists now
    backups = data_dir / "backups"
    dead = [
        data_dir / ".talks.json.k2j4h1.tmp",
        data_dir / ".talks.2026.json.x8a.tmp",
        backups / ".talks-2026-03-14.json.q0w9.tmp",
    ]
    other_area = data_dir / ".profile.json.z1.tmp"
    for path in [*dead, other_area]:
        path.write_bytes(b'{"half": "a wri')

    fresh = Store(data_dir, clock)  # the next process
    with fresh.transaction("talks"):
        pass

    assert [path for path in dead if path.exists()] == []
    assert other_area.exists(), "only the area whose lock is held is cleaned"
    assert notes(fresh) == ["saved", "saved again"]
    with fresh.transaction("profile"):
        pass
    assert temp_files(data_dir) == []


# -- schema versions ---------------------------------------------------------------


@pytest.mark.parametrize("area", ["profile", "talks"])
def test_plain_tinydb_file_is_adopted_at_the_current_version_after_a_backup(
    store: Store, area: str
) -> None:
    path = store.path(area)
    original = write_plain_tinydb(path, [{"text": "old"}, {"text": "older"}])
    assert META_KEY not in json.loads(original)

    # Reading adopts it in memory only.
    assert notes(store, area) == ["old", "older"]
    assert path.read_bytes() == original

    store.ensure_current()
    doc = json.loads(path.read_bytes())
    assert doc[META_KEY]["1"]["schema"] == store.schemas[area].version
    assert doc["notes"] == {"1": {"text": "old"}, "2": {"text": "older"}}
    backup = store.locations.backups / f"{area}-schema0-2026-03-14.json"
    assert backup.read_bytes() == original
    assert backup in store.backups_of(area)
    assert notes(store, area) == ["old", "older"]


def test_old_file_is_adopted_by_the_first_transaction_too(store: Store) -> None:
    original = write_plain_tinydb(store.path("talks"), [{"text": "old"}])
    add_note(store, "new")
    assert notes(store) == ["old", "new"]
    version = json.loads(store.path("talks").read_bytes())[META_KEY]["1"]["schema"]
    assert version == store.schemas["talks"].version
    backup = store.locations.backups / "talks-schema0-2026-03-14.json"
    assert backup.read_bytes() == original


def rename_tz(tables: dict) -> dict:
    """Version 1 -> 2 of a made-up profile schema: `tz` becomes `zone`, names are upper-cased."""
    for row in tables.get("profile", {}).values():
        row["zone"] = row.pop("tz")
        row["partners"] = [name.upper() for name in row["partners"]]
    return tables


V2 = {"profile": Schema(2, {0: lambda tables: tables, 1: rename_tz})}


def test_a_real_migration_runs_after_a_backup(data_dir: Path, clock: FakeClock) -> None:
    create_profile(Store(data_dir, clock), ["Ana", "Ben"], "Europe/London")
    path = data_dir / "profile.json"
    version_1 = path.read_bytes()
    assert json.loads(version_1)[META_KEY]["1"]["schema"] == 1

    newer = Store(data_dir, clock, schemas=V2)
    with newer.read("profile") as db:  # in memory, untouched on disk
        assert db.table("profile").all()[0]["zone"] == "Europe/London"
    assert path.read_bytes() == version_1

    newer.ensure_current()
    doc = json.loads(path.read_bytes())
    assert doc[META_KEY]["1"]["schema"] == 2
    (row,) = doc["profile"].values()
    assert row["zone"] == "Europe/London"
    assert "tz" not in row
    assert row["partners"] == ["ANA", "BEN"]
    assert (data_dir / "backups" / "profile-schema1-2026-03-14.json").read_bytes() == version_1

    # The old Companion now refuses the file rather than misreading it.
    with pytest.raises(SchemaTooNew):
        load_profile(Store(data_dir, clock))


def test_a_migration_from_version_0_runs_every_step(data_dir: Path, clock: FakeClock) -> None:
    path = data_dir / "profile.json"
    path.parent.mkdir(mode=0o700)
    db = TinyDB(path)
    db.table("profile").insert({"partners": ["ana"], "tz": "UTC", "created": START.isoformat()})
    db.close()
    original = path.read_bytes()

    newer = Store(data_dir, clock, schemas=V2)
    with newer.transaction("profile"):
        pass
    doc = json.loads(path.read_bytes())
    assert doc[META_KEY]["1"]["schema"] == 2
    assert list(doc["profile"].values()) == [
        {"partners": ["ANA"], "zone": "UTC", "created": START.isoformat()}
    ]
    assert (data_dir / "backups" / "profile-schema0-2026-03-14.json").read_bytes() == original


def test_the_backup_is_made_before_the_migrated_file_is_written(
    data_dir: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_profile(Store(data_dir, clock), ["Ana"], "UTC")
    path = data_dir / "profile.json"
    version_1 = path.read_bytes()
    real_replace = os.replace

    def refuse_main_file(src, dst, *args, **kwargs):
        if Path(dst) == path:
            raise OSError(errno.EIO, "I/O error")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", refuse_main_file)
    with pytest.raises(StoreUnavailable):
        Store(data_dir, clock, schemas=V2).ensure_current()
    assert path.read_bytes() == version_1
    assert (data_dir / "backups" / "profile-schema1-2026-03-14.json").read_bytes() == version_1
    assert temp_files(data_dir) == []


def test_a_missing_migration_step_is_an_error_not_a_guess(data_dir: Path, clock: FakeClock) -> None:
    create_profile(Store(data_dir, clock), ["Ana"], "UTC")
    before = (data_dir / "profile.json").read_bytes()
    gap = Store(data_dir, clock, schemas={"profile": Schema(3, {0: rename_tz, 1: rename_tz})})
    with pytest.raises(StoreError, match="cannot upgrade"):
        gap.ensure_current()
    assert (data_dir / "profile.json").read_bytes() == before


@pytest.mark.parametrize("area", ["profile", "talks"])
def test_a_newer_schema_is_refused_and_left_alone(store: Store, area: str) -> None:
    path = store.path(area)
    path.parent.mkdir(mode=0o700)
    doc = {META_KEY: {"1": {"schema": 99, "area": area}}, "notes": {"1": {"text": "future"}}}
    original = json.dumps(doc).encode()
    path.write_bytes(original)

    attempts = [
        lambda: notes(store, area),
        lambda: add_note(store, "now", area),
        lambda: store.rows(area, "notes"),
        store.ensure_current,
        lambda: areas.export_all(store),
    ]
    for attempt in attempts:
        with pytest.raises(SchemaTooNew) as caught:
            attempt()
        assert str(path) in caught.value.message
        assert "newer" in caught.value.message
        assert "99" in caught.value.message
        assert caught.value.path == path
        assert path.read_bytes() == original
    backups = store.locations.backups
    assert not backups.exists() or list(backups.iterdir()) == []
    assert temp_files(store.data_dir) == []


# -- corrupt files ------------------------------------------------------------------

CORRUPT = {
    "invalid JSON": b'{"notes": {"1": {"text": "cut off',
    "empty": b"",
    "only whitespace": b"  \n\t\n",
    "not UTF-8": b'{"notes": {"1": {"text": "\xff\xfe\xc3("}}}',
    "a JSON list": b'[{"text": "a list"}]',
    "a JSON string": b'"hello"',
    "a table that is a list": b'{"notes": [{"text": "x"}]}',
    "a row that is not an object": b'{"notes": {"1": "x"}}',
    "a damaged version stamp": b'{"_meta": {"1": "schema 1"}}',
    "a version that is text": b'{"_meta": {"1": {"schema": "2"}}, "notes": {}}',
    "a version that is a float": b'{"_meta": {"1": {"schema": 2.0}}, "notes": {}}',
    "a version that is true": b'{"_meta": {"1": {"schema": true}}, "notes": {}}',
    "a negative version": b'{"_meta": {"1": {"schema": -1}}, "notes": {}}',
    "a 5,000-digit integer": b'{"notes": {"1": {"n": ' + b"7" * 5000 + b"}}}",
    "nesting 100,000 deep": b'{"notes": {"1": {"x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}}}",
    "a row key that is not a number": b'{"notes": {"first": {"text": "x"}}}',
    "a row key that is a negative number": b'{"notes": {"-1": {"text": "x"}}}',
}


@pytest.mark.parametrize("content", CORRUPT.values(), ids=CORRUPT.keys())
@pytest.mark.parametrize("area", ["profile", "talks"])
def test_a_corrupt_file_is_reported_and_never_written_over(
    store: Store, area: str, content: bytes
) -> None:
    path = store.path(area)
    path.parent.mkdir(mode=0o700)
    path.write_bytes(content)

    attempts = [
        lambda: notes(store, area),
        lambda: add_note(store, "new", area),
        lambda: store.rows(area, "notes"),
        store.ensure_current,
        lambda: areas.export_all(store),
        lambda: areas.check_all(store),
    ]
    for attempt in attempts:
        with pytest.raises(CorruptFile) as caught:
            attempt()
        message = caught.value.message
        assert str(path) in message
        assert "backups" in message
        assert str(store.locations.backups) in message
        assert "has not changed" in message
        assert caught.value.path == path
        assert str(caught.value) == message
        assert path.read_bytes() == content
    backups = store.locations.backups
    assert not backups.exists() or list(backups.iterdir()) == []
    assert temp_files(store.data_dir) == []


def test_a_corrupt_area_does_not_block_the_others(store: Store) -> None:
    store.ensure_dir()
    store.path("talks").write_bytes(b"{oops")
    create_profile(store, ["Ana"], "UTC")
    assert load_profile(store).partners == ("Ana",)
    assert store.path("talks").read_bytes() == b"{oops"


# -- a disk that refuses ------------------------------------------------------------

WHY = {errno.EROFS: "read-only", errno.ENOSPC: "full", errno.EACCES: "permission"}


@pytest.mark.parametrize("backup_done", [True, False], ids=["main-write", "backup-write"])
@pytest.mark.parametrize("failing", ["tempfile.mkstemp", "os.replace"])
@pytest.mark.parametrize("code", list(WHY), ids=[errno.errorcode[c] for c in WHY])
def test_a_refusing_disk_gives_a_clear_sentence_and_keeps_what_was_saved(
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    failing: str,
    backup_done: bool,
) -> None:
    add_note(store, "saved")
    if backup_done:
        add_note(store, "saved again")  # today's backup exists; only the main write is left
    path = store.path("talks")
    before = path.read_bytes()
    backups_before = {p: p.read_bytes() for p in store.locations.backups.iterdir()}

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    with monkeypatch.context() as patch:
        target = tempfile if failing.startswith("tempfile") else os
        patch.setattr(target, failing.split(".")[1], refuse)
        with pytest.raises(StoreUnavailable) as caught:
            add_note(store, "lost")

    message = caught.value.message
    assert WHY[code] in message
    assert message.startswith("Companion could not save to ")
    assert message.endswith(".")
    assert "Nothing already saved was changed" in message
    assert "Errno" not in message and "Traceback" not in message
    assert "\n" not in message
    assert path.read_bytes() == before
    assert {p: p.read_bytes() for p in store.locations.backups.iterdir()} == backups_before
    assert temp_files(store.data_dir) == []
    # And once the disk is back, saving works again.
    add_note(store, "later")
    assert notes(store)[-1] == "later"


def test_a_lock_file_that_cannot_be_created_is_unavailable_not_a_crash(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.ensure_dir()
    real_open = os.open

    def refuse_lock(path, *args, **kwargs):
        if str(path).endswith(".lock"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_lock)
    with pytest.raises(StoreUnavailable, match="read-only"):
        add_note(store, "x")
    assert not store.path("talks").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permission bits")
def test_a_real_read_only_data_dir(store: Store) -> None:
    add_note(store, "saved")
    before = store.path("talks").read_bytes()
    os.chmod(store.data_dir, 0o500)
    try:
        with pytest.raises(StoreUnavailable) as caught:
            add_note(store, "lost")
        assert "permission" in caught.value.message
        assert store.path("talks").read_bytes() == before
        assert notes(store) == ["saved"]
    finally:
        os.chmod(store.data_dir, 0o700)
    assert temp_files(store.data_dir) == []


# -- backups ---------------------------------------------------------------------------


def test_at_most_one_backup_per_file_per_day(store: Store, clock: FakeClock) -> None:
    add_note(store, "one")  # creates the file: nothing to back up yet
    assert store.backups_of("talks") == []
    after_one = store.path("talks").read_bytes()

    add_note(store, "two")
    add_note(store, "three")
    clock.advance(timedelta(hours=5))  # 23:30, still the same day
    add_note(store, "four")
    (first,) = store.backups_of("talks")
    assert first.name == "talks-2026-03-14.json"
    assert first.read_bytes() == after_one  # the content before the day's first change

    before_next_day = store.path("talks").read_bytes()
    clock.advance(timedelta(hours=1))
    add_note(store, "five")
    assert [p.name for p in store.backups_of("talks")] == [
        "talks-2026-03-14.json",
        "talks-2026-03-15.json",
    ]
    assert store.backups_of("talks")[1].read_bytes() == before_next_day
    assert first.read_bytes() == after_one
    assert store.backups_of("profile") == []  # each file has its own backups


def test_only_the_newest_backups_are_kept(store: Store, clock: FakeClock) -> None:
    write_plain_tinydb(store.path("talks"), [{"text": "v0"}])
    store.ensure_current()  # a schema backup, which is never pruned
    contents = {}
    for day in range(20):
        contents[(START + day * DAY).date().isoformat()] = store.path("talks").read_bytes()
        add_note(store, f"day {day}")
        add_note(store, f"day {day} again")
        clock.advance(DAY)

    daily = [p for p in store.backups_of("talks") if "schema" not in p.name]
    assert len(daily) == BACKUPS_KEPT == 14
    expected_days = [(START + d * DAY).date().isoformat() for d in range(6, 20)]
    assert [p.name for p in daily] == [f"talks-{day}.json" for day in expected_days]
    for backup, day in zip(daily, expected_days, strict=True):
        assert backup.read_bytes() == contents[day]
    assert (store.locations.backups / "talks-schema0-2026-03-14.json").exists()


# -- the data dir and where it is -------------------------------------------------------


def test_the_data_dir_is_private(tmp_path: Path, clock: FakeClock) -> None:
    data_dir = tmp_path / "deep" / "er" / "data"
    store = Store(data_dir, clock)
    old_umask = os.umask(0)  # even a careless umask must not open it up
    try:
        add_note(store, "private")
        add_note(store, "private again")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(store.locations.backups.stat().st_mode) == 0o700
    assert stat.S_IMODE(store.path("talks").stat().st_mode) == 0o600
    assert store.locations.loose_permissions() == []


def test_loose_permissions_are_found(store: Store) -> None:
    add_note(store, "x")
    os.chmod(store.path("talks"), 0o644)
    assert store.locations.loose_permissions() == [store.path("talks")]


def test_data_dir_flag_beats_environment_beats_platform_default(tmp_path: Path) -> None:
    env = {ENV_VAR: str(tmp_path / "from-env")}
    assert resolve_data_dir(str(tmp_path / "from-flag"), env) == tmp_path / "from-flag"
    assert resolve_data_dir(None, env) == tmp_path / "from-env"
    assert resolve_data_dir("", env) == tmp_path / "from-env"
    assert resolve_data_dir(None, {}) == default_data_dir().absolute()
    assert resolve_data_dir(None, {ENV_VAR: ""}) == default_data_dir().absolute()


def test_paths_are_made_absolute_and_home_is_expanded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    assert resolve_data_dir("~/mine", {}) == tmp_path / "home" / "mine"
    assert resolve_data_dir(None, {ENV_VAR: "~/env"}) == tmp_path / "home" / "env"
    assert resolve_data_dir("relative", {}) == tmp_path / "relative"


def test_the_platform_default_comes_from_platformdirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_data_dir() == tmp_path / "xdg" / "companion"
    assert resolve_data_dir(None, {}) == tmp_path / "xdg" / "companion"


def test_locations_name_every_file(tmp_path: Path) -> None:
    where = Locations(tmp_path)
    assert where.area_file("talks") == tmp_path / "talks.json"
    assert where.lock_file("talks") == tmp_path / ".talks.lock"
    assert where.backups == tmp_path / "backups"
    assert where.journals == tmp_path / "journals"


# -- any text survives, exactly ------------------------------------------------------------

TRICKY = [
    "",
    "[bold]x[/]",
    "[red]never closed",
    "[/]",
    "\x00\x01\x07\x08\x1b[31mred\x1b[0m\x7f\x9b",
    "line\nbreak\r\ntab\tform\x0cfeed\x0bvt\u2028\u2029",
    "👩\u200d❤️\u200d👨 🏳️\u200d🌈 🇬🇧 e\u0301",
    "שלום עליכם \u202eevil\u202c مرحبا \u200f",
    "\ufeffbom \ufffe \uffff \U0010ffff",
    '{"_meta": {"1": {"schema": 99}}}',
    'quote " backslash \\ slash /',
    "lone \ud800 surrogate \udfff",
]


def export_json(data_dir: Path) -> dict:
    """`companion --data-dir D export --json -`, in process, parsed."""
    out = io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8")
    with contextlib.redirect_stdout(stdout):
        code = main(["--data-dir", str(data_dir), "export", "--json", "-"])
        stdout.flush()
    assert code == 0
    return json.loads(out.getvalue())


@settings(max_examples=50, deadline=None)
@given(text=st.text())
@example(text="[bold]x[/]")
@example(text="\x00\x1b[2J\x07")
@example(text="😀 👩\u200d👩\u200d👧")
@example(text="\u202eRTL override עברית")
@example(text="lone \ud800 surrogate")
def test_any_text_round_trips_exactly_through_store_and_export(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    data_dir = tmp_path_factory.mktemp("roundtrip") / "data"
    store = Store(data_dir, FakeClock(START))
    row = {"text": text, "nested": [text, {text: text}]}
    with store.transaction("talks") as db:
        doc_id = db.table("notes").insert(row)

    with Store(data_dir, FakeClock(START)).read("talks") as db:
        assert db.table("notes").get(doc_id=doc_id) == row
        assert db.table("notes").get(doc_id=doc_id)["text"] == text

    exported = export_json(data_dir)
    assert exported["talks"]["notes"] == [row]
    assert exported["talks"]["notes"][0]["text"] == text


def test_tricky_text_round_trips_together(tmp_path: Path) -> None:
    store = Store(tmp_path / "data", FakeClock(START))
    for text in TRICKY:
        add_note(store, text)
    assert notes(store) == TRICKY
    assert [row["text"] for row in export_json(tmp_path / "data")["talks"]["notes"]] == TRICKY
