"""The common ``planlint check`` command lines, read without click.

A pre-commit hook runs ``planlint check --force-exclude a.plan.yaml b.plan.yaml``
on every commit, and importing click is a fifth of such a run. :func:`parse`
reads the command lines made only of ``check``'s own options with values click
would accept as they are, and gives the values click would give
(:func:`planlint.check_command.check` takes them). Anything else (``--help``,
a misspelt or clustered option, a value click would refuse or convert, a value
that starts with ``-``, shell completion, Windows' wildcard expansion) returns
None, and click reads the command line: its help, errors and completion stay
click's. ``tests/test_check_args.py`` holds the two readers equal.
"""

from __future__ import annotations

import os
import stat

from planlint.reporters import REPORTERS

#: Options that take a value: option -> (parameter name, kind of value).
_VALUES = {
    "--format": ("output_format", "format"),
    "--select": ("select", "text"),
    "--extend-select": ("extend_select", "text"),
    "--ignore": ("ignore", "text"),
    "--fail-on": ("fail_on", ("error", "warning", "info")),
    "--config": ("config_path", "existing file"),
    "--exclude": ("exclude", "text"),
    "--extend-exclude": ("extend_exclude", "text"),
    "--baseline": ("baseline_file", "file"),
    "--stdin-filename": ("stdin_filename", "text"),
    "--color": ("color", ("auto", "always", "never")),
    "-j": ("jobs", "count"),
    "--jobs": ("jobs", "count"),
    "-o": ("output_file", "file"),
    "--output-file": ("output_file", "file"),
    "--write-baseline": ("write_baseline_file", "file"),
    "--prune-baseline": ("prune_baseline_file", "file"),
}
#: Flags: option -> (parameter name, value given).
_FLAGS = {
    "--force-exclude": ("force_exclude", True),
    "--no-force-exclude": ("force_exclude", False),
    "--show-suppressed": ("show_suppressed", True),
    "--exit-zero": ("exit_zero", True),
    "--baseline-add-new": ("baseline_add_new", True),
    "--no-cache": ("no_cache", True),
    "-q": ("quiet", True),
    "--quiet": ("quiet", True),
    "--statistics": ("statistics", True),
    "--show-source": ("show_source", True),
    "--no-show-source": ("show_source", False),
    "--fix": ("fix", True),
    "--diff": ("diff", True),
}
#: Every parameter of ``check`` and its value when not given, as click gives them.
DEFAULTS = {
    "paths": (),
    "output_format": "text",
    "select": None,
    "extend_select": None,
    "ignore": None,
    "fail_on": None,
    "config_path": None,
    "exclude": None,
    "extend_exclude": None,
    "baseline_file": None,
    "stdin_filename": None,
    "force_exclude": None,
    "show_suppressed": False,
    "color": "auto",
    "exit_zero": False,
    "jobs": 0,
    "output_file": None,
    "write_baseline_file": None,
    "prune_baseline_file": None,
    "baseline_add_new": False,
    "no_cache": False,
    "quiet": False,
    "statistics": False,
    "show_source": None,
    "fix": False,
    "diff": False,
}


def parse(arguments: list[str]) -> dict | None:
    """``check``'s parameters for ``planlint check`` + ``arguments``, or None when click must read them."""
    if os.name == "nt" or any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ):
        return None  # click expands wildcards on Windows, and answers shell completion
    values = dict(DEFAULTS)
    paths: list[str] = []
    remaining = iter(arguments)
    positional_only = False
    for argument in remaining:
        if positional_only or argument == "-" or not argument.startswith("-"):
            if not _path_accepted(argument, must_exist=False, folder_allowed=True):
                return None
            paths.append(argument)
            continue
        if argument == "--":
            positional_only = True
            continue
        if argument in _FLAGS:
            name, value = _FLAGS[argument]
            values[name] = value
            continue
        option, equals, value = argument.partition("=")
        if not option.startswith("--"):  # a short option: -j N, -jN, -o FILE, nothing clustered
            option, equals, value = (argument[:2], "", argument[2:]) if argument[:2] == "-j" else (argument, "", "")
            equals = "=" if value else ""
        if option not in _VALUES:
            return None
        if not equals:
            value = next(remaining, None)
            if value is None or (value.startswith("-") and value != "-"):
                return None  # click's message for a missing value; a value that looks like an option
        name, kind = _VALUES[option]
        converted = _converted(value, kind)
        if converted is None:
            return None
        values[name] = converted
    values["paths"] = tuple(paths)
    return values


def _converted(value: str, kind):
    """``value`` as click's type for ``kind`` gives it, or None when click would refuse or change it."""
    if isinstance(kind, tuple):
        return value if value in kind else None
    if kind == "text":
        return value
    if kind == "format":
        return value if value in REPORTERS else None  # a plugin's format: click loads the plugins
    if kind == "count":
        return int(value) if value.isascii() and value.isdigit() else None
    if kind == "file":
        return value if _path_accepted(value, must_exist=False, folder_allowed=False) else None
    return value if _path_accepted(value, must_exist=True, folder_allowed=False) else None


def _path_accepted(value: str, must_exist: bool, folder_allowed: bool) -> bool:
    """Whether ``click.Path(exists=must_exist, dir_okay=folder_allowed)`` takes ``value`` as it is."""
    if not value or "\0" in value:
        return False
    try:
        status = os.stat(value)
    except OSError:
        return not must_exist
    except ValueError:
        return False
    if not folder_allowed and stat.S_ISDIR(status.st_mode):
        return False
    return os.access(value, os.R_OK)
