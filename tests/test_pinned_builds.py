"""Pinned builds against the sandbox over loopback: fetch resolves and pins, pagination,
failed fetches change nothing, tampering is caught, check exit codes 0/1/2/3, diff and
upgrade classify changes, incremental runs touch only what changed."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from codegen.sources import changes as compat
from codegen.sources.store import file_name
from runtime.sandbox import Fault, Sandbox, serving
from tests.conformance import corpus
from tests.conftest import catalog_tools, tool, write_catalog

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def paged() -> Sandbox:
    """The embedded catalog served one tool per page."""
    return Sandbox(catalog_tools(), page_size=1)


@pytest.fixture
def pinned(tmp_path: Path, paged: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A project pinning acme_tracker (no version yet) against the sandbox."""
    monkeypatch.setenv("COMPOSIO_API_KEY", "test-key")
    with serving(paged) as url:
        (tmp_path / "pyproject.toml").write_text(
            f'[tool.toolstubs]\nout = "out"\nbase_url = "{url}"\ntoolkits = ["acme_tracker"]\n', encoding="utf-8"
        )
        yield tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_fetch_resolves_latest_to_a_concrete_version_reading_every_page(run: Run, pinned: Path, paged: Sandbox) -> None:
    code, _, err = run("fetch", cwd=pinned)
    assert code == 0, err
    lock = json.loads((pinned / "toolstubs.lock").read_text())
    assert lock["toolkits"]["acme_tracker"]["version"] == "20250601_00"
    assert "latest" not in (pinned / "toolstubs.lock").read_text()
    stored = json.loads((pinned / "toolstubs-store" / "acme_tracker@20250601_00.json").read_text())
    assert [t["slug"] for t in stored] == sorted(lock["toolkits"]["acme_tracker"]["tools"])
    pages = [r for r in paged.requests if r.route == "/tools"]
    assert len(pages) == len(stored) == 4
    assert all(r.query["toolkit_versions[acme_tracker]"] == ["20250601_00"] for r in pages)
    assert "[1/1] acme_tracker@20250601_00: 4 tools" in err


def test_an_explicit_pin_is_kept_and_refetching_is_stable(run: Run, pinned: Path) -> None:
    assert run("fetch", "--toolkit", "acme_tracker@20250101_00", cwd=pinned)[0] == 0
    before = snapshot(pinned)
    assert run("fetch", cwd=pinned)[0] == 0  # unversioned pin: keeps the locked version
    assert snapshot(pinned) == before
    assert json.loads((pinned / "toolstubs.lock").read_text())["toolkits"]["acme_tracker"]["version"] == "20250101_00"


@pytest.mark.parametrize(
    ("pin", "message"),
    [
        ("nosuch", "toolkit 'nosuch' is not on the server"),
        ("acme_tracker@20990101_00", "has no version 20990101_00 on the server (it has: 20250101_00, 20250601_00)"),
    ],
)
def test_unknown_toolkits_and_versions_fail_clearly(run: Run, pinned: Path, pin: str, message: str) -> None:
    code, _, err = run("fetch", "--toolkit", pin, cwd=pinned)
    assert code == 2 and message in err
    assert not (pinned / "toolstubs.lock").exists()


def test_a_fetch_failing_midway_leaves_store_and_lock_intact(run: Run, pinned: Path, paged: Sandbox) -> None:
    assert run("fetch", cwd=pinned)[0] == 0
    before = snapshot(pinned)
    paged.faults.append(Fault("status", status=500, path="/tools", skip=2, times=None))
    code, _, err = run("fetch", "--toolkit", "acme_tracker@20250101_00", "--toolkit", "weather", cwd=pinned)
    assert code == 1 and "server error" in err
    assert snapshot(pinned) == before
    assert not list(pinned.rglob("*.toolstubs-tmp"))


