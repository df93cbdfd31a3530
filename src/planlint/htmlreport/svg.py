"""The charts, written as SVG directly (no library, no script).

Every chart of a plan shares one :class:`~planlint.htmlreport.scale.TimeScale`, so
a column is one moment in time from the timeline down to the weekly load.
Marks carry classes and ``data-`` attributes (``session-mark``, ``phase-band``,
``finding-pin``, ``gate-mark``) that the stylesheet and the tests select on.
Hover and keyboard focus are CSS only (``:hover``, ``:focus``); every chart has a
``<title>`` and ``<desc>``, and the page gives the same data as tables.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from planlint.findings import Severity
from planlint.htmlreport.describe import day_and_time, day_of_minutes, gate_text, session_lines
from planlint.htmlreport.exposure import WeekExposure, week_days
from planlint.htmlreport.layout import (
    GateMark,
    Pin,
    PlanLayout,
    minutes_to_days,
    session_time,
)
from planlint.htmlreport.markup import Safe, empty, h, join
from planlint.htmlreport.scale import TimeScale
from planlint.numbers import format_number
from planlint.timeline import MINUTES_PER_DAY

WIDTH = 960
GUTTER = 124  # row labels and y axes
PLAN_COLUMN = 40  # findings about the whole plan, left of day 0
RIGHT = 24
FONT = 11
CHAR = 0.55  # average glyph width as a share of the font size (for fitting labels)

#: (fill, stroke) per phase, in order; muted so that findings stand out.
PHASE_COLOURS = [
    ("#dbe8f6", "#2f6aa8"),
    ("#e0f0db", "#3f8a3a"),
    ("#fbe8cc", "#a4640a"),
    ("#ece0f3", "#7d4a9a"),
    ("#d9f0ef", "#23807c"),
    ("#f6dede", "#a6434b"),
    ("#ececec", "#555555"),
]
#: Okabe-Ito colours: told apart by people with the common colour vision deficiencies.
SERIES_COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#8c564b"]
SERIES_SHAPES = ["circle", "square", "triangle", "diamond", "triangle-down", "plus"]
SEVERITY_SHAPES = {Severity.ERROR: "square", Severity.WARNING: "triangle", Severity.INFO: "circle"}


def text_width(text: str, size: float = FONT, char: float = CHAR) -> float:
    return len(text) * size * char


def fit(text: str, width: float, size: float = FONT) -> str:
    """``text`` cut (with an ellipsis) to about ``width`` px; '' when not even 3 characters fit."""
    chars = int(width / (size * CHAR))
    if len(text) <= chars:
        return text
    if chars < 4:
        return ""
    return text[: chars - 1].rstrip() + "\u2026"


def shape(kind: str, x: float, y: float, r: float, attrs: dict | None = None) -> Safe:
    """A marker centred on (x, y): circle, square, triangle, triangle-down, diamond or plus."""
    attrs = dict(attrs or {})
    if kind == "circle":
        return empty("circle", {"cx": x, "cy": y, "r": r, **attrs})
    if kind == "square":
        s = r * 0.9
        return empty("rect", {"x": x - s, "y": y - s, "width": 2 * s, "height": 2 * s, **attrs})
    if kind == "triangle":
        points = [(x, y - r * 1.15), (x + r * 1.15, y + r * 0.85), (x - r * 1.15, y + r * 0.85)]
    elif kind == "triangle-down":
        points = [(x, y + r * 1.15), (x + r * 1.15, y - r * 0.85), (x - r * 1.15, y - r * 0.85)]
    elif kind == "diamond":
        points = [(x, y - r * 1.2), (x + r * 1.2, y), (x, y + r * 1.2), (x - r * 1.2, y)]
    else:  # plus
        a, b = r * 0.45, r * 1.2
        points = [
            (x - a, y - b), (x + a, y - b), (x + a, y - a), (x + b, y - a), (x + b, y + a), (x + a, y + a),
            (x + a, y + b), (x - a, y + b), (x - a, y + a), (x - b, y + a), (x - b, y - a), (x - a, y - a),
        ]  # fmt: skip
    return empty("polygon", {"points": " ".join(f"{px:.1f},{py:.1f}" for px, py in points), **attrs})


def label(x: float, y: float, text: str, cls: str = "label", anchor: str = "start", **attrs) -> Safe:
    return h("text", {"x": x, "y": y, "class": cls, "text_anchor": anchor if anchor != "start" else None, **attrs}, text)


def svg(width: float, height: float, chart_id: str, title: str, desc: str, *children, cls: str = "chart") -> Safe:
    return h(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": cls,
            "viewBox": f"0 0 {width:.0f} {height:.0f}",
            "width": f"{width:.0f}",
            "height": f"{height:.0f}",
            "role": "img",
            "aria_labelledby": f"{chart_id}-title {chart_id}-desc",
            "id": chart_id,
        },
        h("title", {"id": f"{chart_id}-title"}, title),
        h("desc", {"id": f"{chart_id}-desc"}, desc),
        *children,
    )


# --------------------------------------------------------------------------- shared pieces


@dataclass
class Frame:
    """The horizontal geometry shared by a plan's charts."""

    scale: TimeScale
    plan_column: bool  # room left of day 0 for findings about the whole plan

    @classmethod
    def for_layout(cls, layout: PlanLayout) -> Frame:
        plan_column = any(pin.at is None for pin in layout.pins)
        left = GUTTER + (PLAN_COLUMN if plan_column else 0) + 8
        return cls(TimeScale.for_layout(layout, left, WIDTH - RIGHT), plan_column)


