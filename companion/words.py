"""Reading the words in content/ (the companion.content package): Markdown and TOML."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from typing import Any

PACKAGE = "companion.content"


class ContentError(Exception):
    """A content file that is missing or does not parse: a packaging bug, told plainly."""


def _resource(path: str):
    node = files(PACKAGE)
    for part in path.split("/"):
        node = node / part
    return node


@cache
def text(path: str) -> str:
    """A content file's text, e.g. text("setup.md")."""
    try:
        return _resource(path).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ContentError(f"Companion's content file {path} is missing ({exc}).") from exc


@cache
def data(path: str) -> dict[str, Any]:
    """A TOML content file as a dict, e.g. data("talk/prompts.toml")."""
    try:
        return tomllib.loads(text(path))
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"Companion's content file {path} does not parse: {exc}.") from exc


def listing(folder: str) -> list[str]:
    """Names of the files in a content folder."""
    return sorted(p.name for p in _resource(folder).iterdir() if p.is_file())


def for_people(table: dict[str, Any], solo: bool) -> dict[str, Any]:
    """A table of words as they fit who is there: its `solo` or `couple` sub-table over the rest.

    A content file says a thing once where it fits everyone, and twice where one
    person alone and a couple need different words ("choose a time together").
    """
    fitted = {key: value for key, value in table.items() if key not in ("solo", "couple")}
    fitted.update(table.get("solo" if solo else "couple", {}))
    return fitted


def tips(screen: str, solo: bool = False) -> list[str]:
    """The short tips for one screen, for one person alone or for a couple."""
    return list(for_people(data("tips.toml").get(screen, {}), solo).get("tips", []))
