"""Templates and repeats (format 1.1, issue 17): a templated plan lints as the plan written out.

``templatize`` (below) is the rewrite script: it moves every session's content into a
template and schedules it with ``use`` (sessions alike but for their day share one
template and a ``repeat: {days: [...]}``). Every example and every rule-fixture plan
of the packs, rewritten so, gives the findings (code and count) of the plan written
in full; hypothesis generates more; ``planlint expand`` output re-lints the same.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from planlint.cli import main
from planlint.codes import BLOCKING
from planlint.engine import Linter
from planlint.limits import Limits
from planlint.loader import load_source
from planlint.positions import Span
from planlint.templates import expand
from planlint.writeout import block

ROOT = Path(__file__).resolve().parent.parent
LINTER = Linter()
PLANS = sorted(
    [*ROOT.glob("examples/*.plan.yaml")]
    + [*ROOT.glob("tests/fixtures/rules/*/*.plan.yaml")]
    + [*ROOT.glob("plugins/planlint-concussion/tests/fixtures/*/*.plan.yaml")]
)
_SCHEDULE = ("day", "time", "at")


def emit(data: dict) -> str:
    return "\n".join(block(data, 0)) + "\n"


def templatize(data: dict) -> dict:
    """The plan rewritten with templates: one per distinct session content, repeats by days."""
    data = dict(data, planlint=1.1)
    templates: dict[str, dict] = {}
    names: dict[str, str] = {}
    groups: dict[str, list[dict]] = {}
    order: list[str] = []
    for session in data["sessions"]:
        body = {k: v for k, v in session.items() if k not in _SCHEDULE and k != "phase"}
        key = json.dumps(body, sort_keys=True, default=str)
        if key not in names:
            names[key] = f"t{len(names) + 1}"
            templates[names[key]] = body
        name = names[key]
        scheduled = {"use": name, "phase": session["phase"], **{k: session[k] for k in _SCHEDULE if k in session}}
        group = f"{name}/{session['phase']}/{session.get('time')}"
        if "at" in session:
            group += f"/{len(order)}"  # an `at` session is scheduled on its own
        if group not in groups:
            groups[group] = []
            order.append(group)
        groups[group].append(scheduled)
    sessions = []
    for group in order:
        items = groups[group]
        if len(items) == 1 or any("at" in item for item in items):
            sessions.extend(items)
            continue
        first = {k: v for k, v in items[0].items() if k != "day"}
        sessions.append({**first, "repeat": {"days": [item["day"] for item in items]}})
    return {**{k: v for k, v in data.items() if k != "sessions"}, "templates": templates, "sessions": sessions}


def lint(text: str, path: str = "t.plan.yaml"):
    return LINTER.lint_bytes(path, text.encode("utf-8"))


def counts(result) -> Counter:
    return Counter(f.code for f in result.findings if not f.suppressed)


def _written_out(path: Path) -> dict | None:
    source = load_source(str(path), path.read_bytes())
    data = source.data
    if source.findings or not isinstance(data, dict) or not isinstance(data.get("sessions"), list) or not data["sessions"]:
        return None
    if not all(isinstance(s, dict) and "phase" in s and ("day" in s or "at" in s) for s in data["sessions"]):
        return None
    upgraded = dict(data, planlint=1.1)
    result = lint(emit(upgraded))
    if any(f.code in BLOCKING and f.code != "PL003" for f in result.findings):
        return None
    if data.get("planlint") == 1 and any(f.code == "PL003" for f in result.findings):
        return None  # valid only as format 1 (intensity on a bike): a plan with templates is format 1.1
    return upgraded


@pytest.mark.parametrize("path", PLANS, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_templated_rewrite_gives_the_findings_of_the_plan_written_out(path):
    data = _written_out(path)
    if data is None:
        pytest.skip("the plan does not pass the schema: there is nothing to write out")
    written = lint(emit(data))
    templated_text = emit(templatize(data))
    templated = lint(templated_text)
    assert counts(templated) == counts(written), templated_text
    # ... and every finding in a templated session names its occurrence.
    for finding in templated.findings:
        if finding.occurrence is not None:
            assert finding.occurrence.text() in finding.message


@pytest.mark.parametrize("path", PLANS[:40], ids=lambda p: str(p.relative_to(ROOT)))
def test_expand_prints_a_plan_that_lints_the_same_and_round_trips(path, tmp_path):
    data = _written_out(path)
    if data is None:
        pytest.skip("the plan does not pass the schema")
    templated = tmp_path / "t.plan.yaml"
    templated.write_text(emit(templatize(data)))
    printed = CliRunner().invoke(main, ["expand", str(templated)])
    assert printed.exit_code == 0, printed.output
    again = load_source("e.plan.yaml", printed.stdout.encode())
    assert not again.findings and "templates" not in again.data
    assert counts(lint(printed.stdout)) == counts(lint(templated.read_text()))


# ------------------------------------------------------------------------------ a worked plan

PLAN = """\
planlint: 1.1
id: hs-templated
title: Templated hamstring plan
injury:
  site: hamstring
  type: strain
  grade: 2b
  occurred: 2026-03-14
