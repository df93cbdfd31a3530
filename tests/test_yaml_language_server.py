"""A real editor client: yaml-language-server (the YAML support of VS Code, Neovim, Helix...)
with the schema mapping `planlint init` writes, on an example plan.

yaml-language-server comes from npm: `.ci/run` installs it and sets
PLANLINT_YAML_LANGUAGE_SERVER to its entry script. Without it (or without node) the
test is skipped, except under CI, where it must run.
"""

import asyncio
import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lsprotocol import types
from pytest_lsp import client_capabilities, make_test_lsp_client

from planlint.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "hamstring-grade2b-criteria.plan.yaml"
SCHEMA = json.loads((ROOT / "schemas" / "plan.schema.json").read_text(encoding="utf-8"))

# A session appended to the example as a coach would be typing it: a key still to write,
# a ref still to choose, a misspelt key, and minutes written as m.
TYPING = """\
  - day: 30
    duration: 45m
    
    exercises:
      - name: Nordic hamstring curl
        contration: eccentric
        ref: 
"""


def yaml_language_server() -> str:
    script = os.environ.get("PLANLINT_YAML_LANGUAGE_SERVER") or str(
        ROOT / ".ci" / "node" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
    )
    problem = None
    if shutil.which("node") is None:
        problem = "node is not installed"
    elif not Path(script).is_file():
        problem = f"yaml-language-server is not installed at {script} (.ci/run installs it with npm)"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the yaml-language-server test: {problem}")
        pytest.skip(problem)
    return script


def position(text: str, needle: str, after: bool = True) -> types.Position:
    """Where ``needle`` (found in the appended session) ends (or starts)."""
    offset = text.index(needle, text.index("  - day: 30\n"))
    offset += len(needle) if after else 0
    line = text.count("\n", 0, offset)
    return types.Position(line, offset - (text.rfind("\n", 0, offset) + 1))


@pytest.mark.asyncio
async def test_yaml_language_server_with_the_schema_from_planlint_init(tmp_path):
    script = yaml_language_server()
    (tmp_path / "plans").mkdir()
    plan = tmp_path / "plans" / "winger.plan.yaml"
    # The example copied as it is (issue 19: it carries no modeline, which would win over
    # the editor's mapping): the copy relies on `planlint init`'s.
    text = EXAMPLE.read_text(encoding="utf-8").rstrip("\n") + "\n" + TYPING
    plan.write_text(text, encoding="utf-8")
    assert CliRunner().invoke(main, ["init", str(tmp_path)]).exit_code == 0
    settings = json.loads((tmp_path / ".vscode" / "settings.json").read_text(encoding="utf-8"))

    client = make_test_lsp_client()
    client.feature(types.CLIENT_REGISTER_CAPABILITY)(lambda params: None)
    client.set_configuration(
        {"schemas": settings["yaml.schemas"], "validate": True, "hover": True, "completion": True}, section="yaml"
    )
    await client.start_io("node", script, "--stdio")
    try:
        await client.initialize_session(
            types.InitializeParams(
                capabilities=client_capabilities("visual-studio-code"),
                root_uri=tmp_path.as_uri(),
                workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="plans")],
            )
        )
        client.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"yaml": client.get_configuration(section="yaml")})
        )
        uri = plan.as_uri()
        client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text)))
        document = types.TextDocumentIdentifier(uri)
        # The first diagnostics mean the schema is loaded.
        for _ in range(100):
            if client.diagnostics.get(uri):
                break
            await asyncio.sleep(0.2)

        # Completion inside a session offers the session's keys, `phase` among them.
        blank = types.Position(position(text, "45m").line + 1, 4)
        keys = await client.text_document_completion_async(types.CompletionParams(document, blank))
        assert "phase" in [item.label for item in keys.items]

        # Completion on `ref:` offers the catalog's ids.
        refs = await client.text_document_completion_async(types.CompletionParams(document, position(text, "ref: ")))
        labels = [item.label for item in refs.items]
        catalog = [s["label"] for s in SCHEMA["$defs"]["exercise"]["properties"]["ref"]["defaultSnippets"]]
        assert set(catalog) <= set(labels) and len(catalog) > 20

        # Hover on a key shows its description.
        hover = await client.text_document_hover_async(types.HoverParams(document, position(text, "duration: 45m", after=False)))
        assert SCHEMA["$defs"]["session"]["properties"]["duration"]["markdownDescription"] in hover.contents.value

        # A misspelt key and minutes written as m get the friendly messages.
        messages = {(d.range.start.line, d.message) for d in client.diagnostics[uri]}
        assert (position(text, "contration").line, SCHEMA["$defs"]["exercise"]["errorMessage"]) in messages
        assert (position(text, "45m").line, SCHEMA["$defs"]["duration"]["patternErrorMessage"]) in messages
        assert not any("pattern" in message for _, message in messages)
    finally:
        await client.shutdown_session()
        await client.stop()


