"""check_pack must fail a pack that does not conform: these tests give it broken packs.

If check_pack reported nothing (or skipped running the fixtures), every test here fails.
"""

from __future__ import annotations

import types
from pathlib import Path

import pytest

from planlint.api import Evidence, Option, Rule, Severity, Violation, number, rules_hook
from planlint.docs import pack_reference
from planlint.plugins import build_plugin_host
from planlint.testing import RuleTester, check_pack, expected_markers, pack_problems

PLAN = """\
planlint: 1
id: xy-test
title: XY test
injury: {{site: other, type: other, occurred: 2026-03-14}}
monitoring: {{max_pain_during: 2, next_morning_rule: true}}
phases:
  - id: only
sessions:
  - day: {day}
    phase: only
    exercises:
      - name: Walk  {marker}
        kind: conditioning
        contraction: mixed
"""


def _pack(message=lambda session: f"session on day {session.day} is before day 5", *, evidence=True):
    class TooEarly(Rule):
        code, name, severity = "XY001", "too-early", Severity.WARNING
        summary = "A session comes too early."
        why = "Because."
        instead = "Move it."
        min_day = Option("min-day", 5, number(), "first day allowed")

        def check(self, plan, ctx):
            for session in plan.sessions:
                if session.day < ctx[self.min_day]:
                    yield Violation(session.exercises[0].span, message(session))

    TooEarly.evidence = (Evidence("heuristic", "A made-up floor for this test."),) if evidence else ()
    module = types.ModuleType("xy_pack")
    module.planlint_rules = rules_hook([TooEarly])
    return build_plugin_host(extra_plugins=[("xy", module)])


def _fixtures(tmp_path: Path, fail_marker='# expect: XY001 "on day 2 is before day 5"') -> Path:
    folder = tmp_path / "fixtures" / "XY001"
    folder.mkdir(parents=True)
    (folder / "fail_day_2.plan.yaml").write_text(PLAN.format(day=2, marker=fail_marker), encoding="utf-8")
    (folder / "pass_day_5.plan.yaml").write_text(PLAN.format(day=5, marker=""), encoding="utf-8")
    return folder.parent


def _reference(tmp_path: Path, host) -> Path:
    from planlint.config import ConfigResolver
    from planlint.engine import Linter

    path = tmp_path / "rules.md"
    path.write_text(pack_reference(["xy"], Linter(ConfigResolver(search=False), host=host)), encoding="utf-8")
    return path


def test_a_conforming_pack_passes(tmp_path):
    host = _pack()
    check_pack("xy", _fixtures(tmp_path), _reference(tmp_path, host), host=host)


def test_a_constant_message_fails_the_pack(tmp_path):
    host = _pack(message=lambda session: "too early")
    problems = pack_problems("xy", _fixtures(tmp_path), host=host)
    assert len(problems) == 1
    assert "fail_day_2.plan.yaml: these messages were expected and not found" in problems[0]
    with pytest.raises(AssertionError, match="the rule pack does not conform"):
        check_pack("xy", _fixtures(tmp_path / "again"), host=host)


def test_a_rule_that_reports_nothing_fails_the_pack(tmp_path):
    host = _pack()
    fixtures = _fixtures(tmp_path)
    (fixtures / "XY001" / "fail_day_2.plan.yaml").write_text(
        PLAN.format(day=7, marker='# expect: XY001 "on day 7"'), encoding="utf-8"
    )
    [problem] = pack_problems("xy", fixtures, host=host)
    assert "fail_day_2.plan.yaml: expected [('XY001', 12)], got []" in problem


def test_a_marker_that_pins_no_message_is_refused(tmp_path):
    host = _pack()
    [problem] = pack_problems("xy", _fixtures(tmp_path, fail_marker="# expect: XY001"), host=host)
    assert "line 12: the marker must pin the message" in problem


def test_missing_fixtures_evidence_and_a_stale_reference_are_each_reported(tmp_path):
    host = _pack(evidence=False)
    fixtures = _fixtures(tmp_path)
    (fixtures / "XY001" / "pass_day_5.plan.yaml").unlink()
    (fixtures / "XY999").mkdir()
    stale = tmp_path / "stale.md"
    stale.write_text("# old page\n", encoding="utf-8")
    problems = pack_problems("xy", fixtures, stale, host=host)
    assert "XY001: cites no evidence" in problems
    assert any(p.startswith("XY001: no pass_*.plan.yaml fixture in") for p in problems)
    assert any(p.endswith("fixtures for XY999, which none of these packs has") for p in problems)
    assert any(p.startswith(f"{stale} is not current") for p in problems)


def test_markers_read_codes_fragments_and_escaped_quotes():
    text = 'a: 1  # expect: HS001 "is 15.5 h" "at least 36 h", HS005 "say \\"stop\\""\nb: 2\n'
    markers = expected_markers(text)
    assert [tuple(m) for m in markers] == [("HS001", 1), ("HS005", 1)]
    assert [m.fragments for m in markers] == [("is 15.5 h", "at least 36 h"), ('say "stop"',)]
    with pytest.raises(AssertionError, match="cannot read the marker"):
        expected_markers("a: 1  # expect: HS001 unquoted words\n")


def test_fragments_must_appear_in_order():
    tester = RuleTester("XY001", host=_pack())
    text = PLAN.format(day=2, marker='# expect: XY001 "before day 5" "on day 2"')
    with pytest.raises(AssertionError, match="expected and not found"):
        tester.assert_fixture_text(text, "fail_order.plan.yaml")
