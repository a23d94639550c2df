"""The schema store: the raw tool objects of every pinned toolkit, committed beside the lock.

One file per toolkit version, ``<store>/<toolkit>@<version>.json``: a JSON list of tool
objects sorted by slug, keys sorted, two-space indent, so that a refetch of the same
schemas gives the same bytes and a changed tool shows as a readable diff.

The lock records the sha256 of every tool's canonical JSON; :func:`read` refuses a store
that does not match it, naming the file and the tool.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from codegen.shared import safejson
from codegen.shared.durable import atomic_write
from codegen.shared.escaping import canonical_json, ordered_json
from codegen.sources.catalog import CatalogError, SourceTool
from codegen.sources.lock import Lock


class StoreError(CatalogError):
    """The store and the lock disagree, or the store cannot be read."""


def file_name(toolkit: str, version: str) -> str:
    return f"{toolkit}@{version}.json"


def tool_hash(raw: Mapping[str, Any]) -> str:
    """What the lock records for one tool."""
    return hashlib.sha256(canonical_json(raw).encode("utf-8", "surrogatepass")).hexdigest()


def text(tools: Sequence[Mapping[str, Any]]) -> str:
    """A store file's bytes (as text) for ``tools``: by slug, keys sorted except the properties,
    which keep the order the server sent them in (parameters and fields follow it)."""
    ordered = [json.loads(ordered_json(tool)) for tool in sorted(tools, key=lambda tool: str(tool["slug"]))]
    return safejson.encodable(json.dumps(ordered, indent=2, ensure_ascii=False)) + "\n"


def read(store: Path, lock: Lock | None) -> dict[tuple[str, str], list[SourceTool]]:
    """The stored tools of every toolkit the lock pins, verified against the lock's hashes."""
    if lock is None or not lock.toolkits:
        raise StoreError(
            "no pinned toolkits in the lock: run `toolstubs fetch` first (`--toolkit SLUG[@VERSION]` for a "
            "Composio toolkit, `--mcp 'NAME=COMMAND ARGS'` for an MCP server, or neither for what "
            "[tool.toolstubs] names)"
        )
    problems: list[str] = []
    selected: dict[tuple[str, str], list[SourceTool]] = {}
    for toolkit, locked in sorted(lock.toolkits.items()):
        path = store / file_name(toolkit, locked.version)
        try:
            items = safejson.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            problems.append(f"{path}: missing; the lock pins {toolkit}@{locked.version}")
            continue
        except (OSError, UnicodeDecodeError, safejson.JsonError) as error:
            problems.append(f"{path}: not readable as JSON ({error})")
            continue
        if not isinstance(items, list) or not all(
            isinstance(i, dict) and isinstance(i.get("slug"), str) for i in items
        ):
            problems.append(f"{path}: not a list of tool objects")
            continue
        stored = {item["slug"]: item for item in items}
        for slug in sorted(set(locked.tools) | set(stored)):
            unusable = safejson.problem(stored[slug]) if slug in stored else None
            if unusable is not None:
                problems.append(f"{path}: {slug}: {unusable}")
            elif slug not in stored:
                problems.append(f"{path}: {slug} is in the lock but not in the store")
            elif slug not in locked.tools:
                problems.append(f"{path}: {slug} is in the store but not in the lock")
            elif tool_hash(stored[slug]) != locked.tools[slug]:
                problems.append(f"{path}: {slug} does not match its lock hash (edited by hand?)")
        selected[(toolkit, locked.version)] = [
            SourceTool(slug, toolkit, locked.version, stored[slug], path.name) for slug in sorted(stored)
        ]
    if problems:
        raise StoreError(
            "the schema store and the lock disagree; refetch with `toolstubs fetch` or restore the files:\n  "
            + "\n  ".join(problems)
        )
    return selected


def write(
    store: Path,
    lock_path: Path,
    fetched: Mapping[tuple[str, str], list[dict[str, Any]]],
    lock: Lock,
    replaced: Mapping[str, str],
) -> list[Path]:
    """Write the fetched toolkits' files, then the lock, then remove the files of versions
    they replace (``replaced``: toolkit -> previous version). Each file is replaced
    atomically; nothing is written until everything was fetched."""
    store.mkdir(parents=True, exist_ok=True)
    written = []
    for (toolkit, version), tools in sorted(fetched.items()):
        path = store / file_name(toolkit, version)
        data = text(tools).encode("utf-8")
        if not (path.is_file() and path.read_bytes() == data):
            atomic_write(path, data)
            written.append(path)
    atomic_write(lock_path, lock.text().encode("utf-8"))
    for toolkit, previous in sorted(replaced.items()):
        if (toolkit, previous) not in fetched:
            (store / file_name(toolkit, previous)).unlink(missing_ok=True)
    return written
