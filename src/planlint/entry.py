"""The ``planlint`` command's entry point: answers ``--version`` before importing anything.

``planlint --version`` is what a pre-commit install, an editor extension or a CI
log asks first; it needs planlint's version and the installed plugins' names,
which the installed distributions' ``entry_points.txt`` files say. Reading them
directly costs a few milliseconds, where importing click, pluggy and
``importlib.metadata`` costs tens. The common ``check`` command lines run without
click (:mod:`planlint.check_args`); everything else goes to :mod:`planlint.cli`.
"""

from __future__ import annotations

import os
import sys

from planlint import __version__

#: The entry-point group plugins register under (planlint.hookspecs.PROJECT).
GROUP = "planlint"


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        sys.stdout.write(version_text())
        sys.exit(0)
    # Start-up builds modules, classes and schemas that live as long as the process:
    # young-generation collections would walk them again and again for nothing (one
    # costs 5 ms of a one-plan check). A check runs with the collector off until
    # run._quiet_garbage_collector freezes them and turns it on, before the first file.
    import gc

    gc.set_threshold(20_000, 20, 20)
    if sys.argv[1:2] == ["check"]:
        gc.disable()
        from planlint import runcache

        arguments = sys.argv[2:]
        if runcache.cacheable(sys.argv[1:]):
            runcache.run(sys.argv[1:], lambda: _check(arguments))  # a replay imports nothing more
            return
        _check(arguments)
        return
    _cli()


def _cli() -> None:
    from planlint.cli import main as cli_main

    cli_main()


def _check(arguments: list[str]) -> None:
    """``planlint check`` + ``arguments``: through planlint.check_command when
    planlint.check_args can read them without click, else through click."""
    from planlint.check_args import parse

    values = parse(arguments)
    if values is None:
        _cli()
        return
    from planlint.check_command import check, guarded, say

    try:
        guarded(check, **values)
    except KeyboardInterrupt:  # as click ends it: a blank line after ^C, "Aborted!", exit 1
        say("")
        say("Aborted!")
        sys.exit(1)


def version_text() -> str:
    """``planlint 0.1.0`` and a line per installed plugin, as ``planlint --version`` prints them."""
    lines = [f"planlint {__version__}"]
    lines += [f"  plugin {name}: {distribution} {version}" for name, distribution, version in installed_plugins()]
    return "\n".join(lines) + "\n"


def installed_plugins() -> list[tuple[str, str, str]]:
    """``(entry-point name, distribution, version)`` of every ``planlint`` entry point on
    ``sys.path``, sorted by name; the first distribution found for a name wins, as
    importlib.metadata's order does."""
    return [(name, distribution, version) for name, _value, distribution, version, _info in entry_points()]


def entry_points() -> list[tuple[str, str, str, str, str]]:
    """``(name, value, distribution, version, metadata folder)`` of every ``planlint`` entry
    point, sorted by name, read from the ``*.dist-info``/``*.egg-info`` folders on
    ``sys.path`` as importlib.metadata reads them (a distribution found twice counts
    once, the first, known by its folder's name; so does an entry point's name),
    without importing it (about 10 ms)."""
    found: dict[str, tuple[str, str, str, str, str]] = {}
    seen: set[str] = set()
    for folder in sys.path:
        try:
            names = sorted(os.listdir(folder or "."))
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            # importlib.metadata tells distributions apart by the folder's name, not METADATA's
            key = _normalized(name[: -len(".dist-info")].partition("-")[0])  # the same length as .egg-info
            if key in seen:
                continue
            seen.add(key)
            info = os.path.join(folder or ".", name)
            entries = _entry_points(os.path.join(info, "entry_points.txt"))
            if entries:  # METADATA is read only for the few that have planlint entry points
                distribution, version = _name_and_version(info, name)
                for entry, value in entries:
                    found.setdefault(entry, (entry, value, distribution, version, info))
    return [found[name] for name in sorted(found)]


def _normalized(name: str) -> str:
    """A distribution's name as importlib.metadata compares them (PEP 503)."""
    import re

    return re.sub(r"[-_.]+", "-", name).lower()


def _name_and_version(path: str, folder_name: str) -> tuple[str, str]:
    """The distribution's name and version from its METADATA (the folder name when unreadable)."""
    name, _, version = folder_name[: -len(".dist-info")].partition("-")  # the same length as .egg-info
    metadata = "METADATA" if folder_name.endswith(".dist-info") else "PKG-INFO"
    try:
        with open(os.path.join(path, metadata), encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("Name:"):
                    name = line[5:].strip()
                elif line.startswith("Version:"):
                    version = line[8:].strip()
                elif not line.strip():
                    break  # the headers end at the first blank line
    except OSError:
        pass
    return name, version


def _entry_points(path: str) -> list[tuple[str, str]]:
    """The entry points (name, value) of the ``[planlint]`` section of an entry_points.txt."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return []
    names, inside = [], False
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("["):
            inside = line == f"[{GROUP}]"
        elif inside and "=" in line and not line.startswith(("#", ";")):
            name, value = line.split("=", 1)
            names.append((name.strip(), value.strip()))
    return names
