"""One JSON file on disk: read and check it, encode it, and write it so a reader never sees half.

Nothing here holds a lock or knows an area's rules: that is the store's job.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import tempfile
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path
from typing import Any

from companion.errors import CorruptFile, StoreUnavailable
from companion.locations import fit_new_file

META_KEY = "_meta"
_ROW_KEY = re.compile(r"[0-9]{1,18}")


_WHAT_TO_DO = (
    "restore the newest copy from {backups}, or move the file aside to start that part afresh"
)
_DAMAGED_PREFIX = re.compile(r"^This saved [\w -]+ is damaged: ")


def damaged_message(path: Path, what: str, reason: object, backups: Path) -> str:
    """One sentence for a file that parses but holds a record Companion cannot use."""
    why = _DAMAGED_PREFIX.sub("", str(reason)).rstrip(". ")
    return (
        f"Companion could not use {path} because it holds a damaged {what} ({why}); "
        f"it has not changed the file: {_WHAT_TO_DO.format(backups=backups)}."
    )


def corrupt_message(path: Path, reason: str, backups: Path) -> str:
    """One sentence for a file that does not parse as a Companion file."""
    return (
        f"Companion could not read {path} ({reason}); it has not changed the file: "
        f"{_WHAT_TO_DO.format(backups=backups)}."
    )


class ReadOnlyFile(PermissionError):
    """A file whose owner has taken away their own right to write it: Companion leaves it be."""


def disk_reason(exc: OSError, folder: Path) -> tuple[str, str]:
    """Why the disk refused a write, and what to do about it, in a few words each."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full", "free some space and try again"
    if exc.errno == errno.EROFS:
        return (
            "that disk is read-only",
            "choose another data dir with --data-dir or COMPANION_HOME",
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (
            "you do not have permission to write there",
            f"check who owns {folder}, or choose another data dir",
        )
    return exc.strerror or str(exc), "check the disk and try again"


def disk_message(exc: OSError, path: Path) -> str:
    """One sentence for a write the disk refused, saying what to do."""
    if isinstance(exc, ReadOnlyFile):
        return (
            f"{exc.filename} is read-only (its permissions say not to change it), so Companion "
            f"has not saved; to let it save again, run: chmod u+w '{exc.filename}'."
        )
    folder = path.parent
    why, todo = disk_reason(exc, folder)
    return (
        f"Companion could not save to {folder}: {why}. Nothing already saved was changed; {todo}."
    )


def read_document(path: Path, backups: Path) -> dict[str, Any] | None:
    """The parsed file, or None when it does not exist yet. Never writes."""
    raw = read_bytes(path)
    return None if raw is None else parse_document(raw, path, backups)


def read_bytes(path: Path) -> bytes | None:
    """A file's bytes as they are on disk now, or None when it does not exist yet."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreUnavailable(
            f"Companion could not read {path}: {exc.strerror or exc}. "
            "Check the file's permissions.",
            path,
        ) from exc


def parse_document(raw: bytes, path: Path, backups: Path) -> dict[str, Any]:
    """The document in a file's bytes; CorruptFile naming `path` if it is not one of ours."""
    if not raw.strip():
        raise CorruptFile(corrupt_message(path, "it is empty", backups), path)
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise CorruptFile(corrupt_message(path, "it is not UTF-8 text", backups), path) from None
    except json.JSONDecodeError as exc:
        reason = f"it is not valid JSON at line {exc.lineno}, column {exc.colno}"
        raise CorruptFile(corrupt_message(path, reason, backups), path) from None
    except (ValueError, RecursionError):
        # A number of thousands of digits, or nesting deeper than Python will follow.
        reason = "it holds a value too large or too deeply nested to be Companion's"
        raise CorruptFile(corrupt_message(path, reason, backups), path) from None
    if not isinstance(doc, dict) or not all(
        isinstance(table, dict)
        and all(isinstance(row, dict) and _ROW_KEY.fullmatch(key) for key, row in table.items())
        for table in doc.values()
    ):
        raise CorruptFile(corrupt_message(path, "it is not a Companion file", backups), path)
    document_version(doc, path, backups)  # an unreadable version is damage, not age
    return doc


def document_version(
    doc: dict[str, Any], path: Path | None = None, backups: Path | None = None
) -> int:
    """The schema version a document says it has: 0 when it has no stamp at all."""
    meta = doc.get(META_KEY, {}).get("1")
    if meta is None:
        return 0
    version = meta.get("schema", 0)
    if isinstance(version, bool) or not isinstance(version, int) or not 0 <= version < 10_000:
        where = path if path is not None else Path("this file")
        raise CorruptFile(
            corrupt_message(where, "its version stamp is damaged", backups or where.parent),
            path,
        )
    return version


def encode_document(
    tables: dict[str, Any], area: str, version: int, extra: Mapping[str, Any] | None = None
) -> bytes:
    """The file's bytes: compact JSON, so Python's fast encoder writes it."""
    doc = {META_KEY: {"1": {"schema": version, "area": area, **(extra or {})}}, **tables}
    try:
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates cannot be UTF-8; escaped JSON still round-trips them.
        return json.dumps(doc, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def write_target(path: Path) -> Path:
    """The file a write to `path` replaces.

    A symbolic link is followed, so the link stays and the file it points to
    is replaced (keep the data on another disk, say). A file its owner has made
    read-only (chmod u-w) is refused with ReadOnlyFile rather than replaced.
    """
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target
    if not mode & stat.S_IWUSR:
        raise ReadOnlyFile(errno.EACCES, "read-only file", str(path))
    return target


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a reader sees the old file or the new one.

    The new file is private to its owner (mode 600); see `write_target` for
    links and read-only files.
    """
    target = write_target(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        fit_new_file(fd, path.parent)  # the group's too in a shared data dir
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    try:
        dir_fd = os.open(target.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def cannot_save_in(folder: Path) -> OSError | None:
    """Why nothing can be saved in `folder` (read-only, full, no permission), or None if it can.

    Tries what a save does (make a temp file there, then remove it); permission
    bits alone would say yes to root on a read-only disk.
    """
    try:
        fd, tmp = tempfile.mkstemp(prefix=".companion-probe.", suffix=".tmp", dir=folder)
    except OSError as exc:
        return exc
    os.close(fd)
    with suppress(OSError):
        os.unlink(tmp)
    return None
