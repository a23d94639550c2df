"""An MCP server as the oldest SDKs wrote them, for the tests: JSON-RPC over stdio, the
``initialize`` handshake only, and a process that stops on any method it does not know
(as ``mcp`` 1.8 and older did on ``server/discover``), or with ``--ignore`` never answers
it. One tool, ``echo``. With ``$LEGACY_LOG`` set, each method asked is written there."""

from __future__ import annotations

import json
import os
import sys

TOOL = {
    "name": "echo",
    "description": "Echo a message back.",
    "inputSchema": {"type": "object", "properties": {"message": {"type": "string"}}, "required": ["message"]},
}


def _answer(request: dict[str, object]) -> dict[str, object]:
    method, params = request["method"], request.get("params") or {}
    assert isinstance(params, dict)
    if method == "initialize":
        return {
            "protocolVersion": "2025-03-26",
            "capabilities": {"tools": {}},
            "serverInfo": {"name": "legacy", "version": "0.9.0"},
        }
    if method == "tools/list":
        return {"tools": [TOOL]}
    if method == "tools/call":
        return {"content": [{"type": "text", "text": params["arguments"]["message"]}]}
    raise SystemExit(f"legacy: unknown method {method}")  # what the old SDKs did


def main() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        if os.environ.get("LEGACY_LOG"):
            with open(os.environ["LEGACY_LOG"], "a", encoding="utf-8") as log:
                log.write(f"{request['method']}\n")
        if "id" not in request:  # a notification
            continue
        if request["method"] not in ("initialize", "tools/list", "tools/call") and "--ignore" in sys.argv:
            continue
        result = _answer(request)
        sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": request["id"], "result": result}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
