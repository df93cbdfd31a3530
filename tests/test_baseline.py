"""Baselines (--write-baseline / --baseline): matched by path, code and fingerprint, never by line."""

from __future__ import annotations

import json
import os

from plan_edits import UNSAFE_EXAMPLE, edit, run, write

from planlint.baseline import Baseline
from planlint.engine import Linter

UNSAFE = UNSAFE_EXAMPLE.read_text(encoding="utf-8")
# Seven findings today: HS004, PL107, HS001, HS003, PL104, HS005, PL105.
FIRST_SESSION = "sessions:\n  # Keep him moving from the first morning: easy strides only, no sharp pain.\n"
NEW_FIRST_SESSION = (
    "sessions:\n"
    "  # Added later: a walk on the evening of the injury.\n"
    "  - day: 0\n"
    '    time: "20:00"\n'
    "    phase: protect\n"
    "    exercises:\n"
    "      - name: Walk\n"
    "        kind: conditioning\n"
    "        contraction: mixed\n"
    "  # Keep him moving from the first morning: easy strides only, no sharp pain.\n"
)
STRIDES = "      - name: Strides, 4 x 40 m at 60 %\n"


def codes(stdout: str) -> list[str]:
    return sorted(item["code"] for item in json.loads(stdout) if not item.get("suppressed"))


def baseline_in(tmp_path, text: str = UNSAFE):
    plan = write(tmp_path, "plans/winger.plan.yaml", text)
    result = run("check", "--write-baseline", tmp_path / "planlint-baseline.json", tmp_path / "plans")
    assert result.exit_code == 0, result.output
    assert "wrote 7 finding(s) to the baseline" in result.stderr
    return plan


def check(tmp_path, *extra):
    return run("check", "--format", "json", "--baseline", tmp_path / "planlint-baseline.json", tmp_path / "plans", *extra)


def test_baseline_file_is_sorted_json_with_relative_paths(tmp_path):
    baseline_in(tmp_path)
    document = json.loads((tmp_path / "planlint-baseline.json").read_text())
    assert document["version"] == 1 and document["tool"] == "planlint"
    assert {item["path"] for item in document["findings"]} == {"plans/winger.plan.yaml"}
    assert sorted(item["code"] for item in document["findings"]) == sorted(
        ["HS004", "PL107", "HS001", "HS003", "PL104", "HS005", "PL105"]
    )
    assert document["findings"] == sorted(document["findings"], key=lambda i: (i["path"], i["code"], i["fingerprint"]))


def test_unchanged_plan_reports_nothing_and_counts_the_baselined(tmp_path):
    baseline_in(tmp_path)
    result = run("check", "--baseline", tmp_path / "planlint-baseline.json", tmp_path / "plans")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Checked 1 file: 0 errors, 0 warnings, 0 info (7 in the baseline)."


def test_comments_and_sessions_added_above_do_not_resurface_old_findings(tmp_path):
    plan = baseline_in(tmp_path)
    moved = "# Reviewed by the club doctor, 2026-04-12.\n# Second line of notes.\n" + edit(
        UNSAFE, FIRST_SESSION, NEW_FIRST_SESSION
    )
    plan.write_text(moved, encoding="utf-8")
    result = check(tmp_path)
    assert codes(result.stdout) == [], result.stdout
    assert result.exit_code == 0


def test_a_new_finding_of_the_same_code_elsewhere_is_reported(tmp_path):
    plan = baseline_in(tmp_path)
    second_sprint = "      - name: Flying 10 m\n        ref: flying_sprint\n        intensity: 60%\n" + STRIDES
    plan.write_text(edit(UNSAFE, STRIDES, second_sprint), encoding="utf-8")
    result = check(tmp_path)
    items = [i for i in json.loads(result.stdout)]
    assert [(i["code"], i["message"].split(" on ")[0]) for i in items] == [("HS001", "sprint 'Flying 10 m'")]
    assert result.exit_code == 1


def test_editing_the_offending_exercise_resurfaces_its_finding(tmp_path):
    plan = baseline_in(tmp_path)
    plan.write_text(
        edit(UNSAFE, "        distance: 40m\n        intensity: 60%\n", "        distance: 30m\n        intensity: 60%\n"),
        encoding="utf-8",
    )
    assert codes(check(tmp_path).stdout) == ["HS001"]


def test_stale_entries_are_reported_and_write_baseline_drops_them(tmp_path):
    plan = baseline_in(tmp_path)
    fixed = edit(
        UNSAFE,
        "      - name: Isometric bridge\n",
        "      - name: Askling extender\n        ref: askling_extender\n      - name: Isometric bridge\n",
    )
    plan.write_text(fixed, encoding="utf-8")
    result = check(tmp_path)
    assert result.exit_code == 0
    assert "1 baseline entry in" in result.stderr and "match no finding any more" in result.stderr
    assert "plans/winger.plan.yaml: HS004 the plan has no eccentric" in result.stderr
    assert "run with --prune-baseline" in result.stderr
    rewritten = run("check", "--write-baseline", tmp_path / "planlint-baseline.json", tmp_path / "plans")
    assert "wrote 6 finding(s) to the baseline" in rewritten.stderr and "(0 added, 1 fixed and dropped)" in rewritten.stderr
    assert "match no finding" not in check(tmp_path).stderr


