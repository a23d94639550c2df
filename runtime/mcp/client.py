"""``McpClient`` and ``AsyncMcpClient``: an MCP server as a tool backend, with the tools API.

``AsyncMcpClient(command=[...])`` (stdio) or ``AsyncMcpClient(url=...)`` (streamable HTTP)
is an async context manager that starts the server and stops it on exit, errors and
Ctrl-C included. ``McpClient`` is its synchronous twin: the session runs on an event loop
in a worker thread. Both offer ``tools.get(...)`` in the provider's format and
``tools.execute(slug, arguments)``, with the four modifier kinds applied as for Composio
tools; a generated MCP toolkit binds to one (``demo.Demo(client)``).

A result's ``data`` is the tool's ``structuredContent`` when the tool declares an
``outputSchema``, otherwise its list of content blocks; ``isError`` becomes
``successful: False`` with the error text.
"""

# Each client and its tools namespace share the session and the listed catalog: one object
# split across classes, whose plumbing (_open, _call, _catalog, ...) stays off the public API.
# pyright: reportPrivateUsage=false

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Generic, cast

from typing_extensions import TypeVar, override

import runtime.inband as inband
import runtime.modifiers as _modifiers
import runtime.serving as serving
from runtime.errors import DEFAULT_MAX_RESPONSE_BYTES, APIError, ComposioError, NotFoundError
from runtime.headers import header_name, header_value
from runtime.jsonvalues import is_array
from runtime.mcp.connection import DEFAULT_TIMEOUT, Connection, Server
from runtime.mcp.content import text_of
from runtime.mcp.tool import server_version, slug_clash, tool_object
from runtime.providers.agentic import AsyncRun, Run
from runtime.providers.base import Provider
from runtime.providers.openai import OpenAIProvider
from runtime.tool import Tool
from runtime.types import ToolExecuteParams, ToolExecutionResponse

if TYPE_CHECKING:
    from anyio.from_thread import BlockingPortal

    from runtime.providers.formats import ChatCompletionFunctionToolParam

ToolT = TypeVar("ToolT", default="ChatCompletionFunctionToolParam")


def _server(
    command: Sequence[str] | None,
    url: str | None,
    env: Mapping[str, str] | None,
    cwd: str | os.PathLike[str] | None,
    headers: Mapping[str, str] | None,
) -> Server:
    if isinstance(command, str):
        raise TypeError("command= is a list of arguments (['uvx', 'mcp-server-time']), not one string")
    for name, value in (headers or {}).items():
        header_value(value, f"the header {header_name(name)!r}")
    try:
        return Server(tuple(command or ()), url, env, os.fspath(cwd) if cwd is not None else None, headers)
    except ValueError as error:
        raise TypeError(str(error)) from None


def _running_loop() -> object:
    """The running asyncio event loop, or ``None`` outside one."""
    import asyncio

    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def response_of(result: Mapping[str, Any], structured: bool) -> ToolExecutionResponse:
    """A ``tools/call`` result as the tools API's ``{data, error, successful}``."""
    content = result.get("content")
    if not is_array(content):
        content = []
    if result.get("isError"):
        return {"data": content, "error": text_of(content) or "the tool reported an error", "successful": False}
    data = result.get("structuredContent") if structured else content
    return {"data": data, "error": None, "successful": True}


