"""A plan's time anchors, read once from schema-valid data: its clock, the injury, the
operation, and the day the plan starts.

``validate`` reads them to report what the schema cannot see (a ``surgery`` before
the injury, a session before ``starts``) and the model to place sessions; both read
them here, the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from planlint.timeline import Clock, Moment, TimeError, load_zone, parse_moment


@dataclass(frozen=True)
class Anchors:
    """The plan's anchors in time, read once: day 0's clock, the injury, the operation, the start."""

    clock: Clock
    injury: Moment
    injury_text: str  # `occurred` as written
    surgery: Moment | None
    surgery_text: str | None
    #: ``at:`` instants by session index.
    instants: dict[int, Moment]
    timezone: str | None
    days_from: str  # injury | surgery
    #: The plan day ``starts`` names (on the plan's own count), None when not given.
    starts_day: int | None

    @property
    def injury_day_offset(self) -> int:
        """Plan day numbers + this = calendar days after the injury day."""
        return (self.clock.day0 - self.injury.day).days


def read_anchors(data: dict) -> Anchors:
    """The anchors of a schema-valid plan; TimeError when a date or the zone cannot be read
    (``validate`` reports those before the model is built). Read once per plan: ``validate``
    and the model ask with the same values."""
    injury_raw = data["injury"]
    ats = tuple(s.get("at") if isinstance(s, dict) else None for s in data["sessions"])
    return _read(
        str(injury_raw["occurred"]),
        None if injury_raw.get("surgery") is None else str(injury_raw["surgery"]),
        data.get("timezone"),
        data.get("days_from", "injury"),
        data.get("starts"),
        ats,
    )


@lru_cache(maxsize=32)
def _read(occurred: str, surgery_text: str | None, zone_name: str | None, days_from: str, starts, ats: tuple) -> Anchors:
    injury = parse_moment(occurred)
    surgery = None if surgery_text is None else parse_moment(surgery_text)
    zone = None if zone_name is None else load_zone(zone_name)
    day0 = surgery.day if days_from == "surgery" and surgery is not None else injury.day
    instants = {i: parse_moment(at) for i, at in enumerate(ats) if at is not None}
    offsets = list(instants.values()) + ([surgery] if surgery is not None else [])
    clock = Clock.for_plan(injury, offsets, zone, zone_name, day0)
    return Anchors(
        clock=clock,
        injury=injury,
        injury_text=occurred,
        surgery=surgery,
        surgery_text=surgery_text,
        instants=instants,
        timezone=zone_name,
        days_from=days_from,
        starts_day=_starts_day(starts, day0),
    )


def _starts_day(value, day0: date) -> int | None:
    """``starts: 12`` (a plan day) or ``starts: 2026-05-02`` (a date) -> the plan day."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)  # `starts: 12.0`: a whole number, as the schema's "integer" reads it
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    moment = parse_moment(value)
    if moment.has_time:
        raise TimeError(f"'{value}' is a date-time; `starts` is a date (or a day number)")
    return (moment.day - day0).days
