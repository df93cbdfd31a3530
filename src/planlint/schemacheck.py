"""A pure-Python yes/no check of a document against an inlined JSON Schema (draft 2020-12).

Why it exists: the compiled check, jsonschema-rs (a 15 MB extension that also
imports email.utils, socket...), costs 10-15 ms to import in a planlint run and
5-7 ms more to compile the plan schema: a large part of a run over a few plans.
This module compiles the same schema in about 1.5 ms into nested closures that
answer "valid or not" for a 400-line plan in about 0.17 ms (jsonschema-rs: 0.04 ms),
so a small run of valid plans never imports jsonschema-rs
(:meth:`planlint.schema.SchemaRegistry.is_valid` chooses, see ``SMALL_RUN``).

Only a subset of JSON Schema is compiled, with exact semantics: what jsonschema
and jsonschema-rs agree on (booleans are neither numbers nor integers, 1.0 is an
integer, enum and const tell ``true`` from ``1`` but not ``1`` from ``1.0``,
lengths count code points) and, for ``pattern``, ECMA-262 as jsonschema-rs reads
it (``$`` only at the very end, ASCII ``\\d`` and ``\\w``, ECMA's ``\\s``).
Non-finite floats are what jsonschema-rs makes of them: not numbers, outside
every range check. :func:`compile_check` returns None for a schema that uses
anything else (an unknown keyword, a ``$ref``, ``format``, a regular expression
outside the translated subset...): then jsonschema-rs decides, as before.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable

from planlint.schema import _ANNOTATIONS

Check = Callable[[object], bool]

#: Keywords that never change validity here: annotations, identifiers, and the
#: definitions an inlined schema no longer refers to. Keywords starting with
#: ``x-`` are annotations too (the plan schema's ``x-since``, ``x-unit``).
_IGNORED = frozenset(_ANNOTATIONS) | {
    "$schema",
    "$id",
    "$defs",
    "$anchor",
    "$dynamicAnchor",
    "readOnly",
    "writeOnly",
    "deprecated",
}
_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_TYPES = frozenset({"null", "boolean", "object", "array", "number", "integer", "string"})


class Unsupported(Exception):
    """The schema uses something this module does not compile."""


def compile_check(schema) -> Check | None:
    """``document -> bool`` for ``schema`` (references inlined), or None when the
    schema leaves the supported subset. A subschema that appears more than once
    (one object: :func:`planlint.schema.inline_refs` shares each definition) is
    compiled once."""
    with _COMPILING:
        _SEEN.clear()
        try:
            compiled = _compile(schema, 0)
        except (Unsupported, RecursionError):
            return None
        finally:
            _SEEN.clear()
    return _always if compiled is None else compiled


#: ``id(subschema) -> check`` while :func:`compile_check` runs (under the lock).
_SEEN: dict[int, Check | None] = {}
_COMPILING = threading.Lock()


def _always(document) -> bool:
    return True


def _never(document) -> bool:
    return False


# ----------------------------------------------------------------------------- values


def _finite(value: float) -> bool:
    return value - value == 0  # False for inf and nan


def _is_number(value) -> bool:
    """A JSON number: an int that is not a bool, or a finite float."""
    cls = value.__class__
    if cls is int:
        return True
    if cls is float:
        return value - value == 0
    if cls is bool:
        return False
    if isinstance(value, int):  # an int subclass
        return True
    return isinstance(value, float) and _finite(value)


def _is_integer(value) -> bool:
    """A JSON integer: a number with no fractional part (``1.0`` is one)."""
    cls = value.__class__
    if cls is int:
        return True
    if cls is float:
        return value - value == 0 and value.is_integer()
    if cls is bool:
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and _finite(value) and value.is_integer()


def _key(value):
    """A hashable stand-in for ``value`` that is equal for JSON-equal values: ``true``
    is not ``1``, ``1`` is ``1.0``, recursively in arrays and objects."""
    if value is True:
        return _TRUE
    if value is False:
        return _FALSE
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, list):
        return (_LIST, *map(_key, value))
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("an object key that is not a string")
        return (_DICT, frozenset((k, _key(v)) for k, v in value.items()))
    raise TypeError(f"not a JSON value: {type(value).__name__}")


class _Tag:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:  # pragma: no cover - debugging
        return self.name


_TRUE, _FALSE, _LIST, _DICT = _Tag("true"), _Tag("false"), _Tag("list"), _Tag("dict")


# ----------------------------------------------------------------------------- the compiler


def _compile(schema, depth: int) -> Check | None:
    """A check, or None for a schema every value satisfies."""
    if depth > 200:
        raise Unsupported("too deep")
    if schema is True:
        return None
    if schema is False:
        return _never
    if not isinstance(schema, dict):
        raise Unsupported(f"a schema must be an object or a boolean, not {schema!r}")
    seen = _SEEN.get(id(schema), _ABSENT)
    if seen is _ABSENT:
        seen = _SEEN[id(schema)] = _compile_object(schema, depth)
    return seen


def _compile_object(schema: dict, depth: int) -> Check | None:
    for keyword in schema:
        if keyword not in _KEYWORDS and keyword not in _IGNORED and not (isinstance(keyword, str) and keyword.startswith("x-")):
            raise Unsupported(f"keyword {keyword!r}")
    if schema.get("$schema", _DRAFT) != _DRAFT:
        raise Unsupported("another draft")
    if "enum" in schema or "const" in schema:
        return _enumerated(schema, depth)
    return _keywords(schema, depth + 1)


def _keywords(schema: dict, sub: int) -> Check | None:
    checks: list[Check] = []
    types = _types(schema.get("type", _ABSENT))
    # One closure per kind of value, merged with the type when the type names that kind alone.
    only = next(iter(types)) if types is not None and len(types) == 1 else None
    merged = False
    for kind, maker in (("object", _object_check), ("array", _array_check), ("string", _string_check), ("number", _number_check)):
        make = maker(schema, sub)
        if make is not None:
            strict = only == kind or (kind == "number" and only == "integer")
            checks.append(make(strict, only == "integer"))
            merged = merged or strict
    if types is not None and not merged:
        checks.insert(0, _type_check(types))
    for keyword in ("allOf", "anyOf", "oneOf"):
        if keyword in schema:
            branches = schema[keyword]
            if not isinstance(branches, list) or not branches:
                raise Unsupported(f"{keyword} must be a non-empty array")
            check = _COMBINE[keyword]([_compile(branch, sub) for branch in branches])
            if check is not None:
                checks.append(check)
    if "not" in schema:
        inner = _compile(schema["not"], sub)
        checks.append(_never if inner is None else _negate(inner))
    if "if" in schema:
        condition = _compile(schema["if"], sub)
        check = _conditional(condition, _compile(schema.get("then", True), sub), _compile(schema.get("else", True), sub))
        if check is not None:
            checks.append(check)
    else:
        for keyword in ("then", "else"):  # without "if" they do nothing, but must still be schemas
            if keyword in schema:
                _compile(schema[keyword], sub)
    return _all(checks)


def _enumerated(schema: dict, depth: int) -> Check:
    """A schema with ``enum`` or ``const``: every keyword looks at the value alone, so
    the schema accepts exactly the listed values that its other keywords accept, and
    that list is worked out now."""
    rest = _keywords({k: v for k, v in schema.items() if k not in ("enum", "const")}, depth + 1) or _always
    if "enum" in schema:
        values = schema["enum"]
        if not isinstance(values, list):
            raise Unsupported("enum must be an array")
    else:
        values = [schema["const"]]
    try:
        if "enum" in schema and "const" in schema:
            const = _key(schema["const"])
            values = [value for value in values if _key(value) == const]
        kept = [value for value in values if rest(value)]
        keys = frozenset(map(_key, kept))
    except (TypeError, ValueError, RecursionError) as exc:
        raise Unsupported(f"enum or const: {exc}") from None
    if not kept:
        return _never
    if all(isinstance(value, str) for value in kept):
        if len(keys) == 1:
            (only,) = keys
            return lambda value: isinstance(value, str) and value == only
        return lambda value: isinstance(value, str) and value in keys
    return lambda value: _key(value) in keys


def _types(value) -> frozenset | None:
    if value is _ABSENT:
        return None
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n in _TYPES for n in names):
        raise Unsupported(f"type {value!r}")
    if len(set(names)) != len(names):
        raise Unsupported("type names repeated")
    return frozenset(names)


def _type_check(types: frozenset) -> Check:
    if len(types) == 1:
        (name,) = types
        if name == "null":
            return lambda value: value is None
        if name == "boolean":
            return lambda value: value is True or value is False
        if name == "integer":
            return _is_integer
        if name == "number":
            return _is_number
        cls = {"object": dict, "array": list, "string": str}[name]
        return lambda value: isinstance(value, cls)
    classes = {"object": dict, "array": list, "string": str, "null": type(None)}
    plain = tuple(classes[name] for name in types if name in classes)
    boolean, number, integer = "boolean" in types, "number" in types, "integer" in types

    def check(value) -> bool:
        if value is True or value is False:
            return boolean
        if isinstance(value, plain):
            return True
        if number:
            return _is_number(value)
        return integer and _is_integer(value)

    return check


def _all(checks: list[Check]) -> Check | None:
    if not checks:
        return None
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda value: first(value) and second(value)
    if len(checks) == 3:
        first, second, third = checks
        return lambda value: first(value) and second(value) and third(value)
    every = tuple(checks)

    def check(value) -> bool:
        for one in every:
            if not one(value):
                return False
        return True

    return check


def _any(compiled: list) -> Check | None:
    if any(check is None for check in compiled):
        return None
    branches = tuple(compiled)
    if len(branches) == 1:
        return branches[0]
    if len(branches) == 2:
        first, second = branches
        return lambda value: first(value) or second(value)

    def check(value) -> bool:
        for branch in branches:
            if branch(value):
                return True
        return False

    return check


def _one(compiled: list) -> Check:
    always = sum(check is None for check in compiled)
    branches = tuple(check for check in compiled if check is not None)
    if always > 1:
        return _never
    if always == 1:
        return lambda value: not any(branch(value) for branch in branches)

    def check(value) -> bool:
        found = False
        for branch in branches:
            if branch(value):
                if found:
                    return False
                found = True
        return found

    return check


_COMBINE = {"allOf": lambda compiled: _all([c for c in compiled if c is not None]), "anyOf": _any, "oneOf": _one}


def _negate(inner: Check) -> Check:
    return lambda value: not inner(value)


def _conditional(condition, then, otherwise) -> Check | None:
    if condition is None:
        return then
    if then is None and otherwise is None:
        return None
    then = then or _always
    otherwise = otherwise or _always
    return lambda value: then(value) if condition(value) else otherwise(value)


# ----------------------------------------------------------------------------- per kind of value

_OBJECT = ("properties", "patternProperties", "additionalProperties", "required", "propertyNames")
_OBJECT += ("minProperties", "maxProperties", "dependentRequired", "dependentSchemas")
_ARRAY = ("items", "prefixItems", "minItems", "maxItems", "uniqueItems")
_STRING = ("minLength", "maxLength", "pattern")
_NUMBER = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
_KEYWORDS = frozenset(
    _OBJECT + _ARRAY + _STRING + _NUMBER + ("type", "enum", "const", "allOf", "anyOf", "oneOf", "not", "if", "then", "else")
)
_ABSENT = object()


def _count(schema: dict, keyword: str) -> int | None:
    value = schema.get(keyword, _ABSENT)
    if value is _ABSENT:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if value.__class__ is not int or value < 0:
        raise Unsupported(f"{keyword} must be a non-negative integer")
    return value


def _mapping(schema: dict, keyword: str) -> dict:
    value = schema.get(keyword, {})
    if not isinstance(value, dict):
        raise Unsupported(f"{keyword} must be an object")
    return value


def _object_check(schema: dict, depth: int):
    """``make(strict, integer)`` for the object keywords (None: the schema has none)."""
    if schema.keys().isdisjoint(_OBJECT) and schema.get("type") not in ("object", ["object"]):
        return None
    searches = tuple((_search(p), _compile(s, depth)) for p, s in _mapping(schema, "patternProperties").items())
    additional = _compile(schema["additionalProperties"], depth) if "additionalProperties" in schema else None
    named = {}
    for name, subschema in _mapping(schema, "properties").items():
        # A named property is also checked against every pattern it matches.
        parts = [_compile(subschema, depth)] + [check for holder, check in searches if holder[0](name) is not None]
        named[name] = _all([part for part in parts if part is not None])
    required = schema.get("required", [])
    if not isinstance(required, list) or not all(isinstance(k, str) for k in required) or len(set(required)) != len(required):
        raise Unsupported("required must be an array of distinct strings")
    required = tuple(required)
    names = _compile(schema["propertyNames"], depth) if "propertyNames" in schema else None
    least, most = _count(schema, "minProperties"), _count(schema, "maxProperties")
    dependent = []
    for name, needed in _mapping(schema, "dependentRequired").items():
        if not isinstance(needed, list) or not all(isinstance(k, str) for k in needed):
            raise Unsupported("dependentRequired values must be arrays of strings")
        dependent.append((name, _requires(tuple(needed), strict=False)))
    for name, subschema in _mapping(schema, "dependentSchemas").items():
        check = _compile(subschema, depth)
        if check is not None:
            dependent.append((name, check))
    dependent = tuple(dependent)
    walk = bool(named) or bool(searches) or additional is not None
    get = named.get
    counted = least is not None or most is not None
    least = least or 0
    most = math.inf if most is None else most

    def make(strict: bool, integer: bool) -> Check:
        if not walk and names is None and not dependent and not counted:
            return _requires(required, strict)

        def check(value) -> bool:
            if not isinstance(value, dict):
                return not strict
            for name in required:
                if name not in value:
                    return False
            if counted and not least <= len(value) <= most:
                return False
            if walk:
                for name, item in value.items():
                    part = get(name, _ABSENT)
                    if part is _ABSENT:
                        matched = False
                        for holder, pattern_check in searches:
                            if holder[0](name) is not None:
                                matched = True
                                if pattern_check is not None and not pattern_check(item):
                                    return False
                        if not matched and additional is not None and not additional(item):
                            return False
                    elif part is not None and not part(item):
                        return False
            if names is not None:
                for name in value:
                    if not names(name):
                        return False
            for name, part in dependent:
                if name in value and not part(value):
                    return False
            return True

        return check

    return make


def _requires(names: tuple, strict: bool) -> Check:
    if len(names) == 1:
        (name,) = names
        return lambda value: name in value if isinstance(value, dict) else not strict

    def check(value) -> bool:
        if not isinstance(value, dict):
            return not strict
        for name in names:
            if name not in value:
                return False
        return True

    return check


def _array_check(schema: dict, depth: int):
    if schema.keys().isdisjoint(_ARRAY) and schema.get("type") not in ("array", ["array"]):
        return None
    prefix = schema.get("prefixItems", _ABSENT)
    if prefix is _ABSENT:
        prefix = []
    elif not isinstance(prefix, list) or not prefix:
        raise Unsupported("prefixItems must be a non-empty array")
    prefix = tuple(_compile(s, depth) or _always for s in prefix)
    if isinstance(schema.get("items"), list):
        raise Unsupported("items must be a schema in draft 2020-12")
    items = _compile(schema["items"], depth) if "items" in schema else None
    least, most = _count(schema, "minItems") or 0, _count(schema, "maxItems")
    most = math.inf if most is None else most
    unique = schema.get("uniqueItems", False)
    if unique.__class__ is not bool:
        raise Unsupported("uniqueItems must be a boolean")
    skip = len(prefix)

    def make(strict: bool, integer: bool) -> Check:
        def check(value) -> bool:
            if not isinstance(value, list):
                return not strict
            if not least <= len(value) <= most:
                return False
            if prefix:
                for part, item in zip(prefix, value):
                    if not part(item):
                        return False
            if items is not None:
                for item in value[skip:] if skip else value:
                    if not items(item):
                        return False
            if unique and len(value) > 1:
                return len(set(map(_key, value))) == len(value)
            return True

        return check

    return make


def _string_check(schema: dict, depth: int):
    if schema.keys().isdisjoint(_STRING) and schema.get("type") not in ("string", ["string"]):
        return None
    least, most = _count(schema, "minLength") or 0, _count(schema, "maxLength")
    most = math.inf if most is None else most
    holder = _search(schema["pattern"]) if "pattern" in schema else None

    def make(strict: bool, integer: bool) -> Check:
        if holder is None and not least and most == math.inf:
            return lambda value: isinstance(value, str) or not strict
        if holder is None:
            return lambda value: least <= len(value) <= most if isinstance(value, str) else not strict
        if not least and most == math.inf:
            return lambda value: holder[0](value) is not None if isinstance(value, str) else not strict
        return lambda value: (
            (least <= len(value) <= most and holder[0](value) is not None) if isinstance(value, str) else not strict
        )

    return make


def _bound(schema: dict, keyword: str, default: float):
    value = schema.get(keyword, _ABSENT)
    if value is _ABSENT:  # an explicit null is not a bound: refused below
        return default
    if value.__class__ is bool or not isinstance(value, (int, float)) or (isinstance(value, float) and not _finite(value)):
        raise Unsupported(f"{keyword} must be a number")
    return value


def _number_check(schema: dict, depth: int):
    if schema.keys().isdisjoint(_NUMBER) and schema.get("type") not in ("number", "integer", ["number"], ["integer"]):
        return None
    low, high = _bound(schema, "minimum", -math.inf), _bound(schema, "maximum", math.inf)
    above, below = _bound(schema, "exclusiveMinimum", -math.inf), _bound(schema, "exclusiveMaximum", math.inf)
    exclusive = "exclusiveMinimum" in schema or "exclusiveMaximum" in schema

    # A value of another kind is refused when the type asks for a number (or an
    # integer) and ignored otherwise; a non-finite float is no number (as
    # jsonschema-rs has it), so it is outside every range check.
    def make(strict: bool, integer: bool) -> Check:
        kind = _is_integer if integer else _is_number
        if not exclusive:

            def check(value) -> bool:
                if value.__class__ is int or kind(value):
                    return low <= value <= high
                return not strict

            return check

        def check(value) -> bool:
            if value.__class__ is int or kind(value):
                return low <= value <= high and above < value < below
            return not strict

        return check

    return make


# ----------------------------------------------------------------------------- ECMA-262 patterns


def _lit(char: str) -> str:
    """``char`` as a Python regular expression that matches it alone, in or out of a class."""
    if char.isascii():
        return char if char.isalnum() else "\\" + char if char.isprintable() else f"\\x{ord(char):02x}"
    return f"\\u{ord(char):04x}"  # no character past U+FFFF reaches here


#: ECMA-262's ``\\s`` (WhiteSpace and LineTerminator: Unicode's space separators,
#: U+FEFF, tab, vertical tab, form feed and the four line terminators) as class items.
_SPACE = (
    "".join(map(_lit, "\t\n\x0b\x0c\r \xa0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff"))
    + f"{_lit(chr(0x2000))}-{_lit(chr(0x200A))}"
)
#: ``\\d``, ``\\w`` and ``\\s`` as class items (ECMA's digits and word characters are ASCII).
_CLASS_ITEMS = {"d": "0-9", "w": "A-Za-z0-9_", "s": _SPACE}
_SYNTAX = frozenset("^$\\.*+?()[]{}|/-")
_CONTROL = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "v": "\v"}


_PATTERNS: dict[str, list] = {}


def _search(pattern) -> list:
    """``[search]``: the ``search`` function of ``pattern`` (ECMA-262) translated to
    Python's ``re``, in a list shared by every use of the pattern. The translation
    is checked now; the expression is compiled on its first search, which puts the
    compiled ``search`` in the list (compiling costs more than translating, and a
    small plan uses few of the patterns)."""
    if not isinstance(pattern, str):
        raise Unsupported("a pattern must be a string")
    holder = _PATTERNS.get(pattern)
    if holder is None:
        translated = translate(pattern)

        def first_search(string):
            holder[0] = re.compile(translated).search
            return holder[0](string)

        holder = _PATTERNS[pattern] = [first_search]
    return holder


def translate(pattern: str) -> str:
    """``pattern`` (ECMA-262, no flags) as a Python regular expression with the same
    matches; Unsupported for anything outside the subset translated with certainty:
    literals, ``.``, ``^``, ``$``, classes (ranges, ``\\d \\w \\s`` and their negations
    outside classes), groups and ``(?:``, alternation and the quantifiers."""
    return _Translator(pattern).run()


class _Translator:
    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.at = 0
        self.depth = 0

    def fail(self, why: str):
        raise Unsupported(f"pattern {self.pattern!r}: {why} at {self.at}")

    def peek(self) -> str | None:
        return self.pattern[self.at] if self.at < len(self.pattern) else None

    def run(self) -> str:
        out = self.disjunction()
        if self.at != len(self.pattern):
            self.fail("unbalanced ')'")
        return out

    def disjunction(self) -> str:
        parts = [self.alternative()]
        while self.peek() == "|":
            self.at += 1
            parts.append(self.alternative())
        return "|".join(parts)

    def alternative(self) -> str:
        out = []
        while True:
            char = self.peek()
            if char is None or char in "|)":
                return "".join(out)
            term, quantifiable = self.term()
            quantifier = self.quantifier()
            if quantifier and not quantifiable:
                self.fail("nothing to repeat")
            out.append(term + quantifier)

    def term(self) -> tuple[str, bool]:
        char = self.pattern[self.at]
        self.at += 1
        if char == "^":
            return r"\A", False
        if char == "$":
            return r"\Z", False
        if char == ".":
            return r"[^\n\r\u2028\u2029]", True
        if char == "(":
            return self.group()
        if char == "[":
            return self.character_class(), True
        if char == "\\":
            return self.escape(), True
        if char in "*+?{}]":
            self.fail(f"{char!r} out of place")
        return _lit(self.bmp(char)), True

    def bmp(self, char: str) -> str:
        # Without the u flag ECMA-262 sees a character past U+FFFF as two code units.
        if ord(char) > 0xFFFF:
            self.fail("a character past U+FFFF")
        return char

    def group(self) -> tuple[str, bool]:
        self.depth += 1
        if self.depth > 50:
            self.fail("groups nested too deep")
        if self.pattern.startswith("?:", self.at):
            opening = "(?:"
        elif self.peek() == "?":
            # Lookarounds, named groups...: jsonschema-rs reads a pattern with a
            # lookaround with another engine, whose \d, \w and \s are Unicode's.
            self.fail("a group other than ( and (?:")
        else:
            opening = "("
        self.at += len(opening) - 1
        inner = self.disjunction()
        if self.peek() != ")":
            self.fail("unclosed group")
        self.at += 1
        self.depth -= 1
        return opening + inner + ")", True

    def quantifier(self) -> str:
        char = self.peek()
        if char is None or char not in "*+?{":
            return ""
        if char == "{":
            match = re.compile(r"\{([0-9]{1,4})(,([0-9]{1,4})?)?\}").match(self.pattern, self.at)
            if match is None:
                self.fail("'{' that is not a quantifier")
            low, high = int(match.group(1)), match.group(3)
            if high is not None and int(high) < low:
                self.fail("a quantifier whose range is backwards")
            text = match.group(0)
            self.at = match.end()
        else:
            text = char
            self.at += 1
        if self.peek() == "?":
            text += "?"
            self.at += 1
        if self.peek() is not None and self.peek() in "*+?{":
            self.fail("a quantifier after a quantifier")
        return text

    def escape(self, in_class: bool = False) -> str:
        """After a backslash: a class's items (``\\d``) or one character, as Python syntax."""
        char = self.peek()
        if char is None:
            self.fail("a trailing backslash")
        self.at += 1
        if char in "dws":
            return _CLASS_ITEMS[char] if in_class else f"[{_CLASS_ITEMS[char]}]"
        if char in "DWS":
            if in_class:
                self.fail("a negated class escape inside a class")
            return f"[^{_CLASS_ITEMS[char.lower()]}]"
        return _lit(self.escaped_character(char))

    def escaped_character(self, char: str) -> str:
        if char in _CONTROL:
            return _CONTROL[char]
        if char in _SYNTAX:
            return char
        if char in "xu":
            size = 2 if char == "x" else 4
            digits = self.pattern[self.at : self.at + size]
            if len(digits) != size or not all(d in "0123456789abcdefABCDEF" for d in digits):
                self.fail(f"\\{char} without {size} hex digits")
            self.at += size
            code = int(digits, 16)
            if 0xD800 <= code <= 0xDFFF:
                self.fail("a surrogate")
            return chr(code)
        self.fail(f"the escape \\{char}")

    def character_class(self) -> str:
        negated = self.peek() == "^"
        if negated:
            self.at += 1
        if self.peek() == "]":
            self.fail("an empty class")
        items = []
        while True:
            char = self.peek()
            if char is None:
                self.fail("an unclosed class")
            if char == "]":
                self.at += 1
                break
            first, single = self.class_atom()
            if self.peek() == "-" and self.pattern[self.at + 1 : self.at + 2] not in ("]", ""):
                self.at += 1
                last, single_last = self.class_atom()
                if not (single and single_last):
                    self.fail("a range with a class escape")
                if ord(first) > ord(last):
                    self.fail("a backwards range")
                items.append(f"{_lit(first)}-{_lit(last)}")
            else:
                items.append(_lit(first) if single else first)
        return ("[^" if negated else "[") + "".join(items) + "]"

    def class_atom(self) -> tuple[str, bool]:
        """(a character, True) or (a class's items as Python syntax, False)."""
        char = self.pattern[self.at]
        self.at += 1
        if char != "\\":
            if char == "[":
                self.fail("'[' inside a class")
            return self.bmp(char), True
        char = self.peek()
        if char is None:
            self.fail("a trailing backslash")
        if char in "dwsDWS":
            return self.escape(in_class=True), False
        if char == "b":
            self.fail("\\b inside a class")
        self.at += 1
        return self.escaped_character(char), True


#: Annotations whose values the 2020-12 meta-schema constrains, and the type it asks.
_ANNOTATION_TYPES = {
    "title": str,
    "description": str,
    "$comment": str,
    "examples": list,
    "deprecated": bool,
    "readOnly": bool,
    "writeOnly": bool,
}
#: Keywords whose values :func:`well_formed` does not check itself (formats of URIs and names).
_IDENTIFIERS = frozenset({"$id", "$anchor", "$dynamicAnchor", "$defs", "$schema"})
_SUBSCHEMA = ("items", "additionalProperties", "not", "if", "then", "else", "propertyNames")
_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_SUBSCHEMA_MAPS = ("properties", "patternProperties", "dependentSchemas")


def well_formed(schema) -> bool:
    """True when ``schema`` is certainly a valid 2020-12 JSON Schema: it compiles here
    (compiling checks the shape of every keyword it compiles: a ``type`` that names no
    type, a negative ``minLength`` or a bad ``pattern`` does not compile) and its
    annotations have the types the meta-schema asks. False means "not known here":
    checking a plugin's schema extension then asks jsonschema-rs, as before. It spares
    a run that checks a plugin's extension (every run without a cache) that import."""
    return compile_check(schema) is not None and _annotations_ok(schema, 0)


def _annotations_ok(schema, depth: int) -> bool:
    if isinstance(schema, bool):
        return True
    if not isinstance(schema, dict) or depth > 64 or _IDENTIFIERS & schema.keys():
        return False
    for keyword, wanted in _ANNOTATION_TYPES.items():
        if keyword in schema and not isinstance(schema[keyword], wanted):
            return False
    subschemas = [schema[k] for k in _SUBSCHEMA if k in schema]
    subschemas += [s for k in _SUBSCHEMA_LISTS for s in schema.get(k, ())]
    subschemas += [s for k in _SUBSCHEMA_MAPS for s in schema.get(k, {}).values()]
    return all(_annotations_ok(sub, depth + 1) for sub in subschemas)
