"""The built wheel in fresh virtual environments: a lean runtime install, the extras, every Python we can find.

* runtime only (``pip install toolstubs``): pydantic, httpx and typing_extensions come
  from the package index; ``import runtime`` works, a generated toolkit calls a server over
  loopback, the install adds at most 20 MB to a bare environment, and each generator or
  sandbox command says in one line which extra it needs;
* the same runtime install on every other Python 3.10+ on this machine (skipped, with the
  reason, where one is missing);
* with the ``codegen`` extra (``pip install 'toolstubs-….whl[codegen]'``, its packages from
  the index): the installed console script generates outside the repository, with
  templates from the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest

from runtime.sandbox import Sandbox, serving
from tests.conftest import REPO, catalog_tools, tool, write_catalog

pytestmark = pytest.mark.xdist_group("wheel")  # one worker builds the wheel once
MAX_RUNTIME_MB = 20
CALL = """
import sys
from generated import weather
from runtime import Composio
with Composio(api_key="k", base_url=sys.argv[1]) as composio:
    result = weather.Weather(composio, user_id="u").get_forecast(latitude=1.0, longitude=2.0)
print("ok" if result.successful and result.data is not None else f"failed: {result.error}")
print("heavy:", sorted(m for m in ("jinja2", "datamodel_code_generator", "jsonschema", "codegen") if m in sys.modules))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(REPO)],
        check=True,
        capture_output=True,
    )
    return next(dist.glob("toolstubs-*.whl"))


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving(Sandbox(catalog_tools())) as url:
        yield url


def _find_python(minor: str) -> str | None:
    candidates = [shutil.which(f"python{minor}")]
    candidates += [str(p) for p in sorted(Path.home().glob(f".pyenv/versions/{minor}.*/bin/python{minor}"))]
    for candidate in candidates:
        if candidate and subprocess.run([candidate, "--version"], capture_output=True).returncode == 0:
            return candidate
    return None


def _venv(folder: Path, python: str | None = None) -> Path:
    if python is None:
        venv.EnvBuilder(with_pip=True).create(folder)
    else:
        subprocess.run([python, "-m", "venv", str(folder)], check=True, capture_output=True)
    return folder / "bin" / "python"


def _site(python: Path) -> Path:
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    return Path(subprocess.run([python, "-c", code], check=True, capture_output=True, text=True).stdout.strip())


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _install(python: Path, *targets: str) -> None:
    done = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *targets],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.fail(f"pip install {' '.join(targets)} failed:\n{done.stdout}\n{done.stderr}")


def _call(python: Path, work: Path, url: str) -> str:
    shutil.copytree(REPO / "generated", work / "generated", dirs_exist_ok=True)
    done = subprocess.run([python, "-c", CALL, url], cwd=work, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_runtime_only_install_is_lean_and_runs_a_generated_toolkit(
    wheel: Path, server: str, tmp_path: Path
) -> None:
    python = _venv(tmp_path / "venv")
    bare = _size(_site(python))
    _install(python, str(wheel))
    added_mb = (_size(_site(python)) - bare) / 1e6
    assert added_mb <= MAX_RUNTIME_MB, f"the runtime install adds {added_mb:.1f} MB"
    print(f"runtime-only install adds {added_mb:.1f} MB to a bare virtual environment")
    (tmp_path / "work").mkdir()
    assert _call(python, tmp_path / "work", server).splitlines() == ["ok", "heavy: []"]

    toolstubs = tmp_path / "venv" / "bin" / "toolstubs"
    for command, extra in [("generate", "codegen"), ("check", "codegen"), ("fetch", "codegen")]:
        done = subprocess.run([toolstubs, command], cwd=tmp_path / "work", capture_output=True, text=True)
        assert done.returncode == 2
        assert done.stderr.strip().endswith(f"pip install 'toolstubs[{extra}]'"), done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    done = subprocess.run([toolstubs, "sandbox", "--catalog", "x.json"], capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.strip().endswith("pip install 'toolstubs[sandbox]'"), done.stderr
    version = subprocess.run([toolstubs, "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("toolstubs 0.")


@pytest.mark.parametrize("minor", ["3.10", "3.12", "3.13"])
def test_the_runtime_installs_and_runs_on_other_pythons(wheel: Path, server: str, tmp_path: Path, minor: str) -> None:
    python = _find_python(minor)
    if python is None:
        pytest.skip(f"no python{minor} on this machine (looked on PATH and in ~/.pyenv/versions)")
    interpreter = _venv(tmp_path / "venv", python)
    _install(interpreter, str(wheel))
    (tmp_path / "work").mkdir()
    assert _call(interpreter, tmp_path / "work", server).splitlines()[0] == "ok"


def test_installed_wheel_generates_outside_the_repo(wheel: Path, tmp_path: Path) -> None:
    """The README's ``pip install 'dist/toolstubs-0.1.0-py3-none-any.whl[codegen]'``: the
    generator's packages come from the package index, pinned as pyproject.toml says."""
    fresh = tmp_path / "venv"
    python = _venv(fresh)
    _install(python, f"{wheel}[codegen]")

    work = tmp_path / "work"
    work.mkdir()
    write_catalog(work / "catalog.json", [tool("DEMO_HELLO")])
    env = {**os.environ, "PYTHONPATH": ""}
    result = subprocess.run(
        [fresh / "bin" / "toolstubs", "generate", "--source", "catalog.json", "--out", "stubs"],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "1 toolkit, 1 tool," in result.stderr
    where = subprocess.run(
        [python, "-c", "import codegen.build.render as r; print(r.templates_dir())"],
        cwd=work,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert where.startswith(str(fresh)), where
    assert (work / "stubs" / "demo" / "hello.py").is_file()
    assert json.loads((work / "toolstubs.lock").read_text())["toolkits"]["demo"]["version"] == "20250101_00"