def week_stripes(frame: Frame, top: float, bottom: float, labels_y: float | None = None) -> list[Safe]:
    """Alternate shading for weeks 1, 2, ... (days 0-6, 7-13, ...), with labels when ``labels_y``."""
    out = []
    scale = frame.scale
    first = math.floor(scale.segments[0].start / 7)
    last = math.ceil(scale.segments[-1].end / 7)
    for n in range(first, last):
        start, end = n * 7, n * 7 + 7
        for x0, x1 in scale.span(start, end):
            out.append(
                empty(
                    "rect",
                    {
                        "class": f"week week-{'odd' if n % 2 == 0 else 'even'}",
                        "x": x0,
                        "y": top,
                        "width": x1 - x0,
                        "height": bottom - top,
                    },
                )
            )
            if labels_y is not None:
                text = (
                    f"week {n + 1}" if x1 - x0 >= text_width(f"week {n + 1}", 10) + 6 else (str(n + 1) if x1 - x0 >= 12 else "")
                )
                if text:
                    out.append(label(x0 + 3, labels_y, text, "week-label"))
    return out


def breaks(frame: Frame, top: float, bottom: float) -> list[Safe]:
    out = []
    for x, hidden_from, hidden_to in frame.scale.breaks():
        out.append(
            h(
                "g",
                {"class": "axis-break"},
                h("title", {}, f"days {format_number(hidden_from)} to {format_number(hidden_to)} not shown (no sessions)"),
                empty("rect", {"x": x - 6, "y": top, "width": 12, "height": bottom - top, "class": "break-gap"}),
                empty(
                    "path", {"d": f"M{x - 6:.1f},{top:.1f} l4,6 l-4,6 M{x + 6:.1f},{top:.1f} l4,6 l-4,6", "class": "break-mark"}
                ),
            )
        )
    return out


def day_axis(frame: Frame, y: float, top: float) -> list[Safe]:
    """The day axis at ``y``, with faint day lines from ``top``."""
    out = [
        empty("line", {"x1": segment.x0, "x2": segment.x1, "y1": y, "y2": y, "class": "axis"}) for segment in frame.scale.segments
    ]
    for x, day, labelled in frame.scale.ticks():
        out.append(empty("line", {"x1": x, "x2": x, "y1": y, "y2": y + (5 if labelled else 3), "class": "tick"}))
        if day % 7 == 0:
            out.append(empty("line", {"x1": x, "x2": x, "y1": top, "y2": y, "class": "week-line"}))
        if labelled:
            out.append(label(x, y + 16, str(day), "tick-label", "middle"))
    out.append(label(GUTTER - 6, y + 16, "day", "tick-label", "end"))
    return out


# --------------------------------------------------------------------------- the timeline

