"""``planlint report``: one self-contained HTML page that shows each plan with its findings pinned on it.

Built from the same engine results as ``check`` (the typed :class:`~planlint.model.Plan`
kept with ``keep_plan=True`` and the configured, suppressed, sorted findings): no
second parser and no second timeline. The page has inline CSS and SVG only, a
Content-Security-Policy that forbids every network load, and no script.

    from planlint.engine import Linter
    from planlint.htmlreport import render_report, write_report

    linter = Linter()
    results = [linter.lint_file(path, keep_plan=True) for path in paths]
    write_report("report.html", render_report(results, linter))
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from planlint import __version__
from planlint.htmlreport.describe import counts_text, plural
from planlint.htmlreport.markup import Safe, join, render, template_text
from planlint.htmlreport.page import Explainer, index_html, plan_html, verdict

if TYPE_CHECKING:  # pragma: no cover
    from planlint.engine import FileResult, Linter, Published

__all__ = ["render_report", "write_report", "verdict", "explainer_for"]


def explainer_for(linter: Linter) -> Explainer:
    """``planlint explain`` text for a code, under the configuration of the file it was found in."""
    from planlint.docs import explain_text

    documented = linter.documented()
    cache: dict[tuple[str, int], str | None] = {}

    def explain(code: str, path: str) -> str | None:
        if code not in documented:
            return None
        config = linter.settings_for(path).config
        key = (code, id(config))
        if key not in cache:
            rule, plugin = documented[code]
            cache[key] = explain_text(rule, plugin, config)
        return cache[key]

    return explain


def render_report(
    results: Sequence[FileResult],
    linter: Linter | None = None,
    *,
    explain: Explainer | None = None,
    generated: datetime | None = None,
) -> str:
    """The whole report for ``results`` (lint them with ``keep_plan=True``), as one HTML string.

    ``explain`` gives the rule texts (default: from ``linter``); ``generated`` is the time
    printed in the header (default: now). With more than one file the page opens with an
    index of the plans and their verdicts.
    """
    if explain is None:
        explain = explainer_for(linter) if linter is not None else (lambda code, path: None)
    results = list(results)
    anchors = [f"plan-{i}" for i in range(1, len(results) + 1)]
    sections = [plan_html(result, anchor, explain, _published(linter, result)) for result, anchor in zip(results, anchors)]
    active = [f for result in results for f in result.active]
    verdicts = [verdict(result).kind for result in results]
    ready = sum(1 for kind in verdicts if kind in ("ok", "info"))
    summary = f"{plural(len(results), 'plan')}: {ready} ready to publish; {counts_text(active)}."
    when = (generated or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    if len(results) == 1 and results[0].plan is not None:
        title = f"planlint report: {results[0].plan.title}"
    else:
        title = f"planlint report: {plural(len(results), 'plan')}"
    page = render(
        "page.html",
        title=title,
        version=__version__,
        css=Safe(template_text("report.css")),
        summary=summary,
        generated=when,
        index=index_html(results, anchors) if len(results) > 1 else Safe(""),
        plans=join(sections, "\n"),
    )
    return str(page)


def _published(linter: Linter | None, result: FileResult) -> Published | None:
    """What the rules that checked the plan publish for the page to draw (None: nothing known)."""
    if linter is None or result.plan is None:
        return None
    return linter.published(result.plan, linter.settings_for(result.path))


def write_report(path: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically (planlint.files.write_atomically): a reader
    never sees half a report and a failed run leaves the old report in place."""
    from planlint.files import write_atomically

    write_atomically(path, text.encode("utf-8", "backslashreplace"))
