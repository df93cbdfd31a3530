"""HSxxx: the hamstring pack, for plans whose ``injury.site`` is ``hamstring``."""

from __future__ import annotations

from planlint.codes import Evidence
from planlint.findings import Severity
from planlint.options import Option, number, number_table, text_list
from planlint.positions import FILE_START
from planlint.rules.rule import BUILTIN_DOCS_URL, Rule, Violation, docs_hook, rules_hook
from planlint.rules.strain import (
    UNSTATED_SPRINT_INTENSITY,
    ConcentricBeforeIsometricCheck,
    EarlyHeavyLoadCheck,
    EarlySprintCheck,
    SprintBeforeTestingCheck,
    StrainRule,
    has_limb_eccentric,
    strong_gate,
)
from planlint.rules.strain import sprint_gate_problem as shared_sprint_gate_problem
from planlint.rules.wording import (
    after_injury,
    format_number,
    has_gate,
    mode_advice,
    name_has_word,
    region_advice,
    when,
)

HAMSTRING = frozenset({"hamstring"})
#: The `muscle` names (format 1.1) a strength_symmetry gate of the injured hamstring may give.
HAMSTRING_MUSCLES = ("hamstring", "hamstrings")

POLICY_WINDOW = Evidence(
    "practice",
    "No published study shows a 36 h or 48 h window: it is a policy floor of the medical team. Published "
    "criteria-based protocols (Aspetar; Heiderscheit et al., JOSPT 2010) gate running and sprinting on pain-free "
    "performance (pain below 2/10; pain-free running at 70% before faster running, 100% before sport).",
)
ISOMETRIC = Evidence(
    "practice",
    "Isometric tolerance, operationally: pain-free isometric knee flexion at 50-70% of maximum, prone, knee at "
    "90 degrees (Heiderscheit et al., JOSPT 2010, phase I to II).",
)
ASPETAR = Evidence(
    "practice",
    "The Aspetar criteria-based protocol (Hamilton et al., BJSM 2015; Vermeulen et al., BJSM 2022) starts bodyweight "
    "squats and bridges in the first days under a pain-free rule and progresses running speed only when the current "
    "speed is pain-free.",
)
ASKLING = Evidence(
    "trial",
    "Lengthening (eccentric) rehabilitation: the Askling L-protocol returned elite footballers in 28 vs 51 days with "
    "the conventional protocol (Askling et al., BJSM 2013).",
)
NORDIC = Evidence(
    "trial", "The Nordic hamstring exercise halves hamstring injuries in prevention (van Dyk et al., BJSM 2019, RR 0.49)."
)
UPPER_AND_TRUNK = Evidence(
    "practice",
    "Upper-body and trunk work from the first days is standard practice and keeps the athlete training (the "
    "early-loading logic of Bayer et al., Am J Sports Med 2017); the hamstring rules judge the injured limb, so "
    "exercises with `region: upper` or `trunk` are left alone (2026-12-07).",
)
H_TEST = Evidence(
    "observational",
    "Studies that used the Askling H-test before return had the lowest re-injury rates, 1.3-3.6% (Hickey et al., "
    "Sports Med 2017). Askling's trials used the H-test alone as the return test.",
)


class HamstringStrain(StrainRule):
    """How the shared strain checks (:mod:`planlint.rules.strain`) name the hamstring."""

    def strain(self, plan) -> str:
        return "a hamstring strain"

    def muscles(self, plan) -> tuple[str, ...]:
        return HAMSTRING_MUSCLES


class EarlySprint(HamstringStrain, EarlySprintCheck):
    code = "HS001"
    name = "early-sprint"
    severity = Severity.ERROR
    summary = "A sprint is scheduled too soon after a hamstring strain."
    why = (
        "Sprinting is the main mechanism of hamstring strain: the muscle works eccentrically at long length in late "
        "swing. In the first days the healing tissue cannot take that load and re-injury risk is highest. Hours are "
        "counted from the injury (`occurred`, not `surgery`), in real time across clock changes; when `occurred` has "
        "no UTC offset and the session carries one, from the latest the injury can have been."
    )
    instead = "Move sprints later and gate them on pain-free running at lower speeds (`pain_free_sprint`)."
    evidence = (POLICY_WINDOW,)
    sites = HAMSTRING


