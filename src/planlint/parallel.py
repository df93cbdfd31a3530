"""Linting many files: in order, on several cores when there are enough of them.

Workers are forked from the process that already loaded plugins and
configuration, so they start in milliseconds and lint with exactly the same
rules. Where fork is not available, or the run is small, files are linted in
this process. Results come back in the order of the files, the same as a
serial run.

A worker that dies (the OOM killer, a plugin calling ``os._exit``) breaks the
pool: the files of the chunk that was waited for are linted again one at a time
in a fresh worker each, so that a file that kills its worker is identified and
reported as an internal error (PL000, exit code 3), never waited for; the rest
of the run goes on in a fresh pool.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from planlint.codes import PL000
from planlint.engine import FileResult, Linter
from planlint.files import FileProblem
from planlint.positions import FILE_START
from planlint.quoting import quote
from planlint.run import Source

#: Below this many files a pool costs more than it saves.
PARALLEL_MIN_FILES = 64
#: Files per task handed to a worker.
CHUNK = 16

_worker_linter: Linter | None = None
_worker_sources: list[Source] = []

Outcome = tuple[str, "FileResult | None", "str | None"]


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def max_jobs() -> int:
    """The most processes ``-j`` may ask for: 4 per core, at most 32."""
    return max(1, min(4 * (os.cpu_count() or 1), 32))


def _lint_one(linter: Linter, source: Source, keep_plan: bool = False) -> Outcome:
    path = source.path
    try:
        raw = source.read()
    except FileProblem as exc:
        return path, None, str(exc)
    try:
        return path, linter.lint_bytes(path, raw, source.settings, keep_plan=keep_plan), None
    except Exception as exc:  # noqa: BLE001 - planlint's own bug (or MemoryError): this file, not the run
        return path, _internal(path, f"planlint failed on this file: {type(exc).__name__}: {quote(str(exc), 300)}"), None


def _internal(path: str, message: str) -> FileResult:
    return FileResult(path, [PL000.at(path, FILE_START, message + "; the other files were still checked")], crashed=True)


def _lint_chunk(start: int, stop: int) -> list[Outcome]:
    return [_lint_one(_worker_linter, _worker_sources[i]) for i in range(start, stop)]


def lint_sources(linter: Linter, sources: list[Source], jobs: int, keep_plan: bool = False) -> Iterator[Outcome]:
    """``(path, result, problem)`` for each file with its checked settings, in order;
    ``problem`` when it could not be read. ``keep_plan`` (the HTML report) lints in
    this process: models are not sent back from workers."""
    jobs = min(jobs, max_jobs())
    parallel = jobs > 1 and len(sources) >= PARALLEL_MIN_FILES and not keep_plan and _can_fork()
    if not parallel:
        for source in sources:
            yield _lint_one(linter, source, keep_plan)
        return
    global _worker_linter, _worker_sources
    _worker_linter, _worker_sources = linter, sources  # inherited by the forked workers
    try:
        yield from _parallel(sources, jobs)
    finally:
        _worker_linter, _worker_sources = None, []


def _can_fork() -> bool:
    import multiprocessing  # imported only for runs large enough to share out

    return "fork" in multiprocessing.get_all_start_methods()


def _parallel(files: list[Source], jobs: int) -> Iterator[Outcome]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("fork")
    chunks = _chunks(len(files), jobs)
    done = 0  # chunks yielded
    while done < len(chunks):
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            futures = [pool.submit(_lint_chunk, start, stop) for start, stop in chunks[done:]]
            for future in futures:
                start, stop = chunks[done]
                done += 1
                try:
                    outcomes = future.result()
                except BrokenProcessPool:
                    # A worker died: this chunk's files one by one, alone, then the
                    # rest of the run in a fresh pool.
                    yield from (_alone(i, context) for i in range(start, stop))
                    break
                yield from outcomes


def _chunks(count: int, jobs: int) -> list[tuple[int, int]]:
    """``(start, stop)`` of each task: :data:`CHUNK` files while many remain, then fewer
    and fewer (a quarter of each worker's share of what remains, at least one), so that
    the workers finish together instead of one linting a last whole chunk alone."""
    chunks, start = [], 0
    while start < count:
        size = max(1, min(CHUNK, (count - start) // (4 * jobs)))
        chunks.append((start, min(start + size, count)))
        start += size
    return chunks


def _alone(number: int, context) -> Outcome:
    """File ``number`` linted in a worker of its own: its result, or PL000 when that worker dies too."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    path = _worker_sources[number].path
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        try:
            [outcome] = pool.submit(_lint_chunk, number, number + 1).result()
            return outcome
        except BrokenProcessPool:
            return path, _internal(path, "the process linting this file died (out of memory, or a plugin ended it)"), None
