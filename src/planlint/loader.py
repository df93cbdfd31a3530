"""Load a plan file: bytes -> plain data that remembers where everything came from.

The parser is ruamel.yaml's C-backed safe parser (libyaml), used only for its
*events*, read one at a time: planlint turns them into plain Python values
itself, so that no YAML tag can construct an object, duplicate keys are
reported instead of silently overwritten, every key and value gets a position,
and the limits (:mod:`planlint.limits`: depth, node count through aliases) are
enforced as the events arrive, so nothing past a limit is ever parsed or kept.
Everything behind :func:`load_source` may be replaced (for speed) without the
rest of planlint noticing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from planlint import cbuilder
from planlint.codes import PL001, PL002
from planlint.findings import Finding
from planlint.limits import DEFAULT, MAX_FLOW_REPAIRS, PLAIN_VALUE_LENGTH, PLAIN_VALUES_KEPT, Limits
from planlint.positions import FILE_START, NodePath, PositionIndex, Span
from planlint.quoting import quote

# ruamel.yaml is imported the first time the Python builder runs (:func:`_ruamel`):
# with the C event builder a plain plan never needs it, and importing it costs
# about 10 ms of every start-up.
YAML = CParser = MarkedYAMLError = YAMLError = ReaderError = None
AliasEvent = CollectionEndEvent = DocumentStartEvent = MappingEndEvent = MappingStartEvent = None
ScalarEvent = SequenceEndEvent = SequenceStartEvent = StreamEndEvent = None


def _ruamel() -> None:
    """Bind ruamel.yaml's parser, errors and event classes to this module's names, once."""
    global YAML, CParser, MarkedYAMLError, YAMLError, ReaderError, AliasEvent, CollectionEndEvent
    global DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent
    global SequenceStartEvent, StreamEndEvent
    if YAML is not None:
        return
    from ruamel.yaml import YAML as yaml_class
    from ruamel.yaml import events
    from ruamel.yaml.error import MarkedYAMLError as marked
    from ruamel.yaml.error import YAMLError as base
    from ruamel.yaml.reader import ReaderError as reader_error

    try:
        from _ruamel_yaml import CParser as parser  # ruamel.yaml.clib, declared for CPython
    except ImportError:  # pragma: no cover - other interpreters: ruamel's own parser
        parser = None
    CParser, MarkedYAMLError, YAMLError, ReaderError = parser, marked, base, reader_error
    AliasEvent, CollectionEndEvent, DocumentStartEvent = events.AliasEvent, events.CollectionEndEvent, events.DocumentStartEvent
    MappingEndEvent, MappingStartEvent, ScalarEvent = events.MappingEndEvent, events.MappingStartEvent, events.ScalarEvent
    SequenceEndEvent, SequenceStartEvent, StreamEndEvent = (
        events.SequenceEndEvent,
        events.SequenceStartEvent,
        events.StreamEndEvent,
    )
    global _PLAIN_RESOLVERS
    _PLAIN_RESOLVERS = tuple((name, re.compile(pattern)) for name, pattern in _PLAIN_PATTERNS)
    YAML = yaml_class  # last: the flag that all the names are bound


# The defaults, under the names older code imports.
MAX_NODES = DEFAULT.max_nodes
MAX_BYTES = DEFAULT.max_bytes
MAX_DEPTH = DEFAULT.max_depth

_YAML_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {
    _YAML_TAG + "str",
    _YAML_TAG + "int",
    _YAML_TAG + "float",
    _YAML_TAG + "bool",
    _YAML_TAG + "null",
    _YAML_TAG + "timestamp",
}
_MAP_TAG = _YAML_TAG + "map"
_SEQ_TAG = _YAML_TAG + "seq"
#: Line breaks as the YAML parser counts them (YAML 1.1, as libyaml reads it).
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


@dataclass(frozen=True)
class Comment:
    """A YAML comment: where its ``#`` stands and its text (with the ``#``)."""

    line: int
    column: int
    text: str
    own_line: bool  # nothing but white space before it on its line


