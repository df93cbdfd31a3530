"""CCxxx: planlint's concussion pack, for plans whose ``injury.site`` is ``concussion``.

A separately installable planlint plugin (entry point ``concussion`` in the
``planlint`` group). It adds ``stage: 1..6`` to every phase of a concussion
plan -- the step of the graduated return-to-sport strategy of the Amsterdam
2022 consensus -- and rules that check the steps are taken in order, at
least a day apart, behind the right gates (symptom-free, medical clearance,
return to learn), with light resistance and no head impact early, and not
back to contact or competition too early.

Timing follows planlint's conservative rule: when a time of day is missing,
the least time the file allows is used, and the message says so.
"""

from __future__ import annotations

import math

from planlint.api import (
    Evidence,
    Option,
    Rule,
    SchemaExtension,
    Severity,
    Violation,
    after_injury,
    docs_hook,
    format_gap,
    format_hours,
    format_number,
    has_gate,
    hookimpl,
    least_hours_between,
    missing_times_advice,
    number,
    rules_hook,
    times_assumed_between,
    when,
    whole_number,
)

__version__ = "0.1.0"

SITE = "concussion"
CONCUSSION = frozenset({SITE})

#: The six steps of the graduated return-to-sport strategy (Patricios et al., BJSM 2023).
STAGES = {
    1: "symptom-limited activity",
    2: "aerobic exercise",
    3: "individual sport-specific exercise",
    4: "non-contact training drills",
    5: "full contact practice",
    6: "return to sport",
}

SCHEMA_EXTENSION_DEFS = {
    "phase": {
        "properties": {
            "stage": {
                "type": "integer",
                "minimum": 1,
                "maximum": 6,
                "title": "Return-to-sport stage",
                "description": (
                    "Step of the graduated return-to-sport strategy after a concussion (Amsterdam 2022 "
                    "consensus): 1 symptom-limited activity, 2 aerobic exercise, 3 individual sport-specific "
                    "exercise, 4 non-contact training drills, 5 full contact practice, 6 return to sport. "
                    "Required on every phase of a concussion plan."
                ),
                "examples": [1, 4],
            }
        },
        "required": ["stage"],
    }
}

# --------------------------------------------------------------------------- evidence

AMSTERDAM_STEPS = Evidence(
    "consensus",
    "Patricios et al., Consensus statement on concussion in sport: the 6th International Conference on Concussion "
    "in Sport, Amsterdam, October 2022 (BJSM 2023): a graduated return-to-sport strategy in six steps (1 "
    "symptom-limited activity, 2 aerobic exercise, 3 individual sport-specific exercise, 4 non-contact training "
    "drills, 5 full contact practice, 6 return to sport), each step typically taking at least 24 h. The order and "
    "the 24 h minimum are expert consensus; no trial has compared them with other schedules.",
)
AMSTERDAM_GATES = Evidence(
    "consensus",
    "Patricios et al., BJSM 2023 (Amsterdam 2022 consensus): steps 4 to 6 begin only after the symptoms and "
    "clinical findings of the concussion have resolved, including with and after exertion; full contact practice "
    "and return to sport follow medical clearance, as in the Berlin 2017 strategy (McCrory et al., BJSM 2017: "
    "step 5, 'following medical clearance').",
)
COMMUNITY_GUIDANCE = Evidence(
    "practice",
    "UK Concussion Guidelines for Non-Elite (Grassroots) Sport (UK Government and the Sport and Recreation "
    "Alliance, 2023, updated 2024): no return to competition before day 21 after the injury (the injury day is "
    "day 0), and only after 14 days without symptoms at rest. Australian Concussion Guidelines for Youth and "
    "Community Sport (Australian Institute of Sport with Sports Medicine Australia, ACSEP and the Australian "
    "Physiotherapy Association, 2024): at least 21 days before return to competition. The 21 days is a "
    "conservative policy floor for community sport, where medical care is rarely on site; it is not a cut-off "
    "tested in trials, and elite teams with doctors on site may return earlier under the consensus strategy.",
)


