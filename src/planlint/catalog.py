"""The exercise catalog: ids -> contraction, kind, region, mode and defaults.

Built from the package's own data file, then entries from plugins (the
``planlint_exercise_catalog`` hook), then the project's catalog files named in
configuration; later sources override earlier ones.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping

from planlint.errors import CatalogError
from planlint.files import MAX_SETTINGS_BYTES, FileProblem, package_text, read_regular
from planlint.quoting import quote, shown

_FIELDS = {"name", "contraction", "kind", "resisted", "load", "notes", "region", "mode", "head_impact_risk"}
#: Format 1.1: the body region an entry loads, and how a conditioning entry is done.
REGIONS = ("upper", "trunk", "lower", "whole")
MODES = ("run", "bike", "swim", "aqua_run", "elliptical", "row", "walk", "other")
_CONTRACTIONS = {"isometric", "concentric", "eccentric", "mixed", "none"}
_KINDS = {
    "strength",
    "sprint",
    "plyometric",
    "mobility",
    "soft_tissue",
    "neuromuscular",
    "conditioning",
    "sport_specific",
}


class Catalog:
    def __init__(self, entries: Mapping[str, Mapping] | None = None) -> None:
        self._entries: dict[str, dict] = {}
        self.sources: dict[str, str] = {}
        if entries:
            self.add(entries, "inline")

    def add(self, entries: Mapping[str, Mapping], source: str) -> None:
        for ident, entry in entries.items():
            self._entries[str(ident)] = validate_entry(str(ident), entry, source)
            self.sources[str(ident)] = source

    def get(self, ident: str) -> dict | None:
        return self._entries.get(ident)

    def entries(self) -> dict[str, dict]:
        """Every entry by id, with the source that defined it."""
        return {ident: {**entry, "source": self.sources[ident]} for ident, entry in self._entries.items()}

    def ids(self) -> list[str]:
        return list(self._entries)

    def items(self) -> list[tuple[str, dict, str]]:
        """``(id, entry, source)`` for every entry, in the order they were first added;
        ``source`` is "planlint", a plugin's name or a catalog file's path (the last to set it)."""
        return [(ident, dict(entry), self.sources[ident]) for ident, entry in self._entries.items()]

    def __contains__(self, ident: str) -> bool:
        return ident in self._entries

    def __len__(self) -> int:
        return len(self._entries)


def validate_entry(ident: str, entry, source: str) -> dict:
    if not isinstance(entry, Mapping):
        raise CatalogError(f"{source}: catalog entry '{ident}' must be a mapping of fields")
    unknown = set(entry) - _FIELDS
    if unknown:
        raise CatalogError(
            f"{source}: catalog entry '{ident}' has unknown field(s) {', '.join(sorted(unknown))}; "
            f"allowed: {', '.join(sorted(_FIELDS))}"
        )
    ident = quote(ident)
    for name, allowed in (("contraction", _CONTRACTIONS), ("kind", _KINDS), ("region", REGIONS), ("mode", MODES)):
        value = entry.get(name)
        if value is not None and (not isinstance(value, str) or value not in allowed):
            raise CatalogError(
                f"{source}: catalog entry '{ident}' has {name} {shown(value)}; allowed: {', '.join(sorted(allowed))}"
            )
    for name in ("name", "notes"):
        if entry.get(name) is not None and not isinstance(entry[name], str):
            raise CatalogError(f"{source}: catalog entry '{ident}' has {name} {shown(entry[name])}; it must be text")
    for name in ("resisted", "head_impact_risk"):
        if entry.get(name) is not None and not isinstance(entry[name], bool):
            raise CatalogError(f"{source}: catalog entry '{ident}' has {name} {shown(entry[name])}; it must be true or false")
    load = entry.get("load")
    if load is not None and not _is_load(load):
        raise CatalogError(
            f"{source}: catalog entry '{ident}' has load {shown(load)}; write bodyweight, {{rpe: N}}, {{percent_1rm: N}} or {{kg: N}}"
        )
    return dict(entry)


def _is_load(load) -> bool:
    if load == "bodyweight":
        return True
    if not isinstance(load, Mapping) or len(load) != 1:
        return False
    ((kind, value),) = load.items()
    return (
        kind in ("rpe", "percent_1rm", "kg")
        and isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and 0 <= value <= 1000
    )


def builtin_entries() -> dict[str, dict]:
    text = package_text("data/exercises.json")
    return json.loads(text)["exercises"]


def load_catalog_file(path: str) -> dict[str, dict]:
    """A project catalog: YAML or JSON, ``{exercises: {id: {contraction, kind, ...}}}`` or a bare mapping."""
    from planlint.loader import load_source  # the YAML reader, only when a project has catalog files

    try:
        raw = read_regular(path, MAX_SETTINGS_BYTES, "exercise catalog")
    except FileProblem as exc:
        raise CatalogError(str(exc)) from None
    if len(raw) > MAX_SETTINGS_BYTES:
        raise CatalogError(f"cannot read exercise catalog {path}: larger than {MAX_SETTINGS_BYTES // 1024} KiB")
    loaded = load_source(path, raw)
    if loaded.findings or not isinstance(loaded.data, dict):
        problem = loaded.findings[0] if loaded.findings else None
        where = f":{problem.line}:{problem.column}: {problem.message}" if problem else ": not a mapping"
        raise CatalogError(f"exercise catalog {path}{where}")
    data = loaded.data.get("exercises", loaded.data)
    if not isinstance(data, dict):
        raise CatalogError(f"exercise catalog {path}: 'exercises' must be a mapping of id -> fields")
    return data


def build_catalog(plugin_entries: Iterable[tuple[str, Mapping]] = (), files: Iterable[str] = ()) -> Catalog:
    catalog = Catalog()
    catalog.add(builtin_entries(), "planlint")
    for source, entries in plugin_entries:
        catalog.add(entries, source)
    for path in files:
        catalog.add(load_catalog_file(path), path)
    return catalog
