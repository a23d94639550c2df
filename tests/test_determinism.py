"""Same inputs, same bytes: whatever the hash seed, the file order or the item order."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
        [sys.executable, "-m", "codegen.cli", "generate", "--source", "catalog", "--out", "out", *pins],
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
