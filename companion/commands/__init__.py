"""The command line's subcommands, one module each.

A module here that defines `register(sub)` is found by `companion.cli` and
adds its own subcommand: `register` adds a parser to `sub` and sets its
`handler` default to a function `(args) -> exit code`. Adding a command is
adding a module; `cli.py` keeps no list of them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from companion.clock import SystemClock
from companion.locations import resolve_data_dir
from companion.store import Store, atomic_write
from companion.text import printable


class CliError(Exception):
    """A failure to report as one sentence on stderr."""


def store_of(args: argparse.Namespace) -> Store:
    """The store for the data dir the command line chose."""
    return Store(resolve_data_dir(args.data_dir), SystemClock())


def say(text: str) -> None:
    """Print one line of output with any control character from the data made harmless."""
    print(printable(text))


def say_err(text: str) -> None:
    """`say` on standard error."""
    print(printable(text), file=sys.stderr)


_RAW_CONTROLS = re.compile("[\x7f-\x9f\u2028\u2029]")
"""What `json.dumps(ensure_ascii=False)` leaves raw that a terminal may act on (C0 it escapes)."""


def json_bytes(document: Any) -> bytes:
    """A JSON document as UTF-8 bytes with every control character escaped (\\u001b, \\u009b).

    Printed to a terminal, a name in the data can then never act as an escape
    sequence; read back as JSON, it is the same text.
    """
    try:
        text = json.dumps(document, ensure_ascii=False, indent=2)
        text = _RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
        return (text + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(document, ensure_ascii=True, indent=2) + "\n").encode("ascii")


def write_json(document: Any, target: str = "-") -> Path | None:
    """Print a JSON document to stdout ("-"), or write it atomically to a file."""
    data = json_bytes(document)
    if target == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return None
    path = Path(target).expanduser().absolute()
    if not path.parent.is_dir():
        raise CliError(f"The folder {path.parent} does not exist.")
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise CliError(f"Could not write {path}: {exc.strerror or exc}.") from exc
    return path
