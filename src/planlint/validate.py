"""Schema validation: jsonschema errors -> PL003 findings a coach can act on.

Each finding points at the offending node (an unknown key: that key; a wrong
value: its key; something missing: the parent), names the key, what was found
and what is allowed. PL006 (format version) is checked first and alone.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from planlint.anchors import read_anchors
from planlint.codes import PL003, PL006
from planlint.findings import Finding
from planlint.limits import DEFAULT, Limits
from planlint.loader import LoadedSource
from planlint.positions import NodePath, PositionIndex, Span
from planlint.quoting import describe_number, quote, shown
from planlint.schema import SchemaRegistry, base_schema
from planlint.suggest import did_you_mean, only_close_match
from planlint.templates import expand, is_templated
from planlint.timeline import TimeError, known_zones, load_zone, parse_moment
from planlint.units import (
    UnitError,
    duration_unit_meant,
    parse_distance_metres,
    parse_duration_hours,
    parse_percent,
)

if TYPE_CHECKING:  # pragma: no cover
    from jsonschema.exceptions import ValidationError

    from planlint.catalog import Catalog
    from planlint.edits import Fix

#: Format versions this planlint reads: 1, and 1.1 (2026-12-07), which only adds keys.
SUPPORTED_VERSIONS = (1, 1.1)

_TOP_KEYS = "planlint, id, title, injury, phases and sessions"

# How a value of each pattern-checked $defs entry must be written.
_PATTERN_HELP = {
    "slug": "lower-case letters, digits and hyphens, starting with a letter or digit (e.g. hs-2b-midfielder)",
    "date_or_datetime": "an ISO 8601 date or date-time, e.g. 2026-03-14 or 2026-03-14T17:30:00+01:00",
    "datetime": "an ISO 8601 date-time with a time of day, e.g. 2026-03-20T09:00:00+01:00",
    "time_of_day": 'a 24-hour time in quotes, e.g. "09:00"',
}
_ANYOF_HELP = {
    "load": "one of {rpe: 1..10}, {percent_1rm: N}, {kg: N} or bodyweight",
    "starts": "a date such as 2026-05-02, or a day number on the plan's own count such as 238",
    "grade": 'a BAMIC grade in quotes (0a, 0b, 1a ... 3c, "4", 4c) or a generic grade 1, 2 or 3',
}
_UNIT_PARSERS = {"duration": parse_duration_hours, "distance": parse_distance_metres, "percent": parse_percent}


def check_version(source: LoadedSource) -> Finding | None:
    """PL006: a ``planlint:`` version this release does not read."""
    data = source.data
    if not isinstance(data, dict) or "planlint" not in data:
        return None
    version = data["planlint"]
    if is_supported_version(version):
        return None
    return PL006.at(
        source.path,
        source.index.key_to_value_span(("planlint",)),
        f"plan format version {_written(version)} is not supported; this planlint reads versions 1 and 1.1 "
        f"(write `planlint: 1.1`, a number without quotes), or upgrade planlint if the plan needs a newer format",
    )


def is_supported_version(version) -> bool:
    """``planlint: 1`` (an integer) or ``planlint: 1.1`` (the number YAML reads)."""
    if isinstance(version, bool):
        return False
    return (isinstance(version, int) and version == 1) or (isinstance(version, float) and version == 1.1)


def validate(
    source: LoadedSource, registry: SchemaRegistry, limits: Limits = DEFAULT, catalog: Catalog | None = None
) -> list[Finding]:
    """All structural findings for loaded data: PL006 alone, else PL003s. ``catalog`` (the
    file's exercise catalog) tells a 1.1 plan's ``intensity`` on a sprint or a run from one
    elsewhere; without it, the built-in catalog is read."""
    return validate_source(source, registry, limits, catalog)[0]


def validate_source(
    source: LoadedSource, registry: SchemaRegistry, limits: Limits = DEFAULT, catalog: Catalog | None = None
) -> tuple[list[Finding], LoadedSource]:
    """:func:`validate`, and the source the model reads: a plan with templates (format 1.1)
    written out once here, between the schema and the checks that read sessions
    (:mod:`planlint.templates`), with the positions of the written-out sessions."""
    written_out: list[LoadedSource] = []
    findings = _validate(source, registry, limits, catalog, written_out)
    return findings, written_out[0] if written_out else source


def _validate(
    source: LoadedSource, registry: SchemaRegistry, limits: Limits, catalog: Catalog | None, written_out: list
) -> list[Finding]:
    data = source.data
    if not isinstance(data, dict):
        return [
            PL003.at(
                source.path,
                source.index.locate((), prefer_key=False),
                f"a plan must be a mapping of keys ({_TOP_KEYS}); this file holds {_describe(data)}",
            )
        ]
    version = check_version(source)
    if version is not None:
        return [version]
    injury = data.get("injury")
    site = injury.get("site") if isinstance(injury, dict) else None
    site = site if isinstance(site, str) else None
    sessions = data.get("sessions")
    if isinstance(sessions, list) and len(sessions) > limits.max_sessions:
        return [
            PL003.at(
                source.path,
                source.index.locate(("sessions",), prefer_key=True),
                f"the plan has {len(sessions)} sessions; planlint reads at most {limits.max_sessions} "
                "(a real plan has a few hundred at most): split the plan",
            )
        ]
    findings: list[Finding] = []
    # NaN passes every range check and infinity breaks arithmetic: neither is a number a plan can mean.
    found = source.non_finite if source.non_finite is not None else _non_finite(data, ())
    non_finite = {path: value for path, value in found}
    for path, value in non_finite.items():
        findings.append(
            PL003.at(
                source.path,
                source.index.key_to_value_span(path),
                f"{_subject(describe_location(data, path), _key_name(path))} must be a finite number, found {describe_number(value)}",
            )
        )
    seen: set[tuple] = set()
    # Most plans are valid: a compiled yes/no check first; jsonschema (slow,
    # but it explains every problem) only when that says no.
    errors = () if registry.is_valid(site, data) else registry.explain(site, data)
    elsewhere = registry.key_hints(site) if errors else {}
    for error in errors:
        if tuple(error.absolute_path) in non_finite:
            continue  # said above
        for span, message, *fix in _translate(error, data, source.index, elsewhere, source.text):
            if (span, message) not in seen:
                seen.add((span, message))
                finding = PL003.at(source.path, span, message, fix=fix[0] if fix else None)
                findings.append(replace(finding, schema_error=True))
    findings.extend(_duplicate_phase_ids(source))
    if data.get("planlint") == 1:
        findings.extend(_newer_keys(source, registry.schema(site)))
    if not findings and is_templated(data, source.text):
        expansion, problems = expand(source.path, data, source.index, limits)
        if expansion is None:
            return sorted(problems, key=lambda f: (f.line, f.column, f.message))
        source = dataclasses.replace(source, data=expansion.data, index=expansion.index, non_finite=[], keys=None)
        written_out.append(source)
        data = source.data
    if not findings:
        findings.extend(_impossible_dates(source))
        findings.extend(_impossible_amounts(source, registry.schema(site)))
    if not findings:
        findings.extend(_time_anchors(source))
    if not findings and data["planlint"] == 1.1:
        findings.extend(_intensity_not_speed(source, catalog))
    return sorted(findings, key=lambda f: (f.line, f.column, f.message))


def _duplicate_phase_ids(source: LoadedSource) -> Iterator[Finding]:
    phases = source.data.get("phases")
    if not isinstance(phases, list):
        return
    first: dict[str, int] = {}
    for i, phase in enumerate(phases):
        if not isinstance(phase, dict) or not isinstance(phase.get("id"), str):
            continue
        if phase["id"] in first:
            earlier = source.index.locate(("phases", first[phase["id"]], "id"))
            yield PL003.at(
                source.path,
                source.index.key_to_value_span(("phases", i, "id")),
                f"phase id '{quote(phase['id'])}' is used twice (first at line {earlier.line}); phase ids must be unique",
            )
        else:
            first[phase["id"]] = i


def _impossible_dates(source: LoadedSource) -> Iterator[Finding]:
    """Dates the pattern accepts but the calendar does not (2026-02-30)."""
    data = source.data
    places = [("injury", "occurred")] + [("sessions", i, "at") for i, s in enumerate(data["sessions"]) if "at" in s]
    places += [("injury", "surgery")] if "surgery" in data["injury"] else []
    places += [("starts",)] if isinstance(data.get("starts"), str) else []
    for path in places:
        try:
            parse_moment(_node_at(data, path))
        except TimeError as exc:
            yield PL003.at(
                source.path,
                source.index.key_to_value_span(path),
                f"{describe_location(data, path)}: {path[-1]} {exc}",
            )


# --------------------------------------------------------------------------- format 1.1


def _newer_keys(source: LoadedSource, schema: dict) -> Iterator[Finding]:
    """A ``planlint: 1`` file that uses a key (or a gate test) of a newer format: PL003 at
    it, saying which version to declare. The schema marks them (``x-since``)."""
    data = source.data
    tree, keys, values = _since_tree(schema)
    if tree is None:
        return
    if source.keys is not None and not (source.keys & keys) and not _names_a_test(data, values):
        return  # no newer key written anywhere, no newer test named: nothing to walk for (nearly every version 1 plan)
    for path, since, value in _walk_since(data, tree, ()):
        where = describe_location(data, path)
        if value is None:
            span = source.index.locate(path, prefer_key=True)
            what = f"`{path[-1]}` is a format {since} key"
        else:
            span = source.index.key_to_value_span(path)
            what = f"the test `{quote(value)}` is new in format {since}"
        yield PL003.at(source.path, span, f"{where}: {what}; declare `planlint: {since}` (instead of `planlint: 1`) to use it")


_SINCE_TREES: dict[int, tuple] = {}


def _since_tree(schema) -> tuple[dict | None, frozenset[str], frozenset[str]]:
    """Where in ``schema`` keys (``x-since``) or values (``x-values-since``) of a newer
    format are, as a tree the walk follows, with the names of those keys and values;
    built once per schema."""
    cached = _SINCE_TREES.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    tree = _build_since_tree(schema, 0)
    keys: set[str] = set()
    values: set[str] = set()

    def collect(node) -> None:
        if node is None:
            return
        values.update(node["values"] or ())
        for key, sub in node["properties"].items():
            if sub["since"] is not None:
                keys.add(key)
            collect(sub)
        collect(node["items"])

    collect(tree)
    entry = (tree, frozenset(keys), frozenset(values))
    _SINCE_TREES[id(schema)] = (schema, entry)
    return entry


def _build_since_tree(schema, depth: int) -> dict | None:
    if not isinstance(schema, dict) or depth > 50:
        return None
    node: dict = {"since": schema.get("x-since"), "values": schema.get("x-values-since"), "properties": {}, "items": None}
    for key, sub in (schema.get("properties") or {}).items():
        tree = _build_since_tree(sub, depth + 1)
        if tree is not None:
            node["properties"][key] = tree
    if isinstance(schema.get("items"), dict):
        node["items"] = _build_since_tree(schema["items"], depth + 1)
    if node["since"] is None and node["values"] is None and not node["properties"] and node["items"] is None:
        return None
    return node


def _names_a_test(data, names: frozenset[str]) -> bool:
    """Whether a gate (a phase exit, a session check) names one of these tests."""
    # Runs before the schema has a say: any value may stand anywhere (`checks: true`).
    for items, key in ((data.get("phases"), "exit"), (data.get("sessions"), "checks")):
        for item in items if isinstance(items, list) else ():
            gates = item.get(key) if isinstance(item, dict) else None
            for gate in gates if isinstance(gates, list) else ():
                if isinstance(gate, dict) and isinstance(gate.get("test"), str) and gate["test"] in names:
                    return True
    return False


def _walk_since(value, tree, path: NodePath) -> list[tuple[NodePath, str, str | None]]:
    """``(path, version, None)`` for a newer key, ``(path, version, value)`` for a newer value."""
    found: list = []
    _collect_since(value, tree, path, found)
    return found


def _collect_since(value, tree, path: NodePath, found: list) -> None:
    """Visits only the keys the tree knows (a set intersection per mapping: this runs on every
    version 1 plan, nearly always finding nothing)."""
    if tree["since"] is not None and path:
        found.append((path, tree["since"], None))
        return
    values = tree["values"]
    if values and isinstance(value, str) and value in values:
        found.append((path, values[value], value))
    if isinstance(value, dict):
        properties = tree["properties"]
        for key in properties.keys() & value.keys():
            _collect_since(value[key], properties[key], path + (key,), found)
    elif isinstance(value, list) and tree["items"] is not None:
        items = tree["items"]
        for i, item in enumerate(value):
            _collect_since(item, items, path + (i,), found)


def _time_anchors(source: LoadedSource) -> Iterator[Finding]:
    """What the schema cannot see about time (format 1.1): an unknown time zone, an operation
    before the injury, ``days_from: surgery`` without a surgery date, a session before ``starts``."""
    data = source.data
    index = source.index
    zone = data.get("timezone")
    if zone is not None:
        try:
            load_zone(zone)
        except TimeError:
            yield PL003.at(
                source.path,
                index.key_to_value_span(("timezone",)),
                f"plan: timezone '{quote(zone)}' is not a time zone planlint knows; write an IANA zone name such as "
                "Europe/London, America/New_York or UTC" + did_you_mean(zone, known_zones()),
            )
            return
    injury = data["injury"]
    if data.get("days_from") == "surgery" and "surgery" not in injury:
        yield PL003.at(
            source.path,
            index.key_to_value_span(("days_from",)),
            "plan: `days_from: surgery` counts days from the operation, but injury has no `surgery`; "
            "add `surgery: <date>` under injury, or remove days_from to count from the injury",
        )
        return
    anchors = read_anchors(data)
    clock, surgery = anchors.clock, anchors.surgery
    if surgery is not None:
        occurred = clock.place_moment(anchors.injury, for_instants=surgery.has_offset)
        operated = clock.place_moment(surgery)
        if operated.latest < occurred.earliest:
            yield PL003.at(
                source.path,
                index.key_to_value_span(("injury", "surgery")),
                f"injury: surgery {quote(anchors.surgery_text)} is before the injury (occurred {quote(anchors.injury_text)}); "
                "the operation comes on or after the injury: check both dates",
            )
    if anchors.starts_day is None:
        return
    starts = data["starts"]
    named = f"starts: {starts}" + (f", day {anchors.starts_day}" if isinstance(starts, str) else "")
    if anchors.starts_day + anchors.injury_day_offset < 0:
        yield PL003.at(
            source.path,
            index.key_to_value_span(("starts",)),
            f"plan: the plan starts before the injury ({named}; occurred {quote(anchors.injury_text)}); `starts` is the "
            "first day of this plan's care, on or after the injury day: check both",
        )
        return
    for i, session in enumerate(data["sessions"]):
        if "at" in session:
            day = clock.place_instant(anchors.instants[i])[0].day
        else:
            day = session["day"]
        if day < anchors.starts_day:
            yield PL003.at(
                source.path,
                index.locate(("sessions", i), prefer_key=False),
                f"{describe_location(data, ('sessions', i))}: the session is on day {day}, before the plan starts "
                f"({named}); earlier care belongs to the plan that gave it: move the session or the `starts` day",
            )


def _intensity_not_speed(source: LoadedSource, catalog: Catalog | None) -> Iterator[Finding]:
    """Format 1.1: ``intensity`` is percent of maximal running speed, on sprints and on
    conditioning whose mode is run or unstated; elsewhere it says nothing a rule can read."""
    if catalog is None:
        catalog = _builtin_catalog()
    data = source.data
    for i, session in enumerate(data["sessions"]):
        for j, exercise in enumerate(session.get("exercises") or ()):
            if "intensity" not in exercise:
                continue
            entry = catalog.get(exercise["ref"]) if exercise.get("ref") else None
            merged = {**(entry or {}), **exercise}
            kind, mode = merged.get("kind"), merged.get("mode")
            if kind is None or kind == "sprint" or (kind == "conditioning" and mode in (None, "run")):
                continue  # no kind at all is PL004's finding
            path = ("sessions", i, "exercises", j, "intensity")
            what = f"conditioning with mode {mode}" if kind == "conditioning" else f"a {kind.replace('_', '-')} exercise"
            yield PL003.at(
                source.path,
                source.index.key_to_value_span(path),
                f"{describe_location(data, path)}: `intensity` is percent of maximal running speed, for sprints and "
                f"running, and this is {what}; give its intensity as `hr_max: 75%` (percent of maximal heart rate) or "
                "`load: {rpe: 6}` instead",
            )


_CATALOG: list = []


def _builtin_catalog():
    if not _CATALOG:
        from planlint.catalog import build_catalog

        _CATALOG.append(build_catalog())
    return _CATALOG[0]


def _node_at(data, path: NodePath):
    for part in path:
        data = data[part]
    return data


def _non_finite(value, path: NodePath) -> Iterator[tuple[NodePath, float]]:
    """Where the document holds .nan, .inf or -.inf."""
    if isinstance(value, float) and not math.isfinite(value):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _non_finite(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _non_finite(item, path + (i,))


def _unit_values(value, schema, path: NodePath) -> list[tuple[NodePath, str, object]]:
    """``(path, unit, value)`` for every value of a schema-valid document that the schema reads with a unit."""
    found: list[tuple[NodePath, str, object]] = []
    _walk_units(value, _unit_tree(schema), path, found)
    return found


_UNIT_TREES: dict[int, tuple] = {}


def _unit_tree(schema) -> object:
    """Where in ``schema`` values carry a unit, as a small tree the walk follows (a unit
    name at a leaf; ``{"properties": {...}, "items": ...}`` above), built once per schema:
    the walk then visits only the values that lead to one, not the whole plan."""
    cached = _UNIT_TREES.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    tree = _build_unit_tree(schema, 0)
    _UNIT_TREES[id(schema)] = (schema, tree)
    return tree


def _build_unit_tree(schema, depth: int):
    if not isinstance(schema, dict) or depth > 50:
        return None
    unit = schema.get("x-unit")
    if unit in _UNIT_PARSERS:
        return unit
    properties = {}
    for key, sub in (schema.get("properties") or {}).items():
        tree = _build_unit_tree(sub, depth + 1)
        if tree is not None:
            properties[key] = tree
    items = _build_unit_tree(schema.get("items"), depth + 1) if isinstance(schema.get("items"), dict) else None
    return {"properties": properties, "items": items} if properties or items is not None else None


def _walk_units(value, tree, path: NodePath, found: list[tuple[NodePath, str, object]]) -> None:
    """Append to ``found``: calls, not generators (a value found six levels down would
    otherwise pass through six ``yield from``)."""
    if tree is None:
        return
    if isinstance(tree, str):
        found.append((path, tree, value))
    elif isinstance(value, dict):
        for key, sub in tree["properties"].items():
            if key in value:
                _walk_units(value[key], sub, path + (key,), found)
    elif isinstance(value, list) and tree["items"] is not None:
        for i, item in enumerate(value):
            _walk_units(item, tree["items"], path + (i,), found)


def _impossible_amounts(source: LoadedSource, schema: dict) -> Iterator[Finding]:
    """Durations, distances and percentages the pattern accepts but no plan can mean
    (ten years of soreness, a 400-digit number): the unit's own parser says why."""
    data = source.data
    for path, unit, value in _unit_values(data, schema, ()):
        parse = _UNIT_PARSERS[unit]
        try:
            parse(value)
        except UnitError:
            try:  # again, to word the message with the key's name (only a value in error needs it)
                parse(value, name=_key_name(path))
            except UnitError as exc:
                yield PL003.at(source.path, source.index.key_to_value_span(path), f"{describe_location(data, path)}: {exc}")


# --------------------------------------------------------------------------- translation


#: (span, message) or (span, message, fix): a fix when the intent is unambiguous.
Translation = Iterator[tuple]


@dataclass(frozen=True)
class _Failure:
    """One jsonschema error, with what every translator needs to describe it."""

    error: ValidationError
    data: object
    index: PositionIndex
    elsewhere: dict
    path: NodePath
    where: str
    text: str = ""  # the source, for fixes

    def value_fix(self, new: str, description: str) -> Fix | None:
        """Replace this failure's plain one-line value (``0.9``, ``9``, ``yes``) by ``new``."""
        from planlint.edits import replace_plain_value  # only for a refused plan's fix

        return replace_plain_value(self.text, self.index.value_span(self.path), new, description)

    @property
    def instance(self):
        return self.error.instance

    @property
    def key(self) -> str:
        return _key_name(self.path)

    @property
    def span(self) -> Span:
        """The offending key and value (the whole document for a root error)."""
        return self.index.key_to_value_span(self.path) if self.path else self.index.locate((), prefer_key=False)

    @property
    def subject(self) -> str:
        return _subject(self.where, self.key)


def _translate(error: ValidationError, data, index: PositionIndex, elsewhere=None, text: str = "") -> Translation:
    path = tuple(error.absolute_path)
    failure = _Failure(error, data, index, elsewhere or {}, path, describe_location(data, path), text)
    if error.validator == "oneOf" and _is_day_or_at(error):
        return _day_or_at(failure)
    translator = _TRANSLATORS.get(error.validator, _generic)
    if translator not in _BEFORE_UNITS and (error.validator == "pattern" or "x-unit" in error.schema):
        translator = _pattern  # a unit's own parser explains a wrong type or form best
    return translator(failure)


def _unknown_keys(f: _Failure) -> Translation:
    allowed = sorted(f.error.schema.get("properties", {}))
    extras = [k for k in f.instance if k not in allowed and not str(k).startswith("x-")]
    owner = _owner_def(f.path)
    for key in extras:
        hint = did_you_mean(key, allowed)
        fix = None
        if len(f.path) == 2 and f.path[0] == "templates" and key in ("use", "repeat", "day", "at"):
            hint = (
                " (a template is written once and never scheduled on its own, nor does it use another template: "
                f"put `{key}` on the sessions that use it)"
            )
        elif (owner, key) in f.elsewhere:
            hint = f" ({f.elsewhere[(owner, key)]})"
        else:
            meant = only_close_match(key, allowed)
            if meant is not None and meant not in f.instance and isinstance(key, str):
                from planlint.edits import replace_scalar  # only for a refused plan's fix

                fix = replace_scalar(f.text, f.index.key_span(f.path + (key,)), key, meant, f"rename '{key}' to '{meant}'")
        yield (
            f.index.locate(f.path + (key,), prefer_key=True),
            f"{f.where}: unknown key '{quote(key)}'{hint}; allowed keys: {', '.join(allowed)} (or an x- extension key)",
            fix,
        )


def _missing_keys(f: _Failure) -> Translation:
    schema_path = list(f.error.schema_path)
    for key in (k for k in f.error.validator_value if k not in f.instance):
        if "dependentSchemas" in schema_path:
            dependent = schema_path[schema_path.index("dependentSchemas") + 1]
            yield (
                f.index.locate(f.path + (dependent,), prefer_key=True),
                f"{f.where}: `{dependent}` goes with `{key}`; with `at:`, write the time inside the date-time",
            )
        elif "then" in schema_path and f.instance.get("test") == "custom":
            yield (f.index.locate(f.path, prefer_key=True), f"{f.where}: a custom gate needs a `name` saying what is tested")
        else:
            yield (f.index.locate(f.path, prefer_key=True), f"{f.where}: missing required key '{key}'")


_REPEAT_SHAPES = (("from", "to"), ("days",), ("weeks", "on"))
_REPEAT_FORMS = "{from: 11, to: 25, every: 2d}, {days: [9, 12]} or {weeks: 4-6, on: [mon, thu]}"


def _repeat_shape(f: _Failure) -> Translation:
    """A repeat (format 1.1) that is none, or more than one, of its three forms."""
    keys = set(f.instance)
    started = [shape for shape in _REPEAT_SHAPES if keys & set(shape)]
    if len(started) == 1 and len(started[0]) == 2:
        missing = [k for k in started[0] if k not in keys]
        given = [k for k in started[0] if k in keys]
        yield (
            f.index.locate(f.path, prefer_key=True),
            f"{f.where}: repeat has `{given[0]}` without `{missing[0]}`; they go together, e.g. "
            + ("{from: 11, to: 25, every: 2d}" if "from" in started[0] else "{weeks: 4-6, on: [mon, thu]}"),
        )
        return
    if len(started) > 1:
        named = " and ".join("/".join(f"`{k}`" for k in shape) for shape in started)
        yield (
            f.index.locate(f.path, prefer_key=True),
            f"{f.where}: repeat mixes {named}; a repeat is one of {_REPEAT_FORMS}: write one use item for each",
        )
        return
    yield (f.index.locate(f.path, prefer_key=True), f"{f.where}: a repeat is one of {_REPEAT_FORMS}")


def _day_or_at(f: _Failure) -> Translation:
    if not isinstance(f.instance, dict):
        return  # not a mapping at all: the type error says so
    if f.path and f.path[-1] == "repeat":
        yield from _repeat_shape(f)
        return
    placed = [k for k in ("day", "at", "repeat") if k in f.instance]
    if "use" in f.instance and len(placed) > 1:
        yield (
            f.index.locate(f.path + (placed[1],), prefer_key=True),
            f"{f.where}: has both `{placed[0]}` and `{placed[1]}`; a session that uses a template is placed by one of "
            "`day`, `at` or `repeat`",
        )
        return
    if "day" in f.instance and "at" in f.instance:
        yield (
            f.index.locate(f.path + ("at",), prefer_key=True),
            f"{f.where}: has both `day` and `at`; place a session with one of them",
        )
    elif "use" in f.instance:
        yield (
            f.index.locate(f.path, prefer_key=True),
            f"{f.where}: a session that uses a template is placed by one of `day`, `at` or `repeat` "
            "(e.g. `repeat: {from: 11, to: 25, every: 2d}`)",
        )
    else:
        yield (
            f.index.locate(f.path, prefer_key=True),
            f"{f.where}: needs `day` (days after the injury, with an optional `time`) or `at` (a date-time)",
        )


def _enum(f: _Failure) -> Translation:
    allowed = [str(v) for v in f.error.validator_value]
    fix = None
    if isinstance(f.instance, str) and all(isinstance(v, str) for v in f.error.validator_value):
        meant = only_close_match(f.instance, allowed)
        if meant is not None:
            from planlint.edits import replace_scalar  # only for a refused plan's fix

            fix = replace_scalar(f.text, f.index.value_span(f.path), f.instance, meant, f"replace '{f.instance}' with '{meant}'")
    yield (
        f.span,
        f"{f.subject} {_written(f.instance)} is not allowed; use one of: {', '.join(allowed)}{did_you_mean(f.instance, allowed)}",
        fix,
    )


def _const(f: _Failure) -> Translation:
    yield f.span, f"{f.subject} must be {f.error.validator_value!r}, found {_describe(f.instance)}"


def _pattern(f: _Failure) -> Translation:
    if "propertyNames" in f.error.schema_path and isinstance(f.instance, str):  # a key's name (a template id)
        yield (
            f.index.locate(f.path + (f.instance,), prefer_key=True),
            f"{f.where}: {_pattern_message(f.key, f.instance, f.error)}",
        )
        return
    yield f.span, f"{f.where}: {_pattern_message(f.key, f.instance, f.error)}", _unit_fix(f)


_MINUTES_AS_M = re.compile(r"^(\s*\d+(?:\.\d+)?\s*)m(\s*)$")
_NUMBER_AND_UNIT = re.compile(r"^(\s*\d+(?:\.\d+)?\s*)([A-Za-z]{1,12})(\s*)$")


def _unit_fix(f: _Failure) -> Fix | None:
    """``30m`` -> ``30min`` where a duration is meant (``duration``, ``hold``); ``0.9`` -> ``90%``."""
    unit = f.error.schema.get("x-unit")
    if unit == "duration" and f.key in ("duration", "hold") and isinstance(f.instance, str):
        match = _MINUTES_AS_M.match(f.instance)
        if match:
            new = f"{match[1]}min{match[2]}"
            from planlint.edits import replace_scalar  # only for a refused plan's fix

            return replace_scalar(
                f.text,
                f.index.value_span(f.path),
                f.instance,
                new,
                f"write '{new.strip()}' (minutes) instead of '{f.instance.strip()}'",
            )
    if unit == "duration" and isinstance(f.instance, str):
        # `45mins`, `72hrs`, `30Min`, `10minn`: the unit the message says to write
        match = _NUMBER_AND_UNIT.match(f.instance)
        meant = duration_unit_meant(match[2]) if match else None
        if meant is not None:
            new = f"{match[1].rstrip()}{meant}{match[3]}"  # as the message writes it: `2w`, not `2 w`
            from planlint.edits import replace_scalar  # only for a refused plan's fix

            return replace_scalar(
                f.text,
                f.index.value_span(f.path),
                f.instance,
                new,
                f"write '{new.strip()}' instead of '{f.instance.strip()}'",
            )
    if unit == "percent" and isinstance(f.instance, (int, float)) and not isinstance(f.instance, bool) and 0 < f.instance < 1:
        percent = round(f.instance * 100, 6)
        new = f"{int(percent) if float(percent).is_integer() else percent:g}%"
        return f.value_fix(new, f"write {new} instead of the fraction {f.instance}")
    return None


def _type(f: _Failure) -> Translation:
    yield (
        f.span,
        f"{f.subject} must be {_type_words(f.error.validator_value)}, found {_describe(f.instance)}{_type_hint(f.path, f.instance)}",
        _type_fix(f),
    )


_BOOLEAN_WORDS = {"yes": "true", "no": "false", "on": "true", "off": "false", "y": "true", "n": "false"}


def _type_fix(f: _Failure) -> Fix | None:
    """``yes``/``no`` on a boolean key -> ``true``/``false``; ``time: 9`` -> ``time: "09:00"``."""
    expected = f.error.validator_value
    if expected == "boolean" and isinstance(f.instance, str) and f.instance.lower() in _BOOLEAN_WORDS:
        new = _BOOLEAN_WORDS[f.instance.lower()]
        return f.value_fix(new, f"write {new} instead of '{f.instance}'")
    if (
        f.key == "time"
        and expected == "string"
        and isinstance(f.instance, int)
        and not isinstance(f.instance, bool)
        and 0 <= f.instance <= 23
    ):
        new = f'"{f.instance:02d}:00"'
        return f.value_fix(new, f"write the time of day as {new}")
    return None


_BOUND_WORDS = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "more than", "exclusiveMaximum": "less than"}