AMSTERDAM_LOAD = Evidence(
    "consensus",
    "Patricios et al., BJSM 2023 (Amsterdam 2022 consensus): light resistance training from step 2, progressive "
    "resistance training from step 4; medical clearance before any activity with a risk of head impact, including "
    "at step 3 when it carries one.",
)
RETURN_TO_LEARN = Evidence(
    "consensus",
    "Return to learn takes priority over return to sport: a student returns to school or study before full contact "
    "practice (McCrory et al., Berlin 2017, BJSM; Patricios et al., Amsterdam 2022, BJSM 2023; UK Concussion "
    "Guidelines for Grassroots Sport 2023/2024 for under-19s).",
)
GRASSROOTS_14_DAYS = Evidence(
    "practice",
    "UK Concussion Guidelines for Non-Elite (Grassroots) Sport (2023, updated 2024): no training with a risk of head "
    "impact until 14 days after symptoms at rest have resolved, for grassroots sport and for under-19s. The 14 days "
    "is guideline policy, not a cut-off tested in trials.",
)
ELITE_DAY_12 = Evidence(
    "practice",
    "Elite codes with doctors on site (World Rugby, AFL) allow return to play from day 12 under medical supervision "
    "(graduated return to play with enhanced care); a policy by level, not a trial result, hence a separate option "
    "for adult elite athletes.",
)


# --------------------------------------------------------------------------- helpers


def stage_of(session) -> int | None:
    """The return-to-sport stage of a session's phase (None when its phase is unknown)."""
    phase = session.phase
    if phase is None:
        return None
    stage = phase.extra.get("stage")
    if isinstance(stage, bool) or not isinstance(stage, int):
        return None
    return stage


def stage_label(stage: int) -> str:
    return f"stage {stage} ({STAGES.get(stage, 'unknown')})"


def stage_entries(plan) -> dict:
    """``{stage: first session}`` in the order the stages are entered (time order,
    earliest possible time first, file order breaking ties)."""
    entries: dict = {}
    for session in plan.chronological():
        stage = stage_of(session)
        if stage is not None and stage not in entries:
            entries[stage] = session
    return entries


def after_injury_in_days(session) -> str:
    days = math.floor(session.elapsed.hours / 24 * 10) / 10  # rounded down: 335.3 h is 13.9 days, not 14
    return after_injury(session, f" ({format_number(days)} days)")


def day_after_injury(session) -> int:
    """The session's day counted as the guidance counts it: calendar days after the injury
    day, the injury day being day 0."""
    return session.injury_day


def first_contact(plan):
    """The first session of stage 5 or 6 (full contact practice or return to sport), in time."""
    return next((s for s in plan.chronological() if (stage_of(s) or 0) >= 5), None)


def is_adult(athlete) -> bool | None:
    """19 or older (None: age not stated)."""
    if athlete is None or athlete.age is None:
        return None
    return athlete.age >= 19


def symptom_free_day(plan, before):
    """The day the athlete was recorded symptom-free, counted from gates that count for ``before``:
    the earliest session whose checks hold ``symptom_free``, or, for a phase exit, the first
    session of the next phase that has one. ``(day, how)``, or None when no such gate counts."""
    found = []
    for session in plan.chronological():
        if plan.is_earlier(session, before) and any(g.test == "symptom_free" for g in session.checks):
            found.append((day_after_injury(session), f"checked in the session on {when(session)}"))
            break
    if before.phase is not None:
        for phase in plan.phases[: before.phase.index]:
            if not any(g.test == "symptom_free" for g in phase.exit):
                continue
            for later in plan.phases[phase.index + 1 :]:
                entered = plan.first_session_of(later)
                if entered is not None:
                    found.append(
                        (
                            day_after_injury(entered),
                            f"the exit of phase '{phase.id}', passed when '{later.id}' starts on {when(entered)}",
                        )
                    )
                    break
            break
    return min(found, key=lambda item: item[0]) if found else None


# --------------------------------------------------------------------------- rules


