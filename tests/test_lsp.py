"""`planlint lsp` driven by a real LSP client (pytest-lsp): diagnostics on open and after
edits, hover, quick fixes, suppressions, configuration problems and raising plugins."""

import asyncio
import os
import re
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

HERE = Path(__file__).parent
FIXES = HERE / "fixtures" / "fixes"
CLEAN = (HERE / "fixtures" / "cli" / "minimal-clean.plan.yaml").read_text(encoding="utf-8")


async def start(client: LanguageClient, root: Path | None = None):
    registrations = []
    client.feature(types.CLIENT_REGISTER_CAPABILITY)(lambda params: registrations.append(params))
    params = types.InitializeParams(capabilities=client_capabilities("visual-studio-code"))
    if root is not None:
        params.root_uri = root.as_uri()
    await client.initialize_session(params)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "planlint", "lsp"]))
async def client(lsp_client: LanguageClient):
    await start(lsp_client)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, str(HERE / "lsp_servers" / "raising_plugins.py")]))
async def raising(lsp_client: LanguageClient):
    await start(lsp_client)
    yield
    await lsp_client.shutdown_session()


async def open_document(client: LanguageClient, path: Path, text: str, version: int = 1) -> list[types.Diagnostic]:
    uri = path.as_uri()
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", version, text)))
    return await diagnostics_for(client, uri)


async def diagnostics_for(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    async def wait():
        while uri not in client.diagnostics:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        return list(client.diagnostics.pop(uri))

    return await asyncio.wait_for(wait(), timeout=30)


async def change(client: LanguageClient, uri: str, version: int, text: str) -> list[types.Diagnostic]:
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=version, uri=uri),
            [types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    return await diagnostics_for(client, uri)


def apply(text: str, edit: types.WorkspaceEdit) -> str:
    """Apply a workspace edit as an LSP client does: lines end at \\r\\n, \\r or \\n only
    (not at U+2028 or U+0085), characters are UTF-16 code units."""
    (document_edit,) = edit.document_changes
    starts = [0] + [m.end() for m in re.finditer("\r\n|\r|\n", text)]

    def offset(position: types.Position) -> int:
        start = starts[position.line]
        units, at = 0, start
        while units < position.character:
            units += 2 if ord(text[at]) > 0xFFFF else 1
            at += 1
        return at

    for change in sorted(document_edit.edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(change.range.start)] + change.new_text + text[offset(change.range.end) :]
    return text


def summary(diagnostics):
    return sorted(
        (d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character) for d in diagnostics
    )


@pytest.mark.asyncio
async def test_diagnostics_on_open_have_codes_ranges_and_links(client: LanguageClient, tmp_path):
    path = tmp_path / "coach.plan.yaml"
    diagnostics = await open_document(client, path, (FIXES / "coach.plan.yaml").read_text(encoding="utf-8"))
    assert summary(diagnostics) == [
        ("PL003", 17, 2, 17, 24),  # next_morning_rule: yes
        ("PL003", 29, 8, 29, 20),  # min_lsi: 0.9
        ("PL003", 39, 4, 39, 17),  # duration: 45m
        ("PL003", 59, 8, 59, 18),  # contration (the key)
    ]
    duration = next(d for d in diagnostics if d.range.start.line == 39)
    assert duration.severity == types.DiagnosticSeverity.Error and duration.source == "planlint"
    assert "for minutes write '45min'" in duration.message
    assert duration.code_description.href == "https://github.com/planlint/planlint/blob/main/docs/rules.md#pl003"


@pytest.mark.asyncio
async def test_an_edit_updates_the_diagnostics(client: LanguageClient, tmp_path):
    path = tmp_path / "a.plan.yaml"
    text = CLEAN.replace("    phase: load\n", "    phase: load\n    duration: 45m\n", 1)
    assert [d.code for d in await open_document(client, path, text)] == ["PL003"]
    assert await change(client, path.as_uri(), 2, text.replace("45m", "45min")) == []
    gap = await change(client, path.as_uri(), 3, text.replace("45m", "45min").replace("day: 8", "day: 20"))
    assert [(d.code, d.range.start.line) for d in gap] == [("PL105", 41)]
    assert gap[0].severity == types.DiagnosticSeverity.Warning


@pytest.mark.asyncio
async def test_a_fix_code_action_gives_a_clean_plan(client: LanguageClient, tmp_path):
    path = tmp_path / "b.plan.yaml"
    text = CLEAN.replace("    phase: load\n", "    phase: laod\n    duration: 45m\n", 1)
    diagnostics = await open_document(client, path, text)
    assert [d.code for d in diagnostics] == ["PL003"]  # the phase id is checked once the schema is satisfied
    for version in (2, 3):
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                types.TextDocumentIdentifier(path.as_uri()),
                diagnostics[0].range,
                types.CodeActionContext(diagnostics=diagnostics),
            )
        )
        fix = next(a for a in actions if a.title.startswith("Fix "))
        assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
        text = apply(text, fix.edit)
        diagnostics = await change(client, path.as_uri(), version, text)
    assert diagnostics == []
    assert "phase: load\n    duration: 45min\n" in text


