"""Home's card for check-ins: the next one, and a banner line when one is due or was missed."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from companion import words
from companion.checkins import records as checkin_records
from companion.checkins.rules import CheckIn
from companion.checkins.schedule import Schedule, Status, describe, long_day
from companion.screens.home_card import HomeCard


@dataclass(frozen=True)
class CheckInNews:
    schedule: Schedule | None
    checkins: list[CheckIn]
    open_checkin: CheckIn | None


class CheckInCard(HomeCard):
    """When the couple's next check-in is, in a line or two."""

    AREAS = ("checkins", "profile")
    DEFAULT_CSS = """
    CheckInCard.-due { background: $warning-muted; color: $text; }
    """

    def read(self) -> CheckInNews:
        now = self.clock.now()
        return CheckInNews(
            checkin_records.load_schedule(self.store),
            checkin_records.recent_checkins(self.store, now),
            checkin_records.open_checkin(self.store),
        )

    def show(self, data: CheckInNews) -> Text | None:
        said = words.data("checkins/checkin.toml")["card"]
        now = self.clock.now()
        out = Text()
        banner = False
        if data.open_checkin is not None:
            out.append(said["open"] + "\n", style="bold")
            banner = True
        if data.schedule is None:
            if not banner:
                out.append(said["none"])
            self.set_class(banner, "-due")
            return out
        current = checkin_records.current(data.schedule, data.checkins, now)
        if current is not None and data.open_checkin is None:
            occ, state = current
            when = describe(occ.start, occ.tz, now).split(" - ")[-1]
            time_of = occ.local.strftime("%H:%M")
            if state is Status.DUE and occ.day == now.astimezone(occ.local.tzinfo).date():
                key = "due" if occ.start > now else "late"
                out.append(said[key].format(when=f"{when} at {time_of}") + "\n", style="bold")
                banner = True
            elif state is Status.DUE and occ.start < now:
                out.append(said["late"].format(when=f"{when} at {time_of}") + "\n", style="bold")
                banner = True
            elif state is Status.MISSED:
                out.append(said["missed"].format(day=long_day(occ.day)) + "\n", style="bold")
                banner = True
        upcoming = checkin_records.next_one(data.schedule, data.checkins, now)
        told = current[0].key if banner and current is not None else None
        if upcoming is not None and upcoming.start > now and upcoming.key != told:
            out.append(said["next"].format(when=describe(upcoming.start, upcoming.tz, now)))
        out.rstrip()
        self.set_class(banner, "-due")
        return out if out.plain else None
