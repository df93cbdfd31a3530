"""An open document of the language server: its text, its version, and positions in it.

The server keeps the documents the client opened, and only those. Their text
arrives in ``didOpen`` and ``didChange``, never from the disk (pygls's own
workspace reads a document it does not know from the disk: a ``didChange``
for a document never opened made the server read a FIFO, and hang, or
``/dev/zero``, until it ran out of memory).

A document is immutable: a change makes a new one (:meth:`OpenDocument.changed`),
so the findings of one version keep the text and the positions they were
computed from. Positions are converted through tables built once per version,
on first use, each conversion a bisection:

- LSP lines end at ``\\r\\n``, ``\\r`` or ``\\n`` only; U+2028, U+2029 and U+0085
  are characters to LSP (``str.splitlines`` breaks at them, which shifted every
  position after one);
- planlint's spans count lines as the YAML reader does (those three too) and
  columns in characters of the text it linted (a byte order mark stripped);
- LSP characters are UTF-16 code units unless the client chose UTF-8 or UTF-32.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right
from urllib.parse import unquote_to_bytes, urlsplit

from lsprotocol import types

from planlint.edits import LineIndex
from planlint.positions import Span

_LSP_BREAK = re.compile("\r\n|\r|\n")
_BOM = "\ufeff"
#: Characters that take more than one unit, per position encoding.
_WIDE = {
    "utf-16": re.compile("[\U00010000-\U0010ffff]"),
    "utf-8": re.compile("[^\x00-\x7f]"),
    "utf-32": None,
}


def _extra_units(encoding: str, char: str) -> int:
    """Units beyond the first that ``char`` takes in ``encoding``."""
    code = ord(char)
    if encoding == "utf-16":
        return 1 if code > 0xFFFF else 0
    return 0 if code < 0x80 else 1 if code < 0x800 else 2 if code < 0x10000 else 3


def file_path(uri: str) -> str | None:
    """The file-system path a ``file:`` URI names, or None: another scheme, another
    host, or a path no file can have (a NUL, a lone surrogate): such a document is
    linted as an untitled one, with no configuration looked up."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return None
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    try:
        path = os.fsdecode(unquote_to_bytes(parts.path.encode("utf-8")))
    except (UnicodeError, ValueError):
        return None  # a lone surrogate in the URI itself
    if "\0" in path or not path:
        return None
    try:
        os.fsencode(path)
    except UnicodeError:
        return None
    return path


