"""One started MCP server as the tools API sees it: the executor behind both MCP clients.

A :class:`Session` owns the connection (and the event loop it belongs to), the server's
listed tools (:class:`Catalog`) and the set of tools handed to a model; it answers
``tools/call`` as the tools API's ``{data, error, successful}`` with the modifiers applied.
``AsyncMcpClient`` runs it on the caller's loop, ``McpClient`` on a loop in a worker thread.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

import runtime.inband as inband
import runtime.modifiers as modifiers_
from runtime.errors import APIError, ComposioError, NotFoundError
from runtime.jsonvalues import is_array
from runtime.mcp.callbacks import Handlers
from runtime.mcp.connection import Connection, Server
from runtime.mcp.content import text_of
from runtime.mcp.tool import McpTool, mcp_tool_of, server_name, server_version, tool_objects
from runtime.tool import Tool
from runtime.types import ToolExecuteParams, ToolExecutionResponse


def response_of(result: Mapping[str, Any], structured: bool) -> ToolExecutionResponse:
    """A ``tools/call`` result as the tools API's ``{data, error, successful}``; a result of
    another ``resultType`` than ``complete`` (2026-07-28; absent is ``complete``) is a failure."""
    content = result.get("content")
    if not is_array(content):
        content = []
    kind = result.get("resultType", "complete")
    if kind != "complete":
        error = f"the server answered a result of type {str(kind)[:80]!r}, which this client cannot use"
        return {"data": content, "error": error, "successful": False}
    if result.get("isError"):
        return {"data": content, "error": text_of(content) or "the tool reported an error", "successful": False}
    data = result.get("structuredContent") if structured else content
    return {"data": data, "error": None, "successful": True}


def running_loop() -> object:
    """The running asyncio event loop, or ``None`` outside one."""
    import asyncio

    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Catalog:
    """The server's tools as tool objects, listed once per session; what ``get`` serves."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.tools: dict[str, Tool] = {}
        self.calls: dict[str, McpTool] = {}  # slug -> how to call it: its name on the server, ...
        self.clashes: list[str] = []  # tools of one slug, left out: why

    def fill(self, listed: list[dict[str, Any]], info: Mapping[str, Any]) -> None:
        """The catalog of ``listed``: tools that cannot be told apart are left out (the others
        stay usable), and asking for one of their slugs says why."""
        self.clashes = []
        try:
            raws = tool_objects(
                self.name, server_version(info.get("version")), listed, server_name(info), None, self.clashes
            )
        except ValueError as error:
            raise APIError(f"MCP server {self.name!r}: {error}") from None
        self.tools = {raw["slug"]: Tool.model_validate(raw) for raw in raws}
        self.calls = {raw["slug"]: mcp_tool_of(raw) or McpTool(raw["mcp"]["name"]) for raw in raws}

    def known(self, slug: str) -> Tool:
        tool = self.tools.get(slug)
        if tool is None:
            clash = next((clash for clash in self.clashes if f" {slug};" in clash), None)
            if clash is not None:
                raise NotFoundError(f"{slug}: the MCP server {self.name!r} lists {clash}")
            raise NotFoundError(f"{slug} is not a tool of the MCP server {self.name!r}; its tools: {self.listing()}")
        return tool

    def listing(self) -> str:
        slugs = sorted(self.tools)
        return ", ".join(slugs[:10]) + (", ..." if len(slugs) > 10 else "") if slugs else "none"

    def select(
        self, slug: str | None, tools: Sequence[str] | None, search: str | None, limit: int | None
    ) -> list[Tool]:
        if slug is not None or tools is not None:
            chosen = [self.known(s) for s in ([slug] if slug is not None else []) + list(tools or ())]
        else:
            words = (search or "").lower()
            chosen = [
                tool
                for _, tool in sorted(self.tools.items())
                if words in f"{tool.slug} {tool.name} {tool.description}".lower()
            ]
        return chosen[:limit] if limit is not None else chosen


