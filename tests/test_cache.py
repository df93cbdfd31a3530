"""The findings cache: reused only while the file, its settings and the tools are unchanged."""

from __future__ import annotations

import json
from pathlib import Path

from plan_edits import UNSAFE_EXAMPLE, edit, run, write

from planlint.cache import FindingsCache, for_linter, tool_salt
from planlint.config import ConfigResolver
from planlint.engine import Linter

UNSAFE = UNSAFE_EXAMPLE.read_text(encoding="utf-8")


def lint(path: Path, cache_dir: Path, config: Path | None = None):
    linter = Linter(ConfigResolver(explicit=config, search=config is None))
    linter.cache = for_linter(linter, cache_dir)
    return linter.lint_bytes(str(path), path.read_bytes())


def entries(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / "v1").glob("*/*.json"))


def test_second_run_is_served_from_the_cache_with_identical_findings(tmp_path):
    plan = write(tmp_path, "a.plan.yaml", UNSAFE)
    first = lint(plan, tmp_path / "cache")
    second = lint(plan, tmp_path / "cache")
    assert (first.cached, second.cached) == (False, True)
    assert second.findings == first.findings and len(first.findings) == 7
    assert (second.rules_skipped, second.fail_on) == (first.rules_skipped, first.fail_on)
    assert len(entries(tmp_path / "cache")) == 1


