"""The real pre-commit runs planlint's hook from this checkout, configured exactly as
the README says: a bad plan fails the commit, a good one passes.

The configuration is the README's own snippet (parsed from README.md, plugin
included), with the repository's URL replaced by this checkout and ``rev`` by
its HEAD: pre-commit clones the repository at that commit and installs planlint
and ``./plugins/planlint-concussion`` from the clone into an environment of its
own, with no package index holding either, as on a plan repository's machine.
Slow (an install, shared by every test here through one PRE_COMMIT_HOME), so it
is a test of its own; it skips only when pre-commit or git is missing outside CI.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
README = ROOT / "README.md"
PUBLIC_URL = "https://github.com/planlint/planlint"


def _tool(name: str) -> str:
    found = shutil.which(name) or (
        str(Path(sys.executable).parent / name) if (Path(sys.executable).parent / name).exists() else None
    )
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed (the test extra installs pre-commit)")
        pytest.skip(f"{name} is not installed")
    return found


def _identity() -> dict:
    return {
        "GIT_AUTHOR_NAME": "Coach",
        "GIT_AUTHOR_EMAIL": "coach@example.org",
        "GIT_COMMITTER_NAME": "Coach",
        "GIT_COMMITTER_EMAIL": "coach@example.org",
    }


def git(repo: Path, *args: str, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", *args], cwd=repo, env={**(env or os.environ), **_identity()}, capture_output=True, text=True, check=check
    )


def readme_snippets() -> list[str]:
    """The YAML blocks of the README's pre-commit section, in order."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### pre-commit\n") :]
    section = section[: section.index("\n## ")]
    return re.findall(r"```yaml\n(.*?)```", section, re.S)


def readme_config() -> str:
    """The README's configuration as a user copies it, pointed at this checkout's HEAD."""
    snippet = readme_snippets()[0]
    assert snippet.startswith("repos:") and f"repo: {PUBLIC_URL}" in snippet, snippet
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip("this checkout is not a git repository")
    snippet = snippet.replace(f"repo: {PUBLIC_URL}", f"repo: {ROOT}")
    return re.sub(r"rev: [0-9a-f]{40}", f"rev: {head.stdout.strip()}", snippet)


@pytest.fixture(scope="module")
def precommit_env(tmp_path_factory):
    _tool("git")
    precommit = _tool("pre-commit")
    home = tmp_path_factory.mktemp("pre-commit-home")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PLANLINT_CACHE_DIR": str(home / "planlint-cache")}
    env.pop("PLANLINT_BUILDER", None)
    return precommit, env