ROW_HEADER = 16  # week labels
ROW_WINDOWS = 40  # the injury, 36 h and 48 h labels
PHASE_ROW = 21
GATE_HEAD = 14
GATE_ROW = 13
PIN_ROW = 17
SESSION_ROW = 30
AXIS_ROW = 28
TIP_LINE = 15
TIP_FONT = 12
TIP_PAD = 8
TIP_MAX_CHARS = 84
#: A tooltip line longer than this wraps (at most TIP_WRAPS lines, the rest cut with an
#: ellipsis), so that a tooltip stays narrower than a phone's screen: 390 px wide, where
#: the timeline is drawn at 860 px for 960 (``svg.chart`` in report.css), a tip of at
#: most 56 characters is at most 52 * 6 + 16 = 352 units, 316 px.
TIP_WRAP = 52
TIP_WRAPS = 3
TIP_CHAR = 0.5
TIP_MAX_EXERCISES = 10  # more are summed up as "+N more" (the session table lists them all)


@dataclass(frozen=True)
class _Rows:
    """The timeline's lanes, top to bottom (y of each lane's top edge)."""

    top: float
    phases: float
    gates: float
    pins: float
    sessions: float
    axis: float
    height: float
    pin_rows: int

    @classmethod
    def stack(cls, phases: int, gate_rows: int, pin_rows: int, tip_height: float) -> _Rows:
        above_sessions = (
            ROW_HEADER + ROW_WINDOWS + phases * PHASE_ROW + 8 + GATE_HEAD + gate_rows * GATE_ROW + 10 + pin_rows * PIN_ROW + 6
        )
        top = max(0, tip_height + 6 - above_sessions)  # room for the tallest tooltip above the sessions
        phases_y = top + ROW_HEADER + ROW_WINDOWS
        gates_y = phases_y + phases * PHASE_ROW + 8
        pins_y = gates_y + GATE_HEAD + gate_rows * GATE_ROW + 10
        sessions_y = pins_y + pin_rows * PIN_ROW + 6
        axis_y = sessions_y + SESSION_ROW
        return cls(top, phases_y, gates_y, pins_y, sessions_y, axis_y, axis_y + AXIS_ROW, pin_rows)


def _stacks(items, key) -> dict[float, list]:
    """Items by x (to a tenth of a px): the ones that share a moment are drawn one above the other."""
    stacks: dict[float, list] = {}
    for item in items:
        stacks.setdefault(round(key(item), 1), []).append(item)
    return stacks


def timeline_svg(layout: PlanLayout, frame: Frame, chart_id: str, finding_prefix: str) -> Safe:
    """``finding_prefix`` + the finding's number is the id of its item in the findings list."""
    pin_stacks = _pin_stacks(layout, frame)
    gate_lines = _gate_rows(layout)
    by_session: dict[int, list[Pin]] = {}
    for pin in layout.pins:
        if pin.session is not None:
            by_session.setdefault(pin.session.index, []).append(pin)
    tips = [
        _wrapped(
            session_lines(s, i + 1, TIP_MAX_EXERCISES)
            + [
                f"Finding {p.number}: {p.finding.code} {p.finding.name} ({p.finding.severity.label})"
                for p in by_session.get(s.index, ())
            ]
        )
        for i, s in enumerate(layout.sessions)
    ]
    rows = _Rows.stack(
        phases=len(layout.plan.phases),
        gate_rows=max(1, len(gate_lines)),
        pin_rows=max([1] + [len(s) for s in pin_stacks.values()]),
        tip_height=max([0] + [len(lines) * TIP_LINE + 2 * TIP_PAD for lines in tips]),
    )

    parts: list[Safe] = []
    parts += week_stripes(frame, rows.top, rows.axis, rows.top + 12)
    parts += _windows(layout, frame, rows)
    parts += _row_labels(rows, frame)
    parts += day_axis(frame, rows.axis, rows.top + ROW_HEADER)
    parts += breaks(frame, rows.top + ROW_HEADER, rows.axis)
    parts.append(h("g", {"class": "phases"}, *_phases(layout, frame, rows)))
    parts.append(h("g", {"class": "gates"}, *_gates(gate_lines, frame, rows)))
    plan_column_right = GUTTER + PLAN_COLUMN + 4 if frame.plan_column else 0
    parts.append(h("g", {"class": "pins"}, *_pins(pin_stacks, rows, finding_prefix, plan_column_right)))
    parts.append(h("g", {"class": "sessions"}, *_sessions(layout, frame, rows, tips, chart_id)))

    plan = layout.plan
    counts = f"{len(layout.sessions)} sessions, {len(plan.phases)} phases, {len(layout.gates)} gates, {len(layout.pins)} findings"
    desc = (
        f"Timeline from the injury (day 0) to day {layout.last_day}: {counts}. "
        "The same information is in the session table and the findings list below."
    )
    return svg(WIDTH, rows.height, chart_id, f"Timeline of {plan.title}", desc, *parts, cls="chart timeline")