monitoring:
  pain_scale: nrs-0-10
  max_pain_during: 3
  next_morning_rule: true
phases:
  - id: strength
templates:
  gym-a:
    duration: 60min
    rpe: 5
    exercises:
      - name: Single-leg Romanian deadlift
        ref: single_leg_rdl
        sets: 3
        reps: 8
        load: {kg: 10}
        progress: {kg: 2.5, max: 20}
      - name: Flying sprint
        ref: flying_sprint
        intensity: 95%
        distance: 30m
sessions:
  - use: gym-a
    day: 9
    phase: strength
  - use: gym-a
    phase: strength
    repeat: {from: 11, to: 25, every: 2d}
    time: "10:00"
    rpe: 6
  - use: gym-a
    phase: strength
    repeat: {weeks: 4-6, on: [mon, thu]}
"""


def test_findings_point_at_the_template_line_and_name_the_occurrence():
    result = lint(PLAN)
    sprints = [f for f in result.findings if f.code == "HS005"]
    assert len(sprints) == 15  # 1 + 8 + 6 written-out sessions
    assert {f.line for f in sprints} == {26}  # `- name: Flying sprint` in the template
    first = sprints[0]
    assert first.message.endswith("(in the session on day 9 written out by the use at line 31)")
    assert first.occurrence.to_dict() == {
        "line": 31,
        "template": "gym-a",
        "by": "use",
        "by_line": 31,
        "day": 9,
        "time": None,
        "at": None,
    }
    by_repeat = [f for f in sprints if f.occurrence.by == "repeat" and f.occurrence.by_line == 36]
    assert [f.occurrence.day for f in by_repeat] == [11, 13, 15, 17, 19, 21, 23, 25]
    assert "(in the session on day 13 at 10:00 written out by the repeat at line 36)" in by_repeat[1].message
    weeks = [f.occurrence.day for f in sprints if f.occurrence.by_line == 41]
    assert weeks == [23, 26, 30, 33, 37, 40]  # Mondays and Thursdays of weeks 4-6 (2026-03-14 is a Saturday)
    # A session finding points at the `use` item that scheduled it.
    [spike] = [f for f in result.findings if f.code == "PL104"]
    assert spike.line == 34 and spike.occurrence.day == 21


def test_progress_steps_each_later_occurrence_up_to_max():
    result = LINTER.lint_bytes("t.plan.yaml", PLAN.encode(), keep_plan=True)
    loads = [s.exercises[0].load for s in sorted(result.plan.sessions, key=lambda s: s.placement.day)]
    kgs = [load.value for load in loads]
    assert kgs[:6] == [10, 12.5, 15, 17.5, 20, 20]
    assert kgs[-1] == 20


def test_suppressions_on_a_template_line_and_on_a_use_item():
    on_template = PLAN.replace("      - name: Flying sprint\n", "      - name: Flying sprint  # planlint: disable=HS005\n")
    assert counts(lint(on_template))["HS005"] == 0
    on_use = PLAN.replace(
        "  - use: gym-a\n    phase: strength\n    repeat: {from",
        "  - use: gym-a  # planlint: disable=HS005\n    phase: strength\n    repeat: {from",
    )
    result = lint(on_use)
    assert counts(result)["HS005"] == 7  # the repeat at line 36 wrote 8 of the 15
    assert all(f.occurrence.line != 34 for f in result.findings if f.code == "HS005" and not f.suppressed)
    on_repeat = PLAN.replace("every: 2d}\n", "every: 2d}  # planlint: disable=HS005 -- checked by the doctor\n")
    assert counts(lint(on_repeat))["HS005"] == 7
    unused = PLAN.replace("  - use: gym-a\n    day: 9", "  - use: gym-a  # planlint: disable=HS001\n    day: 9")
    assert counts(lint(unused))["PL007"] == 1


def test_fingerprints_are_distinct_per_occurrence_and_stable_under_edits_elsewhere():
    prints = [f.fingerprint for f in lint(PLAN).findings if f.code == "HS005"]
    assert len(set(prints)) == 15
    moved = PLAN.replace("phases:\n", "# a comment\nphases:\n").replace("id: hs-templated", "id: hs-templated\nauthor: Physio")
    assert [f.fingerprint for f in lint(moved).findings if f.code == "HS005"] == prints


def test_reporters_carry_the_occurrence(tmp_path):
    plan = tmp_path / "p.plan.yaml"
    plan.write_text(PLAN)
    for name in ("json", "sarif", "text", "github", "gitlab", "junit"):
        out = CliRunner().invoke(main, ["check", "--select", "HS005", "--format", name, str(plan)]).stdout
        assert "written out by the use at line 31" in out, name
        if name == "json":
            found = json.loads(out)
            found = found["findings"] if isinstance(found, dict) else found
            assert found[0]["occurrence"]["by_line"] == 31
        if name == "sarif":
            related = json.loads(out)["runs"][0]["results"][0]["relatedLocations"]
            assert related[0]["physicalLocation"]["region"]["startLine"] == 31


def test_a_fix_on_a_template_line_is_applied_once(tmp_path):
    plan = tmp_path / "p.plan.yaml"
    plan.write_text(PLAN.replace("phase: strength\n    repeat: {from", "phase: strenght\n    repeat: {from"))
    before = lint(plan.read_text())
    assert counts(before)["PL005"] == 8
    result = CliRunner().invoke(main, ["check", "--fix", str(plan)])
    assert "phase: strength\n    repeat: {from" in plan.read_text(), result.output
    assert counts(lint(plan.read_text()))["PL005"] == 0


# ------------------------------------------------------------------------------ errors


def _errors(text: str, limits: Limits | None = None):
    result = lint(text) if limits is None else None
    return [(f.code, f.line, f.column, f.message) for f in result.findings if f.code.startswith("PL00")]


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "  - use: gym-a\n    day: 9",
            "  - use: gym-b\n    day: 9",
            ("PL003", 31, 5, "session 1: `use: gym-b` names no template; the plan's templates are gym-a (did you mean 'gym-a'?)"),
        ),
        (
            "  gym-a:\n    duration: 60min",
            "  gym-a:\n    use: gym-a\n    duration: 60min",
            (
                "PL003",
                17,
                5,
                "template 'gym-a': unknown key 'use' (a template is written once and never scheduled on its own, nor does "
                "it use another template: put `use` on the sessions that use it); allowed keys: checks, duration, "
                "exercises, notes, phase, rpe, time (or an x- extension key)",
            ),
        ),
        (
            "repeat: {from: 11, to: 25, every: 2d}",
            "repeat: {days: []}",
            ("PL003", 36, 5, "session 2: the repeat lists no days; list at least one (`days: [9, 12]`) or remove the repeat"),
        ),
        (
            "repeat: {from: 11, to: 25, every: 2d}",
            "repeat: {from: 25, to: 11}",
            (
                "PL003",
                36,
                5,
                "session 2: the repeat writes out no session (from day 25 to day 11); `from` is the first day and `to` the "
                "last, from <= to",
            ),
        ),
        (
            "every: 2d",
            "every: 36h",
            (
                "PL003",
                36,
                32,
                "session 2: repeat every '36h' is not a whole number of days; write `every: 2d` or `every: 1w` (sessions a "
                "day apart or more; two sessions a day are two `use` items with their `time`)",
            ),
        ),
        (
            "on: [mon, thu]",
            "on: [mon, thurs]",
            (
                "PL003",
                41,
                36,
                "session 3: repeat on 'thurs' is not a weekday; write mon, tue, wed, thu, fri, sat or sun (did you mean 'thu'?)",
            ),
        ),
        (
            "progress: {kg: 2.5, max: 20}",
            "progress: {percent_1rm: 5%, max: 90%}",
            (
                "PL003",
                25,
                20,
                "exercise 'Single-leg Romanian deadlift': `progress` steps percent_1rm, but the exercise has no "
                "`load.percent_1rm` to add to; write its starting value (`load.percent_1rm`), or progress a field it has",
            ),
        ),
        (
            "    repeat: {from: 11, to: 25, every: 2d}\n",
            "",
            (
                "PL003",
                34,
                5,
                "session 2 (use gym-a): a session that uses a template is placed by one of `day`, `at` or `repeat` (e.g. "
                "`repeat: {from: 11, to: 25, every: 2d}`)",
            ),
        ),
        (
            "planlint: 1.1",
            "planlint: 1",
            (
                "PL003",
                15,
                1,
                "plan: `templates` is a format 1.1 key; declare `planlint: 1.1` (instead of `planlint: 1`) to use it",
            ),
        ),
    ],
    ids=["unknown", "nested-use", "empty-days", "empty-range", "every", "weekday", "progress-field", "no-day", "version-1"],
)
def test_errors_are_pl003_at_the_key(old, new, expected):
    assert PLAN.count(old) == 1
    assert _errors(PLAN.replace(old, new))[0] == expected


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "repeat: {from: 11, to: 25, every: 2d}",
            "repeat: {from: 11}",
            (
                36,
                5,
                "session 2 (use gym-a): repeat has `from` without `to`; they go together, e.g. {from: 11, to: 25, every: 2d}",
            ),
        ),
        (
            "repeat: {from: 11, to: 25, every: 2d}",
            "repeat: {from: 11, to: 25, days: [3]}",
            (
                36,
                5,
                "session 2 (use gym-a): repeat mixes `from`/`to` and `days`; a repeat is one of {from: 11, to: 25, every: "
                "2d}, {days: [9, 12]} or {weeks: 4-6, on: [mon, thu]}: write one use item for each",
            ),
        ),
        (
            "weeks: 4-6",
            "weeks: four",
            (
                41,
                14,
                "session 3 (use gym-a): weeks 'four' must be plan weeks A-B such as 4-6 (week 1 is days 0-6), or one week number",
            ),
        ),
        (
            "  - use: gym-a\n    day: 9",
            "  - use: gym-a\n    day: 9\n    repeat: {days: [3]}",
            (
                33,
                5,
                "session 1 (day 9): has both `day` and `repeat`; a session that uses a template is placed by one of `day`, "
                "`at` or `repeat`",
            ),
        ),
        (
            "templates:\n  gym-a:",
            "templates:\n  Gym A:",
            (16, 3, "plan: template id 'Gym A' must be lower-case letters, digits, _ and -, e.g. gym-a"),
        ),
        (
            "repeat: {from: 11, to: 25, every: 2d}",
            "repeat: {from: 0, to: 3650}\n  - use: gym-a\n    phase: strength\n    repeat: {from: -3650, to: 3650}"
            "\n  - use: gym-a\n    phase: strength\n    repeat: {from: -3650, to: 3650}",
            (
                30,
                1,
                "sessions: the plan writes out at least 10953 sessions (counted up to the first past the limit); planlint "
                "reads at most 10000 (max-sessions): shorten the repeats or split the plan",
            ),
        ),
    ],
    ids=["from-without-to", "two-forms", "weeks-form", "day-and-repeat", "template-id", "max-sessions"],
)
def test_schema_errors_on_templates_and_repeats_say_what_to_write(old, new, expected):
    assert PLAN.count(old) == 1
    assert _errors(PLAN.replace(old, new)) == [("PL003", *expected)]


def test_progress_stopping_at_max_is_not_an_error():
    text = PLAN.replace("progress: {kg: 2.5, max: 20}", "progress: {kg: 2.5, max: 10}")
    assert not [f for f in lint(text).findings if f.code == "PL003"]


def test_a_repeat_of_100000_days_is_refused_at_once():
    text = PLAN.replace("repeat: {from: 11, to: 25, every: 2d}", "repeat: {from: 0, to: 100000}")
    started = time.perf_counter()
    [finding] = [f for f in lint(text).findings if f.code == "PL003"]
    assert time.perf_counter() - started < 2
    assert finding.line == 36 and "3650" in finding.message


def test_more_written_out_sessions_than_max_sessions_is_refused_before_writing_out():
    source = load_source("t.plan.yaml", PLAN.encode())
    expansion, [finding] = expand("t.plan.yaml", source.data, source.index, Limits(max_sessions=10))
    assert expansion is None
    assert (finding.code, finding.line, finding.column) == ("PL003", 30, 1)  # the `sessions` key
    assert finding.message.startswith("sessions: the plan writes out at least 15 sessions")
    huge = PLAN.replace("{weeks: 4-6, on: [mon, thu]}", "{weeks: 1-522, on: [mon, tue, wed, thu, fri, sat, sun]}")
    source = load_source("t.plan.yaml", huge.encode())
    started = time.perf_counter()
    expansion, [finding] = expand("t.plan.yaml", source.data, source.index, Limits(max_sessions=1000))
    assert expansion is None and time.perf_counter() - started < 0.5


def test_a_templated_plan_spans_and_plain_spans_compare_alike():
    from planlint.positions import Occurrence, OccurrenceSpan

    span = Span(3, 5, 3, 9)
    placed = OccurrenceSpan.of(span, Occurrence(1, "t", "use", 1, day=2))
    assert placed == span and hash(placed) == hash(span) and not placed < span and sorted([placed, span]) == [placed, span]
    assert not span < placed and not span > placed and span <= placed and placed >= span  # reflected: no recursion
    assert Span(1, 1, 1, 1) < placed and placed > Span(1, 1, 1, 1)


# ------------------------------------------------------------------------------ properties

BASE = {
    "planlint": 1.1,
    "id": "prop",
    "title": "Generated",
    "injury": {"site": "hamstring", "type": "strain", "grade": "2a", "occurred": "2026-03-14"},
    "phases": [{"id": "early"}, {"id": "late", "exit": [{"test": "askling_h_test"}]}],
}
EXERCISES = st.sampled_from(
    [
        {"name": "Nordic curl", "ref": "nordic_hamstring_curl", "sets": 3, "reps": 5, "load": "bodyweight"},
        {"name": "Flying sprint", "ref": "flying_sprint", "intensity": "95%", "distance": "30m", "reps": 4},
        {"name": "Bridge", "ref": "isometric_bridge", "sets": 3, "hold": "30s"},
        {"name": "RDL", "ref": "single_leg_rdl", "sets": 3, "reps": 8, "load": {"kg": 20}},
        {"name": "Tempo run", "ref": "tempo_run", "duration": "20min", "intensity": "70%"},
    ]
)
SESSIONS = st.lists(
    st.fixed_dictionaries(
        {
            "day": st.integers(-2, 60),
            "phase": st.sampled_from(["early", "late"]),
            "duration": st.sampled_from(["30min", "60min"]),
            "rpe": st.integers(2, 8),
            "exercises": st.lists(EXERCISES, min_size=1, max_size=3),
        },
        optional={"time": st.sampled_from(["08:00", "18:30"])},
    ),
    min_size=1,
    max_size=25,
)


@given(SESSIONS)
def test_generated_templated_plans_lint_as_their_written_out_form(sessions):
    data = {**BASE, "sessions": sessions}
    written = lint(emit(data))
    templated_text = emit(templatize(data))
    templated = lint(templated_text)
    assert counts(templated) == counts(written), templated_text
    source = load_source("t.plan.yaml", templated_text.encode())
    expansion, problems = expand("t.plan.yaml", source.data, source.index)
    assert not problems
    # Written out, the templated plan is the generated one: the same sessions (in the order of its use items).
    key = lambda s: json.dumps(s, sort_keys=True)  # noqa: E731
    assert sorted(map(key, expansion.data["sessions"])) == sorted(map(key, sessions))


@given(SESSIONS, st.integers(1, 3), st.sampled_from(["kg", "reps", "sets"]))
def test_generated_progressions_step_each_later_occurrence_up_to_max(sessions, step, field):
    """A template with `progress` used by a repeat and single days: the nth occurrence in time has
    start + n * step, capped at max, whichever use item wrote it."""
    days = sorted({s["day"] for s in sessions})
    exercise = {"name": "RDL", "ref": "single_leg_rdl", "sets": 2, "reps": 6, "load": {"kg": 10}}
    exercise["progress"] = {field: step, "max": 12}
    templates = {"gym": {"phase": "early", "exercises": [exercise]}}
    half = len(days) // 2
    items = [{"use": "gym", "repeat": {"days": days[half:]}}] + [{"use": "gym", "day": d} for d in days[:half]]
    data = {**BASE, "templates": templates, "sessions": items}
    source = load_source("t.plan.yaml", emit(data).encode())
    expansion, problems = expand("t.plan.yaml", source.data, source.index)
    assert not problems
    written = sorted(expansion.data["sessions"], key=lambda s: s["day"])
    start = {"kg": 10, "reps": 6, "sets": 2}[field]
    for n, session in enumerate(written):
        value = session["exercises"][0]["load"]["kg"] if field == "kg" else session["exercises"][0][field]
        assert value == min(start + n * step, 12)
        assert "progress" not in session["exercises"][0]


@pytest.mark.parametrize("name", ["hamstring-grade2a-templated.plan.yaml", "acl-reconstruction-late-stage-templated.plan.yaml"])
def test_the_templated_examples_are_half_the_length_of_their_written_out_form(name):
    path = ROOT / "examples" / name
    printed = CliRunner().invoke(main, ["expand", str(path)])
    assert printed.exit_code == 0
    assert len(path.read_text().splitlines()) * 2 <= len(printed.stdout.splitlines())
    assert not lint(path.read_text(), str(path)).findings
    assert not lint(printed.stdout, str(path)).findings
    # Comments outside the templates are where they were.
    assert path.read_text().splitlines()[0] in printed.stdout.splitlines()


def test_a_written_out_session_without_a_phase_is_an_error_at_the_use_item():
    text = PLAN.replace("  - use: gym-a\n    day: 9\n    phase: strength\n", "  - use: gym-a\n    day: 9\n")
    assert _errors(text) == [
        (
            "PL003",
            31,
            5,
            "session 1: neither it nor template 'gym-a' gives a `phase`; add `phase: <phase id>` to the session or the template",
        )
    ]


def test_progress_past_what_a_plan_can_mean_is_an_error_at_the_step():
    text = PLAN.replace("intensity: 95%\n", "intensity: 95%\n        progress: {intensity: 10%}\n")
    [error] = _errors(text)
    assert error[:3] == ("PL003", 29, 20)  # `intensity: 10%` in the progress
    assert error[3] == (
        "exercise 'Flying sprint': progress takes intensity to 205% in the session on day 30, more than a plan can "
        "mean (at most 200%); give `max`"
    )


def test_baselines_keep_each_occurrence_and_survive_edits_elsewhere(tmp_path):
    plan = tmp_path / "p.plan.yaml"
    plan.write_text(PLAN)
    baseline = tmp_path / "baseline.json"
    written = CliRunner().invoke(main, ["check", "--write-baseline", str(baseline), str(plan)])
    assert written.exit_code == 0, written.output
    plan.write_text(PLAN.replace("phases:\n", "# moved down a line\nphases:\n"))
    again = CliRunner().invoke(main, ["check", "--baseline", str(baseline), "--format", "json", str(plan)])
    assert again.exit_code == 0, again.output
    # One more occurrence (a new day in a repeat) is one new finding per rule that fires there.
    plan.write_text(PLAN.replace("repeat: {weeks: 4-6, on: [mon, thu]}", "repeat: {weeks: 4-6, on: [mon, thu, sat]}"))
    more = CliRunner().invoke(main, ["check", "--baseline", str(baseline), "--format", "json", str(plan)])
    assert more.exit_code == 1
    found = json.loads(more.stdout)
    found = found["findings"] if isinstance(found, dict) else found
    assert {f["code"] for f in found} >= {"HS005"}
    assert all(f["occurrence"]["by_line"] == 41 for f in found if f["code"] == "HS005")


def test_the_findings_cache_keeps_the_occurrence():
    from planlint.cache import _finding, _item

    finding = next(f for f in lint(PLAN).findings if f.occurrence is not None)
    assert _finding(json.loads(json.dumps(_item(finding)))) == finding
    old = _item(finding)[:15]  # an entry written before templates
    assert _finding(old).occurrence is None


def test_expand_keeps_comments_where_they_belong_and_writes_progress_out(tmp_path):
    path = ROOT / "tests" / "fixtures" / "cli" / "templated-comments.plan.yaml"
    printed = CliRunner().invoke(main, ["expand", str(path)])
    assert printed.exit_code == 0
    out = printed.stdout
    assert "templates:" not in out and "progress" not in out and "use:" not in out
    assert out.count("duration: 60min   # an hour") == 4  # the template's comment, in each written-out session
    assert out.count("# the main lift") == 4
    assert "load: {kg: 10}    # start light" in out and "load: {kg: 15}    # start light" in out
    assert "  # first one\n  # written out from template 'gym-a' by the use at line 39\n  - day: 9\n" in out
    assert "phase: strength   # the build" in out
    assert "        notes: |\n          Stop on any\n            sharp pain.\n" in out
    # The printed plan lints the same, and printing it again changes nothing.
    assert counts(lint(out)) == counts(lint(path.read_text()))
    again = tmp_path / "again.plan.yaml"
    again.write_text(out)
    assert CliRunner().invoke(main, ["expand", str(again)]).stdout == out


def test_expand_refuses_a_plan_the_schema_refuses(tmp_path):
    path = tmp_path / "bad.plan.yaml"
    path.write_text(PLAN.replace("  - use: gym-a\n    day: 9", "  - use: gym-b\n    day: 9"))
    printed = CliRunner().invoke(main, ["expand", str(path)])
    assert printed.exit_code == 1 and printed.stdout == ""
    assert f"{path}:31:5: PL003 session 1: `use: gym-b` names no template" in printed.stderr


def test_progress_on_a_session_written_in_full_is_an_error_not_ignored():
    plain = lint(
        "planlint: 1.1\nid: p\ntitle: P\ninjury: {site: hamstring, type: strain, occurred: 2026-03-14}\n"
        "phases:\n  - id: a\nsessions:\n  - day: 5\n    phase: a\n    exercises:\n"
        "      - {name: Bridge, ref: isometric_bridge, sets: 3, progress: {sets: 1}}\n"
    )
    [error] = [f for f in plain.findings if f.code == "PL003"]
    assert error.line == 11 and "`progress` steps a value from one occurrence of a template to the next" in error.message
