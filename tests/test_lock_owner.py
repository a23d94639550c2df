"""The lock belongs to one output folder: it records that folder (and the catalog it was made
from), a generation into another folder refuses to rewrite it (exit 2, nothing written, the
message says to pass ``--lock``), and ``check`` needs no flags to find the catalog."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.test_pinned_builds import snapshot

Run = Callable[..., tuple[int, str, str]]


def test_the_lock_records_its_output_folder_and_catalog(project: Path, run: Run) -> None:
    assert run("generate", cwd=project)[0] == 0
    lock = json.loads((project / "toolstubs.lock").read_text())
    assert (lock["out"], lock["source"]) == ("out", "catalog")


def test_a_generation_elsewhere_never_rewrites_the_projects_lock(project: Path, run: Run) -> None:
    assert run("generate", cwd=project)[0] == 0
    before = snapshot(project)
    code, _, err = run("generate", "--out", "elsewhere", cwd=project)
    assert code == 2, err
    assert "toolstubs.lock belongs to the output folder out (relative to it), not " in err
    assert "pass --lock FILE" in err
    assert snapshot(project) == before  # nothing written: no folder, the lock as it was
    code, _, err = run("generate", "--out", "elsewhere", "--lock", "elsewhere.lock", cwd=project)
    assert code == 0, err
    assert json.loads((project / "elsewhere.lock").read_text())["out"] == "elsewhere"
    assert (project / "toolstubs.lock").read_bytes() == before["toolstubs.lock"]
    assert run("check", "--out", "elsewhere", cwd=project)[0] == 2  # check says the same
    assert run("check", "--out", "elsewhere", "--lock", "elsewhere.lock", cwd=project)[0] == 0


def test_check_finds_the_catalog_in_the_lock(project: Path, run: Run) -> None:
    assert run("generate", cwd=project)[0] == 0
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('source = "catalog"\n', ""), encoding="utf-8")
    code, _, err = run("check", cwd=project)
    assert code == 0, err
    assert "clean" in err.splitlines()[-1]


def test_a_lock_from_before_the_record_belongs_to_any_folder(project: Path, run: Run) -> None:
    assert run("generate", cwd=project)[0] == 0
    path = project / "toolstubs.lock"
    lock = json.loads(path.read_text())
    del lock["out"], lock["source"]
    path.write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    code, _, err = run("generate", cwd=project)
    assert code == 0, err
    assert json.loads(path.read_text())["out"] == "out"  # recorded from now on
