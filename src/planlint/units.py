"""Durations, distances and percentages, parsed once with errors a coach can act on."""

from __future__ import annotations

import functools
import math
import re

from planlint.limits import REMEMBERED, REMEMBERED_LENGTH
from planlint.numbers import format_number
from planlint.quoting import describe_number, quote

_NUMBER_UNIT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z%]*)\s*$")

_DURATION_UNITS = {"s": 1 / 3600, "sec": 1 / 3600, "min": 1 / 60, "h": 1.0, "d": 24.0, "w": 168.0}
_DISTANCE_UNITS = {"m": 1.0, "km": 1000.0}
_DURATION_EXAMPLES = "30s, 5min, 36h, 3d or 2w"
_DISTANCE_EXAMPLES = "30m or 1.2km"
# Common ways of writing a unit that planlint does not accept, and what to write instead.
_DURATION_SYNONYMS = {
    "m": "min",
    "mins": "min",
    "minute": "min",
    "minutes": "min",
    "hr": "h",
    "hrs": "h",
    "hour": "h",
    "hours": "h",
    "sec": "s",
    "secs": "s",
    "second": "s",
    "seconds": "s",
    "day": "d",
    "days": "d",
    "week": "w",
    "weeks": "w",
    "wk": "w",
    "wks": "w",
}


def duration_unit_meant(unit: str) -> str | None:
    """The duration unit ``unit`` clearly stands for, for a message and its fix: a
    synonym (``mins``, ``hrs``), a case slip (``Min``), or a misspelling within one
    typing slip of units that all mean the same (``minn``: ``min`` or ``mins``);
    None when there is none or the choice is not clear. Never for ``m`` (metres or
    minutes: only ``duration`` and ``hold`` say minutes)."""
    from planlint.suggest import edit_distance

    if not isinstance(unit, str) or not unit or len(unit) > 12 or unit.lower() == "m":
        return None
    lower = unit.lower()
    if lower in _DURATION_UNITS:
        return None if unit == lower else ("s" if lower == "sec" else lower)
    if lower in _DURATION_SYNONYMS:
        return _DURATION_SYNONYMS[lower]
    if len(lower) < 3:
        return None
    spellings = {**{u: ("s" if u == "sec" else u) for u in _DURATION_UNITS if u != "s"}, **_DURATION_SYNONYMS}
    spellings.pop("m", None)
    meant = {canonical for written, canonical in spellings.items() if edit_distance(lower, written) <= 1}
    return meant.pop() if len(meant) == 1 else None


#: Longer durations are typos (or attacks): ten years, in hours.
MAX_DURATION_HOURS = 10 * 365.25 * 24
#: Longer distances are typos: 1000 km.
MAX_DISTANCE_METRES = 1_000_000.0
#: Larger percentages are typos.
MAX_PERCENT = 1_000_000.0


class UnitError(ValueError):
    """A value with a missing or unknown unit; the message says what to write."""


def _remembered(parse):
    """``parse(value, name)`` keeping its results for short text values, up to REMEMBERED
    of them: the schema check and the model parse every value, and plans repeat them.
    A result does not depend on ``name``, which only words the errors (never kept)."""
    results: dict[str, float] = {}
    default_name = parse.__defaults__[0]

    @functools.wraps(parse)
    def remembered(value, name: str = default_name) -> float:
        if value.__class__ is not str or len(value) > REMEMBERED_LENGTH:
            return parse(value, name)
        result = results.get(value)
        if result is None:
            result = parse(value, name)
            if len(results) >= REMEMBERED:
                results.clear()
            results[value] = result
        return result

    return remembered


def _split(value, what: str, examples: str) -> tuple[float, str]:
    if isinstance(value, bool) or value is None:
        raise UnitError(f"{what} {value!r} needs a number and a unit, e.g. {examples}")
    if isinstance(value, (int, float)):
        raise UnitError(f"{what} {describe_number(value)} has no unit; write it with one, e.g. {examples}")
    match = _NUMBER_UNIT.match(str(value))
    if not match:
        raise UnitError(f"{what} '{quote(str(value))}' is not a number with a unit; write e.g. {examples}")
    return float(match.group(1)), match.group(2)


def _at_most(amount: float, limit: float, what: str, value, words: str) -> float:
    """``amount`` when finite and at most ``limit``; a UnitError naming the limit otherwise."""
    if not math.isfinite(amount) or amount > limit:
        raise UnitError(f"{what} '{quote(str(value))}' is more than {words}; check the number")
    return amount


@_remembered
def parse_duration_hours(value, name: str = "duration") -> float:
    """``"36h"`` -> 36.0; ``"30m"`` raises with a hint to write ``30min``.
    ``name`` is how messages call the value (the key it was written under)."""
    number, unit = _split(value, name, _DURATION_EXAMPLES)
    if unit in _DURATION_UNITS:
        return _at_most(number * _DURATION_UNITS[unit], MAX_DURATION_HOURS, name, value, "10 years")
    suggestion = duration_unit_meant(unit)
    if unit == "m":
        raise UnitError(
            f"{name} '{quote(str(value))}' uses 'm', which planlint reads as metres (a distance); "
            f"for minutes write '{format_number(number, 6)}min'"
        )
    if suggestion:
        raise UnitError(
            f"{name} '{quote(str(value))}' has an unknown unit '{quote(unit)}'; write '{format_number(number, 6)}{suggestion}'"
        )
    raise UnitError(f"{name} '{quote(str(value))}' has no known unit; use s, min, h, d or w, e.g. {_DURATION_EXAMPLES}")


@_remembered
def parse_distance_metres(value, name: str = "distance") -> float:
    """``"1.2km"`` -> 1200.0."""
    number, unit = _split(value, name, _DISTANCE_EXAMPLES)
    if unit in _DISTANCE_UNITS:
        return _at_most(number * _DISTANCE_UNITS[unit], MAX_DISTANCE_METRES, name, value, "1000 km")
    if unit in _DURATION_UNITS or unit.lower() in _DURATION_SYNONYMS:
        raise UnitError(f"{name} '{quote(str(value))}' is a duration; a distance is in m or km, e.g. {_DISTANCE_EXAMPLES}")
    raise UnitError(f"{name} '{quote(str(value))}' has no known unit; use m or km, e.g. {_DISTANCE_EXAMPLES}")


@_remembered
def parse_percent(value, name: str = "percentage") -> float:
    """``"70%"`` or ``70`` -> 70.0; a bare fraction (``0.9``) is refused with the percentage to write."""
    if isinstance(value, bool) or value is None:
        raise UnitError(f"{name} {value!r} must be a percentage such as 70%")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise UnitError(f"{name} must be a finite number, found {describe_number(value)}")
        if abs(value) > MAX_PERCENT:
            raise UnitError(f"{name} {describe_number(value)} is more than a million percent; check the number")
        if 0 < value < 1:
            raise UnitError(
                f"{name} {value} looks like a fraction; write {format_number(value * 100, 6)}% "
                f"(a bare number is read as percent, so {value} would mean {value}%)"
            )
        return float(value)
    number, unit = _split(value, name, "70%")
    if unit not in ("%", ""):
        raise UnitError(f"{name} '{quote(str(value))}' must be a percentage such as 70%")
    return _at_most(number, MAX_PERCENT, name, value, "a million percent")
