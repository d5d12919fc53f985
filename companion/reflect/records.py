"""Journals on disk: one sealed file per person in the data dir's journals/ folder.

Every change is made under the journal's own lock on the file as it is on
disk now (another terminal may have written since), sealed again with the
key held in memory, and written atomically; it returns the journal as saved.
Nothing decrypted is ever written anywhere but an export the person asks for.

Unlocking, creating a journal and changing its passphrase derive a key
(slow on purpose, a fraction of a second): screens run them in a thread
worker. A step with a key already derived is quick.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import stat
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from companion.errors import Refused, StoreUnavailable
from companion.files import atomic_write, disk_message
from companion.locations import Locations
from companion.profile import load_profile
from companion.reflect import vault
from companion.reflect.journal import (
    BadDocument,
    Draft,
    Entry,
    Journal,
    JournalError,
    JournalStep,
    decode,
    encode,
    to_markdown,
)
from companion.store import Store
from companion.when import couple_zone

SUFFIX = ".journal"
LOCK_TIMEOUT = 10.0
Signature = tuple[int, int, int]


class NoSuchPerson(Refused):
    """A name that is not one of the people using this data dir."""


@dataclass(frozen=True)
class Unlocked:
    """A journal as saved, and the key that opened it (kept in memory only)."""

    person: str
    key: vault.Key
    journal: Journal
    signature: Signature


@dataclass(frozen=True)
class Saved:
    """A step's result: the journal as saved, and the entry it wrote or deleted."""

    journal: Journal
    entry: Entry | None
    signature: Signature


# -- where ---------------------------------------------------------------------------


def slug(person: str) -> str:
    """A file name for a person's journal: readable, and different for different names."""
    folded = unicodedata.normalize("NFKD", person.casefold())
    ascii_part = re.sub(r"[^a-z0-9]+", "-", folded.encode("ascii", "ignore").decode()).strip("-")
    digest = hashlib.sha256(unicodedata.normalize("NFC", person.casefold()).encode()).hexdigest()
    return f"{ascii_part[:24] or 'person'}-{digest[:8]}"


def journal_file(locations: Locations, person: str) -> Path:
    return locations.journals / f"{slug(person)}{SUFFIX}"


def journal_files(locations: Locations) -> list[Path]:
    """Every journal file in the folder (whoever it belongs to)."""
    if not locations.journals.is_dir():
        return []
    return sorted(locations.journals.glob(f"*{SUFFIX}"))


def has_journal(store: Store, person: str) -> bool:
    return journal_file(store.locations, person).exists()


def person_named(store: Store, name: str) -> str:
    """The person called `name` (any case) as the profile spells it; NoSuchPerson otherwise."""
    profile = load_profile(store)
    if profile is None:
        raise NoSuchPerson(
            "Companion is not set up yet: open it, or run companion init --partner NAME."
        )
    for person in profile.partners:
        if person.casefold() == name.strip().casefold():
            return person
    known = " and ".join(profile.partners)
    raise NoSuchPerson(f"There is nobody called {name!r} here; the names are {known}.")


def signature(store: Store, person: str) -> Signature:
    """What changes when the journal file changes (one stat): to notice another window's write."""
    try:
        st = os.stat(journal_file(store.locations, person))
    except OSError:
        return (0, 0, 0)
    return (st.st_mtime_ns, st.st_size, st.st_ino)


# -- the file ------------------------------------------------------------------------


def _ensure_folder(locations: Locations) -> None:
    folder = locations.journals
    try:
        if not folder.exists():
            locations.ensure()
            folder.mkdir(mode=0o700, exist_ok=True)
            os.chmod(folder, 0o700)
    except OSError as exc:
        raise StoreUnavailable(disk_message(exc, folder / "x"), folder) from exc


