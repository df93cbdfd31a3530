"""A finding's identity that survives edits elsewhere in the file: for baselines and viewers.

A line number changes whenever a comment or a session is added above a
finding, so it cannot say "the same problem as last time". The fingerprint is
made of the finding's code, its *place* in the plan in the plan's own terms
(the session by its day, time and phase, the exercise by its catalog id and
name, the phase by its id), and the *content* of the offending node: its
source text without comments and with white space collapsed. There are no
list positions or occurrence numbers in it, so adding sessions, exercises or
comments around a finding keeps its fingerprint; editing the offending
exercise, or a second finding of the same code elsewhere, gives a new one.
Two findings that are the same in every respect share a fingerprint: a
baseline counts them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Mapping

from planlint.findings import Finding
from planlint.loader import Comment
from planlint.positions import FILE_START, Span


def places(plan, wanted: Collection[Span] | None = None) -> dict[Span, str]:
    """Each model item's span -> where it is in the plan, described without line numbers.
    With ``wanted``, only the items that start where one of these spans starts are
    looked up (most of a plan's items are never pointed at by a finding)."""
    found: dict[Span, str] = {FILE_START: "plan"}
    if plan is None:
        return found
    starts = None if wanted is None else {(span.line, span.column) for span in wanted}

    def add(source, where: str) -> None:
        if starts is None or source.start in starts:
            found.setdefault(source.span, where)

    add(plan.injury.source, "injury")
    if plan.monitoring is not None:
        add(plan.monitoring.source, "monitoring")
        if plan.monitoring.reassess_source is not None:
            add(plan.monitoring.reassess_source, "monitoring/reassess_soreness_after")
    for phase in plan.phases:
        where = f"phase:{phase.id}"
        add(phase.source, where)
        for gate in phase.exit:
            add(gate.source, f"{where}/exit:{gate.test}")
    for session in plan.sessions:
        where = f"session:{_session_key(session)}"
        add(session.source, where)
        add(session.phase_source, f"{where}/phase")
        for gate in session.checks:
            add(gate.source, f"{where}/check:{gate.test}")
        for exercise in session.exercises:
            add(exercise.source, f"{where}/exercise:{exercise.ref or ''}:{exercise.name}")
    return found


def _session_key(session) -> str:
    when = (
        session.at
        if session.at is not None
        else f"day {session.day}"
        + (f" {session.placement.minute // 60:02d}:{session.placement.minute % 60:02d}" if session.placement.has_time else "")
    )
    return f"{when}/{session.phase_id}"


def node_text(lines: list[str], span: Span, cut: Mapping[int, int]) -> str:
    """The source text of ``span`` without comments (``cut``: line -> column of its
    comment's ``#``), white space collapsed."""
    if span == FILE_START or not 1 <= span.line <= len(lines):
        return ""
    end_line = min(span.end_line, len(lines))
    parts = []
    for number in range(span.line, end_line + 1):
        line = lines[number - 1]
        end = len(line) if number != span.end_line else max(0, span.end_column - 1)
        if number in cut and not (number == span.line and cut[number] <= span.column):  # a PL007 span is its comment
            end = min(end, cut[number] - 1)
        start = span.column - 1 if number == span.line else 0
        parts.append(line[start:end])
    return " ".join(" ".join(parts).split())


def fingerprint(finding: Finding, place: str, content: str) -> str:
    key = "\0".join((finding.code, place, content))
    return hashlib.sha256(key.encode("utf-8", "backslashreplace")).hexdigest()[:32]


def with_fingerprints(findings: list[Finding], plan, text: str, comments: Iterable[Comment] = ()) -> list[Finding]:
    """The findings with their ``fingerprint`` set (see the module docstring)."""
    if not findings:
        return findings
    where: Mapping[Span, str] = places(plan, {finding.span for finding in findings})
    lines = text.splitlines()
    cut = {comment.line: comment.column for comment in comments}
    return [
        finding.with_changes(fingerprint=fingerprint(finding, where.get(finding.span, ""), node_text(lines, finding.span, cut)))
        for finding in findings
    ]
