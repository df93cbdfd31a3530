"""PL1xx: plan-logic rules that apply to every plan, whatever the injury."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict

from planlint.codes import Evidence
from planlint.findings import Severity
from planlint.numbers import format_hours
from planlint.options import Option, duration_hours, number, whole_number
from planlint.positions import FILE_START
from planlint.rules.rule import BUILTIN_DOCS_URL, Rule, Violation, docs_hook, rules_hook
from planlint.rules.wording import after_injury, format_number, region_advice, when
from planlint.sites import MUSCULOSKELETAL
from planlint.timeline import describe_unknown_offset

FOSTER = Evidence("observational", "Session-RPE load = RPE (CR-10) x minutes (Foster et al., J Strength Cond Res 2001).")
BAYER = Evidence(
    "trial",
    "Starting loading on day 2 rather than day 9 shortened return by about 3 weeks without more "
    "re-injury (Bayer et al., Am J Sports Med 2017): long rest is itself a risk.",
)


class SessionBeforeInjury(Rule):
    code = "PL101"
    name = "session-before-injury"
    severity = Severity.ERROR
    summary = "A session is scheduled before the injury happened."
    why = (
        "A rehabilitation session before the injury is a typo in `day`, `time` or `at` (often a negative day or "
        "a wrong year), and every elapsed-time rule downstream reads the wrong number from it. Only a session "
        "certainly before the injury (`occurred`) is reported: with a time of day missing, or an `occurred` "
        "without its UTC offset beside sessions that carry one, the earliest the injury can have been counts."
    )
    instead = "Correct the session's `day`/`time` or `at`, or the injury's `occurred`."
    evidence = (Evidence("practice", "Data-integrity check: elapsed time since injury drives every time-based rule."),)

    def check(self, plan, ctx):
        for session in plan.sessions:
            if session.elapsed.certainly_before:
                offset = ""
                if session.elapsed.offset_unknown is not None:
                    offset = f" ({describe_unknown_offset(session.elapsed, latest=False)})"
                yield Violation(
                    session.span,
                    f"session on {when(session)} is before the injury ({plan.injury.occurred_text}){offset}; "
                    "check the session's day/time or the injury date",
                )


class PhaseOrder(Rule):
    code = "PL102"
    name = "phase-order"
    severity = Severity.WARNING
    summary = "A session of a later phase is scheduled before a session of an earlier phase."
    why = (
        "Phases are ordered and a later phase starts only once the earlier phase's exit criteria are met. A "
        "later-phase session placed before earlier-phase work skips those criteria for that session."
    )
    instead = "Move the session after the earlier phase's sessions, or assign it to the phase it belongs to."
    evidence = (
        Evidence("consensus", "Criteria-based progression (Heiderscheit et al., JOSPT 2010; Hamilton et al., BJSM 2015)."),
    )

    def check(self, plan, ctx):
        # For each phase, the latest-starting session of any phase listed before it.
        latest_of_phase: dict[int, object] = {}
        for other in plan.sessions:
            if other.phase is not None:
                best = latest_of_phase.get(other.phase.index)
                if best is None or (other.placement.earliest, other.index) > (best.placement.earliest, best.index):
                    latest_of_phase[other.phase.index] = other
        latest_before: list = [None] * len(plan.phases)
        for index in range(1, len(plan.phases)):
            candidates = [c for c in (latest_before[index - 1], latest_of_phase.get(index - 1)) if c is not None]
            latest_before[index] = max(candidates, key=lambda s: (s.placement.earliest, s.index), default=None)
        for session in plan.sessions:
            if session.phase is None:
                continue
            last = latest_before[session.phase.index]
            if last is not None and plan.is_earlier(session, last):
                yield Violation(
                    session.span,
                    f"session on {when(session)} belongs to phase '{session.phase_id}' but comes before a session of "
                    f"the earlier phase '{last.phase_id}' on {when(last)}; phases run in order, so move it after "
                    f"the '{last.phase_id}' sessions or change its phase",
                )


class IntensityJump(Rule):
    code = "PL103"
    name = "intensity-jump"
    severity = Severity.WARNING
    summary = "The same exercise jumps in intensity or load between consecutive sessions."
    why = (
        "Tissue tolerance builds gradually. A large step in %1RM, sprint speed, RPE or kg from one session to the next "
        "loads healing tissue beyond what the previous session showed it tolerates. Each occurrence of an exercise "
        "is compared with the highest value of the previous session that contains it, so a heavier top set in a "
        "session is reported on its own line. A kg load must rise by both more than the percentage and more than "
        "the kilograms to be reported: 2 -> 4 kg doubles a light load but is a small step, 100 -> 108 kg is a large "
        "load but a small step."
    )
    instead = (
        "Add intermediate steps, e.g. 60% -> 70% -> 80% rather than 60% -> 90%, or 15 -> 20 -> 25 kg rather than 15 -> 40 kg."
    )
    evidence = (
        Evidence(
            "practice",
            "Graded running progressions in criteria-based protocols advance speed in steps (e.g. 70% before faster "
            "running; Heiderscheit 2010, Aspetar protocol). The 20-point, 2-RPE and 50%-and-5-kg limits are planlint "
            "policy, not published cut-offs.",
        ),
    )
    max_percent_rise = Option(
        "max-percent-rise", 20, number(), "largest allowed rise in %1RM or sprint intensity, percentage points"
    )
    max_rpe_rise = Option("max-rpe-rise", 2, number(), "largest allowed rise in exercise load RPE, points")
    max_kg_rise_percent = Option(
        "max-kg-rise-percent",
        50,
        number(),
        "a kg load rise is reported when it is more than this percent of the previous load ...",
    )
    max_kg_rise = Option("max-kg-rise", 5, number(), "... and more than this many kg")

    @staticmethod
    def measures(exercise) -> dict[str, float]:
        """The exercise's comparable values: %1RM, RPE or kg load, and sprint intensity."""
        values = {}
        if exercise.load is not None and exercise.load.kind in ("percent_1rm", "rpe", "kg"):
            values[exercise.load.kind] = exercise.load.value
        if exercise.kind == "sprint" and exercise.intensity_pct is not None:
            values["intensity"] = exercise.intensity_pct
        return values

    def too_steep(self, key: str, before: float, after: float, ctx) -> tuple[str, str] | None:
        """(the rise, the limit) in words when a rise from ``before`` to ``after`` is too steep."""
        rise = after - before
        if key in ("percent_1rm", "intensity"):
            limit = ctx[self.max_percent_rise]
            return (f"+{format_number(rise)} points", f"{format_number(limit)} points") if rise > limit else None
        if key == "rpe":
            limit = ctx[self.max_rpe_rise]
            return (f"+{format_number(rise)}", f"{format_number(limit)} RPE points") if rise > limit else None
        percent, kg = ctx[self.max_kg_rise_percent], ctx[self.max_kg_rise]
        relative = rise / before * 100 if before > 0 else float("inf")
        if rise > kg and relative > percent:
            share = f", +{relative:.0f}%" if before > 0 else ""
            return f"+{format_number(rise)} kg{share}", f"{format_number(percent)}% and {format_number(kg)} kg"
        return None

    WRITTEN = {"percent_1rm": "{}% 1RM", "intensity": "{}% intensity", "rpe": "RPE {}", "kg": "{} kg"}

    def check(self, plan, ctx):
        previous: dict[str, tuple] = {}  # identity -> (session, highest values in it)
        for session in plan.chronological():
            seen_here: dict[str, tuple] = {}
            for exercise in session.exercises:
                values = self.measures(exercise)
                if exercise.identity in previous:
                    last_session, last_values = previous[exercise.identity]
                    for key in ("percent_1rm", "intensity", "rpe", "kg"):
                        if key not in values or key not in last_values:
                            continue
                        steep = self.too_steep(key, last_values[key], values[key], ctx)
                        if steep:
                            written, (rise, limit) = self.WRITTEN[key], steep
                            yield Violation(
                                exercise.span,
                                f"'{exercise.name}' on {when(session)} jumps from "
                                f"{written.format(format_number(last_values[key]))} on {when(last_session)} to "
                                f"{written.format(format_number(values[key]))} ({rise}); rises of more than {limit} "
                                "between sessions overload healing tissue: add an intermediate step",
                            )
                merged = seen_here.get(exercise.identity, (session, {}))[1]
                for key, value in values.items():
                    merged[key] = max(value, merged.get(key, value))
                seen_here[exercise.identity] = (session, merged)
            previous.update(seen_here)


