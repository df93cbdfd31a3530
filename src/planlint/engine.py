"""The pipeline for one file: load -> validate -> model -> rules -> suppressions -> configuration.

The engine owns everything between bytes and a sorted list of findings; it
knows nothing of the command line or of report formats. A file's
configuration is resolved and checked (:meth:`Linter.settings_for`) before
any file is linted, so linting itself never raises a configuration error.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from planlint.budget import Budget, OverBudget
from planlint.catalog import Catalog, build_catalog
from planlint.codes import BLOCKING, PIPELINE, PIPELINE_CODES, PL000, PL001, PL002, PL007, Code
from planlint.config import RULE_KEYS, Config, ConfigError, ConfigResolver
from planlint.findings import Finding, RulesRun, Severity
from planlint.fingerprints import with_fingerprints
from planlint.limits import MAX_MESSAGE
from planlint.loader import load_source
from planlint.model import Plan, build_plan
from planlint.options import OptionError, RuleContext
from planlint.plugins import (
    LoadedRule,
    PluginHost,
    build_plugin_host,
    collect_catalog_entries,
    collect_docs_urls,
    collect_injury_sites,
    collect_output_formats,
    collect_rules,
    collect_schema_extensions,
)
from planlint.positions import FILE_START, Span
from planlint.quoting import quote
from planlint.rules.rule import BUILTIN_DOCS_URL, TimeWindow, Violation, resolve_options
from planlint.schema import SchemaRegistry
from planlint.suppressions import apply_suppressions, may_suppress
from planlint.templates import occurrences_of
from planlint.validate import validate_source

if TYPE_CHECKING:  # pragma: no cover - the findings cache is imported by the run that uses it
    from planlint.cache import FindingsCache

#: Pipeline codes a suppression can name, and whose absence is a result (PL000 is a crash, not a check).
CHECKED_PIPELINE_CODES = PIPELINE_CODES - {PL000.code}


@dataclass
class FileResult:
    """What linting one file gave: its findings and how the rules ran."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    crashed: bool = False  # a rule raised while checking this file
    rules_skipped: bool = False  # PL001-PL003/PL006: the semantic rules were not run
    cached: bool = False  # read from the findings cache
    fail_on: Severity = Severity.WARNING  # from the file's configuration
    # The model is kept only on request (``keep_plan=True``, for the HTML report):
    # over a library of thousands of plans, retained models make every garbage
    # collection slower (measured: 2x the run time). None also when the plan
    # could not be built (PL001-PL003, PL006).
    plan: Plan | None = None
    #: Which rule packs checked the plan, and the note when only the general rules did
    #: (:meth:`Linter.rules_run`); None when the rules were skipped (``rules_skipped``).
    rules_run: RulesRun | None = None

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if not f.suppressed]


