"""The typed, immutable plan that rules read, with its resolved timeline.

Built only from data the schema accepted, so types are known; what the schema
cannot see (unknown phase ids, exercises the catalog does not know) becomes
PL004/PL005 findings here.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from planlint.anchors import read_anchors
from planlint.catalog import Catalog
from planlint.codes import PL004, PL005
from planlint.findings import Finding
from planlint.positions import PositionIndex, SourceRef, Span
from planlint.sites import DEFAULT_SITES, MUSCULOSKELETAL, SiteRegistry
from planlint.suggest import did_you_mean, only_close_match
from planlint.timeline import (
    Clock,
    Elapsed,
    Moment,
    Placement,
    certainly_earlier,
    describe_placement,
)
from planlint.units import parse_distance_metres, parse_duration_hours, parse_percent

#: Exercise regions that do not load the injured limb: the rules that judge how an
#: exercise loads it (HS002, HS003, HS006, HS012, PL111, ...) leave them alone.
NOT_THE_LIMB = frozenset({"upper", "trunk"})


@dataclass(frozen=True)
class Injury:
    """The injury a plan treats: site, type, grade and when it happened (and the operation, if any)."""

    site: str
    type: str
    occurred: Moment
    occurred_text: str  # as written in the plan
    grade: str | int | None = None
    tissue: str | None = None
    side: str | None = None
    recurrence: bool = False
    source: SourceRef = field(default_factory=SourceRef)  # the `injury` key
    #: Format 1.1: the operation (``injury.surgery``), as read and as written; rules about
    #: post-operative time measure from it (:meth:`Plan.since_surgery`).
    surgery: Moment | None = None
    surgery_text: str | None = None

    @property
    def span(self) -> Span:
        return self.source.span


@dataclass(frozen=True)
class Athlete:
    """The pseudonymous athlete reference (never a name), and (format 1.1) what rule packs
    need for policies that differ by age and level."""

    ref: str | None = None
    position: str | None = None
    age: int | None = None  # whole years at the injury
    level: str | None = None  # community | academy | elite
    student: bool | None = None  # in school or education


@dataclass(frozen=True)
class Monitoring:
    """How the plan watches pain and soreness: the limits and rules a coach sets."""

    source: SourceRef  # the `monitoring` key
    pain_scale: str | None = None
    max_pain_during: float | None = None
    next_morning_rule: bool | None = None
    reassess_soreness_after_hours: float | None = None
    reassess_source: SourceRef | None = None  # the `reassess_soreness_after` key
    markers: tuple[str, ...] = ()
    max_pain_source: SourceRef | None = None  # the `max_pain_during` key

    @property
    def span(self) -> Span:
        return self.source.span

    @property
    def reassess_span(self) -> Span | None:
        return None if self.reassess_source is None else self.reassess_source.span

    @property
    def max_pain_span(self) -> Span | None:
        return None if self.max_pain_source is None else self.max_pain_source.span


@dataclass(frozen=True)
class Gate:
    """A criterion: a phase exit or a check run during a session."""

    test: str
    source: SourceRef
    name: str | None = None
    max_pain: float | None = None
    min_lsi: float | None = None
    max_deficit_pct: float | None = None
    # Format 1.1: strength_symmetry's muscle (None: the injured site's), psychological
    # readiness (instrument, min_score), calf raise endurance (min_reps, max_asymmetry_pct).
    muscle: str | None = None
    instrument: str | None = None
    min_score: float | None = None
    min_reps: int | None = None
    max_asymmetry_pct: float | None = None
    extra: Mapping = field(default_factory=dict, compare=False, hash=False)

    def measures(self, *muscles: str) -> bool:
        """Whether a strength test counts for these muscle groups: it names one of them, or
        names none (format 1.1: without `muscle`, it counts for the injured site)."""
        return self.muscle is None or self.muscle in muscles

    @property
    def span(self) -> Span:
        return self.source.span


@dataclass(frozen=True)
class Phase:
    """A phase of the plan, in file order, with the gates that end it."""

    id: str
    index: int  # order in the file: phases run in this order
    source: SourceRef
    name: str | None = None
    goals: tuple[str, ...] = ()
    exit: tuple[Gate, ...] = ()
    # Keys added by plugin schema extensions (e.g. the concussion pack's `stage`).
    extra: Mapping = field(default_factory=dict, compare=False, hash=False)

    @property
    def span(self) -> Span:
        return self.source.span


@dataclass(frozen=True)
class Load:
    """``{rpe: 4}``, ``{percent_1rm: 70}``, ``{kg: 20}`` or ``bodyweight``."""

    kind: str  # rpe | percent_1rm | kg | bodyweight
    value: float | None = None


@dataclass(frozen=True)
class Exercise:
    """An exercise of a session, with what the catalog adds and its amounts in plain units."""

    name: str
    source: SourceRef
    index: int
    ref: str | None = None
    contraction: str | None = None
    kind: str | None = None
    sets: int | None = None
    reps: int | None = None
    hold_hours: float | None = None
    load: Load | None = None
    duration_hours: float | None = None
    intensity_pct: float | None = None
    distance_m: float | None = None
    resisted: bool = False
    tempo: str | None = None
    notes: str | None = None
    in_catalog: bool = False
    #: Format 1.1 (inline or from the catalog): the body region it loads (upper | trunk |
    #: lower | whole; None: not stated, judged as loading the injured limb), a conditioning
    #: mode (run | bike | swim | aqua_run | elliptical | row | walk | other; None: not
    #: stated), percent of maximal heart rate, and any risk of head impact.
    region: str | None = None
    mode: str | None = None
    hr_max_pct: float | None = None
    head_impact_risk: bool = False

    @property
    def span(self) -> Span:
        return self.source.span

    @property
    def loads_injured_limb(self) -> bool:
        """False only for ``region: upper`` or ``trunk``: an exercise that does not say
        which region it loads is judged as if it loaded the injured limb."""
        return self.region not in NOT_THE_LIMB

    @property
    def identity(self) -> str:
        """Same exercise across sessions: same ``ref``, else same ``name``."""
        return f"ref:{self.ref}" if self.ref else f"name:{self.name.strip().lower()}"

    @property
    def is_loaded(self) -> bool:
        """Any load but bodyweight; no stated load counts as loaded (conservative)."""
        return self.load is None or self.load.kind != "bodyweight"


@dataclass(frozen=True)
class Session:
    """A session of the plan: when it falls (and how long after the injury), its phase and its work."""

    index: int  # order in the file
    source: SourceRef
    phase_id: str
    placement: Placement
    elapsed: Elapsed
    phase_source: SourceRef  # the `phase` key
    phase: Phase | None = None
    at: str | None = None  # the `at:` date-time as written
    #: For an `at:` session written in another UTC offset than the plan's clock (its
    #: `timezone`, else the injury's offset, else the first `at:` offset): whose clock that
    #: is and how it is named, e.g. ("the injury's", "UTC+01:00") or ("the plan's",
    #: "Europe/London"); the placement's day and time are in that clock.
    converted_to: tuple[str, str] | None = None
    #: Calendar days after the injury day (the day number under the default
    #: ``days_from: injury``; under ``days_from: surgery``, day + the days from injury to surgery).
    injury_day: int = 0
    duration_minutes: float | None = None
    rpe: float | None = None
    checks: tuple[Gate, ...] = ()
    exercises: tuple[Exercise, ...] = ()
    extra: Mapping = field(default_factory=dict, compare=False, hash=False)

    @property
    def span(self) -> Span:
        return self.source.span

    @property
    def phase_span(self) -> Span:
        return self.phase_source.span

    @property
    def day(self) -> int:
        return self.placement.day

    @property
    def load(self) -> float | None:
        """Foster's session-RPE load (RPE x minutes), when both are planned."""
        if self.rpe is None or self.duration_minutes is None:
            return None
        return self.rpe * self.duration_minutes