class LoadSpike(Rule):
    code = "PL104"
    name = "load-spike"
    severity = Severity.WARNING
    marks = "weekly-load"
    summary = "Weekly session-RPE load rises too steeply over the highest of the previous weeks."
    why = (
        "Rapid rises in training load are associated with injury. Weekly load is the sum of session RPE x minutes "
        "(Foster's session-RPE) over days 0-6, 7-13, ... of the plan's day count (from the injury, or from the "
        "operation under `days_from: surgery`). Each week is compared with the "
        "highest load of the previous three weeks that have load: a return to a load the athlete already "
        "tolerated two or three weeks before, after a lighter week (an exam week, a cold), is not a spike "
        "(2026-12-07). Weeks whose sessions give no `rpe` and `duration` have no load and are left out."
    )
    instead = "Spread the increase over more weeks, keeping each week within the allowed rise over the recent highest week."
    evidence = (
        FOSTER,
        Evidence(
            "observational",
            "Weekly increases over 30% were associated with injury in novice runners (Nielsen et al., JOSPT 2014).",
        ),
        Evidence(
            "observational",
            "The acute:chronic workload ratio >= 1.5 'danger zone' (Gabbett, BJSM 2016) is contested; hence a "
            "warning, not an error. Comparing with the highest of recent weeks follows the chronic-load idea of a "
            "load the tissue has already been exposed to; three weeks is planlint policy.",
        ),
    )
    max_rise_percent = Option("max-rise-percent", 30, number(), "largest allowed rise over the reference week, percent")
    previous_weeks = Option(
        "previous-weeks",
        3,
        whole_number(1),
        "a week is compared with the highest load among this many weeks before it (those that have load)",
    )

    def check(self, plan, ctx):
        weeks: dict[int, float] = defaultdict(float)
        first_of_week: dict[int, object] = {}
        for session in plan.chronological():
            week = session.day // 7
            first_of_week.setdefault(week, session)
            if session.load is not None:
                weeks[week] += session.load
        limit, span = ctx[self.max_rise_percent], ctx[self.previous_weeks]
        for week in sorted(weeks):
            if not weeks[week]:
                continue
            earlier = [(weeks[w], w) for w in range(week - span, week) if weeks.get(w)]
            if not earlier:
                continue
            before, reference = max(earlier)  # the highest load; the latest such week on a tie
            rise = (weeks[week] - before) / before * 100
            if rise > limit + 1e-9:  # 300 -> 390 is exactly 30%, whatever float rounding says
                session = first_of_week[week]
                which = "the previous week" if span == 1 else f"the highest of the previous {span} weeks"
                yield Violation(
                    session.span,
                    f"weekly load rises {rise:.0f}% in week {week + 1} (days {week * 7}-{week * 7 + 6}): "
                    f"{format_number(before)} -> {format_number(weeks[week])} (session RPE x minutes; "
                    f"{format_number(before)} in week {reference + 1}, days {reference * 7}-{reference * 7 + 6}, {which}); "
                    f"rises of more than {format_number(limit)}% a week are linked to injury, so spread the increase "
                    "over more weeks",
                )


