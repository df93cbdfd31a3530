"""Plain-language descriptions of model items, for tooltips, tables and text alternatives.

They return plain text (never markup); the page escapes it where it is placed.
"""

from __future__ import annotations

from datetime import timedelta

from planlint.findings import Finding, Severity
from planlint.model import Exercise, Gate, Plan, Session
from planlint.numbers import format_number
from planlint.timeline import MINUTES_PER_DAY, Clock, Moment, describe_placement, format_offset


def hours_text(hours: float) -> str:
    if hours < 48:
        return f"{format_number(hours)} h"
    return f"{format_number(hours / 24)} days"


def duration_text(hours: float) -> str:
    minutes = hours * 60
    if minutes < 1:
        return f"{format_number(minutes * 60)} s"
    if minutes < 120:
        return f"{format_number(minutes)} min"
    return f"{format_number(hours)} h"


def distance_text(metres: float) -> str:
    return f"{format_number(metres / 1000, 2)} km" if metres >= 1000 else f"{format_number(metres)} m"


def load_text(exercise: Exercise) -> str:
    load = exercise.load
    if load is None:
        return ""
    if load.kind == "bodyweight":
        return "bodyweight"
    if load.kind == "percent_1rm":
        return f"{format_number(load.value)}% 1RM"
    if load.kind == "kg":
        return f"{format_number(load.value)} kg"
    if load.kind == "rpe":
        return f"RPE {format_number(load.value)}"
    return f"{load.kind} {format_number(load.value)}"


def dose(exercise: Exercise) -> str:
    """``3 x 12, 15 kg``; ``4 x 40 m at 60%``; ``15 min``; ``3 x 5 x 10 s hold``."""
    parts = []
    volume = []
    if exercise.sets is not None:
        volume.append(str(exercise.sets))
    if exercise.reps is not None:
        volume.append(str(exercise.reps))
    if exercise.distance_m is not None:
        volume.append(distance_text(exercise.distance_m))
    if volume:
        parts.append(" x ".join(volume))
    if exercise.hold_hours is not None:
        parts.append(f"{duration_text(exercise.hold_hours)} hold")
    if exercise.duration_hours is not None:
        parts.append(duration_text(exercise.duration_hours))
    if exercise.kind == "sprint":
        parts.append(
            f"at {format_number(exercise.intensity_pct)}%" if exercise.intensity_pct is not None else "intensity not stated"
        )
    elif exercise.intensity_pct is not None:
        parts.append(f"at {format_number(exercise.intensity_pct)}%")
    load = load_text(exercise)
    if load:
        parts.append(load)
    if exercise.resisted:
        parts.append("resisted")
    if exercise.tempo:
        parts.append(f"tempo {exercise.tempo}")
    return ", ".join(parts)


def exercise_line(exercise: Exercise) -> str:
    amount = dose(exercise)
    kind = "/".join(k for k in (exercise.contraction, exercise.kind) if k)
    tail = f" ({kind})" if kind else ""
    return f"{exercise.name}{': ' + amount if amount else ''}{tail}"


def gate_text(gate: Gate) -> str:
    """``isometric tolerance (pain <= 2)``, ``strength symmetry (LSI >= 90%)``, a custom gate's name."""
    name = gate.name if gate.test == "custom" and gate.name else gate.test.replace("_", " ")
    limits = []
    if gate.max_pain is not None:
        limits.append(f"pain <= {format_number(gate.max_pain)}")
    if gate.min_lsi is not None:
        limits.append(f"LSI >= {format_number(gate.min_lsi)}%")
    if gate.max_deficit_pct is not None:
        limits.append(f"deficit <= {format_number(gate.max_deficit_pct)}%")
    return name + (f" ({', '.join(limits)})" if limits else "")


def day_and_time(session: Session) -> str:
    """Where a session sits on the timeline: ``day 1 at 09:00``, ``day 3 (no time of day)``
    (an ``at:`` session by its day and time too; messages quote it as written instead,
    see :func:`planlint.rules.wording.when`)."""
    text = describe_placement(session.placement)
    return text if session.placement.has_time else f"{text} (no time of day)"


