"""Where things sit in time: sessions, phases, gates and findings, from the typed model.

All times here are wall-clock minutes after the midnight that starts day 0 of
the plan's count, in the plan's clock (its ``timezone``, else the injury's
offset): day N at 09:00 is N x 1440 + 540, on both sides of a clock change, so
every label the charts write (``day 2 at 06:30``) is a time the coach reads on
a clock there. Without a ``timezone`` this is the frame
:class:`planlint.timeline.Placement` uses; with one, real minutes (which the
rules measure) are turned into wall-clock ones here. Charts turn minutes into
days. Nothing here reads YAML: the plan model and the findings are the only
inputs, so the report shows exactly what ``check`` judged.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from planlint.findings import Finding
from planlint.model import Gate, Phase, Plan, Session
from planlint.positions import Span
from planlint.rules.rule import TimeWindow
from planlint.timeline import MINUTES_PER_DAY, describe_placement


@dataclass(frozen=True)
class PhaseExtent:
    phase: Phase
    start: float  # minutes
    end: float
    scheduled: bool  # False: the phase has no session; start == end is where its exits are credited


@dataclass(frozen=True)
class GateMark:
    """A gate at the moment it starts to count for later sessions."""

    gate: Gate
    at: float  # minutes
    how: str  # "checked" (in a session's checks) | "exit" (a phase's exit) | "unassessed" (exit of a phase with no session)
    where: str  # "checked on day 3 at 10:00", "exit of phase 'protect'"


@dataclass(frozen=True)
class Pin:
    finding: Finding
    number: int  # 1-based, the finding's number in the list under the charts
    at: float | None  # minutes; None: the finding concerns the whole plan
    session: Session | None = None
    phase: Phase | None = None


@dataclass
class PlanLayout:
    plan: Plan
    injury_at: float  # minutes: the injury moment, by the conservative rule when its time is missing
    sessions: list[Session]  # chronological
    phases: list[PhaseExtent]
    gates: list[GateMark]
    pins: list[Pin]
    end: float  # minutes: the end of the last session's day (or the last session, when timed)
    #: The time windows the plan's rules enforce from the injury, shortest first, each with its end minute.
    windows: list[tuple[TimeWindow, float]] = field(default_factory=list)

    @property
    def first_day(self) -> int:
        """The first day drawn: day 0, an earlier session's, or the injury's (a negative day
        when days count from the operation)."""
        return min([0, int(self.injury_at // MINUTES_PER_DAY)] + [s.day for s in self.sessions])

    @property
    def last_day(self) -> int:
        return max([0] + [s.day for s in self.sessions])


def session_time(session: Session) -> float:
    """The minute a session's mark stands for: its time, or the middle of its day when untimed."""
    placement = session.placement
    start = placement.day * MINUTES_PER_DAY
    if placement.has_time:
        return float(start + placement.minute)
    return start + (MINUTES_PER_DAY - 1) / 2


def _session_start(session: Session) -> float:
    return float(session.placement.day * MINUTES_PER_DAY + (session.placement.minute or 0))


def wall_minutes(plan: Plan, real: float) -> float:
    """A moment given in real minutes (the rules' frame) as wall-clock minutes in the plan's
    clock: the same number unless the plan has a ``timezone`` (whose clock changes move them)."""
    clock = plan.clock
    if clock is None or clock.zone_name is None:
        return real
    day, minute = clock.local(real)
    return float(day * MINUTES_PER_DAY + minute)


def injury_minute(plan: Plan) -> float:
    """When the injury happened, in wall-clock minutes after day 0's midnight. Without a time
    of day, the end of its day: the rules measure elapsed time from there (the least
    elapsed time). Before day 0 when days count from the operation."""
    occurred = plan.injury.occurred
    clock = plan.clock
    index = (occurred.day - clock.day0).days if clock is not None else 0
    if not occurred.has_time:
        return float((index + 1) * MINUTES_PER_DAY)
    if occurred.tz is not None and clock is not None and clock.zone_name is not None:
        return wall_minutes(plan, clock.exact(occurred))
    return float(index * MINUTES_PER_DAY + occurred.minute)


def _injury_real(plan: Plan) -> float:
    """The injury in real minutes, as the rules measure from it (the end of its day without a time)."""
    clock = plan.clock
    if clock is None or clock.zone_name is None:
        return injury_minute(plan)
    return clock.place_moment(plan.injury.occurred).latest


def contains(outer: Span, inner: Span) -> bool:
    """``inner`` starts within ``outer`` (end-exclusive)."""
    start = (inner.line, inner.column)
    return (outer.line, outer.column) <= start < (outer.end_line, outer.end_column) or (
        outer.line == inner.line and outer.column == inner.column
    )


def build_layout(plan: Plan, findings: list[Finding], windows: Sequence[TimeWindow] = ()) -> PlanLayout:
    """``windows``: the time windows the plan's rules publish (``Linter.published``)."""
    sessions = plan.chronological()
    phases = _phase_extents(plan, sessions)
    gates = _gate_marks(plan, sessions, phases)
    pins = _pins(plan, findings, phases)
    injury = injury_minute(plan)
    end = max([injury] + [_session_end(s) for s in sessions])
    injury_real = _injury_real(plan)
    drawn = [(w, wall_minutes(plan, injury_real + w.hours * 60)) for w in windows]
    return PlanLayout(plan, injury, sessions, phases, gates, pins, end, drawn)


