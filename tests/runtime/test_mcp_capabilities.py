"""What an MCP server asks of its client: sampling, elicitation, roots and progress (issue 31).

The demo server's asking tools (``tests/mcpdemo/asking.py``) are listed only when the
client declares the capability, as the MCP reference server does. Over the 2026-07-28
protocol they answer ``input_required`` and the SDK resumes the call with the handler's
answer; with ``--handshake-only`` the server sends the request itself. The handlers are the
same either way.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("mcp")

import mcp_types as types
from mcp.client.context import ClientRequestContext
from pydantic import FileUrl

from runtime import APIError, APITimeoutError, AsyncMcpClient, McpClient
from tests.conftest import REPO
from tests.mcpdemo.servers import demo_command, demo_http
from tests.timing import seconds

ASKING = ["DEMO_ASK_NAME", "DEMO_LIST_FOLDERS", "DEMO_SUMMARIZE"]
CALLS = {"DEMO_SUMMARIZE": {"text": "a long text"}, "DEMO_ASK_NAME": {}, "DEMO_LIST_FOLDERS": {}}
ANSWERS = {"DEMO_SUMMARIZE": "summary: short", "DEMO_ASK_NAME": "hello, Ada", "DEMO_LIST_FOLDERS": "file:///srv/app"}


def sample(context: ClientRequestContext, params: types.CreateMessageRequestParams) -> types.CreateMessageResult:
    assert params.messages[0].content == types.TextContent(type="text", text="a long text")
    return types.CreateMessageResult(role="assistant", content=types.TextContent(type="text", text="short"), model="m")


def elicit(context: ClientRequestContext, params: types.ElicitRequestParams) -> types.ElicitResult:
    return types.ElicitResult(action="accept", content={"name": "Ada"})


async def roots(context: ClientRequestContext) -> types.ListRootsResult:
    return types.ListRootsResult(roots=[types.Root(uri=FileUrl("file:///srv/app"))])


@pytest.mark.parametrize("era", [(), ("--handshake-only",)], ids=["2026-07-28", "handshake"])
def test_a_capability_is_declared_only_with_its_handler_and_served_by_it(era: tuple[str, ...]) -> None:
    """Without handlers the server lists none of the asking tools; with them (plain functions
    in the sync client, run in a worker thread, and an async one) each call is answered."""
    progress: list[tuple[float, float | None, str | None]] = []
    with McpClient(command=demo_command("--asks", *era), name="demo") as bare:
        listed = {tool.slug for tool in bare.tools.list_tools()}
        assert "DEMO_COUNT_DOWN" in listed and not listed & set(ASKING)
    with McpClient(
        command=demo_command("--asks", *era),
        name="demo",
        sampling_callback=sample,
        elicitation_callback=elicit,
        list_roots_callback=roots,
        progress_callback=lambda done, total, message: progress.append((done, total, message)),
    ) as client:
        assert set(ASKING) <= {tool.slug for tool in client.tools.list_tools()}
        for slug in ASKING:
            response = client.tools.execute(slug, CALLS[slug])
            assert response["successful"] and response["data"][0]["text"] == ANSWERS[slug], response
        assert client.tools.execute("DEMO_COUNT_DOWN", {"steps": 3})["data"][0]["text"] == "lift-off"
    assert progress == [(1, 3, "step 1"), (2, 3, "step 2"), (3, 3, "step 3")]


def test_the_async_client_over_streamable_http_asks_its_async_handlers() -> None:
    async def asample(
        context: ClientRequestContext, params: types.CreateMessageRequestParams
    ) -> types.CreateMessageResult:
        return sample(context, params)

    async def aelicit(context: ClientRequestContext, params: types.ElicitRequestParams) -> types.ElicitResult:
        return types.ElicitResult(action="decline")

    async def main(url: str) -> list[Any]:
        async with AsyncMcpClient(
            url=url, name="demo", sampling_callback=asample, elicitation_callback=aelicit, list_roots_callback=roots
        ) as client:
            return list(await asyncio.gather(*(client.tools.execute(slug, CALLS[slug]) for slug in ASKING)))

    with demo_http("--asks") as url:
        answers = asyncio.run(main(url))
    assert [answer["data"][0]["text"] for answer in answers] == [
        "the user chose decline",
        "file:///srv/app",
        "summary: short",
    ]


def test_a_server_the_discovery_probe_breaks_is_started_with_the_handshake() -> None:
    """Servers of the oldest SDKs stop on ``server/discover``; they worked before the client
    spoke 2026-07-28 first, and still do."""
    legacy = [sys.executable, str(REPO / "tests" / "mcpdemo" / "legacy_server.py")]
    with McpClient(command=legacy, name="legacy") as client:
        assert client.server_info == {"name": "legacy", "version": "0.9.0"}
        assert client.tools.execute("LEGACY_ECHO", {"message": "hi"})["data"] == [{"type": "text", "text": "hi"}]


TASKS = ("--tasks", "--handshake-only")  # tasks are of the 2025-11-25 protocol


def _events(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").split() if log.exists() else []


@pytest.mark.parametrize("transport", ["stdio", "http"])
def test_a_tool_that_requires_a_task_runs_as_one_with_its_status_as_progress(transport: str) -> None:
    """Issue 31: the reference server's ``simulate_research_query`` could never be called."""
    progress: list[str | None] = []

    def report(done: float, total: float | None, message: str | None) -> None:
        progress.append(message)

    with contextlib.ExitStack() as stack:
        where: dict[str, Any] = (
            {"url": stack.enter_context(demo_http(*TASKS))}
            if transport == "http"
            else {"command": demo_command(*TASKS)}
        )
        client = stack.enter_context(McpClient(**where, name="demo", progress_callback=report))
        assert "DEMO_RESEARCH" in {tool.slug for tool in client.tools.list_tools()}
        response = client.tools.execute("DEMO_RESEARCH", {"topic": "bees", "steps": 3})
    assert response == {"data": [{"type": "text", "text": "report on bees"}], "error": None, "successful": True}
    assert [message for message in progress if message and message.startswith("step")] == [
        "step 1 of 3: bees",
        "step 2 of 3: bees",
        "step 3 of 3: bees",
    ]