def test_stale_entries_of_files_not_linted_this_time_are_not_reported(tmp_path):
    baseline_in(tmp_path)
    write(tmp_path, "plans/other.plan.yaml", (tmp_path / "plans" / "winger.plan.yaml").read_text())
    result = run("check", "--baseline", tmp_path / "planlint-baseline.json", tmp_path / "plans" / "other.plan.yaml")
    assert "match no finding" not in result.stderr
    assert result.exit_code == 1  # other.plan.yaml is not in the baseline


def test_sarif_marks_baselined_findings_as_external_suppressions(tmp_path):
    baseline_in(tmp_path)
    result = run("check", "--format", "sarif", "--baseline", tmp_path / "planlint-baseline.json", tmp_path / "plans")
    results = json.loads(result.stdout)["runs"][0]["results"]
    assert len(results) == 7
    assert all(r["suppressions"][0]["kind"] == "external" for r in results)
    assert all("planlint-baseline.json" in r["suppressions"][0]["justification"] for r in results)


def test_missing_or_broken_baseline_is_a_usage_error(tmp_path):
    write(tmp_path, "plans/winger.plan.yaml", UNSAFE)
    missing = check(tmp_path)
    assert missing.exit_code == 2 and "no such baseline file; create it with --write-baseline" in missing.stderr
    write(tmp_path, "planlint-baseline.json", "{not json")
    broken = check(tmp_path)
    assert broken.exit_code == 2 and "not a planlint baseline" in broken.stderr


def test_write_baseline_refuses_to_overwrite_a_plan(tmp_path):
    plan = write(tmp_path, "plans/winger.plan.yaml", UNSAFE)
    result = run("check", "--write-baseline", plan, tmp_path / "plans")
    assert result.exit_code == 2 and "is one of the linted files" in result.stderr
    assert plan.read_text() == UNSAFE


def test_identical_findings_are_counted(tmp_path):
    # Two copies of the same mistake in one file: a baseline of both silences both, and a third is new.
    findings = Linter().lint_bytes("x.plan.yaml", UNSAFE.encode()).findings
    baseline = Baseline.of(tmp_path / "b.json", findings + findings[:1])
    assert '"count": 2' in baseline.text()
    marked, stale = baseline.apply({"x.plan.yaml": findings + findings[:1] + findings[:1]})
    assert [f.suppressed for f in marked["x.plan.yaml"]] == [True] * (len(findings) + 1) + [False]
    assert stale == []
    os.chdir(tmp_path)  # paths are relative to the baseline's folder
    assert Baseline(tmp_path / "b.json").key(str(tmp_path / "plans" / "a.plan.yaml")) == "plans/a.plan.yaml"


# ------------------------------------------------------------------------ an existing baseline only shrinks

NEW_SPRINT = "      - name: Strides, 4 x 40 m at 60 %\n        ref: flying_sprint\n"


def _with_a_new_finding(plan) -> str:
    """The plan with a second early sprint: an HS001 the baseline does not have."""
    text = plan.read_text(encoding="utf-8")
    return edit(
        text,
        "      - name: Isometric bridge\n",
        "      - name: Flying start\n        ref: flying_sprint\n        intensity: 60%\n      - name: Isometric bridge\n",
    )


def test_write_baseline_refuses_to_absorb_new_findings_into_an_existing_baseline(tmp_path):
    plan = baseline_in(tmp_path)
    before = (tmp_path / "planlint-baseline.json").read_bytes()
    plan.write_text(_with_a_new_finding(plan), encoding="utf-8")
    result = run("check", "--write-baseline", tmp_path / "planlint-baseline.json", tmp_path / "plans")
    assert result.exit_code == 2
    assert (
        f"1 finding is not in the baseline {tmp_path / 'planlint-baseline.json'}, and --write-baseline does not add new "
        "findings to an existing baseline: fix it, add it on purpose with --baseline-add-new, or drop only the fixed "
        "entries with --prune-baseline"
    ) in result.stderr
    assert (tmp_path / "planlint-baseline.json").read_bytes() == before


def test_baseline_add_new_adds_them_on_purpose(tmp_path):
    plan = baseline_in(tmp_path)
    plan.write_text(_with_a_new_finding(plan), encoding="utf-8")
    result = run("check", "--write-baseline", tmp_path / "planlint-baseline.json", "--baseline-add-new", tmp_path / "plans")
    assert result.exit_code == 0, result.stderr
    assert "wrote 8 finding(s) to the baseline" in result.stderr and "(1 added, 0 fixed and dropped)" in result.stderr
    assert check(tmp_path).exit_code == 0


