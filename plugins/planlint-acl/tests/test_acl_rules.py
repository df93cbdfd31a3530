"""The ACL reconstruction pack: fixtures per rule, AC000 alone without surgery, the catalog,
metadata and docs, loading, and the example plans."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import planlint_acl
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
CODES = [rule.code for rule in planlint_acl.RULES]
EXAMPLES = HERE.parents[2] / "examples"


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(ConfigResolver(search=False))


def codes_lines(result, prefix=""):
    return sorted((f.code, f.line) for f in result.findings if f.code.startswith(prefix))


# ------------------------------------------------------------------ fixtures


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture(path):
    RuleTester(path.parent.name).assert_fixture(path)


def test_pack_conforms():
    # Metadata complete, fail_ and pass_ fixtures for every rule and no stray fixture
    # folder, and the reference page generated from the metadata is current.
    check_pack("acl", FIXTURES, HERE.parent / "docs" / "rules.md")


# ------------------------------------------------------------------ AC000 alone without surgery

# Every AC rule would fire on this plan if it gave the surgery date: running and jumps in
# week 6, no gate but custom ones, return to sport after four months.
WITHOUT_SURGERY = """\
planlint: 1.1
id: acl-without-surgery
title: ACL plan that forgot the surgery date
injury:
  site: acl
  type: reconstruction
  occurred: 2026-01-02
monitoring: {max_pain_during: 2, next_morning_rule: true}
phases:
  - id: rehab
    exit:
      - {test: custom, name: surgeon happy}
  - id: sport
sessions:
  - day: 40
    phase: rehab
    exercises:
      - {name: Tempo runs, ref: tempo_run}
      - {name: Drop jump, ref: drop_jump}
  - day: 120
    phase: sport
    exercises:
      - {name: Team training, ref: team_training}
