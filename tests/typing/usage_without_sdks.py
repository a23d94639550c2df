"""Type-checked, never run, in an environment without openai: the default provider's tool type
is still exact (runtime.providers.formats), never Any or Unknown."""

from __future__ import annotations

from typing_extensions import assert_type

from runtime import AsyncComposio, Composio, McpClient, OpenAIResponsesProvider
from runtime.providers.formats import ChatCompletionFunctionToolParam, FunctionToolParam


def default_provider() -> None:
    composio = Composio()
    assert_type(composio, Composio[ChatCompletionFunctionToolParam])
    tools = composio.tools.get("user_1", toolkits=["weather"])
    assert_type(tools, list[ChatCompletionFunctionToolParam])
    assert_type(tools[0]["function"]["name"], str)


async def async_and_responses() -> None:
    responses = AsyncComposio(provider=OpenAIResponsesProvider())
    assert_type(await responses.tools.get("user_1", search="forecast"), list[FunctionToolParam])


def mcp_client() -> None:
    with McpClient(command=["demo-server"]) as client:
        assert_type(client.tools.get(), list[ChatCompletionFunctionToolParam])
