"""Deprecations and sunsets of pinned toolkits in CI, against the sandbox over loopback: ``fetch``
records what the server's header says in the lock, ``check`` says it (offline from the lock,
fresh with ``--remote``), and ``--fail-on-deprecated`` / ``--sunset-within DAYS`` exit 5; the
tools a pinned schema marks deprecated are listed and gated too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from runtime.sandbox import Sandbox, serving
from tests.conftest import REPO, catalog_tools, tool, write_catalog

Run = Callable[..., tuple[int, str, str]]
EXIT_DRIFT = 3
EXIT_DEPRECATED = 5


def _in_days(days: int) -> datetime:
    return (datetime.now(timezone.utc) + timedelta(days=days)).replace(microsecond=0)


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox(catalog_tools())


@pytest.fixture
def project(tmp_path: Path, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A project pinning docstore and weather against the sandbox."""
    monkeypatch.delenv("COMPOSIO_API_KEY", raising=False)  # a loopback server needs none
    with serving(sandbox) as url:
        (tmp_path / "pyproject.toml").write_text(
            f'[tool.toolstubs]\nout = "out"\nbase_url = "{url}"\ntoolkits = ["docstore", "weather"]\n',
            encoding="utf-8",
        )
        yield tmp_path


def test_a_clean_pin_passes_every_gate(run: Run, project: Path) -> None:
    path = project / "pyproject.toml"
    path.write_text(path.read_text().replace('["docstore", "weather"]', '["weather"]'), encoding="utf-8")
    assert run("fetch", cwd=project)[0] == 0 and run("generate", cwd=project)[0] == 0
    for flags in ([], ["--remote"]):
        code, _, err = run("check", *flags, "--fail-on-deprecated", "--sunset-within", "365", cwd=project)
        assert code == 0, err
        assert "deprecated" not in err


def test_a_retired_version_is_locked_said_and_gated(run: Run, project: Path, sandbox: Sandbox) -> None:
    sandbox.deprecate("docstore", "20251101_00", sunset_at=_in_days(20), reason="lifecycle")
    code, _, err = run("fetch", cwd=project)
    assert code == 0, err
    assert "docstore@20251101_00: 6 tools (the server says this version is deprecated)" in err
    locked = json.loads((project / "toolstubs.lock").read_text())["toolkits"]["docstore"]
    assert locked["deprecation"]["reason"] == "lifecycle"
    assert datetime.fromisoformat(locked["deprecation"]["sunset_at"]) > _in_days(19)
    assert "weather" in json.loads((project / "toolstubs.lock").read_text())["toolkits"]
    assert run("generate", cwd=project)[0] == 0

    for flags in ([], ["--remote"]):  # offline from the lock, then from the server
        code, _, err = run("check", *flags, cwd=project)
        assert code == 0, err
        assert "docstore@20251101_00 is deprecated since " in err and "(lifecycle); it stops working on " in err
        assert "(in 20 days)" in err or "(in 19 days)" in err
        assert "move the pin with `toolstubs upgrade docstore`" in err
        assert "weather@" not in err
        code, _, err = run("check", *flags, "--sunset-within", "30", cwd=project)
        assert code == EXIT_DEPRECATED, err
        assert "--sunset-within 30: docstore@20251101_00" in err
        assert run("check", *flags, "--sunset-within", "7", cwd=project)[0] == 0
        assert run("check", *flags, "--fail-on-deprecated", cwd=project)[0] == EXIT_DEPRECATED


