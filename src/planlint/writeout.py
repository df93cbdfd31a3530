"""``planlint expand``: a templated plan printed written out, as a format 1.1 plan without templates.

What the coach wrote stays as written, comments included: the text before and
between top-level keys, every key but ``templates``, and each session written
in full are copied line for line. Each ``use`` item becomes the sessions it
writes out, printed from the written-out data, each under a comment naming its
template and the line that scheduled it. A file whose layout cannot be copied
that way (a flow-style ``sessions: [...]``, anchors and aliases, a document
marker) is printed wholly from the data, without its comments. Either way,
linting the printed plan gives the findings of the templated one (tests check it).
"""

from __future__ import annotations

import json
import re

from planlint.positions import PositionIndex
from planlint.templates import Expansion

_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_ .%/()'+-]*")
_NUMBER_LIKE = re.compile(r"[-+]?(\.\d+|\d[\d_]*(\.\d*)?)([eE][-+]?\d+)?|0[xXoObB][0-9a-fA-F_]+|\d{4}-.*|[-+]?\.(inf|Inf|INF|nan|NaN|NAN)")
_WORDS = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"}


def scalar(value) -> str:
    """One value as YAML reads it back: plain where that is unambiguous, else in JSON's double quotes."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and not _NUMBER_LIKE.fullmatch(text) and text.lower() not in _WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _key(key) -> str:
    return scalar(key) if isinstance(key, str) else json.dumps(str(key))


def _flow(value) -> str | None:
    """A small mapping or list of scalars on one line (``{kg: 12.5}``, ``[mon, thu]``), else None."""
    if isinstance(value, dict) and len(value) <= 4 and all(not isinstance(v, (dict, list)) for v in value.values()):
        return "{" + ", ".join(f"{_key(k)}: {scalar(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value) and len(value) <= 12:
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    return None


def block(value, indent: int) -> list[str]:
    """A mapping's lines (``key: value``) at ``indent`` spaces."""
    lines: list[str] = []
    pad = " " * indent
    for key, item in value.items():
        if isinstance(item, (dict, list)) and item:
            flow = _flow(item)
            if flow is not None:
                lines.append(f"{pad}{_key(key)}: {flow}")
            elif isinstance(item, dict):
                lines.append(f"{pad}{_key(key)}:")
                lines.extend(block(item, indent + 2))
            else:
                lines.append(f"{pad}{_key(key)}:")
                lines.extend(sequence(item, indent + 2))
        elif isinstance(item, dict):
            lines.append(f"{pad}{_key(key)}: {{}}")
        elif isinstance(item, list):
            lines.append(f"{pad}{_key(key)}: []")
        else:
            lines.append(f"{pad}{_key(key)}: {scalar(item)}")
    return lines


def sequence(items: list, indent: int) -> list[str]:
    """A list's lines (``- item``) at ``indent`` spaces."""
    lines: list[str] = []
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item:
            inner = block(item, indent + 2)
            lines.append(f"{pad}- {inner[0].lstrip()}")
            lines.extend(inner[1:])
        elif isinstance(item, list) and item:
            flow = _flow(item)
            if flow is not None:
                lines.append(f"{pad}- {flow}")
            else:
                inner = sequence(item, indent + 2)
                lines.append(f"{pad}- {inner[0].lstrip()}")
                lines.extend(inner[1:])
        else:
            lines.append(f"{pad}- {scalar(item) if not isinstance(item, (dict, list)) else _flow(item)}")
    return lines


def _origin_comment(expansion: Expansion, k: int) -> str:
    occurrence = expansion.written[k].occurrence
    return f"# written out from template '{occurrence.template}' by the {occurrence.by} at line {occurrence.by_line}"


def write_out(text: str, raw: dict, index: PositionIndex, expansion: Expansion) -> str:
    """The written-out plan as YAML text (see the module docstring)."""
    copied = _copy_layout(text, raw, index, expansion)
    return copied if copied is not None else _from_data(expansion)


def _from_data(expansion: Expansion) -> str:
    data = expansion.data
    lines: list[str] = []
    for key, value in data.items():
        if key != "sessions":
            lines.extend(block({key: value}, 0))
            continue
        lines.append("sessions:")
        for k, session in enumerate(value):
            if expansion.written[k].template is not None:
                lines.append("  " + _origin_comment(expansion, k))
            lines.extend(sequence([session], 2))
    return "\n".join(lines) + "\n"


def _copy_layout(text: str, raw: dict, index: PositionIndex, expansion: Expansion) -> str | None:
    if getattr(index, "_aliases", None) or getattr(index, "_merged", None) or re.search(r"(?m)^(---|\.\.\.)", text):
        return None
    lines = text.splitlines()
    keys = list(raw)
    starts = []
    for key in keys:
        span = index.key_span((key,))
        if span is None or span.column != 1:
            return None
        starts.append(span.line)
    if starts != sorted(starts):
        return None
    sessions = raw["sessions"]
    item_lines = []
    for i in range(len(sessions)):
        span = index.value_span(("sessions", i))
        if span is None:
            return None
        line = lines[span.line - 1]
        dash = line[: span.column - 1]
        if not re.fullmatch(r"\s*-\s+", dash) or (item_lines and span.line <= item_lines[-1][0]):
            return None
        item_lines.append((span.line, len(dash) - len(dash.lstrip())))
    out: list[str] = lines[: starts[0] - 1]
    ends = starts[1:] + [len(lines) + 1]
    by_item: dict[int, list[int]] = {}
    for k, written in enumerate(expansion.written):
        by_item.setdefault(written.source, []).append(k)
    for key, start, end in zip(keys, starts, ends):
        if key == "templates":
            continue
        if key != "sessions":
            out.extend(lines[start - 1 : end - 1])
            continue
        first = item_lines[0][0] if item_lines else end
        out.extend(lines[start - 1 : first - 1])
        for i, (line, indent) in enumerate(item_lines):
            stop = item_lines[i + 1][0] if i + 1 < len(item_lines) else end
            if "use" not in sessions[i]:
                out.extend(lines[line - 1 : stop - 1])
                continue
            tail = lines[line - 1 : stop - 1]
            # Comment lines and blank lines after the item's last line belong to what follows.
            while tail and (not tail[-1].strip() or tail[-1].lstrip().startswith("#")) and len(tail) > 1:
                tail.pop()
            trailing = lines[line - 1 + len(tail) : stop - 1]
            for k in by_item.get(i, ()):
                out.append(" " * indent + _origin_comment(expansion, k))
                out.extend(sequence([expansion.data["sessions"][k]], indent))
            out.extend(trailing)
    return "\n".join(out) + "\n"
