"""Desktop notifications a terminal can raise for us (OSC 9 and OSC 777), built safely.

Over SSH the bell may be all that reaches the other end; a terminal that
knows these sequences also shows a notice on the desktop, and one that does
not ignores them. Whether to send them is the couple's setting
(`Settings.desktop_notify`, off until turned on).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from companion.text import printable

OSC = "\x1b]"
BEL = "\x07"
"""Ends an OSC sequence (xterm's short form; every terminal that knows OSC 9 accepts it)."""
MAX_LEN = 200


def clean(text: str, limit: int = MAX_LEN) -> str:
    """One line of notice text: no control character (an ESC or BEL would end the sequence
    early and hand the rest to the terminal as commands), and not too long."""
    return printable(text).strip()[:limit]


OSC9_TERMINALS = ("ghostty", "wezterm", "kitty", "iterm")
"""Terminals (by $TERM or $TERM_PROGRAM) known to show OSC 9: they get that one alone."""
OSC777_TERMINALS = ("foot", "rxvt")
"""Terminals known to show OSC 777 `notify` and not OSC 9."""


def protocols(environ: Mapping[str, str]) -> tuple[str, ...]:
    """Which sequences to send: one for a terminal known to take it, both when unknown.

    A terminal that knows both would show the notice twice, so a known one gets
    only its own; over SSH $TERM is usually all that tells.
    """
    said = f"{environ.get('TERM', '')} {environ.get('TERM_PROGRAM', '')}".lower()
    if any(name in said for name in OSC9_TERMINALS):
        return ("9",)
    if any(name in said for name in OSC777_TERMINALS) or environ.get("VTE_VERSION"):
        return ("777",)
    return ("9", "777")


def desktop_notification(
    title: str, body: str, *, tmux: bool = False, send: Iterable[str] = ("9", "777")
) -> str:
    """The escape sequences asking the terminal to show `title` and `body` on the desktop.

    OSC 9 (iTerm2, WezTerm, Ghostty, kitty...) carries one line; OSC 777
    `notify` (foot, rxvt-unicode, VTE with its notify patch...) a title and a
    body split by `;`, so the title loses its semicolons. `send` picks them
    (see `protocols`). Inside tmux each is wrapped to pass through to the outer
    terminal (tmux drops it unless `allow-passthrough` is on; the bell still
    rings either way).
    """
    title = clean(title, 60).replace(";", ",") or "Companion"
    body = clean(body)
    made = {
        "9": f"{OSC}9;{title}: {body}{BEL}",  # starts with a word: never ConEmu's 9;N codes
        "777": f"{OSC}777;notify;{title};{body}{BEL}",
    }
    sequences = [made[kind] for kind in made if kind in set(send)]
    if tmux:
        sequences = [passthrough(sequence) for sequence in sequences]
    return "".join(sequences)


def passthrough(sequence: str) -> str:
    """`sequence` wrapped for tmux to hand on to the terminal it runs in."""
    return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