def _row_labels(rows: _Rows, frame: Frame) -> list[Safe]:
    out = [
        label(GUTTER - 6, rows.phases + 14, "Phases", "row-label", "end"),
        label(GUTTER - 6, rows.gates + 10, "Gates", "row-label", "end"),
        label(GUTTER - 6, rows.pins + rows.pin_rows * PIN_ROW - 5, "Findings", "row-label", "end"),
        label(GUTTER - 6, rows.sessions + 19, "Sessions", "row-label", "end"),
    ]
    if frame.plan_column:
        out.append(label(GUTTER + PLAN_COLUMN / 2 + 2, rows.pins - 3, "plan", "plan-label", "middle"))
    return out


def _windows(layout: PlanLayout, frame: Frame, rows: _Rows) -> list[Safe]:
    scale = frame.scale
    injury_day = minutes_to_days(layout.injury_at)
    top, bottom = rows.top + ROW_HEADER, rows.axis
    out = []
    if not layout.plan.injury.occurred.has_time:
        # No time of day: the injury may be anywhere in day 0; the rules measure from its end.
        for x0, x1 in scale.span(0, 1):
            out.append(
                h(
                    "g",
                    {"class": "injury-day"},
                    h("title", {}, "injury day: no time of day given, so elapsed times are measured from its end"),
                    empty("rect", {"x": x0, "y": top, "width": x1 - x0, "height": bottom - top}),
                )
            )
    # Longest first, so the shorter (stricter, darker) windows are drawn over it.
    for rank, (window, end) in reversed(list(enumerate(layout.windows, 1))):
        for x0, x1 in scale.span(injury_day, minutes_to_days(end)):
            out.append(
                h(
                    "g",
                    {"class": f"window window-{rank}", "data_hours": format_number(window.hours)},
                    h(
                        "title",
                        {},
                        f"the first {format_number(window.hours)} h after the injury, to {day_of_minutes(end)}: "
                        f"{window.forbids} ({window.code})",
                    ),
                    empty("rect", {"x": x0, "y": top, "width": x1 - x0, "height": bottom - top}),
                )
            )
    x = scale.x(injury_day)
    out.append(empty("line", {"x1": x, "x2": x, "y1": top, "y2": bottom, "class": "injury-line"}))
    out.append(label(x + 3, top + 10, "injury", "injury-label"))
    for i, (window, end) in enumerate(layout.windows):
        x_end, text = scale.x(minutes_to_days(end)), f"{format_number(window.hours)} h"
        if x_end - x >= text_width(text, 10) + 6:
            out.append(label(x_end - 3, top + 22 + 11 * i, text, "window-label", "end"))
        else:  # too narrow to hold its label: write it just after the window
            out.append(label(x_end + 3, top + 22 + 11 * i, text, "window-label"))
    return out


