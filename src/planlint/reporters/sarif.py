"""``--format sarif``: a SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers."""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePath
from urllib.parse import quote

from planlint.codes import Code
from planlint.findings import Finding, Severity
from planlint.fingerprints import identities
from planlint.reporters.reporter import Reporter, region_end

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/planlint/planlint"
#: v2: the finding's identity (planlint.fingerprints.identities); v1 hashed the message, which may name a line.
FINGERPRINT_KEY = "planlintFingerprint/v2"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_location(path: str) -> dict:
    """``path`` as an artifactLocation: a relative POSIX URI reference against ``%SRCROOT%``.

    Kept relative because code scanning maps results to files by their path
    from the repository root; unsafe characters (spaces, ``%``, ``#``) are
    percent-encoded so the URI stays valid. An absolute path is made relative
    to the working directory; one outside it can only be a ``file:`` URI.
    A path that climbs out of the working directory (``../x``) is made absolute
    first, so no URI says ``..``; a file name that is not UTF-8 is percent-encoded
    from its original bytes.
    """
    posix = PurePath(os.path.normpath(path))
    if not posix.is_absolute() and posix.parts[:1] == ("..",):
        posix = PurePath(os.path.abspath(path))
    if posix.is_absolute():
        try:
            posix = posix.relative_to(Path.cwd())
        except ValueError:
            return {"uri": Path(posix).as_uri()}
    return {"uri": quote(os.fsencode(posix.as_posix())), "uriBaseId": "%SRCROOT%"}


def sarif_fix(finding: Finding) -> dict:
    """A finding's safe fix as a SARIF ``fix``: replacements in its artifact (regions
    are 1-based, end column exclusive, like planlint's spans)."""
    replacements = []
    for edit in finding.fix.edits:
        span = edit.span
        deleted = {"startLine": span.line, "startColumn": span.column, "endLine": span.end_line, "endColumn": span.end_column}
        replacements.append({"deletedRegion": deleted, "insertedContent": {"text": edit.new_text}})
    return {
        "description": {"text": finding.fix.description},
        "artifactChanges": [{"artifactLocation": artifact_location(finding.path), "replacements": replacements}],
    }


def rule_descriptor(rule: Code) -> dict:
    """One ``reportingDescriptor``: the rule documentation a viewer shows next to a result."""
    descriptor: dict = {"id": rule.code, "name": rule.name}
    if rule.summary:
        descriptor["shortDescription"] = {"text": rule.summary}
    if rule.why:
        descriptor["fullDescription"] = {"text": rule.why}
    help_text = rule.why
    if rule.instead:
        help_text += ("\n\n" if help_text else "") + "What to do instead: " + rule.instead
    if help_text:
        descriptor["help"] = {"text": help_text}
    descriptor["defaultConfiguration"] = {"level": LEVELS[rule.severity]}
    descriptor["properties"] = {"tags": ["planlint"]}
    return descriptor


class SarifReporter(Reporter):
    name = "sarif"
    description = "a SARIF 2.1.0 log (for GitHub code scanning); suppressed findings are included and marked"

    def report(self, findings, summary) -> None:
        # Every known rule is listed, sorted by code, so ruleIndex values stay the
        # same between runs. Codes without documentation (plugin rules, say) get a
        # minimal descriptor taken from the finding, because results must point
        # at a rule. Suppressed findings are always written: SARIF consumers
        # show them as dismissed instead of treating them as fixed.
        rules = dict(sorted(self.context.rules.items()))
        for finding in findings:
            if finding.code not in rules:
                rules[finding.code] = Code(finding.code, finding.name, finding.severity, "", "", "")
        index = {code: i for i, code in enumerate(rules)}
        log = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "planlint",
                            "version": self.context.tool_version,
                            "informationUri": INFORMATION_URI,
                            "rules": [rule_descriptor(rule) for rule in rules.values()],
                        }
                    },
                    "invocations": [self.invocation(summary)],
                    "results": [
                        self.result(finding, index[finding.code], identity)
                        for finding, identity in zip(findings, identities(findings))
                    ],
                }
            ],
        }
        json.dump(log, self.stream, indent=2, ensure_ascii=False)
        self.stream.write("\n")

    @staticmethod
    def invocation(summary) -> dict:
        """The run, with a notification for each file whose safety rules were not run (a warning) or
        that only the general rules checked (a note), and the packs that checked each file."""
        invocation: dict = {"executionSuccessful": summary.crashed_files == 0}
        notifications = [
            {
                "level": "warning",
                "message": {"text": f"{path}: {summary.skipped_note(path, 'in this file')}"},
                "locations": [{"physicalLocation": {"artifactLocation": artifact_location(path)}}],
            }
            for path in sorted(summary.skipped)
        ]
        notifications += [
            {
                "level": "note",
                "message": {"text": f"{path}: {summary.rules_note(path)}"},
                "locations": [{"physicalLocation": {"artifactLocation": artifact_location(path)}}],
            }
            for path in sorted(p for p in summary.rules_run if summary.rules_note(p))
        ]
        if notifications:
            invocation["toolExecutionNotifications"] = notifications
        if summary.rules_run:
            # Which rule packs checked each file (planlint.findings.RulesRun), in a property bag.
            invocation["properties"] = {"planlintRulesRun": {path: summary.packs(path) for path in sorted(summary.rules_run)}}
        return invocation

    @staticmethod
    def result(finding: Finding, rule_index: int, identity: str) -> dict:
        end_line, end_column = region_end(finding.span)
        region = {"startLine": finding.line, "startColumn": finding.column, "endLine": end_line}
        if end_column is not None:
            region["endColumn"] = end_column
        result: dict = {
            "ruleId": finding.code,
            "ruleIndex": rule_index,
            "level": LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": artifact_location(finding.path),
                        "region": region,
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT_KEY: identity},
        }
        if finding.occurrence is not None:
            # Format 1.1 templates: where the written-out session was scheduled (the repeat or the `use` item).
            occurrence = finding.occurrence
            result["relatedLocations"] = [
                {
                    "id": 1,
                    "physicalLocation": {
                        "artifactLocation": artifact_location(finding.path),
                        "region": {"startLine": occurrence.by_line},
                    },
                    "message": {"text": f"the {occurrence.by} that wrote out the session {occurrence.when}"},
                }
            ]
        if finding.fix is not None:
            result["fixes"] = [sarif_fix(finding)]
        if finding.suppressed:
            suppression = {"kind": finding.suppression_kind}
            if finding.suppression_reason:
                suppression["justification"] = finding.suppression_reason
            result["suppressions"] = [suppression]
        return result
