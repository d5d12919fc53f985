"""Written apart, shown together: the rule behind "our top three" and "our picture".

Each partner writes on their own; nothing anyone wrote is shown until every
partner has written (alone, one entry and nothing to wait for). A record
that follows this rule keeps `partners` (the names when it began) and `done`
(one flag each) and mixes in `WrittenApart` for the queries every screen
and command asks of it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from companion.errors import Refused


class WrittenApart:
    """Who has written, whether all may now be seen, and who is still writing.

    The record class supplies `partners` and `done`; `APART_ERROR` is the
    Refused subclass its area raises.
    """

    APART_ERROR: ClassVar[type[Refused]] = Refused
    partners: tuple[str, ...]
    done: list[bool]

    @property
    def solo(self) -> bool:
        """One person writing alone: their entry is shown as soon as it is in."""
        return len(self.partners) == 1

    @property
    def revealed(self) -> bool:
        """Every partner has written, so every entry may be shown."""
        return bool(self.done) and all(self.done)

    def waiting_for(self) -> list[str]:
        """Who has not written yet, in the order of the names."""
        return [name for name, done in zip(self.partners, self.done, strict=True) if not done]

    def partner_index(self, partner: Any) -> int:
        """`partner` checked as an index into the names; refuses anything else."""
        if isinstance(partner, bool) or not isinstance(partner, int):
            raise self.APART_ERROR("Choose who is writing.")
        if not 0 <= partner < len(self.partners):
            raise self.APART_ERROR("Choose who is writing.")
        return partner


def check_people(names: tuple[str, ...], error: type[Refused], what: str) -> tuple[str, ...]:
    """The names for a new record written apart: one person or a couple."""
    if len(names) not in (1, 2):
        raise error(f"{what} is for one person or a couple.")
    return names
