"""Every rule is documented, tested by fixtures, and its code is unique."""

from pathlib import Path

import pytest

from planlint.docs import builtin_reference, explain_text
from planlint.engine import Linter
from planlint.rules.base import EVIDENCE_GRADES

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "rules"
LINTER = Linter()
DOCUMENTED = LINTER.documented()
PLUGIN_RULES = {code: loaded.rule for code, loaded in LINTER.rules.items() if loaded.plugin in ("core", "hamstring")}


def test_catalog_codes_are_all_present():
    expected = {f"PL00{i}" for i in range(8)} | {f"PL10{i}" for i in range(1, 9)} | {f"HS0{i:02d}" for i in range(1, 11)}
    assert expected <= set(DOCUMENTED)


@pytest.mark.parametrize("code", sorted(DOCUMENTED))
def test_every_code_is_documented(code):
    rule, plugin = DOCUMENTED[code]
    assert rule.code == code
    for field in ("name", "summary", "why", "instead"):
        assert getattr(rule, field).strip(), f"{code} has no {field}"
    assert rule.evidence, f"{code} cites no evidence"
    assert all(e.grade in EVIDENCE_GRADES for e in rule.evidence)
    text = explain_text(rule, plugin)
    assert text.startswith(f"{code} {rule.name} ({rule.severity.label})")
    assert "Why it matters" in text and "Evidence" in text
    for option in rule.options:
        assert option.help and f"{option.name} = " in text


@pytest.mark.parametrize("code", sorted(PLUGIN_RULES))
def test_every_rule_has_failing_and_passing_fixtures(code):
    folder = FIXTURES / code
    assert list(folder.glob("fail_*.plan.yaml")), f"{code} has no failing fixture"
    assert list(folder.glob("pass_*.plan.yaml")), f"{code} has no passing fixture"


def test_rule_names_are_unique():
    names = [rule.name for rule, _ in DOCUMENTED.values()]
    assert len(names) == len(set(names))


def test_reference_page_is_current():
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == builtin_reference(), (
        "docs/rules.md is stale: run `python -m planlint.docs > docs/rules.md`"
    )


def test_packaged_schema_matches_the_published_one():
    published = (ROOT / "schemas" / "plan.schema.json").read_text(encoding="utf-8")
    packaged = (ROOT / "src" / "planlint" / "data" / "plan.schema.json").read_text(encoding="utf-8")
    assert packaged == published


def test_clean_examples_produce_no_findings():
    for name in ("hamstring-grade2b-criteria", "hamstring-grade1-sprinter", "calf-strain-masters-runner"):
        result = LINTER.lint_file(str(ROOT / "examples" / f"{name}.plan.yaml"))
        assert [(f.code, f.line) for f in result.findings] == [], name
