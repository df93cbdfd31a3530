"""MSxxx: the muscle pack, for calf, quadriceps and groin (adductor) strains and tears.

MS001-MS004 are the hamstring pack's generic muscle checks (HS001-HS003, HS005),
shared through :mod:`planlint.rules.strain` and worded for the injured muscle;
MS005 asks for eccentric work as HS004 does, at warning level; MS101-MS301 are
site rules from the expert consensus for each muscle. Exercises with
`region: upper` or `trunk` are never judged.
"""

from __future__ import annotations

from dataclasses import dataclass

from planlint.codes import Evidence
from planlint.findings import Severity
from planlint.options import Option, number, text_list
from planlint.positions import FILE_START
from planlint.rules.rule import BUILTIN_DOCS_URL, Violation, docs_hook, rules_hook
from planlint.rules.strain import (
    ConcentricBeforeIsometricCheck,
    EarlyHeavyLoadCheck,
    EarlySprintCheck,
    SprintBeforeTestingCheck,
    StrainRule,
    has_limb_eccentric,
    strong_gate,
)
from planlint.rules.wording import format_number, has_gate, name_has_word, when

#: The injury types the pack judges: muscle injuries.
MUSCLE_TYPES = ("strain", "tear")


@dataclass(frozen=True)
class MuscleSite:
    """How the pack names an injured muscle, and what it asks of it."""

    site: str  # the injury.site value
    label: str  # in messages: "a calf strain", "a groin (adductor) strain"
    #: The `muscle` names (format 1.1) of a strength_symmetry gate that tests this muscle.
    muscles: tuple[str, ...]
    #: Pain-free isometric holds that show isometric tolerance (MS003's advice).
    holds: str
    #: Eccentric work for this muscle (MS005's advice).
    eccentric: str


MUSCLES = {
    "calf": MuscleSite(
        "calf",
        "calf",
        ("calf", "calves", "gastrocnemius", "soleus", "triceps_surae", "plantarflexors"),
        "isometric heel-raise holds (seated and standing)",
        "eccentric heel drops (`eccentric_heel_drop`), straight- and bent-knee",
    ),
    "quadriceps": MuscleSite(
        "quadriceps",
        "quadriceps",
        ("quadriceps", "quads", "rectus_femoris", "knee_extensors"),
        "isometric knee-extension or Spanish-squat holds",
        "eccentric knee extension (`eccentric_knee_extension`) or reverse Nordics (`reverse_nordic`)",
    ),
    "groin": MuscleSite(
        "groin",
        "groin (adductor)",
        ("adductor", "adductors", "groin", "hip_adductors"),
        "adductor squeeze holds",
        "the Copenhagen adduction exercise, from the short lever up (`copenhagen_adduction_short_lever`, "
        "`copenhagen_adduction_long_lever`)",
    ),
}
ALL_SITES = frozenset(MUSCLES)


# --------------------------------------------------------------------------- evidence

POLICY_WINDOW = Evidence(
    "practice",
    "No published study shows a 36 h or 48 h window for any muscle: they are the hamstring pack's policy floors, "
    "carried to calf, quadriceps and groin strains by product policy (2026-12-07). Criteria-based protocols for "
    "these muscles (calf: Green et al., Sports Med Open 2022; groin: Serner et al., Orthop J Sports Med 2020) "
    "start loading early under a pain rule and gate running on pain-free performance.",
)
SHARE = Evidence(
    "observational",
    "With the hamstring, strains of the calf, quadriceps and adductors make up about 92% of muscle injuries in "
    "professional football (Ekstrand et al., Am J Sports Med 2011); sprinting and kicking are their main mechanisms.",
)
UPPER_AND_TRUNK = Evidence(
    "practice",
    "Upper-body and trunk work from the first days is standard practice and keeps the athlete training (the "
    "early-loading logic of Bayer et al., Am J Sports Med 2017); the muscle pack judges the injured limb, so "
    "exercises with `region: upper` or `trunk` are left alone.",
)
GREEN = Evidence(
    "practice",
    "Calf: expert consensus (Green et al., Sports Med Open 2022, a qualitative study of the practice of 20 expert "
    "clinicians): no running on consecutive days during running re-entry; a single-leg calf raise of at least 30 "
    "repetitions with at most 10% asymmetry before return. These are expert practice: no study has tested the cut-offs "
    "against re-injury.",
)
ISOMETRIC = Evidence(
    "practice",
    "Isometric holds are the first load expert clinicians give a strained calf, progressed to loaded movement once "
    "they are pain-free (Green et al., Sports Med Open 2022); the same isometric-to-isotonic progression is clinical "
    "practice for the quadriceps, untested in trials. Not for the groin: the Aspetar adductor protocol (Serner et al., "
    "Orthop J Sports Med 2020) loads dynamically at a pain-controlled load from the first days.",
)
KICKING = Evidence(
    "observational",
    "Kicking is the rectus femoris injury mechanism (Mendiguchia et al., BJSM 2013, a review of injury mechanisms).",
)
KICKING_PRACTICE = Evidence(
    "practice",
    "Interval kicking starts after pain-free running and strength, once resisted hip flexion and knee extension are "
    "pain-free (Arundale et al., IJSPT 2015; practice, not a tested criterion).",
)
GROIN = Evidence(
    "practice",
    "Groin: adductor strength at 90-100% of abduction before sport work (Tyler et al., Sports Health 2010; practice); "
    "the Aspetar protocol (Serner et al., Orthop J Sports Med 2020) progresses to sport-specific training after a "
    "pain-free adductor squeeze. Classification: the Doha agreement (Weir et al., BJSM 2015, consensus).",
)
COPENHAGEN = Evidence(
    "trial",
    "The Copenhagen adduction exercise raised eccentric adductor strength (Ishøi et al., Scand J Med Sci Sports 2016, a randomised trial) and cut "
    "groin problems by 41% in prevention (Harøy et al., BJSM 2019); for calf and quadriceps strains eccentric work is "
    "standard practice (Green et al. 2022) rather than trial-tested, hence a warning (HS004, "
    "for the hamstring, is an error).",
)


