"""The compiled fast check agrees with jsonschema on valid plans and on many broken ones."""

import copy
import random
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from planlint.fastschema import compile_schema
from planlint.loader import load_text
from planlint.schema import SchemaRegistry, base_schema, inline_refs

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted(ROOT.glob("tests/fixtures/**/*.plan.yaml")) + sorted(ROOT.glob("examples/*.plan.yaml"))
SCHEMA = inline_refs(base_schema())
SLOW = Draft202012Validator(SCHEMA)
FAST = compile_schema(SCHEMA)

ODD_VALUES = [None, True, False, 0, 1, -1, 1.5, 11, 250, "", "x", "30m", "2b", "09:00", "9", "70%", "bodyweight",
              [], [1], ["a", "a"], {}, {"rpe": 4}, {"x-note": 1}, {"kg": -1}, "2026-03-14", "2026-03-14T25:00",
              # bounds of day (-3650..3650), huge and non-finite numbers
              3650, 3651, -3650, -3651, 3650.0, 1e308, -1e308, 10**400, float("nan"), float("inf"), float("-inf")]


def documents():
    for path in PLANS:
        data = load_text(str(path), path.read_text(encoding="utf-8")).data
        if isinstance(data, dict):
            yield path.name, data


def paths_of(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths_of(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from paths_of(value, prefix + (i,))


def mutate(document, rng):
    doc = copy.deepcopy(document)
    path = rng.choice(list(paths_of(doc))[1:])
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    action = rng.randrange(4)
    if action == 0:
        parent[path[-1]] = copy.deepcopy(rng.choice(ODD_VALUES))
    elif action == 1 and isinstance(parent, dict):
        del parent[path[-1]]
    elif action == 2 and isinstance(parent, dict):
        parent[rng.choice(["bogus", "x-extra", "stage", "time", "at", "name", "day"])] = rng.choice(ODD_VALUES)
    elif isinstance(parent, list):
        parent.append(copy.deepcopy(rng.choice(ODD_VALUES + [parent[0]])))
    return doc


def test_the_plan_schema_compiles():
    assert FAST is not None


@pytest.mark.parametrize("name, document", list(documents()), ids=lambda v: v if isinstance(v, str) else "")
def test_agrees_on_every_fixture_plan(name, document):
    assert FAST(document) == SLOW.is_valid(document)


def test_agrees_on_mutated_plans():
    rng = random.Random(20261125)
    docs = [d for _, d in documents()]
    disagreements = []
    valid = invalid = 0
    for _ in range(3000):
        doc = mutate(rng.choice(docs), rng)
        expected = SLOW.is_valid(doc)
        valid, invalid = valid + expected, invalid + (not expected)
        if FAST(doc) != expected:
            disagreements.append(doc)
    assert not disagreements[:1]
    assert valid > 300 and invalid > 1000  # the mutations exercise both answers


def test_extended_schemas_compile_or_fall_back():
    from planlint.schema import SchemaExtension

    registry = SchemaRegistry([SchemaExtension("concussion", {"phase": {"properties": {"stage": {"type": "integer"}}, "required": ["stage"]}})])
    assert registry.is_valid("concussion", {"planlint": 1}) is False
    odd = SchemaRegistry([SchemaExtension(None, {"phase": {"properties": {"stage": {"multipleOf": 2}}}})])
    assert odd.is_valid(None, {}) is None  # unknown keyword: jsonschema alone decides


def test_json_equality_keeps_booleans_apart():
    check = compile_schema({"enum": [1, "a"]})
    assert check(1) and not check(True) and check("a")
    assert compile_schema({"const": 1})(1.0)


def test_editor_annotations_keep_the_fast_path():
    """yaml-language-server's keywords (messages, markdown, completion hints) are annotations:
    a schema carrying them still compiles instead of falling back to jsonschema alone."""
    from planlint.fastschema import EDITOR_ANNOTATIONS

    annotated = {keyword: "x" for keyword in EDITOR_ANNOTATIONS} | {"type": "string", "pattern": "^a"}
    check = compile_schema(annotated)
    assert check is not None and check("ab") and not check("b")
    assert all(k in SCHEMA["$defs"]["duration"] for k in ("patternErrorMessage", "errorMessage"))
    assert compile_schema({"unknownKeyword": 1}) is None  # anything else still falls back


def test_plugin_extended_schemas_take_the_fast_path():
    from planlint.plugins import build_plugin_host, collect_schema_extensions

    registry = SchemaRegistry(collect_schema_extensions(build_plugin_host()))
    for site in (None, "concussion", "hamstring"):
        assert registry.is_valid(site, {"planlint": 1}) is False  # False, not None: compiled
