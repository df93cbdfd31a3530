"""Inline suppressions (spec: "Suppressions" and PL007).

``# planlint: disable=CODES -- reason`` at the end of the line a finding points
at, or alone on the line directly above; ``disable-file=`` anywhere. A listed
code that silences nothing is PL007 at the comment (the column of its ``#``).
"""

from __future__ import annotations

import json

import pytest
from plan_edits import (
    UNSAFE_EXAMPLE,
    edit,
    minimal_text,
    rows,
    run,
    write,
)

from planlint.engine import Linter, lint_text

SPRINT_LINE = 35  # "      - name: Flying sprint" in sprint_text()
SPRINT_ITEM = "      - name: Flying sprint\n"
EOL_COLUMN = 30  # the '#' of a comment written two spaces after "      - name: Flying sprint"


# ---------------------------------------------------------------- helpers


def sprint_text() -> str:
    """The minimal plan with a sprint 31.5 h after the injury: HS001 at line 35, column 9."""
    text = edit(minimal_text(), 'time: "10:00"', 'time: "01:00"')
    return edit(
        text,
        "        ref: single_leg_balance\n",
        "        ref: single_leg_balance\n" + SPRINT_ITEM + "        ref: flying_sprint\n        intensity: 60%\n",
    )


def on_sprint_line(comment: str) -> str:
    """The sprint plan with ``comment`` at the end of the sprint item's line."""
    return edit(sprint_text(), SPRINT_ITEM, SPRINT_ITEM.rstrip("\n") + "  " + comment + "\n")


def found(output: str) -> list[tuple[str, int, int]]:
    return [(r["code"], int(r["line"]), int(r["col"])) for r in rows(output)]


def check(tmp_path, text: str, *options: str, name: str = "plan.plan.yaml"):
    plan = write(tmp_path, name, text)
    return run("check", *options, plan)


# ---------------------------------------------------------------- the baseline


def test_the_sprint_plan_has_exactly_one_finding(tmp_path):
    result = check(tmp_path, sprint_text())
    assert result.exit_code == 1
    assert found(result.stdout) == [("HS001", SPRINT_LINE, 9)]


# ---------------------------------------------------------------- where a suppression applies


def test_end_of_line_suppression_silences_the_finding(tmp_path):
    result = check(tmp_path, on_sprint_line("# planlint: disable=HS001 -- cleared by the club doctor"))
    assert result.exit_code == 0, result.output
    assert found(result.stdout) == []
    assert result.stdout.splitlines()[-1] == "Checked 1 file: 0 errors, 0 warnings, 0 info (1 suppressed)."


def test_show_suppressed_lists_the_finding_with_its_reason(tmp_path):
    result = check(tmp_path, on_sprint_line("# planlint: disable=HS001 -- cleared by the club doctor"), "--show-suppressed")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert found(result.stdout) == [("HS001", SPRINT_LINE, 9)]
    assert lines[0].endswith("hamstring strain [suppressed: cleared by the club doctor]")
    assert lines[-1] == "Checked 1 file: 0 errors, 0 warnings, 0 info (1 suppressed)."


def test_show_suppressed_in_json_has_the_reason(tmp_path):
    plan = write(tmp_path, "plan.plan.yaml", on_sprint_line("# planlint: disable=HS001 -- cleared by the club doctor"))
    result = run("check", "--format", "json", "--show-suppressed", plan)
    assert result.exit_code == 0
    (item,) = json.loads(result.stdout)
    assert (item["code"], item["line"], item["column"]) == ("HS001", SPRINT_LINE, 9)
    assert item["suppressed"] is True
    assert item["suppression_reason"] == "cleared by the club doctor"


def test_json_without_show_suppressed_leaves_suppressed_findings_out(tmp_path):
    plan = write(tmp_path, "plan.plan.yaml", on_sprint_line("# planlint: disable=HS001 -- ok"))
    result = run("check", "--format", "json", plan)
    assert json.loads(result.stdout) == []


