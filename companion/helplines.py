"""Help lines for the Safety page, read from content/helplines.toml, the person's country first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from companion import words
from companion.words import ContentError

PATH = "helplines.toml"
OTHER = "other"
"""The country a person picks when theirs is not in the file: the finders come first."""

KINDS = ("abuse", "crisis", "abuse-men", "using-abuse")
"""Kinds of line, in the order they are shown within a country."""


@dataclass(frozen=True)
class Country:
    """A country with named lines: its emergency number and how to call without speaking."""

    code: str
    name: str
    emergency: str
    silent: str


@dataclass(frozen=True)
class Line:
    """One help line."""

    countries: tuple[str, ...]
    kind: str
    name: str
    number: str
    text: str
    purpose: str
    checked: str


@dataclass(frozen=True)
class Finder:
    """A directory of help lines for the countries this file does not name."""

    name: str
    address: str
    purpose: str


@dataclass(frozen=True)
class Helplines:
    """Everything in content/helplines.toml."""

    countries: tuple[Country, ...]
    lines: tuple[Line, ...]
    finders: tuple[Finder, ...]

    def ordered(self, country: str = "") -> tuple[Country, ...]:
        """Every country, the chosen one first, the rest as the file lists them."""
        chosen = [c for c in self.countries if c.code == country]
        return (*chosen, *(c for c in self.countries if c.code != country))

    def lines_for(self, code: str) -> tuple[Line, ...]:
        """A country's lines: abuse first, then crisis, then the rest, each in file order."""
        mine = [line for line in self.lines if code in line.countries]
        return tuple(sorted(mine, key=lambda line: KINDS.index(line.kind)))

    def knows(self, country: str) -> bool:
        return any(c.code == country for c in self.countries)

    def choices(self) -> list[tuple[str, str]]:
        """(code, name) for the country picker: every country in the file, then "other"."""
        return [(c.code, c.name) for c in self.countries] + [(OTHER, "Somewhere else")]

    def checked(self) -> str:
        """When the lines were last checked, as a person would say it."""
        months = sorted({_month(line.checked) for line in self.lines})
        if not months:
            return ""
        first, last = months[0].strftime("%B %Y"), months[-1].strftime("%B %Y")
        return f"checked {last}" if first == last else f"checked between {first} and {last}"


def _month(value: str) -> datetime:
    try:
        return datetime.strptime(value, "%B %Y")
    except ValueError:
        raise ContentError(
            f"{PATH}: checked = {value!r} is not a month and year like 'November 2026'."
        ) from None


def _text(row: dict, key: str, where: str, required: bool = True) -> str:
    value = row.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ContentError(f"{PATH}: {where} needs {key} as text.")
    return value.strip()


def parse(data: dict) -> Helplines:
    """Helplines from the parsed TOML; ContentError names what is wrong."""
    countries = tuple(
        Country(
            code=_text(row, "code", "a [[country]]"),
            name=_text(row, "name", "a [[country]]"),
            emergency=_text(row, "emergency", "a [[country]]"),
            silent=_text(row, "silent", "a [[country]]"),
        )
        for row in data.get("country", [])
    )
    codes = [c.code for c in countries]
    if len(set(codes)) != len(codes) or OTHER in codes:
        raise ContentError(f"{PATH}: each country code must appear once, and not be {OTHER!r}.")
    lines = []
    for row in data.get("line", []):
        where = f"the line {row.get('name', '?')!r}"
        served = row.get("countries")
        if not isinstance(served, list) or not served or not set(served) <= set(codes):
            raise ContentError(f"{PATH}: {where} must list countries from the [[country]] codes.")
        kind = _text(row, "kind", where)
        if kind not in KINDS:
            raise ContentError(f"{PATH}: {where} has kind {kind!r}; use one of {KINDS}.")
        checked = _text(row, "checked", where)
        _month(checked)
        lines.append(
            Line(
                countries=tuple(served),
                kind=kind,
                name=_text(row, "name", where),
                number=_text(row, "number", where),
                text=_text(row, "text", where, required=False),
                purpose=_text(row, "for", where),
                checked=checked,
            )
        )
    finders = tuple(
        Finder(
            name=_text(row, "name", "a [[finder]]"),
            address=_text(row, "address", "a [[finder]]"),
            purpose=_text(row, "for", "a [[finder]]"),
        )
        for row in data.get("finder", [])
    )
    if not countries or not finders:
        raise ContentError(f"{PATH}: needs at least one [[country]] and one [[finder]].")
    return Helplines(countries, tuple(lines), finders)


@cache
def load() -> Helplines:
    """The help lines shipped in content/."""
    return parse(words.data(PATH))
