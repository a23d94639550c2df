"""What an MCP server asks of its client: sampling, elicitation, roots and progress (issue 31).

The demo server's asking tools (``tests/mcpdemo/asking.py``) are listed only when the
client declares the capability, as the MCP reference server does. Over the 2026-07-28
protocol they answer ``input_required`` and the SDK resumes the call with the handler's
answer; with ``--handshake-only`` the server sends the request itself. The handlers are the
same either way.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any

import pytest

pytest.importorskip("mcp")

import mcp_types as types
from mcp.client.context import ClientRequestContext
from pydantic import FileUrl

from runtime import AsyncMcpClient, McpClient
from tests.conftest import REPO
from tests.mcpdemo.servers import demo_command, demo_http

ASKING = ["DEMO_ASK_NAME", "DEMO_LIST_FOLDERS", "DEMO_SUMMARIZE"]
CALLS = {"DEMO_SUMMARIZE": {"text": "a long text"}, "DEMO_ASK_NAME": {}, "DEMO_LIST_FOLDERS": {}}
ANSWERS = {"DEMO_SUMMARIZE": "summary: short", "DEMO_ASK_NAME": "hello, Ada", "DEMO_LIST_FOLDERS": "file:///srv/app"}


def sample(context: ClientRequestContext, params: types.CreateMessageRequestParams) -> types.CreateMessageResult:
    assert params.messages[0].content == types.TextContent(type="text", text="a long text")
    return types.CreateMessageResult(role="assistant", content=types.TextContent(type="text", text="short"), model="m")


def elicit(context: ClientRequestContext, params: types.ElicitRequestParams) -> types.ElicitResult:
    return types.ElicitResult(action="accept", content={"name": "Ada"})


async def roots(context: ClientRequestContext) -> types.ListRootsResult:
    return types.ListRootsResult(roots=[types.Root(uri=FileUrl("file:///srv/app"))])


@pytest.mark.parametrize("era", [(), ("--handshake-only",)], ids=["2026-07-28", "handshake"])
def test_a_capability_is_declared_only_with_its_handler_and_served_by_it(era: tuple[str, ...]) -> None:
    """Without handlers the server lists none of the asking tools; with them (plain functions
    in the sync client, run in a worker thread, and an async one) each call is answered."""
    progress: list[tuple[float, float | None, str | None]] = []
    with McpClient(command=demo_command("--asks", *era), name="demo") as bare:
        listed = {tool.slug for tool in bare.tools.list_tools()}
        assert "DEMO_COUNT_DOWN" in listed and not listed & set(ASKING)
    with McpClient(
        command=demo_command("--asks", *era),
        name="demo",
        sampling_callback=sample,
        elicitation_callback=elicit,
        list_roots_callback=roots,
        progress_callback=lambda done, total, message: progress.append((done, total, message)),
    ) as client:
        assert set(ASKING) <= {tool.slug for tool in client.tools.list_tools()}
        for slug in ASKING:
            response = client.tools.execute(slug, CALLS[slug])
            assert response["successful"] and response["data"][0]["text"] == ANSWERS[slug], response
        assert client.tools.execute("DEMO_COUNT_DOWN", {"steps": 3})["data"][0]["text"] == "lift-off"
    assert progress == [(1, 3, "step 1"), (2, 3, "step 2"), (3, 3, "step 3")]


def test_the_async_client_over_streamable_http_asks_its_async_handlers() -> None:
    async def asample(
        context: ClientRequestContext, params: types.CreateMessageRequestParams
    ) -> types.CreateMessageResult:
        return sample(context, params)

    async def aelicit(context: ClientRequestContext, params: types.ElicitRequestParams) -> types.ElicitResult:
        return types.ElicitResult(action="decline")

    async def main(url: str) -> list[Any]:
        async with AsyncMcpClient(
            url=url, name="demo", sampling_callback=asample, elicitation_callback=aelicit, list_roots_callback=roots
        ) as client:
            return list(await asyncio.gather(*(client.tools.execute(slug, CALLS[slug]) for slug in ASKING)))

    with demo_http("--asks") as url:
        answers = asyncio.run(main(url))
    assert [answer["data"][0]["text"] for answer in answers] == [
        "the user chose decline",
        "file:///srv/app",
        "summary: short",
    ]


def test_a_server_the_discovery_probe_breaks_is_started_with_the_handshake() -> None:
    """Servers of the oldest SDKs stop on ``server/discover``; they worked before the client
    spoke 2026-07-28 first, and still do."""
    legacy = [sys.executable, str(REPO / "tests" / "mcpdemo" / "legacy_server.py")]
    with McpClient(command=legacy, name="legacy") as client:
        assert client.server_info == {"name": "legacy", "version": "0.9.0"}
        assert client.tools.execute("LEGACY_ECHO", {"message": "hi"})["data"] == [{"type": "text", "text": "hi"}]
