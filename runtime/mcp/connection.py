"""One live connection to an MCP server, through the official ``mcp`` SDK (async).

A :class:`Server` says how to reach it: a command run without a shell over stdio, or a
streamable-HTTP URL. :class:`Connection` starts it (the handshake bounded by ``timeout``,
declaring the capabilities its :class:`~runtime.mcp.callbacks.Handlers` serve),
lists every page of ``tools/list``, calls tools and stops it; every failure becomes a
:class:`~runtime.errors.ComposioError` naming the server, with the tail of its stderr for a
stdio server, and with the environment and header values taken out. Only this module
imports ``mcp``, and only when a connection opens.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import IO, Any
from urllib.parse import parse_qsl, urlsplit

import anyio
from anyio.abc import TaskStatus

from runtime.errors import (
    DEFAULT_MAX_RESPONSE_BYTES,
    APIConnectionError,
    APIError,
    APITimeoutError,
    ComposioError,
    ResponseTooLargeError,
    scrub,
    shown_url,
)
from runtime.mcp.callbacks import Handlers
from runtime.mcp.tasks import RunningTask, supports_tasks

DEFAULT_TIMEOUT = 60.0
_QUIET = logging.NullHandler()
MAX_PAGES = 1000  # a server whose cursor never ends is cut off
STDERR_TAIL = 2000  # characters of a stdio server's stderr shown in an error


@dataclass(frozen=True)
class Server:
    """How to reach an MCP server: ``command`` (argv, run without a shell) or ``url``."""

    command: tuple[str, ...] = ()
    url: str | None = None
    env: Mapping[str, str] | None = None
    cwd: str | None = None
    headers: Mapping[str, str] | None = field(default=None)
    hidden: tuple[str, ...] = ()  # more secret values: each ``${VAR}`` expanded into env or headers

    def __post_init__(self) -> None:
        if bool(self.command) == (self.url is not None):
            raise ValueError("an MCP server needs exactly one of command=[...] or url=...")

    def describe(self) -> str:
        """``"`uvx mcp-server-time`"`` or the URL without its credentials and query, for messages."""
        return f"`{' '.join(self.command)}`" if self.command else shown_url(str(self.url))

    def secrets(self) -> tuple[str, ...]:
        """Values no message may show: the environment and header values given, the parts
        that carry a secret inside them (the token of ``Bearer TOKEN``, a URL's password),
        the URL's password and query values, and every ``hidden`` value."""
        values = [*(self.env or {}).values(), *(self.headers or {}).values()]
        found = [*values, *self.hidden, *_url_secrets(self.url)]
        for value in values:
            found += value.split()[1:]
            found += [part for part in (_password(word) for word in value.split()) if part]
        return tuple(dict.fromkeys(value for value in found if value))


def _url_secrets(url: str | None) -> list[str]:
    """What a URL may carry that is secret: its password and its query's values."""
    if not url:
        return []
    parts = urlsplit(url)
    values = [value for _, value in parse_qsl(parts.query, keep_blank_values=False)]
    return [*values, *([parts.password] if parts.password else [])]


def _password(text: str) -> str | None:
    """The password of a URL with credentials (``postgres://user:PASSWORD@host``)."""
    if "://" not in text:
        return None
    try:
        return urlsplit(text).password
    except ValueError:
        return None


class MissingMcpError(ComposioError):
    """The ``mcp`` SDK is not installed: MCP servers need ``pip install 'toolstubs[mcp]'``."""

    def __init__(self) -> None:
        super().__init__("MCP servers need the mcp extra (the `mcp` package): pip install 'toolstubs[mcp]'")


class Connection:
    """An open session with one MCP server; ``async with Connection(server) as connection``."""

    def __init__(
        self,
        server: Server,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        handlers: Handlers | None = None,
        handshake_only: bool = False,
    ) -> None:
        self.server = server
        self.timeout = timeout
        self.max_response_bytes = max_response_bytes
        self.server_info: dict[str, Any] = {}
        self.protocol_version = ""  # as negotiated: "2026-07-28", or a handshake-era version
        self.modern = False  # a protocol of server/discover (2026-07-28 and later), not of the handshake
        self.listing_ttl: float | None = None  # seconds the last listing stays fresh, if the server said
        self.handlers = handlers or Handlers()
        self.handshake_only = handshake_only  # skip server/discover: the server is known to be handshake-era
        self._client: Any = None
        self._stack = AsyncExitStack()
        self._closed = anyio.Event()
        self._stderr: IO[str] | None = None
        self._garbage: str | None = None  # the first line the server sent that is not JSON-RPC

    # -- opening and closing ---------------------------------------------------------------
    def _transport(self) -> Any:
        try:
            from mcp import StdioServerParameters
            from mcp.client.stdio import stdio_client
            from mcp.client.streamable_http import streamable_http_client
            from mcp.shared._httpx_utils import create_mcp_http_client
        except ImportError as error:
            raise MissingMcpError() from error
        if self.server.url is not None:
            http = create_mcp_http_client(headers=dict(self.server.headers or {}))
            return streamable_http_client(self.server.url, http_client=http)
        self._stderr = tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace")
        parameters = StdioServerParameters(
            command=self.server.command[0],
            args=list(self.server.command[1:]),
            env=dict(self.server.env) if self.server.env is not None else None,
            cwd=self.server.cwd,
        )
        return stdio_client(parameters, errlog=self._stderr)

    async def _on_message(self, message: object) -> None:
        if isinstance(message, Exception) and self._garbage is None:
            self._garbage = _message(message)[:300]

    async def _serve(self, mode: str, *, task_status: TaskStatus[Any]) -> None:
        from mcp import Client
        from mcp_types.version import MODERN_PROTOCOL_VERSIONS

        logging.getLogger("mcp").addHandler(_QUIET)  # its parse errors reach us as values, not tracebacks
        client = Client(
            self._transport(),
            mode=mode,
            cache=None,
            message_handler=self._on_message,
            **self.handlers.client_keywords(),
        )
        async with client:
            # The SDK raises on structured content that does not fit the tool's outputSchema and
            # drops the result; toolstubs checks it itself (a typed call returns a ToolMisfit with
            # the raw result kept), so that check is off for this session.
            client.session.validate_tool_result = _accepted  # type: ignore[method-assign]
            info = client.server_info
            self.server_info = info.model_dump(mode="json", by_alias=True, exclude_none=True) if info else {}
            self.protocol_version = str(client.protocol_version or "")
            self.modern = self.protocol_version in MODERN_PROTOCOL_VERSIONS
            task_status.started(client)
            await self._closed.wait()

    async def __aenter__(self) -> Connection:
        """Start the server at the newest protocol both speak (``auto``: ``server/discover``,
        else the ``initialize`` handshake); a server that the probe itself breaks (old SDKs
        stop on an unknown method) is started once more with the handshake alone.
        ``handshake_only`` skips the probe, for a server known not to answer it (one that
        ignores it costs the SDK's discovery timeout, 10 s, every time)."""
        if self.handshake_only:
            await self._open("legacy")
            return self
        try:
            await self._open("auto")
        except APITimeoutError:
            raise
        except ComposioError:
            self._stack, self._closed, self._garbage = AsyncExitStack(), anyio.Event(), None
            await self._open("legacy")
        return self

    async def _open(self, mode: str) -> None:
        try:
            tasks = await self._stack.enter_async_context(anyio.create_task_group())
            with anyio.fail_after(self.timeout):
                self._client = await tasks.start(self._serve, mode)
        except BaseException as error:
            self._closed.set()
            failure = self._failure(error, "start") if isinstance(error, Exception) else None
            await self._close_quietly()
            if failure is not None:
                raise failure from None
            raise

    async def __aexit__(self, *exc_info: object) -> None:
        self._closed.set()
        await self._close_quietly()

    async def _close_quietly(self) -> None:
        try:  # the session's own shutdown is shielded and bounded (the SDK stops the process)
            await self._stack.aclose()
        except Exception:  # a server that dies while stopping has nothing more to say
            pass
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    # -- requests ----------------------------------------------------------------------------
    async def list_tools(self) -> list[dict[str, Any]]:
        """Every tool the server lists, every page, as wire JSON (camelCase keys); the shortest
        ``ttlMs`` of its pages, in seconds, is kept as :attr:`listing_ttl` (``None``: not said)."""
        self.listing_ttl = None
        tools: list[dict[str, Any]] = []
        cursor: str | None = None
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            try:
                with anyio.fail_after(self.timeout):
                    page = await self._client.list_tools(cursor=cursor)
            except Exception as error:
                raise self._failure(error, "tools/list") from None
            tools += [tool.model_dump(mode="json", by_alias=True, exclude_none=True) for tool in page.tools]
            said = "ttl_ms" in getattr(page, "model_fields_set", ())  # 2026-07-28: how long it stays fresh
            ttl = getattr(page, "ttl_ms", None) if said else None
            if isinstance(ttl, (int, float)) and not isinstance(ttl, bool):
                fresh = max(float(ttl), 0.0) / 1000
                self.listing_ttl = fresh if self.listing_ttl is None else min(self.listing_ttl, fresh)
            cursor = page.next_cursor
            if not cursor:
                return tools
            if cursor in seen:
                raise APIError(f"MCP server {self.server.describe()}: tools/list repeats the cursor {cursor!r}")
            seen.add(cursor)
        raise APIError(f"MCP server {self.server.describe()}: tools/list has more than {MAX_PAGES} pages")

    async def call_tool(
        self, name: str, arguments: Mapping[str, Any], task_support: str = "forbidden"
    ) -> dict[str, Any]:
        """One ``tools/call``: the result as wire JSON (``content``, ``structuredContent``, ``isError``).
        A tool that requires or allows tasks runs as one where the server has them
        (:mod:`runtime.mcp.tasks`); ``timeout`` is then the deadline of the whole task."""

        if task_support == "required" and not supports_tasks(self._client):
            said = scrub(
                f"{name} requires to run as a task, and the MCP server {self.server.describe()} offers no tasks "
                f"on this connection (protocol {self.protocol_version or 'unknown'}); nothing was sent",
                self.server.secrets(),
            )
            return {"content": [{"type": "text", "text": said}], "isError": True}

        async def call() -> dict[str, Any]:
            if task_support in ("required", "optional") and supports_tasks(self._client):
                task = await RunningTask.start(self._client, name, arguments)
                return await task.result(self.handlers.progress)
            result = await self._client.call_tool(name, dict(arguments), progress_callback=self.handlers.progress)
            dumped: dict[str, Any] = result.model_dump(mode="json", by_alias=True, exclude_none=True)
            return dumped

        return await self._answered(f"tools/call {name}", call, self.timeout)

    async def start_task(self, name: str, arguments: Mapping[str, Any]) -> RunningTask:
        """``tools/call`` of ``name`` as a task, left running: the task, to poll and wait for."""
        if not supports_tasks(self._client):
            said = f"MCP server {self.server.describe()} does not run tool calls as tasks on this connection"
            raise APIError(scrub(said, self.server.secrets()))
        try:
            with anyio.fail_after(self.timeout):
                return await RunningTask.start(self._client, name, arguments)
        except Exception as error:
            raise self._failure(error, f"tools/call {name} as a task") from None

    async def task_status(self, task: RunningTask) -> dict[str, Any]:
        """The task now (``tasks/get``), within ``timeout``."""
        try:
            with anyio.fail_after(self.timeout):
                status = await task.status()
        except Exception as error:
            raise self._failure(error, f"tasks/get {task.task_id}") from None
        scrubbed: dict[str, Any] = scrub(status, self.server.secrets(), parts=False)
        return scrubbed

    async def task_cancel(self, task: RunningTask) -> None:
        """Stop ``task`` on the server (``tasks/cancel``), within ``timeout``."""
        try:
            with anyio.fail_after(self.timeout):
                await task.cancel()
        except Exception as error:
            raise self._failure(error, f"tasks/cancel {task.task_id}") from None

    async def task_result(self, task: RunningTask) -> dict[str, Any]:
        """The task's result once it ends, however long it runs; the task keeps running if the
        wait is stopped (cancel it with :meth:`RunningTask.cancel`)."""
        return await self._answered(
            f"tasks/result {task.task_id}", lambda: task.result(self.handlers.progress, cancel=False), None
        )

    async def _answered(
        self, doing: str, call: Callable[[], Awaitable[dict[str, Any]]], deadline: float | None
    ) -> dict[str, Any]:
        """``call``'s result within ``deadline`` seconds (``None``: none), capped at
        ``max_response_bytes`` and with secrets taken out; a failure names the server."""
        try:
            with anyio.fail_after(deadline):
                dumped = await call()
        except Exception as error:
            raise self._failure(error, doing) from None
        size = len(json.dumps(dumped, ensure_ascii=False).encode("utf-8"))
        if size > self.max_response_bytes:
            raise ResponseTooLargeError(
                f"MCP server {self.server.describe()}: {doing} answered {size:,} bytes, over the limit "
                f"of {self.max_response_bytes:,}; raise max_response_bytes= on the client if this is expected"
            )
        scrubbed: dict[str, Any] = scrub(dumped, self.server.secrets(), parts=False)
        return scrubbed

    # -- failures -------------------------------------------------------------------------------
    def _stderr_tail(self) -> str:
        """The end of the server's stderr, secrets taken out before it is cut (a secret the
        cut would split is never half shown)."""
        if self._stderr is None:
            return ""
        secrets = self.server.secrets()
        window = STDERR_TAIL * 4 + 4 * max((len(secret) for secret in secrets), default=0)
        try:
            self._stderr.flush()
            self._stderr.seek(0, os.SEEK_END)
            size = self._stderr.tell()
            self._stderr.seek(max(0, size - window))
            text = self._stderr.read()
        except (OSError, ValueError):
            return ""
        tail = scrub(text, secrets)[-STDERR_TAIL:].strip()
        return f"; its stderr ends with:\n{tail}" if tail else ""

    def _failure(self, error: BaseException, doing: str) -> ComposioError:
        """``error`` as the runtime error a caller can catch, naming the server."""
        where = f"MCP server {self.server.describe()}"
        if isinstance(error, ComposioError):
            return error
        if isinstance(error, TimeoutError):
            garbage = f" (it printed what is not JSON-RPC: {self._garbage})" if self._garbage else ""
            text = f"{where} did not answer {doing} within {self.timeout:g} s{garbage}{self._stderr_tail()}"
            return APITimeoutError(scrub(text, self.server.secrets()))
        if isinstance(error, OSError) and doing == "start":
            text = f"cannot start {where}: {error.strerror or error}"
            return APIConnectionError(scrub(text, self.server.secrets()))
        message = _message(error)
        kind = APIError if _is_protocol_error(error) else APIConnectionError
        return kind(scrub(f"{where}: {doing} failed: {message}{self._stderr_tail()}", self.server.secrets()))


async def _accepted(name: str, result: object) -> None:
    """The session's output check, turned off: structured content is checked by the caller."""


def _is_protocol_error(error: BaseException) -> bool:
    try:
        from mcp import MCPError
    except ImportError:
        return False
    return isinstance(error, MCPError)


def _message(error: BaseException) -> str:
    """What went wrong, from an exception or the first of an exception group."""
    members: Any = getattr(error, "exceptions", None)
    while members:  # an exception group: its first member
        error = members[0]
        members = getattr(error, "exceptions", None)
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
