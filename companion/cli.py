"""`companion`: the TUI with no subcommand, and a scriptable face for the same data."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from companion import __version__, talks
from companion.clock import SystemClock
from companion.locations import ENV_VAR, resolve_data_dir
from companion.profile import ProfileError, create_profile, load_profile, machine_timezone
from companion.store import (
    CorruptFile,
    SchemaTooNew,
    Store,
    StoreError,
    atomic_write,
    document_version,
    read_document,
)
from companion.text import TextError


class CliError(Exception):
    """A failure to report as one sentence on stderr."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="companion",
        description="Companion helps a couple take turns to talk, cool down and look after "
        "their relationship. With no command it opens the full-screen app.",
    )
    parser.add_argument("--version", action="version", version=f"companion {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"where Companion keeps its files (default: ${ENV_VAR}, else the platform's data dir)",
    )
    parser.add_argument("--debug", action="store_true", help="show a full traceback on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    init = sub.add_parser("init", help="create the profile without the setup screen")
    init.add_argument(
        "--partner",
        action="append",
        required=True,
        metavar="NAME",
        help="a name; give it once to use Companion alone, twice for a couple",
    )
    init.add_argument(
        "--tz", metavar="ZONE", help="IANA time zone, e.g. Europe/London (default: this machine's)"
    )
    init.add_argument(
        "--force", action="store_true", help="replace an existing profile (other data is kept)"
    )

    sub.add_parser("locate", help="print the data dir and each file in it")
    sub.add_parser("doctor", help="check every file; exit 0 only when all is well")

    export = sub.add_parser("export", help="write all shared data as one JSON document")
    export.add_argument(
        "--json",
        metavar="FILE",
        required=True,
        dest="json_target",
        help="the file to write, or - for standard output (private journals are never included)",
    )
    return parser


def _store(args: argparse.Namespace) -> Store:
    return Store(resolve_data_dir(args.data_dir), SystemClock())


def cmd_init(args: argparse.Namespace) -> int:
    store = _store(args)
    store.ensure_dir()
    profile = create_profile(store, args.partner, args.tz or machine_timezone(), force=args.force)
    who = profile.partners[0] if profile.solo else profile.names
    print(f"Ready for {who} (time zone {profile.tz}) in {store.data_dir}.")
    return 0


def cmd_locate(args: argparse.Namespace) -> int:
    store = _store(args)
    print(f"data dir  {store.data_dir}")
    for area in store.areas:
        path = store.path(area)
        state = "" if path.exists() else "  (not created yet)"
        print(f"{area:<9} {path}{state}")
    print(f"{'backups':<9} {store.locations.backups}")
    print(f"{'journals':<9} {store.locations.journals}")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    store = _store(args)
    problems = 0
    if not store.data_dir.exists():
        print(f"note   {store.data_dir} does not exist yet; Companion creates it on first use.")
        return 0
    if not os.access(store.data_dir, os.W_OK):
        problems += 1
        print(f"error  {store.data_dir} is not writable: Companion could not save anything.")
    for path in store.locations.loose_permissions():
        problems += 1
        print(f"error  {path} can be read by other users; run: chmod go-rwx '{path}'")
    for area in store.areas:
        path = store.path(area)
        current = store.schemas[area].version
        try:
            doc = read_document(path, store.locations.backups)
        except StoreError as exc:
            problems += 1
            print(f"error  {exc.message}")
            continue
        if doc is None:
            print(f"ok     {path.name}: not created yet")
            continue
        version = document_version(doc)
        if version > current:
            problems += 1
            print(f"error  {path} has schema {version}, newer than this Companion ({current}).")
        elif version < current:
            print(f"ok     {path.name}: schema {version}, upgraded to {current} on next use")
        else:
            print(f"ok     {path.name}: schema {version}")
    if not problems:  # the files parse: now every record in them
        try:
            if load_profile(store) is None:
                print("note   no profile yet: open Companion, or run companion init --partner NAME")
            talks.check(store)
        except StoreError as exc:
            problems += 1
            print(f"error  {exc.message}")
    print("All is well." if not problems else f"{problems} problem(s) found.")
    return 0 if not problems else 1


def _rows(tables: dict[str, Any]) -> dict[str, list[Any]]:
    return {name: list(docs.values()) for name, docs in sorted(tables.items())}


def cmd_export(args: argparse.Namespace) -> int:
    store = _store(args)
    document = {
        "companion": __version__,
        "exported": store.clock.now().isoformat(),
        "schemas": {area: store.schemas[area].version for area in store.areas},
        **{area: _rows(tables) for area, tables in store.export().items()},
    }
    try:
        data = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates are not UTF-8; escaped JSON is, and still round-trips them.
        data = (json.dumps(document, ensure_ascii=True, indent=2) + "\n").encode("ascii")
    if args.json_target == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        target = Path(args.json_target).expanduser().absolute()
        if not target.parent.is_dir():
            raise CliError(f"The folder {target.parent} does not exist.")
        try:
            atomic_write(target, data)
        except OSError as exc:
            raise CliError(f"Could not write {target}: {exc.strerror or exc}.") from exc
        print(f"Exported to {target}.", file=sys.stderr)
    return 0


def cmd_tui(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        # Without a terminal the full-screen app cannot read keys and would only spin.
        raise CliError(
            "The full-screen app needs a terminal; run it in one, or use a command "
            "such as 'companion doctor' (see companion --help)."
        )
    from companion.app import CompanionApp  # Textual loads only when the TUI is wanted

    store = _store(args)
    app = CompanionApp(store=store)
    app.run()
    return app.return_code or 0


COMMANDS = {"init": cmd_init, "locate": cmd_locate, "doctor": cmd_doctor, "export": cmd_export}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = COMMANDS.get(args.command, cmd_tui)
    try:
        return handler(args)
    except (StoreError, ProfileError, TextError, CliError) as exc:
        if args.debug:
            raise
        message = exc.message if isinstance(exc, StoreError) else str(exc)
        print(f"companion: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        if args.debug:
            raise
        print(f"companion: {exc.strerror or exc} ({exc.filename or 'no file'}).", file=sys.stderr)
        return 1


__all__ = ["main", "CorruptFile", "SchemaTooNew"]
