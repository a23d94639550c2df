"""Moving pins: fetch into the store, detect drift on the server, diff and upgrade versions.

Everything that reaches the network is here; ``generate`` and ``check`` without
``--remote`` never do. Nothing is written before every request has succeeded.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.build.versions import generator_versions
from codegen.pipeline import lifecycle
from codegen.pipeline.config import Config
from codegen.shared.errors import UsageError
from codegen.sources import catalog, store
from codegen.sources import changes as compat
from codegen.sources import lock as lock_module
from codegen.sources.catalog import Pin
from codegen.sources.composio import Fetched, FetchError, client, fetch
from codegen.sources.lock import Lock, LockedToolkit
from codegen.sources.mcp import McpServer, fetch_servers, parse_entry
from codegen.write.writer import atomic_write

Progress = Callable[[str], None]


def _store(config: Config) -> Path:
    if config.store is None:
        raise FetchError("fetch writes a schema store: pass --store DIR or set store in [tool.toolstubs] (not source)")
    return config.store


def updated_lock(
    previous: Lock | None,
    fetched: list[Fetched],
    servers: Mapping[str, McpServer] | None = None,
    table: frozenset[str] = frozenset(),
) -> Lock:
    """``previous`` with the fetched toolkits' versions and tool hashes (and, for MCP servers'
    toolkits, how their servers are reached, and whether ``table``, the servers of
    ``[tool.toolstubs.mcp]``, names them)."""
    toolkits = dict(previous.toolkits) if previous else {}
    for item in fetched:
        server = (servers or {}).get(item.toolkit)
        toolkits[item.toolkit] = LockedToolkit(
            item.version,
            {t["slug"]: store.tool_hash(t) for t in item.tools},
            server.record() if server else None,
            lifecycle.deprecated_tools(item.tools),
            item.deprecation,
            server is not None and item.toolkit in table,
        )
    if previous is None:
        return Lock(generator_versions(), toolkits)
    return Lock(dict(previous.generator), toolkits, previous.out, previous.source)


def _base(config: Config) -> str | None:
    """The folder an MCP server's relative ``cwd`` is relative to."""
    return str(config.pyproject.parent) if config.pyproject is not None else None


def locked_servers(config: Config, lock: Lock) -> list[McpServer]:
    """The MCP server of every MCP toolkit in ``lock`` (see :func:`_server_of`)."""
    found = [_server_of(config, lock, toolkit) for toolkit, locked in sorted(lock.toolkits.items()) if locked.mcp]
    return [server for server in found if server is not None]


def fetch_into_store(
    config: Config,
    pins: list[Pin],
    previous: Lock | None,
    progress: Progress,
    servers: Sequence[McpServer] = (),
) -> tuple[list[Fetched], Lock]:
    """Fetch ``pins`` (Composio) and ``servers`` (MCP), and only then write their store files
    and the lock. Fetching MCP servers alone needs no API key."""
    folder = _store(config)
    if not pins and not servers:
        raise FetchError(
            "nothing to fetch: pass --toolkit SLUG[@VERSION] or --mcp NAME=COMMAND, or set toolkits or "
            "[tool.toolstubs.mcp] in pyproject.toml"
        )
    twice = sorted({pin.toolkit for pin in pins} & {server.name for server in servers})
    if twice:
        raise UsageError(f"{', '.join(twice)}: named both as a Composio toolkit and as an MCP server; rename one")
    fetched: list[Fetched] = []
    if pins:
        with client(config.base_url) as composio:
            fetched += fetch(composio, pins, previous, progress)
    fetched += [listing.fetched for listing in fetch_servers(servers, config.mcp_timeout, _base(config), progress)]
    lock = updated_lock(previous, fetched, {server.name: server for server in servers}, config.mcp_table)
    replaced = {
        item.toolkit: previous.toolkits[item.toolkit].version
        for item in fetched
        if previous and item.toolkit in previous.toolkits
    }
    store.write(folder, config.lock, {(f.toolkit, f.version): f.tools for f in fetched}, lock, replaced)
    return fetched, lock