@pytest.mark.asyncio
async def test_hover_shows_the_advice_a_fix_cannot_give(client: LanguageClient, tmp_path):
    """An exercise with no region: the coach is told how to mark upper-body work on hover, and no
    fix is offered (only the coach knows what the exercise loads)."""
    path = tmp_path / "r.plan.yaml"
    text = (
        "planlint: 1.1\nid: r\ntitle: Region\n"
        "injury: {site: hamstring, type: strain, occurred: 2026-03-14T17:30:00+01:00}\n"
        "monitoring: {max_pain_during: 2, next_morning_rule: true}\n"
        'phases:\n  - id: rehab\nsessions:\n  - day: 1\n    time: "09:00"\n    phase: rehab\n    exercises:\n'
        "      - {name: Dumbbell press, kind: strength, contraction: mixed, load: {rpe: 8}}\n"
        "      - {name: Askling extender, ref: askling_extender}\n"
    )
    diagnostics = await open_document(client, path, text)
    assert ("HS002", 12) in {(d.code, d.range.start.line) for d in diagnostics}  # 0-based: line 13
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(path.as_uri()), types.Position(12, 10))
    )
    assert (
        "if 'Dumbbell press' is upper-body or trunk work, write `region: upper` or `region: trunk` on it" in hover.contents.value
    )
    assert "Fix available" not in hover.contents.value


@pytest.mark.asyncio
async def test_fix_all_and_hover(client: LanguageClient, tmp_path):
    path = tmp_path / "c.plan.yaml"
    original = (FIXES / "coach.plan.yaml").read_text(encoding="utf-8")
    diagnostics = await open_document(client, path, original)
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(path.as_uri()), types.Position(39, 8))
    )
    assert "**PL003** schema (error)" in hover.contents.value and "Why it matters" in hover.contents.value
    assert "Fix available: write '45min' (minutes) instead of '45m'" in hover.contents.value
    nothing = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(path.as_uri()), types.Position(2, 0))
    )
    assert nothing is None
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(path.as_uri()),
            types.Range(types.Position(0, 0), types.Position(0, 0)),
            types.CodeActionContext(diagnostics=[], only=["source.fixAll"]),
        )
    )
    (fix_all,) = actions
    assert fix_all.kind == "source.fixAll.planlint" and "5 safe fixes" in fix_all.title
    assert apply(original, fix_all.edit) == (FIXES / "coach.fixed.plan.yaml").read_text(encoding="utf-8")
    assert diagnostics


@pytest.mark.asyncio
async def test_suppression_code_action(client: LanguageClient, tmp_path):
    path = tmp_path / "d.plan.yaml"
    text = CLEAN.replace("day: 8", "day: 20")
    (gap,) = await open_document(client, path, text)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(path.as_uri()),
            gap.range,
            types.CodeActionContext(diagnostics=[gap]),
        )
    )
    (suppress,) = [a for a in actions if a.title.startswith("Suppress")]
    text = apply(text, suppress.edit)
    assert "  - day: 20  # planlint: disable=PL105 -- TODO: why this is safe\n" in text
    assert await change(client, path.as_uri(), 2, text) == []


@pytest.mark.asyncio
async def test_configuration_errors_and_other_files(client: LanguageClient, tmp_path):
    (tmp_path / "planlint.toml").write_text("bogus = 1\n")
    path = tmp_path / "e.plan.yaml"
    (problem,) = await open_document(client, path, CLEAN)
    assert problem.code == "configuration" and problem.range.start.line == 0
    assert "unknown key(s) bogus" in problem.message
    (tmp_path / "planlint.toml").write_text("ignore = ['HS008']\n")
    assert await change(client, path.as_uri(), 2, CLEAN) == []  # the changed file is read again
    compose = tmp_path / "docker-compose.yaml"
    assert await open_document(client, compose, "services:\n  web: {image: nginx}\n") == []


