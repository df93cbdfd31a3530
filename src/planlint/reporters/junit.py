"""``--format junit``: JUnit XML, which CI systems (GitLab, Jenkins, Azure, CircleCI) show as test results.

One test suite per linted file, one test case per finding (its code and line in
the name). Errors and warnings are failures (they fail the run at the default
fail level); an info note is a passing case with the note in its output, as CI
users expect of a note; a suppressed finding is skipped with its reason. A file
whose safety rules were not run (a broken plan) has a skipped "safety rules"
case saying so, so a short list is never read as a safe plan; a file that only the general
rules checked (no rule pack for its injury site ran) has a skipped "injury rules" case. A file without
any finding has one passing case, so a clean library shows as passed tests
rather than as nothing.
"""

from __future__ import annotations

from planlint.findings import Severity
from planlint.reporters.reporter import Reporter


def _xml_text(text: str) -> str:
    """Escape for XML character data, dropping characters XML 1.0 cannot hold at all."""
    allowed = "".join(
        ch for ch in text if ch in "\t\n\r" or (" " <= ch <= "\ud7ff") or ("\ue000" <= ch <= "\ufffd") or ch > "\uffff"
    )
    return allowed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    """A double-quoted XML attribute value (white space kept as character references)."""
    escaped = _xml_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return f'"{escaped}"'


class JunitReporter(Reporter):
    name = "junit"
    description = "JUnit XML: a test suite per file, a failing test case per finding"

    def report(self, findings, summary) -> None:
        visible = self.visible(findings)
        by_file: dict[str, list] = {path: [] for path in summary.paths}
        for finding in visible:
            by_file.setdefault(finding.path, []).append(finding)

        def fails(finding) -> bool:
            return not finding.suppressed and finding.severity > Severity.INFO

        failures = sum(1 for f in visible if fails(f))
        tests = sum(
            max(1, len(items)) + (path in summary.skipped) + (summary.rules_note(path) is not None)
            for path, items in by_file.items()
        )
        write = self.stream.write
        write('<?xml version="1.0" encoding="UTF-8"?>\n')
        write(f'<testsuites name="planlint" tests="{tests}" failures="{failures}" errors="{summary.crashed_files}">\n')
        for path, items in by_file.items():
            failed = sum(1 for f in items if fails(f))
            note = summary.skipped_note(path, "in this file")
            rules_note = summary.rules_note(path)
            extra = (note is not None) + (rules_note is not None)
            skipped = sum(1 for f in items if f.suppressed) + extra
            write(
                f'  <testsuite name={_attr(path)} tests="{max(1, len(items)) + extra}" failures="{failed}" '
                f'skipped="{skipped}" errors="0">\n'
            )
            if note is not None:
                write(f'    <testcase classname={_attr(path)} name="safety rules" file={_attr(path)}>\n')
                write(f"      <skipped message={_attr(note)}/>\n    </testcase>\n")
            if rules_note is not None:
                write(f'    <testcase classname={_attr(path)} name="injury rules" file={_attr(path)}>\n')
                write(f"      <skipped message={_attr(rules_note)}/>\n    </testcase>\n")
            if not items:
                write(f'    <testcase classname={_attr(path)} name="planlint" file={_attr(path)}/>\n')
            for finding in items:
                name = f"{finding.code} {finding.name} at {finding.line}:{finding.column}"
                write(f'    <testcase classname={_attr(path)} name={_attr(name)} file={_attr(path)} line="{finding.line}">\n')
                body = f"{path}:{finding.line}:{finding.column}: {finding.code} {finding.severity.label} {finding.message}"
                if finding.suppressed:
                    reason = finding.suppression_reason or "suppressed"
                    write(f"      <skipped message={_attr(reason)}/>\n")
                elif not fails(finding):
                    write(f"      <system-out>{_xml_text(body)}</system-out>\n")
                else:
                    write(
                        f"      <failure message={_attr(finding.message)} type={_attr(finding.severity.label)}>"
                        f"{_xml_text(body)}</failure>\n"
                    )
                write("    </testcase>\n")
            write("  </testsuite>\n")
        write("</testsuites>\n")
