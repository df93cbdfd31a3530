"""The C and the Python event builders agree: data, positions and findings.

planlint reads YAML with the C event builder (``planlint._cbuilder``) when it
is installed, and with the Python builder when it is not, when
``PLANLINT_BUILDER=python``, or when the C builder hands a document back
(errors, anchors, aliases, tags, merge keys, duplicate keys, limits...). Every
file under tests/ and examples/, the hostile recipes, and generated, mutated
and broken plans are read both ways and must give the same ``LoadedSource``
(data with exact types and key order, every key and value span, quoted
scalars, comments, line count, floats seen, findings) and, linted, the same
findings (fingerprints and fixes included) and the same JSON and SARIF reports.
"""

from __future__ import annotations

import io
import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from hostile import recipes
from hypothesis import given
from hypothesis import strategies as st
from test_properties import EXAMPLES, NASTY_TEXT, YAML_TOKENS, mutated_plans, plans, to_yaml

from planlint import cbuilder
from planlint.engine import Linter
from planlint.errors import ConfigError
from planlint.limits import DEFAULT, Limits
from planlint.loader import decode, load_source
from planlint.positions import Span
from planlint.reporters import REPORTERS
from planlint.reporters.reporter import ReportContext, RunSummary

ROOT = Path(__file__).resolve().parent.parent
LINTER = Linter()

pytestmark = pytest.mark.skipif(
    not cbuilder.available(), reason="the C event builder is not installed (planlint was installed without a C compiler)"
)


def corpus() -> list[Path]:
    """Every file under tests/ and examples/ (fixtures, hostile files, the tests themselves)."""
    skip = {"__pycache__", ".hypothesis", ".pytest_cache"}
    return sorted(
        path
        for folder in (ROOT / "tests", ROOT / "examples")
        for path in folder.rglob("*")
        if path.is_file() and not skip & set(path.relative_to(ROOT).parts)
    )


@contextmanager
def builder(name: str):
    before = os.environ.get("PLANLINT_BUILDER")
    os.environ["PLANLINT_BUILDER"] = name
    try:
        yield
    finally:
        if before is None:
            del os.environ["PLANLINT_BUILDER"]
        else:
            os.environ["PLANLINT_BUILDER"] = before


