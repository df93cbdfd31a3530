"""The language server's documents: LSP positions against a plain reference, planlint's
spans on YAML lines, changes, and URIs no file can have."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types

from planlint.lsp_document import OpenDocument, file_path
from planlint.positions import Span


def reference_position(text: str, offset: int, encoding: str = "utf-16") -> tuple[int, int]:
    """LSP's definition, spelt out: lines end at \\r\\n, \\r or \\n; characters are code units."""
    before = text[:offset]
    starts = [0] + [m.end() for m in re.finditer("\r\n|\r|\n", text)]
    line = max(i for i, start in enumerate(starts) if start <= offset)
    if offset > 0 and text[offset - 1] == "\r" and text[offset : offset + 1] == "\n":
        line = max(i for i, start in enumerate(starts) if start < offset)  # between \r and \n: still the line
    segment = before[starts[line] :]
    if encoding == "utf-16":
        units = len(segment.encode("utf-16-le", "surrogatepass")) // 2
    elif encoding == "utf-8":
        units = len(segment.encode("utf-8", "surrogatepass"))
    else:
        units = len(segment)
    return line, units


CHARS = st.sampled_from(["a", "é", "€", "😀", "\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\ufeff", "\t", " ", "\ud800"])


@given(st.lists(CHARS, max_size=40), st.sampled_from(["utf-16", "utf-8", "utf-32"]))
def test_positions_agree_with_lsps_definition(parts, encoding):
    text = "".join(parts)
    document = OpenDocument("file:///p.plan.yaml", text, 1, encoding)
    for offset in range(len(text) + 1):
        if offset and text[offset - 1] == "\r" and text[offset : offset + 1] == "\n":
            continue  # between \r and \n: no position names it
        position = document.position(offset)
        assert (position.line, position.character) == reference_position(text, offset, encoding), (text, offset)
        assert document.offset(position) == offset


def test_u2028_and_nel_are_characters_to_lsp_and_line_breaks_to_yaml():
    text = "a: \u2028\nb: 1\x85c\rd\r\ne"
    document = OpenDocument("file:///p.plan.yaml", text, 1)
    assert document.lines == [0, 5, 12, 15]
    assert document.yaml.starts == [0, 4, 5, 10, 12, 15]
    # planlint's line 3 ("b: 1") is LSP's line 1: "b" at character 0, "1" at 3
    assert document.edit_range(Span(3, 4, 3, 5)) == types.Range(types.Position(1, 3), types.Position(1, 4))


def test_a_byte_order_mark_shifts_planlints_first_line_only():
    document = OpenDocument("file:///p.plan.yaml", "\ufeffa: 1\nb: 2\n", 1)
    assert document.linted_text == "a: 1\nb: 2\n"
    assert document.edit_range(Span(1, 4, 1, 5)) == types.Range(types.Position(0, 4), types.Position(0, 5))
    assert document.edit_range(Span(2, 4, 2, 5)) == types.Range(types.Position(1, 3), types.Position(1, 4))


def test_shown_ranges_follow_the_editors_conventions():
    document = OpenDocument("file:///p.plan.yaml", "ab: 1\rcd: 22\r", 1)
    assert document.shown_range(Span(2, 1, 2, 1)) == types.Range(types.Position(1, 0), types.Position(1, 6))  # rest of line
    assert document.shown_range(Span(1, 1, 2, 1)) == types.Range(types.Position(0, 0), types.Position(0, 5))  # ends before
    assert document.shown_range(Span(99, 1, 99, 1)).start.line == 2  # past the end: the last line


def test_changes_apply_in_order_to_a_new_version():
    document = OpenDocument("file:///p.plan.yaml", "a\u2028b\nc😀d\n", 1)
    changes = [
        types.TextDocumentContentChangePartial(range=types.Range(types.Position(1, 3), types.Position(1, 4)), text="D"),
        types.TextDocumentContentChangePartial(range=types.Range(types.Position(0, 2), types.Position(0, 3)), text="B"),
    ]
    changed = document.changed(changes, 2)
    assert changed.text == "a\u2028B\nc😀D\n" and changed.version == 2
    assert document.text == "a\u2028b\nc😀d\n" and document.version == 1  # the old version is kept as it was
    whole = changed.changed([types.TextDocumentContentChangeWholeDocument(text="new")], 3)
    assert whole.text == "new"


def test_uris_that_name_no_file_are_untitled_documents():
    assert file_path("file:///plans/a%20b.plan.yaml") == "/plans/a b.plan.yaml"
    assert file_path("file:///plans/a%00b.plan.yaml") is None
    assert file_path("file:///plans/\ud800.plan.yaml") is None
    assert file_path("untitled:Untitled-1") is None
    assert file_path("file://otherhost/a.plan.yaml") is None
    assert file_path("file:///plans/bad-%FF.plan.yaml") == "/plans/bad-\udcff.plan.yaml"  # bytes of a name, kept
    assert OpenDocument("file:///x/a%00b.plan.yaml", "", 1).name == "a%00b.plan.yaml"
