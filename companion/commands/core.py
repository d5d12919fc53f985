"""init, locate, doctor and export: the data dir as a whole, built from the area registry."""

from __future__ import annotations

import argparse
import os
from typing import Any

from companion import __version__, areas
from companion.commands import CliError, say, say_err, store_of, write_json
from companion.files import ReadOnlyFile, cannot_save_in, disk_message, write_target
from companion.profile import create_profile, load_profile
from companion.store import Store, StoreError, document_version, read_document
from companion.when import machine_timezone


def register(sub: Any) -> None:
    init = sub.add_parser("init", help="create the profile without the setup screen")
    init.add_argument(
        "--partner",
        action="append",
        metavar="NAME",
        help="a name; give it once to use Companion alone, twice for a couple",
    )
    init.add_argument(
        "--login",
        action="append",
        default=[],
        metavar="LOGIN",
        help="each partner's login name, in the order of --partner: a terminal run by that "
        "login is then that partner's screen",
    )
    init.add_argument(
        "--tz", metavar="ZONE", help="IANA time zone, e.g. Europe/London (default: this machine's)"
    )
    init.add_argument(
        "--force", action="store_true", help="replace an existing profile (other data is kept)"
    )
    init.add_argument(
        "--shared",
        metavar="DIR",
        help="make DIR a data dir two accounts share through --group (names then optional)",
    )
    init.add_argument("--group", metavar="GROUP", help="the group both accounts are in")
    init.set_defaults(handler=cmd_init)

    sub.add_parser("locate", help="print the data dir and each file in it").set_defaults(
        handler=cmd_locate
    )
    sub.add_parser("doctor", help="check every file; exit 0 only when all is well").set_defaults(
        handler=cmd_doctor
    )

    export = sub.add_parser("export", help="write all shared data as one JSON document")
    export.add_argument(
        "--json",
        metavar="FILE",
        required=True,
        dest="json_target",
        help="the file to write, or - for standard output (private journals are never included)",
    )
    export.set_defaults(handler=cmd_export)


def cmd_init(args: argparse.Namespace) -> int:
    if args.shared or args.group:
        from companion.commands.sharing import init_shared

        if init_shared(args) and not args.partner:
            return 0  # the folder is ready; the names can come from the setup screen
    if not args.partner:
        raise CliError("Give at least one name with --partner NAME.")
    store = store_of(args)
    for sentence in store.prepare():  # a folder made private, or nothing can be saved
        say(sentence)
    profile = create_profile(
        store, args.partner, args.tz or machine_timezone(), force=args.force, logins=args.login
    )
    who = profile.partners[0] if profile.solo else profile.names
    say(f"Ready for {who} (time zone {profile.tz}) in {store.data_dir}.")
    return 0


def cmd_locate(args: argparse.Namespace) -> int:
    store = store_of(args)
    say(f"data dir  {store.data_dir}")
    for area in areas.REGISTRY:
        path = store.path(area.name)
        state = "" if path.exists() else "  (not created yet)"
        say(f"{area.name:<9} {path}{state}")
        for archive in store.archives(area.name):
            say(f"{'':<9} {archive}")
    for name, folder in (
        ("backups", store.locations.backups),
        ("journals", store.locations.journals),
    ):
        state = "" if folder.is_dir() else "  (not created yet)"
        say(f"{name:<9} {folder}{state}")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    """Check every file and folder the store uses, and every record; exit 0 only when all is well.

    "All is well" means the app opens this data without a crash and can save to it.
    """
    store = store_of(args)
    if not store.data_dir.exists() and not store.data_dir.is_symlink():
        say(f"note   {store.data_dir} does not exist yet; Companion creates it on first use.")
        return 0
    problems = [f"error  {p}" for p in store.locations.shape_problems(store.areas)]
    if not problems:
        problems += _doctor_files(store)
    for line in problems:
        say(line)
    if not problems:  # every file parses: now every record in them
        for area in areas.REGISTRY:
            try:
                area.check(store, True)
            except StoreError as exc:
                problems.append(exc.message)
                say(f"error  {exc.message}")
        if not problems and load_profile(store) is None:
            say("note   no profile yet: open Companion, or run companion init --partner NAME")
    say("All is well." if not problems else f"{len(problems)} problem(s) found.")
    return 0 if not problems else 1


def _doctor_files(store: Store) -> list[str]:
    """Problems with the data dir and each file in it; prints what is fine as it goes."""
    problems = []
    refused = cannot_save_in(store.data_dir)
    if refused is not None:
        problems.append(f"error  {store.read_only_message(refused)}")
    for path in store.locations.loose_permissions():
        problems.append(f"error  {path} can be read by other users; run: chmod go-rwx '{path}'")
    if store.locations.shared:  # two accounts through a group: see companion.sharing
        from companion import sharing

        group = sharing.group_name(store.data_dir.stat().st_gid)
        say(f"note   {store.data_dir} is shared with the group {group!r}")
        for sentence in sharing.problems(store.locations):
            problems.append(f"error  {sentence}")
    for area in areas.REGISTRY:
        current = area.schema.version
        for path in [store.path(area.name), *store.archives(area.name)]:
            try:
                write_target(path)
                doc = read_document(path, store.locations.backups)
            except ReadOnlyFile as exc:
                problems.append(f"error  {disk_message(exc, path)}")
                continue
            except StoreError as exc:
                problems.append(f"error  {exc.message}")
                continue
            if path.is_symlink():
                say(f"note   {path.name} is a link to {os.path.realpath(path)}; saves go there")
            if doc is None:
                say(f"ok     {path.name}: not created yet")
                continue
            version = document_version(doc)
            if version > current:
                problems.append(
                    f"error  {path} has schema {version}, newer than this Companion ({current})."
                )
            elif version < current:
                say(f"ok     {path.name}: schema {version}, upgraded to {current} on next use")
            else:
                say(f"ok     {path.name}: schema {version}")
    for check in areas.PRIVATE_CHECKS:
        for ok, line in check(store.locations):
            if ok:
                say(f"ok     {line}")
            else:
                problems.append(f"error  {line}")
    return problems


def cmd_export(args: argparse.Namespace) -> int:
    store = store_of(args)
    # Every record is checked first: a damaged one is named, not exported as if it were fine.
    areas.check_all(store, archived=True, migrate=False)
    tables = areas.export_all(store)
    document = {
        "companion": __version__,
        "exported": store.clock.now().isoformat(),
        "schemas": {area.name: area.schema.version for area in areas.REGISTRY},
        **tables,
    }
    target = write_json(document, args.json_target)
    if target is not None:
        say_err(f"Exported to {target}.")
    return 0
