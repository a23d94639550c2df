"""A small MCP server for the tests, from the official ``mcp`` package's low-level ``Server``.

``python demo_server.py [--http PORT] [--variant N] [--name NAME] [--version V] [--asks] [--handshake-only]
[--tasks] [--modern] [--ttl-ms N] [--crash | --hang | --garbage]``

It serves 12 tools, 5 per ``tools/list`` page: a structured-output tool, a destructive one
that answers ``isError`` for a negative id, one with nested input and image output, and
fillers. ``--variant 2`` changes one tool's description (drift); ``--crash`` exits at start
after writing to stderr (with ``$DEMO_SECRET`` in it, to prove it is scrubbed), ``--hang``
never answers, ``--garbage`` prints non-JSON on stdout. With ``$DEMO_PID_FILE`` set it
writes its process id there, so tests can tell that it was stopped.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import anyio
import asking  # beside this file: the server runs as a script, with its own folder on the path
import mcp_types as types
import modern as modern_tools
import tasks as task_tools
from mcp.server import Server
from mcp.server.stdio import stdio_server
from mcp.shared.exceptions import MCPError

PAGE = 5


def _tools(variant: int) -> list[types.Tool]:
    weather = types.Tool(
        name="get_weather",
        title="Get weather",
        description="Current weather for a city.",
        input_schema={
            "type": "object",
            "properties": {
                "city": {"type": "string", "description": "City name."},
                "units": {"type": "string", "enum": ["metric", "imperial"], "default": "metric"},
            },
            "required": ["city"],
        },
        output_schema={
            "type": "object",
            "properties": {
                "temperature": {"type": "number", "description": "Degrees."},
                "conditions": {"type": "string"},
            },
            "required": ["temperature", "conditions"],
        },
        annotations=types.ToolAnnotations(read_only_hint=True, open_world_hint=False),
    )
    delete = types.Tool(
        name="delete-note",
        description="Delete a note by id.",
        input_schema={"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]},
        annotations=types.ToolAnnotations(destructive_hint=True, idempotent_hint=True),
    )
    echo = types.Tool(
        name="echo",
        description="Echo a message back." if variant == 1 else "Echo a message back, and remember it.",
        input_schema={
            "type": "object",
            "properties": {
                "message": {"type": "string"},
                "options": {
                    "type": "object",
                    "description": "How to echo.",
                    "properties": {"shout": {"type": "boolean"}, "repeat": {"type": "integer", "minimum": 1}},
                },
            },
            "required": ["message"],
        },
    )
    picture = types.Tool(
        name="make_picture",
        description="A one-pixel picture and its caption.",
        input_schema={"type": "object", "properties": {}},
    )
    fillers = [
        types.Tool(
            name=f"filler_{number:02d}",
            description=f"Filler tool number {number}.",
            input_schema={"type": "object", "properties": {"value": {"type": "string"}}},
        )
        for number in range(1, 9)
    ]
    return [weather, delete, echo, picture, *fillers]


def _text(text: str) -> types.TextContent:
    return types.TextContent(type="text", text=text)


def build(
    variant: int,
    misfit: bool = False,
    twins: bool = False,
    name: str = "demo",
    version: str = "1.4.0",
    asks: bool = False,
    handshake_only: bool = False,
    tasks: bool = False,
    modern: bool = False,
    ttl_ms: int | None = None,
) -> Server[Any]:
    """The demo server; ``misfit``: get_weather's structured content breaks its outputSchema;
    ``twins``: a second tool, ``get-weather``, maps to get_weather's slug; ``name`` and
    ``version``: what its ``serverInfo`` says; ``asks``: the tools that ask the client
    (:mod:`tests.mcpdemo.asking`); ``handshake_only``: it refuses ``server/discover``, so
    clients speak a handshake-era protocol with it; ``tasks``: the task tool ``research``
    (:mod:`tests.mcpdemo.tasks`); ``modern``: the tools of the 2026-07-28 protocol
    (:mod:`tests.mcpdemo.modern`); ``ttl_ms``: how long a client may keep its listing."""
    tools = _tools(variant)
    if twins:
        tools.append(
            types.Tool(name="get-weather", description="The same, spelt apart.", input_schema={"type": "object"})
        )

    async def list_tools(ctx: Any, params: types.PaginatedRequestParams | None) -> types.ListToolsResult:
        start = int(params.cursor) if params is not None and params.cursor else 0
        following = start + PAGE
        every = [
            *tools,
            *(asking.tools(ctx) if asks else ()),
            *([task_tools.RESEARCH, task_tools.QUICK] if tasks else ()),
            *(modern_tools.tools(ctx) if modern else ()),
        ]
        return types.ListToolsResult(
            tools=every[start:following],
            next_cursor=str(following) if following < len(every) else None,
            **({"ttl_ms": ttl_ms} if ttl_ms is not None else {}),
        )

    async def call_tool(
        ctx: Any, params: types.CallToolRequestParams
    ) -> types.CallToolResult | types.InputRequiredResult:
        asked = await asking.call(ctx, params) if asks else None
        if asked is not None:
            return asked
        if tasks and params.name == "research":
            return task_tools.refuse_plain_call()
        if tasks and params.name == "quick":
            return types.CallToolResult(content=[_text("quick answer")])
        answered = modern_tools.call(ctx, params) if modern else None
        if answered is not None:
            return answered
        arguments = params.arguments or {}
        if params.name == "get_weather":
            data: dict[str, Any] = {"temperature": 21.5, "conditions": f"sunny in {arguments['city']}"}
            if misfit:
                data = {"temperature": "hot"}
            return types.CallToolResult(content=[_text(str(data))], structured_content=data)
        if params.name == "delete-note":
            if arguments["id"] < 0:
                return types.CallToolResult(content=[_text(f"note {arguments['id']} does not exist")], is_error=True)
            return types.CallToolResult(content=[_text(f"deleted note {arguments['id']}")])
        if params.name == "echo":
            options = arguments.get("options") or {}
            message = arguments["message"].upper() if options.get("shout") else arguments["message"]
            return types.CallToolResult(content=[_text(" ".join([message] * options.get("repeat", 1)))])
        if params.name == "make_picture":
            pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
            return types.CallToolResult(
                content=[types.ImageContent(type="image", data=pixel, mime_type="image/png"), _text("one pixel")]
            )
        return types.CallToolResult(content=[_text(f"{params.name}: {arguments.get('value', '')}")])

    extra: dict[str, Any] = {"lifespan": task_tools.lifespan} if tasks else {}
    server = Server(name, version=version, on_list_tools=list_tools, on_call_tool=call_tool, **extra)
    if tasks:
        task_tools.serve_tasks(server)
        plain = server.get_capabilities

        def with_tasks(*arguments: Any, **keywords: Any) -> types.ServerCapabilities:
            capabilities = plain(*arguments, **keywords)
            capabilities.tasks = task_tools.capabilities()
            return capabilities

        server.get_capabilities = with_tasks  # type: ignore[method-assign]  # stdio and HTTP alike
    if handshake_only:

        async def no_discovery(ctx: Any, params: Any) -> Any:
            raise MCPError(code=types.METHOD_NOT_FOUND, message="server/discover: this server speaks 2025-11-25")

        server.add_request_handler("server/discover", types.RequestParams, no_discovery)
    return server


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--http", type=int, metavar="PORT")
    parser.add_argument("--variant", type=int, default=1)
    parser.add_argument("--crash", action="store_true")
    parser.add_argument("--hang", action="store_true")
    parser.add_argument("--garbage", action="store_true")
    parser.add_argument("--misfit", action="store_true")
    parser.add_argument("--twins", action="store_true")
    parser.add_argument("--name", default="demo")
    parser.add_argument("--version", default="1.4.0")
    parser.add_argument("--asks", action="store_true")
    parser.add_argument("--handshake-only", action="store_true")
    parser.add_argument("--tasks", action="store_true")
    parser.add_argument("--modern", action="store_true")
    parser.add_argument("--ttl-ms", type=int)
    arguments = parser.parse_args()
    if os.environ.get("DEMO_PID_FILE"):
        Path(os.environ["DEMO_PID_FILE"]).write_text(str(os.getpid()), encoding="utf-8")
    if arguments.crash:
        secret = os.environ.get("DEMO_SECRET", "")
        print(f"demo: cannot open the database with key {secret}: permission denied", file=sys.stderr)
        password = urlsplit(secret).password if "://" in secret else None
        if password:  # a server that quotes one part of its configuration
            print(f"demo: the password {password} was refused", file=sys.stderr)
        raise SystemExit(3)
    if arguments.hang:
        time.sleep(3600)
    if arguments.garbage:
        print("Welcome to the demo server! <html>not json</html>", flush=True)
        time.sleep(3600)
    server = build(
        arguments.variant,
        misfit=arguments.misfit,
        twins=arguments.twins,
        name=arguments.name,
        version=arguments.version,
        asks=arguments.asks,
        handshake_only=arguments.handshake_only,
        tasks=arguments.tasks,
        modern=arguments.modern,
        ttl_ms=arguments.ttl_ms,
    )
    if arguments.http is not None:
        import uvicorn

        uvicorn.run(server.streamable_http_app(), host="127.0.0.1", port=arguments.http, log_level="warning")
        return

    async def serve() -> None:
        async with stdio_server() as (read, write):
            await server.run(read, write, server.create_initialization_options())

    anyio.run(serve)


if __name__ == "__main__":
    main()
