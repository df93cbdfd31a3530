"""The exercise catalog: ids -> contraction, kind and defaults.

Built from the package's own data file, then entries from plugins (the
``planlint_exercise_catalog`` hook), then the project's catalog files named in
configuration; later sources override earlier ones.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Iterable, Mapping

from planlint.loader import load_source

_FIELDS = {"name", "contraction", "kind", "resisted", "load", "notes"}
_CONTRACTIONS = {"isometric", "concentric", "eccentric", "mixed", "none"}
_KINDS = {
    "strength", "sprint", "plyometric", "mobility", "soft_tissue",
    "neuromuscular", "conditioning", "sport_specific",
}


class CatalogError(ValueError):
    """A catalog file or plugin entry that cannot be used."""


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
    if entry.get("contraction") is not None and entry["contraction"] not in _CONTRACTIONS:
        raise CatalogError(f"{source}: catalog entry '{ident}' has contraction '{entry['contraction']}'; allowed: {', '.join(sorted(_CONTRACTIONS))}")
    if entry.get("kind") is not None and entry["kind"] not in _KINDS:
        raise CatalogError(f"{source}: catalog entry '{ident}' has kind '{entry['kind']}'; allowed: {', '.join(sorted(_KINDS))}")
    return dict(entry)


def builtin_entries() -> dict[str, dict]:
    text = resources.files("planlint").joinpath("data/exercises.json").read_text(encoding="utf-8")
    return json.loads(text)["exercises"]


def load_catalog_file(path: str) -> dict[str, dict]:
    """A project catalog: YAML or JSON, ``{exercises: {id: {contraction, kind, ...}}}`` or a bare mapping."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise CatalogError(f"cannot read exercise catalog {path}: {exc.strerror}") from None
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
