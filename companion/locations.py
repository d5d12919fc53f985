"""Every path Companion reads or writes, decided in one place."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

import platformdirs

APP_NAME = "companion"
ENV_VAR = "COMPANION_HOME"


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


class Locations:
    """The files inside one data dir."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def journals(self) -> Path:
        """Private journals live apart from the shared files."""
        return self.data_dir / "journals"

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
        """Create the data dir (mode 0700) and its backups folder if missing."""
        for folder in (self.data_dir, self.backups):
            if not folder.exists():
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                os.chmod(folder, 0o700)

    def loose_permissions(self) -> list[Path]:
        """Folders or files that other users of the machine could read."""
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
