"""The committed generated/ tree is the golden record of the embedded catalog.

Regenerate with ``./dev generate`` and review the diff. The same tree must pass
``mypy --strict`` (pydantic plugin, init_typed) and be black-stable.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from codegen.pipeline import config
from codegen.pipeline import generate as pipeline
from codegen.pipeline.check import compare
from tests import checkers, twin_copies
from tests.checkers import mypy_settings
from tests.conftest import REPO


def test_generated_tree_matches_the_golden_record() -> None:
    settings = config.resolve(REPO)
    generation = pipeline.build(settings)
    assert generation.reports == [r for r in generation.reports if r.level.value == "warning"]
    differences = compare(generation, settings.out, settings.lock, generation.packages)
    assert not differences, "generated/ is stale; run ./dev generate\n" + "".join(d.diff for d in differences)


def test_generated_tree_and_runtime_pass_mypy_strict() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            *mypy_settings(),
            "generated",
            "runtime",
            "tests/typing/usage_ok.py",
            "tests/typing/usage_providers.py",
            "tests/typing/usage_official_sdk.py",
            "tests/typing/usage_frameworks.py",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_facades_pass_mypys_own_overload_checks_too(tmp_path: Path) -> None:
    """Each ``_typed.py`` tells mypy to report no errors in it (its pairwise overload check is
    quadratic); here the golden facades are checked without that line, overlap checks and all."""
    shutil.copytree(REPO / "generated", tmp_path / "generated")
    facades = sorted((tmp_path / "generated").glob("*/_typed.py"))
    assert len(facades) == 3
    for facade in facades:
        text = facade.read_text(encoding="utf-8")
        assert "\n# mypy: ignore-errors\n" in text
        facade.write_text(text.replace("\n# mypy: ignore-errors\n", "\n"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", *mypy_settings(), *map(str, facades)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{REPO}"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_tree_is_black_stable() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "black", "--check", "--diff", "--quiet", "generated"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_facades_twin_copies_are_the_tool_modules_twins(tmp_path: Path) -> None:
    """``_dicts.pyi`` (what the facade and the package name for checkers) copies each tool
    module's twins: pyright finds each the same type as its copy, both ways."""
    check = tmp_path / "twins_agree.py"
    check.write_text(twin_copies.agreement(REPO / "generated"), encoding="utf-8")
    assert check.read_text(encoding="utf-8").count("def ") == 26  # 13 tools, input and output
    assert [str(d) for d in checkers.pyright([str(check)])] == []
