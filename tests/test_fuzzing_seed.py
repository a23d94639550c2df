"""Fuzzing explores: under CI every commit draws its own examples from a printed seed; locally a fresh one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, commit_seed, seed_for

PROBE = """
from hypothesis import given, strategies as st

@given(st.integers())
def test_probe(value):
    print("drawn", value)
"""


def _run(tmp_path: Path, *args: str, ci: bool) -> str:
    probe = tmp_path / "test_probe_seed.py"
    probe.write_text(PROBE)
    env = {key: value for key, value in os.environ.items() if key != "CI"} | ({"CI": "true"} if ci else {})
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:xdist", "-p", "no:cacheprovider", "--rootdir", str(REPO),
         "-c", str(REPO / "pyproject.toml"), "-p", "tests.conftest", str(probe), *args],
        cwd=REPO, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_two_commits_draw_different_examples() -> None:
    assert seed_for("a" * 40) != seed_for("b" * 40)


def test_under_ci_the_seed_comes_from_the_commit_and_is_printed(tmp_path: Path) -> None:
    seed = commit_seed()
    assert seed is not None, "the repository is a git checkout"
    output = _run(tmp_path, ci=True)
    assert f"hypothesis seed: {seed} (reproduce with: ./dev test --hypothesis-seed={seed})" in output
    other = _run(tmp_path, f"--hypothesis-seed={seed + 1}", ci=True)
    drawn = [line for line in output.splitlines() if line.startswith("drawn")]
    assert drawn != [line for line in other.splitlines() if line.startswith("drawn")]  # another seed, other examples
    assert drawn == [line for line in _run(tmp_path, ci=True).splitlines() if line.startswith("drawn")]  # reproducible