def test_generate_is_offline_and_check_is_clean(run: Run, pinned: Path, paged: Sandbox) -> None:
    assert run("fetch", cwd=pinned)[0] == 0
    requests = len(paged.requests)
    assert run("generate", cwd=pinned)[0] == 0
    assert (pinned / "out" / "acme_tracker" / "create_issue.py").is_file()
    assert run("check", cwd=pinned)[0] == 0
    assert len(paged.requests) == requests


def test_tampering_with_the_store_is_refused_naming_file_and_tool(run: Run, pinned: Path) -> None:
    assert run("fetch", cwd=pinned)[0] == 0 and run("generate", cwd=pinned)[0] == 0
    path = pinned / "toolstubs-store" / file_name("acme_tracker", "20250601_00")
    tools = json.loads(path.read_text())
    tools[0]["description"] = "edited by hand"
    path.write_text(json.dumps(tools), encoding="utf-8")
    for command in ("generate", "check"):
        code, _, err = run(command, cwd=pinned)
        assert code == 2
        assert f"{path}: {tools[0]['slug']} does not match its lock hash" in err


def test_check_exit_codes(run: Run, pinned: Path, paged: Sandbox) -> None:
    assert run("fetch", cwd=pinned)[0] == 0 and run("generate", cwd=pinned)[0] == 0
    assert run("check", "--remote", cwd=pinned)[0] == 0
    module = pinned / "out" / "acme_tracker" / "create_issue.py"
    module.write_text(module.read_text() + "# edited\n", encoding="utf-8")
    code, out, _ = run("check", cwd=pinned)
    assert code == 1 and "+# edited" not in out and "-# edited" in out
    assert run("generate", cwd=pinned)[0] == 0
    changed = dict(paged.catalog.tools_at("acme_tracker", "20250601_00")[0], description="changed upstream")
    extra = tool("ACME_TRACKER_CLOSE_ISSUE", toolkit="acme_tracker", version="20250601_00")
    drifted = Sandbox([*catalog_tools(), changed, extra])
    with serving(drifted) as url:
        code, _, err = run("check", "--remote", "--base-url", url, cwd=pinned)
    assert code == 3
    assert "acme_tracker@20250601_00: 1 added, 0 removed, 1 changed" in err
    assert f"+ACME_TRACKER_CLOSE_ISSUE, ~{changed['slug']}" in err


def test_upgrade_moves_the_pin_refetches_regenerates_and_summarizes(run: Run, pinned: Path) -> None:
    pyproject = pinned / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace('"acme_tracker"', '"acme_tracker@20250101_00"'), encoding="utf-8"
    )
    assert run("fetch", cwd=pinned)[0] == 0 and run("generate", cwd=pinned)[0] == 0
    code, out, err = run("upgrade", "acme_tracker", cwd=pinned)
    assert code == 0, err
    assert "acme_tracker: 20250101_00 -> 20250601_00" in err
    assert "breaking   ACME_TRACKER_CREATE_ISSUE.state: enum values removed: ['draft']" in out
    assert '"acme_tracker@20250601_00"' in pyproject.read_text()
    assert sorted(p.name for p in (pinned / "toolstubs-store").iterdir()) == ["acme_tracker@20250601_00.json"]
    assert run("check", cwd=pinned)[0] == 0


def test_upgrade_fail_on_breaking_exits_4_after_moving_the_pin(run: Run, pinned: Path) -> None:
    pyproject = pinned / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace('"acme_tracker"', '"acme_tracker@20250101_00"'), encoding="utf-8"
    )
    assert run("fetch", cwd=pinned)[0] == 0 and run("generate", cwd=pinned)[0] == 0
    code, _, err = run("upgrade", "acme_tracker", "--fail-on-breaking", cwd=pinned)
    assert code == 4, err
    assert "--fail-on-breaking:" in err and "breaking changes (listed above)" in err
    assert run("check", cwd=pinned)[0] == 0  # the pin moved and the tree was regenerated all the same
    assert run("upgrade", "acme_tracker", "--fail-on-breaking", cwd=pinned)[0] == 0  # nothing breaking left


