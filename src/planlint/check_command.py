"""The ``check`` command's work, without click: a request from the options, the run, the printing.

``planlint check`` on one small plan is what a pre-commit hook runs on every
commit, and importing click costs a fifth of that run. :mod:`planlint.check_args`
reads the common ``check`` command lines without click and calls :func:`check`
here; click's ``check`` command (:mod:`planlint.cli`) calls the same function
with the same values, so both print the same bytes and exit with the same code.
Messages to standard error are written as ``say(...)`` writes
them (:func:`say`).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, NoReturn

from planlint import __version__
from planlint.quoting import escape_controls, quote
from planlint.reporters import REPORTERS
from planlint.run import EXIT_INTERNAL, EXIT_USAGE

if TYPE_CHECKING:  # pragma: no cover
    from planlint.engine import Linter
    from planlint.run import RunOutcome, RunRequest


def say(message: str) -> None:
    """``message`` and a newline on standard error, as ``say(message)``
    writes it: a stream whose encoding is ASCII (or unknown) gets UTF-8 with
    replacement characters on its binary buffer."""
    stream = sys.stderr
    if stream is None:
        return
    text = message + "\n"
    encoding = getattr(stream, "encoding", None) or "ascii"
    buffer = getattr(stream, "buffer", None)
    if buffer is not None and _is_ascii(encoding):
        stream.flush()
        buffer.write(text.encode("utf-8", "replace"))
        buffer.flush()
        return
    stream.write(text)
    stream.flush()


def _is_ascii(encoding: str) -> bool:
    import codecs

    try:
        return codecs.lookup(encoding).name == "ascii"
    except LookupError:
        return False


def guarded(command, *args, passing: tuple = (), **kwargs):
    """Run ``command``: any exception planlint did not expect ends as one clear line
    and exit code 3 (internal error), never as a traceback with exit code 1
    ("findings"); PLANLINT_DEBUG=1 prints the traceback as well. ``passing``
    exceptions (click's own, when click runs the command) go through."""
    try:
        return command(*args, **kwargs)
    except (SystemExit, KeyboardInterrupt, *passing):
        raise
    except BaseException as exc:  # noqa: BLE001 - the one place every other exception ends
        if os.environ.get("PLANLINT_DEBUG"):
            import traceback

            traceback.print_exc()
        detail = escape_controls(quote(f"{type(exc).__name__}: {exc}", 500))
        hint = "" if os.environ.get("PLANLINT_DEBUG") else " (set PLANLINT_DEBUG=1 to see the traceback)"
        say(f"planlint: error: internal error: {detail}; please report it{hint}")
        sys.exit(EXIT_INTERNAL)


def codes(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(c.strip().upper() for c in value.split(",") if c.strip())


def patterns(value: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in (value or "").split(",") if p.strip())


def use_color(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


def fail(message: str) -> NoReturn:
    say(f"planlint: error: {escape_controls(message)}")
    sys.exit(EXIT_USAGE)


def error(message: str) -> None:
    say(f"planlint: error: {escape_controls(message)}")


def print_plugin_problems(linter: Linter) -> None:
    for problem in linter.host.problems:
        error(problem.describe())


def selection(select, extend_select, ignore, fail_on, exclude, extend_exclude) -> dict:
    """The shared selection flags as RunRequest fields."""
    from planlint.findings import Severity

    return {
        "select": codes(select),
        "extend_select": codes(extend_select) or (),
        "ignore": codes(ignore) or (),
        "fail_on": Severity.parse(fail_on) if fail_on is not None else None,
        "exclude": patterns(exclude) if exclude is not None else None,
        "extend_exclude": patterns(extend_exclude),
    }


def check(paths, output_format, stdin_filename, show_suppressed, color, exit_zero, jobs, output_file, **flags) -> NoReturn:
    """``planlint check`` with click's parameter values (the names of :func:`planlint.cli.check`'s
    parameters); prints the report and exits with the run's code."""
    from planlint.run import RunRequest

    paths = paths or (".",)  # as ruff does: the folder you are in
    if flags["statistics"] and output_format != "text":
        fail("--statistics counts findings in the text format; leave out --format, or --statistics")
    fix = "diff" if flags["diff"] else "apply" if flags["fix"] else None
    outputs = tuple(
        (flag, path)
        for flag, path in (
            ("-o", output_file),
            ("--write-baseline", flags["write_baseline_file"]),
            ("--prune-baseline", flags["prune_baseline_file"]),
        )
        if path
    )
    if flags["baseline_add_new"] and not flags["write_baseline_file"]:
        fail("--baseline-add-new adds new findings to the baseline --write-baseline writes; give --write-baseline FILE")
    request = RunRequest(
        paths=tuple(paths),
        stdin_filename=stdin_filename,
        config_path=flags["config_path"],
        jobs=jobs,
        use_cache=not flags["no_cache"],
        fix=fix,
        baseline=flags["baseline_file"],
        write_baseline=flags["write_baseline_file"],
        prune_baseline=flags["prune_baseline_file"],
        baseline_add_new=flags["baseline_add_new"],
        outputs=outputs,
        exit_zero=exit_zero,
        force_exclude=flags["force_exclude"],
        **selection(
            flags["select"], flags["extend_select"], flags["ignore"], flags["fail_on"], flags["exclude"], flags["extend_exclude"]
        ),
    )
    outcome = execute_request(request)
    view = View(output_format, show_suppressed, color, output_file, flags["quiet"], flags["statistics"], flags["show_source"])
    if fix == "diff":
        write_stdout(outcome.fixes.diff)
        fixed = outcome.fixes.applied
        files = count(outcome.fixes.changed_files, "file")
        verb = "Would fix" if fixed else "Nothing to fix:"
        say(f"{verb} {count(fixed, 'finding')} in {files}" + (" (run with --fix to apply)." if fixed else "."))
    elif fix == "apply":
        if outcome.fixes.fixed_stdin is not None:
            write_stdout_bytes(outcome.fixes.fixed_stdin)
        view.print(outcome, to_stderr=request.reads_stdin)
        fixes = outcome.fixes
        if fixes.applied and not flags["quiet"]:  # a hook run that fixed nothing says nothing of fixes
            say(f"Fixed {count(fixes.applied, 'finding')} in {count(fixes.changed_files, 'file')}.")
    else:
        view.print(outcome)
    sys.exit(outcome.exit_code())


def count(number: int, word: str) -> str:
    return f"{number} {word}{'s' if number != 1 else ''}"


def execute_request(request: RunRequest) -> RunOutcome:
    """Run the request; print what it found on the way to standard error (notes, files
    that could not be linted, the baseline's notes); a usage error ends here (exit 2)."""
    from planlint.run import UsageError, execute

    progress = Progress()
    try:
        outcome = execute(request, progress=progress.step)
    except UsageError as exc:
        fail(str(exc))
    finally:
        progress.done()
    print_plugin_problems(outcome.linter)
    for note in outcome.notes:
        say(f"planlint: note: {escape_controls(note)}")
    for problem in outcome.problems:
        error(problem)
    for line in outcome.baseline_messages:
        say(escape_controls(line))
    return outcome


class View:
    """How ``check`` shows its report: the format, colour, destination and the text
    format's quiet, statistics and source-line settings."""

    def __init__(self, output_format, show_suppressed, color, output_file, quiet, statistics, show_source) -> None:
        self.output_format, self.show_suppressed, self.color, self.output_file = (
            output_format,
            show_suppressed,
            color,
            output_file,
        )
        self.quiet, self.statistics = quiet, statistics
        if show_source is None:
            show_source = output_format == "text" and not output_file and sys.stdout.isatty() and not os.environ.get("CI")
        self.show_source = show_source

    def print(self, outcome: RunOutcome, to_stderr: bool = False) -> None:
        """Render the whole report first, then write it: to the output file atomically (a
        failed run leaves the previous report whole), to standard error (``--fix`` on
        standard input, whose standard output holds the fixed plan), or to standard output."""
        import io

        from planlint.reporters.reporter import ReportContext

        rules = {code: meta for code, (meta, _) in outcome.linter.documented().items()}
        stream = sys.stderr if to_stderr and not self.output_file else sys.stdout
        context = ReportContext(
            __version__,
            rules,
            color=use_color(self.color, stream) if not self.output_file else False,
            show_suppressed=self.show_suppressed,
            quiet=self.quiet,
            statistics=self.statistics,
            source=outcome.sources.line if self.show_source else None,
        )
        rendered = io.StringIO()
        reporter = (
            REPORTERS[self.output_format]
            if self.output_format in REPORTERS
            else outcome.linter.output_formats()[self.output_format]
        )
        reporter(rendered, context).report(outcome.findings, outcome.summary)
        text = rendered.getvalue()
        rendered.close()  # its buffer (up to 4 bytes a character) is not held while the text is written
        if self.output_file:
            write_file(self.output_file, text.encode("utf-8", "backslashreplace"), "the report")
        elif to_stderr:
            sys.stderr.write(text)
            sys.stderr.flush()
        else:
            write_stdout(text)


def write_file(path: str, data: bytes, what: str) -> None:
    from planlint.files import write_atomically

    try:
        write_atomically(path, data)
    except OSError as exc:
        fail(f"cannot write {what} to {path}: {exc.strerror or exc}")


def write_stdout(text: str) -> None:
    """Text that cannot be encoded (a lone surrogate from a YAML escape) is written as a
    backslash escape, which JSON readers also read back."""
    import codecs

    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    # A large report is encoded a piece at a time, never held as text and bytes at once
    # (an incremental encoder: a codec with a byte-order mark writes it once).
    encoder = codecs.getincrementalencoder(encoding)("backslashreplace")
    for start in range(0, len(text), _PIECE):
        write_stdout_bytes(encoder.encode(text[start : start + _PIECE]), encoding)
    ending = encoder.encode("", final=True)
    if ending or not text:
        write_stdout_bytes(ending, encoding)


#: Characters of a large report encoded and written at a time.
_PIECE = 1 << 20


def write_stdout_bytes(data: bytes, encoding: str = "utf-8") -> None:
    try:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            sys.stdout.flush()
            buffer.write(data)
            buffer.flush()
        else:
            sys.stdout.write(data.decode(encoding))
            sys.stdout.flush()
    except OSError as exc:
        # Standard output is gone or full (> /dev/full): say so once, and do not let
        # the interpreter's own final flush fail again.
        sys.stdout = open(os.devnull, "w")
        fail(f"cannot write the report to standard output: {exc.strerror or exc}")


class Progress:
    """'planlint: 350 of 2000 files' on standard error, for long runs on a terminal only
    (never when standard error is piped or under CI, where it would be noise in logs)."""

    MIN_FILES = 200
    EVERY = 0.2  # seconds between updates

    def __init__(self) -> None:
        import time

        self.clock = time.monotonic
        self.shown = False
        self.next_update = self.clock() + self.EVERY
        stream = sys.stderr
        self.on = hasattr(stream, "isatty") and stream.isatty() and not os.environ.get("CI")

    def step(self, count: int, total: int) -> None:
        if self.on and total >= self.MIN_FILES and self.clock() >= self.next_update:
            sys.stderr.write(f"\rplanlint: {count} of {total} files")
            sys.stderr.flush()
            self.shown, self.next_update = True, self.clock() + self.EVERY

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
