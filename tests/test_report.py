"""``planlint report``: the HTML page, checked by its structure.

The page is parsed with the standard library (``html.parser`` for the page,
``xml.etree`` for each inline SVG); marks are counted by their classes and
``data-`` attributes: one session mark per session, one pin per finding, one
band per phase. The weekly exposure numbers of a small fixture plan are worked
out by hand here, not by the code under test.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from planlint.cli import main
from planlint.engine import Linter
from planlint.htmlreport import render_report, verdict, write_report
from planlint.htmlreport.exposure import week_of_day, weekly_exposure
from planlint.htmlreport.layout import build_layout
from planlint.run import lint_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
UNSAFE = ROOT / "tests" / "fixtures" / "cli" / "unsafe.plan.yaml"
BROKEN = ROOT / "tests" / "fixtures" / "cli" / "broken-schema.plan.yaml"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "report" / "exposure.plan.yaml"
FIXED_TIME = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
SVG_NS = "{http://www.w3.org/2000/svg}"


# --------------------------------------------------------------------------- helpers


class Node:
    def __init__(self, tag: str, attrs: dict, parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.content: list = []  # text and child nodes, in document order

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    @property
    def children(self) -> list[Node]:
        return [c for c in self.content if isinstance(c, Node)]

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.content)

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list[Node]:
        out = []
        for node in self.iter():
            if tag and node.tag != tag:
                continue
            if cls and cls not in node.classes:
                continue
            if any(node.attrs.get(k.replace("_", "-")) != v for k, v in attrs.items()):
                continue
            out.append(node)
        return out

    def find(self, *args, **kwargs) -> Node:
        found = self.find_all(*args, **kwargs)
        assert found, f"nothing matches {args} {kwargs}"
        return found[0]


VOID = {"meta", "br", "link", "img", "input", "hr", "col", "area", "base", "source", "wbr"}


class Tree(HTMLParser):
    """A small DOM: enough to select by tag, class and attribute, and to read text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.current = self.root
        self.tags: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        node = Node(tag, dict(attrs), self.current)
        self.current.content.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)
        self.current.content.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.content.append(data)


def lint(*paths: Path, linter: Linter | None = None):
    linter = linter or Linter()
    return [lint_file(linter, str(p), keep_plan=True) for p in paths], linter


def report(*paths: Path) -> tuple[str, list, Tree]:
    results, linter = lint(*paths)
    text = render_report(results, linter, generated=FIXED_TIME)
    return text, results, Tree(text)


def svgs(text: str) -> list[ET.Element]:
    """Every inline chart, parsed as XML: the SVG must be well-formed on its own."""
    return [
        ET.fromstring(block) for block in re.findall(r"<svg xmlns=.*?</svg>", text, re.S) if 'class="swatch"' not in block[:80]
    ]


@pytest.fixture(scope="module")
def unsafe():
    return report(UNSAFE)


@pytest.fixture(scope="module")
def fixture_report():
    return report(FIXTURE)


# --------------------------------------------------------------------------- the engine keeps the model on request


def test_keep_plan_is_off_by_default_and_none_for_a_file_that_cannot_be_built():
    linter = Linter()
    assert lint_file(linter, str(UNSAFE)).plan is None
    kept = lint_file(linter, str(UNSAFE), keep_plan=True)
    assert kept.plan is not None and kept.plan.title.startswith("Grade 2a")
    assert kept.plan.athlete.ref == "A-09" and kept.plan.sport == "soccer"
    broken = lint_file(linter, str(BROKEN), keep_plan=True)
    assert broken.plan is None and {f.code for f in broken.findings} == {"PL003"}


