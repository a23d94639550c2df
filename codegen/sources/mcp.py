"""MCP servers as a pinned schema source: their configuration, and fetching their tools.

A server is named in the project (``NAME``, the toolkit its tools belong to) and reached by
a command run without a shell (``NAME=COMMAND ARGS...``, split as a shell would) or by a
streamable-HTTP URL (``NAME=https://...``): from ``fetch --mcp``, from ``[tool.toolstubs.mcp]``
(``NAME = "COMMAND ARGS"``, ``NAME = "URL"``, or a table with ``command`` / ``url``, ``env``,
``headers``, ``cwd``), or from the lock, which records how each MCP toolkit was fetched so
that ``check --remote`` and ``upgrade`` can reach it again. Values in ``env`` and ``headers``
may name environment variables as ``${VAR}``; only that text is recorded, never the value.

Fetching starts each server, lists every page of ``tools/list`` and turns each tool into a
tool object (:func:`runtime.mcp.tool.tool_object`) at the server's ``serverInfo.version``.
It lists with every client capability declared (sampling, elicitation, roots: listing serves
no such request), so the pins hold every tool the server has; a server that lists fewer
tools without them is listed again without each, and each tool records what it needs.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import anyio

from codegen.shared import secrets
from codegen.shared.errors import ServerError, UsageError
from codegen.sources.composio import Fetched, FetchError
from runtime.errors import ComposioError, shown_url
from runtime.mcp.callbacks import CALLBACKS, Handlers, listing_only, needs_of
from runtime.mcp.connection import Connection, MissingMcpError, Server
from runtime.mcp.tool import server_name, server_version, tool_objects

DEFAULT_TIMEOUT = 30.0
_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_TABLE_KEYS = frozenset({"command", "url", "env", "headers", "cwd"})


@dataclass(frozen=True)
class McpServer:
    """One MCP server as configured: exactly one of ``command`` and ``url``."""

    name: str
    command: tuple[str, ...] = ()
    url: str | None = None
    env: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    cwd: str | None = None

    def record(self) -> dict[str, Any]:
        """What the lock keeps: the configuration as written (``${VAR}`` unexpanded)."""
        data: dict[str, Any] = {"command": list(self.command)} if self.command else {"url": self.url}
        for key, value in (("env", dict(self.env)), ("headers", dict(self.headers)), ("cwd", self.cwd)):
            if value:
                data[key] = value
        return data

    def describe(self) -> str:
        return (
            f"{self.name} (`{shlex.join(self.command)}`)"
            if self.command
            else f"{self.name} ({shown_url(str(self.url))})"
        )


def _check_name(name: str, where: str) -> str:
    if not _NAME.fullmatch(name):
        raise UsageError(
            f"{where}: MCP server name {name!r} must be lower case letters, digits and _ (starting with a "
            "letter, at most 40): it names the toolkit, its package and its slugs"
        )
    return name


def _strings(value: Any, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise UsageError(f"{where} must be a table of strings (secrets as ${{VAR}}, never the value)")
    return dict(value)


def _target(name: str, text: str, where: str) -> McpServer:
    text = text.strip()
    if text.startswith(("http://", "https://")):
        return McpServer(name, url=text)
    try:
        command = tuple(shlex.split(text))
    except ValueError as error:
        raise UsageError(f"{where}: cannot split the command {text!r} ({error})") from None
    if not command:
        raise UsageError(f"{where}: give a command (NAME=COMMAND ARGS...) or a URL (NAME=https://...)")
    return McpServer(name, command=command)


def parse_flag(text: str) -> McpServer:
    """``--mcp 'NAME=COMMAND ARGS...'`` or ``--mcp 'NAME=https://...'``."""
    name, equals, rest = text.partition("=")
    if not equals:
        raise UsageError(f"--mcp {text!r}: write NAME=COMMAND ARGS... or NAME=https://URL")
    return _target(_check_name(name.strip(), f"--mcp {text!r}"), rest, f"--mcp {text!r}")


def parse_entry(name: str, value: Any, where: str) -> McpServer:
    """One entry of ``[tool.toolstubs.mcp]`` (or a lock record, which has the table form)."""
    _check_name(name, where)
    if isinstance(value, str):
        return _target(name, value, f"{where} {name}")
    if not isinstance(value, Mapping):
        raise UsageError(f"{where} {name} must be a string (COMMAND ARGS or URL) or a table")
    unknown = sorted(set(value) - _TABLE_KEYS)
    if unknown:
        raise UsageError(f"{where} {name}: unknown keys {', '.join(unknown)} (known: {', '.join(sorted(_TABLE_KEYS))})")
    command, url = value.get("command"), value.get("url")
    if (command is None) == (url is None):
        raise UsageError(f"{where} {name}: give exactly one of command and url")
    if url is not None:
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise UsageError(f"{where} {name}: url must be an http(s) URL")
        server = McpServer(name, url=url)
    elif isinstance(command, list) and command and all(isinstance(part, str) for part in command):
        server = McpServer(name, command=tuple(command))
    elif isinstance(command, str):
        server = _target(name, command, f"{where} {name}")
    else:
        raise UsageError(f"{where} {name}: command must be a string or a list of strings")
    cwd = value.get("cwd")
    if cwd is not None and not isinstance(cwd, str):
        raise UsageError(f"{where} {name}: cwd must be a string path")
    env, headers = (
        _strings(value.get("env"), f"{where} {name}.env"),
        _strings(value.get("headers"), f"{where} {name}.headers"),
    )
    return McpServer(server.name, server.command, server.url, env, headers, cwd)


def parse_table(table: Any, where: str = "[tool.toolstubs.mcp]") -> tuple[McpServer, ...]:
    if table is None:
        return ()
    if not isinstance(table, Mapping):
        raise UsageError(f'{where} must be a table of NAME = "COMMAND ARGS" or "URL"')
    return tuple(parse_entry(str(name), value, where) for name, value in table.items())


def _expand(values: Mapping[str, str], server: McpServer, what: str, expanded: list[str]) -> dict[str, str]:
    """``values`` with each ``${VAR}`` replaced by its value, which is added to ``expanded``
    (and to the run's secrets): no message may show it, alone or inside a longer value."""

    def variable(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in os.environ:
            raise FetchError(f"MCP server {server.name}: {what} needs the environment variable {name}; set it")
        expanded.append(os.environ[name])
        secrets.remember(os.environ[name])
        return os.environ[name]

    return {key: _VARIABLE.sub(variable, value) for key, value in values.items()}


def _runtime_server(server: McpServer, base: str | None) -> Server:
    cwd = os.path.join(base, server.cwd) if server.cwd and base else server.cwd
    expanded: list[str] = []
    return Server(
        command=server.command,
        url=server.url,
        env=_expand(server.env, server, "env", expanded) or None,
        cwd=cwd,
        headers=_expand(server.headers, server, "headers", expanded) or None,
        hidden=tuple(expanded),
    )


def _tools_of(
    server: McpServer,
    listed: list[dict[str, Any]],
    info: Mapping[str, Any],
    version: str | None,
    needs: Mapping[str, list[str]] | None = None,
) -> Fetched:
    version = version or server_version(info.get("version"))
    if any(not isinstance(entry.get("name"), str) or not entry["name"].strip() for entry in listed):
        raise ServerError(f"MCP server {server.describe()} lists a tool without a name")
    try:
        tools = tool_objects(server.name, version, listed, server_name(info), needs)
    except ValueError as error:
        raise FetchError(f"MCP server {server.describe()}: {error}") from None
    return Fetched(server.name, version, sorted(tools, key=lambda tool: str(tool["slug"])))


async def _list(
    server: Server, timeout: float, handlers: Handlers, handshake_only: bool = False
) -> tuple[list[dict[str, Any]], dict[str, Any], bool]:
    """The server's listing, its ``serverInfo``, and whether it spoke a handshake-era protocol."""
    async with Connection(server, timeout=timeout, handlers=handlers, handshake_only=handshake_only) as connection:
        listed = await connection.list_tools()
        return listed, connection.server_info, not connection.modern


async def _listed(server: Server, timeout: float) -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, list[str]]]:
    """Every tool the server has (listed with every client capability declared), its
    ``serverInfo``, and which tools it lists only for some capability (tool name -> those):
    found by listing with none, and, where that lists fewer, once without each."""
    every, info, older = await _list(server, timeout, listing_only())  # later starts skip the probe if it failed
    names = {str(tool.get("name")) for tool in every}
    bare, _, _ = await _list(server, timeout, Handlers(), older)
    if names <= {str(tool.get("name")) for tool in bare}:
        return every, info, {}
    without = {}
    for capability in CALLBACKS:
        listed, _, _ = await _list(server, timeout, listing_only(set(CALLBACKS) - {capability}), older)
        without[capability] = {str(tool.get("name")) for tool in listed}
    return every, info, needs_of(dict.fromkeys(names), without)


@dataclass(frozen=True)
class ServerListing:
    """What a server lists now: its tools at its own version (``fetched``) and the
    server's version as it says it (``served_version``)."""

    fetched: Fetched
    served_version: str


def fetch_servers(
    servers: Sequence[McpServer],
    timeout: float,
    base: str | None = None,
    progress: Callable[[str], None] = lambda line: None,
    at: Mapping[str, str] | None = None,
) -> list[ServerListing]:
    """Start each server, list its tools, stop it. ``at``: toolkit -> version to build the
    tool objects at (for comparing with a lock) instead of the server's own."""

    listings = []
    for number, server in enumerate(servers, 1):
        try:
            listed, info, needs = anyio.run(_listed, _runtime_server(server, base), timeout)
        except MissingMcpError as error:
            raise FetchError(str(error)) from None
        except ComposioError as error:
            raise ServerError(str(error)) from None
        served = server_version(info.get("version"))
        fetched = _tools_of(server, listed, info, (at or {}).get(server.name), needs)
        progress(f"[{number}/{len(servers)}] {server.name}@{served} (MCP): {len(fetched.tools)} tools")
        listings.append(ServerListing(fetched, served))
    return listings
