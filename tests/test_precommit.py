"""The real pre-commit runs planlint's hook from this checkout: a bad plan fails the commit, a good one passes.

pre-commit clones this repository at the pinned commit and installs planlint
into an environment of its own (from the package index), exactly as a plan
repository's hook would. Slow (an install), so it is a test of its own; it
skips only when pre-commit or git is missing outside CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _tool(name: str) -> str:
    found = shutil.which(name) or (
        str(Path(sys.executable).parent / name) if (Path(sys.executable).parent / name).exists() else None
    )
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed (the test extra installs pre-commit)")
        pytest.skip(f"{name} is not installed")
    return found


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Coach",
        "GIT_AUTHOR_EMAIL": "coach@example.org",
        "GIT_COMMITTER_NAME": "Coach",
        "GIT_COMMITTER_EMAIL": "coach@example.org",
    }
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=check)


@pytest.fixture(scope="module")
def plan_repo(tmp_path_factory):
    """A plan repository whose .pre-commit-config.yaml points at this checkout's HEAD."""
    _tool("git")
    precommit = _tool("pre-commit")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip("this checkout is not a git repository")
    repo = tmp_path_factory.mktemp("plans")
    home = tmp_path_factory.mktemp("pre-commit-home")
    git(repo, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {head.stdout.strip()}\n    hooks:\n      - id: planlint\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PLANLINT_CACHE_DIR": str(home / "planlint-cache")}
    installed = subprocess.run([precommit, "install"], cwd=repo, env=env, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    git(repo, "add", ".pre-commit-config.yaml")
    first = git(repo, "commit", "-q", "-m", "pre-commit configuration", check=False)
    assert first.returncode == 0, first.stdout + first.stderr
    return repo, env


def commit(repo: Path, env: dict, name: str, source: Path) -> subprocess.CompletedProcess:
    shutil.copy(source, repo / name)
    git(repo, "add", name)
    return subprocess.run(
        ["git", "commit", "-m", f"add {name}"], cwd=repo, env={**env, **_identity()}, capture_output=True, text=True
    )


def _identity() -> dict:
    return {
        "GIT_AUTHOR_NAME": "Coach",
        "GIT_AUTHOR_EMAIL": "coach@example.org",
        "GIT_COMMITTER_NAME": "Coach",
        "GIT_COMMITTER_EMAIL": "coach@example.org",
    }


def test_a_good_plan_passes_the_hook(plan_repo):
    repo, env = plan_repo
    result = commit(repo, env, "winger.plan.yaml", EXAMPLES / "hamstring-grade2b-criteria.plan.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "planlint" in result.stdout + result.stderr and "Passed" in result.stdout + result.stderr


def test_a_bad_plan_fails_the_commit_with_its_findings(plan_repo):
    repo, env = plan_repo
    result = commit(repo, env, "unsafe.plan.yaml", EXAMPLES / "hamstring-unsafe.plan.yaml")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Failed" in output
    assert "unsafe.plan.yaml:61:9: HS001 error" in output
    log = git(repo, "log", "--oneline").stdout
    assert "add unsafe.plan.yaml" not in log
