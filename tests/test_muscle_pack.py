"""The muscle pack (MS, issue 16) and "which rules ran": one implementation shared with the
hamstring pack, the examples modelled on published protocols, and the note every format
gives a plan that only the general rules checked."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from plan_edits import run

from planlint.config import ConfigResolver
from planlint.engine import Linter
from planlint.findings import RulesRun
from planlint.htmlreport import verdict
from planlint.reporters import REPORTERS
from planlint.reporters.reporter import ReportContext
from planlint.rules import hamstring, muscle, strain
from planlint.run import lint_file, summarize

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
LINTER = Linter(ConfigResolver(search=False))

PLAN = """\
planlint: 1.1
id: p
title: A plan
injury: {{site: {site}, type: {type}, occurred: "2026-03-14T08:00:00+00:00"}}
monitoring: {{max_pain_during: 2, next_morning_rule: true}}
phases:
  - id: load
    exit: [{{test: calf_raise_endurance, min_reps: 30, max_asymmetry_pct: 10}}]
  - id: return
sessions:
  - day: 3
    phase: load
    exercises:
      - {{name: Isometric hold, kind: strength, contraction: isometric, load: bodyweight}}
      - {{name: Eccentric lowering, kind: strength, contraction: eccentric, load: bodyweight}}
"""


def lint(site: str, type_: str = "strain", linter: Linter = LINTER, path: str = "p.plan.yaml"):
    return linter.lint_bytes(path, PLAN.format(site=site, type=type_).encode())


# --------------------------------------------------------------------------- one implementation


@pytest.mark.parametrize(
    "hs, ms, shared",
    [
        (hamstring.EarlySprint, muscle.EarlySprint, strain.EarlySprintCheck),
        (hamstring.EarlyHeavyLoad, muscle.EarlyHeavyLoad, strain.EarlyHeavyLoadCheck),
        (hamstring.ConcentricBeforeIsometric, muscle.ConcentricBeforeIsometric, strain.ConcentricBeforeIsometricCheck),
        (hamstring.SprintBeforeFunctionalTest, muscle.SprintBeforeRunningGate, strain.SprintBeforeTestingCheck),
    ],
)
def test_ms001_to_ms004_share_the_hamstring_checks(hs, ms, shared):
    """One check, two codes: neither pack defines its own check(), windows() or options."""
    assert issubclass(hs, shared) and issubclass(ms, shared)
    for rule in (hs, ms):
        assert "check" not in vars(rule) and "windows" not in vars(rule)
    assert hs.options == ms.options
    assert hs.code != ms.code and hs.summary != ms.summary


def test_the_muscle_pack_publishes_the_same_windows_as_the_hamstring_pack():
    plan = lint_file(LINTER, str(EXAMPLES / "calf-strain-running-reentry.plan.yaml"), keep_plan=True).plan
    windows = [(w.code, w.hours, w.forbids) for w in LINTER.published(plan, LINTER.settings_for(None)).windows]
    assert windows == [("MS001", 36, "no sprints"), ("MS002", 48, "no heavy load or plyometrics")]


@pytest.mark.parametrize("type_, applies", [("strain", True), ("tear", True), ("contusion", False), ("tendinopathy", False)])
def test_the_pack_judges_muscle_strains_and_tears_only(type_, applies):
    result = lint("calf", type_)
    assert result.rules_run.packs == (("core", "muscle (calf)") if applies else ("core",))


# --------------------------------------------------------------------------- examples

CLEAN_EXAMPLES = ("calf-strain-running-reentry", "groin-adductor-aspetar", "calf-strain-masters-runner")


@pytest.mark.parametrize("name", CLEAN_EXAMPLES)
def test_clean_muscle_examples_give_no_finding(name):
    """Plans modelled on published protocols (Green et al. 2022 for the calf, the Aspetar adductor
    protocol of Serner et al. 2020 for the groin) are clean, and the muscle pack did check them."""
    result = lint_file(LINTER, str(EXAMPLES / f"{name}.plan.yaml"))
    assert [(f.code, f.line, f.message) for f in result.findings] == []
    assert "muscle" in " ".join(result.rules_run.packs) and result.rules_run.note is None


def test_the_unsafe_calf_example_gives_exactly_its_planted_findings():
    result = lint_file(LINTER, str(EXAMPLES / "calf-strain-unsafe.plan.yaml"))
    assert [(f.line, f.code) for f in result.findings] == [
        (1, "MS005"),
        (48, "MS001"),
        (53, "MS003"),
        (69, "MS002"),
        (69, "MS003"),
        (73, "MS003"),
        (117, "MS101"),
        (130, "MS004"),
        (130, "PL110"),
        (141, "MS102"),
    ]


# --------------------------------------------------------------------------- which rules ran


@pytest.mark.parametrize(
    "site, type_, packs, note",
    [
        ("hamstring", "strain", ("core", "hamstring"), None),
        ("quadriceps", "tear", ("core", "muscle (quadriceps)"), None),
        ("groin", "strain", ("core", "muscle (groin)"), None),
        ("ankle", "sprain", ("core",), "only the general rules ran (core): planlint has no ankle-specific rules"),
        ("achilles", "tendinopathy", ("core",), "only the general rules ran (core): planlint has no achilles-specific rules"),
        (
            "other",
            "other",
            ("core",),
            "only the general rules ran (core): planlint has no injury-specific rules for site 'other'",
        ),
        (
            "calf",
            "contusion",
            ("core",),
            "only the general rules ran (core): the calf-specific rules (muscle) do not apply to a calf contusion",
        ),
    ],
)
def test_rules_run_and_the_note(site, type_, packs, note):
    run_ = lint(site, type_).rules_run
    assert (run_.packs, run_.site, run_.note) == (packs, site, note)


def _without(plugin: str) -> Linter:
    """A linter whose host has every installed plugin but ``plugin`` (as if not installed)."""
    from planlint.plugins import build_plugin_host

    host = build_plugin_host()
    if host.manager.has_plugin(plugin):
        host.manager.unregister(name=plugin)
    host.plugins = [info for info in host.plugins if info.name != plugin]
    return Linter(ConfigResolver(search=False), host)


def test_a_first_party_pack_that_is_not_installed_is_named_with_its_install_command():
    run_ = lint("acl", "reconstruction", linter=_without("acl")).rules_run
    assert run_.note.startswith(
        "only the general rules ran (core): the acl-specific rules come with planlint-acl, which is not installed: "
        'pip install "planlint-acl @ git+https://github.com/planlint/planlint#subdirectory=plugins/planlint-acl"'
    )


def test_rules_switched_off_by_the_selection_are_said_so(tmp_path):
    linter = Linter(ConfigResolver(overrides={"ignore": ("MS",)}, search=False))
    assert lint("calf", linter=linter).rules_run.note == (
        "only the general rules ran (core): the calf-specific rules (muscle) are not selected "
        "(configuration, --select or --ignore)"
    )


def test_a_broken_plan_has_no_rules_run_but_its_skipped_note():
    result = LINTER.lint_bytes("b.plan.yaml", b"planlint: 1\nid: x\n")
    assert result.rules_skipped and result.rules_run is None


def test_the_cache_keeps_which_rules_ran(tmp_path):
    from planlint.cache import FindingsCache

    linter = Linter(ConfigResolver(search=False), cache=FindingsCache(tmp_path / "cache", "salt", secret_folder=tmp_path))
    raw = PLAN.format(site="ankle", type="sprain").encode()
    first = linter.lint_bytes("a.plan.yaml", raw)
    second = linter.lint_bytes("a.plan.yaml", raw)
    assert second.cached and second.rules_run == first.rules_run and first.rules_run.note


def test_rules_run_round_trips_through_a_dict():
    run_ = RulesRun(("core", "muscle (calf)"), "calf")
    assert RulesRun.from_dict(json.loads(json.dumps(run_.to_dict()))) == run_


# --------------------------------------------------------------------------- every format says it


def reported(fmt: str, *results) -> str:
    stream = io.StringIO()
    codes = {code: meta for code, (meta, _plugin) in LINTER.documented().items()}
    REPORTERS[fmt](stream, ReportContext("0", codes)).report([f for r in results for f in r.findings], summarize(list(results)))
    return stream.getvalue()


def two_plans():
    return lint("ankle", "sprain", path="ankle.plan.yaml"), lint("calf", path="calf.plan.yaml")


NOTE = "only the general rules ran (core): planlint has no ankle-specific rules"


def test_text_says_it_once_for_the_plan_it_matters_for():
    ankle, calf = two_plans()
    text = reported("text", ankle, calf)
    assert text == f"ankle.plan.yaml: note: {NOTE}\nChecked 2 files: 0 errors, 0 warnings, 0 info.\n"


def test_json_names_the_packs_on_each_finding_and_adds_a_note_object():
    ankle, calf = two_plans()
    heavy = (
        PLAN.format(site="calf", type="strain")
        .replace("day: 3", "day: 1")
        .replace("eccentric, load: bodyweight}", "eccentric, load: {rpe: 9}}")
    )
    bad = LINTER.lint_bytes("bad.plan.yaml", heavy.encode())
    assert bad.findings
    items = json.loads(reported("json", ankle, calf, bad))
    [note] = [i for i in items if i["code"] is None]
    assert note == {
        "path": "ankle.plan.yaml",
        "line": 1,
        "column": 1,
        "end_line": 1,
        "end_column": 1,
        "code": None,
        "name": "general-rules-only",
        "severity": "note",
        "message": NOTE,
        "rules_skipped": False,
        "rules_run": ["core"],
    }
    assert {tuple(i["rules_run"]) for i in items if i["code"]} == {("core", "muscle (calf)")}


def test_sarif_github_gitlab_and_junit_say_it():
    ankle, calf = two_plans()
    sarif = json.loads(reported("sarif", ankle, calf))["runs"][0]["invocations"][0]
    [notification] = sarif["toolExecutionNotifications"]
    assert notification["level"] == "note" and notification["message"]["text"] == f"ankle.plan.yaml: {NOTE}"
    assert sarif["properties"]["planlintRulesRun"] == {"ankle.plan.yaml": ["core"], "calf.plan.yaml": ["core", "muscle (calf)"]}
    github = reported("github", ankle, calf)
    assert f"::notice file=ankle.plan.yaml,title=planlint%3A general rules only::{NOTE}\n" in github
    [issue] = json.loads(reported("gitlab", ankle, calf))
    assert (issue["check_name"], issue["severity"], issue["description"]) == ("planlint general rules only", "info", NOTE)
    junit = ET.fromstring(reported("junit", ankle, calf))
    [case] = [c for suite in junit for c in suite if c.attrib["name"] == "injury rules"]
    assert case.attrib["classname"] == "ankle.plan.yaml" and case.find("skipped").attrib["message"] == NOTE


def test_the_html_verdict_does_not_call_a_partly_checked_plan_ready():
    ankle = LINTER.lint_bytes("a.plan.yaml", PLAN.format(site="ankle", type="sprain").encode(), keep_plan=True)
    calf = LINTER.lint_bytes("c.plan.yaml", PLAN.format(site="calf", type="strain").encode(), keep_plan=True)
    assert (verdict(ankle).kind, verdict(ankle).text) == (
        "info",
        "no findings from the general rules; no ankle-specific rules ran",
    )
    assert verdict(calf).text == "no findings: ready to publish"


def test_the_cli_report_shows_the_packs_and_the_note(tmp_path):
    out = tmp_path / "r.html"
    result = run(
        "report",
        EXAMPLES / "achilles-tendinopathy-first-visit.plan.yaml",
        EXAMPLES / "calf-strain-running-reentry.plan.yaml",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert '<dd class="rules-run">core, muscle (calf)</dd>' in html and '<dd class="rules-run">core</dd>' in html
    assert "only the general rules ran (core): planlint has no achilles-specific rules" in html
    assert "2 plans: 1 ready to publish, 1 checked by the general rules only" in html


def test_planlint_rules_lists_the_packs_with_their_sites():
    result = run("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    packs = lines[lines.index("") + 1 :]
    assert packs[0].split() == ["PACK", "SITES", "RULES", "DISTRIBUTION"]
    rows = {line.split()[0]: line for line in packs[1:] if not line.split()[0].endswith(":")}
    assert rows["core"].split()[1:3] == ["every", "plan"]
    assert rows["hamstring"].split()[1] == "hamstring"
    assert "calf, groin, quadriceps" in rows["muscle"] and "9 (MS001-MS301)" in rows["muscle"]
    assert "ankle: general rules only; no pack checks ankle plans" in packs


def test_explain_by_a_name_two_packs_share_says_which_it_shows():
    result = run("explain", "early-sprint")
    assert result.exit_code == 0 and result.stdout.startswith("HS001 early-sprint (error)")
    assert "planlint: note: 'early-sprint' names HS001, MS001; showing HS001" in result.stderr
