"""Anthropic provider: Messages API tools ``{name, description, input_schema}``.

The tool type is the ``anthropic`` package's own ``ToolParam`` (checked by mypy when it is
installed), so ``client.messages.create(tools=composio.tools.get(...))`` type-checks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from typing_extensions import override

from runtime.providers.base import Provider, ToolCall, field, parsed_call
from runtime.tool import Tool

if TYPE_CHECKING:
    from anthropic.types import ToolParam

_EMPTY_OBJECT: dict[str, Any] = {"type": "object", "properties": {}}


class AnthropicProvider(Provider["ToolParam"]):
    """Anthropic Messages: tool calls are the response's ``tool_use`` content blocks."""

    name = "anthropic"

    @override
    def wrap_tool(self, tool: Tool) -> ToolParam:
        schema = tool.input_parameters or dict(_EMPTY_OBJECT)
        wrapped: ToolParam = {"name": tool.slug, "description": tool.description, "input_schema": schema}
        return wrapped

    @override
    def tool_calls(self, response: object) -> list[ToolCall]:
        return [
            parsed_call(field(block, "id"), field(block, "name"), field(block, "input"))
            for block in field(response, "content") or ()
            if field(block, "type") == "tool_use"
        ]
