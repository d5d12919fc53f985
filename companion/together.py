"""Who is at this screen: one partner (a terminal of their own) or both of you at one keyboard.

Two partners may run Companion at once on the same data, each in a terminal
of their own (two SSH sessions on one machine). Each terminal then has a
`Seat`: whose screen it is. The seat decides what that screen may show (a
person's journal and their unrevealed top three are theirs alone) and which
of a talk's keys it offers (the speaker passes the floor and answers, the
listener says when they have said it back; either ends or takes a time-out).

At one keyboard the seat is "both of us here" and nothing is held back: the
screens behave as they always did, each private thing guarded as before (a
passphrase, entries hidden as they are typed).

A terminal's seat comes from, in order: `--me NAME` (or $COMPANION_ME), the
login name the couple mapped to a partner in the profile, or a question asked
once when the terminal starts.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Sequence
from dataclasses import dataclass

from companion.errors import Refused
from companion.talk.parts import Phase
from companion.talk.rules import Talk, TalkStep

BOTH = "both"
"""What --me, $COMPANION_ME and a login's mapping say for "both of us, at this one screen"."""
ENV_ME = "COMPANION_ME"


class SeatError(Refused):
    """A seat that names nobody who uses this Companion."""


def same_name(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


@dataclass(frozen=True)
class Seat:
    """Whose screen this is: one partner's name, or None for both of you at one screen."""

    person: str | None = None

    @property
    def together(self) -> bool:
        """Both partners share this screen (or one person uses Companion alone)."""
        return self.person is None

    def index_in(self, partners: Sequence[str]) -> int | None:
        """This seat's partner among `partners` (a talk's or a round's), or None for both."""
        if self.person is None:
            return None
        return next((i for i, name in enumerate(partners) if same_name(name, self.person)), None)

    def may_see(self, owner: str) -> bool:
        """Whether what is private to `owner` (a journal, an unrevealed list) may show here."""
        return self.person is None or same_name(owner, self.person)

    def hides_typing(self, partners: Sequence[str]) -> bool:
        """Whether private writing is hidden as it is typed: only where a partner sits beside you."""
        return self.person is None and len(partners) > 1

    def may_take(self, talk: Talk, step: TalkStep, partner: int | None = None) -> bool:
        """Whether this screen offers a talk's step (see `step_owner`); at one screen, all of them.

        A tick of the ground rules (AGREE) is each partner's own: `partner` says whose.
        """
        mine = self.index_in(talk.partners)
        if mine is None:
            return True
        if step is TalkStep.AGREE:
            return partner == mine
        owner = step_owner(talk, step)
        return owner is None or owner == mine


def step_owner(talk: Talk, step: TalkStep) -> int | None:
    """The partner whose step it is on a screen of their own, or None when either may take it.

    The floor is the speaker's to pass (finishing a part, "yes, that's it",
    "not quite"), saying it back is the listener's to finish; beginning, ending,
    resuming, closing and a time-out belong to both.
    """
    if talk.paused:
        return None
    if step in (TalkStep.SPEAKER_DONE, TalkStep.CONFIRM, TalkStep.CLARIFY):
        return talk.speaker
    if step is TalkStep.PARAPHRASE_DONE:
        return talk.listener
    if step is TalkStep.ADVANCE:
        if talk.phase in (Phase.SPEAKING, Phase.CLARIFY):
            return talk.speaker
        if talk.phase is Phase.PARAPHRASE:
            return talk.listener
    return None


HERE_TOGETHER = Seat()


def seat_named(partners: Sequence[str], name: str) -> Seat:
    """The seat `name` stands for ("both", or a partner in any case); SeatError otherwise."""
    wanted = name.strip()
    if same_name(wanted, BOTH):
        return HERE_TOGETHER
    for person in partners:
        if same_name(person, wanted):
            return Seat(person)
    known = " or ".join([*partners, BOTH])
    raise SeatError(f"There is nobody called {wanted!r} here: choose {known}.")


def who_is_here(
    partners: Sequence[str], me: str | None, logins: dict[str, str], login: str | None
) -> Seat | None:
    """This terminal's seat, or None when it must be asked.

    Alone, there is nothing to ask. Otherwise `me` (from --me or $COMPANION_ME)
    decides, then the partner the couple mapped this login to; SeatError for a
    `me` that names nobody.
    """
    if len(partners) < 2:
        return HERE_TOGETHER
    if me:
        return seat_named(partners, me)
    mapped = logins.get(login) if login else None
    if mapped:
        try:
            return seat_named(partners, mapped)
        except SeatError:
            return None  # a partner since renamed: ask
    return None


def chosen_me(me: str | None) -> str | None:
    """--me as given, else $COMPANION_ME, else None."""
    return me if me else (os.environ.get(ENV_ME) or None)


def login_name() -> str | None:
    """The login this process runs as (what a couple may map to a partner), if it can be told."""
    try:
        return getpass.getuser() or None
    except (KeyError, OSError):
        return None
