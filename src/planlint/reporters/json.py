"""``--format json``: a JSON array of finding objects, nothing else on stdout."""

from __future__ import annotations

import json

from planlint.reporters.reporter import Reporter


class JsonReporter(Reporter):
    name = "json"
    description = (
        "a JSON array of findings (path, line, column, end_line, end_column, code, name, severity, message, "
        "rules_skipped: true when the file's safety rules were not run because of these errors)"
    )

    def report(self, findings, summary) -> None:
        items = []
        for finding in self.visible(findings):
            item = finding.to_dict()
            item["rules_skipped"] = finding.path in summary.skipped
            if self.context.show_suppressed:
                item["suppressed"] = finding.suppressed
                item["suppression_reason"] = finding.suppression_reason
            items.append(item)
        json.dump(items, self.stream, indent=2, ensure_ascii=False)
        self.stream.write("\n")