class EarlyHeavyLoad(HamstringStrain, EarlyHeavyLoadCheck):
    code = "HS002"
    name = "early-heavy-load"
    severity = Severity.WARNING
    summary = "Heavy or plyometric loading in the first hours after a hamstring strain."
    why = (
        "In the first two days the injured fibres are still bleeding and inflamed. Loading near maximum (>= 70% 1RM "
        "or RPE >= 7) or plyometrics then risks extending the tear; early loading should be light and pain-free. "
        "Hours are counted from the injury (`occurred`). Upper-body and trunk work (`region: upper` or `trunk`) is "
        "not judged: it does not load the injured hamstring; an exercise that states no region is judged as if it did. "
        "A session planned at RPE 7 or more is reported whatever its exercises."
    )
    instead = (
        "Keep the first two days to light, pain-free isometrics and walking; start heavy or plyometric work later. "
        "Mark upper-body and trunk work with `region: upper` or `region: trunk` (format 1.1)."
    )
    evidence = (POLICY_WINDOW, ASPETAR, UPPER_AND_TRUNK)
    sites = HAMSTRING


class ConcentricBeforeIsometric(HamstringStrain, ConcentricBeforeIsometricCheck):
    code = "HS003"
    name = "concentric-before-isometric"
    severity = Severity.ERROR
    summary = "Loaded concentric or plyometric work before isometric tolerance is shown."
    why = (
        "Isometric holds are the first load a strained hamstring tolerates. Moving through range under load "
        "(concentric or mixed strength work) or plyometrics before pain-free isometrics are shown risks aggravating "
        "the injury. Bodyweight movement (bridges, squats) is allowed from the first days under a pain-free rule. "
        "Upper-body and trunk work (`region: upper` or `trunk`) is not judged; an exercise that states no region is "
        "judged as if it loaded the injured limb."
    )
    instead = (
        "Add an `isometric_tolerance` gate (phase exit or an earlier session's check) before loaded concentric or "
        "mixed strength work, or keep that work at `load: bodyweight`. Mark upper-body and trunk work with "
        "`region: upper` or `region: trunk` (format 1.1)."
    )
    evidence = (ISOMETRIC, ASPETAR, UPPER_AND_TRUNK)
    sites = HAMSTRING


class NoEccentric(Rule):
    code = "HS004"
    name = "no-eccentric"
    severity = Severity.ERROR
    summary = "The plan has no eccentric (lengthening) exercise."
    why = (
        "Eccentric, lengthening work has the strongest evidence in hamstring rehabilitation and prevention. "
        "This is an error by product policy: a small trial (Sherry & Best 2004, progressive agility and trunk "
        "stabilisation without eccentric work) also returned athletes quickly, so a plan without eccentrics is not "
        "proven harmful, but planlint asks the team to justify it with a suppression. Eccentric work with "
        "`region: upper` or `trunk` does not count: it does not lengthen the hamstring."
    )
    instead = "Add eccentric work such as `askling_extender`, `askling_diver`, `askling_glider`, `nordic_hamstring_curl` or `hamstring_slider`."
    evidence = (
        ASKLING,
        NORDIC,
        Evidence(
            "trial",
            "Sherry & Best (JOSPT 2004): progressive agility and trunk stabilisation without eccentric work returned "
            "athletes in 22 vs 37 days with fewer re-injuries than stretching and isolated strengthening (small trial).",
        ),
    )
    sites = HAMSTRING

    def check(self, plan, ctx):
        if not has_limb_eccentric(plan):
            yield Violation(
                FILE_START,
                "the plan has no eccentric (lengthening) exercise; eccentric work such as the Askling L-protocol or "
                "Nordic curls has the strongest evidence after a hamstring strain, so add some",
            )


