"""The plugin contract, enforced: hooks checked against their specs, rule sites checked,
and the documented ways to add an injury site, an output format and a docs link."""

from __future__ import annotations

import json
import types

from planlint.api import (
    BRAIN,
    Evidence,
    InjurySite,
    Rule,
    SchemaExtension,
    Severity,
    Violation,
    docs_hook,
    hookimpl,
    rules_hook,
)
from planlint.config import ConfigResolver
from planlint.engine import Linter
from planlint.plugins import build_plugin_host
from planlint.reporters.reporter import Reporter


def _rule(**attributes):
    class Probe(Rule):
        code, name, severity = "XY001", "probe", Severity.WARNING
        summary, why, instead = "A probe.", "For tests.", "-"
        evidence = (Evidence("heuristic", "Test rule."),)

        def check(self, plan, ctx):
            yield Violation(plan.sessions[0].span, f"probe on a {plan.site} plan")

    for key, value in attributes.items():
        setattr(Probe, key, value)
    return Probe


def _linter(module) -> Linter:
    return Linter(ConfigResolver(search=False), host=build_plugin_host(extra_plugins=[("xy", module)]))


def _module(**hooks) -> types.ModuleType:
    module = types.ModuleType("xy_pack")
    for name, value in hooks.items():
        setattr(module, name, value)
    return module


def _problems(linter: Linter) -> list[str]:
    return [p.describe() for p in linter.host.problems]


def test_an_unmarked_misspelt_hook_function_is_found_too():
    def planlint_rulez():
        return [_rule()]

    linter = _linter(_module(planlint_rulez=planlint_rulez))
    assert _problems(linter) == [
        "plugin 'xy' implements a hook planlint does not have: planlint_rulez (did you mean 'planlint_rules'?); the hooks "
        "are: planlint_docs_url, planlint_exercise_catalog, planlint_injury_sites, planlint_output_formats, planlint_rules, "
        "planlint_schema_extensions"
    ]
    assert "XY001" not in linter.rules


def test_sites_written_as_text_is_refused_not_read_letter_by_letter():
    linter = _linter(_module(planlint_rules=rules_hook([_rule(sites="calf")])))
    [problem] = _problems(linter)
    assert problem.startswith("plugin 'xy' returned a rule with bad metadata")
    assert "sites must be a set of site names such as frozenset({'calf'}), not 'calf'" in problem
    assert "XY001" not in linter.rules


def test_sites_naming_no_injury_site_is_refused():
    linter = _linter(_module(planlint_rules=rules_hook([_rule(sites=frozenset({"calff"}))])))
    [problem] = _problems(linter)
    assert "sites names calff, which no injury site is" in problem


def test_a_plugin_adds_an_injury_site_with_its_keys_and_rules():
    @hookimpl
    def planlint_injury_sites():
        return [InjurySite("shoulder", "shoulder injury (dislocation, labrum)")]

    @hookimpl
    def planlint_schema_extensions():
        return [SchemaExtension(site="shoulder", defs={"exercise": {"properties": {"arm": {"enum": ["left", "right"]}}}})]

    module = _module(
        planlint_injury_sites=planlint_injury_sites,
        planlint_schema_extensions=planlint_schema_extensions,
        planlint_rules=rules_hook([_rule(sites=frozenset({"shoulder"}))]),
    )
    linter = _linter(module)
    assert _problems(linter) == []
    plan = PLAN.replace("site: other", "site: shoulder").replace("kind: strength", "kind: strength\n        arm: left")
    result = linter.lint_bytes("a.plan.yaml", plan.encode())
    assert [(f.code, f.line, f.message) for f in result.findings] == [("XY001", 9, "probe on a shoulder plan")]
    # The site's own key is still refused on other sites' plans.
    other = linter.lint_bytes("b.plan.yaml", PLAN.replace("kind: strength", "kind: strength\n        arm: left").encode())
    assert [f.code for f in other.findings] == ["PL003"]


