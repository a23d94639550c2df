"""Type-checked, never run: tools.get output goes straight into the real openai and anthropic calls."""

from __future__ import annotations

from anthropic import Anthropic
from openai import OpenAI

from runtime import AnthropicProvider, Composio, OpenAIResponsesProvider


def chat_completions(llm: OpenAI) -> None:
    composio = Composio()
    tools = composio.tools.get("user_1", toolkits=["weather"])
    response = llm.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "Weather in Paris?"}], tools=tools
    )
    composio.provider.handle_tool_calls(response, user_id="user_1")


def responses_api(llm: OpenAI) -> None:
    composio = Composio(provider=OpenAIResponsesProvider())
    response = llm.responses.create(model="gpt-4o", input="Weather?", tools=composio.tools.get("u", search="forecast"))
    composio.provider.handle_tool_calls(response)


def messages_api(llm: Anthropic) -> None:
    composio = Composio(provider=AnthropicProvider())
    message = llm.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=1024,
        messages=[{"role": "user", "content": "Weather in Paris?"}],
        tools=composio.tools.get("user_1", tools=["WEATHER_GET_FORECAST"]),
    )
    composio.provider.handle_tool_calls(message, user_id="user_1")
