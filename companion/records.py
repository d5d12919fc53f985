"""Checks shared by every saved record: aware datetimes in, ISO 8601 out, damage refused."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def as_utc(value: Any, what: str, error: type[Exception]) -> datetime:
    """An aware datetime moved to UTC; a naive one is a programming error made visible."""
    if not isinstance(value, datetime):
        raise error(f"{what} must be a datetime, not {type(value).__name__}.")
    if value.tzinfo is None or value.utcoffset() is None:
        raise error(f"{what} must carry a time zone.")
    return value.astimezone(UTC)


def load_time(
    d: dict[str, Any], key: str, error: type[Exception], required: bool = False
) -> datetime | None:
    """A saved ISO 8601 time with its offset, as UTC; `error` names what is damaged."""
    value = d.get(key)
    if value is None:
        if required:
            raise error(f"{key!r} is missing.")
        return None
    if not isinstance(value, str):
        raise error(f"bad {key} {value!r}.")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise error(f"bad {key} {value!r}.") from None
    if parsed.tzinfo is None:
        raise error(f"{key} has no time zone.")
    return parsed.astimezone(UTC)
