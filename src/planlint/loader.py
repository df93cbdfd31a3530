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
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from planlint.findings import Finding, Severity
from planlint.positions import FILE_START, Span

PL001 = ("PL001", "yaml-syntax")
PL002 = ("PL002", "duplicate-key")
PL003 = ("PL003", "schema")

#: An expanded document larger than this is refused (alias "billion laughs").
MAX_NODES = 200_000

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
_MERGE_TAG = _YAML_TAG + "merge"

Path = tuple  # a tuple of str keys and int indexes, e.g. ("sessions", 0, "phase")


@dataclass(frozen=True)
class Comment:
    """A YAML comment: where its ``#`` stands and its text (with the ``#``)."""

    line: int
    column: int
    text: str
    own_line: bool  # nothing but white space before it on its line


class PositionIndex:
    """Maps paths into the document (tuples or JSON pointers) to source spans."""

    def __init__(self) -> None:
        self._values: dict[Path, Span] = {}
        self._keys: dict[Path, Span] = {}

    def _add(self, path: Path, value: Span, key: Span | None) -> None:
        self._values.setdefault(path, value)
        if key is not None:
            self._keys.setdefault(path, key)

    @staticmethod
    def parse_pointer(pointer: str | Path) -> Path:
        """``"/sessions/0/phase"`` -> ``("sessions", 0, "phase")`` (RFC 6901 escapes)."""
        if isinstance(pointer, tuple):
            return pointer
        if pointer in ("", "/"):
            return ()
        parts = []
        for raw in pointer.lstrip("/").split("/"):
            part = raw.replace("~1", "/").replace("~0", "~")
            parts.append(int(part) if part.isdigit() else part)
        return tuple(parts)

    def value_span(self, path: str | Path) -> Span | None:
        return self._values.get(self.parse_pointer(path))

    def key_span(self, path: str | Path) -> Span | None:
        return self._keys.get(self.parse_pointer(path))

    def locate(self, path: str | Path, *, prefer_key: bool = True) -> Span:
        """The best span for ``path``: its key (or its value), else the nearest
        ancestor that exists, else the start of the file."""
        parts = self.parse_pointer(path)
        while True:
            if prefer_key and parts in self._keys:
                return self._keys[parts]
            if parts in self._values and (parts or not prefer_key):
                return self._values[parts]
            if not parts:
                return FILE_START
            parts = parts[:-1]

    def key_to_value_span(self, path: str | Path) -> Span:
        """From the start of a key to the end of its value (a whole ``key: value``)."""
        parts = self.parse_pointer(path)
        key, value = self._keys.get(parts), self._values.get(parts)
        if key and value:
            return Span(key.line, key.column, value.end_line, value.end_column)
        return self.locate(parts)


