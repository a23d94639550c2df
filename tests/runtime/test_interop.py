"""Interop proof: the official ``composio`` SDK, pointed at the sandbox, lists and executes
tools; for the same scenarios our runtime sends the same method, path, query and JSON body."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from runtime import Composio, ToolExecuteParams, before_execute
from runtime.sandbox import Sandbox, serving
from tests.conftest import catalog_tools, demo_tools

official = pytest.importorskip("composio", reason="the official composio SDK (a test dependency) needs Python 3.11+")

KEY = "k"
VERSIONS = {"demo": "20250601_00"}
Scenario = Callable[[Any, Any], Any]


def _get_by_tools(client: Any, modifiers: Any) -> Any:
    return client.tools.get("user_1", tools=["DEMO_TOOL_0", "DEMO_TOOL_2"])


def _get_by_toolkits(client: Any, modifiers: Any) -> Any:
    return client.tools.get("user_1", toolkits=["demo"])


def _get_by_search(client: Any, modifiers: Any) -> Any:
    return client.tools.get("user_1", search="tool")


def _execute_with_context(client: Any, modifiers: Any) -> Any:
    return client.tools.execute(
        "DEMO_TOOL_1",
        {"x": "a"},
        user_id="user_1",
        connected_account_id="ca_1",
        version="20250101_00",
        custom_auth_params={"parameters": [{"name": "token", "value": "t", "in": "header"}]},
    )


def _execute_with_text(client: Any, modifiers: Any) -> Any:
    return client.tools.execute("DEMO_TOOL_1", {}, user_id="user_1", text="say a", version="20250601_00")


def _execute_rewritten(client: Any, modifiers: Any) -> Any:
    return client.tools.execute("DEMO_TOOL_2", {"x": "a"}, user_id="user_1", modifiers=modifiers)


def _rewrite(tool: str, toolkit: str, params: ToolExecuteParams) -> ToolExecuteParams:
    params["arguments"] = {"x": params["arguments"]["x"] + "!"}
    params["version"] = "20250101_00"
    return params


SCENARIOS = [
    _get_by_tools,
    _get_by_toolkits,
    _get_by_search,
    _execute_with_context,
    _execute_with_text,
    _execute_rewritten,
]


def _wire(scenario: Scenario, make_client: Callable[[str], Any], modifiers: Any) -> tuple[Any, list[Any]]:
    sandbox = Sandbox([*catalog_tools(), *demo_tools()])
    with serving(sandbox) as url:
        client = make_client(url)
        result = scenario(client, modifiers)
    return result, [(r.method, r.path, r.query, r.body) for r in sandbox.requests]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__.strip("_"))
def test_same_requests_as_the_official_sdk(scenario: Scenario) -> None:
    theirs_result, theirs = _wire(
        scenario,
        lambda url: official.Composio(api_key=KEY, base_url=url, toolkit_versions=VERSIONS),
        [official.before_execute(tools=["DEMO_TOOL_2"])(_rewrite)],
    )
    ours_result, ours = _wire(
        scenario,
        lambda url: Composio(api_key=KEY, base_url=url, toolkit_versions=VERSIONS),
        [before_execute(tools=["DEMO_TOOL_2"])(_rewrite)],
    )
    assert ours == theirs
    if isinstance(theirs_result, list):  # tools.get: same tools, same OpenAI format
        assert [t["function"]["name"] for t in ours_result] == [t["function"]["name"] for t in theirs_result]
        assert all(t["type"] == "function" for t in ours_result)
    else:
        assert ours_result == theirs_result


def test_the_official_sdk_lists_and_executes_against_the_sandbox() -> None:
    sandbox = Sandbox([*catalog_tools(), *demo_tools()])

    @sandbox.handler("DEMO_TOOL_1")
    def echo(arguments: dict[str, Any], context: Any) -> dict[str, Any]:
        return {"echo": arguments["x"], "version": context.version}

    with serving(sandbox) as url:
        client = official.Composio(api_key=KEY, base_url=url, toolkit_versions=VERSIONS)
        tools = client.tools.get("user_1", toolkits=["demo"])
        result = client.tools.execute("DEMO_TOOL_1", {"x": "hi"}, user_id="user_1")
    assert [t["function"]["name"] for t in tools] == ["DEMO_TOOL_0", "DEMO_TOOL_1", "DEMO_TOOL_2"]
    assert result == {"data": {"echo": "hi", "version": "20250601_00"}, "error": None, "successful": True}


# -- files: the same upload request, PUT and execute body as the official SDK ------------------
def _file_wire(make_client: Callable[[Path], Any], scenario: Callable[[Any, Path], Any], tmp: Path) -> list[Any]:
    sandbox = Sandbox(catalog_tools())
    with serving(sandbox) as url:
        client = make_client_for(make_client, url, tmp)
        scenario(client, tmp)
    keys = {key: "<key>" for key in sandbox.storage.files}
    wire = []
    for r in sandbox.requests:
        if r.method == "GET" and r.route.startswith("/tools/"):
            continue  # the schema: ours is served offline once a generated toolkit is imported
        path = "/_storage/<token>" if r.path.startswith("/_storage/") else r.path
        body = _masked(r.body, keys) if r.method != "PUT" else r.raw
        headers = {k: r.headers.get(k) for k in ("content-type", "content-length")} if r.method == "PUT" else {}
        wire.append((r.method, path, body, headers, r.authenticated))
    return wire


def make_client_for(make_client: Callable[[Path], Any], url: str, tmp: Path) -> Any:
    return make_client(tmp)(url)


def _masked(value: Any, keys: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: _masked(v, keys) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v, keys) for v in value]
    return keys.get(value, value) if isinstance(value, str) else value


def _attach(client: Any, tmp: Path) -> Any:
    return client.tools.execute(
        "DOCSTORE_ATTACH_FILES",
        {
            "page_id": "p",
            "cover": str(tmp / "upload" / "cover.png"),
            "attachments": [str(tmp / "upload" / "notes.txt")],
        },
        user_id="user_1",
        version="20251101_00",
    )


def _export(client: Any, tmp: Path) -> Any:
    return client.tools.execute("DOCSTORE_EXPORT_PAGE", {"page_id": "p"}, user_id="user_1", version="20251101_00")


@pytest.mark.parametrize("scenario", [_attach, _export], ids=["upload", "download"])
def test_file_requests_equal_the_official_sdks(
    scenario: Callable[[Any, Path], Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from composio.utils import url_safety

    monkeypatch.setattr(url_safety, "is_blocked_ip", lambda value: False)  # their SSRF guard, relaxed for loopback
    (tmp_path / "upload").mkdir()
    (tmp_path / "upload" / "cover.png").write_bytes(b"\x89PNG\r\n cover bytes")
    (tmp_path / "upload" / "notes.txt").write_text("some notes\n")
    options = {"dangerously_allow_auto_upload_download_files": True}

    def theirs(tmp: Path) -> Callable[[str], Any]:
        return lambda url: official.Composio(
            api_key=KEY,
            base_url=url,
            file_upload_dirs=[str(tmp / "upload")],
            file_download_dir=str(tmp / "t"),
            **options,
        )

    def ours(tmp: Path) -> Callable[[str], Any]:
        return lambda url: Composio(
            api_key=KEY, base_url=url, file_upload_dirs=[tmp / "upload"], file_download_dir=tmp / "o", **options
        )

    expected = _file_wire(theirs, scenario, tmp_path)
    assert _file_wire(ours, scenario, tmp_path) == expected
    assert any(method == "PUT" for method, *_ in expected) == (scenario is _attach)
