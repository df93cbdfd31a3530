"""A misbehaving plugin is reported with its name; it never takes the run down."""

from pathlib import Path

from planlint.engine import Linter
from planlint.findings import Severity
from planlint.hookspecs import hookimpl
from planlint.plugins import build_plugin_host
from planlint.rules.rule import Rule
from planlint.schema import SchemaExtension

PLAN = (Path(__file__).parent / "fixtures" / "edge" / "base.plan.yaml").read_bytes()


class SloppyRule(Rule):
    code, name, severity = "ZZ001", "sloppy", Severity.WARNING
    summary = why = instead = "x"

    def check(self, plan, ctx):
        yield "not a violation"


class BadPlugin:
    @hookimpl
    def planlint_rules(self):
        return [SloppyRule()]

    @hookimpl
    def planlint_schema_extensions(self):
        return [SchemaExtension("hamstring", {"no_such_def": {"properties": {"x": {}}}}), "nonsense"]

    @hookimpl
    def planlint_exercise_catalog(self):
        return {"weird": {"contraction": "sideways", "kind": "strength"}}


def test_bad_contributions_become_plugin_problems():
    linter = Linter(host=build_plugin_host(extra_plugins=[("bad", BadPlugin())]))
    problems = [problem.describe() for problem in linter.host.problems]
    assert problems == [
        "plugin 'bad' extends unknown schema definitions: no_such_def (known: athlete, date_or_datetime, datetime, "
        "distance, duration, exercise, gate, injury, load, monitoring, percent, phase, progress, repeat, session, slug, template, "
        "time_of_day)",
        "plugin 'bad' returned a schema extension that is not a SchemaExtension: 'nonsense'",
        "plugin 'bad' returned a bad exercise catalog entry: plugin 'bad': catalog entry 'weird' has contraction "
        "'sideways'; allowed: concentric, eccentric, isometric, mixed, none",
    ]
    result = linter.lint_bytes("base.plan.yaml", PLAN)
    assert result.crashed
    internal = [f for f in result.findings if f.code == "PL000"]
    assert len(internal) == 1 and "rule ZZ001 (sloppy) from plugin 'bad' crashed" in internal[0].message
    assert "yielded 'not a violation'" in internal[0].message
    assert [f.code for f in result.findings if f.code != "PL000"] == ["HS007"]


def test_schema_extension_that_is_not_valid_json_schema_is_a_plugin_problem():
    from planlint.plugins import _extension_problem
    from planlint.schema import SchemaExtension, base_schema

    known = set(base_schema()["$defs"])
    invalid = SchemaExtension("hamstring", {"phase": {"properties": {"stage": {"type": 5}}}})
    what, detail = _extension_problem(invalid, known)
    assert what == "makes the schema invalid" and "5 is not valid" in detail
    assert (
        _extension_problem(SchemaExtension("hamstring", {"phase": {"properties": {"stage": {"type": "integer"}}}}), known) is None
    )