@dataclass
class LoadedSource:
    """The result of loading one file. ``data`` is None when it cannot be used."""

    path: str
    text: str
    data: object = None
    index: PositionIndex = field(default_factory=PositionIndex)
    findings: list[Finding] = field(default_factory=list)
    #: Quoted and block scalars (Spans, or the C builder's 0-based tuples) and their styles.
    _quoted: list[tuple[Span | tuple[int, int, int, int], str]] = field(default_factory=list)
    #: Where the document holds .nan, .inf or -.inf, noted as they are read (None:
    #: not known, e.g. data not built by the loader).
    non_finite: list[tuple[NodePath, float]] | None = None
    #: Every mapping key the document writes (None: not known); a key reached through an
    #: alias or a merge was written in the mapping it comes from.
    keys: set[str] | None = None
    #: Whether the data may hold a whole float (``4.0``; True unless the loader read
    #: none): the model reads them as ints, a copy of the data it needs only then.
    has_whole_floats: bool = True

    @property
    def line_count(self) -> int:
        """Lines in the file as the parser counts them (at least 1)."""
        return count_lines(self.text)

    def comments(self) -> list[Comment]:
        """Every comment in the file, found without a round-trip parser: a ``#``
        at the start of a line or after white space, outside quoted and block
        scalars, starts a comment."""
        if "#" not in self.text:
            return []
        masked = _masked_lines(self._quoted)
        comments = []
        for number, line in enumerate(split_lines(self.text), start=1):
            if "#" not in line:
                continue
            starts, ends = masked.get(number, ((), ()))
            for match in re.finditer(r"(?:^|(?<=\s))#", line):
                col = match.start() + 1
                # The range starting last at or before col (ranges on a line do not overlap).
                at = bisect_right(starts, col) - 1
                if at >= 0 and col < ends[at]:
                    continue
                comments.append(Comment(number, col, line[match.start() :], not line[: match.start()].strip()))
                break
        return comments


def split_lines(text: str) -> list[str]:
    """``LINE_BREAK.split(text)``; with ``str.split`` (four times faster) when ``\n`` is
    the only line break the text can hold (ASCII, no ``\r``)."""
    if text.isascii() and "\r" not in text:
        return text.split("\n")
    return LINE_BREAK.split(text)


def count_lines(text: str) -> int:
    """Lines as LINE_BREAK splits them, counted with ``str.count`` (thirty times faster
    than the regular expression): ``\r\n`` is one break, ``\x85``, U+2028 and
    U+2029 (never in ASCII text) are breaks too."""
    count = text.count("\n")
    if "\r" in text:
        count += text.count("\r") - text.count("\r\n")
    if not text.isascii():
        count += text.count("\x85") + text.count("\u2028") + text.count("\u2029")
    return count + 1


def _masked_lines(quoted: list[tuple[Span | tuple[int, int, int, int], str]]) -> dict[int, tuple[list[int], list[int]]]:
    """Column ranges, per line, covered by quoted or block scalars: sorted starts and their ends."""
    ranges: dict[int, list[tuple[int, int]]] = {}
    for span, _style in quoted:
        if span.__class__ is tuple:  # from the C builder
            span = Span.from_points(*span)
        for line in range(span.line, span.end_line + 1):
            start = span.column if line == span.line else 1
            end = span.end_column if line == span.end_line else 10**9
            ranges.setdefault(line, []).append((start, end))
    masked = {}
    for line, pairs in ranges.items():
        pairs.sort()
        masked[line] = ([start for start, _ in pairs], [end for _, end in pairs])
    return masked