@dataclass(frozen=True)
class Drift:
    """How the server's tools at a pinned version differ from the store."""

    toolkit: str
    version: str
    added: list[str]
    removed: list[str]
    changed: list[str]
    served_version: str | None = None  # an MCP server that now says another version

    def __str__(self) -> str:
        parts = [f"{len(self.added)} added", f"{len(self.removed)} removed", f"{len(self.changed)} changed"]
        names = [*(f"+{s}" for s in self.added), *(f"-{s}" for s in self.removed), *(f"~{s}" for s in self.changed)]
        listed = f" ({', '.join(names)})" if names else ""
        moved = f"; the server now says version {self.served_version}" if self.served_version else ""
        return f"{self.toolkit}@{self.version}: {', '.join(parts)}{listed}{moved}"

    @classmethod
    def between(cls, item: Fetched, locked: Mapping[str, str], served_version: str | None = None) -> Drift | None:
        """How ``item`` (fetched at the pinned version) differs from the lock's hashes, if it does."""
        remote = {t["slug"]: store.tool_hash(t) for t in item.tools}
        drift = cls(
            item.toolkit,
            item.version,
            added=sorted(set(remote) - set(locked)),
            removed=sorted(set(locked) - set(remote)),
            changed=sorted(s for s in set(remote) & set(locked) if remote[s] != locked[s]),
            served_version=served_version if served_version != item.version else None,
        )
        return drift if drift.added or drift.removed or drift.changed or drift.served_version else None


def remote_drift(config: Config, lock: Lock) -> tuple[list[Drift], list[lifecycle.Lifecycle]]:
    """Per pinned toolkit whose server schemas differ from the lock, what differs; and what the
    server says now of each pinned Composio toolkit's deprecation. MCP servers are started
    again; their tools are compared at the pinned version, and a new version the server gives
    is drift too."""
    drifts: list[Drift | None] = []
    said: list[lifecycle.Lifecycle] = []
    pins = [Pin(toolkit, locked.version) for toolkit, locked in sorted(lock.toolkits.items()) if locked.mcp is None]
    if pins:
        with client(config.base_url) as composio:
            for item in fetch(composio, pins, lock):
                drifts.append(Drift.between(item, lock.toolkits[item.toolkit].tools))
                said.append(
                    lifecycle.Lifecycle(
                        item.toolkit, item.version, item.deprecation, lifecycle.deprecated_tools(item.tools)
                    )
                )
    servers = locked_servers(config, lock)
    pinned = {server.name: lock.toolkits[server.name].version for server in servers}
    for listing in fetch_servers(servers, config.mcp_timeout, _base(config), at=pinned):
        item = listing.fetched
        drifts.append(Drift.between(item, lock.toolkits[item.toolkit].tools, listing.served_version))
    return [drift for drift in drifts if drift is not None], said


def tools_at(config: Config, toolkit: str, version: str) -> dict[str, Mapping[str, Any]]:
    """``toolkit@version``'s tools: from the store, else the catalog, else the server."""
    if config.store is not None:
        path = config.store / store.file_name(toolkit, version)
        if path.is_file():
            return {str(t["slug"]): t for t in json.loads(path.read_text(encoding="utf-8"))}
    if config.source is not None:
        tools, _ = catalog.load(config.source)
        found = {t.slug: t.raw for t in tools if t.toolkit == toolkit and t.version == version}
        if found:
            return found
    server = _server_of(config, lock_module.read(config.lock), toolkit)
    if server is not None:
        (listing,) = fetch_servers([server], config.mcp_timeout, _base(config))
        if listing.served_version != version:
            raise FetchError(
                f"MCP server {server.name} serves version {listing.served_version} only, and the store has no "
                f"{toolkit}@{version}"
            )
        return {str(t["slug"]): t for t in listing.fetched.tools}
    with client(config.base_url) as composio:
        (item,) = fetch(composio, [Pin(toolkit, version)], None)
    return {str(t["slug"]): t for t in item.tools}


def upgrade_preview(
    config: Config, pin: Pin, lock: Lock | None, progress: Progress
) -> tuple[str, str, list[compat.Change]]:
    """What :func:`upgrade` would do, with nothing written: the old and new versions and the
    changes between them (``upgrade --dry-run``)."""
    old_version, old = _pinned_tools(config, pin, lock)
    server = _server_of(config, lock, pin.toolkit)
    if server is not None:
        (listing,) = fetch_servers([server], config.mcp_timeout, _base(config), progress)
        fetched = listing.fetched
        _check_served(server, pin, fetched.version)
    else:
        with client(config.base_url) as composio:
            (fetched,) = fetch(composio, [Pin(pin.toolkit, pin.version or "latest")], lock, progress)
    return old_version, fetched.version, compat.diff(old, {str(t["slug"]): t for t in fetched.tools})