class StageTooShort(Rule):
    code = "CC001"
    name = "stage-too-short"
    severity = Severity.ERROR
    summary = "A return-to-sport stage starts less than 24 h after the previous stage started."
    why = (
        "After a concussion, symptoms can come back hours after exertion. Each step of the graduated return to "
        "sport lasts at least a day so that a delayed worsening shows up before the load goes up again; two steps "
        "on the same day cannot show that."
    )
    instead = (
        "Start each stage at least 24 h after the first session of the previous stage (give times of day when the "
        "sessions are close: without them planlint assumes the least time the file allows), and move to the next "
        "stage only when the current one caused no more than a mild, short-lived rise in symptoms."
    )
    evidence = (AMSTERDAM_STEPS,)
    min_hours = Option("min-hours", 24, number(), "least hours between the first sessions of consecutive stages")
    sites = CONCUSSION

    def check(self, plan, ctx):
        limit = ctx[self.min_hours]
        entries = stage_entries(plan)
        order = list(entries)
        for stage, session in entries.items():
            lower = [s for s in entries if s < stage]
            if not lower:
                continue
            previous_stage = max(lower)  # the stage before it in the plan (a missing one is CC002's finding)
            previous = entries[previous_stage]
            if order.index(previous_stage) > order.index(stage):
                continue  # entered before the previous stage: an order problem, reported by CC002
            hours = least_hours_between(previous, session)
            if hours >= limit:
                continue
            need = f"each stage needs at least {format_hours(limit)} before the next one starts"
            advice = missing_times_advice(previous, session)
            if hours <= 0 and advice:
                yield Violation(
                    session.span,
                    f"{stage_label(stage)} starts on {when(session)}, the same day stage {previous_stage} starts "
                    f"({when(previous)}); with a time of day missing, planlint cannot show any time between them, "
                    f"and {need}: {advice}, or move stage {stage} to a later day",
                )
                continue
            assumed = times_assumed_between(previous, session, f"stage {previous_stage}", f"stage {stage}")
            amount = format_gap(hours) if not assumed else f"at least {format_gap(hours)}"
            yield Violation(
                session.span,
                f"{stage_label(stage)} starts on {when(session)}, {amount} after stage {previous_stage} started "
                f"on {when(previous)}{assumed}; {need}" + (f": {advice}, or move stage {stage} later" if advice else ""),
            )


class StageSkipped(Rule):
    code = "CC002"
    name = "stage-skipped"
    severity = Severity.ERROR
    summary = "Return-to-sport stages are not entered in order 1, 2, ... 6 without a gap."
    why = (
        "Each step of the graduated return to sport tests the brain with a little more load (heart rate, then "
        "movement, then thinking under speed, then contact). Skipping a step, or taking steps out of order, jumps "
        "over a check that the athlete tolerates the load before the next one."
    )
    instead = (
        "Give every stage from 1 to 6 at least one session, set each phase's `stage:`, and schedule the stages in "
        "order; if a stage was done before the plan was written, say so with a suppression and its reason."
    )
    evidence = (AMSTERDAM_STEPS,)
    sites = CONCUSSION

    def check(self, plan, ctx):
        entries = stage_entries(plan)
        highest = 0
        for stage, session in entries.items():
            if stage > highest + 1:
                problems = [self._problem(plan, entries, missing, session) for missing in range(highest + 1, stage)]
                yield Violation(
                    session.span,
                    f"{stage_label(stage)} starts on {when(session)}, but {_join(problems)}; take the "
                    "stages in order, 1 to 6, without skipping one",
                )
            highest = max(highest, stage)

    @staticmethod
    def _problem(plan, entries, missing: int, session) -> str:
        label = stage_label(missing)
        later = entries.get(missing)
        if later is not None:
            if plan.is_earlier(session, later):
                return f"{label} only starts later, on {when(later)}"
            return (
                f"{label} starts on {when(later)}, and with a time of day missing, planlint cannot tell that "
                f"stage {missing} comes first"
            )
        phases = [p.id for p in plan.phases if p.extra.get("stage") == missing]
        if phases:
            listed = ", ".join(f"'{p}'" for p in phases)
            return f"{label} has no session (phase {listed} is never scheduled)"
        return f"the plan has no {label}"


def _join(problems: list[str]) -> str:
    """'the plan has no stage 1 (..) and no stage 2 (..)'; other problems joined with '; and '."""
    merged: list[str] = []
    for problem in problems:
        if merged and merged[-1].startswith("the plan has no ") and problem.startswith("the plan has no "):
            merged[-1] += " and no " + problem[len("the plan has no ") :]
        else:
            merged.append(problem)
    return "; and ".join(merged)


