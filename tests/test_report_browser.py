"""The report in a real browser: headless Chromium opens it from a file:// URL.

No console error, no network request (the page's Content-Security-Policy would
log one as an error anyway), the session marks counted in the rendered DOM,
keyboard focus that shows a session's exercises, no sideways scrolling of the
page at phone width, a PDF print, and a PNG screenshot kept for a person to
look at (in ``$PLANLINT_SCREENSHOTS`` when set, else pytest's temporary folder).

Needs Debian's ``chromium`` (``.ci/run`` installs it). Without it the tests are
skipped, except under CI (``CI`` set), where a missing browser is a failure.
"""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path

import pytest
from cdp_browser import Chromium, find_chromium

from planlint.engine import Linter
from planlint.htmlreport import render_report, write_report
from planlint.run import lint_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "fixtures" / "cli" / "unsafe.plan.yaml"
EXAMPLES = ROOT / "examples"

CHROMIUM = find_chromium()
if CHROMIUM is None:
    if os.environ.get("CI"):
        pytest.fail("CI is set but Chromium is not installed: `apt-get install chromium` (.ci/run does this)", pytrace=False)
    pytest.skip("Chromium is not installed (apt-get install chromium); the browser test runs in CI", allow_module_level=True)


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


@pytest.fixture(scope="module")
def example_report(tmp_path_factory, linter):
    result = lint_file(linter, str(EXAMPLE), keep_plan=True)
    path = tmp_path_factory.mktemp("report") / "hamstring-unsafe.html"
    write_report(str(path), render_report([result], linter))
    return path, result


@pytest.fixture(scope="module")
def browser():
    with Chromium(CHROMIUM, width=1200, height=900) as chromium:
        yield chromium


