"""The findings cache: a file whose bytes, configuration and tools have not changed is not linted again.

Content-addressed: an entry's key is a hash of the file's path and bytes, the
token of its effective settings (configuration, rule options, exercise
catalogs' content; see ``engine.FileSettings.token``) and the *tool salt*
(planlint's and every loaded plugin's version, and the size and mtime of their
source files, so an editable install being edited is not served stale
results). Entries are JSON files written to a temporary name and renamed, so
concurrent runs and forked workers never see half an entry; an entry that does
not parse or does not carry its own key is ignored and recomputed, never
trusted. The folder ignores itself for git (a ``.gitignore`` of ``*``, as
ruff and pytest do) and is pruned, oldest first, past ``MAX_ENTRIES``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from planlint.edits import Fix, TextEdit
from planlint.findings import Finding, Severity
from planlint.positions import Span

#: ``.planlint_cache`` in the working directory unless this variable names another folder.
CACHE_DIR_VARIABLE = "PLANLINT_CACHE_DIR"
DEFAULT_DIR = ".planlint_cache"
FORMAT = "v1"
#: Past this many entries the oldest are removed at the end of a run (about 2 KB each).
MAX_ENTRIES = 50_000


def default_directory() -> Path:
    return Path(os.environ.get(CACHE_DIR_VARIABLE) or DEFAULT_DIR)


def tool_salt(versions: Iterable[tuple[str, str, str]], modules: Iterable[str]) -> str:
    """planlint's and the plugins' (name, distribution, version), and their source files' stats."""
    digest = hashlib.sha256(FORMAT.encode())
    for item in sorted(versions):
        digest.update("\0".join(item).encode("utf-8", "backslashreplace"))
    for folder in sorted(set(modules)):
        if os.path.isfile(folder):
            stat = os.stat(folder)
            digest.update(f"{folder}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode("utf-8", "backslashreplace"))
            continue
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                if name.endswith((".py", ".json", ".yaml", ".html", ".css")):
                    stat = os.stat(os.path.join(root, name))
                    digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode("utf-8", "backslashreplace"))
    return digest.hexdigest()


class FindingsCache:
    def __init__(self, directory: Path, salt: str, max_entries: int = MAX_ENTRIES) -> None:
        self.directory = Path(directory)
        self.salt = salt
        self.max_entries = max_entries
        self.written = 0
        self.usable = True

    def key(self, path: str, raw: bytes, token: str) -> str:
        digest = hashlib.sha256()
        for part in (self.salt, token, path):
            digest.update(part.encode("utf-8", "backslashreplace") + b"\0")
        digest.update(raw)
        return digest.hexdigest()

    def _file(self, key: str) -> Path:
        return self.directory / FORMAT / key[:2] / f"{key}.json"

    def get(self, key: str):
        """The cached ``(findings, crashed, rules_skipped, fail_on)`` for ``key``, or None."""
        if not self.usable:
            return None
        try:
            document = json.loads(self._file(key).read_text(encoding="utf-8"))
            if document["key"] != key:
                return None
            findings = [_finding(item) for item in document["findings"]]
            return findings, bool(document["rules_skipped"]), Severity(document["fail_on"])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent, torn or tampered with: recompute

    def put(self, key: str, findings: list[Finding], rules_skipped: bool, fail_on: Severity) -> None:
        if not self.usable:
            return
        document = {
            "key": key,
            "rules_skipped": rules_skipped,
            "fail_on": int(fail_on),
            "findings": [_item(f) for f in findings],
        }
        target = self._file(key)
        try:
            self._prepare(target.parent)
            handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
            with os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace") as stream:
                json.dump(document, stream, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, target)
            self.written += 1
        except OSError:
            self.usable = False  # a read-only or full disk: lint without the cache

    def _prepare(self, folder: Path) -> None:
        if folder.is_dir():
            return
        folder.mkdir(parents=True, exist_ok=True)
        ignore = self.directory / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Created by planlint: this folder is a cache.\n*\n", encoding="utf-8")
            (self.directory / "CACHEDIR.TAG").write_text(
                "Signature: 8a477f597d28d172789f06886806bc55\n# planlint's findings cache; see https://bford.info/cachedir/\n",
                encoding="utf-8",
            )

    def prune(self) -> int:
        """Remove the oldest entries past ``max_entries``; the number removed."""
        if not self.written:
            return 0
        entries = []
        root = self.directory / FORMAT
        try:
            for shard in os.scandir(root):
                if shard.is_dir():
                    entries.extend((e.stat().st_mtime_ns, e.path) for e in os.scandir(shard.path) if e.name.endswith(".json"))
        except OSError:
            return 0
        excess = len(entries) - self.max_entries
        if excess <= 0:
            return 0
        for _, path in sorted(entries)[:excess]:
            try:
                os.unlink(path)
            except OSError:
                pass
        return excess


def _item(finding: Finding) -> list:
    s = finding.span
    return [
        finding.path,
        s.line,
        s.column,
        s.end_line,
        s.end_column,
        finding.code,
        finding.name,
        int(finding.severity),
        finding.message,
        finding.source,
        finding.suppressed,
        finding.suppression_reason,
        finding.suppression_kind,
        finding.fingerprint,
        finding.fix.to_dict() if finding.fix is not None else None,
    ]


def _finding(item: list) -> Finding:
    (
        path,
        line,
        column,
        end_line,
        end_column,
        code,
        name,
        severity,
        message,
        source,
        suppressed,
        reason,
        kind,
        fingerprint,
        fix,
    ) = item
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (line, column, end_line, end_column)):
        raise TypeError("positions must be whole numbers")
    if not all(isinstance(v, str) for v in (path, code, name, message, source, kind, fingerprint)):
        raise TypeError("texts must be texts")
    return Finding(
        path,
        Span(line, column, end_line, end_column),
        code,
        name,
        Severity(severity),
        message,
        source,
        bool(suppressed),
        reason if isinstance(reason, str) else None,
        kind,
        fingerprint,
        _fix(fix),
    )


def _fix(document) -> Fix | None:
    if document is None:
        return None
    edits = tuple(
        TextEdit(Span(e["line"], e["column"], e["end_line"], e["end_column"]), str(e["new_text"])) for e in document["edits"]
    )
    return Fix(str(document["description"]), edits)


def for_linter(linter, directory: Path | None = None) -> FindingsCache:
    """The cache for a run with ``linter``'s plugins, in ``directory`` (default: see
    :func:`default_directory`)."""
    import planlint

    versions = [("planlint", "planlint", planlint.__version__)]
    modules = [os.path.dirname(planlint.__file__)]
    for info in linter.host.plugins:
        versions.append((info.name, info.distribution, info.version))
        module = linter.host.manager.get_plugin(info.name)
        where = getattr(module, "__file__", None)
        if where:
            modules.append(os.path.dirname(where) if os.path.basename(where) == "__init__.py" else where)
    return FindingsCache(directory or default_directory(), tool_salt(versions, modules))
