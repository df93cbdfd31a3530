"""One run under every command: a request built once, files read once at their own limits, one outcome.

``check``, ``check --fix``/``--diff`` and ``report`` are the same run with a
different request; the language server lints one document through
:func:`lint_document`. The command line turns flags into a :class:`RunRequest`,
calls :func:`execute`, prints the :class:`RunOutcome` and exits with
:meth:`RunOutcome.exit_code`; nothing here prints or exits.

A file is read in exactly one place (:meth:`Source.read`), at the limits of the
configuration that applies to it, whichever command asked: the fixer cannot
see a shorter file than the linter did.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO

from planlint.errors import CatalogError, ConfigError
from planlint.files import FileProblem, read_regular
from planlint.limits import MAX_QUOTED_FILES

if TYPE_CHECKING:  # pragma: no cover
    from planlint.autofix import FixOutcome
    from planlint.engine import FileResult, FileSettings, Linter
    from planlint.findings import Finding, Severity
    from planlint.reporters.reporter import RunSummary

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

#: The name a plan read from standard input is reported under without --stdin-filename.
STDIN_NAME = "<stdin>"


class UsageError(Exception):
    """The run cannot start or go on as asked (exit code 2); the message says why."""


@dataclass(frozen=True)
class RunRequest:
    """What a command asks of a run, built once from its flags."""

    paths: tuple[str, ...]
    stdin_filename: str | None = None
    config_path: str | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity | None = None
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    #: Named files go through the folder search's selection too (exclusions, the plan
    #: test); None: as configured (``force-exclude``).
    force_exclude: bool | None = None
    jobs: int = 0
    use_cache: bool = True
    #: Keep each file's model on its result (the HTML report draws it).
    keep_plan: bool = False
    #: None: lint; "apply": fix the files in place; "diff": show the fixes, change nothing.
    fix: str | None = None
    baseline: str | None = None
    #: Record the findings in this baseline file. An existing one only shrinks (entries
    #: that match nothing any more are dropped) unless ``baseline_add_new``; with new
    #: findings not in it, the run stops (UsageError) instead of absorbing them.
    write_baseline: str | None = None
    #: Rewrite this baseline without the entries that match nothing; new findings are reported, never added.
    prune_baseline: str | None = None
    baseline_add_new: bool = False
    #: Files the command will write (a report, a baseline): never one of the linted files.
    outputs: tuple[tuple[str, str], ...] = ()
    exit_zero: bool = False

    @property
    def reads_stdin(self) -> bool:
        return "-" in self.paths


@dataclass(frozen=True)
class Source:
    """One file of the run with its checked settings. :meth:`read` is the only way a
    command reads a plan: regular files only, at most ``max-bytes + 1`` bytes."""

    path: str
    settings: FileSettings
    #: The bytes when they did not come from a file (standard input).
    data: bytes | None = None

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        return read_regular(self.path, self.settings.config.limits.max_bytes, "the file")


@dataclass
class FixSummary:
    """What ``--fix``/``--diff`` did over the run."""

    outcomes: list[FixOutcome] = field(default_factory=list)
    #: ``--diff``: the unified diffs, in file order.
    diff: str = ""
    #: ``--fix`` on standard input: the fixed plan (the report goes to standard error).
    fixed_stdin: bytes | None = None

    @property
    def applied(self) -> int:
        return sum(len(o.applied) for o in self.outcomes)

    @property
    def changed_files(self) -> int:
        return sum(1 for o in self.outcomes if o.changed)


@dataclass
class RunOutcome:
    """Everything a run produced, for the command to print."""

    request: RunRequest
    linter: Linter
    results: list[FileResult]
    #: Files that could not be linted, folders with no plans (exit code 2).
    problems: list[str]
    #: Said on standard error but not problems (links left alone by the folder search).
    notes: list[str]
    summary: RunSummary
    sources: Sources
    fixes: FixSummary | None = None
    #: Lines for standard error about the baseline: written, or entries that match nothing.
    baseline_messages: list[str] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for result in self.results for f in result.findings]

    def exit_code(self) -> int:
        """The documented exit code, decided here only: 3 a plugin or rule failed,
        2 a file could not be linted, 1 findings at or above the fail level, else 0.
        ``--diff`` exits 1 when there is something to fix."""
        if self.linter.host.problems or self.summary.crashed_files:
            return EXIT_INTERNAL
        if self.problems:
            return EXIT_USAGE
        if self.request.fix == "diff":
            return EXIT_FINDINGS if self.fixes is not None and self.fixes.applied else EXIT_OK
        # Each file's own configuration decides its fail level (--fail-on overrides all).
        failing = any(not f.suppressed and f.severity >= r.fail_on for r in self.results for f in r.findings)
        return EXIT_FINDINGS if failing and not self.request.exit_zero else EXIT_OK


class Sources:
    """The run's files: found once, each with its settings; the stdin bytes kept
    for the text report's source lines."""

    def __init__(self, items: list[Source], stdin: Source | None = None, folders: Sequence[str] = ()) -> None:
        self.items = items
        self.stdin = stdin
        #: The folders the search listed.
        self.folders = tuple(folders)
        self._lines: dict[str, list[str] | None] = {}

    def __iter__(self) -> Iterator[Source]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def paths(self) -> list[str]:
        return [source.path for source in self.items]

    def line(self, path: str, number: int) -> str | None:
        """Line ``number`` of a linted file as it was read (for the text report's source
        lines), or None when it cannot be read again."""
        if path not in self._lines:
            if len(self._lines) >= MAX_QUOTED_FILES:
                return None
            self._lines[path] = self._read_lines(path)
        lines = self._lines[path]
        return lines[number - 1] if lines is not None and 1 <= number <= len(lines) else None

    def _read_lines(self, path: str) -> list[str] | None:
        source = next((s for s in self.items if s.path == path), None)
        if source is None:
            return None
        try:
            raw = source.read()
        except FileProblem:
            return None
        return raw.decode("utf-8-sig", errors="replace").splitlines()


