"""Tool calls as tasks (MCP 2025-11-25): for tools whose ``execution.taskSupport`` is
``required`` or ``optional``, on servers that declare ``tasks.requests.tools.call``.

The call is sent with ``task: {ttl}``; the server answers at once with the task it made.
The client then asks for the task's result (``tasks/result``, answered when the task ends;
requests the server makes of the client meanwhile, such as an elicitation, reach the
client's handlers), while it polls the task's status (``tasks/get``) and reports each new
status message to the progress handler. Whatever stops the call before the task ends (the
deadline, a cancelled ``asyncio`` task, Ctrl-C in the synchronous client) tells the server
(``tasks/cancel``) before it is raised. :class:`RunningTask` is the same, started and
polled by hand, for long jobs.

The official SDK types these messages but sends none of them, and refuses a task-augmented
``tools/call`` answer; so this module sends that one request below the SDK's typed layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import anyio

from runtime.errors import APIError

TERMINAL = frozenset({"completed", "failed", "cancelled"})
TASK_TTL_MS = 10 * 60 * 1000  # how long the server keeps a task after it is made
CANCEL_WITHIN = 1.0  # seconds a cancellation may take to reach the server, past the deadline
_POLL_FLOOR = 0.05  # seconds: the fastest polling, whatever the server asks


def supports_tasks(client: Any) -> bool:
    """Whether the connected server runs tool calls as tasks (and the protocol has them)."""
    capabilities = client.server_capabilities
    tasks = getattr(capabilities, "tasks", None)
    requests = getattr(tasks, "requests", None)
    tools = getattr(requests, "tools", None)
    return getattr(tools, "call", None) is not None


class RunningTask:
    """One tool call running as a task on the server: its status, its result, its cancellation.
    A server may answer a task-augmented call with the result itself (a tool that allows
    tasks): then ``answered`` holds it and the "task" has ended."""

    def __init__(self, client: Any, task: Mapping[str, Any], answered: dict[str, Any] | None = None) -> None:
        self._client = client
        self.task_id = str(task.get("taskId", ""))
        self.poll_interval = max(float(task.get("pollInterval") or 1000) / 1000, _POLL_FLOOR)
        self.answered = answered

    @classmethod
    async def start(cls, client: Any, name: str, arguments: Mapping[str, Any]) -> RunningTask:
        """Send ``tools/call`` of ``name`` as a task; the server answers with the task it made
        (or with the call's result)."""
        import mcp_types as types

        params = types.CallToolRequestParams(
            name=name, arguments=dict(arguments), task=types.TaskMetadata(ttl=TASK_TTL_MS)
        )
        data = types.CallToolRequest(params=params).model_dump(by_alias=True, mode="json", exclude_none=True)
        session = client.session
        try:
            stamp, dispatcher = session._stamp, session._dispatcher
        except AttributeError:  # pragma: no cover - another SDK release
            raise APIError("this version of the mcp SDK cannot send a tool call as a task") from None
        options: dict[str, Any] = {}
        stamp(data, options)
        answer: dict[str, Any] = await dispatcher.send_raw_request("tools/call", data["params"], options)
        task: object = answer.get("task")
        if isinstance(task, dict) and isinstance(cast("dict[str, object]", task).get("taskId"), str):
            return cls(client, cast("dict[str, Any]", task))
        if "content" in answer:  # the result itself: the server ran it without a task
            result = types.CallToolResult.model_validate(answer)
            return cls(client, {}, result.model_dump(mode="json", by_alias=True, exclude_none=True))
        raise APIError(
            f"tools/call {name} as a task: the server answered neither a task nor a result ({sorted(answer)})"
        )

    async def status(self) -> dict[str, Any]:
        """The task now (``tasks/get``): ``status``, ``statusMessage``, ``pollInterval``, ..."""
        import mcp_types as types

        if self.answered is not None:
            return {"status": "completed"}
        request = types.GetTaskRequest(params=types.GetTaskRequestParams(task_id=self.task_id))
        got = await self._client.session.send_request(request, types.GetTaskResult)
        task: dict[str, Any] = got.model_dump(mode="json", by_alias=True, exclude_none=True)
        return task

    async def result(self, progress: Any = None, *, cancel: bool = True) -> dict[str, Any]:
        """The call's result (``tasks/result``), once the task ends; meanwhile each new status
        message goes to ``progress(step, None, message)``. Cancelled before (the deadline, the
        caller), it cancels the task, unless ``cancel`` is false: a task started to be polled
        goes on. A failed request is raised as it is, the task left alone."""
        import mcp_types as types

        if self.answered is not None:
            return self.answered
        request = types.GetTaskPayloadRequest(params=types.GetTaskPayloadRequestParams(task_id=self.task_id))
        failure: Exception | None = None
        answer: dict[str, Any] = {}
        try:
            async with anyio.create_task_group() as group:
                group.start_soon(self._watch, progress)
                try:
                    result = await self._client.session.send_request(request, types.CallToolResult)
                    answer = result.model_dump(mode="json", by_alias=True, exclude_none=True)
                except Exception as error:  # raised below, outside the task group (no exception group)
                    failure = error
                group.cancel_scope.cancel()
        except BaseException:
            if cancel:
                with anyio.CancelScope(shield=True), anyio.move_on_after(CANCEL_WITHIN):
                    await self.cancel()
            raise
        if failure is not None:
            raise failure
        return answer

    async def cancel(self) -> None:
        """Tell the server to stop the task (``tasks/cancel``); a task that already ended stays as
        it is, and a call the server answered at once has no task to stop."""
        import mcp_types as types
        from mcp import MCPError

        if self.answered is not None:
            return
        request = types.CancelTaskRequest(params=types.CancelTaskRequestParams(task_id=self.task_id))
        try:
            await self._client.session.send_request(request, types.CancelTaskResult)
        except (MCPError, ValueError):  # ended already, unknown to the server now, or an odd acknowledgement
            pass

    async def _watch(self, progress: Any) -> None:
        """Report each new status message until the task ends. Polling is a courtesy: a failed
        poll, or a progress handler that raises, ends the reports, never the call."""
        said: str | None = None
        step = 0
        try:
            while True:
                task = await self.status()
                message = task.get("statusMessage")
                if progress is not None and isinstance(message, str) and message != said:
                    step += 1
                    said = message
                    await progress(step, None, message)
                if task.get("status") in TERMINAL:
                    return
                await anyio.sleep(max(float(task.get("pollInterval") or 0) / 1000, self.poll_interval))
        except Exception:
            return
