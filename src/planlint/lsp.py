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
- Schema mistakes once: yaml-language-server with planlint's schema reports
  each JSON Schema mistake too. ``schemaDiagnostics`` (initialization option,
  or ``planlint.schemaDiagnostics`` in the client's settings): ``"all"``;
  ``"unique"``: planlint leaves those to yaml-language-server, except the ones
  it can fix, shown as hints that carry the quick fix; ``"auto"`` (default):
  ``"unique"`` when the client's ``yaml.schemas`` setting maps planlint's schema
  (asked with ``workspace/configuration``; VS Code answers for its YAML
  extension), else ``"all"`` (a modeline is not taken as a sign: an editor
  without yaml-language-server would then show those mistakes nowhere). Findings
  the schema cannot see (units, dates, format versions, safety rules) always show.
- Completion of the plan's phase ids after ``phase:`` (yaml-language-server
  cannot know them: they are the plan's own).
- Code actions for the requested range: each safe fix (the same
  :class:`~planlint.edits.Fix` that ``check --fix`` applies) and an inline
  suppression with a reason to fill in (one per line and code, never inside a
  scalar); "fix all" (``source.fixAll.planlint``) only when the client asks
  for source actions, computed once per version.

Documents are the ones the client opened, kept by the server itself
(:mod:`planlint.lsp_document`): a change to a document never opened is ignored,
never read from the disk, and positions come from one line table per version
with the line breaks LSP counts. Every request costs the size of the document
and of its findings, once per version: publishing 10,000 diagnostics, or a
code action on a line with 1,000 findings, no longer re-reads the document per
finding.

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
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method

from planlint import __version__
from planlint.autofix import FixOutcome
from planlint.catalog import CatalogError
from planlint.config import ConfigError, ConfigResolver, find_config_file
from planlint.discovery import has_planlint_key, is_plan_file
from planlint.docs import explain_text
from planlint.edits import Fix
from planlint.engine import Linter
from planlint.findings import Finding, Severity
from planlint.limits import MAX_QUICK_FIXES
from planlint.loader import Comment, load_text
from planlint.lsp_document import OpenDocument
from planlint.positions import Span
from planlint.quoting import escape_controls
from planlint.run import fix_document, lint_document
from planlint.templates import describe_use, group_occurrences, grouped_message

DEBOUNCE_SECONDS = 0.3
SOURCE = "planlint"
FIX_ALL = "source.fixAll.planlint"
REASON_PLACEHOLDER = "TODO: why this is safe"
CONFIG_NAMES = ("planlint.toml", "pyproject.toml")
#: How PL003 findings of the JSON Schema are shown (see the module's docstring).
SCHEMA_DIAGNOSTICS = ("auto", "all", "unique")
#: A schema of planlint's, by its name or place: init's `.planlint/plan.schema.json`, the
#: shipped `schemas/plan.schema.json` and `plan.<site>.schema.json`, its published URL.
_PLANLINT_SCHEMA = re.compile(r"(?:^|[/\\])plan(?:\.[a-z0-9_-]+)?\.schema\.json$|planlint", re.IGNORECASE)
#: A `phase:` value being typed, in block or flow style: what is typed so far.
_PHASE_VALUE = re.compile(r"(?:^\s*(?:-\s+)?|[{,]\s*)phase\s*:\s*[\"']?([A-Za-z0-9_.-]*)$")
_PHASE_ID = re.compile(r"^\s*(?:-\s*)?(?:\{\s*)?id\s*:\s*[\"']?([A-Za-z0-9_.-]+)", re.MULTILINE)

_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
_LINE_DIRECTIVE = re.compile(r"planlint\s*:\s*disable\s*=\s*", re.IGNORECASE)

log = logging.getLogger("planlint.lsp")


@dataclass
class Linted:
    """The findings of one version of a document, and what was computed from them
    (each at most once per version)."""

    document: OpenDocument
    findings: list[Finding] = field(default_factory=list)  # reported (not suppressed)
    ranges: list[types.Range] = field(default_factory=list)  # each finding's diagnostic range
    blocked: bool = False  # a PL001: comments cannot be told from text, no suppression offered
    #: yaml-language-server reports the schema's mistakes: planlint's own are hints (with their fix).
    schema_hints: bool = False
    #: Finding number -> the written-out sessions it stands for (format 1.1 templates).
    occurrences: dict = field(default_factory=dict)
    _by_range: dict | None = None
    _places: _SuppressionPlaces | None = None
    _fix_all: FixOutcome | None = None

    @property
    def version(self) -> int | None:
        return self.document.version

    def finding_for(self, code, diagnostic_range: types.Range) -> Finding | None:
        """The finding behind a diagnostic a client sends back without its data."""
        if self._by_range is None:
            self._by_range = {}
            for finding, shown in zip(self.findings, self.ranges):
                self._by_range.setdefault((finding.code, _key(shown)), finding)
        return self._by_range.get((code, _key(diagnostic_range)))

    def places(self) -> _SuppressionPlaces:
        if self._places is None:
            self._places = _SuppressionPlaces(self.document)
        return self._places


class PlanlintProtocol(LanguageServerProtocol):
    """pygls's protocol with the documents kept by planlint: opened, changed and closed
    as the client says, and never read from the disk."""

    def _encoding(self) -> str:
        encoding = getattr(self.workspace, "position_encoding", None)
        return str(getattr(encoding, "value", encoding) or "utf-16")

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams):
        item = params.text_document
        self._server.documents[item.uri] = OpenDocument(item.uri, item.text, item.version, self._encoding())
        if (user_handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield user_handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):
        uri = params.text_document.uri
        document = self._server.documents.get(uri)
        if document is None:
            log.warning("ignored a change to a document that is not open: %s", escape_controls(uri[:300]))
            return
        self._server.documents[uri] = document.changed(params.content_changes, params.text_document.version)
        if (user_handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield user_handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams):
        self._server.documents.pop(params.text_document.uri, None)
        if (user_handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield user_handler, (params,), None


class PlanlintServer(LanguageServer):
    def __init__(self, linter_factory: Callable[[], Linter] | None = None) -> None:
        super().__init__(
            "planlint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=PlanlintProtocol,
        )
        self._linter_factory = linter_factory or (lambda: Linter(ConfigResolver()))
        self._linter: Linter | None = None
        self._stamps: dict[str, tuple] = {}
        #: The documents the client opened, by URI: the only text the server reads.
        self.documents: dict[str, OpenDocument] = {}
        self.linted: dict[str, Linted] = {}
        self._timers: dict[str, asyncio.TimerHandle] = {}
        #: "auto", "all" or "unique" (SCHEMA_DIAGNOSTICS); and whether the client's yaml
        #: settings map planlint's schema (what "auto" goes by).
        self.schema_diagnostics = "auto"
        self.client_maps_schema = False

    # -- schema diagnostics: once, with yaml-language-server -------------------------

    def configure(self, options) -> None:
        """``{"schemaDiagnostics": "auto" | "all" | "unique"}`` (initialization options, or
        the ``planlint`` section of the client's settings); anything else is ignored."""
        value = options.get("schemaDiagnostics") if isinstance(options, dict) else None
        if value in SCHEMA_DIAGNOSTICS and value != self.schema_diagnostics:
            self.schema_diagnostics = value
            self.relint()

    def saw_yaml_settings(self, settings) -> None:
        """The client's ``yaml`` settings: do its ``schemas`` map one of planlint's?"""
        schemas = settings.get("schemas") if isinstance(settings, dict) else None
        maps = isinstance(schemas, dict) and any(isinstance(k, str) and _PLANLINT_SCHEMA.search(k) for k in schemas)
        if maps != self.client_maps_schema:
            self.client_maps_schema = maps
            self.relint()

    async def ask_yaml_settings(self) -> None:
        """Ask the client for its ``yaml`` settings (VS Code answers for every extension)."""
        workspace = self.client_capabilities.workspace
        if self.schema_diagnostics != "auto" or not (workspace and workspace.configuration):
            return
        try:
            answer = await asyncio.wait_for(
                self.workspace_configuration_async(types.ConfigurationParams(items=[types.ConfigurationItem(section="yaml")])),
                timeout=10,
            )
        except Exception:  # no answer, an error: keep every diagnostic
            return
        self.saw_yaml_settings(answer[0] if answer else None)

    def leaves_schema_to_yaml_server(self, document: OpenDocument) -> bool:
        if self.schema_diagnostics != "auto":
            return self.schema_diagnostics == "unique"
        # Only the client's settings say yaml-language-server runs with planlint's schema: a
        # modeline in the file does not (an editor without yaml-language-server would then
        # show the mistakes nowhere).
        return self.client_maps_schema

    def relint(self) -> None:
        for uri in list(self.linted):
            self.lint(uri)

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
        document = self.documents.get(uri)
        if document is None:
            return  # closed meanwhile
        # The folder search's test (discovery.is_plan): a plan's name, or a top-level
        # `planlint:` key in the document's first bytes.
        if not (is_plan_file(document.name) or has_planlint_key(document.text)):
            self.linted.pop(uri, None)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[], version=document.version)
            )
            return
        linted = Linted(document)
        problems: list[tuple[str, str]] = []  # (code, message) shown on line 1
        notes: list[str] = []  # shown on line 1 as information: nothing in the plan is wrong
        try:
            self._watch(document.path)
            linter = self.linter
            problems.extend(("plugin", f"planlint: {p.describe()}") for p in linter.host.problems)
            result = lint_document(linter, document.path, document.name, document.text)
            shown = [f for f in result.findings if not f.suppressed]
            if self.leaves_schema_to_yaml_server(document):
                # yaml-language-server says these; a fixable one stays, as a hint with its fix.
                shown = [f for f in shown if not f.schema_error or f.fix is not None]
                linted.schema_hints = True
            # The sessions a template writes out share its lines: one diagnostic per line and
            # code, listing the occurrences (format 1.1).
            linted.findings = []
            for first, members in group_occurrences(shown):
                linted.findings.append(
                    first if len(members) == 1 else first.with_changes(message=grouped_message(first, members))
                )
                if len(members) > 1:
                    linted.occurrences[len(linted.findings) - 1] = [m.occurrence for m in members]
            linted.blocked = any(f.code == "PL001" for f in result.findings)
            if result.rules_run is not None and result.rules_run.note:
                notes.append(f"planlint: {result.rules_run.note}")
        except (ConfigError, CatalogError) as exc:
            problems.append(("configuration", f"planlint configuration error: {exc}"))
            self.log(types.MessageType.Error, str(exc))
        except Exception as exc:  # planlint or a plugin failed outside a rule: say so, keep serving
            problems.append(("internal", f"planlint failed on this file: {type(exc).__name__}: {exc}"))
            self.log(types.MessageType.Error, traceback.format_exc())
        linted.ranges = [document.shown_range(f.span) for f in linted.findings]
        self.linted[uri] = linted
        diagnostics = [self.diagnostic(linted, i) for i in range(len(linted.findings))]
        first_line = document.shown_range(Span.at_line(1))
        diagnostics += [
            types.Diagnostic(range=first_line, message=message, severity=types.DiagnosticSeverity.Error, code=code, source=SOURCE)
            for code, message in problems
        ]
        diagnostics += [
            types.Diagnostic(
                range=first_line, message=note, severity=types.DiagnosticSeverity.Information, code="rules-run", source=SOURCE
            )
            for note in notes
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
        except Exception:  # the client went away
            self.log(types.MessageType.Error, traceback.format_exc())

    def current(self, uri: str) -> Linted | None:
        """The findings of the document's current version (None when it changed since)."""
        linted = self.linted.get(uri)
        document = self.documents.get(uri)
        return linted if linted is not None and linted.document is document else None

    # -- conversions -----------------------------------------------------------------

    def diagnostic(self, linted: Linted, number: int) -> types.Diagnostic:
        finding = linted.findings[number]
        href = self.docs_link(finding)
        hint = linted.schema_hints and finding.schema_error
        return types.Diagnostic(
            range=linted.ranges[number],
            message=finding.message,
            severity=types.DiagnosticSeverity.Hint if hint else _SEVERITIES[finding.severity],
            code=finding.code,
            code_description=types.CodeDescription(href=href) if href else None,
            source=SOURCE,
            data={"finding": number, "version": linted.version},
            related_information=self.related(linted, number) or None,
        )

    @staticmethod
    def related(linted: Linted, number: int) -> list[types.DiagnosticRelatedInformation]:
        """Where each written-out session a diagnostic stands for was scheduled."""
        finding = linted.findings[number]
        occurrences = linted.occurrences.get(number) or ([finding.occurrence] if finding.occurrence else [])
        return [
            types.DiagnosticRelatedInformation(
                location=types.Location(
                    uri=linted.document.uri, range=linted.document.shown_range(Span.at_line(occurrence.by_line))
                ),
                message=f"the session {occurrence.when}, written out by this {occurrence.by}",
            )
            for occurrence in occurrences[:100]
        ]

    def docs_link(self, finding: Finding) -> str | None:
        """The rule's entry on its pack's rules page (the pack's ``planlint_docs_url``)."""
        url = self.linter.docs_url(finding.source)
        return f"{url}#{finding.code.lower()}" if url else None

    @staticmethod
    def workspace_edit(document: OpenDocument, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
        identifier = types.OptionalVersionedTextDocumentIdentifier(uri=document.uri, version=document.version)
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=identifier, edits=edits)])

    # -- features --------------------------------------------------------------------

    def complete(self, params: types.CompletionParams) -> types.CompletionList | None:
        """The plan's phase ids after ``phase:``."""
        document = self.documents.get(params.text_document.uri)
        if document is None or params.position.line >= len(document.lines):
            return None
        start = document.lines[params.position.line]
        typed = _PHASE_VALUE.search(document.text[start : document.offset(params.position)])
        if typed is None:
            return None
        items = [
            types.CompletionItem(
                label=phase, kind=types.CompletionItemKind.EnumMember, detail="a phase of this plan", sort_text=f"{i:04d}"
            )
            for i, phase in enumerate(_phase_ids(document.text))
            if phase.startswith(typed.group(1))
        ]
        return types.CompletionList(is_incomplete=False, items=items)

    def findings_at(self, uri: str, position: types.Position) -> list[Finding]:
        linted = self.current(uri)
        if linted is None:
            return []
        here = (position.line, position.character)
        return [f for f, r in zip(linted.findings, linted.ranges) if _key(r)[:2] <= here <= _key(r)[2:]]

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        findings = self.findings_at(params.text_document.uri, params.position)
        parts = []
        document = self.documents.get(params.text_document.uri)
        if document is not None and "use" in document.text:
            written_out = describe_use(document.text, params.position.line + 1)
            if written_out is not None:
                parts.append(written_out)
        if not findings and not parts:
            return None
        documented = self.linter.documented()
        for finding in findings[:20]:
            text = f"**{finding.code}** {finding.name} ({finding.severity.label}): {finding.message}"
            if finding.fix:
                text += f"\n\nFix available: {finding.fix.description}."
            if finding.code in documented:
                rule, plugin = documented[finding.code]
                text += "\n\n```text\n" + explain_text(rule, plugin).rstrip() + "\n```"
            parts.append(text)
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)))

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        """The actions for the requested range only: a fix and a suppression for each of
        its findings the client sends (one suppression per line and code), and "fix all"
        when the client asks for source actions."""
        linted = self.current(params.text_document.uri)
        if linted is None:
            return []
        wanted = params.context.only
        actions: list[types.CodeAction] = []
        if not wanted or any(kind.startswith(types.CodeActionKind.QuickFix) for kind in wanted):
            suppressed: set[tuple[int, str]] = set()
            for diagnostic, finding in self._diagnosed(params, linted):
                if len(actions) >= MAX_QUICK_FIXES:
                    break
                if finding.fix is not None:
                    actions.append(self.fix_action(linted.document, finding, finding.fix, diagnostic))
                if (finding.line, finding.code) not in suppressed:
                    suppressed.add((finding.line, finding.code))
                    suppression = self.suppression_action(linted, finding, diagnostic)
                    if suppression is not None:
                        actions.append(suppression)
        if wanted and any(FIX_ALL.startswith(kind) for kind in wanted) and any(f.fix for f in linted.findings):
            fix_all = self.fix_all_action(linted)
            if fix_all is not None:
                actions.append(fix_all)
        return actions

    def _diagnosed(self, params, linted: Linted):
        """The findings behind the diagnostics the client sends that touch the requested range."""
        asked = _key(params.range)
        for diagnostic in params.context.diagnostics:
            if diagnostic.source != SOURCE:
                continue
            shown = _key(diagnostic.range)
            if shown[2:] < asked[:2] or asked[2:] < shown[:2]:
                continue  # outside the requested range
            data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
            number = data.get("finding")
            if (
                isinstance(number, int)
                and not isinstance(number, bool)
                and data.get("version") == linted.version
                and 0 <= number < len(linted.findings)
            ):
                yield diagnostic, linted.findings[number]
                continue
            finding = linted.finding_for(diagnostic.code, diagnostic.range)  # a client that does not send data back
            if finding is not None:
                yield diagnostic, finding

    def fix_action(self, document: OpenDocument, finding: Finding, fix: Fix, diagnostic) -> types.CodeAction:
        edits = [types.TextEdit(range=document.edit_range(edit.span), new_text=edit.new_text) for edit in fix.edits]
        return types.CodeAction(
            title=f"Fix {finding.code}: {fix.description}",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic],
            is_preferred=True,
            edit=self.workspace_edit(document, edits),
        )

    def fix_all_action(self, linted: Linted) -> types.CodeAction | None:
        """Every safe fix of the version, as one edit: computed once per version."""
        document = linted.document
        if linted._fix_all is None:
            try:
                linted._fix_all = fix_document(self.linter, document.path, document.name, document.linted_text)
            except (ConfigError, CatalogError):
                return None
        outcome = linted._fix_all
        if not outcome.changed:
            return None
        start, end, new_text = _minimal_edit(outcome.before, outcome.after)
        base = len(document.text) - len(document.linted_text)  # a byte order mark the fixer never sees
        edit = types.TextEdit(range=document.offsets_range(base + start, base + end), new_text=new_text)
        return types.CodeAction(
            title=f"planlint: fix all ({len(outcome.applied)} safe fix{'es' if len(outcome.applied) != 1 else ''})",
            kind=FIX_ALL,
            edit=self.workspace_edit(document, [edit]),
        )

    def suppression_action(self, linted: Linted, finding: Finding, diagnostic) -> types.CodeAction | None:
        """``# planlint: disable=CODE -- reason`` for the finding's line: the code added to a
        planlint comment already there, else a comment at the end of the line, else (the
        line ends in another comment) a comment of its own on the line above. Never inside
        a scalar: when the line's end (or start) is inside one, that place is not offered."""
        if finding.code in ("PL000", "PL001") or linted.blocked:
            return None  # a crash is not silenced; in a file that does not parse, comments cannot be read
        document = linted.document
        line = finding.line
        if line > len(document.yaml.starts):
            return None
        places = linted.places()
        if places.unknown:
            return None
        text = document.yaml.line_text(line)
        comment = places.comments.get(line)
        directive = f"# planlint: disable={finding.code} -- {REASON_PLACEHOLDER}"
        match = _LINE_DIRECTIVE.search(comment.text) if comment is not None else None
        if match is not None:
            body = comment.text[match.end() :]
            end = min([i for i in (body.find("--"), body.find("#")) if i >= 0] or [len(body)])
            column = comment.column + match.end() + len(body[:end].rstrip())
            span, new_text = Span(line, column, line, column), f",{finding.code}"
        elif comment is None and not places.inside(document.yaml.starts[line - 1] + len(text)):
            column = len(text.rstrip()) + 1
            span, new_text = Span(line, column, line, len(text) + 1), f"  {directive}"
        elif not places.inside(document.yaml.starts[line - 1]):
            indent = text[: len(text) - len(text.lstrip())]
            span, new_text = Span(line, 1, line, 1), f"{indent}{directive}\n"
        else:
            return None  # both ends of the line are inside a scalar: no place for a comment
        return types.CodeAction(
            title=f"Suppress {finding.code} on this line (fill in the reason)",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic],
            edit=self.workspace_edit(document, [types.TextEdit(range=document.edit_range(span), new_text=new_text)]),
        )


