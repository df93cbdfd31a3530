"""The language server on a templated plan (format 1.1): one diagnostic per template line and
code, listing the written-out sessions; hover on a `use` item shows what it writes out."""

import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient
from test_lsp import open_document, start
from test_templates import PLAN


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "planlint", "lsp"]))
async def client(lsp_client: LanguageClient):
    await start(lsp_client)
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_a_template_line_has_one_diagnostic_listing_its_occurrences(client: LanguageClient, tmp_path):
    path = tmp_path / "t.plan.yaml"
    diagnostics = await open_document(client, path, PLAN)
    sprint = [d for d in diagnostics if d.code == "HS005"]
    assert len(sprint) == 1 and sprint[0].range.start.line == 25  # 0-based: the template's `- name: Flying sprint`
    assert "found in 15 written-out sessions: day 9 (the use at line 31), day 11 at 10:00 (the repeat at line 36)" in (
        sprint[0].message
    )
    assert "and 5 more" in sprint[0].message
    related = sprint[0].related_information
    assert len(related) == 15 and related[0].location.range.start.line == 30 and related[1].location.range.start.line == 35


@pytest.mark.asyncio
async def test_hover_on_a_use_item_shows_what_it_writes_out(client: LanguageClient, tmp_path):
    path = tmp_path / "t.plan.yaml"
    await open_document(client, path, PLAN)
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(path.as_uri()), types.Position(35, 6))  # the repeat of line 36
    )
    value = hover.contents.value
    assert value.startswith("**use: gym-a** writes out 8 sessions: on day 11 at 10:00, on day 13 at 10:00")
    assert '- day: 11\n  time: "10:00"\n  phase: strength' in value
