"""The hostile corpus (tests/hostile/): every case in a subprocess under a memory
and CPU limit, with its exit code, codes, messages and a CPU-time bound.

The limits are the harness's, not planlint's: a case that hangs, loops or
allocates without bound fails here instead of taking the machine down. Time is
measured as the CPU time of the run (its own and its children's), not the wall
clock, so a loaded machine does not fail a case; a run that blocks (on a FIFO,
say) without using CPU is stopped by the wall-clock timeout of the subprocess.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hostile.cases import CASES, Case

#: Address space for one run: planlint needs a small fraction of it on any input.
MEMORY_LIMIT = 1024 * 1024 * 1024
#: CPU seconds for one run.
CPU_LIMIT = 20


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))


def install_plugin(folder: Path, source: str) -> dict:
    """A plugin distribution on PYTHONPATH, found through its entry point like an installed one."""
    site = folder / "_site"
    (site / "hostile_plugin-0.0.dist-info").mkdir(parents=True)
    (site / "hostile_plugin.py").write_text(source, encoding="utf-8")
    (site / "hostile_plugin-0.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: hostile-plugin\nVersion: 0.0\n")
    (site / "hostile_plugin-0.0.dist-info" / "entry_points.txt").write_text("[planlint]\nhostile = hostile_plugin\n")
    return {"PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))}


def _cpu_seconds_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_case(case: Case, folder: Path):
    """Run the case; (the completed process, the CPU seconds it used)."""
    args = case.build(folder)
    if case.output and "--format" not in args and case.command == ("check",):
        args = [*args, "--format", case.output]
    env = {**os.environ, "PLANLINT_DEBUG": ""}
    if case.plugin:
        env.update(install_plugin(folder, case.plugin))
    for name, value in (case.extra.get("env", lambda folder: {})(folder)).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    stdin = case.extra.get("stdin", b"")
    if callable(stdin):
        stdin = stdin(folder)
    before = _cpu_seconds_of_children()
    completed = subprocess.run(
        [sys.executable, "-m", "planlint", *case.command, *args],
        cwd=folder / case.extra.get("cwd", ""),
        env=env,
        input=stdin.encode() if isinstance(stdin, str) else stdin,
        capture_output=True,
        preexec_fn=_limits,
        timeout=max(60, case.seconds * 3),
    )
    return completed, _cpu_seconds_of_children() - before


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_hostile_case(case: Case, tmp_path):
    try:
        _check_case(case, tmp_path)
    finally:
        if "cleanup" in case.extra:
            case.extra["cleanup"](tmp_path)
        # rm, not shutil.rmtree: a tree 1,500 folders deep is past Python's recursion limit.
        subprocess.run(["rm", "-rf", str(tmp_path)], check=False)


def _check_case(case: Case, tmp_path: Path) -> None:
    completed, seconds = run_case(case, tmp_path)
    stdout = completed.stdout.decode("utf-8", "replace")
    stderr = completed.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr[-2000:]
    assert completed.returncode == case.exit, (completed.returncode, stderr[-2000:], stdout[:2000])
    if case.codes:
        reported = {finding["code"] for finding in json.loads(stdout)}
        assert case.codes <= reported, (reported, stdout[:2000])
    if case.output == "json" and stdout:
        findings = json.loads(stdout)
        assert all(finding["line"] >= 1 and finding["column"] >= 1 for finding in findings)
    if case.stderr:
        assert case.stderr in stderr, stderr[-2000:]
    if case.check:
        case.check(tmp_path, stdout, stderr)
    assert seconds < case.seconds, f"{case.name} took {seconds:.1f} s of CPU time (bound {case.seconds} s)"


def test_the_corpus_names_are_unique():
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))
