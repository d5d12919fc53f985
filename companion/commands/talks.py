"""`companion talks`: the talk history from the shell, and deleting a talk for good."""

from __future__ import annotations

import argparse
from typing import Any

from companion.commands import CliError, say, store_of, write_json
from companion.profile import load_profile
from companion.talk import TalkError
from companion.talk import records as talk_records
from companion.talk.codec import encode_talk
from companion.when import couple_zone, format_day, format_duration


def register(sub: Any) -> None:
    talks = sub.add_parser("talks", help="list past talks, or delete one for good")
    verbs = talks.add_subparsers(dest="talks_command", metavar="ACTION", required=True)
    listing = verbs.add_parser("list", help="every talk, newest first")
    listing.add_argument("--json", action="store_true", help="print a JSON array of talks")
    listing.set_defaults(handler=cmd_list)
    delete = verbs.add_parser("delete", help="delete one finished talk and its time-outs")
    delete.add_argument("id", metavar="ID", help="the talk's id (from: companion talks list)")
    delete.set_defaults(handler=cmd_delete)


def cmd_list(args: argparse.Namespace) -> int:
    store = store_of(args)
    found = talk_records.all_talks(store)
    if args.json:
        write_json([encode_talk(talk) for talk in found])
        return 0
    if not found:
        say("No talks yet.")
        return 0
    tz = couple_zone(load_profile(store))
    for talk in found:
        length = format_duration(talk.duration) if talk.duration is not None else "open"
        say(f"{talk.id}  {format_day(talk.created, tz)}  {length:>8}  {talk.topic}")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    store = store_of(args)
    try:
        talk = talk_records.delete_talk(store, args.id)
    except TalkError as exc:
        raise CliError(str(exc)) from None
    say(
        f"Deleted the talk about “{talk.topic}”. Copies in {store.locations.backups} "
        "go as the daily backups rotate out (14 days)."
    )
    return 0