def test_a_version_retired_after_the_fetch_is_seen_by_check_remote_only(
    run: Run, project: Path, sandbox: Sandbox
) -> None:
    assert run("fetch", cwd=project)[0] == 0 and run("generate", cwd=project)[0] == 0
    sandbox.deprecate("weather", "20250301_00", sunset_at=_in_days(3))
    assert run("check", "--sunset-within", "7", cwd=project)[0] == 0  # the lock knew nothing of it
    code, _, err = run("check", "--remote", "--sunset-within", "7", cwd=project)
    assert code == EXIT_DEPRECATED, err
    assert "toolstubs check --remote: weather@20250301_00 is deprecated" in err
    assert "toolstubs check --remote: --sunset-within 7: weather@20250301_00 (above)" in err
    assert run("fetch", cwd=project)[0] == 0 and run("generate", cwd=project)[0] == 0
    assert run("check", "--sunset-within", "7", cwd=project)[0] == EXIT_DEPRECATED  # the lock knows now


def test_tools_a_pinned_schema_marks_deprecated_are_listed_and_gated(run: Run, project: Path) -> None:
    assert run("fetch", cwd=project)[0] == 0 and run("generate", cwd=project)[0] == 0
    locked = json.loads((project / "toolstubs.lock").read_text())["toolkits"]["docstore"]
    assert locked["deprecated_tools"] == ["DOCSTORE_APPEND_TEXT"] and "deprecation" not in locked
    code, _, err = run("check", cwd=project)
    assert code == 0, err
    assert "docstore@20251101_00: 1 tool marked deprecated by the pinned schema: DOCSTORE_APPEND_TEXT" in err
    code, _, err = run("check", "--fail-on-deprecated", cwd=project)
    assert code == EXIT_DEPRECATED and "--fail-on-deprecated: docstore@20251101_00" in err
    assert run("check", "--sunset-within", "30", cwd=project)[0] == 0  # a tool has no sunset date


def test_a_tool_marked_deprecated_after_the_fetch_is_drift(run: Run, project: Path, sandbox: Sandbox) -> None:
    assert run("fetch", cwd=project)[0] == 0 and run("generate", cwd=project)[0] == 0
    sandbox.deprecate("weather", "20250301_00", sunset_at=_in_days(3), tools=["WEATHER_GET_FORECAST"])
    code, _, err = run("check", "--remote", "--sunset-within", "7", cwd=project)
    assert code == EXIT_DRIFT, err  # its schema changed, which check reports before 5
    assert "~WEATHER_GET_FORECAST" in err and "--sunset-within 7: weather@20250301_00 (above)" in err


def test_the_gates_refuse_a_nonsense_number_of_days(run: Run, project: Path) -> None:
    for days in ("nan", "inf", "-1", "soon"):
        try:
            code = run("check", "--sunset-within", days, cwd=project)[0]
        except SystemExit as exited:  # argparse's own exit, code 2
            code = int(str(exited.code))
        assert code == 2


def test_the_cached_check_orders_its_exit_codes_as_a_full_one(run: Run, project: Path) -> None:
    assert run("fetch", cwd=project)[0] == 0 and run("generate", cwd=project)[0] == 0
    for _ in range(2):  # a full check, then one the last run's record answers
        code, _, err = run("check", "--strict", "--fail-on-deprecated", cwd=project)
        assert code == EXIT_DEPRECATED, err


def test_a_tool_named_deprecated_leaves_the_decorator_alone(run: Run, tmp_path: Path) -> None:
    """A method ``deprecated`` in the class body would be what ``@deprecated`` calls for the
    methods after it (the toolkit failed to import); it is ``deprecated_``, and the decorator
    warns nothing at run time: the type checker is where a deprecated tool is flagged."""
    tools = [tool("KIT_DEPRECATED", toolkit="kit"), tool("KIT_ZED", toolkit="kit", is_deprecated=True)]
    write_catalog(tmp_path / "kit.json", tools)
    code, _, err = run("generate", "--source", "kit.json", "--out", "out", cwd=tmp_path)
    assert code == 0, err
    script = (
        "import warnings\n"
        "warnings.simplefilter('error')\n"
        "from out.kit import Kit\n"
        "assert callable(Kit.deprecated_) and Kit.zed.__deprecated__.startswith('in kit@')\n"
    )
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{REPO}"}
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