def elapsed_text(session: Session) -> str:
    elapsed = session.elapsed
    if elapsed.before_injury:
        return "before the injury"
    text = f"{hours_text(elapsed.hours)} after the injury"
    return text + (" at least (a time of day is missing)" if elapsed.assumed else "")


def session_load_text(session: Session) -> str:
    if session.load is None:
        given = [
            f"RPE {format_number(session.rpe)}" if session.rpe is not None else "",
            duration_text(session.duration_minutes / 60) if session.duration_minutes else "",
        ]
        given = [g for g in given if g]
        return (", ".join(given) + "; " if given else "") + "no session load (needs RPE and duration)"
    return (
        f"RPE {format_number(session.rpe)} x {format_number(session.duration_minutes)} min = load {format_number(session.load)}"
    )


def phase_name(session: Session) -> str:
    if session.phase is None:
        return f"{session.phase_id} (unknown phase)"
    return session.phase.name or session.phase.id


def session_lines(session: Session, number_: int, max_exercises: int | None = None) -> list[str]:
    """What a session mark shows on hover and focus."""
    lines = [
        f"Session {number_}: {day_and_time(session)}, {elapsed_text(session)}",
        f"Phase: {phase_name(session)}",
        session_load_text(session),
    ]
    if session.checks:
        lines.append("Checks: " + "; ".join(gate_text(g) for g in session.checks))
    if session.exercises:
        shown = session.exercises[:max_exercises] if max_exercises else session.exercises
        lines.extend("- " + exercise_line(e) for e in shown)
        if len(shown) < len(session.exercises):
            lines.append(f"+ {len(session.exercises) - len(shown)} more (see the session table)")
    else:
        lines.append("(no exercises)")
    return lines


def occurred_text(moment: Moment, clock: Clock | None = None) -> str:
    """``2026-03-14 17:30 (UTC+01:00)``; in a plan with a ``timezone``, the time in that zone
    (``2026-03-28 17:30 Europe/London (UTC+00:00)``), converted when written with another offset."""
    if not moment.has_time:
        return f"{moment.day.isoformat()} (no time of day)"
    if clock is None or clock.zone_name is None:
        text = f"{moment.day.isoformat()} {_clock_time(moment.minute)}"
        return text + (f" (UTC{format_offset(moment.tz)})" if moment.tz is not None else "")
    at = clock.exact(moment) if moment.tz is not None else clock.wall(moment.day, moment.minute).earliest
    day, minute = clock.local(at)
    local_day = clock.day0 + timedelta(days=day)
    return f"{local_day.isoformat()} {_clock_time(minute)} {clock.zone_name} (UTC{format_offset(clock.offset_at(at))})"


def _clock_time(minute: float) -> str:
    whole = int(round(minute))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def plan_length_text(plan: Plan) -> str:
    if not plan.sessions:
        return "no sessions"
    days = [s.day for s in plan.sessions]
    first, last = min(days), max(days)
    weeks = last // 7 + 1
    count = len(plan.sessions)
    counted = " after the operation" if plan.days_from == "surgery" else ""
    begins = f" (`starts`: day {plan.starts_day})" if plan.starts_day is not None else ""
    return (
        f"{last + 1} days{counted} (day 0 to day {last}, week {weeks}); {count} session{'s' if count != 1 else ''} "
        f"from day {first}{begins}; {len(plan.phases)} phase{'s' if len(plan.phases) != 1 else ''}"
    )


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


SEVERITY_WORDS = {
    Severity.ERROR: ("error", "errors"),
    Severity.WARNING: ("warning", "warnings"),
    Severity.INFO: ("note", "notes"),
}


def counts_text(findings: list[Finding]) -> str:
    parts = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        count = sum(1 for f in findings if f.severity == severity)
        parts.append(plural(count, *SEVERITY_WORDS[severity]))
    return ", ".join(parts)


def day_of_minutes(minutes: float) -> str:
    day, minute = divmod(int(round(minutes)), MINUTES_PER_DAY)
    return f"day {day} at {minute // 60:02d}:{minute % 60:02d}"
