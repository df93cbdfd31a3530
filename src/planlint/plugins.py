"""Building the plugin manager and collecting what plugins contribute.

Built in a function, never at import. Built-in rule packs are entry points of
the ``planlint`` group declared in planlint's own ``pyproject.toml``, loaded
exactly like third-party plugins (and listed nowhere else). A plugin that fails
to import or whose hook raises is recorded, not fatal: the rest still run.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pluggy

from planlint import hookspecs
from planlint.hookspecs import PROJECT
from planlint.quoting import quote

if TYPE_CHECKING:  # pragma: no cover
    from planlint.reporters.reporter import Reporter
    from planlint.rules.rule import Rule
    from planlint.schema import SchemaExtension
    from planlint.sites import SiteRegistry

#: The distribution whose entry points are planlint's own rule packs.
BUILTIN_DISTRIBUTION = "planlint"


@dataclass(frozen=True)
class PluginInfo:
    """An installed plugin: its entry-point name and its distribution."""

    name: str
    distribution: str
    version: str
    #: The distribution's ``*.dist-info`` (or ``*.egg-info``) folder, when installed.
    metadata_folder: str | None = None

    @property
    def builtin(self) -> bool:
        """One of planlint's own rule packs (its entry points are in planlint's metadata)."""
        return self.distribution == BUILTIN_DISTRIBUTION


@dataclass
class PluginProblem:
    """What is wrong with a plugin, told once on standard error (exit code 3)."""

    plugin: str
    what: str
    detail: str

    def describe(self) -> str:
        return f"plugin '{self.plugin}' {self.what}: {self.detail}"


@dataclass
class PluginHost:
    """pluggy's manager with the plugins it loaded and the problems it found."""

    manager: pluggy.PluginManager
    plugins: list[PluginInfo] = field(default_factory=list)
    problems: list[PluginProblem] = field(default_factory=list)

    @property
    def builtin_names(self) -> set[str]:
        """planlint's own packs, plus "planlint" itself (the pipeline codes)."""
        return {BUILTIN_DISTRIBUTION} | {info.name for info in self.plugins if info.builtin}

    def call_each(self, hook_name: str) -> list[tuple[str, object]]:
        """Call one hook on every plugin separately, so one failure names its plugin
        and does not stop the others."""
        results = []
        hook = getattr(self.manager.hook, hook_name)
        for impl in hook.get_hookimpls():  # registration order
            try:
                result = impl.function()
            except PLUGIN_ERRORS as exc:  # a plugin bug must not take the run down
                self.problems.append(PluginProblem(impl.plugin_name, f"raised in {hook_name}", _short(exc)))
                continue
            if result is not None:
                results.append((impl.plugin_name, result))
        return results


#: What plugin code may raise without stopping planlint: SystemExit and
#: KeyboardInterrupt from a plugin's import or hook are its bugs too.
PLUGIN_ERRORS = (Exception, SystemExit, KeyboardInterrupt)


def _short(exc: BaseException) -> str:
    import traceback

    last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" ({last[0].filename}:{last[0].lineno})" if last else ""
    return f"{type(exc).__name__}: {quote(str(exc), 300)}{where}"


class _Manager(pluggy.PluginManager):
    """pluggy's manager, taking every ``planlint_*`` callable of a plugin as a hook
    implementation, marked or not (as pytest does with ``pytest_``), so that a
    misspelt hook name is found and reported instead of silently ignored."""

    def parse_hookimpl_opts(self, plugin, name: str):
        if inspect.ismodule(plugin) and not name.startswith(PROJECT + "_"):
            # A module's constants and classes (a pack's rules) are never hooks; pluggy
            # would look each up statically to say so (a third of building the host).
            value = vars(plugin).get(name)
            if not (inspect.isroutine(value) or isinstance(value, (classmethod, staticmethod))):
                return None
        opts = super().parse_hookimpl_opts(plugin, name)
        if opts is None and name.startswith(PROJECT + "_"):
            try:
                method = getattr(plugin, name)
            except Exception:  # noqa: BLE001 - a property that raises is not a hook
                return None
            if inspect.isroutine(method):
                return {}
        return opts


def build_plugin_host(extra_plugins=()) -> PluginHost:
    """A fresh plugin manager with every installed ``planlint`` plugin loaded.

    ``extra_plugins``: ``(name, module_or_object)`` pairs registered as well (tests).
    A plugin that cannot be imported or registered, or that implements a hook
    planlint does not have, is a problem naming it (the run exits 3).
    """
    manager = _Manager(PROJECT)
    manager.add_hookspecs(hookspecs)
    host = PluginHost(manager)
    from planlint.entry import entry_points  # read as importlib.metadata reads them, without importing it

    for name, value, distribution, version, folder in entry_points():
        if manager.has_plugin(name):
            continue
        try:
            plugin = _load(value)
        except PLUGIN_ERRORS as exc:
            host.problems.append(PluginProblem(name, "could not be loaded", _short(exc)))
            continue
        if _register(host, name, plugin):
            host.plugins.append(PluginInfo(name, distribution, version, folder))
    for name, plugin in extra_plugins:
        if _register(host, name, plugin):
            host.plugins.append(PluginInfo(name, "(registered)", "-"))
    return host


