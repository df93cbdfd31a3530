"""Source positions: spans, and the index from a node's path to where it was written.

The YAML parser counts lines and columns from 0; everything planlint shows a
person counts from 1. The conversion happens here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Where a node sits in the document: str keys and int list indexes,
#: e.g. ``("sessions", 0, "phase")``.
NodePath = tuple[str | int, ...]


@dataclass(frozen=True, eq=False)
class Span:
    """A 1-based, end-exclusive range in a file.

    Compared and hashed by its four numbers alone, so that an :class:`OccurrenceSpan`
    (the same range, naming which written-out session of a template it belongs to)
    equals, sorts and deduplicates like the plain span at that range."""

    line: int
    column: int
    end_line: int
    end_column: int

    def _numbers(self) -> tuple[int, int, int, int]:
        return (self.line, self.column, self.end_line, self.end_column)

    def __eq__(self, other) -> bool:
        if not isinstance(other, Span):
            return NotImplemented
        return (
            self.line == other.line
            and self.column == other.column
            and self.end_line == other.end_line
            and self.end_column == other.end_column
        )

    def __hash__(self) -> int:
        return hash((self.line, self.column, self.end_line, self.end_column))

    def __lt__(self, other) -> bool:
        if not isinstance(other, Span):
            return NotImplemented
        return (self.line, self.column, self.end_line, self.end_column) < (
            other.line,
            other.column,
            other.end_line,
            other.end_column,
        )

    def __le__(self, other) -> bool:
        return self._numbers() <= other._numbers() if isinstance(other, Span) else NotImplemented

    def __gt__(self, other) -> bool:
        return self._numbers() > other._numbers() if isinstance(other, Span) else NotImplemented

    def __ge__(self, other) -> bool:
        return self._numbers() >= other._numbers() if isinstance(other, Span) else NotImplemented

    @classmethod
    def from_marks(cls, start_mark, end_mark) -> Span:
        """Build a span from ruamel.yaml marks (0-based line and column)."""
        return cls(start_mark.line + 1, start_mark.column + 1, end_mark.line + 1, end_mark.column + 1)

    @classmethod
    def from_points(cls, line: int, column: int, end_line: int, end_column: int) -> Span:
        """Build a span from 0-based numbers (the C event builder's positions)."""
        return cls(line + 1, column + 1, end_line + 1, end_column + 1)

    @classmethod
    def from_mark(cls, mark) -> Span:
        """A zero-width span at one parser mark."""
        return cls.from_marks(mark, mark)

    @classmethod
    def at_offset(cls, text: str | bytes, offset: int, width: int = 1) -> Span:
        """The span of ``width`` characters (or bytes) at a 0-based offset into ``text``."""
        newline = "\n" if isinstance(text, str) else b"\n"
        before = text[:offset]
        line = before.count(newline) + 1
        column = offset - (before.rfind(newline) + 1) + 1
        return cls(line, column, line, column + width)

    @classmethod
    def at_line(cls, line: int, column: int = 1) -> Span:
        """A zero-width span at a 1-based position."""
        return cls(line, column, line, column)

    def zero_based(self) -> tuple[int, int, int, int]:
        """``(line, column, end_line, end_column)`` counted from 0, as editors
        (the Language Server Protocol) count them; the way back from ``from_marks``."""
        return self.line - 1, self.column - 1, self.end_line - 1, self.end_column - 1

    def within(self, lines: int) -> Span:
        """This span moved inside a file of ``lines`` lines: lines 1..lines, columns
        from 1, the end not before the start (a parser error marked after the last
        line, a plugin's span outside the file)."""
        line = min(max(self.line, 1), lines)
        column = max(self.column, 1)
        end_line = min(max(self.end_line, line), lines)
        end_column = max(self.end_column, 1) if end_line > line else max(self.end_column, column)
        inside = Span(line, column, end_line, end_column)
        if inside == self:
            return self
        occurrence = getattr(self, "occurrence", None)
        return inside if occurrence is None else OccurrenceSpan.of(inside, occurrence)


@dataclass(frozen=True)
class Occurrence:
    """One written-out session of a template (format 1.1, "Templates and repeats"): the
    ``use`` item that scheduled it, and when. ``by`` is ``"repeat"`` (``by_line`` is
    the ``repeat`` key's line) or ``"use"`` (``by_line`` is the ``use`` item's line)."""

    line: int  # the `use` item's first line: a suppression there covers this occurrence
    template: str
    by: str
    by_line: int
    day: int | None = None
    time: str | None = None
    at: str | None = None
    #: 0-based position of this session among the written-out plan's sessions.
    session: int = 0

    @property
    def when(self) -> str:
        if self.at is not None:
            return f"at {self.at}"
        return f"on day {self.day}" + (f" at {self.time}" if self.time else "")

    def text(self) -> str:
        """How a message names the occurrence."""
        return f"in the session {self.when} written out by the {self.by} at line {self.by_line}"

    def to_dict(self) -> dict:
        return {
            "line": self.line,
            "template": self.template,
            "by": self.by,
            "by_line": self.by_line,
            "day": self.day,
            "time": self.time,
            "at": self.at,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Occurrence:
        return cls(
            int(data["line"]),
            str(data["template"]),
            str(data["by"]),
            int(data["by_line"]),
            data.get("day"),
            data.get("time"),
            data.get("at"),
        )


@dataclass(frozen=True, eq=False)
class OccurrenceSpan(Span):
    """A span in a template (or a ``use`` item) as one written-out session sees it: equal
    to the plain span, and carrying the :class:`Occurrence` a finding there names."""

    occurrence: Occurrence | None = None

    @classmethod
    def of(cls, span: Span, occurrence: Occurrence) -> OccurrenceSpan:
        return cls(span.line, span.column, span.end_line, span.end_column, occurrence)


FILE_START = Span(1, 1, 1, 1)


class SourceRef:
    """Where a model item came from.

    A session or exercise written out from a template (format 1.1) has its span
    looked up in a :class:`planlint.templates.ExpandedIndex`: an
    :class:`OccurrenceSpan` at the template's line (or the ``use`` item's) that
    carries the :class:`Occurrence` that scheduled it; rules use it like any span.

    Built from an index and a path, the span is looked up when first asked
    for: a plan has hundreds of items and findings point at a handful.
    """

    __slots__ = ("_span", "_index", "_path", "_prefer_key", "origin")

    def __init__(
        self, span: Span | None = None, origin: Span | None = None, *, index=None, path: NodePath = (), prefer_key: bool = False
    ) -> None:
        self._span, self._index, self._path, self._prefer_key, self.origin = span, index, path, prefer_key, origin

    @property
    def span(self) -> Span:
        if self._span is None:
            self._span = self._index.locate(self._path, prefer_key=self._prefer_key) if self._index is not None else FILE_START
        return self._span

    @property
    def start(self) -> tuple[int, int]:
        """(line, column) where the span starts, found without looking up where it ends."""
        if self._span is None and self._index is not None:
            return self._index.start(self._path, prefer_key=self._prefer_key)
        return self.span.line, self.span.column

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    def __eq__(self, other) -> bool:
        return isinstance(other, SourceRef) and (self.span, self.origin) == (other.span, other.origin)

    def __hash__(self) -> int:
        return hash((self.span, self.origin))

    def __repr__(self) -> str:
        return f"SourceRef({self.span!r})"


class PositionIndex:
    """Maps node paths to the spans of their keys and values.

    Entries are Spans, or (start_mark, end_mark) pairs from the parser that
    become Spans when first looked up: most positions are never asked for. A
    block collection's entry is (start_mark, end_mark, last_item_path): it ends
    where its last item ends (not where the next token starts), looked up then.

    Each use of a YAML alias is its own occurrence (plan-format-v1, "YAML,
    stated"): everything reached through an alias ``*name`` is located at that
    alias, and a key a mapping gets from a merge (``<<: *base``) at that ``<<``
    key, never at the anchor, so that a finding (and its suppression) concerns
    the occurrence the coach reads there. One entry per alias or merged key,
    however large the node it stands for. ``value_span``/``key_span`` give only
    what is *written* at a path (None for an occurrence reached through an alias or
    a merge): a fix edits only that, never an anchor on behalf of its aliases.
    The C event builder records 0-based numbers instead of marks:
    ``(line, column, end_line, end_column)``, with ``last_item_path`` as a fifth
    item for a block collection that has items; it hands every alias and merge
    back to the Python builder, so its tables have no occurrences to redirect.
    """

    def __init__(self) -> None:
        self._values: dict[NodePath, object] = {}
        self._keys: dict[NodePath, object] = {}
        #: Paths whose value is an alias: everything strictly below is located at it.
        self._aliases: dict[NodePath, object] = {}
        #: Keys a mapping gets from a merge: they and everything below are located at the `<<` key.
        self._merged: dict[NodePath, object] = {}
        self._redirect_sizes: list[int] = []

    @classmethod
    def from_tables(cls, values: dict[NodePath, tuple], keys: dict[NodePath, tuple]) -> PositionIndex:
        """An index over the tables the C event builder fills (no aliases or merges)."""
        index = cls()
        index._values, index._keys = values, keys
        return index

    def add(self, path: NodePath, value, key=None) -> None:
        """Record a node's value span (or marks) and, for a mapping value, its key's."""
        self._values.setdefault(path, value)
        if key is not None:
            self._keys.setdefault(path, key)

    def alias(self, path: NodePath, marks) -> None:
        """The value at ``path`` is an alias written at ``marks``: what lies below it is
        an occurrence of its anchor's content, located at the alias."""
        self._aliases.setdefault(path, marks)
        self._sized(len(path) + 1)

    def merged(self, path: NodePath, marks) -> None:
        """The key at ``path`` comes from a merge whose ``<<`` key is written at ``marks``."""
        self._merged.setdefault(path, marks)
        self._sized(len(path))

    def _sized(self, size: int) -> None:
        if size not in self._redirect_sizes:
            self._redirect_sizes.append(size)
            self._redirect_sizes.sort()

    def occurrence(self, path: NodePath) -> Span | None:
        """Where an occurrence reached through an alias or a merge is located (the
        outermost alias or ``<<`` key on the way to ``path``), None when ``path`` is written."""
        for size in self._redirect_sizes:  # shortest prefix first: the outermost occurrence
            if size > len(path):
                return None
            # An alias at a prefix one shorter (strictly above), or a merged key at this prefix.
            for table, prefix in ((self._aliases, path[: size - 1]), (self._merged, path[:size])):
                marks = table.get(prefix)
                if marks is not None:
                    if not isinstance(marks, Span):
                        marks = table[prefix] = Span.from_marks(*marks)
                    return marks
        return None

    def _find(self, table: dict, path: NodePath, resolve: bool = True):
        """The entry for ``path``: a Span, unless ``resolve`` is False (then as recorded:
        only its start is certain)."""
        entry = table.get(path)
        if resolve and entry is not None and not isinstance(entry, Span):
            entry = table[path] = self._span_of(entry)
        return entry

    def _span_of(self, marks: tuple) -> Span:
        if marks[0].__class__ is int:  # from the C builder
            span = Span.from_points(*marks[:4])
            if len(marks) == 4:
                return span
            last = marks[4]
        elif len(marks) == 2:
            return Span.from_marks(*marks)
        else:
            start, end, last = marks
            span = Span.from_marks(start, end)
        inner = self._find(self._values, last)
        return span if inner is None else Span(span.line, span.column, inner.end_line, inner.end_column)

    def _written(self, table: dict, path: NodePath) -> Span | None:
        if self._redirect_sizes and self.occurrence(path) is not None:
            return None
        return self._find(table, path)

    def value_span(self, path: NodePath) -> Span | None:
        """The value written at ``path`` (None: not written there)."""
        return self._written(self._values, path)

    def key_span(self, path: NodePath) -> Span | None:
        """The key written at ``path`` (None: not written there)."""
        return self._written(self._keys, path)

    def locate(self, path: NodePath, *, prefer_key: bool = True) -> Span:
        """The best span for ``path``: the alias or ``<<`` key it is reached through, else
        its key (or its value), else the nearest ancestor that exists, else the start of the file."""
        parts = tuple(path)
        if self._redirect_sizes:
            occurrence = self.occurrence(parts)
            if occurrence is not None:
                return occurrence
        while True:
            if prefer_key:
                key = self._find(self._keys, parts)
                if key is not None:
                    return key
            if parts or not prefer_key:
                value = self._find(self._values, parts)
                if value is not None:
                    return value
            if not parts:
                return FILE_START
            parts = parts[:-1]

    def start(self, path: NodePath, *, prefer_key: bool = True) -> tuple[int, int]:
        """Where ``locate(path, prefer_key=...)`` starts, as (line, column), without working
        out where it ends (a block collection ends where its last item ends: a lookup per
        level below it). For finding which of many items can have a given span."""
        parts = tuple(path)
        if self._redirect_sizes:
            occurrence = self.occurrence(parts)
            if occurrence is not None:
                return occurrence.line, occurrence.column
        while True:
            if prefer_key:
                key = self._find(self._keys, parts, resolve=False)
                if key is not None:
                    return _start_of(key)
            if parts or not prefer_key:
                value = self._find(self._values, parts, resolve=False)
                if value is not None:
                    return _start_of(value)
            if not parts:
                return FILE_START.line, FILE_START.column
            parts = parts[:-1]

    def key_to_value_span(self, path: NodePath) -> Span:
        """From the start of a key to the end of its value (a whole ``key: value``); the
        alias or ``<<`` key for an occurrence reached through one."""
        key, value = self.key_span(path), self.value_span(path)
        if key and value:
            return Span(key.line, key.column, value.end_line, value.end_column)
        return self.locate(path)


def _start_of(entry) -> tuple[int, int]:
    """The 1-based start of an index entry: a Span, the C builder's 0-based tuple, or parser marks."""
    if isinstance(entry, Span):
        return entry.line, entry.column
    if entry[0].__class__ is int:
        return entry[0] + 1, entry[1] + 1
    return entry[0].line + 1, entry[0].column + 1
