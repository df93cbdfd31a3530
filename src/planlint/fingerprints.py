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
An occurrence reached through a YAML alias is located at the alias (``*name``),
so its content is the alias as written, and its place the item it stands for.
Two findings that are the same in every respect share a fingerprint: a
baseline counts them.

:func:`identities` is a finding's identity in a run, the one every consumer
uses: the fingerprint and, among findings alike in path and fingerprint,
which of them it is (1, 2, ...), as a baseline counts them. Baselines match
on it, SARIF carries it as ``partialFingerprints`` (GitHub code scanning
tracks alerts by it), GitLab hashes it with the path, and the findings cache
stores the fingerprint it is made from. It never holds a line number or a
message (messages may name lines: "first at line 12").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping

from planlint.findings import Finding
from planlint.loader import Comment
from planlint.positions import FILE_START, Span


def places(plan, wanted: Collection[Span] | None = None) -> dict[Span, str]:
    """Each model item's span -> where it is in the plan, described without line numbers
    (the first item at a span, as :func:`candidates` lists them)."""
    return {span: found[0][0] for span, found in candidates(plan, wanted).items()}


def candidates(plan, wanted: Collection[Span] | None = None) -> dict[Span, list[tuple[str, str | None]]]:
    """Each span -> the model items located there, outermost first, as ``(place, named)``:
    ``named`` is how a message names the item (an exercise's quoted name, a gate's test).
    Usually one item; an alias (``- *gym``) locates a whole session and its exercises at
    the alias, and the message then tells which of them a finding is about. With
    ``wanted``, only the items that start where one of these spans starts are looked up
    (most of a plan's items are never pointed at by a finding)."""
    found: dict[Span, list[tuple[str, str | None]]] = {FILE_START: [("plan", None)]}
    if plan is None:
        return found
    starts = None if wanted is None else {(span.line, span.column) for span in wanted}

    def add(source, place: str, named: str | None = None) -> None:
        if starts is None or source.start in starts:
            found.setdefault(source.span, []).append((place, named))

    add(plan.injury.source, "injury")
    if plan.monitoring is not None:
        add(plan.monitoring.source, "monitoring")
        if plan.monitoring.reassess_source is not None:
            add(plan.monitoring.reassess_source, "monitoring/reassess_soreness_after")
    for phase in plan.phases:
        where = f"phase:{phase.id}"
        add(phase.source, where)
        for gate in phase.exit:
            add(gate.source, f"{where}/exit:{gate.test}", gate.test)
    for session in plan.sessions:
        where = f"session:{_session_key(session)}"
        add(session.source, where)
        add(session.phase_source, f"{where}/phase")
        for gate in session.checks:
            add(gate.source, f"{where}/check:{gate.test}", gate.test)
        for exercise in session.exercises:
            add(exercise.source, f"{where}/exercise:{exercise.ref or ''}:{exercise.name}", f"'{exercise.name}'")
    return found


def _place(found: list[tuple[str, str | None]], message: str) -> str:
    """The item a finding at a shared span is about: the first whose name its message quotes."""
    if len(found) > 1:
        for place, named in found:
            if named is not None and named in message:
                return place
    return found[0][0]


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
    import hashlib  # a plan with no finding never needs it

    return hashlib.sha256(key.encode("utf-8", "backslashreplace")).hexdigest()[:32]


def with_fingerprints(findings: list[Finding], plan, text: str, comments: Iterable[Comment] = ()) -> list[Finding]:
    """The findings with their ``fingerprint`` set (see the module docstring)."""
    if not findings:
        return findings
    where: Mapping[Span, list] = candidates(plan, {finding.span for finding in findings})
    lines = text.splitlines()
    cut = {comment.line: comment.column for comment in comments}
    return [
        finding.with_changes(
            fingerprint=fingerprint(
                finding,
                (_place(where[finding.span], finding.message) if finding.span in where else "") + _occurrence(finding),
                node_text(lines, finding.span, cut),
            )
        )
        for finding in findings
    ]


def _occurrence(finding: Finding) -> str:
    """A template line is shared by every session written out from it (format 1.1): the
    occurrence (its template, how and when it was scheduled, no line numbers) tells them apart."""
    occurrence = finding.occurrence
    return "" if occurrence is None else f"@{occurrence.template}/{occurrence.by}/{occurrence.when}"


def identities(findings: Iterable[Finding]) -> list[str]:
    """Each finding's identity among ``findings`` (see the module docstring):
    ``"<fingerprint>/<n>"``. A finding made without a place in the plan (a rule that
    crashed, a file that could not be linted) is identified by its code alone."""
    seen: Counter = Counter()
    found = []
    for finding in findings:
        print_ = finding.fingerprint or fingerprint(finding, "plan", "")
        seen[finding.path, print_] += 1
        found.append(f"{print_}/{seen[finding.path, print_]}")
    return found
