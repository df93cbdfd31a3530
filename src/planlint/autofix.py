"""Running safe fixes over a file: lint, apply, lint again, until nothing is left to fix.

The engine is the only way to lint: every pass goes through
:meth:`Linter.lint_bytes` with the file's own settings, and applies the fixes
attached to the findings it reports (:mod:`planlint.edits`). After each pass
the file is linted again, so a fix is always applied to the text it was made
from, fixes that overlapped wait for the next pass, and a run ends when no fix
applies: running it again changes nothing (fixes are idempotent). A file with
a YAML syntax error or a duplicate key (PL001, PL002) is never fixed, and a
pass that would introduce one is undone.

Every cost is linear in the file and its fixes: a pass lints once and applies
all its fixes against one index (:func:`planlint.edits.apply_fixes`), and since
a fix never adds or removes a line, the diff pairs the lines of the two texts
instead of searching for the shortest edit script (difflib's search was
quadratic on a plan with thousands of fixes). A diff is for a terminal: file
names and lines are shown with terminal controls escaped (planlint.quoting).
"""

from __future__ import annotations

import codecs
import difflib
import re
from dataclasses import dataclass, field

from planlint.codes import PL001, PL002
from planlint.edits import Fix, apply_fixes, fixable
from planlint.engine import FileResult, FileSettings, Linter
from planlint.files import write_atomically
from planlint.limits import MAX_PASSES
from planlint.loader import decode
from planlint.quoting import escape_controls


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
    return fix_bytes(linter, path, text.encode("utf-8", "surrogatepass"), settings)


#: Lines of context around each change in a diff (as ``diff -u``).
CONTEXT = 3
_LINE_END = re.compile("(\r\n|\n)\\Z")


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of one file (empty when nothing changed), marking a last line
    without a line break the way ``diff`` does. Terminal controls in the file name
    and the lines are shown escaped (``\\x1b``, ``\\u202e``; a line ending other
    than ``\\n`` or ``\\r\\n`` as its escape, then ``\\n``), so a diff of a hostile
    plan cannot act on the terminal that shows it."""
    if before == after:
        return ""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    name = escape_controls(path)
    out = [f"--- a/{name}\n", f"+++ b/{name}\n"]
    for old_start, old_stop, new_start, new_stop, lines in _hunks(old, new):
        out.append(f"@@ -{_range(old_start, old_stop)} +{_range(new_start, new_stop)} @@\n")
        out.extend(_shown(prefix, line) for prefix, line in lines)
    return "".join(out)


def _hunks(old: list[str], new: list[str]):
    """``(old_start, old_stop, new_start, new_stop, [(prefix, line), ...])`` per hunk.

    The fixer keeps every line, so the lines pair one to one: linear, with hunks
    grouped as difflib groups them (changes at most ``2 * CONTEXT`` lines apart share
    one). Texts with different line counts (not the fixer's) go through difflib."""
    if len(old) != len(new):
        for group in difflib.SequenceMatcher(None, old, new).get_grouped_opcodes(CONTEXT):
            lines = []
            for tag, i1, i2, j1, j2 in group:
                if tag == "equal":
                    lines += [(" ", line) for line in old[i1:i2]]
                    continue
                lines += [("-", line) for line in old[i1:i2]] + [("+", line) for line in new[j1:j2]]
            yield group[0][1], group[-1][2], group[0][3], group[-1][4], lines
        return
    changed = [i for i, (a, b) in enumerate(zip(old, new)) if a != b]
    groups: list[list[int]] = []
    for i in changed:
        if groups and i - groups[-1][-1] - 1 <= 2 * CONTEXT:
            groups[-1].append(i)
        else:
            groups.append([i])
    for group in groups:
        start, stop = max(0, group[0] - CONTEXT), min(len(old), group[-1] + 1 + CONTEXT)
        lines = []
        run: list[int] = []  # consecutive changed lines: all removals, then all additions
        for i in range(start, stop + 1):
            if i < stop and old[i] != new[i]:
                run.append(i)
                continue
            lines += [("-", old[j]) for j in run] + [("+", new[j]) for j in run]
            run = []
            if i < stop:
                lines.append((" ", old[i]))
        yield start, stop, start, stop, lines


def _range(start: int, stop: int) -> str:
    """A hunk's range as ``diff -u`` writes it (difflib's _format_range_unified)."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def _shown(prefix: str, line: str) -> str:
    match = _LINE_END.search(line)
    ending = match.group() if match else ""
    body = line[: len(line) - len(ending)] if ending else line
    if not ending and body and body[-1] in "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029":
        ending = "\n"  # another line break: shown escaped, then a newline
    shown = prefix + escape_controls(body)
    if ending:
        return shown + ending
    return shown + "\n\\ No newline at end of file\n"


def write_atomic(path: str, data: bytes) -> None:
    """Replace ``path``'s content with ``data`` at once (see planlint.files.write_atomically)."""
    write_atomically(path, data)
