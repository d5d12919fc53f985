"""Every path Companion reads or writes, decided in one place."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path

import platformdirs

APP_NAME = "companion"
ENV_VAR = "COMPANION_HOME"

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
SHARED_FILE_MODE = 0o660
"""A file in a shared data dir: its owner and the group read and write it, nobody else."""
SHARED_DIR_MODE = 0o2770
"""A shared folder: the group may enter, read and write it, and what is made inside takes its
group (the setgid bit); nobody else may look in."""


def default_data_dir() -> Path:
    """The platform's per-user data folder for Companion."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(
    cli_value: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Path:
    """`--data-dir` wins, then `COMPANION_HOME`, then the platform default."""
    environ = os.environ if environ is None else environ
    if cli_value:
        chosen = Path(cli_value)
    elif environ.get(ENV_VAR):
        chosen = Path(environ[ENV_VAR])
    else:
        chosen = default_data_dir()
    return chosen.expanduser().absolute()


def is_shared(folder: Path) -> bool:
    """Whether `folder` is shared with its group: setgid, and the group may read, write and enter.

    `companion init --shared` makes a data dir so; files and folders made in a
    shared folder are the group's to read and write (see `fit_new_file`).
    """
    try:
        mode = os.stat(folder).st_mode
    except OSError:
        return False
    return bool(mode & stat.S_ISGID) and mode & stat.S_IRWXG == stat.S_IRWXG


def file_mode(folder: Path) -> int:
    """The mode of a new file in `folder`: the group's too in a shared folder, else private."""
    return SHARED_FILE_MODE if is_shared(folder) else PRIVATE_FILE_MODE


def fit_new_file(fd: int, folder: Path) -> None:
    """Give a file this process owns in a shared `folder` the group's read and write.

    A file made with mkstemp is 0600, and the umask takes bits from os.open's
    mode, so the partner's account could not read or write it. Outside a shared
    folder nothing changes; a file another account owns is left as it is.
    """
    if not is_shared(folder):
        return
    st = os.fstat(fd)
    if st.st_uid == os.geteuid() and stat.S_IMODE(st.st_mode) != SHARED_FILE_MODE:
        os.fchmod(fd, SHARED_FILE_MODE)


