"""Configuration: ``[tool.planlint]`` in pyproject.toml, or a planlint.toml.

Found by walking up from each linted file (the nearest wins; in one folder
planlint.toml wins over pyproject.toml), or named with ``--config``. Command
line flags override the file. Any unknown key or bad value is a
:class:`ConfigError` (exit code 2), never silently ignored.
"""

from __future__ import annotations

import fnmatch
import math
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from planlint.codes import BLOCKING
from planlint.errors import ConfigError
from planlint.files import FileProblem, read_settings_text
from planlint.findings import Severity
from planlint.gitignore import PatternError, check_setting
from planlint.limits import DEFAULT as DEFAULT_LIMITS
from planlint.limits import MAXIMUM, MIN_RULE_TIMEOUT, Limits

CONFIG_FILES = ("planlint.toml", "pyproject.toml")
TOP_KEYS = {
    "select",
    "ignore",
    "extend-select",
    "extend-ignore",
    "per-file-ignores",
    "fail-on",
    "exercise-catalogs",
    "rules",
    "require-suppression-reason",
    "rule-timeout",
    "limits",
    "exclude",
    "extend-exclude",
    "respect-gitignore",
    "force-exclude",
}
#: ``[tool.planlint.limits]`` keys -> Limits attributes (rule-timeout is a top-level key).
LIMIT_KEYS = {key: attr for key, attr in Limits.names().items() if attr != "rule_timeout"}
RULE_KEYS = {"severity", "enabled"}