class InactivityGap(Rule):
    code = "PL105"
    name = "inactivity-gap"
    severity = Severity.WARNING
    summary = "Too many days pass without a session."
    why = (
        "Early, continuous loading speeds return without more re-injury; long gaps detrain healing tissue and leave "
        "pain and soreness unmonitored. A plan is often written a few days after the injury, once it is diagnosed, "
        "so the first gap is allowed to be longer. The first gap counts from the day the plan starts (`starts`, "
        "format 1.1), else from the day of the operation under `days_from: surgery`, else from the injury day; a "
        "tendinopathy without `starts` has no first gap, since its `occurred` is the onset of symptoms, often weeks "
        "before the first visit (2026-12-07). Days are calendar days by day number: sessions on days 3 and 8 leave "
        "4 whole days (4-7) without a session. Sessions before the injury (PL101) are left out."
    )
    instead = (
        "Add sessions (even short mobility or isometric ones) so no more than the allowed days pass between them. A "
        "plan that takes over from earlier care gives the day it starts with `starts:`."
    )
    evidence = (
        BAYER,
        Evidence("heuristic", "The 3-day and 5-day limits are planlint policy, not published cut-offs."),
    )
    max_gap_days = Option("max-gap-days", 3, whole_number(), "most whole days allowed without a session between two sessions")
    max_first_gap_days = Option(
        "max-first-gap-days",
        5,
        whole_number(),
        "most whole days allowed from the plan's start (starts, the operation under days_from: surgery, else the injury day) to the first session",
    )

    def check(self, plan, ctx):
        max_gap, max_first_gap = ctx[self.max_gap_days], ctx[self.max_first_gap_days]
        # A session before the injury is PL101's finding, not the start of a gap.
        ordered = [s for s in plan.chronological() if not s.elapsed.certainly_before]
        if not ordered:
            return
        first = ordered[0]
        start = self._start(plan)
        if start is not None:
            day, after = start
            empty = first.day - day - 1
            if first.day > day and empty > max_first_gap:
                yield Violation(
                    first.span,
                    f"the first session is on {when(first)}, leaving {empty} whole days ({_days(day + 1, first.day - 1)}) "
                    f"after {after} without a session; start loading within {max_first_gap + 1} days"
                    + ("" if plan.starts_day is not None else self._starts_advice(plan)),
                )
        for before, after in zip(ordered, ordered[1:]):
            empty = after.day - before.day - 1
            if empty > max_gap:
                yield Violation(
                    after.span,
                    f"{empty} whole days (days {_days(before.day + 1, after.day - 1)}) pass without a session before "
                    f"{when(after)}; allow at most {max_gap}, so add a session in between",
                )

    @staticmethod
    def _start(plan) -> tuple[int, str] | None:
        """The plan day the first gap counts from and how a message names it; None: no first gap."""
        if plan.starts_day is not None:
            return plan.starts_day, f"the plan starts (`starts`, day {plan.starts_day})"
        if plan.days_from == "surgery":
            return 0, "the operation (day 0)"
        if plan.injury.type == "tendinopathy":
            return None  # `occurred` is the onset of symptoms, not the start of care
        return 0, "the injury"

    @staticmethod
    def _starts_advice(plan) -> str:
        declare = " (declare `planlint: 1.1` first)" if plan.is_v1 else ""
        return f"; if earlier care covered those days, give the day this plan takes over with `starts:`{declare}"


