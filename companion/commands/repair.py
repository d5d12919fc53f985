"""`companion repair`, `companion commitments` and `companion apology`: the repair from the shell.

`apology check` reads a draft on standard input, so a person can write it in
their own editor and check it before they say it: each flag is printed with
its one-line why, and the exit status is 0 when nothing is flagged, 1 when
something is.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from companion.commands import say, store_of, write_json
from companion.records import iso
from companion.repair import Commitment, Mark, Repair, check
from companion.repair import records as repair_records
from companion.repair.words import said

WEEKS = 8
"""How many weeks `commitments list` shows for each commitment."""
DOTS = {Mark.KEPT: "●", Mark.PARTLY: "◐", Mark.NOT_YET: "○", Mark.NOT_SAID: "·"}


def register(sub: Any) -> None:
    repair = sub.add_parser("repair", help="where your repair after a hurt stands")
    verbs = repair.add_subparsers(dest="repair_command", metavar="ACTION", required=True)
    status = verbs.add_parser("status", help="the steps taken so far, and the next one")
    status.add_argument("--json", action="store_true", help="print a JSON object")
    status.set_defaults(handler=cmd_status)

    commitments = sub.add_parser("commitments", help="what is being practised since the apology")
    verbs = commitments.add_subparsers(dest="commitments_command", metavar="ACTION", required=True)
    listing = verbs.add_parser("list", help="each commitment, how often, and the last weeks")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=cmd_commitments)

    apology = sub.add_parser("apology", help="check an apology draft before you say it")
    verbs = apology.add_subparsers(dest="apology_command", metavar="ACTION", required=True)
    checking = verbs.add_parser(
        "check", help="read a draft on standard input; exit 1 if anything is flagged"
    )
    checking.add_argument("--json", action="store_true", help="print a JSON array of flags")
    checking.set_defaults(handler=cmd_check)


def _today(store: Any) -> Any:
    return repair_records.today(store, store.clock.now())


def status_of(repair: Repair | None, now: datetime) -> dict[str, Any]:
    """What `repair status --json` prints."""
    if repair is None:
        return {"stage": None}
    return {
        "id": repair.id,
        "stage": repair.stage.value,
        "hurt_partner": repair.hurt_name,
        "making_amends": repair.amends_name,
        "started": iso(repair.created),
        "account_shared": iso(repair.hurt.shared),
        "hearing_talk": repair.hearing_talk,
        "heard": iso(repair.heard),
        "apology_drafts": len(repair.drafts),
        "apology_talk": repair.apology_talk,
        "delivered": iso(repair.delivered.at) if repair.delivered else None,
        "commitments": len(repair.commitments),
        "next": sorted(step.value for step in repair.allowed(now)),
        "log": [{"at": iso(e.at), "step": e.step} for e in repair.log],
    }


def cmd_status(args: argparse.Namespace) -> int:
    store = store_of(args)
    repair = repair_records.current(store)
    now = store.clock.now()
    if args.json:
        write_json(status_of(repair, now))
        return 0
    words = said()["status"]
    if repair is None:
        say(words["none"])
        return 0
    say(words["roles"].format(hurt=repair.hurt_name, amends=repair.amends_name))
    say(words[repair.stage.value].format(hurt=repair.hurt_name, amends=repair.amends_name))
    day = repair_records.today
    for entry in repair.log:
        said_step = words["log"].get(entry.step, entry.step)
        say(f"  {day(store, entry.at).isoformat()}  {said_step}")
    return 0


def commitment_of(commitment: Commitment, today: Any) -> dict[str, Any]:
    """What `commitments list --json` prints for one commitment."""
    kept, counted = commitment.consistency(today, WEEKS)
    last = commitment.last
    return {
        "id": commitment.id,
        "what": commitment.what,
        "by": commitment.by,
        "every_days": commitment.cadence.days,
        "cadence": commitment.cadence.label,
        "created": iso(commitment.created),
        "last": None
        if last is None
        else {"at": iso(last.at), "how": last.how.value, "note": last.note, "felt": last.felt},
        "weeks": [
            {"from": start.isoformat(), "mark": mark.value}
            for start, mark in commitment.week_marks(today, WEEKS)
        ],
        "kept_weeks": kept,
        "weeks_counted": counted,
    }


def cmd_commitments(args: argparse.Namespace) -> int:
    store = store_of(args)
    found = repair_records.open_commitments(store)
    today = _today(store)
    if args.json:
        write_json([commitment_of(o.commitment, today) for o in found])
        return 0
    words = said()["status"]
    if not found:
        say(words["no_commitments"])
        return 0
    for item in found:
        c = item.commitment
        dots = "".join(DOTS[m] for m in c.weeks(today, WEEKS))
        say(f"{c.id}  {c.by}: {c.what} ({c.cadence.label})  {dots}")
    say(words["dots"])
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    flags = check(sys.stdin.read())
    if args.json:
        write_json(
            [
                {"phrase": f.phrase, "why": f.why, "rule": f.rule, "start": f.start, "end": f.end}
                for f in flags
            ]
        )
    elif not flags:
        say(said()["check"]["clean"])
    else:
        for flag in flags:
            say(f"“{' '.join(flag.phrase.split())}”: {flag.why}")
    return 1 if flags else 0
