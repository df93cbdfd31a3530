"""Load a plan file: bytes -> plain data that remembers where everything came from.

The parser is ruamel.yaml's C-backed safe parser, used only to *compose* nodes
(which carry line and column); planlint turns the nodes into plain Python
values itself, so that no YAML tag can construct an object, duplicate keys are
reported instead of silently overwritten, and every key and value gets a
position. Everything behind :func:`load_source` may be replaced (for speed)
without the rest of planlint noticing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.reader import ReaderError

from planlint.codes import PL001, PL002
from planlint.findings import Finding
from planlint.positions import FILE_START, NodePath, PositionIndex, Span

#: An expanded document larger than this is refused (alias "billion laughs").
MAX_NODES = 200_000
#: A larger file is refused unread: real plans are a few kilobytes.
MAX_BYTES = 10 * 1024 * 1024
#: Deeper nesting than this is refused (a plan is about six levels deep).
MAX_DEPTH = 200

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
    _quoted: list[tuple[Span, str]] = field(default_factory=list)

    def comments(self) -> list[Comment]:
        """Every comment in the file, found without a round-trip parser: a ``#``
        at the start of a line or after white space, outside quoted and block
        scalars, starts a comment."""
        if "#" not in self.text:
            return []
        masked = _masked_lines(self._quoted)
        comments = []
        for number, line in enumerate(self.text.splitlines(), start=1):
            if "#" not in line:
                continue
            hidden = masked.get(number, ())
            for match in re.finditer(r"(?:^|(?<=\s))#", line):
                col = match.start() + 1
                if any(start <= col < end for start, end in hidden):
                    continue
                comments.append(Comment(number, col, line[match.start():], not line[: match.start()].strip()))
                break
        return comments


def _masked_lines(quoted: list[tuple[Span, str]]) -> dict[int, list[tuple[int, int]]]:
    """Column ranges, per line, covered by quoted or block scalars."""
    masked: dict[int, list[tuple[int, int]]] = {}
    for span, _style in quoted:
        for line in range(span.line, span.end_line + 1):
            start = span.column if line == span.line else 1
            end = span.end_column if line == span.end_line else 10**9
            masked.setdefault(line, []).append((start, end))
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
            f"the file is not UTF-8 text (byte 0x{bad} at line {span.line}, column {span.column}); "
            "save it as UTF-8",
        )
    return text, None


def read_file(path: str) -> bytes:
    """A file's bytes, but no more than enough to know it is too large (OSError passes)."""
    with open(path, "rb") as handle:
        return handle.read(MAX_BYTES + 1)


