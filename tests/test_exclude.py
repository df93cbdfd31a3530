"""Folder searches leave out excluded and git-ignored plans; named files are always linted."""

from __future__ import annotations

import subprocess

from plan_edits import minimal_text, run, write


def linted(result) -> list[str]:
    return sorted({line.split(":", 1)[0].rsplit("/", 1)[-1] for line in result.stdout.splitlines() if ".plan.yaml:" in line})


def tree(tmp_path):
    sprint = (
        minimal_text()
        .replace(
            "        ref: single_leg_balance\n",
            "        ref: single_leg_balance\n      - name: Sprint\n        ref: flying_sprint\n",
        )
        .replace('time: "10:00"', 'time: "01:00"')
    )
    for name in (
        "plans/a.plan.yaml",
        "plans/archive/old.plan.yaml",
        "plans/drafts/b.draft.plan.yaml",
        "plans/.hidden/h.plan.yaml",
        "plans/node_modules/n.plan.yaml",
    ):
        write(tmp_path, name, sprint)
    return tmp_path


def test_defaults_leave_out_hidden_folders_and_node_modules(tmp_path):
    tree(tmp_path)
    assert linted(run("check", tmp_path / "plans")) == ["a.plan.yaml", "b.draft.plan.yaml", "old.plan.yaml"]


def test_configured_extend_exclude_is_relative_to_the_configuration(tmp_path):
    tree(tmp_path)
    write(tmp_path, "planlint.toml", 'extend-exclude = ["plans/archive/", "*.draft.plan.yaml"]\n')
    assert linted(run("check", tmp_path / "plans")) == ["a.plan.yaml"]


def test_exclude_replaces_the_defaults(tmp_path):
    tree(tmp_path)
    write(tmp_path, "planlint.toml", 'exclude = ["archive/"]\n')
    assert linted(run("check", tmp_path / "plans")) == ["a.plan.yaml", "b.draft.plan.yaml", "h.plan.yaml", "n.plan.yaml"]


def test_command_line_exclude_and_extend_exclude(tmp_path):
    tree(tmp_path)
    assert linted(run("check", "--extend-exclude", "archive/,drafts/", tmp_path / "plans")) == ["a.plan.yaml"]
    assert linted(run("check", "--exclude", "drafts/", tmp_path / "plans")) == [
        "a.plan.yaml",
        "h.plan.yaml",
        "n.plan.yaml",
        "old.plan.yaml",
    ]


def test_a_named_file_is_linted_even_when_excluded(tmp_path):
    tree(tmp_path)
    write(tmp_path, "planlint.toml", 'extend-exclude = ["plans/archive/"]\n')
    assert linted(run("check", tmp_path / "plans" / "archive" / "old.plan.yaml")) == ["old.plan.yaml"]


def test_gitignore_is_respected_in_a_repository(tmp_path):
    tree(tmp_path)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write(tmp_path, ".gitignore", "archive/\n*.draft.plan.yaml\n")
    write(tmp_path, "plans/drafts/.gitignore", "!b.draft.plan.yaml\n")
    assert linted(run("check", tmp_path / "plans")) == ["a.plan.yaml", "b.draft.plan.yaml"]
    write(tmp_path, "planlint.toml", "respect-gitignore = false\n")
    assert linted(run("check", tmp_path / "plans")) == ["a.plan.yaml", "b.draft.plan.yaml", "old.plan.yaml"]


def test_everything_excluded_is_a_usage_error(tmp_path):
    tree(tmp_path)
    result = run("check", "--exclude", "*.plan.yaml", tmp_path / "plans")
    assert result.exit_code == 2 and "no plan files found" in result.stderr


def test_bad_exclude_setting_is_a_configuration_error(tmp_path):
    tree(tmp_path)
    write(tmp_path, "planlint.toml", 'exclude = "archive/"\n')
    result = run("check", tmp_path / "plans")
    assert result.exit_code == 2 and "exclude must be a list of glob patterns" in result.stderr
