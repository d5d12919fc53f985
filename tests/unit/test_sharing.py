"""A data dir two accounts share through a group: real modes, groups and (as root) real accounts."""

from __future__ import annotations

import grp
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from companion import sharing
from companion.cli import main
from companion.clock import FakeClock
from companion.locations import Locations, is_shared
from companion.profile import create_profile, load_profile
from companion.store import Store

ROOT = os.geteuid() == 0
REPO = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    """A temp folder every account can pass through (pytest's own is closed to others)."""
    folder = Path(tempfile.mkdtemp(prefix="companion-shared-"))
    os.chmod(folder, 0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def group() -> Iterator[str]:
    """A group of its own for the test (as root with groupadd), else this account's group."""
    if ROOT and shutil.which("groupadd") and shutil.which("groupdel"):
        name = f"cmptest{os.getpid()}"
        made = subprocess.run(["groupadd", name], capture_output=True)
        if made.returncode == 0:
            yield name
            subprocess.run(["groupdel", name], capture_output=True)
            return
    yield grp.getgrgid(os.getegid()).gr_name


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def shared_dir(capsys, open_tmp: Path, group: str) -> Path:
    folder = open_tmp / "couple"
    code, out, err = run(capsys, "init", "--shared", str(folder), "--group", group)
    assert code == 0, err
    assert f"shared with the group {group!r}" in out
    return folder


# -- making one ----------------------------------------------------------------------------


def test_init_shared_makes_a_setgid_folder_only_the_group_can_enter(
    capsys, open_tmp: Path, group: str
) -> None:
    folder = shared_dir(capsys, open_tmp, group)
    gid = grp.getgrnam(group).gr_gid
    for path in (folder, folder / "backups"):
        assert mode(path) == 0o2770
        assert path.stat().st_gid == gid
        assert is_shared(path)
    assert load_profile(Store(folder)) is None  # no names given: the setup screen asks


def test_files_made_later_are_the_groups_to_read_and_write_whatever_the_umask(
    capsys, open_tmp: Path, group: str
) -> None:
    folder = shared_dir(capsys, open_tmp, group)
    gid = grp.getgrnam(group).gr_gid
    old = os.umask(0o077)  # the strictest umask must not shut the partner out
    try:
        store = Store(folder, FakeClock())
        create_profile(store, ["Ana", "Ben"], "UTC")
        create_profile(store, ["Ana", "Ben"], "UTC", force=True)  # a backup is made
        assert store.others_present() is False
    finally:
        os.umask(old)
    made = [
        folder / "profile.json",
        folder / ".profile.lock",
        folder / ".presence.lock",
        *(folder / "backups").iterdir(),
    ]
    assert len(made) == 4
    for path in made:
        assert mode(path) == 0o660, path
        assert path.stat().st_gid == gid, path
    assert sharing.problems(store.locations) == []


def test_a_private_data_dir_stays_private(tmp_path: Path) -> None:
    store = Store(tmp_path / "data", FakeClock())
    create_profile(store, ["Ana"], "UTC")
    assert not store.locations.shared
    assert mode(store.path("profile")) == 0o600
    assert mode(store.locations.lock_file("profile")) == 0o600
    assert sharing.problems(store.locations) == []


def test_init_shared_with_names_sets_up_the_couple_too(capsys, open_tmp: Path, group: str) -> None:
    folder = open_tmp / "couple"
    code, out, _ = run(
        capsys,
        "init",
        "--shared",
        str(folder),
        "--group",
        group,
        "--partner",
        "Ana",
        "--partner",
        "Ben",
        "--tz",
        "UTC",
    )
    assert code == 0
    assert "Ready for Ana & Ben" in out
    assert mode(folder / "profile.json") == 0o660


def test_init_shared_again_fixes_what_was_made_before_it_was_shared(
    capsys, open_tmp: Path, group: str
) -> None:
    folder = open_tmp / "couple"
    create_profile(Store(folder, FakeClock()), ["Ana", "Ben"], "UTC")
    assert mode(folder / "profile.json") == 0o600
    shared_dir(capsys, open_tmp, group)
    assert mode(folder / "profile.json") == 0o660
    assert mode(folder / ".profile.lock") == 0o660
    assert shared_dir(capsys, open_tmp, group) == folder  # running it twice is harmless


def test_init_shared_refuses_an_unknown_group_or_a_missing_half(capsys, open_tmp: Path) -> None:
    code, _, err = run(capsys, "init", "--shared", str(open_tmp / "c"), "--group", "no-such-grp")
    assert code == 1
    assert "There is no group called 'no-such-grp'" in err
    assert "groupadd no-such-grp" in err
    assert not (open_tmp / "c").exists()
    code, _, err = run(capsys, "init", "--shared", str(open_tmp / "c"))
    assert code == 1
    assert "--group GROUP" in err


def test_init_still_needs_a_name_when_not_shared(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "d"), "init")
    assert code == 1
    assert "--partner NAME" in err


# -- doctor ----------------------------------------------------------------------------------


def test_doctor_is_content_with_a_well_shared_dir(capsys, open_tmp: Path, group: str) -> None:
    folder = shared_dir(capsys, open_tmp, group)
    create_profile(Store(folder, FakeClock()), ["Ana", "Ben"], "UTC")
    code, out, _ = run(capsys, "--data-dir", str(folder), "doctor")
    assert code == 0, out
    assert f"is shared with the group {group!r}" in out
    assert "All is well." in out