def test_json_show_suppressed_marks_active_findings_too(tmp_path):
    text = on_sprint_line("# planlint: disable=HS001 -- ok")
    text = edit(text, "  next_morning_rule: true\n", "")  # PL107 at `monitoring`, line 11
    plan = write(tmp_path, "plan.plan.yaml", text)
    items = json.loads(run("check", "--format", "json", "--show-suppressed", plan).stdout)
    assert [(i["code"], i["line"], i["suppressed"], i["suppression_reason"]) for i in items] == [
        ("PL107", 11, False, None),
        ("HS001", SPRINT_LINE - 1, True, "ok"),
    ]


def test_suppression_without_reason_shows_no_reason(tmp_path):
    result = check(tmp_path, on_sprint_line("# planlint: disable=HS001"), "--show-suppressed")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].endswith("hamstring strain [suppressed]")


def test_comment_alone_on_the_line_above(tmp_path):
    text = edit(sprint_text(), SPRINT_ITEM, "      # planlint: disable=HS001 -- physio signed off\n" + SPRINT_ITEM)
    result = check(tmp_path, text, "--show-suppressed")
    assert result.exit_code == 0, result.output
    assert found(result.stdout) == [("HS001", SPRINT_LINE + 1, 9)]
    assert result.stdout.splitlines()[0].endswith("[suppressed: physio signed off]")


def test_comment_above_applies_at_any_indentation(tmp_path):
    text = edit(sprint_text(), SPRINT_ITEM, "# planlint: disable=HS001 -- x\n" + SPRINT_ITEM)
    assert check(tmp_path, text).exit_code == 0


def test_comment_two_lines_above_does_not_apply(tmp_path):
    text = edit(sprint_text(), SPRINT_ITEM, "      # planlint: disable=HS001 -- x\n\n" + SPRINT_ITEM)
    result = check(tmp_path, text)
    assert result.exit_code == 1
    assert found(result.stdout) == [("PL007", SPRINT_LINE, 7), ("HS001", SPRINT_LINE + 2, 9)]
    assert rows(result.stdout)[0]["message"] == (
        f"suppression of HS001 is unused: no HS001 finding on line {SPRINT_LINE + 1}; remove it"
    )


def test_end_of_line_comment_on_the_previous_line_does_not_apply_below(tmp_path):
    text = edit(
        sprint_text(),
        "        ref: single_leg_balance\n",
        "        ref: single_leg_balance  # planlint: disable=HS001 -- x\n",
    )
    result = check(tmp_path, text)
    assert found(result.stdout) == [("PL007", SPRINT_LINE - 1, 34), ("HS001", SPRINT_LINE, 9)]


def test_suppression_on_a_later_line_of_the_same_exercise_does_not_apply(tmp_path):
    text = edit(sprint_text(), "        ref: flying_sprint\n", "        ref: flying_sprint  # planlint: disable=HS001 -- x\n")
    result = check(tmp_path, text)
    assert found(result.stdout) == [("HS001", SPRINT_LINE, 9), ("PL007", SPRINT_LINE + 1, 29)]


def test_suppression_silences_only_its_own_line(tmp_path):
    text = on_sprint_line("# planlint: disable=HS001 -- x")
    second = "      - name: Second sprint\n        ref: acceleration_sprint\n        intensity: 60%\n"
    text = edit(text, "  - day: 5\n", second + "  - day: 5\n")
    result = check(tmp_path, text)
    assert found(result.stdout) == [("HS001", SPRINT_LINE + 3, 9)]


@pytest.mark.parametrize("where", ["top", "bottom", "middle"])
def test_disable_file_anywhere(tmp_path, where):
    comment = "# planlint: disable-file=HS001 -- sprint exposure agreed with the doctor\n"
    text = sprint_text()
    if where == "top":
        text = comment + text
    elif where == "bottom":
        text = text + comment
    else:
        text = edit(text, "  - day: 5\n", "    " + comment + "  - day: 5\n")
    result = check(tmp_path, text, "--show-suppressed")
    assert result.exit_code == 0, result.output
    assert [r["code"] for r in rows(result.stdout)] == ["HS001"]
    assert result.stdout.splitlines()[0].endswith("[suppressed: sprint exposure agreed with the doctor]")


