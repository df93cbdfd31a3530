"""The real pre-commit runs the `planlint-acl` hook, and planlint with both first-party packs on
one hook, from this repository's HEAD: the plugins come from the hook repository's own clone
(`additional_dependencies: [./plugins/planlint-acl]`), since planlint is not on a package index.

Slow (two environments are installed), like tests/test_precommit.py; it skips outside a
planlint checkout, or when pre-commit or git is missing outside CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"


def _tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = shutil.which(name) or (str(here) if here.exists() else None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed (planlint's test extra installs pre-commit)")
        pytest.skip(f"{name} is not installed")
    return found


def _git(repo: Path, *args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    identity = {
        "GIT_AUTHOR_NAME": "Physio",
        "GIT_AUTHOR_EMAIL": "physio@example.org",
        "GIT_COMMITTER_NAME": "Physio",
        "GIT_COMMITTER_EMAIL": "physio@example.org",
    }
    return subprocess.run(
        ["git", *args], cwd=repo, env={**(env or os.environ), **identity}, capture_output=True, text=True, check=check
    )


@pytest.fixture(scope="module")
def plan_repo(tmp_path_factory):
    """A plan repository whose hooks come from this checkout's HEAD: `planlint-acl` for the
    plans under acl/, and `planlint` with both first-party plugins for the plans under mixed/."""
    if os.environ.get("PLANLINT_MUTANT"):
        pytest.skip("tools/mutate_messages.py mutates rule messages: the hook install has nothing to add")
    _tool("git")
    precommit = _tool("pre-commit")
    if not (ROOT / ".pre-commit-hooks.yaml").is_file() or not (EXAMPLES.is_dir()):
        pytest.skip("the hook and the examples live in the planlint repository, not in this distribution")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip("this checkout is not a git repository")
    repo = tmp_path_factory.mktemp("plans")
    home = tmp_path_factory.mktemp("pre-commit-home")
    _git(repo, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {head.stdout.strip()}\n    hooks:\n"
        "      - id: planlint-acl\n        files: ^acl/\n"
        "      - id: planlint\n        alias: planlint-both-packs\n        files: ^mixed/\n"
        "        additional_dependencies: [./plugins/planlint-concussion, ./plugins/planlint-acl]\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PLANLINT_CACHE_DIR": str(home / "planlint-cache")}
    installed = subprocess.run([precommit, "install", "--install-hooks"], cwd=repo, env=env, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    _git(repo, "add", ".pre-commit-config.yaml")
    first = _git(repo, "commit", "-q", "-m", "pre-commit configuration", env=env, check=False)
    assert first.returncode == 0, first.stdout + first.stderr
    return repo, env


def _commit(repo: Path, env: dict, *files: tuple[str, Path]) -> subprocess.CompletedProcess:
    for name, source in files:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, repo / name)
        _git(repo, "add", name)
    return _git(repo, "commit", "-m", f"add {', '.join(n for n, _ in files)}", env=env, check=False)


def test_the_acl_hook_passes_a_clean_acl_plan(plan_repo):
    repo, env = plan_repo
    result = _commit(repo, env, ("acl/handball.plan.yaml", EXAMPLES / "acl-reconstruction-criteria-based.plan.yaml"))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "planlint (with the ACL reconstruction pack)" in output and "Passed" in output


def test_the_acl_hook_fails_an_unsafe_acl_plan_with_its_ac_findings(plan_repo):
    repo, env = plan_repo
    result = _commit(repo, env, ("acl/striker.plan.yaml", EXAMPLES / "acl-reconstruction-unsafe.plan.yaml"))
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "acl/striker.plan.yaml:367:5: AC001 error" in output and "AC002 error" in output
    assert "add acl/striker.plan.yaml" not in _git(repo, "log", "--oneline").stdout
    _git(repo, "rm", "-q", "--cached", "acl/striker.plan.yaml")  # the next commits leave it out
    (repo / "acl" / "striker.plan.yaml").unlink()


def test_both_packs_on_one_hook_pass_concussion_and_acl_plans(plan_repo):
    repo, env = plan_repo
    result = _commit(
        repo,
        env,
        ("mixed/concussion.plan.yaml", EXAMPLES / "concussion-community-football.plan.yaml"),
        ("mixed/acl.plan.yaml", EXAMPLES / "acl-reconstruction-criteria-based.plan.yaml"),
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
