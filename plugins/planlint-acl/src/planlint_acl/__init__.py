"""ACxxx: planlint's ACL reconstruction pack, for plans whose ``injury.site`` is ``acl``
and ``injury.type`` is ``reconstruction``.

A separately installable planlint plugin (entry point ``acl`` in the ``planlint``
group). Its rules measure post-operative time from ``injury.surgery`` (format 1.1),
never from the rupture (``occurred``): a plan without the surgery date gets AC000
and no other AC finding. They check that return to sport waits nine months and a
complete return battery (quadriceps strength and hop symmetry, psychological
readiness), that running and plyometrics follow quadriceps strength, and that
progression is criteria-based rather than time-based. The pack also adds the
exercises ACL plans use to the exercise catalog (:mod:`planlint_acl.catalog`).

Timing follows planlint's conservative rule where it counts hours (AC003's weeks):
when a time of day is missing, the least time the file allows, and the message says
so. AC001 counts calendar months from the day of surgery, as its source does.
"""

from __future__ import annotations

from datetime import date

from planlint.api import (
    FILE_START,
    Evidence,
    Option,
    Rule,
    Severity,
    Violation,
    docs_hook,
    format_number,
    has_gate,
    hookimpl,
    number,
    region_advice,
    rules_hook,
    when,
    whole_number,
)
from planlint_acl.catalog import EXERCISES

__version__ = "0.1.0"

SITE = "acl"
ACL = frozenset({SITE})
#: The injury type the pack checks: a reconstructed ACL (a sprain or a tear managed
#: without surgery is not its business).
RECONSTRUCTION = "reconstruction"
#: `muscle` names (format 1.1) that make a strength_symmetry gate a quadriceps test; a gate
#: without `muscle` counts as the quadriceps gate in an ACL plan (every ACL battery measures it).
QUADRICEPS = ("quadriceps", "quads", "quadricep")

# --------------------------------------------------------------------------- evidence

GRINDEM_DELAY = Evidence(
    "observational",
    "Grindem et al., BJSM 2016 (Delaware-Oslo ACL cohort, 106 athletes followed for two years): the knee re-injury "
    "rate fell by 51% for each month return to level I sport was delayed after reconstruction, up to 9 months; "
    "after 9 months no further reduction was seen. A cohort study, not a trial: nine months is a floor, not a "
    "target.",
)
GRINDEM_CRITERIA = Evidence(
    "observational",
    "Grindem et al., BJSM 2016: athletes who passed the return-to-sport criteria (quadriceps strength and four hop "
    "tests each at a limb symmetry index of 90% or more, with self-reported knee function) had 5.6% knee re-injuries "
    "against 38.2% for those who did not.",
)
KYRITSIS = Evidence(
    "observational",
    "Kyritsis et al., BJSM 2016 (158 professional athletes): those who returned without meeting all six discharge "
    "criteria (isokinetic quadriceps strength, single, triple and triad hop tests at 90% symmetry, the running "
    "T-test and on-field rehabilitation) had four times the graft rupture rate (HR 4.1).",
)
ACL_RSI = Evidence(
    "observational",
    "Psychological readiness to return is measured with the ACL-Return to Sport after Injury scale (ACL-RSI; "
    "Gokeler et al., KSSTA 2017); fear of re-injury is a common reason athletes do not return to their sport. No "
    "single cut-off is validated: the pack asks for the gate and leaves its `min_score` to the team.",
)
TESTS_LIMITS = Evidence(
    "observational",
    "Return-to-sport tests raise the rate of return but identify second-injury risk poorly (Welling et al., Knee "
    "2020): passing the battery lowers risk in cohorts (Grindem 2016, Kyritsis 2016), yet an athlete who passes can "
    "still re-injure, and the 90% figure is a convention of those cohorts. The battery is a floor, not a guarantee.",
)
PANTHER = Evidence(
    "consensus",
    "Panther Symposium ACL injury return-to-sport consensus (Meredith et al., KSSTA 2020): purely time-based "
    "return-to-sport decisions should be abandoned; progression and return are decided on criteria, with time as "
    "one of them.",
)
ADAMS = Evidence(
    "practice",
    "Adams et al., JOSPT 2012 (the Delaware criterion-based progression after ACL reconstruction): running and "
    "plyometrics start once quadriceps strength is about 80% of the other side, with no effusion and full range. "
    "Practice guidance from a criterion-based protocol, not a tested cut-off.",
)
TWELVE_WEEKS = Evidence(
    "practice",
    "Post-operative protocols commonly keep running out of the first 12 weeks after reconstruction, while the graft "
    "incorporates and the quadriceps recovers (criterion-based progressions such as Adams et al., JOSPT 2012, gate "
    "running on strength and a quiet knee). The 12 weeks is planlint's policy floor on top of the strength "
    "criterion, not a published cut-off.",
)
SURGERY_ANCHOR = Evidence(
    "practice",
    "ACL rehabilitation milestones are counted from the operation: months to return to sport (Grindem et al., BJSM "
    "2016), post-operative weeks for running and plyometrics (Adams et al., JOSPT 2012). The rupture may precede "
    "the operation by weeks or months of pre-operative rehabilitation, so it cannot stand in for it.",
)


