"""User text, cleaned in one place: when it is typed, when it is loaded, and where it is shown.

Names, topics and settings are data that may come from anywhere: the setup
screen, the command line, the other terminal, or a file someone edited by
hand. A control character in them (ESC, BEL, NUL, the C1 codes such as CSI
and OSC) is what terminal escape sequences are made of: printed raw, a topic
could set the window's title, clear the screen or draw fake text.

- `clean_line` checks what a person types, with a sentence when it is refused.
- `printable` removes every control character. The records that carry user
  text (a talk, the profile and its settings) run it when they are built, so a
  record loaded from disk cannot hold one; screens and the command line run it
  again on what they draw or print (`companion.screens.text.user_text`,
  `companion.commands.say`), so text that did not come through a record (an
  error message naming a path, say) cannot either.
"""

from __future__ import annotations

import re
import unicodedata

from companion.errors import Refused

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
"""C0 controls, DEL, C1 controls, the Unicode line and paragraph separators, lone surrogates."""
_SPACES = "\t\n\r\v\f\u2028\u2029"


class TextError(Refused):
    """Text that cannot be accepted, with a sentence saying why."""


def clean_line(raw: str, *, what: str, max_len: int, required: bool = True) -> str:
    """One line of user text: trimmed, tabs and newlines to spaces, control characters removed.

    Emoji, right-to-left text and literal markup such as `[bold]` are kept exactly.
    """
    if not isinstance(raw, str):
        raise TextError(f"The {what} must be text.")
    text = printable(raw).strip()
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
    value = text if isinstance(text, str) else str(text)
    if _UNSAFE.search(value) is None:
        return value  # the common case: nothing to do, no copy
    out = []
    for char in value:
        if char == "\n" and keep_newlines:
            out.append(char)
        elif char in _SPACES:
            out.append(" ")
        elif unicodedata.category(char) not in ("Cc", "Cs"):
            out.append(char)
    return "".join(out)


def drawable(text: str) -> str:
    """Text for a terminal cell by cell: control characters removed, widths kept.

    For the screen's last pass over what it draws: every character removed here
    takes no cell, so the line keeps its layout; a lone surrogate (one cell,
    and not UTF-8) becomes U+FFFD.
    """
    if _UNSAFE.search(text) is None:
        return text
    return "".join(
        "\ufffd" if "\ud800" <= char <= "\udfff" else char
        for char in text
        if not ("\x00" <= char <= "\x1f" or "\x7f" <= char <= "\x9f" or char in "\u2028\u2029")
    )


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
