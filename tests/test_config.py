"""Configuration: discovery from the linted file, selection, per-file ignores,
rule options and severities, catalogs, and every kind of invalid configuration
(exit code 2, the offending key named)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from plan_edits import (
    UNSAFE_EXAMPLE,
    edit,
    minimal_text,
    rows,
    run,
    sprint_text,
    warnings_only_text,
    write,
)

from planlint.cli import main
from planlint.config import ConfigError, ConfigResolver, find_config_file, load_config

# ---------------------------------------------------------------- helpers


def found(output: str) -> list[tuple[str, int, str]]:
    """(code, line, severity) for every reported finding."""
    return [(r["code"], int(r["line"]), r["severity"]) for r in rows(output)]


def codes(output: str) -> list[str]:
    return [r["code"] for r in rows(output)]


@pytest.fixture
def project(tmp_path):
    """tmp_path/project/plans/sprint.plan.yaml: HS001 (error) at 31.5 h, and
    warn.plan.yaml: PL107 (warning) only."""
    plans = tmp_path / "project" / "plans"
    write(plans, "sprint.plan.yaml", sprint_text())
    write(plans, "warn.plan.yaml", warnings_only_text())
    return tmp_path / "project"


# ---------------------------------------------------------------- discovery


def test_without_configuration_defaults_apply(project):
    result = run("check", project)
    assert result.exit_code == 1
    assert found(result.stdout) == [("HS001", 35, "error"), ("PL107", 11, "warning")]


def test_planlint_toml_in_a_parent_folder_is_found(project):
    write(project, "planlint.toml", 'ignore = ["HS001"]\n')
    result = run("check", project / "plans" / "sprint.plan.yaml")
    assert result.exit_code == 0, result.output
    assert codes(result.stdout) == []


def test_planlint_toml_with_a_tool_planlint_table(project):
    write(project, "planlint.toml", '[tool.planlint]\nignore = ["HS001"]\n')
    assert codes(run("check", project / "plans" / "sprint.plan.yaml").stdout) == []


def test_pyproject_with_tool_planlint_is_found(project):
    write(project, "pyproject.toml", '[project]\nname = "rehab"\n\n[tool.planlint]\nignore = ["HS001"]\n')
    result = run("check", project / "plans" / "sprint.plan.yaml")
    assert result.exit_code == 0
    assert codes(result.stdout) == []


def test_pyproject_without_the_table_is_skipped(project):
    write(project, "planlint.toml", 'ignore = ["HS001"]\n')
    write(project, "plans/pyproject.toml", '[project]\nname = "rehab"\n\n[tool.black]\nline-length = 100\n')
    assert find_config_file(project / "plans" / "sprint.plan.yaml") == project / "planlint.toml"
    assert codes(run("check", project / "plans" / "sprint.plan.yaml").stdout) == []


def test_pyproject_with_a_toml_syntax_error_is_a_configuration_error(project):
    # A broken pyproject.toml must not silently drop the club's [tool.planlint] policy.
    write(project, "plans/pyproject.toml", '[tool.planlint]\nignore = ["HS001"]\nfail-on = error\n')
    result = run("check", project / "plans" / "sprint.plan.yaml")
    assert result.exit_code == 2
    assert "pyproject.toml: invalid TOML:" in result.stderr
    assert "line 3" in result.stderr and "column" in result.stderr
    assert result.stdout == ""


def test_nearest_configuration_wins(project):
    write(project, "planlint.toml", '[rules.HS001]\nseverity = "warning"\n')
    write(project, "plans/pyproject.toml", '[tool.planlint.rules.HS001]\nseverity = "info"\n')
    result = run("check", project / "plans" / "sprint.plan.yaml")
    assert found(result.stdout) == [("HS001", 35, "info")]
    assert result.exit_code == 0  # info is below the default fail level


def test_nearest_wins_per_file(project):
    write(project, "planlint.toml", 'ignore = ["HS001"]\n')
    write(project, "other/sprint.plan.yaml", sprint_text())
    write(project, "other/planlint.toml", '[rules.HS001]\nseverity = "warning"\n')
    result = run("check", project)
    assert [(Path(r["path"]).parent.name, r["code"], r["severity"]) for r in rows(result.stdout)] == [
        ("other", "HS001", "warning"),
        ("plans", "PL107", "warning"),
    ]


def test_planlint_toml_wins_over_pyproject_in_the_same_folder(project):
    write(project, "planlint.toml", '[rules.HS001]\nseverity = "warning"\n')
    write(project, "pyproject.toml", '[tool.planlint.rules.HS001]\nseverity = "info"\n')
    assert found(run("check", project / "plans" / "sprint.plan.yaml").stdout) == [("HS001", 35, "warning")]


def test_configuration_is_found_for_stdin_through_stdin_filename(project):
    write(project, "planlint.toml", 'ignore = ["HS001"]\n')
    result = run("check", "-", "--stdin-filename", project / "plans" / "new.plan.yaml", input=sprint_text())
    assert result.exit_code == 0, result.output
    assert codes(result.stdout) == []


def test_stdin_without_a_filename_uses_the_configuration_of_the_current_folder(project, monkeypatch):
    write(project, "planlint.toml", 'ignore = ["HS001"]\n')
    monkeypatch.chdir(project / "plans")
    result = run("check", "-", input=sprint_text())
    assert codes(result.stdout) == []


def test_configuration_of_the_current_folder_does_not_apply_to_files_elsewhere(project, tmp_path, monkeypatch):
    write(tmp_path, "elsewhere/planlint.toml", 'ignore = ["HS001"]\n')
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert codes(run("check", project / "plans" / "sprint.plan.yaml").stdout) == ["HS001"]


def test_invalid_configuration_in_the_current_folder_does_not_crash_linting_elsewhere(project, tmp_path, monkeypatch):
    write(tmp_path, "elsewhere/planlint.toml", "bogus = 1\n")
    monkeypatch.chdir(tmp_path / "elsewhere")
    result = CliRunner().invoke(main, ["check", str(project / "plans" / "sprint.plan.yaml")])
    assert not (result.exception and not isinstance(result.exception, SystemExit)), result.exc_info
    assert codes(result.stdout) == ["HS001"]
    assert result.exit_code == 1


def test_explicit_config_replaces_discovery(project, tmp_path):
    write(project, "planlint.toml", 'ignore = ["HS001"]\n')
    explicit = write(tmp_path, "ci/strict.toml", '[rules.PL107]\nseverity = "error"\n')
    result = run("check", "--config", explicit, project / "plans")
    assert found(result.stdout) == [("HS001", 35, "error"), ("PL107", 11, "error")]


def test_explicit_pyproject_config(project, tmp_path):
    explicit = write(tmp_path, "ci/pyproject.toml", '[tool.planlint]\nselect = ["PL1"]\n')
    result = run("check", "--config", explicit, project / "plans")
    assert codes(result.stdout) == ["PL107"]


def test_explicit_config_that_does_not_exist_exits_2(project, tmp_path):
    result = run("check", "--config", tmp_path / "missing.toml", project)
    assert result.exit_code == 2
    assert "missing.toml" in result.output


# ---------------------------------------------------------------- selection


def test_select_with_a_prefix(project):
    write(project, "planlint.toml", 'select = ["PL1"]\n')
    result = run("check", project)
    assert codes(result.stdout) == ["PL107"]


def test_select_one_code_beats_ignoring_its_prefix(project):
    write(project, "planlint.toml", 'select = ["HS001"]\nignore = ["HS"]\n')
    result = run("check", UNSAFE_EXAMPLE, "--config", project / "planlint.toml")
    assert codes(result.stdout) == ["HS001"]


def test_ignore_one_code_beats_selecting_its_prefix(tmp_path):
    config = write(tmp_path, "planlint.toml", 'select = ["HS"]\nignore = ["HS001"]\n')
    result = run("check", "--config", config, UNSAFE_EXAMPLE)
    assert codes(result.stdout) == ["HS004", "HS003", "HS005"]


def test_ignore_wins_a_tie(tmp_path):
    config = write(tmp_path, "planlint.toml", 'select = ["HS001", "PL105"]\nignore = ["HS001"]\n')
    assert codes(run("check", "--config", config, UNSAFE_EXAMPLE).stdout) == ["PL105"]


def test_extend_select_adds_to_select(tmp_path):
    config = write(tmp_path, "planlint.toml", 'select = ["HS001"]\nextend-select = ["PL10"]\n')
    assert codes(run("check", "--config", config, UNSAFE_EXAMPLE).stdout) == ["PL107", "HS001", "PL104", "PL105"]


def test_extend_ignore_adds_to_ignore(tmp_path):
    config = write(tmp_path, "planlint.toml", 'ignore = ["HS"]\nextend-ignore = ["PL104", "PL105"]\n')
    assert codes(run("check", "--config", config, UNSAFE_EXAMPLE).stdout) == ["PL107"]


def test_codes_in_configuration_are_case_insensitive(tmp_path):
    config = write(tmp_path, "planlint.toml", 'select = ["hs001"]\n')
    assert codes(run("check", "--config", config, UNSAFE_EXAMPLE).stdout) == ["HS001"]


def test_rule_enabled_false_disables_it(project):
    write(project, "planlint.toml", "[rules.HS001]\nenabled = false\n")
    assert codes(run("check", project).stdout) == ["PL107"]


def test_per_file_ignores_glob_relative_to_the_config(project):
    write(project, "plans/deep/sprint.plan.yaml", sprint_text())
    write(project, "planlint.toml", '[per-file-ignores]\n"plans/deep/*.plan.yaml" = ["HS001"]\n')
    result = run("check", project)
    assert [(Path(r["path"]).parent.name, r["code"]) for r in rows(result.stdout)] == [
        ("plans", "HS001"),
        ("plans", "PL107"),
    ]


def test_per_file_ignores_by_file_name_and_prefix(project):
    write(project, "planlint.toml", '[per-file-ignores]\n"warn.*" = ["PL1"]\n"*.plan.yaml" = ["HS00"]\n')
    result = run("check", project)
    assert result.exit_code == 0
    assert codes(result.stdout) == []


def test_per_file_ignores_do_not_touch_other_files(project):
    write(project, "planlint.toml", '[per-file-ignores]\n"warn.plan.yaml" = ["PL107"]\n')
    result = run("check", project)
    assert codes(result.stdout) == ["HS001"]


# ---------------------------------------------------------------- options, severities, fail level


def test_min_hours_option_changes_the_outcome(project):
    plan = write(project, "plans/forty.plan.yaml", sprint_text("09:30"))  # 40 h after the injury
    assert codes(run("check", plan).stdout) == []
    write(project, "planlint.toml", "[rules.HS001]\nmin-hours = 48\n")
    result = run("check", plan)
    assert result.exit_code == 1
    (row,) = rows(result.stdout)
    assert (row["code"], row["line"], row["col"]) == ("HS001", "35", "9")
    assert "is 40 h after the injury" in row["message"]
    assert "at least 48 h" in row["message"]


def test_min_hours_option_can_relax_the_rule(project):
    write(project, "planlint.toml", "[tool.planlint.rules.HS001]\nmin-hours = 30\n")
    assert codes(run("check", project / "plans" / "sprint.plan.yaml").stdout) == []


def test_explain_shows_configured_option_values(tmp_path):
    config = write(tmp_path, "planlint.toml", '[rules.HS001]\nmin-hours = 48\nseverity = "warning"\n')
    result = run("explain", "HS001", "--config", config)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "HS001 early-sprint (warning, default error)"
    assert "min-hours = 48 (default 36)" in result.stdout


def test_severity_override_is_visible_in_output(project):
    write(project, "planlint.toml", '[rules.HS001]\nseverity = "warning"\n')
    result = run("check", project / "plans" / "sprint.plan.yaml")
    assert result.exit_code == 1
    assert found(result.stdout) == [("HS001", 35, "warning")]
    assert result.stdout.splitlines()[-1] == "Checked 1 file: 0 errors, 1 warning, 0 info."


def test_severity_override_in_json(project):
    import json

    write(project, "planlint.toml", '[rules.PL107]\nseverity = "error"\n')
    result = run("check", "--format", "json", project / "plans" / "warn.plan.yaml")
    (item,) = json.loads(result.stdout)
    assert (item["code"], item["severity"]) == ("PL107", "error")


def test_rules_subcommand_shows_configured_severity_and_enabled(tmp_path):
    config = write(tmp_path, "planlint.toml", '[rules.HS001]\nseverity = "warning"\n[rules.HS002]\nenabled = false\n')
    result = run("rules", "--config", config)
    table = {line.split()[0]: line.split() for line in result.stdout.splitlines()[1:] if line.strip()}
    assert table["HS001"][2:4] == ["warning", "yes"]
    assert table["HS002"][2:4] == ["warning", "no"]
    assert table["HS003"][2:4] == ["error", "yes"]


def test_fail_on_error_in_configuration(project):
    write(project, "planlint.toml", 'fail-on = "error"\n')
    warn = run("check", project / "plans" / "warn.plan.yaml")
    assert warn.exit_code == 0
    assert codes(warn.stdout) == ["PL107"]
    assert run("check", project / "plans" / "sprint.plan.yaml").exit_code == 1


def test_fail_on_info_in_configuration(project):
    plan = write(
        project, "plans/info.plan.yaml", edit(minimal_text(), "      - name: Balance\n        ref: single_leg_balance\n", "")
    )
    assert run("check", plan).exit_code == 0
    write(project, "planlint.toml", 'fail-on = "info"\n')
    result = run("check", plan)
    assert codes(result.stdout) == ["HS008"]
    assert result.exit_code == 1


def test_fail_on_is_per_configuration(project, tmp_path):
    write(project, "planlint.toml", 'fail-on = "error"\n')
    other = write(tmp_path, "other/warn.plan.yaml", warnings_only_text())
    assert run("check", project / "plans" / "warn.plan.yaml").exit_code == 0
    assert run("check", project / "plans" / "warn.plan.yaml", other).exit_code == 1


def test_exercise_catalog_makes_a_project_exercise_known(project):
    text = edit(
        minimal_text(),
        "        ref: single_leg_balance\n",
        "        ref: single_leg_balance\n      - name: Club Copenhagen drill\n        ref: club_copenhagen_drill\n",
    )
    plan = write(project, "plans/catalog.plan.yaml", text)
    before = run("check", plan)
    assert found(before.stdout) == [("PL004", 35, "error")]
    assert "club_copenhagen_drill" in rows(before.stdout)[0]["message"]
    write(
        project,
        "catalogs/club.yaml",
        "exercises:\n  club_copenhagen_drill:\n    name: Copenhagen drill\n    contraction: isometric\n    kind: strength\n",
    )
    write(project, "planlint.toml", 'exercise-catalogs = ["catalogs/club.yaml"]\n')
    after = run("check", plan)
    assert after.exit_code == 0, after.output
    assert codes(after.stdout) == []


def test_exercise_catalog_paths_are_relative_to_the_config_not_the_cwd(project, tmp_path, monkeypatch):
    text = edit(
        minimal_text(),
        "        ref: single_leg_balance\n",
        "        ref: single_leg_balance\n      - name: Drill\n        ref: club_drill\n",
    )
    plan = write(project, "plans/catalog.plan.yaml", text)
    write(project, "catalogs/club.yaml", "club_drill:\n  contraction: isometric\n  kind: strength\n")
    write(project, "planlint.toml", 'exercise-catalogs = ["catalogs/club.yaml"]\n')
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    assert codes(run("check", plan).stdout) == []


def test_missing_exercise_catalog_exits_2(project):
    write(project, "planlint.toml", 'exercise-catalogs = ["nope.yaml"]\n')
    result = run("check", project)
    assert result.exit_code == 2
    assert "cannot read exercise catalog" in result.stderr
    assert "nope.yaml" in result.stderr


def test_invalid_catalog_entry_exits_2(project):
    write(project, "catalogs/club.yaml", "club_drill:\n  contraction: sideways\n  kind: strength\n")
    write(project, "planlint.toml", 'exercise-catalogs = ["catalogs/club.yaml"]\n')
    result = run("check", project)
    assert result.exit_code == 2
    assert "contraction 'sideways'" in result.stderr


# ---------------------------------------------------------------- invalid configuration (exit 2)


def _config_error(project, content: str, name: str = "planlint.toml"):
    write(project, name, content)
    result = run("check", project / "plans" / "sprint.plan.yaml")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("planlint: error: ")
    assert str(project / name) in result.stderr
    assert "Traceback" not in result.output
    return result.stderr


def test_unknown_top_level_key_is_named(project):
    err = _config_error(project, 'selct = ["HS"]\n')
    assert "unknown key(s) selct" in err
    assert "allowed:" in err and "select" in err


def test_unknown_key_in_pyproject_is_named_with_its_table(project):
    err = _config_error(project, '[tool.planlint]\nfail_on = "error"\n', "pyproject.toml")
    assert "tool.planlint.fail_on" in err


def test_unknown_rule_option_exits_2(project):
    err = _config_error(project, "[rules.HS001]\nmax-hours = 48\n")
    assert "rules.HS001: unknown option 'max-hours'" in err
    assert "min-hours" in err


def test_bad_option_type_exits_2(project):
    err = _config_error(project, '[rules.HS001]\nmin-hours = "48"\n')
    assert "rules.HS001.min-hours" in err
    assert "expected a number" in err


def test_negative_option_exits_2(project):
    err = _config_error(project, "[rules.HS001]\nmin-hours = -1\n")
    assert "rules.HS001.min-hours" in err


def test_bad_duration_option_exits_2(project):
    err = _config_error(project, '[rules.PL107]\nmax-window = "3 fortnights"\n')
    assert "rules.PL107.max-window" in err


def test_bad_severity_exits_2(project):
    err = _config_error(project, '[rules.HS001]\nseverity = "fatal"\n')
    assert "rules.HS001.severity" in err
    assert "unknown severity 'fatal'" in err


def test_enabled_must_be_boolean(project):
    err = _config_error(project, '[rules.HS001]\nenabled = "no"\n')
    assert "rules.HS001.enabled must be true or false" in err


def test_unknown_rule_code_exits_2(project):
    err = _config_error(project, '[rules.XX999]\nseverity = "info"\n')
    assert "XX999" in err
    assert "no loaded rule has the code XX999" in err


def test_rules_must_be_tables(project):
    err = _config_error(project, "rules = 3\n")
    assert "rules must hold one table per rule code" in err


def test_invalid_toml_exits_2(project):
    err = _config_error(project, 'select = ["HS001"\n')
    assert "invalid TOML" in err


def test_bad_fail_on_exits_2(project):
    err = _config_error(project, 'fail-on = "fatal"\n')
    assert "fail-on" in err


def test_select_must_be_codes(project):
    err = _config_error(project, "select = [1, 2]\n")
    assert "select must be a list of rule codes" in err


def test_select_matching_no_rule_exits_2(project):
    err = _config_error(project, 'select = ["ZZ"]\n')
    assert "'ZZ' matches no rule code" in err


def test_per_file_ignores_must_be_a_table(project):
    err = _config_error(project, 'per-file-ignores = ["x"]\n')
    assert "per-file-ignores must be a table" in err


def test_exercise_catalogs_must_be_a_list_of_paths(project):
    err = _config_error(project, 'exercise-catalogs = "catalog.yaml"\n')
    assert "exercise-catalogs must be a list of file paths" in err


def test_require_suppression_reason_must_be_boolean(project):
    err = _config_error(project, 'require-suppression-reason = "yes"\n')
    assert "require-suppression-reason must be true or false" in err


def test_invalid_explicit_config_exits_2(project, tmp_path):
    explicit = write(tmp_path, "bad.toml", "bogus = true\n")
    result = run("check", "--config", explicit, project)
    assert result.exit_code == 2
    assert "unknown key(s) bogus" in result.stderr


def test_invalid_config_exits_2_for_rules_and_explain(tmp_path):
    config = write(tmp_path, "planlint.toml", "[rules.HS001]\nmax-hours = 1\n")
    assert run("rules", "--config", config).exit_code == 2
    assert run("explain", "HS001", "--config", config).exit_code == 2


def test_load_config_raises_config_error_naming_the_file(tmp_path):
    config = write(tmp_path, "planlint.toml", "bogus = 1\n")
    with pytest.raises(ConfigError, match=r"planlint\.toml: unknown key\(s\) bogus"):
        load_config(config)


def test_resolver_caches_one_config_per_file(tmp_path):
    write(tmp_path, "planlint.toml", 'fail-on = "error"\n')
    a = write(tmp_path, "a/x.plan.yaml", "")
    b = write(tmp_path, "b/y.plan.yaml", "")
    resolver = ConfigResolver()
    assert resolver.for_path(str(a)) is resolver.for_path(str(b))
    assert resolver.for_path(str(a)).path == tmp_path / "planlint.toml"


# ---------------------------------------------------------------- command line over file


def test_cli_select_replaces_the_configured_selection(tmp_path):
    config = write(tmp_path, "planlint.toml", 'select = ["PL1"]\n')
    assert codes(run("check", "--config", config, "--select", "HS001", UNSAFE_EXAMPLE).stdout) == ["HS001"]


def test_cli_ignore_adds_to_the_configured_ignores(tmp_path):
    config = write(tmp_path, "planlint.toml", 'ignore = ["HS"]\n')
    result = run("check", "--config", config, "--ignore", "PL104,PL105", UNSAFE_EXAMPLE)
    assert codes(result.stdout) == ["PL107"]


def test_cli_fail_on_overrides_the_file(project):
    write(project, "planlint.toml", 'fail-on = "error"\n')
    plan = project / "plans" / "warn.plan.yaml"
    assert run("check", plan).exit_code == 0
    assert run("check", "--fail-on", "warning", plan).exit_code == 1


def test_cli_fail_on_error_overrides_a_strict_file(project):
    write(project, "planlint.toml", 'fail-on = "info"\n')
    assert run("check", "--fail-on", "error", project / "plans" / "warn.plan.yaml").exit_code == 0
