"""Inline suppressions: ``# planlint: disable=HS006,HS003 -- reason``.

At the end of the line a finding points at, or alone on the line directly
above it; ``disable-file=`` anywhere silences codes for the whole file. A
listed code that silences nothing is reported as PL007 at the comment.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from planlint.findings import Finding, Severity
from planlint.loader import Comment
from planlint.positions import Span
from planlint.quoting import quote

# Anywhere in a comment, so that it can follow another comment on the same line
# ("# yaml-language-server: ... # planlint: disable=HS004").
_DIRECTIVE = re.compile(
    r"(?:^|\s)(?P<hash>#+)\s*planlint\s*:\s*(?P<kind>disable-file|disable)\s*=\s*(?P<body>.*)$", re.IGNORECASE
)
_CODE = re.compile(r"^[A-Za-z]+[0-9]+$")
#: The words every directive holds, matched as _DIRECTIVE matches them.
_DIRECTIVE_WORDS = re.compile(r"planlint\s*:\s*disable", re.IGNORECASE)


def may_suppress(text: str) -> bool:
    """False when ``text`` certainly holds no suppression comment, so that a file
    without findings need not be scanned for comments. In ASCII text, a search for
    "disable" first (ten times faster than the pattern); any other text is searched
    with the pattern itself (with IGNORECASE, U+017F matches "s" and U+212A "k")."""
    if text.isascii() and "disable" not in text.lower():
        return False
    return _DIRECTIVE_WORDS.search(text) is not None


@dataclass
class Suppression:
    """An inline ``planlint: disable`` comment: what it silences, where, and why."""

    kind: str  # "line" or "file"
    comment: Comment
    codes: tuple[str, ...]
    reason: str | None
    target_line: int | None  # the line it silences (line suppressions)
    used: set[str] = field(default_factory=set)

    def covers(self, finding: Finding) -> bool:
        if finding.code not in self.codes:
            return False
        if self.kind == "file" or finding.line == self.target_line:
            return True
        # Format 1.1 templates: one on a `use` item (its first line, or its `repeat`)
        # covers that item's occurrences, including their findings at the template's lines.
        if finding.occurrence is not None and self.target_line in (finding.occurrence.line, finding.occurrence.by_line):
            return True
        # A finding on a comment-only line (a plan-wide finding at line 1 of a
        # file that starts with a comment) can be silenced on that line itself.
        return self.comment.own_line and finding.line == self.comment.line


def parse_suppressions(comments: list[Comment]) -> tuple[list[Suppression], list[tuple[Comment, str]]]:
    """Suppressions, and malformed ``planlint:`` comments (with what is wrong)."""
    found: list[Suppression] = []
    malformed: list[tuple[Comment, str]] = []
    for comment in comments:
        match = _DIRECTIVE.search(comment.text)
        if not match:
            continue
        if match.start("hash"):
            offset = match.start("hash")
            # After another comment on its line: it is at the end of that line.
            comment = Comment(comment.line, comment.column + offset, comment.text[offset:], False)
        body = match.group("body")
        reason = None
        # The codes end at `--` (a reason follows), at another `#`, or at the end of the line.
        dashes, hash_ = body.find("--"), body.find("#")
        if dashes >= 0 and (hash_ < 0 or dashes < hash_):
            body, reason = body[:dashes], body[dashes + 2 :].strip() or None
        elif hash_ >= 0:
            body = body[:hash_]
        codes = tuple(c.strip().upper() for c in body.split(",") if c.strip())
        bad = [c for c in codes if not _CODE.match(c)]
        if not codes or bad:
            malformed.append(
                (
                    comment,
                    f"cannot read the codes in '{quote(comment.text.strip())}'; write e.g. # planlint: disable=HS001 -- reason",
                )
            )
            continue
        if match.group("kind").lower() == "disable-file":
            found.append(Suppression("file", comment, codes, reason, None))
        else:
            target = comment.line + 1 if comment.own_line else comment.line
            found.append(Suppression("line", comment, codes, reason, target))
    return found, malformed


def apply_suppressions(
    path: str,
    findings: list[Finding],
    comments: list[Comment],
    *,
    checked_codes: set[str],
    known_codes: set[str],
    not_applicable: Mapping[str, str] | None = None,
    require_reason: bool = False,
    report_unused: bool = True,
) -> list[Finding]:
    """Mark suppressed findings and add PL007 for suppressions that silence nothing.

    ``checked_codes``: codes that ran on this file. ``not_applicable``: enabled rules
    that do not apply to this plan (code -> what they apply to); a suppression of one
    of them silences nothing and is reported. A code that did not run for another
    reason (switched off by configuration, or semantic rules skipped) is not reported:
    the suppression may serve another configuration.
    """
    not_applicable = not_applicable or {}
    suppressions, malformed = parse_suppressions(comments)
    index = _SuppressionIndex(suppressions, require_reason)
    result = [index.silence(finding) for finding in findings]
    if not report_unused:
        return result
    unused: list[Finding] = []
    for suppression in suppressions:
        for code in suppression.codes:
            if code in suppression.used or code == "PL007":
                continue
            directive = "disable-file" if suppression.kind == "file" else "disable"
            if require_reason and suppression.reason is None:
                message = (
                    f"suppression of {code} has no reason and this project requires one; "
                    f"write `# planlint: {directive}={code} -- why`"
                )
            elif code not in known_codes:
                message = f"suppression names {quote(code)}, which is not a known rule code; remove it or fix the code"
            elif code in not_applicable:
                message = (
                    f"suppression of {code} silences nothing: {code} does not apply to this plan (it checks "
                    f"{not_applicable[code]}); remove it"
                )
            elif code not in checked_codes:
                continue
            else:
                scope = "in this file" if suppression.kind == "file" else f"on line {suppression.target_line}"
                message = f"suppression of {code} is unused: no {code} finding {scope}; remove it"
            unused.append(_pl007(path, suppression.comment, message))
    unused.extend(_pl007(path, comment, message) for comment, message in malformed)
    # PL007 findings can be silenced too (`disable-file=PL007`); a PL007 suppression
    # that silences none of them is reported last.
    result.extend(index.silence(finding) for finding in unused)
    for suppression in suppressions:
        if "PL007" in suppression.codes and "PL007" not in suppression.used:
            scope = "in this file" if suppression.kind == "file" else f"on line {suppression.target_line}"
            result.append(
                _pl007(path, suppression.comment, f"suppression of PL007 is unused: no PL007 finding {scope}; remove it")
            )
    return result


class _SuppressionIndex:
    """Finds the suppression that silences a finding without trying every one:
    line suppressions by the lines they can cover, file suppressions by code
    (only the first usable one per code can ever win)."""

    def __init__(self, suppressions: list[Suppression], require_reason: bool) -> None:
        self.by_line: dict[int, list[tuple[int, Suppression]]] = {}
        self.by_code: dict[str, tuple[int, Suppression]] = {}
        for order, suppression in enumerate(suppressions):
            if require_reason and suppression.reason is None:
                continue  # silences nothing (and is reported for its missing reason)
            if suppression.kind == "file":
                for code in suppression.codes:
                    self.by_code.setdefault(code, (order, suppression))
                continue
            lines = {suppression.target_line}
            if suppression.comment.own_line:
                lines.add(suppression.comment.line)
            for line in lines:
                self.by_line.setdefault(line, []).append((order, suppression))

    def silence(self, finding: Finding) -> Finding:
        """The finding, marked suppressed (with the reason) when a suppression covers it;
        the first suppression in the file that covers it wins."""
        candidates = [entry for entry in self.by_line.get(finding.line, ()) if entry[1].covers(finding)]
        if finding.occurrence is not None:
            for line in {finding.occurrence.line, finding.occurrence.by_line} - {finding.line}:
                candidates += [entry for entry in self.by_line.get(line, ()) if entry[1].covers(finding)]
        if finding.code in self.by_code:
            candidates.append(self.by_code[finding.code])
        if not candidates:
            return finding
        suppression = min(candidates, key=lambda entry: entry[0])[1]
        suppression.used.add(finding.code)
        return finding.with_changes(suppressed=True, suppression_reason=suppression.reason)


def _pl007(path: str, comment: Comment, message: str) -> Finding:
    span = Span(comment.line, comment.column, comment.line, comment.column + len(comment.text))
    return Finding(path, span, "PL007", "unused-suppression", Severity.WARNING, message)