def _bound(f: _Failure) -> Translation:
    yield f.span, f"{f.subject} must be {_BOUND_WORDS[f.error.validator]} {f.error.validator_value}, found {_written(f.instance)}"


def _min_items(f: _Failure) -> Translation:
    yield f.span, f"{f.subject} needs at least {f.error.validator_value} item(s)"


def _min_length(f: _Failure) -> Translation:
    yield f.span, f"{f.subject} must not be empty"


def _unique_items(f: _Failure) -> Translation:
    yield f.span, f"{f.subject} lists the same item more than once"


def _alternatives(f: _Failure) -> Translation:
    inner = _inner_error(f)
    if inner is not None:  # e.g. {percent_1rm: 0.7}: the value inside the chosen branch is wrong
        yield from _translate(inner, f.data, f.index, f.elsewhere, f.text)
        return
    help_text = _ANYOF_HELP.get(f.key)
    if help_text is None:
        best = _best_context(f.error)
        if best is not None:
            yield from _translate(best, f.data, f.index, f.elsewhere, f.text)
            return
        help_text = f.error.schema.get("description", "a value this schema allows")
    if f.key == "load":
        help_text = _load_hint(f.instance) or help_text
    yield f.span, f"{f.subject} {_written(f.instance)} is not allowed; write {help_text}"


