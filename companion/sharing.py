"""One data dir shared by two accounts on one machine, through a group.

`prepare` makes a folder the group's (setgid, group read and write, nothing
for anyone else); `companion.locations` then gives every file made inside it
to the group. `problems` is what `companion doctor` says about such a folder.
Each person's journal stays in their own account (see `Locations.journals`).
"""

from __future__ import annotations

import grp
import os
import stat
from pathlib import Path

from companion.errors import Refused
from companion.locations import (
    PRIVATE_DIR_MODE,
    SHARED_DIR_MODE,
    SHARED_FILE_MODE,
    Locations,
    is_shared,
)


class SharingError(Refused):
    """A shared data dir that cannot be made: one sentence saying what to do."""


def group_id(name: str) -> int:
    """The id of the group called `name`, or SharingError saying how to make it."""
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        raise SharingError(
            f"There is no group called {name!r} on this machine. Make it and add both "
            f"accounts to it (as root: groupadd {name}; usermod -aG {name} ACCOUNT), "
            "then log in again and run this once more."
        ) from None


def group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def _entries(locations: Locations) -> list[Path]:
    """What lives in a shared data dir: its files and folders, and the backups in it.

    A journals folder left from before the dir was shared is its owner's and is
    checked with the journals, not here.
    """
    found: list[Path] = []
    for folder in (locations.data_dir, locations.data_dir / "backups"):
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            if name.endswith(".tmp") or (folder == locations.data_dir and name == "journals"):
                continue  # a write under way, or a person's own folder
            found.append(folder / name)
    return found


def prepare(data_dir: Path, group: str) -> list[str]:
    """Make `data_dir` (and what is in it) the group's; returns a sentence per change.

    Safe to run again: it only changes what is not as it should be. Refused,
    with what to do, when this account may not hand things to that group.
    """
    gid = group_id(group)
    if os.geteuid() != 0 and gid not in os.getgroups():
        raise SharingError(
            f"This account is not in the group {group!r} yet. Add it (as root: usermod -aG "
            f"{group} $USER), log in again, and run this once more."
        )
    said: list[str] = []
    if not data_dir.exists():
        data_dir.mkdir(mode=PRIVATE_DIR_MODE, parents=True)
        said.append(f"Made {data_dir}.")
    locations = Locations(data_dir)
    backups = data_dir / "backups"
    if not backups.exists():
        backups.mkdir(mode=PRIVATE_DIR_MODE)
    for path in [data_dir, *_entries(locations)]:
        mode = SHARED_DIR_MODE if path.is_dir() else SHARED_FILE_MODE
        try:
            st = path.lstat()
            if stat.S_ISLNK(st.st_mode):
                continue  # a link's target is where it points: not this folder's to change
            if st.st_gid != gid:
                os.chown(path, -1, gid)
            if stat.S_IMODE(st.st_mode) != mode:
                os.chmod(path, mode)
        except OSError as exc:
            raise SharingError(
                f"Companion could not give {path} to the group {group!r} "
                f"({exc.strerror or exc}). Its owner can run: chgrp {group} '{path}'; "
                f"chmod {mode:o} '{path}'"
            ) from exc
    said.append(
        f"{data_dir} is shared with the group {group!r}: both of you can read and write it, "
        "nobody else can look in."
    )
    closed = unreachable(data_dir, gid)
    if closed is not None:
        said.append(
            f"But your partner's account cannot reach it: {closed} is closed to them. "
            "Keep the shared folder outside your home, such as /srv/companion."
        )
    return said


def unreachable(data_dir: Path, gid: int) -> Path | None:
    """A folder above `data_dir` that members of the group cannot pass through, if any."""
    for parent in data_dir.parents:
        try:
            st = parent.stat()
        except OSError:
            return parent
        if not (st.st_mode & stat.S_IXOTH or (st.st_gid == gid and st.st_mode & stat.S_IXGRP)):
            return parent
    return None


def problems(locations: Locations) -> list[str]:
    """What keeps a shared data dir from being both partners' and nobody else's.

    Empty for a data dir that is not shared (`Locations.loose_permissions` checks those).
    """
    if not locations.shared:
        return []
    data_dir = locations.data_dir
    gid = data_dir.stat().st_gid
    group = group_name(gid)
    said: list[str] = []
    closed = unreachable(data_dir, gid)
    if closed is not None:
        said.append(
            f"Your partner's account cannot reach {data_dir}: {closed} is closed to them. "
            "Keep the shared folder outside your home, such as /srv/companion."
        )
    for path in [data_dir, *_entries(locations)]:
        try:
            st = path.lstat()
        except OSError:
            continue  # gone since it was listed
        if stat.S_ISLNK(st.st_mode):
            continue
        mode = stat.S_IMODE(st.st_mode)
        if mode & stat.S_IRWXO:
            said.append(
                f"{path} can be read by accounts outside the group {group!r}; run: chmod o-rwx '{path}'"
            )
        if st.st_gid != gid:
            said.append(
                f"{path} belongs to the group {group_name(st.st_gid)!r}, not {group!r}, so your "
                f"partner may not be able to open it; run: chgrp {group} '{path}'"
            )
        if stat.S_ISDIR(st.st_mode):
            if not is_shared(path):
                said.append(
                    f"{path} is not shared with the group {group!r}; run: chmod 2770 '{path}'"
                )
        elif mode & (stat.S_IRGRP | stat.S_IWGRP) != stat.S_IRGRP | stat.S_IWGRP:
            said.append(
                f"{path} cannot be read and written by the group {group!r}, so your partner's "
                f"Companion cannot use it; run: chmod g+rw '{path}'"
            )
    return said
