"""Regressions for defects found in review: each asserts the exact behaviour now required."""

from pathlib import Path

import pytest
from plan_edits import edit, run, write

from planlint.engine import Linter, lint_text

BASE = (Path(__file__).parent / "fixtures" / "edge" / "base.plan.yaml").read_text(encoding="utf-8")
# An ankle plan: no injury pack checks it (the calf has the muscle pack), so the general rules alone speak.
CALF = """\
planlint: 1
id: calf
title: Ankle plan
injury: {site: ankle, type: sprain, occurred: 2026-03-14}
monitoring: {max_pain_during: 3, next_morning_rule: true}
phases: [{id: one}]
sessions:
  - day: 1
    phase: one
    exercises:
      - {name: Calf raise, kind: strength, contraction: mixed, load: LOAD}
"""


def found(text, **kwargs):
    return [(f.code, f.line) for f in lint_text(text, **kwargs).findings]


def test_base_plan_gives_only_the_grade_finding():
    assert found(BASE) == [("HS007", 46)]


def test_load_with_an_extension_key():
    assert found(CALF.replace("LOAD", '{rpe: 4, x-note: "felt easy"}')) == []


def test_dates_outside_sane_years_are_schema_findings():
    text = CALF.replace("LOAD", "bodyweight").replace(
        "injury: {site: ankle, type: sprain, occurred: 2026-03-14}",
        "injury:\n  site: ankle\n  type: sprain\n  occurred: 9999-12-31T10:00:00+05:00",
    )
    text = text.replace("  - day: 1\n", "  - at: 9999-12-31T22:00:00-05:00\n")
    findings = lint_text(text).findings
    assert [(f.code, f.line) for f in findings] == [("PL003", 7), ("PL003", 11)]
    assert "outside the years 1900-2999" in findings[0].message


def test_whole_number_floats_are_numbers_like_any_other():
    assert found(BASE.replace("grade: 2b", "grade: 2.0")) == [("HS007", 46)]


def test_at_instants_in_different_offsets_are_compared_as_instants():
    text = """\
planlint: 1
id: tz
title: Offsets
injury: {site: hamstring, type: strain, occurred: 2026-03-14}
monitoring: {max_pain_during: 3, next_morning_rule: true}
phases: [{id: protect, exit: [{test: askling_h_test}]}, {id: return}]
sessions:
  - at: 2026-03-18T08:00:00-05:00
    phase: protect
    checks: [{test: isometric_tolerance}]
    exercises: [{name: Nordic, ref: nordic_hamstring_curl}, {name: Foam, ref: foam_rolling}]
  - at: 2026-03-18T10:00:00+01:00
    phase: protect
    exercises: [{name: Loaded RDL, ref: single_leg_rdl, load: {percent_1rm: 40}}]
"""
    # 08:00 at -05:00 is 14:00 at +01:00: the check comes after the loaded RDL.
    assert ("HS003", 14) in found(text)


def test_structural_errors_are_reported_whatever_the_selection(tmp_path):
    plan = write(tmp_path, "dup.plan.yaml", BASE.replace("title: Base\n", "title: Base\ntitle: Again\n"))
    result = run("check", "--select", "HS001", plan)
    assert result.exit_code == 1
    assert f"{plan}:4:1: PL002 error" in result.output


def test_a_configured_grade_table_adds_to_the_default(tmp_path):
    write(tmp_path, "planlint.toml", '[rules.HS007]\nmin-days = { "2a" = 21 }\n')
    plan = write(tmp_path, "p.plan.yaml", BASE)
    result = run("check", "--format", "json", plan)
    assert '"code": "HS007"' in result.output


def test_a_bad_grade_table_value_is_a_configuration_error(tmp_path):
    write(tmp_path, "planlint.toml", '[rules.HS007]\nmin-days = { "2b" = "three weeks" }\n')
    result = run("check", write(tmp_path, "p.plan.yaml", BASE))
    assert result.exit_code == 2
    assert "entry '2b' must be a number of at least 0" in result.output


def test_per_file_ignore_codes_are_checked(tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.planlint]\nper-file-ignores = { "*.plan.yaml" = ["PL15"] }\n')
    result = run("check", write(tmp_path, "p.plan.yaml", BASE))
    assert result.exit_code == 2
    assert "'PL15' matches no rule code" in result.output


def test_extend_select_on_the_command_line_adds_to_the_file(tmp_path):
    write(tmp_path, "planlint.toml", 'select = ["HS"]\nextend-select = ["PL1"]\n')
    plan = write(tmp_path, "p.plan.yaml", BASE.replace("  next_morning_rule: true\n", ""))
    assert "PL107" in run("check", plan).output
    assert "PL107" in run("check", "--extend-select", "PL004", plan).output