def decode(path: str, raw: bytes) -> tuple[str | None, Finding | None]:
    """Bytes -> text. Plans are UTF-8 (a BOM is tolerated)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        span = Span.at_offset(raw, exc.start)
        bad = raw[exc.start : exc.start + 1].hex()
        return None, PL001.at(
            path,
            span,
            f"the file is not UTF-8 text (byte 0x{bad} at line {span.line}, column {span.column}); save it as UTF-8",
        )
    return text, None


def load_source(path: str, raw: bytes, limits: Limits = DEFAULT) -> LoadedSource:
    """Decode, parse and convert one file. Problems become findings, never exceptions."""
    if len(raw) > limits.max_bytes:
        return LoadedSource(
            path=path,
            text="",
            findings=[
                PL001.at(path, FILE_START, f"the file is larger than {_size(limits.max_bytes)}; a plan is never that large")
            ],
        )
    text, problem = decode(path, raw)
    if problem is not None:
        return LoadedSource(path=path, text="", findings=[problem])
    return load_text(path, text, limits)


def _size(count: int) -> str:
    return f"{count // (1024 * 1024)} MiB" if count % (1024 * 1024) == 0 else f"{count} bytes"


def load_text(path: str, text: str, limits: Limits = DEFAULT) -> LoadedSource:
    """Text -> LoadedSource: the C event builder when it is chosen and the text is plain
    enough for it (see :mod:`planlint.cbuilder`), the Python builder otherwise."""
    built = cbuilder.build(text, limits)
    if built is not None:
        return _from_c_builder(path, text, built)
    _ruamel()
    try:
        return _load(path, text, limits, pure=False)
    except MarkedYAMLError as exc:
        if _needs_yaml12_parser(text, exc):
            repaired, later = _load_with_quoted_flow_scalars(path, text, limits, exc)
            if repaired is not None:
                return repaired
            if len(text.encode("utf-8", "surrogatepass")) > limits.fallback_bytes:
                return _failed(path, text, _syntax_finding(path, later or exc, "" if later else _fallback_hint(limits)))
            try:
                return _load(path, text, limits, pure=True)
            except MarkedYAMLError as pure_exc:
                # Really invalid. The ':' libyaml stopped at is YAML 1.2 and fine: the slip
                # to report is the one found past it, where a person would fix it.
                if later is None and not _needs_yaml12_parser(text, pure_exc):
                    later = pure_exc
            except (YAMLError, RecursionError, ValueError):  # ValueError: ruamel's scanner on "\U00110000"
                pass
            return _failed(path, text, _syntax_finding(path, later or exc))
        return _failed(path, text, _syntax_finding(path, exc))
    except ReaderError as exc:  # a character YAML does not allow (control characters)
        return _failed(path, text, _reader_finding(path, text, exc))
    except YAMLError as exc:  # unmarked parser errors: rare, still no traceback
        problem = " ".join(str(exc).split())
        return _failed(path, text, PL001.at(path, FILE_START, f"the file is not valid YAML: {quote(problem, 200)}"))
    except RecursionError:
        return _failed(path, text, PL001.at(path, FILE_START, "the file is nested too deeply to be a plan"))


def _from_c_builder(path: str, text: str, built: tuple, remap: dict[int, list[int]] | None = None) -> LoadedSource:
    """The C event builder's tables as a LoadedSource; ``remap``: they were read from a
    copy of ``text`` with quotes inserted (see _load_with_quoted_flow_scalars), so their
    positions are moved back as :func:`_remapped` moves the Python builder's events."""
    data, values, keys, quoted, has_whole_floats = built
    if remap:
        lines = remap.keys()  # only positions on a repaired line move
        values = {node: _moved(p, remap) if p[0] in lines or p[2] in lines else p for node, p in values.items()}
        keys = {node: _moved(p, remap) if p[0] in lines or p[2] in lines else p for node, p in keys.items()}
        quoted = [(_moved(place, remap), style) for place, style in quoted]
    written = {node[-1] for node in keys if node and node[-1].__class__ is str}  # no alias or merge reaches C
    return LoadedSource(
        path,
        text,
        data,
        PositionIndex.from_tables(values, keys),
        _quoted=quoted,
        non_finite=[],
        has_whole_floats=has_whole_floats,
        keys=written,
    )


def _moved(place: tuple, inserted: dict[int, list[int]]) -> tuple:
    """A C builder position ``(line, column, end line, end column, ...)`` moved left past
    the quotes inserted before each of its two marks on their lines."""
    line, column, end_line, end_column = place[:4]
    if line not in inserted and end_line not in inserted:
        return place
    column -= _quotes_before(inserted, line, column)
    end_column -= _quotes_before(inserted, end_line, end_column)
    return (line, column, end_line, end_column, *place[4:])


def _quotes_before(inserted: dict[int, list[int]], line: int, column: int) -> int:
    """How many of the quotes inserted on ``line`` stand before ``column`` (in the copy)."""
    return sum(1 for c in inserted.get(line, ()) if c < column)


def _failed(path: str, text: str, finding: Finding) -> LoadedSource:
    source = LoadedSource(path=path, text=text)
    # The parser marks an error at the end of input one line past a last line without a newline.
    source.findings.append(finding.with_changes(span=finding.span.within(source.line_count)))
    return source


def _needs_yaml12_parser(text: str, exc: MarkedYAMLError) -> bool:
    """libyaml refuses a ':' followed by text inside a plain scalar in a flow
    collection (``{occurred: 2026-03-14T17:30:00+01:00}``), which YAML 1.2 and
    ruamel.yaml's own parser accept; that, and nothing else, is read again."""
    mark = exc.problem_mark
    if mark is None or exc.problem != "found unexpected ':'" or exc.context != "while scanning a plain scalar":
        return False
    index = getattr(mark, "index", None)
    return isinstance(index, int) and 0 <= index < len(text) and text[index] == ":"


