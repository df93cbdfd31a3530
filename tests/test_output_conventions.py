"""ruff/yamllint conventions of the text format: --statistics, -q, source lines, the progress line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from plan_edits import EXAMPLES, UNSAFE_EXAMPLE, run

from planlint import cli


def test_statistics_counts_findings_per_code_most_frequent_first():
    result = run("check", "--statistics", EXAMPLES)
    lines = result.stdout.splitlines()
    assert lines[0] == "5  PL003  schema  [error]  [*] 4 fixable"
    assert "1  HS001  early-sprint  [error]" in lines
    # The library's version 1 ACL plan cannot state `surgery`: AC000 with planlint-acl installed (the README's set-up).
    assert "1  AC000  no-surgery-date  [error]" in lines
    assert lines[-2:] == ["Checked 7 files: 10 errors, 4 warnings, 0 info (1 suppressed).", "[*] 4 fixable with --fix."]
    assert result.exit_code == 1


def test_statistics_is_for_the_text_format():
    result = run("check", "--statistics", "--format", "json", EXAMPLES)
    assert result.exit_code == 2 and "--statistics counts findings in the text format" in result.stderr


def test_quiet_prints_findings_only():
    quiet = run("check", "-q", UNSAFE_EXAMPLE).stdout.splitlines()
    loud = run("check", UNSAFE_EXAMPLE).stdout.splitlines()
    assert quiet == loud[:-1] and loud[-1].startswith("Checked 1 file")
    assert run("check", "-q", "--statistics", UNSAFE_EXAMPLE).stdout.splitlines()[-1].startswith("1  ")


def test_source_line_and_carets_under_each_finding():
    lines = run("check", "--show-source", UNSAFE_EXAMPLE).stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if ":61:9: HS001" in line)
    assert lines[at + 1] == "   61 |       - name: Strides, 4 x 40 m at 60 %"
    assert lines[at + 2] == "      |         " + "^" * len("name: Strides, 4 x 40 m at 60 %")
    assert lines[lines.index(next(line for line in lines if ":25:1: PL107" in line)) + 2] == "      | " + "^" * len("monitoring")


def test_no_source_lines_when_piped_or_asked_not_to():
    assert "   61 | " not in run("check", UNSAFE_EXAMPLE).stdout  # CliRunner's output is not a terminal
    assert "   61 | " not in run("check", "--no-show-source", UNSAFE_EXAMPLE).stdout


def test_source_lines_from_standard_input():
    text = UNSAFE_EXAMPLE.read_text(encoding="utf-8")
    lines = run("check", "--show-source", "--stdin-filename", "x.plan.yaml", "-", input=text).stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if ":61:9: HS001" in line)
    assert lines[at + 1].endswith("- name: Strides, 4 x 40 m at 60 %")


def test_progress_line_only_on_a_terminal_outside_ci(monkeypatch):
    class Terminal:
        def __init__(self):
            self.text = ""

        def isatty(self):
            return True

        def write(self, text):
            self.text += text

        def flush(self):
            pass

    terminal = Terminal()
    monkeypatch.setattr(cli.sys, "stderr", terminal)
    monkeypatch.delenv("CI", raising=False)
    progress = cli._Progress()
    progress.EVERY = 0
    progress.next_update = 0
    for count in range(1, 4):
        progress.step(count, 500)
    progress.done()
    assert "\rplanlint: 3 of 500 files" in terminal.text and terminal.text.endswith("\r\033[K")
    monkeypatch.setenv("CI", "true")
    assert not cli._Progress().on
    monkeypatch.delenv("CI")
    short = cli._Progress()
    short.next_update = 0
    short.step(9, 10)  # a short run needs none
    assert not short.shown


FIXES = Path(__file__).parent / "fixtures" / "fixes"


def test_text_marks_the_findings_fix_can_repair_and_counts_them():
    result = run("check", "--no-cache", FIXES / "phase-ids.plan.yaml")
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{FIXES / 'phase-ids.plan.yaml'}:24:5: PL005 error [*] session on day 2 at 10:00 names phase")
    assert " HS009 warning sport-specific 'Team training'" in lines[2]  # no fix: no mark
    assert lines[-2:] == ["Checked 1 file: 2 errors, 1 warning, 0 info.", "[*] 2 fixable with --fix."]
    quiet = run("check", "--no-cache", "-q", FIXES / "phase-ids.plan.yaml")
    assert "fixable" not in quiet.stdout


def test_statistics_counts_the_fixable_findings_of_each_code():
    result = run("check", "--no-cache", "--statistics", FIXES / "phase-ids.plan.yaml")
    assert result.stdout.splitlines() == [
        "2  PL005  unknown-phase  [error]  [*] 2 fixable",
        "1  HS009  sport-drills-before-strength  [warning]",
        "Checked 1 file: 2 errors, 1 warning, 0 info.",
        "[*] 2 fixable with --fix.",
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "ascii", "latin-1"])
def test_a_large_report_is_written_in_pieces_as_one_encoding_of_it(monkeypatch, encoding):
    """Past a megabyte the report is encoded piece by piece (never held as text and bytes
    at once); the bytes are those of encoding it whole: one byte-order mark, escapes kept."""
    import io

    from planlint import check_command

    text = ("é ‘quoted’ \ud800 line\n" * 60_000) + "end"
    assert len(text) > check_command._PIECE
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, errors="backslashreplace")
    monkeypatch.setattr(sys, "stdout", stream)
    check_command.write_stdout(text)
    assert raw.getvalue() == text.encode(encoding, "backslashreplace")
