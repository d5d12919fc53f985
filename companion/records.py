"""Checks shared by every saved record: aware datetimes in, ISO 8601 out, damage refused."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, TypeGuard

YEARS = range(1970, 2201)
"""Saved times outside these years are damage, not plans."""


_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")


def is_id(value: Any) -> TypeGuard[str]:
    """Whether `value` is a record id as Companion writes them (letters, digits, - and _).

    An id is a key, never cleaned: one with a control character or a space is damage.
    """
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def as_utc(value: Any, what: str, error: type[Exception]) -> datetime:
    """An aware datetime moved to UTC; a naive one is a programming error made visible."""
    if not isinstance(value, datetime):
        raise error(f"{what} must be a datetime, not {type(value).__name__}.")
    if value.tzinfo is None or value.utcoffset() is None:
        raise error(f"{what} must carry a time zone.")
    return value.astimezone(UTC)


def iso(value: datetime | None) -> str | None:
    """A time as saved: ISO 8601 with its offset, or None."""
    return None if value is None else value.isoformat()


def load_time(
    d: dict[str, Any], key: str, error: type[Exception], required: bool = False
) -> datetime | None:
    """A saved ISO 8601 time with its offset, as UTC; `error` names what is damaged."""
    value = d.get(key)
    if value is None:
        if required:
            raise error(f"{key!r} is missing.")
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise error(f"bad {key}.")
    try:
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise error(f"{key} has no time zone.")
        moved = parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        raise error(f"bad {key} {value!r}.") from None
    if moved.year not in YEARS:
        raise error(f"{key} {value!r} is outside the years Companion keeps.")
    return moved