def test_doctor_names_a_world_readable_file_and_one_the_group_cannot_use(
    capsys, open_tmp: Path, group: str
) -> None:
    folder = shared_dir(capsys, open_tmp, group)
    create_profile(Store(folder, FakeClock()), ["Ana", "Ben"], "UTC")
    os.chmod(folder / "profile.json", 0o664)
    os.chmod(folder / ".profile.lock", 0o600)
    os.chmod(folder / "backups", 0o700)
    code, out, _ = run(capsys, "--data-dir", str(folder), "doctor")
    assert code == 1
    assert f"{folder / 'profile.json'} can be read by accounts outside the group" in out
    assert f"chmod o-rwx '{folder / 'profile.json'}'" in out
    assert f"{folder / '.profile.lock'} cannot be read and written by the group" in out
    assert f"chmod 2770 '{folder / 'backups'}'" in out
    assert "3 problem(s) found." in out


@pytest.mark.skipif(not ROOT, reason="only root can hand a file to a group it is not in")
def test_doctor_names_a_file_of_the_wrong_group(capsys, open_tmp: Path, group: str) -> None:
    folder = shared_dir(capsys, open_tmp, group)
    create_profile(Store(folder, FakeClock()), ["Ana", "Ben"], "UTC")
    other = next(g for g in grp.getgrall() if g.gr_name != group)
    os.chown(folder / "profile.json", -1, other.gr_gid)
    code, out, _ = run(capsys, "--data-dir", str(folder), "doctor")
    assert code == 1
    assert f"belongs to the group {other.gr_name!r}, not {group!r}" in out
    assert f"chgrp {group} '{folder / 'profile.json'}'" in out


def test_doctor_says_when_the_partner_cannot_reach_the_folder(
    capsys, tmp_path: Path, group: str
) -> None:
    closed = tmp_path / "home"
    closed.mkdir(mode=0o700)
    os.chmod(closed, 0o700)
    folder = shared_dir(capsys, closed, group)
    code, out, _ = run(capsys, "--data-dir", str(folder), "doctor")
    assert code == 1
    assert f"{closed} is closed to them" in out


# -- journals ------------------------------------------------------------------------------


def test_journals_stay_in_each_accounts_own_folder_when_the_dir_is_shared(
    capsys, open_tmp: Path, group: str, tmp_path: Path
) -> None:
    private = Locations(open_tmp / "mine")
    assert private.journals == open_tmp / "mine" / "journals"
    folder = shared_dir(capsys, open_tmp, group)
    shared = Locations(folder, private_dir=tmp_path / "own")
    assert shared.journals == tmp_path / "own" / "journals"
    assert not shared.journals.is_relative_to(folder)
    # Without a folder named, the platform's per-user data dir (in this account's home).
    assert not Locations(folder).journals.is_relative_to(folder)
    # Made (private) when the store makes its folders, so a journal has a home to go to.
    assert not (tmp_path / "own").exists()
    shared.ensure()
    assert mode(tmp_path / "own") == 0o700
    shared.journals.mkdir(mode=0o700)


# -- two real accounts -----------------------------------------------------------------------


def as_account(uid: int, gids: list[int], home: Path, *argv: str) -> subprocess.CompletedProcess:
    """Run `companion` as another account (an id and groups only: no login needed).

    With setpriv (util-linux) the switch happens as the program starts, so a
    Python installed under /root still starts; without it, Python switches itself.
    """
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "share"),
        "PYTHONPATH": str(REPO),
    }
    command = [sys.executable, "-m", "companion", *argv]
    setpriv = shutil.which("setpriv")
    if setpriv:
        groups = f"--groups={','.join(map(str, gids))}" if gids else "--clear-groups"
        command = [setpriv, f"--reuid={uid}", f"--regid={uid}", groups, *command]
        become = None
    else:

        def become() -> None:
            os.setgroups(gids)
            os.setgid(uid)
            os.setuid(uid)

    return subprocess.run(
        command, env=env, cwd="/", preexec_fn=become, capture_output=True, text=True, timeout=60
    )


@pytest.mark.skipif(not ROOT, reason="needs root to act as three accounts")
def test_two_accounts_in_the_group_share_the_data_and_a_third_cannot_look(
    capsys, open_tmp: Path, group: str
) -> None:
    folder = shared_dir(capsys, open_tmp, group)
    gid = grp.getgrnam(group).gr_gid
    homes = {}
    for uid in (52001, 52002, 52003):
        homes[uid] = open_tmp / f"home{uid}"
        homes[uid].mkdir()
        os.chown(homes[uid], uid, uid)
    try:
        probe = as_account(52001, [gid], homes[52001], "--version")
    except OSError as exc:
        pytest.skip(f"another account cannot start this Python here: {exc}")
    if probe.returncode != 0:
        pytest.skip(f"another account cannot run this Python here: {probe.stderr.strip()}")

    ana = as_account(52001, [gid], homes[52001], "--data-dir", str(folder), "init",
                     "--partner", "Ana", "--partner", "Ben", "--tz", "UTC")  # fmt: skip
    assert ana.returncode == 0, ana.stderr
    # The other account replaces the file the first one made (its lock file too).
    ben = as_account(52002, [gid], homes[52002], "--data-dir", str(folder), "init",
                     "--partner", "Ana", "--partner", "Cleo", "--tz", "UTC", "--force")  # fmt: skip
    assert ben.returncode == 0, ben.stderr
    assert (folder / "profile.json").stat().st_uid == 52002
    # ...and the first reads it back, and finds nothing wrong.
    doctor = as_account(52001, [gid], homes[52001], "--data-dir", str(folder), "doctor")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "All is well." in doctor.stdout
    located = as_account(52001, [gid], homes[52001], "--data-dir", str(folder), "locate")
    assert f"journals  {homes[52001] / 'share' / 'companion' / 'journals'}" in located.stdout
    # An account outside the group cannot read a thing.
    outsider = as_account(52003, [], homes[52003], "--data-dir", str(folder), "talks", "list")
    assert outsider.returncode == 1
    assert "Permission denied" in outsider.stderr
