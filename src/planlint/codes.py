"""What a finding code is, and the codes planlint's own pipeline reports (PL000-PL007).

Rules and pipeline codes share one metadata record, :class:`Code`, so that
``planlint rules``, ``planlint explain``, the reference page and SARIF treat
every code alike. The loader, the schema layer, the model, the suppression
pass and the engine report their findings with ``PL00x.at(path, span, message)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planlint.findings import Finding, Severity
from planlint.options import Option
from planlint.positions import Span

if TYPE_CHECKING:  # pragma: no cover
    from planlint.edits import Fix

EVIDENCE_GRADES = ("consensus", "trial", "observational", "practice", "heuristic")


@dataclass(frozen=True)
class Evidence:
    """A source behind a rule or its threshold, and an honest grade of its strength."""

    grade: str
    text: str

    def __post_init__(self) -> None:
        if self.grade not in EVIDENCE_GRADES:
            raise ValueError(f"evidence grade {self.grade!r} is not one of {EVIDENCE_GRADES}")


@dataclass(frozen=True)
class Code:
    """A finding code and its documentation."""

    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    instead: str
    evidence: tuple[Evidence, ...] = ()
    options: tuple[Option, ...] = ()
    applies_to: str = "every plan"

    def at(self, path: str, span: Span, message: str, source: str = "planlint", fix: Fix | None = None) -> Finding:
        """A finding of this code at ``span``, with its default severity (and a safe ``fix``, if any)."""
        return Finding(path, span, self.code, self.name, self.severity, message, source=source, fix=fix)


CODE_FORM = re.compile(r"^[A-Z]{2,}[0-9]{3}$")
NAME_FORM = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def identity_problems(code: object, name: object, severity: object) -> list[str]:
    """What is wrong with a code's identity (empty: usable). Checked when a
    plugin's rules are collected (a rule failing it is not loaded) and by the
    rule pack conformance check."""
    problems = []
    if not isinstance(code, str) or not CODE_FORM.match(code):
        problems.append(f"the code {code!r} must be two or more capital letters and three digits, e.g. XY001")
    if not isinstance(name, str) or not NAME_FORM.match(name):
        problems.append(f"the name {name!r} must be lower-case words joined by hyphens")
    if not isinstance(severity, Severity):
        problems.append(f"the severity {severity!r} is not a planlint Severity")
    return problems


_INTEGRITY = (Evidence("practice", "File integrity: planlint cannot judge a plan it cannot read unambiguously."),)

PL000 = Code(
    "PL000",
    "internal-error",
    Severity.ERROR,
    summary="A rule crashed or ran past its time budget on this file, or planlint itself failed on it (a bug in planlint or a plugin).",
    why="The failed rule did not check the file, so its absence of findings proves nothing; the exit code is 3.",
    instead="Report the message to the plugin's authors; other rules and files were still checked.",
    evidence=(Evidence("practice", "Fail loudly, but keep the run going."),),
)
PL001 = Code(
    "PL001",
    "yaml-syntax",
    Severity.ERROR,
    summary="The file is not valid YAML, is empty, is not UTF-8, or uses a YAML tag that builds objects.",
    why="A file that does not parse cannot be checked at all; the other rules are skipped for it.",
    instead="Fix the YAML at the reported line and column (indentation with spaces, quotes around text with ': ').",
    evidence=_INTEGRITY,
)
PL002 = Code(
    "PL002",
    "duplicate-key",
    Severity.ERROR,
    summary="A mapping repeats a key.",
    why="YAML keeps only one of two equal keys, so part of what the coach wrote is silently lost.",
    instead="Remove or rename one of the keys (the finding points at the second).",
    evidence=_INTEGRITY,
)
PL003 = Code(
    "PL003",
    "schema",
    Severity.ERROR,
    summary="The document breaks the plan schema (unknown key, wrong type or value, something missing).",
    why="Rules read a typed plan; a misspelt key or a wrong unit would otherwise be ignored and hide a problem.",
    instead="Follow the message: it names the key, what was found and what is allowed (run `planlint schema` for the full schema).",
    evidence=_INTEGRITY,
)
PL004 = Code(
    "PL004",
    "unknown-exercise",
    Severity.ERROR,
    summary="An exercise states no contraction/kind and its ref is not in any catalog.",
    why="Rules need to know whether an exercise is eccentric, a sprint, plyometric...; without that they cannot protect the athlete.",
    instead="Add `contraction` and `kind`, or use a `ref` from the catalog (or add the id to a project catalog file).",
    evidence=_INTEGRITY,
)
PL005 = Code(
    "PL005",
    "unknown-phase",
    Severity.ERROR,
    summary="A session names a phase id the plan does not define.",
    why="Gates and phase order are read from the phase; a session in an unknown phase escapes both.",
    instead="Use one of the plan's phase ids (the message lists them).",
    evidence=_INTEGRITY,
)
PL006 = Code(
    "PL006",
    "unsupported-version",
    Severity.ERROR,
    summary="`planlint:` is not a supported format version.",
    why="A plan written for another format version may mean different things by the same keys; it is reported alone.",
    instead="Write `planlint: 1`, or upgrade planlint if the plan needs a newer format.",
    evidence=_INTEGRITY,
)
PL007 = Code(
    "PL007",
    "unused-suppression",
    Severity.WARNING,
    summary="An inline suppression comment suppresses nothing.",
    why="Stale suppressions hide future findings on that line and mislead readers about the plan's risks.",
    instead="Remove the code from the `# planlint: disable=...` comment (or fix a misspelt code).",
    evidence=(Evidence("practice", "Mirrors ruff's RUF100 and eslint's --report-unused-disable-directives."),),
)

#: Every code the pipeline reports itself, in code order.
PIPELINE: tuple[Code, ...] = (PL000, PL001, PL002, PL003, PL004, PL005, PL006, PL007)
PIPELINE_CODES = frozenset(code.code for code in PIPELINE)
#: A file with one of these was not checked: semantic rules are skipped for it and,
#: like a syntax error in ruff, they are reported whatever the selection says.
BLOCKING = frozenset({PL001.code, PL002.code, PL003.code, PL006.code})
