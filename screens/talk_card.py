"""Home's card for talks: a talk left open, a time-out running, and the last talk."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from companion.screens.home_card import HomeCard
from companion.talk import Talk
from companion.talk import records as talk_records
from companion.timeout import TimeOut
from companion.when import couple_zone, format_at, format_clock, format_duration


@dataclass(frozen=True)
class TalkNews:
    open_talk: Talk | None
    cooldown: TimeOut | None
    last: Talk | None


class TalkCard(HomeCard):
    """What is waiting in the talks area, in a line or three."""

    AREAS = ("talks", "profile")  # the profile's signal also says whose screen this is
    joinable = False
    """A talk is under way and this is one partner's own screen: home offers t to join it."""

    def read(self) -> TalkNews:
        return TalkNews(
            talk_records.active_talk(self.store),
            talk_records.active_timeout(self.store),
            talk_records.latest_finished(self.store),
        )

    def show(self, data: TalkNews) -> Text | None:
        tz = couple_zone(self.profile)
        now = self.clock.now()
        out = Text()
        if data.cooldown is not None:
            out.append("A time-out is running", style="bold")
            out.append(f", back {format_at(data.cooldown.return_at, tz, now=now)}.\n")
        joinable = (
            data.open_talk is not None
            and not data.open_talk.paused
            and not self.companion.seat.together  # at one keyboard: "go back to it", as ever
        )
        if joinable != self.joinable:
            self.joinable = joinable
            self.screen.refresh_bindings()
        if data.open_talk is not None and joinable:
            out.append("A talk is under way: ")
            out.append(data.open_talk.topic, style="bold")
            out.append(". Press t to join it.\n")
        elif data.open_talk is not None:
            out.append("A talk is waiting: ")
            out.append(data.open_talk.topic, style="bold")
            out.append(". Press t to go back to it.\n")
        if data.last is not None:
            last = data.last
            out.append("Last talk: ")
            out.append(last.topic, style="bold")
            out.append(f", {format_clock(last.created, tz, now=now)}")
            if last.duration is not None:
                out.append(f", {format_duration(last.duration)}")
            heard = last.exchanges
            if heard:
                out.append(f". One of you felt heard {_times(heard)}")
            out.append(".")
        out.rstrip()
        return out if out.plain else None


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")
