"""The CLI contract: generate and check, exit codes, summaries, pins, reports, incrementality."""

from __future__ import annotations

import gc
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CATALOG, REPO, tool, write_catalog

Run = Callable[..., tuple[int, str, str]]


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_generate_then_check_is_clean(project: Path, run: Run) -> None:
    code, _, err = run("generate", cwd=project)
    assert code == 0, err
    assert "toolstubs: 3 toolkits, 13 tools, 43 files written, 0 unchanged, 0 removed" in err
    assert (project / "toolstubs.lock").is_file()
    assert (project / "out" / "__init__.py").is_file()
    code, out, err = run("check", cwd=project)
    assert (code, out) == (0, ""), err
    assert "toolstubs check: clean" in err


def test_check_reports_edited_missing_and_stale_files_with_a_diff(project: Path, run: Run) -> None:
    run("generate", cwd=project)
    weather = project / "out" / "weather"
    module = weather / "get_forecast.py"
    module.write_text(module.read_text().replace("Forecast for a place", "Edited by hand"))
    (weather / "list_stations.py").unlink()
    manifest = json.loads((weather / ".toolstubs-manifest").read_text())
    (weather / ".toolstubs-manifest").write_text(json.dumps({**manifest, "files": [*manifest["files"], "leftover.py"]}))
    (weather / "leftover.py").write_text("x = 1\n")  # listed as generated, no longer generated: stale
    (weather / "helpers.py").write_text("# the user's own file in a toolkit folder: not ours to judge\n")
    (project / "out" / "mine.py").write_text("# the user's own file: not ours to judge\n")
    code, out, err = run("check", cwd=project)
    assert code == 1
    assert "--- a/weather/get_forecast.py" in out and "-Edited by hand" in out and "+Forecast for a place" in out
    assert "+++ b/weather/list_stations.py" in out
    assert "--- a/weather/leftover.py" in out
    assert "mine.py" not in out and "helpers.py" not in out
    assert "4 differences" in err  # the three files and the manifest that listed leftover.py


def test_check_reports_a_changed_lock(project: Path, run: Run) -> None:
    run("generate", cwd=project)
    lock = project / "toolstubs.lock"
    lock.write_text(lock.read_text().replace("20250301_00", "20250302_00"))
    code, out, _ = run("check", cwd=project)
    assert code == 1 and "toolstubs.lock" in out


def test_second_run_writes_nothing(project: Path, run: Run) -> None:
    run("generate", cwd=project)
    before = _mtimes(project)
    code, _, err = run("generate", cwd=project)
    assert code == 0 and "0 files written, 42 unchanged" in err
    assert _mtimes(project) == before


def test_changing_one_tool_rewrites_only_its_files_and_the_lock(project: Path, run: Run) -> None:
    run("generate", cwd=project)
    before = _mtimes(project)
    path = project / "catalog" / "weather@20250301_00.json"
    tools = json.loads(path.read_text())
    tools[1]["description"] = "Forecast, changed."
    path.write_text(json.dumps(tools))
    run("generate", cwd=project)
    after = _mtimes(project)
    changed = {p for p in after if after[p] != before.get(p)}
    assert changed == {
        "out/weather/get_forecast.py",
        "out/weather/_toolkit.py",  # the method docstring
        "out/weather/_async_toolkit.py",  # the async method's docstring
        "out/weather/_schemas.py",  # the pinned raw schema
        "toolstubs.lock",
        ".toolstubs_cache/tools.pickle",  # the build cache, not output
        ".toolstubs_cache/last-run.json",  # the record of the last run, not output
        "catalog/weather@20250301_00.json",
    }


def test_removed_tools_and_toolkits_are_cleaned_up_only_in_their_folders(project: Path, run: Run) -> None:
    run("generate", cwd=project)
    (project / "out" / "mine.py").write_text("x = 1\n")
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"weather@20250301_00"', ""))
    path = project / "catalog" / "docstore@20251101_00.json"
    path.write_text(json.dumps(json.loads(path.read_text())[:2]))
    code, _, err = run("generate", cwd=project)
    assert code == 0, err
    assert not (project / "out" / "weather").exists()
    assert not (project / "out" / "docstore" / "get_outline.py").exists()
    assert (project / "out" / "mine.py").exists()