class _Catalog:
    """The server's tools as tool objects, listed once per client; what ``get`` serves."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.tools: dict[str, Tool] = {}
        self.names: dict[str, str] = {}  # slug -> the tool's name on the server

    def fill(self, listed: list[dict[str, Any]], info: Mapping[str, Any]) -> None:
        version = server_version(info.get("version"))
        tools: dict[str, Tool] = {}
        names: dict[str, str] = {}
        for entry in listed:
            raw = tool_object(self.name, version, entry)
            clash = slug_clash(self.name, names, raw["slug"], raw["mcp"]["name"])
            if clash is not None:
                raise APIError(f"MCP server {self.name!r}: {clash}")
            tools[raw["slug"]] = Tool.model_validate(raw)
            names[raw["slug"]] = raw["mcp"]["name"]
        self.tools, self.names = tools, names

    def known(self, slug: str) -> Tool:
        tool = self.tools.get(slug)
        if tool is None:
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


def _before(
    modifiers: _modifiers.Modifiers | None, slug: str, toolkit: str, arguments: Mapping[str, Any]
) -> dict[str, Any]:
    params: ToolExecuteParams = {"arguments": dict(arguments)}
    return dict(_modifiers.execute_params(modifiers, slug, toolkit, params)["arguments"])


class AsyncMcpTools(Generic[ToolT]):
    """``client.tools`` of an :class:`AsyncMcpClient`."""

    def __init__(self, client: AsyncMcpClient[ToolT]) -> None:
        self._client = client
        self._catalog = _Catalog(client.name)
        self._offered = inband.ServedTools()  # what get handed to a model

    def _served(self, modifiers: _modifiers.Modifiers | None, chosen: list[Tool]) -> list[Tool]:
        """``chosen`` through schema modifiers, remembered as served."""
        served = _modifiers.schemas(modifiers, chosen)
        self._offered.add(tool.slug for tool in (*chosen, *served))
        return served

    async def _listed(self) -> _Catalog:
        if not self._catalog.tools:
            connection = self._client._here()
            self._catalog.fill(await connection.list_tools(), connection.server_info)
        return self._catalog

    async def list_tools(self) -> list[Tool]:
        """Every tool the server lists (all pages), as tool objects."""
        return (await self._listed()).select(None, None, None, None)

    async def get(
        self,
        user_id: str | None = None,
        *,
        slug: str | None = None,
        tools: Sequence[str] | None = None,
        search: str | None = None,
        modifiers: _modifiers.Modifiers | None = None,
        limit: int | None = None,
    ) -> list[ToolT]:
        """The server's tools (all, ``slug``, ``tools`` or those matching ``search``) in the
        provider's format, through ``schema`` modifiers; ``user_id`` is accepted for symmetry."""
        served = self._served(modifiers, (await self._listed()).select(slug, tools, search, limit))
        return serving.handed_out(self._client.provider, served, None, self._bound(modifiers))

    def _bound(self, modifiers: _modifiers.Modifiers | None) -> AsyncRun:
        async def arun(slug: str, arguments: dict[str, Any]) -> ToolExecutionResponse:
            return await self.execute(slug, arguments, modifiers=modifiers)

        return serving.aguarded(arun, self._client.secrets)

    async def execute(
        self, slug: str, arguments: Mapping[str, Any], *, modifiers: _modifiers.Modifiers | None = None
    ) -> ToolExecutionResponse:
        """Call ``slug`` (one of the listed tools) with ``arguments``; failures come back in-band."""
        catalog = await self._listed()
        tool = catalog.known(slug)
        structured = bool(tool.output_parameters)
        return await self.execute_for_toolkit(
            slug, tool.toolkit.slug, catalog.names[slug], structured, arguments, modifiers
        )

    async def execute_for_toolkit(
        self,
        slug: str,
        toolkit: str,
        name: str,
        structured: bool,
        arguments: Mapping[str, Any],
        modifiers: _modifiers.Modifiers | None,
    ) -> ToolExecutionResponse:
        """``before_execute``, ``tools/call``, ``after_execute``: in that order."""
        sent = _before(modifiers, slug, toolkit, arguments)
        result = await self._client._here().call_tool(name, sent)
        return _modifiers.execution_response(modifiers, slug, toolkit, response_of(result, structured))


