"""Placing sessions in time, conservatively.

A plan must prove it is safe: when a time of day is missing, planlint takes the
*least* elapsed time since the injury that the file allows (injury at the end
of its day, session at the start of its day). Ordering between sessions is
"certain" only when the file leaves no doubt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

MINUTES_PER_DAY = 24 * 60
#: Dates outside these years are typos (and would overflow date arithmetic).
MIN_YEAR, MAX_YEAR = 1900, 2999

_MOMENT = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|z|[+-]\d{2}:?\d{2})?)?$"
)


class TimeError(ValueError):
    """A date or time that cannot be read."""


@dataclass(frozen=True)
class Moment:
    """An injury or session instant as written: a calendar date, maybe a time, maybe an offset."""

    day: date
    minute: int | None  # minutes after local midnight, None when no time of day is given
    tz: tzinfo | None

    @property
    def has_time(self) -> bool:
        return self.minute is not None


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


def format_offset(tz: tzinfo) -> str:
    """A UTC offset as written in ISO 8601: '+01:00', '-05:30'."""
    minutes = int((tz.utcoffset(None) or timedelta()).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def parse_clock(text) -> int:
    """``"09:00"`` -> 540 minutes after midnight."""
    hours, minutes = str(text).strip().split(":")
    return int(hours) * 60 + int(minutes)


@dataclass(frozen=True)
class Placement:
    """Where a session sits relative to the injury day's local midnight (day 0, 00:00).

    ``earliest``/``latest`` are minutes: equal when the time of day is known, a
    whole day apart otherwise.
    """

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


def place_day(day: int, clock: str | None) -> Placement:
    if clock is None:
        start = day * MINUTES_PER_DAY
        return Placement(day, None, start, start + MINUTES_PER_DAY - 1)
    minute = parse_clock(clock)
    at = day * MINUTES_PER_DAY + minute
    return Placement(day, minute, at, at)


def place_instant(injury: Moment, instant: Moment, local: tzinfo | None = None) -> Placement:
    """An ``at:`` session, seen in the plan's local offset: the injury's, else ``local``
    (the first offset an ``at:`` gives), so that instants in different offsets compare
    as the absolute instants they are."""
    when = datetime.combine(instant.day, time()) + timedelta(minutes=instant.minute or 0)
    reference = injury.tz or local
    if instant.tz is not None and reference is not None:
        when = when.replace(tzinfo=instant.tz).astimezone(reference).replace(tzinfo=None)
    delta = when - datetime.combine(injury.day, time())
    minutes = delta.days * MINUTES_PER_DAY + delta.seconds / 60
    day = delta.days
    minute = round(minutes - day * MINUTES_PER_DAY)
    return Placement(day, minute, minutes, minutes)


def elapsed_since(injury: Moment, placement: Placement) -> Elapsed:
    """The least elapsed time consistent with the file, never below zero."""
    injury_latest = injury.minute if injury.has_time else MINUTES_PER_DAY
    raw = (placement.earliest - injury_latest) / 60
    return Elapsed(
        hours=max(0.0, raw),
        before_injury=raw < 0,
        assumed=not (injury.has_time and placement.has_time),
        injury_time_missing=not injury.has_time,
        session_time_missing=not placement.has_time,
    )


def certainly_before_injury(injury: Moment, placement: Placement) -> bool:
    """True only when the session is before the injury whatever the missing times are."""
    injury_earliest = injury.minute if injury.has_time else 0
    return placement.latest < injury_earliest


def certainly_earlier(a: Placement, b: Placement) -> bool:
    """``a`` is before ``b`` whatever times of day the file leaves out."""
    return a.latest < b.earliest


def describe_placement(placement: Placement) -> str:
    """'day 1 at 09:00' or 'day 3'."""
    if placement.minute is None:
        return f"day {placement.day}"
    hours, minutes = divmod(int(placement.minute), 60)
    return f"day {placement.day} at {hours:02d}:{minutes:02d}"


def describe_assumption(elapsed: Elapsed) -> str:
    """The clause a message adds when a time of day was assumed ('' when exact)."""
    if not elapsed.assumed:
        return ""
    if elapsed.injury_time_missing and elapsed.session_time_missing:
        return "no time of day for the injury or the session: planlint assumes the end of the injury day and the start of the session day"
    if elapsed.injury_time_missing:
        return "no time of day for the injury: planlint assumes the end of its day"
    return "no time of day for the session: planlint assumes the start of its day"
