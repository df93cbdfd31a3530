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

Each marker pins what the finding says, not only where it lands: one or more
quoted fragments after the code must appear in its message, in order
(``# expect: HS001 "is 40 h after the injury" "at least 48 h"``). Name the
numbers and the advice; a marker without a fragment is refused, so a rule whose
message is replaced by a constant fails its fixtures. Two findings on a line:
``# expect: HS001 "...", HS005 "..."``.

A fixture may hold a line ``# options: key=value, key=value`` to set the rule's
options (values are read as YAML scalars: ``48``, ``72h``, ``true``).

:func:`check_pack` is the one conformance check for a whole rule pack (metadata
complete, fixtures for every rule, reference page current); planlint's own
packs and plugins both call it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from planlint.codes import EVIDENCE_GRADES, PIPELINE_CODES, Evidence, identity_problems
from planlint.config import ConfigResolver, RuleSettings
from planlint.docs import explain_text, pack_reference
from planlint.engine import CHECKED_PIPELINE_CODES, FileResult, Linter
from planlint.findings import Finding
from planlint.loader import load_text
from planlint.plugins import PluginHost, build_plugin_host

_EXPECT = re.compile(r"#\s*expect:\s*(.*)$")
#: One expected finding in a marker: a code and its quoted message fragments.
_EXPECTED_ITEM = re.compile(r'\s*([A-Za-z]{2,}[0-9]{3})((?:\s*"(?:[^"\\]|\\.)*")*)\s*(?:,|$)')
_FRAGMENT = re.compile(r'"((?:[^"\\]|\\.)*)"')
_OPTIONS = re.compile(r"^\s*#\s*options:\s*(.+)$", re.MULTILINE)


class Expected(tuple):
    """An expected finding: ``(code, line)`` that also carries the message fragments
    (``.fragments``) the finding's message must hold, in order."""

    fragments: tuple[str, ...]

    def __new__(cls, code: str, line: int, fragments: tuple[str, ...] = ()):
        self = super().__new__(cls, (code, line))
        self.fragments = fragments
        return self

    def matches(self, finding: Finding) -> bool:
        if (finding.code, finding.line) != tuple(self):
            return False
        position = 0
        for fragment in self.fragments:
            position = finding.message.find(fragment, position)
            if position < 0:
                return False
            position += len(fragment)
        return True


def expected_markers(text: str, code: str | None = None) -> list[Expected]:
    """An :class:`Expected` (a ``(code, line)`` pair with its message fragments) for
    every finding a ``# expect: CODE "fragment" ..., CODE ...`` marker names, sorted."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _EXPECT.search(line)
        if not match:
            continue
        rest = match.group(1).strip()
        position = 0
        while position < len(rest):
            item = _EXPECTED_ITEM.match(rest, position)
            if item is None or item.end() == position:
                raise AssertionError(f'line {number}: cannot read the marker `# expect: {rest}` (write CODE "fragment", ...)')
            position = item.end()
            item_code = item.group(1).upper()
            if code is None or item_code == code:
                fragments = tuple(f.replace('\\"', '"') for f in _FRAGMENT.findall(item.group(2)))
                found.append(Expected(item_code, number, fragments))
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
            "select": (self.code, *sorted(CHECKED_PIPELINE_CODES)),
            "rule_settings": {self.code: RuleSettings(options=dict(options))} if options else {},
        }
        linter = Linter(ConfigResolver(overrides=overrides, search=False), host=self.host)
        if self.code not in linter.rules and self.code not in PIPELINE_CODES:
            raise AssertionError(f"no loaded plugin provides {self.code}")
        return linter.lint_bytes(path, text.encode("utf-8"))

    def findings(self, text: str, options: Mapping | None = None) -> list[Finding]:
        """The rule's findings; fails when the plan is not structurally valid."""
        result = self.lint(text, options)
        structural = [f for f in result.findings if f.code in PIPELINE_CODES and f.code != self.code]
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
        return self.assert_fixture_text(path.read_text(encoding="utf-8"), path)

    def assert_fixture_text(self, text: str, path: str | Path) -> list[Finding]:
        """:meth:`assert_fixture` on a fixture's text; ``path`` names it (``fail_*``, ``pass_*``)."""
        path = Path(path)
        findings = self.findings(text, fixture_options(text) or None)
        markers = expected_markers(text, self.code)
        if path.name.startswith("fail_") and not markers:
            raise AssertionError(f"{path}: a fail_ fixture must carry at least one `# expect: {self.code}` marker")
        if path.name.startswith("pass_") and markers:
            raise AssertionError(f"{path}: a pass_ fixture must carry no `# expect: {self.code}` marker")
        unpinned = [m for m in markers if not m.fragments]
        if unpinned:
            raise AssertionError(
                f"{path}: line {unpinned[0][1]}: the marker must pin the message: "
                f'`# expect: {self.code} "a fragment naming the numbers" "and the advice"`'
            )
        got = "\n".join(f"  line {f.line}:{f.column} {f.code} {f.message}" for f in findings) or "  (none)"
        actual = Counter((f.code, f.line) for f in findings)
        if actual != Counter(tuple(m) for m in markers):
            raise AssertionError(f"{path}: expected {sorted(tuple(m) for m in markers)}, got {sorted(actual.elements())}\n{got}")
        unmatched = _unmatched(markers, findings)
        if unmatched:
            wanted = "\n".join(f"  line {m[1]} {m[0]}: " + " ... ".join(repr(f) for f in m.fragments) for m in unmatched)
            raise AssertionError(f"{path}: these messages were expected and not found:\n{wanted}\ngot:\n{got}")
        return findings


def _unmatched(markers: list[Expected], findings: list[Finding]) -> list[Expected]:
    """The markers no finding satisfies, each finding satisfying one marker at most
    (the markers with the most fragments are matched first)."""
    left = list(findings)
    unmatched = []
    for marker in sorted(markers, key=lambda m: -sum(map(len, m.fragments))):
        hit = next((f for f in left if marker.matches(f)), None)
        if hit is None:
            unmatched.append(marker)
        else:
            left.remove(hit)
    return unmatched


def pack_problems(
    plugins: str | Iterable[str],
    fixtures: str | Path | None = None,
    reference: str | Path | None = None,
    host: PluginHost | None = None,
) -> list[str]:
    """What the rule packs named ``plugins`` (entry-point names; "planlint" for the
    pipeline codes) lack, as a list of sentences (empty: conforming).

    - every code documented: its form, a kebab-case name, summary, why, what instead,
      graded evidence, every option with help and a default its converter accepts,
      and an ``explain`` text that shows them;
    - under ``fixtures``: a ``<CODE>/`` folder with ``fail_*`` and ``pass_*`` plans for
      every rule of the packs, each giving exactly the findings its markers pin
      (:meth:`RuleTester.assert_fixture`), and no folder for a code they do not have;
    - ``reference`` (a Markdown file): identical to the page generated from the metadata.
    """
    names = {plugins} if isinstance(plugins, str) else set(plugins)
    linter = Linter(ConfigResolver(search=False), host=host)
    problems = [p.describe() for p in linter.host.problems if p.plugin in names]
    loaded = {info.name for info in linter.host.plugins} | {"planlint"}
    problems += [f"plugin '{name}' is not installed" for name in sorted(names - loaded)]
    documented = {code: entry for code, entry in linter.documented().items() if entry[1] in names}
    # A name is unique within its pack; packs may share one (HS001 and MS001 are both early-sprint).
    seen_names: dict[tuple[str, str], str] = {}
    for code, (meta, plugin) in documented.items():
        problems += [f"{code}: {p}" for p in _metadata_problems(meta, plugin)]
        if (plugin, meta.name) in seen_names:
            problems.append(f"{code}: the name '{meta.name}' is also {seen_names[(plugin, meta.name)]}'s")
        seen_names.setdefault((plugin, meta.name), code)
    if fixtures is not None:
        folder = Path(fixtures)
        rule_codes = {code for code in documented if code in linter.rules}
        for code in sorted(rule_codes):
            for kind in ("fail", "pass"):
                if not list((folder / code).glob(f"{kind}_*.plan.yaml")):
                    problems.append(f"{code}: no {kind}_*.plan.yaml fixture in {folder / code}")
            tester = RuleTester(code, host=linter.host)
            for case in sorted((folder / code).glob("*.plan.yaml")):
                try:
                    tester.assert_fixture(case)
                except AssertionError as exc:
                    problems.append(str(exc).split("\n", 1)[0])
        for extra in sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else ():
            if extra not in documented:
                problems.append(f"{folder / extra}: fixtures for {extra}, which none of these packs has")
    if reference is not None:
        path = Path(reference)
        builtin = names == linter.host.builtin_names
        expected = pack_reference(() if builtin else names, linter)
        if not path.is_file() or path.read_text(encoding="utf-8") != expected:
            problems.append(f"{path} is not current: regenerate it from the rules' metadata (python -m planlint.docs)")
    return problems


def check_pack(
    plugins: str | Iterable[str],
    fixtures: str | Path | None = None,
    reference: str | Path | None = None,
    host: PluginHost | None = None,
) -> None:
    """Fail (AssertionError) with every problem :func:`pack_problems` finds. ``host``: a
    plugin host to use instead of the installed plugins (a pack under test)."""
    problems = pack_problems(plugins, fixtures, reference, host)
    if problems:
        raise AssertionError("the rule pack does not conform:\n" + "\n".join(f"  - {p}" for p in problems))


def _metadata_problems(meta, plugin: str) -> Iterable[str]:
    yield from identity_problems(meta.code, meta.name, meta.severity)
    for field in ("summary", "why", "instead"):
        if not str(getattr(meta, field) or "").strip():
            yield f"no {field}"
    if not meta.evidence:
        yield "cites no evidence"
    for evidence in meta.evidence:
        if not isinstance(evidence, Evidence) or evidence.grade not in EVIDENCE_GRADES or not evidence.text.strip():
            yield f"evidence {evidence!r} needs a grade ({', '.join(EVIDENCE_GRADES)}) and a text"
    for option in meta.options:
        if not option.help.strip():
            yield f"option '{option.name}' has no help text"
        try:
            option.resolve()
        except Exception as exc:  # noqa: BLE001 - reported, not raised
            yield f"option '{option.name}': its default {option.default!r} is refused by its converter ({exc})"
    text = explain_text(meta, plugin)
    if not text.startswith(f"{meta.code} {meta.name} ({meta.severity.label}"):
        yield "explain does not start with the code and name"
    for heading in ("Summary", "Why it matters", "What to do instead", "Evidence"):
        if f"\n{heading}" not in text:
            yield f"explain has no '{heading}' section"
    for option in meta.options:
        if f"{option.name} = " not in text:
            yield f"explain does not show option '{option.name}'"
