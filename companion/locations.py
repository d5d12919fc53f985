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

        In a shared data dir the backups folder is made shared too (mode 2770),
        and this account's own folder (for its journal) is made, private.
        """
        for folder in (self.data_dir, self.backups):
            if not folder.exists():
                mode = SHARED_DIR_MODE if is_shared(folder.parent) else PRIVATE_DIR_MODE
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                os.chmod(folder, mode)
        private = self.private_dir
        if private != self.data_dir and not private.exists():
            private.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(private, PRIVATE_DIR_MODE)

    def loose_permissions(self) -> list[Path]:
        """Folders or files that other users of the machine could read.

        A shared data dir is the group's to read: `companion.sharing.problems`
        checks it instead, and this finds nothing there.
        """
        if self.shared:
            return []
        found = []
        candidates = [self.data_dir, *self.data_dir.glob("*.json")]
        for path in candidates:
            try:
                mode = path.stat().st_mode
            except OSError:
                continue
            if mode & (stat.S_IRWXG | stat.S_IRWXO):
                found.append(path)
        return found