def _days(first: int, last: int) -> str:
    """'4-7', or '-9 to -1' for days before day 0 (pre-operative days under days_from: surgery)."""
    return f"{first}-{last}" if first >= 0 else f"{first} to {last}"


class NoPainMonitoring(Rule):
    code = "PL106"
    name = "no-pain-monitoring"
    severity = Severity.WARNING
    summary = "The plan sets no pain limit during exercise."
    why = (
        "Criteria-based protocols progress only while exercise stays within a pain limit (commonly pain below "
        "2-3/10). Without `monitoring.max_pain_during` nobody knows when to stop or regress a session."
    )
    instead = "Add `monitoring: {pain_scale: nrs-0-10, max_pain_during: 3}` (or your team's limit)."
    evidence = (
        Evidence("practice", "Pain-monitored progression (Heiderscheit et al., JOSPT 2010; Hamilton et al., BJSM 2015)."),
    )

    def check(self, plan, ctx):
        monitoring = plan.monitoring
        if monitoring is None or monitoring.max_pain_during is None:
            span = monitoring.span if monitoring else FILE_START
            yield Violation(
                span,
                "the plan sets no pain limit during exercise (`monitoring.max_pain_during`); add one, e.g. 3 on a "
                "0-10 scale, so staff know when to stop or regress a session",
            )


