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
_NUMBER_LIKE = re.compile(
    r"[-+]?(\.\d+|\d[\d_]*(\.\d*)?)([eE][-+]?\d+)?|0[xXoObB][0-9a-fA-F_]+|\d{4}-.*|[-+]?\.(inf|Inf|INF|nan|NaN|NAN)"
)
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


def _session_lines(lines: list[str], index: PositionIndex, raw: dict, expansion: Expansion, k: int, indent: int) -> list[str]:
    """One written-out session as an item of ``sessions`` at ``indent``: each field copied
    from the text that writes it (the template's or the ``use`` item's lines, with their
    comments; ``progress`` left out, a value it computed written in), else printed from the data."""
    written = expansion.written[k]
    session = expansion.data["sessions"][k]
    out: list[str] = []
    for key, value in session.items():
        copied = None
        base = written.fields.get(key)
        if base is not None and not (written.repeat and key == "day"):
            copied = _field_text(lines, index, raw, base, key, session, written.progressed, indent + 2)
        out.extend(copied if copied is not None else block({key: value}, indent + 2))
    for n, line in enumerate(out):
        if not line.lstrip().startswith("#"):
            out[n] = " " * indent + "- " + line[indent + 2 :]
            break
    return out


def _field_text(
    lines: list[str], index: PositionIndex, raw: dict, base: tuple, key: str, session: dict, progressed: set, indent: int
) -> list[str] | None:
    """The lines of ``key: value`` as written under ``base``, moved to ``indent``; None when
    they cannot be copied safely (then the field is printed from the data)."""
    path = base + (key,)
    key_span, value_span = index.key_span(path), index.value_span(path)
    if key_span is None or value_span is None:
        return None
    first, last = key_span.line, value_span.end_line if value_span.end_column > 1 else value_span.end_line - 1
    last = max(last, first)
    if last > len(lines):
        return None
    text = {n: lines[n - 1] for n in range(first, last + 1)}
    # Whatever follows the value on its last line must be a comment (or nothing).
    rest = text[value_span.end_line][value_span.end_column - 1 :] if value_span.end_line == last else ""
    if rest.strip() and not rest.strip().startswith("#"):
        return None
    replaced: dict[int, list[tuple[int, int, str]]] = {}
    for relative in progressed:
        if relative[0] != key:
            continue
        span = index.value_span(base + relative)
        if span is None or span.line != span.end_line or not first <= span.line <= last:
            return None
        new = session
        for part in relative:
            new = new[part]
        replaced.setdefault(span.line, []).append((span.column, span.end_column, scalar(new)))
    dropped: set[int] = set()
    for progress_path in _progress_paths(raw, base, key):
        p_key, p_value = index.key_span(progress_path), index.value_span(progress_path)
        if p_key is None or p_value is None:
            return None
        p_last = p_value.end_line if p_value.end_column > 1 else p_value.end_line - 1
        before = lines[p_key.line - 1][: p_key.column - 1]
        after = lines[p_last - 1][p_value.end_column - 1 :] if p_value.end_line == p_last else ""
        if before.strip() or (after.strip() and not after.strip().startswith("#")):
            return None  # `progress` shares its line with other text (a flow mapping, `- progress:`)
        dropped.update(range(p_key.line, p_last + 1))
    for line, edits in replaced.items():
        for start, end, new in sorted(edits, reverse=True):
            text[line] = text[line][: start - 1] + new + text[line][end - 1 :]
    above = []
    n = first - 1
    while n >= 1 and lines[n - 1].lstrip().startswith("#"):
        above.insert(0, lines[n - 1].strip())
        n -= 1
    shift = indent - (key_span.column - 1)
    out = [" " * indent + comment for comment in above]
    for n in range(first, last + 1):
        if n in dropped:
            continue
        line = text[n][key_span.column - 1 :] if n == first else text[n]
        if n == first:
            out.append(" " * indent + line)
        elif not line.strip():
            out.append("")
        else:
            current = len(line) - len(line.lstrip())
            out.append(" " * max(0, current + shift) + line.lstrip())
    return out


def _progress_paths(raw: dict, base: tuple, key: str) -> list[tuple]:
    """The ``progress`` keys of the exercises under ``base + (key,)`` (only ``exercises`` has them)."""
    if key != "exercises":
        return []
    node = raw
    for part in base + (key,):
        node = node[part]
    return [
        base + (key, j, "progress") for j, exercise in enumerate(node) if isinstance(exercise, dict) and "progress" in exercise
    ]


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
                out.extend(_session_lines(lines, index, raw, expansion, k, indent))
            out.extend(trailing)
    return "\n".join(out) + "\n"
