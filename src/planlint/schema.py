"""The plan JSON Schema: the shipped file, plus what plugins add to it.

Plugins extend the schema for their injury site (the concussion pack adds
``stage`` to phases) and may add gate tests; a key no schema knows is still an
error. The effective schema is built once per injury site and cached.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from planlint.files import package_text
from planlint.sites import DEFAULT_SITES, SiteRegistry

if TYPE_CHECKING:  # pragma: no cover
    from jsonschema import Draft202012Validator


@lru_cache(maxsize=1)
def schema_text() -> str:
    return package_text("data/plan.schema.json")


def base_schema() -> dict:
    return json.loads(schema_text())


class SchemaExtension:
    """What one plugin adds to the schema.

    ``site``: the injury site the additions apply to (None: every plan).
    ``defs``: ``{"phase": {"properties": {...}, "required": [...]}}`` keyed by the
    schema's ``$defs`` names (phase, session, exercise, gate, injury, monitoring).
    ``gate_tests``: extra gate test names.
    ``sites``: extra ``injury.site`` values (planlint adds those of the
    ``planlint_injury_sites`` hook this way; a plugin declares a site with that hook).
    """

    def __init__(
        self,
        site: str | None = None,
        defs: Mapping | None = None,
        gate_tests: Iterable[str] = (),
        source: str = "",
        sites: Iterable[str] = (),
    ) -> None:
        self.site = site
        self.defs = dict(defs or {})
        self.gate_tests = tuple(gate_tests)
        self.source = source
        self.sites = tuple(sites)


def extended_schema(extensions: Iterable[SchemaExtension], site: str | None) -> dict:
    schema = base_schema()
    if site is not None:
        schema["$id"] = f"{schema['$id']}?site={site}"
        schema["title"] = f"{schema.get('title', 'planlint plan')} ({site} plans, with plugin additions)"
    defs = schema["$defs"]
    for extension in extensions:
        for test in extension.gate_tests:
            enum = defs["gate"]["properties"]["test"]["enum"]
            if test not in enum:
                enum.append(test)
        for added in extension.sites:
            enum = defs["injury"]["properties"]["site"]["enum"]
            if added not in enum:
                enum.append(added)
        if extension.site is not None and extension.site != site:
            continue
        for name, addition in extension.defs.items():
            target = defs[name]
            target.setdefault("properties", {}).update(copy.deepcopy(addition.get("properties", {})))
            for key in addition.get("required", ()):
                if key not in target.setdefault("required", []):
                    target["required"].append(key)
    # A template (format 1.1) has a session's fields, plugins' additions included.
    template = defs.get("template")
    if template is not None:
        for key, value in defs["session"]["properties"].items():
            if key not in ("day", "at", "use", "repeat"):
                template["properties"].setdefault(key, copy.deepcopy(value))
    return schema


#: Keywords yaml-language-server reads for completion, hover and messages; they never affect validity.
EDITOR_ANNOTATIONS = frozenset(
    {
        "markdownDescription",
        "patternErrorMessage",
        "errorMessage",
        "enumDescriptions",
        "markdownEnumDescriptions",
        "defaultSnippets",
        "doNotSuggest",
        "deprecationMessage",
        "suggestSortText",
        "allowComments",
        "allowTrailingCommas",
    }
)
_ANNOTATIONS = {"title", "description", "examples", "default", "$comment", "x-since", "x-values-since"} | EDITOR_ANNOTATIONS


def inline_refs(schema: dict) -> dict:
    """Replace local ``{"$ref": "#/$defs/x"}`` by the definition itself.

    Same meaning (the plan schema has no recursive definitions), but jsonschema
    no longer resolves a reference at every node: validation is faster. Every
    reference to a definition shares one inlined copy of it (the result is read,
    never changed), which :mod:`planlint.schemacheck` compiles once.
    """
    defs = schema.get("$defs", {})
    inlined: dict[str, dict] = {}

    def walk(node, depth=0):
        if depth > 50:  # a recursive definition: leave the rest as references
            return node
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/") and set(node) - {"$ref"} <= _ANNOTATIONS:
                name = ref[len("#/$defs/") :]
                target = inlined.get(name)
                if target is None:
                    target = inlined[name] = walk(defs[name], depth + 1)
                annotations = {k: v for k, v in node.items() if k != "$ref"}
                return {**target, **annotations} if annotations else target
            return {k: walk(v, depth + 1) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, depth + 1) for v in node]
        return node

    return walk(schema)


#: How many documents a registry checks with the pure-Python check before it compiles
#: jsonschema-rs. On a 400-line plan the pure check takes about 0.17 ms and jsonschema-rs
#: 0.04 ms, but importing jsonschema-rs takes 9-13 ms in a run and compiling the plan
#: schema 5-7 ms more: the two break even at 100-140 plans. Up to there the pure
#: check is the cheaper; past it a run pays for both, about 20 ms more than
#: jsonschema-rs alone would have cost, whatever its size.
SMALL_RUN = 128


class SchemaRegistry:
    """Validators per injury site, built on first use."""

    def __init__(self, extensions: Iterable[SchemaExtension] = (), sites: SiteRegistry = DEFAULT_SITES) -> None:
        self.extensions = list(extensions)
        if sites.added:
            self.extensions.append(SchemaExtension(sites=sites.added, source="injury sites"))
        self.site_registry = sites
        self._validators: dict = {}
        self._schemas: dict = {}
        self._fast: dict = {}
        self._locators: dict = {}
        self._pure: dict = {}
        self._checked = 0  # documents is_valid was asked about
        self._part_validators: dict = {}
        self._sites = {e.site for e in self.extensions if e.site is not None}

    def key_hints(self, site) -> dict[tuple[str, str], str]:
        """``{(def name, key): hint}`` for keys a plan of ``site`` may not use but that a plugin
        allows elsewhere (another site's extension), or that a first-party plugin that is
        not installed would allow for this site."""
        hints = {}
        known = self.site_registry.get(site) if isinstance(site, str) else None
        for name, key in known.first_party_keys if known is not None and known.name == site else ():
            if not any(e.site == site and key in e.defs.get(name, {}).get("properties", {}) for e in self.extensions):
                hints[(name, key)] = (
                    f"`{key}` comes from the {known.first_party} plugin for {site} plans, which is not installed: {known.install}"
                )
        for extension in self.extensions:
            if extension.site is not None and extension.site != site:
                for name, addition in extension.defs.items():
                    for key in addition.get("properties", {}):
                        hints[(name, key)] = f"it belongs to {extension.site} plans, not {site or 'these'} plans"
        return hints

    def _schema(self, key) -> dict:
        if key not in self._schemas:
            self._schemas[key] = inline_refs(extended_schema(self.extensions, key))
        return self._schemas[key]

    def _compiled(self, key):
        """jsonschema-rs's yes/no check for ``key``'s schema (None: none), compiled on first use."""
        if key not in self._fast:
            self._fast[key], self._locators[key] = _fast_check(self._schema(key))
        return self._fast[key]

    def schema(self, site) -> dict:
        """The effective schema for plans of ``site`` (references inlined)."""
        return self._schema(site if site in self._sites else None)

    def validator(self, site) -> Draft202012Validator:
        """jsonschema's validator, which explains errors; imported only when a plan needs it."""
        from jsonschema import Draft202012Validator

        key = site if site in self._sites else None
        if key not in self._validators:
            self._validators[key] = Draft202012Validator(self._schema(key))
        return self._validators[key]

    def explain(self, site, document):
        """jsonschema's errors for a refused document, with paths from its root.

        jsonschema walks the whole plan to explain it (about 6 ms for a
        400-line plan). jsonschema-rs says where the problems are in a tenth of
        a millisecond, so only the items that hold them (a session, a phase,
        the injury...) are explained, each against its own part of the schema;
        the errors are the same, and their paths are made absolute. A problem
        in a top-level value is explained against that key's schema, and one of
        the document's own keys (an unknown or missing key) against the root's
        keywords alone.
        """
        validator = self.validator(site)
        roots = self._failing_items(site, document)
        parts = self._parts(site, document, roots) if roots is not None else None
        if parts is None:
            return validator.iter_errors(document)
        return self._item_errors(site, parts)

    def _failing_items(self, site, document) -> list[tuple] | None:
        key = site if site in self._sites else None
        self._compiled(key)
        locate = self._locators.get(key)
        if locate is None:
            return None
        try:
            paths = [tuple(error.instance_path) for error in locate(document)]
        except Exception:  # noqa: BLE001 - a value it cannot read: explain from the root
            return None
        roots = list(dict.fromkeys(_item_root(path) for path in paths))  # in order, once each (linear)
        return roots or None

    def _parts(self, site, document, roots) -> list | None:
        """(root, value, schema part) for each root; None when one cannot be found."""
        schema, parts = self.schema(site), []
        for root in roots:
            node, part = document, schema
            try:
                for step in root:
                    node = node[step]
                    part = part["properties"][step] if isinstance(step, str) else part["items"]
            except (KeyError, IndexError, TypeError):
                return None
            parts.append((root, node, part))
        return parts

    def _item_errors(self, site, parts):
        from jsonschema import Draft202012Validator

        for root, node, part in parts:
            key = (site if site in self._sites else None, root[:1] + ((0,) if len(root) > 1 else ()))
            if key not in self._part_validators:
                self._part_validators[key] = Draft202012Validator(part if root else _shallow(part))
            for error in self._part_validators[key].iter_errors(node):
                error.path.extendleft(reversed(root))
                yield error

    def is_valid(self, site, document) -> bool | None:
        """The fast yes/no check: True/False, or None when it cannot tell (then
        jsonschema decides, and explains).

        The first :data:`SMALL_RUN` documents are checked in pure Python
        (:mod:`planlint.schemacheck`), so that a run over a few valid plans never
        imports jsonschema-rs; later ones by jsonschema-rs, compiled then, and so
        are all the documents of a schema once jsonschema-rs is compiled for it (to
        explain a refused plan). Without jsonschema-rs (no wheel, or a schema it
        cannot compile) the pure check goes on; without either, jsonschema decides.
        """
        key = site if site in self._sites else None
        self._checked += 1
        if key in self._fast or self._checked > SMALL_RUN:
            fast = self._compiled(key)
            if fast is not None:
                return fast(document)
        pure = self._pure_check(key)
        if pure is not None:
            try:
                return pure(document)
            except Exception:  # noqa: BLE001 - not JSON data (a tuple...): jsonschema-rs or jsonschema decides
                pass
        fast = self._compiled(key)
        return None if fast is None else fast(document)

    def expect(self, documents: int) -> None:
        """A run is about to check ``documents`` plans: past :data:`SMALL_RUN`,
        jsonschema-rs is compiled now (before a parallel run's workers fork, so that
        they inherit it instead of each importing and compiling it) and checks every
        plan from the first."""
        if documents > SMALL_RUN:
            self._checked = max(self._checked, SMALL_RUN)
            self._compiled(None)

    def _pure_check(self, key):
        if key not in self._pure:
            from planlint.schemacheck import compile_check

            self._pure[key] = compile_check(self._schema(key))
        return self._pure[key]


def _fast_check(schema: dict):
    """jsonschema-rs's validator for ``schema`` as a yes/no function and its error
    locator, or (None, None).

    Most plans in a library are valid, and jsonschema takes about 2 ms to say so
    where jsonschema-rs takes 0.03 ms; jsonschema runs only to explain a plan
    this check refuses. Non-finite numbers (.nan, .inf) are refused here, as
    planlint's schema layer refuses them (JSON has none; jsonschema's range checks
    let NaN through). Without jsonschema-rs (no wheel for the platform) or for a
    schema it cannot compile, jsonschema alone decides. A differential test keeps
    the two in agreement (tests/test_fastschema.py).
    """
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - wheels exist for the supported platforms
        return None, None
    try:
        validator = jsonschema_rs.validator_for(schema)
    except Exception:  # noqa: BLE001 - a plugin's schema it cannot compile: the slow path
        return None, None

    def check(document) -> bool | None:
        try:
            return validator.is_valid(document)
        except (ValueError, TypeError, OverflowError):  # a value it cannot convert (a huge integer)
            return None

    return check, validator.iter_errors


#: Lists whose items are explained one by one.
_ITEM_LISTS = {"sessions", "phases"}


def _item_root(path: tuple) -> tuple:
    """What to explain for a problem at ``path``: its session or phase (``("sessions", 3)``),
    else its top-level value (``("injury",)``), else the document's own keys (``()``)."""
    if len(path) >= 2 and path[0] in _ITEM_LISTS and isinstance(path[1], int):
        return path[:2]
    return path[:1]


def _shallow(schema: dict) -> dict:
    """The root schema's own keywords (type, required, known and extension keys), with
    every value accepted: what is wrong inside a value is explained with its own part."""
    return {
        **schema,
        "properties": {key: {} for key in schema.get("properties", {})},
        "patternProperties": {key: {} for key in schema.get("patternProperties", {})},
    }
