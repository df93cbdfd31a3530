"""The fast yes/no check (jsonschema-rs) agrees with jsonschema on valid plans and on many broken ones.

jsonschema explains the plans the fast check refuses, so the two must agree on
what a valid plan is. Non-finite numbers (.nan, .inf) are left out of the
comparison: planlint's schema layer reports every one as PL003 whatever either
validator says (jsonschema's range checks let NaN through).
"""

import copy
import random
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from plan_edits import paths_of

from planlint.loader import load_text
from planlint.schema import EDITOR_ANNOTATIONS, SchemaRegistry, _fast_check, base_schema, inline_refs
from planlint.validate import _non_finite

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted(ROOT.glob("tests/fixtures/**/*.plan.yaml")) + sorted(ROOT.glob("examples/*.plan.yaml"))
SCHEMA = inline_refs(base_schema())
SLOW = Draft202012Validator(SCHEMA)
FAST = _fast_check(SCHEMA)[0]


def finite(node) -> bool:
    """No .nan or .inf anywhere (what the schema layer reports as PL003 on its own)."""
    return next(_non_finite(node, ()), None) is None


def expected_validity(validator, document) -> bool:
    return validator.is_valid(document)


ODD_VALUES = [
    None,
    True,
    False,
    0,
    1,
    -1,
    1.5,
    11,
    250,
    "",
    "x",
    "30m",
    "2b",
    "09:00",
    "9",
    "70%",
    "bodyweight",
    [],
    [1],
    ["a", "a"],
    {},
    {"rpe": 4},
    {"x-note": 1},
    {"kg": -1},
    "2026-03-14",
    "2026-03-14T25:00",
    # bounds of day (-3650..3650), huge and non-finite numbers
    3650,
    3651,
    -3650,
    -3651,
    3650.0,
    1e308,
    -1e308,
    10**400,
    float("nan"),
    float("inf"),
    float("-inf"),
]


def documents():
    for path in PLANS:
        data = load_text(str(path), path.read_text(encoding="utf-8")).data
        if isinstance(data, dict):
            yield path.name, data


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
    assert FAST(document) == expected_validity(SLOW, document)


def test_agrees_on_mutated_plans():
    rng = random.Random(20261125)
    docs = [d for _, d in documents()]
    disagreements = []
    valid = invalid = 0
    for _ in range(3000):
        doc = mutate(rng.choice(docs), rng)
        expected = expected_validity(SLOW, doc)
        valid, invalid = valid + expected, invalid + (not expected)
        fast = FAST(doc)
        # None: it cannot tell (a 400-digit number), jsonschema decides; non-finite: PL003 either way
        if fast is not None and finite(doc) and fast != expected:
            disagreements.append(doc)
    assert not disagreements[:1]
    assert valid > 300 and invalid > 1000  # the mutations exercise both answers


def test_extended_schemas_compile_or_fall_back():
    from planlint.schema import SchemaExtension

    registry = SchemaRegistry(
        [SchemaExtension("concussion", {"phase": {"properties": {"stage": {"type": "integer"}}, "required": ["stage"]}})]
    )
    assert registry.is_valid("concussion", {"planlint": 1}) is False
    broken = SchemaRegistry([SchemaExtension(None, {"phase": {"properties": {"stage": {"pattern": "(unclosed"}}}})])
    assert broken.is_valid(None, {}) is None  # a schema it cannot compile: jsonschema alone decides


def test_editor_annotations_do_not_change_validity():
    """yaml-language-server's keywords (messages, markdown, completion hints) are annotations."""
    annotated = {keyword: "x" for keyword in EDITOR_ANNOTATIONS} | {"type": "string", "pattern": "^a"}
    check = _fast_check(annotated)[0]
    assert check is not None and check("ab") and not check("b")
    assert all(k in SCHEMA["$defs"]["duration"] for k in ("patternErrorMessage", "errorMessage"))


def test_huge_integers_cannot_crash_the_fast_check():
    assert FAST({"planlint": 10**400}) in (False, None)


def test_plugin_extended_schemas_take_the_fast_path():
    from planlint.plugins import build_plugin_host, collect_schema_extensions

    registry = SchemaRegistry(collect_schema_extensions(build_plugin_host()))
    for site in (None, "concussion", "hamstring"):
        assert registry.is_valid(site, {"planlint": 1}) is False  # False, not None: compiled


def test_explaining_only_the_failing_items_gives_the_same_findings_as_the_whole_plan():
    """SchemaRegistry.explain validates only the sessions, phases or injury that hold a
    problem; the PL003 findings must be exactly those of validating the whole plan."""
    from planlint.loader import LoadedSource
    from planlint.positions import PositionIndex
    from planlint.validate import validate

    targeted, whole = SchemaRegistry(), SchemaRegistry()
    whole._failing_items = lambda site, document: None  # always explain from the root
    rng = random.Random(20261130)
    docs = [d for _, d in documents()]
    compared = 0
    for _ in range(1500):
        doc = mutate(rng.choice(docs), rng)
        if targeted.is_valid(None, doc) is not False:
            continue
        source = LoadedSource(path="x.plan.yaml", text="", data=doc, index=PositionIndex())
        expected = [(f.code, f.message) for f in validate(source, whole)]
        assert [(f.code, f.message) for f in validate(source, targeted)] == expected
        compared += 1
    assert compared > 500
