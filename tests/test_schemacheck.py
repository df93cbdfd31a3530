"""The pure-Python yes/no check (planlint.schemacheck) agrees with jsonschema and jsonschema-rs.

SchemaRegistry.is_valid answers with it for the first documents of a run (a run
over a few valid plans then never imports jsonschema-rs), so it must say what
the check it stands in for says: jsonschema's answer on every fixture plan and
on thousands of mutated ones, and jsonschema-rs's where the two differ (ECMA-262
patterns, non-finite numbers).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from test_fastschema import FAST, ROOT, SCHEMA, SLOW, documents, finite, mutate

from planlint import schema as schema_module
from planlint.loader import load_text
from planlint.schema import SchemaExtension, SchemaRegistry, _fast_check
from planlint.schemacheck import compile_check, translate

PURE = compile_check(SCHEMA)


def test_the_plan_schema_compiles():
    assert PURE is not None


@pytest.mark.parametrize("name, document", list(documents()), ids=lambda v: v if isinstance(v, str) else "")
def test_agrees_on_every_fixture_plan(name, document):
    assert PURE(document) is SLOW.is_valid(document)


def test_agrees_on_mutated_plans():
    rng = random.Random(20261125)
    docs = [d for _, d in documents()]
    slow_disagreements, fast_disagreements = [], []
    valid = invalid = non_finite = 0
    for _ in range(3000):
        doc = mutate(rng.choice(docs), rng)
        pure = PURE(doc)
        assert pure in (True, False)
        if finite(doc):
            expected = SLOW.is_valid(doc)
            valid, invalid = valid + expected, invalid + (not expected)
            if pure != expected:
                slow_disagreements.append(doc)
        else:
            non_finite += 1
        fast = FAST(doc)  # jsonschema-rs: also on .nan and .inf, which jsonschema reads otherwise
        if fast is not None and pure != fast:
            fast_disagreements.append(doc)
    assert not slow_disagreements[:1]
    assert not fast_disagreements[:1]
    assert valid > 300 and invalid > 1000 and non_finite > 50  # the mutations exercise every answer


def _plugin_documents():
    paths = sorted(ROOT.glob("tests/fixtures/**/*.plan.yaml")) + sorted(ROOT.glob("plugins/*/tests/fixtures/*/*.plan.yaml"))
    for path in paths:
        data = load_text(str(path), path.read_text(encoding="utf-8")).data
        if isinstance(data, dict):
            yield data


def _site(document):
    injury = document.get("injury")
    site = injury.get("site") if isinstance(injury, dict) else None
    return site if isinstance(site, str) else None


def test_agrees_on_the_schemas_plugins_extend():
    from planlint.plugins import build_plugin_host, collect_schema_extensions

    registry = SchemaRegistry(collect_schema_extensions(build_plugin_host(), remember=False))
    assert registry._sites == {"concussion"}
    checks = {}
    for site in (None, "concussion"):
        checks[site] = (compile_check(registry.schema(site)), Draft202012Validator(registry.schema(site)))
        assert checks[site][0] is not None
    rng = random.Random(7)
    docs = list(_plugin_documents())
    seen = {None: [0, 0], "concussion": [0, 0]}
    for document in docs + [mutate(rng.choice(docs), rng) for _ in range(1500)]:
        site = _site(document)
        key = site if site in registry._sites else None
        pure, slow = checks[key]
        if finite(document):
            expected = slow.is_valid(document)
            assert pure(document) is expected
            seen[key][expected] += 1
    # both answers on both schemas, the concussion pack's `stage` included
    assert min(seen[None]) > 100 and min(seen["concussion"]) > 100
    concussion = next(d for d in docs if _site(d) == "concussion" and checks["concussion"][0](d))
    assert checks[None][0](concussion) is False  # `stage` is known to concussion plans only


# ----------------------------------------------------------------------------- exact values

NAN, INF = float("nan"), float("inf")

EXACT = [
    # booleans are neither numbers nor integers; 4.0 is an integer; huge and non-finite numbers
    (
        {"type": "integer"},
        [(4, True), (4.0, True), (4.5, False), (True, False), (10**400, True), (1e308, True), (NAN, False), (INF, False)],
    ),
    ({"type": "number"}, [(1, True), (1.5, True), (False, False), (10**400, True), ("1", False), (None, False), (-INF, False)]),
    ({"type": ["integer", "string"]}, [(3.0, True), (3.5, False), ("x", True), (True, False), (None, False)]),
    ({"type": ["boolean", "null"]}, [(True, True), (None, True), (0, False), ("", False)]),
    ({"maximum": 3650}, [(3650, True), (3650.0, True), (3650.0000001, False), (10**400, False), (True, True), ("9999", True)]),
    ({"minimum": 0, "exclusiveMaximum": 1}, [(0, True), (0.999, True), (1, False), (-1, False), (-(10**400), False)]),
    ({"maximum": 10**30}, [(1e30, False), (10**30, True), (10**30 + 1, False)]),  # exact, as Python compares
    # enum and const: true is not 1, 1 is 1.0, recursively
    ({"enum": [1, 1.1]}, [(1, True), (1.0, True), (True, False), (1.1, True), ("1", False), (10**400, False)]),
    ({"const": 1}, [(1.0, True), (True, False), ([1], False)]),
    ({"const": False}, [(False, True), (0, False), (None, False)]),
    ({"enum": [[1, {"a": 1}]]}, [([1.0, {"a": 1.0}], True), ([True, {"a": 1}], False), ([1, {"a": True}], False), ([1], False)]),
    ({"type": "string", "enum": ["a", 1]}, [("a", True), (1, False)]),  # enum values the type refuses are no values
    ({"const": "x", "enum": ["x", "y"]}, [("x", True), ("y", False)]),
    # lengths count code points
    ({"minLength": 2}, [("é", False), ("\U0001f600", False), ("\U0001f600\U0001f600", True), ("ab", True), (12, True)]),
    ({"maxLength": 1}, [("\U0001f600", True), ("e\u0301", False)]),
    # uniqueItems with JSON equality
    (
        {"uniqueItems": True},
        [
            ([1, 1.0], False),
            ([1, True], True),
            ([0, False], True),
            ([[1], [1.0]], False),
            ([{"a": 1}, {"a": True}], True),
            ([{"a": [1]}, {"a": [1.0]}], False),
            (["a", "b"], True),
            ([None, None], False),
        ],
    ),
    # patterns are ECMA-262, searched anywhere, $ at the very end, ASCII \d and \w, ECMA's \s
    (
        {"pattern": r"^\d{4}$"},
        [
            ("2026", True),
            ("2026\n", False),
            ("\u0662\u0660\u0662\u0666", False),
            ("\uff12\uff10\uff12\uff16", False),
            (2026, True),
        ],
    ),
    ({"pattern": "^[a-z]+$"}, [("abc", True), ("abc\n", False), ("\nabc", False)]),
    ({"pattern": "b"}, [("abc", True), ("ac", False)]),
    ({"pattern": r"^\w$"}, [("a", True), ("_", True), ("é", False), ("\u0662", False)]),
    (
        {"pattern": r"^\s$"},
        [
            (" ", True),
            ("\ufeff", True),
            ("\xa0", True),
            ("\u2028", True),
            ("\x85", False),
            ("\x1c", False),
            ("\u180e", False),
            ("\u200b", False),
        ],
    ),
    ({"pattern": r"^\S$"}, [("a", True), ("\ufeff", False), ("\x85", True)]),
    ({"pattern": "^.$"}, [("a", True), ("\n", False), ("\r", False), ("\u2028", False), ("\x85", True), ("\U0001f600", True)]),
    (
        {"pattern": r"^\s*\d+(\.\d+)?\s*%\s*$"},
        [("90%", True), (" 90 % ", True), ("90%\n", True), ("\u200990%", True), ("90%\x85", False)],
    ),
    ({"pattern": "^[+-]?[a-c-]$"}, [("-", True), ("+b", True), ("d", False), ("+-", True)]),
    ({"pattern": r"^\u00e9\x41\.\/$"}, [("éA./", True), ("éAx/", False)]),
    ({"pattern": "^(?:ab|c)+(x|$)"}, [("abc", True), ("abcx", True), ("abcy", False), ("x", False)]),
    (
        {"patternProperties": {"^x-": {"type": "string"}}, "additionalProperties": False},
        [({"x-a": "s"}, True), ({"x-a": 1}, False), ({"y": 1}, False)],
    ),
    (
        {"properties": {"x-a": {"minLength": 2}}, "patternProperties": {"^x-": {"maxLength": 2}}},
        [({"x-a": "ab"}, True), ({"x-a": "abc"}, False), ({"x-a": "a"}, False)],
    ),
    ({"propertyNames": {"pattern": "^[a-z]+$"}}, [({"ab": 1}, True), ({"ab\n": 1}, False), ([], True)]),
    (
        {"required": ["a"], "minProperties": 2},
        [({"a": 1}, False), ({"a": 1, "b": 2}, True), ({"b": 1, "c": 2}, False), ("a", True)],
    ),
    (
        {"dependentSchemas": {"time": {"required": ["day"]}}, "dependentRequired": {"at": ["zone"]}},
        [({"time": 1}, False), ({"time": 1, "day": 2}, True), ({"at": 1}, False), ({}, True)],
    ),
    (
        {"oneOf": [{"required": ["a"]}, {"required": ["b"]}]},
        [({"a": 1}, True), ({"a": 1, "b": 1}, False), ({}, False), (3, False)],
    ),
    ({"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 1}]}, [("x", True), (1, True), (0, False), (True, False)]),
    (
        {"if": {"exclusiveMinimum": 0, "exclusiveMaximum": 1}, "then": {"const": "no"}},
        [(0.5, False), (1, True), (0, True), ("0.5", False), ("no", True)],
    ),
    ({"not": {"type": "null"}}, [(None, False), (0, True)]),
    (
        {"items": {"type": "integer"}, "prefixItems": [{"type": "string"}], "minItems": 1, "maxItems": 3},
        [(["a", 1, 2], True), ([1], False), ([], False), (["a", 1, 2, 3], False), (["a", 1.5], False)],
    ),
    (True, [(None, True)]),
    (False, [(None, False)]),
    ({"properties": {"a": False}}, [({"a": 1}, False), ({"b": 1}, True)]),
]


@pytest.mark.parametrize("schema, cases", EXACT, ids=lambda v: json.dumps(v)[:60] if not isinstance(v, list) else "")
def test_exact_answers(schema, cases):
    check = compile_check(schema)
    assert check is not None
    assert [(value, check(value)) for value, _ in cases] == cases
    fast = _fast_check(schema)[0]
    # jsonschema-rs, the check this one stands in for, says the same
    assert [(value, fast(value)) for value, _ in cases] == cases


def test_where_jsonschema_reads_patterns_as_python_does():
    """jsonschema searches with Python's re ($ before a final newline, Unicode digits):
    there the pure check says what jsonschema-rs says, and a plan it refuses is
    explained by jsonschema, which finds nothing, as before."""
    for pattern, text in ((r"^\d{4}$", "2026\n"), (r"^\d{4}$", "\u0662\u0660\u0662\u0666"), (r"^\s$", "\x1c")):
        schema = {"pattern": pattern}
        answers = compile_check(schema)(text), _fast_check(schema)[0](text), Draft202012Validator(schema).is_valid(text)
        assert answers == (False, False, True)


def test_a_plan_gets_the_same_findings_from_either_check():
    """Edge values in a whole plan: the findings with the pure check are those with jsonschema-rs."""
    from planlint.loader import LoadedSource
    from planlint.positions import PositionIndex
    from planlint.validate import validate

    base = next(d for name, d in documents() if name == "minimal-clean.plan.yaml")
    edits = [
        ("injury", "occurred", "2026-03-14\n"),  # a final newline: jsonschema-rs refuses, jsonschema explains nothing
        ("injury", "occurred", "\u0662\u0660\u0662\u0666-03-14"),
        ("injury", "grade", 10**400),
        ("injury", "grade", 2.0),
        ("injury", "grade", True),
        ("injury", "x-note", 10**400),
        ("monitoring", "max_pain_during", 10**400),
        ("monitoring", "max_pain_during", 4.0),
        ("monitoring", "max_pain_during", NAN),
        ("monitoring", "max_pain_during", -INF),
        ("monitoring", "markers", ["a", "a"]),
        ("monitoring", "markers", ["a", "a\n"]),
    ]
    pure_registry, fast_registry = SchemaRegistry(), SchemaRegistry()
    pure_registry.is_valid = lambda site, document: PURE(document)
    fast_registry.is_valid = lambda site, document: FAST(document)
    answers = []
    for *path, value in edits:
        doc = json.loads(json.dumps(base))
        doc[path[0]][path[1]] = value
        answers.append(PURE(doc))
        assert answers[-1] is FAST(doc)
        source = LoadedSource(path="x.plan.yaml", text="", data=doc, index=PositionIndex())
        found = [[(f.code, f.message) for f in validate(source, registry)] for registry in (pure_registry, fast_registry)]
        assert found[0] == found[1], (path, value)
    assert answers == [False, False, False, True, False, True, False, True, False, False, False, True]


# ----------------------------------------------------------------------------- what is not compiled


@pytest.mark.parametrize(
    "schema",
    [
        {"format": "date"},
        {"$ref": "#/$defs/x", "$defs": {"x": {}}},
        {"properties": {"a": {"$ref": "#/$defs/x"}}, "$defs": {"x": {}}},
        {"$schema": "http://json-schema.org/draft-07/schema#"},
        {"multipleOf": 2},
        {"contains": {}},
        {"unevaluatedProperties": False},
        {"dependencies": {"a": ["b"]}},
        {"bogus": 1},
        {"items": [{}]},
        {"minimum": "3"},
        {"minimum": True},
        {"minLength": -1},
        {"type": "strin"},
        {"required": "a"},
        {"uniqueItems": 1},
        {"enum": "a"},
        {"properties": {"a": {"pattern": 5}}},
        {"anyOf": []},
        {"not": "x"},
        {"enum": [(1, 2)]},
    ],
    ids=lambda v: json.dumps(v, default=str)[:50],
)
def test_a_schema_outside_the_subset_is_not_compiled(schema):
    assert compile_check(schema) is None
    assert compile_check({"type": "object", "properties": {"nested": {"anyOf": [{"type": "string"}, schema]}}}) is None


@pytest.mark.parametrize(
    "pattern",
    [
        r"\bword",  # \b: ECMA's word boundary is ASCII
        r"\B",
        "a(?=b)",  # lookaround: jsonschema-rs reads it with another engine (Unicode \\d, \\w, \\s)
        "a(?!b)",
        r"(?<=a)b",
        r"(?<name>a)",
        r"(a)\1",  # a backreference
        "a{,3}",  # a literal in ECMA, a quantifier in Python
        "a{",
        "a}",
        "]",
        "a**",
        "a*+",  # possessive in Python 3.11, an error in ECMA
        "*a",
        r"\p{L}",
        r"\u{1F600}",
        r"\x4",
        r"\a",
        r"\0",
        r"\cJ",
        "[]",
        "[^]",
        r"[\d-z]",
        r"[\S]",
        r"[\b]",
        "[[]",
        "[z-a]",
        "(unclosed",
        "unopened)",
        "\U0001f600",  # a character past U+FFFF is two code units for ECMA
        "^*",
        "(?=a)*",
        "\\",
        "(?i)a",
    ],
)
def test_a_pattern_outside_the_subset_is_not_compiled(pattern):
    assert compile_check({"pattern": pattern}) is None
    assert compile_check({"patternProperties": {pattern: {}}}) is None
    assert compile_check({"propertyNames": {"pattern": pattern}}) is None


def test_annotations_do_not_stop_the_compilation():
    annotated = {
        "title": "t",
        "description": "d",
        "examples": [1],
        "default": 2,
        "$comment": "c",
        "markdownDescription": "m",
        "errorMessage": "e",
        "patternErrorMessage": "p",
        "defaultSnippets": [{"label": "l", "body": "b"}],
        "x-unit": "kg",
        "x-anything": {"type": "no schema"},
        "$id": "https://example.org/s",
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": {"unused": {"$ref": "#/nowhere", "format": "date"}},
        "type": "string",
        "pattern": "^a",
    }
    check = compile_check(annotated)
    assert check is not None and check("ab") is True and check("b") is False and check(1) is False


def test_a_definition_is_inlined_and_compiled_once(monkeypatch):
    from planlint import schemacheck

    properties = SCHEMA["properties"]
    gate = properties["phases"]["items"]["properties"]["exit"]["items"]
    assert gate is properties["sessions"]["items"]["properties"]["checks"]["items"]  # one inlined copy
    compiled = []
    original = schemacheck._compile_object
    monkeypatch.setattr(
        schemacheck, "_compile_object", lambda schema, depth: compiled.append(id(schema)) or original(schema, depth)
    )
    shared = {"type": "integer", "minimum": 1}
    check = compile_check({"properties": {"a": shared, "b": {"items": shared}}})
    assert compiled.count(id(shared)) == 1
    assert (check({"a": 1, "b": [2, 3]}), check({"a": 0}), check({"b": [1, 0]})) == (True, False, False)
    compiled.clear()
    assert compile_check(SCHEMA) is not None
    assert compiled.count(id(gate)) == 1 and len(compiled) == len(set(compiled))


def test_translations():
    assert translate(r"^\d{4}-(0[1-9]|1[0-2])$") == r"\A[0-9]{4}\-(0[1-9]|1[0-2])\Z"
    assert translate(r"^[a-z0-9][a-z0-9_-]*$") == r"\A[a-z0-9][a-z0-9\_\-]*\Z"
    assert translate("a.b??|(?:c)+?") == r"a[^\n\r\u2028\u2029]b??|(?:c)+?"
    assert translate(r"\S\D\W") == (
        r"[^\x09\x0a\x0b\x0c\x0d\ \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff\u2000-\u200a][^0-9][^A-Za-z0-9_]"
    )


@pytest.mark.parametrize("construct", [r"\s", r"\S", r"\d", r"\D", r"\w", r"\W", ".", "[^a]", r"[\s\d]", "[^-]"])
def test_classes_match_what_jsonschema_rs_matches_for_every_character(construct):
    """Every character of the Basic Multilingual Plane (less the surrogates, which a
    Python string may hold but jsonschema-rs cannot read) and a sample past it."""
    schema = {"pattern": f"^{construct}$"}
    pure, fast = compile_check(schema), _fast_check(schema)[0]
    characters = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
    characters += [chr(c) for c in range(0x10000, 0x110000, 997)]
    differing = [hex(ord(c)) for c in characters if pure(c) != fast(c)]
    assert differing == []
    assert any(pure(c) for c in characters) and not all(pure(c) for c in characters)


ATOMS = [
    *("a", "b", "-", ".", "é", " ", "^", "$", r"\d", r"\w", r"\s", r"\S", r"\D", r"\W", r"\.", r"\-", r"\/", r"\]", r"\\"),
    *(r"\u00e9", r"\x41", r"\t", r"\n", "[ab]", "[^a]", "[a-c]", r"[\d_]", r"[\s-]", "[-a]", "[+-]", r"[\]a]", r"[\^]", "[^-]"),
]
QUANTIFIERS = ["", "", "", "*", "+", "?", "{2}", "{1,}", "{0,2}", "*?", "+?", "??"]
TEXT = [*"abc1_-./]\\^+éA \t\n\r", "\u0663", "\u2028", "\xa0", "\ufeff", "\x85", "\x1c", "\U0001f600"]


def _random_pattern(rng, depth=0) -> str:
    parts = []
    for _ in range(rng.randint(1, 4)):
        if rng.random() < 0.15 and depth < 2:
            parts.append(rng.choice(["(", "(?:"]) + _random_pattern(rng, depth + 1) + ")" + rng.choice(QUANTIFIERS))
        else:
            atom = rng.choice(ATOMS)
            parts.append(atom + ("" if atom in "^$" else rng.choice(QUANTIFIERS)))
    alternative = "|" + _random_pattern(rng, depth + 1) if depth == 0 and rng.random() < 0.2 else ""
    return "".join(parts) + alternative


def test_random_patterns_match_what_jsonschema_rs_matches():
    rng = random.Random(20261207)
    differing, compiled = [], 0
    for _ in range(1500):
        pattern = _random_pattern(rng)
        pure, fast = compile_check({"pattern": pattern}), _fast_check({"pattern": pattern})[0]
        assert pure is not None and fast is not None, pattern
        compiled += 1
        for _ in range(20):
            text = "".join(rng.choice(TEXT) for _ in range(rng.randint(0, 6)))
            if pure(text) != fast(text):
                differing.append((pattern, text))
    assert differing[:3] == [] and compiled == 1500


# ----------------------------------------------------------------------------- in the registry


def test_the_registry_checks_a_small_run_without_jsonschema_rs(monkeypatch):
    compiled = []
    original = schema_module._fast_check
    monkeypatch.setattr(schema_module, "_fast_check", lambda schema: compiled.append(1) or original(schema))
    registry = SchemaRegistry()
    valid = next(d for name, d in documents() if name == "minimal-clean.plan.yaml")
    answers = [registry.is_valid(None, valid) for _ in range(schema_module.SMALL_RUN)]
    assert answers == [True] * schema_module.SMALL_RUN and compiled == [] and registry._fast == {}
    assert registry.is_valid(None, valid) is True  # past the threshold: jsonschema-rs, compiled now
    assert compiled == [1] and registry._fast[None] is not None
    assert registry.is_valid(None, {"planlint": 1}) is False and compiled == [1]


def test_a_run_expected_to_be_large_compiles_jsonschema_rs_first(monkeypatch):
    """A run of more than SMALL_RUN plans compiles jsonschema-rs before the first (before
    its workers fork) and never uses the pure check; a small one does not compile it."""
    registry = SchemaRegistry()
    registry.expect(schema_module.SMALL_RUN)
    assert registry._fast == {}
    registry.expect(schema_module.SMALL_RUN + 1)
    assert registry._fast[None] is not None
    registry._pure[None] = lambda document: pytest.fail("the pure check ran in a large run")
    valid = next(d for name, d in documents() if name == "minimal-clean.plan.yaml")
    assert registry.is_valid(None, valid) is True and registry.is_valid(None, {"planlint": 1}) is False


def test_a_refused_plan_is_explained_and_later_ones_use_jsonschema_rs(monkeypatch):
    registry = SchemaRegistry()
    pure = []
    registry._pure[None] = lambda document: pure.append(1) or compile_check(registry.schema(None))(document)
    valid = next(d for name, d in documents() if name == "minimal-clean.plan.yaml")
    assert registry.is_valid(None, valid) is True and pure == [1] and registry._fast == {}
    assert registry.is_valid(None, {"planlint": 1}) is False and pure == [1, 1]
    assert [e.message for e in registry.explain(None, {"planlint": 1})][:1] == ["'id' is a required property"]
    assert registry._fast[None] is not None  # compiled to locate the problems
    assert registry.is_valid(None, valid) is True and pure == [1, 1]  # compiled already: jsonschema-rs


def test_a_schema_the_pure_check_does_not_compile_goes_to_jsonschema_rs_at_once():
    unsupported = SchemaExtension(None, {"phase": {"properties": {"stage": {"pattern": r"\bx"}}}})
    registry = SchemaRegistry([unsupported])
    assert registry.is_valid(None, {"planlint": 1}) is False
    assert registry._pure == {None: None} and registry._fast[None] is not None


def test_without_jsonschema_rs_the_pure_check_goes_on(monkeypatch):
    monkeypatch.setattr(schema_module, "_fast_check", lambda schema: (None, None))  # no wheel for the platform
    registry = SchemaRegistry()
    valid = next(d for name, d in documents() if name == "minimal-clean.plan.yaml")
    answers = [registry.is_valid(None, valid) for _ in range(schema_module.SMALL_RUN + 2)]
    assert answers == [True] * (schema_module.SMALL_RUN + 2) and registry._fast == {None: None}
    assert registry.is_valid(None, {"planlint": 1}) is False
    assert registry.is_valid(None, {**valid, "planlint": (1,)}) is None  # neither can read it: jsonschema decides


def test_a_value_that_is_not_json_goes_to_jsonschema_rs():
    registry = SchemaRegistry()
    valid = next(d for name, d in documents() if name == "minimal-clean.plan.yaml")
    odd = {**valid, "planlint": (1,)}  # no JSON value: the enum cannot compare it
    with pytest.raises(TypeError):
        compile_check(registry.schema(None))(odd)
    assert registry.is_valid(None, odd) == _fast_check(registry.schema(None))[0](odd)
    assert registry._fast[None] is not None


PROBE = """
import atexit, json, sys
out = sys.argv.pop(1)
names = ("jsonschema_rs", "jsonschema")
atexit.register(lambda: open(out, "w").write(json.dumps({n: n in sys.modules for n in names})))
from planlint.entry import main
main()
"""


def _imported(tmp_path: Path, *args: str) -> dict:
    out = tmp_path / "modules.json"
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(out), *args],
        cwd=tmp_path,
        capture_output=True,
        env={**os.environ, "PLANLINT_CACHE_DIR": str(tmp_path / "cache"), "XDG_CACHE_HOME": str(tmp_path / "xdg")},
        check=False,
    )
    return {**json.loads(out.read_text()), "exit": run.returncode}


def test_checking_a_few_valid_plans_imports_neither_jsonschema_rs_nor_jsonschema(tmp_path):
    minimal = (ROOT / "tests/fixtures/cli/minimal-clean.plan.yaml").read_text(encoding="utf-8")
    for number in range(3):
        (tmp_path / f"p{number}.plan.yaml").write_text(
            minimal.replace("id: minimal-clean", f"id: plan-{number}"), encoding="utf-8"
        )
    # The installed plugins' schema extensions are vouched for without jsonschema-rs, so
    # even a first run with an empty cache folder (and --no-cache) does not import it.
    assert _imported(tmp_path, "check", "p0.plan.yaml") == {"jsonschema_rs": False, "jsonschema": False, "exit": 0}
    assert _imported(tmp_path, "check", "--no-cache", "p0.plan.yaml") == {"jsonschema_rs": False, "jsonschema": False, "exit": 0}
    assert _imported(tmp_path, "check", "--no-cache", ".") == {"jsonschema_rs": False, "jsonschema": False, "exit": 0}
    (tmp_path / "p1.plan.yaml").write_text(minimal.replace("title:", "titel:"), encoding="utf-8")
    assert _imported(tmp_path, "check", "--no-cache", ".") == {"jsonschema_rs": True, "jsonschema": True, "exit": 1}


def test_well_formed_schemas_are_valid_under_the_meta_schema():
    """well_formed spares a plugin's extension jsonschema-rs's meta-schema check: it may
    say "not known" (False) of a valid schema, never True of an invalid one."""
    import jsonschema_rs

    from planlint.schemacheck import well_formed

    samples = [
        {"type": "integer", "minimum": 1, "maximum": 6, "title": "Stage", "description": "d", "examples": [1]},
        {"type": "string", "enum": ["a", "b"], "markdownDescription": "m", "x-since": "1.1"},
        {"anyOf": [{"type": "string", "pattern": "^[a-z]+$"}, {"type": "null"}]},
        {"type": "object", "properties": {"a": {"type": "boolean"}}, "required": ["a"], "additionalProperties": False},
        {"title": 5},
        {"description": []},
        {"examples": 5},
        {"$comment": 5},
        {"deprecated": "x"},
        {"readOnly": 1},
        {"$id": 5},
        {"$defs": {"a": 5}},
        {"properties": {"a": {"title": 3}}},
        {"anyOf": [{"type": "string"}, {"title": []}]},
        {"type": "strng"},
        {"minLength": -1},
        {"pattern": "("},
        {"required": [1]},
        {"items": 5},
        {"format": "date"},
        True,
        False,
    ]
    rng = random.Random(20261207)
    keywords = [
        "type",
        "minimum",
        "title",
        "enum",
        "pattern",
        "required",
        "items",
        "anyOf",
        "examples",
        "minLength",
        "const",
        "prefixItems",
    ]
    values = [
        "string",
        "integer",
        "nope",
        1,
        -1,
        1.5,
        "^a$",
        "(",
        ["a"],
        [1],
        [],
        {},
        {"type": "string"},
        True,
        None,
        [{"type": "null"}],
    ]
    for _ in range(2000):
        samples.append({rng.choice(keywords): rng.choice(values) for _ in range(rng.randint(1, 3))})
    certain = 0
    for schema in samples:
        if well_formed(schema):
            certain += 1
            jsonschema_rs.meta.validate(schema)  # raises if it is not valid
    assert well_formed(samples[0]) and not well_formed(samples[4]) and not well_formed(samples[14])
    assert certain > 200  # it does spare the check for ordinary schemas
