"""Templates and repeats (format 1.1): a templated plan written out, once, before the model.

A coach writes a session once under ``templates`` and schedules it with ``use``
items in ``sessions`` (``day``/``at`` for one session, ``repeat`` for many);
``progress`` on a template's exercise steps a value from one occurrence to the
next. :func:`expand` turns such a plan into the plan written out: plain sessions
the model and the rules read as if the coach had typed them. Rules never know
about templates.

Positions: every written-out session and exercise keeps two places, where its
content is written (the template's line, or the ``use`` item for fields written
there) and where it was scheduled (the ``use`` item, the ``repeat`` key).
:class:`ExpandedIndex` answers the model's position questions for the written-out
paths with the first, as an :class:`~planlint.positions.OccurrenceSpan` that
carries the second; the engine turns that into the finding's ``occurrence``.
``value_span``/``key_span`` (what a fix may edit) give the template's text,
shared by every occurrence (a fix there is applied once), and None for a value
``progress`` computed or a day a repeat wrote: nothing there can be edited.

Nothing here can blow up: the number of sessions a plan writes out is counted
from the repeats' bounds before one is written, and a plan past
``max-sessions`` is refused (PL003 at ``sessions``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from planlint.codes import PL003
from planlint.findings import Finding
from planlint.limits import DEFAULT, Limits
from planlint.positions import NodePath, Occurrence, OccurrenceSpan, PositionIndex, Span
from planlint.quoting import describe_number, quote
from planlint.suggest import did_you_mean
from planlint.units import UnitError, parse_duration_hours, parse_percent

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: What ``progress`` can step, and where the value sits in an exercise.
PROGRESS_FIELDS: dict[str, tuple[str, ...]] = {
    "kg": ("load", "kg"),
    "percent_1rm": ("load", "percent_1rm"),
    "intensity": ("intensity",),
    "reps": ("reps",),
    "sets": ("sets",),
}
#: Session keys that place a session in time: a ``use`` item's, never a template's.
_SCHEDULE = ("day", "at", "time")
#: Keys of a ``use`` item that are not copied into the written-out session.
_USE_ONLY = ("use", "repeat")
#: The longest run of plan weeks a ``weeks`` repeat can name (ten years, as `day` allows).
MAX_WEEK = 522


def is_templated(data, text: str | None = None) -> bool:
    """Whether a plan uses templates (``templates``, a ``use`` or ``repeat`` item, or, when
    ``text`` says it may, ``progress`` on an exercise): only then is it written out (and a
    ``repeat`` or ``progress`` that cannot be is reported, never ignored)."""
    if not isinstance(data, dict):
        return False
    if "templates" in data:
        return True
    sessions = data.get("sessions")
    if not isinstance(sessions, list):
        return False
    if any(isinstance(s, dict) and ("use" in s or "repeat" in s) for s in sessions):
        return True
    if text is not None and "progress" not in text:
        return False
    return any(
        isinstance(exercise, dict) and "progress" in exercise
        for s in sessions
        if isinstance(s, dict) and isinstance(s.get("exercises"), list)
        for exercise in s["exercises"]
    )


@dataclass
class Written:
    """Where one written-out session comes from."""

    source: int  # the index of its item in the file's `sessions`
    template: str | None = None
    occurrence: Occurrence | None = None
    #: Session key -> the raw path of the mapping that writes it (the `use` item or the template).
    fields: dict[str, NodePath] = field(default_factory=dict)
    #: Paths below the session (``("exercises", 0, "load", "kg")``) whose value `progress` computed.
    progressed: set[NodePath] = field(default_factory=set)
    repeat: bool = False


class ExpandedIndex:
    """A :class:`PositionIndex` for the written-out plan, over the file's own index."""

    def __init__(self, raw: PositionIndex, written: list[Written]) -> None:
        self.raw = raw
        self.written = written

    def translate(self, path: NodePath) -> tuple[NodePath, Occurrence | None, bool]:
        """The file path that writes ``path``, the occurrence it belongs to, and whether
        the value at ``path`` is written there as it is (a fix may edit it)."""
        if len(path) < 2 or path[0] != "sessions" or path[1].__class__ is not int or not 0 <= path[1] < len(self.written):
            return path, None, True
        written = self.written[path[1]]
        item = ("sessions", written.source)
        if written.template is None:
            return item + path[2:], None, True
        occurrence = written.occurrence
        if len(path) == 2:
            return item, occurrence, False
        key = path[2]
        if written.repeat and key == "day":
            return item + ("repeat",), occurrence, False
        base = written.fields.get(key, item)
        rest = path[2:]
        return base + rest, occurrence, rest not in written.progressed

    def _placed(self, span: Span, occurrence: Occurrence | None) -> Span:
        return span if occurrence is None else OccurrenceSpan.of(span, occurrence)

    def occurrence(self, path: NodePath) -> Span | None:
        return self.raw.occurrence(self.translate(path)[0])

    def locate(self, path: NodePath, *, prefer_key: bool = True) -> Span:
        raw, occurrence, _ = self.translate(tuple(path))
        return self._placed(self.raw.locate(raw, prefer_key=prefer_key), occurrence)

    def start(self, path: NodePath, *, prefer_key: bool = True) -> tuple[int, int]:
        return self.raw.start(self.translate(tuple(path))[0], prefer_key=prefer_key)

    def value_span(self, path: NodePath) -> Span | None:
        raw, _, written = self.translate(tuple(path))
        return self.raw.value_span(raw) if written else None

    def key_span(self, path: NodePath) -> Span | None:
        raw, _, written = self.translate(tuple(path))
        return self.raw.key_span(raw) if written else None

    def key_to_value_span(self, path: NodePath) -> Span:
        raw, occurrence, written = self.translate(tuple(path))
        span = self.raw.key_to_value_span(raw) if written else self.raw.locate(raw)
        return self._placed(span, occurrence)

    def add(self, path, value, key=None) -> None:  # pragma: no cover - the loader fills the raw index
        raise TypeError("an expanded index is read-only")


