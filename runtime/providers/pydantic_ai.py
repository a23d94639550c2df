"""``PydanticAIProvider``: tools as pydantic-ai ``Tool``s (``pip install 'toolstubs[pydantic-ai]'``).

Every tool is built from its JSON Schema (``Tool.from_schema``): the generated input
model's (by wire key) where there is one, the tool's own otherwise, closed at the top level
where the schema says nothing of other keys. The tool validates the model's arguments
itself, strictly, with the generated model, and sends exactly what the typed wrapper sends;
invalid arguments (not an object, a wrong value, a key the tool does not take) go back to
the model as a retry prompt (``ModelRetry``), and nothing is sent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from pydantic import ValidationError
from typing_extensions import override

from runtime.providers.agentic import (
    AgenticProvider,
    Execution,
    invalid_text,
    parameters_schema,
    result_text,
    wire,
)
from runtime.tool import Tool

if TYPE_CHECKING:
    from pydantic_ai import Tool as PydanticAITool


class PydanticAIProvider(AgenticProvider["PydanticAITool[Any]"]):
    """Tools for ``pydantic_ai.Agent(tools=...)``."""

    name = "pydantic_ai"

    @override
    def wrap_tool(self, tool: Tool, execution: Execution | None = None) -> PydanticAITool[Any]:
        from pydantic_ai import ModelRetry
        from pydantic_ai import Tool as PydanticAITool
        from pydantic_core import SchemaValidator, core_schema

        if execution is None:
            raise TypeError("pydantic-ai tools come from composio.tools.get(user_id, ...)")

        async def call(**arguments: Any) -> str:
            try:
                payload = wire(tool, arguments)
            except (ValidationError, ValueError) as error:
                raise ModelRetry(invalid_text(tool, error)) from None
            return result_text(await execution.arun(tool.slug, payload))

        # from_schema returns Self, which pyright leaves unsolved on this classmethod.
        built = PydanticAITool.from_schema(  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
            call, name=tool.slug, description=tool.description or tool.name, json_schema=parameters_schema(tool)
        )
        # from_schema accepts any value as the arguments and would then fail unpacking a
        # non-object into the function, ending the run; an object validator makes it a retry.
        built.function_schema.validator = SchemaValidator(  # pyright: ignore[reportUnknownMemberType]
            core_schema.dict_schema(core_schema.str_schema(), core_schema.any_schema())
        )
        return cast("PydanticAITool[Any]", built)