# ------------------------------------------------------------------------------ building


def build_linter(request: RunRequest | None = None, config_path: str | None = None) -> Linter:
    """The linter for a request (or for a command that lints nothing, with ``config_path``).
    Raises UsageError for a selection that names no rule."""
    from planlint.config import ConfigResolver
    from planlint.engine import Linter

    overrides: dict = {}
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    if request is not None:
        config_path = request.config_path
        if request.select is not None:
            if not request.select:
                raise UsageError(
                    "--select '' selects no rule; name codes or prefixes (e.g. --select HS,PL1), or leave --select out"
                )
            overrides["select"] = request.select
        if request.fail_on is not None:
            overrides["fail_on"] = request.fail_on
        if request.exclude is not None:
            overrides["exclude"] = request.exclude
        ignore, extend_select = request.ignore, request.extend_select
    resolver = ConfigResolver(config_path and _path(config_path), overrides, ignore, extra_select=extend_select)
    linter = Linter(resolver, remember=request is None or request.use_cache)
    if request is not None:
        resolver.extra_exclude = request.extend_exclude
        for flag, patterns in (("--select", request.select), ("--extend-select", extend_select), ("--ignore", ignore)):
            unknown = linter.unknown_patterns(patterns or ())
            if unknown:
                raise UsageError(f"{flag}: '{unknown[0]}' matches no rule code; run `planlint rules` to list them")
    return linter


def _path(text: str):
    from pathlib import Path

    return Path(text)


def exclusions_for(linter: Linter) -> Callable:
    """The folder-search exclusions of the configuration that applies in a folder."""
    from planlint.discovery import Exclusions

    def exclusions(folder: str) -> Exclusions:
        config = linter.resolver.for_path(os.path.join(folder, "-"))
        return Exclusions.of(config.exclude, config.extend_exclude, str(config.root), config.respect_gitignore)

    return exclusions


def _force_exclude(request: RunRequest, linter: Linter) -> Callable:
    def forced(folder: str) -> bool:
        if request.force_exclude is not None:
            return request.force_exclude
        return linter.resolver.for_path(os.path.join(folder, "-")).force_exclude

    return forced


