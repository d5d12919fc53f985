"""A repair after a hurt: the steps of the way back, and which are open when.

The way follows what couples therapists describe (the hurt partner heard in
full first; then an apology that owns what happened; then trust rebuilt by
actions kept over months). The rule at its heart: the apology cannot be
marked delivered until the hurt partner's account has been shared and said
back to their satisfaction in a talk. The talk's own record is the proof: a
turn of the hurt partner's that ended "confirmed" (their partner's
paraphrase was right), in the talk linked to the repair, started after the
account was shared.

Every step takes `now` (an aware datetime); nothing here reads a clock.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from companion.records import as_utc, is_id
from companion.repair.parts import (
    COMMITMENTS_MAX,
    DRAFTS_KEPT,
    LOG_MAX,
    REPORTS_MAX,
    WAYS_MAX,
    ApologyDraft,
    Cadence,
    Commitment,
    Delivered,
    How,
    Hurt,
    LogEntry,
    RepairError,
    Report,
    clean_account,
    clean_action,
    clean_actions,
    clean_note,
    clean_part,
)
from companion.text import printable


class TalkProof(Protocol):
    """What the repair reads of a talk (companion.talk.Talk has it): who spoke, and how each
    turn ended."""

    @property
    def id(self) -> str: ...

    @property
    def partners(self) -> tuple[str, str]: ...

    @property
    def created(self) -> datetime: ...

    @property
    def turns(self) -> Sequence[Any]: ...


class Stage(StrEnum):
    """Where a repair stands, from the disk's fields (never saved: worked out)."""

    TELLING = "telling"
    """The hurt partner is writing what happened, privately."""
    HEARING = "hearing"
    """The account is shared: a talk with the hurt partner speaking comes next."""
    APOLOGY = "apology"
    """The hurt was heard: the apology is being built, then said face to face."""
    COMMITMENTS = "commitments"
    """The apology was delivered: the actions are practised over months."""


class RepairStep(StrEnum):
    """Every step a repair can take, by the same name from the key to the disk."""

    ROLES = "roles"
    DRAFT_HURT = "draft_hurt"
    SHARE_HURT = "share_hurt"
    OPEN_HEARING = "open_hearing"
    HEARD = "heard"
    DRAFT_APOLOGY = "draft_apology"
    OPEN_APOLOGY_TALK = "open_apology_talk"
    DELIVER = "deliver"
    COMMIT = "commit"
    CADENCE = "cadence"
    REPORT = "report"


_VERBS = {
    RepairStep.ROLES: "change who is who",
    RepairStep.DRAFT_HURT: "change the private draft",
    RepairStep.SHARE_HURT: "share the account",
    RepairStep.OPEN_HEARING: "start the talk about the account",
    RepairStep.HEARD: "note that the account was heard",
    RepairStep.DRAFT_APOLOGY: "write the apology",
    RepairStep.OPEN_APOLOGY_TALK: "start the talk for the apology",
    RepairStep.DELIVER: "mark the apology as said",
    RepairStep.COMMIT: "add a commitment",
    RepairStep.CADENCE: "change how often",
    RepairStep.REPORT: "say how a commitment went",
}


