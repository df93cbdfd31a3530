"""The findings cache: reused only while the file, its settings and the tools are unchanged."""

from __future__ import annotations

import json
from pathlib import Path

from plan_edits import UNSAFE_EXAMPLE, edit, run, write

from planlint.cache import FindingsCache, for_linter, tool_salt
from planlint.config import ConfigResolver
from planlint.engine import Linter
from planlint.findings import Severity

UNSAFE = UNSAFE_EXAMPLE.read_text(encoding="utf-8")


def lint(path: Path, cache_dir: Path, config: Path | None = None):
    linter = Linter(ConfigResolver(explicit=config, search=config is None))
    linter.cache = for_linter(linter, cache_dir)
    return linter.lint_bytes(str(path), path.read_bytes())


def entries(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / "v2").glob("*/*.entry"))


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
    original = entry.read_bytes()
    mac, _, body = original.partition(b"\n")
    for damage in (
        b"{not json",
        mac + b"\n" + body.replace(b"HS001", b"HS00X"),
        b"0" * 64 + b"\n" + body,
        mac + b"\n" + b"[" * 100_000,
    ):
        entry.write_bytes(damage)
        again = lint(plan, tmp_path / "cache")
        assert not again.cached and again.findings == first.findings
    assert entry.read_bytes() == original  # rewritten by the run that missed
    assert lint(plan, tmp_path / "cache").cached


def test_pruning_keeps_the_newest_entries(tmp_path):
    cache = FindingsCache(tmp_path, "salt", max_entries=3)
    for number in range(5):
        cache.put(cache.key(f"{number}.plan.yaml", b"", ""), [], False, 2)
    assert cache.prune() == 2
    assert len(list((tmp_path / "v2").glob("*/*.entry"))) == 3


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


# ----------------------------------------------------------------------------- a cache that trusts nothing it finds (issue 18)

import hashlib  # noqa: E402
import hmac  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402

from planlint.cache import SECRET_NAME, default_directory, plugin_locations, user_cache_folder  # noqa: E402


def _cache_for(cache_dir: Path) -> FindingsCache:
    linter = Linter(ConfigResolver(search=False))
    return for_linter(linter, cache_dir)


def test_the_default_cache_is_per_user_outside_the_checkout(tmp_path, monkeypatch):
    monkeypatch.delenv("PLANLINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_directory() == user_cache_folder() == tmp_path / "xdg" / "planlint"
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "plans/a.plan.yaml", UNSAFE)
    assert run("check", "plans").exit_code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plans", "xdg"]  # nothing written in the tree it lints
    assert len(entries(tmp_path / "xdg" / "planlint")) == 1
    assert oct((tmp_path / "xdg" / "planlint" / SECRET_NAME).stat().st_mode & 0o777) == "0o600"


def test_links_planted_in_the_cache_folder_are_never_written_through(tmp_path):
    """CACHEDIR.TAG linked to a file elsewhere, .gitignore a dangling link: a plain run
    used to overwrite the one and create the other."""
    victim, created = write(tmp_path, "victim.txt", "precious\n"), tmp_path / "created-by-a-link"
    cache_dir = tmp_path / "cache"
    (cache_dir / "v2").mkdir(parents=True)
    os.symlink(victim, cache_dir / "CACHEDIR.TAG")
    os.symlink(created, cache_dir / ".gitignore")
    lint(write(tmp_path, "a.plan.yaml", UNSAFE), cache_dir)
    assert victim.read_text() == "precious\n" and not created.exists()
    assert len(entries(cache_dir)) == 1


def test_a_cache_folder_that_is_a_link_is_not_used(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, tmp_path / "cache")
    result = lint(write(tmp_path, "a.plan.yaml", UNSAFE), tmp_path / "cache")
    assert len(result.findings) == 7 and list(elsewhere.iterdir()) == []
    cache = _cache_for(tmp_path / "cache")
    assert cache.get("0" * 64) is None and cache.refused.endswith("it is a symbolic link (not followed)")


def test_a_shard_that_is_a_link_is_neither_written_nor_pruned(tmp_path):
    """A shard linked to another folder and 50 dummy entries: pruning used to delete the
    other folder's files."""
    cache = _cache_for(tmp_path / "cache")
    key = cache.key("a.plan.yaml", b"x", "t")
    cache.put(key, [], False, Severity.WARNING)
    other = tmp_path / "other"
    other.mkdir()
    victims = [write(other, f"{number:064x}.entry", "keep") for number in range(50)]
    (shard,) = [p for p in (tmp_path / "cache" / "v2").iterdir()]
    for name in ("00", "ff", "fe"):
        if name != shard.name:
            os.symlink(other, shard.parent / name)
    cache.max_entries = 0
    assert cache.prune() == 1  # its own entry only
    assert all(v.read_text() == "keep" for v in victims)


