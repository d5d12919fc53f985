"""Home's card for Reconnect: silent, unless the hurt came back today or a picture waits.

It never says who said the hurt is back: the disk does not know.
"""

from __future__ import annotations

from rich.text import Text

from companion.reconnect import records as reconnect
from companion.reconnect.records import Together
from companion.screens.home_card import HomeCard
from companion.screens.reconnect_views import say


class ReconnectCard(HomeCard):
    """A line when the hurt is back today, and a line when one picture is in and one to come."""

    AREAS = ("reconnect", "profile")

    async def action_back_today(self) -> None:
        """Home's b (navigation.HomeKey): the hurt is with me today."""
        from companion.screens.reconnect_comfort import hurt_is_back

        await hurt_is_back(self)

    def read(self) -> tuple[Together, bool]:
        state = reconnect.together(self.store)
        return state, state.back_on(reconnect.today(self.store, self.clock.now())) is not None

    def show(self, data: tuple[Together, bool]) -> Text | None:
        state, back = data
        profile = self.profile
        if profile is None:
            return None
        w = say("card", profile.solo)
        lines = []
        if back:
            lines.append(Text(w["back"]))
        writing = state.writing
        if writing is not None and any(writing.done) and not profile.solo:
            waiting = writing.waiting_for()
            done = [n for n, d in zip(writing.partners, writing.done, strict=True) if d]
            if waiting:
                lines.append(Text(w["waiting"].format(name=done[0], other=waiting[0])))
        if not lines:
            return None
        return Text("\n").join(lines)
