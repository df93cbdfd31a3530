"""``--format github``: GitHub Actions workflow commands, which show findings as annotations on the diff."""

from __future__ import annotations

from planlint.findings import Severity
from planlint.quoting import escape_controls
from planlint.reporters.reporter import Reporter, region_end

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message the way the Actions runner unescapes it.

    ``%`` goes first so the escapes added after it are not escaped again; a raw
    newline would otherwise end the command and print the rest as plain log text.
    Other characters that act on a log viewer (ESC, bidirectional controls) are
    shown as visible escapes.
    """
    text = escape_controls(text, keep_newlines=True)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: ``,`` and ``:`` would otherwise end the value early."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    name = "github"
    description = "GitHub Actions workflow commands (annotations on the pull request), then a summary line"

    def report(self, findings, summary) -> None:
        write = self.stream.write
        for finding in self.visible(findings):
            end_line, end_column = region_end(finding.span)
            properties = {
                "file": finding.path,
                "line": finding.line,
                "col": finding.column,
                "endLine": end_line,
                "endColumn": end_column,
                "title": f"{finding.code} ({finding.name})",
            }
            fields = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
            message = finding.message
            if finding.suppressed:  # only with --show-suppressed; say so, as the text report does
                message += f" [suppressed: {finding.suppression_reason}]" if finding.suppression_reason else " [suppressed]"
            write(f"::{COMMANDS[finding.severity]} {fields}::{escape_data(message)}\n")
        for path in sorted(summary.skipped):
            title = escape_property("planlint: safety rules not run")
            write(
                f"::warning file={escape_property(path)},title={title}::{escape_data(summary.skipped_note(path, 'in this file'))}\n"
            )
        for path in summary.paths:
            note = summary.rules_note(path)
            if note:
                title = escape_property("planlint: general rules only")
                write(f"::notice file={escape_property(path)},title={title}::{escape_data(note)}\n")
        write(summary.line() + "\n")