class SprintBeforeFunctionalTest(HamstringStrain, SprintBeforeTestingCheck):
    code = "HS005"
    name = "sprint-before-functional-test"
    severity = Severity.ERROR
    summary = "Resisted or fast sprints before functional testing shows strength and mobility symmetry."
    why = (
        "Resisted and near-maximal sprints load the hamstring close to its limit. Before that, the injured leg should "
        "show near-symmetric strength and mobility, or (for unresisted sprints) pain-free running at lower speeds. "
        "The strength_symmetry gate must test the hamstring: without `muscle` it does; one that names another "
        "muscle (format 1.1) does not count."
    )
    instead = (
        "Gate fast or resisted sprints on a `strength_symmetry` test (min_lsi >= 90) and a `mobility` test; "
        "unresisted fast sprints may instead follow a `pain_free_sprint` gate."
    )
    evidence = (ASPETAR, POLICY_WINDOW)
    sites = HAMSTRING


def strong_hamstring(gate, min_lsi: float) -> bool:
    """A strength_symmetry gate of the hamstring (no `muscle`, or the hamstring's) at min_lsi or more:
    a quadriceps symmetry test says nothing about the injured hamstring."""
    return strong_gate(gate, min_lsi, HAMSTRING_MUSCLES)


def sprint_gate_problem(plan, session, exercise, min_lsi: float, fast: float) -> str | None:
    """HS005's message for a sprint exercise, None when HS005 does not report it (HS013 asks
    the same question so as not to report what HS005 reports)."""
    return shared_sprint_gate_problem(plan, session, exercise, min_lsi, fast, HAMSTRING_MUSCLES)


class PlyometricBeforeEccentric(Rule):
    code = "HS006"
    name = "plyometric-before-eccentric"
    severity = Severity.WARNING
    summary = "Plyometrics before any eccentric work."
    why = (
        "Plyometrics demand fast eccentric control of the hamstring. Eccentric strength work should come first, in an "
        "earlier session, so that the tissue has been exposed to lengthening load before ballistic work. Upper-body "
        "and trunk exercises (`region: upper` or `trunk`) are not judged and do not count as eccentric work for the "
        "hamstring; an exercise that states no region is judged as if it loaded the injured limb."
    )
    instead = (
        "Schedule eccentric exercises (Nordic curls, Askling exercises, sliders) in sessions before the first plyometric session."
    )
    evidence = (ASKLING, NORDIC, UPPER_AND_TRUNK)
    sites = HAMSTRING

    def check(self, plan, ctx):
        eccentric = [
            s.placement.latest
            for s in plan.sessions
            if any(e.contraction == "eccentric" and e.loads_injured_limb for e in s.exercises)
        ]
        first_eccentric_ends = min(eccentric, default=float("inf"))
        for session in plan.sessions:
            if first_eccentric_ends < session.placement.earliest:  # an eccentric session is certainly earlier
                continue
            for exercise in session.exercises:
                if exercise.kind == "plyometric" and exercise.loads_injured_limb:
                    yield Violation(
                        exercise.span,
                        f"plyometric '{exercise.name}' on {when(session)} comes before any session with eccentric work; "
                        "schedule eccentric exercises in an earlier session first" + region_advice(plan, exercise),
                    )


BAMIC_MIN_DAYS = {
    "0a": 7,
    "0b": 7,
    "1a": 7,
    "1b": 7,
    "1c": 14,
    "2a": 14,
    "2b": 14,
    "2c": 28,
    "3a": 21,
    "3b": 21,
    "3c": 31,
    "4": 42,
    "4c": 42,
    1: 7,
    2: 14,
    3: 42,
}