def test_incremental_runs_touch_only_what_changed(run: Run, pinned: Path, paged: Sandbox) -> None:
    assert run("fetch", cwd=pinned)[0] == 0 and run("generate", cwd=pinned)[0] == 0
    times = {p: p.stat().st_mtime_ns for p in (pinned / "out").rglob("*.py")}
    code, _, err = run("generate", cwd=pinned)
    assert code == 0 and "0 files written" in err
    assert {p: p.stat().st_mtime_ns for p in times} == times


def kinds_catalog(folder: Path) -> Path:
    """A toolkit in two versions with one change of every kind diff classifies."""
    string, integer = {"type": "string"}, {"type": "integer"}

    def kinds(version: str, properties: dict[str, Any], required: list[str], data: dict[str, Any]) -> dict[str, Any]:
        output = {
            "type": "object",
            "properties": {"data": {"type": "object", "properties": data}, "successful": {"type": "boolean"}},
        }
        return tool(
            "KINDS_EDIT",
            toolkit="kinds",
            version=version,
            input_parameters={"type": "object", "properties": properties, "required": required},
            output_parameters=output,
        )

    old = kinds(
        "20250101_00",
        {
            "keep": string,
            "gone": string,
            "retyped": string,
            "later_required": string,
            "mode": {"type": "string", "enum": ["a", "b"]},
            "maybe": {**string, "nullable": True},
        },
        ["keep"],
        {"id": integer, "name": string},
    )
    new = kinds(
        "20250201_00",
        {
            "keep": string,
            "retyped": integer,
            "later_required": string,
            "mode": {"type": "string", "enum": ["a", "c"]},
            "maybe": string,
            "opt": string,
            "req": string,
        },
        ["keep", "later_required", "req"],
        {"id": string, "name": string, "extra": string},
    )
    removed = tool("KINDS_OLD", toolkit="kinds", version="20250101_00")
    other_input = {"type": "object", "properties": {"y": integer}}  # not the removed tool's: no rename
    added = tool("KINDS_NEW", toolkit="kinds", version="20250201_00", input_parameters=other_input)
    return write_catalog(folder / "kinds.json", [old, new, removed, added])


def test_diff_classifies_every_kind_of_change(run: Run, tmp_path: Path) -> None:
    catalog = kinds_catalog(tmp_path)
    code, out, err = run("diff", "kinds@20250101_00", "kinds@20250201_00", "--source", str(catalog), cwd=tmp_path)
    assert code == 0, err
    assert out.splitlines() == [
        "breaking   KINDS_EDIT.gone: parameter removed",
        "breaking   KINDS_EDIT.later_required: parameter made required",
        "breaking   KINDS_EDIT.maybe: no longer accepts null",
        "breaking   KINDS_EDIT.mode: enum values removed: ['b']",
        "compatible KINDS_EDIT.mode: enum values added: ['c']",
        "compatible KINDS_EDIT.opt: optional parameter added",
        "breaking   KINDS_EDIT.req: required parameter added",
        "breaking   KINDS_EDIT.retyped: type string -> integer",
        "compatible KINDS_EDIT.output.extra: optional field added",
        "breaking   KINDS_EDIT.output.id: type integer -> string",
        "compatible KINDS_NEW: tool added",
        "breaking   KINDS_OLD: tool removed",
    ]
    assert "12 changes: 8 breaking, 4 compatible" in err


