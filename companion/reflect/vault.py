"""A private journal's bytes: sealed with a key derived from one person's passphrase.

The format is written down in README.md ("A journal's format") so that a
journal can be opened without Companion. In short, version 1 is a 68-byte
header followed by AES-256-GCM ciphertext and its 16-byte tag:

    offset size  field
    0      8     magic b"CMPNJRNL"
    8      1     format version (1)
    9      1     KDF (1 = scrypt)
    10     1     scrypt log2(N)
    11     1     scrypt r
    12     1     scrypt p
    13     1     cipher (1 = AES-256-GCM)
    14     2     reserved, zero
    16     16    salt (random, new with every passphrase)
    32     12    nonce (random, new with every write)
    44     16    passphrase check: HMAC-SHA256(check key, CHECK_LABEL), first 16 bytes
    60     8     header digest: SHA-256(bytes 0..59), first 8 bytes
    68     ...   ciphertext and tag; the associated data is the whole header (bytes 0..67)

scrypt(NFC(passphrase) as UTF-8, salt, N, r, p) gives 64 bytes: the first 32
are the AES key, the last 32 the check key. The plaintext is a UTF-8 JSON
document padded with spaces to a multiple of 256 bytes, so a file's size says
little about how much was written.

The check tells a wrong passphrase from a damaged file; the digest tells a
damaged header from a wrong passphrase; the tag proves the rest. Nothing here
writes anything: records.py holds the file, its lock and its atomic writes.
Cryptography is imported where it is used, so opening Companion does not load it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from companion.errors import Refused, StoreError

MAGIC = b"CMPNJRNL"
VERSION = 1
KDF_SCRYPT = 1
CIPHER_AES_GCM = 1
SALT_BYTES = 16
NONCE_BYTES = 12
CHECK_BYTES = 16
DIGEST_BYTES = 8
HEADER_BYTES = 68
TAG_BYTES = 16
PAD_TO = 256
CHECK_LABEL = b"companion journal passphrase check v1"
PASSPHRASE_MIN = 8
PASSPHRASE_MAX = 1024

LOG2_N_RANGE = range(4, 23)
"""The scrypt costs a file may ask for: up to 2**22 (4 GiB at r=8 would be refused by r's bound)."""
R_RANGE = range(1, 33)
P_RANGE = range(1, 17)
MEMORY_MAX = 2**31
"""At most 2 GiB of memory for one derivation (128 * r * N), whatever a header asks."""


@dataclass(frozen=True)
class Cost:
    """scrypt's parameters: N = 2**log2_n, block size r, parallelism p."""

    log2_n: int = 16
    r: int = 8
    p: int = 1

    def check(self) -> None:
        if (
            self.log2_n not in LOG2_N_RANGE
            or self.r not in R_RANGE
            or self.p not in P_RANGE
            or 128 * self.r * (2**self.log2_n) > MEMORY_MAX
        ):
            raise ValueError(f"scrypt cost out of range: {self}")


DEFAULT_COST = Cost()
"""N = 2**16, r = 8, p = 1: 64 MiB, 0.17-0.3 s on the 2-core development machine (README)."""

NEW_JOURNAL_COST = DEFAULT_COST
"""The cost given to a journal created or re-keyed now. Tests lower it (tests/conftest.py):
a file records its own cost, so a journal made at any cost still opens correctly."""


class PassphraseError(Refused):
    """A passphrase that cannot be used, or one that does not open the journal."""


class WrongPassphrase(PassphraseError):
    """The passphrase does not open this journal (the file itself is sound)."""


class JournalDamaged(StoreError):
    """A journal file that was changed or damaged since Companion wrote it. It is never overwritten."""


class KeyStale(Refused):
    """The journal on disk was re-keyed (in another window) since it was unlocked here."""


@dataclass(frozen=True)
class Key:
    """What a passphrase unlocks: the AES key and the check, for one salt and cost."""

    salt: bytes
    cost: Cost
    aes: bytes = field(repr=False)
    check: bytes = field(repr=False)


@dataclass(frozen=True)
class Header:
    """A journal file's header, readable without the passphrase."""

    version: int
    cost: Cost
    salt: bytes
    nonce: bytes
    check: bytes
    raw: bytes = field(repr=False)


def normalise(passphrase: str) -> bytes:
    """The bytes a passphrase stands for: Unicode NFC, then UTF-8 (the same keys, the same bytes)."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8", "surrogatepass")


def check_new(passphrase: str, again: str) -> None:
    """A new passphrase, typed twice: long enough, and the same both times."""
    if len(passphrase) < PASSPHRASE_MIN:
        raise PassphraseError(
            f"A passphrase needs at least {PASSPHRASE_MIN} characters; "
            "a few words you will remember work well."
        )
    if len(passphrase) > PASSPHRASE_MAX:
        raise PassphraseError(f"A passphrase can be at most {PASSPHRASE_MAX} characters.")
    if passphrase != again:
        raise PassphraseError("The two passphrases are not the same; type them again.")


def derive(passphrase: str, salt: bytes, cost: Cost) -> Key:
    """The key a passphrase gives for this salt and cost. Slow on purpose: run it in a worker."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    cost.check()
    material = Scrypt(salt=salt, length=64, n=2**cost.log2_n, r=cost.r, p=cost.p).derive(
        normalise(passphrase)
    )
    aes, check_key = material[:32], material[32:]
    check = hmac.new(check_key, CHECK_LABEL, hashlib.sha256).digest()[:CHECK_BYTES]
    return Key(salt=salt, cost=cost, aes=aes, check=check)


def new_key(passphrase: str, cost: Cost | None = None) -> Key:
    """A key for a new passphrase, with a fresh random salt."""
    return derive(passphrase, secrets.token_bytes(SALT_BYTES), cost or NEW_JOURNAL_COST)


def _damaged(path: Path | None, why: str) -> JournalDamaged:
    where = str(path) if path is not None else "This journal"
    return JournalDamaged(
        f"{where} was changed or damaged since Companion wrote it ({why}), so it cannot be "
        "opened. Companion has not changed it. Restore a copy you kept, or move it aside "
        "to start a new journal.",
        path,
    )


def read_header(data: bytes, path: Path | None = None) -> Header:
    """The header of a journal's bytes, checked without the passphrase."""
    if len(data) < HEADER_BYTES + TAG_BYTES:
        raise _damaged(path, "it is too short to be a journal")
    raw = data[:HEADER_BYTES]
    if raw[:8] != MAGIC:
        raise _damaged(path, "it is not a Companion journal")
    if raw[8] != VERSION:
        raise JournalDamaged(
            f"{path or 'This journal'} is a journal of format {raw[8]}, which this Companion "
            f"does not know (it knows {VERSION}). Update Companion to open it; the file has "
            "not been changed.",
            path,
        )
    digest = hashlib.sha256(raw[:60]).digest()[:DIGEST_BYTES]
    if not hmac.compare_digest(digest, raw[60:HEADER_BYTES]):
        raise _damaged(path, "its header does not match its checksum")
    if raw[9] != KDF_SCRYPT or raw[13] != CIPHER_AES_GCM or raw[14:16] != b"\0\0":
        raise _damaged(path, "it names a method Companion does not use")
    cost = Cost(raw[10], raw[11], raw[12])
    try:
        cost.check()
    except ValueError:
        raise _damaged(path, "its key settings are out of range") from None
    return Header(
        version=raw[8],
        cost=cost,
        salt=raw[16:32],
        nonce=raw[32:44],
        check=raw[44:60],
        raw=raw,
    )


def _header(key: Key, nonce: bytes) -> bytes:
    head = (
        MAGIC
        + bytes(
            [VERSION, KDF_SCRYPT, key.cost.log2_n, key.cost.r, key.cost.p, CIPHER_AES_GCM, 0, 0]
        )
        + key.salt
        + nonce
        + key.check
    )
    return head + hashlib.sha256(head).digest()[:DIGEST_BYTES]


def seal(document: dict[str, Any], key: Key) -> bytes:
    """A journal's bytes: the document as padded JSON, encrypted under a fresh nonce."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    plain = json.dumps(document, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    plain += b" " * (-len(plain) % PAD_TO)
    nonce = os.urandom(NONCE_BYTES)
    header = _header(key, nonce)
    return header + AESGCM(key.aes).encrypt(nonce, plain, header)


def unseal(data: bytes, key: Key, path: Path | None = None) -> dict[str, Any]:
    """The document inside a journal's bytes, with a key already derived."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header = read_header(data, path)
    if header.salt != key.salt or header.cost != key.cost:
        raise KeyStale(
            "The passphrase of this journal was changed in another window; unlock it again."
        )
    if not hmac.compare_digest(header.check, key.check):
        raise KeyStale("This journal no longer opens with the passphrase it was unlocked with.")
    try:
        plain = AESGCM(key.aes).decrypt(header.nonce, data[HEADER_BYTES:], header.raw)
    except InvalidTag:
        raise _damaged(path, "its contents do not match their seal") from None
    try:
        document = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _damaged(path, "what it holds is not a journal") from None
    if not isinstance(document, dict):
        raise _damaged(path, "what it holds is not a journal")
    return document


def open_with(data: bytes, passphrase: str, path: Path | None = None) -> tuple[Key, dict[str, Any]]:
    """Derive the key a journal's header asks for, and open it (slow: run it in a worker)."""
    header = read_header(data, path)
    key = derive(passphrase, header.salt, header.cost)
    if not hmac.compare_digest(header.check, key.check):
        raise WrongPassphrase("That passphrase does not open this journal. Try again.")
    return key, unseal(data, key, path)
