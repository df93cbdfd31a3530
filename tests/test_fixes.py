"""Safe fixes: golden files, byte-identical text outside the fixed spans, idempotence,
files never fixed, and how --fix / --diff / JSON / SARIF carry them."""

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from planlint.autofix import fix_bytes, fix_text, unified_diff
from planlint.cli import main
from planlint.config import ConfigResolver
from planlint.edits import Fix, LineIndex, TextEdit, apply_fixes, fixable
from planlint.engine import Linter
from planlint.positions import Span
from planlint.suggest import edit_distance, only_close_match

FIXES = Path(__file__).parent / "fixtures" / "fixes"
CASES = sorted(p for p in FIXES.glob("*.plan.yaml") if not p.name.endswith(".fixed.plan.yaml"))


@pytest.fixture(scope="module")
def linter():
    return Linter(ConfigResolver(search=False))


def golden(path: Path) -> Path:
    return path.with_name(path.name.replace(".plan.yaml", ".fixed.plan.yaml"))


def relative(path: Path) -> str:
    return f"tests/fixtures/fixes/{path.name}"


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_golden(path, linter):
    """Fixing the file gives its .fixed twin, byte for byte."""
    outcome = fix_bytes(linter, relative(path), path.read_bytes())
    assert outcome.fixed_bytes() == golden(path).read_bytes()


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_fixed_file_has_nothing_left_to_fix_and_fixing_again_changes_nothing(path, linter):
    outcome = fix_bytes(linter, relative(path), golden(path).read_bytes())
    assert not outcome.changed and outcome.applied == []
    if path.stem != "duplicate-key":  # never fixed: its fixes are not even offered
        assert fixable(outcome.result.findings) == []


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_only_the_fixed_spans_change(path, linter):
    """Pass by pass (as the fixer runs them): every line without an edit is byte-identical,
    and on an edited line everything before the first and after the last edit is too."""
    text = path.read_text(encoding="utf-8")
    for _ in range(10):
        fixes = fixable(linter.lint_bytes(relative(path), text.encode("utf-8")).findings)
        new, applied = apply_fixes(text, fixes)
        if new == text:
            break
        edited = {}
        for fix in applied:
            for edit in fix.edits:
                assert edit.span.line == edit.span.end_line and "\n" not in edit.new_text
                edited.setdefault(edit.span.line, []).append(edit)
        before, after = text.splitlines(keepends=True), new.splitlines(keepends=True)
        assert len(before) == len(after)
        for number, (old_line, new_line) in enumerate(zip(before, after), start=1):
            if number not in edited:
                assert old_line == new_line
                continue
            edits = sorted(edited[number], key=lambda e: e.span.column)
            first, last = edits[0].span.column - 1, edits[-1].span.end_column - 1
            assert new_line[:first] == old_line[:first]
            assert new_line[len(new_line) - (len(old_line) - last) :] == old_line[last:]
        text = new
    assert text.encode("utf-8") == golden(path).read_bytes()


def test_the_coach_plan_loses_its_five_mechanical_mistakes_in_one_run(linter):
    path = FIXES / "coach.plan.yaml"
    before = linter.lint_bytes(relative(path), path.read_bytes())
    outcome = fix_bytes(linter, relative(path), path.read_bytes())
    assert len(outcome.applied) == 5
    assert {f.code for f in before.findings} >= {"PL003"}
    assert not any(f.code in ("PL003", "PL005") for f in outcome.result.findings)
    assert [f.code for f in outcome.result.findings] == ["PL104"]  # a real finding remains, and is reported


def test_fixes_are_offered_only_where_the_intent_is_unambiguous(linter):
    text = (FIXES / "enum-values.plan.yaml").read_text(encoding="utf-8")
    findings = linter.lint_bytes("x.plan.yaml", text.encode()).findings
    by_value = {re.search(r"'([^']+)' is not allowed", f.message)[1]: f.fix for f in findings if "is not allowed" in f.message}
    assert by_value["strian"] is None  # strain or sprain?
    assert by_value["wobbly"] is None
    assert by_value["hamstrng"].edits[0].new_text == "hamstring"


def test_syntax_error_and_duplicate_key_files_are_never_fixed(linter):
    broken = "planlint: 1\nid: x\nsessions:\n  - day: 2\n    time: 9\n    duration: 30m\n  bad: [\n"
    outcome = fix_text(linter, "b.plan.yaml", broken)
    assert not outcome.changed and outcome.result.findings[0].code == "PL001"
    duplicate = (FIXES / "duplicate-key.plan.yaml").read_bytes()
    result = linter.lint_bytes("d.plan.yaml", duplicate)
    assert "PL002" in {f.code for f in result.findings}
    assert all(f.fix is None for f in result.findings)