class _SuppressionPlaces:
    """Where a suppression comment may go in one version: its comments by line, and the
    scalars that span lines (a comment added inside one would change the value), from
    one load of the text, the same load linting makes (YAML 1.2 constructs included)."""

    def __init__(self, document: OpenDocument) -> None:
        source = load_text(document.name, document.linted_text)
        self.comments: dict[int, Comment] = {c.line: c for c in source.comments()}
        self.unknown = source.data is None  # not read: no place is certain
        index, lines = source.index, document.yaml
        extents = set()
        for span in _scalar_spans(source.data, index):
            if span.line != span.end_line:
                try:
                    extents.add(lines.offsets(span))
                except ValueError:
                    extents.add((lines.starts[min(span.line, len(lines.starts)) - 1], len(lines.text)))
        ordered = sorted(extents)
        self.starts = [start for start, _ in ordered]
        self.ends = [end for _, end in ordered]

    def inside(self, offset: int) -> bool:
        """Whether ``offset`` (into the linted text) is strictly inside a multi-line scalar."""
        at = bisect_left(self.starts, offset) - 1
        return at >= 0 and offset < self.ends[at]


def _scalar_spans(data, index):
    """The spans of every scalar value and key in ``data`` (each shared mapping or list,
    an alias's target, walked once)."""
    stack, seen = [((), data)], set()
    while stack:
        path, node = stack.pop()
        if isinstance(node, (dict, list)):
            if id(node) in seen:
                continue
            seen.add(id(node))
            items = node.items() if isinstance(node, dict) else enumerate(node)
            for key, value in items:
                child = (*path, key)
                if isinstance(node, dict):
                    key_span = index.key_span(child)
                    if key_span is not None:
                        yield key_span
                stack.append((child, value))
        else:
            span = index.value_span(path)
            if span is not None:
                yield span