"""


def test_a_plan_without_surgery_gets_ac000_alone_from_the_pack(linter):
    result = lint_text(WITHOUT_SURGERY, linter=linter)
    assert codes_lines(result, "AC") == [("AC000", 4)]
    (finding,) = [f for f in result.findings if f.code == "AC000"]
    assert "give the surgery date" in finding.message and "declare `planlint: 1.1`" not in finding.message


def test_the_same_plan_with_surgery_gets_every_other_rule(linter):
    text = WITHOUT_SURGERY.replace("  occurred: 2026-01-02\n", "  occurred: 2026-01-02\n  surgery: 2026-01-15\n")
    codes = {code for code, _ in codes_lines(lint_text(text, linter=linter), "AC")}
    assert codes == {"AC001", "AC002", "AC003", "AC004", "AC005"}


def test_a_version_1_plan_is_told_to_declare_1_1(linter):
    text = WITHOUT_SURGERY.replace("planlint: 1.1", "planlint: 1")
    (finding,) = [f for f in lint_text(text, linter=linter).findings if f.code.startswith("AC")]
    assert finding.code == "AC000" and "declare `planlint: 1.1` first" in finding.message


def test_surgery_in_a_version_1_file_is_a_schema_error_not_an_ac_finding(linter):
    text = WITHOUT_SURGERY.replace("planlint: 1.1", "planlint: 1").replace(
        "  occurred: 2026-01-02\n", "  occurred: 2026-01-02\n  surgery: 2026-01-15\n"
    )
    result = lint_text(text, linter=linter)
    assert [f.code for f in result.findings if f.code in ("PL003",) or f.code.startswith("AC")] == ["PL003"]


@pytest.mark.parametrize("injury_type", ["sprain", "tear", "other"])
def test_acl_plans_that_are_not_reconstructions_are_not_checked(linter, injury_type):
    text = WITHOUT_SURGERY.replace("type: reconstruction", f"type: {injury_type}")
    assert codes_lines(lint_text(text, linter=linter), "AC") == []


def test_a_suppression_of_an_ac_code_in_a_sprain_plan_is_unused(linter):
    text = WITHOUT_SURGERY.replace("type: reconstruction", "type: sprain").replace(
        "  - day: 40\n", "  - day: 40  # planlint: disable=AC003 -- copied from the reconstruction plan\n"
    )
    unused = [f for f in lint_text(text, linter=linter).findings if f.code == "PL007"]
    assert len(unused) == 1 and "AC003" in unused[0].message


# ------------------------------------------------------------------ calendar months


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2026, 1, 15), 9, date(2026, 10, 15)),
        (date(2026, 5, 31), 9, date(2027, 2, 28)),
        (date(2027, 5, 31), 9, date(2028, 2, 29)),
        (date(2026, 4, 30), 9, date(2027, 1, 30)),
        (date(2026, 12, 1), 12, date(2027, 12, 1)),
    ],
)
def test_add_months(start, months, expected):
    assert planlint_acl.add_months(start, months) == expected


# ------------------------------------------------------------------ catalog


def test_every_catalog_entry_states_contraction_kind_region_and_conditioning_mode():
    for ident, entry in planlint_acl.EXERCISES.items():
        assert entry.get("contraction") and entry.get("kind") and entry.get("region"), ident
        if entry["kind"] == "conditioning":
            assert entry.get("mode"), f"{ident}: conditioning needs a mode"


def test_catalog_has_the_exercises_acl_plans_use():
    ids = set(planlint_acl.EXERCISES)
    hops = {"single_hop_test", "triple_hop_test", "crossover_hop_test", "timed_6m_hop_test"}
    assert hops <= ids and all(planlint_acl.EXERCISES[h]["kind"] == "plyometric" for h in hops)
    assert {"knee_extension_90_45", "knee_extension_full_range", "step_down", "single_leg_press", "landing_drill"} <= ids
    assert {"walk_run_intervals", "treadmill_run", "cutting_drill_planned", "cutting_drill_reactive"} <= ids
    running = [i for i, e in planlint_acl.EXERCISES.items() if e.get("mode") == "run"]
    assert "walk_run_intervals" in running and "stair_climber" not in running


def test_plugin_catalog_does_not_shadow_builtin_entries_with_other_meanings():
    """A plugin entry with a built-in id replaces planlint's for every plan: where the ids
    meet (the built-in catalog grows), they must mean the same exercise."""
    from planlint.catalog import builtin_entries

    builtin = builtin_entries()
    for ident in set(builtin) & set(planlint_acl.EXERCISES):
        ours, theirs = planlint_acl.EXERCISES[ident], builtin[ident]
        for field in ("contraction", "kind", "region", "mode"):
            assert ours.get(field) == theirs.get(field), f"{ident}.{field}"


def test_catalog_reaches_the_linter(linter):
    text = WITHOUT_SURGERY.replace("{name: Drop jump, ref: drop_jump}", "{name: Triple hop, ref: triple_hop_test}")
    result = lint_text(text.replace("occurred: 2026-01-02\n", "occurred: 2026-01-02\n  surgery: 2026-01-15\n"), linter=linter)
    assert not [f for f in result.findings if f.code == "PL004"]
    assert codes_lines(result, "AC004") == [("AC004", 20)]  # the triple hop, a plyometric from the catalog


# ------------------------------------------------------------------ loading and documentation


def test_plugin_is_loaded_from_its_entry_point():
    host = build_plugin_host()
    info = {p.name: p for p in host.plugins}["acl"]
    assert (info.distribution, info.version) == ("planlint-acl", planlint_acl.__version__)
    assert not [p for p in host.problems if p.plugin == "acl"]


def test_rules_table(linter):
    table = {
        code: (loaded.rule.name, loaded.rule.severity.label, loaded.plugin)
        for code, loaded in linter.rules.items()
        if code.startswith("AC")
    }
    assert table == {
        "AC000": ("no-surgery-date", "error", "acl"),
        "AC001": ("early-return-to-sport", "error", "acl"),
        "AC002": ("incomplete-return-battery", "error", "acl"),
        "AC003": ("running-before-criteria", "warning", "acl"),
        "AC004": ("plyometric-before-criteria", "warning", "acl"),
        "AC005": ("time-only-progression", "info", "acl"),
    }


@pytest.mark.parametrize("rule", planlint_acl.RULES, ids=lambda r: r.code)
def test_rule_documentation(rule):
    assert rule.sites == frozenset({"acl"})
    assert rule.applies_to_text() == "plans whose injury.site is acl and injury.type is reconstruction"
    for field in ("summary", "why", "instead"):
        assert getattr(rule, field).strip()
    if rule in (planlint_acl.NoSurgeryDate, planlint_acl.EarlyReturnToSport, planlint_acl.RunningBeforeCriteria):
        assert "`injury.surgery`" in rule.why and "`occurred`" in rule.why  # explain says which anchor it uses


def test_option_defaults():
    assert {o.name: o.resolve() for o in planlint_acl.EarlyReturnToSport.options} == {"min-months": 9}
    assert {o.name: o.resolve() for o in planlint_acl.IncompleteReturnBattery.options} == {"min-lsi": 90}
    assert {o.name: o.resolve() for o in planlint_acl.RunningBeforeCriteria.options} == {"min-lsi": 80, "min-weeks": 12}
    assert {o.name: o.resolve() for o in planlint_acl.PlyometricBeforeCriteria.options} == {"min-lsi": 80}
    assert planlint_acl.NoSurgeryDate.options == () and planlint_acl.TimeOnlyProgression.options == ()


def test_evidence_grades_are_honest():
    grades = lambda rule: {e.grade for e in rule.evidence}  # noqa: E731
    # AC001 and AC002 rest on cohorts: observational, never trial or consensus-graded cut-offs.
    assert grades(planlint_acl.EarlyReturnToSport) >= {"observational"}
    assert "trial" not in grades(planlint_acl.EarlyReturnToSport) | grades(planlint_acl.IncompleteReturnBattery)
    assert grades(planlint_acl.IncompleteReturnBattery) == {"observational"}
    battery = " ".join(e.text for e in planlint_acl.IncompleteReturnBattery.evidence)
    assert "Welling" in battery and "poorly" in battery  # where the tests fail to predict re-injury
    assert "Welling" in planlint_acl.IncompleteReturnBattery.why
    for rule in (planlint_acl.RunningBeforeCriteria, planlint_acl.PlyometricBeforeCriteria):
        assert grades(rule) == {"practice"}
    assert "policy" in " ".join(e.text for e in planlint_acl.RunningBeforeCriteria.evidence)


def test_cli_lists_and_explains_the_rules():
    runner = CliRunner()
    listing = runner.invoke(cli, ["rules"])
    assert listing.exit_code == 0, listing.output
    rules = listing.stdout.split("\n\n")[0]  # the rules; the packs and their sites follow a blank line
    rows = {line.split()[0]: line.split() for line in rules.splitlines()[1:]}
    for code in CODES:
        assert rows[code][-2:] == ["acl", "acl"], rows[code]  # plugin, then the sites it checks
    explained = runner.invoke(cli, ["explain", "AC001"])
    assert explained.exit_code == 0
    assert "Provided by: acl. Applies to: plans whose injury.site is acl and injury.type is reconstruction." in explained.stdout
    assert "min-months = 9" in explained.stdout and "[observational]" in explained.stdout


def test_ac_codes_link_to_the_plugins_rules_page():
    host = build_plugin_host()
    urls = dict(host.call_each("planlint_docs_url"))
    assert urls["acl"].endswith("/plugins/planlint-acl/docs/rules.md")


# ------------------------------------------------------------------ examples


def _example(name: str) -> Path:
    path = EXAMPLES / name
    if not path.exists():
        pytest.skip("the example plans live in the planlint repository, not in this distribution")
    return path


@pytest.mark.parametrize("name", ["acl-reconstruction-criteria-based.plan.yaml", "acl-reconstruction-late-stage.plan.yaml"])
def test_clean_acl_examples_have_no_finding(linter, name):
    result = linter.lint_file(str(_example(name)))
    assert [(f.code, f.line, f.message) for f in result.findings] == []


def test_unsafe_acl_example_gets_the_planted_findings(linter):
    result = linter.lint_file(str(_example("acl-reconstruction-unsafe.plan.yaml")))
    assert sorted({f.code for f in result.findings}) == ["AC001", "AC002", "AC003", "AC004", "AC005"]
    assert all(f.code.startswith("AC") for f in result.findings), [(f.code, f.line) for f in result.findings]


def test_the_install_hint_works_from_a_repository_checkout():
    """planlint is not on a package index: `pip install planlint-acl` would fail. The hint
    names the plugin's folder in a checkout and pip's direct reference to it in the repository."""
    from planlint.sites import DEFAULT_SITES

    site = DEFAULT_SITES.get("acl")
    assert site.first_party == "planlint-acl"
    assert site.install.startswith(
        'pip install "planlint-acl @ git+https://github.com/planlint/planlint#subdirectory=plugins/planlint-acl"'
    )
    assert "(from a checkout: pip install ./plugins/planlint-acl; " in site.install
    assert (HERE.parent / "pyproject.toml").is_file()  # the folder the hint names holds the distribution


def test_the_pack_imports_planlint_api_only():
    """A plugin depends on planlint's public surface, nothing behind it."""
    import ast

    for source in (HERE.parent / "src" / "planlint_acl").glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("planlint"):
                assert node.module in ("planlint.api",) or node.module.startswith("planlint_acl"), (source.name, node.module)
            if isinstance(node, ast.Import):
                assert not [a.name for a in node.names if a.name.startswith("planlint.")], source.name
