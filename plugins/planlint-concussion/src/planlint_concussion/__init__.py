"""CCxxx: planlint's concussion pack, for plans whose ``injury.site`` is ``concussion``.

A separately installable planlint plugin (entry point ``concussion`` in the
``planlint`` group). It adds ``stage: 1..6`` to every phase of a concussion
plan -- the step of the graduated return-to-sport strategy of the Amsterdam
2022 consensus -- and five rules that check the steps are taken in order, at
least a day apart, behind the right gates, and not back to competition too
early.

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
    summary = "Return to sport (stage 6) earlier than 21 days after the concussion."
    why = (
        "Community sport rarely has a doctor on site to judge recovery, and young athletes recover more slowly. "
        "UK and Australian guidance for community and youth sport therefore sets a floor: no competition before "
        "21 days after the concussion, whatever the graduated steps allow. This is policy, not a trial result. "
        "planlint counts the 21 days as 504 h from the injury by its conservative rule: a stage 6 session on day 21 "
        "is reported unless its time of day is later than the injury's."
    )
    instead = (
        "Move the first stage 6 session to at least 21 days after the injury (day 22, or day 21 after the hour of "
        "the injury); an elite team with on-site medical care that follows the consensus strategy can lower the "
        "number of days in [tool.planlint.rules.CC005]."
    )
    evidence = (COMMUNITY_GUIDANCE, AMSTERDAM_STEPS)
    min_days = Option("min-days", 21, number(), "least days between the injury and the first stage 6 (return to sport) session")
    sites = CONCUSSION

    def check(self, plan, ctx):
        days = ctx[self.min_days]
        session = stage_entries(plan).get(6)
        if session is None or session.elapsed.hours >= days * 24:
            return
        yield Violation(
            session.span,
            f"return to sport (stage 6) starts on {when(session)}, {after_injury_in_days(session)}; community-sport "
            f"guidance in the UK and Australia allows competition no earlier than {format_number(days)} days "
            f"({format_hours(days * 24)}) after a concussion",
        )


RULES = (StageTooShort, StageSkipped, ContactBeforeClearance, DrillsBeforeSymptomFree, EarlyCompetition)

planlint_rules = rules_hook(RULES)
planlint_docs_url = docs_hook("https://github.com/planlint/planlint/blob/main/plugins/planlint-concussion/docs/rules.md")


@hookimpl
def planlint_schema_extensions():
    return [SchemaExtension(site=SITE, defs=SCHEMA_EXTENSION_DEFS, source="concussion")]
