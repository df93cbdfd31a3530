"""Folder searches leave out excluded and git-ignored plans; named files are always linted."""

from __future__ import annotations

import subprocess

from plan_edits import minimal_text, run, write


def linted(result) -> list[str]:
    return sorted(
        {line.split(":", 1)[0].rsplit("/", 1)[-1] for line in result.stdout.splitlines() if ".yaml:" in line or ".yml:" in line}
    )


def sprint_plan() -> str:
    """A plan with a finding (an early sprint), so that its file shows in the output."""
    return (
        minimal_text()
        .replace(
            "        ref: single_leg_balance\n",
            "        ref: single_leg_balance\n      - name: Sprint\n        ref: flying_sprint\n",
        )
        .replace('time: "10:00"', 'time: "01:00"')
    )


def tree(tmp_path):
    sprint = sprint_plan()
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
    # plans exist: the message says they were excluded, and how many (issue 19 item 10)
    assert result.exit_code == 2 and "no plan files to check: 3 plan files found, all excluded" in result.stderr
    assert "no plan files found" not in result.stderr


def test_an_empty_folder_still_says_no_plan_files_found(tmp_path):
    write(tmp_path, "plans/notes.yaml", "title: not a plan\n")
    result = run("check", tmp_path / "plans")
    assert result.exit_code == 2 and "no plan files found" in result.stderr


# ------------------------------------------------------------------ issue 19: plans by key, --force-exclude


def test_a_yaml_file_with_a_top_level_planlint_key_is_found_in_a_folder(tmp_path):
    tree(tmp_path)
    sprint = sprint_plan()
    write(tmp_path, "plans/u21-hamstring.yaml", "# U21 squad\n" + sprint)
    write(tmp_path, "plans/squad.yml", sprint)
    write(tmp_path, "plans/compose.yaml", "services:\n  planlint: {image: x}\nplanlint_like: 1\n")
    write(tmp_path, "plans/notes.yaml", "title: notes\n" + "x: 1\n" * 2000 + "planlint: 1\n")  # key past the head: not read
    assert linted(run("check", "--extend-exclude", "archive/,drafts/", tmp_path / "plans")) == [
        "a.plan.yaml",
        "squad.yml",
        "u21-hamstring.yaml",
    ]


def test_force_exclude_skips_named_files_the_exclude_settings_leave_out(tmp_path):
    tree(tmp_path)
    write(tmp_path, "planlint.toml", 'extend-exclude = ["plans/archive/", "*.draft.plan.yaml"]\n')
    named = [tmp_path / "plans" / "archive" / "old.plan.yaml", tmp_path / "plans" / "drafts" / "b.draft.plan.yaml"]
    assert linted(run("check", *named)) == ["b.draft.plan.yaml", "old.plan.yaml"]
    result = run("check", "--force-exclude", *named, tmp_path / "plans" / "a.plan.yaml")
    assert linted(result) == ["a.plan.yaml"]
    only_excluded = run("check", "--force-exclude", *named)
    assert only_excluded.exit_code == 0 and "Checked 0 files" in only_excluded.stdout  # a hook run with nothing to do
    write(tmp_path, "planlint.toml", 'force-exclude = true\nextend-exclude = ["plans/archive/"]\n')
    assert linted(run("check", *named)) == ["b.draft.plan.yaml"]
    assert linted(run("check", "--no-force-exclude", *named)) == ["b.draft.plan.yaml", "old.plan.yaml"]


def test_force_exclude_lints_only_plans_among_named_yaml_files(tmp_path):
    sprint = sprint_plan()
    write(tmp_path, "u21-hamstring.yaml", sprint)
    write(tmp_path, ".pre-commit-config.yaml", "repos: []\n")
    write(tmp_path, "compose.yml", "services: {}\n")
    names = [tmp_path / "u21-hamstring.yaml", tmp_path / ".pre-commit-config.yaml", tmp_path / "compose.yml"]
    assert linted(run("check", "--force-exclude", *names)) == ["u21-hamstring.yaml"]
    assert "compose.yml" in linted(run("check", *names))  # named without --force-exclude: linted, as the spec says


def test_force_exclude_must_be_a_boolean(tmp_path):
    tree(tmp_path)
    write(tmp_path, "planlint.toml", 'force-exclude = "yes"\n')
    result = run("check", tmp_path / "plans")
    assert result.exit_code == 2 and "force-exclude must be true or false" in result.stderr


def test_bad_exclude_setting_is_a_configuration_error(tmp_path):
    tree(tmp_path)
    write(tmp_path, "planlint.toml", 'exclude = "archive/"\n')
    result = run("check", tmp_path / "plans")
    assert result.exit_code == 2 and "exclude must be a list of glob patterns" in result.stderr


def test_after_double_dash_a_name_like_an_option_is_a_file(tmp_path, monkeypatch):
    """Issue 18 item 7, on the command line: a committed file named `--write-baseline=zz.plan.yaml`
    after `--` is a plan to lint (an empty one: PL003), never an option; no baseline is written."""
    tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "--write-baseline=zz.plan.yaml", "")
    result = run("check", "--force-exclude", "--", "--write-baseline=zz.plan.yaml", "plans/a.plan.yaml")
    assert result.exit_code == 1
    assert "--write-baseline=zz.plan.yaml:1:1:" in result.stdout and "plans/a.plan.yaml:" in result.stdout
    assert not (tmp_path / "zz.plan.yaml").exists()
