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

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Mapping, Sequence
from concurrent.futures import wait
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Generic, cast

from typing_extensions import TypeVar, TypeVarTuple, Unpack, override

import runtime.mcp.started as started
import runtime.modifiers as _modifiers
import runtime.serving as serving
from runtime.errors import DEFAULT_MAX_RESPONSE_BYTES, ComposioError
from runtime.headers import header_name, header_value
from runtime.mcp.callbacks import Handlers, adapted
from runtime.mcp.connection import DEFAULT_TIMEOUT, Server
from runtime.mcp.session import Session
from runtime.mcp.started import AsyncMcpTask, McpTask
from runtime.mcp.tasks import CANCEL_WITHIN
from runtime.mcp.tool import McpTool
from runtime.providers.agentic import AsyncRun, Run
from runtime.providers.base import Provider
from runtime.providers.openai import OpenAIProvider
from runtime.tool import Tool
from runtime.types import ToolExecutionResponse

if TYPE_CHECKING:
    from anyio.from_thread import BlockingPortal
    from mcp.client.session import ElicitationFnT, ListRootsFnT, SamplingFnT
    from mcp.shared.dispatcher import ProgressFnT

    from runtime.mcp.callbacks import AnyElicitation, AnyListRoots, AnyProgress, AnySampling
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


class AsyncMcpTools(Generic[ToolT]):
    """``client.tools`` of an :class:`AsyncMcpClient`."""

    def __init__(self, session: Session, provider: Provider[ToolT], secrets: tuple[str, ...]) -> None:
        self._session = session
        self._provider = provider
        self._secrets = secrets

    async def list_tools(self) -> list[Tool]:
        """Every tool the server lists (all pages), as tool objects."""
        return (await self._session.listed()).select(None, None, None, None)

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
        chosen = (await self._session.listed()).select(slug, tools, search, limit)
        served = self._session.served(modifiers, chosen)
        return serving.handed_out(self._provider, served, None, self._bound(modifiers))

    def _bound(self, modifiers: _modifiers.Modifiers | None) -> AsyncRun:
        async def arun(slug: str, arguments: dict[str, Any]) -> ToolExecutionResponse:
            return await self.execute(slug, arguments, modifiers=modifiers)

        return serving.aguarded(arun, self._secrets)

    async def execute(
        self, slug: str, arguments: Mapping[str, Any], *, modifiers: _modifiers.Modifiers | None = None
    ) -> ToolExecutionResponse:
        """Call ``slug`` (one of the listed tools) with ``arguments``; failures come back in-band."""
        toolkit, tool = await self._session.target(slug)
        return await self.execute_for_toolkit(slug, toolkit, tool, arguments, modifiers)

    async def execute_for_toolkit(
        self,
        slug: str,
        toolkit: str,
        tool: McpTool,
        arguments: Mapping[str, Any],
        modifiers: _modifiers.Modifiers | None,
    ) -> ToolExecutionResponse:
        """The call a generated toolkit makes (applications call :meth:`execute`):
        ``before_execute``, ``tools/call``, ``after_execute``, in that order; refused in-band,
        with nothing sent, when the tool needs a handler the client was not given."""
        session = self._session
        refused = session.refused(slug, tool)
        if refused is not None:
            return refused
        result = await session.send(tool, session.before(modifiers, slug, toolkit, arguments))
        return session.after(modifiers, slug, toolkit, result, tool.structured)

    async def start_task(
        self, slug: str, arguments: Mapping[str, Any], *, modifiers: _modifiers.Modifiers | None = None
    ) -> AsyncMcpTask:
        """Start ``slug`` as a task on the server and return at once, for long jobs: poll it
        with ``status()``, wait with ``result()``, stop it with ``cancel()``
        (:mod:`runtime.mcp.started`). The server must run tool calls as tasks."""
        return await started.start(self._session, slug, arguments, modifiers)

    async def answer(
        self, slug: str, arguments: dict[str, Any], modifiers: _modifiers.Modifiers | None
    ) -> ToolExecutionResponse:
        """One call a model made through ``handle_tool_calls``: refused unless served, failures in-band."""
        refusal = self._session.offered.refusal(slug)
        return await serving.aanswer(
            refusal, slug, lambda: self.execute(slug, arguments, modifiers=modifiers), self._secrets
        )


