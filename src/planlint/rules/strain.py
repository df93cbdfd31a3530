"""The generic muscle-strain logic that the hamstring pack (HS001-HS003, HS005) and the
muscle pack (MS001-MS004, for calf, quadriceps and groin strains) share.

Each check is written once here, as an abstract :class:`~planlint.rules.rule.Rule`
whose options and time windows are those of the hamstring rules; a pack subclasses
it with its own code, name, severity, documentation and sites, and says how to name
the injured muscle in messages (:meth:`StrainRule.strain`, :meth:`StrainRule.tested`,
:meth:`StrainRule.first_holds`) and which strength tests measure it
(:meth:`StrainRule.muscles`). Not an entry point: the packs import it.
"""

from __future__ import annotations

from planlint.numbers import format_hours
from planlint.options import Option, number
from planlint.rules.rule import Rule, TimeWindow, Violation
from planlint.rules.wording import after_injury, format_number, has_gate, region_advice, when

#: A sprint with no stated intensity is read as maximal (HS005 and MS004 publish it for the report).
UNSTATED_SPRINT_INTENSITY = 100.0


class StrainRule(Rule):
    """A rule about a muscle strain; subclasses say how the injured muscle is named."""

    #: Leave sprints with `region: upper` or `trunk` alone too (the muscle pack never judges
    #: upper-body or trunk work; HS001 and HS005 keep their reading of every sprint).
    sprints_by_region: bool = False

    def judges_sprint(self, exercise) -> bool:
        return exercise.kind == "sprint" and (exercise.loads_injured_limb or not self.sprints_by_region)

    def strain(self, plan) -> str:
        """The injury as messages name it after "after": 'a hamstring strain', 'a calf tear'."""
        raise NotImplementedError

    def muscles(self, plan) -> tuple[str, ...]:
        """The `muscle` names (format 1.1) a strength_symmetry gate of the injured muscle may give."""
        raise NotImplementedError

    def tested(self, plan) -> str:
        """What follows "functional testing" in a sprint message ('' or ' of the calf')."""
        return ""

    def first_holds(self, plan) -> str:
        """The advice of a concentric-before-isometric message."""
        return "show pain-free isometric holds first"


# --------------------------------------------------------------------------- early sprint (HS001, MS001)


class EarlySprintCheck(StrainRule):
    """Any sprint less than ``min-hours`` after the injury."""

    min_hours = Option("min-hours", 36, number(), "least hours between the injury and any sprint")

    def windows(self, ctx):
        return (TimeWindow(ctx[self.min_hours], "no sprints"),)

    def check(self, plan, ctx):
        limit = ctx[self.min_hours]
        for session, exercise in plan.exercises():
            if self.judges_sprint(exercise) and session.elapsed.hours < limit:
                yield Violation(
                    exercise.span,
                    f"sprint '{exercise.name}' on {when(session)} is {after_injury(session)}; "
                    f"sprints need at least {format_hours(limit)} after {self.strain(plan)}",
                )


# --------------------------------------------------------------------------- early heavy load (HS002, MS002)


class EarlyHeavyLoadCheck(StrainRule):
    """Heavy or plyometric loading of the injured limb, or a hard session, less than ``min-hours`` after the injury."""

    min_hours = Option("min-hours", 48, number(), "hours after the injury before heavy or plyometric loading")
    heavy_percent_1rm = Option("heavy-percent-1rm", 70, number(), "a load at or above this %1RM counts as heavy")
    heavy_rpe = Option("heavy-rpe", 7, number(), "an RPE at or above this counts as heavy")

    def windows(self, ctx):
        return (TimeWindow(ctx[self.min_hours], "no heavy load or plyometrics"),)

    def check(self, plan, ctx):
        limit, heavy_pct, heavy_rpe = ctx[self.min_hours], ctx[self.heavy_percent_1rm], ctx[self.heavy_rpe]
        strain = self.strain(plan)
        for session in plan.sessions:
            if session.elapsed.hours >= limit:
                continue
            after = after_injury(session)
            need = f"wait at least {format_hours(limit)} after {strain}"
            if session.rpe is not None and session.rpe >= heavy_rpe:
                yield Violation(
                    session.span,
                    f"session on {when(session)} is planned at RPE {format_number(session.rpe)}, {after}; sessions at "
                    f"RPE >= {format_number(heavy_rpe)} should {need}",
                )
            for exercise in session.exercises:
                if not exercise.loads_injured_limb:
                    continue
                load = exercise.load
                if exercise.kind == "plyometric":
                    reason = "is plyometric"
                elif load is not None and load.kind == "percent_1rm" and load.value >= heavy_pct:
                    reason = f"is loaded at {format_number(load.value)}% 1RM (heavy: >= {format_number(heavy_pct)}%)"
                elif load is not None and load.kind == "rpe" and load.value >= heavy_rpe:
                    reason = f"is loaded at RPE {format_number(load.value)} (heavy: >= {format_number(heavy_rpe)})"
                else:
                    continue
                yield Violation(
                    exercise.span,
                    f"'{exercise.name}' on {when(session)} {reason}, {after}; heavy and plyometric work should {need}"
                    + region_advice(plan, exercise),
                )