class EarlyReturn(Rule):
    code = "HS007"
    name = "early-return"
    severity = Severity.WARNING
    summary = "The last phase starts earlier than the minimum for the injury grade."
    why = (
        "Return times grow with the grade and with tendon involvement. Entering the final (return) phase earlier "
        "than the usual minimum for the grade is a sign that progression is calendar-driven or over-optimistic. "
        "Time is counted from the injury (`occurred`), not from `surgery` or `starts`."
    )
    instead = "Check the grade, and move the last phase later or add criteria that justify an early return."
    evidence = (
        Evidence(
            "observational",
            "Return-time by BAMIC class (Pollock et al., BJSM 2022): mean 18.6 days; 2c 34 +/- 7 days; 3c 48 +/- 17 days. "
            "The per-grade minimums are planlint policy drawn from these ranges; 1c uses 14 days, like 2a/2b, because "
            "intratendinous (c) injuries heal slower than a/b injuries of the same grade.",
        ),
    )
    min_days = Option(
        "min-days",
        {str(k): v for k, v in BAMIC_MIN_DAYS.items()},
        number_table,
        "least days before the last phase, by grade (BAMIC 0a..4c, generic 1..3)",
    )
    sites = HAMSTRING

    def check(self, plan, ctx):
        grade = plan.injury.grade
        if grade is None:
            return
        table = ctx[self.min_days]
        days = table.get(str(grade).lower())
        if days is None:
            return
        session = plan.first_session_of(plan.last_phase)
        if session is None or session.elapsed.hours >= days * 24:
            return
        yield Violation(
            session.span,
            f"the last phase '{plan.last_phase.id}' starts on {when(session)}, {after_injury(session)}; grade {grade} hamstring strains need at least {days} days ({days * 24} h) before return",
        )


class NoSoftTissueOrNeuromuscular(Rule):
    code = "HS008"
    name = "no-soft-tissue-or-neuromuscular"
    severity = Severity.INFO
    summary = "The plan has no soft-tissue and no neuromuscular work."
    why = (
        "Neuromuscular control (trunk and lumbopelvic stability, agility) was part of the progressive agility and "
        "trunk stabilisation programme that returned athletes faster with fewer re-injuries; soft-tissue work is a "
        "common adjunct. A plan with neither may be missing a component."
    )
    instead = "Consider neuromuscular work (`a_skip`, `single_leg_balance`) or soft-tissue work (`foam_rolling`, `massage`)."
    evidence = (
        Evidence("trial", "Sherry & Best (JOSPT 2004): progressive agility and trunk stabilisation, small trial."),
        Evidence("heuristic", "Soft-tissue work is common practice with limited evidence; this is a reminder, hence `info`."),
    )
    sites = HAMSTRING

    def check(self, plan, ctx):
        kinds = {exercise.kind for _, exercise in plan.exercises()}
        if not kinds & {"soft_tissue", "neuromuscular"}:
            yield Violation(
                FILE_START,
                "the plan has no soft_tissue and no neuromuscular exercise; consider trunk and lumbopelvic control "
                "work (e.g. a_skip, single_leg_balance) or soft-tissue work",
            )


class SportDrillsBeforeStrength(Rule):
    code = "HS009"
    name = "sport-drills-before-strength"
    severity = Severity.WARNING
    summary = "Sport-specific drills before strength symmetry is shown."
    why = (
        "Team training and sport drills expose the hamstring to uncontrolled sprinting, kicking and change of "
        "direction. They should follow a strength test showing the injured side has recovered: a strength_symmetry "
        "gate that asks for a limb symmetry index of at least 90%. A gate at 85% (or one that names no min_lsi) "
        "accepts a leg that is still clearly weaker and does not count, nor does one that tests another muscle "
        "(`muscle: quadriceps`, format 1.1)."
    )
    instead = "Add a `strength_symmetry` gate with `min_lsi: 90` (or more) before sport-specific drills."
    evidence = (
        ASPETAR,
        Evidence(
            "practice",
            "Return-to-sport criteria commonly ask for a limb symmetry index of at least 90% in knee flexor strength "
            "(Hamilton et al., BJSM 2015; van der Horst et al., BJSM 2016 Delphi); 90 is planlint's default, the same as HS005's.",
        ),
    )
    min_lsi = Option("min-lsi", 90, number(), "least limb symmetry index (percent) a strength_symmetry gate must require")
    sites = HAMSTRING

    def check(self, plan, ctx):
        min_lsi = ctx[self.min_lsi]
        for session in plan.sessions:
            if has_gate(plan, session, "strength_symmetry", lambda gate: strong_hamstring(gate, min_lsi)):
                continue
            for exercise in session.exercises:
                if exercise.kind == "sport_specific":
                    yield Violation(
                        exercise.span,
                        f"sport-specific '{exercise.name}' on {when(session)} comes before a strength_symmetry gate "
                        f"with min_lsi >= {format_number(min_lsi)} has been passed; test strength symmetry first "
                        f"(a gate at a lower min_lsi, or with none, does not count)",
                    )


