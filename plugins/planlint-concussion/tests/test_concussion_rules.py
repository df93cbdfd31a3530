"""The concussion pack: fixtures per rule, the schema extension, messages, docs, loading."""

from __future__ import annotations

from pathlib import Path

import planlint_concussion
import pytest
from click.testing import CliRunner

from planlint.cli import main as cli
from planlint.config import ConfigResolver
from planlint.engine import Linter, lint_text
from planlint.plugins import build_plugin_host
from planlint.testing import RuleTester, check_pack, fixture_cases

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
CASES = fixture_cases(FIXTURES)
CODES = [rule.code for rule in planlint_concussion.RULES]
EXAMPLE = HERE.parents[2] / "examples" / "concussion-community-football.plan.yaml"


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(ConfigResolver(search=False))


def codes_lines(result, code=None):
    return sorted((f.code, f.line) for f in result.findings if code is None or f.code == code)


# ------------------------------------------------------------------ fixtures


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture(path):
    RuleTester(path.parent.name).assert_fixture(path)


def test_pack_conforms():
    # Metadata complete, fail_ and pass_ fixtures for every rule and no stray fixture
    # folder, and the reference page generated from the metadata is current.
    check_pack("concussion", FIXTURES, HERE.parent / "docs" / "rules.md")


# ------------------------------------------------------------------ loading and documentation


def test_plugin_is_loaded_from_its_entry_point():
    host = build_plugin_host()
    info = {p.name: p for p in host.plugins}["concussion"]
    assert (info.distribution, info.version) == ("planlint-concussion", planlint_concussion.__version__)
    assert not [p for p in host.problems if p.plugin == "concussion"]


def test_rules_table(linter):
    table = {
        code: (loaded.rule.name, loaded.rule.severity.label, loaded.plugin)
        for code, loaded in linter.rules.items()
        if code.startswith("CC")
    }
    assert table == {
        "CC001": ("stage-too-short", "error", "concussion"),
        "CC002": ("stage-skipped", "error", "concussion"),
        "CC003": ("contact-before-clearance", "error", "concussion"),
        "CC004": ("drills-before-symptom-free", "error", "concussion"),
        "CC005": ("early-competition", "warning", "concussion"),
        "CC006": ("contact-soon-after-symptom-free", "warning", "concussion"),
        "CC007": ("sport-before-learn", "error", "concussion"),
        "CC008": ("head-impact-before-clearance", "error", "concussion"),
        "CC009": ("early-heavy-resistance", "warning", "concussion"),
    }


@pytest.mark.parametrize("rule", planlint_concussion.RULES, ids=lambda r: r.code)
def test_rule_documentation(rule):
    assert rule.sites == frozenset({"concussion"})
    for field in ("summary", "why", "instead"):
        assert getattr(rule, field).strip()
    assert any("Patricios" in e.text and "BJSM 2023" in e.text for e in rule.evidence)


def test_option_defaults():
    assert {o.name: o.resolve() for o in planlint_concussion.StageTooShort.options} == {"min-hours": 24}
    assert {o.name: o.resolve() for o in planlint_concussion.EarlyCompetition.options} == {
        "min-days": 21,
        "min-days-elite": 12,
    }
    assert {o.name: o.resolve() for o in planlint_concussion.ContactSoonAfterSymptomFree.options} == {"min-days": 14}
    assert {o.name: o.resolve() for o in planlint_concussion.EarlyHeavyResistance.options} == {
        "heavy-percent-1rm": 70,
        "heavy-rpe": 7,
    }


def test_cc005_evidence_names_community_guidance_as_policy():
    texts = " ".join(e.text for e in planlint_concussion.EarlyCompetition.evidence)
    assert "UK" in texts and "Austral" in texts and "day 12" in texts
    grades = {e.grade for e in planlint_concussion.EarlyCompetition.evidence}
    assert "practice" in grades


def test_the_14_day_and_day_12_figures_are_graded_as_policy():
    """The 14 days of CC006 and the elite day 12 of CC005 are guideline policy, not trial results."""
    for rule, figure in (
        (planlint_concussion.ContactSoonAfterSymptomFree, "14 days"),
        (planlint_concussion.EarlyCompetition, "day 12"),
    ):
        graded = [e for e in rule.evidence if figure in e.text]
        assert graded and all(e.grade == "practice" for e in graded)
        assert "policy" in " ".join(e.text for e in graded)


