"""The ``planlint`` command line, end to end: exit codes, report formats,
filters, standard input, hostile inputs and the informational subcommands.

Most tests drive :data:`planlint.cli.main` in-process with click's CliRunner;
a few run the real program in a subprocess (``python -m planlint``) so that
exit codes, tracebacks and terminal colours are observed as a user sees them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from plan_edits import (
    CLEAN_EXAMPLE,
    LINE_RE,
    MINIMAL,
    UNSAFE_EXAMPLE,
    edit,
    minimal_text,
    run,
    sprint_text,
    warnings_only_text,
    write,
)

from planlint.cli import main

SUMMARY_RE = re.compile(r"^Checked (\d+) files?: (\d+) errors?, (\d+) warnings?, (\d+) info(?: \((\d+) suppressed\))?\.$")
ANSI = "\x1b["
JSON_KEYS = {
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "code",
    "name",
    "severity",
    "message",
    "rules_skipped",
    "rules_run",
}

#: What planlint reports on examples/hamstring-unsafe.plan.yaml: (line, column, code, severity).
UNSAFE_FINDINGS = [
    (1, 1, "HS004", "error"),
    (25, 1, "PL107", "warning"),
    (61, 9, "HS001", "error"),
    (113, 9, "HS003", "error"),
    (189, 5, "PL104", "warning"),
    (227, 9, "HS005", "error"),
    (276, 5, "PL105", "warning"),
]

HS001_MESSAGE = (
    "sprint 'Flying sprint' on day 2 at 01:00 is 31.5 h after the injury; sprints need at least 36 h after a hamstring strain"
)


# ---------------------------------------------------------------- helpers


def parsed_lines(output: str) -> list[dict]:
    rows = []
    for line in output.splitlines():
        match = LINE_RE.match(line)
        if match:
            rows.append(match.groupdict())
    return rows


def located(output: str) -> list[tuple[int, int, str, str]]:
    return [(int(r["line"]), int(r["col"]), r["code"], r["severity"]) for r in parsed_lines(output)]


def codes(output: str) -> list[str]:
    return [r["code"] for r in parsed_lines(output)]


def summary_of(output: str) -> tuple[int, ...]:
    last = output.rstrip("\n").splitlines()[-1]
    match = SUMMARY_RE.match(last)
    assert match, f"no summary line at the end of:\n{output}"
    return tuple(int(g) if g is not None else 0 for g in match.groups())


def subprocess_run(args, *, cwd=None, input=None, env=None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ)
    full_env.pop("NO_COLOR", None)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "planlint", *[str(a) for a in args]],
        cwd=cwd,
        input=input,
        env=full_env,
        capture_output=True,
        timeout=120,
    )


# ---------------------------------------------------------------- exit codes


def test_clean_example_exits_0_with_only_the_summary():
    result = run("check", CLEAN_EXAMPLE)
    assert result.exit_code == 0
    assert result.stdout == "Checked 1 file: 0 errors, 0 warnings, 0 info.\n"
    assert result.stderr == ""


def test_minimal_fixture_is_clean():
    result = run("check", MINIMAL)
    assert result.exit_code == 0, result.output
    assert summary_of(result.stdout) == (1, 0, 0, 0, 0)


def test_unsafe_example_exits_1_with_exact_findings():
    result = run("check", UNSAFE_EXAMPLE)
    assert result.exit_code == 1
    assert located(result.stdout) == UNSAFE_FINDINGS
    assert result.stdout.splitlines()[-1] == "Checked 1 file: 4 errors, 3 warnings, 0 info."


def test_missing_path_exits_2_and_names_it(tmp_path):
    missing = tmp_path / "nope.plan.yaml"
    result = run("check", missing)
    assert result.exit_code == 2
    assert f"planlint: error: {missing}: no such file or directory" in result.stderr


def test_missing_path_next_to_a_real_plan_still_exits_2_and_reports_the_plan(tmp_path):
    plan = write(tmp_path, "sprint.plan.yaml", sprint_text())
    result = run("check", plan, tmp_path / "missing.plan.yaml")
    assert result.exit_code == 2
    assert located(result.stdout) == [(35, 9, "HS001", "error")]
    assert "missing.plan.yaml: no such file or directory" in result.stderr


def test_unknown_option_exits_2():
    result = run("check", "--no-such-option", MINIMAL)
    assert result.exit_code == 2
    assert "No such option" in result.output
    assert "--no-such-option" in result.output


def test_bad_choice_for_format_exits_2():
    result = run("check", "--format", "xml", MINIMAL)
    assert result.exit_code == 2
    assert "xml" in result.output


def test_directory_without_plans_exits_2(tmp_path):
    write(tmp_path, "notes.yaml", "not: a plan\n")
    write(tmp_path, ".hidden/inside.plan.yaml", minimal_text())
    result = run("check", tmp_path)
    assert result.exit_code == 2
    assert "no plan files found" in result.stderr
    assert str(tmp_path) in result.stderr


def test_check_without_paths_lints_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    empty = run("check")
    assert empty.exit_code == 2 and "planlint: error: .: no plan files found" in empty.stderr
    write(tmp_path, "plans/a.plan.yaml", UNSAFE_EXAMPLE.read_text(encoding="utf-8"))
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith("plans/a.plan.yaml:1:1: HS004 error")


def test_no_subcommand_shows_usage_and_exits_2():
    result = run()
    assert result.exit_code == 2
    assert "Usage:" in result.output


def test_unknown_subcommand_exits_2():
    result = run("lint", MINIMAL)
    assert result.exit_code == 2
    assert "No such command" in result.output


def test_help_mentions_exit_codes():
    result = run("check", "--help")
    assert result.exit_code == 0
    assert "Exit codes:" in result.stdout
    assert "usage or configuration error" in result.stdout


# ---------------------------------------------------------------- discovery


def test_directory_is_searched_recursively_for_plan_files_only(tmp_path):
    write(tmp_path, "a.plan.yaml", sprint_text())
    write(tmp_path, "deeper/b.plan.yml", sprint_text())
    write(tmp_path, "deeper/not-a-plan.yaml", "- this is not linted\n")
    write(tmp_path, ".git/c.plan.yaml", "")  # hidden folders are skipped
    write(tmp_path, "node_modules/d.plan.yaml", "")  # and so are dependency folders
    result = run("check", tmp_path)
    assert result.exit_code == 1
    paths = sorted(Path(r["path"]).relative_to(tmp_path).as_posix() for r in parsed_lines(result.stdout))
    assert paths == ["a.plan.yaml", "deeper/b.plan.yml"]
    assert summary_of(result.stdout)[:2] == (2, 2)


def test_explicit_file_is_linted_whatever_its_name(tmp_path):
    plan = write(tmp_path, "plan.txt", sprint_text())
    result = run("check", plan)
    assert result.exit_code == 1
    assert located(result.stdout) == [(35, 9, "HS001", "error")]


def test_same_file_given_twice_is_linted_once(tmp_path):
    plan = write(tmp_path, "sprint.plan.yaml", sprint_text())
    result = run("check", plan, plan)
    assert result.exit_code == 1
    assert codes(result.stdout) == ["HS001"]
    assert summary_of(result.stdout)[0] == 1


@pytest.mark.parametrize("layout", ["file-then-folder", "folder-twice", "folder-then-subfolder"])
def test_overlapping_paths_are_linted_once_without_a_usage_error(tmp_path, layout):
    plan = write(tmp_path, "sub/sprint.plan.yaml", sprint_text())
    args = {
        "file-then-folder": [plan, plan.parent],
        "folder-twice": [tmp_path, tmp_path],
        "folder-then-subfolder": [tmp_path, plan.parent],
    }[layout]
    result = run("check", *args)
    assert codes(result.stdout) == ["HS001"]
    assert summary_of(result.stdout)[0] == 1
    assert "no plan files found" not in result.stderr
    assert result.exit_code == 1


# ---------------------------------------------------------------- text format


def test_text_line_shape_and_summary(tmp_path):
    plan = write(tmp_path, "sprint.plan.yaml", sprint_text())
    result = run("check", plan)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines == [
        f"{plan}:35:9: HS001 error {HS001_MESSAGE}",
        "Checked 1 file: 1 error, 0 warnings, 0 info.",
    ]


def test_text_paths_are_shown_as_given(tmp_path, monkeypatch):
    write(tmp_path, "plans/sprint.plan.yaml", sprint_text())
    monkeypatch.chdir(tmp_path)
    result = run("check", "plans")
    assert parsed_lines(result.stdout)[0]["path"] == os.path.join("plans", "sprint.plan.yaml")


def test_summary_pluralises_and_counts_every_severity(tmp_path):
    # no single_leg_balance: HS008 (info); no soreness rule: PL107 (warning)
    text = edit(sprint_text(), "      - name: Balance\n        ref: single_leg_balance\n", "")
    text = edit(text, "  next_morning_rule: true\n", "")
    write(tmp_path, "a.plan.yaml", text)
    write(tmp_path, "b.plan.yaml", text)
    result = run("check", tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "Checked 2 files: 2 errors, 2 warnings, 2 info."
    assert sorted(set(codes(result.stdout))) == ["HS001", "HS008", "PL107"]


def test_findings_are_sorted_by_path_line_and_column():
    result = run("check", UNSAFE_EXAMPLE)
    keys = [(int(r["line"]), int(r["col"])) for r in parsed_lines(result.stdout)]
    assert keys == sorted(keys)


# ---------------------------------------------------------------- json format


def test_json_is_an_array_of_objects_with_exactly_the_public_keys():
    result = run("check", "--format", "json", UNSAFE_EXAMPLE)
    assert result.exit_code == 1
    items = json.loads(result.stdout)
    assert isinstance(items, list)
    assert [(i["line"], i["column"], i["code"], i["severity"]) for i in items] == UNSAFE_FINDINGS
    for item in items:
        assert set(item) == JSON_KEYS
        assert item["path"] == str(UNSAFE_EXAMPLE)
        assert isinstance(item["line"], int) and isinstance(item["end_line"], int)
        assert (item["end_line"], item["end_column"]) >= (item["line"], item["column"])
    hs001 = next(i for i in items if i["code"] == "HS001")
    assert hs001["name"] == "early-sprint"
    assert "15.5 h after the injury" in hs001["message"]


def test_json_with_no_findings_is_an_empty_array_and_no_summary():
    result = run("check", "--format", "json", MINIMAL)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert "Checked" not in result.stdout


def test_json_span_of_a_sprint_finding(tmp_path):
    plan = write(tmp_path, "sprint.plan.yaml", sprint_text())
    result = run("check", "--format", "json", plan)
    (item,) = json.loads(result.stdout)
    assert item == {
        "path": str(plan),
        "line": 35,
        "column": 9,
        "end_line": 37,
        "end_column": 23,
        "code": "HS001",
        "name": "early-sprint",
        "severity": "error",
        "message": HS001_MESSAGE,
        "rules_skipped": False,
        "rules_run": ["core", "hamstring"],
    }


# ---------------------------------------------------------------- fail level and filters


def test_fail_on_error_lets_a_warnings_only_plan_pass(tmp_path):
    plan = write(tmp_path, "warn.plan.yaml", warnings_only_text())
    default = run("check", plan)
    assert default.exit_code == 1
    assert located(default.stdout) == [(11, 1, "PL107", "warning")]
    relaxed = run("check", "--fail-on", "error", plan)
    assert relaxed.exit_code == 0
    assert located(relaxed.stdout) == [(11, 1, "PL107", "warning")]  # still reported


def test_fail_on_error_still_fails_on_errors():
    assert run("check", "--fail-on", "error", UNSAFE_EXAMPLE).exit_code == 1


def test_fail_on_info_fails_on_an_info_finding(tmp_path):
    text = edit(minimal_text(), "      - name: Balance\n        ref: single_leg_balance\n", "")
    plan = write(tmp_path, "info.plan.yaml", text)
    default = run("check", plan)
    assert default.exit_code == 0
    assert located(default.stdout) == [(1, 1, "HS008", "info")]
    assert run("check", "--fail-on", "info", plan).exit_code == 1


def test_fail_on_rejects_unknown_levels():
    assert run("check", "--fail-on", "fatal", MINIMAL).exit_code == 2


def test_select_keeps_only_that_code():
    result = run("check", "--select", "HS001", UNSAFE_EXAMPLE)
    assert result.exit_code == 1
    assert located(result.stdout) == [(61, 9, "HS001", "error")]
    assert result.stdout.splitlines()[-1] == "Checked 1 file: 1 error, 0 warnings, 0 info."


def test_select_is_case_insensitive_and_takes_prefixes():
    result = run("check", "--select", "pl1", UNSAFE_EXAMPLE)
    assert codes(result.stdout) == ["PL107", "PL104", "PL105"]


def test_ignore_prefixes_drop_every_matching_code():
    result = run("check", "--ignore", "HS,PL1", UNSAFE_EXAMPLE)
    assert result.exit_code == 0
    assert codes(result.stdout) == []
    # No safety rule ran: the plan is not reported clean in silence.
    assert result.stdout == (
        f"{UNSAFE_EXAMPLE}: note: no safety rules ran: the hamstring-specific rules (hamstring) are not selected "
        "(configuration, --select or --ignore)\nChecked 1 file: 0 errors, 0 warnings, 0 info.\n"
    )


def test_ignore_one_code_keeps_the_others():
    result = run("check", "--ignore", "HS001,PL104", UNSAFE_EXAMPLE)
    assert codes(result.stdout) == ["HS004", "PL107", "HS003", "HS005", "PL105"]


def test_select_more_specific_than_ignore_wins():
    result = run("check", "--select", "HS001", "--ignore", "HS", UNSAFE_EXAMPLE)
    assert codes(result.stdout) == ["HS001"]


def test_extend_select_adds_to_the_selection():
    result = run("check", "--select", "HS001", "--extend-select", "PL105", UNSAFE_EXAMPLE)
    assert codes(result.stdout) == ["HS001", "PL105"]


@pytest.mark.parametrize("flag", ["--select", "--ignore", "--extend-select"])
def test_a_code_matching_no_rule_is_a_usage_error(flag):
    result = run("check", flag, "ZZ9", MINIMAL)
    assert result.exit_code == 2
    assert "'ZZ9' matches no rule code" in result.stderr


# ---------------------------------------------------------------- standard input


def test_stdin_with_stdin_filename_reports_that_path():
    result = run("check", "-", "--stdin-filename", "x.plan.yaml", input=sprint_text())
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"x.plan.yaml:35:9: HS001 error {HS001_MESSAGE}",
        "Checked 1 file: 1 error, 0 warnings, 0 info.",
    ]


def test_stdin_without_a_filename_reports_stdin():
    result = run("check", "-", input=sprint_text())
    assert result.exit_code == 1
    assert parsed_lines(result.stdout)[0]["path"] == "<stdin>"


def test_stdin_clean_plan_exits_0():
    result = run("check", "-", "--stdin-filename", "ok.plan.yaml", input=minimal_text())
    assert result.exit_code == 0
    assert result.stdout == "Checked 1 file: 0 errors, 0 warnings, 0 info.\n"


def test_stdin_json_uses_the_stdin_filename():
    result = run("check", "-", "--format", "json", "--stdin-filename", "x.plan.yaml", input=sprint_text())
    assert [i["path"] for i in json.loads(result.stdout)] == ["x.plan.yaml"]


def test_stdin_combined_with_other_paths_is_a_usage_error():
    result = run("check", "-", str(MINIMAL), input=minimal_text())
    assert result.exit_code == 2
    assert "'-' (standard input) cannot be combined with other paths" in result.output


def test_stdin_bytes_that_are_not_utf8():
    result = run("check", "-", "--stdin-filename", "x.plan.yaml", input=b"planlint: 1\nid: caf\xe9\n")
    assert result.exit_code == 1
    assert located(result.stdout) == [(2, 8, "PL001", "error")]


# ---------------------------------------------------------------- broken files


def test_empty_file_is_pl001(tmp_path):
    plan = write(tmp_path, "empty.plan.yaml", "")
    result = run("check", plan)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{plan}:1:1: PL001 error the file is empty; a plan needs at least planlint, id, title, injury, phases and sessions"
    )


def test_non_utf8_file_is_pl001_at_the_bad_byte(tmp_path):
    plan = write(tmp_path, "latin1.plan.yaml", "planlint: 1\nid: café\n".encode("latin-1"))
    result = run("check", plan)
    assert result.exit_code == 1
    (row,) = parsed_lines(result.stdout)
    assert (row["line"], row["col"], row["code"]) == ("2", "8", "PL001")
    assert "not UTF-8" in row["message"]
    assert "byte 0xe9 at line 2, column 8" in row["message"]


def test_tab_indentation_is_pl001_with_position(tmp_path):
    plan = write(tmp_path, "tab.plan.yaml", "planlint: 1\nid: x\n\ttitle: y\n")
    result = run("check", plan)
    assert result.exit_code == 1
    (row,) = parsed_lines(result.stdout)
    assert (row["line"], row["col"], row["code"], row["severity"]) == ("3", "1", "PL001", "error")
    assert "tab" in row["message"]


def test_syntax_error_position_is_the_parser_error(tmp_path):
    plan = write(tmp_path, "bad.plan.yaml", "planlint: 1\nid: x\ntitle: [unclosed\ninjury: {}\n")
    result = run("check", plan)
    rows = parsed_lines(result.stdout)
    assert [r["code"] for r in rows] == ["PL001"]
    assert "invalid YAML" in rows[0]["message"]
    assert "line 3, column 8" in rows[0]["message"]  # where the flow sequence started


def test_duplicate_key_in_a_valid_plan_is_pl002_at_the_second_key(tmp_path):
    text = edit(minimal_text(), "title: Minimal clean hamstring plan\n", "title: Minimal clean hamstring plan\ntitle: Again\n")
    plan = write(tmp_path, "dup.plan.yaml", text)
    result = run("check", plan)
    assert result.exit_code == 1
    (row,) = parsed_lines(result.stdout)
    assert (row["line"], row["col"], row["code"]) == ("6", "1", "PL002")
    assert "the key 'title' appears twice" in row["message"]
    assert "first at line 5, column 1" in row["message"]


def _alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join(["*" + previous] * 9) + "]")
        previous = name
    return "\n".join(lines) + "\n"


HOSTILE = {
    # name: (content, code, line, column, message fragment)
    "empty": (b"", "PL001", 1, 1, "the file is empty"),
    "only-comments": (b"# nothing\n# here either\n", "PL001", 1, 1, "the file is empty"),
    "list-root": (b"- a\n- b\n", "PL003", 1, 1, "this file holds a list"),
    "scalar-root": (b"hello\n", "PL003", 1, 1, "this file holds the text 'hello'"),
    "binary": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PL001", 1, 1, "byte 0x89"),
    "python-tag": (
        b'!!python/object/apply:os.system ["echo hi"]\n',
        "PL001",
        1,
        1,
        "the YAML tag !!python/object/apply:os.system is not allowed",
    ),
    "alias-bomb": (_alias_bomb().encode(), "PL001", 6, None, "expands to more than"),  # at the alias past the limit
    "deep-nesting": (b"[" * 10_000 + b"]" * 10_000 + b"\n", "PL001", 1, None, "nested too deeply"),
    "duplicate-keys": (b"planlint: 1\nid: a\nid: b\n", "PL002", 3, 1, "the key 'id' appears twice"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_is_a_finding_not_a_crash(tmp_path, name):
    content, code, line, column, fragment = HOSTILE[name]
    plan = write(tmp_path, f"{name}.plan.yaml", content)
    result = run("check", plan)
    assert "Traceback" not in result.output
    assert result.exit_code == 1
    rows = [r for r in parsed_lines(result.stdout) if r["code"] == code]
    assert rows, result.output
    assert int(rows[0]["line"]) == line
    if column is not None:
        assert int(rows[0]["col"]) == column
    assert fragment in rows[0]["message"]
    assert all(r["severity"] == "error" for r in parsed_lines(result.stdout))


def test_python_tag_is_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    plan = write(tmp_path, "evil.plan.yaml", f'!!python/object/apply:os.system ["touch {marker}"]\n')
    run("check", plan)
    nested = write(tmp_path, "nested.plan.yaml", f'planlint: 1\nid: !!python/object/apply:os.system ["touch {marker}"]\n')
    result = run("check", nested)
    assert not marker.exists()
    assert "PL001" in codes(result.stdout)


def test_bom_prefixed_valid_plan_lints_as_valid(tmp_path):
    plan = write(tmp_path, "bom.plan.yaml", b"\xef\xbb\xbf" + MINIMAL.read_bytes())
    result = run("check", plan)
    assert result.exit_code == 0, result.output
    assert result.stdout == "Checked 1 file: 0 errors, 0 warnings, 0 info.\n"


def test_bom_prefixed_plan_keeps_line_and_column(tmp_path):
    plan = write(tmp_path, "bom.plan.yaml", b"\xef\xbb\xbf" + sprint_text().encode())
    result = run("check", plan)
    assert located(result.stdout) == [(35, 9, "HS001", "error")]


def test_hostile_inputs_in_a_real_process_never_print_a_traceback(tmp_path):
    for name, (content, *_rest) in HOSTILE.items():
        write(tmp_path, f"{name}.plan.yaml", content)
    write(tmp_path, "bom.plan.yaml", b"\xef\xbb\xbf" + MINIMAL.read_bytes())
    proc = subprocess_run(["check", tmp_path])
    out, err = proc.stdout.decode(), proc.stderr.decode()
    assert "Traceback" not in out + err
    assert proc.returncode == 1
    reported = {Path(r["path"]).name for r in parsed_lines(out)}
    assert reported == {f"{name}.plan.yaml" for name in HOSTILE}  # the BOM plan is clean
    assert summary_of(out)[0] == len(HOSTILE) + 1


# ---------------------------------------------------------------- subcommands


ALL_CODES = [f"PL00{i}" for i in range(8)] + [f"PL10{i}" for i in range(1, 9)] + [f"HS00{i}" for i in range(1, 10)] + ["HS010"]


def test_rules_lists_every_code():
    result = run("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    lines = lines[: lines.index("")]  # the rules; the packs and their sites follow a blank line
    assert lines[0].split() == ["CODE", "NAME", "SEVERITY", "ENABLED", "PLUGIN", "SITES"]
    listed = [line.split()[0] for line in lines[1:]]
    assert len(listed) == len(set(listed))
    assert set(ALL_CODES) <= set(listed)  # installed plugins may add more (e.g. CC codes)
    rows = {line.split()[0]: line.split() for line in lines[1:]}
    assert rows["HS001"] == ["HS001", "early-sprint", "error", "yes", "hamstring", "hamstring"]
    assert rows["PL007"] == ["PL007", "unused-suppression", "warning", "yes", "planlint", "all"]
    assert rows["PL104"] == ["PL104", "load-spike", "warning", "yes", "core", "all"]
    assert rows["PL107"][-1] == "musculoskeletal"
    assert rows["HS008"][2] == "info"


def test_explain_hs001_shows_option_default_and_evidence():
    result = run("explain", "HS001")
    assert result.exit_code == 0
    assert result.stdout.startswith("HS001 early-sprint (error)")
    assert "min-hours = 36" in result.stdout
    assert "Evidence" in result.stdout
    assert "[practice]" in result.stdout
    for section in ("Summary", "Why it matters", "What to do instead", "Options"):
        assert section in result.stdout


def test_explain_accepts_lowercase_codes_and_rule_names():
    assert run("explain", "hs001").stdout == run("explain", "HS001").stdout
    assert run("explain", "early-sprint").stdout == run("explain", "HS001").stdout


@pytest.mark.parametrize("code", ["PL001", "PL007", "PL104", "HS004", "HS010"])
def test_explain_every_kind_of_code_has_evidence(code):
    result = run("explain", code)
    assert result.exit_code == 0
    assert result.stdout.startswith(code + " ")
    assert "Evidence" in result.stdout


def test_explain_unknown_code_exits_2():
    result = run("explain", "nope")
    assert result.exit_code == 2
    assert "no rule has the code or name 'nope'" in result.stderr
    assert result.stdout == ""


def test_schema_prints_json_schema():
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "$defs" in schema
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    # With a plugin that extends the schema for its site, the root chooses the variant by
    # injury.site (planlint.editor_schema) and the plan's own keys are in $defs/plan.
    body = schema["$defs"]["plan"] if "if" in schema else schema
    assert {"planlint", "id", "title", "injury", "phases", "sessions"} <= set(body["required"])


def test_version_shows_version_and_plugins():
    result = run("--version")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "planlint 0.1.0"
    assert any(line.strip().startswith("plugin core:") for line in lines[1:])
    assert any(line.strip().startswith("plugin hamstring:") for line in lines[1:])
    assert run("-V").stdout == result.stdout


def test_plugins_subcommand_lists_core_and_hamstring():
    result = run("plugins")
    assert result.exit_code == 0
    assert re.search(r"^core\s+planlint 0\.1\.0\s+\(12 rules\)$", result.stdout, re.MULTILINE)
    assert re.search(r"^hamstring\s+planlint 0\.1\.0\s+\(13 rules\)$", result.stdout, re.MULTILINE)


# ---------------------------------------------------------------- colour and output file


def test_non_tty_output_has_no_ansi_escapes(tmp_path):
    plan = write(tmp_path, "sprint.plan.yaml", sprint_text())
    assert ANSI not in run("check", plan).output
    assert ANSI not in run("check", plan, env={"NO_COLOR": "1"}).output


def test_color_always_gives_ansi_escapes(tmp_path):
    plan = write(tmp_path, "sprint.plan.yaml", sprint_text())
    result = run("check", "--color", "always", plan)
    assert ANSI in result.stdout
    assert "\x1b[31m" in result.stdout  # errors in red
    # without the escapes, the line is the plain line
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert plain == run("check", plan).stdout


def test_color_never_has_no_escapes(tmp_path):
    plan = write(tmp_path, "sprint.plan.yaml", sprint_text())
    assert ANSI not in run("check", "--color", "never", plan).output


def _run_in_pty(args, env_extra: dict) -> tuple[int, bytes]:
    pty = pytest.importorskip("pty")
    env = dict(os.environ, TERM="xterm")
    env.pop("NO_COLOR", None)
    env.update(env_extra)
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "planlint", *[str(a) for a in args]],
        stdout=slave,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    os.close(slave)
    out = b""
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        out += data
    proc.communicate(timeout=120)
    os.close(master)
    return proc.returncode, out


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_terminal_gets_colour_unless_no_color_is_set(tmp_path):
    plan = write(tmp_path, "sprint.plan.yaml", sprint_text())
    code, out = _run_in_pty(["check", plan], {})
    assert code == 1
    assert ANSI.encode() in out
    code, out = _run_in_pty(["check", plan], {"NO_COLOR": "1"})
    assert code == 1
    assert ANSI.encode() not in out
    assert b"HS001 error" in out
    code, out = _run_in_pty(["check", plan], {"TERM": "dumb"})
    assert ANSI.encode() not in out


def test_output_file_receives_the_report(tmp_path):
    plan = write(tmp_path, "sprint.plan.yaml", sprint_text())
    report = tmp_path / "report.txt"
    result = run("check", "--output-file", report, "--color", "always", plan)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert report.read_text(encoding="utf-8").splitlines() == [
        f"{plan}:35:9: HS001 error {HS001_MESSAGE}",
        "Checked 1 file: 1 error, 0 warnings, 0 info.",
    ]


def test_output_file_with_json(tmp_path):
    report = tmp_path / "report.json"
    result = run("check", "-o", report, "--format", "json", UNSAFE_EXAMPLE)
    assert result.exit_code == 1
    assert result.stdout == ""
    items = json.loads(report.read_text(encoding="utf-8"))
    assert [(i["line"], i["column"], i["code"], i["severity"]) for i in items] == UNSAFE_FINDINGS


def test_output_file_in_a_missing_folder_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["check", "-o", str(tmp_path / "no" / "such" / "dir" / "r.txt"), str(MINIMAL)])
    assert not (result.exception and not isinstance(result.exception, SystemExit)), result.exc_info
    assert result.exit_code == 2
    assert "planlint: error:" in result.stderr
    assert "r.txt" in result.stderr


def test_output_file_in_a_missing_folder_has_no_traceback_in_a_real_process(tmp_path):
    proc = subprocess_run(["check", "-o", tmp_path / "missing" / "r.txt", MINIMAL])
    assert "Traceback" not in proc.stderr.decode()
    assert proc.returncode == 2


# ---------------------------------------------------------------- real processes


def test_real_process_exit_codes(tmp_path):
    assert subprocess_run(["check", CLEAN_EXAMPLE]).returncode == 0
    unsafe = subprocess_run(["check", UNSAFE_EXAMPLE])
    assert unsafe.returncode == 1
    assert unsafe.stdout.decode().splitlines()[-1] == "Checked 1 file: 4 errors, 3 warnings, 0 info."
    missing = subprocess_run(["check", tmp_path / "missing.plan.yaml"])
    assert missing.returncode == 2
    assert "no such file or directory" in missing.stderr.decode()
    assert subprocess_run(["check", "--bogus", CLEAN_EXAMPLE]).returncode == 2
    assert subprocess_run(["check", tmp_path]).returncode == 2  # no plans in it
    assert subprocess_run(["explain", "nope"]).returncode == 2
    for proc in (unsafe, missing):
        assert "Traceback" not in (proc.stdout + proc.stderr).decode()


def test_real_process_reads_standard_input():
    proc = subprocess_run(["check", "-", "--stdin-filename", "x.plan.yaml"], input=sprint_text().encode())
    assert proc.returncode == 1
    assert proc.stdout.decode().splitlines()[0] == f"x.plan.yaml:35:9: HS001 error {HS001_MESSAGE}"
    both = subprocess_run(["check", "-", MINIMAL], input=b"")
    assert both.returncode == 2


def test_real_process_json_is_the_only_thing_on_stdout():
    proc = subprocess_run(["check", "--format", "json", UNSAFE_EXAMPLE])
    assert proc.returncode == 1
    assert len(json.loads(proc.stdout.decode())) == len(UNSAFE_FINDINGS)


def test_installed_console_script():
    script = Path(sys.executable).with_name("planlint")
    if not script.exists():
        pytest.skip("no planlint console script next to the interpreter")
    proc = subprocess.run([str(script), "--version"], capture_output=True, timeout=120)
    assert proc.returncode == 0
    assert proc.stdout.decode().splitlines()[0] == "planlint 0.1.0"
    proc = subprocess.run([str(script), "check", str(UNSAFE_EXAMPLE)], capture_output=True, timeout=120)
    assert proc.returncode == 1


def test_parallel_run_reports_exactly_what_a_serial_run_does(tmp_path):
    unsafe = UNSAFE_EXAMPLE.read_text(encoding="utf-8")
    for i in range(70):
        write(tmp_path, f"team-{i % 3}/plan-{i:02d}.plan.yaml", unsafe if i % 2 else minimal_text())
    serial = run("check", "-j", "1", "--format", "json", tmp_path)
    parallel = run("check", "-j", "2", "--format", "json", tmp_path)
    assert serial.exit_code == parallel.exit_code == 1
    assert parallel.output == serial.output
    assert len(json.loads(parallel.output)) == 35 * 7


def test_parallel_run_with_invalid_configuration_exits_2(tmp_path):
    for i in range(70):
        write(tmp_path, f"plan-{i:02d}.plan.yaml", minimal_text())
    write(tmp_path, "planlint.toml", "bogus = 1\n")
    result = run("check", "-j", "2", tmp_path)
    assert result.exit_code == 2
    assert "unknown key(s) bogus" in result.output


def test_exit_zero_reports_but_passes():
    result = run("check", "--exit-zero", UNSAFE_EXAMPLE)
    assert result.exit_code == 0
    assert "HS001 error" in result.output


def test_version_lists_the_plugins_importlib_metadata_knows():
    """`planlint --version` reads entry_points.txt files itself (fast); it must list what
    importlib.metadata lists."""
    from importlib import metadata

    from planlint import __version__
    from planlint.entry import version_text

    expected = [f"planlint {__version__}"] + [
        f"  plugin {ep.name}: {ep.dist.name} {ep.dist.version}"
        for ep in sorted(metadata.entry_points(group="planlint"), key=lambda ep: ep.name)
    ]
    assert version_text().splitlines() == expected
    assert "  plugin hamstring: planlint " + __version__ in expected
    proc = subprocess_run(["--version"])
    assert proc.returncode == 0 and proc.stdout.decode().splitlines() == expected
    assert run("--version").stdout.splitlines() == expected  # click's eager option says the same
