"""One plan's section of the report, and the page around all of them."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from planlint.engine import FileResult, Published
from planlint.findings import Finding, Severity
from planlint.htmlreport.describe import (
    counts_text,
    day_and_time,
    elapsed_text,
    exercise_line,
    gate_text,
    occurred_text,
    phase_name,
    plan_length_text,
    plural,
    session_load_text,
)
from planlint.htmlreport.exposure import (
    UNSTATED_SPRINT_INTENSITY,
    WeekExposure,
    sprint_intensity,
    week_of_day,
    weekly_exposure,
)
from planlint.htmlreport.layout import Pin, PlanLayout, build_layout, session_time
from planlint.htmlreport.markup import Safe, join, render
from planlint.htmlreport.svg import (
    SEVERITY_SHAPES,
    Frame,
    Point,
    Series,
    assign_styles,
    legend,
    line_chart,
    shape,
    timeline_svg,
    weekly_load_svg,
)
from planlint.limits import MAX_FINDINGS_LISTED, MAX_SESSIONS_DRAWN
from planlint.model import Plan
from planlint.numbers import format_number
from planlint.rules.rule import TimeWindow
from planlint.templates import group_occurrences, grouped_message

#: (code, path) -> the `planlint explain` text for that code under that file's configuration.
Explainer = Callable[[str, str], "str | None"]


class Explanations:
    """The ``planlint explain`` texts of a page, each written once (in the page's rules
    section) however many findings link to it: a text per code and configuration."""

    def __init__(self, explain: Explainer, names: dict[str, str] | None = None) -> None:
        self.explain = explain
        self.names = names or {}
        self.anchors: dict[tuple[str, str], str] = {}  # (code, text) -> the entry's id
        self._by_code: dict[str, int] = {}

    def link(self, code: str, path: str) -> Safe:
        text = self.explain(code, path)
        if not text:
            return Safe("")
        anchor = self.anchors.get((code, text))
        if anchor is None:
            count = self._by_code[code] = self._by_code.get(code, 0) + 1
            anchor = self.anchors[(code, text)] = f"rule-{code}" + ("" if count == 1 else f"-{count}")
        return render(FRAGMENTS, "explain", code=code, target=anchor)

    def section(self) -> Safe:
        if not self.anchors:
            return Safe("")
        items = (
            render(FRAGMENTS, "rule", id=anchor, code=code, name=self.names.get(code, ""), text=text)
            for (code, text), anchor in sorted(self.anchors.items(), key=lambda item: item[1])
        )
        return render(FRAGMENTS, "rules", items=join(items, "\n"))


FRAGMENTS = "fragments.html"
EM_DASH = "\u2014"
ICONS = {"ok": "\u2714", "info": "i", "warning": "\u25b2", "error": "\u2716", "unchecked": "\u2716", "crashed": "!"}


@dataclass(frozen=True)
class Verdict:
    kind: str  # ok | info | warning | error | unchecked | crashed
    text: str

    @property
    def icon(self) -> str:
        return ICONS[self.kind]


def verdict(result: FileResult) -> Verdict:
    """The plain verdict line: can this plan go to the athlete?"""
    active = result.active
    errors = sum(1 for f in active if f.severity == Severity.ERROR)
    warnings = sum(1 for f in active if f.severity == Severity.WARNING)
    infos = sum(1 for f in active if f.severity == Severity.INFO)
    if result.plan is None:
        what = "the error" if errors == 1 else f"the {errors} errors"
        return Verdict("unchecked", f"not checked: fix {what} first")
    if result.crashed:
        return Verdict("crashed", "a rule crashed on this plan: the check is incomplete, do not publish yet")
    if errors:
        return Verdict("error", f"{plural(errors, 'error')}: not ready to publish")
    if warnings:
        return Verdict("warning", f"{plural(warnings, 'warning')}: review before publishing")
    run = result.rules_run
    if run is not None and run.general_only:
        # Only the general rules checked it: a clean result is not a full check (no tick).
        specific = "injury-specific" if run.site == "other" else f"{run.site}-specific"
        notes = f", {plural(infos, 'note')} to read" if infos else ""
        return Verdict("info", f"no findings from the general rules{notes}; no {specific} rules ran")
    if infos:
        return Verdict("info", f"ready to publish, {plural(infos, 'note')} to read")
    return Verdict("ok", "no findings: ready to publish")


def severity_icon(severity: Severity) -> Safe:
    return render(
        FRAGMENTS, "severity-icon", shape=shape(SEVERITY_SHAPES[severity], 8, 7, 5.2, {"class": f"key-{severity.label}"})
    )


def location(finding: Finding) -> str:
    return f"{finding.path}:{finding.line}:{finding.column}"


# --------------------------------------------------------------------------- findings


def findings_html(result: FileResult, anchor: str, explanations: Explanations, pins: dict[int, Pin] | None = None) -> Safe:
    """The plan's findings (the first :data:`MAX_FINDINGS_LISTED`, the rest counted), each
    linking to its rule's text in the page's rules section."""
    active = result.active
    items = []
    # Occurrences of one finding (a template's line, format 1.1) are listed together: the
    # first in full, naming every written-out session, the others under it.
    numbers = {id(finding): number_ for number_, finding in enumerate(active[:MAX_FINDINGS_LISTED], 1)}
    later: set[int] = set()
    grouped_messages = {}
    for first, members in group_occurrences(active[:MAX_FINDINGS_LISTED]):
        if len(members) > 1:
            grouped_messages[id(first)] = grouped_message(first, members)
            later.update(id(m) for m in members[1:])
    for finding in active[:MAX_FINDINGS_LISTED]:
        number_ = numbers[id(finding)]
        if id(finding) in later:
            items.append(
                render(
                    FRAGMENTS,
                    "finding-occurrence",
                    id=f"{anchor}-finding-{number_}",
                    number=number_,
                    code=finding.code,
                    severity=finding.severity.label,
                    message=f"The same finding {finding.occurrence.text()}.",
                )
            )
            continue
        pin = (pins or {}).get(number_)
        when_text = ""
        if pin is not None:
            if pin.session is not None:
                when_text = f"({day_and_time(pin.session)})"
            elif pin.phase is not None:
                when_text = f"(phase {pin.phase.id})"
            else:
                when_text = "(whole plan)"
        items.append(
            render(
                FRAGMENTS,
                "finding",
                id=f"{anchor}-finding-{number_}",
                number=number_,
                code=finding.code,
                severity=finding.severity.label,
                icon=severity_icon(finding.severity),
                name=finding.name,
                location=location(finding),
                when=when_text,
                message=grouped_messages.get(id(finding), finding.message),
                explain=explanations.link(finding.code, finding.path),
            )
        )
    if len(active) > MAX_FINDINGS_LISTED:
        more = len(active) - MAX_FINDINGS_LISTED
        items.append(
            render(
                FRAGMENTS,
                "more-findings",
                text=f"... and {plural(more, 'more finding')} not listed here (a page lists {MAX_FINDINGS_LISTED:,} per plan); "
                "`planlint check` lists them all.",
            )
        )
    suppressed = [f for f in result.findings if f.suppressed]
    suppressed_html = Safe("")
    if suppressed:
        suppressed_html = render(
            FRAGMENTS,
            "suppressed",
            count=plural(len(suppressed), "finding"),
            items=join(
                render(
                    FRAGMENTS,
                    "suppressed-item",
                    code=f.code,
                    location=location(f),
                    message=f.message,
                    reason=f"reason: {f.suppression_reason}" if f.suppression_reason else "(no reason given)",
                )
                for f in suppressed
            ),
        )
    run = result.rules_run
    note = render(FRAGMENTS, "rules-note", note=run.note) if run is not None and run.general_only else Safe("")
    if not items:
        passed = (
            "No findings from the general rules."
            if run is not None and run.general_only
            else "No findings: every rule that applies to this plan passed."
        )
        return render(FRAGMENTS, "no-findings", text=passed, suppressed=suppressed_html, note=note)
    return render(FRAGMENTS, "findings", items=join(items, "\n"), suppressed=suppressed_html, note=note)


# --------------------------------------------------------------------------- progression


def _name_series(series: list[Series], names: dict[str, set[str]], refs: dict[str, str | None]) -> None:
    """A series is named after its exercise when every session names it alike, else after its catalog id."""
    for item in series:
        written = names[item.key]
        ref = refs[item.key]
        if len(written) == 1 or not ref:
            item.label = sorted(written)[0]
        else:
            item.label = ref.replace("_", " ").capitalize()


def sprint_series(plan: Plan, unstated: float = UNSTATED_SPRINT_INTENSITY) -> list[Series]:
    series: dict[str, Series] = {}
    names: dict[str, set[str]] = {}
    refs: dict[str, str | None] = {}
    for session in plan.chronological():
        for exercise in session.exercises:
            if exercise.kind != "sprint":
                continue
            intensity, stated = sprint_intensity(exercise, unstated)
            names.setdefault(exercise.identity, set()).add(exercise.name)
            refs[exercise.identity] = exercise.ref
            item = series.setdefault(exercise.identity, Series(exercise.identity, exercise.name))
            shown = f"{format_number(intensity)}%" + ("" if stated else " (not stated)")
            extra = ", resisted" if exercise.resisted else ""
            item.points.append(
                Point(
                    session_time(session) / 1440, intensity, stated, f"{day_and_time(session)}: {exercise.name}, {shown}{extra}"
                )
            )
    out = list(series.values())
    _name_series(out, names, refs)
    assign_styles(out)
    return out


LOAD_UNITS = {
    "percent_1rm": ("% 1RM", "%", "Load, percent of 1RM"),
    "kg": (" kg", " kg", "Load, kg"),
    "rpe": ("RPE", "", "Load as effort, RPE (CR-10)"),
}


def load_series(plan: Plan) -> dict[str, list[Series]]:
    """Loaded exercises by load unit, one series per exercise (same ``ref``, else same name)."""
    by_unit: dict[str, dict[str, Series]] = {}
    names: dict[str, set[str]] = {}
    refs: dict[str, str | None] = {}
    for session in plan.chronological():
        for exercise in session.exercises:
            load = exercise.load
            if load is None or load.kind not in LOAD_UNITS or load.value is None:
                continue
            unit, _suffix, _title = LOAD_UNITS[load.kind]
            names.setdefault(exercise.identity, set()).add(exercise.name)
            refs[exercise.identity] = exercise.ref
            item = by_unit.setdefault(load.kind, {}).setdefault(exercise.identity, Series(exercise.identity, exercise.name))
            shown = f"RPE {format_number(load.value)}" if load.kind == "rpe" else f"{format_number(load.value)}{unit}"
            item.points.append(
                Point(session_time(session) / 1440, load.value, True, f"{day_and_time(session)}: {exercise.name}, {shown}")
            )
    out = {}
    for kind in LOAD_UNITS:
        if kind in by_unit:
            series = list(by_unit[kind].values())
            _name_series(series, names, refs)
            assign_styles(series)
            out[kind] = series
    return out


def _chart_figure(
    chart_id: str, title: str, caption: str, svg_markup: Safe, series: list[Series] | None, rows, headings, note: str = ""
) -> Safe:
    return render(
        FRAGMENTS,
        "chart",
        id=chart_id,
        title=title,
        caption=caption,
        svg=svg_markup,
        legend=legend(series, note) if series else Safe(""),
        series_heading=headings[0],
        values_heading=headings[1],
        rows=join((render(FRAGMENTS, "row2", a=a, b=b) for a, b in rows), "\n"),
    )


def progression_html(
    plan: Plan,
    frame: Frame,
    weeks: list[WeekExposure],
    flagged: Mapping[int, str],
    anchor: str,
    unstated: tuple[float, str] | None = None,
) -> Safe:
    """``unstated``: the sprint intensity the rules read for an unstated one, and the rule
    that reads it (None: no rule does; drawn at maximal speed)."""
    figures = []
    value, reader = unstated or (UNSTATED_SPRINT_INTENSITY, None)
    sprints = sprint_series(plan, value)
    if sprints:
        svg_markup = line_chart(
            frame,
            f"{anchor}-sprint",
            "Sprint intensity",
            "Sprint intensity (percent of maximal velocity) over time, one line per sprint exercise: "
            + "; ".join(
                f"{s.label}: " + ", ".join(f"day {p.day:.0f} {format_number(p.value)}%" for p in s.points) for s in sprints
            ),
            sprints,
            "%",
            top_value=max(100.0, max(p.value for s in sprints for p in s.points)),
        )
        figures.append(
            _chart_figure(
                f"{anchor}-sprint-figure",
                "Sprint intensity",
                "percent of maximal velocity",
                svg_markup,
                sprints,
                [(s.label, "; ".join(p.title for p in s.points)) for s in sprints],
                ("Exercise", "Sessions"),
                (
                    f"hollow marker: no intensity stated, drawn at {format_number(value)}%"
                    + (f" as rule {reader} reads it" if reader else " (maximal speed)")
                )
                if any(not p.stated for s in sprints for p in s.points)
                else "",
            )
        )
    for kind, series in load_series(plan).items():
        unit, suffix, title = LOAD_UNITS[kind]
        chart_id = f"{anchor}-load-{kind.replace('_', '-')}"
        svg_markup = line_chart(
            frame,
            chart_id,
            title,
            f"{title}, one line per exercise: "
            + "; ".join(
                f"{s.label}: " + ", ".join(f"day {p.day:.0f} {format_number(p.value)}{suffix}" for p in s.points) for s in series
            ),
            series,
            suffix.strip() if kind != "kg" else "",
            top_value=10.0 if kind == "rpe" else None,
        )
        figures.append(
            _chart_figure(
                f"{chart_id}-figure",
                title,
                "",
                svg_markup,
                series,
                [(s.label, "; ".join(p.title for p in s.points)) for s in series],
                ("Exercise", "Sessions"),
            )
        )
    if any(w.load for w in weeks):
        figures.append(
            _chart_figure(
                f"{anchor}-weekly-load-figure",
                "Weekly session load",
                "Foster's session RPE x minutes, with the change on the week before (\u25b2: a rise a weekly-load rule reports)",
                weekly_load_svg(frame, weeks, flagged, f"{anchor}-weekly-load"),
                None,
                [
                    (
                        f"week {w.week} (days {w.first_day}-{w.last_day})",
                        _load_cell(w) + (f", {_change_cell(w)}" if w.change_pct is not None else ""),
                    )
                    for w in weeks
                    if w.load
                ],
                ("Week", "Session load"),
            )
        )
    if not figures:
        return render(FRAGMENTS, "no-progression", text="No sprint work, no loaded exercise and no session load in this plan.")
    return join(figures, "\n")


# --------------------------------------------------------------------------- weekly exposure


def _load_cell(week: WeekExposure) -> str:
    if week.load is None:
        return EM_DASH
    text = format_number(week.load)
    if week.sessions_without_load:
        text += f" (+{week.sessions_without_load} without)"
    return text


def _change_cell(week: WeekExposure) -> str:
    if week.change_pct is None:
        return ""
    sign = "+" if week.change_pct >= 0 else "\u2212"
    return f"{sign}{format_number(abs(week.change_pct), 0)}%"


def exposure_cells(week: WeekExposure) -> dict[str, str]:
    """The table's cells for one week, as text."""
    eccentric = str(week.eccentric_sets) + ("*" if week.eccentric_without_sets else "")
    if week.plyo_contacts is None:
        plyo = EM_DASH if not week.plyo_without_reps else f"{EM_DASH} (+{week.plyo_without_reps})"
    else:
        plyo = str(week.plyo_contacts) + (f" (+{week.plyo_without_reps})" if week.plyo_without_reps else "")
    if week.top_sprint is None:
        top = EM_DASH
    else:
        top = f"{format_number(week.top_sprint)}%" + ("" if week.top_sprint_stated else " (not stated)")
    return {
        "sessions": str(week.session_count),
        "eccentric": eccentric,
        "plyo": plyo,
        "sprints": str(week.sprints),
        "top_sprint": top,
        "load": _load_cell(week),
        "change": _change_cell(week),
    }