def test_disable_file_silences_every_finding_of_that_code(tmp_path):
    text = sprint_text() + "# planlint: disable-file=HS001\n"
    second = "      - name: Second sprint\n        ref: acceleration_sprint\n        intensity: 60%\n"
    text = edit(text, "  - day: 5\n", second + "  - day: 5\n")
    result = check(tmp_path, text)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "Checked 1 file: 0 errors, 0 warnings, 0 info (2 suppressed)."


def test_disable_file_in_the_unsafe_example(tmp_path):
    text = UNSAFE_EXAMPLE.read_text(encoding="utf-8") + "# planlint: disable-file=HS004,PL104,PL105 -- reviewed\n"
    result = check(tmp_path, text)
    assert [r["code"] for r in rows(result.stdout)] == ["PL107", "HS001", "HS003", "HS005"]
    assert result.stdout.splitlines()[-1] == "Checked 1 file: 3 errors, 1 warning, 0 info (3 suppressed)."


def test_directive_at_the_end_of_a_comment_line_one(tmp_path):
    lines = UNSAFE_EXAMPLE.read_text(encoding="utf-8").split("\n")
    assert lines[0].startswith("# yaml-language-server:")
    lines[0] += "  # planlint: disable=HS004 -- eccentric work is in the gym programme"
    result = check(tmp_path, "\n".join(lines), "--show-suppressed")
    (hs004,) = [r for r in rows(result.stdout) if r["code"] == "HS004"]
    assert hs004["message"].endswith("[suppressed: eccentric work is in the gym programme]")
    assert "PL007" not in [r["code"] for r in rows(result.stdout)]


def test_end_of_line_suppression_on_line_one(tmp_path):
    text = edit(minimal_text(), "      - name: Balance\n        ref: single_leg_balance\n", "")  # HS008 at 1:1
    assert found(check(tmp_path, text).stdout) == [("HS008", 1, 1)]
    text = "planlint: 1  # planlint: disable=HS008 -- no balance work\n" + edit(text, "planlint: 1\n", "")
    result = check(tmp_path, text)
    assert result.exit_code == 0
    assert found(result.stdout) == []
    assert "(1 suppressed)" in result.stdout


# ---------------------------------------------------------------- code lists


def _plyometric_text() -> str:
    """An early plyometric exercise: HS002, HS003 and HS006 all point at its line (35)."""
    text = edit(minimal_text(), 'time: "10:00"', 'time: "01:00"')
    return edit(
        text,
        "        ref: single_leg_balance\n",
        "        ref: single_leg_balance\n      - name: Bounding\n        ref: bounding\n        load: bodyweight\n",
    )


def test_one_line_with_three_findings(tmp_path):
    result = check(tmp_path, _plyometric_text())
    assert found(result.stdout) == [("HS002", 35, 9), ("HS003", 35, 9), ("HS006", 35, 9)]


def test_comma_separated_codes(tmp_path):
    text = edit(
        _plyometric_text(), "      - name: Bounding\n", "      - name: Bounding  # planlint: disable=HS002,HS003,HS006 -- x\n"
    )
    result = check(tmp_path, text)
    assert result.exit_code == 0, result.output
    assert "(3 suppressed)" in result.stdout


def test_comma_separated_codes_with_spaces_silence_only_those_listed(tmp_path):
    text = edit(_plyometric_text(), "      - name: Bounding\n", "      - name: Bounding  # planlint: disable=HS002, HS006 -- x\n")
    result = check(tmp_path, text)
    assert found(result.stdout) == [("HS003", 35, 9)]
    assert "(2 suppressed)" in result.stdout


def test_codes_end_at_another_hash(tmp_path):
    result = check(tmp_path, on_sprint_line("# planlint: disable=HS001 # and a note"))
    assert result.exit_code == 0
    assert found(result.stdout) == []


def test_lowercase_codes_and_tight_spacing(tmp_path):
    result = check(tmp_path, on_sprint_line("#planlint:disable=hs001--ok"), "--show-suppressed")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].endswith("[suppressed: ok]")


def test_crlf_line_endings(tmp_path):
    text = on_sprint_line("# planlint: disable=HS001 -- r").replace("\n", "\r\n")
    result = check(tmp_path, text, "--show-suppressed")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].endswith("[suppressed: r]")