# --------------------------------------------------------------------------- marks, pins, bands


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.plan.yaml")) + [FIXTURE], ids=lambda p: p.name)
def test_one_mark_per_session_one_pin_per_finding_one_band_per_phase(path):
    text, results, tree = report(path)
    result = results[0]
    section = tree.root.find("section", cls="plan")
    if result.plan is None:
        assert not section.find_all("svg", cls="chart") and not section.find_all("g", cls="session-mark")
        return
    plan = result.plan
    marks = section.find_all("g", cls="session-mark")
    assert len(marks) == len(plan.sessions)
    assert sorted(int(m.attrs["data-session"]) for m in marks) == list(range(len(plan.sessions)))
    bands = section.find_all("g", cls="phase-band")
    assert [b.attrs["data-phase"] for b in bands] == [p.id for p in plan.phases]
    pins = section.find_all("a", cls="finding-pin")
    assert len(pins) == len(result.active)
    assert sorted(int(p.attrs["data-finding"]) for p in pins) == list(range(1, len(result.active) + 1))
    items = section.find_all("li", cls="finding")
    assert len(items) == len(result.active)
    ids = {item.attrs["id"] for item in items}
    for pin in pins:  # every pin links to its finding in the list, with the same code and severity
        target = pin.attrs["href"][1:]
        assert target in ids
        item = section.find("li", id=target)
        assert (item.attrs["data-code"], item.attrs["data-severity"]) == (pin.attrs["data-code"], pin.attrs["data-severity"])
    for node in svgs(text):
        assert node.tag == f"{SVG_NS}svg"


def test_pins_sit_at_their_session_phase_or_the_whole_plan(fixture_report):
    _text, results, tree = fixture_report
    result = results[0]
    layout = build_layout(result.plan, result.active)
    where = {(pin.finding.code, pin.finding.line): pin for pin in layout.pins}
    assert where[("HS008", 1)].at is None  # whole plan
    assert where[("PL108", 17)].phase.id == "bridge"  # a phase item
    pl105 = where[("PL105", 57)]
    assert pl105.session.day == 22 and pl105.at == 22 * 1440 + 600
    sprint = where[("HS005", 63)]  # an exercise inside the day 22 session
    assert sprint.session.day == 22
    # Pins of one moment stack: three at day 22 (PL105 and two HS005), one above the other.
    numbers = {str(p.number) for p in layout.pins if p.session is not None and p.session.day == 22}
    day22 = [p for p in tree.root.find_all("a", cls="finding-pin") if p.attrs["data-finding"] in numbers]
    assert sorted(p.attrs["data-code"] for p in day22) == ["HS005", "HS005", "PL105"]
    centres = {(s.attrs.get("y"), s.attrs.get("points")) for p in day22 for s in p.children if s.tag in ("rect", "polygon")}
    assert len(centres) == 3


def test_gates_where_they_start_to_count(fixture_report):
    _text, results, tree = fixture_report
    marks = tree.root.find_all("g", cls="gate-mark")
    hows = sorted((m.attrs["data-test"], m.attrs["data-how"]) for m in marks)
    assert hows == [
        ("isometric_tolerance", "checked"),  # in the day 5 session's checks
        ("isometric_tolerance", "exit"),  # exit of 'protect', counted from the first later session
        ("pain_free_walking", "unassessed"),  # exit of a phase with no session: credited, never assessed
    ]
    layout = build_layout(results[0].plan, results[0].active)
    at = {(m.gate.test, m.how): m.at for m in layout.gates}
    assert at[("isometric_tolerance", "exit")] == at[("pain_free_walking", "unassessed")] == 9 * 1440 + 540


def test_sessions_show_their_exercises_on_hover_and_focus(unsafe):
    text, results, tree = unsafe
    plan = results[0].plan
    first = plan.chronological()[0]
    mark = tree.root.find("g", cls="session-mark", data_session=str(first.index))
    assert mark.attrs["tabindex"] == "0"  # keyboard reachable
    tip = mark.find("g", cls="tip")
    tip_text = tip.find("text")
    assert mark.attrs["aria-labelledby"] == tip_text.attrs["id"]  # the tooltip also names the mark
    for exercise in first.exercises:
        assert exercise.name in tip_text.text()
    css = re.search(r"<style>(.*?)</style>", text, re.S).group(1)
    assert ".session-mark:focus .tip" in css and ".session-mark:hover .tip" in css


def test_untimed_sessions_cover_their_day(fixture_report):
    _text, results, tree = fixture_report
    day5 = next(s for s in results[0].plan.sessions if s.day == 5)
    mark = tree.root.find("g", cls="session-mark", data_session=str(day5.index))
    assert mark.find_all("rect", cls="untimed")