@dataclass(frozen=True)
class Plan:
    """A schema-valid plan as the rules read it (the API rule packs are written against)."""

    path: str
    id: str
    title: str
    injury: Injury
    monitoring: Monitoring | None
    phases: tuple[Phase, ...]
    sessions: tuple[Session, ...]  # in file order
    athlete: Athlete | None = None
    sport: str | None = None
    author: str | None = None
    #: The kind of injury its site is (planlint.sites.KINDS), for rules about a kind of injury.
    site_kind: str = MUSCULOSKELETAL
    #: The format version the file declares: 1 or 1.1.
    version: float = 1
    #: Format 1.1 time anchors: the IANA zone name (``timezone``), what ``day: N`` counts
    #: from (``days_from``: injury | surgery), and the plan day ``starts`` names (None: not given).
    timezone: str | None = None
    days_from: str = "injury"
    starts_day: int | None = None
    clock: Clock | None = field(default=None, compare=False, hash=False)

    @property
    def site(self) -> str:
        return self.injury.site

    @property
    def is_v1(self) -> bool:
        """A version 1 file: it cannot say `region`, `mode` and the other 1.1 keys."""
        return self.version == 1

    def date_of(self, session: Session):
        """The calendar date of a session's day, in the plan's clock."""
        from datetime import timedelta

        return self.clock.day0 + timedelta(days=session.day)

    def since_surgery(self, session: Session) -> Elapsed | None:
        """Hours from the operation to ``session`` by the conservative rule (None when the
        plan gives no ``surgery``): for rules about post-operative time."""
        if self.injury.surgery is None:
            return None
        return self.clock.elapsed(self.injury.surgery, session.placement)

    def days_after_surgery(self, session: Session) -> int | None:
        """Calendar days from the day of the operation to the session's day (None without ``surgery``)."""
        if self.injury.surgery is None:
            return None
        return (self.date_of(session) - self.injury.surgery.day).days

    def phase(self, phase_id: str) -> Phase | None:
        return next((p for p in self.phases if p.id == phase_id), None)

    @property
    def last_phase(self) -> Phase:
        return self.phases[-1]

    def chronological(self) -> list[Session]:
        """Sessions by earliest possible time, file order breaking ties."""
        return sorted(self.sessions, key=lambda s: (s.placement.earliest, s.index))

    def exercises(self) -> Iterator[tuple[Session, Exercise]]:
        for session in self.sessions:
            for exercise in session.exercises:
                yield session, exercise

    def is_earlier(self, a: Session, b: Session) -> bool:
        """``a`` is certainly before ``b``."""
        return certainly_earlier(a.placement, b.placement)

    @cached_property
    def _gate_index(self):
        """Check gates by test, ordered by the latest time their session can be; and,
        per phase index, the exit gates of the phases before it."""
        by_test: dict[str, tuple[list[float], list[Gate]]] = {}
        for latest, gate in sorted(
            ((s.placement.latest, g) for s in self.sessions for g in s.checks), key=lambda entry: entry[0]
        ):
            latests, gates = by_test.setdefault(gate.test, ([], []))
            latests.append(latest)
            gates.append(gate)
        exits_before = [[g for phase in self.phases[:i] for g in phase.exit] for i in range(len(self.phases))]
        return by_test, exits_before

    def has_passed(self, session: Session, test: str, accept=None) -> bool:
        """Whether a ``test`` gate (meeting ``accept``, if given) was passed before ``session``:
        the same rule as :meth:`passed_gates`, answered in logarithmic time."""
        by_test, exits_before = self._gate_index
        if session.phase is not None:
            if any(g.test == test and (accept is None or accept(g)) for g in exits_before[session.phase.index]):
                return True
        latests, gates = by_test.get(test, ((), ()))
        earlier = bisect_left(latests, session.placement.earliest)  # sessions certainly before this one
        return any(accept is None or accept(g) for g in gates[:earlier]) if accept else earlier > 0

    def passed_gates(self, session: Session) -> list[Gate]:
        """Gates passed before ``session``: exits of earlier phases (sessions or not) and
        checks of sessions certainly earlier in time. The session's own checks do not count."""
        gates: list[Gate] = []
        if session.phase is not None:
            for phase in self.phases[: session.phase.index]:
                gates.extend(phase.exit)
        for other in self.sessions:
            if other is not session and self.is_earlier(other, session):
                gates.extend(other.checks)
        return gates

    def first_session_of(self, phase: Phase) -> Session | None:
        ordered = [s for s in self.chronological() if s.phase_id == phase.id]
        return ordered[0] if ordered else None


