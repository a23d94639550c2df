"""Every Python and shell block of README.md and docs/ is run, and every Python block is
type-checked with ``mypy --strict``, ``pyright --strict``, basedpyright and ty, as a user pasting
it would (so the one spelling of narrowing the README shows narrows in all four).

Python blocks run against the sandbox serving the embedded catalog (``COMPOSIO_API_KEY`` and
``COMPOSIO_BASE_URL`` set as a user would set them), from a scratch folder with the repository
on the path; shell blocks run with bash in a scratch folder holding a copy of the embedded
catalog as ``catalog/``, the venv's ``toolstubs`` first on ``PATH``; ``pyproject.toml`` blocks
are read by toolstubs' own configuration loader, and YAML blocks parse into what their tool reads. A comment on the line before a block may
say otherwise, with its reason:

* ``<!-- snippet: no-run REASON -->``: type-checked, not run (it needs the network or a model);
* ``<!-- snippet: untyped REASON -->``: run, mypy- and ty-clean, and what pyright and basedpyright
  report of it is only that something is partially unknown (a block showing code before
  toolstubs);
* ``<!-- snippet: skip REASON -->``: neither: a shell block that needs the network or runs
  for minutes, or a Python block whose complete version a test holds (the reason names the
  test file, which must exist).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from codegen.pipeline import config
from runtime.sandbox import Sandbox, serving
from tests import checkers
from tests.conftest import REPO, catalog_tools
from tests.docs_blocks import PAGES, Block, blocks
from tests.timing import seconds

SNIPPETS = blocks("python", "sh", "toml", "yaml")
PYTHON = [s for s in SNIPPETS if s.lang == "python" and s.mark != "skip"]
RUN = [s for s in SNIPPETS if s.lang in ("python", "sh") and s.mark in (None, "untyped")]
TOML = [s for s in SNIPPETS if s.lang == "toml"]
YAML = [s for s in SNIPPETS if s.lang == "yaml"]


@pytest.mark.parametrize("snippet", TOML, ids=lambda s: s.name)
def test_the_configuration_is_read_as_written(snippet: Block, tmp_path: Path) -> None:
    """A ``pyproject.toml`` block parses, and toolstubs takes every key it sets (a misspelt
    key is refused, so a block that passes here says what it means)."""
    assert "[tool.toolstubs" in snippet.code, snippet.name
    (tmp_path / "pyproject.toml").write_text(snippet.code, encoding="utf-8")
    settled = config.resolve(tmp_path)
    assert settled.pins or settled.mcp, snippet.name


@pytest.mark.parametrize("snippet", YAML, ids=lambda s: s.name)
def test_the_ci_configuration_is_a_mapping_of_what_its_tool_reads(snippet: Block) -> None:
    """A YAML block (pre-commit's configuration, a GitHub Actions workflow) parses into the
    mapping its tool expects (the pre-commit one also runs, in tests/test_adoption.py)."""
    document = yaml.safe_load(snippet.code)
    assert isinstance(document, dict) and ("repos" in document or "jobs" in document), snippet.name
    for job in document.get("jobs", {}).values():
        assert all(isinstance(step, dict) and ("uses" in step or "run" in step) for step in job["steps"]), snippet.name


def _anchor(heading: str) -> str:
    return re.sub(r"[^a-z0-9 -]", "", heading.lower()).replace(" ", "-")


def test_every_link_between_the_pages_reaches_its_page_and_heading() -> None:
    for path in PAGES:
        for link in re.finditer(r"\]\(([^)#\s:]+\.md)(?:#([^)]*))?\)", path.read_text(encoding="utf-8")):
            target = path.parent / link[1]
            assert target.is_file(), f"{path.name}: {link[0]} names no page"
            headings = re.findall(r"^#+ (.*)$", target.read_text(encoding="utf-8"), re.M)
            assert link[2] is None or link[2] in map(_anchor, headings), f"{path.name}: {link[0]} names no heading"


def test_every_exception_gives_its_reason() -> None:
    assert SNIPPETS and all(s.reason.strip() for s in SNIPPETS if s.mark is not None)
    for snippet in SNIPPETS:
        if snippet.lang == "python" and snippet.mark == "skip":
            named = re.findall(r"tests/[\w/]+\.py", snippet.reason)
            assert named and all((REPO / name).is_file() for name in named), snippet.name


@pytest.fixture(scope="module")
def sandbox_url() -> object:
    with serving(Sandbox(catalog_tools())) as url:
        yield url


def _environment(url: str, folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "COMPOSIO_API_KEY": "snippet-key",
        "COMPOSIO_BASE_URL": url,
        "PYTHONPATH": str(REPO),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(folder),
    }


@pytest.mark.parametrize("snippet", RUN, ids=lambda s: s.name)
def test_the_block_runs(snippet: Block, sandbox_url: str, tmp_path: Path) -> None:
    if snippet.lang == "python":
        command = [sys.executable, "-c", snippet.code]
    else:
        shutil.copytree(REPO / "codegen" / "default_catalog", tmp_path / "catalog")
        command = ["bash", "-euo", "pipefail", "-c", snippet.code]
    result = subprocess.run(
        command,
        cwd=tmp_path,
        env=_environment(sandbox_url, tmp_path),
        capture_output=True,
        text=True,
        timeout=seconds(300),
    )
    assert result.returncode == 0, f"{snippet.name} failed:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="module")
def written() -> list[Path]:
    """The Python blocks as files under .mypy_cache (beside the repository, so ``generated``
    and ``runtime`` resolve as in a project; each checker reads each file once)."""
    folder = REPO / ".mypy_cache" / f"snippets-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    paths = []
    for snippet in PYTHON:
        path = folder / f"{snippet.path.stem.lower()}_{snippet.line}.py"
        path.write_text(snippet.code, encoding="utf-8")
        paths.append(path)
    return paths


def test_every_python_block_passes_mypy_strict(written: list[Path]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", *checkers.mypy_settings(), *map(str, written)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("based", [False, True], ids=["pyright-strict", "basedpyright"])
def test_every_python_block_passes_pyright_strict_and_basedpyright(written: list[Path], based: bool) -> None:
    untyped = {path.name for path, snippet in zip(written, PYTHON, strict=True) if snippet.mark == "untyped"}
    found = checkers.pyright([str(p) for p in written], based=based)
    assert [str(d) for d in found if Path(d.file).name not in untyped] == []
    shown = [d for d in found if Path(d.file).name in untyped]
    assert {Path(d.file).name for d in shown} == untyped
    assert all(d.rule.startswith("reportUnknown") for d in shown), [str(d) for d in shown]


def test_every_python_block_passes_ty(written: list[Path]) -> None:
    assert checkers.ty([str(p) for p in written]) == ""
