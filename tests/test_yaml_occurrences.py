"""YAML anchors, aliases and merge keys (plan-format-v1, format 1.1, "YAML, stated"): each use
of an alias is its own occurrence. A finding on content reached through an alias points at the
alias, one on a key brought in by a merge at the `<<` key; a suppression at the anchor covers the
anchor's own occurrence only; fingerprints, fixes and the report follow."""

import pytest

from planlint.autofix import fix_text
from planlint.config import ConfigResolver
from planlint.engine import Linter
from planlint.htmlreport.layout import build_layout

PLAN = """\
planlint: 1.1
id: alias-plan
title: Sessions written once and reused
injury:
  site: hamstring
  type: strain
  grade: 2b
  occurred: 2026-03-14T17:30:00+01:00
monitoring: {max_pain_during: 2, next_morning_rule: true}
phases:
  - id: protect
    exit: [{test: isometric_tolerance}]
  - id: strength
sessions:
  - &gym
    day: 2
    time: "10:00"
    phase: protect
    exercises:
      - &rdl  # planlint: disable=HS003 -- supervised in the clinic, this session only
        name: Single-leg RDL
        ref: single_leg_rdl
        load: {kg: 20}
      - name: Askling extender
        ref: askling_extender
  - <<: *gym
    day: 3
  - day: 4
    time: "10:00"
    phase: protect
    exercises:
      - *rdl
      - {name: Hip thrust, ref: hip_thrust, load: {kg: 40}}
  - *gym
"""
#        line numbers of the places findings must point at
ANCHOR_LINE, MERGE_LINE, ALIAS_LINE, SESSION_ALIAS_LINE = 20, 26, 32, 34


@pytest.fixture(scope="module")
def linter():
    return Linter(ConfigResolver(search=False, overrides={"select": ("HS003", "PL005", "PL003", "PL007")}))


def findings(linter, text, code=None):
    result = linter.lint_bytes("alias.plan.yaml", text.encode("utf-8"))
    return [f for f in result.findings if code is None or f.code == code]


def test_each_occurrence_is_reported_where_it_is_used(linter):
    hs003 = findings(linter, PLAN, "HS003")
    places = sorted((f.line, f.column, f.suppressed) for f in hs003)
    assert places == [
        (ANCHOR_LINE, 9, True),  # the anchor's own occurrence, at `&rdl`: suppressed there
        (MERGE_LINE, 5, False),  # day 3 gets its exercises from the merge: at `<<`
        (ALIAS_LINE, 9, False),  # the alias *rdl on day 4
        (ALIAS_LINE + 1, 9, False),  # the hip thrust written on day 4
        (SESSION_ALIAS_LINE, 5, False),  # `- *gym`: a whole session through an alias
    ]
    by_line = {f.line: f.message for f in hs003}
    assert "'Single-leg RDL' on day 3 at 10:00" in by_line[MERGE_LINE]
    assert "'Single-leg RDL' on day 4 at 10:00" in by_line[ALIAS_LINE]
    assert "'Single-leg RDL' on day 2 at 10:00" in by_line[SESSION_ALIAS_LINE]


def test_a_suppression_at_the_anchor_covers_the_anchor_only_and_is_used(linter):
    result = findings(linter, PLAN)
    assert [f for f in result if f.code == "PL007"] == []
    suppressed = [f for f in result if f.suppressed]
    assert [(f.code, f.line, f.suppression_reason) for f in suppressed] == [
        ("HS003", ANCHOR_LINE, "supervised in the clinic, this session only")
    ]


def test_occurrences_have_their_own_fingerprints(linter):
    hs003 = findings(linter, PLAN, "HS003")
    assert len({f.fingerprint for f in hs003}) == len(hs003) == 5


def test_a_fix_edits_the_anchor_for_its_own_occurrence_never_for_an_alias(linter):
    text = PLAN.replace("    phase: protect\n    exercises:\n      - &rdl", "    phase: protec\n    exercises:\n      - &rdl")
    pl005 = findings(linter, text, "PL005")
    assert [(f.line, f.fix is not None) for f in pl005] == [(18, True), (MERGE_LINE, False), (SESSION_ALIAS_LINE, False)]
    outcome = fix_text(linter, "alias.plan.yaml", text)
    assert outcome.after == PLAN  # one edit, at the anchor, which every occurrence shares
    assert [f for f in outcome.result.findings if f.code == "PL005"] == []


def test_a_schema_fix_is_offered_only_where_the_value_is_written(linter):
    text = PLAN.replace("        load: {kg: 20}\n", "        load: {kg: 20}\n        resisted: yes\n")
    pl003 = findings(linter, text, "PL003")
    lines = sorted((f.line, f.fix.description if f.fix else None) for f in pl003)
    assert lines == [
        (24, "write true instead of 'yes'"),  # the anchor's own `resisted: yes`
        (MERGE_LINE + 1, None),
        (ALIAS_LINE + 1, None),
        (SESSION_ALIAS_LINE + 1, None),
    ]
    outcome = fix_text(linter, "alias.plan.yaml", text)
    assert outcome.after == text.replace("resisted: yes", "resisted: true")


def test_the_report_pins_each_occurrence_on_its_own_session():
    linter = Linter(ConfigResolver(search=False, overrides={"select": ("HS003",)}))
    result = linter.lint_bytes("alias.plan.yaml", PLAN.encode("utf-8"), keep_plan=True)
    layout = build_layout(result.plan, [f for f in result.findings if not f.suppressed])
    pinned = sorted((pin.finding.line, pin.session.day) for pin in layout.pins)
    assert pinned == [(MERGE_LINE, 3), (ALIAS_LINE, 4), (ALIAS_LINE + 1, 4), (SESSION_ALIAS_LINE, 2)]


def test_a_baseline_matches_each_occurrence_after_lines_move(linter, tmp_path):
    from planlint.baseline import Baseline

    before = findings(linter, PLAN, "HS003")
    baseline = Baseline.of(tmp_path / "baseline.json", before)
    moved = PLAN.replace("sessions:\n", "sessions:\n  # the gym programme, written once and reused\n")
    after = findings(linter, moved, "HS003")
    assert sorted(f.line for f in after) == sorted(f.line + 1 for f in before)
    marked, stale = baseline.apply({"alias.plan.yaml": after})
    assert stale == [] and all(f.suppressed for f in marked["alias.plan.yaml"])
    # A new alias occurrence of the same anchor is a new finding, not one the baseline covers.
    grown = moved + "  - <<: *gym\n    day: 6\n"
    marked, _ = baseline.apply({"alias.plan.yaml": findings(linter, grown, "HS003")})
    assert [f.line for f in marked["alias.plan.yaml"] if not f.suppressed] == [PLAN.count("\n") + 2]
