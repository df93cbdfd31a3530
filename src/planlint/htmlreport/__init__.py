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

from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from planlint import __version__
from planlint.findings import Severity
from planlint.htmlreport.describe import plural
from planlint.htmlreport.markup import Safe, join, render, template_text
from planlint.htmlreport.page import (
    Explainer,
    Explanations,
    card_html,
    findings_html,
    index_html,
    index_row,
    plan_html,
    verdict,
)
from planlint.limits import MAX_FINDINGS_LISTED, MAX_PAGE_CHARACTERS, MAX_SESSIONS_DRAWN
from planlint.quoting import quote

if TYPE_CHECKING:  # pragma: no cover
    from planlint.engine import FileResult, Linter, Published

__all__ = [
    "ReportBuilder",
    "render_report",
    "write_report",
    "verdict",
    "explainer_for",
    "MAX_SESSIONS_DRAWN",
    "MAX_FINDINGS_LISTED",
    "MAX_PAGE_CHARACTERS",
]


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


class ReportBuilder:
    """The page, built one plan at a time: each plan's section is drawn when it is added,
    so its model can be dropped at once (a folder's page never holds every model), within
    the bounds of :mod:`planlint.htmlreport.bounds`.

    One plan whose drawing fails (a number no chart can scale, a bug) gets a card with
    its verdict and findings, and the others are drawn: :attr:`failures` lists them,
    ``(path, problem)``, for the command line to say so. The verdicts and counts are
    those of ``check``, whatever was drawn.
    """

    def __init__(self, linter: Linter | None = None, *, explain: Explainer | None = None) -> None:
        if explain is None:
            explain = explainer_for(linter) if linter is not None else (lambda code, path: None)
        names = {code: meta.name for code, (meta, _) in linter.documented().items()} if linter is not None else {}
        self.explanations = Explanations(explain, names)
        self.linter = linter
        self.sections: list[Safe] = []
        self.rows: list[Safe] = []
        #: Each plan's place on the page: worst first (see :func:`worst_first`).
        self.order: list[tuple] = []
        self.failures: list[tuple[str, str]] = []
        self.characters = 0
        self.counts: Counter = Counter()
        self.ready = 0
        self.general_only = 0
        self._single_title: str | None = None

    def add(self, result: FileResult) -> None:
        anchor = f"plan-{len(self.rows) + 1}"
        self.order.append(worst_first(result, len(self.rows)))
        self.rows.append(index_row(result, anchor))
        active = result.active
        self.counts.update(f.severity for f in active)
        if verdict(result).kind in ("ok", "info"):
            if result.rules_run is not None and result.rules_run.general_only:
                self.general_only += 1  # no finding, but no rule for its injury site ran either
            else:
                self.ready += 1
        self._single_title = result.plan.title if result.plan is not None and not self.sections else None
        if self.characters >= MAX_PAGE_CHARACTERS:
            note = (
                f"Not drawn: the page reached its size limit ({MAX_PAGE_CHARACTERS // (1024 * 1024)} MiB) before this plan; "
                "`planlint report` on this plan alone draws it, and `planlint check` lists its findings."
            )
            section = card_html(result, anchor, "page-full", note, Safe(""))
        else:
            section = self._drawn(result, anchor)
        self.characters += len(section)
        self.sections.append(section)

    def _drawn(self, result: FileResult, anchor: str) -> Safe:
        try:
            return plan_html(result, anchor, self.explanations, _published(self.linter, result))
        except Exception as exc:  # one plan's drawing must not take the page down
            problem = quote(f"{type(exc).__name__}: {exc}", 300)
            self.failures.append((result.path, problem))
            note = (
                f"planlint could not draw this plan ({problem}); please report it. "
                "Its verdict and findings are those of `planlint check`."
            )
            try:
                findings = findings_html(result, anchor, self.explanations)
            except Exception:
                findings = Safe("")
            return card_html(result, anchor, "failed", note, findings)

    def page(self, generated: datetime | None = None) -> str:
        plans = len(self.rows)
        counts = ", ".join(
            plural(self.counts[severity], label)
            for severity, label in ((Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "note"))
        )
        general = f", {self.general_only} checked by the general rules only" if self.general_only else ""
        summary = f"{plural(plans, 'plan')}: {self.ready} ready to publish{general}; {counts}."
        when = (generated or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        if plans == 1 and self._single_title is not None:
            title = f"planlint report: {self._single_title}"
        else:
            title = f"planlint report: {plural(plans, 'plan')}"
        ranked = sorted(range(plans), key=self.order.__getitem__)
        page = render(
            "page.html",
            title=title,
            version=__version__,
            css=Safe(template_text("report.css")),
            summary=summary,
            generated=when,
            index=index_html([self.rows[i] for i in ranked]) if plans > 1 else Safe(""),
            plans=join([self.sections[i] for i in ranked], "\n"),
            rules=self.explanations.section(),
        )
        return str(page)


#: Verdicts from the one to read first: a plan not checked or checked in part, then errors...
_VERDICT_RANK = {"unchecked": 0, "crashed": 0, "error": 1, "warning": 2, "info": 3, "ok": 4}


def worst_first(result: FileResult, added: int) -> tuple:
    """Where a plan goes in the index and on the page: the worst verdict first, then the
    most errors, warnings and notes, then the order the plans were given (their paths)."""
    active = result.active
    counts = [sum(1 for f in active if f.severity == severity) for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)]
    return (_VERDICT_RANK.get(verdict(result).kind, 0), *(-count for count in counts), added)


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
    index of the plans and their verdicts. See :class:`ReportBuilder` to draw plans as
    they are linted.
    """
    builder = ReportBuilder(linter, explain=explain)
    for result in results:
        builder.add(result)
    return builder.page(generated)


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