def _phase_extents(plan: Plan, sessions: list[Session]) -> list[PhaseExtent]:
    by_phase: dict[str, list[Session]] = {}
    for session in sessions:
        by_phase.setdefault(session.phase_id, []).append(session)
    extents = []
    for phase in plan.phases:
        own = by_phase.get(phase.id)
        if own:
            extents.append(PhaseExtent(phase, min(_session_start(s) for s in own), max(_session_end(s) for s in own), True))
        else:
            at = _credited_at(plan, phase, by_phase, sessions)
            extents.append(PhaseExtent(phase, at, at, False))
    return extents


def _session_end(session: Session) -> float:
    placement = session.placement
    start = placement.day * MINUTES_PER_DAY
    return float(start + placement.minute if placement.has_time else start + MINUTES_PER_DAY)


def _credited_at(plan: Plan, phase: Phase, by_phase: dict[str, list[Session]], sessions: list[Session]) -> float:
    """Where a phase's exit gates start to count: at the first session of any later phase
    (the model credits them to every session of a later phase, whenever it is). When no
    later phase has sessions: after the phase's own last session, else after the plan."""
    later = [s for p in plan.phases[phase.index + 1 :] for s in by_phase.get(p.id, ())]
    if later:
        return min(_session_start(s) for s in later)
    own = by_phase.get(phase.id)
    if own:
        return max(_session_end(s) for s in own)
    return max([0.0] + [_session_end(s) for s in sessions])


def _gate_marks(plan: Plan, sessions: list[Session], phases: list[PhaseExtent]) -> list[GateMark]:
    marks: list[GateMark] = []
    by_phase: dict[str, list[Session]] = {}
    for session in sessions:
        by_phase.setdefault(session.phase_id, []).append(session)
    for extent in phases:
        if not extent.phase.exit or extent.phase.index == len(plan.phases) - 1:
            continue  # the last phase's exit gates lead nowhere
        at = extent.start if not extent.scheduled else _credited_at(plan, extent.phase, by_phase, sessions)
        how = "exit" if extent.scheduled else "unassessed"
        label = phase_label(extent.phase)
        where = (
            f"exit of phase {label}: counts for every session of a later phase"
            if extent.scheduled
            else f"exit of phase {label}, which has no session: credited without being assessed"
        )
        marks.extend(GateMark(gate, at, how, where) for gate in extent.phase.exit)
    for session in sessions:
        for gate in session.checks:
            marks.append(
                GateMark(
                    gate,
                    session_time(session),
                    "checked",
                    f"checked on {describe_placement(session.placement)}: counts for sessions certainly after it",
                )
            )
    return sorted(marks, key=lambda m: (m.at, m.how))


def _pins(plan: Plan, findings: list[Finding], phases: list[PhaseExtent]) -> list[Pin]:
    """Each finding pinned on the first session (in file order) whose span holds its start,
    else the first phase, else the whole plan: found by lookup, not by scanning every
    session for every finding (10,000 of each took minutes)."""
    starts = [(f.span.line, f.span.column) for f in findings]
    in_session = first_containing([s.span for s in plan.sessions], starts)
    left = [i for i, at in enumerate(in_session) if at is None]
    in_phase = dict(zip(left, first_containing([e.phase.span for e in phases], [starts[i] for i in left])))
    pins = []
    for number, finding in enumerate(findings, 1):
        at = in_session[number - 1]
        occurrence = finding.occurrence
        if occurrence is not None and 0 <= occurrence.session < len(plan.sessions):
            at = occurrence.session  # a template's line: pinned on the session written out from it
        if at is not None:
            session = plan.sessions[at]
            pins.append(Pin(finding, number, session_time(session), session=session))
            continue
        at = in_phase.get(number - 1)
        if at is not None:
            extent = phases[at]
            pins.append(Pin(finding, number, extent.start, phase=extent.phase))
            continue
        pins.append(Pin(finding, number, None))
    return pins


def first_containing(spans: list[Span], points: list[tuple[int, int]]) -> list[int | None]:
    """For each point, the index of the first span in ``spans`` that holds it (as
    :func:`contains` says: from its start to before its end, or at its start), or None.

    n log n whatever the spans (nested, repeated by aliases, out of order): the points
    are sorted once; each span, in order, takes the points in its range that no earlier
    span took, skipping taken ones through a union-find "next free point" chain."""
    order = sorted(range(len(points)), key=points.__getitem__)
    ordered = [points[i] for i in order]
    free = list(range(len(ordered) + 1))  # free[i]: the next untaken point at or after i (path-compressed)

    def next_free(i: int) -> int:
        root = i
        while free[root] != root:
            root = free[root]
        while free[i] != root:
            free[i], i = root, free[i]
        return root

    found: list[int | None] = [None] * len(points)
    for index, span in enumerate(spans):
        start, end = (span.line, span.column), (span.end_line, span.end_column)
        low = bisect_left(ordered, start)
        high = bisect_left(ordered, end) if end > start else bisect_right(ordered, start)
        i = next_free(low)
        while i < high:
            found[order[i]] = index
            free[i] = i + 1
            i = next_free(i + 1)
    return found


def phase_label(phase: Phase) -> str:
    return f"'{phase.name}' ({phase.id})" if phase.name else f"'{phase.id}'"


def minutes_to_days(minutes: float) -> float:
    return minutes / MINUTES_PER_DAY