class NoSorenessReassessment(Rule):
    code = "PL107"
    name = "no-soreness-reassessment"
    severity = Severity.WARNING
    summary = "Persistent soreness does not trigger a reassessment."
    why = (
        "Delayed-onset soreness peaks 24-72 h after loading; soreness that lasts longer may mean the tissue was "
        "overloaded or re-injured and should be reassessed. A daily next-morning check "
        "(`next_morning_rule: true`) is stricter and also satisfies this rule."
    )
    instead = "Add `monitoring.reassess_soreness_after: 72h` (or shorter), or `monitoring.next_morning_rule: true`."
    evidence = (
        Evidence("observational", "DOMS peaks 24-72 h after exercise (Cheung et al., Sports Med 2003)."),
        Evidence("heuristic", "Soreness beyond 72 h as a reassessment trigger is a heuristic, not a validated cut-off."),
    )
    max_window = Option("max-window", "72h", duration_hours, "longest allowed reassess_soreness_after")

    kinds = frozenset({MUSCULOSKELETAL})  # a concussion is judged by its symptoms, not by muscle soreness

    def check(self, plan, ctx):
        monitoring = plan.monitoring
        limit = ctx[self.max_window]
        window = monitoring.reassess_soreness_after_hours if monitoring else None
        if window is None:
            if monitoring is None or monitoring.next_morning_rule is not True:
                yield Violation(
                    monitoring.span if monitoring else FILE_START,
                    "the plan has no rule for persistent soreness: add `monitoring.reassess_soreness_after` "
                    f"(at most {format_hours(limit)}) or `next_morning_rule: true`, so lingering soreness triggers a reassessment",
                )
        elif window > limit:
            yield Violation(
                monitoring.reassess_span,
                f"soreness is reassessed only after {format_hours(window)}; DOMS settles within 72 h, so reassess "
                f"after at most {format_hours(limit)}",
            )


class UngatedPhase(Rule):
    code = "PL108"
    name = "ungated-phase"
    severity = Severity.WARNING
    summary = "A phase (other than the last) has no exit criteria."
    why = (
        "Without exit criteria the athlete moves on when the calendar says so, not when the tissue is ready. "
        "Criteria-based progression returns athletes at least as fast with fewer re-injuries than time-based plans."
    )
    instead = "Add an `exit:` list to the phase, e.g. `- test: isometric_tolerance` with `max_pain: 2`."
    evidence = (
        Evidence(
            "consensus", "Criteria-based progression (Heiderscheit 2010; Hamilton 2015; van der Horst et al., BJSM 2016 Delphi)."
        ),
    )

    def check(self, plan, ctx):
        for phase in plan.phases[:-1]:
            if not phase.exit:
                nxt = plan.phases[phase.index + 1]
                yield Violation(
                    phase.span,
                    f"phase '{phase.id}' has no exit criteria, so moving on to '{nxt.id}' is time-based; add an "
                    "`exit:` list of tests the athlete must pass first",
                )


