"""Python's garbage collection, held while the full-screen app starts.

A full collection looks at every object Python tracks: once Textual and home
are loaded that is ~90,000 of them and ~10 ms, and while the app starts one or
two ran in the middle of home's first frame (~20 ms of a ~230 ms start;
bench/NOTES.md). The command line holds collection before it loads the app,
and the app lets go once home's first frame is out. A little later, when the
start has settled, what the start left behind is collected once and what
survives is set aside as long-lived (`gc.freeze`): it lives as long as the
app, and later collections, between a person's keys and the timers, look only
at what came after it.
"""

from __future__ import annotations

import gc

_held = False
_settle = False


def hold() -> None:
    """No garbage collection until `let_go` (if it was on to begin with)."""
    global _held, _settle
    if gc.isenabled():
        gc.disable()
        _held = _settle = True


def let_go() -> None:
    """Collection back on. Only after `hold`: an app run any other way (the tests)
    leaves collection alone."""
    global _held
    if _held:
        _held = False
        gc.enable()


def set_aside() -> None:
    """Once the start has settled (after `let_go`): collect what the start left (cycles
    made while collection was held, ~4,000 objects; ~20 ms) and set the rest aside."""
    global _settle
    if _settle and not _held:
        _settle = False
        gc.collect()
        gc.freeze()


def held() -> bool:
    return _held