def test_a_bad_command_line_code_is_blamed_on_the_flag(tmp_path):
    write(tmp_path, "planlint.toml", 'ignore = ["HS008"]\n')
    result = run("check", "--select", "XY", write(tmp_path, "p.plan.yaml", BASE))
    assert result.exit_code == 2
    assert "planlint: error: --select: 'XY' matches no rule code" in result.output


def test_pl0xx_codes_can_be_configured_and_silenced(tmp_path):
    write(tmp_path, "planlint.toml", '[rules.PL007]\nseverity = "error"\n')
    text = "# planlint: disable-file=PL007 -- stale on purpose\n" + BASE.replace(
        "      - name: Bridge\n", "      - name: Bridge  # planlint: disable=HS009\n"
    )
    plan = write(tmp_path, "p.plan.yaml", text)
    result = run("check", "--show-suppressed", plan)
    assert "PL007 error suppression of HS009 is unused" in result.output
    assert "[suppressed: stale on purpose]" in result.output
    plain = run("check", plan)
    assert "PL007" not in plain.output


def test_always_reported_codes_cannot_be_disabled(tmp_path):
    write(tmp_path, "planlint.toml", "[rules.PL003]\nenabled = false\n")
    result = run("check", write(tmp_path, "p.plan.yaml", BASE))
    assert result.exit_code == 2
    assert "PL003 cannot be disabled" in result.output


def test_control_character_position_and_one_line_message():
    [finding] = lint_text('planlint: 1\nid: ctl\ntitle: Control\nauthor: "Dr \x01 X"\n').findings
    assert (finding.code, finding.line, finding.column) == ("PL001", 4, 13)
    assert finding.message == "invalid YAML: the control character U+0001 is not allowed in a YAML file; remove it"


def test_explain_shows_options_as_written_in_configuration():
    result = run("explain", "PL107")
    assert "max-window = 72h:" in result.output


def test_reason_stops_at_another_comment(tmp_path):
    text = edit(BASE, "      - name: Team\n", "      - name: Team  # planlint: disable=HS009 # TODO -- later\n")
    text = edit(
        text,
        "  - id: strength\n    exit:\n      - test: strength_symmetry\n        min_lsi: 90\n",
        "  - id: strength\n    exit:\n",
    )
    findings = lint_text(text).findings
    suppressed = [f for f in findings if f.suppressed]
    assert [(f.code, f.suppression_reason) for f in suppressed] == [("HS009", None)]


def test_a_session_before_the_injury_is_not_described_as_after_it():
    text = edit(BASE, "  - day: 2\n    phase: protect\n", '  - day: -2\n    time: "10:00"\n    phase: protect\n')
    text = edit(
        text,
        "      - name: Foam\n        ref: foam_rolling\n",
        "      - name: Foam\n        ref: foam_rolling\n      - name: Strides\n        ref: flying_sprint\n",
    )
    [finding] = [f for f in lint_text(text).findings if f.code == "HS001"]
    assert "on day -2 at 10:00 is before the injury (counted as 0 h after it)" in finding.message


def test_disable_file_fix_it_names_disable_file(tmp_path):
    write(tmp_path, "planlint.toml", "require-suppression-reason = true\n")
    plan = write(tmp_path, "p.plan.yaml", "# planlint: disable-file=PL105\n" + BASE)
    assert "write `# planlint: disable-file=PL105 -- why`" in run("check", plan).output


def test_parallel_linter_is_reusable():
    linter = Linter()
    assert [f.code for f in linter.lint_bytes("a.plan.yaml", BASE.encode()).findings] == ["HS007"]


@pytest.mark.parametrize("count, jobs", [(64, 2), (64, 8), (1000, 2), (1000, 32), (65, 3), (10_000, 4)])
def test_parallel_tasks_cover_every_file_once_in_order_and_shrink_towards_the_end(count, jobs):
    from planlint.parallel import CHUNK, _chunks

    chunks = _chunks(count, jobs)
    assert chunks[0][0] == 0 and chunks[-1][1] == count
    assert all(stop == next_start for (_, stop), (next_start, _) in zip(chunks, chunks[1:]))
    sizes = [stop - start for start, stop in chunks]
    assert all(1 <= size <= CHUNK for size in sizes)
    assert sizes == sorted(sizes, reverse=True)  # large first, small last
    assert sizes[-1] == 1 and max(sizes) == min(CHUNK, max(1, count // (4 * jobs)))
