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
        def run(self, tool_input: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return super().run(tool_input, *args, **kwargs)
            except RecursionError:  # LangChain prints the input before parsing it
                return _too_deep(self.name, kwargs.get("tool_call_id"))

        @override
        async def arun(self, tool_input: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return await super().arun(tool_input, *args, **kwargs)
            except RecursionError:
                return _too_deep(self.name, kwargs.get("tool_call_id"))

        @override
        def _parse_input(self, tool_input: str | dict[str, Any], tool_call_id: str | None) -> dict[str, Any]:
            arguments: object = {} if isinstance(tool_input, str) and not tool_input.strip() else tool_input
            try:
                return {_PAYLOAD: wire(self.composio_tool, arguments)}
            except (ValidationError, ValueError) as error:
                raise ToolException(invalid_text(self.composio_tool, error)) from None

    return ComposioStructuredTool


def _too_deep(name: str, tool_call_id: str | None) -> Any:
    """The tool error for arguments nested too deeply for LangChain to handle."""
    from langchain_core.messages import ToolMessage

    text = f"Invalid arguments for {name}; nothing was sent: the arguments are nested too deeply"
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
