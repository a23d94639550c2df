"""``OpenAIAgentsProvider``: tools as OpenAI Agents SDK ``FunctionTool``s (``pip install 'toolstubs[openai-agents]'``).

Each tool is named by its slug and described by its description. ``on_invoke_tool`` is
async; a sync client's call runs in a worker thread. Arguments are validated by the
generated input model where there is one and reach the API exactly as the typed wrapper
sends them. Invalid arguments and failed calls come back as the tool's output text, the
channel the Agents SDK documents for a ``FunctionTool`` (an exception would end
``Runner.run`` with a ``UserError``); nothing invalid is sent.

Strict JSON schema is used when the tool's schema allows it: every property required and
every object closed, at every level. Otherwise (optional fields, open or free-form objects,
which strict mode would force the model to fill or forbid) the tool is non-strict.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from typing_extensions import override

from runtime.jsonvalues import is_array, is_object
from runtime.providers.agentic import AgenticProvider, Execution, invalid_text, parameters_schema, result_text, wire
from runtime.tool import Tool

if TYPE_CHECKING:
    from agents import FunctionTool


def strict_allowed(schema: Any) -> bool:
    """Whether strict mode keeps ``schema``'s meaning: no optional property, no open object."""
    stack = [schema]
    while stack:
        node = stack.pop()
        if is_array(node):
            stack += node
            continue
        if not is_object(node):
            continue
        properties = node.get("properties")
        if node.get("type") == "object" or is_object(properties):
            if not is_object(properties) or set(node.get("required") or ()) != set(properties):
                return False
            if node.get("additionalProperties", True) is not False:
                return False
        stack += [value for key, value in node.items() if isinstance(value, (Mapping, list)) and key != "enum"]
    return True


class OpenAIAgentsProvider(AgenticProvider["FunctionTool"]):
    """Tools for ``agents.Agent(tools=...)``."""

    name = "openai_agents"

    @override
    def wrap_tool(self, tool: Tool, execution: Execution | None = None) -> FunctionTool:
        from agents import FunctionTool
        from agents.strict_schema import ensure_strict_json_schema

        if execution is None:
            raise TypeError("OpenAI Agents tools come from composio.tools.get(user_id, ...)")
        schema = parameters_schema(tool)
        strict = strict_allowed(schema)
        if strict:
            schema = ensure_strict_json_schema(copy.deepcopy(schema))

        async def invoke(context: Any, text: str) -> str:
            try:
                arguments: Any = json.loads(text) if text and text.strip() else {}
                payload = wire(tool, arguments)
            except RecursionError:
                return invalid_text(tool, ValueError("the arguments are nested too deeply"))
            except (ValidationError, ValueError) as error:  # not JSON (or past the digit limit), not valid
                return invalid_text(tool, error)
            return result_text(await execution.arun(tool.slug, payload))

        return FunctionTool(
            name=tool.slug,
            description=tool.description or tool.name,
            params_json_schema=schema,
            on_invoke_tool=invoke,
            strict_json_schema=strict,
        )
