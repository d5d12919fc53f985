"""Files and folders that are not what they seem, the lock taken in turn, temp files of
dead writers, and the data dir's permissions: the store against what it finds on disk."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from companion import locks
from companion.cli import main
from companion.clock import FakeClock
from companion.store import Store, StoreUnavailable
from tests.hostile import refuse_saving


def add_note(store: Store, text: str, area: str = "talks") -> None:
    with store.transaction(area) as db:
        db.table("notes").insert({"text": text})


def notes(store: Store, area: str = "talks") -> list[str]:
    with store.read(area) as db:
        return [row["text"] for row in db.table("notes").all()]


def doctor(capsys: pytest.CaptureFixture[str], data_dir: Path) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), "doctor"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- the lock, taken in turn and given up honestly ------------------------------------------


def hold_in_thread(store: Store, area: str, release: threading.Event) -> threading.Event:
    """Take the area's lock in another thread until `release` is set; returns 'taken'."""
    taken = threading.Event()

    def run() -> None:
        with store.lock(area):
            taken.set()
            release.wait(30)

    threading.Thread(target=run, daemon=True).start()
    assert taken.wait(10)
    return taken


def test_a_busy_message_names_who_holds_the_lock_and_for_how_long(
    store: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_note(store, "x")
    release = threading.Event()
    hold_in_thread(store, "talks", release)
    try:
        # The holder wrote its pid and the time it took the lock; say it took it a while ago.
        lock_file = store.locations.lock_file("talks")
        pid, since = lock_file.read_text().split()
        assert int(pid) == os.getpid()
        lock_file.write_text(f"{pid} {float(since) - 42}\n")
        with (
            pytest.raises(StoreUnavailable) as caught,
            Store(data_dir, FakeClock()).lock("talks", timeout=0.2),
        ):
            pass
    finally:
        release.set()
    message = caught.value.message
    assert f"process {os.getpid()}" in message
    assert "for 42 seconds" in message
    assert str(store.path("talks")) in message
    assert "10 seconds" not in message


def test_a_writer_that_kept_losing_its_turn_says_so_instead_of_blaming_one_holder(
    store: Store, data_dir: Path
) -> None:
    add_note(store, "x")
    release = threading.Event()
    hold_in_thread(store, "talks", release)
    lock_file = store.locations.lock_file("talks")
    pid, _ = lock_file.read_text().split()
    # As if it changed hands after this writer began to wait (a clock a minute ahead says so
    # whatever the machine's speed).
    lock_file.write_text(f"{pid} {time.time() + 60}\n")
    try:
        with pytest.raises(StoreUnavailable) as caught, store.lock("talks", timeout=0.3):
            pass
    finally:
        release.set()
    assert "waited" in caught.value.message
    assert "other Companions kept saving" in caught.value.message


def test_a_waiting_writer_gets_the_lock_as_soon_as_it_is_let_go(store: Store) -> None:
    """No polling with sleeps: the wait is in the kernel, woken by the release."""
    release = threading.Event()
    hold_in_thread(store, "talks", release)
    got = threading.Event()

    def wait() -> None:
        with store.lock("talks", timeout=20):
            got.set()

    waiter = threading.Thread(target=wait, daemon=True)
    waiter.start()
    assert not got.wait(0.2)  # still held
    release.set()
    assert got.wait(10)
    waiter.join(10)


def test_a_wait_given_up_does_not_keep_the_lock_once_it_is_granted(
    store: Store, data_dir: Path
) -> None:
    release = threading.Event()
    hold_in_thread(store, "talks", release)
    with pytest.raises(StoreUnavailable), store.lock("talks", timeout=0.1):
        pass
    release.set()
    # The abandoned wait is granted the lock when the holder lets go, and lets go at once.
    with Store(data_dir, FakeClock()).lock("talks", timeout=10):
        pass


def test_a_lock_that_cannot_wait_at_all_says_busy_at_once(store: Store, data_dir: Path) -> None:
    release = threading.Event()
    hold_in_thread(store, "talks", release)
    try:
        started = threading.active_count()
        with pytest.raises(StoreUnavailable), store.lock("talks", timeout=0):
            pass
        assert threading.active_count() == started  # no helper thread for a zero wait
    finally:
        release.set()
    assert isinstance(locks.holder(store.locations.lock_file("talks")), tuple)


# -- temp files a dead writer left ------------------------------------------------------------


def dead_temp_files(data_dir: Path) -> list[Path]:
    backups = data_dir / "backups"
    return [
        data_dir / ".talks.json.k2j4h1.tmp",
        data_dir / ".talks.2026.json.x8a.tmp",
        backups / ".talks-2026-03-14.json.q0w9.tmp",
        backups / ".talks.2026-2026-03-14.json.a1.tmp",
        backups / ".talks-schema1-2026-03-14.json.b2.tmp",
        data_dir / ".profile.json.z1.tmp",
        backups / ".profile-2026-03-14.json.z2.tmp",
        data_dir / ".companion-probe.c3.tmp",
    ]


def test_the_start_removes_every_temp_file_a_dead_writer_left_without_writing(
    store: Store, data_dir: Path
) -> None:
    add_note(store, "saved")
    add_note(store, "saved", "profile")
    before = {p: p.read_bytes() for p in (store.path("talks"), store.path("profile"))}
    dead = dead_temp_files(data_dir)
    for path in dead:
        path.write_bytes(b'{"half": "a wri')
    Store(data_dir, FakeClock()).prepare()  # the next start
    assert [p for p in dead if p.exists()] == []
    assert {p: p.read_bytes() for p in before} == before


def test_the_start_leaves_the_temp_file_of_a_writer_still_writing(
    store: Store, data_dir: Path
) -> None:
    add_note(store, "saved")
    live = data_dir / ".talks.json.mid.tmp"
    release = threading.Event()
    hold_in_thread(store, "talks", release)  # the other terminal, mid-write
    try:
        live.write_bytes(b"{")
        Store(data_dir, FakeClock()).prepare()
        assert live.exists()
    finally:
        release.set()


def test_cleaning_one_area_never_touches_another_whose_name_starts_the_same(
    data_dir: Path, clock: FakeClock
) -> None:
    from companion.store import PlainArea, Schema

    store = Store(
        data_dir, clock, [PlainArea("check", Schema(1)), PlainArea("checkins", Schema(1))]
    )
    add_note(store, "x", "check")
    theirs = [data_dir / ".checkins.json.a.tmp", data_dir / "backups" / ".checkins-2026.json.b.tmp"]
    mine = data_dir / ".check.json.c.tmp"
    for path in [*theirs, mine]:
        path.write_bytes(b"{")
    with store.transaction("check"):
        pass
    assert not mine.exists()
    assert all(p.exists() for p in theirs)


# -- files and folders that are not what they seem --------------------------------------------


def test_backups_replaced_by_a_file(
    capsys: pytest.CaptureFixture[str], store: Store, data_dir: Path, clock: FakeClock
) -> None:
    add_note(store, "saved")
    backups = store.locations.backups
    for child in backups.iterdir():
        child.unlink()
    backups.rmdir()
    backups.write_text("not a folder")
    code, out = doctor(capsys, data_dir)
    assert code == 1
    assert f"error  {backups} should be a folder but is a file" in out
    assert "All is well" not in out
    clock.advance(86400)  # a new day: the write makes a backup first
    with pytest.raises(StoreUnavailable) as caught:
        add_note(store, "lost")
    assert caught.value.message.startswith(f"{backups} should be a folder but is a file")
    assert notes(store) == ["saved"]


@pytest.mark.parametrize("area", ["talks", "profile", "presence"])
def test_a_lock_file_replaced_by_a_folder(
    capsys: pytest.CaptureFixture[str], store: Store, data_dir: Path, area: str
) -> None:
    add_note(store, "saved")
    lock = store.locations.lock_file(area)
    lock.unlink(missing_ok=True)
    lock.mkdir()
    code, out = doctor(capsys, data_dir)
    assert code == 1
    assert f"error  {lock} should be a file but is a folder" in out
    if area != "presence":
        with pytest.raises(StoreUnavailable) as caught:
            add_note(store, "lost", area)
        assert caught.value.message.startswith(f"{lock} should be a file but is a folder")


def test_an_area_file_that_is_a_folder_or_a_data_dir_that_is_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    (data_dir / "talks.json").mkdir()
    code, out = doctor(capsys, data_dir)
    assert code == 1 and "talks.json should be a file but is a folder" in out
    (data_dir / "talks.json").rmdir()
    data_dir.rmdir()
    data_dir.write_text("x")
    code, out = doctor(capsys, data_dir)
    assert code == 1 and f"{data_dir} should be a folder but is a file" in out
    with pytest.raises(StoreUnavailable, match="should be a folder"):
        Store(data_dir, FakeClock()).prepare()


def test_doctor_finds_a_data_dir_it_cannot_save_in(
    capsys: pytest.CaptureFixture[str], store: Store, data_dir: Path, monkeypatch
) -> None:
    add_note(store, "saved")
    refuse_saving(monkeypatch, data_dir)
    code, out = doctor(capsys, data_dir)
    assert code == 1
    assert f"error  Nothing can be saved in {data_dir} for now (that disk is read-only)" in out


# -- links and read-only files -------------------------------------------------------------------


def test_a_linked_file_is_written_through_the_link(store: Store, tmp_path: Path) -> None:
    add_note(store, "saved")
    elsewhere = tmp_path / "synced" / "talks.json"
    elsewhere.parent.mkdir()
    store.path("talks").rename(elsewhere)
    store.path("talks").symlink_to(elsewhere)
    add_note(store, "through the link")
    assert store.path("talks").is_symlink()
    assert os.readlink(store.path("talks")) == str(elsewhere)
    assert notes(store) == ["saved", "through the link"]
    assert notes(Store(store.data_dir, FakeClock())) == ["saved", "through the link"]
    assert [p.name for p in elsewhere.parent.iterdir()] == ["talks.json"]  # no temp file left


def test_a_read_only_file_is_refused_with_a_sentence_and_left_as_it_was(
    capsys: pytest.CaptureFixture[str], store: Store, data_dir: Path
) -> None:
    add_note(store, "saved")
    path = store.path("talks")
    os.chmod(path, 0o400)
    before = path.read_bytes()
    with pytest.raises(StoreUnavailable) as caught:
        add_note(store, "lost")
    message = caught.value.message
    assert message.startswith(f"{path} is read-only")
    assert f"chmod u+w '{path}'" in message
    assert path.read_bytes() == before
    assert mode(path) == 0o400
    code, out = doctor(capsys, data_dir)
    assert code == 1 and f"error  {path} is read-only" in out
    os.chmod(path, 0o600)
    add_note(store, "later")
    assert notes(store) == ["saved", "later"]
    assert mode(path) == 0o600


def test_a_read_only_archive_refuses_the_write_before_anything_changes(
    store: Store, data_dir: Path
) -> None:
    from tests.hostile import good_dir

    store = good_dir(data_dir, FakeClock(store.clock.now()))
    from companion.talk import TalkStep
    from companion.talk import records as talks

    open_talk = talks.active_talk(store)
    assert open_talk is not None
    talks.apply(store, open_talk.id, TalkStep.END, store.clock.now())
    archive = store.archives("talks")[0]
    os.chmod(archive, 0o400)
    before = {p: p.read_bytes() for p in data_dir.glob("*.json")}
    with pytest.raises(StoreUnavailable, match="read-only"):
        talks.apply(store, open_talk.id, TalkStep.FINISH, store.clock.now())  # would archive it
    assert {p: p.read_bytes() for p in data_dir.glob("*.json")} == before


# -- the data dir's permissions -------------------------------------------------------------


def test_an_open_data_dir_is_made_private_and_said(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "backups").mkdir(parents=True)
    os.chmod(data_dir, 0o755)
    os.chmod(data_dir / "backups", 0o755)
    said = Store(data_dir, FakeClock()).prepare()
    assert mode(data_dir) == 0o700 and mode(data_dir / "backups") == 0o700
    assert said == [
        f"Companion made {data_dir} private (mode 700): other users of this machine "
        "could read it before.",
        f"Companion made {data_dir / 'backups'} private (mode 700): other users of this "
        "machine could read it before.",
    ]
    assert Store(data_dir, FakeClock()).prepare() == []  # said once


def test_init_makes_an_open_data_dir_private_and_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    os.chmod(data_dir, 0o755)
    assert main(["--data-dir", str(data_dir), "init", "--partner", "Sam", "--tz", "UTC"]) == 0
    out = capsys.readouterr().out
    assert f"Companion made {data_dir} private (mode 700)" in out
    assert mode(data_dir) == 0o700


def test_folders_made_above_the_data_dir_are_not_writable_by_others(tmp_path: Path) -> None:
    data_dir = tmp_path / "a" / "b" / "data"
    old = os.umask(0)
    try:
        Store(data_dir, FakeClock()).prepare()
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b"):
        assert not mode(folder) & (stat.S_IWGRP | stat.S_IWOTH), oct(mode(folder))
    assert mode(data_dir) == 0o700


# -- names -------------------------------------------------------------------------------


@pytest.mark.parametrize("names", [["", "Bob"], ["Bob", ""], ["Bob", "  \t"], ["\x1b", "Bob"]])
def test_init_refuses_an_empty_name_instead_of_making_a_solo_profile(
    capsys: pytest.CaptureFixture[str], data_dir: Path, names: list[str]
) -> None:
    argv = ["--data-dir", str(data_dir), "init", "--tz", "UTC"]
    for name in names:
        argv += ["--partner", name]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err == (
        "companion: A name cannot be empty: give each person a name, or one name to use "
        "Companion alone.\n"
    )
    assert not (data_dir / "profile.json").exists()


def test_settings_that_could_not_be_read_back_are_not_saved(couple: Store) -> None:
    from companion.profile import ProfileError, Settings, load_profile, save_settings

    before = couple.path("profile").read_bytes()
    with pytest.raises(ProfileError, match="custom_speak_minutes"):
        save_settings(couple, Settings(custom_speak_minutes=10**30))
    assert couple.path("profile").read_bytes() == before
    assert load_profile(couple) is not None
