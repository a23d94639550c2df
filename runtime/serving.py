"""How a client hands its tools to a model, and runs what the model calls back: the part of
the execution path the Composio and MCP clients share.

:func:`handed_out` puts served tools into the provider's format (an agent framework's tools
bound to the client's execution); :func:`guarded` and :func:`aguarded` make an execution
answer every failure in-band (:mod:`runtime.inband`); :func:`answer` and :func:`aanswer`
run one call a model made through ``handle_tool_calls``, refused first when the client
did not serve the tool.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, TypeVar

import runtime.inband as inband
from runtime.providers.agentic import AgenticProvider, AsyncRun, Execution, Run
from runtime.providers.base import Provider
from runtime.tool import Tool
from runtime.types import ToolExecutionResponse

ToolT = TypeVar("ToolT")


def handed_out(provider: Provider[ToolT], tools: Sequence[Tool], run: Run | None, arun: AsyncRun | None) -> list[ToolT]:
    """``tools`` in ``provider``'s format; an agentic provider's run themselves through
    ``run`` (a sync client) or ``arun`` (an async one)."""
    if not isinstance(provider, AgenticProvider):
        return provider.wrap_tools(tools)
    if run is not None:
        return provider.wrap_tools(tools, Execution.of_sync(run))
    assert arun is not None
    return provider.wrap_tools(tools, Execution(None, arun))


def guarded(run: Run, secrets: Iterable[str]) -> Run:
    """``run``, with any exception answered in-band: a model's call never raises into its loop."""
    hidden = tuple(secrets)

    def answered(slug: str, arguments: dict[str, Any]) -> ToolExecutionResponse:
        try:
            return run(slug, arguments)
        except Exception as error:
            return inband.failed(slug, error, hidden)

    return answered


def aguarded(arun: AsyncRun, secrets: Iterable[str]) -> AsyncRun:
    """The async twin of :func:`guarded`."""
    hidden = tuple(secrets)

    async def answered(slug: str, arguments: dict[str, Any]) -> ToolExecutionResponse:
        try:
            return await arun(slug, arguments)
        except Exception as error:
            return inband.failed(slug, error, hidden)

    return answered


def answer(
    refusal: ToolExecutionResponse | None, slug: str, call: Callable[[], ToolExecutionResponse], secrets: Iterable[str]
) -> ToolExecutionResponse:
    """One call a model made: ``refusal`` when the client did not serve the tool (nothing is
    sent), else ``call()``, any failure in-band."""
    if refusal is not None:
        return refusal
    try:
        return call()
    except Exception as error:
        return inband.failed(slug, error, secrets)


async def aanswer(
    refusal: ToolExecutionResponse | None,
    slug: str,
    call: Callable[[], Awaitable[ToolExecutionResponse]],
    secrets: Iterable[str],
) -> ToolExecutionResponse:
    """The async twin of :func:`answer`."""
    if refusal is not None:
        return refusal
    try:
        return await call()
    except Exception as error:
        return inband.failed(slug, error, secrets)
