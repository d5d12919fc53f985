"""Check-ins already held, for Pilot tests and snapshots: months of a couple's ratings."""

from __future__ import annotations

from datetime import time, timedelta

from companion.agenda import AgreementDraft
from companion.agenda import records as agenda
from companion.checkins import records
from companion.checkins.codec import encode_checkin
from companion.checkins.rules import CheckIn
from companion.clock import FakeClock
from companion.store import Store

RATINGS = [(5, 6), (6, 6), (6, 7), (7, 8), (8, 8), (7, 9)]


def held(partners: tuple[str, ...], key: str, clock: FakeClock, ratings, plan: str) -> CheckIn:
    now = clock.now()
    checkin = CheckIn.new(partners, key, now)
    for index in range(len(partners)):
        checkin.take("appreciate", now, index, f"Thank you for week {len(plan)}")
    checkin.take("next", now)
    for index, rating in enumerate(ratings[: len(partners)]):
        checkin.take("rate", now, index, rating)
    for _ in range(3):
        checkin.take("next", now)
    checkin.take("plan", now, plan)
    checkin.take("finish", now)
    return checkin


def hold_some(store: Store, clock: FakeClock, ratings=RATINGS[:3]) -> None:
    """A check-in every two weeks, one held for each pair of `ratings`; then two days pass.

    The third planned one is skipped with a reason and the fifth missed.
    """
    schedule = records.set_schedule(store, clock.now(), "Europe/London", 2, 6, time(19))
    queue = list(ratings)
    number = 0
    while queue:
        occ = schedule.upcoming(clock.now(), 1)[0]
        clock.advance(occ.start - clock.now() + timedelta(minutes=40))
        number += 1
        if number == 3:
            schedule = records.change(store, "skip", clock.now(), occ.key, "Away")
            continue
        if number == 5:
            continue  # missed
        checkin = held(("Sam", "Alex"), occ.key, clock, queue.pop(0), f"Plan {number}")
        with store.transaction("checkins") as tx:
            tx["checkins"].table("checkins").insert(encode_checkin(checkin))
    clock.advance(timedelta(days=2))


def agenda_at_work(store: Store, clock: FakeClock) -> None:
    """An agenda a check-in has something to review on, by the agenda's own steps:

    #1 "Phones at dinner", agreed, with agreement 1 (review in two weeks);
    #2 "Who plans the weekends", talked about; #3 "Holiday", only raised.
    """
    now = clock.now()
    today = now.date()
    phones = agenda.add_issue(store, "Phones at dinner", "Sam", now)
    weekends = agenda.add_issue(store, "Who plans the weekends", "Alex", now)
    agenda.add_issue(store, "Holiday", "both", now)
    for status in ("talked_about", "understood"):
        agenda.set_status(store, phones.id, status, now)
    draft = AgreementDraft("Phones in the basket at dinner", "both", today + timedelta(days=14))
    agenda.add_agreement(store, phones.id, draft, now)
    agenda.set_status(store, weekends.id, "talked_about", now)