# --------------------------------------------------------------------------- the pack's base


class MuscleRule(StrainRule):
    """A muscle-pack rule: calf, quadriceps or groin strains and tears; never upper-body or trunk work."""

    sites = ALL_SITES
    sprints_by_region = True

    def applies_to(self, plan):
        return plan.site in self.sites and plan.injury.type in MUSCLE_TYPES

    @classmethod
    def applies_to_text(cls) -> str:
        return f"plans whose injury.site is {' or '.join(sorted(cls.sites))} and whose injury.type is strain or tear"

    @staticmethod
    def muscle(plan) -> MuscleSite:
        return MUSCLES[plan.site]

    def strain(self, plan) -> str:
        return f"a {self.muscle(plan).label} {plan.injury.type}"

    def muscles(self, plan) -> tuple[str, ...]:
        return self.muscle(plan).muscles

    def tested(self, plan) -> str:
        return f" of the {self.muscle(plan).label}"

    def first_holds(self, plan) -> str:
        return f"after {self.strain(plan)}, show pain-free {self.muscle(plan).holds} first"


# --------------------------------------------------------------------------- MS001-MS005


class EarlySprint(MuscleRule, EarlySprintCheck):
    code = "MS001"
    name = "early-sprint"
    severity = Severity.ERROR
    summary = "A sprint is scheduled too soon after a calf, quadriceps or groin strain."
    why = (
        "Sprinting loads the calf (push-off), the rectus femoris (hip flexion at speed) and the adductors close to "
        "their limit, and it is how these muscles are strained. In the first days the healing tissue cannot take that "
        "load and re-injury risk is highest. The same check as HS001: hours are counted from the injury (`occurred`), "
        "in real time across clock changes, by the conservative rule when a time of day is missing. Sprints with "
        "`region: upper` or `trunk` (an arm-ergometer sprint) are not judged."
    )
    instead = "Move sprints later and gate them on pain-free running at lower speeds (`pain_free_sprint`)."
    evidence = (POLICY_WINDOW, SHARE)


class EarlyHeavyLoad(MuscleRule, EarlyHeavyLoadCheck):
    code = "MS002"
    name = "early-heavy-load"
    severity = Severity.WARNING
    summary = "Heavy or plyometric loading in the first hours after a calf, quadriceps or groin strain."
    why = (
        "In the first two days the injured fibres are still bleeding and inflamed. Loading near maximum (>= 70% 1RM "
        "or RPE >= 7) or plyometrics (hops, pogo jumps: the calf's heaviest load) then risks extending the tear; early "
        "loading should be light and pain-free. The same check as HS002: hours are counted from the injury "
        "(`occurred`); a session planned at RPE 7 or more is reported whatever its exercises; upper-body and trunk "
        "work (`region: upper` or `trunk`) is not judged, and an exercise that states no region is judged as if it "
        "loaded the injured limb."
    )
    instead = (
        "Keep the first two days to light, pain-free isometrics and walking; start heavy or plyometric work later. "
        "Mark upper-body and trunk work with `region: upper` or `region: trunk` (format 1.1)."
    )
    evidence = (POLICY_WINDOW, UPPER_AND_TRUNK)


