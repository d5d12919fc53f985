"""The areas of the couple's shared data, written down once.

Each entry says what the store, `doctor`, the start-up check and `export`
need to know of an area: its file's schema and migrations, which finished
records move to yearly archives, how to check every record, and the module
that reads it and takes its steps. Nothing else keeps a list of areas: a new
area is one more entry here (and one in screens/navigation.py for its screen).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from companion import profile
from companion.agenda import records as agenda_records
from companion.checkins import records as checkin_records
from companion.locations import Locations
from companion.reconnect import records as reconnect_records
from companion.repair import records as repair_records
from companion.store import ArchiveRule, Schema, Store, stamp
from companion.talk import records as talk_records

Check = Callable[[Store, bool], int]
"""(store, archived) -> how many records were read; raises DamagedRecord naming the first bad one."""
PrivateCheck = Callable[[Locations], list[tuple[bool, str]]]
"""locations -> (ok, line) for private files `doctor` checks without opening them."""


@dataclass(frozen=True)
class Area:
    """One part of the couple's shared data, with a file of its own."""

    name: str
    title: str
    """How `locate` and `doctor` name it to a person."""
    schema: Schema
    check: Check
    records: ModuleType
    """The module that reads the area and takes its steps, each returning the record saved."""
    archive: ArchiveRule | None = None

    def export(self, store: Store) -> dict[str, list[dict[str, Any]]]:
        """Every table of the area as lists of rows, archives included."""
        return store.tables(self.name)


def _check_profile(store: Store, archived: bool = True) -> int:
    return 0 if profile.load_profile(store) is None else 1


REGISTRY: tuple[Area, ...] = (
    Area(
        name=profile.AREA,
        title="profile",
        schema=Schema(1, {0: stamp}),
        check=_check_profile,
        records=profile,
    ),
    Area(
        name=talk_records.AREA,
        title="talks and time-outs",
        # 1 -> 2: finished talks and time-outs move to yearly archives (done by the
        # first write after the upgrade, which the start-up check makes, after a backup).
        schema=Schema(2, {0: stamp, 1: stamp}),
        check=talk_records.check,
        records=talk_records,
        archive=talk_records.finished_year,
    ),
    Area(
        name=checkin_records.AREA,
        title="check-ins",
        schema=Schema(1, {0: stamp}),
        check=checkin_records.check,
        records=checkin_records,
        archive=checkin_records.finished_year,
    ),
    Area(
        name=agenda_records.AREA,
        title="agenda",
        schema=Schema(1, {0: stamp}),
        check=agenda_records.check,
        records=agenda_records,
        # Issues let go (and finished rounds of top three) move to yearly archives.
        archive=agenda_records.finished_year,
    ),
    Area(
        name=repair_records.AREA,
        title="repair",
        schema=Schema(1, {0: stamp}),
        check=repair_records.check,
        records=repair_records,
    ),
    Area(
        name=reconnect_records.AREA,
        title="reconnecting (our picture, rituals, the deck)",
        schema=Schema(1, {0: stamp}),
        check=reconnect_records.check,
        records=reconnect_records,
        # A picture written again, a ritual changed and a day a check-in looked at
        # move to yearly archives.
        archive=reconnect_records.finished_year,
    ),
)
"""Every shared area, in the order their locks are taken. Private journals are not here."""


def _check_journals(locations: Locations) -> list[tuple[bool, str]]:
    from companion.reflect import records as journal_records

    return journal_records.check_journals(locations)


PRIVATE_CHECKS: tuple[PrivateCheck, ...] = (_check_journals,)
"""Private files that are no shared area (journals, sealed with a passphrase): `doctor`
checks their permissions and headers; `export` never reads them."""


def get(name: str) -> Area:
    """The area called `name`."""
    for area in REGISTRY:
        if area.name == name:
            return area
    raise KeyError(name)


def check_all(store: Store, archived: bool = False, migrate: bool = True) -> int:
    """Read every record of every area; then (with `migrate`) bring older files up to date.

    Every record is checked before anything is written, so a damaged file is
    named and left byte-identical, never half-migrated. With archived=True the
    yearly archives are read too (`doctor` and `export` do; the start-up check
    does not, so a large history never slows the start).
    """
    count = 0
    for area in REGISTRY:
        if archived:
            store.check_archives(area.name)
        count += area.check(store, archived)
    if migrate:
        store.ensure_current()
    return count


def start(store: Store) -> list[str]:
    """What `init` and the app run first: the data dir made ready and every live file checked.

    Returns sentences to tell the person (a folder made private, nothing can
    be saved); raises StoreError naming the first file Companion cannot use.
    """
    said = store.prepare()
    check_all(store, migrate=store.cannot_save is None)  # an older file is read as it is
    return said


def check_live(store: Store, name: str) -> None:
    """Read every record of one area's live file (after the file changed); raises StoreError."""
    get(name).check(store, False)


def export_all(store: Store) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Every shared area's tables (private journals are never here)."""
    return {area.name: area.export(store) for area in REGISTRY}