def test_line_endings_and_byte_order_mark_are_kept(linter):
    path = FIXES / "coach.plan.yaml"
    crlf = b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n")
    outcome = fix_bytes(linter, "c.plan.yaml", crlf)
    assert outcome.fixed_bytes() == b"\xef\xbb\xbf" + golden(path).read_bytes().replace(b"\n", b"\r\n")


def test_suppressed_findings_are_not_fixed(linter, minimal_plan):
    text = minimal_plan.replace(
        "    phase: protect\n", "    phase: protect\n    duration: 30m  # planlint: disable=PL003 -- as written\n"
    )
    outcome = fix_text(linter, "s.plan.yaml", text)
    assert not outcome.changed


def test_a_fix_that_would_break_the_file_is_undone(linter, minimal_plan, monkeypatch):
    import planlint.autofix as fixer

    def bad_apply(text, fixes):
        return text + "  bad: [\n", list(fixes)

    monkeypatch.setattr(fixer, "apply_fixes", bad_apply)
    outcome = fix_text(linter, "u.plan.yaml", minimal_plan.replace("day: 2", "day: 2\n    duration: 30m"))
    assert not outcome.changed and outcome.applied == []


def test_overlapping_edits_wait_for_the_next_pass():
    span = Span(1, 1, 1, 4)
    first, second = Fix("a", (TextEdit(span, "xyz"),)), Fix("b", (TextEdit(Span(1, 2, 1, 3), "!"),))
    text, applied = apply_fixes("abc def", [first, second])
    assert text == "xyz def" and applied == [first]
    assert apply_fixes("abc", [Fix("c", (TextEdit(Span(9, 1, 9, 2), "x"),))]) == ("abc", [])


def test_line_index_counts_lines_as_the_yaml_reader_does():
    index = LineIndex("a\r\nbc\rd\ne")
    assert [index.offset(n, 1) for n in (1, 2, 3, 4)] == [0, 3, 6, 8]
    assert index.line_text(2) == "bc"


def test_close_matches():
    assert edit_distance("strenght", "strength") == 1
    assert only_close_match("contration", ["contraction", "duration"]) == "contraction"
    assert only_close_match("strian", ["strain", "sprain"]) is None
    assert only_close_match("rep", ["ref", "reps"]) is None
    assert only_close_match("kind", ["kind"]) is None


def test_unified_diff_marks_a_missing_final_newline():
    assert unified_diff("p", "a\nb", "a\nc").endswith("+c\n\\ No newline at end of file\n")
    assert unified_diff("p", "same", "same") == ""


# --------------------------------------------------------------------------- command line


def _copy(tmp_path, name="coach.plan.yaml") -> Path:
    target = tmp_path / name
    target.write_bytes((FIXES / name).read_bytes())
    return target


def test_diff_changes_nothing_and_exits_1(tmp_path):
    plan = _copy(tmp_path)
    before = plan.read_bytes()
    result = CliRunner().invoke(main, ["check", "--diff", str(plan)])
    assert result.exit_code == 1
    assert f"--- a/{plan}" in result.stdout and "-    duration: 45m\n+    duration: 45min\n" in result.stdout
    assert plan.read_bytes() == before
    assert "Would fix 5 findings in 1 file" in result.stderr
    clean = CliRunner().invoke(main, ["check", "--diff", str(golden(FIXES / "coach.plan.yaml"))])
    assert clean.exit_code == 0 and clean.stdout == ""


def test_fix_rewrites_atomically_and_reports_what_remains(tmp_path):
    plan = _copy(tmp_path)
    os.chmod(plan, 0o640)
    result = CliRunner().invoke(main, ["check", "--fix", str(plan)])
    assert plan.read_bytes() == golden(FIXES / "coach.plan.yaml").read_bytes()
    assert os.stat(plan).st_mode & 0o777 == 0o640
    assert "PL104" in result.stdout and "PL003" not in result.stdout
    assert "Fixed 5 findings in 1 file." in result.stderr
    assert result.exit_code == 1  # the PL104 warning remains
    assert [p.name for p in tmp_path.iterdir()] == ["coach.plan.yaml"]  # no temporary file left
    again = CliRunner().invoke(main, ["check", "--fix", str(plan)])
    assert "Fixed" not in again.stderr  # nothing fixed: nothing said of fixes (a pre-commit hook runs this often)
    plan.write_bytes((FIXES / "coach.plan.yaml").read_bytes())
    quiet = CliRunner().invoke(main, ["check", "--fix", "-q", str(plan)])
    assert "Checked" not in quiet.stdout and "Fixed" not in quiet.stderr and "PL104" in quiet.stdout