def test_suppression_from_standard_input():
    result = run("check", "-", "--stdin-filename", "x.plan.yaml", input=on_sprint_line("# planlint: disable=HS001 -- ok"))
    assert result.exit_code == 0
    assert "(1 suppressed)" in result.stdout


# ---------------------------------------------------------------- PL007


def test_code_that_silences_nothing_is_pl007_at_the_comment(tmp_path):
    result = check(tmp_path, on_sprint_line("# planlint: disable=HS001,HS002"))
    assert result.exit_code == 1  # PL007 is a warning
    assert found(result.stdout) == [("PL007", SPRINT_LINE, EOL_COLUMN)]
    (row,) = rows(result.stdout)
    assert row["severity"] == "warning"
    assert row["message"] == f"suppression of HS002 is unused: no HS002 finding on line {SPRINT_LINE}; remove it"


def test_pl007_once_per_unused_code(tmp_path):
    result = check(tmp_path, on_sprint_line("# planlint: disable=HS002,HS003"))
    assert found(result.stdout) == [
        ("HS001", SPRINT_LINE, 9),
        ("PL007", SPRINT_LINE, EOL_COLUMN),
        ("PL007", SPRINT_LINE, EOL_COLUMN),
    ]
    messages = sorted(r["message"] for r in rows(result.stdout) if r["code"] == "PL007")
    assert [m.split(" is unused")[0] for m in messages] == ["suppression of HS002", "suppression of HS003"]


def test_pl007_column_follows_the_hash(tmp_path):
    text = edit(sprint_text(), SPRINT_ITEM, SPRINT_ITEM.rstrip("\n") + "\t\t # planlint: disable=HS001,HS002\n")
    result = check(tmp_path, text)
    assert found(result.stdout) == [("PL007", SPRINT_LINE, 31)]


def test_pl007_span_covers_the_comment(tmp_path):
    comment = "# planlint: disable=HS001,HS002"
    plan = write(tmp_path, "plan.plan.yaml", on_sprint_line(comment))
    (item,) = json.loads(run("check", "--format", "json", plan).stdout)
    assert (item["line"], item["column"], item["end_line"], item["end_column"]) == (
        SPRINT_LINE,
        EOL_COLUMN,
        SPRINT_LINE,
        EOL_COLUMN + len(comment),
    )
    assert (item["code"], item["name"], item["severity"]) == ("PL007", "unused-suppression", "warning")


def test_pl007_column_in_a_bom_prefixed_file(tmp_path):
    plan = write(tmp_path, "plan.plan.yaml", b"\xef\xbb\xbf" + on_sprint_line("# planlint: disable=HS001,HS002").encode())
    assert found(run("check", plan).stdout) == [("PL007", SPRINT_LINE, EOL_COLUMN)]


def test_unused_disable_file_is_pl007(tmp_path):
    text = sprint_text() + "# planlint: disable-file=HS002 -- x\n"
    result = check(tmp_path, text)
    last = len(sprint_text().splitlines()) + 1
    assert found(result.stdout) == [("HS001", SPRINT_LINE, 9), ("PL007", last, 1)]
    assert rows(result.stdout)[1]["message"] == "suppression of HS002 is unused: no HS002 finding in this file; remove it"


def test_unknown_code_is_pl007(tmp_path):
    result = check(tmp_path, on_sprint_line("# planlint: disable=HS001,ZZ123 -- x"))
    assert found(result.stdout) == [("PL007", SPRINT_LINE, EOL_COLUMN)]
    assert rows(result.stdout)[0]["message"] == (
        "suppression names ZZ123, which is not a known rule code; remove it or fix the code"
    )


def test_unknown_code_in_disable_file_is_pl007(tmp_path):
    result = check(tmp_path, "# planlint: disable-file=HS999\n" + minimal_text())
    assert found(result.stdout) == [("PL007", 1, 1)]
    assert "HS999, which is not a known rule code" in rows(result.stdout)[0]["message"]


