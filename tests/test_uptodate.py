"""A run whose inputs and outputs are as the last successful run left them does nothing, and says so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from codegen.cli import commands

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Which commands had to build (did not find everything as the last run left it)."""
    calls: list[str] = []
    real = commands.build

    def counting(*args: object, **kwargs: object) -> object:
        calls.append("build")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(commands, "build", counting)
    return calls


def test_nothing_changed_means_nothing_built_and_the_same_words(project: Path, run: Run, builds: list[str]) -> None:
    first = run("generate", cwd=project)
    again = run("generate", cwd=project)
    checked = run("check", cwd=project)
    assert builds == ["build"]
    assert again[0] == 0 and checked[0] == 0
    warnings = [line for line in first[2].splitlines() if line.startswith("warning:")]
    assert [line for line in again[2].splitlines() if line.startswith("warning:")] == warnings
    assert (
        again[2].splitlines()[-1]
        == "toolstubs: 3 toolkits, 13 tools, 0 files written, 42 unchanged, 0 removed, 3 warnings, 0 tools left out"
    )
    assert checked[2].splitlines()[-1].startswith("toolstubs check: clean: 3 toolkits, 13 tools")


def test_a_file_the_user_adds_beside_forces_no_run(project: Path, run: Run, builds: list[str]) -> None:
    run("generate", cwd=project)
    (project / "out" / "weather" / "helpers.py").write_text("MINE = 1\n")
    assert run("check", cwd=project)[0] == 0
    assert builds == ["build"]


@pytest.mark.parametrize("change", ["edit", "delete", "touch", "catalog", "pins", "lock"])
def test_any_change_means_a_full_run(project: Path, run: Run, builds: list[str], change: str) -> None:
    run("generate", cwd=project)
    module = project / "out" / "weather" / "get_forecast.py"
    args: tuple[str, ...] = ()
    if change == "edit":
        module.write_text(module.read_text() + "# edited\n")
    elif change == "delete":
        module.unlink()
    elif change == "touch":
        module.write_bytes(module.read_bytes())
    elif change == "catalog":
        source = project / "catalog" / "weather@20250301_00.json"
        source.write_text(source.read_text().replace("Forecast for a place", "Forecast anywhere"))
    elif change == "pins":
        args = ("--toolkit", "weather@20250301_00")
    elif change == "lock":
        lock = project / "toolstubs.lock"
        lock.write_text(lock.read_text().replace("20250301_00", "20250301_01"))
    code, _, _ = run("check", *args, cwd=project)
    assert builds == ["build", "build"]
    assert code == (0 if change in ("touch",) else 1)


def test_no_cache_means_a_full_run(project: Path, run: Run, builds: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    run("generate", cwd=project)
    monkeypatch.setenv("TOOLSTUBS_NO_CACHE", "1")
    assert run("generate", cwd=project)[0] == 0
    assert builds == ["build", "build"]
