"""The areas of the couple's shared data, written down once.

Each entry says what the store, `doctor`, the start-up check and `export`
need to know of an area: its file's schema and migrations, which finished
records move to yearly archives, how to check every record, and the module
that reads it and takes its steps. Nothing else keeps a list of areas: a new
area is one more entry here (and one in screens/navigation.py for its screen).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

from companion import profile
from companion.locations import Locations
from companion.store import ArchiveRule, Schema, Store, stamp

Check = Callable[[Store, bool], int]
"""(store, archived) -> how many records were read; raises DamagedRecord naming the first bad one."""
PrivateCheck = Callable[[Locations], list[tuple[bool, str]]]
"""locations -> (ok, line) for private files `doctor` checks without opening them."""


class Area:
    """One part of the couple's shared data, with a file of its own.

    An area's module is named, not imported: it is imported the first time its
    records, check or archive rule is asked for, so that opening the app (whose
    first frame needs none of them) does not wait for every area's imports
    (bench/NOTES.md).
    """

    __slots__ = ("name", "title", "schema", "_records", "_check", "_archive")

    def __init__(
        self,
        name: str,
        title: str,
        schema: Schema,
        records: ModuleType | str,
        check: Check | None = None,
        archive: ArchiveRule | str | None = None,
    ) -> None:
        self.name = name
        self.title = title
        """How `locate` and `doctor` name it to a person."""
        self.schema = schema
        self._records = records
        self._check = check
        self._archive = archive

    @property
    def records(self) -> ModuleType:
        """The module that reads the area and takes its steps, each returning the record saved."""
        if isinstance(self._records, str):
            self._records = importlib.import_module(self._records)
        return self._records

    @property
    def check(self) -> Check:
        """Reads every record; by default the records module's `check`."""
        return self._check if self._check is not None else self.records.check

    @property
    def archive(self) -> ArchiveRule | None:
        """Which finished records move to yearly archives (a function of the records module
        when named), or None when every record stays in the live file."""
        if isinstance(self._archive, str):
            rule: ArchiveRule = getattr(self.records, self._archive)
            return rule
        return self._archive

    def export(self, store: Store) -> dict[str, list[dict[str, Any]]]:
        """Every table of the area as lists of rows, archives included."""
        return store.tables(self.name)

    def __repr__(self) -> str:
        return f"Area({self.name!r})"


def _check_profile(store: Store, archived: bool = True) -> int:
    return 0 if profile.load_profile(store) is None else 1


REGISTRY: tuple[Area, ...] = (
    Area(
        name=profile.AREA,
        title="profile",
        schema=Schema(1, {0: stamp}),
        records=profile,
        check=_check_profile,
    ),
    Area(
        name="talks",
        title="talks and time-outs",
        # 1 -> 2: finished talks and time-outs move to yearly archives (done by the
        # first write after the upgrade, which the start-up check makes, after a backup).
        schema=Schema(2, {0: stamp, 1: stamp}),
        records="companion.talk.records",
        archive="finished_year",
    ),
    Area(
        name="checkins",
        title="check-ins",
        schema=Schema(1, {0: stamp}),
        records="companion.checkins.records",
        archive="finished_year",
    ),
    Area(
        name="agenda",
        title="agenda",
        schema=Schema(1, {0: stamp}),
        records="companion.agenda.records",
        # Issues let go (and finished rounds of top three) move to yearly archives.
        archive="finished_year",
    ),
    Area(
        name="repair",
        title="repair",
        schema=Schema(1, {0: stamp}),
        records="companion.repair.records",
    ),
    Area(
        name="reconnect",
        title="reconnecting (our picture, rituals, the deck)",
        schema=Schema(1, {0: stamp}),
        records="companion.reconnect.records",
        # A picture written again, a ritual changed and a day a check-in looked at
        # move to yearly archives.
        archive="finished_year",
    ),
)
"""Every shared area, in the order their locks are taken. Private journals are not here.
Each name is its records module's AREA (tests/unit/test_areas.py)."""


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