def test_prune_baseline_drops_fixed_entries_and_reports_new_findings_without_adding_them(tmp_path):
    plan = baseline_in(tmp_path)
    write(tmp_path, "plans/elsewhere/other.plan.yaml", UNSAFE)
    run("check", "--write-baseline", tmp_path / "planlint-baseline.json", "--baseline-add-new", tmp_path / "plans")
    fixed = edit(
        UNSAFE,
        "      - name: Isometric bridge\n",
        "      - name: Askling extender\n        ref: askling_extender\n      - name: Isometric bridge\n",
    )
    plan.write_text(_with_a_new_finding_in(fixed), encoding="utf-8")
    # Only winger.plan.yaml is linted: other.plan.yaml's entries must survive the rewrite.
    result = run("check", "--format", "json", "--prune-baseline", tmp_path / "planlint-baseline.json", plan)
    assert result.exit_code == 1
    assert codes(result.stdout) == ["HS001"]  # the new finding is reported, not absorbed
    assert "wrote 13 finding(s) to the baseline" in result.stderr and "(0 added, 1 fixed and dropped)" in result.stderr
    document = json.loads((tmp_path / "planlint-baseline.json").read_text())
    paths = [item["path"] for item in document["findings"] for _ in range(item.get("count", 1))]
    assert paths.count("plans/elsewhere/other.plan.yaml") == 7 and paths.count("plans/winger.plan.yaml") == 6


def _with_a_new_finding_in(text: str) -> str:
    return edit(
        text,
        "      - name: Isometric bridge\n",
        "      - name: Flying start\n        ref: flying_sprint\n        intensity: 60%\n      - name: Isometric bridge\n",
    )


def test_baseline_add_new_needs_write_baseline(tmp_path):
    write(tmp_path, "plans/winger.plan.yaml", UNSAFE)
    result = run("check", "--baseline-add-new", tmp_path / "plans")
    assert (
        result.exit_code == 2 and "--baseline-add-new adds new findings to the baseline --write-baseline writes" in result.stderr
    )


# ----------------------------------------------------------------------------- a baseline from a pull request (issue 18)


def _write_baseline(tmp_path, items) -> str:
    path = tmp_path / "b.json"
    path.write_text(json.dumps({"version": 1, "findings": items}))
    return str(path)


def test_counts_are_kept_as_counts_and_stale_entries_say_how_many(tmp_path):
    item = {"path": "p.plan.yaml", "code": "HS004", "fingerprint": "f", "message": "m"}
    baseline = Baseline.read(_write_baseline(tmp_path, [item | {"count": 1_000_000}, item, item | {"fingerprint": "g"}]))
    assert [(e.fingerprint, e.count) for e in baseline.entries] == [("f", 1_000_001), ("g", 1)]
    assert baseline.finding_count == 1_000_002
    _, stale = baseline.apply({str(tmp_path / "p.plan.yaml"): []})
    assert [(e.fingerprint, e.count) for e in stale] == [("f", 1_000_001), ("g", 1)]


def test_a_bad_baseline_is_a_baseline_error_that_names_the_entry(tmp_path):
    import pytest

    from planlint.baseline import MAX_COUNT, BaselineError

    item = {"path": "p", "code": "c", "fingerprint": "f"}
    for items, fragment in (
        ([item, item | {"count": MAX_COUNT + 1}], "baseline entry 2: count must be a whole number from 1 to 1,000,000"),
        ([item | {"count": 0}], "baseline entry 1: count must be a whole number"),
        ([item | {"count": True}], "baseline entry 1: count must be a whole number"),
        ([item | {"message": {"a": [1]}}], "baseline entry 1: message must be a text"),
        ([{"path": "p", "code": 5, "fingerprint": "f"}], "baseline entry 1 needs path, code and fingerprint, each a text"),
    ):
        with pytest.raises(BaselineError, match=fragment):
            Baseline.read(_write_baseline(tmp_path, items))
    deep = tmp_path / "deep.json"
    deep.write_text('{"version": 1, "findings": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(BaselineError, match="nested far deeper than the format"):
        Baseline.read(deep)
    os.mkfifo(tmp_path / "fifo.json")
    with pytest.raises(BaselineError, match="not a regular file"):
        Baseline.read(tmp_path / "fifo.json")


def test_an_entry_describes_itself_with_terminal_controls_escaped():
    from planlint.baseline import Entry

    entry = Entry("plans/\x1b]8;;http://evil\x07x.plan.yaml", "HS001\r::error::forged", "f", "msg \u202e\x1b[2J" + "y" * 400, 3)
    line = entry.describe()
    assert "\x1b" not in line and "\r" not in line and "\u202e" not in line and "\x07" not in line
    assert line.startswith("plans/\\x1b]8;;http://evil\\x07x.plan.yaml: HS001\\r::error::forged msg \\u202e\\x1b[2J")
    assert line.endswith("y" * 10 + "… (3 times)") and len(line) < 700
