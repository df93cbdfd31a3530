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
from dataclasses import dataclass
from pathlib import Path

from planlint.findings import Finding

FORMAT_VERSION = 1
#: A baseline larger than this is refused unread (a library of 10,000 plans with a
#: few findings each is a few megabytes).
MAX_BASELINE_BYTES = 64 * 1024 * 1024


class BaselineError(ValueError):
    """A baseline file that cannot be read or written; the message names it."""


@dataclass(frozen=True)
class Entry:
    path: str  # POSIX, relative to the baseline file's folder
    code: str
    fingerprint: str
    message: str  # for the people who read the file; not used to match


class Baseline:
    def __init__(self, file: str | Path, entries: Iterable[Entry] = ()) -> None:
        self.file = Path(file)
        self.root = self.file.resolve().parent
        self.entries = list(entries)

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
        file = Path(file)
        try:
            if not file.is_file():
                raise BaselineError(f"{file}: no such baseline file; create it with --write-baseline {file}")
            if file.stat().st_size > MAX_BASELINE_BYTES:
                raise BaselineError(f"{file}: the baseline is larger than {MAX_BASELINE_BYTES // (1024 * 1024)} MiB")
            document = json.loads(file.read_text(encoding="utf-8"))
        except OSError as exc:
            raise BaselineError(f"{file}: cannot read the baseline: {exc.strerror}") from None
        except (UnicodeDecodeError, ValueError) as exc:
            raise BaselineError(f"{file}: not a planlint baseline (invalid JSON: {exc})") from None
        if (
            not isinstance(document, dict)
            or document.get("version") != FORMAT_VERSION
            or not isinstance(document.get("findings"), list)
        ):
            raise BaselineError(f"{file}: not a planlint baseline of version {FORMAT_VERSION}; rewrite it with --write-baseline")
        entries = []
        for item in document["findings"]:
            if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("path", "code", "fingerprint")):
                raise BaselineError(f"{file}: a baseline entry needs path, code and fingerprint: {item!r:.200}")
            count = item.get("count", 1)
            if isinstance(count, bool) or not isinstance(count, int) or count < 1:
                raise BaselineError(f"{file}: a baseline entry's count must be a whole number of at least 1: {item!r:.200}")
            entry = Entry(item["path"], item["code"], item["fingerprint"], str(item.get("message", "")))
            entries.extend([entry] * count)
        return cls(file, entries)

    @classmethod
    def of(cls, file: str | Path, findings: Iterable[Finding]) -> Baseline:
        """A baseline recording ``findings`` (suppressed ones left out)."""
        baseline = cls(file)
        baseline.entries = [Entry(baseline.key(f.path), f.code, f.fingerprint, f.message) for f in findings if not f.suppressed]
        return baseline

    def text(self) -> str:
        """The file's JSON: entries sorted, repeats counted, so it diffs well in review."""
        counts = Counter((e.path, e.code, e.fingerprint) for e in self.entries)
        messages = {(e.path, e.code, e.fingerprint): e.message for e in self.entries}
        items = [
            {"path": path, "code": code, "fingerprint": fingerprint, "message": messages[(path, code, fingerprint)]}
            | ({"count": count} if count > 1 else {})
            for (path, code, fingerprint), count in sorted(counts.items())
        ]
        document = {"version": FORMAT_VERSION, "tool": "planlint", "findings": items}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    # -- matching ------------------------------------------------------------------

    def apply(self, findings_by_file: dict[str, list[Finding]]) -> tuple[dict[str, list[Finding]], list[Entry]]:
        """Mark the findings this baseline lists as suppressed (kind ``external``).

        Returns the findings per file and the stale entries: those of linted files
        that matched no finding. Each entry matches one finding (a baseline of two
        identical findings silences two, not three).
        """
        remaining = Counter((e.path, e.code, e.fingerprint) for e in self.entries)
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
        stale = []
        for entry in self.entries:
            key = (entry.path, entry.code, entry.fingerprint)
            if entry.path in linted and remaining[key] > 0:
                remaining[key] -= 1
                stale.append(entry)
        return marked, stale
