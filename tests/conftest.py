"""Shared fixtures: the repository root, the embedded catalog, and a CLI runner."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from codegen import cli
from codegen.catalog import load
from runtime.sandbox import Sandbox, serving

# Timing is for benchmarks, not tests: no per-example deadline on a loaded machine.
settings.register_profile("toolstubs", deadline=None)
settings.load_profile("toolstubs")

REPO = Path(__file__).resolve().parent.parent
CATALOG = REPO / "codegen" / "default_catalog"
PINS = ["acme_tracker@20250601_00", "docstore@20251101_00", "weather@20250301_00"]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run the CLI in-process from a folder; returns (exit code, stdout, stderr)."""

    def runner(*args: str, cwd: Path) -> tuple[int, str, str]:
        monkeypatch.chdir(cwd)
        code = cli.main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return runner


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch project: a pyproject.toml pinning the embedded catalog's toolkits."""
    shutil.copytree(CATALOG, tmp_path / "catalog")
    pins = ", ".join(json.dumps(p) for p in PINS)
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.toolstubs]\nsource = "catalog"\nout = "out"\ntoolkits = [{pins}]\n', encoding="utf-8"
    )
    return tmp_path


def write_catalog(path: Path, tools: list[dict[str, Any]]) -> Path:
    """Write ``tools`` as a catalog file at ``path``."""
    path.write_text(json.dumps(tools, indent=1), encoding="utf-8")
    return path


def tool(slug: str, toolkit: str = "demo", version: str = "20250101_00", **fields: Any) -> dict[str, Any]:
    """A minimal valid tool object; ``fields`` override or add keys."""
    base: dict[str, Any] = {
        "slug": slug,
        "name": slug.title(),
        "description": f"The {slug} tool.",
        "toolkit": {"slug": toolkit, "name": toolkit.title(), "logo": ""},
        "version": version,
        "available_versions": [version],
        "input_parameters": {"type": "object", "properties": {"x": {"type": "string"}}, "required": ["x"]},
        "output_parameters": {
            "type": "object",
            "properties": {"data": {"type": "object"}, "error": {"type": "string"}, "successful": {"type": "boolean"}},
        },
    }
    base.update(fields)
    return base


def catalog_tools() -> list[dict[str, Any]]:
    """Every tool object of the embedded catalog (both acme_tracker versions included)."""
    return [dict(t.raw) for t in load(CATALOG)[0]]


def demo_tools(count: int = 3, versions: tuple[str, ...] = ("20250101_00", "20250601_00")) -> list[dict[str, Any]]:
    """A ``demo`` toolkit that no generated package bakes: ``count`` tools in each version."""
    return [
        tool(f"DEMO_TOOL_{n}", version=version, tags=["important"] if n == 0 else [], scopes=[f"scope{n}"])
        for version in versions
        for n in range(count)
    ]


@pytest.fixture
def sandbox() -> Sandbox:
    """A sandbox over the embedded catalog plus the ``demo`` toolkit."""
    return Sandbox([*catalog_tools(), *demo_tools()])


@pytest.fixture
def served(sandbox: Sandbox) -> Iterator[str]:
    """The sandbox under uvicorn on loopback; yields its base URL."""
    with serving(sandbox) as url:
        yield url
