"""``--format json``: a JSON array of finding objects, nothing else on stdout.

Each finding carries two fields about its file: ``rules_skipped`` (its safety rules were
not run because of these errors) and ``rules_run`` (the rule packs that checked it, e.g.
``["core", "muscle (calf)"]``; empty when they were skipped). A file whose injury site no
rule pack checked (only the general rules ran) gets one more object after its findings, a
note rather than a finding: ``"code": null``, ``"severity": "note"``, ``"name":
"general-rules-only"``, the note as ``message``, at line 1; nothing in the plan is wrong,
the check is only partial.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring

from planlint.reporters.reporter import Reporter

#: The ``name`` of a note object (``code`` null): only the general rules checked the file.
NOTE_NAME = "general-rules-only"


class JsonReporter(Reporter):
    name = "json"
    description = (
        "a JSON array of findings (path, line, column, end_line, end_column, code, name, severity, message, "
        "rules_skipped: true when the file's safety rules were not run because of these errors, rules_run: the "
        "rule packs that checked the file), and a note object (code null) for a file only the general rules checked"
    )

    def report(self, findings, summary) -> None:
        items = []
        by_path: dict[str, list] = {}
        for finding in self.visible(findings):
            item = finding.to_dict()
            item["rules_skipped"] = finding.path in summary.skipped
            item["rules_run"] = summary.packs(finding.path)
            if self.context.show_suppressed:
                item["suppressed"] = finding.suppressed
                item["suppression_reason"] = finding.suppression_reason
            by_path.setdefault(finding.path, []).append(item)
        order = [path for path in summary.paths if path in by_path or summary.rules_note(path)]
        seen = set(order)
        order += [path for path in by_path if path not in seen]
        for path in order:
            items += by_path.get(path, [])
            note = summary.rules_note(path)
            if note:
                items.append(
                    {
                        "path": path,
                        "line": 1,
                        "column": 1,
                        "end_line": 1,
                        "end_column": 1,
                        "code": None,
                        "name": NOTE_NAME,
                        "severity": "note",
                        "message": note,
                        "rules_skipped": False,
                        "rules_run": summary.packs(path),
                    }
                )
        for chunk in indented_chunks(items):
            self.stream.write(chunk)
        self.stream.write("\n")


_CONSTANTS = {True: "true", False: "false", None: "null"}


def indented(items: list) -> str:
    """``json.dumps(items, indent=2, ensure_ascii=False)``, byte for byte (see :func:`indented_chunks`)."""
    return "".join(indented_chunks(items))


def indented_chunks(items: list):
    """``json.dumps(items, indent=2, ensure_ascii=False)`` in pieces, one object each,
    about twice as fast for a list of flat objects (the findings): the standard
    library encodes an indented document in Python one token at a time; here each
    object's keys are encoded once and its strings by the C escaper. Anything else
    is json's. Pieces, so that a report of many findings is never held twice."""
    if type(items) is not list or not items or any(type(item) is not dict for item in items):
        yield json.dumps(items, indent=2, ensure_ascii=False)
        return
    if any(type(key) is not str for item in items for key in item):
        yield json.dumps(items, indent=2, ensure_ascii=False)
        return
    keys: dict = {}
    separator = "[\n  {"
    for item in items:
        fields = []
        for key, value in item.items():
            name = keys.get(key)
            if name is None:
                name = keys[key] = "\n    " + encode_basestring(key) + ": "
            kind = type(value)
            if kind is str:
                text = encode_basestring(value)
            elif kind is int:
                text = int.__repr__(value)
            elif kind is bool or value is None:
                text = _CONSTANTS[value]
            elif kind is list and all(type(part) is str for part in value):
                text = "[\n      " + ",\n      ".join(map(encode_basestring, value)) + "\n    ]" if value else "[]"
            else:  # nested at the object's depth: a raw newline never occurs inside a JSON string
                text = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n    ")
            fields.append(name + text)
        yield separator + ",".join(fields) + "\n  }" if fields else separator + "}"
        separator = ",\n  {"
    yield "\n]"
