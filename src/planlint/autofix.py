"""Running safe fixes over a file: lint, apply, lint again, until nothing is left to fix.

The engine is the only way to lint: every pass goes through
:meth:`Linter.lint_bytes` with the file's own settings, and applies the fixes
attached to the findings it reports (:mod:`planlint.edits`). After each pass
the file is linted again, so a fix is always applied to the text it was made
from, fixes that overlapped wait for the next pass, and a run ends when no fix
applies: running it again changes nothing (fixes are idempotent). A file with
a YAML syntax error or a duplicate key (PL001, PL002) is never fixed, and a
pass that would introduce one is undone.
"""

from __future__ import annotations

import codecs
import difflib
from dataclasses import dataclass, field

from planlint.codes import PL001, PL002
from planlint.edits import Fix, apply_fixes, fixable
from planlint.engine import FileResult, FileSettings, Linter
from planlint.files import write_atomically
from planlint.loader import decode

#: Passes before giving up (each pass applies every fix that does not overlap another).
MAX_PASSES = 10


@dataclass
class FixOutcome:
    """What fixing one file did: the text before and after, the fixes applied, and the
    findings of the fixed text (``result``)."""

    path: str
    before: str
    after: str
    result: FileResult
    applied: list[Fix] = field(default_factory=list)
    bom: bool = False

    @property
    def changed(self) -> bool:
        return self.after != self.before

    def fixed_bytes(self) -> bytes:
        return (codecs.BOM_UTF8 if self.bom else b"") + self.after.encode("utf-8")

    def diff(self) -> str:
        return unified_diff(self.path, self.before, self.after)


def _blocked(result: FileResult) -> bool:
    return any(f.code in (PL001.code, PL002.code) for f in result.findings)


def fix_bytes(linter: Linter, path: str, raw: bytes, settings: FileSettings | None = None) -> FixOutcome:
    """Fix one file's bytes (nothing is written): the fixed text and what remains."""
    settings = settings or linter.settings_for(path)
    result = linter.lint_bytes(path, raw, settings)
    text, problem = decode(path, raw)
    if problem is not None or text is None:
        return FixOutcome(path, "", "", result)
    outcome = FixOutcome(path, text, text, result, bom=raw.startswith(codecs.BOM_UTF8))
    if _blocked(result):
        return outcome
    for _ in range(MAX_PASSES):
        fixes = fixable(outcome.result.findings)
        if not fixes:
            break
        new_text, applied = apply_fixes(outcome.after, fixes)
        if new_text == outcome.after:
            break
        new_result = linter.lint_bytes(path, new_text.encode("utf-8"), settings)
        if _blocked(new_result):  # a fix must never break the file; keep what was good
            break
        outcome.after, outcome.result = new_text, new_result
        outcome.applied.extend(applied)
    return outcome


def fix_text(linter: Linter, path: str, text: str, settings: FileSettings | None = None) -> FixOutcome:
    """Fix a text (an editor's buffer)."""
    return fix_bytes(linter, path, text.encode("utf-8"), settings)


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of one file (empty when nothing changed), marking a last line
    without a line break the way ``diff`` does."""
    if before == after:
        return ""
    lines = []
    for line in difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=f"a/{path}", tofile=f"b/{path}"
    ):
        if not line.endswith(("\n", "\r")):
            line += "\n\\ No newline at end of file\n"
        lines.append(line)
    return "".join(lines)


def write_atomic(path: str, data: bytes) -> None:
    """Replace ``path``'s content with ``data`` at once (see planlint.files.write_atomically)."""
    write_atomically(path, data)
