"""A wheel built from the repo, installed in a fresh venv, generates stubs from a catalog file."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from tests.conftest import REPO, tool, write_catalog


def test_installed_wheel_generates_outside_the_repo(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(REPO)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("toolstubs-*.whl"))
    fresh = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(fresh)
    python = fresh / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "--no-deps", "--quiet", str(wheel)], check=True, capture_output=True
    )
    # The dependencies come from the test environment; the wheel's own code must not.
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    work = tmp_path / "work"
    work.mkdir()
    write_catalog(work / "catalog.json", [tool("DEMO_HELLO")])
    result = subprocess.run(
        [fresh / "bin" / "toolstubs", "generate", "--source", "catalog.json", "--out", "stubs"],
        cwd=work,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "1 toolkits, 1 tools" in result.stderr
    where = subprocess.run(
        [python, "-c", "import codegen.render as r; print(r.templates_dir())"], cwd=work, capture_output=True, text=True
    ).stdout.strip()
    assert where.startswith(str(fresh)), where
    assert (work / "stubs" / "demo" / "hello.py").is_file()
    assert json.loads((work / "toolstubs.lock").read_text())["toolkits"]["demo"]["version"] == "20250101_00"