class AsyncMcpClient(Generic[ToolT]):
    """An MCP server as a tool backend: ``async with AsyncMcpClient(command=[...]) as client``.

    ``command`` is run without a shell, in ``cwd``, with the SDK's minimal environment
    (``PATH``, ``HOME``, ``USER``, ...; not the caller's API keys) plus ``env``; ``url`` is a
    streamable-HTTP endpoint (``headers`` sent with every request).
    ``name`` is the toolkit the tools belong to (their slugs are ``NAME_TOOL``); a generated
    toolkit passes its own. ``timeout`` bounds the start and every request, in seconds;
    ``max_response_bytes`` caps a tool's result (as JSON), as on ``Composio``.

    ``sampling_callback``, ``elicitation_callback`` and ``list_roots_callback`` answer what the
    server asks of the client (a model's completion, the user's input, the folders it may use),
    with the official SDK's signatures; each declares its capability, so the server lists the
    tools that need it, and no capability is declared without one. ``progress_callback``
    receives every call's progress (``progress, total, message``).
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
        sampling_callback: SamplingFnT | None = None,
        elicitation_callback: ElicitationFnT | None = None,
        list_roots_callback: ListRootsFnT | None = None,
        progress_callback: ProgressFnT | None = None,
    ) -> None:
        self.server = _server(command, url, env, cwd, headers)
        self.name = name
        self.timeout = timeout
        self.max_response_bytes = max_response_bytes
        self.provider: Provider[ToolT] = provider if provider is not None else cast("Provider[ToolT]", OpenAIProvider())
        handlers = Handlers(sampling_callback, elicitation_callback, list_roots_callback, progress_callback)
        self.session = Session(self.server, name, timeout, max_response_bytes, handlers)
        self.tools: AsyncMcpTools[ToolT] = AsyncMcpTools(self.session, self.provider, self.secrets)
        self.provider.bind(None, self._provider_execute)

    @property
    def server_info(self) -> dict[str, Any]:
        """The server's ``serverInfo`` (``name``, ``version``, ...), as it answered the handshake."""
        return self.session.connection("async with AsyncMcpClient(...) as client").server_info

    @property
    def secrets(self) -> tuple[str, ...]:
        """What no message may show: the values given in ``env`` and ``headers``."""
        return self.server.secrets()

    async def _provider_execute(
        self, slug: str, arguments: dict[str, Any], user_id: str | None, modifiers: _modifiers.Modifiers | None
    ) -> ToolExecutionResponse:
        return await self.tools.answer(slug, arguments, modifiers)

    async def __aenter__(self) -> AsyncMcpClient[ToolT]:
        await self.session.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.session.stop(*exc_info)

    @override
    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.server.describe()}, name={self.name!r})"


Arguments = TypeVarTuple("Arguments")
R = TypeVar("R")


class _Worker:
    """The event loop in a worker thread that a :class:`McpClient`'s session runs on."""

    def __init__(self) -> None:
        self._portal: AbstractContextManager[BlockingPortal] | None = None
        self._session: AbstractContextManager[Any] | None = None
        self._loop: BlockingPortal | None = None

    def run(self, function: Callable[[Unpack[Arguments]], Awaitable[R]], *arguments: Unpack[Arguments]) -> R:
        """``function(*arguments)`` on the worker's loop, waited for in the caller's thread;
        Ctrl-C there cancels it on the loop."""
        if self._loop is None:
            raise ComposioError("the MCP client is not started: use `with McpClient(...) as client`")
        future = self._loop.start_task_soon(function, *arguments)
        try:
            return future.result()
        except KeyboardInterrupt:  # Ctrl-C: the request is cancelled (a task's server told) before it is raised
            future.cancel()
            wait([future], timeout=CANCEL_WITHIN + 1)
            raise

    def start(self, session: AsyncMcpClient[Any]) -> None:
        from anyio.from_thread import start_blocking_portal

        if self._loop is not None:
            raise ComposioError("this MCP client is already started")
        portal = start_blocking_portal()
        loop = portal.__enter__()
        entered = loop.wrap_async_context_manager(session)
        try:
            entered.__enter__()
        except BaseException:
            portal.__exit__(None, None, None)
            raise
        self._portal, self._loop, self._session = portal, loop, entered

    def stop(self, *exc_info: Any) -> None:
        portal, session = self._portal, self._session
        self._portal = self._session = self._loop = None
        try:
            if session is not None:
                session.__exit__(*exc_info)
        finally:
            if portal is not None:
                portal.__exit__(None, None, None)