@dataclass(frozen=True)
class RuleSettings:
    """``[rules.CODE]``: severity and enabled, read here; option values as written
    (the rule's options convert and check them)."""

    severity: Severity | None = None
    enabled: bool | None = None
    options: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class Config:
    """Settings for the files under one configuration file (or the defaults)."""

    path: Path | None = None
    select: tuple[str, ...] = ("ALL",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fail_on: Severity = Severity.WARNING
    exercise_catalogs: tuple[str, ...] = ()
    rule_settings: Mapping[str, RuleSettings] = field(default_factory=dict)
    require_suppression_reason: bool = False
    limits: Limits = DEFAULT_LIMITS
    #: Folder search: gitignore-style patterns relative to the configuration's folder
    #: (None: the default list), patterns added to them, and whether .gitignore files count.
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    #: Apply the exclusions (and the plan test) to files named on the command line too.
    force_exclude: bool = False

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def is_enabled(self, code: str, file_path: str | None = None) -> bool:
        """Ruff-like selection: the most specific matching prefix wins; ties go to ignore."""
        if code in BLOCKING:
            return True
        if file_path is None or not self.per_file_ignores:
            # The same answer for every file: computed once per code (each rule asks it of every file).
            known = self.__dict__.get("_enabled")
            if known is None:
                known = {}
                object.__setattr__(self, "_enabled", known)  # a memo, not a field: equality and asdict ignore it
            enabled = known.get(code)
            if enabled is None:
                enabled = known[code] = self._is_enabled(code, None)
            return enabled
        return self._is_enabled(code, file_path)

    def _is_enabled(self, code: str, file_path: str | None) -> bool:
        select_len = max((_match_len(p, code) for p in self.select + self.extend_select), default=-1)
        ignores = self.ignore + (self.file_ignores(file_path) if file_path else ())
        ignore_len = max((_match_len(p, code) for p in ignores), default=-1)
        enabled = self.rule_settings.get(code, _NO_SETTINGS).enabled
        if enabled is False:
            return False
        if enabled is True and ignore_len < 0:
            return True
        return select_len >= 0 and select_len > ignore_len

    def file_ignores(self, file_path: str) -> tuple[str, ...]:
        if not self.per_file_ignores:
            return ()
        absolute = Path(file_path).resolve()
        try:
            relative = absolute.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            relative = Path(file_path).as_posix()
        codes: list[str] = []
        for pattern, pattern_codes in self.per_file_ignores:
            if fnmatch.fnmatch(relative, pattern) or ("/" not in pattern and fnmatch.fnmatch(absolute.name, pattern)):
                codes.extend(pattern_codes)
        return tuple(codes)

    def severity_for(self, code: str, default: Severity) -> Severity:
        return self.rule_settings.get(code, _NO_SETTINGS).severity or default

    def options_for(self, code: str) -> Mapping:
        """The option values configured for ``code``, as written."""
        return self.rule_settings.get(code, _NO_SETTINGS).options


_NO_SETTINGS = RuleSettings()


def _match_len(pattern: str, code: str) -> int:
    if pattern.upper() == "ALL":
        return 0
    return len(pattern) if code.startswith(pattern.upper()) else -1


def find_config_file(start: Path) -> Path | None:
    """The nearest planlint.toml, or pyproject.toml with a [tool.planlint] table."""
    directory = start if start.is_dir() else start.parent
    for folder in [directory, *directory.parents]:
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (name == "planlint.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(pyproject: Path) -> bool:
    """Whether a pyproject.toml has a [tool.planlint] table. One that cannot be read
    is another tool's business; one with a TOML syntax error is a configuration
    error: skipping it would silently drop the club's policy."""
    try:
        text = read_settings_text(pyproject, "configuration")
    except FileProblem:
        return False
    tool = _parse_toml(pyproject, text).get("tool", {})
    return isinstance(tool, Mapping) and "planlint" in tool


def _read_toml(path: Path) -> dict:
    """A TOML file read safely: a regular file, at most 1 MiB, UTF-8, sanely nested."""
    try:
        text = read_settings_text(path, "configuration")
    except FileProblem as exc:
        raise ConfigError(str(exc)) from None
    return _parse_toml(path, text)


def _toml():
    """tomllib (tomli on Python 3.10), imported the first time a configuration file is read."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib


def _parse_toml(path: Path, text: str) -> dict:
    try:
        return _toml().loads(text)
    except _toml().TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None


def load_config(path: Path) -> Config:
    document = _read_toml(path)
    tool = document.get("tool")
    if tool is not None and (not isinstance(tool, Mapping) or not isinstance(tool.get("planlint", {}), Mapping)):
        raise ConfigError(f"{path}: 'tool' must be a table, with planlint's settings in [tool.planlint]")
    if path.name == "pyproject.toml":
        table = (tool or {}).get("planlint", {})
        prefix = "tool.planlint"
    elif tool is not None and "planlint" in tool:
        others = sorted(set(document) - {"tool"})
        if others:
            raise ConfigError(
                f"{path}: has both top-level keys ({', '.join(others)}) and a [tool.planlint] table; "
                "write every setting in one of them"
            )
        table, prefix = tool["planlint"], "tool.planlint"
    else:
        table, prefix = document, ""
    return parse_table(table, path, prefix)


def parse_table(table: Mapping, path: Path | None, prefix: str = "") -> Config:
    where = f"{path}: " if path else ""

    def key_name(key: str) -> str:
        return f"{prefix}.{key}" if prefix else key

    unknown = set(table) - TOP_KEYS
    if unknown:
        raise ConfigError(
            f"{where}unknown key(s) {', '.join(key_name(k) for k in sorted(unknown))}; allowed: {', '.join(sorted(TOP_KEYS))}"
        )
    config = Config(path=path)
    changes: dict = {}
    for key, attr in (
        ("select", "select"),
        ("extend-select", "extend_select"),
        ("ignore", "ignore"),
        ("extend-ignore", "ignore"),
    ):
        if key in table:
            values = _codes(table[key], f"{where}{key_name(key)}")
            changes[attr] = changes.get(attr, ()) + values if attr == "ignore" else values
    if "fail-on" in table:
        changes["fail_on"] = _severity(table["fail-on"], f"{where}{key_name('fail-on')}")
    if "per-file-ignores" in table:
        pfi = table["per-file-ignores"]
        if not isinstance(pfi, Mapping):
            raise ConfigError(f"{where}{key_name('per-file-ignores')} must be a table of glob = [codes]")
        changes["per_file_ignores"] = tuple(
            (str(glob), _codes(codes, f"{where}{key_name('per-file-ignores')}.{glob}")) for glob, codes in pfi.items()
        )
    if "exercise-catalogs" in table:
        catalogs = table["exercise-catalogs"]
        if not isinstance(catalogs, list) or not all(isinstance(c, str) for c in catalogs):
            raise ConfigError(f"{where}{key_name('exercise-catalogs')} must be a list of file paths")
        base = path.parent if path else Path.cwd()
        changes["exercise_catalogs"] = tuple(str(base / c) for c in catalogs)
    for key, attr in (("exclude", "exclude"), ("extend-exclude", "extend_exclude")):
        if key in table:
            patterns = table[key]
            if not isinstance(patterns, list) or not all(isinstance(p, str) and p.strip() for p in patterns):
                raise ConfigError(
                    f'{where}{key_name(key)} must be a list of glob patterns, e.g. ["archive/", "*.draft.plan.yaml"]'
                )
            for pattern in patterns:
                try:
                    check_setting(pattern.strip())
                except PatternError as exc:
                    raise ConfigError(f"{where}{key_name(key)}: {exc}") from None
            changes[attr] = tuple(p.strip() for p in patterns)
    if "respect-gitignore" in table:
        if not isinstance(table["respect-gitignore"], bool):
            raise ConfigError(f"{where}{key_name('respect-gitignore')} must be true or false")
        changes["respect_gitignore"] = table["respect-gitignore"]
    if "force-exclude" in table:
        if not isinstance(table["force-exclude"], bool):
            raise ConfigError(f"{where}{key_name('force-exclude')} must be true or false")
        changes["force_exclude"] = table["force-exclude"]
    if "require-suppression-reason" in table:
        value = table["require-suppression-reason"]
        if not isinstance(value, bool):
            raise ConfigError(f"{where}{key_name('require-suppression-reason')} must be true or false")
        changes["require_suppression_reason"] = value
    if "rule-timeout" in table or "limits" in table:
        changes["limits"] = _limits(table, f"{where}", key_name)
    if "rules" in table:
        rules = table["rules"]
        if not isinstance(rules, Mapping) or not all(isinstance(v, Mapping) for v in rules.values()):
            raise ConfigError(f"{where}{key_name('rules')} must hold one table per rule code, e.g. [tool.planlint.rules.HS001]")
        changes["rule_settings"] = {
            str(code).upper(): _rule_settings(str(code).upper(), settings, f"{where}rules.{str(code).upper()}")
            for code, settings in rules.items()
        }
    return replace(config, **changes)


def _limits(table: Mapping, where: str, key_name) -> Limits:
    values: dict = {}
    if "rule-timeout" in table:
        timeout = table["rule-timeout"]
        if (
            isinstance(timeout, bool)
            or not isinstance(timeout, (int, float))
            or not math.isfinite(timeout)
            or not (timeout == 0 or MIN_RULE_TIMEOUT <= timeout <= MAXIMUM.rule_timeout)
        ):
            raise ConfigError(
                f"{where}{key_name('rule-timeout')} must be a number of seconds from {MIN_RULE_TIMEOUT:g} to "
                f"{MAXIMUM.rule_timeout:g}, or 0 (no budget)"
            )
        values["rule_timeout"] = float(timeout)
    limits = table.get("limits", {})
    if not isinstance(limits, Mapping):
        raise ConfigError(f"{where}{key_name('limits')} must be a table, e.g. [tool.planlint.limits] max-nodes = 500000")
    unknown = sorted(set(limits) - set(LIMIT_KEYS))
    if unknown:
        raise ConfigError(
            f"{where}{key_name('limits')}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(LIMIT_KEYS))}"
        )
    for key, value in limits.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigError(f"{where}{key_name('limits')}.{key} must be a whole number of at least 1")
        most = getattr(MAXIMUM, LIMIT_KEYS[key])
        if value > most:
            raise ConfigError(f"{where}{key_name('limits')}.{key} must be at most {most}{_in_mib(key, most)}")
        values[LIMIT_KEYS[key]] = value
    return replace(DEFAULT_LIMITS, **values)


def _in_mib(key: str, value: int) -> str:
    return f" ({value // (1024 * 1024)} MiB)" if key.endswith("-bytes") else ""


def _rule_settings(code: str, table: Mapping, where: str) -> RuleSettings:
    severity = enabled = None
    if "severity" in table:
        severity = _severity(table["severity"], f"{where}.severity")
    if "enabled" in table:
        enabled = table["enabled"]
        if not isinstance(enabled, bool):
            raise ConfigError(f"{where}.enabled must be true or false")
        if enabled is False and code in BLOCKING:
            raise ConfigError(f"{where}: {code} cannot be disabled; a file with it was not checked at all")
    return RuleSettings(severity, enabled, {k: v for k, v in table.items() if k not in RULE_KEYS})


def _codes(value, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f'{where} must be a list of rule codes or prefixes, e.g. ["HS001", "PL1"]')
    return tuple(v.strip().upper() for v in value)


def _severity(value, where: str) -> Severity:
    try:
        return Severity.parse(str(value))
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc}") from None


class ConfigResolver:
    """Finds and caches the configuration for each linted file."""

    def __init__(
        self,
        explicit: Path | None = None,
        overrides: Mapping | None = None,
        extra_ignore: tuple[str, ...] = (),
        search: bool = True,
        extra_select: tuple[str, ...] = (),
    ) -> None:
        """``overrides`` replace file settings; ``extra_ignore``/``extra_select`` add to them.
        ``search=False``: never look for configuration files (tests, embedding)."""
        self.explicit = explicit
        self.search = search
        self.overrides = dict(overrides or {})
        self.extra_ignore = tuple(extra_ignore)
        self.extra_select = tuple(extra_select)
        self.extra_exclude: tuple[str, ...] = ()  # --extend-exclude
        self._by_file: dict[Path, Config] = {}
        self._found: dict[Path, Path | None] = {}
        self._by_named_folder: dict[str, Config] = {}
        self._explicit_config: Config | None = None

    def for_path(self, file_path: str | None) -> Config:
        if self.explicit is not None:
            if self._explicit_config is None:
                self._explicit_config = self._apply(load_config(self.explicit))
            return self._explicit_config
        # One search per folder as named: the files of a folder share its configuration,
        # and resolving every file's path costs a system call per folder of its path.
        # A file that is a link takes its target's folder's configuration (resolved).
        named = os.path.dirname(file_path) if file_path else None
        if named is not None:
            config = self._by_named_folder.get(named)
            if config is not None and not os.path.islink(file_path):
                return config
        config = self._for_resolved(file_path)
        if named is not None and not os.path.islink(file_path):
            self._by_named_folder[named] = config
        return config

    def _for_resolved(self, file_path: str | None) -> Config:
        folder = (Path(file_path).resolve() if file_path else Path.cwd() / "-").parent
        if folder not in self._found:  # one search per folder, not per file
            self._found[folder] = find_config_file(folder) if self.search else None
        found = self._found[folder]
        key = found or Path()
        if key not in self._by_file:
            self._by_file[key] = self._apply(load_config(found) if found else Config())
        return self._by_file[key]

    def _apply(self, config: Config) -> Config:
        """Command-line flags win over the file; --ignore and --extend-select add to it."""
        changes = dict(self.overrides)
        if self.extra_ignore:
            changes["ignore"] = config.ignore + self.extra_ignore
        if self.extra_select:
            changes["extend_select"] = config.extend_select + self.extra_select
        if self.extra_exclude:
            changes["extend_exclude"] = config.extend_exclude + self.extra_exclude
        return replace(config, **changes) if changes else config
