"""--format junit and --format gitlab: what CI systems consume."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from plan_edits import BROKEN_EXAMPLE, CLEAN_EXAMPLE, SUPPRESSED_EXAMPLE, UNSAFE_EXAMPLE, run

BROKEN = BROKEN_EXAMPLE
UNSAFE = UNSAFE_EXAMPLE
CLEAN = CLEAN_EXAMPLE


def test_junit_has_a_suite_per_file_and_a_failing_case_per_finding():
    result = run("check", "--format", "junit", CLEAN, UNSAFE, BROKEN)
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites" and root.attrib["failures"] == "12" and root.attrib["tests"] == "13"
    suites = {suite.attrib["name"]: suite for suite in root}
    assert list(suites) == [str(CLEAN), str(UNSAFE), str(BROKEN)]
    (clean_case,) = suites[str(CLEAN)]
    assert clean_case.find("failure") is None and clean_case.attrib["name"] == "planlint"
    cases = list(suites[str(UNSAFE)])
    assert [c.attrib["name"] for c in cases][:2] == ["HS004 no-eccentric at 1:1", "PL107 no-soreness-reassessment at 25:1"]
    failure = cases[2].find("failure")
    assert failure.attrib["type"] == "error" and failure.text.startswith(f"{UNSAFE}:61:9: HS001 error sprint")


def test_junit_escapes_and_drops_what_xml_cannot_hold(tmp_path):
    plan = tmp_path / "weird.plan.yaml"
    plan.write_text(UNSAFE.read_text().replace("Strides, 4 x 40 m at 60 %", 'Strides <&> "\\x01"'), encoding="utf-8")
    result = run("check", "--format", "junit", plan)
    ET.fromstring(result.stdout)  # well-formed


def test_gitlab_code_quality_issues():
    result = run("check", "--format", "gitlab", UNSAFE, BROKEN, SUPPRESSED_EXAMPLE)
    issues = json.loads(result.stdout)
    assert len(issues) == 12  # the ACL plan's suppressed finding is left out
    assert {tuple(sorted(i)) for i in issues} == {
        ("categories", "check_name", "description", "fingerprint", "location", "severity", "type")
    }
    assert len({i["fingerprint"] for i in issues}) == 12
    hs001 = next(i for i in issues if i["check_name"] == "HS001 early-sprint")
    assert hs001["severity"] == "critical" and hs001["location"] == {"path": str(UNSAFE), "lines": {"begin": 61, "end": 65}}
    assert {i["severity"] for i in issues} == {"critical", "major"}
    again = json.loads(run("check", "--format", "gitlab", UNSAFE, BROKEN).stdout)
    assert {i["fingerprint"] for i in again} <= {i["fingerprint"] for i in issues}