def _phases(layout: PlanLayout, frame: Frame, rows: _Rows) -> list[Safe]:
    scale = frame.scale
    out = []
    for extent in layout.phases:
        phase = extent.phase
        fill, stroke = PHASE_COLOURS[phase.index % len(PHASE_COLOURS)]
        y = rows.phases + phase.index * PHASE_ROW
        name = phase.name or phase.id
        stage = phase.extra.get("stage") if phase.extra else None
        if stage is not None:
            name = f"stage {stage}: {name}"
        if extent.scheduled:
            x0 = scale.x_minutes(extent.start)
            x1 = max(scale.x_minutes(extent.end), x0 + 4)
            title = f"phase {phase.id}: {name}, {day_of_minutes(extent.start)} to {day_of_minutes(extent.end)}"
            shape_ = empty(
                "rect",
                {
                    "x": x0,
                    "y": y + 2,
                    "width": x1 - x0,
                    "height": PHASE_ROW - 5,
                    "rx": 3,
                    "fill": fill,
                    "stroke": stroke,
                    "class": "band",
                },
            )
        else:
            x0 = scale.x_minutes(extent.start) - 5
            x1 = x0 + 10
            title = f"phase {phase.id}: {name}, no sessions (its exit gates are credited without being assessed)"
            shape_ = empty(
                "rect",
                {
                    "x": x0,
                    "y": y + 2,
                    "width": 10,
                    "height": PHASE_ROW - 5,
                    "rx": 2,
                    "stroke": stroke,
                    "class": "band band-empty",
                },
            )
            name += " (no sessions)"
        right_room, left_room = WIDTH - RIGHT - x1 - 4, x0 - scale.left - 4
        if extent.scheduled:
            first_day, last_day = int(extent.start // MINUTES_PER_DAY), int((extent.end - 1) // MINUTES_PER_DAY)
            days = f"day {first_day}" if first_day == last_day else f"days {first_day}\u2013{last_day}"
            if text_width(f"{name} \u00b7 {days}") <= max(x1 - x0 - 8, right_room, left_room):
                name = f"{name} \u00b7 {days}"
        if text_width(name) <= x1 - x0 - 8:
            text = label(x0 + 5, y + 14, name, "band-label")
        elif text_width(name) <= right_room or right_room >= left_room:
            text = label(x1 + 4, y + 14, fit(name, right_room), "band-label outside")
        else:
            text = label(x0 - 4, y + 14, fit(name, left_room), "band-label outside", "end")
        out.append(
            h(
                "g",
                {
                    "class": "phase-band" + ("" if extent.scheduled else " unscheduled"),
                    "data_phase": phase.id,
                    "data_scheduled": "yes" if extent.scheduled else "no",
                },
                h("title", {}, title),
                shape_,
                text,
            )
        )
    return out


GATE_CLASSES = {"checked": "gate-checked", "exit": "gate-exit", "unassessed": "gate-unassessed"}
#: Drawn in this order, so a check shows on top of an exit at the same moment.
GATE_ORDER = {"unassessed": 0, "exit": 1, "checked": 2}


def gate_key(mark: GateMark) -> tuple[str, str]:
    """One row per test (custom gates: per name)."""
    return (mark.gate.test, (mark.gate.name or "") if mark.gate.test == "custom" else "")


def gate_row_label(mark: GateMark) -> str:
    gate = mark.gate
    return gate.name if gate.test == "custom" and gate.name else gate.test.replace("_", " ")


def _gate_rows(layout: PlanLayout) -> list[tuple[str, list[GateMark]]]:
    """(row label, marks) per gate test, in the order the tests first count."""
    rows: dict[tuple[str, str], list[GateMark]] = {}
    for mark in layout.gates:  # sorted by time
        rows.setdefault(gate_key(mark), []).append(mark)
    return [(gate_row_label(marks[0]), marks) for marks in rows.values()]


def _gates(gate_rows: list[tuple[str, list[GateMark]]], frame: Frame, rows: _Rows) -> list[Safe]:
    out = []
    for i, (name, marks) in enumerate(gate_rows):
        y = rows.gates + GATE_HEAD + i * GATE_ROW + GATE_ROW / 2
        out.append(label(GUTTER - 6, y + 3.5, fit(name, GUTTER - 10, 10.5), "gate-label", "end"))
        out.append(empty("line", {"x1": frame.scale.left, "x2": WIDTH - RIGHT, "y1": y, "y2": y, "class": "gate-row"}))
        for mark in sorted(marks, key=lambda m: GATE_ORDER[m.how]):
            x = frame.scale.x_minutes(mark.at)
            out.append(
                h(
                    "g",
                    {"class": f"gate-mark {GATE_CLASSES[mark.how]}", "data_test": mark.gate.test, "data_how": mark.how},
                    h("title", {}, f"gate {gate_text(mark.gate)}: {mark.where}"),
                    shape("diamond", x, y, 4.3),
                )
            )
    return out


def _pin_stacks(layout: PlanLayout, frame: Frame) -> dict[float, list[Pin]]:
    def x(pin: Pin) -> float:
        if pin.at is None:
            return GUTTER + PLAN_COLUMN / 2
        return frame.scale.x_minutes(pin.at)

    return _stacks(layout.pins, x)


def _pins(stacks: dict[float, list[Pin]], rows: _Rows, finding_prefix: str, plan_column_right: float) -> list[Safe]:
    out = []
    bottom = rows.pins + rows.pin_rows * PIN_ROW
    xs = sorted(stacks)
    rooms = {}
    for k, x in enumerate(xs):
        # Labels must not run into the next stack (a dense plan keeps its pins, unlabelled).
        limit = xs[k + 1] - 6 if k + 1 < len(xs) else WIDTH - 4
        if x < plan_column_right:
            limit = min(limit, plan_column_right)
        rooms[x] = limit - (x + 8)

    def with_code(pin: Pin) -> str:
        return f"{pin.number} {pin.finding.code}"

    # The same kind of label on every pin: number and code where all of them have room, else numbers.
    codes = all(text_width(with_code(p), 10) <= rooms[x] for x in xs if x >= plan_column_right for p in stacks[x])
    for x, pins in sorted(stacks.items()):
        room = rooms[x]
        ordered = sorted(pins, key=lambda p: (-p.finding.severity, p.number))
        for j, pin in enumerate(ordered):
            y = bottom - PIN_ROW / 2 - j * PIN_ROW
            finding = pin.finding
            where = day_and_time(pin.session) if pin.session else (f"phase {pin.phase.id}" if pin.phase else "whole plan")
            severity = finding.severity.label
            text = with_code(pin) if codes and x >= plan_column_right else str(pin.number)
            text = text if text_width(text, 10) <= room else ""
            out.append(
                h(
                    "a",
                    {
                        "href": f"#{finding_prefix}{pin.number}",
                        "class": f"finding-pin pin-{severity}",
                        "data_finding": pin.number,
                        "data_code": finding.code,
                        "data_severity": severity,
                        "aria_label": f"finding {pin.number}: {finding.code} {severity}, {where}: {finding.message}",
                    },
                    h("title", {}, f"{pin.number}. {finding.code} {finding.name}, {severity} ({where}): {finding.message}"),
                    shape(SEVERITY_SHAPES[finding.severity], x, y, 5.5, {"class": "pin-shape"}),
                    label(x + 8, y + 3.5, text, "pin-number") if text else None,
                )
            )
    return out


def _sessions(layout: PlanLayout, frame: Frame, rows: _Rows, tips: list[list[str]], chart_id: str) -> list[Safe]:
    scale = frame.scale
    out = []
    y = rows.sessions + SESSION_ROW / 2 - 2
    for i, session in enumerate(layout.sessions):
        colours = PHASE_COLOURS[session.phase.index % len(PHASE_COLOURS)] if session.phase else ("#ffffff", "#555555")
        if session.placement.has_time:
            x = scale.x_minutes(session_time(session))
            mark = empty("circle", {"cx": x, "cy": y, "r": 6, "fill": colours[1], "class": "dot"})
        else:
            x0 = scale.x_minutes(session.placement.earliest)
            x1 = max(scale.x_minutes(session.placement.latest + 1), x0 + 8)
            x = (x0 + x1) / 2
            mark = empty(
                "rect",
                {
                    "x": x0 + 1,
                    "y": y - 5,
                    "width": x1 - x0 - 2,
                    "height": 10,
                    "rx": 5,
                    "fill": colours[1],
                    "class": "dot untimed",
                },
            )
        lines = tips[i]
        tip_id = f"{chart_id}-tip-{i + 1}"
        out.append(
            h(
                "g",
                {
                    "class": "session-mark",
                    "tabindex": "0",
                    "role": "img",
                    "data_session": session.index,
                    "data_day": session.day,
                    "data_phase": session.phase_id,
                    "aria_labelledby": tip_id,
                },
                empty("circle", {"cx": x, "cy": y, "r": 11, "class": "hit"}),
                mark,
                _tip(lines, x, rows.sessions - 4, tip_id),
            )
        )
    return out


def _wrapped(lines: list[str]) -> list[str]:
    """Tooltip lines wrapped at TIP_WRAP characters (continuations indented), each at most
    TIP_WRAPS lines long."""
    import textwrap

    out: list[str] = []
    for line in lines:
        if len(line) <= TIP_WRAP:
            out.append(line)
            continue
        indent = "    " if line.startswith("- ") else "  "
        parts = textwrap.wrap(line[: TIP_WRAP * TIP_WRAPS + 1], TIP_WRAP, subsequent_indent=indent, break_long_words=True)
        if len(parts) > TIP_WRAPS or len(line) > TIP_WRAP * TIP_WRAPS:
            parts = parts[:TIP_WRAPS]
            parts[-1] = parts[-1][: TIP_WRAP - 1] + "\u2026"
        out.extend(parts)
    return out


def _tip(lines: list[str], x: float, bottom: float, tip_id: str) -> Safe:
    """The tooltip: hidden until its session mark is hovered or focused; its text also names the mark
    for assistive technology (``aria-labelledby``), so it is written once."""
    lines = [line if len(line) <= TIP_MAX_CHARS else line[: TIP_MAX_CHARS - 1] + "\u2026" for line in lines]
    width = max(text_width(line, TIP_FONT, TIP_CHAR) for line in lines) + 2 * TIP_PAD
    height = len(lines) * TIP_LINE + 2 * TIP_PAD
    left = min(max(x - width / 2, 4), WIDTH - width - 4)
    top = bottom - height
    spans = [
        h("tspan", {"x": left + TIP_PAD, "y": top + TIP_PAD + 11 + k * TIP_LINE, "class": "tip-head" if k == 0 else None}, line)
        for k, line in enumerate(lines)
    ]
    return h(
        "g",
        {"class": "tip"},
        empty("rect", {"x": left, "y": top, "width": width, "height": height, "rx": 4}),
        h("text", {"id": tip_id}, join(spans, " ")),
    )


# --------------------------------------------------------------------------- progression charts


@dataclass
class Point:
    day: float
    value: float
    stated: bool
    title: str


@dataclass
class Series:
    key: str
    label: str
    points: list[Point] = field(default_factory=list)
    colour: str = "#000000"
    shape: str = "circle"


def assign_styles(series: list[Series]) -> None:
    for i, item in enumerate(series):
        item.colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        item.shape = SERIES_SHAPES[i % len(SERIES_SHAPES)]


def nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent  # pragma: no cover


def y_ticks(top: float) -> list[float]:
    exponent = 10 ** math.floor(math.log10(top))
    for step in (exponent / 5, exponent / 4, exponent / 2, exponent, exponent * 2):
        if top / step <= 5:
            return [step * k for k in range(int(round(top / step)) + 1)]
    return [0, top]  # pragma: no cover


LINE_TOP = 10
LINE_PLOT = 92
LINE_AXIS = 28


def line_chart(
    frame: Frame, chart_id: str, title: str, desc: str, series: list[Series], unit: str, top_value: float | None = None
) -> Safe:
    highest = max(p.value for s in series for p in s.points)
    top_value = top_value or nice_max(highest * 1.05)
    height = LINE_TOP + LINE_PLOT + LINE_AXIS
    base = LINE_TOP + LINE_PLOT

    def y(value: float) -> float:
        return base - value / top_value * LINE_PLOT

    parts = week_stripes(frame, LINE_TOP, base)
    for tick in y_ticks(top_value):
        parts.append(empty("line", {"x1": frame.scale.left, "x2": WIDTH - RIGHT, "y1": y(tick), "y2": y(tick), "class": "grid"}))
        parts.append(label(frame.scale.left - 6, y(tick) + 4, f"{format_number(tick)}{unit}", "tick-label", "end"))
    parts += day_axis(frame, base, LINE_TOP)
    parts += breaks(frame, LINE_TOP, base)
    for item in series:
        points = sorted(item.points, key=lambda p: p.day)
        coords = [(frame.scale.x(p.day), y(p.value)) for p in points]
        group = [h("title", {}, item.label)]
        if len(coords) > 1:
            group.append(
                empty(
                    "polyline",
                    {
                        "points": " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in coords),
                        "stroke": item.colour,
                        "class": "series-line",
                    },
                )
            )
        for point, (cx, cy) in zip(points, coords):
            group.append(
                h(
                    "g",
                    {"class": "point" + ("" if point.stated else " not-stated")},
                    h("title", {}, point.title),
                    shape(item.shape, cx, cy, 4.2, {"fill": item.colour if point.stated else "#ffffff", "stroke": item.colour}),
                )
            )
        parts.append(h("g", {"class": "series", "data_series": item.key}, *group))
    return svg(WIDTH, height, chart_id, title, desc, *parts)


def legend(series: list[Series], note: str = "") -> Safe:
    items = []
    for item in series:
        swatch = h(
            "svg",
            {"class": "swatch", "viewBox": "0 0 28 14", "width": "28", "height": "14", "aria_hidden": "true"},
            empty("line", {"x1": 1, "x2": 27, "y1": 7, "y2": 7, "stroke": item.colour, "stroke_width": 2}),
            shape(item.shape, 14, 7, 4.2, {"fill": item.colour, "stroke": item.colour}),
        )
        items.append(h("li", {}, swatch, " ", item.label))
    if note:
        items.append(h("li", {"class": "legend-note"}, note))
    return h("ul", {"class": "legend"}, *items)


MINUS = "\u2212"
SPIKE = "\u25b2 "
BAR_TOP = 32
BAR_PLOT = 92
BAR_AXIS = 28


def weekly_load_svg(frame: Frame, weeks: list[WeekExposure], flagged: Mapping[int, str], chart_id: str) -> Safe:
    """``flagged``: weeks a weekly-load rule reported, with its code."""
    loads = [w.load for w in weeks if w.load]
    top_value = nice_max(max(loads) * 1.08)
    height = BAR_TOP + BAR_PLOT + BAR_AXIS
    base = BAR_TOP + BAR_PLOT
    parts = week_stripes(frame, BAR_TOP, base)
    for tick in y_ticks(top_value):
        y = base - tick / top_value * BAR_PLOT
        parts.append(empty("line", {"x1": frame.scale.left, "x2": WIDTH - RIGHT, "y1": y, "y2": y, "class": "grid"}))
        parts.append(label(frame.scale.left - 6, y + 4, format_number(tick), "tick-label", "end"))
    parts += day_axis(frame, base, BAR_TOP)
    parts += breaks(frame, BAR_TOP, base)
    for week in weeks:
        if not week.load:
            continue
        first, last = week_days(week.week)
        pieces = frame.scale.span(first, last + 1)
        if not pieces:
            continue
        x0, x1 = pieces[0][0] + 3, pieces[-1][1] - 3
        bar_h = week.load / top_value * BAR_PLOT
        spike = week.week in flagged
        change = ""
        if week.change_pct is not None:
            change = f"{'+' if week.change_pct >= 0 else MINUS}{format_number(abs(week.change_pct), 0)}%"
        title = f"week {week.week} (days {first}-{last}): load {format_number(week.load)}"
        if change:
            title += f", {change} on the week before"
        if spike:
            title += f" ({flagged[week.week]} load spike)"
        children = [
            h("title", {}, title),
            empty("rect", {"x": x0, "y": base - bar_h, "width": max(x1 - x0, 2), "height": bar_h, "class": "bar"}),
            label((x0 + x1) / 2, base - bar_h - 4, format_number(week.load), "bar-value", "middle"),
        ]
        if change:
            text = (SPIKE if spike else "") + change
            children.append(label((x0 + x1) / 2, base - bar_h - 17, text, "bar-change" + (" spike" if spike else ""), "middle"))
        parts.append(h("g", {"class": "week-load" + (" spike" if spike else ""), "data_week": week.week}, *children))
    desc = "Weekly session load (session RPE x minutes): " + "; ".join(
        f"week {w.week} {format_number(w.load)}"
        + (f" ({'+' if w.change_pct >= 0 else '-'}{format_number(abs(w.change_pct), 0)}%)" if w.change_pct is not None else "")
        for w in weeks
        if w.load
    )
    return svg(WIDTH, height, chart_id, "Weekly session load", desc, *parts)
