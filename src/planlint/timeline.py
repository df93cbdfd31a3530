"""Placing sessions in time, conservatively.

A plan must prove it is safe: when a time of day is missing, planlint takes the
*least* elapsed time since the injury that the file allows (injury at the end
of its day, session at the start of its day). Ordering between sessions is
"certain" only when the file leaves no doubt.

A plan's :class:`Clock` says which calendar day is day 0 (the injury's, or the
operation's under ``days_from: surgery``) and in which clock wall-clock times
are read: the plan's ``timezone`` (an IANA zone, so 09:00 is 09:00 on both
sides of a clock change), else the injury's UTC offset, else the first offset
an ``at:`` or ``surgery`` gives, else no offset at all (every time on one
clock). Positions are *real* minutes after the local midnight that starts day
0, so hours between two moments are right across a clock change; the day
number and time of day a placement carries are the wall-clock ones the coach
wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

MINUTES_PER_DAY = 24 * 60
#: Answers a clock keeps of :meth:`Clock.elapsed` (a plan asks again for the same sessions).
ELAPSED_KEPT = 4096
#: Dates outside these years are typos (and would overflow date arithmetic).
MIN_YEAR, MAX_YEAR = 1900, 2999
#: The UTC offsets of the first and last places on Earth to reach a given clock time:
#: an injury time written without its offset happened between these two instants.
EARLIEST_OFFSET, LATEST_OFFSET = timedelta(hours=14), timedelta(hours=-12)

_MOMENT = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|z|[+-]\d{2}:?\d{2})?)?$"
)
_EPOCH = datetime(1970, 1, 1)
_EPOCH_UTC = _EPOCH.replace(tzinfo=timezone.utc)


class TimeError(ValueError):
    """A date or time that cannot be read."""


@dataclass(frozen=True)
class Moment:
    """An injury or session instant as written: a calendar date, maybe a time, maybe an offset."""

    day: date
    minute: float | None  # minutes after local midnight, None when no time of day is given
    tz: tzinfo | None  # the UTC offset written with it, None when none is written

    @property
    def has_time(self) -> bool:
        return self.minute is not None

    @property
    def has_offset(self) -> bool:
        return self.tz is not None


def parse_moment(text) -> Moment:
    """``2026-03-14`` or ``2026-03-14T17:30:00+01:00`` (a space instead of ``T`` is accepted)."""
    text = str(text).strip()
    match = _MOMENT.match(text)
    if not match:
        raise TimeError(f"'{text}' is not an ISO 8601 date or date-time; write e.g. 2026-03-14T17:30:00+01:00")
    year, month, day, hour, minute, second, offset = match.groups()
    try:
        calendar_day = date(int(year), int(month), int(day))
    except ValueError as exc:
        raise TimeError(f"'{text}' is not a real date ({exc})") from None
    if not MIN_YEAR <= calendar_day.year <= MAX_YEAR:
        raise TimeError(f"'{text}' is outside the years {MIN_YEAR}-{MAX_YEAR}; check the year")
    if hour is None:
        return Moment(calendar_day, None, None)
    if int(hour) > 23 or int(minute) > 59 or int(second or 0) > 59:
        raise TimeError(f"'{text}' has an impossible time of day")
    return Moment(calendar_day, int(hour) * 60 + int(minute) + int(second or 0) / 60, _offset(offset))


def _offset(text: str | None) -> tzinfo | None:
    if text is None:
        return None
    if text in ("Z", "z"):
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def format_offset(tz: tzinfo | timedelta, when: datetime | None = None) -> str:
    """A UTC offset as written in ISO 8601: '+01:00', '-05:30' (a zone's offset ``when``)."""
    offset = tz if isinstance(tz, timedelta) else tz.utcoffset(when)
    minutes = int((offset or timedelta()).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def format_clock(minute: float) -> str:
    """570 -> '09:30'."""
    hours, minutes = divmod(int(minute), 60)
    return f"{hours:02d}:{minutes:02d}"


def parse_clock(text) -> int:
    """``"09:00"`` or ``"9:00"`` -> 540 minutes after midnight."""
    hours, minutes = str(text).strip().split(":")
    return int(hours) * 60 + int(minutes)


@dataclass(frozen=True)
class Placement:
    """Where a session sits: its day number and wall-clock time as the plan counts them,
    and ``earliest``/``latest``, the real minutes after the local midnight that starts day
    0 at which it can begin (equal when the time of day is known, a whole day apart
    otherwise; an hour apart for a wall-clock time that a clock change makes happen twice)."""

    day: int
    minute: int | None
    earliest: float
    latest: float

    @property
    def has_time(self) -> bool:
        return self.minute is not None


@dataclass(frozen=True)
class Elapsed:
    """Hours since the injury by the conservative rule; ``assumed`` when a time of day was missing."""

    hours: float
    assumed: bool
    injury_time_missing: bool
    session_time_missing: bool
    before_injury: bool = False  # the least elapsed time was negative and is counted as 0
    #: PL101's reading: before the injury whatever the file leaves out (missing times,
    #: an injury time without its UTC offset).
    certainly_before: bool = False
    #: When ``occurred`` has a time of day but no UTC offset and this session carries one:
    #: ``(occurred as written, the session's offset)``; the hours then count from the
    #: latest instant the injury can have been (its clock time at UTC-12:00).
    offset_unknown: tuple[str, str] | None = None


@dataclass(frozen=True)
class Window:
    """Where a moment can be, in the frame of :class:`Placement` (real minutes)."""

    earliest: float
    latest: float


class Clock:
    """The plan's calendar and clock (see the module docstring).

    ``zone``: the plan's ``timezone`` (a ZoneInfo), else a fixed UTC offset (the
    injury's, else the first one an instant gives), else None (one clock for every
    time, none of which carries an offset). ``day0``: the calendar date of day 0.
    """

    def __init__(
        self,
        day0: date,
        zone: tzinfo | None = None,
        zone_name: str | None = None,
        whose: str = "the injury's",
        injury_offset_unknown: bool = False,
    ) -> None:
        self.day0 = day0
        self.zone = zone
        self.zone_name = zone_name  # set for an IANA zone (the plan's `timezone`)
        self.whose = whose  # "the injury's", "the plan's": whose offset `zone` is, for messages
        self.injury_offset_unknown = injury_offset_unknown
        #: A fixed offset (or none) never changes: wall-clock and real minutes are the same,
        #: counted with plain arithmetic instead of datetimes (most plans).
        self._fixed = zone is None or isinstance(zone, timezone)
        self._origin = self._utc_range(datetime.combine(day0, time()))[0]
        self._moments: dict = {}
        self._elapsed: dict = {}  # rules ask for the same session's time since the injury again and again

    @classmethod
    def for_plan(
        cls,
        injury: Moment,
        instants: list[Moment] = (),
        zone: tzinfo | None = None,
        zone_name: str | None = None,
        day0: date | None = None,
    ) -> Clock:
        """The clock a plan's times are read in. ``instants``: the other moments it writes
        (``at:`` sessions, then ``surgery``), whose first UTC offset is the plan's when
        neither ``zone`` nor the injury gives one."""
        day0 = injury.day if day0 is None else day0
        if zone is not None:
            return cls(day0, zone, zone_name, "the plan's")
        if injury.tz is not None:
            return cls(day0, injury.tz, None, "the injury's")
        first = next((m.tz for m in instants if m.tz is not None), None)
        return cls(day0, first, None, "the plan's", injury_offset_unknown=first is not None and injury.has_time)

    # -- converting --------------------------------------------------------------------

    def _utc_range(self, local: datetime) -> tuple[float, float]:
        """The real minutes (since 1970, UTC) of a wall-clock time in this clock: two
        values an hour apart when a clock change makes it happen twice (or never)."""
        if self.zone is None:
            minutes = (local - _EPOCH) / timedelta(minutes=1)
            return minutes, minutes
        first = (local.replace(tzinfo=self.zone, fold=0) - _EPOCH_UTC) / timedelta(minutes=1)
        second = (local.replace(tzinfo=self.zone, fold=1) - _EPOCH_UTC) / timedelta(minutes=1)
        return min(first, second), max(first, second)

    def _frame(self, utc_minutes: float) -> float:
        return utc_minutes - self._origin

    def wall(self, day: date, minute: float) -> Window:
        """Where a wall-clock time on a calendar date is, in this clock."""
        if self._fixed:
            at = (day - self.day0).days * MINUTES_PER_DAY + minute
            return Window(at, at)
        early, late = self._utc_range(datetime.combine(day, time()) + timedelta(minutes=minute))
        return Window(self._frame(early), self._frame(late))

    def day_start(self, day: int) -> float:
        """The frame minute of the local midnight that starts plan day ``day``."""
        if self._fixed:
            return float(day * MINUTES_PER_DAY)
        return self._frame(self._utc_range(datetime.combine(self.day0 + timedelta(days=day), time()))[0])

    def exact(self, moment: Moment) -> float:
        """The frame minute of a moment written with its time of day and UTC offset."""
        if self.zone is None:
            # No clock with an offset (never so for a plan whose moments carry one, see
            # for_plan): the moment is read on the plain clock, as written.
            return self.wall(moment.day, moment.minute).earliest
        local = datetime.combine(moment.day, time()) + timedelta(minutes=moment.minute)
        return self._frame((local.replace(tzinfo=moment.tz) - _EPOCH_UTC) / timedelta(minutes=1))

    def local(self, frame_minute: float) -> tuple[int, float]:
        """(day number, wall-clock minute) of a frame minute, in this clock."""
        utc = self._origin + frame_minute
        instant = _EPOCH_UTC + timedelta(minutes=utc)
        if self.zone is None:
            wall = instant.replace(tzinfo=None)
        else:
            wall = instant.astimezone(self.zone).replace(tzinfo=None)
        day = (wall.date() - self.day0).days
        return day, wall.hour * 60 + wall.minute + wall.second / 60

    def offset_at(self, frame_minute: float) -> timedelta | None:
        """The clock's UTC offset at a moment (a zone's changes with the season); None without one."""
        if self.zone is None:
            return None
        instant = _EPOCH_UTC + timedelta(minutes=self._origin + frame_minute)
        return instant.astimezone(self.zone).utcoffset()

    def label(self) -> str:
        """'Europe/London', 'UTC+01:00' or '' (no offset known): how messages name this clock."""
        if self.zone_name is not None:
            return self.zone_name
        if self.zone is None:
            return ""
        return "UTC" + format_offset(self.zone)

    # -- placing -----------------------------------------------------------------------

    def place_day(self, day: int, clock: str | None) -> Placement:
        """``day: N`` with an optional ``time: "HH:MM"``: a wall-clock time on plan day N."""
        if clock is None:
            start = self.day_start(day)
            return Placement(day, None, start, self.day_start(day + 1) - 1)
        minute = parse_clock(clock)
        if self._fixed:
            at = day * MINUTES_PER_DAY + minute
            return Placement(day, minute, at, at)
        window = self.wall(self.day0 + timedelta(days=day), minute)
        return Placement(day, minute, window.earliest, window.latest)

    def place_instant(self, instant: Moment) -> tuple[Placement, tuple[str, str] | None]:
        """An ``at:`` session, and ``(whose time zone, its label)`` when the day and time it
        is shown with are converted from another UTC offset than the one written."""
        if instant.tz is None or self.zone is None:
            window = self.wall(instant.day, instant.minute or 0)
            day = (instant.day - self.day0).days
            return Placement(day, round(instant.minute or 0), window.earliest, window.latest), None
        at = self.exact(instant)
        if self.injury_offset_unknown:
            # The plan's clock is only a guess: the session's day and time are shown as written.
            return Placement((instant.day - self.day0).days, round(instant.minute), at, at), None
        day, minute = self.local(at)
        written = instant.tz.utcoffset(None)
        converted = None
        if written != self.offset_at(at):
            converted = (self.whose, self.label())
        return Placement(day, round(minute), at, at), converted

    def place_moment(self, moment: Moment, *, for_instants: bool = False) -> Window:
        """Where an injury or an operation can be: its whole day when it has no time of
        day; an exact instant with one. ``for_instants``: when the moment has a time but no
        UTC offset and the plan's clock is only guessed from another offset, the span of
        every offset on Earth (UTC+14:00 to UTC-12:00)."""
        if not moment.has_time:
            start = self.wall(moment.day, 0).earliest
            end = self.wall(moment.day + timedelta(days=1), 0).earliest
            return Window(start, end)
        if moment.tz is not None and self.zone is not None:
            at = self.exact(moment)
            return Window(at, at)
        if for_instants and self.injury_offset_unknown:
            local = datetime.combine(moment.day, time()) + timedelta(minutes=moment.minute)
            as_utc = lambda offset: (local.replace(tzinfo=timezone(offset)) - _EPOCH_UTC) / timedelta(minutes=1)  # noqa: E731
            return Window(self._frame(as_utc(EARLIEST_OFFSET)), self._frame(as_utc(LATEST_OFFSET)))
        return self.wall(moment.day, moment.minute)

    def elapsed(self, injury: Moment, placement: Placement, session_offset: tzinfo | None = None, text: str = "") -> Elapsed:
        """The least elapsed time since ``injury`` consistent with the file, never below zero.
        ``session_offset``: the UTC offset the session was written with (an ``at:`` session);
        ``text``: ``occurred`` as written, for the unknown-offset note."""
        key = (injury, placement, session_offset, text)
        known = self._elapsed.get(key)
        if known is None:
            if len(self._elapsed) >= ELAPSED_KEPT:  # a clock is shared by plans with the same anchors
                self._elapsed.clear()
            known = self._elapsed[key] = self._elapsed_since(injury, placement, session_offset, text)
        return known

    def _elapsed_since(self, injury: Moment, placement: Placement, session_offset: tzinfo | None, text: str) -> Elapsed:
        unknown = self.injury_offset_unknown and injury.has_time and session_offset is not None
        window = self._moments.get((injury, unknown))
        if window is None:
            window = self._moments[(injury, unknown)] = self.place_moment(injury, for_instants=unknown)
        raw = (placement.earliest - window.latest) / 60
        return Elapsed(
            hours=max(0.0, raw),
            before_injury=raw < 0,
            certainly_before=placement.latest < window.earliest,
            assumed=not (injury.has_time and placement.has_time) or unknown,
            injury_time_missing=not injury.has_time,
            session_time_missing=not placement.has_time,
            offset_unknown=(text, format_offset(session_offset)) if unknown else None,
        )


# --------------------------------------------------------------------------- the plain clock


def place_day(day: int, clock: str | None) -> Placement:
    """A ``day``/``time`` session on one clock with no time zone (version 1's reading of a plan
    without offsets)."""
    return _PLAIN.place_day(day, clock)


def place_instant(injury: Moment, instant: Moment, local: tzinfo | None = None) -> Placement:
    """An ``at:`` session, seen in the plan's local offset: the injury's, else ``local``
    (the first offset an ``at:`` gives), so that instants in different offsets compare
    as the absolute instants they are."""
    clock = Clock.for_plan(injury, [Moment(injury.day, 0, local)] if local is not None else [])
    return clock.place_instant(instant)[0]


def elapsed_since(injury: Moment, placement: Placement) -> Elapsed:
    """The least elapsed time consistent with the file, never below zero (one clock)."""
    return Clock(injury.day, injury.tz).elapsed(injury, placement)


def certainly_before_injury(injury: Moment, placement: Placement) -> bool:
    """True only when the session is before the injury whatever the missing times are."""
    return Clock(injury.day, injury.tz).elapsed(injury, placement).certainly_before


_PLAIN = Clock(date(2000, 1, 1))


def certainly_earlier(a: Placement, b: Placement) -> bool:
    """``a`` is before ``b`` whatever times of day the file leaves out."""
    return a.latest < b.earliest


def describe_placement(placement: Placement) -> str:
    """'day 1 at 09:00' or 'day 3'."""
    if placement.minute is None:
        return f"day {placement.day}"
    return f"day {placement.day} at {format_clock(placement.minute)}"


def describe_assumption(elapsed: Elapsed) -> str:
    """The clause a message adds when a time was assumed ('' when exact)."""
    if not elapsed.assumed:
        return ""
    parts = []
    if elapsed.injury_time_missing and elapsed.session_time_missing:
        parts.append(
            "no time of day for the injury or the session: planlint assumes the end of the injury day and the start of the session day"
        )
    elif elapsed.injury_time_missing:
        parts.append("no time of day for the injury: planlint assumes the end of its day")
    elif elapsed.session_time_missing:
        parts.append("no time of day for the session: planlint assumes the start of its day")
    if elapsed.offset_unknown is not None:
        parts.append(describe_unknown_offset(elapsed, latest=True))
    return "; ".join(parts)


def describe_unknown_offset(elapsed: Elapsed, latest: bool) -> str:
    """Why the injury's instant is a range, and the offset to add: ``latest`` (minimum-time
    rules take the injury at UTC-12:00) or the earliest (PL101 takes it at UTC+14:00)."""
    written, offset = elapsed.offset_unknown
    moment = parse_moment(written)
    clock_time = format_clock(moment.minute)
    extreme = "latest" if latest else "earliest"
    at = "UTC-12:00" if latest else "UTC+14:00"
    suggestion = f"{moment.day.isoformat()}T{clock_time}:{int(round((moment.minute % 1) * 60)):02d}{offset}"
    return (
        f"`occurred` ({written}) has no UTC offset, so planlint takes the {extreme} the injury can have been "
        f"({clock_time} at {at}); add the offset, e.g. `occurred: {suggestion}` if the injury happened in this "
        f"session's UTC offset ({offset})"
    )


def load_zone(name: str) -> tzinfo:
    """An IANA time zone by name (``Europe/London``), through :mod:`zoneinfo`; TimeError
    naming the zone when the system's time zone database does not know it."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError, OSError, UnicodeError):
        raise TimeError(f"'{name}' is not a time zone planlint knows") from None


def known_zones() -> list[str]:
    """Every IANA zone name the system knows (for a "did you mean")."""
    from zoneinfo import available_timezones

    try:
        return sorted(available_timezones())
    except OSError:  # pragma: no cover - an unreadable zone directory
        return []