# --------------------------------------------------------------------------- helpers


def add_months(day: date, months: int) -> date:
    """The same day of the month ``months`` later (the month's last day when it has fewer days:
    31 May + 9 months is 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    import calendar  # only for AC001's months, when a plan reaches it

    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_and_days(start: date, end: date) -> str:
    """'8 months and 29 days' from ``start`` to ``end`` (``end`` not before ``start``)."""
    months = 0
    while add_months(start, months + 1) <= end:
        months += 1
    days = (end - add_months(start, months)).days
    parts = [f"{months} month{'s' if months != 1 else ''}"] if months else []
    if days or not parts:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    return " and ".join(parts)


def quadriceps_gate(min_lsi: float):
    """A gate test for ``has_gate``: a strength_symmetry gate of the quadriceps (no `muscle`, or a
    quadriceps one) that asks for a limb symmetry index of at least ``min_lsi``."""

    def accept(gate) -> bool:
        return gate.min_lsi is not None and gate.min_lsi >= min_lsi and gate.measures(*QUADRICEPS)

    return accept


def hop_gate(min_lsi: float):
    def accept(gate) -> bool:
        return gate.min_lsi is not None and gate.min_lsi >= min_lsi

    return accept


def preoperative_gates(plan) -> frozenset[int]:
    """The gates (by ``id``) assessed before the operation, which say nothing about the
    reconstructed knee: the checks of sessions that may be before the surgery, and the exits
    of phases whose sessions are all certainly before it (pre-operative rehabilitation)."""
    found = set()
    for session in plan.sessions:
        if plan.since_surgery(session).before_injury:  # the least time from the surgery is negative
            found.update(id(gate) for gate in session.checks)
    for phase in plan.phases:
        sessions = [s for s in plan.sessions if s.phase_id == phase.id]
        if sessions and all(plan.since_surgery(s).certainly_before for s in sessions):
            found.update(id(gate) for gate in phase.exit)
    return frozenset(found)


def after_surgery(accept, preoperative: frozenset[int]):
    """``accept`` for gates assessed after the operation only."""
    return lambda gate: id(gate) not in preoperative and (accept is None or accept(gate))


def preoperative(plan, session) -> bool:
    """A session certainly before the operation (pre-operative rehabilitation under ``days_from:
    surgery`` has negative day numbers): the post-operative rules do not judge it."""
    return plan.since_surgery(session).certainly_before


def is_running(exercise) -> bool:
    """Running on positive evidence only (as MS101): a sprint, or conditioning whose mode is
    ``run`` (inline or from the catalog). Conditioning without a mode is not counted."""
    return exercise.kind == "sprint" or (exercise.kind == "conditioning" and exercise.mode == "run")


def weaker_gates(plan, test: str, min_lsi: float, quadriceps: bool = False, pre: frozenset[int] = frozenset()) -> str:
    """' (one at 85% does not count)' when the plan has gates of ``test`` that ask for less than
    ``min_lsi``, test another muscle or were assessed before the surgery ('' when it has none)."""
    found = []
    for gate in [g for p in plan.phases for g in p.exit] + [g for s in plan.sessions for g in s.checks]:
        if gate.test != test:
            continue
        if id(gate) in pre:
            found.append("one assessed before the surgery")
        elif quadriceps and not gate.measures(*QUADRICEPS):
            found.append(f"one for the {gate.muscle}")
        elif gate.min_lsi is None:
            found.append("one without min_lsi")
        elif gate.min_lsi < min_lsi:
            found.append(f"one at {format_number(gate.min_lsi)}%")
    if not found:
        return ""
    distinct = list(dict.fromkeys(found))
    listed = ", ".join(distinct)
    return f" ({listed} does not count)" if len(distinct) == 1 else f" ({listed}: these do not count)"


def _any_pre(plan, test: str, pre: frozenset[int]) -> bool:
    gates = [g for p in plan.phases for g in p.exit] + [g for s in plan.sessions for g in s.checks]
    return any(g.test == test and id(g) in pre for g in gates)


def day_of(plan, session, target: date) -> int:
    """The plan's day number of a calendar date (on the plan's own count)."""
    return session.day + (target - plan.date_of(session)).days


def weeks_after_surgery(plan, session) -> tuple[float, str]:
    """Weeks from the operation to ``session`` by the conservative rule, and the clause that says
    which time of day was assumed ('' when both are given)."""
    elapsed = plan.since_surgery(session)
    surgery_untimed = not plan.injury.surgery.has_time
    session_untimed = not session.placement.has_time
    if surgery_untimed and session_untimed:
        assumed = (
            "no time of day for the surgery or the session: planlint assumes the end of the surgery day and the start "
            "of the session day"
        )
    elif surgery_untimed:
        assumed = "no time of day for the surgery: planlint assumes the end of its day"
    elif session_untimed:
        assumed = "no time of day for the session: planlint assumes the start of its day"
    else:
        assumed = ""
    return elapsed.hours / (24 * 7), assumed


def format_weeks(weeks: float) -> str:
    """Weeks rounded down to a tenth: 11.99 weeks is '11.9 weeks', never the limit."""
    shown = int(weeks * 10 + 1e-9) / 10
    return f"{format_number(shown)} week{'s' if shown != 1 else ''}"


# --------------------------------------------------------------------------- rules


class AclRule(Rule):
    """A rule of this pack: ACL plans whose injury is a reconstruction. Every rule but AC000
    stays silent when the plan gives no ``surgery`` (AC000 is then the plan's one AC finding)."""

    sites = ACL

    def applies_to(self, plan) -> bool:
        return super().applies_to(plan) and plan.injury.type == RECONSTRUCTION

    @classmethod
    def applies_to_text(cls) -> str:
        return f"plans whose injury.site is {SITE} and injury.type is {RECONSTRUCTION}"

    def check(self, plan, ctx):
        if plan.injury.surgery is None:
            return ()
        return self.check_after_surgery(plan, ctx)

    def check_after_surgery(self, plan, ctx):  # pragma: no cover - abstract
        raise NotImplementedError

    @staticmethod
    def return_session(plan):
        """The first session of the last phase (the return to sport), None when it has none."""
        return plan.first_session_of(plan.last_phase)


class NoSurgeryDate(AclRule):
    code = "AC000"
    name = "no-surgery-date"
    severity = Severity.ERROR
    summary = "An ACL reconstruction plan does not give the date of surgery (`injury.surgery`)."
    why = (
        "Every milestone after an ACL reconstruction is counted from the operation: nine months to return to sport, "
        "twelve weeks to running. The rupture (`occurred`) may be weeks or months earlier, after pre-operative "
        "rehabilitation, so planlint cannot measure from it without passing plans that return too early. Without "
        "`injury.surgery` the pack's other rules (AC001-AC005) are not checked, and this is the plan's one AC finding. "
        "A version 1 file cannot state `surgery`: it needs `planlint: 1.1`."
    )
    instead = (
        "Give the operation's date under `injury`: `surgery: 2026-03-23` (a date or a date-time, not earlier than "
        "`occurred`), in a file that declares `planlint: 1.1`; `days_from: surgery` then counts day numbers from it, "
        "as post-operative protocols are written."
    )
    evidence = (SURGERY_ANCHOR,)

    def check(self, plan, ctx):
        if plan.injury.surgery is not None:
            return
        declare = "; this is a version 1 file, which cannot state it: declare `planlint: 1.1` first" if plan.is_v1 else ""
        yield Violation(
            plan.injury.span,
            "the plan gives no surgery date (`injury.surgery`), and the ACL rules measure post-operative time from "
            f"it, not from the rupture ({plan.injury.occurred_text}): give the surgery date, e.g. "
            f"`surgery: YYYY-MM-DD`{declare}; until then no other ACL rule is checked",
        )


class EarlyReturnToSport(AclRule):
    code = "AC001"
    name = "early-return-to-sport"
    severity = Severity.ERROR
    summary = "Return to sport (the last phase) less than 9 months after the ACL reconstruction."
    why = (
        "In the Delaware-Oslo cohort the knee re-injury rate fell by about half for each month return to sport was "
        "delayed, up to nine months after surgery. planlint reads the plan's last phase as the return to sport, and "
        "counts calendar months from the day of surgery (`injury.surgery`, not `occurred`) to the day of that "
        "phase's first session, whatever its time of day: 23 January + 9 months is 23 October (the month's last day "
        "when it is shorter: 31 May + 9 months is the end of February). A plan that ends before return to sport "
        "should not make its last phase look like one: add the later phases."
    )
    instead = (
        "Start the last phase (return to sport, competition) no earlier than 9 calendar months after the day of "
        "surgery, and only once the return battery is passed (AC002)."
    )
    evidence = (GRINDEM_DELAY, PANTHER)
    min_months = Option("min-months", 9, whole_number(), "least calendar months from the day of surgery to return to sport")

    def check_after_surgery(self, plan, ctx):
        session = self.return_session(plan)
        if session is None:
            return
        months = ctx[self.min_months]
        surgery = plan.injury.surgery.day
        allowed = add_months(surgery, months)
        on = plan.date_of(session)
        if on >= allowed:
            return
        since = f"{months_and_days(surgery, on)} after" if on >= surgery else "before"
        yield Violation(
            session.span,
            f"the last phase '{plan.last_phase.id}' (return to sport) starts on {when(session)}"
            + (f" ({on.isoformat()}), " if session.at is None else f", {on.isoformat()} in the plan's calendar, ")
            + f"{since} the surgery ({surgery.isoformat()}); return to sport after an ACL reconstruction waits at "
            f"least {months} months: move it to {allowed.isoformat()} (day {day_of(plan, session, allowed)}) or later",
        )


class IncompleteReturnBattery(AclRule):
    code = "AC002"
    name = "incomplete-return-battery"
    severity = Severity.ERROR
    summary = "Return to sport before quadriceps strength, hop symmetry and psychological readiness have all been passed."
    why = (
        "Athletes who returned after passing quadriceps strength and hop tests at 90% symmetry had far fewer knee "
        "re-injuries than those who did not (Delaware-Oslo cohort), and not meeting all discharge criteria went with "
        "four times the graft ruptures (Kyritsis 2016); fear of re-injury, measured with the ACL-RSI, also keeps "
        "athletes from returning well. The last phase must therefore follow three gates: a `strength_symmetry` gate "
        "of the quadriceps (one without `muscle` counts as the quadriceps gate here; `muscle: hamstring` does not) "
        "with min_lsi of at least 90, a `hop_battery` gate with min_lsi of at least 90, and a "
        "`psychological_readiness` gate. `custom` gates that name the same tests do not count: planlint cannot read "
        "their thresholds. Gates count as passed by planlint's usual rule (the exit of an earlier phase, or a check "
        "in a session certainly earlier); a gate assessed before the operation (pre-operative rehabilitation: "
        "a check in a session that may be before the surgery, or the exit of a phase whose sessions all are) says "
        "nothing about the reconstructed knee and does not count. The tests are a floor, not a guarantee: they "
        "raise return rates but predict a second injury poorly (Welling et al. 2020)."
    )
    instead = (
        "Put the return battery in the exit of the phase before the last one and assess it in a session before: "
        "`- test: strength_symmetry` with `muscle: quadriceps` and `min_lsi: 90`, `- test: hop_battery` with "
        "`min_lsi: 90`, and `- test: psychological_readiness` with `instrument: acl_rsi` and the team's `min_score`."
    )
    evidence = (GRINDEM_CRITERIA, KYRITSIS, ACL_RSI, TESTS_LIMITS)
    min_lsi = Option("min-lsi", 90, number(), "least limb symmetry index (percent) the strength and hop gates must require")

    def check_after_surgery(self, plan, ctx):
        session = self.return_session(plan)
        if session is None:
            return
        min_lsi = ctx[self.min_lsi]
        need = f"min_lsi >= {format_number(min_lsi)}"
        pre = preoperative_gates(plan)
        missing = []
        if not has_gate(plan, session, "strength_symmetry", after_surgery(quadriceps_gate(min_lsi), pre)):
            missing.append(
                f"a quadriceps strength_symmetry gate with {need}"
                + weaker_gates(plan, "strength_symmetry", min_lsi, quadriceps=True, pre=pre)
            )
        if not has_gate(plan, session, "hop_battery", after_surgery(hop_gate(min_lsi), pre)):
            missing.append(f"a hop_battery gate with {need}" + weaker_gates(plan, "hop_battery", min_lsi, pre=pre))
        if not has_gate(plan, session, "psychological_readiness", after_surgery(None, pre)):
            missing.append(
                "a psychological_readiness gate (e.g. `instrument: acl_rsi`)"
                + (" (one assessed before the surgery does not count)" if _any_pre(plan, "psychological_readiness", pre) else "")
            )
        if not missing:
            return
        listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
        customs = [g.name for p in plan.phases for g in p.exit if g.test == "custom" and g.name]
        note = "; `custom` gates do not count, planlint cannot read their thresholds" if customs else ""
        yield Violation(
            session.span,
            f"the last phase '{plan.last_phase.id}' (return to sport) starts on {when(session)} before the return "
            f"battery has been passed: missing {listed}; "
            + (
                f"add them to the exit of '{plan.phases[-2].id}' or as checks in an earlier session"
                if len(plan.phases) > 1
                else "add them as checks in an earlier session, or split the plan into phases whose last one starts "
                "after the battery"
            )
            + note,
        )


class RunningBeforeCriteria(AclRule):
    code = "AC003"
    name = "running-before-criteria"
    severity = Severity.WARNING
    summary = "Running before quadriceps strength reaches 80% of the other side, or in the first 12 weeks after surgery."
    why = (
        "Running loads the reconstructed knee several times body weight at every step; with a weak quadriceps the "
        "knee absorbs it stiffly and the joint swells. Criterion-based protocols start running once quadriceps "
        "strength is about 80% of the other side, and post-operative protocols keep it out of the first 12 weeks. "
        "Running is counted on positive evidence only: a sprint, or conditioning whose `mode` is `run` (inline or "
        "from the catalog, e.g. `tempo_run`, `walk_run_intervals`); pool running, cycling and conditioning without a "
        "mode are not. The quadriceps gate is a `strength_symmetry` gate without `muscle` or with `muscle: "
        "quadriceps`, assessed after the operation. Weeks are measured from `injury.surgery` (not `occurred`) in real "
        "time, by the conservative rule: without a time of day, the end of the surgery day and the start of the "
        "session day. Sessions certainly before the operation (pre-operative rehabilitation) are not judged, and "
        "a strength test from before it does not count."
    )
    instead = (
        "Start running from 12 weeks after surgery, after a `strength_symmetry` gate of the quadriceps with "
        "`min_lsi: 80` or more (a phase exit, or a check in an earlier session); until then use the bike, the pool "
        "or walking."
    )
    evidence = (ADAMS, TWELVE_WEEKS)
    min_lsi = Option("min-lsi", 80, number(), "least quadriceps limb symmetry index (percent) before running")
    min_weeks = Option("min-weeks", 12, number(), "least weeks from the surgery before running")

    def check_after_surgery(self, plan, ctx):
        min_lsi, min_weeks = ctx[self.min_lsi], ctx[self.min_weeks]
        pre = preoperative_gates(plan)
        for session in plan.sessions:
            running = [e for e in session.exercises if is_running(e)]
            if not running or preoperative(plan, session):
                continue
            strong = has_gate(plan, session, "strength_symmetry", after_surgery(quadriceps_gate(min_lsi), pre))
            weeks, assumed = weeks_after_surgery(plan, session)
            early = weeks < min_weeks
            if strong and not early:
                continue
            gate = (
                f"before a quadriceps strength_symmetry gate with min_lsi >= {format_number(min_lsi)} has been passed"
                + weaker_gates(plan, "strength_symmetry", min_lsi, quadriceps=True, pre=pre)
            )
            amount = format_weeks(weeks) if not assumed else f"at least {format_weeks(weeks)}"
            since = f"{amount} after the surgery{f' ({assumed})' if assumed else ''}"
            if strong:
                problem = f"{since}, and running waits {format_number(min_weeks)} weeks"
            elif early:
                problem = f"{gate}, and {'' if assumed else 'only '}{since}, while running waits {format_number(min_weeks)} weeks"
            else:
                problem = gate
            advice = []
            if not strong:
                advice.append(f"pass a quadriceps strength_symmetry gate at {format_number(min_lsi)}% or more first")
            if early:
                advice.append("move it later (use the bike or the pool until then)")
            for exercise in running:
                what = "sprint" if exercise.kind == "sprint" else "running"
                yield Violation(
                    exercise.span,
                    f"{what} '{exercise.name}' on {when(session)} comes {problem}; " + " and ".join(advice),
                )


class PlyometricBeforeCriteria(AclRule):
    code = "AC004"
    name = "plyometric-before-criteria"
    severity = Severity.WARNING
    summary = "Plyometrics (jumps, hops, landings, hop tests) before quadriceps strength reaches 80% of the other side."
    why = (
        "Jumping and landing put the highest loads of rehabilitation through the reconstructed knee, and a weak "
        "quadriceps lands stiff-kneed or lets the knee collapse inwards, the pattern of ACL injury. Criterion-based "
        "protocols bring plyometrics in with running, once quadriceps strength is about 80% of the other side. Hop "
        "tests are plyometric too (the pack's catalog marks them so). Upper-body and trunk plyometrics (`region: "
        "upper` or `trunk`, e.g. medicine-ball throws) are not judged; an exercise that states no region is judged "
        "as if it loaded the knee. As in AC003, pre-operative sessions are not judged and a quadriceps test from "
        "before the operation does not count."
    )
    instead = (
        "Pass a `strength_symmetry` gate of the quadriceps with `min_lsi: 80` or more (a phase exit, or a check in an "
        "earlier session) before jumps, hops and landing drills; until then train landing mechanics at bodyweight "
        "without flight (step-downs, squats)."
    )
    evidence = (ADAMS,)
    min_lsi = Option("min-lsi", 80, number(), "least quadriceps limb symmetry index (percent) before plyometrics")

    def check_after_surgery(self, plan, ctx):
        min_lsi = ctx[self.min_lsi]
        pre = preoperative_gates(plan)
        for session in plan.sessions:
            jumps = [e for e in session.exercises if e.kind == "plyometric" and e.loads_injured_limb]
            if not jumps or preoperative(plan, session):
                continue
            if has_gate(plan, session, "strength_symmetry", after_surgery(quadriceps_gate(min_lsi), pre)):
                continue
            weaker = weaker_gates(plan, "strength_symmetry", min_lsi, quadriceps=True, pre=pre)
            for exercise in jumps:
                yield Violation(
                    exercise.span,
                    f"plyometric '{exercise.name}' on {when(session)} comes before a quadriceps strength_symmetry gate "
                    f"with min_lsi >= {format_number(min_lsi)} has been passed{weaker}; pass one first (a phase exit or "
                    "an earlier session's check)" + region_advice(plan, exercise),
                )


class TimeOnlyProgression(AclRule):
    code = "AC005"
    name = "time-only-progression"
    severity = Severity.INFO
    summary = "No phase of the ACL plan has an exit gate other than `custom`: progression on time alone."
    why = (
        "The Panther Symposium consensus asks that return to sport after an ACL injury be decided on criteria, not on "
        "time alone. A plan whose phases end only on `custom` gates (or none) says nothing planlint can check about "
        "when the athlete moves on, so the strength, hop and readiness rules have nothing to read. Only phase exits "
        "are read: checks in sessions do not make a phase criteria-based."
    )
    instead = (
        "Give the phases typed exit gates: `strength_symmetry` (with `muscle: quadriceps` and `min_lsi`), "
        "`hop_battery` (with `min_lsi`), `psychological_readiness`, `mobility`, `medical_clearance`."
    )
    evidence = (PANTHER,)

    def check_after_surgery(self, plan, ctx):
        if any(gate.test != "custom" for phase in plan.phases for gate in phase.exit):
            return
        customs = sum(1 for phase in plan.phases for gate in phase.exit)
        what = f"only `custom` exit gates ({customs})" if customs else "no exit gates"
        yield Violation(
            FILE_START,
            f"the plan's phases have {what}, so progression after the reconstruction is decided on time alone; "
            "give the phases typed exit gates (strength_symmetry, hop_battery, psychological_readiness, mobility)",
        )


RULES = (
    NoSurgeryDate,
    EarlyReturnToSport,
    IncompleteReturnBattery,
    RunningBeforeCriteria,
    PlyometricBeforeCriteria,
    TimeOnlyProgression,
)

planlint_rules = rules_hook(RULES)
planlint_docs_url = docs_hook("https://github.com/planlint/planlint/blob/main/plugins/planlint-acl/docs/rules.md")


@hookimpl
def planlint_exercise_catalog():
    return {ident: dict(entry) for ident, entry in EXERCISES.items()}


__all__ = ["RULES", "EXERCISES", "add_months", "planlint_rules", "planlint_docs_url", "planlint_exercise_catalog"]
