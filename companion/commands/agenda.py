"""`companion agenda`: the couple's agenda from the shell: add, list, show, move on, agree."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from companion.agenda import BOTH, AgendaError, AgreementDraft, Issue, Kind, Status
from companion.agenda import records as agenda
from companion.agenda.codec import encode_issue
from companion.agenda.parts import review_day
from companion.commands import CliError, say, store_of, write_json
from companion.profile import load_profile
from companion.store import Store
from companion.talk import TalkError
from companion.when import couple_zone, format_age, format_day


def register(sub: Any) -> None:
    parser = sub.add_parser("agenda", help="the issues you are working on, and what you agreed")
    verbs = parser.add_subparsers(dest="agenda_command", metavar="ACTION", required=True)

    add = verbs.add_parser("add", help="raise a new issue; prints its id")
    add.add_argument("title", metavar="TITLE", help="one line, up to 200 characters")
    add.add_argument("--by", metavar="NAME", help="who raises it: a partner's name, or both")
    add.add_argument("--details", metavar="TEXT", default="", help="more about it, any length")
    add.add_argument(
        "--kind",
        choices=[kind.value for kind in Kind],
        default=Kind.SOLVABLE.value,
        help="solvable (can be settled) or perpetual (to be managed); default solvable",
    )
    add.add_argument("--tag", action="append", default=[], metavar="TAG", help="a short label")
    add.set_defaults(handler=cmd_add)

    listing = verbs.add_parser("list", help="the open issues in your order")
    listing.add_argument("--all", action="store_true", help="issues let go too")
    listing.add_argument("--json", action="store_true", help="print a JSON array of issues")
    listing.set_defaults(handler=cmd_list)

    show = verbs.add_parser("show", help="one issue: its history, talks and agreements")
    show.add_argument("id", metavar="ID")
    show.add_argument("--json", action="store_true", help="print a JSON array of that one issue")
    show.set_defaults(handler=cmd_show)

    status = verbs.add_parser("status", help="move an issue on (or back, or let it go)")
    status.add_argument("id", metavar="ID")
    status.add_argument(
        "status",
        metavar="STATUS",
        help="one of: " + ", ".join(s.value for s in Status),
    )
    status.set_defaults(handler=cmd_status)

    agree = verbs.add_parser("agree", help="write down something you will practise")
    agree.add_argument("id", metavar="ID")
    agree.add_argument(
        "what", metavar="WHAT", help="what you will do, said as something to practise"
    )
    agree.add_argument("--who", metavar="NAME", help="a partner's name, or both (the default)")
    agree.add_argument(
        "--review",
        metavar="YYYY-MM-DD",
        help="when to look at how it is going (default: in two weeks)",
    )
    agree.set_defaults(handler=cmd_agree)


def _refused(exc: Exception) -> CliError:
    return CliError(str(exc))


def _default_by(store: Store) -> str:
    profile = load_profile(store)
    if profile is None:
        raise CliError("Set up Companion first: run companion init --partner NAME.")
    return profile.partners[0] if profile.solo else BOTH


def cmd_add(args: argparse.Namespace) -> int:
    store = store_of(args)
    by = args.by if args.by is not None else _default_by(store)
    try:
        issue = agenda.add_issue(
            store,
            args.title,
            by,
            store.clock.now(),
            details=args.details,
            kind=args.kind,
            tags=args.tag,
        )
    except AgendaError as exc:
        raise _refused(exc) from None
    say(issue.id)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    store = store_of(args)
    found = agenda.all_issues(store) if args.all else agenda.open_issues(store)
    if args.json:
        write_json([encode_issue(issue) for issue in found])
        return 0
    if not found:
        say("Nothing on the agenda." if args.all else "Nothing open on the agenda.")
        return 0
    now = store.clock.now()
    width = max(len(issue.id) for issue in found)
    for issue in found:
        say(
            f"{issue.id:>{width}}  {issue.status.label:<13}  {issue.raised_by[:12]:<12}  "
            f"{format_age(issue.created, now):>4}  {issue.title}"
        )
    return 0


def _find(store: Store, issue_id: str) -> Issue:
    issue = agenda.get_issue(store, issue_id)
    if issue is None:
        shown = issue_id if len(issue_id) <= 20 and issue_id.isprintable() else repr(issue_id[:20])
        raise CliError(f"There is no issue with the id {shown}.")
    return issue


def cmd_show(args: argparse.Namespace) -> int:
    store = store_of(args)
    issue = _find(store, args.id)
    if args.json:
        write_json([encode_issue(issue)])
        return 0
    tz = couple_zone(load_profile(store))
    say(f"#{issue.id}  {issue.title}")
    say(
        f"{issue.status.label}, raised by {issue.raised_by} on {format_day(issue.created, tz)}, "
        f"{issue.kind.value}"
    )
    if issue.tags:
        say("tags: " + ", ".join(issue.tags))
    if issue.cycle:
        say("cycle: " + issue.cycle)
    if issue.details:
        say("")
        for line in issue.details.split("\n"):
            say("  " + line)
    say("")
    say("history:")
    for change in issue.history:
        say(f"  {format_day(change.at, tz)}  {change.status.label}")
    if issue.talks:
        say("talks:")
        for note in issue.talks:
            say(f"  {format_day(note.at, tz)}  {note.understood or 'talked it through'}")
    if issue.checkins:
        say("at check-ins:")
        for said in issue.checkins:
            say(f"  {format_day(said.at, tz)}  {said.said}")
    if issue.agreements:
        say("agreements:")
        for a in issue.agreements:
            review = f", review {a.review.isoformat()}" if a.review else ""
            say(f"  {a.id}. {a.what} ({a.who}; {a.state.label}{review})")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    store = store_of(args)
    try:
        issue = agenda.set_status(store, args.id, args.status, store.clock.now())
    except (AgendaError, TalkError) as exc:
        raise _refused(exc) from None
    say(f"#{issue.id} is now {issue.status.label}.")
    return 0


def cmd_agree(args: argparse.Namespace) -> int:
    store = store_of(args)
    now = store.clock.now()
    profile = load_profile(store)
    if profile is None:
        raise CliError("Set up Companion first: run companion init --partner NAME.")
    if args.review is None:
        review = review_day(agenda.today(profile, now))
    else:
        try:
            review = date.fromisoformat(args.review)
        except ValueError:
            raise CliError("Write the review day as YYYY-MM-DD, like 2026-03-28.") from None
    who = args.who if args.who is not None else _default_by(store)
    try:
        issue = agenda.add_agreement(store, args.id, AgreementDraft(args.what, who, review), now)
    except AgendaError as exc:
        raise _refused(exc) from None
    say(f"#{issue.id} is {issue.status.label}; agreement {issue.agreements[-1].id} is on track.")
    return 0