class _StageGate(Rule):
    """Sessions of ``first_stage`` or later need ``gate`` to have been passed first."""

    first_stage: int
    gate: str
    consequence: str

    def check(self, plan, ctx):
        for session in plan.sessions:
            stage = stage_of(session)
            if stage is None or stage < self.first_stage or has_gate(plan, session, self.gate):
                continue
            yield Violation(
                session.span,
                f"{stage_label(stage)} session on {when(session)} comes before a {self.gate} gate has been "
                f"passed; {self.consequence} (a phase exit before this stage, or a check in an earlier session)",
            )


class ContactBeforeClearance(_StageGate):
    code = "CC003"
    name = "contact-before-clearance"
    severity = Severity.ERROR
    summary = "A stage 5 or 6 session (contact practice, return to sport) before medical clearance."
    why = (
        "Full contact practice and matches expose the athlete to another head impact. Only a doctor can judge that "
        "the concussion has recovered; a second concussion before recovery can prolong symptoms and, rarely, be "
        "catastrophic."
    )
    instead = (
        "Add a `medical_clearance` gate before stage 5: in the exit of the stage 4 phase, or in the checks of an earlier session."
    )
    evidence = (AMSTERDAM_GATES,)
    sites = CONCUSSION
    first_stage, gate = 5, "medical_clearance"
    consequence = "contact and return to sport need a doctor's clearance first"


class DrillsBeforeSymptomFree(_StageGate):
    code = "CC004"
    name = "drills-before-symptom-free"
    severity = Severity.ERROR
    summary = "A stage 4, 5 or 6 session before the athlete has been shown symptom-free."
    why = (
        "Training drills, contact and matches add speed, decisions and impact risk. The consensus starts them only "
        "once the concussion's symptoms have resolved, including with and after exercise; before that, load is "
        "kept to aerobic and individual work (stages 1-3)."
    )
    instead = (
        "Add a `symptom_free` gate before stage 4: in the exit of the stage 3 phase, or in the checks of an earlier session."
    )
    evidence = (AMSTERDAM_GATES,)
    sites = CONCUSSION
    first_stage, gate = 4, "symptom_free"
    consequence = "stages 4 to 6 start only once symptoms have resolved, at rest and with exercise"


class EarlyCompetition(Rule):
    code = "CC005"
    name = "early-competition"
    severity = Severity.WARNING
    summary = "Return to sport (stage 6) before day 21 after the concussion (day 12 for an adult elite athlete)."
    why = (
        "Community sport rarely has a doctor on site to judge recovery, and young athletes recover more slowly. "
        "UK and Australian guidance for community and youth sport therefore sets a floor: no competition before "
        "day 21, the injury day being day 0, whatever the graduated steps allow. Elite codes with doctors on site "
        "allow day 12 under medical supervision. planlint counts days as these sources do, by calendar day number "
        "(2026-12-07): a stage 6 session on day 21 is allowed whatever its time of day. The elite day applies to "
        "athletes whose `level` is `elite` and whose `age` is 19 or more; without both, the 21 days apply. This is "
        "policy, not a trial result."
    )
    instead = (
        "Move the first stage 6 session to day 21 or later (day 12 for an adult elite athlete under medical "
        "supervision: give `athlete: {level: elite, age: ...}`, format 1.1)."
    )
    evidence = (COMMUNITY_GUIDANCE, ELITE_DAY_12, AMSTERDAM_STEPS)
    min_days = Option(
        "min-days", 21, number(), "first day (the injury day is day 0) on which stage 6, return to sport, may start"
    )
    min_days_elite = Option(
        "min-days-elite", 12, number(), "the same for an athlete whose level is elite and whose age is 19 or more"
    )
    sites = CONCUSSION

    def check(self, plan, ctx):
        session = stage_entries(plan).get(6)
        if session is None:
            return
        athlete = plan.athlete
        elite = athlete is not None and athlete.level == "elite" and is_adult(athlete) is True
        days = ctx[self.min_days_elite] if elite else ctx[self.min_days]
        day = day_after_injury(session)
        if day >= days:
            return
        if elite:
            basis = f"elite codes allow return to play from day {format_number(days)} under medical supervision"
        else:
            basis = (
                f"community-sport guidance in the UK and Australia allows competition no earlier than day {format_number(days)}"
            )
        yield Violation(
            session.span,
            f"return to sport (stage 6) starts on {when(session)}, day {day} after the concussion (the injury day is "
            f"day 0); {basis}: move it to day {format_number(math.ceil(days))} or later",
        )