#: What may stand right before a plain scalar in a flow collection.
_FLOW_OPENERS = "{[,"


def _load_with_quoted_flow_scalars(
    path: str, text: str, limits: Limits, exc: MarkedYAMLError
) -> tuple[LoadedSource | None, MarkedYAMLError | None]:
    """Read YAML 1.2's ``{occurred: 2026-03-14T17:30:00+01:00}`` with libyaml after all.

    libyaml stops at the ``:`` inside the plain value; re-reading the whole file with
    ruamel's pure-Python parser costs about eight times as much. Instead, each such
    value is put in quotes in a copy of the text (a plain scalar that holds a ``:``
    is text in YAML 1.2, so its meaning is kept) and libyaml reads the copy; the
    events' positions are mapped back to the text as written.

    (source, None) when the copy reads; (None, error) when it stops at another YAML
    error (a real slip further on): that error, its marks moved back to the text as
    written, is the one to report, not the ``:`` the copy quoted; (None, None) when a
    value cannot be quoted safely, or the copy fails otherwise: the caller falls back.
    """
    current = text
    inserted: dict[int, list[int]] = {}  # line -> columns of inserted quotes, in the copy
    for _ in range(MAX_FLOW_REPAIRS):
        quoted = _quote_plain_scalar(current, exc)
        if quoted is None:
            return None, None
        current, line, opening, closing = quoted
        columns = inserted.setdefault(line, [])
        columns[:] = [c + (c >= opening) + (c >= closing - 1) for c in columns] + [opening, closing]
        built = cbuilder.build(current, limits)  # the copy, read by the C builder when it can
        if built is not None:
            return _from_c_builder(path, text, built, inserted), None
        try:
            return _load(path, current, limits, pure=False, original=text, remap=inserted), None
        except MarkedYAMLError as again:
            if not _needs_yaml12_parser(current, again):
                return None, _moved_back(again, inserted)
            exc = again
        except YAMLError:
            return None, None
    return None, None


def _moved_back(exc: MarkedYAMLError, inserted: dict[int, list[int]]) -> MarkedYAMLError:
    """``exc`` with its marks moved left past the quotes inserted on their lines."""
    for attribute in ("problem_mark", "context_mark"):
        mark = getattr(exc, attribute, None)
        if mark is not None and inserted.get(mark.line):
            shift = _quotes_before(inserted, mark.line, mark.column)
            setattr(exc, attribute, _Mark(mark.line, mark.column - shift, mark.index - shift))
    return exc


def _quote_plain_scalar(text: str, exc: MarkedYAMLError) -> tuple[str, int, int, int] | None:
    """``text`` with the plain scalar around the error's ``:`` quoted, and the line and
    columns of the two quotes inserted; None when that is not certainly safe."""
    mark = exc.problem_mark
    index, line, column = mark.index, mark.line, mark.column
    line_start = index - column
    line_end = text.find("\n", index)
    line_end = len(text) if line_end < 0 else line_end
    start = index
    while start > line_start:
        before = text[start - 1]
        if before in _FLOW_OPENERS or (before in " \t" and start - 2 >= line_start and text[start - 2] == ":"):
            break
        start -= 1
    else:
        return None  # the value starts on an earlier line: leave it to the other parser
    while start < index and text[start] in " \t":
        start += 1
    end = index
    while end < line_end and text[end] not in ",]}" and not (text[end] == "#" and text[end - 1] in " \t"):
        end += 1
    while end > index and text[end - 1] in " \t":
        end -= 1
    value = text[start:end]
    if not value or value[0] in "\"'{}[]&*!|>%@`#,?-" or "\r" in value:
        return None
    quote_char = "'" if "'" not in value else '"' if '"' not in value and "\\" not in value else None
    if quote_char is None:
        return None
    repaired = text[:start] + quote_char + value + quote_char + text[end:]
    opening = start - line_start
    return repaired, line, opening, opening + len(value) + 1


def _fallback_hint(limits: Limits) -> str:
    return (
        f"a ':' inside an unquoted value in [...] or {{...}} is read only in files up to {_size(limits.fallback_bytes)}; "
        "put quotes around the value"
    )