class UnscheduledPhase(Rule):
    code = "PL109"
    name = "unscheduled-phase"
    severity = Severity.WARNING
    summary = "A phase has no session, but a later phase has sessions."
    why = (
        "A phase's exit gates count as passed for every later phase, whether or not the phase has sessions. A phase "
        "that is declared but never scheduled therefore credits its exit tests (isometric tolerance, strength "
        "symmetry, a return test) without any session in which to do the work or assess them."
    )
    instead = (
        "Schedule at least one session in the phase (the session where its exit tests are assessed), or remove the "
        "phase and move its exit criteria to a phase that has sessions."
    )
    evidence = (
        Evidence(
            "consensus",
            "Criteria-based progression (Heiderscheit et al., JOSPT 2010; Hamilton et al., BJSM 2015): a "
            "phase ends when its criteria are met, which needs a session to meet and assess them.",
        ),
        Evidence("practice", "Data-integrity check: the gates planlint credits must come from work the plan schedules."),
    )

    def check(self, plan, ctx):
        scheduled = sorted({session.phase.index for session in plan.sessions if session.phase is not None})
        for phase in plan.phases[: scheduled[-1] if scheduled else 0]:
            if phase.index not in scheduled:
                later = plan.phases[next(i for i in scheduled if i > phase.index)]
                gates = ", ".join(gate.test for gate in phase.exit)
                credited = f"its exit ({gates}) is credited as passed" if gates else "moving on is credited"
                yield Violation(
                    phase.span,
                    f"phase '{phase.id}' has no session, but the later phase '{later.id}' has; {credited} without a "
                    "session in which to do the work or assess it: schedule a session in this phase or remove it",
                )


class TopSpeedJump(Rule):
    code = "PL110"
    name = "top-speed-jump"
    severity = Severity.WARNING
    summary = "A new sprint drill starts far above the fastest sprint work before it."
    why = (
        "Running speed is progressed in steps, each pain-free before the next. PL103 follows one exercise from "
        "session to session; a new drill (flying sprints after accelerations, say) is a new exercise, so a jump from "
        "55% accelerations to 90% flying sprints the next day escapes it. PL110 compares the first time a sprint "
        "exercise appears with the highest stated sprint intensity of every session certainly earlier. The first "
        "sprint work of a plan has nothing to compare with and is not reported; a sprint with no stated intensity "
        "is neither compared nor a reference."
    )
    instead = "Bring the new drill in at most 20 points above the fastest earlier sprint work (e.g. 70% flying sprints after 55% accelerations, then 90%)."
    evidence = (
        Evidence(
            "practice",
            "The Aspetar running progression advances speed in steps (50-60-70-80-90-100% of maximal speed, each "
            "pain-free before the next; Hamilton et al., BJSM 2015); Heiderscheit et al. (JOSPT 2010) gate faster "
            "running on pain-free running at 70%.",
        ),
        Evidence("heuristic", "The 20-point step is planlint policy (the same as PL103's), not a published cut-off."),
    )
    max_percent_rise = Option(
        "max-percent-rise",
        20,
        number(),
        "largest allowed step, in percentage points, from the fastest earlier sprint work to a new sprint drill",
    )

    def check(self, plan, ctx):
        limit = ctx[self.max_percent_rise]
        # The fastest stated sprint of each session, ordered by the latest time the session can
        # be, and the running best of those: the best of every session certainly before a time.
        fastest = sorted(
            (s.placement.latest, s.index, max(speeds), s)
            for s in plan.sessions
            if (speeds := [e.intensity_pct for e in s.exercises if e.kind == "sprint" and e.intensity_pct is not None])
        )
        latests = [entry[0] for entry in fastest]
        running_best: list[tuple[float, object]] = []
        for _, _, speed, owner in fastest:
            running_best.append((speed, owner) if not running_best or speed > running_best[-1][0] else running_best[-1])
        seen: set[str] = set()
        for session in plan.chronological():
            new = [e for e in session.exercises if e.kind == "sprint" and e.identity not in seen]
            seen.update(e.identity for e in session.exercises if e.kind == "sprint")
            earlier = bisect_left(latests, session.placement.earliest)  # sessions certainly before this one
            if not new or not earlier:
                continue
            best, best_session = running_best[earlier - 1]
            for exercise in new:
                if exercise.intensity_pct is not None and exercise.intensity_pct - best > limit:
                    yield Violation(
                        exercise.span,
                        f"new sprint drill '{exercise.name}' on {when(session)} starts at "
                        f"{format_number(exercise.intensity_pct)}%, {format_number(exercise.intensity_pct - best)} points above "
                        f"the fastest sprint work before it ({format_number(best)}% on {when(best_session)}); bring a new "
                        f"drill in at most {format_number(limit)} points above that and progress it from there",
                    )