def test_a_site_of_another_kind_is_skipped_by_rules_about_musculoskeletal_injuries():
    @hookimpl
    def planlint_injury_sites():
        return [InjurySite("heat_illness", "exertional heat illness", kind=BRAIN)]

    linter = _linter(_module(planlint_injury_sites=planlint_injury_sites))
    no_monitoring = PLAN.replace("monitoring: {max_pain_during: 2, next_morning_rule: true}\n", "")
    musculoskeletal = linter.lint_bytes("a.plan.yaml", no_monitoring.encode())
    assert "PL107" in {f.code for f in musculoskeletal.findings}
    other_kind = linter.lint_bytes("b.plan.yaml", no_monitoring.replace("site: other", "site: heat_illness").encode())
    assert "PL107" not in {f.code for f in other_kind.findings}
    assert "PL106" in {f.code for f in other_kind.findings}


def test_a_bad_injury_site_is_a_plugin_problem():
    @hookimpl
    def planlint_injury_sites():
        return [InjurySite("hamstring", "again"), InjurySite("Bad Site", "x", kind="bone"), "calf"]

    problems = _problems(_linter(_module(planlint_injury_sites=planlint_injury_sites)))
    assert problems == [
        "plugin 'xy' returned a bad injury site: the site 'hamstring' already exists",
        "plugin 'xy' returned a bad injury site: site name 'Bad Site' must be lower-case letters, digits and underscores; "
        "kind 'bone' must be one of musculoskeletal, brain",
        "plugin 'xy' returned an injury site that is not an InjurySite: 'calf'",
    ]


class CountReporter(Reporter):
    name = "count"
    description = "the number of findings"

    def report(self, findings, summary) -> None:
        self.stream.write(json.dumps({"findings": len(findings)}) + "\n")


def test_a_plugin_adds_an_output_format(tmp_path, monkeypatch):
    from click.testing import CliRunner

    import planlint.plugins
    from planlint.cli import main

    @hookimpl
    def planlint_output_formats():
        return {"count": CountReporter, "text": CountReporter}

    module = _module(planlint_output_formats=planlint_output_formats)
    import planlint.engine

    real = planlint.plugins.build_plugin_host
    for where in (planlint.plugins, planlint.engine):
        monkeypatch.setattr(where, "build_plugin_host", lambda extra_plugins=(): real(extra_plugins=[("xy", module)]))
    (tmp_path / "a.plan.yaml").write_text(PLAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--no-cache", "--format", "count", "a.plan.yaml"])
    assert result.exit_code == 3, result.stderr  # the clashing format is a plugin problem
    assert result.stdout == '{"findings": 0}\n'
    assert "plugin 'xy' returned an output format that exists already: text" in result.stderr
    unknown = CliRunner().invoke(main, ["check", "--format", "nope", "a.plan.yaml"])
    assert unknown.exit_code == 2 and "'nope' is not one of" in unknown.stderr and "'count'" in unknown.stderr


def test_a_pack_publishes_its_docs_link():
    linter = _linter(_module(planlint_docs_url=docs_hook("https://example.org/xy/rules")))
    assert linter.docs_url("xy") == "https://example.org/xy/rules"
    assert linter.docs_url("hamstring") == "https://github.com/planlint/planlint/blob/main/docs/rules.md"
    bad = _linter(_module(planlint_docs_url=docs_hook("docs/rules.md")))
    assert bad.docs_url("xy") is None
    assert _problems(bad) == ["plugin 'xy' returned a docs URL that is not an http(s) URL: 'docs/rules.md'"]


PLAN = """\
planlint: 1
id: xy-contract
title: Plugin contract test
injury: {site: other, type: other, occurred: 2026-03-14}
monitoring: {max_pain_during: 2, next_morning_rule: true}
phases:
  - id: only
sessions:
  - day: 2
    phase: only
    exercises:
      - name: Walk
        contraction: mixed
        kind: strength
"""