def test_windows_are_the_rules_own_measured_from_the_injury(unsafe):
    text, results, tree = unsafe
    linter = Linter()
    published = linter.published(results[0].plan, linter.settings_for(results[0].path))
    layout = build_layout(results[0].plan, results[0].active, published.windows)
    injury = 17 * 60 + 30  # 17:30 on day 0
    assert layout.injury_at == injury
    assert [(w.code, w.hours, w.forbids, end) for w, end in layout.windows] == [
        ("HS001", 36, "no sprints", injury + 36 * 60),
        ("HS002", 48, "no heavy load or plyometrics", injury + 48 * 60),
    ]
    assert [g.attrs["data-hours"] for g in tree.root.find_all("g", cls="window")] == ["48", "36"]
    assert "first 36 h after the injury (no sprints, HS001)" in text
    assert "first 48 h after the injury (no heavy load or plyometrics, HS002)" in text


def test_windows_follow_the_configured_options(tmp_path):
    (tmp_path / "planlint.toml").write_text("[rules.HS001]\nmin-hours = 72\n", encoding="utf-8")
    plan = tmp_path / "a.plan.yaml"
    plan.write_text(UNSAFE.read_text(encoding="utf-8"), encoding="utf-8")
    from planlint.config import ConfigResolver

    results, linter = lint(plan, linter=Linter(ConfigResolver(search=True)))
    text = render_report(results, linter, generated=FIXED_TIME)
    assert "first 72 h after the injury (no sprints, HS001)" in text
    assert "first 36 h" not in text
    assert sorted(g.attrs["data-hours"] for g in Tree(text).root.find_all("g", cls="window")) == ["48", "72"]


def test_no_windows_where_no_rule_of_the_plan_has_them():
    """An Achilles or concussion plan gets no hamstring bands (nor a key line for them)."""
    text, _results, tree = report(
        *[p for p in sorted(EXAMPLES.glob("*.plan.yaml")) if "achilles" in p.name or "concussion" in p.name]
    )
    assert tree.root.find_all("g", cls="window") == []
    assert "first 36 h" not in text and "key-window" not in text.split("</style>", 1)[1]


def test_a_calf_plan_draws_the_muscle_packs_windows():
    """The muscle pack publishes MS001's and MS002's windows as the hamstring pack does HS001's and HS002's."""
    text, _results, tree = report(EXAMPLES / "calf-strain-running-reentry.plan.yaml")
    assert [g.attrs["data-hours"] for g in tree.root.find_all("g", cls="window")] == ["48", "36"]
    assert "first 36 h after the injury (no sprints, MS001)" in text and "HS001" not in text


# --------------------------------------------------------------------------- weekly exposure, by hand


