"""The day axis every chart of a plan shares, so a column on the page is one moment in time.

A plan that starts long after the injury (an ACL plan from week 34) gets a
broken axis: the injury and its first days on the left, then the sessions,
so the sessions do not shrink into the last tenth of the page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from planlint.htmlreport.layout import PlanLayout, minutes_to_days

#: The axis breaks when the first session is at least this many days after the injury...
BREAK_MIN_DAYS = 14
#: ... and that wait is more than this share of the whole plan.
BREAK_MIN_SHARE = 0.35
#: Share of the width the injury's own segment gets on a broken axis.
FIRST_SEGMENT_SHARE = 0.14
BREAK_GAP = 18  # px between the two segments
MIN_DAYS = 7  # a short plan still spans a week, so a day keeps a sane width


@dataclass(frozen=True)
class Segment:
    start: float  # days
    end: float
    x0: float
    x1: float

    @property
    def px_per_day(self) -> float:
        return (self.x1 - self.x0) / (self.end - self.start)

    def x(self, day: float) -> float:
        return self.x0 + (day - self.start) * self.px_per_day


class TimeScale:
    """Days after the injury day's midnight -> x in px, possibly in two segments."""

    def __init__(self, ranges: list[tuple[float, float]], left: float, right: float) -> None:
        self.left, self.right = left, right
        usable = right - left - BREAK_GAP * (len(ranges) - 1)
        shares = [1.0] if len(ranges) == 1 else [FIRST_SEGMENT_SHARE, 1 - FIRST_SEGMENT_SHARE]
        self.segments: list[Segment] = []
        x = left
        for (start, end), share in zip(ranges, shares):
            width = usable * share
            self.segments.append(Segment(start, end, x, x + width))
            x += width + BREAK_GAP

    @classmethod
    def for_layout(cls, layout: PlanLayout, left: float, right: float) -> TimeScale:
        start = float(min(0, layout.first_day))
        injury_day = minutes_to_days(layout.injury_at)
        windows_end = max([injury_day] + [minutes_to_days(end) for _hours, end in layout.windows])
        end = max(math.ceil(minutes_to_days(layout.end)), math.ceil(windows_end), start + MIN_DAYS)
        sessions = layout.sessions
        first = min((s.day for s in sessions), default=0)
        if first >= BREAK_MIN_DAYS and first - start > BREAK_MIN_SHARE * (end - start):
            head_end = max(math.ceil(windows_end), math.floor(injury_day) + 3)
            if first - 1 > head_end + 1:
                return cls([(start, float(head_end)), (float(first - 1), float(end))], left, right)
        return cls([(start, float(end))], left, right)

    @property
    def broken(self) -> bool:
        return len(self.segments) > 1

    def segment_of(self, day: float) -> Segment | None:
        return next((s for s in self.segments if s.start <= day <= s.end), None)

    def visible(self, day: float) -> bool:
        return self.segment_of(day) is not None

    def x(self, day: float) -> float:
        """x of ``day``; a day hidden by the break is drawn at the nearer edge."""
        segment = self.segment_of(day)
        if segment is not None:
            return segment.x(day)
        best = min(self.segments, key=lambda s: min(abs(day - s.start), abs(day - s.end)))
        return best.x0 if day < best.start else best.x1

    def x_minutes(self, minutes: float) -> float:
        return self.x(minutes_to_days(minutes))

    def span(self, start: float, end: float) -> list[tuple[float, float]]:
        """The visible pieces of the day range [start, end] as (x0, x1) pairs."""
        pieces = []
        for segment in self.segments:
            lo, hi = max(start, segment.start), min(end, segment.end)
            if hi > lo:
                pieces.append((segment.x(lo), segment.x(hi)))
        return pieces

    def breaks(self) -> list[tuple[float, float, float]]:
        """(x, hidden first day, hidden last day) for each break."""
        out = []
        for before, after in zip(self.segments, self.segments[1:]):
            out.append(((before.x1 + after.x0) / 2, before.end, after.start))
        return out

    def ticks(self, min_px: float = 30) -> list[tuple[float, int, bool]]:
        """(x, day, labelled) for whole days: every day a tick when there is room, a label every
        1, 2, 7, 14 or 28 days (the smallest step that leaves ``min_px`` between labels)."""
        out = []
        for segment in self.segments:
            ppd = segment.px_per_day
            step = next((s for s in (1, 2, 7, 14, 28, 56) if s * ppd >= min_px), 112)
            for day in range(math.ceil(segment.start), math.floor(segment.end) + 1):
                labelled = day % step == 0
                if labelled or ppd >= 5:
                    out.append((segment.x(day), day, labelled))
        return out
