"""Start-up work (issue 20): what a one-plan `check` imports and does before its file,
checked as behaviour (what is imported, what is called), never timed."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from planlint import cbuilder
from tests.conftest import MINIMAL_PLAN

PROBE = """
import atexit, json, sys
out = sys.argv.pop(1)
names = ("ruamel.yaml", "tomllib", "tomli", "importlib.metadata", "jsonschema", "planlint.reporters.junit")
atexit.register(lambda: open(out, "w").write(json.dumps({n: n in sys.modules for n in names})))
from planlint.entry import main
main()
"""


def imported_by(tmp_path: Path, *args: str, env: dict | None = None) -> dict:
    out = tmp_path / "modules.json"
    subprocess.run(
        [sys.executable, "-c", PROBE, str(out), *args],
        cwd=tmp_path,
        capture_output=True,
        env={**os.environ, **(env or {})},
        check=False,
    )
    return json.loads(out.read_text())


@pytest.mark.skipif(not cbuilder.available(), reason="needs the C event builder")
def test_a_plain_plan_is_checked_without_ruamel_tomllib_or_importlib_metadata(tmp_path):
    (tmp_path / "a.plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    modules = imported_by(tmp_path, "check", "--no-cache", "a.plan.yaml", env={"PLANLINT_BUILDER": "auto"})
    assert modules == {name: False for name in modules}


def test_ruamel_is_imported_when_the_python_builder_runs(tmp_path):
    (tmp_path / "a.plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    modules = imported_by(tmp_path, "check", "--no-cache", "a.plan.yaml", env={"PLANLINT_BUILDER": "python"})
    assert modules["ruamel.yaml"]


def test_tomllib_is_imported_when_there_is_a_configuration_file(tmp_path):
    (tmp_path / "a.plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    (tmp_path / "planlint.toml").write_text('ignore = ["PL106"]\n', encoding="utf-8")
    modules = imported_by(tmp_path, "check", "--no-cache", "a.plan.yaml")
    assert modules["tomllib"] or modules["tomli"]


def test_no_full_collection_before_the_first_file(monkeypatch):
    from planlint import run

    calls = []
    monkeypatch.setattr(gc, "collect", lambda *a: calls.append(a) or 0)
    threshold = gc.get_threshold()
    try:
        run._quiet_garbage_collector()
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
    assert calls == []


def test_a_check_starts_with_the_collector_off_and_lints_with_it_on(monkeypatch, tmp_path):
    """Start-up only builds what lives as long as the process: no collection walks it
    (one cost 5 ms of a one-plan run); the collector is on again before the first file."""
    import sys

    from planlint import entry, run

    plan = tmp_path / "a.plan.yaml"
    plan.write_text(MINIMAL_PLAN, encoding="utf-8")
    seen = []
    original = run._quiet_garbage_collector
    monkeypatch.setattr(run, "_quiet_garbage_collector", lambda: seen.append(gc.isenabled()) or original())
    linted = []
    original_lint = run._lint
    monkeypatch.setattr(run, "_lint", lambda *a: linted.append(gc.isenabled()) or original_lint(*a))
    monkeypatch.setattr(sys, "argv", ["planlint", "check", "--no-cache", str(plan)])
    threshold = gc.get_threshold()
    try:
        with pytest.raises(SystemExit) as ended:
            entry.main()
    finally:
        gc.enable()
        gc.unfreeze()
        gc.set_threshold(*threshold)
    assert ended.value.code in (0, 1)  # it linted (2 and 3 are usage and internal errors)
    assert seen == [False] and linted == [True]


def test_the_installed_extensions_need_no_meta_schema_check(monkeypatch):
    """What the first-party plugins add is certainly valid (planlint.schemacheck.well_formed):
    jsonschema-rs is not asked, and nothing is remembered for it."""
    from planlint import plugins
    from planlint.plugins import build_plugin_host, collect_schema_extensions

    asked = []
    monkeypatch.setattr(plugins, "_schema_problem", lambda schema: asked.append(schema))
    assert collect_schema_extensions(build_plugin_host())
    assert asked == []


def test_an_extension_schemacheck_cannot_vouch_for_is_checked_once(tmp_path, monkeypatch):
    """One with a keyword schemacheck does not compile (format) goes to jsonschema-rs, once."""
    from planlint import plugins
    from planlint.schema import SchemaExtension

    monkeypatch.setenv("PLANLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    asked = []
    original = plugins._schema_problem
    monkeypatch.setattr(plugins, "_schema_problem", lambda schema: asked.append(schema) or original(schema))
    extension = SchemaExtension(site=None, defs={"phase": {"properties": {"due": {"type": "string", "format": "date"}}}})
    known = {"phase", "session"}
    for _ in range(2):
        checks = plugins._RememberedMetaChecks(known, remember=True)
        assert plugins._extension_problem(extension, known, checks.problem) is None
        checks.close()
    assert len(asked) == 1  # remembered: not checked again
    broken = SchemaExtension(site=None, defs={"phase": {"properties": {"due": {"type": "string", "format": 5}}}})
    checks = plugins._RememberedMetaChecks(known, remember=True)
    assert plugins._extension_problem(broken, known, checks.problem)[0] == "makes the schema invalid"
    checks.close()
    assert len(asked) == 2


def test_a_changed_schema_extension_is_checked_again(monkeypatch):
    from planlint import plugins
    from planlint.schema import SchemaExtension

    known = {"phase", "session"}
    one = SchemaExtension(site=None, defs={"phase": {"properties": {"x": {"type": "string"}}}})
    two = SchemaExtension(site=None, defs={"phase": {"properties": {"x": {"type": "integer"}}}})
    assert plugins._extension_fact(one, known) != plugins._extension_fact(two, known)


def test_no_cache_creates_no_mark(tmp_path, monkeypatch):
    from planlint.plugins import build_plugin_host, collect_schema_extensions

    monkeypatch.setenv("PLANLINT_CACHE_DIR", str(tmp_path / "unused"))
    collect_schema_extensions(build_plugin_host(), remember=False)
    assert not (tmp_path / "unused").exists()


def test_a_forged_mark_is_not_believed(tmp_path, monkeypatch):
    from planlint.cache import Marks

    marks = Marks(tmp_path / "cache", tmp_path / "secret")
    marks.remember("a fact")
    assert marks.known("a fact") and not marks.known("another fact")
    other = Marks(tmp_path / "cache", tmp_path / "other-secret")
    assert not other.known("a fact")  # the same folder, another secret: a planted name means nothing


def test_plugins_are_found_as_importlib_metadata_finds_them():
    from importlib import metadata

    from planlint.plugins import build_plugin_host

    expected = {}
    for ep in sorted(metadata.entry_points(group="planlint"), key=lambda ep: ep.name):
        expected.setdefault(ep.name, (ep.dist.name, ep.dist.version))
    host = build_plugin_host()
    assert {info.name: (info.distribution, info.version) for info in host.plugins} == expected
    assert all(info.metadata_folder and os.path.isdir(info.metadata_folder) for info in host.plugins)


def test_the_cache_salt_covers_the_files_importlib_metadata_lists():
    from importlib import metadata

    import planlint_concussion

    from planlint.cache import plugin_locations
    from planlint.plugins import build_plugin_host

    [info] = [i for i in build_plugin_host().plugins if i.name == "concussion"]
    direct = set(plugin_locations(planlint_concussion, info.distribution, info.metadata_folder))
    dist = metadata.distribution(info.distribution)
    listed = {str(dist.locate_file(f)) for f in dist.files or () if "__pycache__" not in f.parts}
    assert {os.path.normpath(p) for p in listed} <= {os.path.normpath(p) for p in direct}


def test_asking_for_a_format_name_imports_no_reporter():
    code = "import sys; from planlint.reporters import REPORTERS; assert 'junit' in REPORTERS; print('planlint.reporters.junit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_settings_per_folder_keep_a_linked_plan_on_its_targets_configuration(tmp_path):
    from planlint.config import ConfigResolver

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "planlint.toml").write_text('ignore = ["PL106"]\n', encoding="utf-8")
    (tmp_path / "b" / "planlint.toml").write_text('ignore = ["PL107"]\n', encoding="utf-8")
    (tmp_path / "b" / "real.plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    (tmp_path / "a" / "plain.plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    os.symlink(tmp_path / "b" / "real.plan.yaml", tmp_path / "a" / "link.plan.yaml")
    resolver = ConfigResolver()
    plain = resolver.for_path(str(tmp_path / "a" / "plain.plan.yaml"))
    linked = resolver.for_path(str(tmp_path / "a" / "link.plan.yaml"))
    again = resolver.for_path(str(tmp_path / "a" / "plain.plan.yaml"))
    assert "PL106" in plain.ignore and "PL107" in linked.ignore and again is plain


def test_is_enabled_is_the_same_with_and_without_the_memo():
    from planlint.config import Config

    config = Config(select=("HS", "PL1"), ignore=("HS00",), per_file_ignores=(("x/*", ("PL1",)),))
    plain = Config(select=("HS", "PL1"), ignore=("HS00",))
    for code in ("HS001", "HS010", "PL101", "CC001", "PL106"):
        assert plain.is_enabled(code) == plain._is_enabled(code, None)
        assert plain.is_enabled(code, "y/a.plan.yaml") == plain._is_enabled(code, "y/a.plan.yaml")
        assert config.is_enabled(code, "x/a.plan.yaml") == config._is_enabled(code, "x/a.plan.yaml")
    assert plain == Config(select=("HS", "PL1"), ignore=("HS00",))  # the memo is not a field