class ContactSoonAfterSymptomFree(Rule):
    code = "CC006"
    name = "contact-soon-after-symptom-free"
    severity = Severity.WARNING
    summary = "Contact (stage 5 or 6) less than 14 days after the athlete was recorded symptom-free."
    why = (
        "Grassroots and under-19 guidance keeps head-impact training away until 14 days after symptoms at rest "
        "have resolved. The symptom-free day is the day of the earliest session whose `checks` hold `symptom_free`, "
        "or, for a phase exit, the day the next phase (with a session) starts; days are counted by day number, as "
        "CC005 and the UK guidance count. Not for athletes whose `level` is `academy` or `elite` and whose `age` is "
        "19 or more or unstated: the 14 days are grassroots and under-19 guidance."
    )
    instead = (
        "Start contact practice (stage 5) at least 14 days after the day the athlete was recorded symptom-free, "
        "and record that day with a `symptom_free` check."
    )
    evidence = (GRASSROOTS_14_DAYS, AMSTERDAM_GATES)
    min_days = Option("min-days", 14, whole_number(), "least days from the symptom-free day to the first contact session")
    sites = CONCUSSION

    def check(self, plan, ctx):
        athlete = plan.athlete
        if athlete is not None and athlete.level in ("academy", "elite") and is_adult(athlete) is not False:
            return
        session = first_contact(plan)
        if session is None:
            return
        recorded = symptom_free_day(plan, session)
        if recorded is None:
            return  # no symptom_free gate before it: CC004's finding
        free_day, how = recorded
        gap, days = day_after_injury(session) - free_day, ctx[self.min_days]
        if gap >= days:
            return
        yield Violation(
            session.span,
            f"{stage_label(stage_of(session))} starts on {when(session)}, {gap} days after the athlete was recorded "
            f"symptom-free on day {free_day} ({how}); grassroots and under-19 guidance keeps contact away until "
            f"{days} days after symptoms resolve: move it to day {free_day + days} or later",
        )


class SportBeforeLearn(Rule):
    code = "CC007"
    name = "sport-before-learn"
    severity = Severity.ERROR
    summary = "Contact or competition for a student or an under-19 before return to learn."
    why = (
        "Return to learn comes before return to sport: a concussed student gets back to full days at school or "
        "study, without more than mild symptoms, before contact practice and competition. Checked for a student "
        "(`athlete.student: true`) or an athlete under 19 (`athlete.age`); not checked when neither is stated."
    )
    instead = (
        "Add a `return_to_learn` gate before stage 5: in the exit of the stage 4 phase, or in the checks of an earlier session."
    )
    evidence = (RETURN_TO_LEARN,)
    sites = CONCUSSION

    def check(self, plan, ctx):
        athlete = plan.athlete
        if athlete is None:
            return
        if athlete.student is True:
            who = "a student (`student: true`)"
        elif is_adult(athlete) is False:
            who = f"an athlete under 19 (age {athlete.age})"
        else:
            return
        for session in plan.sessions:
            stage = stage_of(session)
            if stage is None or stage < 5 or has_gate(plan, session, "return_to_learn"):
                continue
            yield Violation(
                session.span,
                f"{stage_label(stage)} session on {when(session)} comes before a return_to_learn gate has been passed; "
                f"for {who}, return to school or study comes before contact and competition: add a return_to_learn "
                "gate (the exit of the stage 4 phase, or a check in an earlier session)",
            )