def _phase_ids(text: str) -> list[str]:
    """The ids under the plan's ``phases:``, in order: from the document when it reads,
    else (while a line is half typed) from the ``id:`` lines of its ``phases:`` block."""
    if len(text) <= 2 * 1024 * 1024:
        data = load_text("phases.plan.yaml", text).data
        phases = data.get("phases") if isinstance(data, dict) else None
        if isinstance(phases, list):
            ids = [p.get("id") for p in phases if isinstance(p, dict)]
            return list(dict.fromkeys(i for i in ids if isinstance(i, str) and i))
    block = re.search(r"^phases\s*:.*\n((?:(?:[ \t#-].*)?\n)*)", text, re.MULTILINE)
    if block is None:
        return []
    return list(dict.fromkeys(_PHASE_ID.findall(block.group(1))))


def _key(shown: types.Range) -> tuple[int, int, int, int]:
    return (shown.start.line, shown.start.character, shown.end.line, shown.end.character)


def _minimal_edit(before: str, after: str) -> tuple[int, int, str]:
    """One edit turning ``before`` into ``after``: the changed middle, as offsets of ``before``."""
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    end_before, end_after = len(before), len(after)
    while end_before > start and end_after > start and before[end_before - 1] == after[end_after - 1]:
        end_before, end_after = end_before - 1, end_after - 1
    return start, end_before, after[start:end_after]


def create_server(linter_factory: Callable[[], Linter] | None = None) -> PlanlintServer:
    """The language server with its features; ``linter_factory`` builds the engine (tests)."""
    server = PlanlintServer(linter_factory)

    @server.feature(types.INITIALIZE)
    def initialize(ls: PlanlintServer, params: types.InitializeParams) -> None:
        ls.configure(params.initialization_options)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: PlanlintServer, params: types.DidChangeConfigurationParams) -> None:
        settings = params.settings if isinstance(params.settings, dict) else {}
        ls.configure(settings.get("planlint"))
        if isinstance(settings.get("yaml"), dict):
            ls.saw_yaml_settings(settings["yaml"])
        else:
            await ls.ask_yaml_settings()

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[":", " "]))
    def completion(ls: PlanlintServer, params: types.CompletionParams) -> types.CompletionList | None:
        return ls.complete(params)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: PlanlintServer, params: types.InitializedParams) -> None:
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
        await ls.ask_yaml_settings()

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
        elif params.text_document.uri in ls.documents:
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