def test_several_versions_without_a_pin_fail_and_list_them(tmp_path: Path, run: Run) -> None:
    code, _, err = run("generate", "--source", str(CATALOG), "--out", "out", cwd=tmp_path)
    assert code == 2
    assert "20250101_00, 20250601_00" in err and "--toolkit acme_tracker@20250601_00" in err
    assert not (tmp_path / "out").exists()


def test_flags_alone_select_versions_without_any_config(tmp_path: Path, run: Run) -> None:
    code, _, err = run(
        "generate", "--source", str(CATALOG), "--out", "stubs", "--toolkit", "acme_tracker@20250101_00", cwd=tmp_path
    )
    assert code == 0, err
    assert (tmp_path / "stubs" / "acme_tracker" / "delete_issue.py").is_file()
    assert '"version": "20250101_00"' in (tmp_path / "toolstubs.lock").read_text()


def test_unknown_toolkit_or_version_names_what_exists(tmp_path: Path, run: Run) -> None:
    code, _, err = run("generate", "--source", str(CATALOG), "--out", "o", "--toolkit", "nope@1", cwd=tmp_path)
    assert (
        code == 2
        and "'nope' is not in the catalog (it has: acme_tracker@20250101_00/20250601_00, docstore@20251101_00, weather@20250301_00)"
        in err
    )
    code, _, err = run("generate", "--source", str(CATALOG), "--out", "o", "--toolkit", "weather@1", cwd=tmp_path)
    assert code == 2 and "no version 1 in the catalog (it has: 20250301_00)" in err


def test_a_bad_tool_is_reported_and_the_run_goes_on(tmp_path: Path, run: Run) -> None:
    bad = tool("DEMO_BAD", input_parameters=["not", "an", "object"])
    broken_ref_only = tool(
        "DEMO_ODD", output_parameters={"properties": {"data": {"$ref": "#/nowhere"}, "successful": {}}}
    )
    write_catalog(tmp_path / "c.json", [tool("DEMO_GOOD"), bad, broken_ref_only, {"no": "slug"}])
    code, _, err = run("generate", "--source", "c.json", "--out", "o", cwd=tmp_path)
    assert code == 0, err
    assert "error: DEMO_BAD: input_parameters is not a JSON object" in err
    assert "warning: DEMO_ODD: output.data: $ref '#/nowhere' points nowhere; treated as Any" in err
    assert "error: c.json[3]: has no slug; left out" in err
    assert (tmp_path / "o" / "demo" / "good.py").is_file() and not (tmp_path / "o" / "demo" / "bad.py").exists()
    assert "2 tools" in err and "2 tools left out" in err


def test_strict_makes_any_report_fatal_and_writes_nothing(tmp_path: Path, run: Run) -> None:
    write_catalog(tmp_path / "c.json", [tool("DEMO_GOOD"), tool("DEMO_BAD", input_parameters=[])])
    code, _, err = run("generate", "--source", "c.json", "--out", "o", "--strict", cwd=tmp_path)
    assert code == 1 and "--strict" in err
    assert not (tmp_path / "o").exists()


def test_generated_code_lives_anywhere_and_imports_relatively(tmp_path: Path, run: Run) -> None:
    write_catalog(tmp_path / "c.json", [tool("DEMO_GOOD")])
    code, _, _ = run("generate", "--source", "c.json", "--out", "src/myapp/tools", cwd=tmp_path)
    assert code == 0
    toolkit_init = (tmp_path / "src" / "myapp" / "tools" / "demo" / "__init__.py").read_text()
    assert '"._toolkit"' in toolkit_init and "generated" not in toolkit_init
    module = (tmp_path / "src" / "myapp" / "tools" / "demo" / "good.py").read_text()
    assert "from runtime import OpenModel, ToolSpec" in module


