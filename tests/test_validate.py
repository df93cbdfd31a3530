"""Structural findings through the whole pipeline: exact codes, positions and messages."""

from pathlib import Path

import pytest

from planlint.engine import lint_text
from planlint.run import lint_file
from planlint.testing import RuleTester


def structural(text):
    return [(f.code, f.line, f.column, f.message) for f in lint_text(text).findings if f.code.startswith("PL00")]


def test_minimal_plan_is_structurally_valid(minimal_plan):
    assert structural(minimal_plan) == []


def test_unknown_key_points_at_key_and_suggests(minimal_plan):
    text = minimal_plan.replace("    phase: protect\n", "    phase: protect\n    excercises: []\n")
    [(code, line, column, message)] = structural(text)
    assert (code, line, column) == ("PL003", 13, 5)
    assert "session 1 (day 2): unknown key 'excercises' (did you mean 'exercises'?)" in message


def test_wrong_enum_lists_allowed_values(minimal_plan):
    text = minimal_plan.replace(
        "        ref: isometric_bridge\n", "        ref: isometric_bridge\n        contraction: eccentrik\n"
    )
    [(code, line, column, message)] = structural(text)
    assert (code, line, column) == ("PL003", 16, 9)
    assert message == (
        "session 1 (day 2), exercise 'Isometric bridge': contraction 'eccentrik' is not allowed; "
        "use one of: isometric, concentric, eccentric, mixed, none (did you mean 'eccentric'?)"
    )


def test_duration_in_metres_suggests_minutes(minimal_plan):
    text = minimal_plan.replace("    phase: protect\n", "    phase: protect\n    duration: 30m\n")
    [(_, line, column, message)] = structural(text)
    assert (line, column) == (13, 5)
    assert message.endswith("duration '30m' uses 'm', which planlint reads as metres (a distance); for minutes write '30min'")


def test_time_as_number(minimal_plan):
    text = minimal_plan.replace("  - day: 2\n", "  - day: 2\n    time: 9\n")
    [(_, line, column, message)] = structural(text)
    assert (line, column) == (12, 5)
    assert 'write the time in quotes, e.g. time: "09:00"' in message


def test_missing_required_points_at_parent(minimal_plan):
    text = minimal_plan.replace("    phase: protect\n", "")
    [(_, line, column, message)] = structural(text)
    assert (line, column) == (11, 5)
    assert message == "session 1 (day 2): missing required key 'phase'"


def test_missing_top_level_key_at_line_one(minimal_plan):
    text = minimal_plan.replace("title: Minimal hamstring plan\n", "")
    assert structural(text) == [("PL003", 1, 1, "plan: missing required key 'title'")]


def test_day_and_at_together(minimal_plan):
    text = minimal_plan.replace("  - day: 2\n", "  - day: 2\n    at: 2026-03-16T10:00:00+01:00\n")
    [(_, line, _, message)] = structural(text)
    assert line == 12 and "has both `day` and `at`" in message


def test_time_without_day(minimal_plan):
    text = minimal_plan.replace("  - day: 2\n", '  - at: 2026-03-16T10:00:00+01:00\n    time: "09:00"\n')
    [(_, line, _, message)] = structural(text)
    assert line == 12 and "`time` goes with `day`" in message


def test_impossible_date(minimal_plan):
    text = minimal_plan.replace("2026-03-14T17:30:00+01:00", "2026-02-30")
    [(code, line, column, message)] = structural(text)
    assert (code, line, column) == ("PL003", 7, 3)
    assert "not a real date" in message


def test_duplicate_phase_ids(minimal_plan):
    text = minimal_plan.replace("  - id: protect\n", "  - id: protect\n    exit: [{test: mobility}]\n  - id: protect\n")
    [(_, line, _, message)] = structural(text)
    assert line == 11 and "phase id 'protect' is used twice" in message


def test_root_not_a_mapping():
    assert [(c, line) for c, line, _, _ in structural("- a\n- b\n")] == [("PL003", 1)]
    assert structural("just text\n")[0][3].startswith("a plan must be a mapping")


@pytest.mark.parametrize("version", ["2", "'1'", "1.0", "true", "1.2", "'1.1'", "1.1.0"])
def test_unsupported_version_alone(minimal_plan, version):
    text = minimal_plan.replace("planlint: 1\n", f"planlint: {version}\nunknown_key: 1\n")
    findings = lint_text(text).findings
    assert [(f.code, f.line, f.column) for f in findings] == [("PL006", 1, 1)]
    assert "this planlint reads versions 1 and 1.1 (write `planlint: 1.1`, a number without quotes)" in findings[0].message


def test_version_1_1_is_read(minimal_plan):
    text = minimal_plan.replace("planlint: 1\n", "planlint: 1.1\ntimezone: Europe/London\n")
    assert not [f for f in lint_text(text).findings if f.code in ("PL003", "PL006")]


def test_schema_errors_skip_semantic_rules(minimal_plan):
    text = minimal_plan.replace("    phase: protect\n", "    phase: protect\n    bogus: 1\n")
    assert {f.code for f in lint_text(text).findings} == {"PL003"}


