"""The default human-readable report: ``path:line:col: CODE severity message``.

Paths, messages and reasons carry plan text: characters that would act on the
terminal (escape sequences, carriage returns, newlines, bidirectional
controls) are shown escaped, so a plan cannot forge or hide report lines."""

from __future__ import annotations

from planlint.findings import Severity
from planlint.quoting import escape_controls
from planlint.reporters.reporter import Reporter, RunSummary

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
#: Marks a finding that ``check --fix`` repairs (ruff's mark).
FIXABLE = "[*]"


class TextReporter(Reporter):
    name = "text"
    description = "path:line:col: CODE severity message, then a summary line (default)"

    def paint(self, text: str, *styles: str) -> str:
        return "".join(styles) + text + _RESET if self.context.color else text

    def report(self, findings, summary: RunSummary) -> None:
        write = self.stream.write
        visible = self.visible(findings)
        if self.context.statistics:
            self.statistics(visible)
            self.summary(summary)
            return
        by_path: dict[str, list] = {}
        for finding in visible:
            by_path.setdefault(finding.path, []).append(finding)
        # Files in the order linted (a clean file may still carry a note), then any others.
        order = [path for path in summary.paths if path in by_path or summary.rules_note(path)]
        seen = set(order)
        order += [path for path in by_path if path not in seen]
        for path in order:
            for finding in by_path.get(path, ()):
                self.finding(finding)
            note = summary.skipped_note(path) if path in by_path else None
            if note:
                write(self.paint(f"{escape_controls(path)}: note: {note}", _BOLD) + "\n")
            rules_note = summary.rules_note(path)
            if rules_note:
                write(self.paint(f"{escape_controls(path)}: note: {rules_note}", _BOLD) + "\n")
        self.summary(summary)

    def finding(self, finding) -> None:
        """One finding's line (and, with source lines on, the offending line under it)."""
        location = self.paint(f"{escape_controls(finding.path)}:{finding.line}:{finding.column}:", _BOLD)
        code = self.paint(finding.code, _BOLD, _COLORS[finding.severity])
        severity = self.paint(finding.severity.label, _COLORS[finding.severity])
        fixable = self.paint(FIXABLE, _BOLD) + " " if finding.fix is not None and not finding.suppressed else ""
        line = f"{location} {code} {severity} {fixable}{escape_controls(finding.message)}"
        if finding.suppressed:
            reason = f": {escape_controls(finding.suppression_reason)}" if finding.suppression_reason else ""
            line += self.paint(f" [suppressed{reason}]", _DIM)
        self.stream.write(line + "\n")
        if self.context.source is not None:
            self.excerpt(finding)

    def summary(self, summary: RunSummary) -> None:
        """The summary line and, when findings can be fixed, how many (not with -q)."""
        if self.context.quiet:
            return
        self.stream.write(summary.line() + "\n")
        fixable = summary.fixable_line()
        if fixable:
            self.stream.write(fixable + "\n")

    def excerpt(self, finding) -> None:
        """The offending line under the finding, with carets under its span (ruff's layout)."""
        text = self.context.source(finding.path, finding.line)
        if text is None:
            return
        shown = escape_controls(text.rstrip("\r\n"))
        gutter = f"{finding.line:>5} | "
        start = min(max(finding.column - 1, 0), len(text))
        end = finding.end_column - 1 if finding.end_line == finding.line else len(text.rstrip())
        width = max(1, min(end, len(text)) - start)
        # Columns count characters; escapes are wider, so carets follow what is shown.
        offset = len(escape_controls(text[:start]))
        carets = len(escape_controls(text[start : start + width])) or 1
        self.stream.write(self.paint(gutter, _DIM) + shown + "\n")
        self.stream.write(
            self.paint(" " * (len(gutter) - 2) + "| ", _DIM)
            + " " * offset
            + self.paint("^" * carets, _COLORS[finding.severity])
            + "\n"
        )

    def statistics(self, findings) -> None:
        """--statistics: how many findings of each code, most frequent first."""
        counts: dict[str, int] = {}
        fixable: dict[str, int] = {}
        first: dict[str, object] = {}
        for finding in findings:
            counts[finding.code] = counts.get(finding.code, 0) + 1
            if finding.fix is not None and not finding.suppressed:
                fixable[finding.code] = fixable.get(finding.code, 0) + 1
            first.setdefault(finding.code, finding)
        width = max((len(str(n)) for n in counts.values()), default=1)
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            finding = first[code]
            fixes = f"  {FIXABLE} {fixable[code]} fixable" if code in fixable else ""
            self.stream.write(f"{count:>{width}}  {code}  {finding.name}  [{finding.severity.label}]{fixes}\n")