def gather(request: RunRequest, linter: Linter, stdin: BinaryIO | None = None) -> tuple[Sources, list[str], list[str]]:
    """The run's files with their checked settings: (sources, problems, notes).
    Every file's configuration is resolved and checked before the first is linted;
    a bad one raises UsageError. No output may be one of the files."""
    from planlint.discovery import discover

    try:
        if request.reads_stdin:
            if len(request.paths) > 1:
                raise UsageError("'-' (standard input) cannot be combined with other paths")
            settings = linter.settings_for(request.stdin_filename)
            stream = stdin if stdin is not None else _stdin()
            source = Source(request.stdin_filename or STDIN_NAME, settings, stream.read(settings.config.limits.max_bytes + 1))
            _refuse_outputs_over(request, [request.stdin_filename] if request.stdin_filename else [])
            return Sources([source], stdin=source), [], []
        found = discover(list(request.paths), exclusions_for(linter), _force_exclude(request, linter))
        files = [path[2:] if path.startswith("./") else path for path in found.files]  # `check .` names plans/a, as ruff does
        _refuse_outputs_over(request, files)
        items = [Source(path, linter.settings_for(path)) for path in files]
    except (ConfigError, CatalogError) as exc:
        raise UsageError(str(exc)) from None
    return Sources(items, folders=found.folders), list(found.problems), list(found.notes)


def _stdin() -> BinaryIO:
    import sys

    return sys.stdin.buffer


def _refuse_outputs_over(request: RunRequest, inputs: Sequence[str]) -> None:
    from planlint.files import clashes_with

    for flag, output in request.outputs:
        clash = clashes_with(output, inputs)
        if clash is not None:
            raise UsageError(f"{flag} {output} is one of the linted files ({clash}); it would be overwritten: write it elsewhere")


# ------------------------------------------------------------------------------ running


def execute(
    request: RunRequest, *, stdin: BinaryIO | None = None, progress: Callable[[int, int], None] | None = None
) -> RunOutcome:
    """Run ``request``: find the files, lint (or fix) each once, apply the baseline, and
    summarise. Raises UsageError (exit 2) for a usage or configuration problem."""
    linter = build_linter(request)
    sources, problems, notes = gather(request, linter, stdin)
    if request.use_cache and request.fix is None and not request.reads_stdin:
        from planlint.cache import for_linter

        linter.cache = for_linter(linter)
    linter.schemas.expect(len(sources.items))
    _quiet_garbage_collector()
    fixes = None
    if request.fix is not None:
        fixes, results = _fix(request, linter, sources, problems)
    else:
        results = _lint(request, linter, sources, problems, progress)
    if linter.cache is not None:
        if not all(r.cached for r in results):
            linter.cache.prune()
        linter.cache.close()
    uses_baseline = request.baseline or request.write_baseline or request.prune_baseline
    baseline_messages = _apply_baseline(request, results) if uses_baseline else []
    runcache = sys.modules.get("planlint.runcache")
    if runcache is not None and runcache.ACTIVE is not None:  # this run is recorded: what it read
        runcache.note_run(request, linter, sources, problems, notes)
    return RunOutcome(request, linter, results, problems, notes, summarize(results), sources, fixes, baseline_messages)


def _lint(request, linter, sources: Sources, problems: list[str], progress) -> list[FileResult]:
    from planlint.parallel import default_jobs, lint_sources

    if sources.stdin is not None:
        return [linter.lint_bytes(sources.stdin.path, sources.stdin.read(), sources.stdin.settings, keep_plan=request.keep_plan)]
    results = []
    for count, (_path, result, problem) in enumerate(
        lint_sources(linter, sources.items, request.jobs or default_jobs(), request.keep_plan), 1
    ):
        if progress is not None:
            progress(count, len(sources))
        if problem is not None:
            problems.append(problem)
        else:
            results.append(result)
    return results