_ENTRY_POINT = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")


def _load(value: str):
    """The object an entry point's value names (``module`` or ``module:attr.attr``), as
    importlib.metadata's ``EntryPoint.load`` finds it."""
    import importlib

    match = _ENTRY_POINT.match(value)
    if match is None:
        raise ValueError(f"{quote(value)} is not an entry point (module or module:attribute)")
    found = importlib.import_module(match.group("module"))
    for attribute in filter(None, (match.group("attr") or "").split(".")):
        found = getattr(found, attribute)
    return found


def _register(host: PluginHost, name: str, plugin) -> bool:
    """Register ``plugin``; False (and a problem) when pluggy refuses it. Hooks that
    planlint does not have are a problem too, with the hook it most likely meant."""
    try:
        host.manager.register(plugin, name=name)
    except PLUGIN_ERRORS as exc:
        host.problems.append(PluginProblem(name, "could not be registered", _short(exc)))
        return False
    from planlint.suggest import did_you_mean

    known = [hook for hook in dir(hookspecs) if hook.startswith(PROJECT + "_")]
    for caller in host.manager.get_hookcallers(plugin) or ():
        if not caller.has_spec():
            host.problems.append(
                PluginProblem(
                    name,
                    "implements a hook planlint does not have",
                    f"{caller.name}{did_you_mean(caller.name, known)}; the hooks are: {', '.join(known)}",
                )
            )
    return True


@dataclass
class LoadedRule:
    """A rule and the plugin that brought it."""

    rule: Rule
    plugin: str


def collect_rules(host: PluginHost, sites: SiteRegistry | None = None) -> dict[str, LoadedRule]:
    """Every rule from every plugin, by code. A duplicate code, or sites that are not a
    set of known site names, is a plugin problem."""
    from planlint.rules.rule import Rule
    from planlint.sites import DEFAULT_SITES

    sites = sites or DEFAULT_SITES

    rules: dict[str, LoadedRule] = {}
    for plugin, contributed in host.call_each("planlint_rules"):
        if not isinstance(contributed, (list, tuple)):
            host.problems.append(PluginProblem(plugin, "returned rules that are not a list", quote(repr(contributed))))
            continue
        for item in contributed:
            try:
                rule = item() if isinstance(item, type) else item
            except PLUGIN_ERRORS as exc:
                host.problems.append(PluginProblem(plugin, "has a rule that cannot be created", _short(exc)))
                continue
            if not isinstance(rule, Rule):
                host.problems.append(PluginProblem(plugin, "returned something that is not a Rule", quote(repr(item))))
                continue
            problems = _rule_problems(rule, sites)
            if problems:
                host.problems.append(
                    PluginProblem(plugin, "returned a rule with bad metadata", f"{quote(repr(rule))}: {'; '.join(problems)}")
                )
                continue
            if rule.code in rules:
                host.problems.append(
                    PluginProblem(
                        plugin, "defines a duplicate rule code", f"{rule.code} is already defined by '{rules[rule.code].plugin}'"
                    )
                )
                continue
            rules[rule.code] = LoadedRule(rule, plugin)
    return dict(sorted(rules.items()))


def _rule_problems(rule: Rule, sites: SiteRegistry) -> list[str]:
    """What makes a rule unusable: its identity, options that do not resolve, metadata that raises."""
    from planlint.codes import identity_problems
    from planlint.rules.rule import resolve_options

    problems = identity_problems(getattr(rule, "code", None), getattr(rule, "name", None), getattr(rule, "severity", None))
    if problems:
        return problems
    problems = _site_problems(rule, sites)
    if problems:
        return problems
    try:
        rule.meta  # noqa: B018 - builds the documentation record; it must not raise
        resolve_options(rule, {})
    except PLUGIN_ERRORS as exc:
        return [f"its metadata or option defaults raise {_short(exc)}"]
    return []


