"""The whole-run cache (planlint.runcache): a repeated `check` replays its output, and
every input that can change the output makes it run again.

Each run is a separate `planlint` process (the cache lives in the entry point). A
run that replayed never imported the engine: the wrapper below writes whether it did.
Files are aged by a minute so that the runs may record (a file modified within
seconds of a run is "racy" and makes it record nothing, which one test checks).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planlint import runcache
from tests.conftest import MINIMAL_PLAN

WRAPPER = """
import atexit, sys
flag = sys.argv.pop(1)
atexit.register(lambda: open(flag, "w").write("linted" if "planlint.engine" in sys.modules else "replayed"))
from planlint.entry import main
main()
"""

UNSAFE = (
    MINIMAL_PLAN.replace("day: 2", "day: 2\n    notes: x")
    .replace("Isometric bridge", "Nordic hamstring curl")
    .replace("isometric_bridge", "nordic_curl")
)


def age(*paths: Path, seconds: int = 60) -> None:
    """Set the times of ``paths`` (and everything below folders) back."""
    then = time.time() - seconds
    for path in paths:
        items = [path, *path.rglob("*")] if path.is_dir() else [path]
        for item in items:
            os.utime(item, (then, then), follow_symlinks=False)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "plans").mkdir(parents=True)
    (root / "plans" / "a.plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    (root / "plans" / "b.plan.yaml").write_text(MINIMAL_PLAN.replace("id: minimal", "id: second"), encoding="utf-8")
    age(root)
    return root


def check(folder: Path, *args: str, env: dict | None = None, stdin: str | None = None):
    """(exit code, stdout, stderr, "linted" or "replayed") of `planlint check ARGS` in ``folder``."""
    flag = folder.parent / f"flag-{time.monotonic_ns()}"
    process = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(flag), "check", *args],
        cwd=folder,
        capture_output=True,
        env={**os.environ, **(env or {})},
        input=stdin.encode() if stdin is not None else None,
    )
    how = flag.read_text() if flag.exists() else "?"
    return process.returncode, process.stdout, process.stderr, how


def recorded_then(folder: Path, *args: str, env: dict | None = None):
    """Run twice: the first run lints, the second replays the same bytes; its result."""
    first = check(folder, *args, env=env)
    assert first[3] == "linted"
    second = check(folder, *args, env=env)
    assert second[3] == "replayed", second
    assert second[:3] == first[:3]
    return first


def test_a_repeated_run_replays_the_same_output_and_exit_code(tree):
    code, out, err, _ = recorded_then(tree, "plans", "--format", "json")
    assert code == 1 and out.startswith(b"[") and b"HS004" in out


def test_findings_and_exit_code_1_are_replayed(tree):
    (tree / "plans" / "a.plan.yaml").write_text(MINIMAL_PLAN.replace("day: 2", "day: -2"), encoding="utf-8")
    age(tree)
    code, out, _, _ = recorded_then(tree, "plans")
    assert code == 1 and b"a.plan.yaml" in out


def _changes_output(tree: Path, change, *args: str, env: dict | None = None, after_env: dict | None = None) -> None:
    """The run recorded, ``change`` applied: the next run lints again, and prints what a
    run without any cache prints."""
    before = recorded_then(tree, *args, env=env)
    change()
    again = check(tree, *args, env=after_env or env)
    assert again[3] == "linted"
    fresh = check(tree, *args, "--no-cache", env=after_env or env)
    assert again[:3] == fresh[:3]
    assert again[:3] != before[:3]


def test_editing_a_plan_invalidates(tree):
    def change():
        path = tree / "plans" / "a.plan.yaml"
        path.write_text(MINIMAL_PLAN.replace("day: 2", "day: -2"), encoding="utf-8")
        age(path)  # even with its old times back: the change time and size differ

    _changes_output(tree, change, "plans")


def test_same_size_same_mtime_edit_invalidates_by_change_time(tree):
    path = tree / "plans" / "a.plan.yaml"
    original = path.stat()

    def change():
        path.write_text(MINIMAL_PLAN.replace("day: 2", "day: 9"), encoding="utf-8")
        os.utime(path, ns=(original.st_atime_ns, original.st_mtime_ns))

    recorded_then(tree, "plans")
    change()
    assert check(tree, "plans")[3] == "linted"


def test_a_new_plan_in_a_searched_folder_invalidates(tree):
    def change():
        (tree / "plans" / "sub").mkdir()
        (tree / "plans" / "sub" / "c.plan.yaml").write_text("planlint: 1\nid: [\n", encoding="utf-8")
        age(tree)

    _changes_output(tree, change, "plans")


def test_a_configuration_file_in_a_parent_folder_invalidates(tree):
    (tree / "plans" / "a.plan.yaml").write_text(MINIMAL_PLAN.replace("day: 2", "day: -2"), encoding="utf-8")
    age(tree)

    def change():
        (tree / "planlint.toml").write_text('ignore = ["PL"]\nselect = ["ALL"]\n', encoding="utf-8")
        age(tree)

    _changes_output(tree, change, "plans")


def test_a_configuration_value_invalidates(tree):
    (tree / "planlint.toml").write_text('fail-on = "error"\n', encoding="utf-8")
    age(tree)

    def change():
        (tree / "planlint.toml").write_text('fail-on = "info"\n', encoding="utf-8")
        age(tree)

    (tree / "plans" / "a.plan.yaml").write_text(UNSAFE, encoding="utf-8")
    age(tree)
    recorded_then(tree, "plans", "--format", "json")
    change()
    assert check(tree, "plans", "--format", "json")[3] == "linted"


def test_a_catalog_file_invalidates(tree):
    (tree / "planlint.toml").write_text('exercise-catalogs = ["club.yaml"]\n', encoding="utf-8")
    (tree / "club.yaml").write_text("exercises:\n  club_bridge: {name: Club bridge, contraction: isometric}\n", encoding="utf-8")
    age(tree)
    recorded_then(tree, "plans")
    (tree / "club.yaml").write_text("exercises:\n  club_bridge: {name: Club bridge, contraction: eccentric}\n", encoding="utf-8")
    age(tree)
    assert check(tree, "plans")[3] == "linted"


def test_a_gitignore_invalidates(tree):
    def change():
        (tree / "plans" / ".gitignore").write_text("a.plan.yaml\n", encoding="utf-8")
        age(tree)

    _changes_output(tree, change, "plans")


def test_the_command_line_is_part_of_the_key(tree):
    recorded_then(tree, "plans")
    assert check(tree, "plans", "--format", "json")[3] == "linted"
    assert check(tree, "plans", "--quiet")[3] == "linted"


@pytest.mark.parametrize("variable", ["NO_COLOR", "PLANLINT_BUILDER", "COLUMNS", "CI"])
def test_environment_variables_are_part_of_the_key(tree, variable):
    value = {"COLUMNS": "40"}.get(variable, "1")
    if variable == "PLANLINT_BUILDER":  # a value other than the one this suite runs with (CI runs it both ways)
        value = "auto" if os.environ.get(variable) == "python" else "python"
    recorded_then(tree, "plans")
    assert check(tree, "plans", env={variable: value})[3] == "linted"


def test_the_working_folder_is_part_of_the_key(tree):
    recorded_then(tree, "plans")
    assert check(tree / "plans", ".")[3] == "linted"


def test_editing_any_file_of_a_plugin_invalidates(tree, tmp_path):
    site = tmp_path / "site"
    package = site / "fakeplug"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(
        "from planlint.api import Evidence, Rule, Severity, Violation, rules_hook\n"
        "from fakeplug.words import BANNED\n\n"
        "class Banned(Rule):\n"
        "    code = 'FK001'\n    name = 'banned'\n    severity = Severity.ERROR\n"
        "    summary = 'A banned exercise.'\n    why = 'Test.'\n    instead = 'Another.'\n"
        "    evidence = (Evidence('heuristic', 'Test.'),)\n\n"
        "    def check(self, plan, ctx):\n"
        "        for session, exercise in plan.exercises():\n"
        "            if exercise.name == BANNED:\n"
        "                yield Violation(exercise.span, 'banned')\n\n"
        "planlint_rules = rules_hook([Banned])\n",
        encoding="utf-8",
    )
    (package / "words.py").write_text("BANNED = 'nothing'\n", encoding="utf-8")
    info = site / "fakeplug-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fakeplug\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[planlint]\nfakeplug = fakeplug\n", encoding="utf-8")
    age(site)
    env = {"PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))}

    def change():
        (package / "words.py").write_text("BANNED = 'Isometric bridge'\n", encoding="utf-8")
        age(site)

    _changes_output(tree, change, "plans", env=env)


def test_installing_a_distribution_invalidates(tree, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    env = {"PYTHONPATH": str(site)}
    recorded_then(tree, "plans", env=env)
    (site / "other-1.0.dist-info").mkdir()
    assert check(tree, "plans", env=env)[3] == "linted"


def test_planlints_own_files_are_watched(tmp_path):
    (tmp_path / "mod.py").write_text("A = 1\n")
    before = runcache.tool_salt([str(tmp_path)])
    (tmp_path / "mod.py").write_text("A = 2\n")
    assert runcache.tool_salt([str(tmp_path)]) != before
    again = runcache.tool_salt([str(tmp_path)])
    (tmp_path / "new.py").write_text("")
    assert runcache.tool_salt([str(tmp_path)]) != again
    import planlint

    assert planlint.__file__ in runcache.tool_files([os.path.dirname(planlint.__file__)])


def test_the_terminal_is_part_of_the_key(monkeypatch):
    argv = ["check", "plans"]
    plain = runcache.static_key(argv)
    monkeypatch.setattr(runcache, "_terminal", lambda stream: "tty 80x24")
    narrow = runcache.static_key(argv)
    monkeypatch.setattr(runcache, "_terminal", lambda stream: "tty 120x24")
    assert len({plain, narrow, runcache.static_key(argv)}) == 3


def test_a_racy_file_makes_the_run_record_nothing(tree):
    (tree / "plans" / "a.plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")  # modified just now
    assert check(tree, "plans")[3] == "linted"
    assert check(tree, "plans")[3] == "linted"


def test_a_failed_run_is_not_recorded(tree):
    (tree / "plans" / "c.plan.yaml").mkdir()  # named like a plan, not a file: exit 2 for the explicit path
    args = ("plans", "plans/c.plan.yaml")
    first = check(tree, *args)
    assert first[0] == 2
    assert check(tree, *args)[3] == "linted"


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "-"],
        ["check", "plans", "--fix"],
        ["check", "plans", "--diff"],
        ["check", "plans", "-o", "report.txt"],
        ["check", "plans", "--output-file=report.txt"],
        ["check", "plans", "--write-baseline", "b.json"],
        ["check", "plans", "--prune-baseline", "b.json"],
        ["check", "plans", "--no-cache"],
        ["check", "plans", "--stdin-filename", "x.plan.yaml"],
        ["check", "plans", "-qo", "x"],
        ["check", "--help"],
        ["check", "plans", "--format"],
        ["check", "--", "-"],
        ["report", "plans"],
    ],
)
def test_runs_that_cannot_be_proven_fresh_are_never_cached(argv):
    assert not runcache.cacheable(argv)


def test_common_runs_are_cacheable(monkeypatch):
    assert runcache.cacheable(["check"])
    assert runcache.cacheable(["check", "plans", "--format", "json", "-j", "2", "--select=HS", "--exit-zero", "--", "-x"])
    monkeypatch.setenv(runcache.OFF_VARIABLE, "1")
    assert not runcache.cacheable(["check", "plans"])


def test_fix_is_never_replayed(tree):
    assert check(tree, "plans", "--fix")[3] == "linted"
    assert check(tree, "plans", "--fix")[3] == "linted"


def test_an_entry_signed_with_another_secret_is_a_miss(tree, tmp_path):
    recorded_then(tree, "plans")
    other = tmp_path / "someone-else"
    assert check(tree, "plans", env={"XDG_CACHE_HOME": str(other)})[3] == "linted"


def test_a_tampered_entry_is_a_miss(tree):
    recorded_then(tree, "plans")
    folder = Path(os.environ["PLANLINT_CACHE_DIR"]) / "v2" / "runs"
    [entry] = list(folder.glob("*.entry"))
    data = bytearray(entry.read_bytes())
    data[-3] ^= 1
    entry.write_bytes(bytes(data))
    assert check(tree, "plans")[3] == "linted"


def test_a_cache_folder_committed_to_the_checkout_is_not_used(tree):
    """PLANLINT_CACHE_DIR unset: the default folder is per-user (never the checkout)."""
    (tree / ".planlint_cache" / "v2" / "runs").mkdir(parents=True)
    age(tree)
    env = {"PLANLINT_CACHE_DIR": ""}
    recorded_then(tree, "plans", env=env)
    assert not list((tree / ".planlint_cache" / "v2" / "runs").iterdir())


def test_the_replay_path_reads_the_cache_as_planlint_cache_names_it(monkeypatch, tmp_path):
    from planlint import cache

    assert (runcache._CACHE_FORMAT, runcache._SECRET_NAME, runcache._SECRET_BYTES) == (
        cache.FORMAT,
        cache.SECRET_NAME,
        cache.SECRET_BYTES,
    )
    assert runcache.MAX_ENTRY_BYTES == cache.MAX_ENTRY_BYTES
    assert runcache._user_cache_folder() == str(cache.user_cache_folder())
    assert runcache._default_directory() == str(cache.default_directory())
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert runcache._user_cache_folder() == str(cache.user_cache_folder())


def test_a_replay_imports_neither_the_linter_nor_planlint_cache(tree, tmp_path):
    recorded_then(tree, "plans")
    probe = tmp_path / "modules"
    code = (
        "import atexit, sys\n"
        f"atexit.register(lambda: open({str(probe)!r}, 'w').write(' '.join(sorted(m for m in sys.modules if m.startswith('planlint')))))\n"
        "sys.argv = ['planlint', 'check', 'plans']\n"
        "from planlint.entry import main\nmain()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=tree, capture_output=True, env={**os.environ})
    assert probe.read_text().split() == ["planlint", "planlint.entry", "planlint.runcache"], done.stderr


def test_a_cache_folder_writable_by_others_is_not_read(tree):
    recorded_then(tree, "plans")
    folder = Path(os.environ["PLANLINT_CACHE_DIR"]) / "v2" / "runs"
    folder.chmod(0o777)
    try:
        assert check(tree, "plans")[3] == "linted"
    finally:
        folder.chmod(0o700)