def _generic(f: _Failure) -> Translation:
    yield f.span, f"{f.where}: {f.error.message}"


_TRANSLATORS: dict[str, Callable[[_Failure], Translation]] = {
    "additionalProperties": _unknown_keys,
    "required": _missing_keys,
    "enum": _enum,
    "const": _const,
    "type": _type,
    "minimum": _bound,
    "maximum": _bound,
    "exclusiveMinimum": _bound,
    "exclusiveMaximum": _bound,
    "minItems": _min_items,
    "minLength": _min_length,
    "uniqueItems": _unique_items,
    "anyOf": _alternatives,
    "oneOf": _alternatives,
}
_BEFORE_UNITS = {_unknown_keys, _missing_keys, _enum, _const}


_ITEM_DEFS = {"phases": "phase", "sessions": "session", "exercises": "exercise", "checks": "gate", "exit": "gate"}


def _owner_def(path: tuple) -> str | None:
    """The ``$defs`` name of the object at ``path`` (for plugin key hints)."""
    if path and isinstance(path[-1], int) and len(path) >= 2:
        return _ITEM_DEFS.get(path[-2])
    if len(path) == 1:
        return path[0] if path[0] in ("injury", "monitoring", "athlete") else None
    return None


def _is_day_or_at(error: ValidationError) -> bool:
    branches = error.validator_value
    return isinstance(branches, list) and all(set(b) == {"required"} for b in branches)