def test_a_cancelled_or_late_task_is_cancelled_on_the_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cancelling the caller's asyncio task, or the deadline (``timeout``: the whole task),
    tells the server, whose work stops: no step runs after it."""
    log = tmp_path / "tasks.log"
    monkeypatch.setenv("DEMO_TASK_LOG", str(log))

    async def main() -> None:
        async with AsyncMcpClient(command=demo_command(*TASKS), name="demo", env={"DEMO_TASK_LOG": str(log)}) as client:
            call = asyncio.ensure_future(client.tools.execute("DEMO_RESEARCH", {"topic": "bees", "steps": 50}))
            waited = time.monotonic() + seconds(30)
            while "step" not in " ".join(_events(log)):
                assert time.monotonic() < waited, "the task never started its work"
                await asyncio.sleep(0.05)
            call.cancel()
            with pytest.raises(asyncio.CancelledError):
                await call
            assert _events(log)[-1] == "cancelled"

    asyncio.run(main())
    steps = len([event for event in _events(log) if event == "step"])
    log.unlink()
    deadline = seconds(8)  # bounds the start too: long enough for a machine whose cores are busy
    with McpClient(
        command=demo_command(*TASKS), name="demo", env={"DEMO_TASK_LOG": str(log)}, timeout=deadline
    ) as client:
        with pytest.raises(APITimeoutError, match="did not answer tools/call research within"):
            client.tools.execute("DEMO_RESEARCH", {"topic": "bees", "steps": 1000})
    events = _events(log)
    assert events[-1] == "cancelled" and events.count("step") < 1000 and steps < 50, events


def test_ctrl_c_in_the_sync_client_cancels_the_task_on_the_server(tmp_path: Path) -> None:
    log = tmp_path / "tasks.log"
    script = tmp_path / "long.py"
    script.write_text(
        "import sys\nfrom runtime import McpClient\n"
        f"with McpClient(command={demo_command(*TASKS)!r}, name='demo', env={{'DEMO_TASK_LOG': {str(log)!r}}}) as c:\n"
        "    try:\n        c.tools.execute('DEMO_RESEARCH', {'topic': 'bees', 'steps': 50})\n"
        "    except KeyboardInterrupt:\n        print('interrupted', flush=True)\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + seconds(30)
    while "step" not in _events(log) and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=seconds(30))
    assert out.strip() == "interrupted" and _events(log)[-1] == "cancelled", (out, _events(log))


def test_a_task_started_by_hand_is_polled_waited_for_or_cancelled(tmp_path: Path) -> None:
    """For long jobs: ``start_task`` returns at once; ``status()`` polls, ``result()`` waits,
    ``cancel()`` stops the work on the server; sync and async."""
    log = tmp_path / "tasks.log"
    with McpClient(command=demo_command(*TASKS), name="demo", env={"DEMO_TASK_LOG": str(log)}) as client:
        task = client.tools.start_task("DEMO_RESEARCH", {"topic": "bees", "steps": 2})
        assert task.status()["status"] in ("working", "completed") and task.task_id
        assert task.result() == {
            "data": [{"type": "text", "text": "report on bees"}],
            "error": None,
            "successful": True,
        }
        assert task.status()["status"] == "completed"
        long = client.tools.start_task("DEMO_RESEARCH", {"topic": "ants", "steps": 1000})
        long.cancel()
        assert long.status()["status"] == "cancelled"
        assert long.result()["successful"] is False
    assert _events(log)[-1] == "cancelled"

    async def main() -> str:
        async with AsyncMcpClient(command=demo_command(*TASKS), name="demo") as client:
            task = await client.tools.start_task("DEMO_RESEARCH", {"topic": "owls", "steps": 1})
            return str((await task.result())["data"][0]["text"])

    assert asyncio.run(main()) == "report on owls"
    with McpClient(command=demo_command("--handshake-only"), name="demo") as plain:
        with pytest.raises(APIError, match="does not run tool calls as tasks"):
            plain.tools.start_task("DEMO_ECHO", {"message": "hi"})


def test_a_blocking_sync_handler_never_holds_the_client_open() -> None:
    """Review: a sync handler that never returns (a hung model, an unanswered ``input()``)
    made leaving the ``with`` block wait for it; the call's deadline now abandons it."""
    release = threading.Event()

    def stuck(context: ClientRequestContext, params: types.CreateMessageRequestParams) -> types.CreateMessageResult:
        release.wait(120)
        return sample(context, params)

    try:
        with McpClient(
            command=demo_command("--asks"), name="demo", sampling_callback=stuck, timeout=seconds(10)
        ) as client:
            with pytest.raises(APITimeoutError):
                client.tools.execute("DEMO_SUMMARIZE", {"text": "a long text"})
            leaving = time.monotonic()
        assert time.monotonic() - leaving < seconds(30)  # the handler would have held it 120 s
    finally:
        release.set()


