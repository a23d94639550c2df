"""Tool calls started as tasks and left running, for long jobs: ``client.tools.start_task``.

``task = client.tools.start_task("DEMO_RESEARCH", {...})`` sends the call as a task and
returns at once. ``task.status()`` is the task now (``status``: ``working``,
``input_required``, ``completed``, ``failed`` or ``cancelled``; ``statusMessage``);
``task.result()`` waits for its end and gives the tools API's ``{data, error, successful}``,
through ``after_execute`` modifiers as a plain call would; stopping that wait leaves the task
running. ``task.cancel()`` stops it on the server. :class:`AsyncMcpTask` is the same for
``AsyncMcpClient``; :class:`McpTask` runs each step on the synchronous client's loop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import runtime.modifiers as _modifiers
from runtime.errors import ComposioError
from runtime.mcp.session import Session
from runtime.mcp.tasks import RunningTask
from runtime.mcp.tool import McpTool
from runtime.types import ToolExecutionResponse


async def start(session: Session, slug: str, arguments: Any, modifiers: _modifiers.Modifiers | None) -> AsyncMcpTask:
    """``slug`` started as a task: refused (raised) when it needs a handler the client lacks;
    ``before_execute`` modifiers apply to what is sent."""
    toolkit, tool = await session.target(slug)
    refused = session.refused(slug, tool)
    if refused is not None:
        raise ComposioError(str(refused["error"]))
    sent = session.before(modifiers, slug, toolkit, arguments)
    running = await session.here().start_task(tool.name, sent)
    return AsyncMcpTask(session, running, slug, toolkit, tool, modifiers)


class AsyncMcpTask:
    """A tool call running as a task on the server (see the module)."""

    def __init__(
        self,
        session: Session,
        running: RunningTask,
        slug: str,
        toolkit: str,
        tool: McpTool,
        modifiers: _modifiers.Modifiers | None,
    ) -> None:
        self._session = session
        self._running = running
        self.slug = slug
        self._toolkit = toolkit
        self._tool = tool
        self._modifiers = modifiers

    @property
    def task_id(self) -> str:
        """The server's id of the task."""
        return self._running.task_id

    async def status(self) -> dict[str, Any]:
        """The task now, as the server says it (``tasks/get``)."""
        return await self._session.here().task_status(self._running)

    async def result(self) -> ToolExecutionResponse:
        """The call's result once the task ends (``successful`` false when the tool failed); a
        server that answers an error for a task (one cancelled, say) raises it, an ``APIError``."""
        answer = await self._session.here().task_result(self._running)
        return self._session.after(self._modifiers, self.slug, self._toolkit, answer, self._tool.structured)

    async def cancel(self) -> None:
        """Stop the task on the server (``tasks/cancel``), within the client's ``timeout``; one
        that has ended stays as it is."""
        await self._session.here().task_cancel(self._running)


class McpTask:
    """:class:`AsyncMcpTask` for the synchronous :class:`~runtime.mcp.McpClient`."""

    def __init__(self, started: AsyncMcpTask, run: Callable[..., Any]) -> None:
        self._started = started
        self._run = run
        self.slug = started.slug

    @property
    def task_id(self) -> str:
        """The server's id of the task."""
        return self._started.task_id

    def status(self) -> dict[str, Any]:
        """See :meth:`AsyncMcpTask.status`."""
        status: dict[str, Any] = self._run(self._started.status)
        return status

    def result(self) -> ToolExecutionResponse:
        """See :meth:`AsyncMcpTask.result`."""
        result: ToolExecutionResponse = self._run(self._started.result)
        return result

    def cancel(self) -> None:
        """See :meth:`AsyncMcpTask.cancel`."""
        self._run(self._started.cancel)
