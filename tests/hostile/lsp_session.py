"""Recorded language-server sessions for the hostile corpus: the client's messages, framed
as LSP frames them, written to ``planlint lsp``'s standard input at once, and its replies
read back from standard output."""

from __future__ import annotations

import json
from pathlib import Path


def frame(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def session(*messages: dict) -> bytes:
    """initialize, initialized, ``messages``, shutdown, exit."""
    start = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
    ]
    end = [{"jsonrpc": "2.0", "id": 999, "method": "shutdown"}, {"jsonrpc": "2.0", "method": "exit"}]
    return b"".join(frame(m) for m in [*start, *messages, *end])


def did_open(path: Path, text: str, uri: str | None = None) -> dict:
    item = {"uri": uri or path.as_uri(), "languageId": "yaml", "version": 1, "text": text}
    return {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": item}}


def did_change(uri: str, version: int, text: str) -> dict:
    return {
        "jsonrpc": "2.0",
        "method": "textDocument/didChange",
        "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [
                {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}, "text": text}
            ],
        },
    }


def code_action(request: int, uri: str, line: int, diagnostics: list[dict], only: list[str] | None = None) -> dict:
    context = {"diagnostics": diagnostics} | ({"only": only} if only else {})
    whole_line = {"start": {"line": line, "character": 0}, "end": {"line": line + 1, "character": 0}}
    return {
        "jsonrpc": "2.0",
        "id": request,
        "method": "textDocument/codeAction",
        "params": {"textDocument": {"uri": uri}, "range": whole_line, "context": context},
    }


def replies(stdout: str) -> list[dict]:
    """The server's messages, in order."""
    out, data = [], stdout.encode()
    while data:
        header, _, rest = data.partition(b"\r\n\r\n")
        length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
        out.append(json.loads(rest[:length]))
        data = rest[length:]
    return out


def diagnostics_of(messages: list[dict], uri: str) -> list[dict]:
    published = [m for m in messages if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri]
    assert published, [m.get("method") for m in messages]
    return published[-1]["params"]["diagnostics"]
