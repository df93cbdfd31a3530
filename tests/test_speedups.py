"""The loader's and the pipeline's shortcuts give exactly what the long way gives.

Each shortcut (benchmarks/README.md says what it saves) is checked against
the computation it replaces, on hand-picked and generated input.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planlint.loader import LINE_BREAK, count_lines

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
