"""What every reporter shares: one small interface, chosen by name."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, ClassVar, Mapping, Sequence

from planlint.findings import Finding, Severity


@dataclass(frozen=True)
class RuleInfo:
    """What a report may say about a rule (SARIF rule metadata, help links)."""

    code: str
    name: str
    severity: Severity
    summary: str
    why: str = ""
    instead: str = ""


@dataclass
class RunSummary:
    files: int
    fail_on: Severity
    counts: dict[Severity, int] = field(default_factory=dict)
    suppressed: int = 0
    crashed_files: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class ReportContext:
    """Everything a reporter may read besides findings."""

    tool_version: str
    rules: Mapping[str, RuleInfo]
    color: bool = False
    show_suppressed: bool = False


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