def test_a_forged_entry_never_makes_an_unsafe_plan_pass(tmp_path):
    """Even an attacker who knows the key and the entry's name (the salt is the same on a
    shared CI image) cannot write an entry the reader believes without the per-user secret."""
    plan = write(tmp_path, "a.plan.yaml", UNSAFE)
    cache = _cache_for(tmp_path / "cache")
    linter = Linter(ConfigResolver(search=False))
    key = cache.key(str(plan), plan.read_bytes(), linter.settings_for(str(plan)).token)
    cache.put(key, [], False, Severity.WARNING)  # the folder and the secret exist
    shard, name = cache._name(key)
    body = json.dumps({"rules_skipped": False, "fail_on": 2, "findings": []}).encode()
    forged_secret = b"committed-to-the-repository-000!"
    forged = hmac.new(forged_secret, b"entry\0" + key.encode() + b"\0" + body, hashlib.sha256).hexdigest().encode()
    (tmp_path / "cache" / "v2" / shard / name).write_bytes(forged + b"\n" + body)
    (tmp_path / "cache" / SECRET_NAME).write_bytes(forged_secret)  # a secret shipped in the cache folder is not read
    assert cache.get(key) is None
    result = lint(plan, tmp_path / "cache")
    assert not result.cached and len(result.findings) == 7


def test_an_authentic_entry_with_bad_content_is_a_miss(tmp_path):
    """Defence in depth: even an entry signed with the secret must parse and type-check."""
    cache = _cache_for(tmp_path / "cache")
    key = cache.key("a.plan.yaml", b"x", "t")
    cache.put(key, [], False, Severity.WARNING)
    shard, name = cache._name(key)
    good = json.loads((tmp_path / "cache" / "v2" / shard / name).read_bytes().partition(b"\n")[2])
    finding = ["a", "1; rm -rf", 1, 1, 2, "HS001", "n", 2, "m", "s", False, None, "", "f", None]
    for body in (b"[" * 100_000 + b"]" * 100_000, json.dumps(good | {"findings": [finding]}).encode()):
        (tmp_path / "cache" / "v2" / shard / name).write_bytes(cache._mac(key, body) + b"\n" + body)
        assert cache.get(key) is None


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="chown needs root")
def test_a_cache_folder_of_another_user_is_not_used(tmp_path):
    (tmp_path / "cache").mkdir(mode=0o700)
    os.chown(tmp_path / "cache", 12345, 12345)
    cache = _cache_for(tmp_path / "cache")
    assert cache.get("0" * 64) is None and "belongs to another user" in cache.refused


def test_a_cache_folder_others_can_write_is_not_used(tmp_path):
    (tmp_path / "cache").mkdir()
    os.chmod(tmp_path / "cache", 0o777)
    cache = _cache_for(tmp_path / "cache")
    cache.put(cache.key("a", b"", ""), [], False, Severity.WARNING)
    assert cache.written == 0 and "can be written by other users" in cache.refused
    assert list((tmp_path / "cache").iterdir()) == []


def test_editing_any_module_of_a_plugin_package_invalidates(tmp_path, monkeypatch):
    package = tmp_path / "site" / "clubrules"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "rules.py").write_text("from clubrules.helpers import LIMIT\n")
    (package / "helpers.py").write_text("LIMIT = 36\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    import importlib

    module = importlib.import_module("clubrules.rules")
    try:
        locations = plugin_locations(module, None)
        assert str(package) in locations
        before = tool_salt([], locations)
        (package / "helpers.py").write_text("LIMIT = 24  # club policy\n")
        assert tool_salt([], locations) != before
    finally:
        for name in ("clubrules", "clubrules.rules", "clubrules.helpers"):
            sys.modules.pop(name, None)


def test_an_installed_plugins_distribution_files_are_in_the_salt():
    import planlint_concussion

    locations = plugin_locations(planlint_concussion, "planlint-concussion")
    assert os.path.dirname(planlint_concussion.__file__) in locations
    assert any(location.endswith("METADATA") for location in locations)
