"""The SARIF and GitHub Actions reporters, fed hand-built findings so every field is known."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from click.testing import CliRunner
from plan_edits import BROKEN_EXAMPLE, UNSAFE_EXAMPLE

from planlint.cli import main
from planlint.codes import Code
from planlint.findings import Finding, Severity
from planlint.positions import Span
from planlint.reporters import REPORTERS
from planlint.reporters.github import GithubReporter
from planlint.reporters.reporter import ReportContext, RunSummary, region_end
from planlint.reporters.sarif import SarifReporter

RULES = {
    "PL101": Code(
        "PL101", "load-jump", Severity.ERROR, "Load jumps too fast.", "Tendons adapt slowly.", "Raise load by at most 10% a week."
    ),
    "PL102": Code(
        "PL102", "missing-criteria", Severity.WARNING, "A phase has no exit criteria.", "Time alone is a poor gate.", ""
    ),
    "PL201": Code("PL201", "note-only", Severity.INFO, "Just so you know.", "", ""),
}


def finding(
    code="PL101",
    name="load-jump",
    severity=Severity.ERROR,
    path="plans/a.plan.yaml",
    span=None,
    message="load rises 40% in one week",
    **kw,
) -> Finding:
    return Finding(path=path, span=span or Span(3, 5, 3, 12), code=code, name=name, severity=severity, message=message, **kw)


def summary(**kw) -> RunSummary:
    return RunSummary(files=2, **kw)


def run_sarif(findings, crashed_files=0) -> dict:
    stream = io.StringIO()
    SarifReporter(stream, ReportContext("1.2.3", RULES)).report(findings, summary(crashed_files=crashed_files))
    text = stream.getvalue()
    assert text.endswith("}\n") and text.startswith('{\n  "$schema"')  # pretty, one trailing newline
    return json.loads(text)


def run_github(findings, show_suppressed=False, **summary_kw) -> list[str]:
    stream = io.StringIO()
    GithubReporter(stream, ReportContext("1.2.3", RULES, show_suppressed=show_suppressed)).report(findings, summary(**summary_kw))
    text = stream.getvalue()
    assert text.endswith("\n")
    return text.splitlines()


def test_registered_by_name():
    assert REPORTERS["sarif"] is SarifReporter
    assert REPORTERS["github"] is GithubReporter


@pytest.mark.parametrize(
    "span, expected",
    [
        (Span(3, 5, 3, 12), (3, 12)),  # ordinary range on one line
        (Span(3, 5, 6, 2), (6, 2)),  # ordinary multi-line range
        (Span(3, 5, 3, 5), (3, None)),  # zero width: no end column
        (Span(3, 5, 3, 2), (3, None)),  # ends before it starts
        (Span(3, 5, 2, 9), (3, None)),  # ends on an earlier line
        (Span(3, 5, 7, 1), (6, None)),  # ends at the start of the next line
        (Span(3, 5, 4, 1), (3, None)),  # ... which may be the start line itself
    ],
)
def test_region_end(span, expected):
    assert region_end(span) == expected


# --- SARIF -----------------------------------------------------------------


def test_sarif_log_and_driver():
    log = run_sarif([])
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert {k: v for k, v in driver.items() if k != "rules"} == {
        "name": "planlint",
        "version": "1.2.3",
        "informationUri": "https://github.com/planlint/planlint",
    }
    assert run["invocations"] == [{"executionSuccessful": True}]
    assert run["results"] == []


def test_sarif_rule_descriptors():
    rules = run_sarif([])["runs"][0]["tool"]["driver"]["rules"]
    assert rules == [
        {
            "id": "PL101",
            "name": "load-jump",
            "shortDescription": {"text": "Load jumps too fast."},
            "fullDescription": {"text": "Tendons adapt slowly."},
            "help": {"text": "Tendons adapt slowly.\n\nWhat to do instead: Raise load by at most 10% a week."},
            "defaultConfiguration": {"level": "error"},
            "properties": {"tags": ["planlint"]},
        },
        {
            "id": "PL102",
            "name": "missing-criteria",
            "shortDescription": {"text": "A phase has no exit criteria."},
            "fullDescription": {"text": "Time alone is a poor gate."},
            "help": {"text": "Time alone is a poor gate."},
            "defaultConfiguration": {"level": "warning"},
            "properties": {"tags": ["planlint"]},
        },
        {
            "id": "PL201",
            "name": "note-only",
            "shortDescription": {"text": "Just so you know."},
            "defaultConfiguration": {"level": "note"},
            "properties": {"tags": ["planlint"]},
        },
    ]


def test_sarif_result_shape():
    (result,) = run_sarif([finding()])["runs"][0]["results"]
    assert result == {
        "ruleId": "PL101",
        "ruleIndex": 0,
        "level": "error",
        "message": {"text": "load rises 40% in one week"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "plans/a.plan.yaml", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 12},
                }
            }
        ],
        # A finding made without a place in the plan is identified by its code alone.
        "partialFingerprints": {"planlintFingerprint/v2": hashlib.sha256(b"PL101\0plan\0").hexdigest()[:32] + "/1"},
    }


def test_sarif_rule_index_and_levels():
    findings = [
        finding("PL201", "note-only", Severity.INFO),
        finding("PL102", "missing-criteria", Severity.WARNING),
        finding("PL101", "load-jump", Severity.ERROR),
        finding("XPL9", "from-plugin", Severity.WARNING),  # not documented in the context
    ]
    run = run_sarif(findings)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["PL101", "PL102", "PL201", "XPL9"]
    assert rules[3] == {
        "id": "XPL9",
        "name": "from-plugin",
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": ["planlint"]},
    }
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [
        ("PL201", "note"),
        ("PL102", "warning"),
        ("PL101", "error"),
        ("XPL9", "warning"),
    ]


@pytest.mark.parametrize(
    "span, region",
    [
        (Span(3, 5, 6, 2), {"startLine": 3, "startColumn": 5, "endLine": 6, "endColumn": 2}),
        (Span(3, 5, 3, 5), {"startLine": 3, "startColumn": 5, "endLine": 3}),
        (Span(3, 5, 3, 1), {"startLine": 3, "startColumn": 5, "endLine": 3}),
        (Span(3, 5, 7, 1), {"startLine": 3, "startColumn": 5, "endLine": 6}),
    ],
)
def test_sarif_region(span, region):
    (result,) = run_sarif([finding(span=span)])["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"] == region


def test_sarif_suppressions_always_included():
    findings = [
        finding(suppressed=True, suppression_reason="surgeon approved the faster ramp"),
        finding(suppressed=True, suppression_reason=None),
        finding(),
    ]
    results = run_sarif(findings)["runs"][0]["results"]
    assert results[0]["suppressions"] == [{"kind": "inSource", "justification": "surgeon approved the faster ramp"}]
    assert results[1]["suppressions"] == [{"kind": "inSource"}]
    assert "suppressions" not in results[2]


def test_sarif_uri_is_relative_and_encoded():
    findings = [finding(path="plans/my knee/acl 100%#1.plan.yaml"), finding(path="./plans/b.plan.yaml")]
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run_sarif(findings)["runs"][0]["results"]]
    assert locations == [
        {"uri": "plans/my%20knee/acl%20100%25%231.plan.yaml", "uriBaseId": "%SRCROOT%"},
        {"uri": "plans/b.plan.yaml", "uriBaseId": "%SRCROOT%"},
    ]


def test_sarif_absolute_path_under_cwd_made_relative(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (result,) = run_sarif([finding(path=str(tmp_path / "plans" / "a.plan.yaml"))])["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "plans/a.plan.yaml",
        "uriBaseId": "%SRCROOT%",
    }


def test_sarif_identity_is_the_fingerprint_and_its_number_never_the_message_or_line():
    def prints(*findings):
        return [r["partialFingerprints"]["planlintFingerprint/v2"] for r in run_sarif(list(findings))["runs"][0]["results"]]

    base = prints(finding(fingerprint="f" * 32))
    assert base == ["f" * 32 + "/1"]
    assert prints(finding(fingerprint="f" * 32, span=Span(40, 1, 41, 3), message="first at line 40")) == base
    # Findings alike in path and fingerprint are numbered, as a baseline counts them.
    assert prints(finding(fingerprint="f" * 32), finding(fingerprint="f" * 32)) == ["f" * 32 + "/1", "f" * 32 + "/2"]
    assert prints(finding(fingerprint="f" * 32), finding(fingerprint="f" * 32, path="plans/b.plan.yaml")) == [
        "f" * 32 + "/1",
        "f" * 32 + "/1",
    ]


def test_sarif_crash_marks_invocation_unsuccessful():
    assert run_sarif([], crashed_files=1)["runs"][0]["invocations"] == [{"executionSuccessful": False}]


# --- GitHub Actions --------------------------------------------------------


def test_github_lines_and_levels():
    findings = [
        finding(),
        finding(
            "PL102", "missing-criteria", Severity.WARNING, span=Span(8, 3, 10, 1), message="phase 'load' has no exit criteria"
        ),
        finding("PL201", "note-only", Severity.INFO, span=Span(1, 1, 1, 1), message="fyi"),
    ]
    assert run_github(findings, counts={Severity.ERROR: 1, Severity.WARNING: 1, Severity.INFO: 1}) == [
        "::error file=plans/a.plan.yaml,line=3,col=5,endLine=3,endColumn=12,title=PL101 (load-jump)::load rises 40%25 in one week",
        "::warning file=plans/a.plan.yaml,line=8,col=3,endLine=9,title=PL102 (missing-criteria)::phase 'load' has no exit criteria",
        "::notice file=plans/a.plan.yaml,line=1,col=1,endLine=1,title=PL201 (note-only)::fyi",
        "Checked 2 files: 1 error, 1 warning, 1 info.",
    ]


def test_github_escaping():
    f = finding(path="plans/knee, left/a:b.plan.yaml", message="50% more, at 3:00\r\nthen rest")
    assert run_github([f])[0] == (
        "::error file=plans/knee%2C left/a%3Ab.plan.yaml,line=3,col=5,endLine=3,endColumn=12,"
        "title=PL101 (load-jump)::50%25 more, at 3:00%0D%0Athen rest"
    )


def test_github_title_property_escaped():
    f = finding(code="X1", name="a,b:c")
    assert ",title=X1 (a%2Cb%3Ac)::" in run_github([f])[0]


def test_github_suppressed_hidden_unless_asked():
    findings = [finding(suppressed=True, suppression_reason="cleared by physio"), finding(suppressed=True)]
    assert run_github(findings, suppressed=2) == ["Checked 2 files: 0 errors, 0 warnings, 0 info (2 suppressed)."]
    lines = run_github(findings, show_suppressed=True, suppressed=2)
    assert lines[0].endswith("::load rises 40%25 in one week [suppressed: cleared by physio]")
    assert lines[1].endswith("::load rises 40%25 in one week [suppressed]")
    assert lines[2] == "Checked 2 files: 0 errors, 0 warnings, 0 info (2 suppressed)."


# ---------------------------------------------------------------- files whose safety rules were not run


def test_every_format_says_when_a_files_safety_rules_were_not_run():
    """rules-v1: a text note under the file's findings, a JSON field, a SARIF notification."""
    broken = str(BROKEN_EXAMPLE)
    text = CliRunner().invoke(main, ["check", broken]).stdout.splitlines()
    assert text[-3] == f"{broken}: note: safety rules not run: fix the 5 errors above first"
    assert text[-4].startswith(f"{broken}:151:5: PL003 error")
    assert text[-1] == "[*] 4 fixable with --fix."
    items = json.loads(CliRunner().invoke(main, ["check", "--format", "json", broken]).stdout)
    assert [item["rules_skipped"] for item in items] == [True] * 5
    log = json.loads(CliRunner().invoke(main, ["check", "--format", "sarif", broken]).stdout)
    (note,) = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "warning"
    assert note["message"]["text"] == f"{broken}: safety rules not run: fix the 5 errors in this file first"
    github = CliRunner().invoke(main, ["check", "--format", "github", broken]).stdout.splitlines()
    assert github[-2].startswith("::warning file=") and github[-2].endswith(
        "::safety rules not run: fix the 5 errors in this file first"
    )


def test_a_checked_file_has_no_skipped_note():
    clean = str(UNSAFE_EXAMPLE)
    assert "safety rules not run" not in CliRunner().invoke(main, ["check", clean]).stdout
    assert all(
        item["rules_skipped"] is False
        for item in json.loads(CliRunner().invoke(main, ["check", "--format", "json", clean]).stdout)
    )
    log = json.loads(CliRunner().invoke(main, ["check", "--format", "sarif", clean]).stdout)
    assert "toolExecutionNotifications" not in log["runs"][0]["invocations"][0]