@dataclass
class Expansion:
    """A templated plan written out."""

    data: dict
    index: ExpandedIndex
    written: list[Written]


def expand(path: str, data: dict, index: PositionIndex, limits: Limits = DEFAULT) -> tuple[Expansion | None, list[Finding]]:
    """Write out a schema-valid templated plan: ``(expansion, [])``, or ``(None, PL003s)``."""
    return _Expander(path, data, index, limits).run()


class _Expander:
    def __init__(self, path: str, data: dict, index: PositionIndex, limits: Limits) -> None:
        self.path, self.data, self.index, self.limits = path, data, index, limits
        self.templates: dict = data.get("templates") or {}
        self.findings: list[Finding] = []
        self._day0: date | None = None

    def error(self, at: NodePath, message: str, *, key: bool = False) -> None:
        span = self.index.locate(at, prefer_key=True) if key else self.index.key_to_value_span(at)
        self.findings.append(PL003.at(self.path, span, message))

    # -- checks ------------------------------------------------------------------------

    def run(self) -> tuple[Expansion | None, list[Finding]]:
        self._check_templates()
        sessions = self.data["sessions"]
        days: dict[int, list[int] | None] = {}
        total = 0
        for i, item in enumerate(sessions):
            if "use" not in item:
                total += 1
                if "repeat" in item:
                    self.error(
                        ("sessions", i, "repeat"),
                        f"session {i + 1}: `repeat` writes out copies of a template, and this session uses none; add "
                        "`use: <template id>` (and move the session's fields into `templates`), or remove the repeat",
                        key=True,
                    )
                continue
            name = item["use"]
            if name not in self.templates:
                known = ", ".join(sorted(self.templates)) or "none: add a `templates:` section"
                self.error(
                    ("sessions", i, "use"),
                    f"session {i + 1}: `use: {quote(name)}` names no template; the plan's templates are {known}"
                    + did_you_mean(name, list(self.templates)),
                )
            if "repeat" in item:
                count = self._count(i, item["repeat"])
                total += count or 0
            else:
                total += 1
            if total > self.limits.max_sessions:
                break  # refused below, before a session is written out
        if total > self.limits.max_sessions:
            return None, [
                PL003.at(
                    self.path,
                    self.index.locate(("sessions",), prefer_key=True),
                    f"sessions: the plan writes out at least {total} sessions (counted up to the first past the limit); "
                    f"planlint reads at most {self.limits.max_sessions} (max-sessions): shorten the repeats or split the plan",
                )
            ]
        if self.findings:
            return None, self.findings
        for i, item in enumerate(sessions):
            if "use" in item:
                days[i] = self._days(i, item["repeat"]) if "repeat" in item else None
        if self.findings:
            return None, self.findings
        expansion = self._write(days)
        return (expansion, []) if expansion is not None else (None, self.findings)

    def _check_templates(self) -> None:
        # `use`, `repeat`, `day` and `at` in a template are the schema's (unknown keys, with a hint).
        for name, template in self.templates.items():
            for j, exercise in enumerate(template.get("exercises") or ()):
                self._check_progress(("templates", name, "exercises", j), exercise)
        for i, item in enumerate(self.data["sessions"]):
            for j, exercise in enumerate(item.get("exercises") or ()):
                if "progress" in exercise and "use" not in item:
                    self.error(
                        ("sessions", i, "exercises", j, "progress"),
                        f"exercise '{quote(exercise.get('name', ''))}': `progress` steps a value from one occurrence of a "
                        "template to the next; this session is written once: write the value itself, or move the "
                        "session into `templates`",
                        key=True,
                    )
                elif "progress" in exercise:
                    self._check_progress(("sessions", i, "exercises", j), exercise)

    def _check_progress(self, at: NodePath, exercise: dict) -> None:
        progress = exercise.get("progress")
        if progress is None:
            return
        steps = [k for k in progress if k in PROGRESS_FIELDS]
        name = quote(exercise.get("name", ""))
        if len(steps) != 1:
            self.error(
                at + ("progress",),
                f"exercise '{name}': `progress` takes one step, e.g. `progress: {{kg: 2.5, max: 20}}`, on one of "
                f"{', '.join(PROGRESS_FIELDS)}; found {len(steps)}",
                key=True,
            )
            return
        step = steps[0]
        holder = exercise
        for part in PROGRESS_FIELDS[step]:
            holder = holder.get(part) if isinstance(holder, dict) else None
        if holder is None or isinstance(holder, (bool, str)) and step != "intensity":
            where = ".".join(PROGRESS_FIELDS[step])
            self.error(
                at + ("progress", step),
                f"exercise '{name}': `progress` steps {step}, but the exercise has no `{where}` to add to; write its "
                f"starting value (`{where}`), or progress a field it has",
            )
            return
        if step in ("reps", "sets"):
            for key in (step, "max"):
                value = progress.get(key)
                if value is not None and not (isinstance(value, int) and not isinstance(value, bool)):
                    self.error(
                        at + ("progress", key), f"exercise '{name}': progress of {step} counts whole {step}: write a whole number"
                    )
        if step == "intensity":
            try:
                parse_percent(holder, name="intensity")
            except UnitError:
                pass  # validate says so

    def _count(self, i: int, repeat: dict) -> int | None:
        """How many sessions a repeat writes out, from its bounds (nothing is written yet);
        None after an error."""
        at = ("sessions", i, "repeat")
        if "days" in repeat:
            if not repeat["days"]:
                self.error(
                    at, f"session {i + 1}: the repeat lists no days; list at least one (`days: [9, 12]`) or remove the repeat"
                )
                return None
            return len(repeat["days"])
        if "weeks" in repeat:
            weeks = _weeks(repeat["weeks"])
            if weeks is None:
                self.error(
                    at + ("weeks",),
                    f"session {i + 1}: repeat weeks '{quote(str(repeat['weeks']))}' is not a range of plan weeks; write "
                    f"`weeks: 4-6` (weeks 1 to {MAX_WEEK}, week 1 is days 0-6) or `weeks: 4`",
                )
                return None
            first, last = weeks
            bad = [k for k, day in enumerate(repeat.get("on") or ()) if day not in WEEKDAYS]
            for k in bad:
                written = repeat["on"][k]
                self.error(
                    at + ("on", k),
                    f"session {i + 1}: repeat on '{quote(str(written))}' is not a weekday; write mon, tue, wed, thu, fri, "
                    "sat or sun" + (did_you_mean(written, WEEKDAYS) if isinstance(written, str) else ""),
                )
            if bad:
                return None
            if first > last or not repeat.get("on"):
                self.error(
                    at,
                    f"session {i + 1}: the repeat writes out no session (weeks {first}-{last} on "
                    f"[{', '.join(repeat.get('on') or ())}]); name at least one week and one weekday",
                )
                return None
            if self.day0() is None:
                self.error(
                    at + ("weeks",),
                    f"session {i + 1}: `weeks` with `on` needs to know which weekday each plan day is, and the injury's "
                    "date cannot be read; give `injury.occurred` as a date, or repeat by `days` or `from`/`to`",
                    key=True,
                )
                return None
            return (last - first + 1) * len(set(repeat["on"]))
        start, end = repeat["from"], repeat["to"]
        step = self._every(i, repeat)
        if step is None:
            return None
        if start > end:
            self.error(
                at,
                f"session {i + 1}: the repeat writes out no session (from day {start} to day {end}); `from` is the first "
                "day and `to` the last, from <= to",
            )
            return None
        return (end - start) // step + 1

    def _every(self, i: int, repeat: dict) -> int | None:
        every = repeat.get("every", "1d")
        try:
            hours = parse_duration_hours(every, name="every")
        except UnitError:
            hours = None
        if hours is None or hours <= 0 or hours % 24:
            self.error(
                ("sessions", i, "repeat", "every"),
                f"session {i + 1}: repeat every '{quote(str(every))}' is not a whole number of days; write `every: 2d` or "
                "`every: 1w` (sessions a day apart or more; two sessions a day are two `use` items with their `time`)",
            )
            return None
        return int(hours // 24)

    def day0(self) -> date | None:
        """The calendar date of day 0 (injury or surgery day, in the plan's time zone)."""
        if self._day0 is None:
            from planlint.anchors import read_anchors
            from planlint.timeline import TimeError

            try:
                self._day0 = read_anchors({**self.data, "sessions": []}).clock.day0
            except (TimeError, KeyError, TypeError, ValueError):
                return None
        return self._day0

    def _days(self, i: int, repeat: dict) -> list[int]:
        if "days" in repeat:
            return list(repeat["days"])
        if "weeks" in repeat:
            first, last = _weeks(repeat["weeks"])
            wanted = {WEEKDAYS.index(day) for day in repeat["on"]}
            weekday0 = self.day0().weekday()
            return [d for d in range(7 * (first - 1), 7 * last) if (weekday0 + d) % 7 in wanted]
        return list(range(repeat["from"], repeat["to"] + 1, self._every(i, repeat)))

    # -- writing out ---------------------------------------------------------------------

    def _write(self, days: dict[int, list[int] | None]) -> Expansion | None:
        sessions: list[dict] = []
        written: list[Written] = []
        # exercise path in the file -> [(order key, session index, exercise index)]
        stepped: dict[NodePath, list] = {}
        for i, item in enumerate(self.data["sessions"]):
            if "use" not in item:
                sessions.append(item)
                written.append(Written(i))
                continue
            name = item["use"]
            template = self.templates[name]
            item_path = ("sessions", i)
            fields: dict[str, NodePath] = {}
            base: dict = {}
            for key in _SCHEDULE:
                if key in item:
                    base[key], fields[key] = item[key], item_path
            if "phase" in item or "phase" in template:
                base["phase"], fields["phase"] = (
                    (item["phase"], item_path) if "phase" in item else (template["phase"], ("templates", name))
                )
            for key, value in template.items():
                if key in item or key in _USE_ONLY:
                    continue
                base[key], fields[key] = value, ("templates", name)
            for key, value in item.items():
                if key not in base and key not in _USE_ONLY:
                    base[key], fields[key] = value, item_path
            if "time" in base and "at" in base:
                self.error(
                    ("templates", name, "time") if fields["time"][0] == "templates" else item_path + ("time",),
                    f"session {i + 1}: it is placed by `at` and gets `time` from template '{quote(name)}'; `time` goes with "
                    "`day` or a repeat: write the time in `at`",
                )
            if "phase" not in base:
                self.error(
                    item_path + ("use",),
                    f"session {i + 1}: neither it nor template '{quote(name)}' gives a `phase`; add `phase: <phase id>` "
                    "to the session or the template",
                )
            exercises_from = fields.get("exercises")
            repeat = "repeat" in item
            use_line = self.index.start(item_path, prefer_key=False)[0]
            by_line = self.index.locate(item_path + ("repeat",), prefer_key=True).line if repeat else use_line
            for day in days[i] if repeat else (None,):
                session = dict(base)
                if day is not None:
                    session = {"day": day, **{k: v for k, v in session.items() if k != "day"}}
                    fields_here = dict(fields)
                else:
                    fields_here = fields
                k = len(sessions)
                occurrence = Occurrence(
                    use_line,
                    name,
                    "repeat" if repeat else "use",
                    by_line,
                    day=session.get("day"),
                    time=session.get("time"),
                    at=None if session.get("at") is None else str(session["at"]),
                    session=k,
                )
                record = Written(i, name, occurrence, fields_here, set(), repeat)
                exercises = session.get("exercises")
                if exercises:
                    copied = []
                    for j, exercise in enumerate(exercises):
                        if "progress" in exercise:
                            exercise = {key: value for key, value in exercise.items() if key != "progress"}
                            order = (session.get("day") if session.get("day") is not None else self._at_day(session), k)
                            stepped.setdefault(exercises_from + ("exercises", j), []).append((order, k, j))
                        copied.append(exercise)
                    session["exercises"] = copied
                sessions.append(session)
                written.append(record)
        if not self.findings:
            self._progress(stepped, sessions, written)
        if self.findings:
            return None
        data = {key: value for key, value in self.data.items() if key != "templates"}
        data["sessions"] = sessions
        return Expansion(data, ExpandedIndex(self.index, written), written)

    def _at_day(self, session: dict) -> int:
        """An ``at`` session's day, to order occurrences for ``progress`` (its date as written)."""
        day0 = self.day0()
        text = str(session.get("at", ""))[:10]
        try:
            return (date.fromisoformat(text) - day0).days if day0 is not None else 0
        except ValueError:
            return 0

    def _progress(self, stepped: dict, sessions: list[dict], written: list[Written]) -> None:
        """Each later occurrence (in time, then in the file) of a progressed exercise gets one more step, up to max."""
        for source, found in stepped.items():
            exercise = _node(self.data, source)
            progress = exercise["progress"]
            step_name = next(k for k in progress if k in PROGRESS_FIELDS)
            where = PROGRESS_FIELDS[step_name]
            percent = step_name in ("intensity", "percent_1rm")
            start_raw = _node(exercise, where)
            start = _number(start_raw, percent)
            step = _number(progress[step_name], percent)
            cap = None if progress.get("max") is None else _number(progress["max"], percent)
            step_path = source + ("progress", step_name)
            if step <= 0:
                self.error(step_path, f"exercise '{quote(exercise.get('name', ''))}': progress steps up; write a step above 0")
                continue
            for n, (_order, k, j) in enumerate(sorted(found, key=lambda item: item[0])):
                if n == 0:
                    continue
                value = start + n * step
                if cap is not None:
                    value = min(value, cap)
                if not math.isfinite(value) or (percent and value > 200):
                    self.error(
                        step_path,
                        f"exercise '{quote(exercise.get('name', ''))}': progress takes {'.'.join(where)} to "
                        f"{f'{value:g}' if math.isfinite(value) else describe_number(value)}{'%' if percent else ''} "
                        f"in the session {written[k].occurrence.when}, more than a plan "
                        f"can mean{' (at most 200%)' if percent else ''}; give `max`",
                    )
                    break
                new = _written_like(start_raw, value)
                exercise_copy = dict(sessions[k]["exercises"][j])
                if len(where) == 2:
                    exercise_copy[where[0]] = {**exercise_copy[where[0]], where[1]: new}
                else:
                    exercise_copy[where[0]] = new
                sessions[k]["exercises"][j] = exercise_copy
                written[k].progressed.add(("exercises", j) + where)


def _weeks(value) -> tuple[int, int] | None:
    if isinstance(value, int) and not isinstance(value, bool):
        first = last = value
    elif isinstance(value, str):
        parts = value.replace(" ", "").split("-")
        if len(parts) != 2 or not all(p.isdigit() and len(p) <= 4 for p in parts):
            return None
        first, last = int(parts[0]), int(parts[1])
    else:
        return None
    if not (1 <= first <= MAX_WEEK and 1 <= last <= MAX_WEEK):
        return None
    return first, last


def _node(data, path: NodePath):
    for part in path:
        data = data[part]
    return data


def _number(value, percent: bool) -> float:
    if percent and isinstance(value, str):
        return parse_percent(value, name="progress")
    return float(value)


def _written_like(original, value: float):
    """``value`` written as ``original`` was: ``"75%"`` for ``"70%"``, an int for an int."""
    value = round(value, 6)
    if isinstance(original, str):
        return f"{value:g}%"
    if isinstance(original, int) and value == int(value):
        return int(value)
    return value


def occurrences_of(findings: list[Finding]) -> Iterator[Finding]:
    """Each finding with its ``occurrence`` named (its span's, set by :class:`ExpandedIndex`)."""
    for finding in findings:
        occurrence = getattr(finding.span, "occurrence", None)
        if occurrence is None or finding.occurrence is not None:
            yield finding
            continue
        yield finding.with_changes(
            span=Span(finding.span.line, finding.span.column, finding.span.end_line, finding.span.end_column),
            occurrence=occurrence,
            message=f"{finding.message} ({occurrence.text()})",
        )


#: Occurrences a grouped message lists by name (the rest are counted).
LISTED_OCCURRENCES = 10


def group_occurrences(findings: list[Finding]) -> list[tuple[Finding, list[Finding]]]:
    """Findings at one template line with one code, grouped: ``(first, all of them)`` in the
    order given; a finding outside written-out sessions is a group of its own. For the
    language server and the HTML report, which show one entry per line a coach changes."""
    groups: dict[object, tuple[Finding, list[Finding]]] = {}
    for finding in findings:
        key = (
            id(finding)
            if finding.occurrence is None
            else (finding.path, finding.code, finding.span, finding.suppressed, finding.occurrence.template)
        )
        if key in groups:
            groups[key][1].append(finding)
        else:
            groups[key] = (finding, [finding])
    return list(groups.values())


def listed(members: list[Finding]) -> str:
    """``"day 9 (the use at line 31), day 11 at 10:00 (the repeat at line 36), ..."``."""
    named = [f"{m.occurrence.when.removeprefix('on ')} (the {m.occurrence.by} at line {m.occurrence.by_line})" for m in members]
    text = ", ".join(named[:LISTED_OCCURRENCES])
    if len(named) > LISTED_OCCURRENCES:
        text += f" and {len(named) - LISTED_OCCURRENCES} more"
    return text


def grouped_message(first: Finding, members: list[Finding]) -> str:
    """One message for a group: the first occurrence's, and the sessions it is found in."""
    if len(members) == 1:
        return first.message
    return f"{first.message}; found in {len(members)} written-out sessions: {listed(members)}"


def describe_use(text: str, line: int, limits: Limits = DEFAULT) -> str | None:
    """What the ``use`` item at ``line`` (1-based) writes out, as Markdown (the language
    server's hover), or None when ``line`` is not in a ``use`` item or the plan cannot be
    written out as it stands."""
    from planlint.loader import load_source
    from planlint.writeout import sequence

    source = load_source("plan.plan.yaml", text.encode("utf-8", "surrogatepass"), limits)
    data = source.data
    if source.findings or not is_templated(data) or not isinstance(data.get("sessions"), list):
        return None
    found = None
    for i, item in enumerate(data["sessions"]):
        span = source.index.value_span(("sessions", i))
        if isinstance(item, dict) and "use" in item and span is not None and span.line <= line <= span.end_line:
            found = i
    if found is None:
        return None
    try:
        expansion, problems = expand(source.path, data, source.index, limits)
    except Exception:  # noqa: BLE001 - a plan the schema has not passed: nothing to show
        return None
    if expansion is None:
        return None
    mine = [k for k, written in enumerate(expansion.written) if written.source == found]
    name = data["sessions"][found]["use"]
    whens = [expansion.written[k].occurrence.when for k in mine]
    shown = ", ".join(whens[:20]) + (f" and {len(whens) - 20} more" if len(whens) > 20 else "")
    first = "\n".join(sequence([expansion.data["sessions"][mine[0]]], 0)) if mine else ""
    return (
        f"**use: {name}** writes out {len(mine)} session{'s' if len(mine) != 1 else ''}: {shown}.\n\n"
        f"The first, as planlint lints it (`planlint expand` prints them all):\n\n```yaml\n{first}\n```"
    )
