"""``--format gitlab``: GitLab Code Quality JSON, shown on merge requests.

An array of issues: ``description``, ``check_name``, ``fingerprint`` (unique in
the report and stable across runs: a digest of the path and the finding's
identity, :func:`planlint.fingerprints.identities`), ``severity`` (error ->
critical, warning -> major, info -> info) and ``location`` (path and line).
Suppressed findings are left out, as GitLab has no way to show them. A file
whose safety rules were not run (a broken plan) gets one more issue saying so
(``check_name`` "planlint safety rules not run"), so a short list is never
read as a safe plan. A file that only the general rules checked (no rule pack for its
injury site ran) gets an ``info`` issue saying so (``check_name`` "planlint general rules
only"): nothing in it is wrong, but its check was partial.
"""

from __future__ import annotations

import hashlib
import json

from planlint.findings import Severity
from planlint.fingerprints import identities
from planlint.reporters.reporter import Reporter

SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.INFO: "info"}


class GitlabReporter(Reporter):
    name = "gitlab"
    description = "GitLab Code Quality JSON (merge request widget)"

    def report(self, findings, summary) -> None:
        issues = []
        for finding, identity in zip(findings, identities(findings)):
            if finding.suppressed:
                continue
            key = f"{finding.path}\0{identity}"
            issues.append(
                {
                    "type": "issue",
                    "description": f"{finding.code} {finding.message}",
                    "check_name": f"{finding.code} {finding.name}",
                    "categories": ["Bug Risk"],
                    "fingerprint": hashlib.sha256(key.encode("utf-8", "backslashreplace")).hexdigest(),
                    "severity": SEVERITIES[finding.severity],
                    "location": {
                        "path": finding.path,
                        "lines": {"begin": finding.line, "end": max(finding.line, finding.end_line)},
                    },
                }
            )
        for path in summary.paths:
            note = summary.skipped_note(path, "in this file")
            if note is not None:
                issues.append(
                    {
                        "type": "issue",
                        "description": note,
                        "check_name": "planlint safety rules not run",
                        "categories": ["Bug Risk"],
                        "fingerprint": hashlib.sha256(f"{path}\0rules-skipped".encode("utf-8", "backslashreplace")).hexdigest(),
                        "severity": "major",
                        "location": {"path": path, "lines": {"begin": 1, "end": 1}},
                    }
                )
            rules_note = summary.rules_note(path)
            if rules_note is not None:
                issues.append(
                    {
                        "type": "issue",
                        "description": rules_note,
                        "check_name": "planlint general rules only",
                        "categories": ["Bug Risk"],
                        "fingerprint": hashlib.sha256(
                            f"{path}\0general-rules-only".encode("utf-8", "backslashreplace")
                        ).hexdigest(),
                        "severity": "info",
                        "location": {"path": path, "lines": {"begin": 1, "end": 1}},
                    }
                )
        json.dump(issues, self.stream, indent=2, ensure_ascii=False)
        self.stream.write("\n")