class ConcentricBeforeIsometric(MuscleRule, ConcentricBeforeIsometricCheck):
    code = "MS003"
    name = "concentric-before-isometric"
    severity = Severity.ERROR
    summary = "Loaded concentric or plyometric work before isometric tolerance is shown (calf and quadriceps)."
    why = (
        "Isometric holds are the first load a strained calf or quadriceps tolerates. Moving through range under load "
        "(concentric or mixed strength work) or plyometrics before pain-free isometrics are shown risks aggravating "
        "the injury; bodyweight movement (double-leg heel raises, squats) is allowed from the first days under a "
        "pain-free rule. The same check as HS003, with the `isometric_tolerance` gate. Not for the groin: the "
        "published adductor protocol loads dynamically at a pain-controlled load from the first days. Upper-body and "
        "trunk work (`region: upper` or `trunk`) is not judged."
    )
    instead = (
        "Add an `isometric_tolerance` gate (phase exit or an earlier session's check) before loaded concentric or "
        "mixed strength work (calf: heel-raise holds; quadriceps: knee-extension or Spanish-squat holds), or keep that "
        "work at `load: bodyweight`."
    )
    evidence = (ISOMETRIC, UPPER_AND_TRUNK)
    sites = frozenset({"calf", "quadriceps"})


class SprintBeforeRunningGate(MuscleRule, SprintBeforeTestingCheck):
    code = "MS004"
    name = "sprint-before-running-gate"
    severity = Severity.ERROR
    summary = "Resisted or fast sprints before the injured muscle's strength and mobility, or pain-free running, are shown."
    why = (
        "Resisted and near-maximal sprints load the calf, quadriceps and adductors close to their limit. Before that, "
        "the injured leg should show near-symmetric strength of the injured muscle and mobility, or (for unresisted "
        "sprints) pain-free running at lower speeds. The same check as HS005: the strength_symmetry gate must test the "
        "injured muscle (no `muscle`, or its name: calf, quadriceps, adductor...); a sprint with no intensity counts "
        "as maximal."
    )
    instead = (
        "Gate fast or resisted sprints on a `strength_symmetry` test of the injured muscle (min_lsi >= 90) and a "
        "`mobility` test; unresisted fast sprints may instead follow a `pain_free_sprint` gate."
    )
    evidence = (POLICY_WINDOW, GREEN, GROIN)


class NoEccentric(MuscleRule):
    code = "MS005"
    name = "no-eccentric"
    severity = Severity.WARNING
    summary = "The plan has no eccentric exercise for the injured calf, quadriceps or adductors."
    why = (
        "Eccentric work restores the injured muscle's capacity at long length, where strains happen: eccentric heel "
        "drops for the calf, eccentric knee extension or reverse Nordics for the quadriceps, the Copenhagen adduction "
        "exercise for the adductors. A warning, not an error as HS004 is for the hamstring: outside the adductors "
        "the evidence is practice. Eccentric work with `region: upper` or `trunk` does not count."
    )
    instead = (
        "Add eccentric work: calf `eccentric_heel_drop`; quadriceps `eccentric_knee_extension` or `reverse_nordic`; "
        "groin `copenhagen_adduction_short_lever`, then `copenhagen_adduction_long_lever`."
    )
    evidence = (COPENHAGEN, GREEN)

    def check(self, plan, ctx):
        if not has_limb_eccentric(plan):
            yield Violation(
                FILE_START,
                f"the plan has no eccentric (lengthening) exercise; after {self.strain(plan)}, add {self.muscle(plan).eccentric}",
            )


# --------------------------------------------------------------------------- site rules


def is_running(exercise) -> bool:
    """Positive evidence of running (MS101, and AC003 by the spec): a sprint, or conditioning whose
    `mode` is `run` (inline or from the catalog); conditioning without a mode is not counted."""
    if not exercise.loads_injured_limb:
        return False
    return exercise.kind == "sprint" or (exercise.kind == "conditioning" and exercise.mode == "run")


