"""The loader: positions for keys, values and items; YAML problems become findings."""

from planlint.loader import load_source, load_text
from planlint.positions import Span

TEXT = """\
# comment line
planlint: 1
injury:
  site: hamstring
sessions:
  - day: 1
    exercises:
      - name: "Bridge # not a comment"
        ref: isometric_bridge   # planlint: disable=HS003
  - {day: 2, phase: x}
"""


def test_positions_of_keys_values_and_items():
    source = load_text("p.yaml", TEXT)
    index = source.index
    assert source.findings == []
    assert index.key_span(("planlint",)) == Span(2, 1, 2, 9)
    assert index.value_span(("planlint",)) == Span(2, 11, 2, 12)
    assert index.key_span(("injury", "site")) == Span(4, 3, 4, 7)
    # a sequence item starts at its first key, after "- "
    assert index.value_span(("sessions", 0)).line == 6
    assert index.value_span(("sessions", 0)).column == 5
    assert index.value_span(("sessions", 0, "exercises", 0)).line == 8
    assert index.value_span(("sessions", 0, "exercises", 0)).column == 9
    # flow mappings too
    assert index.key_span(("sessions", 1, "phase")) == Span(10, 14, 10, 19)
    assert index.value_span(("sessions", 1, "phase")) == Span(10, 21, 10, 22)


def test_locate_falls_back_to_nearest_ancestor_and_file_start():
    index = load_text("p.yaml", TEXT).index
    assert index.locate(("sessions", 0, "phase")) == index.value_span(("sessions", 0))
    assert index.locate(("nothing", "here")) == Span(1, 1, 1, 1)
    assert index.locate(("injury",)) == Span(3, 1, 3, 7)


def test_comments_outside_quoted_scalars_only():
    comments = load_text("p.yaml", TEXT).comments()
    assert [(c.line, c.column, c.own_line) for c in comments] == [(1, 1, True), (9, 33, False)]
    assert comments[1].text == "# planlint: disable=HS003"


def test_comment_inside_block_scalar_is_not_a_comment():
    text = "notes: |\n  # planlint: disable=HS001\n  more\nx: 1  # real\n"
    assert [(c.line, c.text) for c in load_text("p.yaml", text).comments()] == [(4, "# real")]


def test_scalars_are_plain_values_and_dates_stay_text():
    source = load_text("p.yaml", "a: 0x1f\nb: 1.5\nc: true\nd: ~\ne: 2026-03-14\nf: yes\ng: 09:00\n")
    assert source.data == {"a": 31, "b": 1.5, "c": True, "d": None, "e": "2026-03-14", "f": "yes", "g": "09:00"}


def test_duplicate_key_points_at_second_occurrence():
    source = load_text("p.yaml", "a: 1\nb:\n  c: 1\n  c: 2\n")
    [finding] = source.findings
    assert (finding.code, finding.line, finding.column) == ("PL002", 4, 3)
    assert "first at line 3, column 3" in finding.message
    assert source.data == {"a": 1, "b": {"c": 1}}


def test_syntax_error_has_position():
    [finding] = load_text("p.yaml", "a: [1, 2\nb: 3\n").findings
    assert (finding.code, finding.line, finding.column) == ("PL001", 2, 2)
    assert finding.message.startswith("invalid YAML: did not find expected ',' or ']'")


def test_tab_indentation_hint():
    [finding] = load_text("p.yaml", "a:\n\tb: 1\n").findings
    assert finding.code == "PL001" and finding.line == 2


def test_empty_and_comment_only_files():
    for text in ("", "# only a comment\n", "---\n"):
        [finding] = load_text("p.yaml", text).findings
        assert finding.code == "PL001" and "empty" in finding.message


def test_not_utf8_reports_byte_position():
    [finding] = load_source("p.yaml", b"a: 1\nb: caf\xe9\n").findings
    assert (finding.code, finding.line, finding.column) == ("PL001", 2, 7)
    assert "not UTF-8" in finding.message


def test_utf8_bom_is_accepted():
    source = load_source("p.yaml", "\ufeffa: 1\n".encode("utf-8"))
    assert source.findings == [] and source.data == {"a": 1}


def test_object_constructing_tags_are_refused():
    [finding] = load_text("p.yaml", 'a: !!python/object/apply:os.system ["echo hi"]\n').findings
    assert finding.code == "PL001"
    assert "!!python/object/apply:os.system" in finding.message
    [finding] = load_text("p.yaml", "a: !custom x\n").findings
    assert "!custom" in finding.message


def test_alias_bomb_is_refused():
    lines = ["a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]"]
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    [finding] = load_text("p.yaml", "\n".join(lines) + "\n").findings
    assert finding.code == "PL001" and "aliases" in finding.message