class OpenDocument:
    """One version of a document the client opened."""

    def __init__(self, uri: str, text: str, version: int | None, encoding: str = "utf-16") -> None:
        self.uri = uri
        self.text = text
        self.version = version
        self.encoding = encoding if encoding in _WIDE else "utf-16"
        self.path = file_path(uri)
        self._lines: list[int] | None = None
        self._wide: tuple[list[int], list[int]] | None = None
        self._yaml: LineIndex | None = None

    # -- versions ------------------------------------------------------------------

    def changed(self, changes, version: int | None) -> OpenDocument:
        """The next version: ``changes`` (whole texts, or ranges with their new text)
        applied in order, each to the text the previous one left."""
        document = self
        for change in changes:
            if getattr(change, "range", None) is not None:
                start, end = sorted((document.offset(change.range.start), document.offset(change.range.end)))
                text = document.text[:start] + change.text + document.text[end:]
            else:
                text = change.text
            document = OpenDocument(self.uri, text, version, self.encoding)
        if document is self:
            document = OpenDocument(self.uri, self.text, version, self.encoding)
        return document

    @property
    def name(self) -> str:
        """The file name to lint the document as (its path's, else its URI's last part)."""
        if self.path:
            return self.path
        tail = self.uri.rsplit("/", 1)[-1]
        return tail if tail and "\0" not in tail else "untitled.plan.yaml"

    # -- LSP positions -----------------------------------------------------------------

    @property
    def lines(self) -> list[int]:
        """Where each LSP line starts (offsets into the text)."""
        if self._lines is None:
            self._lines = [0] + [match.end() for match in _LSP_BREAK.finditer(self.text)]
        return self._lines

    def _line_end(self, line: int) -> int:
        """Where LSP line ``line``'s text ends (before its line break)."""
        lines = self.lines
        if line + 1 < len(lines):
            end = lines[line + 1]
            return end - 2 if self.text.startswith("\r\n", end - 2) else end - 1
        return len(self.text)

    def _extra_before(self, offset: int) -> int:
        """Units beyond one per character, taken by the characters before ``offset``."""
        if self._wide is None:
            positions, totals = [], [0]
            pattern = _WIDE[self.encoding]
            if pattern is not None:
                for match in pattern.finditer(self.text):
                    positions.append(match.start())
                    totals.append(totals[-1] + _extra_units(self.encoding, match.group()))
            self._wide = (positions, totals)
        positions, totals = self._wide
        return totals[bisect_left(positions, offset)]

    def position(self, offset: int) -> types.Position:
        """The LSP position of an offset into the text."""
        offset = min(max(offset, 0), len(self.text))
        line = bisect_right(self.lines, offset) - 1
        start = self.lines[line]
        return types.Position(line, offset - start + self._extra_before(offset) - self._extra_before(start))

    def offset(self, position: types.Position) -> int:
        """The offset an LSP position stands for: a line past the end is the end of the
        text, a character past its line the end of the line (as LSP says); a position
        inside a character that takes several units, that character's start."""
        if position.line >= len(self.lines):
            return len(self.text)
        start, end = self.lines[max(position.line, 0)], self._line_end(max(position.line, 0))
        units, base = max(position.character, 0), self._extra_before(start)
        low, high = start, end
        while low < high:  # the last offset whose units from the line's start are <= units
            middle = (low + high + 1) // 2
            if middle - start + self._extra_before(middle) - base <= units:
                low = middle
            else:
                high = middle - 1
        return low

    # -- planlint's spans --------------------------------------------------------------

    @property
    def linted_text(self) -> str:
        """The text planlint reads: the document's, without a leading byte order mark."""
        return self.text[1:] if self.text.startswith(_BOM) else self.text

    @property
    def yaml(self) -> LineIndex:
        """Lines of :attr:`linted_text` as the YAML reader counts them."""
        if self._yaml is None:
            self._yaml = LineIndex(self.linted_text)
        return self._yaml

    def span_offset(self, line: int, column: int) -> int:
        """The document offset of a planlint (line, column), clamped into the text."""
        starts = self.yaml.starts
        line = min(max(line, 1), len(starts))
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.yaml.text)
        base = len(self.text) - len(self.yaml.text)
        return base + min(max(start + column - 1, start), end)

    def span_offsets(self, span: Span) -> tuple[int, int]:
        start, end = self.span_offset(span.line, span.column), self.span_offset(span.end_line, span.end_column)
        return start, max(start, end)

    def edit_range(self, span: Span) -> types.Range:
        """The exact range of an edit at ``span``."""
        start, end = self.span_offsets(span)
        return types.Range(self.position(start), self.position(end))

    def offsets_range(self, start: int, end: int) -> types.Range:
        return types.Range(self.position(start), self.position(end))

    def shown_range(self, span: Span) -> types.Range:
        """A finding's span as an editor draws it: a zero-width span covers the rest of
        its line, and one that ends at the start of a later line ends on the line before."""
        start, end = self.span_offsets(span)
        first, last = self.position(start), self.position(end)
        if last.line > first.line and last.character == 0:
            previous = last.line - 1
            last = self.position(self._line_end(previous))
        if (last.line, last.character) <= (first.line, first.character):
            line_end = self.position(self._line_end(first.line))
            last = line_end if line_end.character > first.character else first
        return types.Range(first, last)