MUSCLE_INJURIES = ("strain", "tear")


class HeavyFirstExposure(Rule):
    code = "PL111"
    name = "heavy-first-exposure"
    severity = Severity.WARNING
    summary = "An exercise is loaded heavily the first time the plan uses it, in the first weeks after a muscle injury."
    why = (
        "Unaccustomed heavy work causes the most muscle damage and soreness; the protection (the repeated-bout "
        "effect) builds with the first bouts at a lighter load. Within 21 days of a muscle strain or tear (hours "
        "since the injury's `occurred`, by the conservative rule), the first occurrence in the plan of an exercise "
        "(same `ref`, else same name; no session certainly earlier has it) loaded at 80% 1RM or more, or at RPE 8 or "
        "more, is reported. Later occurrences are PL103's: it follows the steps. Upper-body and trunk work "
        "(`region: upper` or `trunk`) is not judged; an exercise that states no region is."
    )
    instead = (
        "Bring each exercise in at a lighter load (below 80% 1RM or RPE 8) for its first sessions, and progress from "
        "there; PL103 then checks that the steps stay small."
    )
    evidence = (
        Evidence(
            "observational",
            "Unaccustomed eccentric work causes the largest muscle damage and soreness, and one bout protects against "
            "damage from the next (the repeated-bout effect; McHugh, Scand J Med Sci Sports 2003).",
        ),
        Evidence("heuristic", "The 21 days, 80% 1RM and RPE 8 are planlint policy, not published cut-offs."),
    )
    within_days = Option("within-days", 21, number(), "days after the injury during which a heavy first exposure is reported")
    heavy_percent_1rm = Option("heavy-percent-1rm", 80, number(), "a first exposure at or above this %1RM is heavy")
    heavy_rpe = Option("heavy-rpe", 8, number(), "a first exposure at or above this load RPE is heavy")

    def applies_to(self, plan):
        return plan.injury.type in MUSCLE_INJURIES

    @classmethod
    def applies_to_text(cls) -> str:
        return "plans whose injury.type is strain or tear (any site)"

    def check(self, plan, ctx):
        hours, heavy_pct, heavy_rpe = ctx[self.within_days] * 24, ctx[self.heavy_percent_1rm], ctx[self.heavy_rpe]
        heavy = []  # (session, exercise, amount): heavy work within the window, rare
        for session in plan.sessions:
            if session.elapsed.hours >= hours:
                continue
            for exercise in session.exercises:
                load = exercise.load
                if load is None or not exercise.loads_injured_limb:
                    continue
                if load.kind == "percent_1rm" and load.value >= heavy_pct:
                    heavy.append((session, exercise, f"{format_number(load.value)}% 1RM (heavy: >= {format_number(heavy_pct)}%)"))
                elif load.kind == "rpe" and load.value >= heavy_rpe:
                    heavy.append((session, exercise, f"RPE {format_number(load.value)} (heavy: >= {format_number(heavy_rpe)})"))
        if not heavy:
            return
        # For each exercise, the latest time its earliest-ending session can be: a session that
        # starts after it has certainly been preceded by one with that exercise.
        seen_by: dict[str, float] = {}
        for session in plan.sessions:
            for exercise in session.exercises:
                seen_by[exercise.identity] = min(seen_by.get(exercise.identity, float("inf")), session.placement.latest)
        for session, exercise, amount in heavy:
            if seen_by[exercise.identity] < session.placement.earliest:
                continue  # not the first exposure: PL103 follows the steps
            yield Violation(
                exercise.span,
                f"'{exercise.name}' on {when(session)} is loaded at {amount} the first time the plan uses it, "
                f"{after_injury(session)}; unaccustomed heavy work damages a healing muscle most: bring it in "
                f"lighter (below {format_number(heavy_pct)}% 1RM or RPE {format_number(heavy_rpe)}) and progress "
                f"from there" + region_advice(plan, exercise),
            )


