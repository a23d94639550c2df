"""``LangchainProvider``: tools as LangChain ``StructuredTool``s (``pip install 'toolstubs[langchain]'``).

``args_schema`` is the generated input model where there is one (the tool's JSON Schema
otherwise). LangChain's own parsing would fill in defaults the model never sent; here the
model's arguments are validated as they came and sent exactly as the typed wrapper would.
A validation error is returned to the model as the tool's output
(``handle_validation_error``), never raised. Sync and async (``ainvoke``) both work.
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

if TYPE_CHECKING:
    from langchain_core.tools import StructuredTool


_PAYLOAD = "__toolstubs_payload__"


def _tool_class() -> type[StructuredTool]:
    from langchain_core.tools import StructuredTool

    class ComposioStructuredTool(StructuredTool):
        """A StructuredTool that keeps the model's arguments as sent (no defaults filled in)."""

        composio_tool: Any = None

        @override
        def _parse_input(self, tool_input: str | dict[str, Any], tool_call_id: str | None) -> dict[str, Any]:
            arguments = {} if isinstance(tool_input, str) and not tool_input.strip() else tool_input
            if isinstance(arguments, str):
                raise ValueError(f"{self.name} takes a JSON object of arguments, not text")
            return {_PAYLOAD: wire(self.composio_tool, arguments)}

    return ComposioStructuredTool


class LangchainProvider(AgenticProvider["StructuredTool"]):
    """Tools for LangChain agents and ``model.bind_tools(...)``."""

    name = "langchain"

    @override
    def wrap_tool(self, tool: Tool, execution: Execution | None = None) -> StructuredTool:
        if execution is None:
            raise TypeError("LangChain tools come from composio.tools.get(user_id, ...)")

        def run(**values: Any) -> str:
            if execution.run is None:
                raise TypeError("this tool belongs to an AsyncComposio client: call it with ainvoke()")
            return result_text(execution.run(tool.slug, values[_PAYLOAD]))

        async def arun(**values: Any) -> str:
            return result_text(await execution.arun(tool.slug, values[_PAYLOAD]))

        def refused(error: ValidationError | ValueError) -> str:
            return invalid_text(tool, error)

        factory: Any = _tool_class()
        built: StructuredTool = factory(
            name=tool.slug,
            description=tool.description or tool.name,
            args_schema=input_model(tool) or parameters_schema(tool),
            func=run,
            coroutine=arun,
            handle_validation_error=refused,
            composio_tool=tool,
        )
        return built
