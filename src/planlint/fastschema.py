"""A compiled yes/no check for the plan schema: the fast path of validation.

jsonschema explains *why* a document is invalid, which is what PL003 needs,
but it costs several milliseconds per plan. Most plans in a programme library
are valid, so planlint first asks this compiled check; only when it says "no"
does jsonschema run to produce the findings. It supports exactly the keywords
the plan schema (and plugin extensions) use; for a schema with any other
keyword :func:`compile_schema` returns None and jsonschema alone is used.
A differential test keeps both in agreement.
"""

from __future__ import annotations

import re
from typing import Any, Callable

Check = Callable[[Any], bool]

#: Keywords that never affect validity: JSON Schema's annotations, and the ones editors
#: read (yaml-language-server and VS Code: messages, markdown, completion hints).
EDITOR_ANNOTATIONS = frozenset({
    "markdownDescription", "patternErrorMessage", "errorMessage", "enumDescriptions",
    "markdownEnumDescriptions", "defaultSnippets", "doNotSuggest", "deprecationMessage",
    "suggestSortText", "allowComments", "allowTrailingCommas",
})
ANNOTATIONS = frozenset({
    "title", "description", "examples", "default", "$comment",
    "$id", "$schema", "$defs", "x-unit", "deprecated", "readOnly", "writeOnly",
}) | EDITOR_ANNOTATIONS
_ANNOTATIONS = ANNOTATIONS


class Unsupported(Exception):
    """The schema uses a keyword this compiler does not know."""


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": _is_number,
    "integer": lambda v: _is_number(v) and (isinstance(v, int) or float(v).is_integer()),
}


def _json_equal(a, b) -> bool:
    """Equality as JSON Schema means it: true is not 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k]) for k in a)
    return a == b


def compile_schema(schema) -> Check | None:
    """A function telling whether a document is valid, or None when unsupported."""
    try:
        return _compile(schema)
    except Unsupported:
        return None


def _compile(schema) -> Check:
    if schema is True or schema == {}:
        return lambda value: True
    if schema is False:
        return lambda value: False
    if not isinstance(schema, dict):
        raise Unsupported(repr(schema))
    checks: list[Check] = []
    for keyword, argument in schema.items():
        if keyword in _ANNOTATIONS:
            continue
        builder = _KEYWORDS.get(keyword)
        if builder is None:
            raise Unsupported(keyword)
        checks.append(builder(argument, schema))
    checks = [c for c in checks if c is not None]
    if len(checks) == 1:
        return checks[0]
    return lambda value: all(check(value) for check in checks)


def _type(argument, schema) -> Check:
    names = argument if isinstance(argument, list) else [argument]
    tests = [_TYPES[name] for name in names]
    return lambda value: any(test(value) for test in tests)


def _enum(argument, schema) -> Check:
    return lambda value: any(_json_equal(value, option) for option in argument)


def _const(argument, schema) -> Check:
    return lambda value: _json_equal(value, argument)


def _bound(compare) -> Callable:
    def build(argument, schema) -> Check:
        return lambda value: not _is_number(value) or compare(value, argument)

    return build


def _min_length(argument, schema) -> Check:
    return lambda value: not isinstance(value, str) or len(value) >= argument


def _pattern(argument, schema) -> Check:
    search = re.compile(argument).search
    return lambda value: not isinstance(value, str) or search(value) is not None


def _min_items(argument, schema) -> Check:
    return lambda value: not isinstance(value, list) or len(value) >= argument


def _unique_items(argument, schema) -> Check | None:
    if not argument:
        return None

    def unique(value) -> bool:
        if not isinstance(value, list):
            return True
        return all(not _json_equal(a, b) for i, a in enumerate(value) for b in value[i + 1 :])

    return unique


def _items(argument, schema) -> Check:
    item = _compile(argument)
    return lambda value: not isinstance(value, list) or all(item(v) for v in value)


def _properties(argument, schema) -> Check:
    compiled = {name: _compile(sub) for name, sub in argument.items()}

    def properties(value) -> bool:
        if not isinstance(value, dict):
            return True
        return all(check(value[name]) for name, check in compiled.items() if name in value)

    return properties


def _pattern_properties(argument, schema) -> Check:
    compiled = [(re.compile(pattern).search, _compile(sub)) for pattern, sub in argument.items()]

    def pattern_properties(value) -> bool:
        if not isinstance(value, dict):
            return True
        return all(check(v) for key, v in value.items() for search, check in compiled if search(key))

    return pattern_properties


def _additional_properties(argument, schema) -> Check:
    known = set(schema.get("properties", {}))
    patterns = [re.compile(p).search for p in schema.get("patternProperties", {})]
    check = _compile(argument)

    def additional(value) -> bool:
        if not isinstance(value, dict):
            return True
        return all(
            check(v) for key, v in value.items() if key not in known and not any(search(key) for search in patterns)
        )

    return additional


def _required(argument, schema) -> Check:
    return lambda value: not isinstance(value, dict) or all(name in value for name in argument)


def _any_of(argument, schema) -> Check:
    branches = [_compile(sub) for sub in argument]
    return lambda value: any(branch(value) for branch in branches)


def _one_of(argument, schema) -> Check:
    branches = [_compile(sub) for sub in argument]
    return lambda value: sum(1 for branch in branches if branch(value)) == 1


def _not(argument, schema) -> Check:
    inner = _compile(argument)
    return lambda value: not inner(value)


def _if(argument, schema) -> Check:
    condition = _compile(argument)
    then = _compile(schema["then"]) if "then" in schema else (lambda value: True)
    otherwise = _compile(schema["else"]) if "else" in schema else (lambda value: True)
    return lambda value: then(value) if condition(value) else otherwise(value)


def _dependent_schemas(argument, schema) -> Check:
    compiled = {name: _compile(sub) for name, sub in argument.items()}

    def dependent(value) -> bool:
        if not isinstance(value, dict):
            return True
        return all(check(value) for name, check in compiled.items() if name in value)

    return dependent


def _handled_by_if(argument, schema) -> None:
    """``then``/``else`` are compiled with their ``if`` (and mean nothing without one)."""
    return None


_KEYWORDS: dict[str, Callable] = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "minimum": _bound(lambda v, a: v >= a),
    "maximum": _bound(lambda v, a: v <= a),
    "exclusiveMinimum": _bound(lambda v, a: v > a),
    "exclusiveMaximum": _bound(lambda v, a: v < a),
    "minLength": _min_length,
    "pattern": _pattern,
    "minItems": _min_items,
    "uniqueItems": _unique_items,
    "items": _items,
    "properties": _properties,
    "patternProperties": _pattern_properties,
    "additionalProperties": _additional_properties,
    "required": _required,
    "anyOf": _any_of,
    "oneOf": _one_of,
    "not": _not,
    "if": _if,
    "then": _handled_by_if,
    "else": _handled_by_if,
    "dependentSchemas": _dependent_schemas,
}