def load_source(path: str, raw: bytes) -> LoadedSource:
    """Decode, parse and convert one file. Problems become findings, never exceptions."""
    if len(raw) > MAX_BYTES:
        return LoadedSource(
            path=path,
            text="",
            findings=[PL001.at(path, FILE_START, f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB; a plan is never that large")],
        )
    text, problem = decode(path, raw)
    if problem is not None:
        return LoadedSource(path=path, text="", findings=[problem])
    return load_text(path, text)


def load_text(path: str, text: str) -> LoadedSource:
    source = LoadedSource(path=path, text=text)
    try:
        events = _parse_events(text)
    except RecursionError:
        source.findings.append(PL001.at(path, FILE_START, "the file is nested too deeply to be a plan"))
        return source
    except MarkedYAMLError as exc:
        source.findings.append(_syntax_finding(path, exc))
        return source
    except ReaderError as exc:  # a character YAML does not allow (control characters)
        source.findings.append(_reader_finding(path, text, exc))
        return source
    except YAMLError as exc:  # unmarked parser errors: rare, still no traceback
        problem = " ".join(str(exc).split())
        source.findings.append(PL001.at(path, FILE_START, f"the file is not valid YAML: {problem}"))
        return source
    documents = [i for i, event in enumerate(events) if isinstance(event, DocumentStartEvent)]
    if len(documents) > 1:
        mark = events[documents[1]].start_mark
        source.findings.append(
            PL001.at(
                path, Span.from_mark(mark),
                "invalid YAML: found a second document; a plan file holds one YAML document: remove the second '---'",
            )
        )
        return source
    root = documents[0] + 1 if documents else None
    if root is None or _is_empty(events[root]):
        source.findings.append(
            PL001.at(path, FILE_START, "the file is empty; a plan needs at least planlint, id, title, injury, phases and sessions")
        )
        return source
    builder = _EventBuilder(source, events)
    try:
        source.data = builder.build(root, ())
    except _Refused as refused:
        source.findings.append(refused.finding)
        source.data = None
    except RecursionError:
        source.findings.append(PL001.at(path, FILE_START, "the file is nested too deeply to be a plan"))
        source.data = None
    return source


def _parse_events(text: str) -> list:
    """Parser events, from libyaml (fast) or, where libyaml refuses YAML 1.2 that
    ruamel.yaml's own parser accepts (a ':' inside a plain scalar in a flow
    mapping: ``{occurred: 2026-03-14T17:30:00+01:00}``), from the latter."""
    try:
        return list(YAML(typ="safe", pure=False).parse(text))
    except MarkedYAMLError as libyaml_error:
        try:
            return list(YAML(typ="safe", pure=True).parse(text))
        except (YAMLError, RecursionError):
            raise libyaml_error from None  # really invalid: libyaml's message and position


def _is_empty(event) -> bool:
    return isinstance(event, ScalarEvent) and event.implicit[0] and event.value in ("", "~", "null", "Null", "NULL")


def _tag_name(tag: str) -> str:
    """Show a tag the way it was written (``!!python/object``, not its URI)."""
    return "!!" + tag[len(_YAML_TAG):] if tag.startswith(_YAML_TAG) else tag


def _reader_finding(path: str, text: str, exc: ReaderError) -> Finding:
    position = exc.position if isinstance(exc.position, int) else 0
    character = exc.character if isinstance(exc.character, int) else 0
    return PL001.at(
        path,
        Span.at_offset(text, position),
        f"invalid YAML: the control character U+{character:04X} is not allowed in a YAML file; remove it",
    )


def _syntax_finding(path: str, exc: MarkedYAMLError) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    span = Span.from_mark(mark) if mark is not None else FILE_START
    problem = " ".join((exc.problem or "invalid YAML").split())
    message = f"invalid YAML: {problem}"
    if exc.context and exc.context_mark is not None and exc.context_mark is not mark:
        context = Span.from_mark(exc.context_mark)
        message += f" ({exc.context} started at line {context.line}, column {context.column})"
    hint = _syntax_hint(problem)
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
    def __init__(self, finding: Finding) -> None:
        self.finding = finding


# YAML 1.2 core schema, as ruamel.yaml resolves plain scalars.
_PLAIN_RESOLVERS = (
    ("null", re.compile(r"^(?:~|null|Null|NULL|)$")),
    ("bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")),
    ("int", re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$")),
    (
        "float",
        re.compile(
            r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
            r"|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
    ),
    ("timestamp", re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}.*)?$")),
)
_COLLECTION_TAGS = (None, "!", _MAP_TAG, _SEQ_TAG)
#: First characters of plain scalars that may be null, bool, a number or a timestamp.
_RESOLVABLE_FIRST = frozenset("~nNtTfF-+.0123456789")


class _EventBuilder:
    """Turns parser events into plain dicts, lists and scalars, recording positions.

    Working on events (not composed nodes) skips ruamel.yaml's Python composer
    and resolver, the slowest part of loading. An alias replays the events of
    its anchor, so its data and positions are those of the anchored node.
    """

    def __init__(self, source: LoadedSource, events: list) -> None:
        self.source = source
        self.events = events
        self.anchors: dict[str, int] = {}
        self.count = 0
        self.depth = 0
        self.next = 0  # the event after the node built last

    def _refuse(self, event, message: str) -> None:
        raise _Refused(PL001.at(self.source.path, Span.from_marks(event.start_mark, event.end_mark), message))

    def build(self, at: int, path: NodePath, key_span=None):
        """Build the node whose first event is ``events[at]``; return its value.
        ``self.next`` is left at the event after the node."""
        self.count += 1
        if self.count > MAX_NODES:
            self._refuse(self.events[at], f"the document expands to more than {MAX_NODES} values (through aliases); a plan is never that large")
        event = self.events[at]
        if isinstance(event, AliasEvent):
            if event.anchor not in self.anchors:  # pragma: no cover - the parser reports undefined aliases
                self._refuse(event, f"the alias *{event.anchor} refers to no anchor")
            value = self._replay(self.anchors[event.anchor], path, key_span)
            self.next = at + 1
            return value
        if getattr(event, "anchor", None):
            self.anchors[event.anchor] = at
        if isinstance(event, ScalarEvent):
            self.source.index.add(path, (event.start_mark, event.end_mark), key_span)
            self.next = at + 1
            return self._scalar(event)
        if event.tag not in _COLLECTION_TAGS:
            self._refuse(event, f"the YAML tag {_tag_name(event.tag)} is not allowed in a plan; remove it")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self._refuse(event, "the file is nested too deeply to be a plan")
        if isinstance(event, SequenceStartEvent):
            value, last = self._sequence(at, path)
        else:
            value, last = self._mapping(at, path)
        self.depth -= 1
        end_event = self.events[self.next - 1]
        span = Span.from_marks(event.start_mark, end_event.end_mark if event.flow_style else end_event.start_mark)
        if last is not None and not event.flow_style:
            # A block collection ends where its last value ends, not where the
            # next token (often the next list item) starts.
            inner = self.source.index.value_span(last)
            span = Span(span.line, span.column, inner.end_line, inner.end_column)
        self.source.index.add(path, span, key_span)
        return value

    def _replay(self, at: int, path: NodePath, key_span):
        saved = self.next
        value = self.build(at, path, key_span)
        self.next = saved
        return value

    def _sequence(self, at: int, path: NodePath):
        items = []
        cursor = at + 1
        while not isinstance(self.events[cursor], SequenceEndEvent):
            items.append(self.build(cursor, path + (len(items),)))
            cursor = self.next
        self.next = cursor + 1
        return items, (path + (len(items) - 1,) if items else None)

    def _mapping(self, at: int, path: NodePath):
        result: dict = {}
        seen: dict[str, tuple] = {}
        merges: list[int] = []
        cursor = at + 1
        last = None
        while not isinstance(self.events[cursor], MappingEndEvent):
            key_event = self.events[cursor]
            if not isinstance(key_event, ScalarEvent):
                self._refuse(key_event, "a key must be plain text, not a list, a mapping or an alias")
            value_at = cursor + 1
            if key_event.implicit[0] and key_event.value == "<<" and key_event.tag is None:
                merges.append(value_at)
                self._skip(value_at)
                cursor = self.next
                continue
            key = key_event.value
            key_span = (key_event.start_mark, key_event.end_mark)
            if key_event.style in ('"', "'"):
                self.source._quoted.append((Span.from_marks(*key_span), key_event.style))
            if key in seen:
                first = Span.from_marks(*seen[key])
                self.source.findings.append(
                    PL002.at(
                        self.source.path,
                        Span.from_marks(*key_span),
                        f"the key '{key}' appears twice in this mapping (first at line {first.line}, "
                        f"column {first.column}); YAML keeps only one of them, so remove or rename one",
                    )
                )
                self._skip(value_at)
                cursor = self.next
                continue
            seen[key] = key_span
            result[key] = self.build(value_at, path + (key,), key_span)
            last = path + (key,)
            cursor = self.next
        for value_at in merges:
            self._merge(value_at, result, path)
        self.next = cursor + 1
        return result, last

    def _merge(self, at: int, result: dict, path: NodePath) -> None:
        """``<<: *base`` or ``<<: [*a, *b]``: keys not already present are added."""
        event = self.events[at]
        targets = []
        if isinstance(event, SequenceStartEvent):
            cursor = at + 1
            while not isinstance(self.events[cursor], SequenceEndEvent):
                targets.append(cursor)
                self._skip(cursor)
                cursor = self.next
        else:
            targets.append(at)
        for target in targets:
            source_at = target
            if isinstance(self.events[target], AliasEvent):
                source_at = self.anchors[self.events[target].anchor]
            if not isinstance(self.events[source_at], MappingStartEvent):
                self._refuse(self.events[target], "a merge key (<<) must refer to a mapping")
            # Build the merged mapping aside, then keep the keys (and their
            # positions) that the mapping does not set itself.
            index, self.source.index = self.source.index, PositionIndex()
            try:
                merged = self._replay(source_at, path, None)
            finally:
                aside, self.source.index = self.source.index, index
            for key, value in merged.items():
                if key not in result:
                    result[key] = value
                    index.adopt(aside, path + (key,))

    def _skip(self, at: int) -> None:
        """Move ``self.next`` past the node starting at ``at`` without building it."""
        event = self.events[at]
        if getattr(event, "anchor", None) and not isinstance(event, AliasEvent):
            self.anchors[event.anchor] = at
        if isinstance(event, AliasEvent):
            self.next = at + 1
            return
        depth, cursor = 0, at
        while True:
            current = self.events[cursor]
            if isinstance(current, ScalarEvent) and current.style in ('"', "'", "|", ">"):
                # Not built, but its text must still not be read as comments.
                self.source._quoted.append((Span.from_marks(current.start_mark, current.end_mark), current.style))
            if isinstance(current, (SequenceStartEvent, MappingStartEvent)):
                depth += 1
            elif isinstance(current, (SequenceEndEvent, MappingEndEvent)):
                depth -= 1
            if depth == 0:
                break
            cursor += 1
        self.next = cursor + 1

    def _scalar(self, event: ScalarEvent):
        value, style, tag = event.value, event.style, event.tag
        if style in ('"', "'", "|", ">"):
            self.source._quoted.append((Span.from_marks(event.start_mark, event.end_mark), style))
        if tag is None or tag == "!":
            if not event.implicit[0]:
                return value  # quoted or block scalar: text
            if value and value[0] not in _RESOLVABLE_FIRST:
                return value  # a word: only text can start like this
            kind = next((name for name, pattern in _PLAIN_RESOLVERS if pattern.match(value)), "str")
        elif tag in _SCALAR_TAGS:
            kind = tag[len(_YAML_TAG):]
        else:
            self._refuse(event, f"the YAML tag {_tag_name(tag)} is not allowed in a plan; remove it")
        try:
            return _convert(kind, value)
        except ValueError:
            self._refuse(event, f"the value '{value}' is not a valid {kind}")


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
