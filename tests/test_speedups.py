"""The loader's and the pipeline's shortcuts give exactly what the long way gives.

Each shortcut (benchmarks/README.md says what it saves) is checked against
the computation it replaces, on hand-picked and generated input.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_builders import exact
from test_properties import mutated_plans, to_yaml

from planlint import cbuilder
from planlint.loader import LINE_BREAK, LoadedSource, count_lines, load_text
from planlint.model import whole_numbers
from planlint.suppressions import may_suppress, parse_suppressions

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
    "text, has_floats",
    [("a: 4\nb: [1, x]\n", False), ("a: 4.0\n", True), ("a: [1, {b: 2.5}]\n", True), ("a: '4.0'\n", False), ("a: 1e3\n", True)],
)
def test_the_loader_says_whether_it_read_a_float(monkeypatch, name, text, has_floats):
    if name == "c" and not cbuilder.available():
        pytest.skip("the C event builder is not installed")
    monkeypatch.setenv("PLANLINT_BUILDER", name)
    assert load_text("p.yaml", text).has_floats is has_floats


@given(mutated_plans())
def test_without_a_float_the_whole_number_copy_changes_nothing(plan):
    source = load_text("p.yaml", to_yaml(plan))
    if source.data is not None and not source.has_floats:
        assert exact(whole_numbers(source.data)) == exact(source.data)
