"""The loader's and the pipeline's shortcuts give exactly what the long way gives.

Each shortcut (benchmarks/README.md says what it saves) is checked against
the computation it replaces, on hand-picked and generated input.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_builders import PLAIN_VALUES, ROOT, builder, exact
from test_properties import mutated_plans, to_yaml

from planlint import cbuilder, loader
from planlint.engine import Linter
from planlint.fingerprints import places
from planlint.loader import LINE_BREAK, LoadedSource, count_lines, load_text, split_lines
from planlint.model import whole_numbers
from planlint.suppressions import may_suppress, parse_suppressions
from planlint.units import REMEMBERED, REMEMBERED_LENGTH, UnitError, parse_distance_metres, parse_duration_hours, parse_percent

LINE_TEXT = st.text(alphabet=st.sampled_from(["a", " ", "\n", "\r", "\x85", "\u2028", "\u2029", "\u00e9", "#"]))


@pytest.mark.parametrize(
    "text, lines",
    [("", 1), ("a", 1), ("a\n", 2), ("a\r\nb", 2), ("a\rb\r", 3), ("\r\r\n\n", 4), ("a\x85b\u2028c\u2029", 4), ("\u00e9\r\n", 2)],
)
def test_count_lines_counts_the_yaml_line_breaks(text, lines):
    assert count_lines(text) == lines


@given(LINE_TEXT)
def test_count_lines_agrees_with_the_line_break_pattern(text):
    assert count_lines(text) == len(LINE_BREAK.findall(text)) + 1


# ----------------------------------------------------------------------------- the comment scan, only when needed

COMMENT_TEXT = st.lists(
    st.sampled_from(
        [
            "# ",
            "#",
            "planlint",
            "PlanLint",
            "PLANLINT",
            ":",
            " : ",
            "disable",
            "DISABLE",
            "di\u017fable",
            "disable-file",
            "=",
            "HS001",
            ",",
            " -- why",
            "\n",
            "\r\n",
            "\u2028",
            " ",
            "\t",
            "'",
            '"',
            "a: ",
            "- ",
            "x",
        ]
    ),
    max_size=25,
).map("".join)


@pytest.mark.parametrize(
    "text, may",
    [
        ("a: 1\n", False),
        ("planlint: 1\nid: x\n", False),
        ("title: do not disable this\n", False),
        ("a: 1  # planlint: disable=HS001\n", True),
        ("# PlanLint : DISABLE-FILE = PL105\n", True),
        ("a: 1  # planlint: di\u017fable=HS001 \u00e9\n", True),  # U+017F matches "s" under IGNORECASE
    ],
)
def test_may_suppress(text, may):
    assert may_suppress(text) is may


@given(COMMENT_TEXT)
def test_may_suppress_is_true_wherever_a_directive_is_read(text):
    suppressions, malformed = parse_suppressions(LoadedSource("p.yaml", text).comments())
    if suppressions or malformed:
        assert may_suppress(text)


# ----------------------------------------------------------------------------- the whole-number copy, only after a float


@pytest.mark.parametrize("name", ["c", "python"])
@pytest.mark.parametrize(
    "text, has_whole_floats",
    [
        ("a: 4\nb: [1, x]\n", False),
        ("a: 4.0\n", True),
        ("a: [1, {b: 2.0}]\n", True),
        ("a: [1, {b: 2.5}]\n", False),  # a fraction stays a float: the copy would change nothing
        ("a: '4.0'\n", False),
        ("a: 1e3\n", True),
        ("a: !!float 3\n", True),
        ("a: .inf\n", False),
    ],
)
def test_the_loader_says_whether_it_read_a_whole_float(monkeypatch, name, text, has_whole_floats):
    if name == "c" and not cbuilder.available():
        pytest.skip("the C event builder is not installed")
    monkeypatch.setenv("PLANLINT_BUILDER", name)
    assert load_text("p.yaml", text).has_whole_floats is has_whole_floats


@given(mutated_plans())
def test_without_a_float_the_whole_number_copy_changes_nothing(plan):
    source = load_text("p.yaml", to_yaml(plan))
    if source.data is not None and not source.has_whole_floats:
        assert exact(whole_numbers(source.data)) == exact(source.data)


# ----------------------------------------------------------------------------- unit parsers that remember

UNIT_PARSERS = [parse_duration_hours, parse_distance_metres, parse_percent]
UNIT_TEXT = st.one_of(
    st.from_regex(r"\A\s?[0-9]{1,4}(\.[0-9]{1,2})?\s?(s|min|h|d|w|m|km|%|hours|x)?\s?\Z"),
    st.text(max_size=6),
    st.just("9" * 400 + "h"),
)


def outcome(parse, value, name):
    try:
        return ("value", parse(value, name=name))
    except UnitError as exc:
        return ("error", str(exc))


@pytest.mark.parametrize("parse", UNIT_PARSERS, ids=lambda parse: parse.__name__)
@given(values=st.lists(UNIT_TEXT | st.integers(-5, 500) | st.floats(allow_nan=True), max_size=8))
def test_unit_parsers_that_remember_give_what_parsing_gives(parse, values):
    for value in values * 2:  # the second time from what was remembered
        for name in ("hold", "reassess_soreness_after"):
            assert outcome(parse, value, name) == outcome(parse.__wrapped__, value, name)


def test_a_remembered_value_still_gets_its_own_wording_when_it_fails():
    with pytest.raises(UnitError, match="^hold '30m' uses 'm'"):
        parse_duration_hours("30m", name="hold")
    with pytest.raises(UnitError, match="^duration '30m' uses 'm'"):
        parse_duration_hours("30m")
    assert parse_duration_hours("72h", name="reassess_soreness_after") == parse_duration_hours("72h") == 72.0


def kept(parse) -> dict:
    """What a remembering parser keeps (the results dict in its closure)."""
    return next(cell.cell_contents for cell in parse.__closure__ if isinstance(cell.cell_contents, dict))


def test_unit_parsers_keep_a_bounded_number_of_values():
    for number in range(REMEMBERED + 10):
        assert parse_distance_metres(f"{number}m") == float(number)
        assert len(kept(parse_distance_metres)) <= REMEMBERED
    assert parse_distance_metres("1.2km") == 1200.0


def test_long_unit_values_are_parsed_but_not_kept():
    long_value = "0" * 100_000 + "1h"
    assert parse_duration_hours(long_value) == 1.0
    assert long_value not in kept(parse_duration_hours)
    assert all(len(value) <= REMEMBERED_LENGTH for value in kept(parse_duration_hours))


# ----------------------------------------------------------------------------- plain scalars resolved once (Python builder)


@given(st.lists(PLAIN_VALUES, min_size=1, max_size=6))
def test_remembered_plain_scalars_read_as_they_did_the_first_time(values):
    text = "".join(f"k{i}: {value}\n" for i, value in enumerate(values)) + "t: !!float 3\n"
    with builder("python"):
        loader._PLAIN_VALUES.clear()
        first = load_text("p.yaml", text)
        again = load_text("p.yaml", text)
    assert (exact(again.data), again.has_whole_floats, again.findings) == (
        exact(first.data),
        first.has_whole_floats,
        first.findings,
    )


def test_a_tagged_scalar_is_not_remembered_as_a_plain_one():
    with builder("python"):
        loader._PLAIN_VALUES.clear()
        assert load_text("p.yaml", "a: !!str 12\nb: !!float 7\n").data == {"a": "12", "b": 7.0}
        assert load_text("p.yaml", "a: 12\nb: 7\n").data == {"a": 12, "b": 7}
    assert loader._PLAIN_VALUES == {"12": 12, "7": 7}


def test_long_plain_scalars_are_converted_but_not_kept():
    with builder("python"):
        loader._PLAIN_VALUES.clear()
        assert load_text("p.yaml", f"a: {'1' * 40}\n").data == {"a": int("1" * 40)}
    assert loader._PLAIN_VALUES == {}


# ----------------------------------------------------------------------------- spans looked up only where a finding starts

REPOSITORY_PLANS = sorted((ROOT / "examples").glob("*.plan.yaml")) + sorted((ROOT / "tests" / "fixtures").rglob("*.plan.yaml"))


@pytest.mark.parametrize("name", ["c", "python"])
def test_index_start_is_where_locate_starts(name):
    """For every path of every plan in the repository, key or value first."""
    if name == "c" and not cbuilder.available():
        pytest.skip("the C event builder is not installed")
    checked = 0
    with builder(name):
        for path in REPOSITORY_PLANS:
            index = load_text(str(path), path.read_text(encoding="utf-8")).index
            for node in [*index._values, *index._keys, ("sessions", 10**6)]:
                for prefer_key in (True, False):
                    located = index.locate(node, prefer_key=prefer_key)
                    assert index.start(node, prefer_key=prefer_key) == (located.line, located.column)
                    checked += 1
    assert checked > 10_000


def test_places_of_the_wanted_spans_are_the_places_of_all_spans():
    linter = Linter()
    for path in sorted((ROOT / "examples").glob("*.plan.yaml")):
        result = linter.lint_bytes(str(path), path.read_bytes(), keep_plan=True)
        if result.plan is None:
            continue
        wanted = {finding.span for finding in result.findings}
        everything = places(result.plan)
        some = places(result.plan, wanted)
        assert {span: some.get(span) for span in wanted} == {span: everything.get(span) for span in wanted}
        assert len(some) < len(everything)


@given(LINE_TEXT)
def test_split_lines_agrees_with_the_line_break_pattern(text):
    assert split_lines(text) == LINE_BREAK.split(text)