def test_fix_from_stdin_prints_the_fixed_plan(tmp_path):
    raw = (FIXES / "coach.plan.yaml").read_bytes()
    result = CliRunner().invoke(main, ["check", "--fix", "-", "--stdin-filename", "c.plan.yaml"], input=raw)
    assert result.stdout_bytes == golden(FIXES / "coach.plan.yaml").read_bytes()
    assert "c.plan.yaml:" in result.stderr and "PL104" in result.stderr


def test_json_and_sarif_carry_the_fix(tmp_path):
    plan = _copy(tmp_path)
    items = json.loads(CliRunner().invoke(main, ["check", "--format", "json", str(plan)]).stdout)
    duration = next(i for i in items if "45m" in i["message"])
    assert duration["fix"] == {
        "description": "write '45min' (minutes) instead of '45m'",
        "edits": [{"line": 40, "column": 15, "end_line": 40, "end_column": 18, "new_text": "45min"}],
    }
    assert list(duration)[:9] == ["path", "line", "column", "end_line", "end_column", "code", "name", "severity", "message"]
    log = json.loads(CliRunner().invoke(main, ["check", "--format", "sarif", str(plan)]).stdout)
    results = log["runs"][0]["results"]
    fixed = [r for r in results if "fixes" in r]
    assert len(fixed) == 4  # the phase id is PL005, found only once the schema errors are gone
    change = fixed[0]["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"]["uri"].endswith("coach.plan.yaml")
    assert set(change["replacements"][0]) == {"deletedRegion", "insertedContent"}


def test_fix_reads_a_file_larger_than_the_default_limit_whole(tmp_path, monkeypatch):
    """`check --fix` reads each file at its own configured max-bytes, as `check` does: a
    plan past the default 10 MiB under a raised limit is fixed with every other byte kept
    (it used to be read at 10 MiB and written back without its tail)."""
    case = FIXES / "phase-ids.plan.yaml"
    original = case.read_bytes()
    tail = b"".join(b"# padding line %08d keeps this plan past ten mebibytes\n" % i for i in range(200_000))
    assert len(original + tail) > 10 * 1024 * 1024
    (tmp_path / "planlint.toml").write_text("[limits]\nmax-bytes = 20000000\n", encoding="utf-8")
    plan = tmp_path / "big.plan.yaml"
    plan.write_bytes(original + tail)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--fix", "--no-cache", "big.plan.yaml"])
    assert "Fixed 2 findings in 1 file." in result.stderr, result.stderr
    expected = (FIXES / "phase-ids.fixed.plan.yaml").read_bytes() + tail
    assert plan.read_bytes() == expected


# --------------------------------------------------------------------------- linear costs and escaping (issue 18)


def _naive_apply(text: str, fixes) -> tuple[str, list]:
    """The pairwise reference apply_fixes must agree with (quadratic; small inputs only)."""
    from planlint.edits import _overlap, line_index

    index, taken, applied = line_index(text), [], []
    for fix in fixes:
        try:
            ranges = [(*index.offsets(e.span), e.new_text) for e in fix.edits]
        except ValueError:
            continue
        if any(s > e or any(c in text[s:e] + n for c in "\n\r") for s, e, n in ranges):
            continue
        if any(_overlap(a, b) for a in ranges for b in taken) or any(
            _overlap(a, b) for i, a in enumerate(ranges) for b in ranges[i + 1 :]
        ):
            continue
        taken.extend(ranges)
        applied.append(fix)
    for start, end, new in sorted(taken, reverse=True):
        text = text[:start] + new + text[end:]
    return text, applied


def test_apply_fixes_agrees_with_the_pairwise_check_on_random_fixes():
    import random

    rng = random.Random(18)
    for _ in range(300):
        lines = ["".join(rng.choice("ab ") for _ in range(rng.randint(0, 8))) for _ in range(rng.randint(1, 5))]
        text = "\n".join(lines)
        fixes = []
        for k in range(rng.randint(0, 8)):
            edits = []
            for _ in range(rng.randint(1, 3)):
                line = rng.randint(1, len(lines))
                a, b = sorted(rng.randint(1, len(lines[line - 1]) + 2) for _ in range(2))
                edits.append(TextEdit(Span(line, a, line, b), rng.choice(["", "x", "yy", "z\n"])))
            fixes.append(Fix(f"f{k}", tuple(edits)))
        assert apply_fixes(text, fixes) == _naive_apply(text, fixes), (text, fixes)


def test_a_fix_never_removes_or_adds_a_line_break():
    text = "a: 1\r\nb: 2\n"
    across = Fix("across", (TextEdit(Span(1, 4, 2, 1), "x"),))  # from line 1 into line 2
    into_break = Fix("into", (TextEdit(Span(1, 5, 1, 6), ""),))  # the \r of \r\n: past the line's text
    inserts = Fix("inserts", (TextEdit(Span(2, 4, 2, 5), "2\nc: 3"),))
    keeps = Fix("keeps", (TextEdit(Span(2, 4, 2, 5), "3"),))
    assert apply_fixes(text, [across, into_break, inserts, keeps]) == ("a: 1\r\nb: 3\n", [keeps])


