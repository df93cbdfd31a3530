"""Linting many files: in order, on several cores when there are enough of them.

Workers are forked from the process that already loaded plugins and
configuration, so they start in milliseconds and lint with exactly the same
rules. Where fork is not available, or the run is small, files are linted in
this process. Results come back in the order of the files.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Iterator

from planlint.engine import FileResult, FileSettings, Linter
from planlint.loader import read_file

#: Below this many files a pool costs more than it saves.
PARALLEL_MIN_FILES = 64

_worker_linter: Linter | None = None
_worker_files: list[tuple[str, FileSettings]] = []


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def _lint_one(linter: Linter, path: str, settings: FileSettings, keep_plan: bool = False) -> tuple[str, FileResult | None, str | None]:
    try:
        raw = read_file(path)
    except OSError as exc:
        return path, None, f"{path}: cannot read the file: {exc.strerror}"
    return path, linter.lint_bytes(path, raw, settings, keep_plan=keep_plan), None


def _lint_in_worker(number: int):
    path, settings = _worker_files[number]
    return _lint_one(_worker_linter, path, settings)


def lint_paths(
    linter: Linter, files: list[tuple[str, FileSettings]], jobs: int, keep_plan: bool = False
) -> Iterator[tuple[str, FileResult | None, str | None]]:
    """``(path, result, problem)`` for each file with its checked settings, in order;
    ``problem`` when it could not be read. ``keep_plan`` (the HTML report) lints in
    this process: models are not sent back from workers."""
    parallel = jobs > 1 and len(files) >= PARALLEL_MIN_FILES and "fork" in multiprocessing.get_all_start_methods()
    if not parallel or keep_plan:
        for path, settings in files:
            yield _lint_one(linter, path, settings, keep_plan)
        return
    global _worker_linter, _worker_files
    _worker_linter, _worker_files = linter, files  # inherited by the forked workers
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap(_lint_in_worker, range(len(files)), chunksize=16)
    finally:
        _worker_linter, _worker_files = None, []