@pytest.mark.asyncio
async def test_a_raising_plugin_does_not_kill_the_server(raising: LanguageClient, tmp_path):
    path = tmp_path / "f.plan.yaml"
    diagnostics = await open_document(raising, path, CLEAN)
    assert {(d.code, d.range.start.line) for d in diagnostics} == {("PL000", 0), ("plugin", 0)}
    crash = next(d for d in diagnostics if d.code == "PL000")
    assert "rule ZZ900 (explodes) from plugin 'explodes' crashed on this file: RuntimeError: kaboom" in crash.message
    plugin = next(d for d in diagnostics if d.code == "plugin")
    assert "the catalog service is down" in plugin.message
    again = await change(raising, path.as_uri(), 2, CLEAN.replace("45m", "x"))  # still serving
    assert {d.code for d in again} == {"PL000", "plugin"}


@pytest.mark.filterwarnings("ignore")
def test_without_pygls_the_command_says_what_to_install(monkeypatch):
    from click.testing import CliRunner

    from planlint.cli import main

    monkeypatch.delitem(sys.modules, "planlint.lsp", raising=False)
    monkeypatch.setitem(sys.modules, "pygls.lsp.server", None)  # import fails as if not installed
    result = CliRunner().invoke(main, ["lsp"])
    assert result.exit_code == 2
    # planlint is on no package index: the hint names commands that work (issue 19)
    assert 'pip install "planlint[lsp] @ git+https://github.com/planlint/planlint"' in result.stderr
    assert 'pip install -e ".[lsp]"' in result.stderr
    assert "pip install 'planlint[lsp]'" not in result.stderr


# ----------------------------------------------------------------------------- documents, positions, code actions (issue 18)


async def code_actions(client: LanguageClient, uri: str, diagnostics, only=None, whole=None):
    asked = whole or (diagnostics[0].range if diagnostics else types.Range(types.Position(0, 0), types.Position(0, 0)))
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri), asked, types.CodeActionContext(diagnostics=diagnostics, only=only)
        )
    )


@pytest.mark.asyncio
async def test_a_change_to_a_document_never_opened_is_not_read_from_disk(client: LanguageClient, tmp_path):
    """A didChange for a FIFO nobody opened used to make the server read it, and hang."""
    fifo = tmp_path / "pipe.plan.yaml"
    os.mkfifo(fifo)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=2, uri=fifo.as_uri()),
            [types.TextDocumentContentChangePartial(range=types.Range(types.Position(0, 0), types.Position(0, 1)), text="x")],
        )
    )
    assert await open_document(client, tmp_path / "a.plan.yaml", CLEAN) == []  # still serving
    assert fifo.as_uri() not in client.diagnostics


@pytest.mark.asyncio
async def test_a_quick_fix_after_a_u2028_edits_its_own_line(client: LanguageClient, tmp_path):
    """U+2028 ends a line for the YAML reader and str.splitlines, not for LSP: positions
    used to shift by a line after one, so a quick fix overwrote other text."""
    text = (
        CLEAN.replace("title: Minimal clean", 'title: "Minimal\u2028clean', 1)
        .replace("hamstring plan\n", 'hamstring plan"\n', 1)
        .replace("    phase: load\n", "    phase: load\n    duration: 45m\n", 1)
    )
    assert "\u2028" in text
    (diagnostic,) = await open_document(client, tmp_path / "u.plan.yaml", text)
    actions = await code_actions(client, (tmp_path / "u.plan.yaml").as_uri(), [diagnostic])
    fix = next(a for a in actions if a.title.startswith("Fix "))
    assert apply(text, fix.edit) == text.replace("duration: 45m", "duration: 45min")


@pytest.mark.asyncio
async def test_fix_all_on_a_document_with_lone_carriage_returns(client: LanguageClient, tmp_path):
    original = (FIXES / "coach.plan.yaml").read_text(encoding="utf-8").replace("\n", "\r")
    path = tmp_path / "cr.plan.yaml"
    await open_document(client, path, original)
    (fix_all,) = await code_actions(client, path.as_uri(), [], only=["source.fixAll"])
    assert apply(original, fix_all.edit) == (FIXES / "coach.fixed.plan.yaml").read_text(encoding="utf-8").replace("\n", "\r")


@pytest.mark.asyncio
async def test_fix_all_is_computed_only_when_source_actions_are_asked_for(client: LanguageClient, tmp_path):
    path = tmp_path / "c.plan.yaml"
    diagnostics = await open_document(client, path, (FIXES / "coach.plan.yaml").read_text(encoding="utf-8"))
    quick = await code_actions(client, path.as_uri(), diagnostics[:1])
    assert quick and all(a.kind == types.CodeActionKind.QuickFix for a in quick)
    assert [a.kind for a in await code_actions(client, path.as_uri(), [], only=["source"])] == ["source.fixAll.planlint"]