@pytest.mark.parametrize("comment", ["# planlint: disable=", "# planlint: disable=-- why", "# planlint: disable=HS001 because"])
def test_unreadable_code_list_is_pl007(tmp_path, comment):
    result = check(tmp_path, on_sprint_line(comment))
    assert ("PL007", SPRINT_LINE, EOL_COLUMN) in found(result.stdout)
    assert ("HS001", SPRINT_LINE, 9) in found(result.stdout)  # nothing was silenced
    (pl007,) = [r for r in rows(result.stdout) if r["code"] == "PL007"]
    assert pl007["message"].startswith("cannot read the codes in")


def test_pl007_does_not_fail_with_fail_on_error(tmp_path):
    result = check(tmp_path, on_sprint_line("# planlint: disable=HS001,HS002"), "--fail-on", "error")
    assert result.exit_code == 0
    assert [r["code"] for r in rows(result.stdout)] == ["PL007"]


def test_pl007_can_be_ignored(tmp_path):
    result = check(tmp_path, on_sprint_line("# planlint: disable=HS001,HS002"), "--ignore", "PL007")
    assert result.exit_code == 0
    assert found(result.stdout) == []


def test_redundant_second_suppression_is_reported_once(tmp_path):
    text = edit(
        sprint_text(),
        SPRINT_ITEM,
        "      # planlint: disable=HS001 -- above\n" + SPRINT_ITEM.rstrip("\n") + "  # planlint: disable=HS001 -- end\n",
    )
    result = check(tmp_path, text)
    assert [r["code"] for r in rows(result.stdout)] == ["PL007"]
    assert "(1 suppressed)" in result.stdout


def test_ordinary_comments_are_not_suppressions(tmp_path):
    text = on_sprint_line("# planlint is great; disable nothing here")
    text = edit(text, "  - day: 5\n", "  # TODO: planlint: check this\n  - day: 5\n")
    result = check(tmp_path, text)
    assert found(result.stdout) == [("HS001", SPRINT_LINE, 9)]


# ---------------------------------------------------------------- '#' that is not a comment


@pytest.mark.parametrize(
    "notes",
    [
        'notes: "# planlint: disable=HS001"',
        'notes: " # planlint: disable-file=HS001 -- no"',
        "notes: 'x # planlint: disable-file=HS001 -- no'",
        "notes: x#planlint:disable-file=HS001",
    ],
    ids=["double-quoted", "double-quoted-after-space", "single-quoted", "plain-without-space"],
)
def test_hash_inside_a_string_is_not_a_suppression(tmp_path, notes):
    text = edit(sprint_text(), "        intensity: 60%\n", f"        intensity: 60%\n        {notes}\n")
    result = check(tmp_path, text)
    assert result.exit_code == 1
    assert found(result.stdout) == [("HS001", SPRINT_LINE, 9)]


def test_hash_inside_the_quoted_name_on_the_finding_line(tmp_path):
    text = edit(sprint_text(), SPRINT_ITEM, '      - name: "Flying sprint # planlint: disable=HS001 -- no"\n')
    result = check(tmp_path, text)
    assert found(result.stdout) == [("HS001", SPRINT_LINE, 9)]


def test_hash_inside_a_quoted_string_then_a_real_comment(tmp_path):
    text = edit(
        sprint_text(),
        SPRINT_ITEM,
        '      - name: "Flying sprint # not this"  # planlint: disable=HS001 -- this one\n',
    )
    result = check(tmp_path, text, "--show-suppressed")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].endswith("[suppressed: this one]")


def test_hash_inside_a_multi_line_quoted_string(tmp_path):
    text = edit(
        sprint_text(),
        "        intensity: 60%\n",
        '        intensity: 60%\n        notes: "first line\n          # planlint: disable-file=HS001 -- no"\n',
    )
    assert found(check(tmp_path, text).stdout) == [("HS001", SPRINT_LINE, 9)]


def test_hash_inside_a_block_scalar(tmp_path):
    text = edit(
        sprint_text(),
        "        intensity: 60%\n",
        "        intensity: 60%\n        notes: |\n          # planlint: disable-file=HS001 -- no\n          more\n",
    )
    assert found(check(tmp_path, text).stdout) == [("HS001", SPRINT_LINE, 9)]