def _inner_error(f: _Failure) -> ValidationError | None:
    """For a mapping that picks one alternative by its key (a load such as ``{kg: ..}``),
    the error about the value under that key, which explains more than "not allowed"."""
    if not isinstance(f.instance, dict) or f.key not in _ANYOF_HELP:
        return None
    deeper = [e for e in f.error.context or () if len(e.absolute_path) > len(f.path) and e.absolute_path[-1] in f.instance]
    return max(deeper, key=lambda e: (len(e.absolute_path), e.validator != "type"), default=None)


def _best_context(error: ValidationError) -> ValidationError | None:
    """The most specific sub-error of an anyOf (deepest path, then not a type error)."""
    if not error.context:
        return None
    return max(error.context, key=lambda e: (len(e.absolute_path), e.validator != "type"))


def _pattern_message(key: str, instance, error: ValidationError) -> str:
    unit = error.schema.get("x-unit")
    if unit in _UNIT_PARSERS:
        try:
            _UNIT_PARSERS[unit](instance, name=key)
        except UnitError as exc:
            return str(exc)
        description = error.schema.get("description", "")
        return f"{key} {_written(instance)} is out of range" + (
            f": {description[0].lower()}{description[1:]}" if description else ""
        )
    for name, help_text in _PATTERN_HELP.items():
        if _pattern_def(error) == name:
            return f"{key} {_written(instance)} must be {help_text}"
    if key == "tempo":
        return f'tempo {_written(instance)} must be four numbers (seconds) like "3-0-1-0": eccentric-pause-concentric-pause'
    if key == "ref":
        return f"ref {_written(instance)} must be a catalog id: lower-case letters, digits, _ and -"
    if key == "timezone":
        return f"timezone {_written(instance)} must be an IANA time zone name such as Europe/London, America/New_York or UTC"
    if key == "muscle":
        return f"muscle {_written(instance)} must be a muscle group in lower case, e.g. quadriceps, hamstring, calf or adductor"
    if key == "weeks":
        return f"weeks {_written(instance)} must be plan weeks A-B such as 4-6 (week 1 is days 0-6), or one week number"
    if key == "templates":  # a template's id (propertyNames)
        return f"template id {_written(instance)} must be lower-case letters, digits, _ and -, e.g. gym-a"
    return f"{key} {_written(instance)} does not match the expected form ({error.validator_value})"