def exposure_html(weeks: list[WeekExposure], flagged: Mapping[int, str]) -> Safe:
    rows = []
    i = 0
    while i < len(weeks):
        week = weeks[i]
        if not week.sessions:
            j = i
            while j + 1 < len(weeks) and not weeks[j + 1].sessions:
                j += 1
            last = weeks[j]
            label = f"{week.week}" if j == i else f"{week.week}\u2013{last.week}"
            rows.append(
                render(FRAGMENTS, "exposure-gap", weeks=label, week_label=label, days=f"{week.first_day}\u2013{last.last_day}")
            )
            i = j + 1
            continue
        cells = exposure_cells(week)
        spike = week.week in flagged
        rows.append(
            render(
                FRAGMENTS,
                "exposure-row",
                cls="spike" if spike else "",
                week=week.week,
                week_label=str(week.week) if week.week >= 1 else f"{week.week} (before the injury)",
                days=f"{week.first_day}\u2013{week.last_day}",
                **{**cells, "change": (("\u25b2 " if spike else "") + cells["change"])},
            )
        )
        i += 1
    return render(FRAGMENTS, "exposure", rows=join(rows, "\n"))


# --------------------------------------------------------------------------- sessions table


def sessions_html(layout: PlanLayout) -> Safe:
    rows = []
    for number_, session in enumerate(layout.sessions, 1):
        rows.append(
            render(
                FRAGMENTS,
                "session-row",
                index=session.index,
                number=number_,
                when=day_and_time(session),
                elapsed=elapsed_text(session),
                phase=phase_name(session),
                load=session_load_text(session),
                checks="; ".join(gate_text(g) for g in session.checks) or EM_DASH,
                exercises=join(render(FRAGMENTS, "li", text=exercise_line(e)) for e in session.exercises),
            )
        )
    return render(FRAGMENTS, "sessions", rows=join(rows, "\n"))


