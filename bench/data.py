"""Data sets for the benchmarks: a couple who have used Companion for one year, or ten.

Three talks a week, each with four exchanges; one talk in five has a time-out.
Built with the domain's own steps (so every record is one the app could have
written) and saved in one transaction, which files them by year as the app
does. `legacy=True` writes them the way Companion 0.1 did instead: every talk
in one `talks.json` at schema 1, for measuring the upgrade.

    python -m bench.data DIR --years 10
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from companion.clock import FakeClock
from companion.profile import create_profile
from companion.store import META_KEY, Store
from companion.talk import PRESETS, Talk
from companion.talk import records as talks
from companion.talk.codec import encode_talk
from companion.timeout import TimeOut, encode_timeout

TALKS_PER_WEEK = 3
MAX_SPAN = 50
"""More years than this (100x a year's data) are squeezed into the last fifty: Companion
refuses saved times before 1970 as damage, and the figure is about how much is on disk."""
EXCHANGES = 4
TODAY = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
TOPICS = (
    "How we spend Sundays",
    "Money, and who decides",
    "Your mother's visit 🙂",
    "Chores [bold]again[/]",
    "When you're late home",
    "Holidays next year",
)


def one_talk(number: int, start: datetime) -> tuple[Talk, TimeOut | None]:
    """A finished talk that began at `start` (and its time-out, one talk in five)."""
    clock = FakeClock(start)
    topic = TOPICS[number % len(TOPICS)]
    talk = Talk.new(topic, ("Sam", "Alex"), number % 2, PRESETS["short"], "short", clock.now())
    talk.agree(clock.now(), 0)
    talk.agree(clock.now(), 1)
    talk.begin(clock.now())
    cooldown = None
    for exchange in range(EXCHANGES):
        clock.advance(100)
        if exchange == 1 and number % 5 == 0:
            talk.pause(clock.now())
            cooldown = TimeOut.start(
                clock.now(), clock.now() + timedelta(minutes=20), "Europe/London", talk.id
            )
            clock.advance(25 * 60)
            cooldown.come_back(clock.now())
            talk.resume(clock.now())
        talk.speaker_done(clock.now())
        clock.advance(50)
        talk.paraphrase_done(clock.now())
        talk.confirm(clock.now())
    clock.advance(30)
    talk.end(clock.now())
    talk.finish(clock.now())
    return talk, cooldown


def history(years: int) -> tuple[list[Talk], list[TimeOut]]:
    """`years` of finished talks, oldest first, ending a week before TODAY."""
    count = years * 52 * TALKS_PER_WEEK
    squeeze = min(years, MAX_SPAN) / years if years else 1.0
    found: list[Talk] = []
    cooldowns: list[TimeOut] = []
    for number in range(count):
        back = (count - number) * 7 / TALKS_PER_WEEK * squeeze
        start = TODAY - timedelta(weeks=1) - timedelta(days=back)
        talk, cooldown = one_talk(number, start)
        found.append(talk)
        if cooldown is not None:
            cooldowns.append(cooldown)
    return found, cooldowns


def build(data_dir: Path, years: int, legacy: bool = False) -> Store:
    """A data dir for Sam and Alex with `years` of talks; returns its store (clock at TODAY)."""
    store = Store(data_dir, FakeClock(TODAY))
    create_profile(store, ["Sam", "Alex"], "Europe/London")
    if years <= 0:
        return store
    found, cooldowns = history(years)
    if legacy:
        tables = {
            "talks": {str(i): encode_talk(t) for i, t in enumerate(found, start=1)},
            "timeouts": {str(i): encode_timeout(c) for i, c in enumerate(cooldowns, start=1)},
        }
        doc = {META_KEY: {"1": {"schema": 1, "area": talks.AREA}}, **tables}
        store.path(talks.AREA).write_text(json.dumps(doc, ensure_ascii=False, indent=1))
        return store
    with store.transaction(talks.AREA) as tx:
        db = tx[talks.AREA]
        db.table(talks.TALKS).insert_multiple(encode_talk(t) for t in found)
        db.table(talks.TIMEOUTS).insert_multiple(encode_timeout(c) for c in cooldowns)
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--legacy", action="store_true", help="write schema 1 (one talks.json)")
    args = parser.parse_args()
    build(args.data_dir, args.years, args.legacy)
    print(f"{args.years} year(s) of talks in {args.data_dir}")


if __name__ == "__main__":
    main()


def open_talk(store: Store) -> Talk:
    """A talk under way (Sam speaking, a deep turn), left open as if Companion had been closed."""
    now = store.clock.now()
    talk = Talk.new("Where we spend the holidays", ("Sam", "Alex"), 0, PRESETS["deep"], "deep", now)
    talk.agree(now, 0)
    talk.agree(now, 1)
    talk.begin(now)
    talk.pause(now, timeout=False)
    return talks.start_talk(store, talk)


def checkins(store: Store, years: int) -> int:
    """`years` of weekly check-ins held on the couple's schedule (Sundays 19:00), built with the
    domain's own steps and saved in one write (filed by year, as the app does). Returns how many."""
    from datetime import time

    from companion.checkins import records as checkin_records
    from companion.checkins.codec import encode_checkin
    from companion.checkins.rules import CheckIn

    start = TODAY - timedelta(days=365 * years)
    schedule = checkin_records.set_schedule(store, start, "Europe/London", 1, 6, time(19))
    rows = []
    for number, occ in enumerate(schedule.occurrences(start, TODAY - timedelta(days=1))):
        at = occ.start + timedelta(minutes=5)
        checkin = CheckIn.new(("Sam", "Alex"), occ.key, at)
        for index in range(2):
            checkin.take("appreciate", at, index, f"Thank you for week {number}")
        checkin.take("next", at)
        for index in range(2):
            checkin.take("rate", at, index, 5 + (number + index) % 5)
        for _ in range(3):
            checkin.take("next", at)
        checkin.take("plan", at, f"Plan {number}")
        checkin.take("finish", at)
        rows.append(encode_checkin(checkin))
    with store.transaction(checkin_records.AREA) as tx:
        tx[checkin_records.AREA].table(checkin_records.CHECKINS).insert_multiple(rows)
    return len(rows)