class HeadImpactBeforeClearance(Rule):
    code = "CC008"
    name = "head-impact-before-clearance"
    severity = Severity.ERROR
    summary = "A drill with a risk of head impact before medical clearance."
    why = (
        "Heading, tackling and any drill with a risk of head impact expose the brain to another blow before it has "
        "recovered. The consensus asks for medical clearance before any such activity, even at stage 3 or 4, whose "
        "other work (individual and non-contact drills) needs none. An exercise carries the risk when it says "
        "`head_impact_risk: true` or its catalog entry does (`heading_drill`, `tackling_drill`). Stages 5 and 6 are "
        "CC003's."
    )
    instead = (
        "Take heading, tackling and contact drills out of stages 1-4, or pass a `medical_clearance` gate before "
        "them (a phase exit or an earlier session's check)."
    )
    evidence = (AMSTERDAM_LOAD, AMSTERDAM_GATES)
    sites = CONCUSSION

    def check(self, plan, ctx):
        for session in plan.sessions:
            stage = stage_of(session)
            if stage is None or stage > 4:
                continue
            risky = [e for e in session.exercises if e.head_impact_risk]
            if not risky or has_gate(plan, session, "medical_clearance"):
                continue
            for exercise in risky:
                yield Violation(
                    exercise.span,
                    f"'{exercise.name}' on {when(session)} ({stage_label(stage)}) carries a risk of head impact, but no "
                    "medical_clearance gate has been passed; drills with any risk of head impact need a doctor's "
                    "clearance first, whatever the stage",
                )


class EarlyHeavyResistance(Rule):
    code = "CC009"
    name = "early-heavy-resistance"
    severity = Severity.WARNING
    summary = "Heavy resistance training in stages 1-3 after a concussion."
    why = (
        "Heavy lifting raises blood pressure and intracranial pressure and can bring symptoms back. The consensus "
        "allows light resistance from stage 2 and progressive resistance from stage 4; a strength exercise at 70% "
        "1RM or more, or loaded at RPE 7 or more, in stages 1-3 is reported."
    )
    instead = "Keep resistance light (below 70% 1RM or RPE 7) until stage 4, then progress it."
    evidence = (
        AMSTERDAM_LOAD,
        Evidence(
            "heuristic",
            "70% 1RM and RPE 7 as the line for heavy resistance are planlint policy (as HS002), not consensus numbers.",
        ),
    )
    heavy_percent_1rm = Option("heavy-percent-1rm", 70, number(), "a strength exercise at or above this %1RM is heavy")
    heavy_rpe = Option("heavy-rpe", 7, number(), "a strength exercise loaded at or above this RPE is heavy")
    sites = CONCUSSION

    def check(self, plan, ctx):
        heavy_pct, heavy_rpe = ctx[self.heavy_percent_1rm], ctx[self.heavy_rpe]
        for session in plan.sessions:
            stage = stage_of(session)
            if stage is None or stage > 3:
                continue
            for exercise in session.exercises:
                load = exercise.load
                if exercise.kind != "strength" or load is None:
                    continue
                if load.kind == "percent_1rm" and load.value >= heavy_pct:
                    amount = f"{format_number(load.value)}% 1RM (heavy: >= {format_number(heavy_pct)}%)"
                elif load.kind == "rpe" and load.value >= heavy_rpe:
                    amount = f"RPE {format_number(load.value)} (heavy: >= {format_number(heavy_rpe)})"
                else:
                    continue
                yield Violation(
                    exercise.span,
                    f"'{exercise.name}' on {when(session)} ({stage_label(stage)}) is loaded at {amount}; resistance "
                    "stays light until stage 4 (progressive resistance): lower the load",
                )


RULES = (
    StageTooShort,
    StageSkipped,
    ContactBeforeClearance,
    DrillsBeforeSymptomFree,
    EarlyCompetition,
    ContactSoonAfterSymptomFree,
    SportBeforeLearn,
    HeadImpactBeforeClearance,
    EarlyHeavyResistance,
)

planlint_rules = rules_hook(RULES)
planlint_docs_url = docs_hook("https://github.com/planlint/planlint/blob/main/plugins/planlint-concussion/docs/rules.md")


@hookimpl
def planlint_schema_extensions():
    return [SchemaExtension(site=SITE, defs=SCHEMA_EXTENSION_DEFS, source="concussion")]
