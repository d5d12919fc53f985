"""Who uses this Companion: one or two names, their time zone, and their settings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from companion import when
from companion.errors import Refused
from companion.records import load_time
from companion.store import DamagedRecord, Store, damaged_message
from companion.talk.parts import MINUTES_MAX, MINUTES_MIN, PRESET_NAMES, TurnLengths
from companion.text import TextError, clean_line, printable

AREA = "profile"
NAME_MAX = 40


class ProfileError(Refused):
    """A profile that cannot be saved, with a sentence saying why."""


@dataclass
class Settings:
    """Choices the couple makes once and Companion remembers."""

    bell: bool = True
    turn_preset: str = "short"
    custom_speak_minutes: int = 3
    custom_paraphrase_minutes: int = 1
    custom_clarify_minutes: int = 1
    """How long "not quite" gives the speaker to add what was missed, with the couple's own lengths."""
    theme: str | None = None
    country: str = ""
    """Where the person is (a code from content/helplines.toml, or "other"); "" means not chosen."""
    desktop_notify: bool = False
    """Whether the end of a turn or a time-out also asks the terminal for a desktop notice."""
    journal_lock_minutes: int = 5
    """A private journal locks itself after this many idle minutes (Reflect)."""

    def __post_init__(self) -> None:
        # Text from the file is cleaned however the settings were built.
        if isinstance(self.theme, str):
            self.theme = printable(self.theme)
        if isinstance(self.country, str):
            self.country = printable(self.country)

    def remember_turns(self, preset: str, lengths: TurnLengths) -> None:
        """The turn lengths chosen for a talk become the choice offered next time."""
        self.turn_preset = preset
        if preset == "custom":
            self.custom_speak_minutes = lengths.speak // 60
            self.custom_paraphrase_minutes = lengths.paraphrase // 60
            self.custom_clarify_minutes = lengths.clarify // 60

    @classmethod
    def from_dict(cls, data: dict) -> Settings:
        """Settings as saved: a missing one takes its default; a wrong type or range is damage.

        Raises ValueError naming the setting, so `doctor` and the start-up check
        name the file before a screen could trip over the value.
        """
        out = cls()
        for name, check in _SETTING_CHECKS.items():
            if name not in data:
                continue
            value = data[name]
            if not check(value):
                raise ValueError(f"the setting {name} is not one Companion can use")
            setattr(out, name, value)
        out.__post_init__()
        return out


def _minutes(value: object) -> bool:
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and MINUTES_MIN <= value <= MINUTES_MAX
    )


def _short_text(limit: int) -> Callable[[object], bool]:
    return lambda value: isinstance(value, str) and len(value) <= limit


_SETTING_CHECKS: dict[str, Callable[[object], bool]] = {
    "bell": lambda value: isinstance(value, bool),
    "turn_preset": lambda value: value in PRESET_NAMES,
    "custom_speak_minutes": _minutes,
    "custom_paraphrase_minutes": _minutes,
    "custom_clarify_minutes": _minutes,
    "theme": lambda value: value is None or _short_text(64)(value),
    "country": _short_text(32),
    "desktop_notify": lambda value: isinstance(value, bool),
    "journal_lock_minutes": lambda value: (
        isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 120
    ),
}
"""Every saved setting and what a usable value of it is."""


@dataclass
class Profile:
    """The people using this data dir."""

    partners: tuple[str, ...]
    tz: str
    created: datetime
    settings: Settings = field(default_factory=Settings)
    logins: dict[str, str] = field(default_factory=dict)
    """A login name -> the partner it belongs to, or "both": whose screen a terminal
    run by that login is (companion.together), so it need not be asked."""

    def __post_init__(self) -> None:
        self.partners = tuple(printable(name) for name in self.partners)
        self.logins = {printable(k): printable(v) for k, v in self.logins.items()}

    @property
    def solo(self) -> bool:
        return len(self.partners) == 1

    @property
    def names(self) -> str:
        return " & ".join(self.partners)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)


def clean_name(raw: str) -> str:
    """A name as it is saved; an empty or blank one is refused (a solo profile gives one name)."""
    if not isinstance(raw, str) or not printable(raw).strip():
        raise ProfileError(
            "A name cannot be empty: give each person a name, or one name to use Companion alone."
        )
    try:
        return clean_line(raw, what="name", max_len=NAME_MAX)
    except TextError as exc:
        raise ProfileError(str(exc)) from None


