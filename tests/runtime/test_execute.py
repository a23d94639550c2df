"""``tools.execute``: the version precedence table, the latest guard, modifiers, custom tools,
and the async client in-process (httpx's ASGI transport)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from runtime import (
    AsyncComposio,
    Composio,
    InvalidModifierError,
    RawProvider,
    ToolExecuteParams,
    ToolExecutionResponse,
    ToolVersionRequiredError,
    after_execute,
    before_execute,
    modifiers,
)
from runtime.sandbox import Sandbox

KEY = "k"


def sent_version(sandbox: Sandbox) -> Any:
    return sandbox.executions()[-1].body.get("version")


@pytest.mark.parametrize(
    ("explicit", "configured", "env", "expected"),
    [
        ("20250101_00", {"demo": "20250601_00"}, "20250601_00", "20250101_00"),  # explicit wins
        (None, {"demo": "20250101_00"}, "20250601_00", "20250101_00"),  # config over environment
        (None, {"other": "20250601_00"}, "20250101_00", "20250101_00"),  # environment fills the gaps
        (None, "20250101_00", "20250601_00", "20250101_00"),  # a global string ignores the environment
        (None, {"DEMO": "20250101_00"}, None, "20250101_00"),  # config keys are case-insensitive
        (None, None, None, "latest"),  # nothing pinned: latest, which the guard refuses
    ],
)
def test_version_precedence(
    served: str,
    sandbox: Sandbox,
    monkeypatch: pytest.MonkeyPatch,
    explicit: str | None,
    configured: Any,
    env: str | None,
    expected: str,
) -> None:
    if env is not None:
        monkeypatch.setenv("COMPOSIO_TOOLKIT_VERSION_DEMO", env)
    with Composio(api_key=KEY, base_url=served, toolkit_versions=configured) as composio:
        if expected == "latest":
            with pytest.raises(ToolVersionRequiredError) as refused:
                composio.tools.execute("DEMO_TOOL_1", {"x": "a"}, version=explicit)
            message = str(refused.value)
            for fix in (
                "version=",
                "toolkit_versions=",
                "COMPOSIO_TOOLKIT_VERSION_DEMO",
                "dangerously_skip_version_check",
            ):
                assert fix in message
            assert sandbox.executions() == []
            composio.tools.execute("DEMO_TOOL_1", {"x": "a"}, dangerously_skip_version_check=True)
        else:
            composio.tools.execute("DEMO_TOOL_1", {"x": "a"}, version=explicit)
    assert sent_version(sandbox) == expected


def test_before_execute_sees_every_field_and_may_change_version_and_skip_flag(served: str, sandbox: Sandbox) -> None:
    seen: list[ToolExecuteParams] = []

    @before_execute(tools=["DEMO_TOOL_1"])
    def rewrite(tool: str, toolkit: str, params: ToolExecuteParams) -> ToolExecuteParams:
        seen.append(dict(params))  # type: ignore[arg-type]
        params["arguments"] = {"x": params["arguments"]["x"].upper()}
        params["version"] = "latest"
        params["dangerously_skip_version_check"] = True
        return params

    with Composio(api_key=KEY, base_url=served) as composio:
        composio.tools.execute(
            "DEMO_TOOL_1",
            {"x": "a"},
            user_id="u1",
            connected_account_id="ca_1",
            custom_auth_params={"parameters": [{"name": "k", "value": "v", "in": "header"}]},
            text=None,
            version="20250101_00",
            modifiers=[rewrite],
        )
    assert seen == [
        {
            "arguments": {"x": "a"},
            "user_id": "u1",
            "connected_account_id": "ca_1",
            "custom_auth_params": {"parameters": [{"name": "k", "value": "v", "in": "header"}]},
            "version": "20250101_00",
        }
    ]
    assert sandbox.executions()[-1].body == {
        "arguments": {"x": "A"},
        "version": "latest",
        "user_id": "u1",
        "connected_account_id": "ca_1",
        "custom_auth_params": {"parameters": [{"name": "k", "value": "v", "in": "header"}]},
    }


def test_modifiers_run_in_list_order_within_their_scope(served: str) -> None:
    order: list[str] = []

    def tracer(name: str) -> Any:
        def trace(tool: str, toolkit: str, value: Any) -> Any:
            order.append(name)
            return value

        return trace

    modifiers = [
        before_execute(tracer("all-1")),
        before_execute(tools=["DEMO_TOOL_1"])(tracer("tool")),
        before_execute(tools=["demo_tool_1"])(tracer("lowercase slug: never")),
        before_execute(toolkits=["DEMO"])(tracer("toolkit, any case")),
        before_execute(toolkits=["weather"])(tracer("other toolkit: never")),
        after_execute(tracer("after")),
        before_execute(tracer("all-2")),
    ]
    with Composio(api_key=KEY, base_url=served, toolkit_versions={"demo": "20250101_00"}) as composio:
        composio.tools.execute("DEMO_TOOL_1", {"x": "a"}, modifiers=modifiers)
    assert order == ["all-1", "tool", "toolkit, any case", "all-2", "after"]


def test_after_execute_receives_the_in_band_failure(served: str, sandbox: Sandbox) -> None:
    @sandbox.handler("DEMO_TOOL_1")
    def fail(arguments: dict[str, Any], context: Any) -> Any:
        raise RuntimeError("upstream said no")

    @after_execute
    def annotate(tool: str, toolkit: str, response: ToolExecutionResponse) -> ToolExecutionResponse:
        return {**response, "error": f"[{tool}] {response['error']}"}

    with Composio(api_key=KEY, base_url=served, toolkit_versions={"demo": "20250101_00"}) as composio:
        result = composio.tools.execute("DEMO_TOOL_1", {"x": "a"}, modifiers=[annotate])
    assert result == {"data": {}, "error": "[DEMO_TOOL_1] RuntimeError: upstream said no", "successful": False}


def test_a_modifier_returning_none_or_breaking_params_is_named(served: str) -> None:
    @before_execute
    def forgot_return(tool: str, toolkit: str, params: ToolExecuteParams) -> None:
        params["arguments"]["x"] = "b"

    @before_execute
    def dropped_arguments(tool: str, toolkit: str, params: ToolExecuteParams) -> Any:
        return {"version": "20250101_00"}

    with Composio(api_key=KEY, base_url=served) as composio:
        with pytest.raises(InvalidModifierError, match="forgot_return returned None for DEMO_TOOL_1"):
            composio.tools.execute("DEMO_TOOL_1", {"x": "a"}, modifiers=[forgot_return])
        with pytest.raises(InvalidModifierError, match="'arguments'"):
            composio.tools.execute("DEMO_TOOL_1", {"x": "a"}, modifiers=[dropped_arguments])
        with pytest.raises(InvalidModifierError, match="is not a modifier"):
            composio.tools.execute("DEMO_TOOL_1", {"x": "a"}, modifiers=[print])  # type: ignore[list-item]


def test_an_after_execute_modifier_must_return_a_response(served: str, sandbox: Sandbox) -> None:
    @after_execute
    def summarised(tool: str, toolkit: str, response: ToolExecutionResponse) -> Any:
        return str(response["data"])

    with Composio(api_key=KEY, base_url=served, toolkit_versions={"demo": "20250101_00"}) as composio:
        with pytest.raises(InvalidModifierError, match="after_execute modifiers must return DEMO_TOOL_1's response"):
            composio.tools.execute("DEMO_TOOL_1", {"x": "a"}, modifiers=[summarised])


@given(
    returned=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
        max_leaves=8,
    )
)
def test_whatever_an_after_execute_modifier_returns_is_a_response_or_named(returned: object) -> None:
    @after_execute
    def anything(tool: str, toolkit: str, response: ToolExecutionResponse) -> Any:
        return returned

    response: ToolExecutionResponse = {"data": {}, "error": None, "successful": True}
    try:
        kept = modifiers.execution_response([anything], "DEMO_TOOL_1", "demo", response)
    except InvalidModifierError as error:
        assert "DEMO_TOOL_1" in str(error)
    else:
        assert isinstance(returned, dict) and "successful" in returned and kept is returned


def test_a_before_execute_modifier_breaking_params_is_named_for_custom_tools_too(served: str) -> None:
    @before_execute
    def dropped_arguments(tool: str, toolkit: str, params: ToolExecuteParams) -> Any:
        return {"version": "20250101_00"}

    with Composio(api_key=KEY, base_url=served, provider=RawProvider()) as composio:

        @composio.tools.custom_tool
        def greet(request: Greeting) -> dict[str, str]:
            """Greet someone."""
            return {"text": f"Hello {request.name}"}

        with pytest.raises(InvalidModifierError, match="GREET's params a dict with 'arguments'"):
            composio.tools.execute("GREET", {"name": "Ada"}, modifiers=[dropped_arguments])


class Greeting(BaseModel):
    name: str
    excited: bool = False


def test_custom_tools_run_locally_skip_the_guard_and_fail_in_band(served: str, sandbox: Sandbox) -> None:
    with Composio(api_key=KEY, base_url=served, provider=RawProvider()) as composio:

        @composio.tools.custom_tool
        def greet(request: Greeting) -> dict[str, str]:
            """Greet someone."""
            return {"text": f"Hello {request.name}{'!' if request.excited else '.'}"}

        @composio.tools.custom_tool(toolkit="demo")
        def divide(a: int, b: int) -> float:
            """Divide a by b."""
            return a / b

        assert composio.tools.execute("GREET", {"name": "Ada", "excited": True}) == {
            "data": {"text": "Hello Ada!"},
            "error": None,
            "successful": True,
        }
        assert composio.tools.execute("DEMO_DIVIDE", {"a": 6, "b": 3})["data"] == 2.0
        failed = composio.tools.execute("DEMO_DIVIDE", {"a": 1, "b": 0})
        invalid = composio.tools.execute("GREET", {"excited": "very"})
        assert divide(a=9, b=3) == 3.0  # still callable as a function
    assert failed == {"data": {}, "error": "ZeroDivisionError: division by zero", "successful": False}
    assert not invalid["successful"] and "name" in str(invalid["error"])
    assert sandbox.requests == []


def test_custom_tool_definitions_are_checked() -> None:
    composio = Composio(api_key=KEY, base_url="http://unused")
    with pytest.raises(ValueError, match="no docstring"):

        @composio.tools.custom_tool
        def undocumented(x: int) -> int:
            return x

    with pytest.raises(TypeError, match="parameter x needs a type annotation"):

        @composio.tools.custom_tool
        def untyped(x) -> int:  # type: ignore[no-untyped-def]
            """Doc."""
            return 1


def test_async_client_get_and_execute_in_process(sandbox: Sandbox) -> None:
    async def scenario() -> tuple[list[Any], ToolExecutionResponse, ToolExecutionResponse]:
        transport = httpx.ASGITransport(app=sandbox)
        async with AsyncComposio(
            api_key=KEY,
            base_url="http://sandbox",
            transport=transport,
            toolkit_versions="latest",
            provider=RawProvider(),
        ) as composio:

            @composio.tools.custom_tool
            async def shout(text: str) -> str:
                """Upper-case a text."""
                return text.upper()

            tools = await composio.tools.get("u", toolkits=["demo"])
            api = await composio.tools.execute("DEMO_TOOL_1", {"x": "a"}, dangerously_skip_version_check=True)
            local = await composio.tools.execute("SHOUT", {"text": "hi"})
            return tools, api, local

    tools, api, local = asyncio.run(scenario())
    assert [t.slug for t in tools] == ["DEMO_TOOL_0", "DEMO_TOOL_1", "DEMO_TOOL_2"]
    assert api["successful"] and local["data"] == "HI"
    assert sandbox.executions()[-1].body == {"arguments": {"x": "a"}, "version": "latest"}


def test_sync_custom_tool_refuses_an_async_function_in_band() -> None:
    composio = Composio(api_key=KEY, base_url="http://unused")

    @composio.tools.custom_tool
    async def later(x: int) -> int:
        """Later."""
        return x

    result = composio.tools.execute("LATER", {"x": 1})
    assert not result["successful"] and "AsyncComposio" in str(result["error"])
