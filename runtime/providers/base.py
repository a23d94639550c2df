"""``Provider``: how tools are shown to one LLM API, and how its tool calls come back.

A provider turns :class:`~runtime.tool.Tool` objects into that API's tool format
(``wrap_tools``) and reads the tool calls out of its responses (``tool_calls``). Bound to a
client, ``handle_tool_calls`` executes them (``ahandle_tool_calls`` with ``AsyncComposio``),
as the official SDK's providers do: version resolved from the client's configuration, the
``latest`` guard skipped, since the model chose from the schemas the client served.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

import runtime.inband as inband
from runtime.jsonvalues import is_object
from runtime.modifiers import Modifiers
from runtime.tool import Tool
from runtime.types import ToolExecutionResponse

ToolT = TypeVar("ToolT")

Execute = Callable[[str, dict[str, Any], "str | None", "Modifiers | None"], ToolExecutionResponse]
AsyncExecute = Callable[[str, dict[str, Any], "str | None", "Modifiers | None"], Awaitable[ToolExecutionResponse]]


@dataclass(frozen=True)
class ToolCall:
    """One tool call read from an LLM response; ``problem`` says why its arguments are unusable."""

    id: str
    slug: str
    arguments: dict[str, Any]
    problem: str | None = None


def field(value: object, name: str) -> Any:
    """``value[name]`` for dicts, ``value.name`` for SDK response objects, else ``None``."""
    if is_object(value):
        return value.get(name)
    return getattr(value, name, None)


def parsed_call(call_id: object, slug: object, arguments: object) -> ToolCall:
    """A :class:`ToolCall` from raw parts; arguments may be a JSON text or a dict."""
    text_id, text_slug = str(call_id or ""), str(slug or "")
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments) if arguments.strip() else {}
        except RecursionError:
            return ToolCall(text_id, text_slug, {}, f"the arguments of tool call {text_id} are nested too deeply")
        except ValueError as error:  # not JSON, or a number past Python's digit limit
            return ToolCall(text_id, text_slug, {}, f"the arguments of tool call {text_id} are not valid JSON: {error}")
    if arguments is None:
        arguments = {}
    if not is_object(arguments):
        return ToolCall(text_id, text_slug, {}, f"the arguments of tool call {text_id} are not a JSON object")
    return ToolCall(text_id, text_slug, dict(arguments))


class Provider(Generic[ToolT]):
    """Base class of providers; subclasses implement ``wrap_tool`` and ``tool_calls``."""

    name: ClassVar[str] = "custom"

    def __init__(self) -> None:
        self._execute: Execute | None = None
        self._aexecute: AsyncExecute | None = None

    def wrap_tool(self, tool: Tool) -> ToolT:
        raise NotImplementedError

    def wrap_tools(self, tools: Sequence[Tool]) -> list[ToolT]:
        return [self.wrap_tool(tool) for tool in tools]

    def tool_calls(self, response: object) -> list[ToolCall]:
        """The tool calls in an LLM response (an SDK object or its dict form)."""
        raise NotImplementedError(f"the {self.name} provider does not read LLM responses")

    def bind(self, execute: Execute | None, aexecute: AsyncExecute | None) -> None:
        """Called by the client that owns this provider."""
        self._execute, self._aexecute = execute, aexecute

    def handle_tool_calls(
        self, response: object, *, user_id: str | None = None, modifiers: Modifiers | None = None
    ) -> list[ToolExecutionResponse]:
        """Execute every tool call of ``response``; one result per call, in order.

        A call that fails (an unknown tool, an HTTP error, a modifier raising) becomes an
        in-band failure; the other calls still run, and none runs twice."""
        if self._execute is None:
            raise TypeError("this provider belongs to an AsyncComposio client: use `await ahandle_tool_calls(...)`")
        results: list[ToolExecutionResponse] = []
        for call in self.tool_calls(response):
            try:
                results.append(
                    _refused(call) if call.problem else self._execute(call.slug, call.arguments, user_id, modifiers)
                )
            except Exception as error:  # one failed call never costs the others' results
                results.append(inband.failed(call.slug, error))
        return results

    async def ahandle_tool_calls(
        self, response: object, *, user_id: str | None = None, modifiers: Modifiers | None = None
    ) -> list[ToolExecutionResponse]:
        """The async twin of :meth:`handle_tool_calls`, for ``AsyncComposio``."""
        if self._aexecute is None:
            raise TypeError("this provider belongs to a Composio client: use `handle_tool_calls(...)`")
        results: list[ToolExecutionResponse] = []
        for call in self.tool_calls(response):
            try:
                results.append(
                    _refused(call)
                    if call.problem
                    else await self._aexecute(call.slug, call.arguments, user_id, modifiers)
                )
            except Exception as error:  # one failed call never costs the others' results
                results.append(inband.failed(call.slug, error))
        return results


def _refused(call: ToolCall) -> ToolExecutionResponse:
    return {"data": {}, "error": call.problem, "successful": False}
