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
    # 7 + 5 findings, a clean file's passing case and the broken file's "safety rules" case
    assert root.tag == "testsuites" and root.attrib["failures"] == "12" and root.attrib["tests"] == "14"
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


def test_gitlab_code_quality_issues(tmp_path):
    ankle = tmp_path / "ankle.plan.yaml"
    ankle.write_text(CLEAN.read_text(encoding="utf-8").replace("site: hamstring", "site: ankle", 1), encoding="utf-8")
    result = run("check", "--format", "gitlab", UNSAFE, BROKEN, SUPPRESSED_EXAMPLE, ankle)
    issues = json.loads(result.stdout)
    # The ACL plan's suppressed finding is left out and its AC000 is in (planlint-acl is
    # installed; a version 1 file cannot state `surgery`); the broken plan's note is in, and
    # so is the ankle plan's: only the general rules ran.
    assert len(issues) == 15
    assert {tuple(sorted(i)) for i in issues} == {
        ("categories", "check_name", "description", "fingerprint", "location", "severity", "type")
    }
    assert len({i["fingerprint"] for i in issues}) == 15
    hs001 = next(i for i in issues if i["check_name"] == "HS001 early-sprint")
    assert hs001["severity"] == "critical" and hs001["location"] == {"path": str(UNSAFE), "lines": {"begin": 61, "end": 65}}
    assert {i["severity"] for i in issues} == {"critical", "major", "info"}
    [general] = [i for i in issues if i["check_name"] == "planlint general rules only"]
    assert general["description"] == "only the general rules ran (core): planlint has no ankle-specific rules"
    assert general["location"]["path"] == str(ankle)
    again = json.loads(run("check", "--format", "gitlab", UNSAFE, BROKEN).stdout)
    assert {i["fingerprint"] for i in again} <= {i["fingerprint"] for i in issues}


def test_junit_and_gitlab_say_when_a_files_safety_rules_were_not_run():
    junit = ET.fromstring(run("check", "--format", "junit", BROKEN).stdout)
    [suite] = junit
    [safety] = [case for case in suite if case.attrib["name"] == "safety rules"]
    assert safety.find("skipped").attrib["message"] == "safety rules not run: fix the 5 errors in this file first"
    assert suite.attrib["skipped"] == "1" and suite.attrib["failures"] == "5"
    gitlab = json.loads(run("check", "--format", "gitlab", BROKEN).stdout)
    [note] = [i for i in gitlab if i["check_name"] == "planlint safety rules not run"]
    assert note["description"] == "safety rules not run: fix the 5 errors in this file first"
    assert note["severity"] == "major" and note["location"] == {"path": str(BROKEN), "lines": {"begin": 1, "end": 1}}
    clean = json.loads(run("check", "--format", "gitlab", CLEAN).stdout)
    assert clean == []


def test_junit_reports_an_info_note_as_a_passing_case_with_its_text(tmp_path):
    plan = tmp_path / "no-soft-tissue.plan.yaml"
    plan.write_text(INFO_ONLY, encoding="utf-8")
    result = run("check", "--format", "junit", "--select", "HS008", plan)
    assert result.exit_code == 0, result.stdout
    root = ET.fromstring(result.stdout)
    assert root.attrib["failures"] == "0" and root.attrib["tests"] == "1"
    [case] = root[0]
    assert case.attrib["name"] == "HS008 no-soft-tissue-or-neuromuscular at 1:1"
    assert case.find("failure") is None
    assert case.find("system-out").text.startswith(
        f"{plan}:1:1: HS008 info the plan has no soft_tissue and no neuromuscular exercise"
    )


INFO_ONLY = """\
planlint: 1
id: info-only
title: A hamstring plan whose only finding is an info note (HS008)
injury: {site: hamstring, type: strain, occurred: 2026-03-14T17:30:00+01:00}
monitoring: {max_pain_during: 2, next_morning_rule: true}
phases:
  - id: only
sessions:
  - day: 3
    phase: only
    exercises:
      - name: Askling extender
        ref: askling_extender
"""


def test_the_json_report_is_what_the_standard_library_writes():
    """The JSON reporter writes its array itself (twice as fast); byte for byte json.dumps(indent=2)."""
    import json
    import random

    from planlint.reporters.json import indented

    rng = random.Random(20261207)
    words = [
        "",
        "a",
        'quote " and \\ backslash',
        "é ü ‘curly’",
        "\u2028 line separator",
        "tab\tand\nnewline",
        "\x00\x1f",
        "\ud800",
    ]

    def scalar():
        return rng.choice([rng.choice(words), rng.randint(-5, 10**12), True, False, None, 1.5, float("nan"), 10**30])

    def value(depth=0):
        roll = rng.random()
        if depth < 3 and roll < 0.15:
            return [value(depth + 1) for _ in range(rng.randint(0, 3))]
        if depth < 3 and roll < 0.25:
            return {rng.choice(words): value(depth + 1) for _ in range(rng.randint(0, 3))}
        if roll < 0.35:
            return [rng.choice(words) for _ in range(rng.randint(0, 3))]
        return scalar()

    documents = [[], [{}], [{1: "a"}], [[]], {"a": 1}, "text", [{"a": [1]}]]
    for _ in range(2000):
        documents.append(
            [{rng.choice(words + ["path", "line"]): value() for _ in range(rng.randint(0, 6))} for _ in range(rng.randint(1, 4))]
        )
    for document in documents:
        assert indented(document) == json.dumps(document, indent=2, ensure_ascii=False), document