# --------------------------------------------------------------------------- building


class _PlanBuilder:
    def __init__(
        self, path: str, data: dict, index: PositionIndex, catalog: Catalog, text: str = "", sites: SiteRegistry = DEFAULT_SITES
    ) -> None:
        self.path, self.data, self.index, self.catalog, self.sites = path, data, index, catalog, sites
        self.text = text  # the source, for fixes
        self.findings: list[Finding] = []

    def source(self, *path, key: bool = False) -> SourceRef:
        """Where ``path`` was written, looked up only if a rule or a finding asks (most never are)."""
        return SourceRef(index=self.index, path=path, prefer_key=key)

    def build(self) -> Plan:
        data = self.data
        # The clock, day 0 and `at:` instants, read once (validate has read them already).
        self.anchors = read_anchors(data)
        injury = self._injury(data["injury"])
        phases = tuple(self._phase(i, p) for i, p in enumerate(data["phases"]))
        known = {p.id: p for p in phases}
        sessions = tuple(self._session(i, s, injury, known) for i, s in enumerate(data["sessions"]))
        anchors = self.anchors
        return Plan(
            path=self.path,
            id=data["id"],
            title=data["title"],
            injury=injury,
            monitoring=self._monitoring(data.get("monitoring")),
            phases=phases,
            sessions=sessions,
            athlete=_athlete(data.get("athlete")),
            sport=data.get("sport"),
            author=data.get("author"),
            site_kind=self.sites.get(injury.site).kind,
            version=data["planlint"],
            timezone=anchors.timezone,
            days_from=anchors.days_from,
            starts_day=anchors.starts_day,
            clock=anchors.clock,
        )

    def _injury(self, raw: dict) -> Injury:
        anchors = self.anchors
        return Injury(
            site=raw["site"],
            type=raw["type"],
            occurred=anchors.injury,
            occurred_text=anchors.injury_text,
            grade=raw.get("grade"),
            tissue=raw.get("tissue"),
            side=raw.get("side"),
            recurrence=bool(raw.get("recurrence", False)),
            source=self.source("injury", key=True),
            surgery=anchors.surgery,
            surgery_text=anchors.surgery_text,
        )

    def _monitoring(self, raw: dict | None) -> Monitoring | None:
        if raw is None:
            return None
        window = raw.get("reassess_soreness_after")
        return Monitoring(
            source=self.source("monitoring", key=True),
            pain_scale=raw.get("pain_scale"),
            max_pain_during=raw.get("max_pain_during"),
            next_morning_rule=raw.get("next_morning_rule"),
            reassess_soreness_after_hours=None if window is None else parse_duration_hours(window),
            reassess_source=self.source("monitoring", "reassess_soreness_after", key=True) if window is not None else None,
            markers=tuple(raw.get("markers", ())),
            max_pain_source=self.source("monitoring", "max_pain_during", key=True) if "max_pain_during" in raw else None,
        )

    def _gate(self, raw: dict, *path) -> Gate:
        return Gate(
            test=raw["test"],
            source=self.source(*path),
            name=raw.get("name"),
            max_pain=raw.get("max_pain"),
            min_lsi=_maybe(parse_percent, raw.get("min_lsi")),
            max_deficit_pct=raw.get("max_deficit_pct"),
            muscle=raw.get("muscle"),
            instrument=raw.get("instrument"),
            min_score=raw.get("min_score"),
            min_reps=raw.get("min_reps"),
            max_asymmetry_pct=raw.get("max_asymmetry_pct"),
            extra={k: v for k, v in raw.items() if k not in _GATE_KEYS},
        )

    def _phase(self, i: int, raw: dict) -> Phase:
        known = {"id", "name", "goals", "exit", "notes"}
        return Phase(
            id=raw["id"],
            index=i,
            source=self.source("phases", i),
            name=raw.get("name"),
            goals=tuple(raw.get("goals", ())),
            exit=tuple(self._gate(g, "phases", i, "exit", j) for j, g in enumerate(raw.get("exit") or ())),
            extra={k: v for k, v in raw.items() if k not in known},
        )

    def _session(self, i: int, raw: dict, injury: Injury, phases: dict) -> Session:
        clock = self.anchors.clock
        converted_to = None
        offset = None  # the UTC offset an `at:` is written with
        if "at" in raw:
            instant = self.anchors.instants[i]
            placement, converted_to = clock.place_instant(instant)
            offset = instant.tz
        else:
            placement = clock.place_day(raw["day"], raw.get("time"))
        phase = phases.get(raw["phase"])
        phase_source = SourceRef(index=self.index, path=("sessions", i, "phase"), prefer_key=True)
        if phase is None:
            meant = only_close_match(raw["phase"], phases)
            fix = None
            if meant is not None:
                from planlint.edits import replace_scalar  # a typo to fix: rare

                fix = replace_scalar(
                    self.text,
                    self.index.value_span(("sessions", i, "phase")),
                    raw["phase"],
                    meant,
                    f"replace phase '{raw['phase']}' with '{meant}'",
                )
            self.findings.append(
                PL005.at(
                    self.path,
                    phase_source.span,
                    f"session on {_where(placement)} names phase '{raw['phase']}', which the plan does not define; "
                    f"use one of: {', '.join(phases) or '(no phases)'}" + did_you_mean(raw["phase"], phases),
                    fix=fix,
                )
            )
        duration = raw.get("duration")
        return Session(
            index=i,
            source=SourceRef(index=self.index, path=("sessions", i)),
            phase_id=raw["phase"],
            placement=placement,
            elapsed=clock.elapsed(injury.occurred, placement, offset, injury.occurred_text),
            phase_source=phase_source,
            phase=phase,
            at=None if raw.get("at") is None else str(raw["at"]),
            converted_to=converted_to,
            duration_minutes=None if duration is None else parse_duration_hours(duration) * 60,
            rpe=raw.get("rpe"),
            checks=tuple(self._gate(g, "sessions", i, "checks", j) for j, g in enumerate(raw.get("checks") or ())),
            exercises=tuple(self._exercise(i, j, e, placement) for j, e in enumerate(raw.get("exercises") or ())),
            extra={k: v for k, v in raw.items() if k not in _SESSION_KEYS},
            injury_day=placement.day + self.anchors.injury_day_offset,
        )

    def _exercise(self, si: int, ei: int, raw: dict, placement: Placement) -> Exercise:
        ref = raw.get("ref")
        entry = self.catalog.get(ref) if ref else None
        merged = {**(entry or {}), **raw}
        source = SourceRef(index=self.index, path=("sessions", si, "exercises", ei))
        missing = [k for k in ("contraction", "kind") if merged.get(k) is None]
        fix = None
        if missing:
            what = " and ".join(f"`{k}`" for k in missing)
            if ref and entry is None:
                ids = self.catalog.ids()
                meant = only_close_match(ref, ids) if isinstance(ref, str) else None
                hint = f" (did you mean '{meant}'?)" if meant is not None else did_you_mean(ref, ids)
                message = (
                    f"exercise '{raw['name']}' on {_where(placement)} refers to '{ref}', which no exercise catalog "
                    f"knows, and does not state {what}; add {what} or use a known id" + hint
                )
                if meant is not None:  # one catalog id within a typing slip: the fix the message names
                    from planlint.edits import replace_scalar

                    fix = replace_scalar(
                        self.text,
                        self.index.value_span(("sessions", si, "exercises", ei, "ref")),
                        ref,
                        meant,
                        f"replace ref '{ref}' with '{meant}'",
                    )
            else:
                message = (
                    f"exercise '{raw['name']}' on {_where(placement)} does not state {what}; "
                    f"add {what} or a `ref` to a catalog exercise that does"
                )
            self.findings.append(PL004.at(self.path, source.span, message, fix=fix))
        return Exercise(
            name=raw["name"],
            source=source,
            index=ei,
            ref=ref,
            contraction=merged.get("contraction"),
            kind=merged.get("kind"),
            sets=merged.get("sets"),
            reps=merged.get("reps"),
            hold_hours=_maybe(parse_duration_hours, merged.get("hold")),
            load=_load(merged.get("load")),
            duration_hours=_maybe(parse_duration_hours, merged.get("duration")),
            intensity_pct=_maybe(parse_percent, merged.get("intensity")),
            distance_m=_maybe(parse_distance_metres, merged.get("distance")),
            resisted=bool(merged.get("resisted", False)),
            tempo=merged.get("tempo"),
            notes=merged.get("notes"),
            in_catalog=entry is not None,
            region=merged.get("region"),
            mode=merged.get("mode"),
            hr_max_pct=_maybe(parse_percent, merged.get("hr_max")),
            head_impact_risk=merged.get("head_impact_risk") is True,
        )