def _extension_problem(extension: SchemaExtension, known: set[str], meta_problem=None) -> tuple[str, str] | None:
    """What makes a schema extension unusable, as (what, detail): unknown
    definitions, a wrong shape, an invalid schema or regular expression.
    ``meta_problem(extension, schema)``: the meta-schema check, asked only when
    :func:`planlint.schemacheck.well_formed` cannot tell (default: jsonschema-rs)."""
    from planlint.schema import extended_schema

    bad = "returned a bad schema extension"
    if extension.site is not None and not isinstance(extension.site, str):
        return bad, f"site {quote(repr(extension.site))} is not text"
    if not all(isinstance(test, str) for test in extension.gate_tests):
        return bad, "gate_tests must be texts"
    unknown = sorted(str(name) for name in set(extension.defs) - known)
    if unknown:
        return "extends unknown schema definitions", f"{', '.join(unknown)} (known: {', '.join(sorted(known))})"
    for name, addition in extension.defs.items():
        if not isinstance(addition, Mapping) or not isinstance(addition.get("properties", {}), Mapping):
            return bad, f"the addition to '{name}' must be a mapping with a 'properties' mapping"
        required = addition.get("required", [])
        if not isinstance(required, (list, tuple)) or not all(isinstance(key, str) for key in required):
            return bad, f"the 'required' of '{name}' must be a list of key names"
    added = [sub for addition in extension.defs.values() for sub in addition.get("properties", {}).values()]
    try:
        schema = extended_schema([extension], extension.site)
        for pattern in _patterns(added):  # jsonschema, which explains errors, uses Python's re (the shipped schema's are tested)
            re.compile(pattern)
    except (re.error, TypeError) as exc:
        return "has a bad regular expression", quote(str(exc), 200)
    from planlint.schemacheck import well_formed

    # The shipped schema is valid: the extension is, when what it adds certainly is.
    certain = all(well_formed(sub) for sub in added)
    problem = None if certain else meta_problem(extension, schema) if meta_problem else _schema_problem(schema)
    if problem:
        return "makes the schema invalid", quote(problem, 200)
    return None


def _schema_problem(schema: dict) -> str | None:
    """Why ``schema`` is not a valid JSON Schema, or None. Checked with jsonschema-rs
    (milliseconds at start-up, where importing jsonschema costs 40 ms on every run)."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - no wheel for the platform: jsonschema checks it
        from jsonschema import Draft202012Validator
        from jsonschema.exceptions import SchemaError

        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as exc:
            return exc.message
        return None
    try:
        jsonschema_rs.validator_for(schema)
    except Exception as exc:  # noqa: BLE001 - its ValidationError (or a value it cannot read)
        return str(exc).split("\n", 1)[0]
    return None


def _patterns(node) -> list:
    """Every regular expression in a schema (pattern values, patternProperties keys)."""
    found = []
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            found.append(node["pattern"])
        found.extend(node.get("patternProperties", {}) if isinstance(node.get("patternProperties"), dict) else ())
        for value in node.values():
            found.extend(_patterns(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_patterns(value))
    return found


def collect_schema_extensions(host: PluginHost, remember: bool = True) -> list[SchemaExtension]:
    """Every plugin's schema additions; malformed ones are plugin problems, not crashes.
    An extension whose additions :mod:`planlint.schemacheck` cannot vouch for is
    checked against the meta-schema with jsonschema-rs, once: a mark in the cache
    folder remembers it valid; ``remember``: note those found valid now (False with
    ``--no-cache``, which creates nothing in the cache folder)."""
    from planlint.schema import SchemaExtension, base_schema

    known = set(base_schema()["$defs"])
    extensions = []
    checks = _RememberedMetaChecks(known, remember)
    for plugin, contributed in host.call_each("planlint_schema_extensions"):
        for extension in contributed if isinstance(contributed, (list, tuple)) else [contributed]:
            if not isinstance(extension, SchemaExtension):
                host.problems.append(
                    PluginProblem(plugin, "returned a schema extension that is not a SchemaExtension", quote(repr(extension)))
                )
                continue
            problem = _extension_problem(extension, known, checks.problem)
            if problem is not None:
                host.problems.append(PluginProblem(plugin, *problem))
                continue
            extension.source = extension.source or plugin
            extensions.append(extension)
    checks.close()
    return extensions


class _RememberedMetaChecks:
    """The meta-schema check of extensions (jsonschema-rs: 10 ms and its import), each
    asked once: one found valid before, the same in every byte, is not checked again."""

    def __init__(self, known: set[str], remember: bool) -> None:
        self.known, self.remember, self.marks = known, remember, None

    def problem(self, extension: SchemaExtension, schema: dict) -> str | None:
        fact = _extension_fact(extension, self.known)
        if fact is None:
            return _schema_problem(schema)
        if self.marks is None:
            from planlint.cache import Marks

            self.marks = Marks(write=self.remember)
        if self.marks.known(fact):
            return None
        problem = _schema_problem(schema)
        if problem is None:
            self.marks.remember(fact)
        return problem

    def close(self) -> None:
        if self.marks is not None:
            self.marks.close()


def _extension_fact(extension: SchemaExtension, known: set[str]) -> str | None:
    """ "This extension is valid" as a fact to remember: every field of it, the schema's
    definitions, planlint's version and Python's; None when it cannot be written out
    exactly (a value JSON does not hold)."""
    import json

    from planlint import __version__

    try:
        fields = [extension.site, extension.defs, list(extension.gate_tests), list(getattr(extension, "sites", ()))]
        text = json.dumps(fields, sort_keys=True, ensure_ascii=True, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return None
    return "\0".join(("schema-extension", __version__, sys.version, ",".join(sorted(known)), text))


def collect_catalog_entries(host: PluginHost) -> list[tuple[str, dict]]:
    """Every plugin's exercise catalog entries, checked; a bad entry is a plugin problem."""
    from planlint.catalog import CatalogError, validate_entry

    collected = []
    for plugin, entries in host.call_each("planlint_exercise_catalog"):
        if not isinstance(entries, dict):
            host.problems.append(
                PluginProblem(plugin, "returned an exercise catalog that is not a mapping", quote(repr(entries)))
            )
            continue
        try:
            checked = {str(ident): validate_entry(str(ident), entry, f"plugin '{plugin}'") for ident, entry in entries.items()}
        except CatalogError as exc:
            host.problems.append(PluginProblem(plugin, "returned a bad exercise catalog entry", str(exc)))
            continue
        collected.append((plugin, checked))
    return collected