def test_cli_lists_and_explains_the_rules():
    runner = CliRunner()
    listing = runner.invoke(cli, ["rules"])
    assert listing.exit_code == 0, listing.output
    for code in CODES:
        assert any(line.startswith(code) and line.rstrip().endswith("concussion") for line in listing.stdout.splitlines())
    explained = runner.invoke(cli, ["explain", "CC005"])
    assert explained.exit_code == 0
    assert "Provided by: concussion" in explained.stdout and "min-days = 21" in explained.stdout


# ------------------------------------------------------------------ schema extension

CONCUSSION_PLAN = """\
planlint: 1
id: concussion-minimal
title: Minimal concussion plan
injury:
  site: concussion
  type: concussion
  occurred: 2026-09-12T15:40:00+01:00
phases:
  - id: daily-life
    stage: 1
  - id: aerobic
sessions:
  - day: 2
    time: "10:00"
    phase: daily-life
"""

HAMSTRING_PLAN = """\
planlint: 1
id: hamstring-with-stage
title: Hamstring plan that borrowed a concussion key
injury:
  site: hamstring
  type: strain
  occurred: 2026-03-14T17:30:00+01:00
phases:
  - id: protect
    stage: 1
sessions:
  - day: 2
    phase: protect
    exercises:
      - name: Isometric bridge hold
        ref: isometric_bridge
"""


def test_concussion_phase_without_stage_is_a_schema_error(linter):
    result = lint_text(CONCUSSION_PLAN, linter=linter)
    schema = [f for f in result.findings if f.code == "PL003"]
    assert [(f.line, f.column) for f in schema] == [(11, 5)]  # the `- id: aerobic` phase item
    assert "missing required key 'stage'" in schema[0].message
    assert not [f for f in result.findings if f.code.startswith("CC")], "rules are skipped for a schema-invalid file"


def test_stage_is_unknown_outside_concussion_plans(linter):
    result = lint_text(HAMSTRING_PLAN, linter=linter)
    schema = [f for f in result.findings if f.code == "PL003"]
    assert [(f.line, f.column) for f in schema] == [(10, 5)]  # the `stage` key
    assert "unknown key 'stage' (it belongs to concussion plans, not hamstring plans)" in schema[0].message


@pytest.mark.parametrize(
    "bad, words", [("0", "at least 1"), ("7", "at most 6"), ("two", "a whole number"), ("2.5", "a whole number")]
)
def test_stage_values_are_checked(linter, bad, words):
    text = CONCUSSION_PLAN.replace("  - id: aerobic\n", f"  - id: aerobic\n    stage: {bad}\n")
    schema = [f for f in lint_text(text, linter=linter).findings if f.code == "PL003"]
    assert len(schema) == 1 and schema[0].line == 12 and words in schema[0].message


def test_schema_command_shows_stage_for_concussion_only():
    runner = CliRunner()
    concussion = runner.invoke(cli, ["schema", "--site", "concussion"])
    assert '"stage"' in concussion.stdout
    hamstring = runner.invoke(cli, ["schema", "--site", "hamstring"])
    assert '"stage"' not in hamstring.stdout


# ------------------------------------------------------------------ messages


def message(code: str, path: str) -> str:
    (finding,) = RuleTester(code).findings((FIXTURES / code / path).read_text(encoding="utf-8"))
    return finding.message


def test_cc001_message_states_the_gap_and_the_minimum():
    assert message("CC001", "fail_stage_under_24h.plan.yaml") == (
        "stage 2 (aerobic exercise) starts on day 3 at 09:00, 23 h after stage 1 started on day 2 at 10:00; "
        "each stage needs at least 24 h before the next one starts"
    )
    untimed = message("CC001", "fail_untimed_least_time.plan.yaml")
    assert untimed.startswith("stage 2 (aerobic exercise) starts on day 3 at 20:00, at least 20 h after stage 1")
    assert "no time of day for stage 1: planlint assumes the end of its day" in untimed
    assert untimed.endswith(
        'give the session on day 2 a time of day (`time: "HH:MM"`) so planlint can count the hours, or move stage 2 later'
    )
    same_day = message("CC001", "fail_same_day.plan.yaml")
    assert "the same day stage 2 starts (day 4)" in same_day and "at least 24 h" in same_day


def test_cc001_untimed_consecutive_days_are_a_minute_apart_not_0_h():
    text = message("CC001", "fail_untimed_consecutive_days.plan.yaml")
    assert text.startswith("stage 2 (aerobic exercise) starts on day 3, at least 1 min after stage 1 started on day 2 ")
    assert "at least 0 h" not in text
    assert 'give the sessions on day 2 and day 3 a time of day (`time: "HH:MM"`)' in text


