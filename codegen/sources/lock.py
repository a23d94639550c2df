"""``toolstubs.lock``: what a generation was made from, so that it can be made again.

Per toolkit its pinned version and, per tool, the sha256 of the tool object's canonical
JSON (for an MCP toolkit also ``mcp``: how its server is reached, as configured); the tools
its schema marks deprecated (``deprecated_tools``) and, when the server said the version
itself is deprecated at fetch time, ``deprecation`` (since, sunset and reason, as far as
known: :mod:`codegen.pipeline.lifecycle`); plus the versions of toolstubs,
datamodel-code-generator and ruff, the DCG option set and a hash of the templates; and the
output folder the lock belongs to (``out``) and, for a generation from a catalog, the catalog
(``source``), both relative to the lock's folder, so that a generation elsewhere never
rewrites it and ``check`` needs no flags. JSON, sorted keys, two-space indent, stable bytes.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from codegen.shared import safejson
from codegen.shared.errors import UserError

LOCK_FORMAT = 1


class LockError(UserError):
    """The lock file cannot be read."""


@dataclass(frozen=True)
class LockedToolkit:
    """One pinned toolkit: its version, slug -> sha256 per tool, and for an MCP server's
    toolkit the server's configuration (``${VAR}`` references, never their values)."""

    version: str
    tools: dict[str, str] = field(default_factory=dict)
    mcp: dict[str, Any] | None = None
    deprecated_tools: tuple[str, ...] = ()
    deprecation: dict[str, str] | None = None
    mcp_table: bool = False  # its server was pinned as [tool.toolstubs.mcp] names it (not --mcp alone)


@dataclass(frozen=True)
class Lock:
    """The whole lock file."""

    generator: dict[str, str]
    toolkits: dict[str, LockedToolkit]
    out: str | None = None  # the output folder, relative to the lock's folder (POSIX)
    source: str | None = None  # the catalog generated from, relative to the lock's folder (POSIX)

    def text(self) -> str:
        data: dict[str, Any] = {
            "format": LOCK_FORMAT,
            "generator": self.generator,
            **({"out": self.out} if self.out is not None else {}),
            **({"source": self.source} if self.source is not None else {}),
            "toolkits": {
                slug: {
                    "version": locked.version,
                    "tools": dict(sorted(locked.tools.items())),
                    **({"mcp": locked.mcp} if locked.mcp is not None else {}),
                    **({"mcp_table": True} if locked.mcp_table else {}),
                    **({"deprecated_tools": sorted(locked.deprecated_tools)} if locked.deprecated_tools else {}),
                    **({"deprecation": locked.deprecation} if locked.deprecation is not None else {}),
                }
                for slug, locked in sorted(self.toolkits.items())
            },
        }
        return safejson.encodable(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"


def relative(path: Path, lock: Path) -> str:
    """``path`` as the lock records it: relative to the lock's folder where it can be, POSIX."""
    return Path(os.path.relpath(path.resolve(), lock.resolve().parent)).as_posix()


def read(path: Path) -> Lock | None:
    """The lock at ``path``, or ``None`` when there is none.

    Anything at ``path`` that is not a toolstubs lock is refused (:class:`LockError`), so
    a mistyped ``--lock package.json`` is never overwritten.
    """
    if not os.path.lexists(path):
        return None
    if path.is_dir():
        raise LockError(f"the lock path {path} is a folder; pass --lock with a file path (e.g. toolstubs.lock)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != LOCK_FORMAT:
            raise ValueError(f'it has no "format": {LOCK_FORMAT}')
        generator, entries = data["generator"], data["toolkits"]
        if not isinstance(generator, dict) or "toolstubs" not in generator or not isinstance(entries, dict):
            raise ValueError("it does not record a toolstubs generator and its toolkits")
        toolkits = {
            str(slug): LockedToolkit(
                str(entry["version"]),
                {str(k): str(v) for k, v in entry["tools"].items()},
                dict(entry["mcp"]) if entry.get("mcp") is not None else None,
                tuple(str(slug) for slug in entry.get("deprecated_tools", [])),
                {str(k): str(v) for k, v in entry["deprecation"].items()}
                if entry.get("deprecation") is not None
                else None,
                entry.get("mcp_table") is True,
            )
            for slug, entry in entries.items()
        }
        out, source = data.get("out"), data.get("source")
        return Lock(
            {str(k): str(v) for k, v in generator.items()},
            toolkits,
            str(out) if out is not None else None,
            str(source) if source is not None else None,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise LockError(
            f"{path} is not a toolstubs lock ({error}); toolstubs writes its lock only where there is none "
            "or where its own lock is: pass --lock with another path (or restore the file from git)"
        ) from error
