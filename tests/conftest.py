"""Shared fixtures: the repository root, the embedded catalog, a CLI runner; Hypothesis's seed.

Hypothesis draws fresh examples on every run. Under CI (``CI`` set) the seed comes from
the commit being tested, so each commit explores new examples and any failure reproduces
with the printed ``./dev test --hypothesis-seed=N``; CI keeps no example database.
Locally the database in ``.hypothesis/`` replays past failures first; ``rm -rf
.hypothesis`` forgets them.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from codegen.cli import main as cli
from codegen.sources.catalog import load
from runtime import baked
from runtime.sandbox import Sandbox, serving

REPO = Path(__file__).resolve().parent.parent
IN_CI = bool(os.environ.get("CI"))

# Timing is for benchmarks, not tests: no per-example deadline on a loaded machine.
# Hypothesis's own CI profile is derandomized (the same examples on every commit): not ours.
settings.register_profile(
    "toolstubs", deadline=None, derandomize=False, database=None if IN_CI else settings().database
)
settings.load_profile("toolstubs")


def seed_for(commit: str) -> int:
    """The Hypothesis seed of a commit: its hash, so every commit draws its own examples."""
    return int(commit.strip()[:12], 16)


def commit_seed() -> int | None:
    """A seed drawn from the commit under test, or ``None`` outside a git checkout."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return seed_for(head.stdout)


def pytest_configure(config: pytest.Config) -> None:
    from hypothesis import core

    if IN_CI and config.getoption("--hypothesis-seed", None) is None:
        core.global_force_seed = commit_seed()  # type: ignore[attr-defined]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    from hypothesis import core

    seed = getattr(core, "global_force_seed", None)
    if seed is None:
        terminalreporter.write_line("hypothesis: a random seed per test (pass --hypothesis-seed=N to fix one)")
    else:
        terminalreporter.write_line(f"hypothesis seed: {seed} (reproduce with: ./dev test --hypothesis-seed={seed})")


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


@pytest.fixture
def imported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Any]]:
    """Import a generated output package ``out`` from ``tmp_path``, forgetting it afterwards,
    and the schemas its toolkits register on import (a stale one would fail later lookups)."""
    monkeypatch.setattr(baked, "_REGISTRY", dict(vars(baked)["_REGISTRY"]))
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n == "out" or n.startswith("out.")]:
            del sys.modules[name]