@dataclass(frozen=True)
class Published:
    """What the rules that check one plan publish (:meth:`Linter.published`)."""

    #: Time windows from the injury, shortest first, each with its rule's code.
    windows: tuple[TimeWindow, ...] = ()
    #: ``{what: (value, code)}``: how a value a plan leaves out is read, and by which rule.
    unstated: Mapping[str, tuple[float, str]] = field(default_factory=dict)
    #: ``{mark: codes}``: codes whose findings the report marks, e.g. ``"weekly-load"``.
    marks: Mapping[str, set[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Pack:
    """A loaded rule pack (:meth:`Linter.packs`)."""

    name: str
    distribution: str
    #: The injury sites its rules check; None when some of its rules check every plan.
    sites: tuple[str, ...] | None
    codes: tuple[str, ...]


@dataclass(frozen=True)
class FileSettings:
    """What linting a file takes from its configuration, checked before any file is linted:
    the configuration itself, each rule's options converted once, and the exercise catalog."""

    config: Config
    contexts: Mapping[str, RuleContext]
    catalog: Catalog

    @cached_property
    def token(self) -> str:
        """A digest of all the above: the findings cache's key for "the same settings"
        (computed when the cache first asks: a run without the cache never needs it)."""
        return _settings_token(self.config, self.contexts, self.catalog)


class Linter:
    """Lints files with the loaded plugins; build one per run and reuse it."""

    def __init__(
        self,
        resolver: ConfigResolver | None = None,
        host: PluginHost | None = None,
        cache: FindingsCache | None = None,
        *,
        remember: bool = True,
    ) -> None:
        """``remember=False`` (``--no-cache``): write nothing in the cache folder, not even
        the note that a plugin's schema extension was found valid."""
        self.resolver = resolver or ConfigResolver()
        self.host = host or build_plugin_host()
        self.cache = cache
        self.sites = collect_injury_sites(self.host)
        self.rules: dict[str, LoadedRule] = collect_rules(self.host, self.sites)
        self.schemas = SchemaRegistry(collect_schema_extensions(self.host, remember), self.sites)
        self._plugin_catalog = collect_catalog_entries(self.host)
        self._catalogs: dict[tuple[str, ...], Catalog] = {}
        self._settings: dict[int, tuple[Config, FileSettings]] = {}
        self._docs_urls: dict[str, str] | None = None
        from planlint.reporters import REPORTERS  # names only: no reporter module is imported

        self._output_formats = collect_output_formats(self.host, REPORTERS)

    # -- codes ---------------------------------------------------------------------

    @property
    def known_codes(self) -> set[str]:
        return set(self.rules) | PIPELINE_CODES

    def documented(self) -> dict[str, tuple[Code, str]]:
        """Every code with its documentation and the plugin that provides it, sorted."""
        docs = {code.code: (code, "planlint") for code in PIPELINE}
        docs.update({code: (loaded.rule.meta, loaded.plugin) for code, loaded in self.rules.items()})
        return dict(sorted(docs.items(), key=lambda item: (not item[0].startswith("PL"), item[0])))

    def unknown_patterns(self, patterns: Iterable[str]) -> list[str]:
        """The codes or prefixes among ``patterns`` that match no known code."""
        codes = self.known_codes
        return [p for p in patterns if p != "ALL" and not any(code.startswith(p) for code in codes)]

    # -- what packs publish ----------------------------------------------------------

    def published(self, plan: Plan, settings: FileSettings) -> Published:
        """What the rules that check ``plan`` publish for others to draw and say, at the
        plan's configured option values: time windows, readings of unstated values, and
        which codes mark what (see :class:`planlint.rules.rule.Rule`)."""
        windows, unstated, marks = [], {}, {}
        for code, loaded in self.rules.items():
            rule = loaded.rule
            if not settings.config.is_enabled(code, plan.path) or not rule.applies_to(plan):
                continue
            context = settings.contexts[code]
            windows += [dataclasses.replace(window, code=code) for window in rule.windows(context)]
            for what, value in rule.unstated(context).items():
                unstated.setdefault(what, (value, code))
            if rule.marks:
                marks.setdefault(rule.marks, set()).add(code)
        return Published(tuple(sorted(windows, key=lambda w: (w.hours, w.code))), unstated, marks)

    # -- which packs ran -----------------------------------------------------------

    def packs(self) -> list[Pack]:
        """The loaded rule packs, general ones first: name, distribution, the injury sites
        their rules check (None: every plan) and their codes (``planlint rules`` lists them)."""
        distributions = {info.name: info.distribution for info in self.host.plugins}
        codes: dict[str, list[str]] = {}
        sites: dict[str, set[str] | None] = {}
        for code, loaded in self.rules.items():
            codes.setdefault(loaded.plugin, []).append(code)
            known = sites.setdefault(loaded.plugin, set())
            if loaded.rule.sites is None:
                sites[loaded.plugin] = None
            elif known is not None:
                known.update(loaded.rule.sites)
        packs = [
            Pack(
                name,
                distributions.get(name, "?"),
                None if sites[name] is None else tuple(sorted(sites[name])),
                tuple(codes[name]),
            )
            for name in codes
        ]
        return sorted(packs, key=lambda pack: (pack.sites is not None, pack.name))

    def rules_run(self, plan: Plan, checked: set[str], config: Config) -> RulesRun:
        """Which packs checked ``plan`` (``checked``: the codes that ran) and, when none of
        them has rules for the plan's injury site, the note that says so: the one place that
        decides it; every reporter and the HTML report say what it decided."""
        site = plan.site
        ran: dict[str, bool] = {}  # pack -> whether it ran rules for this site
        for code in checked:
            loaded = self.rules[code]
            specific = loaded.rule.sites is not None and site in loaded.rule.sites
            ran[loaded.plugin] = ran.get(loaded.plugin, False) or specific
        order = sorted(ran, key=lambda name: (ran[name], name))
        packs = tuple(f"{name} ({site})" if ran[name] and name != site else name for name in order)
        if any(ran.values()):
            return RulesRun(packs, site)
        for_site = [loaded for loaded in self.rules.values() if loaded.rule.sites is not None and site in loaded.rule.sites]
        where = "site 'other'" if site == "other" else f"{site}-specific"
        entry = self.sites.get(site)
        installed = {info.distribution for info in self.host.plugins}
        names = " and ".join(sorted({loaded.plugin for loaded in for_site}))
        if for_site and not any(config.is_enabled(loaded.rule.code, plan.path) for loaded in for_site):
            reason = f"the {where} rules ({names}) are not selected (configuration, --select or --ignore)"
        elif for_site:
            reason = f"the {where} rules ({names}) do not apply to a {site} {plan.injury.type}"
        elif entry.first_party and entry.first_party not in installed:
            reason = f"the {where} rules come with {entry.first_party}, which is not installed: {entry.install}"
        elif site == "other":
            reason = "planlint has no injury-specific rules for site 'other'"
        else:
            reason = f"planlint has no {where} rules"
        ran_text = f"only the general rules ran ({', '.join(packs)})" if packs else "no safety rules ran"
        return RulesRun(packs, site, f"{ran_text}: {reason}")

    def output_formats(self) -> dict:
        """``--format`` choices that plugins add (``{name: Reporter subclass}``)."""
        return self._output_formats

    def docs_url(self, plugin: str) -> str | None:
        """Where ``plugin`` documents its rules (its ``planlint_docs_url``), if it says."""
        if self._docs_urls is None:
            self._docs_urls = {"planlint": BUILTIN_DOCS_URL, **collect_docs_urls(self.host)}
        return self._docs_urls.get(plugin)

    # -- configuration -------------------------------------------------------------

    def settings_for(self, path: str | None) -> FileSettings:
        """The checked settings for the file at ``path``; raises ConfigError or CatalogError."""
        return self.settings(self.resolver.for_path(path))

    def settings(self, config: Config) -> FileSettings:
        """Check ``config`` against the loaded rules and resolve it, once per configuration."""
        cached = self._settings.get(id(config))
        if cached is not None and cached[0] is config:
            return cached[1]
        where = f"{config.path}: " if config.path else ""
        documented = self.documented()
        contexts: dict[str, RuleContext] = {}
        for code, settings in config.rule_settings.items():
            if code not in documented:
                raise ConfigError(f"{where}rules.{code}: no loaded rule has the code {code}; run `planlint rules` to list them")
            meta = documented[code][0]
            allowed = {option.name for option in meta.options}
            unknown = [key for key in settings.options if key not in allowed]
            if unknown:
                names = ", ".join(sorted(allowed) + sorted(RULE_KEYS))
                raise ConfigError(f"{where}rules.{code}: unknown option '{unknown[0]}'; {code} accepts: {names}")
        for code, loaded in self.rules.items():
            try:
                contexts[code] = resolve_options(loaded.rule, config.options_for(code))
            except OptionError as exc:
                raise ConfigError(f"{where}rules.{code}.{exc}") from None
        file_ignores = tuple(code for _glob, codes in config.per_file_ignores for code in codes)
        unknown = self.unknown_patterns(config.select + config.extend_select + config.ignore + file_ignores)
        if unknown:
            raise ConfigError(f"{where}'{unknown[0]}' matches no rule code; run `planlint rules` to list them")
        catalog = self._catalog(config.exercise_catalogs)
        settings = FileSettings(config, contexts, catalog)
        self._settings[id(config)] = (config, settings)
        return settings

    def _catalog(self, files: tuple[str, ...]) -> Catalog:
        if files not in self._catalogs:
            self._catalogs[files] = build_catalog(self._plugin_catalog, files)
        return self._catalogs[files]

    # -- linting -------------------------------------------------------------------

    def lint_bytes(self, path: str, raw: bytes, settings: FileSettings | None = None, *, keep_plan: bool = False) -> FileResult:
        """Lint one file's bytes. Without ``settings`` they are resolved for ``path``
        (which may raise a configuration error); with them, linting cannot.
        ``keep_plan``: keep the built model on the result (the HTML report reads it)."""
        settings = settings or self.settings_for(path)
        key = None
        if self.cache is not None and not keep_plan:
            key = self.cache.key(path, raw, settings.token)
            hit = self.cache.get(key)
            if hit is not None:
                findings, rules_skipped, fail_on, rules_run = hit
                return FileResult(path, findings, rules_skipped=rules_skipped, fail_on=fail_on, cached=True, rules_run=rules_run)
        result = self._lint(path, raw, settings, keep_plan)
        if key is not None and not result.crashed:
            self.cache.put(key, result.findings, result.rules_skipped, result.fail_on, result.rules_run)
        return result

    def _lint(self, path: str, raw: bytes, settings: FileSettings, keep_plan: bool) -> FileResult:
        config = settings.config
        source = load_source(path, raw, config.limits)
        result = FileResult(path, fail_on=config.fail_on)
        findings = list(source.findings)
        if not any(f.code == PL001.code for f in findings):
            found, source = validate_source(source, self.schemas, config.limits, settings.catalog)
            findings.extend(found)
        checked: set[str] = set()
        not_applicable: dict[str, str] = {}
        plan = None
        result.rules_skipped = any(f.code in BLOCKING for f in findings)
        if not result.rules_skipped:
            plan, model_findings = build_plan(
                path,
                source.data,
                source.index,
                settings.catalog,
                source.text,
                self.sites,
                has_whole_floats=source.has_whole_floats,
            )
            findings.extend(model_findings)
            findings.extend(self._run_rules(plan, settings, result, checked, not_applicable, source.line_count))
            result.rules_run = self.rules_run(plan, checked, settings.config)
            if keep_plan:
                result.plan = plan
        # Findings in a session written out from a template name it (format 1.1).
        findings = list(occurrences_of(findings))
        # In a file that does not parse, comments cannot be told from text. Comments
        # serve suppressions and the fingerprints of findings: a file with neither is not scanned.
        readable = source.text and not any(f.code == PL001.code for f in findings)
        comments = source.comments() if readable and (findings or may_suppress(source.text)) else []
        findings = apply_suppressions(
            path,
            findings,
            comments,
            checked_codes=checked | {c for c in CHECKED_PIPELINE_CODES if config.is_enabled(c, path)},
            known_codes=self.known_codes,
            not_applicable=not_applicable,
            require_reason=config.require_suppression_reason,
            report_unused=config.is_enabled(PL007.code, path),
        )
        # After suppressions, so that the PL007 findings they add are configured too.
        findings = with_fingerprints(_configure(findings, config, path), plan, source.text, comments)
        if any(f.code in (PL001.code, PL002.code) for f in findings):
            # Never fix a file that YAML cannot read unambiguously: no fix is offered.
            findings = [f.with_changes(fix=None) if f.fix is not None else f for f in findings]
        result.findings = sorted(findings, key=Finding.sort_key)
        return result

    def _run_rules(
        self,
        plan: Plan,
        settings: FileSettings,
        result: FileResult,
        checked: set[str],
        not_applicable: dict[str, str],
        lines: int,
    ) -> list[Finding]:
        """Every enabled rule that applies, each under the time budget and the
        violation cap; a rule that crashes, overruns or misbehaves is reported
        (PL000) and the others still run. Records which rules ran (``checked``) and
        which were enabled but do not apply to this plan (``not_applicable``)."""
        findings: list[Finding] = []
        limits = settings.config.limits
        with Budget(limits.rule_timeout) as budget:
            for code, loaded in self.rules.items():
                if not settings.config.is_enabled(code, plan.path):
                    continue
                try:
                    violations = budget.run(
                        lambda loaded=loaded, code=code: self._check(
                            loaded, plan, settings.contexts[code], limits, checked, not_applicable
                        )
                    )
                except OverBudget:
                    problem = f"took more than {limits.rule_timeout:g} s on this file and was stopped (rule-timeout)"
                    findings.append(self._failed(plan.path, loaded, result, problem))
                    continue
                except KeyboardInterrupt:
                    if budget.interrupted:
                        raise  # the user's Ctrl-C
                    findings.append(self._failed(plan.path, loaded, result, _crash(KeyboardInterrupt())))
                    continue
                except _TooMany:
                    problem = f"reported more than {limits.max_violations} findings on this file and was stopped"
                    findings.append(self._failed(plan.path, loaded, result, problem))
                    continue
                except BaseException as exc:  # noqa: BLE001 - SystemExit too: one rule must not take the run down
                    findings.append(self._failed(plan.path, loaded, result, _crash(exc)))
                    continue
                if violations is None:
                    continue
                malformed = next((v for v in violations if not _well_formed(v)), None)
                if malformed is not None:
                    problem = (
                        f"crashed on this file: check() yielded {quote(repr(malformed), 200)}, not a Violation(span, message)"
                    )
                    findings.append(self._failed(plan.path, loaded, result, problem))
                    continue
                rule = loaded.rule
                for violation in violations:
                    findings.append(
                        Finding(
                            plan.path,
                            violation.span.within(lines),
                            code,
                            rule.name,
                            rule.severity,
                            quote(violation.message, MAX_MESSAGE),
                            source=loaded.plugin,
                        )
                    )
        return findings

    @staticmethod
    def _check(
        loaded: LoadedRule, plan: Plan, context: RuleContext, limits, checked: set[str], not_applicable: dict[str, str]
    ) -> list | None:
        """The rule's violations on ``plan`` (None when it does not apply), read one
        at a time so that an endless generator is stopped at the cap."""
        rule = loaded.rule
        if not rule.applies_to(plan):
            not_applicable[rule.code] = rule.applies_to_text()
            return None
        checked.add(rule.code)
        violations = []
        for violation in rule.check(plan, context) or ():
            violations.append(violation)
            if len(violations) > limits.max_violations:
                raise _TooMany()
        return violations

    def lint_file(self, path: str, *, keep_plan: bool = False) -> FileResult:
        """Lint one file, read as every command reads it (:func:`planlint.run.lint_file`)."""
        from planlint.run import lint_file

        return lint_file(self, path, keep_plan=keep_plan)

    @staticmethod
    def _failed(path: str, loaded: LoadedRule, result: FileResult, problem: str) -> Finding:
        result.crashed = True
        return _internal_error(path, loaded, problem)


class _TooMany(Exception):
    """A rule went past the violation cap (an endless generator, say)."""


def _crash(exc: BaseException) -> str:
    import traceback

    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {frame.filename}:{frame.lineno}" if frame else ""
    return f"crashed on this file: {type(exc).__name__}: {quote(str(exc), 300)}{where}"


def _internal_error(path: str, loaded: LoadedRule, problem: str) -> Finding:
    return PL000.at(
        path,
        FILE_START,
        f"rule {loaded.rule.code} ({loaded.rule.name}) from plugin '{loaded.plugin}' {problem}; "
        "the other rules still ran. Report this to the plugin's authors.",
        source=loaded.plugin,
    )


def _configure(findings: list[Finding], config: Config, path: str) -> list[Finding]:
    """Drop findings of disabled codes and apply severity overrides."""
    kept = []
    for finding in findings:
        if finding.code != PL000.code and not config.is_enabled(finding.code, path):
            continue
        severity = config.severity_for(finding.code, finding.severity)
        kept.append(finding if severity == finding.severity else finding.with_changes(severity=severity))
    return kept


def _settings_token(config: Config, contexts: Mapping[str, RuleContext], catalog: Catalog) -> str:
    """A digest of everything in a file's settings that can change its findings."""
    options = {code: {option.name: value for option, value in context.items()} for code, context in sorted(contexts.items())}
    import hashlib
    import json

    document = [dataclasses.asdict(config), options, catalog.entries()]
    text = json.dumps(document, sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "backslashreplace")).hexdigest()


def _well_formed(violation) -> bool:
    if not (isinstance(violation, Violation) and isinstance(violation.span, Span) and isinstance(violation.message, str)):
        return False
    return all(
        type(value) is int
        for value in (violation.span.line, violation.span.column, violation.span.end_line, violation.span.end_column)
    )


def lint_text(text: str, path: str = "plan.plan.yaml", linter: Linter | None = None) -> FileResult:
    """Convenience for tests and plugin authors: lint a YAML string."""
    return (linter or Linter()).lint_bytes(path, text.encode("utf-8"))
