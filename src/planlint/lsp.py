"""``planlint lsp``: a language server (pygls, over stdio) that shows planlint's findings as you type.

Same engine as ``planlint check``: each document is linted by
:meth:`Linter.lint_bytes` with the settings found from the document's path
(configuration discovery, per-file ignores, club catalogs), with the same
plugins. It lints on open, on save, and on change after a pause in typing
(:data:`DEBOUNCE_SECONDS`), from the editor's buffer, never from the disk.

- Diagnostics: one per reported finding (suppressed ones are left out), with
  the finding's span, severity, ``code`` linking to the rule's reference, and
  ``source`` "planlint".
- Hover on a finding's range: its message and ``planlint explain`` text.
- Code actions: each safe fix (the same :class:`~planlint.edits.Fix` that
  ``check --fix`` applies), "fix all" (``source.fixAll.planlint``), and an
  inline suppression with a reason to fill in.

It never writes a file: every change is an edit the user accepts. A broken
configuration, a plugin that fails to load and a rule or plugin that raises
become a diagnostic on line 1 (and a log message); the server keeps running.
A configuration file that changes (watched, or its modification time seen to
change) is read again.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from planlint import __version__
from planlint.catalog import CatalogError
from planlint.config import ConfigError, ConfigResolver, find_config_file
from planlint.discovery import is_plan_file
from planlint.docs import explain_text
from planlint.edits import Fix, LineIndex
from planlint.engine import Linter
from planlint.findings import Finding, Severity
from planlint.loader import load_text
from planlint.positions import Span
from planlint.run import fix_document, lint_document

DEBOUNCE_SECONDS = 0.3
SOURCE = "planlint"
FIX_ALL = "source.fixAll.planlint"
REASON_PLACEHOLDER = "TODO: why this is safe"
CONFIG_NAMES = ("planlint.toml", "pyproject.toml")

_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
_PLANLINT_KEY = re.compile(r"^planlint\s*:", re.MULTILINE)
_LINE_DIRECTIVE = re.compile(r"planlint\s*:\s*disable\s*=\s*", re.IGNORECASE)

log = logging.getLogger("planlint.lsp")


@dataclass
class Linted:
    """The findings of one version of a document, and what they were computed from."""

    version: int | None
    text: str
    path: str | None
    findings: list[Finding] = field(default_factory=list)  # reported (not suppressed)


class PlanlintServer(LanguageServer):
    def __init__(self, linter_factory: Callable[[], Linter] | None = None) -> None:
        super().__init__("planlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self._linter_factory = linter_factory or (lambda: Linter(ConfigResolver()))
        self._linter: Linter | None = None
        self._stamps: dict[str, tuple] = {}
        self.linted: dict[str, Linted] = {}
        self._timers: dict[str, asyncio.TimerHandle] = {}

    # -- the engine ------------------------------------------------------------------

    @property
    def linter(self) -> Linter:
        if self._linter is None:
            self._linter = self._linter_factory()
            for problem in self._linter.host.problems:
                self.log(types.MessageType.Error, f"planlint: {problem.describe()}")
        return self._linter

    def reload_configuration(self) -> None:
        """Read configuration (and catalogs) again: keep the plugins, drop the rest."""
        if self._linter is not None:
            self._linter = Linter(ConfigResolver(), host=self._linter.host)
        self._stamps.clear()

    def _watch(self, path: str | None) -> None:
        """Reload when the configuration that applies to ``path`` changed on disk."""
        folder = os.path.dirname(os.path.abspath(path)) if path else os.getcwd()
        try:
            found = find_config_file(Path(folder))
            stamp = (str(found), os.stat(found).st_mtime_ns) if found else None
        except (OSError, ConfigError):
            stamp = ("unreadable",)
        if folder in self._stamps and self._stamps[folder] != stamp:
            self.reload_configuration()
        self._stamps[folder] = stamp

    def log(self, kind: types.MessageType, message: str) -> None:
        log.warning(message)
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=message))
        except Exception:  # pragma: no cover - no client attached
            pass

    # -- linting ---------------------------------------------------------------------

    def lint(self, uri: str) -> None:
        """Lint the document's current text and publish its diagnostics."""
        self._timers.pop(uri, None)
        document = self.workspace.get_text_document(uri)
        path = document.path if uri.startswith("file:") else None
        text = document.source
        if not (is_plan_file(path or document.filename or "") or _PLANLINT_KEY.search(text)):
            self.linted.pop(uri, None)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[], version=document.version)
            )
            return
        linted = Linted(document.version, text, path)
        problems: list[tuple[str, str]] = []  # (code, message) shown on line 1
        try:
            self._watch(path)
            linter = self.linter
            problems.extend(("plugin", f"planlint: {p.describe()}") for p in linter.host.problems)
            result = lint_document(linter, path, text, document.filename)
            linted.findings = [f for f in result.findings if not f.suppressed]
        except (ConfigError, CatalogError) as exc:
            problems.append(("configuration", f"planlint configuration error: {exc}"))
            self.log(types.MessageType.Error, str(exc))
        except Exception as exc:  # planlint or a plugin failed outside a rule: say so, keep serving
            problems.append(("internal", f"planlint failed on this file: {type(exc).__name__}: {exc}"))
            self.log(types.MessageType.Error, traceback.format_exc())
        self.linted[uri] = linted
        diagnostics = [self.diagnostic(document, f, i) for i, f in enumerate(linted.findings)]
        diagnostics += [
            types.Diagnostic(
                range=self.client_range(document, _line_range(Span.at_line(1), document.lines)),
                message=message,
                severity=types.DiagnosticSeverity.Error,
                code=code,
                source=SOURCE,
            )
            for code, message in problems
        ]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=document.version)
        )

    def lint_later(self, uri: str) -> None:
        """Lint after a pause in typing: each change restarts the wait."""
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        self._timers[uri] = asyncio.get_running_loop().call_later(DEBOUNCE_SECONDS, self._lint_safely, uri)

    def _lint_safely(self, uri: str) -> None:
        try:
            self.lint(uri)
        except Exception:  # the document was closed meanwhile, or the client went away
            self.log(types.MessageType.Error, traceback.format_exc())

    # -- conversions -----------------------------------------------------------------

    @staticmethod
    def client_range(document, server_range: types.Range) -> types.Range:
        return document.range_to_client_units(server_range)

    def diagnostic(self, document, finding: Finding, number: int) -> types.Diagnostic:
        href = self.docs_link(finding)
        return types.Diagnostic(
            range=self.client_range(document, _line_range(finding.span, document.lines)),
            message=finding.message,
            severity=_SEVERITIES[finding.severity],
            code=finding.code,
            code_description=types.CodeDescription(href=href) if href else None,
            source=SOURCE,
            data={"finding": number, "version": document.version},
        )

    def docs_link(self, finding: Finding) -> str | None:
        """The rule's entry on its pack's rules page (the pack's ``planlint_docs_url``)."""
        url = self.linter.docs_url(finding.source)
        return f"{url}#{finding.code.lower()}" if url else None

    def edit(self, document, span: Span, new_text: str) -> types.TextEdit:
        start = types.Position(span.line - 1, span.column - 1)
        end = types.Position(span.end_line - 1, span.end_column - 1)
        return types.TextEdit(range=self.client_range(document, types.Range(start, end)), new_text=new_text)

    def workspace_edit(self, document, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
        identifier = types.OptionalVersionedTextDocumentIdentifier(uri=document.uri, version=document.version)
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=identifier, edits=edits)])

    # -- features --------------------------------------------------------------------

    def findings_at(self, uri: str, position: types.Position) -> list[Finding]:
        linted = self.linted.get(uri)
        document = self.workspace.get_text_document(uri)
        if linted is None or linted.version != document.version:
            return []
        here = document.position_from_client_units(position)
        found = []
        for finding in linted.findings:
            r = _line_range(finding.span, document.lines)
            if (r.start.line, r.start.character) <= (here.line, here.character) <= (r.end.line, r.end.character):
                found.append(finding)
        return found

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        findings = self.findings_at(params.text_document.uri, params.position)
        if not findings:
            return None
        documented = self.linter.documented()
        parts = []
        for finding in findings:
            text = f"**{finding.code}** {finding.name} ({finding.severity.label}): {finding.message}"
            if finding.fix:
                text += f"\n\nFix available: {finding.fix.description}."
            if finding.code in documented:
                rule, plugin = documented[finding.code]
                text += "\n\n```text\n" + explain_text(rule, plugin).rstrip() + "\n```"
            parts.append(text)
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)))

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        linted = self.linted.get(uri)
        document = self.workspace.get_text_document(uri)
        if linted is None or linted.version != document.version:
            return []
        wanted = params.context.only
        actions: list[types.CodeAction] = []
        if not wanted or any(kind.startswith(types.CodeActionKind.QuickFix) for kind in wanted):
            for diagnostic, finding in self._diagnosed(params, linted, document):
                if finding.fix is not None:
                    actions.append(self.fix_action(document, finding, finding.fix, diagnostic))
                suppression = self.suppression_action(document, linted, finding, diagnostic)
                if suppression is not None:
                    actions.append(suppression)
        if any(f.fix for f in linted.findings) and (not wanted or any(FIX_ALL.startswith(kind) for kind in wanted)):
            fix_all = self.fix_all_action(document, linted)
            if fix_all is not None:
                actions.append(fix_all)
        return actions

    def _diagnosed(self, params, linted: Linted, document):
        """The findings behind the diagnostics the client asks about."""
        for diagnostic in params.context.diagnostics:
            if diagnostic.source != SOURCE:
                continue
            data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
            number = data.get("finding")
            if isinstance(number, int) and data.get("version") == document.version and number < len(linted.findings):
                yield diagnostic, linted.findings[number]
                continue
            for finding in linted.findings:  # a client that does not send data back
                if finding.code == diagnostic.code and self.diagnostic(document, finding, 0).range == diagnostic.range:
                    yield diagnostic, finding
                    break

    def fix_action(self, document, finding: Finding, fix: Fix, diagnostic) -> types.CodeAction:
        edits = [self.edit(document, edit.span, edit.new_text) for edit in fix.edits]
        return types.CodeAction(
            title=f"Fix {finding.code}: {fix.description}",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic],
            is_preferred=True,
            edit=self.workspace_edit(document, edits),
        )

    def fix_all_action(self, document, linted: Linted) -> types.CodeAction | None:
        try:
            outcome = fix_document(self.linter, linted.path, linted.text)
        except (ConfigError, CatalogError):
            return None
        if not outcome.changed:
            return None
        return types.CodeAction(
            title=f"planlint: fix all ({len(outcome.applied)} safe fix{'es' if len(outcome.applied) != 1 else ''})",
            kind=FIX_ALL,
            edit=self.workspace_edit(document, [self.edit(document, *_minimal_edit(linted.text, outcome.after))]),
        )

    def suppression_action(self, document, linted: Linted, finding: Finding, diagnostic) -> types.CodeAction | None:
        """``# planlint: disable=CODE -- reason`` for the finding's line: the code added to a
        planlint comment already there, else a comment at the end of the line, else (the
        line ends in another comment) a comment of its own on the line above."""
        if finding.code in ("PL000", "PL001"):
            return None  # a crash is not silenced; in a file that does not parse, comments cannot be read
        line = finding.line
        index = LineIndex(linted.text)
        if line > len(index.starts):
            return None
        text = index.line_text(line)
        comment = next((c for c in load_text(linted.path or "x", linted.text).comments() if c.line == line), None)
        directive = f"# planlint: disable={finding.code} -- {REASON_PLACEHOLDER}"
        if comment is not None and _LINE_DIRECTIVE.search(comment.text):
            match = _LINE_DIRECTIVE.search(comment.text)
            body = comment.text[match.end() :]
            end = min([i for i in (body.find("--"), body.find("#")) if i >= 0] or [len(body)])
            codes_end = match.end() + len(body[:end].rstrip())
            column = comment.column + codes_end
            span, new_text = Span(line, column, line, column), f",{finding.code}"
        elif comment is None:
            column = len(text.rstrip()) + 1
            span, new_text = Span(line, column, line, len(text) + 1), f"  {directive}"
        else:
            indent = text[: len(text) - len(text.lstrip())]
            span, new_text = Span(line, 1, line, 1), f"{indent}{directive}\n"
        return types.CodeAction(
            title=f"Suppress {finding.code} on this line (fill in the reason)",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic],
            edit=self.workspace_edit(document, [self.edit(document, span, new_text)]),
        )