class AsyncMcpClient(Generic[ToolT]):
    """An MCP server as a tool backend: ``async with AsyncMcpClient(command=[...]) as client``.

    ``command`` is run without a shell, in ``cwd``, with the SDK's minimal environment
    (``PATH``, ``HOME``, ``USER``, ...; not the caller's API keys) plus ``env``; ``url`` is a
    streamable-HTTP endpoint (``headers`` sent with every request).
    ``name`` is the toolkit the tools belong to (their slugs are ``NAME_TOOL``); a generated
    toolkit passes its own. ``timeout`` bounds the start and every request, in seconds;
    ``max_response_bytes`` caps a tool's result (as JSON), as on ``Composio``.
    """

    def __init__(
        self,
        *,
        command: Sequence[str] | None = None,
        url: str | None = None,
        env: Mapping[str, str] | None = None,
        cwd: str | os.PathLike[str] | None = None,
        headers: Mapping[str, str] | None = None,
        name: str = "mcp",
        provider: Provider[ToolT] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self.server = _server(command, url, env, cwd, headers)
        self.name = name
        self.timeout = timeout
        self.max_response_bytes = max_response_bytes
        self.provider: Provider[ToolT] = provider if provider is not None else cast("Provider[ToolT]", OpenAIProvider())
        self._connection: Connection | None = None
        self._loop: object = None  # the event loop the session was started on
        self.tools: AsyncMcpTools[ToolT] = AsyncMcpTools(self)
        self.provider.bind(None, self._provider_execute)

    def _open(self) -> Connection:
        if self._connection is None:
            raise ComposioError("the MCP client is not started: use `async with AsyncMcpClient(...) as client`")
        return self._connection

    def _here(self) -> Connection:
        """The connection, for a request from the running event loop: the session belongs to
        the loop that started it, so a request from another loop is refused before it is sent."""
        connection = self._open()
        if _running_loop() is not self._loop:
            raise ComposioError(
                "this AsyncMcpClient was started on another event loop (another asyncio.run or thread); "
                "nothing was sent: start one client per event loop, or use McpClient from threads"
            )
        return connection

    @property
    def server_info(self) -> dict[str, Any]:
        """The server's ``serverInfo`` (``name``, ``version``, ...), as it answered the handshake."""
        return self._open().server_info

    @property
    def secrets(self) -> tuple[str, ...]:
        """What no message may show: the values given in ``env`` and ``headers``."""
        return self.server.secrets()

    async def _provider_execute(
        self, slug: str, arguments: dict[str, Any], user_id: str | None, modifiers: _modifiers.Modifiers | None
    ) -> ToolExecutionResponse:
        refusal = self.tools._offered.refusal(slug)
        return await serving.aanswer(
            refusal, slug, lambda: self.tools.execute(slug, arguments, modifiers=modifiers), self.secrets
        )

    async def __aenter__(self) -> AsyncMcpClient[ToolT]:
        if self._connection is not None:
            raise ComposioError("this MCP client is already started")
        connection = Connection(self.server, timeout=self.timeout, max_response_bytes=self.max_response_bytes)
        await connection.__aenter__()
        self._connection, self._loop = connection, _running_loop()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            await connection.__aexit__(*exc_info)

    @override
    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.server.describe()}, name={self.name!r})"


class McpTools(Generic[ToolT]):
    """``client.tools`` of a :class:`McpClient`: :class:`AsyncMcpTools`, run on the client's loop."""

    def __init__(self, client: McpClient[ToolT]) -> None:
        self._client = client

    def _inner(self) -> AsyncMcpTools[ToolT]:
        return self._client._started().tools

    def list_tools(self) -> list[Tool]:
        """Every tool the server lists (all pages), as tool objects."""
        found: list[Tool] = self._client._call(self._inner().list_tools)
        return found

    def get(
        self,
        user_id: str | None = None,
        *,
        slug: str | None = None,
        tools: Sequence[str] | None = None,
        search: str | None = None,
        modifiers: _modifiers.Modifiers | None = None,
        limit: int | None = None,
    ) -> list[ToolT]:
        """See :meth:`AsyncMcpTools.get`."""
        inner = self._inner()
        catalog = self._client._call(inner._listed)
        served = inner._served(modifiers, catalog.select(slug, tools, search, limit))
        return serving.handed_out(self._client.provider, served, self._bound(modifiers), None)

    def _bound(self, modifiers: _modifiers.Modifiers | None) -> Run:
        def run(slug: str, arguments: dict[str, Any]) -> ToolExecutionResponse:
            return self.execute(slug, arguments, modifiers=modifiers)

        return serving.guarded(run, self._client.secrets)

    def execute(
        self, slug: str, arguments: Mapping[str, Any], *, modifiers: _modifiers.Modifiers | None = None
    ) -> ToolExecutionResponse:
        """See :meth:`AsyncMcpTools.execute`."""
        catalog = self._client._call(self._inner()._listed)
        tool = catalog.known(slug)
        structured = bool(tool.output_parameters)
        return self.execute_for_toolkit(slug, tool.toolkit.slug, catalog.names[slug], structured, arguments, modifiers)

    def execute_for_toolkit(
        self,
        slug: str,
        toolkit: str,
        name: str,
        structured: bool,
        arguments: Mapping[str, Any],
        modifiers: _modifiers.Modifiers | None,
    ) -> ToolExecutionResponse:
        """Modifiers run in the caller's thread; only ``tools/call`` runs on the loop."""
        sent = _before(modifiers, slug, toolkit, arguments)
        result = self._client._call(self._client._started()._open().call_tool, name, sent)
        return _modifiers.execution_response(modifiers, slug, toolkit, response_of(result, structured))