def clean_partners(raw: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """One name (using Companion alone) or two different names (a couple)."""
    if not any(isinstance(n, str) and printable(n).strip() for n in raw):
        raise ProfileError("Write at least one name.")
    names = [clean_name(n) for n in raw]
    if len(names) > 2:
        raise ProfileError("Companion is for one person or a couple: give one or two names.")
    if len(names) == 2 and names[0].casefold() == names[1].casefold():
        raise ProfileError(
            "The two names are the same; use a nickname or an initial to tell them apart."
        )
    return tuple(names)


def validate_tz(name: str) -> str:
    """An IANA zone name this machine knows, or ProfileError."""
    try:
        return when.validate_tz(name)
    except when.ZoneError as exc:
        raise ProfileError(str(exc)) from None


class ProfileExists(ProfileError):
    """init on a data dir that already has a profile."""


def load_profile(store: Store) -> Profile | None:
    """The profile on disk, or None before first-run setup; DamagedRecord if unusable."""
    with store.read(AREA) as db:
        rows = db.table("profile").all()
        settings_rows = db.table("settings").all()
    if not rows:
        return None
    try:
        row = rows[0]
        partners = row["partners"]
        if not isinstance(partners, list) or not all(isinstance(p, str) for p in partners):
            raise ValueError("the names are not a list of text")
        created = load_time(row, "created", ValueError, required=True)
        assert created is not None
        logins = row.get("logins", {})
        if not isinstance(logins, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in logins.items()
        ):
            raise ValueError("the login names are not a table of text")
        return Profile(
            partners=clean_partners(partners),
            tz=validate_tz(row["tz"]),
            created=created,
            settings=Settings.from_dict(settings_rows[0]) if settings_rows else Settings(),
            logins=dict(logins),
        )
    except (KeyError, TypeError, ValueError) as exc:
        path = store.path(AREA)
        reason = f"{exc.args[0]!r} is missing" if isinstance(exc, KeyError) else exc
        raise DamagedRecord(
            damaged_message(path, "profile", reason, store.locations.backups), path
        ) from None


def create_profile(
    store: Store,
    partners: list[str] | tuple[str, ...],
    tz: str,
    force: bool = False,
    logins: Sequence[str] = (),
) -> Profile:
    """Save a new profile (setup and `init`); refuse to replace an existing one unless forced.

    `logins`, if given, are the partners' login names in the same order (see
    `remember_login`).
    """
    names = clean_partners(partners)
    zone = validate_tz(tz)
    if len(logins) > len(names):
        raise ProfileError("Give one login name for each partner, in the same order as the names.")
    mapped = {clean_login(login): name for login, name in zip(logins, names, strict=False)}
    if len(mapped) < len(logins):
        raise ProfileError("Each partner needs a login name of their own.")
    profile = Profile(partners=names, tz=zone, created=store.clock.now(), logins=mapped)
    with store.transaction(AREA) as tx:
        db = tx[AREA]
        table = db.table("profile")
        if table.all() and not force:
            who = table.all()[0].get("partners")
            known = [n for n in who if isinstance(n, str)] if isinstance(who, list) else []
            raise ProfileExists(
                f"There is already a profile{' for ' + ' & '.join(known) if known else ''} "
                "in this data dir; add --force to replace it (other data is kept)."
            )
        table.truncate()
        row: dict[str, object] = {
            "partners": list(names),
            "tz": zone,
            "created": profile.created.isoformat(),
        }
        if mapped:
            row["logins"] = mapped
        table.insert(row)
        if not db.table("settings").all():
            db.table("settings").insert(asdict(Settings()))
    return profile


def change_partners(store: Store, partners: list[str] | tuple[str, ...]) -> Profile:
    """Add a partner, or go on alone, from inside the app: the names are checked as setup
    and `init` check them (one name, or two different ones).

    Going on alone is refused while a talk is open, since a talk needs both of
    you; past talks keep the names they were held under. Returns the profile saved.
    """
    from companion.talk import records as talk_records  # the talks area reads the profile's names

    names = clean_partners(partners)
    with store.transaction(AREA, talk_records.AREA) as tx:
        table = tx[AREA].table("profile")
        rows = table.all()
        if not rows:
            raise ProfileError("Set Companion up first: there is no profile to change yet.")
        if len(names) == 1 and talk_records.open_talk_in(store, tx[talk_records.AREA]):
            raise ProfileError("A talk is still open. End it first; a talk needs both of you.")
        row = dict(rows[0])
        row["partners"] = list(names)
        table.truncate()
        table.insert(row)
    found = load_profile(store)
    assert found is not None
    return found


LOGIN_MAX = 64


def clean_login(raw: str) -> str:
    """A login name as the profile keeps it: one word, as the system spells it."""
    if not isinstance(raw, str) or not raw.strip():
        raise ProfileError("A login name cannot be empty.")
    login = printable(raw).strip()
    if len(login) > LOGIN_MAX or any(ch.isspace() for ch in login):
        raise ProfileError(f"{login[:LOGIN_MAX]!r} is not a login name: one word, no spaces.")
    return login


def remember_login(store: Store, login: str, who: str | None) -> Profile:
    """Say whose screen a terminal run by `login` is: a partner, "both", or None to forget it.

    Returns the profile saved. The name is checked against the profile as it is on disk.
    """
    from companion.together import BOTH, SeatError, seat_named

    key = clean_login(login)
    with store.transaction(AREA) as tx:
        table = tx[AREA].table("profile")
        rows = table.all()
        if not rows:
            raise ProfileError("Set Companion up first: there is no profile yet.")
        row = dict(rows[0])
        logins = dict(row.get("logins") or {})
        if who is None:
            logins.pop(key, None)
        else:
            try:
                seat = seat_named([p for p in row.get("partners", []) if isinstance(p, str)], who)
            except SeatError as exc:
                raise ProfileError(str(exc)) from None
            logins[key] = seat.person or BOTH
        row["logins"] = logins
        table.truncate()
        table.insert(row)
    found = load_profile(store)
    assert found is not None
    return found


def save_settings(store: Store, settings: Settings) -> Settings:
    """Save the couple's settings as a whole; returns them as saved."""
    try:
        Settings.from_dict(asdict(settings))  # nothing is saved that could not be read back
    except ValueError as exc:
        raise ProfileError(f"These settings cannot be saved: {exc}.") from None
    with store.transaction(AREA) as tx:
        table = tx[AREA].table("settings")
        table.truncate()
        table.insert(asdict(settings))
    return settings
