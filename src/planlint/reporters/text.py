"""The default human-readable report: ``path:line:col: CODE severity message``.

Paths, messages and reasons carry plan text: characters that would act on the
terminal (escape sequences, carriage returns, newlines, bidirectional
controls) are shown escaped, so a plan cannot forge or hide report lines."""

from __future__ import annotations

from planlint.findings import Severity
from planlint.reporters.base import Reporter, RunSummary
from planlint.text import escape_controls

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


class TextReporter(Reporter):
    name = "text"
    description = "path:line:col: CODE severity message, then a summary line (default)"

    def paint(self, text: str, *styles: str) -> str:
        return "".join(styles) + text + _RESET if self.context.color else text

    def report(self, findings, summary: RunSummary) -> None:
        write = self.stream.write
        visible = self.visible(findings)
        for number, finding in enumerate(visible):
            location = self.paint(f"{escape_controls(finding.path)}:{finding.line}:{finding.column}:", _BOLD)
            code = self.paint(finding.code, _BOLD, _COLORS[finding.severity])
            severity = self.paint(finding.severity.label, _COLORS[finding.severity])
            line = f"{location} {code} {severity} {escape_controls(finding.message)}"
            if finding.suppressed:
                reason = f": {escape_controls(finding.suppression_reason)}" if finding.suppression_reason else ""
                line += self.paint(f" [suppressed{reason}]", _DIM)
            write(line + "\n")
            last_of_file = number + 1 == len(visible) or visible[number + 1].path != finding.path
            note = summary.skipped_note(finding.path) if last_of_file else None
            if note:
                write(self.paint(f"{escape_controls(finding.path)}: note: {note}", _BOLD) + "\n")
        write(summary.line() + "\n")