def test_deep_nesting_is_a_finding_not_a_crash():
    source = load_text("p.yaml", "a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert [f.code for f in source.findings] == ["PL001"]


def test_two_documents():
    [finding] = load_text("p.yaml", "a: 1\n---\nb: 2\n").findings
    assert finding.code == "PL001" and finding.line == 2 and "one YAML document" in finding.message


def test_merge_keys_are_expanded():
    source = load_text("p.yaml", "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n")
    assert source.data["m"] == {"y": 3, "x": 1}


def test_merge_key_lists_and_explicit_keys_win():
    source = load_text("p.yaml", "b: &b {x: 1}\nn:\n  <<: [*b, {z: 4}]\n  x: 0\n")
    assert source.findings == []
    assert source.data["n"] == {"x": 0, "z": 4}
    # A merged key is located at the `<<` key of the mapping that merges it (format 1.1,
    # "YAML, stated"), and is not written there: no span to edit.
    assert source.index.locate(("n", "z")) == Span(3, 3, 3, 5)
    assert source.index.value_span(("n", "z")) is None
    assert source.index.value_span(("n", "x")) == Span(4, 6, 4, 7)


def test_merge_of_a_scalar_is_refused():
    [finding] = load_text("p.yaml", "n:\n  <<: [1]\n").findings
    assert finding.code == "PL001" and "merge key" in finding.message


def test_each_alias_is_its_own_occurrence():
    source = load_text("p.yaml", "a: &a\n  - 1\nb: *a\nc: [*a, *a]\n")
    assert source.data == {"a": [1], "b": [1], "c": [[1], [1]]}
    # The anchor's own content is where it is written...
    assert source.index.locate(("a", 0)) == Span(2, 5, 2, 6)
    # ... and each use of the alias is located at that alias, never at the anchor.
    assert source.index.locate(("b", 0)) == Span(3, 4, 3, 6)
    assert source.index.locate(("c", 0, 0)) == Span(4, 5, 4, 7)
    assert source.index.locate(("c", 1, 0)) == Span(4, 9, 4, 11)
    assert source.index.value_span(("c", 1)) == Span(4, 9, 4, 11)  # the alias is written there
    assert source.index.value_span(("c", 1, 0)) is None  # its content is not


def test_block_collection_spans_end_at_their_last_value():
    source = load_text("p.yaml", "a:\n  - x: 1\n    y:\n      z: 2\n  - x: 3\nb: {c: 1}\n")
    assert source.index.value_span(("a", 0)) == Span(2, 5, 4, 11)
    assert source.index.value_span(("a",)) == Span(2, 3, 5, 9)
    assert source.index.value_span(("b",)) == Span(6, 4, 6, 10)


def test_oversized_file_is_refused_unread():
    from planlint.loader import MAX_BYTES

    [finding] = load_source("p.yaml", b"a: 1\n" + b"#" * MAX_BYTES).findings
    assert (finding.code, finding.line, finding.column) == ("PL001", 1, 1)
    assert "larger than 10 MiB" in finding.message


def test_yaml_12_plain_scalars_with_colons_in_flow_mappings():
    # libyaml refuses these; the YAML 1.2 parser accepts them, and so must planlint.
    source = load_text("p.yaml", "injury: {site: hamstring, occurred: 2026-03-14T17:30:00+01:00}\n")
    assert source.findings == []
    assert source.data == {"injury": {"site": "hamstring", "occurred": "2026-03-14T17:30:00+01:00"}}
    assert source.index.value_span(("injury", "occurred")) == Span(1, 37, 1, 62)


def test_yaml12_colon_in_a_flow_value_is_read_by_libyaml_with_positions_as_written():
    """libyaml refuses `{occurred: 2026-03-14T17:30:00+01:00}`; planlint quotes the value in a copy
    (YAML 1.2 reads it as text either way) and maps positions back to the file as written."""
    text = (
        "planlint: 1\ninjury: {site: hamstring, occurred: 2026-03-14T17:30:00+01:00, note: it's a:b}   # c\nx: [a, 09:30:00, b]\n"
    )
    source = load_text("x.plan.yaml", text)
    assert source.findings == []
    assert source.data["injury"] == {"site": "hamstring", "occurred": "2026-03-14T17:30:00+01:00", "note": "it's a:b"}
    assert source.data["x"] == ["a", "09:30:00", "b"]
    assert source.text == text
    assert source.index.value_span(("injury", "occurred")) == Span(2, 37, 2, 62)
    assert source.index.key_span(("injury", "note")) == Span(2, 64, 2, 68)
    assert source.index.value_span(("injury", "note")) == Span(2, 70, 2, 78)
    assert source.index.value_span(("x", 2)) == Span(3, 18, 3, 19)
    assert [(c.line, c.column) for c in source.comments()] == [(2, 82)]


def test_a_flow_value_that_cannot_be_quoted_safely_goes_to_the_yaml12_parser():
    text = "a: {b: x'y\"z:w}\n"
    assert load_text("x.yaml", text).data == {"a": {"b": "x'y\"z:w"}}