RETURN_TESTS = ("pain_free_sprint", "askling_h_test")


class NoReturnTests(Rule):
    code = "HS010"
    name = "no-return-tests"
    severity = Severity.WARNING
    summary = "The last phase is entered before any return test is passed."
    why = (
        "A return test (the Askling H-test, or pain-free maximal sprinting) before return to sport is associated with "
        "the lowest re-injury rates. One return test suffices."
    )
    instead = "Add `askling_h_test` or `pain_free_sprint` to the exit of the phase before the last one."
    evidence = (H_TEST,)
    sites = HAMSTRING

    def check(self, plan, ctx):
        session = plan.first_session_of(plan.last_phase)
        if session is None:
            return
        if any(has_gate(plan, session, test) for test in RETURN_TESTS):
            return
        if len(plan.phases) > 1:
            where = f"to the exit of '{plan.phases[-2].id}', the phase before it"
        else:
            where = (
                f"as a check in a session before {when(session)}, or split the plan into phases whose last one "
                "starts after a return test"
            )
        yield Violation(
            session.span,
            f"the last phase '{plan.last_phase.id}' starts on {when(session)} before any return test has been passed; "
            f"add askling_h_test or pain_free_sprint {where}",
        )


class UnmarkedHighSpeedRunning(Rule):
    code = "HS011"
    name = "unmarked-high-speed-running"
    severity = Severity.WARNING
    summary = "Fast running that is not marked as a sprint escapes the sprint rules."
    why = (
        "High-speed running (80% of maximal speed and above) is where hamstring strains happen in football, whatever "
        "the plan calls it. Running written as conditioning (a tempo run) at a high stated intensity is sprint work "
        "that HS001, HS005 and PL110 do not see, because they check `kind: sprint` only. Only running is judged: "
        "conditioning whose `mode` is `run`, or that states no mode (a plan proves it is safe). Pool running, "
        "swimming, cycling, the elliptical and rowing do not load the hamstring that way and are not reported "
        "(2026-12-07). A version 1 file cannot state a mode: there conditioning with `contraction: mixed` and no mode "
        "from its catalog entry counts as running, as it always did."
    )
    instead = (
        "Mark the drill `kind: sprint` so the sprint rules check it, or keep conditioning runs below 80% of maximal "
        "speed. If it is not running, give its `mode` (format 1.1) and its intensity as `hr_max`."
    )
    evidence = (
        Evidence(
            "observational",
            "Most hamstring strains in football happen during high-speed running and sprinting (Ekstrand et al., "
            "UEFA injury study; Askling's sprint-type injuries); high-speed running is commonly defined from about "
            "80% of maximal velocity.",
        ),
        Evidence("heuristic", "The 80% threshold is planlint policy, not a published cut-off."),
    )
    min_intensity = Option(
        "min-intensity", 80, number(), "running at or above this percent of maximal speed counts as high-speed running"
    )
    sites = HAMSTRING

    @staticmethod
    def is_running(plan, exercise) -> bool:
        """Conditioning that is (or may be) running: mode run or unstated; in a version 1 file,
        without a mode from the catalog, `contraction: mixed` (version 1's reading)."""
        if exercise.kind != "conditioning":
            return False
        if exercise.mode is not None:
            return exercise.mode == "run"
        return exercise.contraction == "mixed" if plan.is_v1 else True

    def check(self, plan, ctx):
        fast = ctx[self.min_intensity]
        for session, exercise in plan.exercises():
            speed = exercise.intensity_pct
            if speed is not None and speed >= fast and self.is_running(plan, exercise):
                yield Violation(
                    exercise.span,
                    f"'{exercise.name}' on {when(session)} is running at {format_number(speed)}% of maximal speed but is "
                    f"not marked as a sprint, so the sprint rules (HS001, HS005, PL110) do not check it; mark it "
                    f"`kind: sprint` or keep it below {format_number(fast)}%" + mode_advice(plan, exercise),
                )