_DEF_PATTERNS: dict[str, str] = {}


def _pattern_def(error: ValidationError) -> str | None:
    """Which ``$defs`` entry a failed pattern belongs to (patterns are unique per def)."""
    if not _DEF_PATTERNS:
        for def_name, schema in base_schema()["$defs"].items():
            if "pattern" in schema:
                _DEF_PATTERNS[schema["pattern"]] = def_name
    return _DEF_PATTERNS.get(error.schema.get("pattern"))


def _subject(where: str, key: str) -> str:
    """'session 1: duration' for a key, or just 'session 1' for a whole list item."""
    return f"{where}: {key}" if key else where


def _key_name(path: tuple) -> str:
    if len(path) >= 2 and isinstance(path[-1], int) and path[-2] in _ITEM_DEFS:
        return ""  # a session, phase, exercise or gate item: `where` names it
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return "value"


def _type_words(expected) -> str:
    words = {
        "string": "text",
        "integer": "a whole number",
        "number": "a number",
        "boolean": "true or false",
        "object": "a mapping (key: value lines)",
        "array": "a list",
        "null": "empty",
    }
    if isinstance(expected, list):
        return " or ".join(words.get(e, e) for e in expected)
    return words.get(expected, expected)


def _type_hint(path: tuple, instance) -> str:
    key = path[-1] if path else None
    container = path[-2] if len(path) >= 2 else None
    if isinstance(instance, str) and container in ("exit", "checks"):
        return f"; write `- test: {quote(instance)}`"
    if isinstance(instance, str) and container == "exercises":
        return f"; write `- name: {quote(instance)}` with its `ref` (or `contraction` and `kind`) below it"
    if key == "time" and isinstance(instance, (int, float)) and not isinstance(instance, bool):
        return '; write the time in quotes, e.g. time: "09:00"'
    if isinstance(instance, str) and instance.lower() in ("yes", "no", "on", "off", "y", "n"):
        return f"; write true or false instead of '{quote(instance)}'"
    return ""