def screenshot_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("PLANLINT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_report_opens_offline_with_no_console_errors(browser, example_report, tmp_path):
    path, result = example_report
    url = path.resolve().as_uri()
    browser.events.clear()
    browser.open(url)
    assert browser.console_errors() == []
    assert set(browser.requests()) == {url}, "the page must not load anything but itself"

    marks = browser.evaluate("document.querySelectorAll('svg.timeline g.session-mark').length")
    assert marks == len(result.plan.sessions) == 11
    pins = browser.evaluate("document.querySelectorAll('svg.timeline a.finding-pin').length")
    assert pins == len(result.active) == 7
    # The charts were laid out: the timeline has a real size on screen.
    width = browser.evaluate("document.querySelector('svg.timeline').getBoundingClientRect().width")
    assert width > 600

    shot = screenshot_dir(tmp_path) / "report-hamstring-unsafe.png"
    browser.screenshot(shot)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


def test_keyboard_reaches_sessions_and_focus_shows_their_exercises(browser, example_report):
    path, result = example_report
    browser.open(path.resolve().as_uri())
    hidden = browser.evaluate("getComputedStyle(document.querySelector('g.session-mark .tip')).visibility")
    assert hidden == "hidden"
    # Tab from the top of the page until a session mark has the focus.
    browser.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
    reached = None
    for _ in range(40):
        for kind in ("keyDown", "keyUp"):
            browser.call("Input.dispatchKeyEvent", {"type": kind, "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9})
        if browser.evaluate("document.activeElement.matches('g.session-mark')"):
            reached = browser.evaluate("document.activeElement.getAttribute('data-session')")
            break
    assert reached is not None, "Tab never reached a session mark"
    shown = browser.evaluate("getComputedStyle(document.activeElement.querySelector('.tip')).visibility")
    assert shown == "visible"
    first = result.plan.sessions[int(reached)]
    tip = browser.evaluate("document.activeElement.querySelector('.tip text').textContent")
    assert all(exercise.name in tip for exercise in first.exercises)


def test_phone_width_scrolls_charts_not_the_page(example_report, tmp_path):
    path, _result = example_report
    with Chromium(CHROMIUM, width=390, height=844) as phone:
        phone.open(path.resolve().as_uri())
        assert phone.console_errors() == []
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        phone.screenshot(screenshot_dir(tmp_path) / "report-hamstring-unsafe-phone.png")


def test_at_phone_width_the_index_keeps_its_columns_tooltips_fit_and_the_timeline_says_it_scrolls(browser, linter, tmp_path):
    """Issue 19 item 9, at 390 px: no sideways scrolling of the page; every column of the
    index on screen; a cue that the timeline is wider than the screen (and none on a wide
    one); each session's tooltip, once its mark is focused and swiped to the middle of the
    chart, inside the viewport (tooltips are narrower than the screen)."""
    results = [lint_file(linter, str(p), keep_plan=True) for p in sorted(EXAMPLES.glob("*.plan.yaml"))]
    path = tmp_path / "examples.html"
    write_report(str(path), render_report(results, linter))
    browser.open(path.resolve().as_uri())
    assert browser.evaluate("getComputedStyle(document.querySelector('.timeline-box .scroll-cue')).display") == "none"
    with Chromium(CHROMIUM, width=390, height=844) as phone:
        phone.open(path.resolve().as_uri())
        assert phone.console_errors() == []
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        columns = phone.evaluate(
            "JSON.stringify([...document.querySelectorAll('.index-table thead th')].map(th => th.getBoundingClientRect().right))"
        )
        import json

        rights = json.loads(columns)
        assert len(rights) == 5 and max(rights) <= 390, rights
        table_box = phone.evaluate(
            "(() => { const box = document.querySelector('.index .table-scroll'); return box.scrollWidth - box.clientWidth; })()"
        )
        assert table_box <= 0, "the index scrolls sideways: a column is hidden"
        cue = phone.evaluate(
            "(() => { const p = document.querySelector('.timeline-box .scroll-cue'); const r = p.getBoundingClientRect();"
            " return JSON.stringify([getComputedStyle(p).display, r.width, r.height, p.textContent]); })()"
        )
        display, width, height, text = json.loads(cue)
        assert display != "none" and width > 0 and height > 0 and "swipe" in text and "days 0\u2013" in text
        marks = phone.evaluate("document.querySelectorAll('section.plan svg.timeline g.session-mark').length")
        assert marks == sum(len(r.plan.sessions) for r in results if r.plan is not None)
        outside = []
        for i in range(marks):
            box = json.loads(
                phone.evaluate(
                    f"(() => {{ const g = document.querySelectorAll('section.plan svg.timeline g.session-mark')[{i}];"
                    " g.focus(); g.querySelector('.hit').scrollIntoView({block: 'center', inline: 'center'});"
                    " const t = g.querySelector('.tip rect').getBoundingClientRect();"
                    " return JSON.stringify([getComputedStyle(g.querySelector('.tip')).visibility,"
                    " t.left, t.right, t.top, t.bottom]); })()"
                )
            )
            visibility, left, right, top, bottom = box
            assert visibility == "visible"
            if left < 0 or right > 390 or top < 0 or bottom > 844:
                outside.append((i, box))
        assert outside == [], f"{len(outside)} of {marks} tooltips leave the 390 x 844 screen: {outside[:3]}"
        phone.screenshot(screenshot_dir(tmp_path) / "report-examples-phone.png", full_page=False)


def test_a_folder_report_prints_to_a4(browser, linter, tmp_path):
    results = [lint_file(linter, str(p), keep_plan=True) for p in sorted(EXAMPLES.glob("*.plan.yaml"))]
    path = tmp_path / "examples.html"
    write_report(str(path), render_report(results, linter))
    browser.events.clear()
    browser.open(path.resolve().as_uri())
    assert browser.console_errors() == []
    assert browser.evaluate("document.querySelectorAll('section.plan').length") == len(results)
    marks = browser.evaluate("document.querySelectorAll('g.session-mark').length")
    assert marks == sum(len(r.plan.sessions) for r in results if r.plan is not None)
    pdf = browser.call("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})["data"]
    data = base64.b64decode(pdf)
    assert data[:5] == b"%PDF-"
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages >= len(results)  # each plan starts a new page
    (screenshot_dir(tmp_path) / "report-examples.pdf").write_bytes(data)