def test_hostile_slugs_cannot_escape_the_output_folder(tmp_path: Path, run: Run) -> None:
    hostile = [tool("../../ESCAPE", toolkit="../../evil"), tool("/ABS/PATH", toolkit="/abs")]
    write_catalog(tmp_path / "c.json", hostile)
    code, _, err = run("generate", "--source", "c.json", "--out", "o", cwd=tmp_path)
    assert code == 0, err
    written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.py")}
    assert all(p.startswith("o/") for p in written), written
    assert {p.split("/")[1] for p in written if p.count("/") > 1} == {"evil", "abs", "_typed"}


def test_slugs_too_long_for_a_file_name_leave_out_only_their_tools(tmp_path: Path, run: Run) -> None:
    long_toolkit = "t" * 120
    tools = [
        tool("DEMO_FINE"),
        tool("DEMO_" + "X" * 300),
        tool(long_toolkit.upper() + "_ANY", toolkit=long_toolkit),
    ]
    write_catalog(tmp_path / "catalog.json", tools)
    code, _, err = run("generate", "--source", "catalog.json", "--out", "out", cwd=tmp_path)
    assert code == 1, err  # a toolkit of which no tool could be generated fails the run, without --strict
    assert f"no tool of {long_toolkit} could be generated" in err
    assert "the tool slug makes a 300-character file name 'xxxx" in err
    assert f"{long_toolkit.upper()}_ANY: the toolkit slug makes a 120-character file name" in err
    assert "1 tool, " in err and "2 tools left out" in err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["__init__.py", "_typed", "demo"]


def test_an_output_path_that_is_a_file_is_refused(project: Path, run: Run) -> None:
    (project / "out").write_text("mine\n")
    code, _, err = run("generate", cwd=project)
    assert code == 2 and "is not a folder" in err, err
    assert (project / "out").read_text() == "mine\n"


def test_every_command_and_option_explains_itself(capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from codegen.cli.main import _parser, main

    parser = _parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in commands.choices.items():
        assert command.description, name
        for action in command._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            assert action.help and action.help != "repeatable", (name, action.dest)
            if action.option_strings and action.default not in (None, False):
                assert "default" in action.help, (name, action.dest)
    with pytest.raises(SystemExit) as shown:
        main(["--version"])
    assert shown.value.code == 0 and capsys.readouterr().out.startswith("toolstubs 0.")
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "exit codes:" in capsys.readouterr().out and "4  upgrade --fail-on-breaking" in parser.epilog


def test_a_command_walks_the_whole_heap_rarely_and_leaves_the_callers_collector_as_it_was(
    project: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rerun that changed one tool of the corpus spent 0.17 s of its 1.4 s in three full
    collections, each walking the catalog and the build cache that live until the end; a
    command makes them a hundredth as frequent. A caller running the CLI in its own process
    gets its thresholds back, whatever the command did."""
    from codegen.pipeline import generate as pipeline

    seen: list[tuple[int, int, int]] = []
    build = pipeline.build

    def recording(*args: object, **kwargs: object) -> pipeline.Generation:
        seen.append(gc.get_threshold())
        return build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("codegen.cli.commands.build", recording)
    before = gc.get_threshold()
    assert run("generate", cwd=project)[0] == 0
    assert run("check", "--toolkit", "nowhere@1", cwd=project)[0] == 2  # an error ends it
    assert seen == [(before[0], before[1], before[2] * 100)] * 2
    assert gc.get_threshold() == before


def test_dash_capital_v_prints_the_version(run: Run, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as ended:
        run("-V", cwd=tmp_path)
    assert ended.value.code == 0


def test_dev_test_runs_in_one_process_with_p_no_xdist() -> None:
    """``./dev``'s header advises ``-p no:xdist``; it failed with "unrecognized arguments: -n"."""
    result = subprocess.run(
        ["./dev", "test", "-p", "no:xdist", "--collect-only", "-q", "tests/unit/test_architecture.py"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "test_imports_run_one_way" in result.stdout