def test_unknown_phase_points_at_phase_key(minimal_plan):
    text = minimal_plan.replace("    phase: protect\n", "    phase: protec\n")
    [finding] = RuleTester("PL005").lint(text).findings
    assert (finding.code, finding.line, finding.column) == ("PL005", 12, 5)
    assert (
        "names phase 'protec', which the plan does not define; use one of: protect (did you mean 'protect'?)" in finding.message
    )


def test_unknown_exercise(minimal_plan):
    text = minimal_plan.replace("ref: isometric_bridge", "ref: isometric_bridg")
    [finding] = RuleTester("PL004").lint(text).findings
    assert (finding.code, finding.line, finding.column) == ("PL004", 14, 9)
    assert "refers to 'isometric_bridg', which no exercise catalog knows" in finding.message
    assert "(did you mean 'isometric_bridge'?)" in finding.message


def test_inline_fields_make_unknown_ref_fine(minimal_plan):
    text = minimal_plan.replace(
        "ref: isometric_bridge", "ref: club_bridge\n        contraction: isometric\n        kind: strength"
    )
    assert RuleTester("PL004").lint(text).findings == []


@pytest.mark.parametrize(
    "written, hint",
    [
        ("20kg", "write {kg: 20}"),
        ("70%", "write {percent_1rm: 70}"),
        ("rpe 6", "write {rpe: 6}"),
        ("heavy", "write one of {rpe: 1..10}"),
    ],
)
def test_load_written_as_text_gets_the_mapping_to_write(minimal_plan, written, hint):
    text = minimal_plan.replace("        ref: isometric_bridge\n", f"        ref: isometric_bridge\n        load: {written}\n")
    [(_, line, column, message)] = structural(text)
    assert (line, column) == (16, 9)
    assert f"exercise 'Isometric bridge': load '{written}' is not allowed; {hint}" in message


@pytest.mark.parametrize(
    "key, written, expected",
    [
        ("hold", "30", "hold 30 has no unit; write it with one, e.g. 30s, 5min, 36h, 3d or 2w"),
        ("intensity", "fast", "intensity 'fast' is not a number with a unit; write e.g. 70%"),
        ("distance", "30s", "distance '30s' is a duration; a distance is in m or km, e.g. 30m or 1.2km"),
    ],
)
def test_unit_messages_name_the_key(minimal_plan, key, written, expected):
    text = minimal_plan.replace("        ref: isometric_bridge\n", f"        ref: isometric_bridge\n        {key}: {written}\n")
    [(_, _, _, message)] = structural(text)
    assert message.endswith(expected)


def test_gate_written_as_a_bare_name(minimal_plan):
    text = minimal_plan.replace("  - id: protect\n", "  - id: protect\n    exit:\n      - pain_free_walking\n")
    [(_, line, column, message)] = structural(text)
    assert (line, column) == (11, 9)
    assert message.endswith("found the text 'pain_free_walking'; write `- test: pain_free_walking`")


def test_a_concussion_plan_without_the_concussion_plugin_names_the_plugin_to_install():
    """planlint knows its first-party plugins: `stage` on a concussion plan says which one is missing."""
    from planlint.config import ConfigResolver
    from planlint.engine import Linter
    from planlint.plugins import build_plugin_host

    host = build_plugin_host()
    if host.manager.has_plugin("concussion"):
        host.manager.unregister(name="concussion")
    linter = Linter(ConfigResolver(search=False), host=host)
    example = Path(__file__).resolve().parent.parent / "examples" / "concussion-community-football.plan.yaml"
    findings = lint_file(linter, str(example)).findings
    assert {f.code for f in findings} == {"PL003"} and len(findings) == 6
    assert all(
        "unknown key 'stage' (`stage` comes from the planlint-concussion plugin for concussion plans, which is not "
        'installed: pip install "planlint-concussion @ git+https://github.com/planlint/planlint#subdirectory=plugins/planlint-concussion" '
        "(from a checkout: pip install ./plugins/planlint-concussion; in the pre-commit hook: "
        'additional_dependencies: ["./plugins/planlint-concussion"]))' in f.message
        for f in findings
    )


def test_non_finite_numbers_are_found_under_aliases_too():
    text = (
        "planlint: 1\nid: x\ntitle: x\ninjury: {site: calf, type: strain, occurred: 2026-03-14}\n"
        "monitoring: {max_pain_during: &pain .nan}\nphases: [{id: a}]\n"
        "sessions:\n  - day: 1\n    phase: a\n    rpe: *pain\n"
    )
    findings = [f for f in lint_text(text).findings if f.code == "PL003"]
    assert [(f.line, "must be a finite number" in f.message) for f in findings] == [(5, True), (10, True)]


@pytest.mark.parametrize("value", ["true", "3", "text", "{test: hop_battery}", "[1, [hop_battery]]"])
def test_the_format_1_1_key_check_reads_any_shape_of_value(minimal_plan, value):
    """Found by the long fuzz run: the check for 1.1 keys in a version 1 file runs before the
    schema has a say, so a gate list may be anything (`checks: true`)."""
    text = minimal_plan.replace("    phase: protect\n", f"    phase: protect\n    checks: {value}\n", 1)
    findings = lint_text(text).findings
    assert findings and {f.code for f in findings} == {"PL003"}
