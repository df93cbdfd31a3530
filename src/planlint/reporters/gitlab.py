"""``--format gitlab``: GitLab Code Quality JSON, shown on merge requests.

An array of issues: ``description``, ``check_name``, ``fingerprint`` (unique in
the report and stable across runs: the finding's fingerprint, which leaves the
line out, numbered when two findings share one), ``severity`` (error ->
critical, warning -> major, info -> info) and ``location`` (path and line).
Suppressed findings are left out, as GitLab has no way to show them.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter

from planlint.findings import Severity
from planlint.reporters.base import Reporter

SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.INFO: "info"}


class GitlabReporter(Reporter):
    name = "gitlab"
    description = "GitLab Code Quality JSON (merge request widget)"

    def report(self, findings, summary) -> None:
        seen: Counter = Counter()
        issues = []
        for finding in findings:
            if finding.suppressed:
                continue
            base = (finding.path, finding.code, finding.fingerprint)
            seen[base] += 1
            key = "\0".join((*base, str(seen[base])))
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
        json.dump(issues, self.stream, indent=2, ensure_ascii=False)
        self.stream.write("\n")
