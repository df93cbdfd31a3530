"""The pipeline for one file: load -> validate -> model -> rules -> config -> suppressions.

The engine owns everything between bytes and a sorted list of findings; it
knows nothing of the command line or of report formats.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field

from planlint.catalog import Catalog, build_catalog
from planlint.config import (
    ALWAYS_REPORTED,
    Config,
    ConfigError,
    ConfigResolver,
    check_against_rules,
    resolve_options,
)
from planlint.findings import Finding, Severity
from planlint.loader import load_source, read_file
from planlint.model import Plan, build_plan
from planlint.plugins import (
    LoadedRule,
    PluginHost,
    build_plugin_host,
    collect_catalog_entries,
    collect_rules,
    collect_schema_extensions,
)
from planlint.positions import FILE_START, Span
from planlint.rules.base import Rule, RuleContext, Violation
from planlint.rules.structural import STRUCTURAL_RULES
from planlint.schema import SchemaRegistry
from planlint.suppressions import apply_suppressions
from planlint.validate import validate

#: Codes whose presence means the file is not a usable plan: semantic rules are skipped.
BLOCKING = ALWAYS_REPORTED

#: Codes planlint's pipeline reports itself (documented like rules).
STRUCTURAL = {rule.code: rule for rule in STRUCTURAL_RULES if rule.code != "PL000"}
INTERNAL_ERROR = ("PL000", "internal-error")


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    crashed: bool = False  # a rule raised while checking this file
    fail_on: Severity = Severity.WARNING  # from the file's configuration
    # The model is kept only on request (``keep_plan=True``, for the HTML report):
    # over a library of thousands of plans, retained models make every garbage
    # collection slower (measured: 2x the run time). None also when the plan
    # could not be built (PL001-PL003, PL006).
    plan: Plan | None = None

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if not f.suppressed]


class Linter:
    """Lints files with the loaded plugins; build one per run and reuse it."""

    def __init__(self, resolver: ConfigResolver | None = None, host: PluginHost | None = None) -> None:
        self.resolver = resolver or ConfigResolver()
        self.host = host or build_plugin_host()
        self.rules: dict[str, LoadedRule] = collect_rules(self.host)
        self.schemas = SchemaRegistry(collect_schema_extensions(self.host))
        self._plugin_catalog = collect_catalog_entries(self.host)
        self._catalogs: dict[tuple[str, ...], Catalog] = {}
        self._checked_configs: set[int] = set()

    # -- configuration -------------------------------------------------------------

    @property
    def known_codes(self) -> set[str]:
        return set(self.rules) | set(STRUCTURAL) | {INTERNAL_ERROR[0]}

    def documented(self) -> dict[str, tuple[Rule, str]]:
        """Every code with its documentation and the plugin that provides it, sorted."""
        docs = {rule.code: (rule, "planlint") for rule in STRUCTURAL_RULES}
        docs.update({code: (loaded.rule, loaded.plugin) for code, loaded in self.rules.items()})
        return dict(sorted(docs.items(), key=lambda item: (not item[0].startswith("PL"), item[0])))

    def config_for(self, path: str | None) -> Config:
        """The file's configuration, checked against the loaded rules once."""
        config = self.resolver.for_path(path)
        if id(config) not in self._checked_configs:
            check_against_rules(config, {code: rule for code, (rule, _) in self.documented().items()})
            self._validate_selection(config)
            self._checked_configs.add(id(config))
        return config

    def _validate_selection(self, config: Config) -> None:
        where = f"{config.path}: " if config.path else ""
        file_ignores = tuple(code for _glob, codes in config.per_file_ignores for code in codes)
        unknown = self.unknown_patterns(config.select + config.extend_select + config.ignore + file_ignores)
        if unknown:
            raise ConfigError(f"{where}'{unknown[0]}' matches no rule code; run `planlint rules` to list them")

    def unknown_patterns(self, patterns) -> list[str]:
        """The codes or prefixes among ``patterns`` that match no known code."""
        codes = self.known_codes
        return [p for p in patterns if p != "ALL" and not any(code.startswith(p) for code in codes)]

    def catalog_for(self, config: Config) -> Catalog:
        key = config.exercise_catalogs
        if key not in self._catalogs:
            self._catalogs[key] = build_catalog(self._plugin_catalog, key)
        return self._catalogs[key]

    # -- linting -------------------------------------------------------------------

    def lint_bytes(self, path: str, raw: bytes, config_path: str | None = None, *, keep_plan: bool = False) -> FileResult:
        config = self.config_for(config_path or path)
        source = load_source(path, raw)
        result = FileResult(path, fail_on=config.fail_on)
        findings = list(source.findings)
        if not any(f.code == "PL001" for f in findings):
            findings.extend(validate(source, self.schemas))
        checked: set[str] = set()
        if not any(f.code in BLOCKING for f in findings):
            plan, model_findings = build_plan(path, source.data, source.index, self.catalog_for(config))
            findings.extend(model_findings)
            findings.extend(self._run_rules(plan, config, result, checked))
            if keep_plan:
                result.plan = plan
        # In a file that does not parse, comments cannot be told from text.
        readable = source.text and not any(f.code == "PL001" for f in findings)
        findings = apply_suppressions(
            path,
            findings,
            source.comments() if readable else [],
            checked_codes=checked | {c for c in STRUCTURAL if config.is_enabled(c, path)},
            known_codes=self.known_codes,
            require_reason=config.require_suppression_reason,
            report_unused=config.is_enabled("PL007", path),
        )
        # After suppressions, so that the PL007 findings they add are configured too.
        findings = self._configure(findings, config, path)
        result.findings = sorted(findings, key=Finding.sort_key)
        return result

    def _run_rules(self, plan: Plan, config: Config, result: FileResult, checked: set[str]) -> list[Finding]:
        findings: list[Finding] = []
        for code, loaded in self.rules.items():
            rule = loaded.rule
            if not config.is_enabled(code, plan.path):
                continue
            try:
                if not rule.applies_to(plan):
                    continue
                checked.add(code)
                context = RuleContext(options=resolve_options(config, rule))
                violations = list(rule.check(plan, context))
            except Exception as exc:  # one crashing rule must not take the run down
                result.crashed = True
                findings.append(self._internal_error(plan.path, loaded, exc))
                continue
            malformed = [v for v in violations if not _well_formed(v)]
            if malformed:
                result.crashed = True
                problem = TypeError(f"check() yielded {malformed[0]!r}, not a Violation(span, message)")
                findings.append(self._internal_error(plan.path, loaded, problem))
                continue
            for violation in violations:
                findings.append(
                    Finding(plan.path, violation.span, code, rule.name, rule.severity, violation.message, source=loaded.plugin)
                )
        return findings

    @staticmethod
    def _internal_error(path: str, loaded: LoadedRule, exc: Exception) -> Finding:
        frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f" at {frame.filename}:{frame.lineno}" if frame else ""
        return Finding(
            path,
            FILE_START,
            INTERNAL_ERROR[0],
            INTERNAL_ERROR[1],
            Severity.ERROR,
            f"rule {loaded.rule.code} ({loaded.rule.name}) from plugin '{loaded.plugin}' crashed on this file: "
            f"{type(exc).__name__}: {exc}{where}; the other rules still ran. Report this to the plugin's authors.",
            source=loaded.plugin,
        )

    @staticmethod
    def _configure(findings: list[Finding], config: Config, path: str) -> list[Finding]:
        """Drop findings of disabled codes and apply severity overrides."""
        kept = []
        for finding in findings:
            if finding.code != INTERNAL_ERROR[0] and not config.is_enabled(finding.code, path):
                continue
            severity = config.severity_for(finding.code, finding.severity)
            kept.append(finding if severity == finding.severity else finding.with_changes(severity=severity))
        return kept

    def lint_file(self, path: str, *, keep_plan: bool = False) -> FileResult:
        return self.lint_bytes(path, read_file(path), keep_plan=keep_plan)


def _well_formed(violation) -> bool:
    return isinstance(violation, Violation) and isinstance(violation.span, Span) and isinstance(violation.message, str)


def lint_text(text: str, path: str = "plan.plan.yaml", linter: Linter | None = None) -> FileResult:
    """Convenience for tests and plugin authors: lint a YAML string."""
    return (linter or Linter()).lint_bytes(path, text.encode("utf-8"))

