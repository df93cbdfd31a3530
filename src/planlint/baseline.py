"""Baselines: adopt planlint on a library that already has findings, and see only new ones.

``--write-baseline FILE`` records today's active findings; ``--baseline FILE``
marks the findings it lists as suppressed (kind ``external``), so only new
ones fail the run. An entry matches by the file's path (relative to the
baseline file's folder), the code and the finding's fingerprint
(:mod:`planlint.fingerprints`), never by line: comments or sessions added
above an old finding keep it baselined, and a new finding of the same code
elsewhere in the file is still reported. An entry that matches nothing in a
file that was linted is *stale* (the problem was fixed): it is reported so
the file can shrink (``--write-baseline`` rewrites it).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from planlint.files import FileProblem, read_regular
from planlint.findings import Finding
from planlint.limits import MAX_BASELINE_BYTES, MAX_COUNT
from planlint.quoting import escape_controls, quote

FORMAT_VERSION = 1


class BaselineError(ValueError):
    """A baseline file that cannot be read or written; the message names it."""


@dataclass(frozen=True)
class Entry:
    path: str  # POSIX, relative to the baseline file's folder
    code: str
    fingerprint: str
    message: str  # for the people who read the file; not used to match
    count: int = 1  # identical findings this entry stands for

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.path, self.code, self.fingerprint)

    def describe(self) -> str:
        """The entry as one line for a terminal or a CI log: bounded, with terminal
        controls escaped (a baseline from a pull request is text anyone wrote)."""
        times = f" ({self.count} times)" if self.count > 1 else ""
        return f"{escape_controls(quote(self.path, 300))}: {escape_controls(quote(self.code, 40))} {escape_controls(quote(self.message, 300))}{times}"


class Baseline:
    def __init__(self, file: str | Path, entries: Iterable[Entry] = ()) -> None:
        self.file = Path(file)
        self.root = self.file.resolve().parent
        self.entries = _merged(entries)

    @property
    def finding_count(self) -> int:
        """How many findings the baseline stands for (repeats counted)."""
        return sum(entry.count for entry in self.entries)

    # -- paths ---------------------------------------------------------------------

    def key(self, path: str) -> str:
        """A linted file's path as the baseline writes it: relative to the baseline's
        folder when inside it, else absolute; POSIX separators."""
        absolute = Path(os.path.abspath(path))
        try:
            return absolute.relative_to(self.root).as_posix()
        except ValueError:
            return absolute.as_posix()

    # -- reading and writing -------------------------------------------------------

    @classmethod
    def read(cls, file: str | Path) -> Baseline:
        """Read and check a baseline. Everything wrong with it is a BaselineError (exit 2),
        checked before anything is built: a regular file of at most 64 MiB, JSON nested
        as the format is, counts from 1 to a million."""
        file = Path(file)
        if not file.exists() and not file.is_symlink():
            raise BaselineError(f"{file}: no such baseline file; create it with --write-baseline {file}")
        try:
            raw = read_regular(file, MAX_BASELINE_BYTES, "the baseline")
        except FileProblem as exc:
            raise BaselineError(str(exc)) from None
        if len(raw) > MAX_BASELINE_BYTES:
            raise BaselineError(f"{file}: the baseline is larger than {MAX_BASELINE_BYTES // (1024 * 1024)} MiB")
        try:
            document = json.loads(raw.decode("utf-8"))
        except RecursionError:
            raise BaselineError(f"{file}: not a planlint baseline (JSON nested far deeper than the format)") from None
        except (UnicodeDecodeError, ValueError) as exc:
            raise BaselineError(f"{file}: not a planlint baseline (invalid JSON: {quote(str(exc), 200)})") from None
        if (
            not isinstance(document, dict)
            or document.get("version") != FORMAT_VERSION
            or not isinstance(document.get("findings"), list)
        ):
            raise BaselineError(f"{file}: not a planlint baseline of version {FORMAT_VERSION}; rewrite it with --write-baseline")
        return cls(file, (_entry(file, number, item) for number, item in enumerate(document["findings"], 1)))

    @classmethod
    def of(cls, file: str | Path, findings: Iterable[Finding]) -> Baseline:
        """A baseline recording ``findings`` (suppressed ones left out)."""
        baseline = cls(file)
        baseline.entries = _merged(
            Entry(baseline.key(f.path), f.code, f.fingerprint, f.message) for f in findings if not f.suppressed
        )
        return baseline

    def text(self) -> str:
        """The file's JSON: entries sorted, repeats counted, so it diffs well in review."""
        items = [
            {"path": e.path, "code": e.code, "fingerprint": e.fingerprint, "message": e.message}
            | ({"count": e.count} if e.count > 1 else {})
            for e in sorted(self.entries, key=lambda e: e.key)
        ]
        document = {"version": FORMAT_VERSION, "tool": "planlint", "findings": items}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    # -- matching ------------------------------------------------------------------

    def apply(self, findings_by_file: dict[str, list[Finding]]) -> tuple[dict[str, list[Finding]], list[Entry]]:
        """Mark the findings this baseline lists as suppressed (kind ``external``).

        Returns the findings per file and the stale entries: those of linted files
        that matched no finding, each with the count left unmatched. Each entry
        matches as many findings as its count (a baseline of two identical findings
        silences two, not three). Linear in entries and findings.
        """
        remaining = Counter()
        for entry in self.entries:
            remaining[entry.key] += entry.count
        linted = set()
        marked: dict[str, list[Finding]] = {}
        for path, findings in findings_by_file.items():
            key_path = self.key(path)
            linted.add(key_path)
            out = []
            for finding in findings:
                key = (key_path, finding.code, finding.fingerprint)
                if not finding.suppressed and remaining[key] > 0:
                    remaining[key] -= 1
                    finding = finding.with_changes(
                        suppressed=True, suppression_kind="external", suppression_reason=f"in the baseline {self.file}"
                    )
                out.append(finding)
            marked[path] = out
        stale = [
            replace(entry, count=remaining[entry.key])
            for entry in self.entries
            if entry.path in linted and remaining[entry.key] > 0
        ]
        return marked, stale


def _merged(entries: Iterable[Entry]) -> list[Entry]:
    """One entry per (path, code, fingerprint), counts added, in first-seen order."""
    merged: dict[tuple[str, str, str], Entry] = {}
    for entry in entries:
        seen = merged.get(entry.key)
        merged[entry.key] = entry if seen is None else replace(seen, count=seen.count + entry.count)
    return list(merged.values())


def _entry(file: Path, number: int, item) -> Entry:
    """One entry of a baseline file, checked (never shown whole: it may be huge or deep)."""
    where = f"{file}: baseline entry {number}"
    if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("path", "code", "fingerprint")):
        raise BaselineError(f"{where} needs path, code and fingerprint, each a text")
    message = item.get("message", "")
    if not isinstance(message, str):
        raise BaselineError(f"{where}: message must be a text")
    count = item.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
        raise BaselineError(f"{where}: count must be a whole number from 1 to {MAX_COUNT:,}")
    return Entry(item["path"], item["code"], item["fingerprint"], message, count)