class McpTools(Generic[ToolT]):
    """``client.tools`` of a :class:`McpClient`: :class:`AsyncMcpTools`, run on the client's loop."""

    def __init__(self, session: Session, worker: _Worker, provider: Provider[ToolT], secrets: tuple[str, ...]) -> None:
        self._session = session
        self._worker = worker
        self._provider = provider
        self._secrets = secrets

    def list_tools(self) -> list[Tool]:
        """Every tool the server lists (all pages), as tool objects."""
        return self._worker.run(self._session.listed).select(None, None, None, None)

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
        chosen = self._worker.run(self._session.listed).select(slug, tools, search, limit)
        served = self._session.served(modifiers, chosen)
        return serving.handed_out(self._provider, served, self._bound(modifiers), None)

    def _bound(self, modifiers: _modifiers.Modifiers | None) -> Run:
        def run(slug: str, arguments: dict[str, Any]) -> ToolExecutionResponse:
            return self.execute(slug, arguments, modifiers=modifiers)

        return serving.guarded(run, self._secrets)

    def execute(
        self, slug: str, arguments: Mapping[str, Any], *, modifiers: _modifiers.Modifiers | None = None
    ) -> ToolExecutionResponse:
        """See :meth:`AsyncMcpTools.execute`."""
        toolkit, tool = self._worker.run(self._session.target, slug)
        return self.execute_for_toolkit(slug, toolkit, tool, arguments, modifiers)

    def execute_for_toolkit(
        self,
        slug: str,
        toolkit: str,
        tool: McpTool,
        arguments: Mapping[str, Any],
        modifiers: _modifiers.Modifiers | None,
    ) -> ToolExecutionResponse:
        """See :meth:`AsyncMcpTools.execute_for_toolkit`; modifiers run in the caller's
        thread, only ``tools/call`` on the client's loop."""
        session = self._session
        refused = session.refused(slug, tool)
        if refused is not None:
            return refused
        result = self._worker.run(session.send, tool, session.before(modifiers, slug, toolkit, arguments))
        return session.after(modifiers, slug, toolkit, result, tool.structured)

    def start_task(
        self, slug: str, arguments: Mapping[str, Any], *, modifiers: _modifiers.Modifiers | None = None
    ) -> McpTask:
        """See :meth:`AsyncMcpTools.start_task`."""
        return McpTask(self._worker.run(started.start, self._session, slug, arguments, modifiers), self._worker.run)

    def answer(
        self, slug: str, arguments: dict[str, Any], modifiers: _modifiers.Modifiers | None
    ) -> ToolExecutionResponse:
        """See :meth:`AsyncMcpTools.answer`."""
        refusal = self._session.offered.refusal(slug)
        return serving.answer(refusal, slug, lambda: self.execute(slug, arguments, modifiers=modifiers), self._secrets)


class McpClient(Generic[ToolT]):
    """The synchronous twin of :class:`AsyncMcpClient`: ``with McpClient(command=[...]) as client``.

    Its handlers may also be plain functions (``def sample(context, params): ...``): each runs
    in a worker thread, so it may block while the session goes on."""

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
        sampling_callback: AnySampling | None = None,
        elicitation_callback: AnyElicitation | None = None,
        list_roots_callback: AnyListRoots | None = None,
        progress_callback: AnyProgress | None = None,
    ) -> None:
        handlers = adapted(Handlers(sampling_callback, elicitation_callback, list_roots_callback, progress_callback))
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
            sampling_callback=handlers.sampling,
            elicitation_callback=handlers.elicitation,
            list_roots_callback=handlers.roots,
            progress_callback=handlers.progress,
        )
        self.name = name
        self.provider: Provider[ToolT] = self._async.provider
        self.provider.bind(self._provider_execute, None)
        self._worker = _Worker()
        self.tools: McpTools[ToolT] = McpTools(self._async.session, self._worker, self.provider, self.secrets)

    @property
    def server_info(self) -> dict[str, Any]:
        """The server's ``serverInfo`` (``name``, ``version``, ...), as it answered the handshake."""
        return self._async.session.connection("with McpClient(...) as client").server_info

    @property
    def secrets(self) -> tuple[str, ...]:
        """What no message may show: the values given in ``env`` and ``headers``."""
        return self._async.secrets

    def _provider_execute(
        self, slug: str, arguments: dict[str, Any], user_id: str | None, modifiers: _modifiers.Modifiers | None
    ) -> ToolExecutionResponse:
        return self.tools.answer(slug, arguments, modifiers)

    def __enter__(self) -> McpClient[ToolT]:
        self._worker.start(self._async)
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._worker.stop(*exc_info)

    @override
    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._async.server.describe()}, name={self.name!r})"
