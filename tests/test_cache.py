"""The built-tool cache: reruns skip rebuilding unchanged tools, and the output never depends on it."""

from __future__ import annotations

import json
import pickle
import zlib
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any

import pytest

from codegen.build import cache, emit, formatting
from codegen.pipeline import generate as pipeline
from tests.conftest import CATALOG

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many tools each run had to build (not found in the cache)."""
    counts: list[int] = []
    real = pipeline._build_all

    def counting(jobs: list[Any], advance: Callable[[int], None], *warmed: Any) -> Iterator[Any]:
        counts.append(len(jobs))
        return real(jobs, advance, *warmed)

    monkeypatch.setattr(pipeline, "_build_all", counting)
    return counts


@pytest.fixture
def formatted(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The files each run had to format (not found in the cache), per formatter run."""
    runs: list[list[str]] = []
    real = formatting.format_files

    def counting(files: dict[str, str], parsed_by_ruff: Collection[str] = ()) -> dict[str, str]:
        runs.append(sorted(files))
        return real(files, parsed_by_ruff)

    monkeypatch.setattr(formatting, "format_files", counting)
    return runs


@pytest.fixture
def emitted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The toolkits whose code was emitted (not taken whole from the cache), in order."""
    slugs: list[str] = []
    real = emit.toolkit_files

    def counting(toolkit: Any, *codes: Any) -> dict[str, str]:
        slugs.append(toolkit.slug)
        return real(toolkit, *codes)

    monkeypatch.setattr(emit, "toolkit_files", counting)
    return slugs


def _tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_a_rerun_builds_nothing_and_a_change_rebuilds_only_that_tool(
    project: Path, run: Run, built: list[int], formatted: list[list[str]], emitted: list[str]
) -> None:
    assert run("generate", cwd=project)[0] == 0
    first = _tree(project / "out")
    assert run("check", cwd=project)[0] == 0
    source = project / "catalog" / "weather@20250301_00.json"
    source.write_text(source.read_text().replace("Forecast for a place", "Forecast for any place"))
    assert run("generate", cwd=project)[0] == 0
    assert built == [13, 1]  # the check in between found nothing changed, without building anything
    assert (project / cache.FOLDER / ".gitignore").read_text().endswith("*\n")
    changed = [path for path, data in _tree(project / "out").items() if first[path] != data]
    assert changed == [
        "weather/_async_toolkit.py",
        "weather/_schemas.py",
        "weather/_toolkit.py",
        "weather/get_forecast.py",
    ]
    assert formatted[-1] == changed  # only the changed files were formatted again
    assert emitted[-1:] == ["weather"] and len(emitted) == 4  # 3 toolkits, then only the changed one


def test_output_is_the_same_with_or_without_the_cache(
    project: Path, run: Run, built: list[int], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    run("generate", cwd=project)
    run("generate", "--out", "again", "--lock", "again.lock", cwd=project)  # the same cache, beside both locks
    assert _tree(project / "out") == _tree(project / "again")
    monkeypatch.setenv("TOOLSTUBS_NO_CACHE", "1")
    run("generate", "--out", "uncached", "--lock", "uncached.lock", cwd=project)
    assert _tree(project / "out") == _tree(project / "uncached")
    assert built == [13, 0, 13]


def test_a_damaged_foreign_or_half_written_cache_is_rebuilt(
    project: Path, run: Run, built: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    run("generate", cwd=project)
    record = project / cache.FOLDER / "last-run.json"  # this test is about the build cache, not the run record
    record.unlink()
    stored = project / cache.FOLDER / "tools.pickle"
    stored.write_bytes(b"not a pickle")
    (project / cache.FOLDER / ".tools.pickle.toolstubs-tmp").write_bytes(b"half")
    assert run("check", cwd=project)[0] == 0
    assert not (project / cache.FOLDER / ".tools.pickle.toolstubs-tmp").exists()
    record.unlink()
    monkeypatch.setattr(cache, "fingerprint", lambda: "another generator")
    assert run("check", cwd=project)[0] == 0
    record.unlink()
    payload = pickle.loads(stored.read_bytes())
    payload["entries"] = dict.fromkeys(payload["entries"], b"damaged")  # a readable file, unreadable entries
    stored.write_bytes(pickle.dumps(payload))
    assert run("check", cwd=project)[0] == 0
    assert built == [13, 13, 13, 13]


def test_the_cache_keeps_only_what_the_last_run_used(project: Path, run: Run) -> None:
    run("generate", cwd=project)
    run("generate", "--toolkit", "weather@20250301_00", cwd=project)
    payload = pickle.loads((project / cache.FOLDER / "tools.pickle").read_bytes())
    slugs = {
        pickle.loads(zlib.decompress(entry))[0].slug
        for key, entry in payload["entries"].items()
        if "\0" not in key  # a built tool, not a gate verdict or a formatted file
    }
    weather = json.loads((CATALOG / "weather@20250301_00.json").read_text())
    assert slugs == {tool["slug"] for tool in (weather["items"] if isinstance(weather, dict) else weather)}
