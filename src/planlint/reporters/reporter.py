"""What every reporter shares: one small interface, chosen by name."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, ClassVar

from planlint.codes import Code
from planlint.findings import Finding, RulesRun, Severity
from planlint.positions import Span


@dataclass
class RunSummary:
    """The run's counts and per-file notes every report format ends with."""

    files: int
    counts: dict[Severity, int] = field(default_factory=dict)
    suppressed: int = 0  # by inline suppressions
    baselined: int = 0  # by the --baseline file
    crashed_files: int = 0
    #: Every linted file, in the order linted (a clean file has no findings to name it).
    paths: list[str] = field(default_factory=list)
    #: Files whose safety (semantic) rules were not run because of PL001-PL003/PL006,
    #: with the number of those blocking errors in each.
    skipped: dict[str, int] = field(default_factory=dict)
    #: Reported findings that carry a safe fix (``check --fix`` applies them).
    fixable: int = 0
    #: Which rule packs checked each file whose rules ran (see :class:`planlint.findings.RulesRun`).
    rules_run: dict[str, RulesRun] = field(default_factory=dict)

    def packs(self, path: str) -> list[str]:
        """The packs that checked ``path`` ("core", "muscle (calf)"); empty when its rules were skipped."""
        run = self.rules_run.get(path)
        return list(run.packs) if run is not None else []

    def rules_note(self, path: str) -> str | None:
        """'only the general rules ran (core): planlint has no ankle-specific rules', for a file
        whose injury site no pack checked; None otherwise. Not a finding: nothing is wrong."""
        run = self.rules_run.get(path)
        return run.note if run is not None else None

    def skipped_note(self, path: str, where: str = "above") -> str | None:
        """'safety rules not run: fix the 4 errors above first', for a file whose rules were skipped."""
        errors = self.skipped.get(path)
        if errors is None:
            return None
        return f"safety rules not run: fix the {errors} error{'s' if errors != 1 else ''} {where} first"

    def fixable_line(self) -> str | None:
        """'[*] 2 fixable with --fix.' (ruff's wording), or None when nothing is."""
        return f"[*] {self.fixable} fixable with --fix." if self.fixable else None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def line(self) -> str:
        """'Checked 3 files: 1 error, 2 warnings, 0 info (1 suppressed).'"""
        files = f"{self.files} file{'s' if self.files != 1 else ''}"
        parts = []
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
            count = self.counts.get(severity, 0)
            parts.append(f"{count} {severity.label}{'s' if count != 1 and severity != Severity.INFO else ''}")
        text = f"Checked {files}: " + ", ".join(parts)
        silenced = [f"{self.suppressed} suppressed"] if self.suppressed else []
        silenced += [f"{self.baselined} in the baseline"] if self.baselined else []
        if silenced:
            text += f" ({', '.join(silenced)})"
        if self.crashed_files:
            text += f"; a rule crashed on {self.crashed_files} file{'s' if self.crashed_files != 1 else ''}"
        return text + "."


@dataclass(frozen=True)
class ReportContext:
    """Everything a reporter may read besides findings."""

    tool_version: str
    rules: Mapping[str, Code]
    color: bool = False
    show_suppressed: bool = False
    #: Text format: leave out the summary line (-q), print counts per code instead of
    #: findings (--statistics), and show the offending line under each finding.
    quiet: bool = False
    statistics: bool = False
    #: ``source(path, line)``: that line of the file as it was linted, or None.
    source: Callable[[str, int], str | None] | None = None


class Reporter:
    """Writes one report for the whole run."""

    name: ClassVar[str]
    description: ClassVar[str]

    def __init__(self, stream: IO[str], context: ReportContext) -> None:
        self.stream = stream
        self.context = context

    def visible(self, findings: Sequence[Finding]) -> list[Finding]:
        return [f for f in findings if self.context.show_suppressed or not f.suppressed]

    def report(self, findings: Sequence[Finding], summary: RunSummary) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


def region_end(span: Span) -> tuple[int, int | None]:
    """The end of ``span`` as (end_line, end_column or None), safe to hand to a viewer.

    SARIF and GitHub annotations reject or mis-draw ranges that end before they
    start, so a zero-width or inverted span becomes "the rest of the start
    line" (no end column). A span whose exclusive end is column 1 of a later
    line really stops at the end of the previous line, which is how the YAML
    parser marks a block that runs to its last newline; say that instead of
    highlighting an empty piece of the next line.
    """
    if span.end_line > span.line and span.end_column == 1:
        return span.end_line - 1, None
    if span.end_line > span.line or (span.end_line == span.line and span.end_column > span.column):
        return span.end_line, span.end_column
    return span.line, None
