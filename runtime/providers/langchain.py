"""``LangchainProvider``: tools as LangChain ``StructuredTool``s (``pip install 'toolstubs[langchain]'``).

``args_schema`` is the generated input model where there is one (the tool's JSON Schema
otherwise), closed at the top level where the schema says nothing of other keys.
LangChain's own parsing would fill in defaults the model never sent; here the model's
arguments are validated as they came and sent exactly as the typed wrapper would.
Invalid arguments and failed calls go back through LangChain's tool-error channel (a
``ToolException`` handled by the tool: a ``ToolMessage`` with ``status="error"``), never
raised. Sync and async (``ainvoke``) both work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from typing_extensions import override

from runtime.jsonvalues import is_object
from runtime.providers.agentic import (
    AgenticProvider,
    Execution,
    input_model,
    invalid_text,
    parameters_schema,
    result_text,
    wire,
)
from runtime.tool import Tool
from runtime.types import ToolExecutionResponse

if TYPE_CHECKING:
    from langchain_core.tools import StructuredTool


_PAYLOAD = "__toolstubs_payload__"


def _tool_class() -> type[StructuredTool]:
    from langchain_core.tools import StructuredTool, ToolException

    class ComposioStructuredTool(StructuredTool):
        """A StructuredTool that keeps the model's arguments as sent (no defaults filled in)."""

        composio_tool: Any = None

        @override
        def invoke(self, input: Any, config: Any = None, **kwargs: Any) -> Any:
            odd = _odd_tool_call(self.name, input)
            return odd if odd is not None else super().invoke(input, config, **kwargs)

        @override
        async def ainvoke(self, input: Any, config: Any = None, **kwargs: Any) -> Any:
            odd = _odd_tool_call(self.name, input)
            return odd if odd is not None else await super().ainvoke(input, config, **kwargs)

        @override
        def run(self, tool_input: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return super().run(tool_input, *args, **kwargs)
            except RecursionError:  # LangChain prints the input before parsing it
                return _tool_error(self.name, kwargs.get("tool_call_id"), _TOO_DEEP)

        @override
        async def arun(self, tool_input: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return await super().arun(tool_input, *args, **kwargs)
            except RecursionError:
                return _tool_error(self.name, kwargs.get("tool_call_id"), _TOO_DEEP)

        @override
        def _parse_input(self, tool_input: str | dict[str, Any], tool_call_id: str | None) -> dict[str, Any]:
            arguments: object = {} if isinstance(tool_input, str) and not tool_input.strip() else tool_input
            try:
                return {_PAYLOAD: wire(self.composio_tool, arguments)}
            except (ValidationError, ValueError) as error:
                raise ToolException(invalid_text(self.composio_tool, error)) from None

    return ComposioStructuredTool


_TOO_DEEP = "the arguments are nested too deeply"


def _odd_tool_call(name: str, given: Any) -> Any:
    """The tool error for a tool call whose ``args`` is not an object (LangChain itself would
    fail on it before the tool's own parsing: ``'str' object has no attribute 'copy'``)."""
    if not is_object(given) or given.get("type") != "tool_call" or is_object(given.get("args")):
        return None
    reason = f"the arguments must be a JSON object of named values, got {type(given.get('args')).__name__}"
    return _tool_error(name, str(given.get("id") or ""), reason)


def _tool_error(name: str, tool_call_id: str | None, reason: str) -> Any:
    """LangChain's tool error for arguments it cannot handle itself: the text alone, or a
    ``ToolMessage`` with ``status="error"`` for a tool call."""
    from langchain_core.messages import ToolMessage

    text = f"Invalid arguments for {name}; nothing was sent: {reason}"
    if tool_call_id is None:
        return text
    return ToolMessage(content=text, name=name, tool_call_id=tool_call_id, status="error")


class LangchainProvider(AgenticProvider["StructuredTool"]):
    """Tools for LangChain agents and ``model.bind_tools(...)``."""

    name = "langchain"

    @override
    def wrap_tool(self, tool: Tool, execution: Execution | None = None) -> StructuredTool:
        if execution is None:
            raise TypeError("LangChain tools come from composio.tools.get(user_id, ...)")

        from langchain_core.tools import ToolException

        def answered(response: ToolExecutionResponse) -> str:
            if not response.get("successful"):
                raise ToolException(result_text(response))
            return result_text(response)

        def run(**values: Any) -> str:
            if execution.run is None:
                raise ToolException("this tool belongs to an AsyncComposio client: call it with ainvoke()")
            return answered(execution.run(tool.slug, values[_PAYLOAD]))

        async def arun(**values: Any) -> str:
            return answered(await execution.arun(tool.slug, values[_PAYLOAD]))

        def refused(error: ValidationError | ValueError) -> str:
            return invalid_text(tool, error)

        factory: Any = _tool_class()
        built: StructuredTool = factory(
            name=tool.slug,
            description=tool.description or tool.name,
            args_schema=input_model(tool) or parameters_schema(tool),
            func=run,
            coroutine=arun,
            handle_tool_error=True,
            handle_validation_error=refused,
            composio_tool=tool,
        )
        return built
