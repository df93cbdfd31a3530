"""Helpers for testing rules, for planlint and for plugin authors.

In the spirit of eslint's RuleTester and sqlfluff's rule test cases: give a
plan (text or a fixture file) and a rule code, get the findings of that rule
alone, or assert them against ``# expect: CODE`` markers written at the end of
the lines the findings must point at::

    from planlint.testing import RuleTester

    def test_my_rule():
        tester = RuleTester("XY001")
        tester.assert_fixture("tests/fixtures/XY001/fail_example.plan.yaml")
        assert tester.codes_and_lines(PLAN_TEXT) == [("XY001", 12)]

A fixture may hold a line ``# options: key=value, key=value`` to set the rule's
options (values are read as YAML scalars: ``48``, ``72h``, ``true``).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Iterable, Mapping

from planlint.config import ConfigResolver
from planlint.engine import STRUCTURAL, FileResult, Linter
from planlint.findings import Finding
from planlint.loader import load_text
from planlint.plugins import PluginHost, build_plugin_host

_EXPECT = re.compile(r"#\s*expect:\s*([A-Za-z0-9 ,]+)")
_OPTIONS = re.compile(r"^\s*#\s*options:\s*(.+)$", re.MULTILINE)


def expected_markers(text: str, code: str | None = None) -> list[tuple[str, int]]:
    """``(code, line)`` for every ``# expect: CODE[, CODE]`` marker, sorted."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _EXPECT.search(line)
        if match:
            for item in match.group(1).split(","):
                item = item.strip().upper()
                if item and (code is None or item == code):
                    found.append((item, number))
    return sorted(found)


def fixture_options(text: str) -> dict:
    """The rule options a fixture sets with ``# options: a=1, b=72h``."""
    options: dict = {}
    for match in _OPTIONS.finditer(text):
        for pair in match.group(1).split(","):
            if "=" in pair:
                key, value = pair.split("=", 1)
                options[key.strip()] = _scalar(value.strip())
    return options


def _scalar(text: str):
    loaded = load_text("<option>", f"v: {text}\n")
    return loaded.data["v"] if loaded.data is not None else text


def fixture_cases(folder: str | Path) -> list[Path]:
    """Fixture plans laid out as ``folder/<CODE>/fail_*.plan.yaml`` and ``pass_*.plan.yaml``;
    pass each to ``RuleTester(path.parent.name).assert_fixture(path)``."""
    return sorted(Path(folder).glob("*/*.plan.yaml"))


class RuleTester:
    """Runs one rule (plus the structural checks) on plans."""

    _shared_host: PluginHost | None = None

    def __init__(self, code: str, host: PluginHost | None = None, extra_plugins: Iterable = ()) -> None:
        self.code = code.upper()
        if host is None and not extra_plugins:
            if RuleTester._shared_host is None:
                RuleTester._shared_host = build_plugin_host()
            host = RuleTester._shared_host
        self.host = host or build_plugin_host(extra_plugins=tuple(extra_plugins))

    def lint(self, text: str, options: Mapping | None = None, path: str = "fixture.plan.yaml") -> FileResult:
        overrides = {
            "select": (self.code, *STRUCTURAL),
            "rule_settings": {self.code: dict(options)} if options else {},
        }
        linter = Linter(ConfigResolver(overrides=overrides, search=False), host=self.host)
        if self.code not in linter.rules and self.code not in STRUCTURAL:
            raise AssertionError(f"no loaded plugin provides {self.code}")
        return linter.lint_bytes(path, text.encode("utf-8"))

    def findings(self, text: str, options: Mapping | None = None) -> list[Finding]:
        """The rule's findings; fails when the plan is not structurally valid."""
        result = self.lint(text, options)
        structural = [f for f in result.findings if f.code in STRUCTURAL and f.code != self.code]
        if structural:
            listed = "\n".join(f"  {f.line}:{f.column} {f.code} {f.message}" for f in structural)
            raise AssertionError(f"the plan is not a valid test plan:\n{listed}")
        return [f for f in result.findings if f.code == self.code]

    def codes_and_lines(self, text: str, options: Mapping | None = None) -> list[tuple[str, int]]:
        return sorted((f.code, f.line) for f in self.findings(text, options))

    def assert_fixture(self, path: str | Path) -> list[Finding]:
        """The rule's findings on a fixture must match its ``# expect:`` markers exactly;
        a ``fail_*`` fixture must expect at least one finding, a ``pass_*`` fixture none."""
        path = Path(path)
        text = path.read_text(encoding="utf-8")
        findings = self.findings(text, fixture_options(text) or None)
        actual = Counter((f.code, f.line) for f in findings)
        expected = Counter(expected_markers(text, self.code))
        if path.name.startswith("fail_") and not expected:
            raise AssertionError(f"{path}: a fail_ fixture must carry at least one `# expect: {self.code}` marker")
        if path.name.startswith("pass_") and expected:
            raise AssertionError(f"{path}: a pass_ fixture must carry no `# expect: {self.code}` marker")
        if actual != expected:
            got = "\n".join(f"  line {f.line}:{f.column} {f.code} {f.message}" for f in findings) or "  (none)"
            raise AssertionError(
                f"{path}: expected {sorted(expected.elements())}, got {sorted(actual.elements())}\n{got}"
            )
        return findings
