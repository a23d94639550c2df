"""Same inputs, same bytes: whatever the hash seed, the file order or the item order."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from codegen.build import formatting
from codegen.pipeline import generate as pipeline
from codegen.pipeline.config import resolve
from tests.conftest import CATALOG, PINS, REPO


def _generate(workdir: Path, seed: str, reverse: bool) -> dict[str, bytes]:
    catalog = workdir / "catalog"
    catalog.mkdir(parents=True)
    files = sorted(CATALOG.glob("*.json"), reverse=reverse)
    for index, source in enumerate(files):
        data = json.loads(source.read_text())
        items = data["items"] if isinstance(data, dict) else data
        if reverse:
            items = [{k: item[k] for k in reversed(list(item))} for item in reversed(items)]
        (catalog / f"{index}-{source.name}").write_text(json.dumps(items))
    pins = [arg for pin in PINS for arg in ("--toolkit", pin)]
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
    subprocess.run(
        [sys.executable, "-m", "codegen.cli.main", "generate", "--source", "catalog", "--out", "out", *pins],
        cwd=workdir,
        env=env,
        check=True,
        capture_output=True,
    )
    out = workdir / "out"
    tree = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    tree["toolstubs.lock"] = (workdir / "toolstubs.lock").read_bytes()
    return tree


def test_two_runs_with_different_hash_seeds_and_input_order_are_byte_identical(tmp_path: Path) -> None:
    first = _generate(tmp_path / "a", "1", reverse=False)
    second = _generate(tmp_path / "b", "2", reverse=True)
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []


def test_formatting_in_batches_gives_the_bytes_of_one_batch(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large run formats its files in batches to bound memory; a batch of one file each gives
    exactly what one batch of every file gives."""
    config = resolve(project)
    whole = pipeline.build(config)
    formatted: list[int] = []
    real = formatting.format_files
    monkeypatch.setattr(formatting, "BATCH", 1)
    monkeypatch.setattr(
        formatting, "format_files", lambda files, *ruff: formatted.append(len(files)) or real(files, *ruff)
    )
    batched = pipeline.build(config)
    assert len(formatted) == len(whole.packages) + 1 > 2  # one batch per toolkit here, and the output facade
    assert batched.files == whole.files and list(batched.files) == list(whole.files)
    assert batched.lock == whole.lock and batched.reports == whole.reports
