"""``toolstubs check``: regenerate in memory and compare with what is on disk.

Any changed, missing or stale file (and a lock that differs) is a difference, shown as
a unified diff. Stale means listed in a toolkit folder's manifest (or, in a tree written
before manifests, carrying the generated note) and no longer generated: files toolstubs
did not write are not its to judge. An MCP server that ``[tool.toolstubs.mcp]`` adds,
removes or reaches otherwise than the lock recorded (its command, URL, folder, or the
names of its environment variables and headers) is a difference too: the pins no longer
say what the project uses.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from codegen.pipeline.config import Config
from codegen.pipeline.generate import Generation, owned_folders
from codegen.sources.lock import Lock
from codegen.sources.mcp import McpServer, parse_entry
from codegen.write import ownership
from runtime.errors import shown_url

_TABLE = "[tool.toolstubs.mcp]"


@dataclass(frozen=True)
class Difference:
    """One file that is not what generation would produce."""

    path: str
    kind: str  # "changed" | "missing" | "stale" | "unpinned"
    diff: str


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _diff(path: str, old: str, new: str) -> str:
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{path}", f"b/{path}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def compare(generation: Generation, out: Path, lock_path: Path, legacy: Sequence[str] = ()) -> list[Difference]:
    """Every difference between ``generation`` and the disk, sorted by path.

    ``legacy``: toolkit folders a previous lock names (see :func:`codegen.write.ownership.survey`).
    """
    differences: list[Difference] = []
    folders = owned_folders(generation.packages)
    expected = ownership.with_manifests(generation.files, folders)
    survey = ownership.survey(out.resolve(), folders, legacy)
    for relative in sorted(expected):
        actual = _read(out / relative)
        if actual is None:
            differences.append(Difference(relative, "missing", _diff(relative, "", expected[relative])))
        elif actual != expected[relative]:
            differences.append(Difference(relative, "changed", _diff(relative, actual, expected[relative])))
    for relative in sorted(survey.owned - set(expected)):
        old = _read(out / relative) or ""
        differences.append(Difference(relative, "stale", _diff(relative, old, "")))
    lock_text = generation.lock.text()
    actual_lock = _read(lock_path)
    if actual_lock != lock_text:
        kind = "missing" if actual_lock is None else "changed"
        differences.append(Difference(lock_path.name, kind, _diff(lock_path.name, actual_lock or "", lock_text)))
    return differences


def _reach(server: McpServer) -> dict[str, object]:
    """What tells how a server is reached, secrets aside: values of env and headers are not compared."""
    return {
        "command": list(server.command),
        "url": server.url,
        "cwd": server.cwd,
        "env names": sorted(server.env),
        "header names": sorted(server.headers),
    }


def _shown(key: str, value: object) -> str:
    """A value of :func:`_reach` for a message: a URL without its credentials and query."""
    return repr(shown_url(value) if key == "url" and isinstance(value, str) else value)


def mcp_table(config: Config, lock: Lock | None) -> list[Difference]:
    """How ``[tool.toolstubs.mcp]`` differs from the MCP servers the lock recorded: a server
    it names that is not pinned, one it no longer names, one reached otherwise. A project
    without the table has no servers but those fetched with ``--mcp``, or pinned while a
    table named them (the lock says which)."""
    entries = {name: entry for name, entry in (lock.toolkits if lock else {}).items() if entry.mcp is not None}
    if not config.mcp and not any(entry.mcp_table for entry in entries.values()):
        return []
    differences = []
    for server in config.mcp:
        where = f"{_TABLE} {server.name}"
        if server.name not in entries:
            text = f"{where}: not pinned; run `toolstubs fetch` to pin what it serves\n"
            differences.append(Difference(where, "unpinned", text))
            continue
        was, now = _reach(parse_entry(server.name, entries[server.name].mcp, "the lock")), _reach(server)
        changed = [f"{key} {_shown(key, was[key])} -> {_shown(key, now[key])}" for key in now if now[key] != was[key]]
        if changed:
            text = f"{where}: reached otherwise than when it was pinned ({'; '.join(changed)}); run `toolstubs fetch`\n"
            differences.append(Difference(where, "changed", text))
    named = {server.name for server in config.mcp}
    for name in sorted(name for name in set(entries) - named if config.mcp or entries[name].mcp_table):
        where = f"{_TABLE} {name}"
        text = (
            f"{where}: the lock pins the MCP toolkit {name}, which {_TABLE} does not name; add it there "
            f"(`toolstubs fetch` must pin every server the lock holds), or delete toolkits.{name} from the lock "
            "and run `toolstubs generate`\n"
        )
        differences.append(Difference(where, "stale", text))
    return differences
