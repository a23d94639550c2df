"""``AgenticProvider``: the base of framework providers, whose tools run themselves.

For an agentic provider, ``tools.get(user_id, ...)`` binds each tool's execution to the
user, the modifiers given to ``get`` and the tool's resolved version (an
:class:`Execution`), and ``wrap_tool(tool, execution)`` turns it into the framework's tool.
Schema modifiers ran once in ``get``; ``before_execute`` / ``after_execute`` and file
hooks run on every call, inside ``tools.execute``.

For a tool of a generated toolkit the framework gets the generated input model itself
(:func:`input_model`), and :func:`wire` turns what the model sent into exactly the payload
the typed wrapper sends: wire keys, unset fields left out, null only where nullable.

Writing one: subclass, set ``name`` (the ``x-framework`` header), implement
``wrap_tool(tool, execution) -> FrameworkTool``; call ``execution.run`` (sync clients) or
``await execution.arun`` (both) with the tool's wire arguments, and hand
:func:`result_text` (or the data) back to the framework.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from typing_extensions import override

import runtime.baked as baked
from runtime.jsonvalues import is_object
from runtime.providers.base import Provider
from runtime.tool import Tool
from runtime.types import ToolExecutionResponse

ToolT = TypeVar("ToolT")
Run = Callable[[str, dict[str, Any]], ToolExecutionResponse]
AsyncRun = Callable[[str, dict[str, Any]], Awaitable[ToolExecutionResponse]]


@dataclass(frozen=True)
class Execution:
    """``execute(slug, arguments)`` bound by ``tools.get`` to a user, modifiers and versions.

    ``run`` is ``None`` for an ``AsyncComposio`` client; ``arun`` always works (a sync
    client's calls run in a worker thread, so the event loop is never blocked).
    """

    run: Run | None
    arun: AsyncRun

    @classmethod
    def of_sync(cls, run: Run) -> Execution:
        async def arun(slug: str, arguments: dict[str, Any]) -> ToolExecutionResponse:
            import asyncio  # here, not at the top: a sync application never pays for importing it

            return await asyncio.to_thread(run, slug, arguments)

        return cls(run, arun)


class AgenticProvider(Provider[ToolT]):
    """Base class of providers that hand out framework tools bound to an execution."""

    agentic = True

    @override
    def wrap_tool(self, tool: Tool, execution: Execution | None = None) -> ToolT:
        raise NotImplementedError

    @override
    def wrap_tools(self, tools: Sequence[Tool], execution: Execution | None = None) -> list[ToolT]:
        if execution is None:
            raise TypeError(f"the {self.name} provider's tools come from composio.tools.get(user_id, ...)")
        return [self.wrap_tool(tool, execution) for tool in tools]


def input_model(tool: Tool) -> type[BaseModel] | None:
    """The generated input model of ``tool``, when its toolkit is generated and imported."""
    spec = baked.spec(tool.slug)
    return spec.input_model if spec is not None else None


def wire(tool: Tool, arguments: Mapping[str, Any] | BaseModel) -> dict[str, Any]:
    """The wire payload for arguments a model sent (JSON values, or the input model itself).

    With a generated model: validated strictly as JSON would be, then dumped by wire key
    with unset fields left out (:class:`pydantic.ValidationError` says what is wrong).
    Otherwise the arguments are passed through as they are.
    """
    model = input_model(tool)
    if model is None:
        return dict(arguments) if is_object(arguments) else arguments.model_dump(mode="json", by_alias=True)
    if not isinstance(arguments, model):
        text = arguments.model_dump_json(by_alias=True) if isinstance(arguments, BaseModel) else json.dumps(arguments)
        arguments = model.model_validate_json(text, strict=True)
    return arguments.model_dump(mode="json", by_alias=True, exclude_unset=True)


def result_text(response: ToolExecutionResponse) -> str:
    """What a framework shows the model: the data as JSON, or the error."""
    if response.get("successful"):
        return json.dumps(response.get("data"), ensure_ascii=False, default=str)
    return f"Error: {response.get('error') or 'the tool failed'}"


def invalid_text(tool: Tool, error: ValidationError | ValueError) -> str:
    """A validation error as text for the model to correct its call."""
    if isinstance(error, ValidationError):
        lines = [f"- {'.'.join(map(str, e['loc'])) or 'arguments'}: {e['msg']}" for e in error.errors()]
        return f"Invalid arguments for {tool.slug}; nothing was sent:\n" + "\n".join(lines)
    return f"Invalid arguments for {tool.slug}; nothing was sent: {error}"


def parameters_schema(tool: Tool) -> dict[str, Any]:
    """The JSON Schema the framework shows: the generated model's (by wire key), else the tool's own."""
    model = input_model(tool)
    if model is not None:
        return model.model_json_schema(by_alias=True)
    schema = dict(tool.input_parameters or {})
    schema.setdefault("type", "object")
    schema.setdefault("properties", {})
    return schema
