"""Weekly exposure, computed from the typed plan model.

Weeks are blocks of day numbers counted from the injury day, as the weekly load rule
counts them: days 0-6 are week 1, days 7-13 week 2, ... (an ``at:`` session
counts on its calendar day in the injury's offset; the model has placed it).
Sessions before the injury fall in week 0 or below.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planlint.model import Exercise, Plan, Session

#: The intensity drawn for a sprint with no stated intensity when no rule that checks the
#: plan says how it reads one (``Rule.unstated``): maximal, the safe reading.
UNSTATED_SPRINT_INTENSITY = 100.0


def week_of_day(day: int) -> int:
    """1-based week number: day 0-6 -> 1, 7-13 -> 2; day -1 -> 0."""
    return day // 7 + 1


def week_days(week: int) -> tuple[int, int]:
    """First and last day number of a 1-based week."""
    start = (week - 1) * 7
    return start, start + 6


@dataclass
class WeekExposure:
    """What one week asks of the athlete."""

    week: int  # 1-based: days 0-6 are week 1
    sessions: list[Session] = field(default_factory=list)
    eccentric_sets: int = 0
    eccentric_without_sets: int = 0  # eccentric exercises with no `sets`, each counted as 1 set
    plyo_contacts: int | None = None  # sets x reps of plyometric exercises that state reps
    plyo_without_reps: int = 0  # plyometric exercises that do not state reps (not counted)
    sprints: int = 0  # sprint repetitions: sets x reps (each missing factor counts as 1)
    top_sprint: float | None = None  # highest sprint intensity, percent of maximal velocity
    top_sprint_stated: bool = True  # False when the top is an unstated intensity (taken as 100%)
    load: float | None = None  # sum of session RPE x minutes, where sessions give both
    sessions_without_load: int = 0
    change_pct: float | None = None  # load change over the previous week

    @property
    def first_day(self) -> int:
        return week_days(self.week)[0]

    @property
    def last_day(self) -> int:
        return week_days(self.week)[1]

    @property
    def session_count(self) -> int:
        return len(self.sessions)


def sprint_intensity(exercise: Exercise, unstated: float = UNSTATED_SPRINT_INTENSITY) -> tuple[float, bool]:
    """(intensity, stated): an unstated sprint intensity counts as ``unstated``."""
    if exercise.intensity_pct is None:
        return unstated, False
    return exercise.intensity_pct, True


def sprint_repetitions(exercise: Exercise) -> int:
    return (exercise.sets or 1) * (exercise.reps or 1)


def plyometric_contacts(exercise: Exercise) -> int | None:
    """Sets x reps when reps are stated (reps alone are one set); None when not given."""
    if exercise.reps is None:
        return None
    return (exercise.sets or 1) * exercise.reps


def weekly_exposure(plan: Plan, unstated: float = UNSTATED_SPRINT_INTENSITY) -> list[WeekExposure]:
    """One entry per week from the injury week (or the first session's, if earlier) to the
    last session's, empty weeks included, in order."""
    if not plan.sessions:
        return []
    ordered = plan.chronological()
    first = min(1, week_of_day(ordered[0].day))
    last = max(week_of_day(s.day) for s in ordered)
    weeks = {n: WeekExposure(n) for n in range(first, last + 1)}
    for session in ordered:
        week = weeks[week_of_day(session.day)]
        week.sessions.append(session)
        if session.load is None:
            week.sessions_without_load += 1
        else:
            week.load = (week.load or 0) + session.load
        for exercise in session.exercises:
            _add_exercise(week, exercise, unstated)
    for n, week in weeks.items():
        before = weeks.get(n - 1)
        if before is not None and before.load and week.load:
            week.change_pct = (week.load - before.load) / before.load * 100
    return list(weeks.values())


def _add_exercise(week: WeekExposure, exercise: Exercise, unstated: float) -> None:
    if exercise.contraction == "eccentric":
        if exercise.sets is None:
            week.eccentric_without_sets += 1
        week.eccentric_sets += exercise.sets or 1
    if exercise.kind == "plyometric":
        contacts = plyometric_contacts(exercise)
        if contacts is None:
            week.plyo_without_reps += 1
        else:
            week.plyo_contacts = (week.plyo_contacts or 0) + contacts
    if exercise.kind == "sprint":
        week.sprints += sprint_repetitions(exercise)
        intensity, stated = sprint_intensity(exercise, unstated)
        if week.top_sprint is None or intensity > week.top_sprint:
            week.top_sprint, week.top_sprint_stated = intensity, stated
        elif intensity == week.top_sprint and stated:
            week.top_sprint_stated = True
