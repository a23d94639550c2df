"""``[tool.toolstubs]`` in the nearest pyproject.toml, overridden by command-line flags.

Keys: ``out`` (output folder), ``toolkits`` (list of ``SLUG[@VERSION]``), ``store``
(schema store folder, default ``toolstubs-store`` beside pyproject.toml), ``lock`` (lock
file, default ``toolstubs.lock`` beside pyproject.toml), ``base_url`` (the API ``fetch``
reads), ``strict`` (bool), ``mcp_timeout`` (seconds), ``typed_toolkits`` (the toolkits
whose tools the output package's ``typed`` has overloads for; default: every toolkit); the table ``[tool.toolstubs.mcp]``
names MCP servers (see :mod:`codegen.sources.mcp`); or ``source`` (a catalog path) instead of a store, to generate
straight from a catalog without fetching. Paths are relative to the pyproject.toml that
holds them.

With a store, ``generate`` and ``check`` read only the lock and the store: the lock says
which toolkit versions are pinned and the store must match its hashes.
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.shared.errors import UsageError
from codegen.sources.catalog import CatalogError, Pin
from codegen.sources.mcp import DEFAULT_TIMEOUT, McpServer, parse_flag, parse_table

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

KEYS = ("source", "store", "out", "lock", "toolkits", "base_url", "strict", "mcp_timeout", "typed_toolkits", "mcp")
LOCK_NAME = "toolstubs.lock"
STORE_NAME = "toolstubs-store"


@dataclass(frozen=True)
class Config:
    """Everything a run needs, settled. ``source`` is set for a catalog, ``store`` otherwise."""

    source: Path | None
    store: Path | None
    out: Path | None
    lock: Path
    pins: tuple[Pin, ...]
    strict: bool
    base_url: str | None = None
    pyproject: Path | None = None
    mcp: tuple[McpServer, ...] = ()
    mcp_timeout: float = DEFAULT_TIMEOUT
    typed_toolkits: tuple[str, ...] | None = None
    mcp_table: frozenset[str] = frozenset()  # the servers [tool.toolstubs.mcp] names, whatever the flags

    def output(self) -> Path:
        if self.out is None:
            raise UsageError("no output folder: pass --out DIR or set out in [tool.toolstubs]")
        return self.out


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above ``start``."""
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def _section(pyproject: Path | None) -> dict[str, Any]:
    if pyproject is None:
        return {}
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"{pyproject}: cannot read it ({error})") from error
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise UsageError(f"{pyproject}: [tool] must be a table")
    section = tool.get("toolstubs", {})
    if not isinstance(section, dict):
        raise UsageError(f"{pyproject}: [tool.toolstubs] must be a table")
    for key in section:
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise UsageError(
                f"{pyproject}: unknown key {key!r} in [tool.toolstubs]: {hint}the keys are {', '.join(KEYS)}"
            )
    return section


def resolve(
    cwd: Path,
    source: str | None = None,
    out: str | None = None,
    lock: str | None = None,
    toolkits: list[str] | None = None,
    strict: bool = False,
    store: str | None = None,
    base_url: str | None = None,
    mcp: list[str] | None = None,
    mcp_timeout: float | None = None,
    typed_toolkits: list[str] | None = None,
) -> Config:
    """Merge command-line values over ``[tool.toolstubs]``; fail with what is missing."""
    pyproject = find_pyproject(cwd)
    section = _section(pyproject)
    base = pyproject.parent if pyproject else cwd

    def path(flag: str | None, key: str) -> Path | None:
        if flag is not None:
            return (cwd / flag).resolve()
        value = section.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise UsageError(f"[tool.toolstubs] {key} must be a string path")
        return (base / value).resolve()

    if source is None and store is None and "source" in section and "store" in section:
        raise UsageError("[tool.toolstubs] sets both source and store: keep one")
    source_path = path(source, "source") if store is None else None
    store_path = None if source_path is not None else path(store, "store") or base / STORE_NAME
    pin_texts = toolkits if toolkits else section.get("toolkits", [])
    if not isinstance(pin_texts, list) or not all(isinstance(p, str) for p in pin_texts):
        raise UsageError("[tool.toolstubs] toolkits must be a list of 'SLUG@VERSION' strings")
    try:
        pins = tuple(Pin.parse(p) for p in pin_texts)
    except CatalogError as error:
        raise UsageError(f"{'--toolkit' if toolkits else '[tool.toolstubs] toolkits'}: {error}") from error
    url = base_url if base_url is not None else section.get("base_url")
    if url is not None and not isinstance(url, str):
        raise UsageError("[tool.toolstubs] base_url must be a string")
    table = parse_table(section.get("mcp"))
    servers = tuple(parse_flag(text) for text in mcp) if mcp else table
    names = [server.name for server in servers]
    if len(set(names)) != len(names):
        raise UsageError(f"MCP server names must differ: {', '.join(sorted(names))}")
    timeout = mcp_timeout if mcp_timeout is not None else section.get("mcp_timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise UsageError("[tool.toolstubs] mcp_timeout must be a positive number of seconds")
    typed = typed_toolkits if typed_toolkits is not None else section.get("typed_toolkits")
    if typed is not None and (not isinstance(typed, list) or not all(isinstance(t, str) for t in typed)):
        raise UsageError('[tool.toolstubs] typed_toolkits must be a list of toolkit slugs, e.g. ["github"]')
    return Config(
        source=source_path,
        store=store_path,
        out=path(out, "out"),
        lock=path(lock, "lock") or base / LOCK_NAME,
        pins=pins,
        strict=strict or bool(section.get("strict", False)),
        base_url=url,
        pyproject=pyproject,
        mcp=servers,
        mcp_timeout=float(timeout),
        typed_toolkits=None if typed is None else tuple(typed),
        mcp_table=frozenset(server.name for server in table),
    )
