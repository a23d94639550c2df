"""Interop proof: the official ``composio`` SDK, pointed at the sandbox, lists and executes
tools; for the same scenarios our runtime sends the same method, path, query and JSON body."""

from __future__ import annotations

from collections.abc import Callable
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