@dataclass
class Repair:
    """One repair between two partners, from the hurt told to the commitments kept."""

    id: str
    partners: tuple[str, str]
    hurt_partner: int
    """Which partner was hurt (0 or 1); the other caused the hurt. Chosen by the couple."""
    created: datetime
    hurt: Hurt = field(default_factory=Hurt)
    hearing_talk: str | None = None
    heard: datetime | None = None
    drafts: list[ApologyDraft] = field(default_factory=list)
    apology_talk: str | None = None
    delivered: Delivered | None = None
    commitments: list[Commitment] = field(default_factory=list)
    log: list[LogEntry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.partners = (printable(self.partners[0]), printable(self.partners[1]))

    # ----------------------------------------------------------------- creation

    @classmethod
    def new(cls, partners: Sequence[str], hurt_partner: int, now: datetime) -> Repair:
        """A repair with its roles chosen: who carries the hurt, who is making amends."""
        now = _utc(now)
        names = _partners(partners)
        repair = cls(
            id=uuid.uuid4().hex,
            partners=names,
            hurt_partner=_index(hurt_partner),
            created=now,
        )
        repair._log(now, "start")
        return repair

    # ----------------------------------------------------------------- who

    @property
    def hurt_name(self) -> str:
        """The partner who was hurt."""
        return self.partners[self.hurt_partner]

    @property
    def amends_name(self) -> str:
        """The partner who caused the hurt and is making amends."""
        return self.partners[1 - self.hurt_partner]

    # ----------------------------------------------------------------- where

    @property
    def stage(self) -> Stage:
        if self.delivered is not None:
            return Stage.COMMITMENTS
        if self.heard is not None:
            return Stage.APOLOGY
        if self.hurt.shared is not None:
            return Stage.HEARING
        return Stage.TELLING

    @property
    def draft(self) -> ApologyDraft | None:
        """The latest version of the apology, if any was saved."""
        return self.drafts[-1] if self.drafts else None

    def allowed(self, now: datetime | None = None) -> frozenset[RepairStep]:
        """The steps the rules allow right now (keys, the CLI and the disk alike).

        A repair's gates do not depend on the hour; `now` keeps every record's shape.
        """
        shared = self.hurt.shared is not None
        heard = self.heard is not None
        delivered = self.delivered is not None
        open_: set[RepairStep] = set()
        if not shared:
            open_ |= {RepairStep.ROLES, RepairStep.DRAFT_HURT, RepairStep.SHARE_HURT}
        if shared and not heard:
            open_.add(RepairStep.OPEN_HEARING)
            if self.hearing_talk is not None:
                open_.add(RepairStep.HEARD)
        if shared and not delivered:
            open_.add(RepairStep.DRAFT_APOLOGY)
        if heard and not delivered and self.drafts:
            open_.add(RepairStep.OPEN_APOLOGY_TALK)
            if self.apology_talk is not None:
                open_.add(RepairStep.DELIVER)
        if delivered:
            open_.add(RepairStep.COMMIT)
            if self.commitments:
                open_ |= {RepairStep.CADENCE, RepairStep.REPORT}
        return frozenset(open_)

    def can(self, step: RepairStep | str) -> bool:
        return step_of(step) in self.allowed()

    def why_not(self, step: RepairStep | str) -> str:
        """The one sentence that says why `step` is not open now (empty when it is)."""
        step = step_of(step)
        if step in self.allowed():
            return ""
        shared = self.hurt.shared is not None
        if step in (RepairStep.ROLES, RepairStep.DRAFT_HURT, RepairStep.SHARE_HURT) and shared:
            return f"{self.hurt_name}'s account has been shared already."
        if step is RepairStep.DELIVER and self.heard is None:
            return (
                f"The apology comes after {self.hurt_name} has been heard: share the account, "
                f"and talk it through until {self.hurt_name} says {self.amends_name} understood."
            )
        if step is RepairStep.DELIVER and self.apology_talk is None and self.drafts:
            return "Start the talk for the apology first; it is said face to face, in a turn."
        if step is RepairStep.OPEN_APOLOGY_TALK and self.heard is None:
            return f"The apology comes after {self.hurt_name} has been heard."
        if step in (RepairStep.OPEN_APOLOGY_TALK, RepairStep.DELIVER) and not self.drafts:
            return "Write the apology first, so there are notes to speak from."
        if step in (RepairStep.OPEN_HEARING, RepairStep.DRAFT_APOLOGY) and not shared:
            return f"{self.hurt_name}'s account comes first, shared when they are ready."
        if step is RepairStep.HEARD and self.hearing_talk is None:
            return f"Start a talk about the account first, with {self.hurt_name} speaking."
        if self.delivered is not None and step in (
            RepairStep.OPEN_HEARING,
            RepairStep.HEARD,
            RepairStep.DRAFT_APOLOGY,
            RepairStep.OPEN_APOLOGY_TALK,
            RepairStep.DELIVER,
        ):
            return "The apology has been said; what is left is the practice."
        if step is RepairStep.OPEN_HEARING:
            return f"{self.hurt_name} has been heard already."
        if step in (RepairStep.COMMIT, RepairStep.CADENCE, RepairStep.REPORT):
            if self.delivered is None:
                return "Commitments come with the apology, once it has been said."
            return "There is no commitment yet."
        return f"You can't {_VERBS[step]} now."

    def _require(self, step: RepairStep) -> None:
        reason = self.why_not(step)
        if reason:
            raise RepairError(reason)

    def take(self, step: RepairStep | str, now: datetime, *args: Any) -> Repair:
        """Take one step by name, through the table; returns this repair."""
        known = step_of(step)
        now = _utc(now)
        self._require(known)
        STEPS[known](self, now, *args)
        return self

    def _log(self, now: datetime, step: str, detail: str = "") -> None:
        self.log.append(LogEntry(now, step, detail))
        del self.log[:-LOG_MAX]

    # ----------------------------------------------------------------- the hurt told

    def set_roles(self, now: datetime, hurt_partner: int) -> None:
        """Who was hurt and who is making amends, until the account is shared."""
        self.hurt_partner = _index(hurt_partner)
        self._log(now, RepairStep.ROLES)

    def draft_hurt(self, now: datetime) -> None:
        """A private draft was saved (in the hurt partner's journal; no words come here)."""
        self.hurt.drafted = now

    def share_hurt(self, now: datetime, text: str, ways: Sequence[str] = ()) -> None:
        """The hurt partner shares their account: from now on both can read it."""
        self.hurt.text = clean_account(text)
        self.hurt.ways = _ways(ways)
        self.hurt.shared = now
        self._log(now, RepairStep.SHARE_HURT)

    def open_hearing(self, now: datetime, talk: TalkProof) -> None:
        """A talk about the account begins, with the hurt partner speaking first."""
        self._talk_fits(talk, now, speaker=self.hurt_name)
        self.hearing_talk = talk.id
        self._log(now, RepairStep.OPEN_HEARING)

    def mark_heard(self, now: datetime, talk: TalkProof) -> None:
        """The talk's record shows the hurt partner said "yes, you understood"."""
        if talk.id != self.hearing_talk:
            raise RepairError("That talk is not the one about the account.")
        if not confirmed_turn(talk, self.hurt_name):
            raise RepairError(
                f"Not yet: in the talk, {self.hurt_name} says “yes, you understood” "
                f"when {self.amends_name} has said it back."
            )
        self.heard = now
        self._log(now, RepairStep.HEARD)

    # ----------------------------------------------------------------- the apology

    def draft_apology(
        self,
        now: datetime,
        did: str = "",
        impact: str = "",
        choice: str = "",
        actions: Sequence[str] | str = (),
        need: str = "",
    ) -> None:
        """Save a version of the apology (the older versions are kept, up to twenty)."""
        draft = ApologyDraft(
            at=now,
            did=clean_part(did, "what I did"),
            impact=clean_part(impact, "what it did to you"),
            choice=clean_part(choice, "my choice"),
            actions=clean_actions(actions if isinstance(actions, str) else list(actions)),
            need=clean_part(need, "what you need now"),
        )
        if draft.empty:
            raise RepairError("There is nothing written yet.")
        self.drafts.append(draft)
        del self.drafts[:-DRAFTS_KEPT]

    def open_apology_talk(self, now: datetime, talk: TalkProof) -> None:
        """A talk begins in which the partner making amends speaks first: the apology."""
        self._talk_fits(talk, now, speaker=self.amends_name)
        self.apology_talk = talk.id
        self._log(now, RepairStep.OPEN_APOLOGY_TALK)

    def deliver(self, now: datetime, talk: TalkProof) -> None:
        """The apology was said face to face, and heard: its actions become commitments."""
        if self.heard is None or self.hearing_talk is None:  # the rule, said twice on purpose
            raise RepairError(self.why_not(RepairStep.DELIVER) or "Not before the hurt is heard.")
        if talk.id != self.apology_talk:
            raise RepairError("That talk is not the one for the apology.")
        if not confirmed_turn(talk, self.amends_name):
            raise RepairError(
                f"Not yet: in the talk, {self.amends_name} says the apology, "
                f"{self.hurt_name} says back what they heard, and {self.amends_name} "
                "answers “yes, you understood”."
            )
        draft = self.drafts[-1]
        self.delivered = Delivered(at=now, talk_id=talk.id, draft=draft)
        for action in draft.actions:
            self._add(now, action, Cadence(7))
        self._log(now, RepairStep.DELIVER)

    # ----------------------------------------------------------------- commitments

    def commit(self, now: datetime, what: str, days: int = 7) -> None:
        """Add an action to practise, every `days` days."""
        action = clean_action(what)
        if not action:
            raise RepairError("Write the action: something you will do, in a few words.")
        self._add(now, action, Cadence(days))
        self._log(now, RepairStep.COMMIT)

    def _add(self, now: datetime, what: str, cadence: Cadence) -> None:
        if len(self.commitments) >= COMMITMENTS_MAX:
            raise RepairError("That is as many commitments as Companion keeps for one repair.")
        self.commitments.append(
            Commitment(
                id=uuid.uuid4().hex[:12],
                what=what,
                by=self.amends_name,
                cadence=cadence,
                created=now,
            )
        )

    def commitment(self, commitment_id: str) -> Commitment:
        for found in self.commitments:
            if found.id == commitment_id:
                return found
        raise RepairError("That commitment is no longer here.")

    def set_cadence(self, now: datetime, commitment_id: str, days: int) -> None:
        self.commitment(commitment_id).cadence = Cadence(days)
        self._log(now, RepairStep.CADENCE)

    def report(
        self,
        now: datetime,
        commitment_id: str,
        how: How | str,
        note: str = "",
        felt: str = "",
        checkin: str | None = None,
    ) -> Report:
        """How it went, said by the one who made it; how it felt, by the other if they wish."""
        found = self.commitment(commitment_id)
        try:
            said = How(how)
        except ValueError:
            raise RepairError("Say how it went: kept, partly, or not yet.") from None
        if checkin is not None and not is_id(checkin):
            raise RepairError("That check-in is not one Companion knows.")
        report = Report(
            at=now,
            how=said,
            note=clean_note(note),
            felt=clean_note(felt, "how it felt"),
            checkin=checkin,
        )
        found.reports.append(report)
        del found.reports[:-REPORTS_MAX]
        self._log(now, RepairStep.REPORT)
        return report

    # ----------------------------------------------------------------- helpers

    def _talk_fits(self, talk: TalkProof, now: datetime, speaker: str) -> None:
        names = tuple(name.casefold() for name in talk.partners)
        if set(names) != {name.casefold() for name in self.partners}:
            raise RepairError("That talk is between other people.")
        if self.hurt.shared is not None and talk.created < self.hurt.shared:
            raise RepairError("That talk began before the account was shared.")
        first = getattr(talk, "first_speaker", None)
        if first is not None and talk.partners[first].casefold() != speaker.casefold():
            raise RepairError(f"In this talk {speaker} speaks first.")


def confirmed_turn(talk: TalkProof, name: str) -> bool:
    """Whether `name` had a turn in the talk that ended with "yes, you understood"."""
    wanted = name.casefold()
    for turn in talk.turns:
        if turn.outcome == "confirmed" and talk.partners[turn.speaker].casefold() == wanted:
            return True
    return False


STEPS: dict[RepairStep, Callable[..., Any]] = {
    RepairStep.ROLES: Repair.set_roles,
    RepairStep.DRAFT_HURT: Repair.draft_hurt,
    RepairStep.SHARE_HURT: Repair.share_hurt,
    RepairStep.OPEN_HEARING: Repair.open_hearing,
    RepairStep.HEARD: Repair.mark_heard,
    RepairStep.DRAFT_APOLOGY: Repair.draft_apology,
    RepairStep.OPEN_APOLOGY_TALK: Repair.open_apology_talk,
    RepairStep.DELIVER: Repair.deliver,
    RepairStep.COMMIT: Repair.commit,
    RepairStep.CADENCE: Repair.set_cadence,
    RepairStep.REPORT: Repair.report,
}
"""Each step and the method that takes it: dispatched by this table, never by name lookup."""


def step_of(step: RepairStep | str) -> RepairStep:
    try:
        return RepairStep(step)
    except ValueError:
        raise RepairError(f"There is no repair step called {step!r}.") from None


def _partners(partners: Sequence[str]) -> tuple[str, str]:
    if not isinstance(partners, list | tuple) or len(partners) != 2:
        raise RepairError(
            "A repair needs two people: one who was hurt, and one who is making amends."
        )
    names = [printable(n).strip() if isinstance(n, str) else "" for n in partners]
    if not all(names) or names[0].casefold() == names[1].casefold():
        raise RepairError("A repair needs two people with different names.")
    return names[0], names[1]


def _index(value: Any) -> int:
    if isinstance(value, bool) or value not in (0, 1):
        raise RepairError("Choose which of you was hurt: one of the two partners.")
    return int(value)


def _ways(ways: Sequence[str]) -> list[str]:
    from companion.repair.words import way_ids

    known = way_ids()
    chosen: list[str] = []
    for way in ways:
        if way not in known:
            raise RepairError(f"There is no way of being hurt called {way!r} in the list.")
        if way not in chosen:
            chosen.append(way)
    return chosen[:WAYS_MAX]


def _utc(value: Any) -> datetime:
    return as_utc(value, "now", RepairError)