def _check_served(server: McpServer, pin: Pin, served: str) -> None:
    """An MCP server serves one version: the one ``pin`` asks for, unless it asks for none."""
    if pin.version not in (None, "latest", served):
        raise FetchError(f"MCP server {server.name} serves version {served}, not {pin.version}")


def _catalog_upgrade(config: Config, toolkit: str, lock: Lock | None) -> str:
    """Why ``upgrade`` cannot move ``toolkit`` in a project that generates from a catalog, and
    what does."""
    catalog = f"this project generates from a catalog ({config.source})"
    if any(server.name == toolkit for server in config.mcp):
        return (
            f"{toolkit} is an MCP server, and {catalog}: MCP pins live in a schema store;"
            " keep one with `toolstubs fetch --store DIR` (or store in [tool.toolstubs])"
        )
    if all(p.toolkit != toolkit for p in config.pins) and (lock is None or toolkit not in lock.toolkits):
        return f"{toolkit} is not pinned: {catalog}, whose pins are toolkits in [tool.toolstubs] (or --toolkit)"
    return (
        f"upgrade moves a pin of a schema store, and {catalog}: change {toolkit}'s version in toolkits in"
        " [tool.toolstubs] (or --toolkit) and run `toolstubs generate`; `toolstubs diff OLD NEW --source PATH`"
        " lists the changes"
    )


def _pinned_tools(config: Config, pin: Pin, lock: Lock | None) -> tuple[str, dict[str, Mapping[str, Any]]]:
    """The pinned version of ``pin``'s toolkit and its tools as the store holds them."""
    if config.store is None:
        raise FetchError(_catalog_upgrade(config, pin.toolkit, lock))
    if lock is None or pin.toolkit not in lock.toolkits:
        configured = any(server.name == pin.toolkit for server in config.mcp)
        how = "" if configured else f" --toolkit {pin.toolkit} (an MCP server: --mcp {pin.toolkit}=COMMAND)"
        raise FetchError(f"{pin.toolkit} is not pinned yet: run `toolstubs fetch{how}` first")
    version = lock.toolkits[pin.toolkit].version
    return version, {t.slug: t.raw for t in store.read(_store(config), lock)[(pin.toolkit, version)]}


def upgrade(
    config: Config, pin: Pin, lock: Lock | None, progress: Progress
) -> tuple[str, str, list[compat.Change], Lock]:
    """Move ``pin``'s toolkit to ``pin.version`` (default: the server's latest); refetch it.

    Returns the old and new versions, the changes between them, and the new lock."""
    old_version, old = _pinned_tools(config, pin, lock)
    assert lock is not None
    server = _server_of(config, lock, pin.toolkit)
    if server is not None:
        fetched, new_lock = fetch_into_store(config, [], lock, progress, [server])
        _check_served(server, pin, fetched[0].version)
    else:
        fetched, new_lock = fetch_into_store(config, [Pin(pin.toolkit, pin.version or "latest")], lock, progress)
    new = {str(t["slug"]): t for t in fetched[0].tools}
    _repin(config, pin.toolkit, old_version, fetched[0].version)
    return old_version, fetched[0].version, compat.diff(old, new), new_lock


def _server_of(config: Config, lock: Lock | None, toolkit: str) -> McpServer | None:
    """The MCP server behind ``toolkit``, when it is an MCP toolkit: as configured now (flags
    or ``[tool.toolstubs.mcp]``) when it is, else as the lock recorded it."""
    configured = {server.name: server for server in config.mcp}
    if toolkit in configured:
        return configured[toolkit]
    locked = lock.toolkits.get(toolkit) if lock is not None else None
    if locked is None or locked.mcp is None:
        return None
    return parse_entry(toolkit, locked.mcp, f"{config.lock}: toolkits.{toolkit}.mcp")


def _repin(config: Config, toolkit: str, old: str, new: str) -> None:
    """Rewrite ``"toolkit@old"`` to ``"toolkit@new"`` in pyproject.toml, if it pins it there."""
    if config.pyproject is None or old == new:
        return
    text = config.pyproject.read_text(encoding="utf-8")
    for quote in ('"', "'"):
        text = text.replace(f"{quote}{toolkit}@{old}{quote}", f"{quote}{toolkit}@{new}{quote}")
    atomic_write(config.pyproject, text.encode("utf-8"))
