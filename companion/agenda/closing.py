"""How a talk about an issue closes: the talk finishes and the issue hears how it went, in one
transaction across the talks and agenda areas."""

from __future__ import annotations

from datetime import datetime

from tinydb import Query

from companion.agenda.parts import AgreementDraft
from companion.agenda.records import AREA, _get, _profile, _put, today
from companion.agenda.rules import Issue, IssueStep
from companion.store import DamagedRecord, Store, damaged_message
from companion.talk import Phase, Talk, TalkError, TalkStep
from companion.talk import records as talk_records
from companion.talk.codec import decode_talk, encode_talk


def close_talk(
    store: Store,
    talk_id: str,
    now: datetime,
    understood: str = "",
    both_understood: bool = False,
    agreement: AgreementDraft | None = None,
) -> tuple[Talk, Issue | None]:
    """Finish a talk about an issue and tell the issue how it went, in one transaction.

    The issue notes the talk (and what was understood) and moves on: raised
    becomes talked about; talked about becomes understood if you each felt
    understood; an agreement written here makes an understood issue agreed.
    If the issue was let go meanwhile, the talk is still saved (and None
    comes back for the issue). Nothing is written if any part is refused.
    """
    profile = _profile(store)
    day = today(profile, now)
    talks_area = talk_records.AREA
    with store.transaction(talks_area, AREA) as tx:
        talks_db, db = tx[talks_area], tx[AREA]
        row = talks_db.table(talk_records.TALKS).get(Query().id == talk_id)
        if not isinstance(row, dict):
            if talk_records.get_talk(store, talk_id) is not None:  # finished and archived
                raise TalkError("This talk has been saved already.")
            raise TalkError("That talk is no longer here; it may have been deleted.")
        try:
            talk = decode_talk(row)
        except TalkError as exc:
            path = store.path(talks_area)
            raise DamagedRecord(
                damaged_message(path, "talk", exc, store.locations.backups), path
            ) from None
        if talk.phase is not Phase.CLOSING:
            raise TalkError("This talk has been saved already.")
        issue = _get(store, db, talk.issue_id) if talk.issue_id else None
        if issue is not None:
            issue.take(IssueStep.TALK, now, talk.id, understood, both_understood)
            if agreement is not None:
                issue.take(
                    IssueStep.AGREE,
                    now,
                    agreement.what,
                    agreement.who,
                    agreement.review,
                    profile.partners,
                    day,
                )
            _put(db, issue)
        talk.take(TalkStep.FINISH, now, True)
        talks_db.table(talk_records.TALKS).upsert(encode_talk(talk), Query().id == talk.id)
    return talk, issue


def talks_about(store: Store, issue: Issue) -> list[Talk]:
    """The talks noted on an issue that can still be found, oldest first (reads archives)."""
    wanted = {note.talk_id for note in issue.talks}
    found = [t for t in talk_records.all_talks(store) if t.id in wanted or t.issue_id == issue.id]
    return sorted(found, key=lambda t: t.created)
