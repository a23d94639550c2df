"""The project's own code is ruff-clean: lint rules and formatting as pyproject.toml sets them
(generated/ is left to the golden tests, which compare it byte for byte)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

RUFF = str(Path(sys.executable).parent / "ruff")


# README code blocks are aligned by hand for reading; ruff formats only the Python files.
@pytest.mark.parametrize(
    "command", [["check", "."], ["format", "--check", "--exclude", "*.md", "."]], ids=["lint", "format"]
)
def test_the_code_is_ruff_clean(command: list[str]) -> None:
    result = subprocess.run([RUFF, *command], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