def test_exposure_numbers_by_hand(fixture_report):
    """tests/fixtures/report/exposure.plan.yaml, worked out by hand:

    week 1 (days 0-6): day 2 and day 5. Eccentric sets: extender 2 + slider (no sets) 1 + Nordic 3 = 6.
      No plyometrics, no sprints. Load: 3 x 30 + 4 x 40 = 250.
    week 2 (days 7-13): day 9 and day 11. Eccentric sets: Nordic 3. Plyometric contacts: drop jump
      3 x 6 = 18, bounding 10 (reps alone: one set) = 28; pogo hops state no reps (+1). Sprints:
      4 + 2 x 3 + 2 x 3 = 16; top intensity: the acceleration states none, so 100% (not stated).
      Load: 5 x 60 = 300 (day 11 has no duration: +1 without); change on 250: +20%.
    week 3 (days 14-20): no session.
    week 4 (days 21-27): day 22. Sprints 3 + 2 = 5; top 100% (stated by the flying sprint).
      Load 6 x 60 = 360; no change shown, week 3 has no load.
    """
    _text, results, tree = fixture_report
    weeks = {w.week: w for w in weekly_exposure(results[0].plan)}
    assert sorted(weeks) == [1, 2, 3, 4]
    w1, w2, w3, w4 = weeks[1], weeks[2], weeks[3], weeks[4]
    assert (
        w1.session_count,
        w1.eccentric_sets,
        w1.eccentric_without_sets,
        w1.plyo_contacts,
        w1.sprints,
        w1.top_sprint,
        w1.load,
    ) == (2, 6, 1, None, 0, None, 250)
    assert (w2.session_count, w2.eccentric_sets, w2.plyo_contacts, w2.plyo_without_reps, w2.sprints) == (2, 3, 28, 1, 16)
    assert (w2.top_sprint, w2.top_sprint_stated, w2.load, w2.sessions_without_load, round(w2.change_pct, 6)) == (
        100,
        False,
        300,
        1,
        20,
    )
    assert w3.session_count == 0 and w3.load is None
    assert (w4.session_count, w4.sprints, w4.top_sprint, w4.top_sprint_stated, w4.load, w4.change_pct) == (
        1,
        5,
        100,
        True,
        360,
        None,
    )

    table = tree.root.find("table", cls="exposure")
    rows = {
        row.attrs["data-week"]: {td.attrs["data-col"]: td.text().strip() for td in row.find_all("td") if "data-col" in td.attrs}
        for row in table.find_all("tr")
        if "data-week" in row.attrs
    }
    assert rows["1"] == {
        "sessions": "2",
        "eccentric-sets": "6*",
        "plyo-contacts": "\u2014",
        "sprints": "0",
        "top-sprint": "\u2014",
        "load": "250",
        "change": "",
    }
    assert rows["2"] == {
        "sessions": "2",
        "eccentric-sets": "3",
        "plyo-contacts": "28 (+1)",
        "sprints": "16",
        "top-sprint": "100% (not stated)",
        "load": "300 (+1 without)",
        "change": "+20%",
    }
    assert rows["4"] == {
        "sessions": "1",
        "eccentric-sets": "0",
        "plyo-contacts": "\u2014",
        "sprints": "5",
        "top-sprint": "100%",
        "load": "360",
        "change": "",
    }
    gap = table.find("tr", cls="empty-weeks")
    assert gap.attrs["data-weeks"] == "3" and "no sessions" in gap.text()
    notes = tree.root.find("ol", cls="notes").text()
    assert "without sets counts as 1 set" in notes and "100% (not stated)" in notes


def test_weeks_are_numbered_as_pl104_numbers_them():
    assert [week_of_day(d) for d in (0, 6, 7, 13, 14, -1, -7, -8)] == [1, 1, 2, 2, 3, 0, 0, -1]


def test_a_load_spike_is_marked_in_the_table_and_the_chart(unsafe):
    _text, _results, tree = unsafe
    spike = tree.root.find("tr", cls="spike")
    assert spike.attrs["data-week"] == "2" and "+55%" in spike.text()
    bars = tree.root.find_all("g", cls="week-load")
    assert [b.attrs["data-week"] for b in bars if "spike" in b.classes] == ["2"]


# --------------------------------------------------------------------------- header, verdicts, findings


def test_header_and_verdict(unsafe):
    _text, _results, tree = unsafe
    section = tree.root.find("section", cls="plan")
    facts = {div.find("dt").text(): div.find("dd").text() for div in section.find("dl", cls="facts").find_all("div")}
    assert facts["Athlete"] == "A-09, right winger, soccer"
    assert facts["Injury"].startswith("hamstring strain, right")
    assert facts["Grade"] == "2a"
    assert facts["Occurred"] == "2026-04-11 17:30 (UTC+01:00)"
    assert facts["Plan length"].startswith("19 days (day 0 to day 18")
    assert facts["Findings"] == "4 errors, 3 warnings, 0 notes"
    assert section.find("p", cls="verdict").text().strip().endswith("4 errors: not ready to publish")
    assert section.attrs["data-verdict"] == "error"


def test_verdicts():
    linter = Linter()
    results = {p.name: lint_file(linter, str(p), keep_plan=True) for p in sorted(EXAMPLES.glob("*.plan.yaml"))}
    assert verdict(results["hamstring-grade2b-criteria.plan.yaml"]).text == "no findings: ready to publish"
    assert verdict(results["hamstring-unsafe.plan.yaml"]).text == "4 errors: not ready to publish"
    assert verdict(results["hamstring-broken-schema.plan.yaml"]).text == "not checked: fix the 5 errors first"
    fixture = lint_file(linter, str(FIXTURE), keep_plan=True)
    assert verdict(fixture).kind == "error"