def exact(value):
    """``value`` with every type and order visible: 1, 1.0 and True differ, so do 0.0 and -0.0."""
    if isinstance(value, dict):
        return ("dict", [(exact(key), exact(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [exact(item) for item in value])
    if isinstance(value, float):
        return ("float", repr(value))  # nan equals itself, -0.0 differs from 0.0
    return (type(value).__name__, value)


def loaded(raw: bytes) -> dict:
    """Everything a LoadedSource carries, spans resolved (paths by repr: hidden steps differ per load)."""
    source = load_source("p.plan.yaml", raw)
    index = source.index
    return {
        "text": source.text,
        "data": exact(source.data),
        "values": sorted((repr(path), index.value_span(path)) for path in index._values),
        "keys": sorted((repr(path), index.key_span(path)) for path in index._keys),
        "aliases": sorted((repr(path), index.occurrence(path + (0,))) for path in index._aliases),
        "merged": sorted((repr(path), index.occurrence(path)) for path in index._merged),
        "keys_written": None if source.keys is None else sorted(source.keys),
        "quoted": [(span if isinstance(span, Span) else Span.from_points(*span), style) for span, style in source._quoted],
        "findings": source.findings,
        "non_finite": repr(source.non_finite),
        "has_whole_floats": source.has_whole_floats,
        "line_count": source.line_count,
        "comments": source.comments(),
    }


def linted(raw: bytes) -> dict:
    result = LINTER.lint_bytes("p.plan.yaml", raw)
    reports = {}
    for name in ("json", "sarif"):
        stream = io.StringIO()
        REPORTERS[name](stream, ReportContext("0", {})).report(result.findings, RunSummary(files=1))
        reports[name] = stream.getvalue()
    return {"findings": result.findings, "rules_skipped": result.rules_skipped, "crashed": result.crashed, **reports}


def assert_builders_agree(raw: bytes, lint: bool = True) -> None:
    """The same LoadedSource both ways and, with ``lint``, the same findings and reports."""
    with builder("python"):
        python = (loaded(raw), linted(raw) if lint else {})
    with builder("c"):
        c = (loaded(raw), linted(raw) if lint else {})
    for part, expected, got in (("loaded", python[0], c[0]), ("linted", python[1], c[1])):
        assert got.keys() == expected.keys()
        for key in expected:
            assert got[key] == expected[key], f"{part} {key} differs"


def c_builds(text: str) -> bool:
    """Whether the C builder reads ``text`` itself (False: it hands it back)."""
    with builder("c"):
        return cbuilder.build(text, DEFAULT) is not None


# ----------------------------------------------------------------------------- the corpus


@pytest.mark.parametrize("path", corpus(), ids=lambda path: str(path.relative_to(ROOT)))
def test_builders_agree_on_every_file_in_the_repository(path):
    assert_builders_agree(path.read_bytes())


#: The hostile corpus's generated files (tests/hostile/recipes.py), smaller where a size can be given.
HOSTILE_RECIPES = {
    "deep_flow": lambda: recipes.deep_flow(2_000),
    "deep_block": lambda: recipes.deep_block(2_000),
    "merge_wide": lambda: recipes.merge_wide(2_000),
    "hash_strings": lambda: recipes.hash_strings(2_000),
    "disable_file_lines": lambda: recipes.disable_file_lines(500),
    "yaml12_large": lambda: recipes.yaml12_large(40),
    "alias_block": lambda: recipes.alias_block(100, 1_000),
    "alias_bomb": recipes.alias_bomb,
    "many_sessions": lambda: recipes.many_sessions(2_000),
    "shared_sessions": lambda: recipes.shared_sessions(100),
    "huge_hex_version": recipes.huge_hex_version,
    "long_digits_day": lambda: recipes.long_digits("day", 5_000),
    "long_digits_duration": lambda: recipes.long_digits("duration", 400),
    "yaml12_wide": lambda: recipes.yaml12_wide(16),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_RECIPES))
def test_builders_agree_on_the_hostile_recipes(name):
    assert_builders_agree(HOSTILE_RECIPES[name]())


def test_builders_agree_on_an_error_at_the_end_of_a_large_file():
    """recipes.late_error at 64 KiB (the megabyte of the corpus takes seconds each way)."""
    items = "".join(f"  - k{i}: v{i}\n" for i in range(4096))
    assert_builders_agree(f"x:\n{items}y: [\n".encode())


def test_the_c_builder_reads_every_example_and_rule_fixture_itself():
    """Not a builder that always hands back: the plans planlint is made for are read in C."""
    files = sorted(ROOT.glob("examples/*.plan.yaml")) + sorted(ROOT.glob("tests/fixtures/rules/*/*.plan.yaml"))
    assert len(files) > 50
    handed_back = [path for path in files if not c_builds(path.read_text(encoding="utf-8"))]
    # Only a text libyaml itself refuses is left to Python: a time written plain in a flow
    # mapping (`{occurred: 2026-03-14T17:30:00+01:00}`), which the YAML 1.2 fallback reads.
    assert [str(path.relative_to(ROOT)) for path in handed_back if not libyaml_refuses(path.read_text(encoding="utf-8"))] == []
    assert len(handed_back) < len(files) // 20


def libyaml_refuses(text: str) -> bool:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    try:
        YAML(typ="safe").load(text)
    except MarkedYAMLError:
        return True
    return False


# ----------------------------------------------------------------------------- what each builder reads

READ_IN_C = {
    "numbers": "a: 1\nb: -7\nc: +3\nd: 007\ne: 4.0\nf: -0.0\ng: .5\nh: 1.\ni: 1e5\nj: 2.5E-3\nk: +.5e+3\nl: 123456789012345678\n",
    "words": "a: true\nb: False\nc: NULL\nd: ~\ne:\nf: yes\ng: nope\nh: Tuesday\ni: 09:00\nj: 2026-03-14\nk: 30s\nl: -x\nm: +\n",
    "not numbers": "a: 1-\nb: .e5\nc: 1e\nd: 0x\ne: 0b\nf: 1.2.3\ng: -.nan\nh: +-1\ni: 1e+\nj: .5e3\n",
    "quoted and block": "'a': \"1\"\nb: '2.0'\nc: |\n  text\n  more\nd: >-\n  folded\n  text\ne: \"x # not a comment\"  # a comment\n",
    "flow": "a: {b: 1, 'c': [2, \"3\", {d: []}]}\ne: []\nf: {}\ng: [x, y,\n  z]\n",
    "block lists": "a:\n  - 1\n  - b: 2\n    c:\n      - d\n  -\n  - []\ne:\n- f\n",
    "a list root": "- 1\n- a: b\n",
    "crlf and unicode": "\ufeffa: \u00e9t\u00e9\r\nb: [1, '\u2028']\r\nc: x\u00a0y\r\n",
    "explicit markers": "---\na: 1\n...\n",
    "complex key": "? a\n: 1\n",
    "empty keys": '? \n: 1\nb: {"": 2}\n',
}
HANDED_BACK = {
    "a syntax error": "a: [1, 2\nb: 3\n",
    "an anchor": "a: &x 1\n",
    "an alias": "a: &x 1\nb: *x\n",
    "a merge key": "a: {b: 1}\nc:\n  <<: {b: 2}\n",
    "a quoted key like a merge key": "'<<': 1\n",
    "a tag": "a: !!str 1\n",
    "a tag on a mapping": "a: !!map {b: 1}\n",
    "a duplicate key": "a: 1\na: 2\n",
    "a list as a key": "? [a]\n: 1\n",
    "a directive": "%YAML 1.1\n---\na: 1\n",
    "a second document": "a: 1\n---\nb: 2\n",
    "a scalar document": "just text\n",
    "an empty file": "",
    "a comment only": "# nothing\n",
    "not a number": "a: .nan\n",
    "infinity": "a: -.inf\n",
    "a float that overflows": "a: 1e400\n",
    "a hexadecimal int": "a: 0x1f\n",
    "an octal int": "a: 0o17\n",
    "an int with underscores": "a: 1_000\n",
    "a float with underscores": "a: 1_0.5\n",
    "a 19-digit int": "a: 1234567890123456789\n",
    "a number over two lines": "a: 12\n\n  34\n",
    "a YAML 1.2 flow scalar": "a: {at: 2026-03-14T17:30:00+01:00}\n",
    "an escaped surrogate": 'a: "\\ud800"\n',
    "too deep": "a: " + "[" * 150 + "]" * 150 + "\n",
}


@pytest.mark.parametrize("name", sorted(READ_IN_C))
def test_the_c_builder_reads_plain_documents(name):
    text = READ_IN_C[name]
    assert c_builds(text)
    assert_builders_agree(text.encode("utf-8"))


@pytest.mark.parametrize("name", sorted(HANDED_BACK))
def test_the_c_builder_hands_unusual_documents_back(name):
    text = HANDED_BACK[name]
    assert not c_builds(text)
    assert_builders_agree(text.encode("utf-8"))


def test_numbers_read_in_c_have_the_python_builders_types():
    with builder("c"):
        data = load_source("p.yaml", READ_IN_C["numbers"].encode()).data
    assert [(key, type(value).__name__, repr(value)) for key, value in data.items()] == [
        ("a", "int", "1"),
        ("b", "int", "-7"),
        ("c", "int", "3"),
        ("d", "int", "7"),
        ("e", "float", "4.0"),
        ("f", "float", "-0.0"),
        ("g", "float", "0.5"),
        ("h", "float", "1.0"),
        ("i", "float", "100000.0"),
        ("j", "float", "0.0025"),
        ("k", "float", "500.0"),
        ("l", "int", "123456789012345678"),
    ]


def test_the_node_limit_is_the_python_builders_in_both():
    text = "a: [" + ", ".join(["1"] * 50) + "]\n"
    with builder("c"):
        assert cbuilder.build(text, Limits(max_nodes=53)) is not None
        assert cbuilder.build(text, Limits(max_nodes=52)) is None
        [finding] = load_source("p.yaml", text.encode(), Limits(max_nodes=52)).findings
    assert finding.code == "PL001"
    assert "more than 52 values" in finding.message


# ----------------------------------------------------------------------------- the switch


def test_planlint_builder_python_never_calls_the_c_builder():
    with builder("python"):
        assert cbuilder.chosen() == "python"
        assert cbuilder.build("a: 1\n", DEFAULT) is None
    with builder("c"):
        assert cbuilder.chosen() == "c"
    with builder("auto"):
        assert cbuilder.chosen() == "c"


def test_a_bad_planlint_builder_is_a_clear_error():
    with builder("fast"):
        with pytest.raises(ConfigError, match="PLANLINT_BUILDER='fast' is not one of auto, c, python"):
            cbuilder.chosen()


# ----------------------------------------------------------------------------- generated input

PLAIN_VALUES = st.from_regex(r"\A[-+]?[0-9._eExob+-]{0,8}\Z") | st.sampled_from(["~", "null", "True", "NaN", ".Inf", "-0"])


@given(plans())
def test_builders_agree_on_generated_plans(plan):
    assert_builders_agree((to_yaml(plan) + "\n").encode("utf-8"))


@given(mutated_plans())
def test_builders_agree_on_mutated_plans(plan):
    assert_builders_agree(to_yaml(plan).encode("utf-8", "surrogatepass"))


@given(st.sampled_from(EXAMPLES), st.lists(st.tuples(st.integers(0, 10**6), YAML_TOKENS), min_size=1, max_size=8))
def test_builders_agree_on_examples_with_yaml_tokens_inserted(example, edits):
    text = example.decode("utf-8")
    for position, inserted in edits:
        at = position % (len(text) + 1)
        text = text[:at] + inserted + text[at:]
    assert_builders_agree(text.encode("utf-8"))


@given(st.sampled_from(EXAMPLES), st.lists(st.tuples(st.integers(0, 10**6), NASTY_TEXT), max_size=5))
def test_builders_agree_on_examples_with_nasty_text_inserted(example, edits):
    text = example.decode("utf-8")
    for position, inserted in edits:
        at = position % (len(text) + 1)
        text = text[:at] + inserted + text[at:]
    assert_builders_agree(text.encode("utf-8", "surrogatepass"))


@given(st.lists(PLAIN_VALUES, min_size=1, max_size=6), st.booleans())
def test_builders_agree_on_plain_scalars_that_look_like_numbers(values, flow):
    """The C builder's own reading of null, booleans, ints and floats against the Python builder's regular expressions."""
    if flow:
        text = "a: [" + ", ".join(values) + "]\nb: {" + ", ".join(f"k{i}: {v}" for i, v in enumerate(values)) + "}\n"
    else:
        text = "".join(f"k{i}: {v}\n" for i, v in enumerate(values))
    assert_builders_agree(text.encode("utf-8"))


def test_undecodable_files_never_reach_a_builder():
    raw = b"a: \xff\n"
    assert decode("p.yaml", raw)[0] is None
    assert_builders_agree(raw)


# ----------------------------------------------------------------------------- YAML 1.2 flow values, read from a quoted copy

FLOW_REPAIRS = {
    "a time in a flow injury": "planlint: 1\ninjury: {site: hamstring, type: strain, occurred: 2026-03-14T17:30:00+01:00}\n",
    "two on one line": "a: {b: 10:00, c: 11:30, d: x}\ne: 1\n",
    "a comment with quotes after": "a: {b: 10:00}  # it's 'here'\nc: [12:00, 'x', \"y\"]\n",
    "on two lines": "a: {b: 10:00}\nc:\n  - {d: 2026-01-01T10:00:00Z, e: 2.0}\n",
    "a list of times": "a: [09:00, 10:30, 'x']\n",
    "then a real slip": "a: {b: 10:00}\nc: [1, 2\n",
}


@pytest.mark.parametrize("name", sorted(FLOW_REPAIRS))
def test_builders_agree_on_yaml_1_2_flow_values(name):
    assert_builders_agree(FLOW_REPAIRS[name].encode())


def test_the_quoted_copy_is_read_by_the_c_builder(monkeypatch):
    """A flow value libyaml refuses (``{occurred: 2026-...T17:30}``) is quoted in a copy,
    which the C builder reads; its positions are moved back like the Python builder's."""
    from planlint import loader

    calls = []
    original = loader._load
    monkeypatch.setattr(loader, "_load", lambda *a, **k: calls.append(k.get("remap")) or original(*a, **k))
    with builder("c"):
        source = loader.load_text("p.yaml", FLOW_REPAIRS["a time in a flow injury"])
    assert source.data["injury"]["occurred"] == "2026-03-14T17:30:00+01:00"
    assert calls == [None]  # the first, failed read only: the copy never reached the Python builder
    assert source.index.value_span(("injury", "occurred")) == Span(2, 51, 2, 76)  # as written, no quotes


def test_builders_agree_on_every_example_with_its_injury_in_flow_style():
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench_floor import _flow_injury
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    for path in sorted(ROOT.glob("examples/*.plan.yaml")):
        flowed = _flow_injury(path.read_text(encoding="utf-8"))
        assert "injury: {" in flowed, path.name
        assert_builders_agree(flowed.encode())