def test_cc002_one_finding_names_every_missing_stage_once():
    text = message("CC002", "fail_two_missing_stages_one_finding.plan.yaml")
    assert text.startswith("stage 5 (full contact practice) starts on day 7 at 19:00, but stage 3 ")
    assert "and the plan has no stage 4 (non-contact training drills)" in text


def test_cc002_messages_name_the_missing_or_late_stage():
    assert "the plan has no stage 3 (individual sport-specific exercise)" in message("CC002", "fail_skipped_stage.plan.yaml")
    assert "stage 2 (aerobic exercise) only starts later, on day 6 at 10:00" in message("CC002", "fail_out_of_order.plan.yaml")
    assert "the plan has no stage 1 (symptom-limited activity)" in message("CC002", "fail_starts_at_stage_2.plan.yaml")
    assert "phase 'individual' is never scheduled" in message("CC002", "fail_stage_without_sessions.plan.yaml")
    assert "with a time of day missing, planlint cannot tell that stage 2 comes first" in message(
        "CC002", "fail_same_day_untimed.plan.yaml"
    )


def test_cc003_cc004_messages_name_the_gate():
    (first, *_rest) = RuleTester("CC003").findings((FIXTURES / "CC003" / "fail_no_clearance.plan.yaml").read_text())
    assert first.message.startswith(
        "stage 5 (full contact practice) session on day 17 at 19:00 comes before a medical_clearance gate"
    )
    (first, *_rest) = RuleTester("CC004").findings((FIXTURES / "CC004" / "fail_no_symptom_free.plan.yaml").read_text())
    assert first.message.startswith(
        "stage 4 (non-contact training drills) session on day 12 at 19:00 comes before a symptom_free gate"
    )


def test_cc005_message_states_the_day_and_the_first_day_allowed():
    assert message("CC005", "fail_day_14.plan.yaml") == (
        "return to sport (stage 6) starts on day 14 at 15:00, day 14 after the concussion (the injury day is day 0); "
        "community-sport guidance in the UK and Australia allows competition no earlier than day 21: move it to "
        "day 21 or later"
    )
    assert message("CC005", "fail_elite_adult_day_11.plan.yaml").endswith(
        "elite codes allow return to play from day 12 under medical supervision: move it to day 12 or later"
    )


# ------------------------------------------------------------------ robustness and the example


def test_unknown_phase_does_not_crash_the_rules(linter):
    text = CONCUSSION_PLAN.replace("  - id: aerobic\n", "  - id: aerobic\n    stage: 2\n") + (
        '  - day: 4\n    time: "10:00"\n    phase: aerobik\n'
    )
    result = lint_text(text, linter=linter)
    assert not result.crashed
    assert [f.code for f in result.findings if f.code in ("PL000", "PL005")] == ["PL005"]


def test_non_concussion_plans_are_not_checked(linter):
    result = lint_text(HAMSTRING_PLAN.replace("    stage: 1\n", ""), linter=linter)
    assert not [f for f in result.findings if f.code.startswith("CC") or f.code == "PL003"]


def test_example_plan_is_clean(linter):
    if not EXAMPLE.exists():
        pytest.skip("the example plan lives in the planlint repository, not in this distribution")
    result = linter.lint_file(str(EXAMPLE))
    assert codes_lines(result) == []
    from planlint.loader import load_text

    data = load_text(str(EXAMPLE), EXAMPLE.read_text(encoding="utf-8")).data
    assert [phase["stage"] for phase in data["phases"]] == [1, 2, 3, 4, 5, 6]


def test_published_concussion_schema_is_current():
    """schemas/plan.concussion.schema.json (for editors) is `planlint schema --site concussion`."""
    import json

    from planlint.plugins import build_plugin_host, collect_schema_extensions
    from planlint.schema import extended_schema

    published = HERE.parents[2] / "schemas" / "plan.concussion.schema.json"
    if not published.exists():
        pytest.skip("the published schema lives in the planlint repository, not in this distribution")
    current = extended_schema(collect_schema_extensions(build_plugin_host()), "concussion")
    assert json.loads(published.read_text(encoding="utf-8")) == current, (
        "regenerate it: planlint schema --site concussion > schemas/plan.concussion.schema.json"
    )