_LOAD_TEXT = re.compile(r"^\s*(?:(?P<rpe>rpe)\s*)?(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>kg|%|% ?1rm)?\s*$", re.IGNORECASE)


def _load_hint(value) -> str | None:
    """'20kg' -> '{kg: 20}', '70%' -> '{percent_1rm: 70}', 'rpe 6' -> '{rpe: 6}'."""
    match = _LOAD_TEXT.match(value) if isinstance(value, str) else None
    if not match or not (match["rpe"] or match["unit"]):
        return None
    kind = "rpe" if match["rpe"] else "kg" if match["unit"].lower() == "kg" else "percent_1rm"
    return f"{{{kind}: {match['number']}}}"


def _written(value) -> str:
    """A value as the coach wrote it: '2d', 5, true, {kg: 20kg}."""
    if isinstance(value, dict) and 0 < len(value) <= 3 and all(isinstance(v, (str, int, float)) for v in value.values()):
        return "{" + ", ".join(f"{quote(str(k))}: {shown(v).strip(chr(39))}" for k, v in value.items()) + "}"
    if isinstance(value, (str, int, float)):
        return shown(value)
    return _describe(value)


def _describe(value) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {describe_number(value)}"
    if isinstance(value, str):
        return f"the text '{value}'" if len(value) < 60 else "a long text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def describe_location(data, path: tuple) -> str:
    """('sessions', 2, 'exercises', 0, 'load') -> "session 3 (day 5), exercise 'Nordic curl'"."""
    parts: list[str] = []
    node = data
    i = 0
    while i < len(path):
        key = path[i]
        child = node.get(key) if isinstance(node, dict) else None
        if key in ("sessions", "phases", "exercises", "checks", "exit") and i + 1 < len(path) and isinstance(path[i + 1], int):
            item_index = path[i + 1]
            item = child[item_index] if isinstance(child, list) and item_index < len(child) else None
            parts.append(_describe_item(key, item_index, item))
            node = item
            i += 2
            continue
        if key in ("injury", "monitoring", "athlete") and i == 0:
            parts.append(key)
        if key == "templates" and i == 0 and i + 1 < len(path):
            parts.append(f"template '{quote(str(path[1]))}'")
            node = child.get(path[1]) if isinstance(child, dict) else None
            i += 2
            continue
        node = child
        i += 1
    return ", ".join(parts) if parts else "plan"


def _describe_item(key: str, number: int, item) -> str:
    item = item if isinstance(item, dict) else {}
    if key == "sessions":
        if isinstance(item.get("day"), int) and not isinstance(item.get("day"), bool):
            when = f" (day {describe_number(item['day'])}{' at ' + quote(item['time']) if isinstance(item.get('time'), str) else ''})"
        elif isinstance(item.get("at"), str):
            when = f" ({quote(item['at'])})"
        elif isinstance(item.get("use"), str):
            when = f" (use {quote(item['use'])})"
        else:
            when = ""
        return f"session {number + 1}{when}"
    if key == "phases":
        return f"phase '{quote(item['id'])}'" if isinstance(item.get("id"), str) else f"phase {number + 1}"
    if key == "exercises":
        return f"exercise '{quote(item['name'])}'" if isinstance(item.get("name"), str) else f"exercise {number + 1}"
    label = {"checks": "check", "exit": "exit criterion"}[key]
    return f"{label} {number + 1}" + (f" ({quote(item['test'])})" if isinstance(item.get("test"), str) else "")
