"""Deprecations and sunsets of pinned toolkits in CI, against the sandbox over loopback: ``fetch``
records what the server's header says in the lock, ``check`` says it (offline from the lock,
fresh with ``--remote``), and ``--fail-on-deprecated`` / ``--sunset-within DAYS`` exit 5; the
tools a pinned schema marks deprecated are listed and gated too."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from runtime.sandbox import Sandbox, serving
from tests.conftest import catalog_tools

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
    assert code == EXIT_DRIFT, err  # its tools now say is_deprecated: drift, which check reports before 5
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