class PainLimitTooHigh(Rule):
    code = "PL112"
    name = "pain-limit-too-high"
    severity = Severity.WARNING
    summary = "The plan's pain limit during exercise is above what rehabilitation protocols allow for the injury."
    why = (
        "A pain limit is the line at which a session is stopped or regressed. Criteria-based muscle protocols work "
        "at 0-2/10, and the most permissive trial in acute hamstring strains allowed 4/10; tendinopathy loading "
        "tolerates up to 5/10. A limit above that lets a session go on through pain that these protocols treat as "
        "a sign of overload. Not checked for concussion (symptoms, not pain, guide it) or for `type: other`."
    )
    instead = "Lower `monitoring.max_pain_during` to 4 or less (tendinopathy: 5 or less); 2-3 is common in muscle protocols."
    evidence = (
        Evidence(
            "practice",
            "Pain thresholds in criteria-based muscle rehabilitation: Aspetar protocol, pain below 2/10 (Hamilton et "
            "al., BJSM 2015; Heiderscheit et al., JOSPT 2010).",
        ),
        Evidence(
            "trial",
            "Hickey et al. (JOSPT 2020), a randomised trial of pain-threshold against pain-free rehabilitation after "
            "acute hamstring strain injury, allowed pain up to 4/10 during exercise: the most permissive limit a trial "
            "in acute muscle strains has used.",
        ),
        Evidence(
            "trial",
            "Silbernagel et al. (AJSM 2007), a randomised trial in Achilles tendinopathy: loading and continued "
            "activity with pain allowed up to 5/10 (the pain-monitoring model) did no worse than the comparison group.",
        ),
    )
    max_pain = Option("max-pain", 4, number(), "highest pain limit (0-10) allowed during exercise")
    max_pain_tendinopathy = Option(
        "max-pain-tendinopathy", 5, number(), "highest pain limit allowed for injury.type tendinopathy"
    )

    def applies_to(self, plan):
        return plan.injury.type not in ("concussion", "other")

    @classmethod
    def applies_to_text(cls) -> str:
        return "every plan except injury.type concussion or other"

    def check(self, plan, ctx):
        monitoring = plan.monitoring
        if monitoring is None or monitoring.max_pain_during is None:
            return  # PL106's finding
        tendon = plan.injury.type == "tendinopathy"
        limit = ctx[self.max_pain_tendinopathy] if tendon else ctx[self.max_pain]
        value = monitoring.max_pain_during
        if value <= limit:
            return
        basis = (
            "tendinopathy loading tolerates pain up to 5/10"
            if tendon
            else "criteria-based protocols stop at 2/10 and the most permissive trial in acute muscle strains allowed 4/10"
        )
        yield Violation(
            monitoring.max_pain_span or monitoring.span,
            f"the pain limit during exercise is {format_number(value)}/10 (`max_pain_during`), above "
            f"{format_number(limit)}/10 for a {plan.injury.type}; {basis}: lower it to {format_number(limit)} or less",
        )


RULES = (
    SessionBeforeInjury,
    PhaseOrder,
    IntensityJump,
    LoadSpike,
    InactivityGap,
    NoPainMonitoring,
    NoSorenessReassessment,
    UngatedPhase,
    UnscheduledPhase,
    TopSpeedJump,
    HeavyFirstExposure,
    PainLimitTooHigh,
)

planlint_rules = rules_hook(RULES)
planlint_docs_url = docs_hook(BUILTIN_DOCS_URL)
