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

Every cost is linear in the text and the number of fixes (a plan can carry
tens of thousands of fixable findings): one :class:`LineIndex` per text (the
fixes of one file share it, :func:`line_index`), overlaps checked against the
taken ranges kept sorted, and the new text joined once from slices. An edit
never covers or inserts a line break, so a fix keeps the file's lines (and
``autofix.unified_diff`` pairs them instead of searching for a diff); a fix
whose edits overlap an edit already taken is left for the next pass (the
fixer lints again after every pass, so a fix always applies to text it was
made from).
"""

from __future__ import annotations

import re
from bisect import bisect_right
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
    """1-based line and column <-> 0-based offset into one text (lines as the YAML reader counts them)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def _content_end(self, line: int) -> int:
        """Where line ``line``'s text ends (before its line break)."""
        if line < len(self.starts):
            end = self.starts[line]
            return end - 2 if self.text.startswith("\r\n", end - 2) else end - 1
        return len(self.text)

    def offset(self, line: int, column: int) -> int:
        """The offset of ``line``, ``column``; a column past the line's text (into or
        after its line break) is a ValueError, so no edit can cover a line break."""
        if line < 1 or line > len(self.starts):
            raise ValueError(f"line {line} is outside the text")
        start = self.starts[line - 1]
        offset = start + column - 1
        if offset < start or offset > self._content_end(line):
            raise ValueError(f"column {column} is outside line {line}")
        return offset

    def offsets(self, span: Span) -> tuple[int, int]:
        return self.offset(span.line, span.column), self.offset(span.end_line, span.end_column)

    def line_text(self, line: int) -> str:
        """Line ``line`` without its line break."""
        return self.text[self.starts[line - 1] : self._content_end(line)]

    def line_of(self, offset: int) -> int:
        """The 1-based line holding ``offset`` (a line break belongs to the line it ends)."""
        return bisect_right(self.starts, offset)


#: The index of the last text asked for: the fixes of one file are made from one text,
#: so they share one index instead of each building its own (a plan with 40,000 fixable
#: findings took 15 minutes that way).
_last_index: LineIndex | None = None


def line_index(text: str) -> LineIndex:
    """The :class:`LineIndex` of ``text``, built once for the same text object."""
    global _last_index
    index = _last_index
    if index is None or index.text is not text:
        index = _last_index = LineIndex(text)
    return index


#: Line breaks of any reader (YAML's, ``str.splitlines``'): an edit never removes or adds one.
_ANY_BREAK = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def apply_fixes(text: str, fixes: Iterable[Fix]) -> tuple[str, list[Fix]]:
    """Apply every fix whose edits do not overlap an earlier taken one; return the
    new text and the fixes applied. A fix with an edit outside the text, or one that
    would remove or insert a line break, is skipped.

    Linear in the text and the fixes (n log n when fixes come out of file order):
    taken ranges are kept sorted, and disjoint, so a new range is checked against
    its two neighbours only."""
    index = line_index(text)
    taken = _TakenRanges()
    applied: list[Fix] = []
    for fix in fixes:
        try:
            ranges = sorted((*index.offsets(edit.span), edit.new_text) for edit in fix.edits)
        except ValueError:
            continue
        if any(start > end or _ANY_BREAK.search(text, start, end) or _ANY_BREAK.search(new) for start, end, new in ranges):
            continue
        if any(_overlap(a, b) for a, b in zip(ranges, ranges[1:])) or any(taken.overlaps(r[0], r[1]) for r in ranges):
            continue
        for item in ranges:
            taken.add(item)
        applied.append(fix)
    return taken.apply(text), applied


class _TakenRanges:
    """Disjoint ``[start, end)`` ranges with their new text, sorted by start (starts
    are distinct: two ranges with one start always overlap)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.items: list[tuple[int, int, str]] = []

    def overlaps(self, start: int, end: int) -> bool:
        at = bisect_right(self.starts, start) - 1
        if at >= 0 and _overlap(self.items[at], (start, end, "")):
            return True
        return at + 1 < len(self.items) and _overlap(self.items[at + 1], (start, end, ""))

    def add(self, item: tuple[int, int, str]) -> None:
        at = bisect_right(self.starts, item[0])  # at the end when fixes come in file order
        self.starts.insert(at, item[0])
        self.items.insert(at, item)

    def apply(self, text: str) -> str:
        if not self.items:
            return text
        parts, position = [], 0
        for start, end, new_text in self.items:
            parts += (text[position:start], new_text)
            position = end
        parts.append(text[position:])
        return "".join(parts)


def _overlap(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    """Two ranges share a character, or are insertions at the same place."""
    return (a[0] < b[1] and b[0] < a[1]) or (a[0] == b[0] and (a[0] == a[1] or b[0] == b[1]))


# --------------------------------------------------------------------------- making fixes

_PLAIN_TOKEN = re.compile(r"^[^\s'\"&*!|>#{}\[\],%@`][^\n#]*$")


def _written_on_one_line(text: str | None, span: Span | None) -> str | None:
    """The source text at ``span`` when it lies on one line of ``text`` (None otherwise)."""
    if span is None or text is None or span.line != span.end_line:
        return None
    try:
        start, end = line_index(text).offsets(span)
    except ValueError:
        return None
    return text[start:end]


def replace_scalar(text: str, span: Span | None, old: str, new: str, description: str) -> Fix | None:
    """A fix replacing a text scalar written as ``old`` at ``span`` by ``new``, keeping
    its quotes; None when the source there is not simply ``old`` (an anchor, a tag,
    escapes, a multi-line scalar): then the fix is not certain and none is offered."""
    written = _written_on_one_line(text, span)
    if written is None:
        return None
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
    written = _written_on_one_line(text, span)
    if not written or not _PLAIN_TOKEN.match(written) or written != written.strip():
        return None
    return Fix(description, (TextEdit(span, new),))


def fixable(findings: Sequence) -> list[Fix]:
    """The fixes of the findings that are reported (not suppressed), in file order, each
    once: the sessions a template writes out (format 1.1) share its lines, and a fix there
    is offered by every occurrence but applied (and counted) once."""
    fixes: dict = {}
    for finding in sorted(findings, key=lambda f: f.sort_key()):
        if finding.fix is not None and not finding.suppressed:
            fixes.setdefault((finding.fix.description, finding.fix.edits), finding.fix)
    return list(fixes.values())