def _load(
    path: str, text: str, limits: Limits, pure: bool, original: str | None = None, remap: dict[int, list[int]] | None = None
) -> LoadedSource:
    """Build the document from the parser's events, one at a time; parser errors pass.

    ``original``/``remap``: ``text`` is a copy of ``original`` with quotes inserted at
    these columns of these lines; positions are given in ``original``.
    """
    _ruamel()
    source = LoadedSource(path=path, text=text if original is None else original)
    if pure or CParser is None:
        parsed = YAML(typ="safe", pure=True).parse(text)
    else:
        # libyaml's parser itself: ruamel's YAML() wrapper costs a loader class and a
        # reference cycle per file, and its generator a Python frame per event.
        parsed = iter(CParser(text).get_event, None)
    events = iter(parsed if not remap else _remapped(parsed, remap))
    builder = _EventBuilder(source, events, limits)
    try:
        source.data = builder.document()
    except _Refused as refused:
        source.findings = [*refused.keep, refused.finding.with_changes(span=refused.finding.span.within(source.line_count))]
        source.data = None
    finally:
        close = getattr(events, "close", None)
        if close is not None:
            close()
    return source


class _Mark:
    """A parser mark moved back to the text as written (see _load_with_quoted_flow_scalars)."""

    __slots__ = ("line", "column", "index", "name")

    def __init__(self, line: int, column: int, index: int) -> None:
        self.line, self.column, self.index, self.name = line, column, index, "<repaired>"


def _remapped(events, inserted: dict[int, list[int]]):
    """``events`` with marks on the repaired lines moved left past the inserted quotes.
    Events come in the order of the text: after the last repaired line, none moves."""
    last_line = max(inserted)
    for event in events:
        if event.start_mark.line > last_line:
            yield event
            yield from events
            return
        for attribute in ("start_mark", "end_mark"):
            mark = getattr(event, attribute, None)
            if mark is not None and inserted.get(mark.line):
                shift = _quotes_before(inserted, mark.line, mark.column)
                if shift:
                    setattr(event, attribute, _Mark(mark.line, mark.column - shift, mark.index - shift))
        yield event


def _is_empty(event) -> bool:
    return isinstance(event, ScalarEvent) and event.implicit[0] and event.value in ("", "~", "null", "Null", "NULL")


def _tag_name(tag: str) -> str:
    """Show a tag the way it was written (``!!python/object``, not its URI)."""
    return "!!" + tag[len(_YAML_TAG) :] if tag.startswith(_YAML_TAG) else quote(tag)


def _reader_finding(path: str, text: str, exc: ReaderError) -> Finding:
    position = exc.position if isinstance(exc.position, int) else 0
    character = exc.character if isinstance(exc.character, int) else 0
    return PL001.at(
        path,
        Span.at_offset(text, position),
        f"invalid YAML: the control character U+{character:04X} is not allowed in a YAML file; remove it",
    )


def _syntax_finding(path: str, exc: MarkedYAMLError, hint: str = "") -> Finding:
    mark = exc.problem_mark or exc.context_mark
    span = Span.from_mark(mark) if mark is not None else FILE_START
    problem = quote(" ".join((exc.problem or "invalid YAML").split()), 200)
    message = f"invalid YAML: {problem}"
    if exc.context and exc.context_mark is not None and exc.context_mark is not mark:
        context = Span.from_mark(exc.context_mark)
        message += f" ({exc.context} started at line {context.line}, column {context.column})"
    hint = hint or _syntax_hint(problem)
    if hint:
        message += f"; {hint}"
    return PL001.at(path, span, message)


def _syntax_hint(problem: str) -> str:
    if "cannot start any token" in problem and "\t" in problem:
        return "YAML indentation uses spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "check the indentation, or put quotes around a value that contains ': '"
    if "another document" in problem:
        return "a plan file holds one YAML document: remove the second '---'"
    if "undefined alias" in problem:
        return "an alias (*name) must refer to an anchor (&name) defined earlier"
    return ""


class _Refused(Exception):
    """Stop reading: ``finding`` says why; ``keep`` are findings made before it that stand."""

    def __init__(self, finding: Finding, keep: tuple[Finding, ...] = ()) -> None:
        self.finding = finding
        self.keep = keep


