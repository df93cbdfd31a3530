"""``planlint check`` without click: planlint.check_args reads the common command lines
exactly as click reads them, and hands everything else to click.

The fast reader is only worth having if it never disagrees with click: every
command line it takes must give the parameter values click gives, and its runs
must print the same bytes and exit with the same codes.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import click
import pytest

from planlint import check_args, check_command, entry
from planlint.cli import main as cli_group

ROOT = Path(__file__).resolve().parent.parent
CLEAN = ROOT / "tests" / "fixtures" / "cli" / "minimal-clean.plan.yaml"


def click_values(arguments: list[str]):
    """The parameter values click's ``check`` command gives, or "refused" for a usage error."""
    command = cli_group.commands["check"]
    try:
        with command.make_context("check", list(arguments)) as context:
            return context.params
    except (click.exceptions.Exit, click.ClickException):
        return "refused"


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.plan.yaml").write_text("planlint: 1\n", encoding="utf-8")
    (tmp_path / "planlint.toml").write_text("", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    return tmp_path


COMMON = [
    ["a.plan.yaml"],
    [],
    ["--force-exclude", "a.plan.yaml", "b.plan.yaml"],
    ["--format", "json", "folder"],
    ["--format=sarif", "-o", "out.sarif", "."],
    ["-j", "2", "--no-cache", "folder"],
    ["-j2", "folder"],
    ["--jobs=0", "--exit-zero", "-q", "a.plan.yaml"],
    ["--config", "planlint.toml", "--select", "PL,HS001", "--ignore", "hs005", "a.plan.yaml"],
    ["--baseline", "base.json", "--fail-on", "error", "--color", "never", "a.plan.yaml"],
    ["--show-source", "--no-show-source", "a.plan.yaml"],
    ["--no-force-exclude", "--force-exclude", "--", "--odd-name.plan.yaml"],
    ["-", "--stdin-filename", "x.plan.yaml"],
    ["--fix", "--diff", "--statistics", "--show-suppressed", "a.plan.yaml"],
    ["--write-baseline", "b.json", "--baseline-add-new", "--prune-baseline", "c.json", "a.plan.yaml"],
    ["--exclude", "", "--extend-exclude", "x/,y", "--extend-select", "AC", "folder"],
    ["--format", "text", "--format", "github", "a.plan.yaml"],  # the last one wins, as in click
]

FOR_CLICK = [
    ["--help"],
    ["-h"],
    ["--formt", "json"],  # misspelt: click's "No such option" with its suggestion
    ["--format", "xml"],
    ["--format", "JSON"],
    ["--fail-on", "ERROR"],
    ["--color", "sometimes"],
    ["-qj2"],
    ["-j", "-1"],
    ["-j", "+2"],
    ["-j=2"],
    ["--jobs"],
    ["--config", "missing.toml"],
    ["--config", "folder"],
    ["-o", "folder"],
    ["--baseline", "folder"],
    ["--quiet=yes"],
    ["--select", "--ignore"],
    ["-oout.json"],
    ["-V"],
    [""],
]


@pytest.mark.parametrize("arguments", COMMON, ids=" ".join)
def test_common_command_lines_are_read_as_click_reads_them(files, arguments):
    values = check_args.parse(arguments)
    assert values is not None
    assert values == click_values(arguments)


@pytest.mark.parametrize("arguments", FOR_CLICK, ids=" ".join)
def test_anything_else_is_left_to_click(files, arguments):
    assert check_args.parse(arguments) is None


def test_shell_completion_is_left_to_click(files, monkeypatch):
    monkeypatch.setenv("_PLANLINT_COMPLETE", "bash_complete")
    assert check_args.parse(["a.plan.yaml"]) is None


def test_unreadable_paths_are_left_to_click(files):
    if os.geteuid() == 0:
        pytest.skip("root reads everything")
    (files / "secret.plan.yaml").write_text("planlint: 1\n", encoding="utf-8")
    (files / "secret.plan.yaml").chmod(0)
    assert check_args.parse(["secret.plan.yaml"]) is None
    assert click_values(["secret.plan.yaml"]) == "refused"


TOKENS = [
    "a.plan.yaml",
    "missing.plan.yaml",
    "folder",
    "planlint.toml",
    "-",
    "--",
    "--format",
    "json",
    "sarif",
    "xml",
    "--format=junit",
    "--select",
    "HS001",
    "--ignore=PL",
    "--fail-on",
    "info",
    "--config",
    "--baseline",
    "-o",
    "out.txt",
    "-j",
    "3",
    "-j1",
    "--jobs",
    "x",
    "--color=always",
    "--color",
    "-q",
    "--quiet",
    "--no-cache",
    "--force-exclude",
    "--no-force-exclude",
    "--show-source",
    "--no-show-source",
    "--statistics",
    "--fix",
    "--diff",
    "--stdin-filename",
    "--exit-zero",
    "--write-baseline",
    "--prune-baseline",
    "--baseline-add-new",
    "--show-suppressed",
    "-x",
    "--unknown",
    "",
]


def test_random_command_lines_agree_with_click(files):
    """Whenever the fast reader takes a command line, click gives the same values;
    and it takes most of those click takes (it is not a reader that gives up)."""
    rng = random.Random(20261207)
    taken = accepted_by_click = 0
    for _ in range(3000):
        arguments = [rng.choice(TOKENS) for _ in range(rng.randint(0, 6))]
        ours = check_args.parse(arguments)
        theirs = click_values(arguments)
        accepted_by_click += theirs != "refused"
        if ours is not None:
            taken += 1
            assert ours == theirs, arguments
    assert accepted_by_click > 300
    assert taken > accepted_by_click // 3


def run(arguments: list[str], through_click: bool, cwd: Path) -> tuple[int, str, str]:
    """A ``planlint check`` process: through planlint's entry point (the fast reader when
    it takes the command line) or straight through click's group."""
    start = "from planlint.cli import main; main()" if through_click else "from planlint.entry import main; main()"
    completed = subprocess.run(
        [sys.executable, "-c", "import sys; sys.argv[0] = 'planlint'; " + start, "check", *arguments],
        cwd=cwd,
        capture_output=True,
        env={**os.environ, "PLANLINT_NO_RUN_CACHE": "1", "NO_COLOR": "1"},
        check=False,
    )
    return completed.returncode, completed.stdout.decode(), completed.stderr.decode()


@pytest.mark.parametrize(
    "arguments, code",
    [
        (["--no-cache", str(CLEAN)], 0),
        (["--no-cache", "--format", "json", str(ROOT / "examples" / "calf-strain-unsafe.plan.yaml")], 1),
        (["--no-cache", "--statistics", "--format", "json", str(CLEAN)], 2),
        (["--no-cache", "missing.plan.yaml"], 2),
        (["--no-cache", "--baseline-add-new", str(CLEAN)], 2),
        (["--no-cache", "-q", "--fail-on", "error", str(ROOT / "examples" / "calf-strain-unsafe.plan.yaml")], 1),
    ],
)
def test_a_run_without_click_prints_what_click_prints(tmp_path, arguments, code):
    assert check_args.parse(arguments) is not None
    fast = run(arguments, through_click=False, cwd=tmp_path)
    assert fast == run(arguments, through_click=True, cwd=tmp_path)
    assert fast[0] == code


def test_messages_to_an_ascii_standard_error_are_written_as_click_writes_them(tmp_path):
    """click writes UTF-8 with replacement to a stream whose encoding is ASCII; so does say()."""
    plan = tmp_path / "é.plan.yaml"  # a name that needs more than ASCII
    arguments = ["--no-cache", str(plan)]
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "PLANLINT_NO_RUN_CACHE": "1"}
    results = []
    for start in ("from planlint.entry import main; main()", "from planlint.cli import main; main()"):
        completed = subprocess.run(
            [sys.executable, "-c", "import sys; sys.argv[0] = 'planlint'; " + start, "check", *arguments],
            capture_output=True,
            env=env,
            check=False,
        )
        results.append((completed.returncode, completed.stderr))
    assert results[0] == results[1]
    assert results[0][0] == 2 and "é".encode() in results[0][1]


def test_an_interrupted_run_ends_as_click_ends_it(monkeypatch, capsys, files):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(check_command, "check", interrupted)
    with pytest.raises(SystemExit) as fast:
        entry._check(["a.plan.yaml"])
    fast_err = capsys.readouterr().err
    with pytest.raises(SystemExit) as slow:
        cli_group.main(["check", "a.plan.yaml"], prog_name="planlint")
    assert (fast.value.code, fast_err) == (slow.value.code, capsys.readouterr().err) == (1, "\nAborted!\n")


def test_an_unexpected_error_is_one_line_and_exit_code_3(monkeypatch, capsys, files):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(check_command, "check", broken)
    monkeypatch.delenv("PLANLINT_DEBUG", raising=False)
    with pytest.raises(SystemExit) as fast:
        entry._check(["a.plan.yaml"])
    assert fast.value.code == 3
    assert capsys.readouterr().err == (
        "planlint: error: internal error: RuntimeError: boom; please report it (set PLANLINT_DEBUG=1 to see the traceback)\n"
    )
