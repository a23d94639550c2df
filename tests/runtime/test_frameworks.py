"""Framework providers, each driven by its framework's own machinery offline, against the sandbox.

For each of OpenAI Agents (``Runner.run`` with a scripted model), LangChain (a fake chat
model's tool calls through ``tool.invoke``), pydantic-ai (``Agent`` with ``FunctionModel``
and ``TestModel``) and LlamaIndex (``FunctionTool.call`` / ``acall``): the execute the sandbox
records equals the typed wrapper's for the same arguments, scoped modifiers run once per
call, a validation error reaches the model instead of raising, and the pinned version is sent.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest

from generated import acme_tracker, docstore, weather  # imported, so their generated models are used
from runtime import Composio, ToolExecuteParams, before_execute
from runtime.sandbox import Sandbox, serving
from tests.conftest import catalog_tools

KEY = "k"
FORECAST = weather.Slug.GET_FORECAST
ARGUMENTS = {"latitude": 52.5, "longitude": 13.4, "days": 2}


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox(catalog_tools())


@pytest.fixture
def url(sandbox: Sandbox) -> Iterator[str]:
    with serving(sandbox) as base:
        yield base


calls: list[str] = []


@before_execute(tools=[FORECAST])
def counted(tool: str, toolkit: str, params: ToolExecuteParams) -> ToolExecuteParams:
    calls.append(tool)
    return params


@pytest.fixture(autouse=True)
def fresh_calls() -> None:
    calls.clear()


def _typed_body(url: str, sandbox: Sandbox) -> dict[str, Any]:
    with Composio(api_key=KEY, base_url=url) as composio:
        assert weather.Weather(composio, user_id="user_1").get_forecast(**ARGUMENTS).successful  # type: ignore[arg-type]
    return sandbox.executions(FORECAST)[-1].body  # type: ignore[no-any-return]


def _framework_body(sandbox: Sandbox) -> dict[str, Any]:
    return sandbox.executions(FORECAST)[-1].body  # type: ignore[no-any-return]


# -- pydantic-ai ------------------------------------------------------------------------------
def test_pydantic_ai_agent_calls_the_generated_model(url: str, sandbox: Sandbox) -> None:
    pydantic_ai = pytest.importorskip("pydantic_ai")
    from pydantic_ai.messages import ModelResponse, TextPart, ToolCallPart
    from pydantic_ai.models.function import FunctionModel

    from runtime import PydanticAIProvider

    expected = _typed_body(url, sandbox)
    seen: list[Any] = []

    def script(messages: list[Any], info: Any) -> ModelResponse:
        seen.append(messages[-1])
        if len(messages) == 1:
            return ModelResponse(parts=[ToolCallPart(FORECAST, {"latitude": "north"}, "c0")])  # invalid
        if len(messages) == 3:
            return ModelResponse(parts=[ToolCallPart(FORECAST, ARGUMENTS, "c1")])
        return ModelResponse(parts=[TextPart("done")])

    with Composio(api_key=KEY, base_url=url, provider=PydanticAIProvider()) as composio:
        tools = composio.tools.get("user_1", tools=[FORECAST], modifiers=[counted])
        assert tools[0].name == FORECAST
        agent = pydantic_ai.Agent(FunctionModel(script), tools=tools)
        result = agent.run_sync("forecast please")
    assert result.output == "done"
    retry = seen[1].parts[0]  # the validation error went back to the model, which called again
    assert retry.tool_call_id == "c0" and "latitude" in str(retry.content) and "Invalid arguments" in str(retry.content)
    assert _framework_body(sandbox) == expected and calls == [FORECAST]


def test_pydantic_ai_test_model_arguments_always_make_valid_requests(url: str, sandbox: Sandbox) -> None:
    pydantic_ai = pytest.importorskip("pydantic_ai")
    from pydantic_ai.models.test import TestModel

    from runtime import PydanticAIProvider, after_execute

    results: list[Any] = []

    @after_execute
    def collect(tool: str, toolkit: str, response: Any) -> Any:
        results.append((tool, response))
        return response

    # TestModel cannot draw a ["string", "null"] type yet (its own limitation), and file tools
    # need files; every other tool of the embedded catalog is called with drawn arguments.
    skipped = {acme_tracker.Slug.CONFIGURE_WEBHOOK, docstore.Slug.ATTACH_FILES}
    with Composio(api_key=KEY, base_url=url, provider=PydanticAIProvider()) as composio:
        tools = composio.tools.get("user_1", toolkits=["weather", "acme_tracker", "docstore"], modifiers=[collect])
        for tool in tools:
            if tool.name not in skipped:
                pydantic_ai.Agent(TestModel(), tools=[tool]).run_sync("use the tool")
    assert len(results) == len(tools) - len(skipped)
    failed = [(t, r, e.body) for (t, r), e in zip(results, sandbox.executions(), strict=True) if not r["successful"]]
    assert not failed, failed
    assert all(r.body["version"] != "latest" for r in sandbox.executions())


# -- LangChain --------------------------------------------------------------------------------
def test_langchain_tool_calls_send_the_typed_wrappers_body(url: str, sandbox: Sandbox) -> None:
    pytest.importorskip("langchain_core")
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    from runtime import LangchainProvider

    expected = _typed_body(url, sandbox)
    model = GenericFakeChatModel(
        messages=iter(
            [
                AIMessage("", tool_calls=[{"name": FORECAST, "args": {"latitude": "x"}, "id": "c0"}]),
                AIMessage("", tool_calls=[{"name": FORECAST, "args": ARGUMENTS, "id": "c1"}]),
            ]
        )
    )
    with Composio(api_key=KEY, base_url=url, provider=LangchainProvider()) as composio:
        (tool,) = composio.tools.get("user_1", tools=[FORECAST], modifiers=[counted])
        assert issubclass(tool.args_schema, weather.GetForecastInput)  # closed at the top level
        outputs = []
        for _ in range(2):
            message = model.invoke("forecast please")
            for call in message.tool_calls:
                outputs.append(tool.invoke({**call, "type": "tool_call"}))
    assert "Invalid arguments" in outputs[0].content and "latitude" in outputs[0].content
    assert json.loads(outputs[1].content)["days"]
    assert _framework_body(sandbox) == expected and calls == [FORECAST]


def test_langchain_async_invocation(url: str, sandbox: Sandbox) -> None:
    pytest.importorskip("langchain_core")
    from runtime import AsyncComposio, LangchainProvider

    async def scenario() -> Any:
        async with AsyncComposio(api_key=KEY, base_url=url, provider=LangchainProvider()) as composio:
            (tool,) = await composio.tools.get("user_1", tools=[FORECAST])
            return await tool.ainvoke(ARGUMENTS)

    assert json.loads(asyncio.run(scenario()))["days"]
    assert _framework_body(sandbox)["arguments"] == ARGUMENTS


# -- OpenAI Agents ----------------------------------------------------------------------------
def test_openai_agents_runner_calls_the_tool(url: str, sandbox: Sandbox) -> None:
    agents = pytest.importorskip("agents")
    from agents.items import ModelResponse
    from agents.models.interface import Model
    from agents.usage import Usage
    from openai.types.responses import ResponseFunctionToolCall, ResponseOutputMessage, ResponseOutputText

    from runtime import OpenAIAgentsProvider

    expected = _typed_body(url, sandbox)
    outputs: list[str] = []

    class Scripted(Model):
        def __init__(self) -> None:
            self.turn = 0

        async def get_response(self, *args: Any, **kwargs: Any) -> ModelResponse:
            self.turn += 1
            items = kwargs.get("input") if "input" in kwargs else args[1]
            outputs.extend(
                str(i.get("output")) for i in items if isinstance(i, dict) and i.get("type") == "function_call_output"
            )
            if self.turn <= 2:
                arguments = json.dumps({"latitude": "x"} if self.turn == 1 else ARGUMENTS)
                call = ResponseFunctionToolCall(
                    type="function_call",
                    call_id=f"c{self.turn}",
                    name=FORECAST,
                    arguments=arguments,
                    id=f"f{self.turn}",
                )
                return ModelResponse(output=[call], usage=Usage(), response_id=None)
            text = ResponseOutputText(type="output_text", text="done", annotations=[])
            message = ResponseOutputMessage(
                id="m", type="message", role="assistant", status="completed", content=[text]
            )
            return ModelResponse(output=[message], usage=Usage(), response_id=None)

        def stream_response(self, *args: Any, **kwargs: Any) -> Any:
            raise NotImplementedError

    with Composio(api_key=KEY, base_url=url, provider=OpenAIAgentsProvider()) as composio:
        tools = composio.tools.get("user_1", tools=[FORECAST], modifiers=[counted])
        assert tools[0].name == FORECAST and tools[0].strict_json_schema is False  # optional fields
        agent = agents.Agent(name="forecaster", instructions="forecast", model=Scripted(), tools=tools)
        result = asyncio.run(agents.Runner.run(agent, "forecast please"))
    assert result.final_output == "done"
    assert any("Invalid arguments" in output for output in outputs)
    assert _framework_body(sandbox) == expected and calls == [FORECAST]


def test_strict_schema_is_used_only_where_it_keeps_the_meaning() -> None:
    from runtime.providers.openai_agents import strict_allowed

    closed = {
        "type": "object",
        "properties": {"a": {"type": "string"}},
        "required": ["a"],
        "additionalProperties": False,
    }
    assert strict_allowed(closed)
    assert not strict_allowed({**closed, "required": []})  # an optional field
    assert not strict_allowed({**closed, "additionalProperties": True})  # an open object
    nested = {**closed, "properties": {"a": {"type": "object", "properties": {}}}}
    assert not strict_allowed(nested)  # a free-form object inside


# -- LlamaIndex -------------------------------------------------------------------------------
def test_llamaindex_function_tools_validate_inside_the_call(url: str, sandbox: Sandbox) -> None:
    pytest.importorskip("llama_index.core")
    from runtime import AsyncComposio, LlamaIndexProvider

    expected = _typed_body(url, sandbox)
    with Composio(api_key=KEY, base_url=url, provider=LlamaIndexProvider()) as composio:
        (tool,) = composio.tools.get("user_1", tools=[FORECAST], modifiers=[counted])
        assert issubclass(tool.metadata.fn_schema, weather.GetForecastInput) and tool.metadata.name == FORECAST
        refused = tool.call(latitude="x")
        answered = tool.call(**ARGUMENTS)
    assert "Invalid arguments" in str(refused.content) and json.loads(str(answered.content))["days"]
    assert _framework_body(sandbox) == expected and calls == [FORECAST]

    async def scenario() -> Any:
        async with AsyncComposio(api_key=KEY, base_url=url, provider=LlamaIndexProvider()) as client:
            (async_tool,) = await client.tools.get("user_1", tools=[FORECAST])
            return await async_tool.acall(**ARGUMENTS)

    assert json.loads(str(asyncio.run(scenario()).content))["days"]


def test_a_generated_toolkit_hands_its_own_tools_to_a_framework(url: str, sandbox: Sandbox) -> None:
    pytest.importorskip("langchain_core")
    from runtime import InvalidParamsError, LangchainProvider

    with Composio(api_key=KEY, base_url=url, provider=LangchainProvider()) as composio:
        kit = weather.Weather(composio, user_id="user_1", modifiers=[counted])
        every = kit.tools()
        (one,) = kit.tools(weather.Slug.GET_FORECAST)
        with pytest.raises(InvalidParamsError, match="not a tool of weather"):
            kit.tools(acme_tracker.Slug.CREATE_ISSUE)
        with pytest.raises(InvalidParamsError, match="user_id"):
            weather.Weather(composio).tools()
        one.invoke(ARGUMENTS)
    assert sorted(t.name for t in every) == sorted(
        [weather.Slug.GET_FORECAST, weather.Slug.GET_RAW_OBSERVATION, weather.Slug.LIST_STATIONS]
    )
    assert issubclass(one.args_schema, weather.GetForecastInput) and calls == [FORECAST]
    assert _framework_body(sandbox)["version"] == weather.VERSION


# -- the complaints about the official providers --------------------------------------------
def test_unset_optionals_stay_unsent_and_keywords_keep_their_wire_names(url: str, sandbox: Sandbox) -> None:
    pytest.importorskip("langchain_core")
    from runtime import LangchainProvider

    with Composio(api_key=KEY, base_url=url, provider=LangchainProvider()) as composio:
        (tool,) = composio.tools.get("user_1", tools=[FORECAST])
        tool.invoke({"latitude": 1.0, "longitude": 2.0})
    sent = _framework_body(sandbox)["arguments"]
    assert sent == {"latitude": 1.0, "longitude": 2.0}  # no "units": "metric", no "days": null


ROUND_TRIPS = [
    (
        acme_tracker.Slug.SEARCH_ISSUES,
        lambda kit: kit.search_issues(q="crash", validate_=True, from_="me", async_=False, limit=None),
    ),
    (
        acme_tracker.Slug.CONFIGURE_WEBHOOK,
        lambda kit: kit.configure_webhook(
            url="https://example.com/hook",
            config={"secret": None},
            metadata={"team": {"name": "core", "ids": [1, 2]}, "note": None},
        ),
    ),
]


@pytest.mark.parametrize(("slug", "typed_call"), ROUND_TRIPS, ids=["keywords-and-null", "free-form-object"])
def test_every_framework_sends_exactly_what_the_typed_wrapper_sends(
    url: str, sandbox: Sandbox, slug: str, typed_call: Any
) -> None:
    """The official providers' complaints: `validate` renamed on the wire, unset optionals sent
    as null, free-form objects emptied. Here each framework's call sends the wrapper's body."""
    pytest.importorskip("langchain_core")
    pytest.importorskip("llama_index.core")
    from runtime import LangchainProvider, LlamaIndexProvider

    with Composio(api_key=KEY, base_url=url) as composio:
        assert typed_call(acme_tracker.AcmeTracker(composio, user_id="user_1")).successful
    expected = sandbox.executions(slug)[-1].body
    arguments = expected["arguments"]
    assert "validate" in arguments or "metadata" in arguments
    for provider in (LangchainProvider(), LlamaIndexProvider()):
        with Composio(api_key=KEY, base_url=url, provider=provider) as composio:
            (tool,) = composio.tools.get("user_1", tools=[slug])
            if isinstance(provider, LangchainProvider):
                tool.invoke(arguments)
            else:
                tool.call(**arguments)
        assert sandbox.executions(slug)[-1].body == expected, type(provider).__name__


def test_frameworks_are_imported_only_when_their_provider_is_used() -> None:
    import subprocess
    import sys

    code = "import runtime, sys; print(sorted(m for m in ('agents', 'langchain_core', 'pydantic_ai', 'llama_index') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