class HeavyEccentricBeforeIsometric(Rule):
    code = "HS012"
    name = "heavy-eccentric-before-isometric"
    severity = Severity.WARNING
    summary = "Nordic curls or loaded eccentric strength work before isometric tolerance is shown."
    why = (
        "The Nordic hamstring exercise produces the highest hamstring forces at long muscle lengths, and eccentric "
        "work under a kg or %1RM load, or at a high RPE, is heavy too; criteria-based protocols bring them in after "
        "pain-free isometric tolerance. Low-load lengthening work (Askling's L-protocol, bodyweight sliders) stays "
        "allowed from the first days: it is what HS004 asks for. A Nordic is recognised by its catalog id, or, when "
        'an exercise has no `ref`, by its name ("Nordics", "Nordic curl, assisted"). Upper-body and trunk '
        "work (`region: upper` or `trunk`) is not judged."
    )
    instead = (
        "Start with the Askling L-protocol (extender, diver, glider) or bodyweight sliders, and bring in Nordic curls "
        "and loaded eccentrics after an `isometric_tolerance` gate (a phase exit or an earlier session's check)."
    )
    evidence = (
        Evidence(
            "practice",
            "The Nordic hamstring exercise produces the highest hamstring forces at long muscle lengths; criteria-based "
            "protocols (Aspetar, Hamilton et al., BJSM 2015) bring it in after pain-free isometric tolerance, while "
            "Askling's low-load L-protocol starts in the first days (Askling et al., BJSM 2013).",
        ),
        ISOMETRIC,
        Evidence(
            "heuristic",
            "RPE 7 as the line between low-load and heavy eccentric work is planlint policy (the same as HS002's "
            "heavy RPE), not a published cut-off.",
        ),
    )
    heavy_refs = Option(
        "heavy-refs", ["nordic_hamstring_curl"], text_list, "catalog ids of eccentric exercises that count as heavy at any load"
    )
    heavy_names = Option(
        "heavy-names",
        ["nordic"],
        text_list,
        "words that make an eccentric exercise without a ref heavy at any load when its name contains one (case-insensitive)",
    )
    heavy_rpe = Option("heavy-rpe", 7, number(), "an eccentric exercise loaded at this RPE or more counts as heavy")
    sites = HAMSTRING

    def check(self, plan, ctx):
        heavy_refs, heavy_names, heavy_rpe = set(ctx[self.heavy_refs]), ctx[self.heavy_names], ctx[self.heavy_rpe]
        for session in plan.sessions:
            if has_gate(plan, session, "isometric_tolerance"):
                continue
            for exercise in session.exercises:
                if exercise.kind != "strength" or exercise.contraction != "eccentric" or not exercise.loads_injured_limb:
                    continue
                load = exercise.load
                by_name = ""
                if exercise.ref in heavy_refs:
                    what = f"'{exercise.name}' ({exercise.ref})"
                elif exercise.ref is None and name_has_word(exercise.name, heavy_names):
                    what = f"'{exercise.name}' (a Nordic curl, by its name)"
                    by_name = "; if it is not a Nordic hamstring curl, give it its catalog `ref` (e.g. `reverse_nordic`)"
                elif load is not None and load.kind in ("kg", "percent_1rm"):
                    amount = f"{format_number(load.value)} kg" if load.kind == "kg" else f"{format_number(load.value)}% 1RM"
                    what = f"eccentric '{exercise.name}' at {amount}"
                elif load is not None and load.kind == "rpe" and load.value >= heavy_rpe:
                    what = (
                        f"eccentric '{exercise.name}' at RPE {format_number(load.value)} (heavy: >= {format_number(heavy_rpe)})"
                    )
                else:
                    continue
                yield Violation(
                    exercise.span,
                    f"{what} on {when(session)} is heavy eccentric work, but no isometric_tolerance gate has been "
                    "passed yet; start with low-load lengthening work (Askling L-protocol, bodyweight sliders) and "
                    "bring this in after pain-free isometric holds" + by_name + region_advice(plan, exercise),
                )