def test_hash_inside_a_flow_sequence_string(tmp_path):
    text = edit(
        sprint_text(),
        "  next_morning_rule: true\n",
        '  next_morning_rule: true\n  markers: [" # planlint: disable-file=HS001 -- no"]\n',
    )
    assert found(check(tmp_path, text).stdout) == [("HS001", SPRINT_LINE + 1, 9)]


def test_hash_inside_the_quoted_value_of_a_duplicate_key(tmp_path):
    text = edit(
        minimal_text(),
        "title: Minimal clean hamstring plan\n",
        'title: Minimal clean hamstring plan\ntitle: " # planlint: disable-file=PL002 -- not a comment"\n',
    )
    result = check(tmp_path, text)
    assert found(result.stdout) == [("PL002", 6, 1)]
    assert result.exit_code == 1


def test_hash_inside_a_quoted_string_of_a_file_with_a_syntax_error(tmp_path):
    text = 'planlint: 1\ntitle: " # planlint: disable-file=PL001 -- not a comment"\nid: [unclosed\n'
    result = check(tmp_path, text)
    assert [r["code"] for r in rows(result.stdout)] == ["PL001"]
    assert result.exit_code == 1


# ---------------------------------------------------------------- structural codes


def test_duplicate_key_can_be_suppressed_on_its_line(tmp_path):
    text = edit(
        minimal_text(),
        "title: Minimal clean hamstring plan\n",
        "title: Minimal clean hamstring plan\ntitle: Again  # planlint: disable=PL002 -- generated file\n",
    )
    result = check(tmp_path, text, "--show-suppressed")
    assert result.exit_code == 0
    assert found(result.stdout) == [("PL002", 6, 1)]
    assert result.stdout.splitlines()[0].endswith("[suppressed: generated file]")


def test_unknown_exercise_can_be_suppressed(tmp_path):
    text = edit(
        minimal_text(),
        "        ref: single_leg_balance\n",
        "        ref: single_leg_balance\n      - name: Club drill  # planlint: disable=PL004 -- in the club catalog\n        ref: club_drill\n",
    )
    result = check(tmp_path, text)
    assert result.exit_code == 0, result.output
    assert "(1 suppressed)" in result.stdout


# ---------------------------------------------------------------- configuration


def test_require_suppression_reason_rejects_a_bare_suppression(tmp_path):
    write(tmp_path, "planlint.toml", "require-suppression-reason = true\n")
    result = check(tmp_path, on_sprint_line("# planlint: disable=HS001"))
    assert result.exit_code == 1
    assert found(result.stdout) == [("HS001", SPRINT_LINE, 9), ("PL007", SPRINT_LINE, EOL_COLUMN)]
    assert rows(result.stdout)[1]["message"] == (
        "suppression of HS001 has no reason and this project requires one; write `# planlint: disable=HS001 -- why`"
    )


def test_require_suppression_reason_rejects_an_empty_reason(tmp_path):
    write(tmp_path, "planlint.toml", "require-suppression-reason = true\n")
    result = check(tmp_path, on_sprint_line("# planlint: disable=HS001 --   "))
    assert [r["code"] for r in rows(result.stdout)] == ["HS001", "PL007"]


def test_require_suppression_reason_accepts_a_reason(tmp_path):
    write(tmp_path, "planlint.toml", "require-suppression-reason = true\n")
    result = check(tmp_path, on_sprint_line("# planlint: disable=HS001 -- doctor's decision"), "--show-suppressed")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].endswith("[suppressed: doctor's decision]")


def test_require_suppression_reason_applies_to_disable_file(tmp_path):
    write(tmp_path, "planlint.toml", "require-suppression-reason = true\n")
    text = "# planlint: disable-file=HS001\n" + sprint_text()
    result = check(tmp_path, text)
    assert found(result.stdout) == [("PL007", 1, 1), ("HS001", SPRINT_LINE + 1, 9)]


def test_reasons_are_optional_by_default(tmp_path):
    assert check(tmp_path, on_sprint_line("# planlint: disable=HS001")).exit_code == 0