def new_repo(tmp_path_factory, precommit_env, config: str, files: dict[str, str] | None = None) -> Path:
    precommit, env = precommit_env
    repo = tmp_path_factory.mktemp("plans")
    git(repo, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    for name, text in (files or {}).items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    installed = subprocess.run([precommit, "install"], cwd=repo, env=env, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    git(repo, "add", ".")
    first = git(repo, "commit", "-q", "-m", "set-up", check=False, env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    return repo


@pytest.fixture(scope="module")
def plan_repo(tmp_path_factory, precommit_env):
    """A plan repository with the README's .pre-commit-config.yaml, as written."""
    config = readme_config()
    assert 'additional_dependencies: ["./plugins/planlint-concussion"]' in config  # the plugin is part of it
    return new_repo(tmp_path_factory, precommit_env, config, {"planlint.toml": 'extend-exclude = ["legacy/"]\n'}), precommit_env[
        1
    ]


def commit(repo: Path, env: dict, files: dict[str, Path | str]) -> subprocess.CompletedProcess:
    for name, source in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, Path):
            shutil.copy(source, repo / name)
        else:
            (repo / name).write_text(source, encoding="utf-8")
        git(repo, "add", "--", name)
    return git(repo, "commit", "-m", f"add {', '.join(files)}", check=False, env=env)


def reset(repo: Path) -> None:
    """Drop what a failed commit left staged, so that the next test starts clean."""
    git(repo, "reset", "-q", "--hard", "HEAD")
    git(repo, "clean", "-qfdx")


def test_a_good_plan_passes_the_hook(plan_repo):
    repo, env = plan_repo
    result = commit(repo, env, {"winger.plan.yaml": EXAMPLES / "hamstring-grade2b-criteria.plan.yaml"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "planlint" in result.stdout + result.stderr and "Passed" in result.stdout + result.stderr


def test_the_readme_plugin_is_installed_in_the_hook(plan_repo):
    """A concussion plan passes only when planlint-concussion is in the hook's
    environment: without it, its `stage` keys are PL003 errors."""
    repo, env = plan_repo
    result = commit(repo, env, {"u16.plan.yaml": EXAMPLES / "concussion-community-football.plan.yaml"})
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_bad_plan_fails_the_commit_with_its_findings(plan_repo):
    repo, env = plan_repo
    result = commit(repo, env, {"unsafe.plan.yaml": EXAMPLES / "hamstring-unsafe.plan.yaml"})
    output = result.stdout + result.stderr
    reset(repo)
    assert result.returncode != 0, output
    assert "Failed" in output
    assert "unsafe.plan.yaml:61:9: HS001 error" in output
    assert "add unsafe.plan.yaml" not in git(repo, "log", "--oneline").stdout


def test_a_file_named_like_an_option_is_a_file_name(plan_repo):
    """Issue 18 item 7: an empty committed file named `--write-baseline=zz.plan.yaml`
    must not turn the check into "baseline everything, exit 0"."""
    repo, env = plan_repo
    result = commit(
        repo,
        env,
        {"--write-baseline=zz.plan.yaml": "", "unsafe.plan.yaml": EXAMPLES / "hamstring-unsafe.plan.yaml"},
    )
    output = result.stdout + result.stderr
    wrote_baseline = (repo / "zz.plan.yaml").exists()
    reset(repo)
    assert result.returncode != 0, output
    assert "unsafe.plan.yaml:61:9: HS001 error" in output
    assert not wrote_baseline, output


def test_one_run_one_summary_and_plans_by_key_and_exclusions(plan_repo):
    """require_serial: one summary for the whole commit; a .yaml with a top-level
    `planlint:` key is a plan; a plan the configuration excludes is skipped
    (--force-exclude), and so is YAML that is not a plan."""
    repo, env = plan_repo
    files = {
        "legacy/old.plan.yaml": EXAMPLES / "hamstring-unsafe.plan.yaml",
        "docker-compose.yml": "services:\n  web: {image: nginx}\n",
        "u21-hamstring.yaml": EXAMPLES / "hamstring-unsafe.plan.yaml",
    }
    for index in range(6):
        files[f"squad/p{index}.plan.yaml"] = EXAMPLES / "hamstring-grade2b-criteria.plan.yaml"
    result = commit(repo, env, files)
    output = result.stdout + result.stderr
    reset(repo)
    assert result.returncode != 0, output
    assert "u21-hamstring.yaml:61:9: HS001 error" in output
    assert "legacy/old.plan.yaml" not in output and "docker-compose.yml" not in output
    assert len(re.findall(r"^Checked \d+ files?", output, re.M)) == 1, output
    assert "Checked 7 files" in output
    # Without the plan with findings the same files pass: the legacy plan is excluded.
    del files["u21-hamstring.yaml"]
    passed = commit(repo, env, files)
    assert passed.returncode == 0, passed.stdout + passed.stderr


def test_the_readme_baseline_entry_keeps_legacy_findings_out_of_the_commit(tmp_path_factory, precommit_env):
    """The README's second snippet: the hook with a baseline (entry overridden,
    options still ended with `--`). A legacy plan's recorded findings pass; a new
    unsafe plan fails."""
    [hook] = [snippet for snippet in readme_snippets() if "--baseline" in snippet]
    assert "--baseline planlint-baseline.json --" in hook
    config = readme_config()
    config = config[: config.index("    hooks:\n")] + "    hooks:\n" + hook
    legacy = (EXAMPLES / "hamstring-unsafe.plan.yaml").read_text(encoding="utf-8")
    scratch = tmp_path_factory.mktemp("baseline")
    (scratch / "legacy.plan.yaml").write_text(legacy, encoding="utf-8")
    written = subprocess.run(
        [
            sys.executable,
            "-m",
            "planlint",
            "check",
            "--no-cache",
            "--write-baseline",
            "planlint-baseline.json",
            "--",
            "legacy.plan.yaml",
        ],
        cwd=scratch,
        capture_output=True,
        text=True,
    )
    assert written.returncode == 0, written.stdout + written.stderr
    baseline = (scratch / "planlint-baseline.json").read_text(encoding="utf-8")
    repo = new_repo(tmp_path_factory, precommit_env, config, {"planlint-baseline.json": baseline})
    env = precommit_env[1]
    touched = commit(repo, env, {"legacy.plan.yaml": legacy.replace("title:", "# touched\ntitle:", 1)})
    assert touched.returncode == 0, touched.stdout + touched.stderr
    new = commit(repo, env, {"new.plan.yaml": EXAMPLES / "hamstring-unsafe.plan.yaml"})
    assert new.returncode != 0 and "new.plan.yaml:61:9: HS001 error" in new.stdout + new.stderr


def test_the_hook_manifest_ends_options_and_runs_serially():
    from ruamel.yaml import YAML

    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    for hook in hooks:
        assert hook["entry"].split()[-1] == "--", hook
        assert hook["require_serial"] is True, hook
        for requirement in hook.get("additional_dependencies", []):
            if requirement.startswith("./"):
                assert (ROOT / requirement / "pyproject.toml").is_file(), requirement
    ours = {hook["id"]: hook for hook in hooks}
    assert "--force-exclude" in ours["planlint"]["entry"].split()
    assert ours["planlint-concussion"]["additional_dependencies"] == ["./plugins/planlint-concussion"]


def test_the_plugin_hook_id_brings_the_plugin_from_the_same_repository(tmp_path_factory, precommit_env):
    """`id: planlint-concussion` with no additional_dependencies of the user's: the hook's
    own list installs ./plugins/planlint-concussion from the clone (the concussion plan
    passes only with it)."""
    config = readme_config()
    config = config[: config.index("    hooks:\n")] + "    hooks:\n      - id: planlint-concussion\n"
    repo = new_repo(tmp_path_factory, precommit_env, config)
    env = precommit_env[1]
    result = commit(repo, env, {"u16.plan.yaml": EXAMPLES / "concussion-community-football.plan.yaml"})
    assert result.returncode == 0, result.stdout + result.stderr
    bad = commit(repo, env, {"unsafe.plan.yaml": EXAMPLES / "hamstring-unsafe.plan.yaml"})
    assert bad.returncode != 0 and "unsafe.plan.yaml:61:9: HS001 error" in bad.stdout + bad.stderr
