"""Shared wording and small queries for rule messages (also for plugin authors, via planlint.api).

Messages state the measured fact and the threshold in a coach's words; these
helpers keep that wording the same across rule packs.
"""

from __future__ import annotations

import math
import re

from planlint.numbers import format_hours, format_number
from planlint.timeline import describe_assumption, describe_placement

__all__ = [
    "after_injury",
    "mode_advice",
    "name_has_word",
    "region_advice",
    "describe_assumption",
    "format_gap",
    "format_hours",
    "format_number",
    "has_gate",
    "missing_times_advice",
    "least_hours_between",
    "times_assumed_between",
    "when",
]


def when(session) -> str:
    """'day 1 at 09:00' or 'day 3'; an `at:` session is quoted as written, with its day
    and, when written in another UTC offset than the plan's, the time it converts to:
    '2026-03-15T08:30:00+02:00 (day 1 at 07:30 in the injury's time zone, UTC+01:00)' or
    '... (day 1 at 06:30 in the plan's time zone, Europe/London)'."""
    if session.at is None:
        return describe_placement(session.placement)
    if session.converted_to is None:
        return f"{session.at} (day {session.placement.day})"
    whose, label = session.converted_to
    return f"{session.at} ({describe_placement(session.placement)} in {whose} time zone, {label})"


def after_injury(session, extra: str = "") -> str:
    """'15.5 h after the injury' or 'at least 6.5 h after the injury (no time of day ...)'.

    ``extra`` is added after the hours, e.g. ' (13.9 days)'.
    """
    if session.elapsed.before_injury:
        return "before the injury (counted as 0 h after it)"
    hours = format_hours(session.elapsed.hours) + extra
    if not session.elapsed.assumed:
        return f"{hours} after the injury"
    return f"at least {hours} after the injury ({describe_assumption(session.elapsed)})"


def has_gate(plan, session, test: str, accept=None) -> bool:
    """Whether a gate of ``test`` (meeting ``accept``) was passed before ``session``."""
    return plan.has_passed(session, test, accept)


def least_hours_between(earlier, later) -> float:
    """The least time from ``earlier`` to ``later`` the file allows: the latest possible
    start of the earlier session to the earliest possible start of the later one."""
    return (later.placement.earliest - earlier.placement.latest) / 60


def format_gap(hours: float) -> str:
    """A short time between two sessions: '1 min', '45 min', or hours as ``format_hours`` writes them
    (rounded down, so a gap just under a limit never shows as the limit)."""
    if hours < 1:
        return f"{max(0, math.floor(round(hours * 60, 6)))} min"
    return format_hours(hours)


def missing_times_advice(*sessions) -> str:
    """What to write when sessions lack a time of day ('' when they all have one)."""
    untimed = [when(s) for s in sessions if not s.placement.has_time]
    if not untimed:
        return ""
    which = " and ".join(untimed)
    return f'give the session{"s" if len(untimed) > 1 else ""} on {which} a time of day (`time: "HH:MM"`) so planlint can count the hours'


def times_assumed_between(earlier, later, earlier_name: str, later_name: str) -> str:
    """The clause that says which times of day :func:`least_hours_between` had to assume
    ('' when both sessions have one); the names say which session is which."""
    earlier_missing = not earlier.placement.has_time
    later_missing = not later.placement.has_time
    if earlier_missing and later_missing:
        return (
            f" (no time of day for either session: planlint assumes {earlier_name} started at the end "
            f"of its day and {later_name} at the start of its day)"
        )
    if earlier_missing:
        return f" (no time of day for {earlier_name}: planlint assumes the end of its day)"
    if later_missing:
        return f" (no time of day for {later_name}: planlint assumes the start of its day)"
    return ""


def _declare(plan) -> str:
    return " (declare `planlint: 1.1` first)" if plan.is_v1 else ""


def region_advice(plan, exercise) -> str:
    """The clause that tells a coach how to say an exercise is upper-body or trunk work ('' when
    it states a region, inline or from the catalog): without one it is judged as if it loaded
    the injured limb. Never a fix: only the coach knows."""
    if exercise.region is not None:
        return ""
    return f"; if '{exercise.name}' is upper-body or trunk work, write `region: upper` or `region: trunk` on it{_declare(plan)}"


def mode_advice(plan, exercise) -> str:
    """The clause that tells a coach to give a conditioning exercise's mode ('' when it has one)."""
    if exercise.mode is not None:
        return ""
    return (
        f"; if '{exercise.name}' is not running, give its mode (`mode: bike`, `swim`, `aqua_run`, `elliptical`, "
        f"`row`, `walk` or `other`) and its intensity as `hr_max`{_declare(plan)}"
    )


_WORD = re.compile(r"[a-z0-9]+")


def name_has_word(name: str, entries, *, by_start: bool = False) -> str | None:
    """The first of ``entries`` (words or phrases, case-insensitive) that ``name`` contains as
    whole words, a plural 's' allowed on the last ("Nordics" has "nordic"); with ``by_start``
    the last word matches by its start ("Kicks" has "kick", "Long passing" has "long pass").
    None when none."""
    words = _WORD.findall(name.lower())
    for entry in entries:
        target = _WORD.findall(entry.lower())
        if not target:
            continue
        last = target[-1]
        for i in range(len(words) - len(target) + 1):
            window = words[i : i + len(target)]
            if window[:-1] != target[:-1]:
                continue
            if window[-1].startswith(last) if by_start else window[-1] in (last, last + "s"):
                return entry
    return None
