"""Safe fixes: what a finding proposes to change in the file, and how edits are applied.

A :class:`Fix` is a small immutable record attached to the finding it repairs
(``Finding.fix``), made where the finding is made (``validate`` for PL003,
``model`` for PL005) from the spans the loader recorded. It holds text edits
at exact spans of the original text: replace these characters by those.

Why text edits and not a ruamel.yaml round trip: a round trip re-emits the
whole document, and although ruamel keeps comments and key order it
normalises other things (indentation of sequences, spacing in flow mappings,
line width, some quoting), so "everything outside the fix is byte-identical"
would hold only as far as its emitter is faithful. An edit at a span the
parser reported touches those characters and no others, whatever the file
looks like: comments, key order, quoting, flow or block style, line endings
and a byte order mark outside the span are kept by construction. Fixes
therefore only ever replace one scalar (a key or a value) with another, on
one line, and are made only where the intent is unambiguous.

Edits are applied back to front so earlier offsets stay valid; a fix whose
edits overlap an edit already taken is left for the next pass (the fixer
lints again after every pass, so a fix always applies to text it was made from).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planlint.positions import Span

# Where the YAML reader starts a new line (ruamel.yaml counts the same breaks).
_LINE_BREAK = re.compile("\r\n|\r|\n|\x85|\u2028|\u2029")


@dataclass(frozen=True)
class TextEdit:
    """Replace the text at ``span`` (1-based, end-exclusive) with ``new_text``."""

    span: Span
    new_text: str

    def to_dict(self) -> dict:
        return {
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "new_text": self.new_text,
        }


@dataclass(frozen=True)
class Fix:
    """A safe repair for one finding: what it does (``description``) and its edits."""

    description: str
    edits: tuple[TextEdit, ...]

    def to_dict(self) -> dict:
        return {"description": self.description, "edits": [edit.to_dict() for edit in self.edits]}


class LineIndex:
    """1-based line and column <-> 0-based offset into one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def offset(self, line: int, column: int) -> int:
        if line < 1 or line > len(self.starts):
            raise ValueError(f"line {line} is outside the text")
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        offset = start + column - 1
        if offset < start or offset > end:
            raise ValueError(f"column {column} is outside line {line}")
        return offset

    def offsets(self, span: Span) -> tuple[int, int]:
        return self.offset(span.line, span.column), self.offset(span.end_line, span.end_column)

    def line_text(self, line: int) -> str:
        """Line ``line`` without its line break."""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return _LINE_BREAK.sub("", self.text[start:end])


def apply_fixes(text: str, fixes: Iterable[Fix]) -> tuple[str, list[Fix]]:
    """Apply every fix whose edits do not overlap an earlier taken one; return the
    new text and the fixes applied. A fix with an edit outside the text is skipped."""
    index = LineIndex(text)
    taken: list[tuple[int, int, str]] = []
    applied: list[Fix] = []
    for fix in fixes:
        try:
            ranges = [(*index.offsets(edit.span), edit.new_text) for edit in fix.edits]
        except ValueError:
            continue
        if any(_overlap(a, b) for a in ranges for b in taken) or any(
            _overlap(a, b) for i, a in enumerate(ranges) for b in ranges[i + 1 :]
        ):
            continue
        taken.extend(ranges)
        applied.append(fix)
    for start, end, new_text in sorted(taken, key=lambda r: (r[0], r[1]), reverse=True):
        text = text[:start] + new_text + text[end:]
    return text, applied


def _overlap(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    """Two ranges share a character, or are insertions at the same place."""
    return (a[0] < b[1] and b[0] < a[1]) or (a[0] == b[0] and (a[0] == a[1] or b[0] == b[1]))


# --------------------------------------------------------------------------- making fixes

_PLAIN_TOKEN = re.compile(r"^[^\s'\"&*!|>#{}\[\],%@`][^\n#]*$")


def replace_scalar(text: str, span: Span | None, old: str, new: str, description: str) -> Fix | None:
    """A fix replacing a text scalar written as ``old`` at ``span`` by ``new``, keeping
    its quotes; None when the source there is not simply ``old`` (an anchor, a tag,
    escapes, a multi-line scalar): then the fix is not certain and none is offered."""
    if span is None or text is None or span.line != span.end_line:
        return None
    try:
        index = LineIndex(text)
        start, end = index.offsets(span)
    except ValueError:
        return None
    written = text[start:end]
    if written == old and _PLAIN_TOKEN.match(old):
        inner = span
    elif len(written) >= 2 and written[0] == written[-1] and written[0] in "'\"" and written[1:-1] == old and "\\" not in old:
        if written[0] == "'" and "'" in new or written[0] == '"' and '"' in new:
            return None
        inner = Span(span.line, span.column + 1, span.end_line, span.end_column - 1)
    else:
        return None
    return Fix(description, (TextEdit(inner, new),))


def replace_plain_value(text: str, span: Span | None, new: str, description: str) -> Fix | None:
    """A fix replacing a plain (unquoted, one-line) scalar such as ``0.9``, ``9`` or
    ``yes`` by ``new`` as written; None for anything else at ``span``."""
    if span is None or text is None or span.line != span.end_line:
        return None
    try:
        start, end = LineIndex(text).offsets(span)
    except ValueError:
        return None
    written = text[start:end]
    if not written or not _PLAIN_TOKEN.match(written) or written != written.strip():
        return None
    return Fix(description, (TextEdit(span, new),))


def fixable(findings: Sequence) -> list[Fix]:
    """The fixes of the findings that are reported (not suppressed), in file order."""
    return [f.fix for f in sorted(findings, key=lambda f: f.sort_key()) if f.fix is not None and not f.suppressed]