def test_diff_lists_openness_output_schemas_and_task_support() -> None:
    """Issue 31: upgrade listed hint changes but not a removed ``additionalProperties: false``;
    nor an output schema that came or went, nor a tool that came to require tasks."""
    closed = {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False}
    opened = {"type": "object", "properties": {"a": {"type": "string"}}}
    old = {
        "M_OPEN": {"input_parameters": closed, "output_parameters": closed, "mcp": {"name": "open"}},
        "M_CLOSE": {"input_parameters": opened, "mcp": {"name": "close", "taskSupport": "optional"}},
        "M_LIST": {"input_parameters": opened, "output_parameters": opened, "mcp": {"name": "list"}},
    }
    new = {
        "M_OPEN": {"input_parameters": opened, "output_parameters": opened, "mcp": {"name": "open"}},
        "M_CLOSE": {
            "input_parameters": closed,
            "output_parameters": opened,
            "mcp": {"name": "close", "taskSupport": "required"},
        },
        "M_LIST": {"input_parameters": opened, "output_parameters": {"type": "array"}, "mcp": {"name": "list"}},
    }
    assert [str(change) for change in compat.diff(old, new)] == [
        "breaking   M_CLOSE: task support optional -> required",
        "breaking   M_CLOSE.input: closed to other keys (additionalProperties true -> false)",
        "breaking   M_CLOSE.output: output schema added: data is now the structured content",
        "breaking   M_LIST.output: type object -> array",
        "compatible M_OPEN.input: open to other keys (additionalProperties false -> true)",
        "compatible M_OPEN.output: open to other keys (additionalProperties false -> true)",
    ]
    told = {
        "M_TOLD": {"input_parameters": opened, "mcp": {"name": "told", "needs": ["roots"]}},
    }
    retold = {
        "M_TOLD": {
            "input_parameters": opened,
            "mcp": {"name": "told", "title": "Told", "icons": [{"src": "data:,"}], "needs": ["sampling"]},
        },
    }
    assert [str(change) for change in compat.diff(told, retold)] == [
        "compatible M_TOLD: title changed",
        "compatible M_TOLD: icons changed",
        "breaking   M_TOLD: now needs the client to serve sampling",
        "compatible M_TOLD: no longer needs roots",
    ]


def test_diff_makes_sense_of_the_real_two_version_pairs() -> None:
    """The 67 corpus tools whose input changed between the 2025 and December 2025 snapshots."""
    old, new = corpus.snapshots()
    pairs = sorted(s for s in set(old) & set(new) if old[s]["input_parameters"] != new[s]["input_parameters"])
    assert len(pairs) == 67
    changes = compat.diff({s: old[s] for s in pairs}, {s: new[s] for s in pairs})
    changed_tools = {c.tool for c in changes}
    assert changed_tools <= set(pairs)
    inputs = [c for c in changes if c.where and not c.where.startswith("output.")]
    told = [c for c in changes if not c.where]
    assert all(old[c.tool]["description"] != new[c.tool]["description"] for c in told)
    assert {c.tool for c in inputs} and all(c.severity in ("breaking", "compatible") for c in changes)
    # Every change named is a real difference of that field between the two snapshots.
    for change in inputs:
        path = change.where.split(".")
        before = _walk(old[change.tool]["input_parameters"], path)
        after = _walk(new[change.tool]["input_parameters"], path)
        assert before != after, change
    added_required = [c for c in inputs if c.what == "required parameter added"]
    assert all(c.severity == "breaking" for c in added_required)


def _walk(schema: dict[str, Any], path: list[str]) -> Any:
    node: Any = schema
    for name in path:
        node = (node or {}).get("properties", {}).get(name)
    return node


