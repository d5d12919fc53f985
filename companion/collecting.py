"""Python's garbage collection, held while the full-screen app starts.

A full collection looks at every object Python tracks: once Textual and home
are loaded that is ~90,000 of them and ~10 ms, and while the app starts one or
two ran in the middle of home's first frame (~25 ms of a ~240 ms start;
bench/NOTES.md). The command line holds collection before it loads the app,
and the app lets go once home's first frame is out. What the start made is
kept from then on (`gc.freeze`): it lives as long as the app does, and later
collections, between a person's keys and the timers, look only at what came
after it.
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    """No garbage collection until `let_go` (if it was on to begin with)."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def let_go() -> None:
    """Collection back on, with everything made so far set aside as long-lived.

    Only after `hold`: an app run any other way (the tests) leaves collection alone.
    """
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()


def held() -> bool:
    return _held