class CalfConsecutiveRunningDays(MuscleRule):
    code = "MS101"
    name = "calf-consecutive-running-days"
    severity = Severity.WARNING
    summary = "Running on two consecutive days before the last phase of a calf plan."
    why = (
        "During running re-entry after a calf strain the muscle needs a day to recover between runs: the expert "
        "consensus is no running on consecutive days until return. Two sessions with running on consecutive day "
        "numbers, neither of them in the last phase, are reported at the second. Running is counted on positive "
        "evidence only: a sprint, or conditioning whose `mode` is `run` (inline or from the catalog, e.g. "
        "`tempo_run`); conditioning without a mode (a version 1 file) is not counted."
    )
    instead = "Run every other day until the last phase, with cross-training (`stationary_bike`, `aqua_jogging`) in between."
    evidence = (GREEN,)
    sites = frozenset({"calf"})

    def check(self, plan, ctx):
        last = plan.last_phase.id
        running: dict[int, list] = {}
        for session in plan.chronological():
            if session.phase_id == last:
                continue
            runs = [e for e in session.exercises if is_running(e)]
            if runs:
                running.setdefault(session.day, []).append((session, runs[0]))
        for day, sessions in running.items():
            before = running.get(day - 1)
            if not before:
                continue
            earlier, earlier_run = before[0]
            for session, run in sessions:
                yield Violation(
                    session.span,
                    f"'{run.name}' on {when(session)} is running the day after '{earlier_run.name}' on {when(earlier)}; "
                    f"during running re-entry after {self.strain(plan)}, leave a day without running between running "
                    f"days until the last phase '{last}' (cross-train instead)",
                )


class CalfCapacityBeforeReturn(MuscleRule):
    code = "MS102"
    name = "calf-capacity-before-return"
    severity = Severity.WARNING
    summary = "The last phase of a calf plan starts before calf capacity (single-leg calf raises or strength symmetry) is shown."
    why = (
        "Calf strains recur when running and sport return before the calf-soleus complex has its endurance back. The "
        "expert consensus asks for at least 30 single-leg calf raises with at most 10% asymmetry before return; a "
        "strength_symmetry test of the calf at 90% or more is accepted instead (strength rather than endurance: planlint "
        "policy, for teams that test on a dynamometer). A `calf_raise_endurance` gate "
        "must state both `min_reps` and `max_asymmetry_pct`; a `strength_symmetry` gate counts without `muscle` or "
        "with the calf's (calf, gastrocnemius, soleus...)."
    )
    instead = (
        "Add `{test: calf_raise_endurance, min_reps: 30, max_asymmetry_pct: 10}` (or a `strength_symmetry` gate of the "
        "calf with `min_lsi: 90`) to the exit of the phase before the last."
    )
    evidence = (
        GREEN,
        Evidence(
            "heuristic",
            "Accepting a strength_symmetry gate of the calf at 90% in place of the calf raise test is planlint policy "
            "(the usual symmetry threshold, as HS005 and HS009 use it), not a published criterion for the calf.",
        ),
    )
    sites = frozenset({"calf"})
    min_reps = Option("min-reps", 30, number(), "least single-leg calf raises a calf_raise_endurance gate must ask for")
    max_asymmetry = Option("max-asymmetry-pct", 10, number(), "most asymmetry (percent) a calf_raise_endurance gate may allow")
    min_lsi = Option(
        "min-lsi", 90, number(), "least limb symmetry index (percent) a strength_symmetry gate of the calf must ask for"
    )

    def check(self, plan, ctx):
        session = plan.first_session_of(plan.last_phase)
        if session is None:
            return
        reps, asymmetry, lsi = ctx[self.min_reps], ctx[self.max_asymmetry], ctx[self.min_lsi]

        def endurance(gate) -> bool:
            return (
                gate.min_reps is not None
                and gate.min_reps >= reps
                and gate.max_asymmetry_pct is not None
                and gate.max_asymmetry_pct <= asymmetry
            )

        if has_gate(plan, session, "calf_raise_endurance", endurance):
            return
        if has_gate(plan, session, "strength_symmetry", lambda g: strong_gate(g, lsi, self.muscles(plan))):
            return
        if len(plan.phases) > 1:
            where = f"to the exit of '{plan.phases[-2].id}', the phase before it"
        else:
            where = f"as a check in a session before {when(session)}"
        yield Violation(
            session.span,
            f"the last phase '{plan.last_phase.id}' starts on {when(session)} before calf capacity has been shown: no "
            f"calf_raise_endurance gate (min_reps >= {format_number(reps)}, max_asymmetry_pct <= "
            f"{format_number(asymmetry)}) or strength_symmetry gate of the calf (min_lsi >= {format_number(lsi)}) has "
            f"been passed; add one {where} (a gate asking for fewer raises, more asymmetry or a lower min_lsi does not count)",
        )


