"""Errors a person is told about: refused steps, and data files that cannot be used.

Domain and store raise these; screens catch them without reaching into the store.
Every message is made printable when the error is raised (a name or a path in
it can hold no control character), so whoever shows it shows only text.
"""

from __future__ import annotations

from pathlib import Path


def _printable(message: object) -> str:
    from companion.text import printable  # companion.text imports this module

    return printable(message)


class Refused(ValueError):
    """A step the rules refuse, said in one sentence a person can act on."""

    def __init__(self, *args: object) -> None:
        super().__init__(*(_printable(a) if isinstance(a, str) else a for a in args))


class StoreError(Exception):
    """A problem with the data files, told as something a person can act on."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        message = _printable(message)
        super().__init__(message)
        self.message = message
        self.path = path


class CorruptFile(StoreError):
    """A file that does not parse. It is never written over."""


class SchemaTooNew(StoreError):
    """A file written by a newer Companion."""


class DamagedRecord(StoreError):
    """A file that parses but holds a record Companion cannot use. It is not changed."""


class StoreUnavailable(StoreError):
    """The disk refused: read-only, full, no permission, or locked too long."""