# ---------------------------------------------------------------------- both servers at once (issue 19)

#: A session with schema mistakes (a value no fix can guess, minutes written as m, a
#: misspelt key) and one mistake the schema cannot see (a format 1.1 key in a
#: `planlint: 1` plan).
MISTAKES = """\
  - day: 30
    phase: return
    duration: 45m
    exercises:
      - name: Wobble board
        kind: wobbly
        contraction: mixed
      - name: Bench press
        ref: bench_press
        contration: mixed
        region: upper
"""


async def _yaml_client(script: str, root: Path, settings: dict):
    client = make_test_lsp_client()
    client.feature(types.CLIENT_REGISTER_CAPABILITY)(lambda params: None)
    client.set_configuration(
        {"schemas": settings["yaml.schemas"], "validate": True, "hover": True, "completion": True}, section="yaml"
    )
    await client.start_io("node", script, "--stdio")
    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="plans")],
        )
    )
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"yaml": client.get_configuration(section="yaml")})
    )
    return client


async def _planlint_client(root: Path, settings: dict, options: dict | None = None):
    """planlint's server as VS Code runs it beside the YAML extension: asked for the
    `yaml` section, the client answers with the YAML extension's settings."""
    client = make_test_lsp_client()
    client.feature(types.CLIENT_REGISTER_CAPABILITY)(lambda params: None)
    client.set_configuration({"schemas": settings["yaml.schemas"]}, section="yaml")
    await client.start_io(sys.executable, "-m", "planlint", "lsp")
    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=root.as_uri(),
            initialization_options=options,
        )
    )
    return client


async def _settled(client, uri: str, seconds: float = 1.5) -> list:
    for _ in range(150):
        if client.diagnostics.get(uri) is not None:
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(seconds)  # a later publish (after the settings arrived) replaces the first
    return list(client.diagnostics.get(uri) or [])


@pytest.mark.asyncio
async def test_each_schema_mistake_shows_once_with_both_servers(tmp_path):
    script = yaml_language_server()
    (tmp_path / "plans").mkdir()
    plan = tmp_path / "plans" / "winger.plan.yaml"
    text = EXAMPLE.read_text(encoding="utf-8").rstrip("\n") + "\n" + MISTAKES
    plan.write_text(text, encoding="utf-8")
    assert CliRunner().invoke(main, ["init", str(tmp_path)]).exit_code == 0
    settings = json.loads((tmp_path / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    uri = plan.as_uri()
    item = types.TextDocumentItem(uri, "yaml", 1, text)
    line = {needle: position(text, needle).line for needle in ("45m", "wobbly", "contration", "region")}

    yaml_client = await _yaml_client(script, tmp_path, settings)
    try:
        yaml_client.text_document_did_open(types.DidOpenTextDocumentParams(item))
        yaml_lines = {
            d.range.start.line for d in await _settled(yaml_client, uri) if d.severity == types.DiagnosticSeverity.Error
        }
        # The ref hover is short: no list of the catalog (issue 19 item 10).
        hover = await yaml_client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), position(text, "ref: bench", after=False))
        )
        assert hover is not None and len(hover.contents.value.splitlines()) <= 15, hover.contents.value
        assert "Allowed Values" not in hover.contents.value
    finally:
        await yaml_client.shutdown_session()
    assert {line["45m"], line["wobbly"], line["contration"]} <= yaml_lines
    assert line["region"] not in yaml_lines  # the 1.1 key: only planlint sees it

    shown = {}
    for mode in ("auto", "all"):
        client = await _planlint_client(tmp_path, settings, {"schemaDiagnostics": mode})
        try:
            client.text_document_did_open(types.DidOpenTextDocumentParams(item))
            shown[mode] = await _settled(client, uri)
        finally:
            await client.shutdown_session()

    def loud(diagnostics):  # what an editor lists as problems
        return {
            (d.range.start.line, d.code)
            for d in diagnostics
            if d.severity in (types.DiagnosticSeverity.Error, types.DiagnosticSeverity.Warning)
        }

    # auto, beside the YAML extension with planlint's schema: each schema mistake once (from
    # yaml-language-server); planlint's fixable ones are hints that carry the quick fix; what
    # the schema cannot see is still an error.
    assert not {ln for ln, code in loud(shown["auto"]) if code == "PL003"} & yaml_lines
    hints = {d.range.start.line for d in shown["auto"] if d.severity == types.DiagnosticSeverity.Hint}
    assert {line["45m"], line["contration"]} <= hints and line["wobbly"] not in hints
    assert (line["region"], "PL003") in loud(shown["auto"])
    # "all": planlint says everything itself, as without yaml-language-server.
    assert {(line["45m"], "PL003"), (line["wobbly"], "PL003"), (line["contration"], "PL003")} <= loud(shown["all"])