class KickingBeforeCriteria(MuscleRule):
    code = "MS201"
    name = "kicking-before-criteria"
    severity = Severity.WARNING
    summary = "Kicking drills before pain-free isometric strength and mobility after a quadriceps strain."
    why = (
        "Kicking is the rectus femoris injury mechanism: the muscle is stretched at the hip and knee and then "
        "contracts at speed. Interval kicking starts once resisted hip flexion and knee extension are pain-free (an "
        "`isometric_tolerance` gate) and mobility is back (a `mobility` gate). A kicking exercise is a "
        "`sport_specific` exercise whose `ref` is a kicking drill (`kicking_drill`, `long_passing`, `shooting_drill`) "
        'or, with no `ref`, whose name has a word starting with kick, shoot, shot, volley, cross, "long ball" or '
        '"long pass" ("Kicks" and "Shooting" match; a cross-trainer is conditioning, not `sport_specific`).'
    )
    instead = (
        "Pass an `isometric_tolerance` gate (pain-free resisted hip flexion and knee extension) and a `mobility` gate "
        "(e.g. a modified Thomas test) before kicking, then progress kicking distance and power in steps."
    )
    evidence = (KICKING, KICKING_PRACTICE)
    sites = frozenset({"quadriceps"})
    kicking_refs = Option(
        "kicking-refs",
        ["kicking_drill", "long_passing", "shooting_drill"],
        text_list,
        "catalog ids of sport-specific exercises that are kicking",
    )
    kicking_names = Option(
        "kicking-names",
        ["kick", "shoot", "shot", "volley", "cross", "long ball", "long pass"],
        text_list,
        "words whose start in the name of a sport-specific exercise without a ref makes it kicking (case-insensitive)",
    )

    def check(self, plan, ctx):
        refs, names = set(ctx[self.kicking_refs]), ctx[self.kicking_names]
        for session in plan.sessions:
            missing = [test for test in ("isometric_tolerance", "mobility") if not has_gate(plan, session, test)]
            if not missing:
                continue
            for exercise in session.exercises:
                if exercise.kind != "sport_specific" or not exercise.loads_injured_limb:
                    continue
                by_name = ""
                if exercise.ref is not None:
                    if exercise.ref not in refs:
                        continue
                    what = f"'{exercise.name}' ({exercise.ref})"
                else:
                    word = name_has_word(exercise.name, names, by_start=True)
                    if word is None:
                        continue
                    what = f"'{exercise.name}' (kicking, by the word '{word}' in its name)"
                    by_name = "; if it is not kicking, give it its catalog `ref`"
                yield Violation(
                    exercise.span,
                    f"kicking {what} on {when(session)} comes before {' and '.join(missing)} "
                    f"{'gates have' if len(missing) > 1 else 'gate has'} been passed; after {self.strain(plan)}, start "
                    "interval kicking once resisted hip flexion and knee extension are pain-free and mobility is back" + by_name,
                )


class SportBeforeIsometric(MuscleRule):
    code = "MS301"
    name = "sport-before-isometric"
    severity = Severity.WARNING
    summary = "Sport-specific work before a pain-free adductor squeeze after a groin strain."
    why = (
        "Sport-specific drills load the adductors with change of direction, kicking and sprinting. The adductor "
        "protocols bring them in once an isometric adductor squeeze is pain-free (an `isometric_tolerance` gate), "
        "and the adductors' strength is near that of the abductors."
    )
    instead = (
        "Add an `isometric_tolerance` gate (pain-free adductor squeeze, e.g. at 45 degrees hip flexion) before "
        "`sport_specific` work, as a phase exit or an earlier session's check."
    )
    evidence = (GROIN,)
    sites = frozenset({"groin"})

    def check(self, plan, ctx):
        for session in plan.sessions:
            if has_gate(plan, session, "isometric_tolerance"):
                continue
            for exercise in session.exercises:
                if exercise.kind == "sport_specific" and exercise.loads_injured_limb:
                    yield Violation(
                        exercise.span,
                        f"sport-specific '{exercise.name}' on {when(session)} comes before an isometric_tolerance gate "
                        f"has been passed; after {self.strain(plan)}, show a pain-free adductor squeeze first (a phase "
                        "exit or an earlier session's check)",
                    )


RULES = (
    EarlySprint,
    EarlyHeavyLoad,
    ConcentricBeforeIsometric,
    SprintBeforeRunningGate,
    NoEccentric,
    CalfConsecutiveRunningDays,
    CalfCapacityBeforeReturn,
    KickingBeforeCriteria,
    SportBeforeIsometric,
)

planlint_rules = rules_hook(RULES)
planlint_docs_url = docs_hook(BUILTIN_DOCS_URL)