# --------------------------------------------------------------------------- concentric before isometric (HS003, MS003)


class ConcentricBeforeIsometricCheck(StrainRule):
    """Loaded concentric or mixed strength work, or plyometrics, before an isometric_tolerance gate."""

    def check(self, plan, ctx):
        for session in plan.sessions:
            if has_gate(plan, session, "isometric_tolerance"):
                continue
            for exercise in session.exercises:
                if not exercise.loads_injured_limb:
                    continue
                if exercise.kind == "plyometric":
                    what = "plyometric"
                elif exercise.kind == "strength" and exercise.contraction in ("concentric", "mixed") and exercise.is_loaded:
                    load = "with no load stated (taken as loaded)" if exercise.load is None else "under load"
                    what = f"{exercise.contraction} strength work {load}"
                else:
                    continue
                yield Violation(
                    exercise.span,
                    f"'{exercise.name}' on {when(session)} is {what}, but no isometric_tolerance gate has been passed "
                    f"yet; {self.first_holds(plan)} (a phase exit or an earlier session's check), or use "
                    "`load: bodyweight`" + region_advice(plan, exercise),
                )


# --------------------------------------------------------------------------- sprint before testing (HS005, MS004)


def strong_gate(gate, min_lsi: float, muscles: tuple[str, ...]) -> bool:
    """A strength_symmetry gate of the injured muscle (no `muscle`, or one of ``muscles``) at
    ``min_lsi`` or more: a symmetry test of another muscle says nothing about the injured one."""
    return gate.min_lsi is not None and gate.min_lsi >= min_lsi and gate.measures(*muscles)


def sprint_gate_problem(
    plan, session, exercise, min_lsi: float, fast: float, muscles: tuple[str, ...], tested: str = ""
) -> str | None:
    """The message for a sprint exercise that comes before the gates it needs (HS005, MS004),
    None when it does not: a resisted sprint needs strength symmetry of ``muscles`` at
    ``min_lsi`` and mobility; an unresisted one at ``fast`` or more (none stated: maximal)
    needs those two or a pain_free_sprint gate. ``tested`` follows "functional testing"."""
    strength = has_gate(plan, session, "strength_symmetry", lambda g: strong_gate(g, min_lsi, muscles))
    mobility = has_gate(plan, session, "mobility")
    if strength and mobility:
        return None
    missing = " or ".join(
        name
        for name, ok in ((f"strength_symmetry (min_lsi >= {format_number(min_lsi)})", strength), ("mobility", mobility))
        if not ok
    )
    if exercise.resisted:
        return (
            f"resisted sprint '{exercise.name}' on {when(session)} comes before functional testing{tested}: "
            f"no {missing} gate has been passed; pass both before resisted sprints"
        )
    if has_gate(plan, session, "pain_free_sprint"):
        return None
    intensity = exercise.intensity_pct
    stated = intensity if intensity is not None else UNSTATED_SPRINT_INTENSITY
    if stated < fast:
        return None
    speed = (
        f"{format_number(intensity)}%"
        if intensity is not None
        else f"no intensity stated (taken as {format_number(UNSTATED_SPRINT_INTENSITY)}%)"
    )
    return (
        f"sprint '{exercise.name}' on {when(session)} at {speed} comes before a pain_free_sprint gate "
        f"or functional testing{tested} (missing: {missing}); sprints at >= {format_number(fast)}% need one of them first"
    )


class SprintBeforeTestingCheck(StrainRule):
    """Resisted or fast sprints before functional testing (strength symmetry of the injured
    muscle and mobility) or, for unresisted sprints, graded pain-free running."""

    min_lsi = Option("min-lsi", 90, number(), "least limb symmetry index (percent) a strength_symmetry gate must require")
    max_intensity = Option(
        "max-intensity", 90, number(), "unresisted sprints at or above this percent of maximal speed need a gate"
    )

    def unstated(self, ctx):
        return {"sprint intensity": UNSTATED_SPRINT_INTENSITY}

    def check(self, plan, ctx):
        min_lsi, fast = ctx[self.min_lsi], ctx[self.max_intensity]
        muscles, tested = self.muscles(plan), self.tested(plan)
        for session in plan.sessions:
            for exercise in session.exercises:
                if not self.judges_sprint(exercise):
                    continue
                problem = sprint_gate_problem(plan, session, exercise, min_lsi, fast, muscles, tested)
                if problem is not None:
                    yield Violation(exercise.span, problem)


# --------------------------------------------------------------------------- eccentric work (HS004, MS005)


def has_limb_eccentric(plan) -> bool:
    """Whether the plan has an eccentric exercise that loads the injured limb (not `region: upper` or `trunk`)."""
    return any(e.contraction == "eccentric" and e.loads_injured_limb for _, e in plan.exercises())
