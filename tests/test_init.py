"""planlint init: what an editor needs in a plan repository, never overwriting a file."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from planlint.cli import main
from planlint.config import load_config
from planlint.engine import Linter

ROOT = Path(__file__).resolve().parent.parent


def init(directory: Path):
    return CliRunner().invoke(main, ["init", str(directory)])


def snapshot(directory: Path) -> dict:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in directory.rglob("*") if p.is_file()}


def test_init_writes_what_an_editor_needs(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "a.plan.yaml").write_text((ROOT / "tests/fixtures/cli/minimal-clean.plan.yaml").read_text())
    result = init(tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:4] == [
        "wrote .planlint/plan.schema.json",
        "wrote .vscode/settings.json",
        "wrote planlint.toml",
        "wrote .pre-commit-config.yaml",
    ]
    assert "# yaml-language-server: $schema=../.planlint/plan.schema.json (for plans/a.plan.yaml)" in result.stdout
    schema = (tmp_path / ".planlint" / "plan.schema.json").read_text()
    assert schema == CliRunner().invoke(main, ["schema"]).stdout  # with the installed plugins' additions
    assert '"stage"' in schema  # planlint-concussion is installed in the test environment
    settings = json.loads((tmp_path / ".vscode" / "settings.json").read_text())
    assert settings == {"yaml.schemas": {"./.planlint/plan.schema.json": ["*.plan.yaml", "*.plan.yml"]}}
    config = load_config(tmp_path / "planlint.toml")
    Linter().settings(config)  # the starter configuration is valid
    pre_commit = (tmp_path / ".pre-commit-config.yaml").read_text()
    hook_ids = [
        line.split(":", 1)[1].strip()
        for line in (ROOT / ".pre-commit-hooks.yaml").read_text().splitlines()
        if line.startswith("- id:")
    ]
    assert f"      - id: {hook_ids[0]}\n" in pre_commit
    # the installed first-party plugins, as folders of the hook repository (planlint-acl too when installed)
    assert "additional_dependencies: [" in pre_commit and '"./plugins/planlint-concussion"' in pre_commit
    # planlint has no release tag: the rev is something pre-commit can fetch (issue 19)
    assert "rev: v" not in pre_commit and "rev: HEAD   # run `pre-commit autoupdate --freeze`" in pre_commit
    lint = CliRunner().invoke(main, ["check", str(tmp_path / "plans")])
    assert lint.exit_code == 0, lint.output


def test_init_pins_the_hook_to_the_commit_planlint_was_installed_from(monkeypatch):
    import json as json_module
    from importlib import metadata

    from planlint import init as init_module

    commit = "0123456789abcdef0123456789abcdef01234567"

    class Installed:
        def read_text(self, name):
            assert name == "direct_url.json"
            return json_module.dumps(
                {"url": "https://github.com/planlint/planlint", "vcs_info": {"vcs": "git", "commit_id": commit}}
            )

    monkeypatch.setattr(metadata, "distribution", lambda name: Installed())
    assert init_module.installed_commit() == commit
    assert f"rev: {commit}   # the commit this planlint was installed from" in init_module.pre_commit_config([], commit)


def test_init_never_overwrites(tmp_path):
    assert init(tmp_path).exit_code == 0
    before = snapshot(tmp_path)
    again = init(tmp_path)
    assert again.exit_code == 0
    assert snapshot(tmp_path) == before
    assert all(line.startswith("left alone ") for line in again.stdout.split("\n\n")[0].splitlines())
    assert "planlint schema > .planlint/plan.schema.json" in again.stdout


@pytest.mark.parametrize(
    "existing, merged",
    [
        ('{\n    "editor.tabSize": 2\n}\n', {"editor.tabSize": 2}),
        ("{}", {}),
        ('{"files.eol": "\\n"}', {"files.eol": "\n"}),
    ],
)
def test_plain_json_settings_get_the_mapping_added(tmp_path, existing, merged):
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text(existing)
    result = init(tmp_path)
    assert "wrote .vscode/settings.json (added yaml.schemas)" in result.stdout
    settings = json.loads((tmp_path / ".vscode" / "settings.json").read_text())
    assert settings == {"yaml.schemas": {"./.planlint/plan.schema.json": ["*.plan.yaml", "*.plan.yml"]}, **merged}


@pytest.mark.parametrize(
    "existing, why",
    [
        ('{\n  // comments make this JSONC\n  "editor.tabSize": 2\n}\n', "not plain JSON"),
        ('{"yaml.schemas": {"other.json": ["*.yaml"]}}', "its own yaml.schemas"),
    ],
)
def test_other_settings_are_left_alone_with_what_to_add(tmp_path, existing, why):
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text(existing)
    result = init(tmp_path)
    assert (tmp_path / ".vscode" / "settings.json").read_text() == existing
    assert why in result.stdout
    assert '"./.planlint/plan.schema.json"' in result.stdout


def test_existing_configuration_and_pre_commit_are_left_alone(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.planlint]\nignore = ['HS008']\n")
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n")
    result = init(tmp_path)
    assert not (tmp_path / "planlint.toml").exists()
    assert "left alone planlint.toml: the project's configuration is pyproject.toml" in result.stdout
    assert (tmp_path / ".pre-commit-config.yaml").read_text() == "repos: []\n"
    assert "Add to .pre-commit-config.yaml, under repos:\n  - repo: https://github.com/planlint/planlint" in result.stdout


def test_init_needs_an_existing_folder(tmp_path):
    result = init(tmp_path / "missing")
    assert result.exit_code == 2
