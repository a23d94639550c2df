"""The demo server's task tool (MCP 2025-11-25 tasks), as the reference server's
``simulate-research-query``: ``research`` requires task augmentation.

A task-augmented ``tools/call`` of it is answered at once with the task; the work goes on in
the server's task group, one status message per step (``step 2 of 3: TOPIC``), then ends
``completed`` with a report. ``tasks/get`` shows it, ``tasks/result`` waits for the end,
``tasks/cancel`` stops the work; the topic ``the unknowable`` makes ``tasks/result`` answer
an error. ``quick`` allows a task and answers at once all the same. Each event is written to ``$DEMO_TASK_LOG`` when it is
set, so tests can tell that a cancelled task's work stopped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from typing import Any

import anyio
import mcp_types as types
from mcp.server import Server, ServerRequestContext
from mcp.shared.exceptions import MCPError

STEP_SECONDS = 0.2
RESEARCH = types.Tool(
    name="research",
    description="Research a topic, step by step, as a task.",
    input_schema={
        "type": "object",
        "properties": {"topic": {"type": "string"}, "steps": {"type": "integer", "minimum": 1, "default": 3}},
        "required": ["topic"],
    },
    execution=types.ToolExecution(task_support="required"),
)
QUICK = types.Tool(
    name="quick",
    description="Allows a task, and answers at once all the same (as the protocol allows).",
    input_schema={"type": "object", "properties": {}},
    execution=types.ToolExecution(task_support="optional"),
)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def _log(event: str) -> None:
    path = os.environ.get("DEMO_TASK_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as log:
            log.write(event + "\n")


class _Task:
    def __init__(self, arguments: dict[str, Any]) -> None:
        self.task = types.Task(
            task_id=uuid.uuid4().hex,
            status="working",
            created_at=_now(),
            last_updated_at=_now(),
            ttl=60_000,
            poll_interval=50,
        )
        self.arguments = arguments
        self.ended = anyio.Event()
        self.result: types.CallToolResult | None = None
        self.scope = anyio.CancelScope()

    def update(self, status: str, message: str | None = None) -> None:
        self.task = self.task.model_copy(
            update={"status": status, "status_message": message, "last_updated_at": _now()}
        )

    async def run(self) -> None:
        topic, steps = self.arguments["topic"], int(self.arguments.get("steps", 3))
        _log(f"started {topic}")
        with self.scope:
            for step in range(1, steps + 1):
                self.update("working", f"step {step} of {steps}: {topic}")
                await anyio.sleep(STEP_SECONDS)
                _log(f"step {step}")
            self.result = types.CallToolResult(content=[types.TextContent(type="text", text=f"report on {topic}")])
            self.update("completed", "done")
            _log("completed")
        if self.scope.cancel_called:
            self.update("cancelled", "cancelled by the client")
            _log("cancelled")
        self.ended.set()


def serve_tasks(server: Server[Any]) -> None:
    """Give ``server`` the ``research`` task tool's task requests (its listing and plain calls
    are the caller's: :data:`RESEARCH`, and :func:`refuse_plain_call`)."""
    tasks: dict[str, _Task] = {}

    def known(task_id: str) -> _Task:
        if task_id not in tasks:
            raise MCPError(code=types.INVALID_PARAMS, message=f"unknown task {task_id}")
        return tasks[task_id]

    class TaskCalls:
        """A task-augmented ``tools/call`` of ``research``: answered with the task, run apart."""

        async def __call__(self, ctx: ServerRequestContext[Any], call_next: Callable[..., Awaitable[Any]]) -> Any:
            params = ctx.params or {}
            if ctx.method != "tools/call" or not isinstance(params.get("task"), dict) or params.get("name") == "quick":
                return await call_next(ctx)
            running = _Task(params.get("arguments") or {})
            tasks[running.task.task_id] = running
            ctx.lifespan_context["work"].start_soon(running.run)
            return types.CreateTaskResult(task=running.task).model_dump(by_alias=True, mode="json", exclude_none=True)

    async def get(ctx: Any, params: types.GetTaskRequestParams) -> types.GetTaskResult:
        return types.GetTaskResult(**known(params.task_id).task.model_dump())

    async def result(ctx: Any, params: types.GetTaskPayloadRequestParams) -> dict[str, Any]:
        running = known(params.task_id)
        await running.ended.wait()
        if running.arguments.get("topic") == "the unknowable":
            raise MCPError(code=types.INTERNAL_ERROR, message="the research failed")
        answer = running.result or types.CallToolResult(
            content=[types.TextContent(type="text", text="the task was cancelled")], is_error=True
        )
        payload = answer.model_dump(by_alias=True, mode="json", exclude_none=True)
        payload["_meta"] = {"io.modelcontextprotocol/related-task": {"taskId": params.task_id}}
        return payload

    async def cancel(ctx: Any, params: types.CancelTaskRequestParams) -> types.CancelTaskResult:
        running = known(params.task_id)
        if running.task.status in ("completed", "failed", "cancelled"):
            raise MCPError(code=types.INVALID_PARAMS, message=f"task {params.task_id} has ended")
        running.scope.cancel()
        await running.ended.wait()
        return types.CancelTaskResult(**running.task.model_dump())

    server.middleware.append(TaskCalls())
    server.add_request_handler("tasks/get", types.GetTaskRequestParams, get)
    server.add_request_handler("tasks/result", types.GetTaskPayloadRequestParams, result)
    server.add_request_handler("tasks/cancel", types.CancelTaskRequestParams, cancel)


def refuse_plain_call() -> types.CallToolResult:
    """What ``research`` answers when called without a task (as the reference server does)."""
    raise MCPError(code=types.METHOD_NOT_FOUND, message="research requires task augmentation (taskSupport: 'required')")


@asynccontextmanager
async def lifespan(server: Server[Any]) -> AsyncIterator[dict[str, Any]]:
    """The task group the tasks' work runs in, for the server's life."""
    async with anyio.create_task_group() as work:
        yield {"work": work}
        work.cancel_scope.cancel()


def capabilities() -> types.ServerTasksCapability:
    """What the server says of tasks in its ``initialize`` answer."""
    return types.ServerTasksCapability(
        cancel=types.TasksCancelCapability(),
        requests=types.ServerTasksRequestsCapability(
            tools=types.TasksToolsCapability(call=types.TasksCallCapability())
        ),
    )