class Session:
    """The connection to one server, its catalog and its served set, from start to stop."""

    def __init__(
        self, server: Server, name: str, timeout: float, max_response_bytes: int, handlers: Handlers | None = None
    ) -> None:
        self.server = server
        self.handlers = handlers or Handlers()
        self.name = name
        self.timeout = timeout
        self.max_response_bytes = max_response_bytes
        self.catalog = Catalog(name)
        self.offered = inband.ServedTools()  # what get handed to a model
        self._connection: Connection | None = None
        self._loop: object = None  # the event loop the session was started on
        self._fresh_until: float | None = None  # when the listing goes stale (monotonic clock)

    @property
    def started(self) -> bool:
        return self._connection is not None

    def connection(self, how: str) -> Connection:
        """The connection, or a refusal saying to start the client ``how``."""
        if self._connection is None:
            raise ComposioError(f"the MCP client is not started: use `{how}`")
        return self._connection

    def here(self) -> Connection:
        """The connection, for a request from the running event loop: the session belongs to
        the loop that started it, so a request from another loop is refused before it is sent."""
        connection = self.connection("async with AsyncMcpClient(...) as client")
        if running_loop() is not self._loop:
            raise ComposioError(
                "this AsyncMcpClient was started on another event loop (another asyncio.run or thread); "
                "nothing was sent: start one client per event loop, or use McpClient from threads"
            )
        return connection

    async def start(self) -> None:
        if self._connection is not None:
            raise ComposioError("this MCP client is already started")
        connection = Connection(
            self.server, timeout=self.timeout, max_response_bytes=self.max_response_bytes, handlers=self.handlers
        )
        await connection.__aenter__()
        self._connection, self._loop = connection, running_loop()

    async def stop(self, *exc_info: object) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            await connection.__aexit__(*exc_info)

    async def listed(self) -> Catalog:
        """The catalog, listed from the server the first time it is asked for, and again once
        the listing is older than the ``ttlMs`` the server gave it (none given: for the session)."""
        if not self.catalog.tools or (self._fresh_until is not None and time.monotonic() >= self._fresh_until):
            connection = self.here()
            self.catalog.fill(await connection.list_tools(), connection.server_info)
            ttl = connection.listing_ttl
            self._fresh_until = None if ttl is None else time.monotonic() + ttl
        return self.catalog

    def served(self, modifiers: modifiers_.Modifiers | None, chosen: list[Tool]) -> list[Tool]:
        """``chosen`` through schema modifiers, remembered as handed to a model."""
        served = modifiers_.schemas(modifiers, chosen)
        self.offered.add(tool.slug for tool in (*chosen, *served))
        return served

    def refused(self, slug: str, tool: McpTool) -> ToolExecutionResponse | None:
        """The in-band refusal of ``tool``, which needs a handler this client was not given
        (nothing is sent), or ``None``."""
        refusal = self.handlers.refusal(slug, tool.needs)
        return None if refusal is None else {"data": None, "error": refusal, "successful": False}

    def before(
        self, modifiers: modifiers_.Modifiers | None, slug: str, toolkit: str, arguments: Mapping[str, Any]
    ) -> dict[str, Any]:
        """The arguments ``before_execute`` modifiers leave, as they will be sent."""
        params: ToolExecuteParams = {"arguments": dict(arguments)}
        return dict(modifiers_.execute_params(modifiers, slug, toolkit, params)["arguments"])

    async def send(self, tool: McpTool, arguments: dict[str, Any]) -> dict[str, Any]:
        """``tools/call`` of ``tool`` (as a task if it has them), on the session's event loop."""
        return await self.here().call_tool(tool.name, arguments, tool.task_support)

    def after(
        self,
        modifiers: modifiers_.Modifiers | None,
        slug: str,
        toolkit: str,
        result: Mapping[str, Any],
        structured: bool,
    ) -> ToolExecutionResponse:
        """The result as the tools API's response, through ``after_execute`` modifiers."""
        return modifiers_.execution_response(modifiers, slug, toolkit, response_of(result, structured))

    async def target(self, slug: str) -> tuple[str, McpTool]:
        """``slug``'s toolkit, and how to call it: from the listing at hand, stale or not (the
        server refuses a call whose schema moved on), else from a new one."""
        catalog = self.catalog if slug in self.catalog.calls else await self.listed()
        return catalog.known(slug).toolkit.slug, catalog.calls[slug]
