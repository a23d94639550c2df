"""The type checkers of the tests, run as a user runs them, with their diagnostics as data.

pyright runs with ``--strict`` and no rule turned off (``tests/typing/pyright.json``);
basedpyright with its default rule set less the justified list in
``tests/typing/basedpyright.json``; ty with its defaults. Every tool is pinned in
pyproject.toml, so their messages can be snapshotted.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
CONFIGS = REPO / "tests" / "typing"
_BIN = Path(sys.executable).parent
DISTRIBUTION = "toolstubs"


@dataclass(frozen=True)
class Diagnostic:
    """One error or warning: where (relative to the repository when inside it), what, which rule."""

    file: str
    line: int  # 1-based
    severity: str
    message: str
    rule: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message} ({self.rule})"


def _relative(path: str) -> str:
    resolved = Path(path)
    return str(resolved.relative_to(REPO)) if resolved.is_relative_to(REPO) else str(resolved)


def environment_without(packages: set[str], where: Path) -> Path:
    """The python of a venv at ``where`` that sees this one's packages except ``packages``
    (import names; their ``.dist-info`` goes too): what a checker finds where those are not
    installed. The packages are linked, not installed, so it takes a moment."""
    ours = Path(sysconfig.get_paths()["purelib"])
    kept = [entry for entry in ours.iterdir() if entry.name.split("-")[0].removesuffix(".py").lower() not in packages]
    return _linked_environment(where, kept)


def runtime_only_environment(where: Path) -> Path:
    """The python of a venv at ``where`` holding only what ``pip install toolstubs`` installs:
    the runtime and the distributions it requires (pydantic, httpx and theirs), linked from
    this venv. Type checkers there meet no framework SDK: the test venv holds them all, and
    mypy analyses every SDK the runtime's provider and MCP modules name (about 40 s cold)."""
    entries = [REPO / "runtime"]
    for name in sorted(_required(DISTRIBUTION) - {canonicalize_name(DISTRIBUTION)}):
        distribution = metadata.distribution(name)
        root = Path(str(distribution.locate_file("")))
        entries += [
            root / top for top in sorted({file.parts[0] for file in distribution.files or []} - {"..", "__pycache__"})
        ]
    return _linked_environment(where, entries)


@functools.cache
def runtime_only_python() -> Path:
    """The python of this process's :func:`runtime_only_environment`, made anew on first use
    (under ``.mypy_cache``, one per pytest-xdist worker, so that mypy's cache there stays warm
    for the worker's later runs)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    where = REPO / ".mypy_cache" / f"runtime-only-{worker}"
    shutil.rmtree(where, ignore_errors=True)
    return runtime_only_environment(where)


def _required(name: str, seen: set[str] | None = None) -> set[str]:
    """``name`` and every distribution it requires without extras, transitively, as installed here."""
    seen = set() if seen is None else seen
    key = canonicalize_name(name)
    if key not in seen:
        seen.add(key)
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                _required(requirement.name, seen)
    return seen


def _linked_environment(where: Path, entries: list[Path]) -> Path:
    """A ``venv --without-pip`` at ``where`` whose site-packages links ``entries``; its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    python = where / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    for entry in entries:
        (site / entry.name).symlink_to(entry)
    return python


def pyright(
    paths: list[str],
    cwd: Path = REPO,
    *,
    based: bool = False,
    python: str = sys.executable,
    importable: Path | None = None,
) -> list[Diagnostic]:
    """pyright's (or basedpyright's) errors and warnings over ``paths``, resolving imports
    in the environment of ``python``, with ``importable`` (a folder) on its ``sys.path``."""
    tool, config = ("basedpyright", "basedpyright.json") if based else ("pyright", "pyright.json")
    command = [str(_BIN / tool), "--outputjson", "--pythonpath", python, "-p", str(CONFIGS / config), *paths]
    env = {**os.environ, "PYTHONPATH": str(importable)} if importable is not None else None
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"{tool} gave no report (exit {result.returncode}): {result.stderr[-2000:]}") from None
    return [
        Diagnostic(
            _relative(item["file"]),
            item.get("range", {"start": {"line": -1}})["start"]["line"] + 1,
            item["severity"],
            item["message"].replace("\u00a0", " "),
            item.get("rule", ""),
        )
        for item in report["generalDiagnostics"]
        if item["severity"] in ("error", "warning")
    ]


def ty(paths: list[str], cwd: Path = REPO) -> str:
    """ty's report over ``paths``: empty when every check passed."""
    command = [str(_BIN / "ty"), "check", "--python", sys.prefix, "--output-format", "concise", *paths]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    return "" if result.returncode == 0 else (result.stdout + result.stderr)[-4000:]


def mypy_settings(python: Path | None = None) -> list[str]:
    """The options of every mypy run of the tests: ``--strict`` with pyproject.toml's settings
    (the pydantic plugin), and a cache per pytest-xdist worker, so that runtime, pydantic and
    openai are analysed once per worker rather than once per run, and no two workers share it.
    ``python``: the environment whose packages mypy sees (:func:`runtime_only_environment`), with
    a cache of its own."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    cache = (
        REPO / ".mypy_cache" / (f"tests-{worker}" if python is None else f"tests-{worker}-{python.parent.parent.name}")
    )
    settings = ["--config-file", str(REPO / "pyproject.toml"), "--strict", "--cache-dir", str(cache)]
    return settings if python is None else [*settings, "--python-executable", str(python)]