def test_task_calls_fail_and_finish_as_plain_calls_do() -> None:
    """Review: a server may answer a task-augmented call with the result itself (the tool only
    allows tasks): it was raised and thrown away. An error from ``tasks/result`` came back as a
    connection error inside an exception group; a progress handler that raised killed the call."""

    def fragile(done: float, total: float | None, message: str | None) -> None:
        raise RuntimeError("the progress bar broke")

    with McpClient(command=demo_command(*TASKS), name="demo", progress_callback=fragile) as client:
        assert client.tools.execute("DEMO_QUICK", {})["data"] == [{"type": "text", "text": "quick answer"}]
        assert client.tools.start_task("DEMO_QUICK", {}).result()["successful"]
        with pytest.raises(APIError, match="the research failed"):
            client.tools.execute("DEMO_RESEARCH", {"topic": "the unknowable", "steps": 1})
        assert client.tools.execute("DEMO_RESEARCH", {"topic": "bees", "steps": 2})["successful"]


def test_a_tool_pinned_as_requiring_a_task_is_refused_in_band_where_there_are_none() -> None:
    """Review: a wrapper pinned with ``task_support="required"`` made a plain call when the
    connection had no tasks (the server refused it); it is refused in-band, nothing sent."""
    from runtime.mcp.tool import McpTool

    secret = "sk-SECRET-0123456789"  # in the command (as a server's name here) and in env: never shown
    command = demo_command("--tasks", "--name", secret)
    with McpClient(command=command, name="demo", env={"TOKEN": secret}) as client:  # 2026-07-28: no 2025 tasks
        pinned = McpTool("research", task_support="required")
        response = client.tools.execute_for_toolkit("DEMO_RESEARCH", "demo", pinned, {"topic": "bees"}, None)
        with pytest.raises(APIError, match="does not run tool calls as tasks") as refused:
            client.tools.start_task("DEMO_RESEARCH", {"topic": "bees"})
    assert response["successful"] is False
    assert "requires to run as a task" in str(response["error"]) and "protocol 2026-07-28" in str(response["error"])
    assert secret not in str(response["error"]) and secret not in str(refused.value)
