"""Cleaning what people type, before it becomes data."""

from __future__ import annotations

import unicodedata

from companion.errors import Refused


class TextError(Refused):
    """Text that cannot be accepted, with a sentence saying why."""


def clean_line(raw: str, *, what: str, max_len: int, required: bool = True) -> str:
    """One line of user text: trimmed, tabs and newlines to spaces, control characters removed.

    Emoji, right-to-left text and literal markup such as `[bold]` are kept exactly.
    """
    if not isinstance(raw, str):
        raise TextError(f"The {what} must be text.")
    out = []
    for char in raw:
        if char in "\t\n\r\v\f\u2028\u2029":
            out.append(" ")
            continue
        category = unicodedata.category(char)
        if category == "Cc" or category == "Cs":
            continue
        out.append(char)
    text = "".join(out).strip()
    if required and not text:
        raise TextError(f"The {what} cannot be empty.")
    if len(text) > max_len:
        raise TextError(
            f"The {what} can be at most {max_len} characters (this one has {len(text)})."
        )
    return text


def printable(text: object, keep_newlines: bool = False) -> str:
    """Text safe to draw or print: every control character (C0, DEL, C1) removed.

    ESC, BEL and the C1 codes are what terminal escape sequences are made of;
    without them a title from the data cannot move the cursor, set the
    window's title or clear the screen. Tabs become spaces, and newlines too
    unless `keep_newlines`. Emoji, right-to-left text and `[markup]` are kept.
    """
    out = []
    for char in str(text):
        if char == "\n" and keep_newlines:
            out.append(char)
        elif char in "\t\n\r\v\f\u2028\u2029":
            out.append(" ")
        elif unicodedata.category(char) not in ("Cc", "Cs"):
            out.append(char)
    return "".join(out)


def clean_text(raw: str, *, what: str, max_len: int) -> str:
    """Several lines of user text: line endings made "\\n", tabs to spaces, control characters removed.

    Space at either end is trimmed; everything else (blank lines, emoji,
    right-to-left text, literal markup) is kept exactly. May be empty.
    """
    if not isinstance(raw, str):
        raise TextError(f"The {what} must be text.")
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for char in raw:
        if char in "\n\u2028\u2029":
            out.append("\n")
        elif char in "\t\v\f":
            out.append(" ")
        elif unicodedata.category(char) not in ("Cc", "Cs"):
            out.append(char)
    text = "".join(out).strip()
    if len(text) > max_len:
        raise TextError(
            f"The {what} can be at most {max_len:,} characters (this one has {len(text):,})."
        )
    return text
