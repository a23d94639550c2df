"""``PydanticAIProvider``: tools as pydantic-ai ``Tool``s (``pip install 'toolstubs[pydantic-ai]'``).

For a tool of a generated toolkit, the tool's function takes the generated input model, so
pydantic-ai validates the model's arguments with it and, on a validation error, sends the
model a retry prompt. Other tools are passed with their JSON Schema (``Tool.from_schema``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel
from typing_extensions import override

from runtime.providers.agentic import AgenticProvider, Execution, input_model, parameters_schema, result_text, wire
from runtime.tool import Tool

if TYPE_CHECKING:
    from pydantic_ai import Tool as PydanticAITool


class PydanticAIProvider(AgenticProvider["PydanticAITool[Any]"]):
    """Tools for ``pydantic_ai.Agent(tools=...)``."""

    name = "pydantic_ai"

    @override
    def wrap_tool(self, tool: Tool, execution: Execution | None = None) -> PydanticAITool[Any]:
        from pydantic_ai import Tool as PydanticAITool

        if execution is None:
            raise TypeError("pydantic-ai tools come from composio.tools.get(user_id, ...)")
        model = input_model(tool)
        description = tool.description or tool.name
        if model is None:

            async def untyped(**arguments: Any) -> str:
                return result_text(await execution.arun(tool.slug, wire(tool, arguments)))

            # from_schema returns Self, which pyright leaves unsolved on this classmethod.
            built = PydanticAITool.from_schema(  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
                untyped, name=tool.slug, description=description, json_schema=parameters_schema(tool)
            )
            return cast("PydanticAITool[Any]", built)

        async def typed(arguments: BaseModel) -> str:
            return result_text(await execution.arun(tool.slug, wire(tool, arguments)))

        typed.__annotations__ = {"arguments": model, "return": str}
        return PydanticAITool(typed, name=tool.slug, description=description, takes_ctx=False)
