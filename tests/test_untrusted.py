"""The pieces that make planlint safe on untrusted plans, one by one (the hostile
corpus in tests/hostile/ checks them end to end)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MINIMAL_PLAN as MINIMAL
from plan_edits import run, write

from planlint.budget import Budget, OverBudget
from planlint.config import ConfigResolver
from planlint.discovery import discover
from planlint.engine import Linter
from planlint.files import FileProblem, read_regular, write_atomically
from planlint.findings import Severity
from planlint.hookspecs import hookimpl
from planlint.limits import Limits
from planlint.loader import load_text
from planlint.plugins import build_plugin_host
from planlint.positions import Span
from planlint.quoting import describe_number, escape_controls, quote
from planlint.rules.rule import Rule, Violation

# ----------------------------------------------------------------------------- text


def test_escape_controls_shows_what_acts_on_a_terminal():
    assert escape_controls("a\x1b[31mb\rc\nd\u202ee\ud800f\tg") == "a\\x1b[31mb\\rc\\nd\\u202ee\\ud800f\tg"
    assert escape_controls("a\r\nb", keep_newlines=True) == "a\r\nb"
    assert escape_controls(os.fsdecode(b"x\xffy")) == "x\\xffy"  # a file name that is not UTF-8


def test_quote_and_numbers_are_bounded():
    assert quote("x" * 100) == "x" * 60 + "…"
    assert describe_number(10**5000) == "a number with about 5001 digits"
    assert describe_number(-(10**5000)).startswith("-a number")
    assert describe_number(float("nan")) == "nan (not a number)"
    assert describe_number(12) == "12"


# ----------------------------------------------------------------------------- positions


def test_aliases_and_merged_keys_are_located_where_they_are_used():
    source = load_text("p.yaml", "a: &x {k: [1, 2]}\nb: *x\nc:\n  <<: *x\n  own: 3\n")
    assert source.data["b"] is source.data["a"]  # one value, not a copy per alias
    assert source.index.locate(("a", "k", 1)) == Span(1, 15, 1, 16)
    assert source.index.locate(("b", "k", 1)) == Span(2, 4, 2, 6)  # at the alias *x
    assert source.index.key_span(("b",)).line == 2  # its own key
    assert source.index.locate(("c", "k")) == Span(4, 3, 4, 5)  # a merged key: at the `<<` key
    assert source.index.locate(("c", "k", 0)) == Span(4, 3, 4, 5)
    assert source.index.locate(("c", "own")) == Span(5, 3, 5, 6)
    assert source.index.locate(("b", "k", 5)) == Span(2, 4, 2, 6)  # below an alias: the alias
    # Nothing reached through an alias or a merge is written where it is used: no fix can edit it.
    assert source.index.key_span(("c", "k")) is None and source.index.value_span(("b", "k")) is None


def test_the_outermost_alias_locates_nested_occurrences():
    text = "a: &a {x: &b [1]}\nb: &c {y: *b}\nc: *c\nd:\n  <<: *c\n"
    source = load_text("p.yaml", text)
    assert source.index.locate(("b", "y", 0)) == Span(2, 11, 2, 13)  # *b, written in b
    assert source.index.locate(("c", "y", 0)) == Span(3, 4, 3, 6)  # *c: the alias in c, not *b in the anchor
    assert source.index.locate(("d", "y", 0)) == Span(5, 3, 5, 5)  # the merge in d


def test_an_alias_inside_its_own_anchor_is_refused():
    [finding] = load_text("p.yaml", "a: &x [1, *x]\n").findings
    assert finding.code == "PL001" and "inside the node it refers to" in finding.message


def test_an_undefined_alias_is_refused():
    [finding] = load_text("p.yaml", "a: *nowhere\n").findings
    assert finding.code == "PL001" and "refers to no anchor" in finding.message


def test_a_parser_error_at_the_end_stays_inside_the_file():
    [finding] = load_text("p.yaml", "{").findings
    assert finding.line == 1


def test_span_within_keeps_a_span_inside_the_file():
    assert Span(-5, -1, -5, -1).within(10) == Span(1, 1, 1, 1)
    assert Span(50, 3, 60, 1).within(10) == Span(10, 3, 10, 3)
    assert Span(2, 3, 4, 5).within(10) == Span(2, 3, 4, 5)


# ----------------------------------------------------------------------------- files


def test_write_atomically_leaves_the_old_report_when_writing_fails(tmp_path, monkeypatch):
    report = tmp_path / "report.json"
    report.write_text("previous")

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        write_atomically(str(report), b"new")
    assert report.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left


def test_a_reporter_failure_keeps_the_previous_report(tmp_path, monkeypatch):
    plan = write(tmp_path, "a.plan.yaml", MINIMAL)
    report = tmp_path / "report.txt"
    report.write_text("previous")
    from planlint.reporters.text import TextReporter

    def explode(self, findings, summary):
        self.stream.write("half a report")
        raise RuntimeError("reporter bug")

    monkeypatch.setattr(TextReporter, "report", explode)
    result = run("check", plan, "-o", report)
    assert result.exit_code == 3
    assert "internal error: RuntimeError: reporter bug" in result.stderr
    assert report.read_text() == "previous"


def test_write_atomically_keeps_the_mode_of_the_file_it_replaces(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("x")
    report.chmod(0o640)
    write_atomically(str(report), b"y")
    assert report.read_bytes() == b"y" and (report.stat().st_mode & 0o777) == 0o640


def test_read_regular_refuses_fifos_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(FileProblem, match="not a regular file"):
        read_regular(tmp_path / "pipe", 10)


def test_stdout_that_cannot_be_written_is_a_clear_error(tmp_path):
    plan = write(tmp_path, "a.plan.yaml", MINIMAL)
    with open("/dev/full", "w") as full:
        completed = subprocess.run([sys.executable, "-m", "planlint", "check", str(plan)], stdout=full, stderr=subprocess.PIPE)
    assert completed.returncode == 2
    assert b"cannot write the report to standard output" in completed.stderr
    assert b"Traceback" not in completed.stderr


def test_an_unexpected_exception_is_exit_3_with_one_line(tmp_path, monkeypatch):
    plan = write(tmp_path, "a.plan.yaml", MINIMAL)
    monkeypatch.setattr("planlint.run.summarize", lambda results: 1 / 0)
    result = run("check", plan)
    assert result.exit_code == 3
    assert result.stderr.startswith("planlint: error: internal error: ZeroDivisionError")
    assert "Traceback" not in result.stderr


# ----------------------------------------------------------------------------- discovery


def test_an_unreadable_sub_folder_is_a_problem(tmp_path, monkeypatch):
    write(tmp_path, "tree/a.plan.yaml", MINIMAL)
    write(tmp_path, "tree/locked/b.plan.yaml", MINIMAL)
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = discover([str(tmp_path / "tree")])
    assert [Path(f).name for f in found.files] == ["a.plan.yaml"]
    assert found.problems == [f"{tmp_path / 'tree' / 'locked'}: cannot read the folder: Permission denied"]


def test_a_symlink_inside_the_tree_is_followed(tmp_path):
    write(tmp_path, "tree/real/a.plan.yaml", MINIMAL)
    os.symlink(tmp_path / "tree" / "real" / "a.plan.yaml", tmp_path / "tree" / "b.plan.yaml")
    found = discover([str(tmp_path / "tree")])
    assert len(found.files) == 1 and not found.notes  # the same file once


# ----------------------------------------------------------------------------- rules under a budget


class Slow(Rule):
    code, name, severity = "ZZ002", "slow", Severity.WARNING
    summary = why = instead = "x"

    def check(self, plan, ctx):
        time.sleep(30)
        return ()


class Interrupting(Rule):
    code, name, severity = "ZZ003", "interrupting", Severity.WARNING
    summary = why = instead = "x"

    def check(self, plan, ctx):
        raise KeyboardInterrupt


class Fine(Rule):
    code, name, severity = "ZZ004", "fine", Severity.WARNING
    summary = why = instead = "x"

    def check(self, plan, ctx):
        yield Violation(Span(2, 1, 2, 2), "fine")


class Pack:
    def __init__(self, *rules):
        self.rules = rules

    @hookimpl
    def planlint_rules(self):
        return [rule() for rule in self.rules]


def linter_with(*rules, **limits) -> Linter:
    resolver = ConfigResolver(overrides={"limits": Limits(**limits)}, search=False)
    return Linter(resolver, host=build_plugin_host(extra_plugins=[("test", Pack(*rules))]))


def test_a_rule_over_its_time_budget_is_stopped_and_reported():
    linter = linter_with(Slow, Fine, rule_timeout=0.2)
    result = linter.lint_bytes("a.plan.yaml", MINIMAL.encode())  # Slow sleeps 30 s and reports nothing if not stopped
    assert result.crashed
    [internal] = [f for f in result.findings if f.code == "PL000"]
    assert "rule ZZ002 (slow)" in internal.message and "took more than 0.2 s" in internal.message
    assert "ZZ004" in {f.code for f in result.findings}  # the others still ran


def test_a_keyboardinterrupt_from_a_rule_is_a_crash():
    result = linter_with(Interrupting, Fine).lint_bytes("a.plan.yaml", MINIMAL.encode())
    assert result.crashed
    assert any("KeyboardInterrupt" in f.message for f in result.findings if f.code == "PL000")


def test_the_users_ctrl_c_still_stops_the_run():
    class Waits(Rule):
        code, name, severity = "ZZ005", "waits", Severity.WARNING
        summary = why = instead = "x"

        def check(self, plan, ctx):
            os.kill(os.getpid(), signal.SIGINT)  # the user presses Ctrl-C while this rule runs
            time.sleep(5)
            return ()

    with pytest.raises(KeyboardInterrupt):
        linter_with(Waits).lint_bytes("a.plan.yaml", MINIMAL.encode())


def test_the_budget_restores_the_signal_handlers():
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGALRM)
    with Budget(0.2) as budget:
        with pytest.raises(OverBudget):
            budget.run(lambda: _spin(3))
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGALRM)) == before


def test_each_rule_has_its_own_budget_though_the_timer_is_set_once():
    """The timer is set for the first rule and not around each: rules that each finish in
    time are never interrupted, however long they take together; a rule that runs over its
    own budget is, even after many fast ones."""
    with Budget(0.3) as budget:
        for _ in range(4):  # 0.6 s in all, 0.15 s each
            assert budget.run(lambda: _spin(0.15) or "done") == "done"
        for _ in range(200):
            budget.run(lambda: None)
        started = time.monotonic()
        with pytest.raises(OverBudget):
            budget.run(lambda: _spin(3))
        assert time.monotonic() - started < 1.5  # its own 0.3 s, not the 3 s it asked for
        assert budget.run(lambda: "after") == "after"  # the next rule is not hit by a stale timer
        _spin(0.4)  # a timer that fires between rules does nothing
        assert budget.run(lambda: _spin(0.1) or "in time") == "in time"


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


# ----------------------------------------------------------------------------- configuration of the limits


def test_limits_are_configurable(tmp_path):
    plan = write(tmp_path, "a.plan.yaml", MINIMAL)
    write(tmp_path, "planlint.toml", "[limits]\nmax-nodes = 10\n")
    result = run("check", plan, "--format", "json")
    assert result.exit_code == 1 and "more than 10 values" in result.stdout


def test_bad_limits_are_configuration_errors(tmp_path):
    plan = write(tmp_path, "a.plan.yaml", MINIMAL)
    for toml, fragment in (
        ("[limits]\nmax-nodes = 0\n", "max-nodes must be a whole number of at least 1"),
        ("[limits]\nmax-depth = 100000\n", "max-depth must be at most 400"),
        ("[limits]\nnodes = 1\n", "unknown key(s) nodes"),
        ("rule-timeout = nan\n", "rule-timeout must be a number of seconds"),
        ("rule-timeout = -1\n", "rule-timeout must be a number of seconds"),
    ):
        write(tmp_path, "planlint.toml", toml)
        result = run("check", plan)
        assert result.exit_code == 2 and fragment in result.stderr, (toml, result.stderr)


def test_output_over_the_stdin_filename_is_refused(tmp_path):
    plan = write(tmp_path, "a.plan.yaml", MINIMAL)
    result = run("check", "-", "--stdin-filename", plan, "-o", plan, input=MINIMAL)
    assert result.exit_code == 2 and "is one of the linted files" in result.stderr
    assert plan.read_text() == MINIMAL


def test_a_parallel_run_equals_a_serial_one(tmp_path):
    from planlint.parallel import PARALLEL_MIN_FILES, lint_sources
    from planlint.run import Source

    examples = sorted((Path(__file__).parent.parent / "examples").glob("*.plan.yaml"))
    paths = []
    for i in range(PARALLEL_MIN_FILES + 6):
        source = examples[i % len(examples)]
        paths.append(str(write(tmp_path, f"p{i:03d}-{source.name}", source.read_text(encoding="utf-8"))))
    linter = Linter(ConfigResolver(search=False))
    files = [Source(path, linter.settings_for(path)) for path in paths]

    def outcomes(jobs):
        return [
            (path, result.findings if result else None, problem) for path, result, problem in lint_sources(linter, files, jobs)
        ]

    assert outcomes(2) == outcomes(1)
