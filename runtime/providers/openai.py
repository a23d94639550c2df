"""OpenAI providers: Chat Completions tools and Responses API function tools.

The tool types mirror the ``openai`` package's (:mod:`runtime.providers.formats`), so
``client.chat.completions.create(tools=composio.tools.get(...))`` type-checks, and they stay
typed where ``openai`` is not installed.
"""

from __future__ import annotations

from typing_extensions import override

from runtime.providers.base import Provider, ToolCall, field, parsed_call
from runtime.providers.formats import ChatCompletionFunctionToolParam, FunctionToolParam
from runtime.tool import Tool


class OpenAIProvider(Provider[ChatCompletionFunctionToolParam]):
    """Chat Completions: ``{"type": "function", "function": {name, description, parameters}}``."""

    name = "openai"

    @override
    def wrap_tool(self, tool: Tool) -> ChatCompletionFunctionToolParam:
        wrapped: ChatCompletionFunctionToolParam = {
            "type": "function",
            "function": {"name": tool.slug, "description": tool.description, "parameters": tool.input_parameters},
        }
        return wrapped

    @override
    def tool_calls(self, response: object) -> list[ToolCall]:
        calls: list[ToolCall] = []
        for choice in field(response, "choices") or ():
            for call in field(field(choice, "message"), "tool_calls") or ():
                function = field(call, "function")
                calls.append(parsed_call(field(call, "id"), field(function, "name"), field(function, "arguments")))
        return calls


class OpenAIResponsesProvider(Provider[FunctionToolParam]):
    """Responses API: ``{"type": "function", "name", "description", "parameters", "strict": false}``."""

    name = "openai_responses"

    @override
    def wrap_tool(self, tool: Tool) -> FunctionToolParam:
        wrapped: FunctionToolParam = {
            "type": "function",
            "name": tool.slug,
            "description": tool.description,
            "parameters": tool.input_parameters,
            "strict": False,
        }
        return wrapped

    @override
    def tool_calls(self, response: object) -> list[ToolCall]:
        return [
            parsed_call(field(item, "call_id"), field(item, "name"), field(item, "arguments"))
            for item in field(response, "output") or ()
            if field(item, "type") == "function_call"
        ]
