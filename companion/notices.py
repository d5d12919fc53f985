"""Desktop notifications a terminal can raise for us (OSC 9 and OSC 777), built safely.

Over SSH the bell may be all that reaches the other end; a terminal that
knows these sequences also shows a notice on the desktop, and one that does
not ignores them. Whether to send them is the couple's setting
(`Settings.desktop_notify`, off until turned on).
"""

from __future__ import annotations

from companion.text import printable

OSC = "\x1b]"
BEL = "\x07"
"""Ends an OSC sequence (xterm's short form; every terminal that knows OSC 9 accepts it)."""
MAX_LEN = 200


def clean(text: str, limit: int = MAX_LEN) -> str:
    """One line of notice text: no control character (an ESC or BEL would end the sequence
    early and hand the rest to the terminal as commands), and not too long."""
    return printable(text).strip()[:limit]


def desktop_notification(title: str, body: str, *, tmux: bool = False) -> str:
    """The escape sequences asking the terminal to show `title` and `body` on the desktop.

    OSC 9 (iTerm2, Windows Terminal, WezTerm, Ghostty, kitty...) carries one line;
    OSC 777 `notify` (rxvt-unicode, foot...) a title and a body, split by `;`,
    so the title loses its semicolons. Inside tmux each sequence is wrapped to
    pass through to the outer terminal (tmux drops it unless `allow-passthrough`
    is on, and the bell still rings either way).
    """
    title = clean(title, 60).replace(";", ",") or "Companion"
    body = clean(body)
    sequences = [
        f"{OSC}9;{title}: {body}{BEL}",  # starts with a word: never read as ConEmu's 9;N codes
        f"{OSC}777;notify;{title};{body}{BEL}",
    ]
    if tmux:
        sequences = [passthrough(sequence) for sequence in sequences]
    return "".join(sequences)


def passthrough(sequence: str) -> str:
    """`sequence` wrapped for tmux to hand on to the terminal it runs in."""
    return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
