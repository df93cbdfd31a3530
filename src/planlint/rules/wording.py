"""Shared wording and small queries for rule messages (also for plugin authors).

Messages state the measured fact and the threshold in a coach's words; these
helpers keep that wording the same across rule packs.
"""

from __future__ import annotations

from planlint.timeline import describe_assumption, describe_placement
from planlint.units import format_hours


def when(session) -> str:
    """'day 1 at 09:00' or 'day 3'."""
    return describe_placement(session.placement)


def number(value: float) -> str:
    """70.0 -> '70', 12.25 -> '12.2'."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


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
