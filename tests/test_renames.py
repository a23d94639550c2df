"""Renames, not remove + add: a tool that disappeared while one with the same input schema
appeared is reported "renamed A to B" (breaking for code naming it), its other changes under
the new name, and ``diff`` / ``upgrade`` list the call sites to change; on synthetic renames and
on the corpus's real ones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from codegen.sources import changes as compat
from tests.conformance import corpus
from tests.conftest import tool, write_catalog

Run = Callable[..., tuple[int, str, str]]
ISSUE = {
    "type": "object",
    "properties": {"owner": {"type": "string"}, "title": {"type": "string"}},
    "required": ["owner"],
}
NOTHING: dict[str, Any] = {"type": "object", "properties": {}}


def _tools(*items: tuple[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {slug: tool(slug, toolkit="gh", input_parameters=schema) for slug, schema in items}


def test_a_tool_gone_while_one_with_its_input_appeared_is_renamed() -> None:
    old = _tools(("GH_CREATE_AN_ISSUE", ISSUE), ("GH_KEEP", NOTHING))
    new = _tools(("GH_ISSUES_CREATE", ISSUE), ("GH_KEEP", NOTHING))
    new["GH_ISSUES_CREATE"]["description"] = "Create an issue."
    changes = compat.diff(old, new)
    assert [str(c) for c in changes] == [
        "breaking   GH_CREATE_AN_ISSUE: renamed to GH_ISSUES_CREATE",
        "compatible GH_ISSUES_CREATE: description changed",
    ]
    assert changes[0].renamed_to == "GH_ISSUES_CREATE"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # two appeared with the input, one reads like the old slug: that one
        ([("GH_GET_REPO", ISSUE)], [("GH_REPO_GET", ISSUE), ("GH_MAKE_THING", ISSUE)], {"GH_GET_REPO": "GH_REPO_GET"}),
        # names of other things: no rename (a removal and an addition), however alike they read
        ([("GH_AB", ISSUE)], [("GH_AC", ISSUE), ("GH_AD", ISSUE)], {}),
        ([("GH_DELETE_ITEM", ISSUE)], [("GH_GET_ITEM", ISSUE)], {}),
        # the words moved, an article dropped, a plural: the same thing
        ([("GH_CREATE_AN_ISSUE", ISSUE)], [("GH_ISSUES_CREATE", ISSUE)], {"GH_CREATE_AN_ISSUE": "GH_ISSUES_CREATE"}),
        # an empty input tells tools apart only by a slug that reads almost the same
        ([("GH_GITHUB_API_ROOT", NOTHING)], [("GH_API_ROOT", NOTHING)], {"GH_GITHUB_API_ROOT": "GH_API_ROOT"}),
        ([("GH_LIST_EVERYTHING", NOTHING)], [("GH_PING", NOTHING)], {}),
        # a changed input is no rename
        ([("GH_OLD", ISSUE)], [("GH_NEW", NOTHING)], {}),
    ],
)
def test_renames_are_found_only_where_the_input_and_the_name_say_so(
    old: list[tuple[str, dict[str, Any]]], new: list[tuple[str, dict[str, Any]]], expected: dict[str, str]
) -> None:
    assert compat.renames(_tools(*old), _tools(*new)) == expected


def test_diff_and_upgrade_list_the_call_sites_to_change(run: Run, tmp_path: Path) -> None:
    old = tool("GH_CREATE_AN_ISSUE", toolkit="gh", version="20250101_00", input_parameters=ISSUE)
    new = tool("GH_ISSUES_CREATE", toolkit="gh", version="20250201_00", input_parameters=ISSUE)
    catalog = write_catalog(tmp_path / "gh.json", [old, new])
    code, out, err = run("diff", "gh@20250101_00", "gh@20250201_00", "--source", str(catalog), cwd=tmp_path)
    assert code == 0, err
    assert out.splitlines() == [
        "breaking   GH_CREATE_AN_ISSUE: renamed to GH_ISSUES_CREATE",
        "compatible GH_ISSUES_CREATE: description changed",
        "call sites to change (1 renamed; grep for the left-hand names):",
        "  GH_CREATE_AN_ISSUE -> GH_ISSUES_CREATE   Slug.CREATE_AN_ISSUE -> Slug.ISSUES_CREATE   "
        ".create_an_issue( -> .issues_create(",
    ]
    assert "2 changes: 1 breaking, 1 compatible" in err


def test_the_corpus_real_renames_are_found() -> None:
    """Three github tools lost their doubled prefix between the 2025 and December 2025 snapshots."""
    old, new = corpus.snapshots()
    found = compat.renames(old, new)
    assert found == {
        "GITHUB_GITHUB_API_ROOT": "GITHUB_API_ROOT",
        "GITHUB_GITHUB_GET_REPO_ALLOWED_ACTIONS": "GITHUB_GET_REPO_ALLOWED_ACTIONS",
        "GITHUB_GITHUB_SET_REPO_RUNNER_LABELS": "GITHUB_SET_REPO_RUNNER_LABELS",
    }
    for before, after in found.items():
        assert old[before]["input_parameters"] == new[after]["input_parameters"]
    changes = compat.diff(old, new)
    assert not {c.tool for c in changes if c.what in ("tool removed", "tool added")} & {*found, *found.values()}


def test_upgrade_lists_them_too(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from runtime.sandbox import Sandbox, serving

    monkeypatch.delenv("COMPOSIO_API_KEY", raising=False)  # a loopback server needs none
    old = tool("GH_CREATE_AN_ISSUE", toolkit="gh", version="20250101_00", input_parameters=ISSUE)
    new = tool("GH_ISSUES_CREATE", toolkit="gh", version="20250201_00", input_parameters=ISSUE)
    with serving(Sandbox([old, new])) as url:
        (tmp_path / "pyproject.toml").write_text(
            f'[tool.toolstubs]\nout = "out"\nbase_url = "{url}"\ntoolkits = ["gh@20250101_00"]\n', encoding="utf-8"
        )
        assert run("fetch", cwd=tmp_path)[0] == 0
        code, out, err = run("upgrade", "gh", "--dry-run", cwd=tmp_path)
    assert code == 4, err
    assert "  GH_CREATE_AN_ISSUE -> GH_ISSUES_CREATE   Slug.CREATE_AN_ISSUE -> Slug.ISSUES_CREATE" in out