def _fix(request, linter, sources: Sources, problems: list[str]) -> tuple[FixSummary, list[FileResult]]:
    """``--fix``/``--diff``: fix each file from the bytes :meth:`Source.read` gives (the
    same as ``check`` lints), then write the changed files atomically or collect diffs."""
    from planlint.autofix import fix_bytes
    from planlint.files import write_atomically

    summary = FixSummary()
    diffs = []
    for source in sources:
        try:
            raw = source.read()
        except FileProblem as exc:
            problems.append(str(exc))
            continue
        outcome = fix_bytes(linter, source.path, raw, source.settings)
        if request.fix == "diff":
            diffs.append(outcome.diff())
        elif source is sources.stdin:
            summary.fixed_stdin = outcome.fixed_bytes() if outcome.before or outcome.after else raw
        elif outcome.changed:
            try:
                write_atomically(source.path, outcome.fixed_bytes())
            except OSError as exc:
                problems.append(f"{source.path}: cannot write the fixed file: {exc.strerror}")
                continue
        summary.outcomes.append(outcome)
    summary.diff = "".join(diffs)
    return summary, [o.result for o in summary.outcomes]


def _apply_baseline(request: RunRequest, results: list[FileResult]) -> list[str]:
    """Write the baseline (``--write-baseline``, ``--prune-baseline``) and/or mark the
    findings it lists as baselined; the lines to print (written, stale entries)."""
    from planlint.baseline import Baseline, BaselineError

    lines = []
    by_file = {r.path: r.findings for r in results}
    try:
        target = request.write_baseline or request.prune_baseline
        if target:
            baseline, lines = _write_baseline(request, target, by_file)
        else:
            baseline = Baseline.read(request.baseline)
    except BaselineError as exc:
        raise UsageError(str(exc)) from None
    marked, stale = baseline.apply(by_file)
    if stale:
        lines.append(
            f"planlint: note: {len(stale)} baseline entr{'y' if len(stale) == 1 else 'ies'} in {baseline.file} match no "
            f"finding any more (fixed?); run with --prune-baseline {baseline.file} to drop "
            f"{'it' if len(stale) == 1 else 'them'}:"
        )
        lines += [f"  {entry.path}: {entry.code} {entry.message}" for entry in stale[:20]]
        if len(stale) > 20:
            lines.append(f"  ... and {len(stale) - 20} more")
    for result in results:
        result.findings = marked[result.path]
    return lines