@dataclass
class LoadedSource:
    """The result of loading one file. ``data`` is None when it cannot be used."""

    path: str
    text: str
    data: object = None
    index: PositionIndex = field(default_factory=PositionIndex)
    findings: list[Finding] = field(default_factory=list)
    _quoted: list[tuple[Span, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.data is not None and not self.findings

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


def _finding(path: str, code: tuple[str, str], span: Span, message: str) -> Finding:
    return Finding(path=path, span=span, code=code[0], name=code[1], severity=Severity.ERROR, message=message)


def decode(path: str, raw: bytes) -> tuple[str | None, Finding | None]:
    """Bytes -> text. Plans are UTF-8 (a BOM is tolerated)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        bad = raw[exc.start : exc.start + 1].hex()
        return None, _finding(
            path,
            PL001,
            Span(line, column, line, column + 1),
            f"the file is not UTF-8 text (byte 0x{bad} at line {line}, column {column}); "
            "save it as UTF-8",
        )
    return text, None


def load_source(path: str, raw: bytes) -> LoadedSource:
    """Decode, parse and convert one file. Problems become findings, never exceptions."""
    text, problem = decode(path, raw)
    if problem is not None:
        return LoadedSource(path=path, text="", findings=[problem])
    return load_text(path, text)


def load_text(path: str, text: str) -> LoadedSource:
    source = LoadedSource(path=path, text=text)
    try:
        node = YAML(typ="safe", pure=False).compose(text)
    except MarkedYAMLError as exc:
        source.findings.append(_syntax_finding(path, exc))
        return source
    except YAMLError as exc:  # unmarked parser errors: rare, still no traceback
        source.findings.append(_finding(path, PL001, FILE_START, f"the file is not valid YAML: {exc}"))
        return source
    except RecursionError:
        source.findings.append(
            _finding(path, PL001, FILE_START, "the file is nested too deeply to be a plan")
        )
        return source
    if node is None or (isinstance(node, ScalarNode) and node.tag == _YAML_TAG + "null" and not node.value.strip("~")):
        source.findings.append(
            _finding(path, PL001, FILE_START, "the file is empty; a plan needs at least planlint, id, title, injury, phases and sessions")
        )
        return source
    builder = _Builder(source)
    try:
        source.data = builder.build(node, ())
    except _Refused as refused:
        source.findings.append(refused.finding)
        source.data = None
    except RecursionError:
        source.findings.append(_finding(path, PL001, FILE_START, "the file is nested too deeply to be a plan"))
        source.data = None
    return source


def _tag_name(tag: str) -> str:
    """Show a tag the way it was written (``!!python/object``, not its URI)."""
    return "!!" + tag[len(_YAML_TAG):] if tag.startswith(_YAML_TAG) else tag


def _syntax_finding(path: str, exc: MarkedYAMLError) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    span = Span.point(mark.line, mark.column) if mark is not None else FILE_START
    problem = exc.problem or "invalid YAML"
    message = f"invalid YAML: {problem}"
    if exc.context and exc.context_mark is not None and exc.context_mark is not mark:
        message += f" ({exc.context} started at line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1})"
    hint = _syntax_hint(problem)
    if hint:
        message += f"; {hint}"
    return _finding(path, PL001, span, message)


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


class _Builder:
    """Turns composed nodes into plain dicts, lists and scalars, recording positions."""

    def __init__(self, source: LoadedSource) -> None:
        self.source = source
        self.count = 0

    def _refuse(self, node, message: str) -> None:
        raise _Refused(_finding(self.source.path, PL001, Span.from_marks(node.start_mark, node.end_mark), message))

    def build(self, node, path: Path, key_span: Span | None = None):
        self.count += 1
        if self.count > MAX_NODES:
            self._refuse(node, f"the document expands to more than {MAX_NODES} values (through aliases); a plan is never that large")
        if isinstance(node, ScalarNode):
            self.source.index._add(path, Span.from_marks(node.start_mark, node.end_mark), key_span)
            return self._scalar(node)
        if node.tag not in (_SEQ_TAG, _MAP_TAG):
            self._refuse(node, f"the YAML tag {_tag_name(node.tag)} is not allowed in a plan; remove it")
        if isinstance(node, SequenceNode):
            value = [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
            last = path + (len(value) - 1,) if value else None
        else:
            value = self._mapping(node, path)
            last = path + (next(reversed(value)),) if value else None
        span = Span.from_marks(node.start_mark, node.end_mark)
        if last is not None and not node.flow_style:
            # A block collection's end mark is where the next token starts (often
            # the next list item); end it where its last value ends instead.
            inner = self.source.index.value_span(last)
            span = Span(span.line, span.column, inner.end_line, inner.end_column)
        self.source.index._add(path, span, key_span)
        return value

    def _mapping(self, node: MappingNode, path: Path) -> dict:
        result: dict = {}
        seen: dict[str, Span] = {}
        merges = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self._refuse(key_node, "a key must be plain text, not a list or a mapping")
            if key_node.tag == _MERGE_TAG:
                merges.append(value_node)
                continue
            key = key_node.value
            key_span = Span.from_marks(key_node.start_mark, key_node.end_mark)
            if key_node.style in ('"', "'"):
                self.source._quoted.append((key_span, key_node.style))
            if key in seen:
                first = seen[key]
                self.source.findings.append(
                    _finding(
                        self.source.path,
                        PL002,
                        key_span,
                        f"the key '{key}' appears twice in this mapping (first at line {first.line}, "
                        f"column {first.column}); YAML keeps only one of them, so remove or rename one",
                    )
                )
                continue
            seen[key] = key_span
            result[key] = self.build(value_node, path + (key,), key_span)
        for merge in merges:
            sources = merge.value if isinstance(merge, SequenceNode) else [merge]
            for source_node in sources:
                if not isinstance(source_node, MappingNode):
                    self._refuse(source_node, "a merge key (<<) must refer to a mapping")
                for key_node, value_node in source_node.value:
                    key = key_node.value
                    if key not in result and isinstance(key_node, ScalarNode):
                        key_span = Span.from_marks(key_node.start_mark, key_node.end_mark)
                        result[key] = self.build(value_node, path + (key,), key_span)
        return result

    def _scalar(self, node: ScalarNode):
        tag, value = node.tag, node.value
        if node.style in ('"', "'", "|", ">"):
            self.source._quoted.append((Span.from_marks(node.start_mark, node.end_mark), node.style))
        if tag not in _SCALAR_TAGS:
            self._refuse(node, f"the YAML tag {_tag_name(tag)} is not allowed in a plan; remove it")
        kind = tag[len(_YAML_TAG):]
        if kind == "str" or kind == "timestamp":
            # Dates and times stay text: the model parses them with their own rules.
            return value
        if kind == "null":
            return None
        if kind == "bool":
            return value.lower() in ("true", "yes", "on", "y")
        if kind == "int":
            return _parse_int(value)
        if kind == "float":
            return _parse_float(value)
        return value  # pragma: no cover


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