# --------------------------------------------------------------------------- a plan


def _timeline_note(plan: Plan) -> str:
    """What the timeline's day numbers count from, and where a date-only injury is drawn."""
    note = ""
    if plan.days_from == "surgery":
        note += " Days count from the operation (day 0, `days_from: surgery`); the injury is drawn before it."
    if plan.timezone:
        note += f" Times are wall-clock times in {plan.timezone}."
    if not plan.injury.occurred.has_time:
        day = (plan.injury.occurred.day - plan.clock.day0).days
        note += f" The injury has no time of day: it is drawn at the end of day {day}, where the rules measure elapsed time from."
    return note


def _injury_text(plan: Plan) -> str:
    injury = plan.injury
    parts = [f"{injury.site} {injury.type}"]
    if injury.side:
        parts.append(injury.side)
    if injury.tissue:
        parts.append(injury.tissue.replace("_", " "))
    if injury.recurrence:
        parts.append("re-injury")
    return ", ".join(parts)


def _window_keys(windows: tuple[TimeWindow, ...]) -> Safe:
    """The timeline key's lines for the windows the plan's rules enforce (none: no line)."""
    return join(
        render(
            FRAGMENTS,
            "window-key",
            rank=rank,
            text=f"first {format_number(w.hours)} h after the injury ({w.forbids}, {w.code})",
        )
        for rank, w in enumerate(windows, 1)
    )


