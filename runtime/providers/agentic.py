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

import functools
import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

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


class InvalidArguments(ValueError):
    """Arguments a model sent that no request may carry: not an object, too deep, not JSON,
    or naming a key the tool does not take."""


_OPENING = ("additionalProperties", "patternProperties", "unevaluatedProperties")
_UNSURE = ("$ref", "$dynamicRef", "if", "dependentSchemas", "dependencies", "not")


def _parts(schema: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The top level and its ``allOf`` / ``anyOf`` / ``oneOf`` members: where top-level keys are named."""
    parts = [schema]
    for keyword in ("allOf", "anyOf", "oneOf"):
        members = schema.get(keyword)
        if isinstance(members, list):
            parts += [member for member in cast("list[object]", members) if is_object(member)]
    return parts


def closed_by_default(schema: object) -> bool:
    """Whether a framework shows ``schema``'s top level closed: it says nothing itself about
    keys it does not name (no ``additionalProperties``, ``patternProperties`` or
    ``unevaluatedProperties``, nor a ``$ref`` or condition that could), so a key a model
    invents is refused, never sent. An empty schema names no key, so it takes none."""
    if not is_object(schema):
        return False
    parts = _parts(schema)
    return not any(key in part for part in parts for key in (*_OPENING, *_UNSURE))


def known_keys(schema: Mapping[str, Any] | None) -> set[str]:
    """The top-level keys ``schema`` names (its own ``properties`` and its members')."""
    known: set[str] = set()
    for part in _parts(schema or {}):
        properties = part.get("properties")
        if is_object(properties):
            known.update(properties)
    return known


@functools.cache
def _closed(model: type[BaseModel]) -> type[BaseModel]:
    """``model`` with extra keys forbidden at its top level (same name, fields and aliases)."""
    config = model.model_config.copy()
    config["extra"] = "forbid"
    namespace = {"model_config": config, "__module__": model.__module__, "__doc__": model.__doc__}
    return type(model.__name__, (model,), namespace)


def input_model(tool: Tool) -> type[BaseModel] | None:
    """The generated input model of ``tool`` as a framework gets it, when its toolkit is
    generated and imported: closed at the top level where the schema says nothing of other keys."""
    spec = baked.spec(tool.slug)
    if spec is None:
        return None
    return _closed(spec.input_model) if closed_by_default(tool.input_parameters) else spec.input_model


def wire(tool: Tool, arguments: object) -> dict[str, Any]:
    """The wire payload for arguments a model sent (JSON values, or the input model itself).

    With a generated model: validated strictly as JSON would be, then dumped by wire key
    with unset fields left out. Otherwise the arguments are passed through as they are,
    unless they name a key the tool's closed schema does not list. Raises
    :class:`pydantic.ValidationError` or :class:`InvalidArguments`, which say what is wrong.
    """
    try:
        return _wire(tool, arguments)
    except RecursionError:
        raise InvalidArguments("the arguments are nested too deeply") from None


def _wire(tool: Tool, arguments: object) -> dict[str, Any]:
    model = input_model(tool)
    if model is not None and isinstance(arguments, model):
        return arguments.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(arguments, BaseModel):
        arguments = arguments.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if not is_object(arguments):
        raise InvalidArguments(f"the arguments must be a JSON object of named values, got {type(arguments).__name__}")
    try:
        text = json.dumps(arguments, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise InvalidArguments(f"the arguments are not JSON values ({error})") from None
    if model is None:
        _declared(tool, arguments)
        return dict(arguments)
    return model.model_validate_json(text, strict=True).model_dump(mode="json", by_alias=True, exclude_unset=True)


def _declared(tool: Tool, arguments: Mapping[str, Any]) -> None:
    """Refuse keys a closed schema does not list (see :func:`closed_by_default`)."""
    schema = tool.input_parameters
    if not closed_by_default(schema):
        return
    known = known_keys(schema)
    unknown = sorted(str(key) for key in arguments if key not in known)
    if unknown:
        listed = ", ".join(sorted(known)) or "none"
        raise InvalidArguments(f"unknown arguments {', '.join(unknown)[:200]} (the tool takes: {listed[:500]})")


def result_text(response: ToolExecutionResponse) -> str:
    """What a framework shows the model: the data as JSON, or the error."""
    if response.get("successful"):
        try:
            return json.dumps(response.get("data"), ensure_ascii=False, default=str)
        except (TypeError, ValueError, RecursionError) as error:  # keys JSON cannot have, huge numbers, depth
            return f"Error: the tool's result cannot be shown as JSON ({type(error).__name__})"
    return f"Error: {response.get('error') or 'the tool failed'}"


def invalid_text(tool: Tool, error: ValidationError | ValueError) -> str:
    """A validation error as text for the model to correct its call."""
    if isinstance(error, ValidationError) and error.error_count():
        lines = [f"- {'.'.join(map(str, e['loc'])) or 'arguments'}: {e['msg']}" for e in error.errors()]
        return f"Invalid arguments for {tool.slug}; nothing was sent:\n" + "\n".join(lines)
    return f"Invalid arguments for {tool.slug}; nothing was sent: {error}"


def parameters_schema(tool: Tool) -> dict[str, Any]:
    """The JSON Schema the framework shows: the generated model's (by wire key), else the
    tool's own; closed at the top level where the schema says nothing of other keys."""
    model = input_model(tool)
    if model is not None:
        return model.model_json_schema(by_alias=True)
    schema = dict(tool.input_parameters or {})
    schema.setdefault("type", "object")
    schema.setdefault("properties", {})
    if closed_by_default(tool.input_parameters):
        named: dict[str, Any] = {key: {} for key in sorted(known_keys(schema))}
        own: Mapping[str, Any] = schema["properties"] if is_object(schema["properties"]) else {}
        schema["properties"] = {**named, **own}  # members' keys named at the top too
        schema["additionalProperties"] = False
    return schema