class McpClient(Generic[ToolT]):
    """The synchronous twin of :class:`AsyncMcpClient`: ``with McpClient(command=[...]) as client``."""

    def __init__(
        self,
        *,
        command: Sequence[str] | None = None,
        url: str | None = None,
        env: Mapping[str, str] | None = None,
        cwd: str | os.PathLike[str] | None = None,
        headers: Mapping[str, str] | None = None,
        name: str = "mcp",
        provider: Provider[ToolT] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self._async: AsyncMcpClient[ToolT] = AsyncMcpClient(
            command=command,
            url=url,
            env=env,
            cwd=cwd,
            headers=headers,
            name=name,
            provider=provider,
            timeout=timeout,
            max_response_bytes=max_response_bytes,
        )
        self.name = name
        self.provider: Provider[ToolT] = self._async.provider
        self.provider.bind(self._provider_execute, None)
        self.tools: McpTools[ToolT] = McpTools(self)
        self._portal: AbstractContextManager[BlockingPortal] | None = None
        self._session: AbstractContextManager[Any] | None = None
        self._loop: BlockingPortal | None = None

    def _started(self) -> AsyncMcpClient[ToolT]:
        if self._loop is None:
            raise ComposioError("the MCP client is not started: use `with McpClient(...) as client`")
        return self._async

    def _call(self, function: Any, *arguments: Any) -> Any:
        self._started()
        assert self._loop is not None
        return self._loop.call(function, *arguments)

    @property
    def server_info(self) -> dict[str, Any]:
        """The server's ``serverInfo`` (``name``, ``version``, ...), as it answered the handshake."""
        return self._started().server_info

    @property
    def secrets(self) -> tuple[str, ...]:
        """What no message may show: the values given in ``env`` and ``headers``."""
        return self._async.secrets

    def _provider_execute(
        self, slug: str, arguments: dict[str, Any], user_id: str | None, modifiers: _modifiers.Modifiers | None
    ) -> ToolExecutionResponse:
        refusal = self._async.tools._offered.refusal(slug)
        return serving.answer(
            refusal, slug, lambda: self.tools.execute(slug, arguments, modifiers=modifiers), self.secrets
        )

    def __enter__(self) -> McpClient[ToolT]:
        from anyio.from_thread import start_blocking_portal

        if self._loop is not None:
            raise ComposioError("this MCP client is already started")
        portal = start_blocking_portal()
        loop = portal.__enter__()
        session = loop.wrap_async_context_manager(self._async)
        try:
            session.__enter__()
        except BaseException:
            portal.__exit__(None, None, None)
            raise
        self._portal, self._loop, self._session = portal, loop, session
        return self

    def __exit__(self, *exc_info: Any) -> None:
        portal, session = self._portal, self._session
        self._portal = self._session = self._loop = None
        try:
            if session is not None:
                session.__exit__(*exc_info)
        finally:
            if portal is not None:
                portal.__exit__(None, None, None)

    @override
    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._async.server.describe()}, name={self.name!r})"