_SESSION_KEYS = {"day", "time", "at", "phase", "duration", "rpe", "checks", "exercises", "notes"}
_GATE_KEYS = {
    "test",
    "name",
    "max_pain",
    "min_lsi",
    "max_deficit_pct",
    "muscle",
    "instrument",
    "min_score",
    "min_reps",
    "max_asymmetry_pct",
}


def _athlete(raw: dict | None) -> Athlete | None:
    if raw is None:
        return None
    return Athlete(
        ref=raw.get("ref"), position=raw.get("position"), age=raw.get("age"), level=raw.get("level"), student=raw.get("student")
    )


def _maybe(parse, value):
    return None if value is None else parse(value)


def _load(raw) -> Load | None:
    if raw is None:
        return None
    if raw == "bodyweight":
        return Load("bodyweight")
    kind = next(key for key in raw if not key.startswith("x-"))
    return Load(kind, parse_percent(raw[kind]) if kind == "percent_1rm" else float(raw[kind]))


def _where(placement: Placement) -> str:
    return describe_placement(placement)


def whole_numbers(value):
    """YAML ``4.0`` and ``4`` are the same number to a coach (and to the schema's
    "integer"): make whole floats ints, so ``stage: 4.0`` or ``grade: 2.0`` are
    read as 4 and 2 everywhere (rules compare and look them up)."""
    if isinstance(value, dict):
        return {key: whole_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [whole_numbers(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def build_plan(
    path: str,
    data: dict,
    index: PositionIndex,
    catalog: Catalog,
    text: str = "",
    sites: SiteRegistry = DEFAULT_SITES,
    *,
    has_whole_floats: bool = True,
) -> tuple[Plan, list[Finding]]:
    """Schema-valid data -> (Plan, PL004/PL005 findings); ``text``, the source, lets findings carry fixes;
    ``sites``, the run's injury sites. ``has_whole_floats=False`` (the loader read no whole float such as ``4.0``,
    LoadedSource.has_whole_floats) skips the whole-number copy of the data, which would change nothing."""
    builder = _PlanBuilder(path, whole_numbers(data) if has_whole_floats else data, index, catalog, text, sites)
    plan = builder.build()
    return plan, builder.findings
