"""`companion reflect`: a private journal from the shell, opened with its owner's passphrase.

The passphrase is asked on the terminal (never echoed), or read from the
first line of `--passphrase-file` for scripts. It is never stored or logged.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from companion.commands import CliError, say, store_of, write_json
from companion.errors import Refused
from companion.profile import load_profile
from companion.reflect import prompts, records, vault
from companion.reflect.journal import Draft, Entry
from companion.store import Store
from companion.when import couple_zone, format_day


def register(sub: Any) -> None:
    reflect = sub.add_parser("reflect", help="your private journal: add, list and show entries")
    verbs = reflect.add_subparsers(dest="reflect_command", metavar="ACTION", required=True)

    def common(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--as", dest="person", required=True, metavar="NAME", help="whose journal (your name)"
        )
        parser.add_argument(
            "--passphrase-file",
            metavar="FILE",
            help="read the passphrase from the first line of FILE instead of asking",
        )

    add = verbs.add_parser("add", help="add an entry read from standard input")
    common(add)
    add.add_argument("--title", default="", help="a title for the entry")
    add.set_defaults(handler=cmd_add)

    listing = verbs.add_parser("list", help="every entry, newest first, with its number")
    common(listing)
    listing.add_argument("--search", default="", metavar="WORDS", help="only entries with these")
    listing.add_argument("--json", action="store_true", help="print a JSON array of entries")
    listing.set_defaults(handler=cmd_list)

    show = verbs.add_parser("show", help="print one entry")
    show.add_argument("id", type=int, metavar="ID", help="the entry's number (from: list)")
    common(show)
    show.add_argument("--json", action="store_true", help="print the entry as JSON")
    show.set_defaults(handler=cmd_show)


def _need_terminal() -> None:
    """getpass without a terminal would read standard input: the entry itself. Refuse instead."""
    try:
        with open("/dev/tty"):
            pass
    except OSError:
        raise CliError(
            "There is no terminal to ask for the passphrase on; use --passphrase-file FILE."
        ) from None


def _passphrase(args: argparse.Namespace, prompt: str) -> str:
    if args.passphrase_file:
        try:
            with open(args.passphrase_file, encoding="utf-8") as handle:
                line = handle.readline()
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise CliError(
                f"Could not read the passphrase file {args.passphrase_file}: {reason}."
            ) from None
        return line.rstrip("\r\n")
    _need_terminal()
    try:
        return getpass.getpass(prompt)
    except (EOFError, getpass.GetPassWarning):
        raise CliError("No passphrase was typed.") from None


def _open(args: argparse.Namespace) -> tuple[Store, str, records.Unlocked]:
    store = store_of(args)
    try:
        person = records.person_named(store, args.person)
    except Refused as exc:
        raise CliError(str(exc)) from None
    if not records.has_journal(store, person):
        raise CliError(f"{person} has no journal yet; add an entry to start one.")
    passphrase = _passphrase(args, f"Passphrase for {person}'s journal: ")
    try:
        return store, person, records.unlock(store, person, passphrase)
    except vault.WrongPassphrase:
        raise CliError(f"That passphrase does not open {person}'s journal.") from None
    except Refused as exc:
        raise CliError(str(exc)) from None


def _partner(store: Store, person: str) -> tuple[str | None, bool]:
    profile = load_profile(store)
    if profile is None or profile.solo:
        return None, True
    return next((p for p in profile.partners if p != person), None), False


def _as_json(entry: Entry, partner: str | None, solo: bool) -> dict[str, Any]:
    return {
        "id": entry.id,
        "kind": entry.kind,
        "created": entry.created.isoformat(),
        "updated": entry.updated.isoformat(),
        "title": entry.title,
        "heading": entry.heading,
        "text": entry.body(partner, solo),
    }


def cmd_add(args: argparse.Namespace) -> int:
    store = store_of(args)
    try:
        person = records.person_named(store, args.person)
    except Refused as exc:
        raise CliError(str(exc)) from None
    if records.has_journal(store, person):
        store, person, unlocked = _open(args)
    else:
        if not args.passphrase_file:
            _need_terminal()
        print(prompts.word("cli", "no_recovery"), file=sys.stderr)
        passphrase = _passphrase(args, f"A new passphrase for {person}'s journal: ")
        again = (
            passphrase if args.passphrase_file else _passphrase(args, "The same passphrase again: ")
        )
        try:
            unlocked = records.create_journal(store, person, passphrase, again)
        except Refused as exc:
            raise CliError(str(exc)) from None
    text = sys.stdin.read()
    try:
        saved = records.save_draft(
            store,
            person,
            unlocked.key,
            Draft(title=args.title, text=text),
            store.clock.now(),
        )
    except Refused as exc:
        raise CliError(str(exc)) from None
    assert saved.entry is not None
    say(f"Saved entry {saved.entry.id} in {person}'s journal.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    store, person, unlocked = _open(args)
    partner, solo = _partner(store, person)
    entries = unlocked.journal.search(args.search)
    if args.json:
        write_json([_as_json(e, partner, solo) for e in entries])
        return 0
    if not entries:
        say("No entries match." if args.search else "No entries yet.")
        return 0
    tz = couple_zone(load_profile(store))
    for entry in entries:
        say(
            f"{entry.id:>4}  {format_day(entry.created, tz)}  "
            f"{entry.kind_title:<20}  {entry.heading[:60]}"
        )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    store, person, unlocked = _open(args)
    partner, solo = _partner(store, person)
    entry = unlocked.journal.get(args.id)
    if entry is None:
        raise CliError(f"There is no entry {args.id} in {person}'s journal.")
    if args.json:
        write_json(_as_json(entry, partner, solo))
        return 0
    tz = couple_zone(load_profile(store))
    say(f"{entry.id}. {entry.kind_title}, {format_day(entry.created, tz)}")
    if entry.title:
        say(entry.title)
    say("")
    for line in entry.body(partner, solo).splitlines():
        say(line)
    return 0
