"""Property-based tests: any input gives findings, never an exception.

Plans are generated from the schema's shape, then mutated (wrong types, extreme
and non-finite numbers, unicode with surrogates and control characters,
duplicated and reordered sessions, random bytes) and written as YAML. For every
input: linting raises nothing, no rule crashes, every finding's line is inside
the file, and every report format renders.

The profile comes from HYPOTHESIS_PROFILE: ``ci`` (default, 300 examples per
test) or ``long`` (20,000 per test), e.g.
``HYPOTHESIS_PROFILE=long python -m pytest tests/test_properties.py``.
"""

from __future__ import annotations

import io
import json
import math
import os
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from plan_edits import paths_of

from planlint.catalog import builtin_entries
from planlint.engine import Linter
from planlint.loader import LINE_BREAK
from planlint.reporters import REPORTERS
from planlint.reporters.reporter import ReportContext, RunSummary
from planlint.schema import SchemaRegistry
from planlint.validate import _non_finite

settings.register_profile("ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("medium", max_examples=3_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=20_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [p.read_bytes() for p in sorted(ROOT.glob("examples/*.plan.yaml"))]
LINTER = Linter()
REFS = sorted(builtin_entries())[:20]

# ----------------------------------------------------------------------------- values

EXTREME_NUMBERS = st.sampled_from(
    [
        0,
        -1,
        1,
        3650,
        3651,
        -3651,
        2**63,
        -(2**63),
        10**30,
        10**400,
        1e308,
        -1e308,
        5e-324,
        float("nan"),
        float("inf"),
        float("-inf"),
        0.9,
        1.5,
        100.0,
    ]
)
NASTY_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec=None),  # anything, lone surrogates included
        st.sampled_from(["\x1b", "\r", "\n", "\t", "\u202e", "\u2028", "\x00", "\x85", "#", ":", "'", '"', "&", "*", "!"]),
    ),
    max_size=40,
)
DURATIONS = st.one_of(
    st.sampled_from(["30s", "5min", "72h", "3d", "2w", "30m", "1e9h", "9" * 400 + "h", "0h", " 1 d ", "h"]),
    st.from_regex(r"\A[0-9]{1,12}(\.[0-9]{1,3})?(s|min|h|d|w)\Z"),
)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), EXTREME_NUMBERS, NASTY_TEXT, DURATIONS)


def any_value(depth: int = 2):
    if depth <= 0:
        return SCALARS
    return st.one_of(
        SCALARS,
        st.lists(any_value(depth - 1), max_size=3),
        st.dictionaries(NASTY_TEXT, any_value(depth - 1), max_size=3),
    )


# ----------------------------------------------------------------------------- plans from the schema

slugs = st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,10}\Z")
gates = st.fixed_dictionaries(
    {"test": st.sampled_from(["pain_free_walking", "isometric_tolerance", "strength_symmetry", "askling_h_test", "custom"])},
    optional={"max_pain": st.integers(0, 10), "min_lsi": st.integers(0, 200), "name": st.text(max_size=10)},
)
exercises = st.fixed_dictionaries(
    {"name": st.text(min_size=1, max_size=20)},
    optional={
        "ref": st.sampled_from(REFS),
        "contraction": st.sampled_from(["isometric", "concentric", "eccentric", "mixed", "none"]),
        "kind": st.sampled_from(["strength", "sprint", "plyometric", "mobility", "conditioning"]),
        "sets": st.integers(1, 10),
        "reps": st.integers(1, 20),
        "hold": DURATIONS,
        "duration": DURATIONS,
        "intensity": st.one_of(st.integers(0, 200), st.sampled_from(["70%", "100%"])),
        "distance": st.sampled_from(["20m", "1.2km"]),
        "load": st.one_of(
            st.just("bodyweight"),
            st.fixed_dictionaries({"rpe": st.integers(1, 10)}),
            st.fixed_dictionaries({"kg": st.integers(0, 200)}),
        ),
        "resisted": st.booleans(),
    },
)


@st.composite
def plans(draw):
    phase_ids = draw(st.lists(slugs, min_size=1, max_size=4, unique=True))
    phases = [
        draw(st.fixed_dictionaries({"id": st.just(pid)}, optional={"exit": st.lists(gates, max_size=2)})) for pid in phase_ids
    ]
    sessions = []
    for _ in range(draw(st.integers(1, 6))):
        session = {"phase": draw(st.sampled_from(phase_ids))}
        if draw(st.booleans()):
            session["day"] = draw(st.integers(-3, 60))
            if draw(st.booleans()):
                session["time"] = f"{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"
        else:
            session["at"] = f"2026-03-{draw(st.integers(10, 28)):02d}T{draw(st.integers(0, 23)):02d}:00:00+01:00"
        session.update(
            draw(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "rpe": st.integers(0, 10),
                        "duration": DURATIONS,
                        "checks": st.lists(gates, max_size=2),
                        "exercises": st.lists(exercises, max_size=3),
                    },
                )
            )
        )
        sessions.append(session)
    return {
        "planlint": draw(st.sampled_from([1, 1.1])),
        "id": draw(slugs),
        "title": draw(st.text(min_size=1, max_size=30)),
        # Format 1.1's time anchors (a planlint: 1 file using one gets a PL003).
        **draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "timezone": st.sampled_from(["Europe/London", "America/New_York", "UTC", "Nowhere/City", "Etc/GMT+5"]),
                    "starts": st.one_of(st.integers(-5, 60), st.sampled_from(["2026-03-20", "2026-02-30", "2026-03-01"])),
                    "days_from": st.sampled_from(["injury", "surgery"]),
                },
            )
        ),
        "injury": {
            "site": draw(st.sampled_from(["hamstring", "concussion", "calf", "acl", "other"])),
            "type": draw(st.sampled_from(["strain", "concussion", "sprain", "reconstruction", "tendinopathy"])),
            "occurred": draw(
                st.sampled_from(["2026-03-14", "2026-03-14T17:30:00+01:00", "2026-03-14 08:00", "2026-03-28T17:30:00"])
            ),
            **draw(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "grade": st.sampled_from(["2b", "1a", 2, 4]),
                        "surgery": st.sampled_from(["2026-03-20", "2026-03-13T09:00:00+01:00", "2026-03-15 08:00"]),
                    },
                )
            ),
        },
        **draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "monitoring": st.fixed_dictionaries(
                        {},
                        optional={
                            "pain_scale": st.just("nrs-0-10"),
                            "max_pain_during": st.integers(0, 10),
                            "next_morning_rule": st.booleans(),
                            "reassess_soreness_after": DURATIONS,
                        },
                    )
                },
            )
        ),
        "phases": phases,
        "sessions": sessions,
    }


@st.composite
def mutated_plans(draw):
    plan = draw(plans())
    for _ in range(draw(st.integers(1, 4))):
        spots = list(paths_of(plan))[1:]
        path = draw(st.sampled_from(spots))
        parent = plan
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add", "duplicate", "shuffle"]))
        if action == "replace":
            parent[path[-1]] = draw(any_value())
        elif action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            keys = ["day", "at", "time", "stage", "x-note", "<<", "region", "mode", "hr_max", "starts", "timezone", "age"]
            parent[draw(st.one_of(NASTY_TEXT, st.sampled_from(keys)))] = draw(any_value())
        elif action == "duplicate" and isinstance(plan.get("sessions"), list) and plan["sessions"]:
            plan["sessions"] = plan["sessions"] * draw(st.integers(2, 5))
        elif action == "shuffle" and isinstance(plan.get("sessions"), list):
            random.Random(draw(st.integers())).shuffle(plan["sessions"])
    return plan


# ----------------------------------------------------------------------------- YAML writing


def _scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if abs(value) < 10**4000 else "1" + "0" * 4000
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    return _quoted(str(value))


def _quoted(text: str) -> str:
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or 0x7F <= code < 0xA0 or 0xD800 <= code <= 0xDFFF or code in (0x2028, 0x2029, 0xFEFF):
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def to_yaml(value, indent: int = 0, flow: bool = False) -> str:
    """Block style with flow collections sprinkled in (both are parsed differently)."""
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        if flow:
            return "{" + ", ".join(f"{_quoted(str(k))}: {to_yaml(v, flow=True)}" for k, v in value.items()) + "}"
        lines = []
        for key, item in value.items():
            rendered = to_yaml(item, indent + 1, flow=isinstance(item, dict) and len(item) <= 2)
            if isinstance(item, (dict, list)) and item and not rendered.startswith(("{", "[")):
                lines.append(f"{pad}{_quoted(str(key))}:\n{rendered}")
            else:
                lines.append(f"{pad}{_quoted(str(key))}: {rendered}")
        return "\n".join(lines)
    if isinstance(value, list):
        if not value:
            return "[]"
        if flow:
            return "[" + ", ".join(to_yaml(v, flow=True) for v in value) + "]"
        lines = []
        for item in value:
            rendered = to_yaml(item, indent + 1, flow=True)
            lines.append(f"{pad}- {rendered}")
        return "\n".join(lines)
    return _scalar(value)


# ----------------------------------------------------------------------------- the property


def line_count(raw: bytes) -> int:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.count(b"\n") + 1
    return len(LINE_BREAK.findall(text)) + 1


def check_input(raw: bytes, path: str = "generated.plan.yaml") -> None:
    result = LINTER.lint_bytes(path, raw)
    crashes = [f.message for f in result.findings if f.code == "PL000"]
    assert not crashes, crashes
    lines = line_count(raw)
    for finding in result.findings:
        assert 1 <= finding.line <= lines, (finding, lines)
        assert finding.column >= 1
    summary = RunSummary(files=1)
    context = ReportContext("0", {})
    for name, reporter in REPORTERS.items():
        stream = io.StringIO()
        reporter(stream, context).report(result.findings, summary)
        encoded = stream.getvalue().encode("utf-8", "backslashreplace")
        if name in ("json", "sarif"):
            json.loads(encoded)
        if name in ("text", "github"):
            assert b"\x1b" not in encoded and "\u202e".encode() not in encoded


@given(mutated_plans())
def test_mutated_plans_give_findings_never_exceptions(plan):
    check_input(to_yaml(plan).encode("utf-8", "surrogatepass"))


@given(plans())
def test_generated_plans_lint_cleanly(plan):
    text = to_yaml(plan) + "\n"
    check_input(text.encode("utf-8"))


@given(st.binary(max_size=2000))
def test_random_bytes(raw):
    check_input(raw)


@given(st.sampled_from(EXAMPLES), st.lists(st.tuples(st.integers(0, 10**6), st.binary(max_size=30)), max_size=5))
def test_example_plans_with_random_bytes_inserted(example, edits):
    data = bytearray(example)
    for position, inserted in edits:
        at = position % (len(data) + 1)
        data[at:at] = inserted
    check_input(bytes(data))


@given(st.sampled_from(EXAMPLES), st.lists(st.tuples(st.integers(0, 10**6), NASTY_TEXT), max_size=5))
def test_example_plans_with_nasty_text_inserted(example, edits):
    text = example.decode("utf-8")
    for position, inserted in edits:
        at = position % (len(text) + 1)
        text = text[:at] + inserted + text[at:]
    check_input(text.encode("utf-8", "surrogatepass"))


YAML_TOKENS = st.sampled_from(
    [
        ": ",
        "- ",
        "\n",
        "  ",
        "# ",
        "'",
        '"',
        "[",
        "]",
        "{",
        "}",
        "&a ",
        "*a",
        "&b ",
        "*b",
        "<<: ",
        "<<: *a\n",
        "? ",
        "!!int ",
        "!!str ",
        "!!python/object:os.system ",
        "---\n",
        "...\n",
        "%YAML 1.1\n",
        "|",
        ">-",
        "~",
        ".nan",
        "-.inf",
        "1e400",
        "0x" + "f" * 50,
        "9" * 40,
        "day: ",
        "at: ",
        "time: ",
        "phase: ",
        "sessions:\n  - ",
        "exercises: [",
        "# planlint: disable=",
        "# planlint: disable-file=PL003,HS001 -- r",
        "\\ud800",
        '"\\ud800"',
        "\t",
        "\r\n",
        "\u2028",
    ]
)


@given(st.sampled_from(EXAMPLES), st.lists(st.tuples(st.integers(0, 10**6), YAML_TOKENS), min_size=1, max_size=8))
def test_example_plans_with_yaml_tokens_inserted(example, edits):
    text = example.decode("utf-8")
    for position, inserted in edits:
        at = position % (len(text) + 1)
        text = text[:at] + inserted + text[at:]
    check_input(text.encode("utf-8"))


_REGISTRY = SchemaRegistry()
_SLOW = Draft202012Validator(_REGISTRY.schema(None))


def _finite(node) -> bool:
    return next(_non_finite(node, ()), None) is None


@given(st.one_of(plans(), mutated_plans()))
def test_fast_schema_check_agrees_with_jsonschema(plan):
    """The fast yes/no check (jsonschema-rs) and jsonschema agree on generated and
    mutated plans (non-finite numbers are PL003 whatever either says)."""
    fast = _REGISTRY.is_valid(None, plan)
    if fast is not None and _finite(plan):
        assert fast == _SLOW.is_valid(plan)


# ----------------------------------------------------------------------------- report pins (issue 18)

from planlint.htmlreport.layout import contains, first_containing  # noqa: E402
from planlint.positions import Span  # noqa: E402

positions = st.tuples(st.integers(1, 6), st.integers(1, 6))


@given(
    st.lists(st.tuples(positions, positions), max_size=12),
    st.lists(positions, max_size=20),
)
def test_report_pins_by_lookup_agree_with_scanning_every_span(spans, points):
    """first_containing (n log n) gives what scanning the spans in order gives, for nested,
    repeated, zero-width and reversed spans alike."""
    spans = [Span(a[0], a[1], b[0], b[1]) for a, b in spans]
    expected = [next((i for i, span in enumerate(spans) if contains(span, Span(p[0], p[1], p[0], p[1]))), None) for p in points]
    assert first_containing(spans, points) == expected


# ----------------------------------------------------------------------------- untrusted repositories (issue 18)

import tempfile  # noqa: E402

from planlint.baseline import Baseline, BaselineError  # noqa: E402
from planlint.cache import FindingsCache  # noqa: E402
from planlint.edits import Fix, TextEdit, apply_fixes  # noqa: E402
from planlint.findings import Severity  # noqa: E402
from planlint.gitignore import PatternError, PatternList, check_setting  # noqa: E402
from planlint.htmlreport import ReportBuilder  # noqa: E402

PATTERN_BYTES = st.binary(max_size=60) | st.lists(
    st.sampled_from([b"*", b"**", b"?", b"/", b"[", b"]", b"!", b"\\", b"a", b"[:alpha:]", b"-", b" ", b"\n", b"#", b"\r"]),
    max_size=20,
).map(b"".join)


@given(PATTERN_BYTES, st.binary(max_size=80), st.booleans())
def test_any_gitignore_and_any_path_give_a_verdict_never_an_exception(data, path, is_dir):
    path = path.replace(b"\0", b"")
    verdict = PatternList.parse(data).verdict(path, path.rfind(b"/") + 1, 0, is_dir)
    assert verdict in (True, False, None)


@given(st.text(max_size=30))
def test_an_exclude_setting_is_accepted_or_refused_with_a_reason(text):
    try:
        check_setting(text)
    except PatternError as exc:
        assert str(exc).startswith(f"the pattern '{text}'")


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=20,
    )
)
def test_any_json_baseline_is_read_or_refused_as_a_baseline_error(document):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "b.json"
        wrapped = {"version": 1, "findings": [document]} if not isinstance(document, dict) else document
        path.write_text(json.dumps(wrapped))
        try:
            Baseline.read(path)
        except BaselineError:
            pass


@given(st.binary(max_size=300))
def test_any_bytes_in_a_cache_entry_are_a_miss(data):
    with tempfile.TemporaryDirectory() as folder:
        cache = FindingsCache(Path(folder) / "cache", "salt", secret_folder=Path(folder) / "secret")
        key = cache.key("a.plan.yaml", b"x", "t")
        cache.put(key, [], False, Severity.WARNING)
        if not cache.usable:
            return  # a platform without the safe calls: nothing to read
        shard, name = cache._name(key)
        (Path(folder) / "cache" / "v2" / shard / name).write_bytes(data)
        assert cache.get(key) is None


@given(
    st.text(alphabet="ab\n\r", max_size=30),
    st.lists(st.tuples(st.integers(1, 4), st.integers(1, 8), st.integers(0, 3), st.sampled_from(["", "x", "yz"])), max_size=10),
)
def test_applied_fixes_never_overlap_and_never_change_the_line_count(text, raw_edits):
    fixes = [Fix("f", (TextEdit(Span(line, column, line, column + width), new),)) for line, column, width, new in raw_edits]
    new_text, applied = apply_fixes(text, fixes)
    assert new_text.count("\n") == text.count("\n") and new_text.count("\r") == text.count("\r")
    assert all(fix in fixes for fix in applied)


@given(mutated_plans())
def test_the_report_draws_every_plan_or_gives_it_a_card(plan):
    raw = to_yaml(plan).encode("utf-8", "surrogatepass")
    result = LINTER.lint_bytes("generated.plan.yaml", raw, keep_plan=True)
    builder = ReportBuilder(LINTER)
    builder.add(result)
    page = builder.page()
    assert page.count('<section class="plan') == 1
    assert "\u202e" not in page and "\u200b" not in page and "\x1b" not in page
