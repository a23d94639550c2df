"""The shared corpus (``TOOLSTUBS_CORPUS``) as one catalog, and the generated tree built from it.

The 2025 file has no toolkit and no version: the toolkit is the longest toolkit slug (from
toolkits.json) that prefixes the tool slug, and a synthetic version is given; the 2025-12
file has toolkits but no version; the 2026 Notion tools get their own toolkit so they do not
clash with the 2025-12 Notion tools. Every tool carries the name of the corpus it came from.
The MCP servers' toolkits join them: the tests' demo server, and mcp-server-time from PyPI
when its own virtual environment can be made (fetched as ``toolstubs fetch --mcp`` would).
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from tests.checkers import mypy_settings, runtime_only_python

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("TOOLSTUBS_CORPUS", REPO.parent / "shared" / "corpus"))
OUT = "corpus_out"


def snapshots() -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The 2025 and the December 2025 tools, each by slug (the test calling it is skipped,
    saying why, when there is no corpus)."""
    import pytest

    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}: set TOOLSTUBS_CORPUS to ../shared/corpus")
    old, new = (
        json.loads((CORPUS / name / "tools.json").read_text()) for name in ("composio-2025", "composio-2025-12")
    )
    return {t["slug"]: t for t in old}, {t["slug"]: t for t in new}


def catalog() -> list[dict[str, Any]]:
    """Every corpus tool and every MCP test server's tool, with ``x-corpus`` naming its source."""
    return [*composio_catalog(), *mcp_catalog()]


@cache
def _mcp_tools() -> tuple[str, ...]:
    from codegen.sources.mcp import McpServer, fetch_servers
    from tests.mcpdemo.servers import demo_command, time_server_command

    servers = [McpServer("mcp_demo", command=tuple(demo_command()))]
    time_command = time_server_command()
    if isinstance(time_command, list):
        servers.append(McpServer("mcp_time", command=tuple(time_command)))
    listings = fetch_servers(servers, timeout=60)
    return tuple(
        json.dumps({**tool, "x-corpus": f"mcp {listing.fetched.toolkit}"})
        for listing in listings
        for tool in listing.fetched.tools
    )


def mcp_catalog() -> list[dict[str, Any]]:
    """The MCP test servers' tools, as ``toolstubs fetch --mcp`` stores them (listed once per process)."""
    return [json.loads(text) for text in _mcp_tools()]


def composio_catalog() -> list[dict[str, Any]]:
    """Every tool of the shared corpus, with ``x-corpus`` naming its source."""
    toolkits = sorted(
        (t["slug"].upper() for t in json.loads((CORPUS / "composio-2025" / "toolkits.json").read_text())),
        key=len,
        reverse=True,
    )
    tools: list[dict[str, Any]] = []
    for item in json.loads((CORPUS / "composio-2025" / "tools.json").read_text()):
        prefix = next((t for t in toolkits if item["slug"].startswith(t + "_")), item["slug"].split("_")[0])
        tools.append(
            {
                **item,
                "slug": "Y2025_" + item["slug"],
                "toolkit": {"slug": "y2025_" + prefix.lower()},
                "version": "20250101_00",
                "x-corpus": "composio-2025",
            }
        )
    for item in json.loads((CORPUS / "composio-2025-12" / "tools.json").read_text()):
        tools.append({**item, "version": "20251207_00", "x-corpus": "composio-2025-12"})
    for path in sorted((CORPUS / "composio-2026").glob("*.json")):
        item = json.loads(path.read_text())
        tools.append(
            {
                **item,
                "slug": "NOTION2026_" + item["slug"].removeprefix("NOTION_"),
                "toolkit": {"slug": "notion2026"},
                "x-corpus": "composio-2026",
            }
        )
    return tools


def generate(work: Path, tools: list[dict[str, Any]], *flags: str) -> subprocess.CompletedProcess[str]:
    """``toolstubs generate`` over ``tools`` into ``work/corpus_out``, with any further ``flags``."""
    (work / "catalog.json").write_text(json.dumps(tools))
    return subprocess.run(
        [sys.executable, "-m", "codegen.cli.main", "generate", "--source", "catalog.json", "--out", OUT, *flags],
        cwd=work,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def module_names(work: Path) -> list[str]:
    """The generated per-tool modules, as importable names (``work`` on ``sys.path``)."""
    return sorted(
        ".".join(path.relative_to(work).with_suffix("").parts)
        for path in (work / OUT).rglob("*.py")
        if not path.name.startswith("_")
    )


def tool_modules(work: Path) -> Iterator[tuple[str, ModuleType | BaseException]]:
    """Each per-tool module imported (or the exception its import raised)."""
    if str(work) not in sys.path:
        sys.path.insert(0, str(work))
    for name in module_names(work):
        try:
            yield name, importlib.import_module(name)
        except Exception as error:
            yield name, error


def mypy(work: Path) -> subprocess.CompletedProcess[str]:
    """``mypy --strict`` over the generated tree, with the project's settings, where only what
    ``pip install toolstubs`` installs is installed (as in a user's application)."""
    return subprocess.run(
        [sys.executable, "-m", "mypy", *mypy_settings(runtime_only_python()), OUT],
        cwd=work,
        capture_output=True,
        text=True,
    )