def test_every_finding_is_listed_with_location_message_and_explain(unsafe):
    _text, results, tree = unsafe
    items = tree.root.find_all("li", cls="finding")
    for finding, item in zip(results[0].active, items):
        assert f"{finding.path}:{finding.line}:{finding.column}" in item.find("span", cls="location").text()
        assert item.find("p", cls="message").text() == finding.message
        target = item.find("p", cls="explain-link").find("a").attrs["href"]
        entry = tree.root.find("section", cls="rule-text", id=target[1:])
        body = entry.find("pre").text()
        assert body.startswith(f"{finding.code} {finding.name}") and "Why it matters" in body
    # Each rule's text once for the page, however many findings link to it.
    entries = tree.root.find_all("section", cls="rule-text")
    assert sorted(e.attrs["data-code"] for e in entries) == sorted({f.code for f in results[0].active})


def test_a_file_that_cannot_be_built_is_shown_with_its_findings():
    _text, results, tree = report(BROKEN)
    section = tree.root.find("section", cls="plan")
    assert section.attrs["data-verdict"] == "unchecked"
    assert "not checked: fix the 5 errors first" in section.find("p", cls="verdict").text()
    assert len(section.find_all("li", cls="finding")) == 5
    assert not section.find_all("svg", cls="chart")


def test_suppressed_findings_are_listed_apart_and_not_pinned():
    _text, results, tree = report(ROOT / "tests" / "fixtures" / "cli" / "suppressed.plan.yaml")
    # Only active findings are pinned: with the planlint-acl plugin installed, this version 1
    # ACL plan (it cannot state `surgery`) has an active AC000; the suppressed PL105 is not pinned.
    pins = [pin.attrs.get("data-code") for pin in tree.root.find_all("a", cls="finding-pin")]
    assert "PL105" not in pins and set(pins) <= {"AC000"}
    suppressed = tree.root.find("details", cls="suppressed")
    assert "PL105" in suppressed.text() and "reason: plan starts in week 35" in suppressed.text()


def test_a_folder_gives_one_page_with_an_index():
    paths = sorted(EXAMPLES.glob("*.plan.yaml"))
    _text, results, tree = report(*paths)
    rows = tree.root.find("table", cls="index-table").find("tbody").find_all("tr")
    assert sorted(r.attrs["data-plan-path"] for r in rows) == sorted(str(p) for p in paths)
    sections = {s.attrs["id"]: s for s in tree.root.find_all("section", cls="plan")}
    assert len(sections) == len(paths)
    by_path = {r.path: r for r in results}
    for row in rows:
        target = row.find("a").attrs["href"][1:]
        assert sections[target].attrs["data-plan-path"] == row.attrs["data-plan-path"]
        assert row.attrs["data-verdict"] == verdict(by_path[row.attrs["data-plan-path"]]).kind


def test_the_index_and_the_page_put_the_worst_plans_first():
    """Issue 19 item 9: the plan not checked, then the one with errors, then the rest by
    their findings (warnings, then notes), ties in the order given; the plans on the
    page follow the index."""
    library = ROOT / "tests" / "fixtures" / "cli" / "library"  # frozen copies of the examples
    paths = sorted(library.glob("*.plan.yaml"))
    _text, results, tree = report(*paths)
    rows = tree.root.find("table", cls="index-table").find("tbody").find_all("tr")
    order = [r.attrs["data-plan-path"] for r in rows]
    assert order[:2] == [str(library / "hamstring-broken-schema.plan.yaml"), str(library / "hamstring-unsafe.plan.yaml")]
    ranks = {"unchecked": 0, "crashed": 0, "error": 1, "warning": 2, "info": 3, "ok": 4}
    assert [ranks[r.attrs["data-verdict"]] for r in rows] == sorted(ranks[r.attrs["data-verdict"]] for r in rows)
    assert [s.attrs["data-plan-path"] for s in tree.root.find_all("section", cls="plan")] == order