@contextmanager
def _locked(locations: Locations, person: str, timeout: float = LOCK_TIMEOUT) -> Iterator[Path]:
    """Hold the journal's lock for a read-modify-write; yields its path."""
    _ensure_folder(locations)
    path = journal_file(locations, person)
    lock_path = path.with_name(f".{path.stem}.lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StoreUnavailable(disk_message(exc, lock_path), lock_path) from exc
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreUnavailable(
                        f"Another Companion has held {path} for over {timeout:.0f} seconds. "
                        "Try again in a moment.",
                        path,
                    ) from None
                time.sleep(0.01)
        # We hold the lock, so a temp file of this journal belongs to a writer that died.
        for leftover in path.parent.glob(f".{path.name}.*.tmp"):
            with suppress(OSError):
                leftover.unlink()
        yield path
    finally:
        os.close(fd)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreUnavailable(
            f"Companion could not read {path}: {exc.strerror or exc}. Check the file's permissions.",
            path,
        ) from exc


def _write(path: Path, data: bytes) -> Signature:
    try:
        atomic_write(path, data)  # a temp file made with mode 0600, then os.replace
        os.chmod(path, 0o600)
        st = os.stat(path)
    except OSError as exc:
        raise StoreUnavailable(disk_message(exc, path), path) from exc
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _journal(document: dict[str, Any], person: str, path: Path) -> Journal:
    try:
        journal = decode(document)
    except BadDocument as exc:
        raise vault.JournalDamaged(
            f"{path} opened, but what it holds is damaged ({exc}). Companion has not changed it.",
            path,
        ) from None
    if journal.person.casefold() != person.casefold():
        raise vault.JournalDamaged(
            f"{path} is {journal.person}'s journal, not {person}'s. Companion has not changed it.",
            path,
        )
    return journal


def _sealed(path: Path, key: vault.Key, person: str) -> Journal:
    data = _read(path)
    if data is None:
        raise vault.KeyStale(f"{person}'s journal is no longer there; it may have been moved.")
    return _journal(vault.unseal(data, key, path), person, path)


# -- steps ------------------------------------------------------------------------------


def create_journal(
    store: Store, person: str, passphrase: str, again: str, cost: vault.Cost | None = None
) -> Unlocked:
    """Start a person's journal with a new passphrase (typed twice). Slow: run it in a worker."""
    vault.check_new(passphrase, again)
    key = vault.new_key(passphrase, cost)
    with _locked(store.locations, person) as path:
        if path.exists():
            raise JournalError(f"{person} already has a journal; unlock it with its passphrase.")
        journal = Journal(person=person, created=store.clock.now())
        sig = _write(path, vault.seal(encode(journal), key))
    return Unlocked(person, key, journal, sig)


def unlock(store: Store, person: str, passphrase: str) -> Unlocked:
    """Open a person's journal with their passphrase. Slow: run it in a worker."""
    path = journal_file(store.locations, person)
    data = _read(path)
    if data is None:
        raise JournalError(f"{person} has no journal yet.")
    key, document = vault.open_with(data, passphrase, path)
    return Unlocked(person, key, _journal(document, person, path), signature(store, person))


def reload(store: Store, person: str, key: vault.Key) -> Unlocked:
    """The journal as it is on disk now, with the key already held (after another window wrote)."""
    path = journal_file(store.locations, person)
    journal = _sealed(path, key, person)
    return Unlocked(person, key, journal, signature(store, person))


def take_step(
    store: Store,
    person: str,
    key: vault.Key,
    step: JournalStep | str,
    now: datetime,
    **kwargs: Any,
) -> Saved:
    """One step on the journal as it is on disk, sealed and written; returns what was saved."""
    with _locked(store.locations, person) as path:
        journal = _sealed(path, key, person)
        entry = journal.take(step, now, **kwargs)
        sig = _write(path, vault.seal(encode(journal), key))
    return Saved(journal, entry, sig)


def save_draft(store: Store, person: str, key: vault.Key, draft: Draft, now: datetime) -> Saved:
    """Write a new entry, or a new version of one."""
    return take_step(store, person, key, JournalStep.WRITE, now, draft=draft)


def delete_entry(store: Store, person: str, key: vault.Key, entry_id: int, now: datetime) -> Saved:
    return take_step(store, person, key, JournalStep.DELETE, now, entry_id=entry_id)


def change_passphrase(
    store: Store,
    person: str,
    old: str,
    new: str,
    again: str,
    cost: vault.Cost | None = None,
) -> Unlocked:
    """Seal the journal again under a new passphrase, in one atomic write. Slow: a worker."""
    vault.check_new(new, again)
    with _locked(store.locations, person) as path:
        data = _read(path)
        if data is None:
            raise JournalError(f"{person} has no journal yet.")
        _old_key, document = vault.open_with(data, old, path)
        journal = _journal(document, person, path)
        key = vault.new_key(new, cost)
        sig = _write(path, vault.seal(encode(journal), key))
    return Unlocked(person, key, journal, sig)


def export_markdown(store: Store, journal: Journal, target: str, partner: str | None) -> Path:
    """Write the journal as Markdown to `target` (mode 0600). The file is NOT encrypted."""
    path = Path(target).expanduser()
    if not path.is_absolute():
        path = Path.home() / path
    path = path.absolute()
    if not str(target).strip() or path.name == "":
        raise JournalError("Give the file a name.")
    data_dir = store.data_dir.absolute()
    if path == data_dir or data_dir in path.parents:
        raise JournalError(
            "Export outside Companion's data folder, so no unlocked copy sits beside your journal."
        )
    if not path.parent.is_dir():
        raise JournalError(f"The folder {path.parent} does not exist.")
    if path.exists():
        raise JournalError(f"{path} already exists; choose another name.")
    profile = load_profile(store)
    text = to_markdown(journal, couple_zone(profile), partner, solo=bool(profile and profile.solo))
    try:
        atomic_write(path, text.encode("utf-8", "surrogatepass"))
        os.chmod(path, 0o600)
    except OSError as exc:
        raise StoreUnavailable(disk_message(exc, path), path) from exc
    return path


# -- checks without the passphrase (doctor, home) -------------------------------------------


def check_journals(locations: Locations) -> list[tuple[bool, str]]:
    """(ok, line) for the journals folder and each journal: modes and headers, no passphrase."""
    found: list[tuple[bool, str]] = []
    folder = locations.journals
    if not folder.is_dir():
        return found
    if stat.S_IMODE(folder.stat().st_mode) & 0o077:
        found.append((False, f"{folder} can be read by other users; run: chmod go-rwx '{folder}'"))
    for path in journal_files(locations):
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
            with path.open("rb") as handle:  # the header is enough: no need to read it all
                data = handle.read(vault.HEADER_BYTES + vault.TAG_BYTES)
        except OSError as exc:
            found.append((False, f"{path} cannot be read: {exc.strerror or exc}."))
            continue
        if mode & 0o077:
            found.append((False, f"{path} can be read by other users; run: chmod 600 '{path}'"))
        try:
            header = vault.read_header(data, path)
        except vault.JournalDamaged as exc:
            found.append((False, exc.message))
            continue
        cost = header.cost
        found.append(
            (
                True,
                f"{path.name}: sealed journal, format {header.version}, "
                f"scrypt N=2^{cost.log2_n} r={cost.r} p={cost.p}, AES-256-GCM",
            )
        )
    return found


def problems(store: Store) -> list[str]:
    """What is wrong with the journals, told without a passphrase (for home)."""
    return [line for ok, line in check_journals(store.locations) if not ok]