def test_fetching_from_a_loopback_server_needs_no_key(run: Run, pinned: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 30: ``fetch`` insisted on COMPOSIO_API_KEY even against the local sandbox."""
    monkeypatch.delenv("COMPOSIO_API_KEY")
    code, _, err = run("fetch", cwd=pinned)
    assert code == 0, err
    assert "toolstubs fetch: 1 toolkit, 4 tools locked" in err  # one toolkit, said so ("1 toolkits" before)


def test_upgrade_dry_run_lists_the_changes_exits_4_on_breaking_and_changes_nothing(run: Run, pinned: Path) -> None:
    pyproject = pinned / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace('"acme_tracker"', '"acme_tracker@20250101_00"'), encoding="utf-8"
    )
    assert run("fetch", cwd=pinned)[0] == 0 and run("generate", cwd=pinned)[0] == 0
    before = {p: p.read_bytes() for p in sorted(pinned.rglob("*")) if p.is_file() and ".toolstubs_cache" not in p.parts}
    code, out, err = run("upgrade", "acme_tracker", "--dry-run", cwd=pinned)
    assert code == 4, err
    assert "breaking   ACME_TRACKER_CREATE_ISSUE.state: enum values removed: ['draft']" in out
    assert "acme_tracker: 20250101_00 -> 20250601_00" in err and "dry run: nothing changed" in err
    after = {p: p.read_bytes() for p in sorted(pinned.rglob("*")) if p.is_file() and ".toolstubs_cache" not in p.parts}
    assert after == before  # no store file, lock, pyproject.toml or generated file changed
    assert run("upgrade", "acme_tracker", cwd=pinned)[0] == 0
    code, out, err = run("upgrade", "acme_tracker", "--dry-run", cwd=pinned)
    assert code == 0 and "acme_tracker: 20250601_00 -> 20250601_00" in err and out == ""


@pytest.mark.parametrize("dry_run", [False, True], ids=["upgrade", "dry-run"])
def test_upgrade_in_a_catalog_project_says_how_pins_move_there(run: Run, tmp_path: Path, dry_run: bool) -> None:
    """It said "fetch writes a schema store", naming a command the user had not run."""
    write_catalog(tmp_path / "catalog", catalog_tools())
    (tmp_path / "pyproject.toml").write_text(
        '[tool.toolstubs]\nsource = "catalog"\nout = "out"\ntoolkits = ["weather@20250301_00"]\n', encoding="utf-8"
    )
    assert run("generate", cwd=tmp_path)[0] == 0
    before = snapshot(tmp_path)
    code, _, err = run("upgrade", "weather", *(["--dry-run"] if dry_run else []), cwd=tmp_path)
    assert code == 2 and "fetch writes" not in err, err
    assert "upgrade moves a pin of a schema store" in err and "toolkits in [tool.toolstubs]" in err, err
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("dry_run", [False, True], ids=["upgrade", "dry-run"])
def test_upgrade_says_the_same_when_only_the_lock_knows_the_catalog(run: Run, tmp_path: Path, dry_run: bool) -> None:
    """No pyproject.toml: the catalog is known from the lock alone. ``--dry-run`` skipped the
    lock's catalog and said the store and the lock disagree."""
    write_catalog(tmp_path / "catalog", catalog_tools())
    generated = run("generate", "--source", "catalog", "--out", "out", "--toolkit", "weather@20250301_00", cwd=tmp_path)
    assert generated[0] == 0, generated
    code, _, err = run("upgrade", "weather", "--out", "out", *(["--dry-run"] if dry_run else []), cwd=tmp_path)
    assert code == 2 and "upgrade moves a pin of a schema store" in err, err


def test_upgrade_of_a_name_a_catalog_project_does_not_pin_says_so(run: Run, tmp_path: Path) -> None:
    write_catalog(tmp_path / "catalog", catalog_tools())
    (tmp_path / "pyproject.toml").write_text(
        '[tool.toolstubs]\nsource = "catalog"\nout = "out"\ntoolkits = ["weather@20250301_00"]\n'
        '[tool.toolstubs.mcp]\ndocs = "python -m docs_server"\n',
        encoding="utf-8",
    )
    code, _, err = run("upgrade", "nosuch", cwd=tmp_path)
    assert code == 2 and "nosuch is not pinned" in err and "change nosuch" not in err, err
    code, _, err = run("upgrade", "docs", cwd=tmp_path)
    assert code == 2 and "MCP server" in err and "toolstubs fetch --store" in err and "change docs" not in err, err
