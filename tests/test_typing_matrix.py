"""The typing matrix over the golden tree: pyright --strict, basedpyright and ty find nothing in
generated/, runtime/ and the correct-usage files, and pyright rejects every deliberate misuse.

mypy --strict runs over the same files in test_golden.py and its misuse snapshot in
test_typing_snapshots.py; the corpus output goes through all four in test_corpus.py.
``tests/typing/usage_bad.pyright.out`` is pyright's snapshot; regenerate it with
``python -m tests.test_typing_matrix > tests/typing/usage_bad.pyright.out``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests import checkers
from tests.conftest import REPO

CLEAN = [
    "generated",
    "runtime",
    "tests/typing/usage_ok.py",
    "tests/typing/usage_providers.py",
    "tests/typing/usage_official_sdk.py",
    "tests/typing/usage_frameworks.py",
    "tests/typing/usage_without_sdks.py",
]
BAD = REPO / "tests" / "typing" / "usage_bad.py"
SNAPSHOT = REPO / "tests" / "typing" / "usage_bad.pyright.out"
WITHOUT_SDKS = REPO / "tests" / "typing" / "usage_without_sdks.py"

pytestmark = pytest.mark.xdist_group("typing-matrix")


@pytest.mark.parametrize("based", [False, True], ids=["pyright-strict", "basedpyright"])
def test_the_golden_tree_the_runtime_and_correct_use_have_no_diagnostics(based: bool) -> None:
    assert [str(d) for d in checkers.pyright(CLEAN, based=based)] == []


def test_the_golden_tree_correct_use_and_the_runtime_pass_ty() -> None:
    assert checkers.ty(CLEAN) == ""


def test_without_openai_installed_the_default_tool_types_are_exact(tmp_path: Path) -> None:
    python = checkers.environment_without({"openai"}, tmp_path / "venv")
    found = subprocess.run([str(python), "-c", "import openai"], capture_output=True, text=True)
    assert "No module named 'openai'" in found.stderr  # the environment really lacks it
    mypy = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            *checkers.mypy_settings(),
            "--python-executable",
            str(python),
            str(WITHOUT_SDKS),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    assert [str(d) for d in checkers.pyright([str(WITHOUT_SDKS)], python=str(python))] == []


def test_pyright_rejects_misuse_exactly_where_marked_and_as_snapshotted() -> None:
    diagnostics = checkers.pyright([str(BAD)])
    marked = {n for n, line in enumerate(BAD.read_text().splitlines(), 1) if "  # E:" in line}
    assert {d.line for d in diagnostics if d.severity == "error"} == marked
    assert "".join(f"{d}\n" for d in diagnostics) == SNAPSHOT.read_text(encoding="utf-8")


def test_basedpyright_and_ty_refuse_a_str_where_an_array_is_wanted_too() -> None:
    """mypy and pyright are snapshotted above; the other two checkers flag the same lines."""
    source = BAD.read_text().splitlines()
    start = source.index("def strings_for_arrays(client: Composio) -> None:")
    lines = {n for n, line in enumerate(source, 1) if n > start and "  # E:" in line}
    assert len(lines) == 2
    based = {d.line for d in checkers.pyright([str(BAD)], based=True) if d.severity == "error"}
    assert lines <= based
    found = checkers.ty([str(BAD.relative_to(REPO))])
    assert all(f"usage_bad.py:{line}:" in found for line in lines), found


if __name__ == "__main__":
    print("".join(f"{d}\n" for d in checkers.pyright([str(BAD)])), end="")
