"""`companion rituals`: mark today's ritual done from the shell, and list each one's ritual."""

from __future__ import annotations

import argparse
from typing import Any

from companion.commands import CliError, say, store_of, write_json
from companion.profile import Profile, load_profile
from companion.reconnect import records as reconnect
from companion.reconnect.parts import ReconnectError
from companion.store import Store


def register(sub: Any) -> None:
    rituals = sub.add_parser("rituals", help="each one's daily ritual: mark it done, or list them")
    verbs = rituals.add_subparsers(dest="rituals_command", metavar="ACTION", required=True)
    done = verbs.add_parser("done", help="mark today's ritual done for one of you")
    done.add_argument("name", metavar="NAME", help="whose ritual (a name from the profile)")
    done.set_defaults(handler=cmd_done)
    listing = verbs.add_parser("list", help="each one's ritual and whether it is done today")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=cmd_list)


def _profile(store: Store) -> Profile:
    profile = load_profile(store)
    if profile is None:
        raise CliError("Set up Companion first: open it, or run companion init --partner NAME.")
    return profile


def cmd_done(args: argparse.Namespace) -> int:
    store = store_of(args)
    profile = _profile(store)
    now = store.clock.now()
    try:
        who = reconnect.partner_named(profile, args.name)
        name = profile.partners[who]
        ritual = reconnect.together(store).rituals.get(who)
        if ritual is None:
            raise CliError(
                f"{name} has not chosen a ritual yet: open Companion, press n, then 2 to choose one."
            )
        already = ritual.done_on(reconnect.today(store, now))
        ritual = reconnect.mark_ritual(store, who, now)
    except ReconnectError as exc:
        raise CliError(str(exc)) from None
    if already:
        say(f"{name}'s ritual was already marked done today: {ritual.what}.")
    else:
        say(f"Done today for {name}: {ritual.what}.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    store = store_of(args)
    profile = _profile(store)
    now = store.clock.now()
    today = reconnect.today(store, now)
    rituals = reconnect.together(store).rituals
    rows = []
    for who, name in enumerate(profile.partners):
        ritual = rituals.get(who)
        rows.append(
            {
                "name": name,
                "ritual": ritual.what if ritual else None,
                "done_today": bool(ritual and ritual.done_on(today)),
                "week": [
                    {"day": day.isoformat(), "done": done}
                    for day, done in (ritual.week(today) if ritual else [])
                ],
            }
        )
    if args.json:
        write_json(rows)
        return 0
    for row in rows:
        if row["ritual"] is None:
            say(f"{row['name']}: no ritual chosen yet")
        else:
            state = "done today" if row["done_today"] else "not yet today"
            say(f"{row['name']}: {row['ritual']} ({state})")
    return 0
