"""``LlamaIndexProvider``: tools as LlamaIndex ``FunctionTool``s (``pip install 'toolstubs[llamaindex]'``).

``fn_schema`` is the generated input model where there is one. LlamaIndex does not
validate a call's arguments itself, so the tool does: a validation error is returned as
the tool's output (nothing is sent), valid arguments go out as the typed wrapper sends them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from typing_extensions import override

from runtime.providers.agentic import AgenticProvider, Execution, input_model, invalid_text, result_text, wire
from runtime.tool import Tool

if TYPE_CHECKING:
    from llama_index.core.tools import FunctionTool


class LlamaIndexProvider(AgenticProvider["FunctionTool"]):
    """Tools for LlamaIndex agents (``FunctionAgent(tools=...)``)."""

    name = "llamaindex"

    @override
    def wrap_tool(self, tool: Tool, execution: Execution | None = None) -> FunctionTool:
        from llama_index.core.tools import FunctionTool, ToolMetadata

        if execution is None:
            raise TypeError("LlamaIndex tools come from composio.tools.get(user_id, ...)")

        def run(**arguments: Any) -> str:
            if execution.run is None:
                raise TypeError("this tool belongs to an AsyncComposio client: use acall()")
            try:
                payload = wire(tool, arguments)
            except (ValidationError, ValueError) as error:
                return invalid_text(tool, error)
            return result_text(execution.run(tool.slug, payload))

        async def arun(**arguments: Any) -> str:
            try:
                payload = wire(tool, arguments)
            except (ValidationError, ValueError) as error:
                return invalid_text(tool, error)
            return result_text(await execution.arun(tool.slug, payload))

        model = input_model(tool)
        metadata = ToolMetadata(name=tool.slug, description=tool.description or tool.name, fn_schema=model)
        return FunctionTool.from_defaults(fn=run, async_fn=arun, tool_metadata=metadata)
