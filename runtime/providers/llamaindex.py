"""``LlamaIndexProvider``: tools as LlamaIndex ``FunctionTool``s (``pip install 'toolstubs[llamaindex]'``).

``fn_schema`` is the generated input model where there is one, closed at the top level
where the schema says nothing of other keys. LlamaIndex does not validate a call's
arguments itself, so the tool does: invalid arguments (nothing is sent) and failed calls
come back as a ``ToolOutput`` with ``is_error=True``, LlamaIndex's own error output; valid
arguments go out as the typed wrapper sends them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from typing_extensions import override

from runtime.providers.agentic import AgenticProvider, Execution, input_model, invalid_text, result_text, wire
from runtime.tool import Tool
from runtime.types import ToolExecutionResponse

if TYPE_CHECKING:
    from llama_index.core.tools import FunctionTool, ToolOutput


class LlamaIndexProvider(AgenticProvider["FunctionTool"]):
    """Tools for LlamaIndex agents (``FunctionAgent(tools=...)``)."""

    name = "llamaindex"

    @override
    def wrap_tool(self, tool: Tool, execution: Execution | None = None) -> FunctionTool:
        from llama_index.core.tools import FunctionTool, ToolMetadata, ToolOutput

        if execution is None:
            raise TypeError("LlamaIndex tools come from composio.tools.get(user_id, ...)")

        def error(text: str, arguments: dict[str, Any]) -> ToolOutput:
            return ToolOutput(content=text, tool_name=tool.slug, raw_input=arguments, raw_output=text, is_error=True)

        def payload(positional: tuple[Any, ...], arguments: dict[str, Any]) -> dict[str, Any] | ToolOutput:
            try:
                if positional:
                    raise ValueError("the arguments must be named (a JSON object), not positional")
                return wire(tool, arguments)
            except (ValidationError, ValueError) as invalid:
                return error(invalid_text(tool, invalid), arguments)

        def output(response: ToolExecutionResponse, arguments: dict[str, Any]) -> str | ToolOutput:
            text = result_text(response)
            return text if response.get("successful") else error(text, arguments)

        def run(*positional: Any, **arguments: Any) -> str | ToolOutput:
            if execution.run is None:
                return error("this tool belongs to an AsyncComposio client: use acall()", arguments)
            sent = payload(positional, arguments)
            return sent if isinstance(sent, ToolOutput) else output(execution.run(tool.slug, sent), arguments)

        async def arun(*positional: Any, **arguments: Any) -> str | ToolOutput:
            sent = payload(positional, arguments)
            return sent if isinstance(sent, ToolOutput) else output(await execution.arun(tool.slug, sent), arguments)

        def kept(result: Any) -> ToolOutput | None:  # an error output stays one (is_error kept)
            return result if isinstance(result, ToolOutput) else None

        async def akept(result: Any) -> ToolOutput | None:
            return kept(result)

        model = input_model(tool)
        metadata = ToolMetadata(name=tool.slug, description=tool.description or tool.name, fn_schema=model)
        return FunctionTool.from_defaults(
            fn=run, async_fn=arun, tool_metadata=metadata, callback=kept, async_callback=akept
        )