class FirstSprintTooFast(Rule):
    code = "HS013"
    name = "first-sprint-too-fast"
    severity = Severity.WARNING
    summary = "The plan's first sprint work starts above 80% of maximal speed before pain-free running is shown."
    why = (
        "Running speed is built up in steps, each pain-free before the next; published protocols start sprint work "
        "below high speed (Aspetar: 50-60-70-80-90-100% of maximal speed). PL110 compares a new sprint drill with "
        "the sprint work before it, so the plan's first sprint work, which has nothing before it, escapes it. HS013 "
        "judges that first sprint work (sprints in a session with no sprint in any session certainly earlier): "
        "above 80% of maximal speed (no intensity stated: 100%) it needs a `pain_free_sprint` gate first. Where "
        "HS005 already reports the same sprint (fast or resisted before functional testing), HS013 does not; it "
        "reads HS005's thresholds at their defaults (strength symmetry 90%, speed 90%)."
    )
    instead = (
        "Start sprint work at 80% of maximal speed or less and progress it in steps of about 10 points, each "
        "pain-free; or pass a `pain_free_sprint` gate (graded pain-free running) before the first faster sprint."
    )
    evidence = (
        Evidence(
            "practice",
            "The Aspetar running progression advances speed in steps (50-60-70-80-90-100% of maximal speed, each "
            "pain-free before the next; Hamilton et al., BJSM 2015); Heiderscheit et al. (JOSPT 2010) gate faster "
            "running on pain-free running at 70%.",
        ),
        Evidence(
            "heuristic",
            "The 80% starting ceiling is planlint policy (the usual definition of high-speed running), not a published cut-off.",
        ),
    )
    max_intensity = Option(
        "max-intensity", 80, number(), "the plan's first sprint work may be at most this percent of maximal speed"
    )
    sites = HAMSTRING

    def check(self, plan, ctx):
        ceiling = ctx[self.max_intensity]
        sprinting = [s for s in plan.sessions if any(e.kind == "sprint" for e in s.exercises)]
        first_ends = min((s.placement.latest for s in sprinting), default=float("inf"))
        defaults = SprintBeforeFunctionalTest
        for session in sprinting:
            if first_ends < session.placement.earliest:
                continue  # a sprint session is certainly earlier: not the first sprint work
            for exercise in session.exercises:
                if exercise.kind != "sprint":
                    continue
                stated = exercise.intensity_pct if exercise.intensity_pct is not None else UNSTATED_SPRINT_INTENSITY
                if stated <= ceiling or has_gate(plan, session, "pain_free_sprint"):
                    continue
                if sprint_gate_problem(plan, session, exercise, defaults.min_lsi.default, defaults.max_intensity.default):
                    continue  # HS005's finding
                speed = (
                    f"at {format_number(exercise.intensity_pct)}% of maximal speed"
                    if exercise.intensity_pct is not None
                    else f"with no intensity stated (taken as {format_number(UNSTATED_SPRINT_INTENSITY)}% of maximal speed)"
                )
                yield Violation(
                    exercise.span,
                    f"'{exercise.name}' on {when(session)} is the plan's first sprint work, {speed}, "
                    f"before a pain_free_sprint gate has been passed; start sprint work at {format_number(ceiling)}% or "
                    "less and build speed in pain-free steps, or pass pain_free_sprint first",
                )


RULES = (
    EarlySprint,
    EarlyHeavyLoad,
    ConcentricBeforeIsometric,
    NoEccentric,
    SprintBeforeFunctionalTest,
    PlyometricBeforeEccentric,
    EarlyReturn,
    NoSoftTissueOrNeuromuscular,
    SportDrillsBeforeStrength,
    NoReturnTests,
    UnmarkedHighSpeedRunning,
    HeavyEccentricBeforeIsometric,
    FirstSprintTooFast,
)

planlint_rules = rules_hook(RULES)
planlint_docs_url = docs_hook(BUILTIN_DOCS_URL)