# --------------------------------------------------------------------------- self-contained and safe


def test_the_page_is_self_contained(unsafe):
    text, _results, tree = unsafe
    csp = tree.root.find("meta", http_equiv="Content-Security-Policy").attrs["content"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(tree.tags)
    assert not re.search(r"\b(?:src|srcset|action)=", text)
    urls = set(re.findall(r"(?:https?:|wss?:|ftp:)//[^\s\"'<>)]+", text))
    assert urls <= {"http://www.w3.org/2000/svg"}, urls  # the SVG namespace is a name, not a request
    assert "url(" not in text and "@import" not in text


HOSTILE = """\
planlint: 1
id: hostile
title: "<script>alert('title')</script> & $title ${css}"
athlete: {ref: "<script>alert(1)</script>", position: "\\" onmouseover=\\"alert(2)"}
injury: {site: hamstring, type: strain, grade: 2a, occurred: 2026-03-14T17:30:00+01:00}
monitoring: {max_pain_during: 3, next_morning_rule: true}
phases:
  - id: protect
    name: "</text><script>alert(3)</script>"
    exit: [{test: custom, name: "<img src=x onerror=alert(4)>"}]
  - id: later
sessions:
  - day: 2
    time: "10:00"
    phase: protect
    exercises:
      - name: "<script>alert('exercise')</script>"
        ref: isometric_bridge
        notes: "]]><svg onload=alert(5)>"
  - day: 4
    time: "10:00"
    phase: later
    checks: [{test: custom, name: "' onfocus='alert(6)"}]
    exercises:
      - {name: "Nordic <curl>", ref: nordic_hamstring_curl, sets: 3}
"""


def test_text_from_the_plan_is_escaped_everywhere(tmp_path):
    path = tmp_path / "hostile.plan.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    # A file the schema rejects: its messages quote the bad value.
    broken = tmp_path / "<script>broken.plan.yaml"
    broken.write_text(HOSTILE.replace("grade: 2a", 'grade: "<b>2a</b>"'), encoding="utf-8")
    text, results, tree = report(path, broken)
    assert results[0].plan is not None, [f.message for f in results[0].findings]
    assert results[1].plan is None and "<b>2a</b>" in results[1].findings[0].message
    assert "script" not in tree.tags and "img" not in tree.tags
    assert "<script" not in text.lower() and "<img" not in text.lower() and "<b>" not in text
    assert "&lt;script&gt;alert(&#x27;exercise&#x27;)&lt;/script&gt;" in text
    assert not any(k.startswith("on") for node in tree.root.iter() for k in node.attrs)
    # A `$` in the plan is text, never a template placeholder.
    assert "&amp; $title ${css}" in text
    titles = [h2.text() for h2 in tree.root.find_all("h2")]
    assert titles == [
        "Plans in this report",
        "<script>broken.plan.yaml",  # not checked: first (worst first)
        "<script>alert('title')</script> & $title ${css}",
        "The rules behind these findings",
    ]
    for node in svgs(text):  # still well-formed XML: the names did not break out of their elements
        assert node.tag == f"{SVG_NS}svg"
    mark_text = tree.root.find("g", cls="session-mark").find("text").text()
    assert "<script>alert('exercise')</script>" in mark_text


# --------------------------------------------------------------------------- the command


def test_cli_report_writes_the_page_and_exits_like_check(tmp_path):
    runner = CliRunner()
    out = tmp_path / "report.html"
    result = runner.invoke(main, ["report", str(UNSAFE), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert f"Wrote {out}." in result.output and "4 errors, 3 warnings" in result.output
    assert runner.invoke(main, ["report", str(UNSAFE), "-o", str(out), "--exit-zero"]).exit_code == 0
    assert runner.invoke(main, ["report", str(UNSAFE), "-o", str(out), "--fail-on", "error", "--ignore", "HS"]).exit_code == 0
    clean = runner.invoke(main, ["report", str(EXAMPLES / "hamstring-grade2b-criteria.plan.yaml"), "-o", str(out)])
    assert clean.exit_code == 0, clean.output
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left behind


def test_cli_report_select_and_ignore_change_the_pins(tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", str(UNSAFE), "-o", str(out), "--select", "HS001,PL105"])
    assert result.exit_code == 1
    pins = Tree(out.read_text(encoding="utf-8")).root.find_all("a", cls="finding-pin")
    assert sorted(p.attrs["data-code"] for p in pins) == ["HS001", "PL105"]


def test_cli_report_default_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["report", str(EXAMPLES / "hamstring-grade2b-criteria.plan.yaml")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "planlint-report.html").is_file()


def test_cli_report_refuses_to_overwrite_a_plan(tmp_path):
    plan = tmp_path / "a.plan.yaml"
    plan.write_bytes(UNSAFE.read_bytes())
    before = plan.read_bytes()
    for paths, output in (([str(plan)], str(plan)), ([str(tmp_path)], str(tmp_path / "." / "a.plan.yaml"))):
        result = CliRunner().invoke(main, ["report", *paths, "-o", output])
        assert result.exit_code == 2
        assert "the report is an HTML page; name it with .html" in result.output
        assert plan.read_bytes() == before
    # A plan passed by name is linted whatever it is called; the report never overwrites it.
    named_html = tmp_path / "b.html"
    named_html.write_bytes(UNSAFE.read_bytes())
    result = CliRunner().invoke(main, ["report", str(named_html), "-o", str(named_html)])
    assert result.exit_code == 2, result.output
    assert "is one of the linted files" in result.output
    assert named_html.read_bytes() == before


@pytest.mark.parametrize(
    "args, message",
    [
        (["-"], "not standard input"),
        (["PLAN", "-o", "OUT/next.plan.yaml"], "the report is an HTML page; name it with .html"),
        (["PLAN", "-o", "OUT/report.yaml"], "the report is an HTML page; name it with .html"),
        (["missing.plan.yaml"], "no such file"),
        (["PLAN", "--select", "XX9"], "matches no rule code"),
    ],
)
def test_cli_report_usage_errors(tmp_path, args, message):
    args = [str(UNSAFE) if a == "PLAN" else a.replace("OUT", str(tmp_path)) for a in args]
    if "-o" not in args:
        args += ["-o", str(tmp_path / "r.html")]
    result = CliRunner().invoke(main, ["report", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_write_report_is_atomic(tmp_path):
    target = tmp_path / "r.html"
    target.write_text("old", encoding="utf-8")
    with pytest.raises((TypeError, AttributeError)):
        write_report(str(target), None)  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "old"  # a failed write leaves the old report
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]
    write_report(str(target), "new")
    assert target.read_text(encoding="utf-8") == "new"
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # readable like any file, not private like a temp file


def test_templates_are_package_data():
    from importlib import resources

    folder = resources.files("planlint.htmlreport").joinpath("templates")
    names = {entry.name for entry in folder.iterdir()}
    assert {"page.html", "plan.html", "unchecked.html", "fragments.html", "report.css"} <= names
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"htmlreport/templates/*.html"' in pyproject and '"htmlreport/templates/*.css"' in pyproject


def test_cli_report_internal_error_exits_3(tmp_path, monkeypatch):
    import planlint.htmlreport

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(planlint.htmlreport, "render_report", broken)
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", str(UNSAFE), "-o", str(out)])
    assert result.exit_code == 3
    assert "internal error" in result.output and "boom" in result.output
    assert not out.exists()


@pytest.mark.parametrize("ci, expected", [(None, (0, 5)), ("1", (1, 2))])  # 5: every test skipped
def test_browser_test_skips_without_chromium_only_outside_ci(ci, expected):
    """Without Chromium the browser test is skipped, but under CI it fails: CI must really run it."""
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PLANLINT_CHROMIUM"] = "/nonexistent/chromium"
    if ci:
        env["CI"] = ci
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(Path(__file__).with_name("test_report_browser.py"))],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert run.returncode in expected, run.stdout + run.stderr
    assert ("skipped" in run.stdout) if not ci else ("CI is set but Chromium is not installed" in run.stdout)