def _line_range(span: Span, lines) -> types.Range:
    """A finding's span as a 0-based range an editor draws: a zero-width span covers the
    rest of its line, and one that ends at the start of a later line ends on the line before."""
    line, column, end_line, end_column = span.zero_based()

    def length(number: int) -> int:
        return len(lines[number].rstrip("\r\n")) if 0 <= number < len(lines) else 0

    if end_line > line and end_column == 0:
        end_line, end_column = end_line - 1, length(end_line - 1)
    if (end_line, end_column) <= (line, column):
        end_line, end_column = line, max(length(line), column)
    return types.Range(types.Position(line, column), types.Position(end_line, end_column))


def _minimal_edit(before: str, after: str) -> tuple[Span, str]:
    """One edit turning ``before`` into ``after``: the changed middle, as a span of ``before``."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end_before, end_after = len(before), len(after)
    while end_before > start and end_after > start and before[end_before - 1] == after[end_after - 1]:
        end_before, end_after = end_before - 1, end_after - 1
    first, last = Span.at_offset(before, start), Span.at_offset(before, end_before)
    return Span(first.line, first.column, last.line, last.column), after[start:end_after]


def create_server(linter_factory: Callable[[], Linter] | None = None) -> PlanlintServer:
    """The language server with its features; ``linter_factory`` builds the engine (tests)."""
    server = PlanlintServer(linter_factory)

    @server.feature(types.INITIALIZED)
    def initialized(ls: PlanlintServer, params: types.InitializedParams) -> None:
        _ = ls.linter  # load plugins now: their problems are logged once
        watch = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
        if watch and watch.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_NAMES]
            ls.client_register_capability(
                types.RegistrationParams(
                    registrations=[
                        types.Registration(
                            id="planlint-configuration",
                            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
                        )
                    ]
                )
            )

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PlanlintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PlanlintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.lint_later(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: PlanlintServer, params: types.DidSaveTextDocumentParams) -> None:
        if params.text_document.uri.rsplit("/", 1)[-1] in CONFIG_NAMES:
            ls.reload_configuration()
            for uri in list(ls.linted):
                ls.lint(uri)
        elif params.text_document.uri in ls.workspace.text_documents:
            ls.lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PlanlintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        timer = ls._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        ls.linted.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files(ls: PlanlintServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.reload_configuration()
        for uri in list(ls.linted):
            ls.lint(uri)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: PlanlintServer, params: types.HoverParams) -> types.Hover | None:
        return ls.hover(params)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
    )
    def code_action(ls: PlanlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return ls.code_actions(params)

    return server


def serve(linter_factory: Callable[[], Linter] | None = None) -> None:
    """Run the server on standard input and output until the client says exit."""
    logging.basicConfig(level=logging.WARNING, format="planlint lsp: %(message)s")
    create_server(linter_factory).start_io()


if __name__ == "__main__":  # pragma: no cover
    serve()