# YAML 1.2 core schema, as ruamel.yaml resolves plain scalars; compiled (into
# _PLAIN_RESOLVERS) when the Python builder first runs.
_PLAIN_PATTERNS = (
    ("null", r"^(?:~|null|Null|NULL|)$"),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$"),
    ("int", r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$"),
    (
        "float",
        (
            r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
            r"|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
    ),
    ("timestamp", r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}.*)?$"),
)
_PLAIN_RESOLVERS: tuple = ()
#: Plain scalars that are null or booleans in the YAML 1.2 core schema.
_WORDS = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_COLLECTION_TAGS = (None, "!", _MAP_TAG, _SEQ_TAG)
#: First characters of plain scalars that may be null, bool, a number or a timestamp.
_RESOLVABLE_FIRST = frozenset("~nNtTfF-+.0123456789")


class _Hidden:
    """A path step no key or index can be: where values that are not part of the
    document are built (a merged mapping, the value of a duplicate key)."""

    __slots__ = ("kind", "number")

    def __init__(self, kind: str, number: int) -> None:
        self.kind, self.number = kind, number

    def __repr__(self) -> str:
        return f"<{self.kind} {self.number}>"


@dataclass(frozen=True)
class _Anchor:
    """An anchored node: what an alias to it repeats, and how much it stands for."""

    value: object
    path: NodePath
    size: int  # values it stands for, itself included
    chars: int = 0  # characters of text it stands for


class _EventBuilder:
    """Turns parser events into plain dicts, lists and scalars, recording positions.

    Working on events (not composed nodes) skips ruamel.yaml's Python composer
    and resolver, the slowest part of loading. Events are read one at a time and
    the limits are checked as they arrive. An alias stands for its anchor's
    value (the same object, not a copy) and is its own occurrence in the index:
    what lies below it is located at the alias; it counts as the values it
    stands for against the node limit.
    """

    def __init__(self, source: LoadedSource, events: Iterator, limits: Limits) -> None:
        self.source = source
        self.events = events
        self.limits = limits
        self.anchors: dict[str, _Anchor] = {}
        self.open_anchors: set[str] = set()
        self.count = 0
        self.depth = 0
        self.hidden = 0
        self.max_nodes = limits.max_nodes
        #: Text an alias may repeat is bounded too: a long text aliased many times is
        #: one value each time, but every consumer (the schema check, the rules)
        #: would read it again. Four times the largest file allowed.
        self.max_chars = 4 * limits.max_bytes
        self.chars = 0
        source.non_finite = []
        source.keys = set()
        source.has_whole_floats = False
        self.next_event = events.__next__
        self.index_add = source.index.add

    def _next(self):
        return self.next_event()

    def _refuse(self, event, message: str) -> None:
        raise _Refused(PL001.at(self.source.path, Span.from_marks(event.start_mark, event.end_mark), message))

    def _hidden(self, kind: str) -> _Hidden:
        self.hidden += 1
        return _Hidden(kind, self.hidden)

    def document(self):
        """The one document's value (None and a finding when there is none, or more)."""
        path = self.source.path
        event = self._next()  # StreamStart
        event = self._next()
        if isinstance(event, StreamEndEvent):
            raise _Refused(PL001.at(path, FILE_START, _EMPTY))
        first = self._next()  # the root node's first event
        if _is_empty(first):
            value = None
            self._next()  # DocumentEnd
        else:
            value = self.build(first, ())
            self._next()  # DocumentEnd
        following = self._next()
        if isinstance(following, DocumentStartEvent):
            raise _Refused(
                PL001.at(
                    path,
                    Span.from_mark(following.start_mark),
                    "invalid YAML: found a second document; a plan file holds one YAML document: remove the second '---'",
                )
            )
        if value is None:
            raise _Refused(PL001.at(path, FILE_START, _EMPTY))
        return value

    def build(self, event, path: NodePath, key_span=None):
        """Build the node whose first event is ``event``; return its value."""
        self.count += 1
        if self.count > self.max_nodes:
            self._too_many(event)
        kind = type(event)
        if kind is AliasEvent:
            return self._alias(event, path, key_span)
        anchor = event.anchor
        if kind is ScalarEvent and not anchor:  # the common case, kept short
            self.index_add(path, (event.start_mark, event.end_mark), key_span)
            self.chars += len(event.value)
            value = self._scalar(event)
            if value.__class__ is float and (value != value or value in _INFINITIES) and self.source.non_finite is not None:
                self.source.non_finite.append((path, value))
            return value
        size_before, chars_before = self.count, self.chars
        if anchor:
            self.open_anchors.add(anchor)
        if kind is ScalarEvent:
            self.index_add(path, (event.start_mark, event.end_mark), key_span)
            self.chars += len(event.value)
            value = self._scalar(event)
            if value.__class__ is float and (value != value or value in _INFINITIES) and self.source.non_finite is not None:
                self.source.non_finite.append((path, value))
        else:
            value = self._collection(event, path, key_span)
        if anchor:
            self.open_anchors.discard(anchor)
            self.anchors[anchor] = _Anchor(value, path, self.count - size_before + 1, self.chars - chars_before)
        return value

    def _too_many(self, event) -> None:
        self._refuse(
            event,
            f"the document expands to more than {self.limits.max_nodes} values (through aliases); a plan is never that large",
        )

    def _alias(self, event, path: NodePath, key_span):
        anchor = self.anchors.get(event.anchor)
        if anchor is None:
            if event.anchor in self.open_anchors:
                self._refuse(
                    event, f"the alias *{quote(event.anchor)} is inside the node it refers to; a plan cannot contain itself"
                )
            self._refuse(
                event,
                f"the alias *{quote(event.anchor)} refers to no anchor; an alias (*name) must refer to an anchor (&name) defined earlier",
            )
        self.count += anchor.size - 1
        if self.count > self.max_nodes:
            self._too_many(event)
        self.source.non_finite = None  # an alias repeats values under another path: the validator walks the data
        self.chars += anchor.chars
        if self.chars > self.max_chars:
            self._refuse(
                event,
                f"the document expands to more than {self.max_chars // (1024 * 1024)} MiB of text (through aliases); "
                "a plan is never that large",
            )
        marks = (event.start_mark, event.end_mark)
        self.index_add(path, marks, key_span)
        self.source.index.alias(path, marks)
        return anchor.value

    def _collection(self, event, path: NodePath, key_span):
        if event.tag not in _COLLECTION_TAGS:
            self._refuse(event, f"the YAML tag {_tag_name(event.tag)} is not allowed in a plan; remove it")
        self.depth += 1
        if self.depth > self.limits.max_depth:
            self._refuse(event, f"the file is nested too deeply to be a plan (more than {self.limits.max_depth} levels)")
        kind = type(event)
        if kind is SequenceStartEvent:
            value, last, end_event = self._sequence(path)
        elif kind is MappingStartEvent:
            value, last, end_event = self._mapping(path)
        else:  # pragma: no cover - the parser emits no other node events
            self._refuse(event, "unexpected YAML event")
        self.depth -= 1
        if event.flow_style:
            self.index_add(path, (event.start_mark, end_event.end_mark), key_span)
        elif last is None:
            self.index_add(path, (event.start_mark, end_event.start_mark), key_span)
        else:
            # A block collection ends where its last value ends, not where the
            # next token (often the next list item) starts: looked up when asked for.
            self.index_add(path, (event.start_mark, end_event.start_mark, last), key_span)
        return value

    def _sequence(self, path: NodePath):
        items: list = []
        append = items.append
        next_event = self.next_event
        while True:
            event = next_event()
            kind = type(event)
            if kind is SequenceEndEvent or kind is MappingEndEvent:
                break
            append(self.build(event, path + (len(items),)))
        return items, (path + (len(items) - 1,) if items else None), event

    def _mapping(self, path: NodePath):
        result: dict = {}
        seen: dict[str, tuple] = {}
        merges: list[tuple[dict, tuple]] = []
        last = None
        next_event = self.next_event
        build = self.build
        while True:
            key_event = next_event()
            kind = type(key_event)
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                break
            if kind is not ScalarEvent:
                self._refuse(key_event, "a key must be plain text, not a list, a mapping or an alias")
            self.count += 1
            if self.count > self.max_nodes:
                self._too_many(key_event)
            key = key_event.value
            if key == "<<" and key_event.implicit[0] and key_event.tag is None:
                marks = (key_event.start_mark, key_event.end_mark)
                merges.extend((merged, marks) for merged in self._merge_sources(path))
                continue
            key_span = (key_event.start_mark, key_event.end_mark)
            if key_event.style in ('"', "'"):
                self.source._quoted.append((Span.from_marks(*key_span), key_event.style))
            if key in seen:
                first = Span.from_marks(*seen[key])
                self.source.findings.append(
                    PL002.at(
                        self.source.path,
                        Span.from_marks(*key_span),
                        f"the key '{quote(key)}' appears twice in this mapping (first at line {first.line}, "
                        f"column {first.column}); YAML keeps only one of them, so remove or rename one",
                    )
                )
                # Read (anchors, quoted text, limits) but not kept.
                build(next_event(), path + (self._hidden("duplicate"),))
                continue
            seen[key] = key_span
            last = path + (key,)
            result[key] = build(next_event(), last, key_span)
        self.source.keys.update(seen)
        # ``<<: *base`` or ``<<: [*a, *b]``: keys the mapping does not set itself are
        # added, the first merged mapping winning, each located at the ``<<`` key.
        for merged, marks in merges:
            for key, value in merged.items():
                if key not in result:
                    result[key] = value
                    self.source.index.merged(path + (key,), marks)
        return result, last, key_event

    def _merge_sources(self, path: NodePath) -> list[dict]:
        """The mappings a merge key's value names: an alias, a mapping, or a list of them."""
        event = self._next()
        if type(event) is SequenceStartEvent:
            sources = []
            while not isinstance(item := self._next(), CollectionEndEvent):
                sources.append(self._merge_source(item, path))
            return sources
        return [self._merge_source(event, path)]

    def _merge_source(self, event, path: NodePath) -> dict:
        value = self.build(event, path + (self._hidden("merge"),))
        if not isinstance(value, dict):
            self._refuse(event, "a merge key (<<) must refer to a mapping")
        return value

    def _scalar(self, event: ScalarEvent):
        value, style, tag = event.value, event.style, event.tag
        if not style and tag is None and value and value[0] not in _RESOLVABLE_FIRST:
            return value  # a plain word: only text can start like this (most values)
        if style in ('"', "'", "|", ">"):
            self.source._quoted.append((Span.from_marks(event.start_mark, event.end_mark), style))
        if tag is None or tag == "!":
            if not event.implicit[0]:
                return value  # quoted or block scalar: text
            if value and value[0] not in _RESOLVABLE_FIRST:
                return value  # a word: only text can start like this
            if value in _WORDS:
                return _WORDS[value]
            if value[:1].isalpha():
                return value  # a word that is not null, true or false
            known = _PLAIN_VALUES.get(value)
            if known is not None:
                if known.__class__ is float and known.is_integer():
                    self.source.has_whole_floats = True
                return known
            if value.isdigit() and value.isascii():
                kind = "int"  # the commonest number, without the regular expressions
            else:
                kind = next((name for name, pattern in _PLAIN_RESOLVERS if pattern.match(value)), "str")
        elif tag in _SCALAR_TAGS:
            kind = tag[len(_YAML_TAG) :]
        else:
            self._refuse(event, f"the YAML tag {_tag_name(tag)} is not allowed in a plan; remove it")
        try:
            converted = _convert(kind, value)
        except ValueError:
            self._refuse(event, f"the value '{quote(value)}' is not a valid {kind}")
        if converted.__class__ is float and converted.is_integer():
            self.source.has_whole_floats = True
        if (tag is None or tag == "!") and len(value) <= PLAIN_VALUE_LENGTH:
            if len(_PLAIN_VALUES) >= PLAIN_VALUES_KEPT:
                _PLAIN_VALUES.clear()
            _PLAIN_VALUES[value] = converted
        return converted


_INFINITIES = (float("inf"), float("-inf"))
#: Plain scalars that may be numbers (``3``, ``4.0``, ``09:00``, ``2026-03-14``), resolved and
#: converted once: plans repeat them, and each costs the resolvers' regular expressions. Up to
#: PLAIN_VALUES_KEPT of them, of up to PLAIN_VALUE_LENGTH characters (a long one is converted every time).
_PLAIN_VALUES: dict[str, object] = {}
_EMPTY = "the file is empty; a plan needs at least planlint, id, title, injury, phases and sessions"


def _convert(kind: str, value: str):
    if kind in ("str", "timestamp"):
        # Dates and times stay text: the model parses them with their own rules.
        return value
    if kind == "null":
        return None
    if kind == "bool":
        return value.lower() == "true"
    if kind == "int":
        return _parse_int(value)
    return _parse_float(value)


def _parse_int(text: str) -> int:
    cleaned = text.replace("_", "")
    sign = -1 if cleaned.startswith("-") else 1
    digits = cleaned.lstrip("+-")
    lower = digits.lower()
    if lower.startswith("0x"):
        return sign * int(lower[2:], 16)
    if lower.startswith("0o"):
        return sign * int(lower[2:], 8)
    if lower.startswith("0b"):
        return sign * int(lower[2:], 2)
    return sign * int(digits, 10)


def _parse_float(text: str) -> float:
    lower = text.replace("_", "").lower()
    if lower in (".inf", "+.inf"):
        return float("inf")
    if lower == "-.inf":
        return float("-inf")
    if lower == ".nan":
        return float("nan")
    return float(lower)