@pytest.mark.asyncio
async def test_a_suppression_never_lands_inside_a_multi_line_scalar(client: LanguageClient, tmp_path):
    text = CLEAN.replace("    phase: load\n", '    phase: load\n    duration: "45\n      m"\n', 1)
    path = tmp_path / "m.plan.yaml"
    (diagnostic,) = await open_document(client, path, text)
    actions = await code_actions(client, path.as_uri(), [diagnostic])
    (suppress,) = [a for a in actions if a.title.startswith("Suppress")]
    fixed = apply(text, suppress.edit)
    assert '    # planlint: disable=PL003 -- TODO: why this is safe\n    duration: "45\n      m"\n' in fixed
    assert await change(client, path.as_uri(), 2, fixed) == []  # suppressed, and the value is as it was


@pytest.mark.asyncio
async def test_uris_with_a_nul_or_a_lone_surrogate_are_linted_not_failed(client: LanguageClient, tmp_path):
    for uri in ("file:///tmp/bad%00name.plan.yaml", "file:///tmp/bad\ud800name.plan.yaml"):
        client.diagnostics.pop(uri, None)
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, CLEAN.replace("day: 8", "day: 20")))
        )
        diagnostics = await diagnostics_for(client, uri)
        assert [d.code for d in diagnostics] == ["PL105"], [d.message for d in diagnostics]


@pytest.mark.asyncio
async def test_one_suppression_per_line_and_code_however_many_findings(client: LanguageClient, tmp_path):
    sessions = ", ".join(f"{{day: {2 + i % 3}, phase: load, duration: 45m}}" for i in range(300))
    text = CLEAN.split("sessions:")[0] + f"sessions: [{sessions}]\n"
    path = tmp_path / "w.plan.yaml"
    diagnostics = await open_document(client, path, text)
    assert len(diagnostics) == 300 and {d.code for d in diagnostics} == {"PL003"}
    line = diagnostics[0].range.start.line
    whole = types.Range(types.Position(line, 0), types.Position(line + 1, 0))
    actions = await code_actions(client, path.as_uri(), diagnostics, whole=whole)
    assert len([a for a in actions if a.title.startswith("Suppress")]) == 1
    assert len([a for a in actions if a.title.startswith("Fix ")]) == 199  # capped: MAX_QUICK_FIXES in all


@pytest.mark.asyncio
async def test_phase_ids_are_completed_after_phase(client: LanguageClient, tmp_path):
    """Issue 19 item 10: `phase:` completes the plan's own phase ids (yaml-language-server
    cannot know them), in block and flow style, also while the line is half typed."""
    path = tmp_path / "p.plan.yaml"
    text = CLEAN.replace("  - day: 5\n", "  - day: 4\n    phase: lo\n  - {day: 6, phase: \n  - day: 5\n", 1)
    await open_document(client, path, text)
    lines = text.splitlines()
    block = next(i for i, line in enumerate(lines) if line == "    phase: lo")
    flow = next(i for i, line in enumerate(lines) if line.startswith("  - {day: 6, phase: "))
    document = types.TextDocumentIdentifier(path.as_uri())
    typed = await client.text_document_completion_async(types.CompletionParams(document, types.Position(block, 13)))
    assert [item.label for item in typed.items] == ["load"]
    every = await client.text_document_completion_async(types.CompletionParams(document, types.Position(flow, 20)))
    phases = [line.split("id:")[1].strip() for line in CLEAN.split("sessions:")[0].splitlines() if "- id:" in line]
    assert [item.label for item in every.items] == phases and len(phases) >= 2
    elsewhere = await client.text_document_completion_async(types.CompletionParams(document, types.Position(0, 3)))
    assert elsewhere is None or elsewhere.items == []


@pytest.mark.asyncio
async def test_a_plan_only_the_general_rules_checked_says_so_on_line_1(client: LanguageClient, tmp_path):
    """Issue 16: the note every format prints, as information (nothing in the plan is wrong)."""
    path = tmp_path / "ankle.plan.yaml"
    diagnostics = await open_document(client, path, CLEAN.replace("site: hamstring", "site: ankle", 1))
    assert [(d.code, d.severity, d.range.start.line, d.message) for d in diagnostics] == [
        (
            "rules-run",
            types.DiagnosticSeverity.Information,
            0,
            "planlint: only the general rules ran (core): planlint has no ankle-specific rules",
        )
    ]
    assert await open_document(client, tmp_path / "hamstring.plan.yaml", CLEAN) == []
