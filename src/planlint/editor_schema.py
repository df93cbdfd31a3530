"""The plan schema as editors use it: completion, hover and friendly messages.

The shipped schema (``schemas/plan.schema.json``, the same file inside the
package) carries what yaml-language-server shows: ``markdownDescription`` and
examples on every property, ``patternErrorMessage``/``errorMessage`` where the
raw message would be a regular expression, and the exercise catalog's ids as
completion values for ``ref`` (``defaultSnippets`` beside the id pattern: not an ``enum``,
whose every value yaml-language-server lists on hover; an id from a club catalog stays valid).

This module fills those ids from a catalog (built-in, plugins', a project's
catalog files) and, for editors, combines the schema with every plugin's
additions into one file: a plan's ``injury.site`` chooses, through
``if``/``then``/``else``, the variant its plugin extends (the concussion pack's
``stage`` on phases), so one mapping in the editor serves every plan. planlint
itself validates with one schema per site (:mod:`planlint.schema`); a test
checks that the combined schema accepts exactly what those do.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable

from planlint.catalog import Catalog, build_catalog
from planlint.schema import SchemaExtension, base_schema, extended_schema

#: Keys of a plan's root schema that hold its rules (the rest describe the file).
_ROOT_BODY = ("type", "required", "properties", "patternProperties", "additionalProperties", "errorMessage")
_REF = "#/$defs/"


def dump(schema: dict) -> str:
    """The schema as the shipped file writes it."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _describe_entry(entry: dict, source: str) -> str:
    what = ", ".join(str(entry[k]) for k in ("contraction", "kind") if entry.get(k))
    if entry.get("region"):
        what += f", {entry['region']} body" if entry["region"] in ("upper", "lower") else f", {entry['region']}"
    if entry.get("mode"):
        what += f", mode {entry['mode']}"
    if entry.get("resisted"):
        what += ", resisted"
    if entry.get("head_impact_risk"):
        what += ", head impact risk"
    name = entry.get("name")
    text = f"**{name}**: {what}" if name else what
    if entry.get("notes"):
        text += f". {entry['notes']}"
    origin = "built in" if source == "planlint" else f"from {source}"
    return f"{text} ({origin})"


def with_catalog(schema: dict, catalog: Catalog) -> dict:
    """``schema`` with the catalog's ids (and a line on each) as ``ref`` completions.

    They are ``defaultSnippets`` of the ``ref`` property, not an ``enum``:
    yaml-language-server offers both as completions, but lists every value of an
    enum in the hover of a ``ref`` (some 90 lines of catalog), and a snippet never."""
    schema = copy.deepcopy(schema)
    for defs in _all_defs(schema):
        exercise = defs.get("exercise")
        ref = exercise.get("properties", {}).get("ref") if exercise is not None else None
        if ref is None:
            continue
        ref["defaultSnippets"] = [
            {"label": ident, "markdownDescription": _describe_entry(entry, source), "body": ident}
            for ident, entry, source in catalog.items()
        ]
    return schema


def _all_defs(schema: dict) -> list[dict]:
    return [schema.get("$defs", {})]


def packaged_schema() -> dict:
    """What the shipped file must hold: the base schema with the built-in catalog's ids."""
    return with_catalog(base_schema(), build_catalog())


def site_schema(extensions: Iterable[SchemaExtension], site: str | None, catalog: Catalog) -> dict:
    """The schema for plans of one injury site, with plugins' additions and ``catalog``'s ids."""
    return with_catalog(extended_schema(list(extensions), site), catalog)


def editor_schema(extensions: Iterable[SchemaExtension], catalog: Catalog) -> dict:
    """One schema for every plan: without site-specific plugin additions, the base schema
    (with every plugin's gate tests and ``catalog``'s ids); with them, the plan's
    ``injury.site`` picks its variant through ``if``/``then``/``else``."""
    extensions = list(extensions)
    sites = sorted({e.site for e in extensions if e.site is not None})
    default = extended_schema(extensions, None)
    if not sites:
        return with_catalog(default, catalog)
    combined = {k: v for k, v in default.items() if k not in _ROOT_BODY and k != "$defs"}
    combined["$id"] = f"{default['$id']}?sites={','.join(sites)}"
    combined["title"] = f"{default.get('title', 'planlint plan')} (with plugin additions for {', '.join(sites)} plans)"
    defs = dict(default["$defs"])
    defs["plan"] = {k: default[k] for k in _ROOT_BODY if k in default}
    branch: dict = {"$ref": _REF + "plan"}
    for site in reversed(sites):
        variant = extended_schema(extensions, site)
        variant_defs = dict(variant["$defs"])
        variant_defs["plan"] = {k: variant[k] for k in _ROOT_BODY if k in variant}
        changed = _changed_defs(variant_defs, defs)
        for name in sorted(changed):  # a set: sorted, so the schema is the same on every run
            defs[f"{site}-{name}"] = _rename_refs(variant_defs[name], changed, site)
        # The condition repeats the annotations of `injury` and `site`: editors show the
        # first schema that matches a key on hover, and this one matches too.
        injury = _annotations(default["properties"]["injury"])
        injury_site = _annotations(default["$defs"]["injury"]["properties"]["site"])
        branch = {
            "if": {
                "required": ["injury"],
                "properties": {
                    "injury": {**injury, "required": ["site"], "properties": {"site": {**injury_site, "const": site}}}
                },
            },
            "then": {"$ref": f"{_REF}{site}-plan"},
            "else": branch,
        }
    combined.update(branch)
    combined["$defs"] = defs
    return with_catalog(combined, catalog)


def _annotations(schema: dict) -> dict:
    return {k: v for k, v in schema.items() if k in ("title", "description", "markdownDescription")}


def _refs(node) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"][len(_REF) :]} if isinstance(node.get("$ref"), str) and node["$ref"].startswith(_REF) else set()
        return found.union(*(_refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node))
    return set()


def _changed_defs(variant: dict, default: dict) -> set[str]:
    """Definitions that differ in the variant, and every definition that refers to one."""
    changed = {name for name, body in variant.items() if default.get(name) != body}
    while True:
        more = {name for name, body in variant.items() if name not in changed and _refs(body) & changed}
        if not more:
            return changed
        changed |= more


def _rename_refs(node, names: set[str], site: str):
    if isinstance(node, dict):
        renamed = {k: _rename_refs(v, names, site) for k, v in node.items()}
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_REF) and ref[len(_REF) :] in names:
            renamed["$ref"] = f"{_REF}{site}-{ref[len(_REF) :]}"
        return renamed
    if isinstance(node, list):
        return [_rename_refs(v, names, site) for v in node]
    return node


if __name__ == "__main__":  # pragma: no cover - maintenance: python -m planlint.editor_schema --write
    import sys
    from pathlib import Path

    text = dump(packaged_schema())
    if sys.argv[1:] == ["--write"]:
        root = Path(__file__).resolve().parents[2]
        for target in (root / "schemas" / "plan.schema.json", Path(__file__).with_name("data") / "plan.schema.json"):
            target.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