def _write_baseline(request: RunRequest, target: str, by_file: dict) -> tuple:
    """The baseline written to ``target``, and what to say about it. A new file records
    every finding; an existing one keeps the entries of files not linted in this run,
    drops those that match nothing, and takes new findings only with ``baseline_add_new``
    (``--write-baseline`` refuses to run on without it; ``--prune-baseline`` leaves them out)."""
    from collections import Counter

    from planlint.baseline import Baseline, Entry
    from planlint.files import write_atomically

    created = not os.path.exists(target)
    if created:
        if request.prune_baseline:
            raise UsageError(f"{target}: no such baseline file to prune; create it with --write-baseline {target}")
        baseline = Baseline.of(target, (f for findings in by_file.values() for f in findings))
        added, dropped = len(baseline.entries), 0
    else:
        existing = Baseline.read(target)
        marked, stale = existing.apply(by_file)
        new = [f for findings in marked.values() for f in findings if not f.suppressed]
        if new and request.write_baseline and not request.baseline_add_new:
            raise UsageError(
                f"{len(new)} finding{'s are' if len(new) != 1 else ' is'} not in the baseline {target}, and "
                "--write-baseline does not add new findings to an existing baseline: fix "
                f"{'them' if len(new) != 1 else 'it'}, add {'them' if len(new) != 1 else 'it'} on purpose with "
                f"--baseline-add-new, or drop only the fixed entries with --prune-baseline {target}"
            )
        left = Counter((e.path, e.code, e.fingerprint) for e in stale)
        kept: list[Entry] = []
        for entry in existing.entries:
            key = (entry.path, entry.code, entry.fingerprint)
            if left[key] > 0:
                left[key] -= 1
            else:
                kept.append(entry)
        baseline = Baseline(target, kept)
        if request.baseline_add_new:
            baseline.entries += Baseline.of(target, new).entries
        added, dropped = (len(new) if request.baseline_add_new else 0), len(stale)
    try:
        write_atomically(target, baseline.text().encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot write the baseline to {target}: {exc.strerror or exc}") from None
    said = f"planlint: wrote {len(baseline.entries)} finding(s) to the baseline {target}"
    if not created:
        said += f" ({added} added, {dropped} fixed and dropped)"
    return baseline, [said]


def summarize(results: list[FileResult]) -> RunSummary:
    from planlint.codes import BLOCKING
    from planlint.reporters.reporter import RunSummary

    summary = RunSummary(files=len(results), paths=[r.path for r in results])
    for finding in (f for result in results for f in result.findings):
        if finding.suppressed and finding.suppression_kind == "external":
            summary.baselined += 1
        elif finding.suppressed:
            summary.suppressed += 1
        else:
            summary.counts[finding.severity] = summary.counts.get(finding.severity, 0) + 1
            summary.fixable += finding.fix is not None
    summary.crashed_files = sum(1 for r in results if r.crashed)
    summary.skipped = {r.path: sum(1 for f in r.findings if f.code in BLOCKING) for r in results if r.rules_skipped}
    summary.rules_run = {r.path: r.rules_run for r in results if r.rules_run is not None}
    return summary


def _quiet_garbage_collector() -> None:
    """Linting a file allocates many small objects and frees them all (only findings
    are kept), so collections find little; but a full collection walks every object
    alive, the loaded plugins, schemas and catalogs included. Freeze what start-up
    built (never collected again; no full collection first, which would cost 5-10 ms
    of a one-plan run to free the little start-up garbage) and collect less often:
    measured on 1,000 plans, about 7% of the run. Cycles are still collected: a
    ``check`` starts with the collector off (:func:`planlint.entry.main`), which is
    turned on here."""
    import gc

    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    gc.enable()


# ------------------------------------------------------------------------------ one document


def lint_document(linter: Linter, path: str | None, name: str, text: str) -> FileResult:
    """Lint an editor's buffer with the settings of the file it will be saved as (the
    language server's run), reported under ``name``. A lone surrogate in ``text`` is kept
    as bytes that are not UTF-8 (PL001), never an exception. Raises ConfigError/CatalogError
    for a bad configuration."""
    settings = linter.settings_for(path)
    return linter.lint_bytes(name, text.encode("utf-8", "surrogatepass"), settings)


def fix_document(linter: Linter, path: str | None, name: str, text: str) -> FixOutcome:
    """Fix an editor's buffer with the settings of its file ("fix all")."""
    from planlint.autofix import fix_text

    return fix_text(linter, name, text, linter.settings_for(path))


def lint_file(linter: Linter, path: str, *, keep_plan: bool = False) -> FileResult:
    """Lint one file read the way every command reads it (tests, scripts, plugin authors)."""
    source = Source(path, linter.settings_for(path))
    return linter.lint_bytes(path, source.read(), source.settings, keep_plan=keep_plan)


# ------------------------------------------------------------------------------ expand


@dataclass
class Expanded:
    """``planlint expand``: the plan written out (``text``), or why it cannot be (``findings``)."""

    text: str | None
    findings: list[Finding]


def expand_bytes(linter: Linter, path: str, raw: bytes, settings: FileSettings) -> Expanded:
    """The plan in ``raw`` written out as a format 1.1 plan without templates
    (:mod:`planlint.writeout`); a plan without templates is printed as it is. A plan the
    schema or the expansion refuses gives its PL001-PL003/PL006 findings and no text."""
    from planlint.codes import BLOCKING
    from planlint.loader import load_source
    from planlint.templates import Expansion, is_templated
    from planlint.validate import validate_source
    from planlint.writeout import write_out

    limits = settings.config.limits
    source = load_source(path, raw, limits)
    findings = list(source.findings)
    written = source
    if not any(f.code in BLOCKING for f in findings):
        found, written = validate_source(source, linter.schemas, limits, settings.catalog)
        findings += found
    blocking = [f for f in findings if f.code in BLOCKING]
    if blocking:
        return Expanded(None, blocking)
    if not is_templated(source.data):
        return Expanded(source.text, [])
    index = written.index  # an ExpandedIndex: it knows where each written-out session comes from
    return Expanded(write_out(source.text, source.data, source.index, Expansion(written.data, index, index.written)), [])


def expand_file(linter: Linter, path: str) -> Expanded:
    """:func:`expand_bytes` for a file, read the way every command reads it."""
    source = Source(path, linter.settings_for(path))
    return expand_bytes(linter, path, source.read(), source.settings)