def test_cache_folder_ignores_itself_for_git(tmp_path):
    lint(write(tmp_path, "a.plan.yaml", UNSAFE), tmp_path / "cache")
    assert (tmp_path / "cache" / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (tmp_path / "cache" / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")


def test_changing_the_file_recomputes(tmp_path):
    plan = write(tmp_path, "a.plan.yaml", UNSAFE)
    lint(plan, tmp_path / "cache")
    plan.write_text(edit(UNSAFE, 'time: "09:00"', 'time: "08:00"'), encoding="utf-8")
    again = lint(plan, tmp_path / "cache")
    assert not again.cached
    assert "on day 1 at 08:00" in next(f.message for f in again.findings if f.code == "HS001")


def test_changing_the_configuration_or_a_rule_option_recomputes(tmp_path):
    plan = write(tmp_path, "plans/a.plan.yaml", UNSAFE)
    config = write(tmp_path, "planlint.toml", 'ignore = ["PL105"]\n')
    first = lint(plan, tmp_path / "cache")
    assert "PL105" not in {f.code for f in first.findings}
    config.write_text("[rules.HS001]\nmin-hours = 12\n", encoding="utf-8")
    option = lint(plan, tmp_path / "cache")
    assert not option.cached
    assert "HS001" not in {f.code for f in option.findings} and "PL105" in {f.code for f in option.findings}
    assert lint(plan, tmp_path / "cache").cached


def test_changing_a_catalog_file_recomputes(tmp_path):
    text = UNSAFE.replace("        ref: stationary_bike\n", "        ref: club_bike\n")
    plan = write(tmp_path, "plans/a.plan.yaml", text)
    write(tmp_path, "planlint.toml", 'exercise-catalogs = ["club.yaml"]\n')
    catalog = write(tmp_path, "club.yaml", "exercises:\n  club_bike: {contraction: concentric, kind: conditioning}\n")
    assert "PL004" not in {f.code for f in lint(plan, tmp_path / "cache").findings}
    catalog.write_text("exercises:\n  other_bike: {contraction: concentric, kind: conditioning}\n", encoding="utf-8")
    changed = lint(plan, tmp_path / "cache")
    assert not changed.cached and "PL004" in {f.code for f in changed.findings}


def test_a_plugin_version_is_part_of_the_key(tmp_path):
    base = [("planlint", "planlint", "0.1.0"), ("concussion", "planlint-concussion", "0.1.0")]
    bumped = [("planlint", "planlint", "0.1.0"), ("concussion", "planlint-concussion", "0.2.0")]
    one, two = FindingsCache(tmp_path, tool_salt(base, [])), FindingsCache(tmp_path, tool_salt(bumped, []))
    assert one.key("a.plan.yaml", b"x", "t") != two.key("a.plan.yaml", b"x", "t")
    assert one.key("a.plan.yaml", b"x", "t") == FindingsCache(tmp_path, tool_salt(list(reversed(base)), [])).key(
        "a.plan.yaml", b"x", "t"
    )


def test_a_corrupted_or_foreign_entry_is_ignored_and_rewritten(tmp_path):
    plan = write(tmp_path, "a.plan.yaml", UNSAFE)
    first = lint(plan, tmp_path / "cache")
    (entry,) = entries(tmp_path / "cache")
    for damage in ("{not json", json.dumps({"key": "someone else's", "findings": []}), '{"key": "' + entry.stem + '"}'):
        entry.write_text(damage, encoding="utf-8")
        again = lint(plan, tmp_path / "cache")
        assert not again.cached and again.findings == first.findings
    assert lint(plan, tmp_path / "cache").cached


def test_a_tampered_entry_cannot_smuggle_wrong_types(tmp_path):
    plan = write(tmp_path, "a.plan.yaml", UNSAFE)
    lint(plan, tmp_path / "cache")
    (entry,) = entries(tmp_path / "cache")
    document = json.loads(entry.read_text())
    document["findings"][0][1] = "1; rm -rf"
    entry.write_text(json.dumps(document), encoding="utf-8")
    assert not lint(plan, tmp_path / "cache").cached


def test_pruning_keeps_the_newest_entries(tmp_path):
    cache = FindingsCache(tmp_path, "salt", max_entries=3)
    for number in range(5):
        cache.put(cache.key(f"{number}.plan.yaml", b"", ""), [], False, 2)
    assert cache.prune() == 2
    assert len(list((tmp_path / "v1").glob("*/*.json"))) == 3


def test_an_unwritable_cache_folder_does_not_stop_linting(tmp_path):
    blocker = write(tmp_path, "cache", "a file where the folder should be")
    plan = write(tmp_path, "a.plan.yaml", UNSAFE)
    result = lint(plan, blocker)
    assert len(result.findings) == 7 and not result.cached


def test_cli_uses_the_cache_and_no_cache_skips_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANLINT_CACHE_DIR", str(tmp_path / "cli-cache"))
    write(tmp_path, "plans/a.plan.yaml", UNSAFE)
    cold = run("check", "--format", "json", tmp_path / "plans")
    warm = run("check", "--format", "json", tmp_path / "plans")
    assert cold.stdout == warm.stdout and cold.exit_code == warm.exit_code == 1
    assert len(entries(tmp_path / "cli-cache")) == 1
    monkeypatch.setenv("PLANLINT_CACHE_DIR", str(tmp_path / "unused"))
    assert run("check", "--no-cache", tmp_path / "plans").exit_code == 1
    assert not (tmp_path / "unused").exists()


def test_parallel_workers_share_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANLINT_CACHE_DIR", str(tmp_path / "cache"))
    for number in range(70):
        write(tmp_path, f"plans/p{number:02d}.plan.yaml", UNSAFE.replace("id: ", f"id: p{number:02d}-", 1))
    serial = run("check", "--format", "json", "--no-cache", tmp_path / "plans")
    cold = run("check", "--format", "json", "-j", "2", tmp_path / "plans")
    warm = run("check", "--format", "json", "-j", "2", tmp_path / "plans")
    assert serial.stdout == cold.stdout == warm.stdout
    assert len(entries(tmp_path / "cache")) == 70


def test_fixes_survive_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANLINT_CACHE_DIR", str(tmp_path / "cache"))
    coach = Path(__file__).parent / "fixtures" / "fixes" / "coach.plan.yaml"
    write(tmp_path, "plans/coach.plan.yaml", coach.read_text(encoding="utf-8"))
    cold = run("check", "--format", "json", tmp_path / "plans")
    warm = run("check", "--format", "json", tmp_path / "plans")
    assert any("fix" in item for item in json.loads(cold.stdout))
    assert cold.stdout == warm.stdout
