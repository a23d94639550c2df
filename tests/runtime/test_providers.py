"""Providers: each LLM API's tool format, and executing the tool calls of its responses."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from anthropic.types import Message
from openai.types.chat import ChatCompletion
from openai.types.responses import Response

import generated.weather  # noqa: F401  (registers the baked weather schemas)
from runtime import (
    AnthropicProvider,
    AsyncComposio,
    Composio,
    OpenAIProvider,
    OpenAIResponsesProvider,
    RawProvider,
    Tool,
)
from runtime.sandbox import Sandbox

KEY = "k"
FORECAST_ARGS = {"latitude": 48.9, "longitude": 2.35}


def forecast_schema() -> dict[str, Any]:
    raw = Composio(api_key=KEY, base_url="http://unused", provider=RawProvider())
    return raw.tools.get("u", slug="WEATHER_GET_FORECAST")[0].input_parameters


def test_openai_chat_completions_format() -> None:
    tools = Composio(api_key=KEY, base_url="http://unused").tools.get("u", slug="WEATHER_GET_FORECAST")
    assert tools == [
        {
            "type": "function",
            "function": {
                "name": "WEATHER_GET_FORECAST",
                "description": "Forecast for a place, by day.",
                "parameters": forecast_schema(),
            },
        }
    ]


def test_openai_responses_format() -> None:
    composio = Composio(api_key=KEY, base_url="http://unused", provider=OpenAIResponsesProvider())
    assert composio.tools.get("u", slug="WEATHER_GET_FORECAST") == [
        {
            "type": "function",
            "name": "WEATHER_GET_FORECAST",
            "description": "Forecast for a place, by day.",
            "parameters": forecast_schema(),
            "strict": False,
        }
    ]


def test_anthropic_format_gives_parameterless_tools_an_object_schema() -> None:
    composio = Composio(api_key=KEY, base_url="http://unused", provider=AnthropicProvider())
    forecast, stations = composio.tools.get("u", tools=["WEATHER_GET_FORECAST", "WEATHER_LIST_STATIONS"])
    assert forecast == {
        "name": "WEATHER_GET_FORECAST",
        "description": "Forecast for a place, by day.",
        "input_schema": forecast_schema(),
    }
    assert stations["input_schema"]["type"] == "object"


def test_raw_format_is_the_tool_object() -> None:
    composio = Composio(api_key=KEY, base_url="http://unused", provider=RawProvider())
    (tool,) = composio.tools.get("u", slug="WEATHER_GET_FORECAST")
    assert isinstance(tool, Tool) and tool.version == generated.weather.VERSION


def chat_completion(*calls: tuple[str, str, str]) -> ChatCompletion:
    return ChatCompletion.model_validate(
        {
            "id": "c1",
            "object": "chat.completion",
            "created": 0,
            "model": "gpt-4o",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "tool_calls",
                    "message": {
                        "role": "assistant",
                        "content": None,
                        "tool_calls": [
                            {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}
                            for call_id, name, arguments in calls
                        ],
                    },
                }
            ],
        }
    )


def test_openai_tool_calls_are_executed_in_order_with_the_pinned_version(served: str, sandbox: Sandbox) -> None:
    composio = Composio(api_key=KEY, base_url=served, toolkit_versions={"weather": "20250301_00"})
    composio.tools.get("user_1", toolkits=["weather"])  # a model runs only the tools it was given
    response = chat_completion(
        ("call_1", "WEATHER_GET_FORECAST", json.dumps(FORECAST_ARGS)),
        ("call_2", "WEATHER_LIST_STATIONS", ""),
        ("call_3", "WEATHER_GET_FORECAST", "{not json"),
    )
    results = composio.provider.handle_tool_calls(response, user_id="user_1")
    assert [r["successful"] for r in results] == [True, True, False]
    assert "call_3" in str(results[2]["error"]) and "not valid JSON" in str(results[2]["error"])
    bodies = [r.body for r in sandbox.executions()]
    assert bodies == [
        {"arguments": FORECAST_ARGS, "version": "20250301_00", "user_id": "user_1"},
        {"arguments": {}, "version": "20250301_00", "user_id": "user_1"},
    ]


def test_provider_execution_skips_the_latest_guard_like_the_official_sdk(served: str, sandbox: Sandbox) -> None:
    composio = Composio(api_key=KEY, base_url=served)
    composio.tools.get("user_1", tools=["WEATHER_LIST_STATIONS"])
    composio.provider.handle_tool_calls(chat_completion(("c", "WEATHER_LIST_STATIONS", "{}")))
    assert sandbox.executions()[0].body == {"arguments": {}, "version": "latest"}


def test_responses_and_anthropic_tool_calls(served: str, sandbox: Sandbox) -> None:
    responses = Composio(api_key=KEY, base_url=served, provider=OpenAIResponsesProvider())
    responses.tools.get("user_1", tools=["WEATHER_GET_FORECAST"])
    response = Response.model_construct(
        output=[
            {"type": "message", "content": []},
            {
                "type": "function_call",
                "call_id": "r1",
                "name": "WEATHER_GET_FORECAST",
                "arguments": json.dumps(FORECAST_ARGS),
            },
        ]
    )
    assert [r["successful"] for r in responses.provider.handle_tool_calls(response)] == [True]
    anthropic = Composio(api_key=KEY, base_url=served, provider=AnthropicProvider())
    anthropic.tools.get("user_1", tools=["WEATHER_GET_FORECAST"])
    message = Message.model_validate(
        {
            "id": "m1",
            "type": "message",
            "role": "assistant",
            "model": "claude-sonnet-4-5",
            "content": [
                {"type": "text", "text": "Let me check."},
                {"type": "tool_use", "id": "t1", "name": "WEATHER_GET_FORECAST", "input": FORECAST_ARGS},
            ],
            "stop_reason": "tool_use",
            "usage": {"input_tokens": 1, "output_tokens": 1},
        }
    )
    assert anthropic.provider.tool_calls(message)[0].id == "t1"
    assert [r["successful"] for r in anthropic.provider.handle_tool_calls(message)] == [True]
    assert [r.body["arguments"] for r in sandbox.executions()] == [FORECAST_ARGS, FORECAST_ARGS]


def test_plain_dict_responses_work_too(served: str) -> None:
    composio = Composio(api_key=KEY, base_url=served)
    composio.tools.get("user_1", tools=["WEATHER_LIST_STATIONS"])
    response = {
        "choices": [
            {"message": {"tool_calls": [{"id": "x", "function": {"name": "WEATHER_LIST_STATIONS", "arguments": "{}"}}]}}
        ]
    }
    assert composio.provider.handle_tool_calls(response)[0]["successful"]


def test_async_clients_handle_tool_calls_with_ahandle(sandbox: Sandbox) -> None:
    async def scenario() -> list[Any]:
        async with AsyncComposio(
            api_key=KEY, base_url="http://sandbox", transport=httpx.ASGITransport(app=sandbox)
        ) as composio:
            with pytest.raises(TypeError, match="ahandle_tool_calls"):
                composio.provider.handle_tool_calls(chat_completion())
            await composio.tools.get("u", tools=["WEATHER_LIST_STATIONS"])
            return await composio.provider.ahandle_tool_calls(
                chat_completion(("c", "WEATHER_LIST_STATIONS", "{}")), user_id="u"
            )

    assert [r["successful"] for r in asyncio.run(scenario())] == [True]


def test_a_sync_client_points_to_handle_tool_calls() -> None:
    composio = Composio(api_key=KEY, base_url="http://unused", provider=OpenAIProvider())
    with pytest.raises(TypeError, match="handle_tool_calls"):
        asyncio.run(composio.provider.ahandle_tool_calls(chat_completion()))
