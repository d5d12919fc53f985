"""The journal file: sealed with a passphrase, opened only with it, and damage always told."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from companion.clock import FakeClock
from companion.reflect import records, vault
from companion.reflect.journal import Draft, Feeling, JournalError
from companion.store import Store

SAM = "correct horse battery"
ALEX = "a different staple"
SECRET = "I never told anyone about the letter from Oslo"


@pytest.fixture
def sam(couple: Store):
    return records.create_journal(couple, "Sam", SAM, SAM)


def write(store: Store, unlocked, text: str = SECRET, **kw):
    return records.save_draft(store, "Sam", unlocked.key, Draft(text=text, **kw), store.clock.now())


def every_file(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


# -- round trip ------------------------------------------------------------------------


def test_what_is_written_comes_back_with_the_passphrase(couple, sam) -> None:
    saved = write(couple, sam, title="Oslo")
    assert saved.entry is not None and saved.entry.id == 1
    again = records.unlock(couple, "Sam", SAM)
    (entry,) = again.journal.entries
    assert (entry.title, entry.text, entry.kind) == ("Oslo", SECRET, "free")
    assert entry.created == couple.clock.now()


def test_a_guided_entry_keeps_its_feelings_and_answers(couple, sam) -> None:
    draft = Draft(
        kind="feel-want-need",
        feelings=[Feeling("lonely", "an evening together", "closeness")],
    )
    records.save_draft(couple, "Sam", sam.key, draft, couple.clock.now())
    (entry,) = records.unlock(couple, "Sam", SAM).journal.entries
    assert entry.feelings == [Feeling("lonely", "an evening together", "closeness")]


def test_revising_keeps_the_entry_and_its_number(couple, sam, clock: FakeClock) -> None:
    first = write(couple, sam, text="draft one")
    clock.advance(60)
    assert first.entry is not None
    second = records.save_draft(
        couple, "Sam", sam.key, Draft(text="draft two", entry_id=first.entry.id), clock.now()
    )
    assert [e.text for e in second.journal.entries] == ["draft two"]
    assert second.entry is not None and second.entry.updated > second.entry.created


def test_deleting_an_entry_removes_it_from_the_file(couple, sam) -> None:
    saved = write(couple, sam)
    assert saved.entry is not None
    after = records.delete_entry(couple, "Sam", sam.key, saved.entry.id, couple.clock.now())
    assert after.journal.entries == []
    assert records.unlock(couple, "Sam", SAM).journal.entries == []
    with pytest.raises(JournalError, match="no entry 1"):
        records.delete_entry(couple, "Sam", sam.key, 1, couple.clock.now())


def test_an_empty_entry_is_refused(couple, sam) -> None:
    with pytest.raises(JournalError, match="nothing written"):
        write(couple, sam, text="   \n ")


# -- nothing readable on disk ------------------------------------------------------------


def fragments(text: str, size: int = 6) -> set[bytes]:
    """Every run of `size` characters of the text, in the encodings a file might use."""
    found: set[bytes] = set()
    for start in range(len(text) - size + 1):
        piece = text[start : start + size]
        found |= {piece.encode("utf-8"), piece.encode("utf-16-le"), piece.encode("utf-16-be")}
        found.add(json.dumps(piece)[1:-1].encode())
    return found


def test_no_part_of_an_entry_is_in_any_file_of_the_data_dir(couple, sam, data_dir) -> None:
    write(couple, sam, title="Oslo letter")
    records.save_draft(
        couple,
        "Sam",
        sam.key,
        Draft(kind="inward", answers={"fears": SECRET.upper()}),
        couple.clock.now(),
    )
    files = every_file(data_dir)
    assert any(p.suffix == ".journal" for p in files)
    pieces = fragments(SECRET) | fragments(SECRET.upper()) | fragments("Oslo letter")
    for path in files:
        data = path.read_bytes()
        assert not [p for p in pieces if p in data], f"{path} holds part of an entry"


def test_the_fragment_check_would_see_plain_text(tmp_path) -> None:
    leak = tmp_path / "leak.json"
    leak.write_text(json.dumps({"x": "…about the letter from…"}))
    assert any(p in leak.read_bytes() for p in fragments(SECRET))


def test_the_journal_is_private_to_its_owner(couple, sam, data_dir) -> None:
    path = records.journal_file(couple.locations, "Sam")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    write(couple, sam)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(path.parent.glob("*.tmp")) and not list(path.parent.glob(".*.tmp"))


def test_the_size_of_a_file_says_little(couple, sam) -> None:
    path = records.journal_file(couple.locations, "Sam")
    sizes = set()
    for text in ("a", "ab", "abc"):
        saved = write(couple, sam, text=text)
        assert saved.entry is not None
        sizes.add(path.stat().st_size)
        records.delete_entry(couple, "Sam", sam.key, saved.entry.id, couple.clock.now())
    assert len(sizes) == 1


# -- the passphrase ---------------------------------------------------------------------------


def test_a_wrong_passphrase_is_told_plainly_and_changes_nothing(couple, sam) -> None:
    write(couple, sam)
    path = records.journal_file(couple.locations, "Sam")
    before = path.read_bytes()
    with pytest.raises(vault.WrongPassphrase, match="does not open this journal"):
        records.unlock(couple, "Sam", SAM + "!")
    assert path.read_bytes() == before
    assert records.unlock(couple, "Sam", SAM).journal.entries  # and the right one still works


def test_a_partners_passphrase_cannot_open_the_other_journal(couple, sam) -> None:
    write(couple, sam)
    alex = records.create_journal(couple, "Alex", ALEX, ALEX)
    records.save_draft(couple, "Alex", alex.key, Draft(text="Alex's own"), couple.clock.now())
    with pytest.raises(vault.WrongPassphrase):
        records.unlock(couple, "Sam", ALEX)
    with pytest.raises(vault.WrongPassphrase):
        records.unlock(couple, "Alex", SAM)
    # Even with Alex's journal unlocked, Alex's key opens nothing of Sam's.
    with pytest.raises(vault.KeyStale):
        records.reload(couple, "Sam", alex.key)
    assert records.journal_file(couple.locations, "Sam") != records.journal_file(
        couple.locations, "Alex"
    )


def test_a_journal_moved_under_another_name_is_refused(couple, sam) -> None:
    sam_path = records.journal_file(couple.locations, "Sam")
    alex_path = records.journal_file(couple.locations, "Alex")
    alex_path.write_bytes(sam_path.read_bytes())
    with pytest.raises(vault.JournalDamaged, match="is Sam's journal, not Alex's"):
        records.unlock(couple, "Alex", SAM)


def test_a_new_passphrase_is_typed_twice_and_long_enough(couple) -> None:
    with pytest.raises(vault.PassphraseError, match="not the same"):
        records.create_journal(couple, "Sam", SAM, SAM + "x")
    with pytest.raises(vault.PassphraseError, match="at least 8"):
        records.create_journal(couple, "Sam", "short", "short")
    assert not records.has_journal(couple, "Sam")


def test_a_second_journal_for_the_same_person_is_refused(couple, sam) -> None:
    with pytest.raises(JournalError, match="already has a journal"):
        records.create_journal(couple, "Sam", ALEX, ALEX)
    assert records.unlock(couple, "Sam", SAM)


def test_changing_the_passphrase_reseals_everything(couple, sam) -> None:
    write(couple, sam)
    changed = records.change_passphrase(couple, "Sam", SAM, ALEX, ALEX)
    assert [e.text for e in changed.journal.entries] == [SECRET]
    with pytest.raises(vault.WrongPassphrase):
        records.unlock(couple, "Sam", SAM)
    assert [e.text for e in records.unlock(couple, "Sam", ALEX).journal.entries] == [SECRET]
    # A window still holding the old key is told to unlock again, and writes nothing.
    with pytest.raises(vault.KeyStale):
        write(couple, sam, text="from the old window")
    assert len(records.unlock(couple, "Sam", ALEX).journal.entries) == 1


def test_changing_needs_the_old_passphrase(couple, sam) -> None:
    before = records.journal_file(couple.locations, "Sam").read_bytes()
    with pytest.raises(vault.WrongPassphrase):
        records.change_passphrase(couple, "Sam", "not the old one", ALEX, ALEX)
    with pytest.raises(vault.PassphraseError, match="not the same"):
        records.change_passphrase(couple, "Sam", SAM, ALEX, ALEX + "?")
    assert records.journal_file(couple.locations, "Sam").read_bytes() == before


def test_unicode_passphrases_open_whichever_way_they_were_typed(couple) -> None:
    composed, decomposed = "caf\u00e9 au lait", "cafe\u0301 au lait"
    records.create_journal(couple, "Sam", composed, composed)
    assert records.unlock(couple, "Sam", decomposed)


# -- damage --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "offset", [0, 8, 10, 16, 33, 50, 62, 70, -20, -1], ids=lambda o: f"byte{o}"
)
def test_a_flipped_byte_anywhere_is_detected(couple, sam, offset: int) -> None:
    write(couple, sam)
    path = records.journal_file(couple.locations, "Sam")
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises((vault.JournalDamaged, vault.WrongPassphrase)) as caught:
        records.unlock(couple, "Sam", SAM)
    # Never taken for a wrong passphrase: the digest covers the header, the tag the rest.
    assert isinstance(caught.value, vault.JournalDamaged)
    assert str(path) in caught.value.message


def test_a_truncated_or_foreign_file_is_damage(couple, sam) -> None:
    path = records.journal_file(couple.locations, "Sam")
    path.write_bytes(path.read_bytes()[:40])
    with pytest.raises(vault.JournalDamaged, match="too short"):
        records.unlock(couple, "Sam", SAM)
    path.write_bytes(b"{}" * 100)
    with pytest.raises(vault.JournalDamaged, match="not a Companion journal"):
        records.unlock(couple, "Sam", SAM)


def test_a_damaged_journal_is_never_written_over(couple, sam) -> None:
    path = records.journal_file(couple.locations, "Sam")
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(vault.JournalDamaged):
        write(couple, sam)
    assert path.read_bytes() == bytes(data)


def test_a_header_asking_for_a_huge_cost_is_refused_before_deriving(couple, sam) -> None:
    path = records.journal_file(couple.locations, "Sam")
    data = bytearray(path.read_bytes())
    data[10] = 30  # N = 2**30
    data[60:68] = hashlib.sha256(bytes(data[:60])).digest()[:8]
    path.write_bytes(bytes(data))
    with pytest.raises(vault.JournalDamaged, match="out of range"):
        records.unlock(couple, "Sam", SAM)


# -- the documented format -----------------------------------------------------------------------


def test_the_readme_recipe_opens_a_journal_without_companion(couple, sam) -> None:
    """What README.md says is enough to read a journal with the cryptography package alone."""
    write(couple, sam, title="Oslo")
    data = records.journal_file(couple.locations, "Sam").read_bytes()
    header = data[:68]
    assert header[:8] == b"CMPNJRNL" and header[8] == 1 and header[9] == 1 and header[13] == 1
    n, r, p = 2 ** header[10], header[11], header[12]
    salt, nonce = header[16:32], header[32:44]
    material = Scrypt(salt=salt, length=64, n=n, r=r, p=p).derive(SAM.encode("utf-8"))
    check = hmac.new(material[32:], b"companion journal passphrase check v1", "sha256").digest()
    assert check[:16] == header[44:60]
    assert hashlib.sha256(header[:60]).digest()[:8] == header[60:68]
    plain = AESGCM(material[:32]).decrypt(nonce, data[68:], header)
    assert len(plain) % 256 == 0
    document = json.loads(plain.decode("utf-8"))
    assert document["person"] == "Sam"
    assert document["entries"][0]["text"] == SECRET


def test_a_file_records_its_own_cost(couple) -> None:
    strong = vault.Cost(log2_n=12, r=8, p=1)
    records.create_journal(couple, "Sam", SAM, SAM, cost=strong)
    data = records.journal_file(couple.locations, "Sam").read_bytes()
    assert vault.read_header(data).cost == strong
    assert records.unlock(couple, "Sam", SAM).key.cost == strong


def test_the_default_cost_is_the_documented_one() -> None:
    assert vault.Cost(log2_n=16, r=8, p=1) == vault.DEFAULT_COST
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "N = 2^16, r = 8, p = 1" in readme


def test_each_write_uses_a_fresh_nonce(couple, sam) -> None:
    path = records.journal_file(couple.locations, "Sam")
    nonces = set()
    for _ in range(3):
        write(couple, sam)
        nonces.add(path.read_bytes()[32:44])
    assert len(nonces) == 3


# -- doctor's check, without the passphrase ---------------------------------------------------


def test_doctor_reads_headers_and_modes_without_the_passphrase(couple, sam) -> None:
    assert [ok for ok, _ in records.check_journals(couple.locations)] == [True]
    path = records.journal_file(couple.locations, "Sam")
    os.chmod(path, 0o644)
    data = bytearray(path.read_bytes())
    data[20] ^= 1
    path.write_bytes(bytes(data))
    lines = records.check_journals(couple.locations)
    assert [ok for ok, _ in lines] == [False, False]
    assert "chmod 600" in lines[0][1] and "checksum" in lines[1][1]


def test_a_killed_writers_temp_file_is_cleaned_under_the_lock(couple, sam) -> None:
    path = records.journal_file(couple.locations, "Sam")
    leftover = path.parent / f".{path.name}.abc123.tmp"
    leftover.write_bytes(b"half a write")
    write(couple, sam)
    assert not leftover.exists()