def _site_problems(rule: Rule, sites: SiteRegistry) -> list[str]:
    """``sites`` must be None (every plan) or a set of site names planlint knows;
    ``sites = "calf"`` would be read as the letters c, a, l, f."""
    from planlint.sites import KINDS

    declared = getattr(rule, "sites", None)
    problems = []
    if declared is not None:
        if isinstance(declared, str) or not isinstance(declared, (set, frozenset, tuple, list)):
            return [f"sites must be a set of site names such as frozenset({{'calf'}}), not {quote(repr(declared))}"]
        unknown = sorted(str(site) for site in declared if not isinstance(site, str) or site not in sites.sites)
        if unknown:
            problems.append(f"sites names {', '.join(unknown)}, which no injury site is (known: {', '.join(sites.sites)})")
    kinds = getattr(rule, "kinds", None)
    if kinds is not None and (isinstance(kinds, str) or not set(kinds) <= set(KINDS)):
        problems.append(f"kinds must be a set of {', '.join(KINDS)}, not {quote(repr(kinds))}")
    return problems


def collect_injury_sites(host: PluginHost) -> SiteRegistry:
    """planlint's injury sites and every plugin's; a bad or duplicate one is a plugin problem."""
    from planlint.sites import BUILTIN_SITES, InjurySite, SiteRegistry

    added: list[InjurySite] = []
    names = {site.name for site in BUILTIN_SITES}
    for plugin, contributed in host.call_each("planlint_injury_sites"):
        for site in contributed if isinstance(contributed, (list, tuple)) else [contributed]:
            if not isinstance(site, InjurySite):
                host.problems.append(
                    PluginProblem(plugin, "returned an injury site that is not an InjurySite", quote(repr(site)))
                )
                continue
            problems = site.problems()
            if site.name in names:
                problems.append(f"the site '{site.name}' already exists")
            if problems:
                host.problems.append(PluginProblem(plugin, "returned a bad injury site", "; ".join(problems)))
                continue
            names.add(site.name)
            added.append(site)
    return SiteRegistry(added)


def collect_output_formats(host: PluginHost, builtin: Mapping[str, object]) -> dict[str, type[Reporter]]:
    """Every plugin's ``--format`` choices; a name already taken, or a class that is not a
    Reporter, is a plugin problem."""
    from planlint.reporters.reporter import Reporter

    formats: dict[str, type[Reporter]] = {}
    for plugin, contributed in host.call_each("planlint_output_formats"):
        if not isinstance(contributed, Mapping):
            host.problems.append(
                PluginProblem(plugin, "returned output formats that are not a mapping", quote(repr(contributed)))
            )
            continue
        for name, reporter in contributed.items():
            if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9-]*", name):
                host.problems.append(PluginProblem(plugin, "returned a bad output format name", quote(repr(name))))
            elif name in builtin or name in formats:
                host.problems.append(PluginProblem(plugin, "returned an output format that exists already", name))
            elif not (isinstance(reporter, type) and issubclass(reporter, Reporter)):
                host.problems.append(
                    PluginProblem(plugin, f"returned output format '{name}' that is not a Reporter", quote(repr(reporter)))
                )
            else:
                formats[name] = reporter
    return formats


def collect_docs_urls(host: PluginHost) -> dict[str, str]:
    """``{plugin: URL of its rules page}``."""
    urls = {}
    for plugin, url in host.call_each("planlint_docs_url"):
        if isinstance(url, str) and url.startswith(("https://", "http://")):
            urls[plugin] = url
        else:
            host.problems.append(PluginProblem(plugin, "returned a docs URL that is not an http(s) URL", quote(repr(url))))
    return urls