def test_line_index_is_shared_by_the_fixes_of_one_text():
    from planlint.edits import line_index

    text, other = "a: 1\nb: 2\n", "a: 1\r\nb: 2\n"
    index = line_index(text)
    assert line_index(text) is index and index.starts == [0, 5, 10]
    assert line_index(other) is not index and line_index(other).starts == [0, 6, 11]


def test_the_diff_of_many_fixes_pairs_lines_and_groups_hunks_like_diff_u():
    before = "".join(f"k{i}: {i}\n" for i in range(40))
    after = before.replace("k3: 3", "k3: three").replace("k9: 9", "k9: nine").replace("k30: 30", "k30: thirty")
    diff = unified_diff("p.plan.yaml", before, after)
    import difflib

    expected = "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True), "a/p.plan.yaml", "b/p.plan.yaml"))
    assert diff == expected
    assert diff.count("@@ -") == 2  # lines 4 and 10 share a hunk (5 lines apart), line 31 has its own


def test_the_diff_shows_terminal_controls_escaped():
    name = "plans/\x1b]8;;http://x\x07evil\x1b]8;;\x07" + os.fsdecode(b"\xff") + ".plan.yaml"
    before = "title: \x1b[2J\u202eok\nduration: 45m\n"
    after = "title: \x1b[2J\u202eok\nduration: 45min\n"
    diff = unified_diff(name, before, after)
    assert "\x1b" not in diff and "\u202e" not in diff and "\x07" not in diff
    assert diff.splitlines()[0] == "--- a/plans/\\x1b]8;;http://x\\x07evil\\x1b]8;;\\x07\\xff.plan.yaml"
    assert " title: \\x1b[2J\\u202eok\n" in diff
    diff.encode("utf-8")  # a name that is not UTF-8 no longer holds a lone surrogate
    lone_cr = unified_diff("c.plan.yaml", "a: 1\rd: 45m\r", "a: 1\rd: 45min\r")
    assert lone_cr.splitlines()[2:] == ["@@ -1,2 +1,2 @@", " a: 1\\r", "-d: 45m\\r", "+d: 45min\\r"]


def test_diff_on_a_strict_utf8_stdout_with_a_name_that_is_not_utf8(tmp_path):
    """`--diff` prints escaped names: a file name that is not UTF-8 is no internal error (was exit 3)."""
    import subprocess
    import sys

    name = os.fsdecode(b"bad-\xff.plan.yaml")
    (tmp_path / name).write_bytes((FIXES / "minutes.plan.yaml").read_bytes())
    completed = subprocess.run(
        [sys.executable, "-m", "planlint", "check", "--diff", "."],
        cwd=tmp_path,
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict", "PLANLINT_DEBUG": ""},
    )
    assert completed.returncode == 1, completed.stderr
    assert b"--- a/bad-\\xff.plan.yaml\n" in completed.stdout


def test_the_fixes_messages_name_are_offered_and_unclear_ones_are_not(linter, minimal_plan):
    """Issue 19 item 6: `type: Strain`, `45mins`, `ref: eccentric_calf_raises` are fixed
    as their messages say (the golden file message-named.plan.yaml); when the message
    cannot name one answer, there is no fix."""
    from planlint.units import duration_unit_meant

    assert only_close_match("Strain", ["strain", "sprain"]) == "strain"
    assert only_close_match("STRAIN", ["strain", "sprain"]) == "strain"
    assert only_close_match("Up", ["up", "UP"]) is None  # two spellings differ only in case
    assert [duration_unit_meant(u) for u in ("mins", "hrs", "Min", "H", "minn", "secc", "weeks")] == [
        "min",
        "h",
        "min",
        "h",
        "min",
        "s",
        "w",
    ]
    assert [duration_unit_meant(u) for u in ("m", "min", "xyz", "hs")] == [None, None, None, None]
    path = FIXES / "message-named.plan.yaml"
    findings = linter.lint_bytes(relative(path), path.read_bytes()).findings
    assert len(findings) == 6 and all(f.fix is not None for f in findings)
    catalog = fix_bytes(linter, relative(path), path.read_bytes())
    assert len(catalog.applied) == 7  # the catalog id is found (and fixed) once the schema errors are gone
    unclear = minimal_plan.replace("ref: isometric_bridge", "ref: calf_raise")  # isometric_, eccentric_ or seated_calf_raise?
    (finding,) = [f for f in linter.lint_bytes("u.plan.yaml", unclear.encode()).findings if f.code == "PL004"]
    assert finding.fix is None
