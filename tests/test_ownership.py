"""The writer owns only what it wrote: each data-loss case a probe found, as a regression test.

Files of the user's in and beside toolkit folders survive every run; a folder, lock path
or file toolstubs did not write is refused (exit 2, nothing changed); dangerous output
folders are refused before anything happens; a file saved during a run survives; mount
points are never crossed; every "nothing was changed" is true.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from codegen.write import transaction, writer
from codegen.write.ownership import MANIFEST
from tests.conftest import CATALOG, REPO
from tests.test_faults import _in_private_mounts

Run = Callable[..., tuple[int, str, str]]
ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(REPO)}


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and ".toolstubs_cache" not in p.parts  # the build cache
    }


def _pin(project: Path, *pins: str) -> None:
    listed = ", ".join(json.dumps(p) for p in pins)
    (project / "pyproject.toml").write_text(
        f'[tool.toolstubs]\nsource = "catalog"\nout = "out"\ntoolkits = [{listed}]\n', encoding="utf-8"
    )


def test_user_files_in_a_toolkit_folder_survive_regeneration_and_removal(project: Path, run: Run) -> None:
    assert run("generate", cwd=project)[0] == 0
    weather = project / "out" / "weather"
    (weather / "helpers.py").write_text("def mine() -> int:\n    return 1\n")
    (weather / "NOTES.md").write_text("my notes\n")
    (weather / "get_forecast.py").write_text("edited\n")  # a generated file: regenerated
    code, _, err = run("generate", cwd=project)
    assert code == 0, err
    assert (weather / "helpers.py").read_text().startswith("def mine()")
    assert (weather / "NOTES.md").read_text() == "my notes\n"
    assert "kept 2 files that toolstubs did not write: weather/NOTES.md, weather/helpers.py" in err
    _pin(project, "acme_tracker@20250601_00", "docstore@20251101_00")  # weather is dropped
    code, _, err = run("generate", cwd=project)
    assert code == 0, err
    assert sorted(p.name for p in weather.iterdir()) == ["NOTES.md", "helpers.py"]
    assert run("check", cwd=project)[0] == 0


def test_a_folder_toolstubs_did_not_create_is_never_taken_over(project: Path, run: Run) -> None:
    (project / "out" / "weather").mkdir(parents=True)
    (project / "out" / "weather" / "__init__.py").write_text("# my own package\n")
    before = _tree(project)
    code, _, err = run("generate", cwd=project)
    assert code == 2
    assert "out/weather already exists and toolstubs did not create it" in err and "nothing was changed" in err
    assert _tree(project) == before and not (project / "toolstubs.lock").exists()


def test_a_catalog_inside_the_output_folder_is_refused(project: Path, run: Run) -> None:
    before = _tree(project)
    code, _, err = run("generate", "--source", "catalog", "--out", "catalog", cwd=project)
    assert code == 2 and "the catalog" in err and "inside the output folder" in err
    assert _tree(project) == before


def test_a_user_file_where_a_generated_file_goes_is_refused(project: Path, run: Run) -> None:
    _pin(project, "acme_tracker@20250101_00", "weather@20250301_00")
    assert run("generate", cwd=project)[0] == 0
    mine = project / "out" / "acme_tracker" / "add_reaction.py"  # a tool the next version adds
    mine.write_text("# mine\n")
    _pin(project, "acme_tracker@20250601_00", "weather@20250301_00")
    before = _tree(project)
    code, _, err = run("generate", cwd=project)
    assert code == 2 and "add_reaction.py exists and toolstubs did not write it" in err, err
    assert _tree(project) == before


@pytest.mark.parametrize("content", ['{"name": "app", "dependencies": {}}\n', '{"items": []}\n', "", "not json\n"])
def test_a_lock_path_holding_another_file_is_never_overwritten(project: Path, run: Run, content: str) -> None:
    (project / "package.json").write_text(content)
    code, _, err = run("generate", "--lock", "package.json", cwd=project)
    assert code == 2 and "is not a toolstubs lock" in err
    assert (project / "package.json").read_text() == content
    assert not (project / "out").exists()


def test_a_lock_path_naming_a_folder_is_refused_before_anything_changes(project: Path, run: Run) -> None:
    (project / "locks").mkdir()
    code, _, err = run("generate", "--lock", "locks", cwd=project)
    assert code == 2 and "is a folder" in err
    assert not (project / "out").exists() and list((project / "locks").iterdir()) == []
    assert run("generate", cwd=project)[0] == 0  # and nothing is left that breaks the next run


def test_a_lock_inside_the_output_folder_is_refused(project: Path, run: Run) -> None:
    code, _, err = run("generate", "--lock", "out/toolstubs.lock", cwd=project)
    assert code == 2 and "inside the output folder" in err
    assert not (project / "out").exists()


@pytest.mark.parametrize("out", [".", "..", "/", "~", "project-root"])
def test_dangerous_output_folders_are_refused(project: Path, run: Run, out: str) -> None:
    (project / "sub").mkdir()
    cwd = project if out != "project-root" else project / "sub"
    target = {"~": str(Path.home()), "project-root": str(project)}.get(out, out)
    before = _tree(project)
    code, _, err = run("generate", "--out", target, cwd=cwd)
    assert code == 2, err
    assert "toolstubs replaces its output folder as a whole" in err and "Traceback" not in err
    assert _tree(project) == before and Path.cwd().exists()


def test_a_tree_written_before_manifests_is_recognised(project: Path, run: Run) -> None:
    assert run("generate", cwd=project)[0] == 0
    for manifest in (project / "out").glob(f"*/{MANIFEST}"):
        if manifest.parent.name != "_typed":  # trees before manifests had no output facade
            manifest.unlink()
    (project / "out" / "weather" / "helpers.py").write_text("MINE = 1\n")
    _pin(project, "acme_tracker@20250601_00", "docstore@20251101_00")
    code, _, err = run("generate", cwd=project)
    assert code == 0, err
    assert [p.name for p in (project / "out" / "weather").iterdir()] == ["helpers.py"]


def test_a_file_saved_into_the_folder_during_a_run_survives(
    project: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pin(project, "acme_tracker@20250101_00", "docstore@20251101_00")
    assert run("generate", cwd=project)[0] == 0
    out = project / "out"
    (out / "edited.txt").write_text("old\n")
    staged = writer._stage_tree

    def meanwhile(*args: object, **kwargs: object) -> None:
        staged(*args, **kwargs)  # type: ignore[arg-type]
        (out / "saved.txt").write_text("saved during the run\n")
        (out / "docstore" / "notes.txt").write_text("also during the run\n")
        replacement = out / "edited.tmp"
        replacement.write_text("new\n")
        os.replace(replacement, out / "edited.txt")  # how editors save
        (out / "weather").mkdir()
        (out / "weather" / "get_raw_observation.py").write_text("# put where a generated file goes\n")

    monkeypatch.setattr(writer, "_stage_tree", meanwhile)
    _pin(project, "acme_tracker@20250101_00", "docstore@20251101_00", "weather@20250301_00")
    code, _, err = run("generate", cwd=project)
    assert code == 0, err
    assert (out / "saved.txt").read_text() == "saved during the run\n"
    assert (out / "docstore" / "notes.txt").read_text() == "also during the run\n"
    assert (out / "edited.txt").read_text() == "new\n"
    conflict = out / "weather" / f"get_raw_observation.py{transaction.CONFLICT_SUFFIX}"
    assert conflict.read_text() == "# put where a generated file goes\n"
    assert "SPEC" in (out / "weather" / "get_raw_observation.py").read_text()


def test_nothing_was_changed_is_only_said_when_true(project: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("generate", cwd=project)[0] == 0
    remove = transaction._remove_tree

    def failing(path: Path) -> None:
        if path.name.endswith("toolstubs-new") and path.exists():
            raise PermissionError(13, "Permission denied", str(path))
        remove(path)

    monkeypatch.setattr(transaction, "_remove_tree", failing)
    _pin(project, "acme_tracker@20250601_00", "docstore@20251101_00")
    code, _, err = run("generate", cwd=project)
    assert code == 2
    assert "nothing was changed" not in err and "the new generated code is in place" in err
    assert not (project / "out" / "weather" / "__init__.py").exists()
    monkeypatch.setattr(transaction, "_remove_tree", remove)
    assert run("check", cwd=project)[0] == 0  # the next command finishes the tidy-up
    assert not list(project.glob(".out.toolstubs-*"))


def test_a_mount_point_inside_the_output_folder_is_never_crossed(project: Path) -> None:
    command = f"{sys.executable} -m codegen.cli.main generate"
    assert subprocess.run(command.split(), cwd=project, env=ENV, capture_output=True).returncode == 0
    (project / "out" / "data").mkdir()
    script = (
        f"cd {project}; mount -t tmpfs none out/data; echo precious > out/data/file.txt; "
        f"set +e; {command}; echo exit=$?; cat out/data/file.txt"
    )
    done = _in_private_mounts(script)
    assert "exit=2" in done.stdout, done.stdout + done.stderr
    assert "is on another file system" in done.stderr and "nothing was changed" in done.stderr
    assert done.stdout.rstrip().endswith("precious")


def test_an_output_folder_that_is_a_mount_point_is_refused(project: Path) -> None:
    (project / "out").mkdir()
    script = (
        f"cd {project}; mount -t tmpfs none out; set +e; {sys.executable} -m codegen.cli.main generate; echo exit=$?"
    )
    done = _in_private_mounts(script)
    assert "exit=2" in done.stdout and "is a mount point" in done.stderr, done.stdout + done.stderr


def test_concurrent_runs_are_serialised_so_tree_and_lock_agree(tmp_path: Path) -> None:
    shutil.copytree(CATALOG, tmp_path / "catalog")
    _pin(tmp_path)
    pin_sets = [
        ["acme_tracker@20250101_00", "weather@20250301_00"],
        ["acme_tracker@20250601_00", "docstore@20251101_00"],
        ["docstore@20251101_00"],
        ["weather@20250301_00", "docstore@20251101_00"],
    ]
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "codegen.cli.main", "generate", *[a for p in pins for a in ("--toolkit", p)]],
            cwd=tmp_path,
            env=ENV,
            stderr=subprocess.PIPE,
        )
        for pins in pin_sets
    ]
    for process in runs:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    lock = json.loads((tmp_path / "toolstubs.lock").read_text())
    folders = sorted(p.parent.name for p in (tmp_path / "out").glob(f"*/{MANIFEST}") if p.parent.name != "_typed")
    assert folders == sorted(lock["toolkits"]) and folders in [sorted(p.split("@")[0] for p in s) for s in pin_sets]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([*folders, "__init__.py", "_typed"])
    assert all(f"from ..{folder}." in (tmp_path / "out" / "_typed" / "__init__.py").read_text() for folder in folders)