@pytest.mark.parametrize(
    "config",
    [
        'ignore = ["HS001"]\n',
        'ignore = ["HS"]\n',
        'select = ["PL"]\n',
        "[rules.HS001]\nenabled = false\n",
        '[per-file-ignores]\n"*.plan.yaml" = ["HS001"]\n',
    ],
    ids=["ignore-code", "ignore-prefix", "select-other", "enabled-false", "per-file-ignores"],
)
def test_suppressing_a_rule_disabled_by_configuration_is_not_pl007(tmp_path, config):
    write(tmp_path, "planlint.toml", config)
    result = check(tmp_path, on_sprint_line("# planlint: disable=HS001 -- x") + "# planlint: disable-file=HS001\n")
    assert result.exit_code == 0, result.output
    assert found(result.stdout) == []
    assert "suppressed" not in result.stdout


def test_suppressing_a_rule_disabled_on_the_command_line_is_not_pl007(tmp_path):
    result = check(tmp_path, on_sprint_line("# planlint: disable=HS001 -- x"), "--ignore", "HS001")
    assert result.exit_code == 0
    assert found(result.stdout) == []


def calf_text(comment: str) -> str:
    """The minimal plan as an ankle plan (no hamstring rule applies; no injury pack at all, since
    the muscle pack checks calf plans) with ``comment`` on the sprint line."""
    return edit(on_sprint_line(comment), "site: hamstring", "site: ankle")


def findings_of(stdout: str) -> list[dict]:
    """The findings of a JSON report, without the note objects (``code`` null) that say only
    the general rules checked a plan."""
    return [item for item in json.loads(stdout) if item["code"] is not None]


def test_suppression_of_a_rule_that_does_not_apply_to_the_plan_is_pl007(tmp_path):
    # An HS001 suppression copied into a calf plan silences nothing (rules-v1, Suppressions).
    result = check(tmp_path, calf_text("# planlint: disable=HS001 -- copied from the hamstring plan"), "--format", "json")
    (finding,) = findings_of(result.stdout)
    assert (finding["code"], finding["line"], finding["column"]) == ("PL007", SPRINT_LINE, EOL_COLUMN)
    assert finding["message"] == (
        "suppression of HS001 silences nothing: HS001 does not apply to this plan (it checks plans whose "
        "injury.site is hamstring); remove it"
    )


def test_disable_file_of_a_rule_that_does_not_apply_is_pl007(tmp_path):
    text = calf_text("")
    result = check(tmp_path, text + "# planlint: disable-file=HS004 -- copied\n", "--format", "json")
    last_line = text.count("\n") + 1
    assert [(f["code"], f["line"]) for f in findings_of(result.stdout)] == [("PL007", last_line)]


def test_not_applicable_rule_switched_off_by_configuration_is_not_pl007(tmp_path):
    write(tmp_path, "planlint.toml", 'ignore = ["HS"]\n')
    result = check(tmp_path, calf_text("# planlint: disable=HS001 -- served by another configuration"))
    assert result.exit_code == 0, result.output
    assert found(result.stdout) == []


def test_suppressions_in_a_file_whose_rules_were_skipped_are_not_pl007(tmp_path):
    # A schema error stops the semantic rules: nothing can be said of HS001 in this file.
    text = edit(on_sprint_line("# planlint: disable=HS001 -- x"), "grade: 1a", "grade: 9z")
    result = check(tmp_path, text, "--format", "json")
    assert [f["code"] for f in json.loads(result.stdout)] == ["PL003"]


def test_severity_override_keeps_the_suppression(tmp_path):
    write(tmp_path, "planlint.toml", '[rules.HS001]\nseverity = "warning"\n')
    result = check(tmp_path, on_sprint_line("# planlint: disable=HS001 -- x"), "--show-suppressed")
    assert result.exit_code == 0
    assert rows(result.stdout)[0]["severity"] == "warning"


# ---------------------------------------------------------------- the library API


def test_lint_text_marks_suppressed_findings():
    result = lint_text(on_sprint_line("# planlint: disable=HS001 -- api"), linter=Linter())
    (finding,) = result.findings
    assert (finding.code, finding.line, finding.suppressed, finding.suppression_reason) == ("HS001", SPRINT_LINE, True, "api")
    assert result.active == []