def open_lock(path: Path) -> int:
    """Open a lock file for reading and writing, making it if missing with its folder's mode."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, file_mode(path.parent))
    with suppress(OSError):  # the lock still locks; doctor names a file the group cannot open
        fit_new_file(fd, path.parent)
    return fd


class Locations:
    """The files inside one data dir."""

    def __init__(self, data_dir: Path, private_dir: Path | None = None) -> None:
        self.data_dir = Path(data_dir)
        self._private_dir = private_dir
        """Where this account keeps what is its own when the data dir is shared (default:
        the platform's per-user data folder)."""

    @property
    def shared(self) -> bool:
        """Whether two accounts share this data dir through its group (see `is_shared`)."""
        return is_shared(self.data_dir)

    @property
    def private_dir(self) -> Path:
        """This account's own folder: the data dir, or the per-user folder when it is shared."""
        if not self.shared:
            return self.data_dir
        return self._private_dir if self._private_dir is not None else default_data_dir()

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def journals(self) -> Path:
        """Private journals live apart from the shared files.

        In a shared data dir they stay in each account's own folder (mode 0700),
        so the partner's account cannot even list them.
        """
        return self.private_dir / "journals"

    def area_file(self, area: str) -> Path:
        return self.data_dir / f"{area}.json"

    def archive_file(self, area: str, year: int) -> Path:
        """Where an area keeps its finished records of one year."""
        return self.data_dir / f"{area}.{year:04d}.json"

    def archive_files(self, area: str) -> list[Path]:
        """An area's archive files that exist, oldest year first."""
        found = []
        for path in self.data_dir.glob(f"{area}.*.json"):
            year = path.name[len(area) + 1 : -len(".json")]
            if len(year) == 4 and year.isdigit():
                found.append(path)
        return sorted(found)

    def lock_file(self, area: str) -> Path:
        return self.data_dir / f".{area}.lock"

    def ensure(self) -> None:
        """Create the data dir (mode 0700) and its backups folder if missing.

        Folders made above the data dir are never writable by others, whatever
        the umask says. In a shared data dir the backups folder is made shared
        too (mode 2770), and this account's own folder (for its journal) is made, private.
        """
        for folder in (self.data_dir, self.backups):
            if not folder.is_dir():
                _make_parents(folder.parent)
                mode = SHARED_DIR_MODE if is_shared(folder.parent) else PRIVATE_DIR_MODE
                folder.mkdir(mode=0o700, exist_ok=True)
                os.chmod(folder, mode)
        private = self.private_dir
        if private != self.data_dir and not private.exists():
            private.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(private, PRIVATE_DIR_MODE)

    def make_private(self) -> list[str]:
        """Make the data dir and its backups private (0700) if others can reach them.

        Returns one sentence for each folder changed, or that could not be.
        """
        said: list[str] = []
        if self.shared:  # two accounts share it through its group on purpose (companion.sharing)
            return said
        for folder in (self.data_dir, self.backups):
            try:
                st = folder.stat()
            except OSError:
                continue
            if not stat.S_ISDIR(st.st_mode) or not st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
                continue
            try:
                os.chmod(folder, 0o700)
            except OSError as exc:
                said.append(
                    f"Companion could not make {folder} private ({exc.strerror or exc}): "
                    f"other users of this machine may read it; run: chmod 700 '{folder}'"
                )
            else:
                said.append(
                    f"Companion made {folder} private (mode 700): other users of this "
                    "machine could read it before."
                )
        return said

    def loose_permissions(self) -> list[Path]:
        """Folders or files that other users of the machine could read.

        A shared data dir is the group's to read: `companion.sharing.problems`
        checks it instead, and this finds nothing there.
        """
        if self.shared:
            return []
        found = []
        candidates = [
            self.data_dir,
            *self.data_dir.glob("*.json"),
            self.backups,
            *self.backups.glob("*.json"),
        ]
        for path in candidates:
            try:
                mode = path.stat().st_mode
            except OSError:
                continue
            if mode & (stat.S_IRWXG | stat.S_IRWXO):
                found.append(path)
        return found

    def shape_problems(self, areas: tuple[str, ...]) -> list[str]:
        """Each file or folder Companion uses that is there but is not what it should be.

        A `backups` that is a file, or a lock file that is a folder, would make
        every write fail: each is one sentence saying what to do.
        """
        folders = [self.data_dir, self.backups, self.journals]
        files = [self.lock_file("presence")]
        for area in areas:
            files += [self.area_file(area), self.lock_file(area), *self.archive_files(area)]
        said = []
        for path in folders:
            kind = _kind(path)
            if kind not in (None, "a folder"):
                said.append(
                    f"{path} should be a folder but is {kind}, so Companion cannot save there; "
                    "move it aside and Companion will make the folder again."
                )
        if said and _kind(self.data_dir) != "a folder":
            return said[:1]  # nothing inside a data dir that is not a folder can be right
        for path in files:
            kind = _kind(path)
            if kind not in (None, "a file"):
                said.append(
                    f"{path} should be a file but is {kind}, so Companion cannot use it; "
                    "move it aside (Companion makes a new one where it needs to)."
                )
        return said


def _kind(path: Path) -> str | None:
    """What is at `path` in words ("a file", "a folder"...), or None if nothing (links followed)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None  # nothing there (or a link to nothing: a write makes the file it names)
    except NotADirectoryError:
        return None  # a parent is not a folder: said about the parent
    except OSError as exc:
        return f"something Companion cannot look at ({exc.strerror or exc})"
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a special file (a pipe, socket or device)"


def _make_parents(folder: Path) -> None:
    """Create the missing folders up to `folder`, none of them writable by group or others."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir(mode=0o755, exist_ok=True)
        mode = path.stat().st_mode
        if mode & (stat.S_IWGRP | stat.S_IWOTH):
            os.chmod(path, stat.S_IMODE(mode) & ~(stat.S_IWGRP | stat.S_IWOTH))