def _athlete_text(plan: Plan) -> str:
    athlete = plan.athlete
    bits = [b for b in ((athlete.ref if athlete else None), (athlete.position if athlete else None), plan.sport) if b]
    return ", ".join(str(b) for b in bits) or "not given"


def card_html(result: FileResult, anchor: str, card: str, note: str, findings: Safe) -> Safe:
    """A plan shown without its charts: too large to draw, a drawing that failed, or a
    page already at its size limit; its verdict and counts always."""
    found = verdict(result)
    title = result.plan.title if result.plan is not None else (os.path.basename(result.path) or result.path)
    return render(
        "card.html",
        card=card,
        anchor=anchor,
        path=result.path,
        title=title,
        verdict_kind=found.kind,
        verdict_icon=found.icon,
        verdict=found.text,
        note=note,
        counts=counts_text(result.active),
        findings=findings,
    )


def plan_html(result: FileResult, anchor: str, explanations: Explanations, published: Published | None = None) -> Safe:
    """One plan's card; ``published``: what the rules that checked it publish (their time
    windows, how they read unstated values, which codes flag weekly load)."""
    published = published or Published()
    found = verdict(result)
    plan = result.plan
    if plan is None:
        return render(
            "unchecked.html",
            anchor=anchor,
            path=result.path,
            title=os.path.basename(result.path) or result.path,
            verdict_kind=found.kind,
            verdict_icon=found.icon,
            verdict=found.text,
            counts=counts_text(result.active),
            findings=findings_html(result, anchor, explanations),
        )
    if len(plan.sessions) > MAX_SESSIONS_DRAWN:
        note = (
            f"This plan has {len(plan.sessions):,} sessions, more than a report draws ({MAX_SESSIONS_DRAWN:,}): "
            "no timeline, charts or tables; its verdict and findings are below."
        )
        return card_html(result, anchor, "too-large", note, findings_html(result, anchor, explanations))
    active = result.active
    layout = build_layout(plan, active[:MAX_FINDINGS_LISTED], published.windows)
    frame = Frame.for_layout(layout)
    unstated = published.unstated.get("sprint intensity")
    weeks = weekly_exposure(plan, unstated[0] if unstated else UNSTATED_SPRINT_INTENSITY)
    load_codes = published.marks.get("weekly-load", set())
    flagged = {
        week_of_day(p.session.day): p.finding.code for p in layout.pins if p.finding.code in load_codes and p.session is not None
    }
    grade = plan.injury.grade
    return render(
        "plan.html",
        anchor=anchor,
        path=result.path,
        title=plan.title,
        verdict_kind=found.kind,
        verdict_icon=found.icon,
        verdict=found.text,
        athlete=_athlete_text(plan),
        injury=_injury_text(plan),
        grade=EM_DASH if grade is None else str(grade),
        occurred=occurred_text(plan.injury.occurred, plan.clock),
        length=plan_length_text(plan),
        counts=counts_text(active),
        rules_run=", ".join(result.rules_run.packs) if result.rules_run is not None else EM_DASH,
        timeline=timeline_svg(layout, frame, f"{anchor}-timeline", f"{anchor}-finding-"),
        timeline_key=render(FRAGMENTS, "timeline-key", windows=_window_keys(published.windows)),
        timeline_note=_timeline_note(plan),
        timeline_days=f"days 0\u2013{layout.last_day}",
        findings=findings_html(result, anchor, explanations, {p.number: p for p in layout.pins}),
        progression=progression_html(plan, frame, weeks, flagged, anchor, unstated),
        exposure=exposure_html(weeks, flagged) if weeks else Safe(""),
        sessions=sessions_html(layout),
    )


def index_row(result: FileResult, anchor: str) -> Safe:
    found = verdict(result)
    active = result.active
    return render(
        FRAGMENTS,
        "index-row",
        anchor=anchor,
        path=result.path,
        title=result.plan.title if result.plan else (os.path.basename(result.path) or result.path),
        verdict_kind=found.kind,
        verdict_icon=found.icon,
        verdict=found.text,
        errors=sum(1 for f in active if f.severity == Severity.ERROR),
        warnings=sum(1 for f in active if f.severity == Severity.WARNING),
        infos=sum(1 for f in active if f.severity == Severity.INFO),
    )


def index_html(rows: list[Safe]) -> Safe:
    return render(FRAGMENTS, "index", rows=join(rows, "\n"))
