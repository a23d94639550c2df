"""No one in: a model runs only the tools it was given, reads no file it must not, and never
kills the agent loop. Each numbered finding of the adversarial probe (issue 26) is a
regression test here, plus the property tests and the race test it asked for.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generated import acme_tracker, docstore, weather
from runtime import (
    AsyncComposio,
    Composio,
    FileSourceNotFoundError,
    FileUploadError,
    InvalidModifierError,
    SensitiveFilePathBlockedError,
    before_execute,
    before_file_upload,
)
from runtime.files.service import _Source
from runtime.sandbox import Sandbox, serving
from tests.conftest import catalog_tools, demo_tools

KEY = "sk-no-one-in-0123456789"
TIMEOUT_FACTOR = float(os.environ.get("TOOLSTUBS_TEST_TIMEOUT_FACTOR", "1"))
ATTACH = docstore.Slug.ATTACH_FILES
FORECAST = weather.Slug.GET_FORECAST
PINNED = {"docstore": "20251101_00", "weather": "20250301_00", "acme_tracker": "20250601_00", "demo": "20250601_00"}
SECRET_BYTES = b"-----BEGIN OPENSSH PRIVATE KEY----- the key"


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox([*catalog_tools(), *demo_tools()])


@pytest.fixture
def url(sandbox: Sandbox) -> Iterator[str]:
    with serving(sandbox) as base:
        yield base


def _chat(*calls: tuple[str, str]) -> dict[str, Any]:
    tool_calls = [
        {"id": f"call_{n}", "type": "function", "function": {"name": name, "arguments": arguments}}
        for n, (name, arguments) in enumerate(calls)
    ]
    return {"choices": [{"message": {"role": "assistant", "tool_calls": tool_calls}}]}


def _executed(sandbox: Sandbox) -> list[str]:
    return [r.route for r in sandbox.requests if r.route.startswith("/tools/execute/")]


# -- 1. the served set -------------------------------------------------------------------------
def test_a_tool_of_an_imported_toolkit_that_was_never_served_is_refused(url: str, sandbox: Sandbox) -> None:
    assert acme_tracker.AcmeTracker and weather.Weather  # both toolkits are imported
    with Composio(api_key=KEY, base_url=url, toolkit_versions=PINNED) as composio:
        composio.tools.get("u", toolkits=["weather"])
        create = json.dumps({"owner": "acme", "repo": "app", "title": "pwned"})
        results = composio.provider.handle_tool_calls(
            _chat((acme_tracker.Slug.CREATE_ISSUE, create), (weather.Slug.LIST_STATIONS, "{}"))
        )
    assert [r["successful"] for r in results] == [False, True]
    assert "not one of the tools this client served" in str(results[0]["error"])
    assert _executed(sandbox) == [f"/tools/execute/{weather.Slug.LIST_STATIONS}"]


def test_the_served_set_is_per_client_and_async_too(url: str, sandbox: Sandbox) -> None:
    with Composio(api_key=KEY, base_url=url, toolkit_versions=PINNED) as other:
        other.tools.get("u", toolkits=["acme_tracker"])  # served by another client: not by this one

    async def scenario() -> list[Any]:
        async with AsyncComposio(api_key=KEY, base_url=url, toolkit_versions=PINNED) as composio:
            await composio.tools.get("u", tools=[weather.Slug.LIST_STATIONS])
            return await composio.provider.ahandle_tool_calls(
                _chat((acme_tracker.Slug.SEARCH_ISSUES, '{"q": "x"}'), (weather.Slug.LIST_STATIONS, ""))
            )

    assert [r["successful"] for r in asyncio.run(scenario())] == [False, True]
    assert _executed(sandbox) == [f"/tools/execute/{weather.Slug.LIST_STATIONS}"]


def test_custom_tools_registered_on_the_client_count_as_served(url: str) -> None:
    with Composio(api_key=KEY, base_url=url) as composio:

        @composio.tools.custom_tool
        def add(a: int, b: int) -> int:
            """Add two numbers."""
            return a + b

        (result,) = composio.provider.handle_tool_calls(_chat(("ADD", '{"a": 1, "b": 2}')))
    assert result["successful"] and result["data"] == 3


def test_explicit_developer_calls_stay_unrestricted(url: str, sandbox: Sandbox) -> None:
    with Composio(api_key=KEY, base_url=url, toolkit_versions=PINNED) as composio:
        assert weather.Weather(composio).list_stations().successful
        assert composio.tools.execute(acme_tracker.Slug.SEARCH_ISSUES, {"q": "x"})["successful"]
    assert len(_executed(sandbox)) == 2


# -- 5. nothing a model sends kills the loop -------------------------------------------------------
ODD_TEXTS = ['{"city": 1' + "0" * 5000 + "}", "[" * 100000, "{" * 50000, "not json", "[1, 2]", "42", '"hi"', "null"]


@pytest.mark.parametrize(
    "text", ODD_TEXTS, ids=["digits", "deep-array", "deep-object", "text", "list", "int", "str", "null"]
)
def test_odd_argument_text_fails_that_call_alone(url: str, sandbox: Sandbox, text: str) -> None:
    with Composio(api_key=KEY, base_url=url, toolkit_versions=PINNED) as composio:
        composio.tools.get("u", toolkits=["weather"])
        results = composio.provider.handle_tool_calls(
            _chat((weather.Slug.LIST_STATIONS, "{}"), (FORECAST, text), (weather.Slug.LIST_STATIONS, "{}"))
        )
    assert [r["successful"] for r in results][::2] == [True, True]
    assert len(results) == 3
    if text != "null":  # null arguments are read as no arguments, as the official SDK does
        assert not results[1]["successful"] and results[1]["error"]


def _mock_client(seen: list[httpx.Request], **options: Any) -> Composio:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"data": {}, "error": None, "successful": True})

    return Composio(api_key=KEY, base_url="http://api.test", transport=httpx.MockTransport(handle), **options)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(arguments=st.one_of(st.text(max_size=200), JSON_VALUES.map(json.dumps), JSON_VALUES))
def test_any_arguments_give_one_in_band_result_per_call(arguments: Any) -> None:
    seen: list[httpx.Request] = []
    with _mock_client(seen, toolkit_versions=PINNED) as composio:
        composio.tools.get("u", toolkits=["weather"])
        calls = [(FORECAST, arguments), (weather.Slug.LIST_STATIONS, "{}")]
        response = {
            "choices": [
                {
                    "message": {
                        "tool_calls": [
                            {"id": str(n), "function": {"name": s, "arguments": a}} for n, (s, a) in enumerate(calls)
                        ]
                    }
                }
            ]
        }
        results = composio.provider.handle_tool_calls(response)
    assert len(results) == 2 and results[1]["successful"]
    assert all(set(r) == {"data", "error", "successful"} for r in results)


def test_a_hook_raising_any_exception_fails_that_call_in_band(url: str, sandbox: Sandbox) -> None:
    @before_execute(tools=[FORECAST])
    def broken(tool: str, toolkit: str, params: Any) -> Any:
        raise ValueError("the hook broke")

    with Composio(api_key=KEY, base_url=url, toolkit_versions=PINNED) as composio:
        composio.tools.get("u", toolkits=["weather"])
        results = composio.provider.handle_tool_calls(
            _chat((FORECAST, '{"latitude": 1, "longitude": 2}'), (weather.Slug.LIST_STATIONS, "{}")),
            modifiers=[broken],
        )
    assert [r["successful"] for r in results] == [False, True]
    assert f"{FORECAST} failed: ValueError: the hook broke" == results[0]["error"]


# -- 5. framework providers: every odd value comes back through the framework's error channel ----
ODD_VALUES: list[Any] = [[1, 2], 42, "hi", None, json.loads("[" * 500 + "]" * 500)]


def _deep(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(depth):
        value = {"a": value}
    return value


def _framework_tool(url: str, provider: Any, slug: str) -> Any:
    composio = Composio(api_key=KEY, base_url=url, provider=provider, toolkit_versions=PINNED)
    (tool,) = composio.tools.get("u", tools=[slug])
    return tool


@pytest.mark.parametrize("slug", ["DEMO_TOOL_0", FORECAST], ids=["api-served", "generated"])
def test_langchain_tools_answer_odd_arguments_with_a_tool_error(url: str, sandbox: Sandbox, slug: str) -> None:
    pytest.importorskip("langchain_core")
    from runtime import LangchainProvider

    tool = _framework_tool(url, LangchainProvider(), slug)
    odd: list[Any] = [{"v": value} for value in ODD_VALUES] + [{"args": [1, 2]}, _deep(5000), {"x": "a", "invented": 1}]
    for number, value in enumerate(odd):
        message = tool.invoke({"type": "tool_call", "id": f"c{number}", "name": slug, "args": value})
        assert message.status == "error" and "nothing was sent" in message.content, value
        assert "nothing was sent" in tool.invoke(value)  # without a tool call id: the text alone
    for text in ("[1, 2]", "hi"):
        assert "nothing was sent" in tool.invoke(text)
    for odd_args in ("text", [1, 2], None, 42):  # LangChain's own code failed on these before
        message = tool.invoke({"type": "tool_call", "id": "odd", "name": slug, "args": odd_args})
        assert message.status == "error" and "nothing was sent" in message.content, odd_args
        message = asyncio.run(tool.ainvoke({"type": "tool_call", "id": "odd", "name": slug, "args": odd_args}))
        assert message.status == "error", odd_args
    assert _executed(sandbox) == []


@pytest.mark.parametrize("slug", ["DEMO_TOOL_0", FORECAST], ids=["api-served", "generated"])
def test_openai_agents_tools_answer_odd_arguments_with_text(url: str, sandbox: Sandbox, slug: str) -> None:
    pytest.importorskip("agents")
    from runtime import OpenAIAgentsProvider

    tool = _framework_tool(url, OpenAIAgentsProvider(), slug)
    texts = [*(json.dumps(v) for v in ODD_VALUES), "[" * 100000, '{"x": 1' + "0" * 5000 + "}", "{not json"]
    for text in texts:
        answer = asyncio.run(tool.on_invoke_tool(None, text))
        assert answer.startswith("Invalid arguments") and "nothing was sent" in answer, text[:40]
    assert _executed(sandbox) == []


@pytest.mark.parametrize("slug", ["DEMO_TOOL_0", FORECAST], ids=["api-served", "generated"])
def test_llamaindex_tools_answer_odd_arguments_with_an_error_output(url: str, sandbox: Sandbox, slug: str) -> None:
    pytest.importorskip("llama_index.core")
    from runtime import LlamaIndexProvider

    tool = _framework_tool(url, LlamaIndexProvider(), slug)
    for output in [tool.call([1, 2]), tool.call(42), tool.call(x=_deep(5000)), tool.call(invented=1, x="a")]:
        assert output.is_error and "nothing was sent" in str(output.content)
    assert _executed(sandbox) == []


@pytest.mark.parametrize("slug", ["DEMO_TOOL_0", FORECAST], ids=["api-served", "generated"])
def test_pydantic_ai_tools_send_a_retry_for_odd_arguments(url: str, sandbox: Sandbox, slug: str) -> None:
    pydantic_ai = pytest.importorskip("pydantic_ai")
    from pydantic_ai.messages import ModelResponse, TextPart, ToolCallPart
    from pydantic_ai.models.function import FunctionModel

    from runtime import PydanticAIProvider

    tool = _framework_tool(url, PydanticAIProvider(), slug)
    answers: list[Any] = []
    odd: list[Any] = ["[1, 2]", '"hi"', "42", {"x": "a", "invented": 1}]

    def script(messages: list[Any], info: Any) -> ModelResponse:
        answers.append(messages[-1].parts[0])
        if len(messages) <= 2 * len(odd) - 1:
            return ModelResponse(parts=[ToolCallPart(slug, odd[len(messages) // 2], f"c{len(messages)}")])
        return ModelResponse(parts=[TextPart("done")])

    tool.max_retries = len(odd) + 1
    assert pydantic_ai.Agent(FunctionModel(script), tools=[tool]).run_sync("go").output == "done"
    retried = [part for part in answers[1:] if getattr(part, "tool_call_id", None)]
    assert len(retried) == len(odd) and all(getattr(p, "outcome", "retried") == "retried" for p in retried)
    assert _executed(sandbox) == []


def test_framework_tools_show_a_closed_object_and_refuse_invented_keys(url: str, sandbox: Sandbox) -> None:
    from runtime.providers.agentic import parameters_schema
    from runtime.tool import Tool

    served = Tool.model_validate(demo_tools()[0])
    assert parameters_schema(served)["additionalProperties"] is False
    declared = Tool.model_validate(
        {**demo_tools()[0], "input_parameters": {"type": "object", "properties": {}, "additionalProperties": True}}
    )
    assert parameters_schema(declared)["additionalProperties"] is True


def test_pydantic_ai_test_model_never_sends_an_invented_key(url: str, sandbox: Sandbox) -> None:
    pydantic_ai = pytest.importorskip("pydantic_ai")
    from pydantic_ai.models.test import TestModel

    from runtime import PydanticAIProvider

    for slug in ("DEMO_TOOL_0", FORECAST, acme_tracker.Slug.CREATE_ISSUE):
        tool = _framework_tool(url, PydanticAIProvider(), slug)
        pydantic_ai.Agent(TestModel(), tools=[tool]).run_sync("use the tool")
    for execution in sandbox.executions():
        schema = next(t for t in catalog_tools() + demo_tools() if t["slug"] == execution.route.rsplit("/", 1)[1])
        assert set(execution.body["arguments"]) <= set(schema["input_parameters"]["properties"]), execution.body


# -- 6. before_file_upload hooks ---------------------------------------------------------------------
@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "photos" / "cover.png"
    path.parent.mkdir()
    path.write_bytes(b"\x89PNG" + os.urandom(2000))
    return path


def test_a_hook_may_return_a_path_like_and_none_is_refused(
    url: str, sandbox: Sandbox, photo: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.png"
    other.write_bytes(b"the substitute")

    @before_file_upload
    def substitute(context: dict[str, Any]) -> Path:
        return other

    @before_file_upload
    def forgot(context: dict[str, Any]) -> None:
        return None

    with Composio(api_key=KEY, base_url=url) as composio:
        assert docstore.Docstore(composio, modifiers=[substitute]).attach_files(page_id="p", cover=photo).successful
        key = sandbox.executions()[-1].body["arguments"]["cover"]["s3key"]
        assert sandbox.storage.files[key].data == b"the substitute"
        with pytest.raises(InvalidModifierError, match="forgot returned NoneType"):
            docstore.Docstore(composio, modifiers=[forgot]).attach_files(page_id="p", cover=photo)
    assert len(sandbox.executions()) == 1


# -- 2. one open, checked as opened -------------------------------------------------------------
@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "home" / ".ssh" / "id_rsa"
    path.parent.mkdir(parents=True)
    path.write_bytes(SECRET_BYTES)
    return path


def test_a_hard_link_to_a_secret_is_refused_everywhere_unless_protection_is_off(
    url: str, sandbox: Sandbox, secret: Path, tmp_path: Path
) -> None:
    allowed = tmp_path / "uploads"
    allowed.mkdir()
    link = allowed / "notes.txt"
    os.link(secret, link)
    options: dict[str, Any] = {"dangerously_allow_auto_upload_download_files": True, "file_upload_dirs": [allowed]}
    with Composio(api_key=KEY, base_url=url, **options) as composio:
        with pytest.raises(SensitiveFilePathBlockedError, match="2 hard links"):
            composio.tools.execute(ATTACH, {"page_id": "p", "cover": str(link)}, version="20251101_00")
        with pytest.raises(SensitiveFilePathBlockedError, match="sensitive_file_upload_protection=False"):
            composio.files.upload(link, tool=ATTACH, toolkit="docstore")
    assert all(stored.data != SECRET_BYTES for stored in sandbox.storage.files.values())
    with Composio(api_key=KEY, base_url=url, sensitive_file_upload_protection=False) as composio:
        assert composio.files.upload(link, tool=ATTACH, toolkit="docstore").name == "notes.txt"


def test_a_symlink_swapped_between_decoy_and_secret_never_uploads_the_secret(
    url: str, sandbox: Sandbox, secret: Path, tmp_path: Path
) -> None:
    """The race: a thread flips a link between a decoy and the key while files are staged
    and read, thousands of times, then a few hundred full uploads run through the sandbox."""
    folder = tmp_path / "temp"
    folder.mkdir()
    decoy = folder / "decoy.txt"
    decoy.write_bytes(b"harmless")
    link = folder / "upload.txt"
    link.symlink_to(decoy)
    stop = threading.Event()
    flips = [0]

    def flip() -> None:
        spare = folder / "spare"
        while not stop.is_set():
            for target in (secret, decoy):
                spare.unlink(missing_ok=True)
                spare.symlink_to(target)
                os.replace(spare, link)
                flips[0] += 1

    flipper = threading.Thread(target=flip, daemon=True)
    flipper.start()
    leaked = refused = staged_count = 0
    try:
        with Composio(api_key=KEY, base_url=url, file_upload_dirs=[folder]) as composio:
            files = composio.files
            for _ in range(3000):
                try:
                    staged = files.opened(_Source("path", str(link), chosen=True), ATTACH, "cover")
                except FileUploadError:
                    refused += 1
                    continue
                try:
                    leaked += b"".join(staged.chunks()) == SECRET_BYTES
                    staged_count += 1
                finally:
                    staged.discard()
            for _ in range(200):
                try:
                    composio.files.upload(link, tool=ATTACH, toolkit="docstore")
                except FileUploadError:
                    refused += 1
    finally:
        stop.set()
        flipper.join()
    assert leaked == 0 and staged_count > 0 and flips[0] > 100  # the link moved all along; no key byte left
    assert all(stored.data != SECRET_BYTES for stored in sandbox.storage.files.values())


def test_a_file_that_changes_during_the_upload_fails_and_nothing_is_executed(
    url: str, sandbox: Sandbox, photo: Path
) -> None:
    with Composio(api_key=KEY, base_url=url) as composio:
        request = composio.files._request

        def grow_then_request(body: dict[str, Any]) -> Any:
            with open(photo, "ab") as handle:
                handle.write(b"more bytes")
            return request(body)

        composio.files._request = grow_then_request
        with pytest.raises(FileUploadError, match="changed while it was uploaded"):
            docstore.Docstore(composio).attach_files(page_id="p", cover=photo)
    assert sandbox.executions() == []


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/proc/self/environ", "kernel file"), ("/dev/zero", "not a regular file"), ("bad\0name", "NUL")],
    ids=["proc", "device", "nul"],
)
def test_kernel_files_devices_and_nul_paths_are_refused_by_name(url: str, path: str, reason: str) -> None:
    with Composio(api_key=KEY, base_url=url) as composio:
        with pytest.raises(FileSourceNotFoundError, match=reason):
            composio.files.upload(path, tool=ATTACH, toolkit="docstore")


def test_a_symlink_loop_and_a_nul_path_from_a_model_fail_that_call_in_band(url: str, tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    options: dict[str, Any] = {"dangerously_allow_auto_upload_download_files": True, "file_upload_dirs": [tmp_path]}
    with Composio(api_key=KEY, base_url=url, toolkit_versions=PINNED, **options) as composio:
        composio.tools.get("u", tools=[ATTACH])
        with pytest.raises(FileSourceNotFoundError, match="link loop"):
            composio.files.upload(tmp_path / "a", tool=ATTACH, toolkit="docstore")
        arguments = [json.dumps({"page_id": "p", "cover": path}) for path in (str(tmp_path / "a"), "x\0y")]
        results = composio.provider.handle_tool_calls(_chat(*((ATTACH, a) for a in arguments)))
    assert [r["successful"] for r in results] == [False, False]
    assert "link loop" in str(results[0]["error"]) and "NUL" in str(results[1]["error"])


# -- 3. connect to the address that was checked ------------------------------------------------
@pytest.fixture
def loopback_only() -> Iterator[int]:
    """A service only this machine can reach, answering a body no transfer may fetch."""
    import http.server

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            body = b"loopback-only secret"
            self.send_response(200)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def _rebinding(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """``rebind.test`` answers a public address to its first look-up and loopback after it."""
    import socket

    real = socket.getaddrinfo
    answers: list[str] = []

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "rebind.test":
            return real(host, port, *args, **kwargs)
        address = "93.184.216.34" if not answers else "127.0.0.1"
        answers.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 0))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_a_name_that_rebinds_to_loopback_fetches_nothing(
    monkeypatch: pytest.MonkeyPatch, loopback_only: int, tmp_path: Path, asynchronous: bool
) -> None:
    from runtime import FileDownloadError

    answers = _rebinding(monkeypatch)
    remote = {"name": "x.txt", "mimetype": "text/plain", "s3url": f"http://rebind.test:{loopback_only}/x.txt"}
    transport = httpx.MockTransport(lambda request: httpx.Response(500))
    with pytest.raises(FileDownloadError, match="non-public address") as refused:
        if asynchronous:

            async def scenario() -> None:
                async_transport = httpx.MockTransport(lambda request: httpx.Response(500))
                async with AsyncComposio(api_key=KEY, base_url="https://api.test", transport=async_transport) as c:
                    await c.files.download(remote, to=tmp_path)

            asyncio.run(scenario())
        else:
            with Composio(api_key=KEY, base_url="https://api.test", transport=transport) as composio:
                composio.files.download(remote, to=tmp_path)
    assert answers[0] == "93.184.216.34" and "127.0.0.1" in answers[1:]  # the guard passed, the connect did not
    assert "secret" not in str(refused.value) and list(tmp_path.iterdir()) == []


# -- 4. secrets scrubbed wherever they stand --------------------------------------------------------
SECRET_TEXT = st.text(alphabet="QZXJVK0123456789", min_size=8, max_size=40)


def _failure_text(server: Any, stderr: str) -> str:
    import tempfile

    from runtime.mcp.connection import Connection

    connection = Connection(server)
    connection._stderr = tempfile.TemporaryFile("w+", encoding="utf-8")
    connection._stderr.write(stderr)
    try:
        return str(connection._failure(RuntimeError(f"the server said {stderr}"), "tools/list"))
    finally:
        connection._stderr.close()


@settings(max_examples=200)
@given(
    secret=SECRET_TEXT,
    before=st.integers(0, 9000),
    after=st.integers(0, 2500),
    how=st.sampled_from(["env", "embedded", "bearer", "password", "expanded"]),
)
def test_no_secret_or_any_part_of_it_shows_in_an_mcp_error(secret: str, before: int, after: int, how: str) -> None:
    from runtime.mcp.connection import Server

    env: dict[str, str] = {}
    headers: dict[str, str] = {}
    hidden: tuple[str, ...] = ()
    if how == "env":
        env = {"TOKEN": secret}
    elif how == "embedded":
        env, hidden = {"DSN": f"postgres://app:{secret}@db/x"}, (secret,)
    elif how == "bearer":
        headers = {"Authorization": f"Bearer {secret}"}
    elif how == "password":
        env = {"DSN": f"postgres://app:{secret}@db/x"}
    else:
        headers, hidden = {"X-Key": f"key={secret};v=1"}, (secret,)
    server = Server(command=("server",), env=env, headers=headers, hidden=hidden)
    text = _failure_text(server, "." * before + secret + "." * after)
    shown = [secret[start:] for start in range(len(secret) - 5)] + [secret[: end + 6] for end in range(len(secret) - 5)]
    assert not any(part in text for part in shown), text[-400:]


# -- 7. event loops ---------------------------------------------------------------------------------
def test_an_async_client_works_from_one_event_loop_after_another(url: str, sandbox: Sandbox) -> None:
    composio = AsyncComposio(api_key=KEY, base_url=url, toolkit_versions=PINNED)

    async def call() -> bool:
        return (await composio.tools.execute(weather.Slug.LIST_STATIONS, {}))["successful"]

    assert [asyncio.run(call()) for _ in range(3)] == [True, True, True]
    assert len(_executed(sandbox)) == 3  # each call sent once and answered
    asyncio.run(composio.aclose())


def test_an_async_client_works_from_event_loops_in_several_threads_at_once(url: str, sandbox: Sandbox) -> None:
    composio = AsyncComposio(api_key=KEY, base_url=url, toolkit_versions=PINNED)
    results: list[bool] = []
    failures: list[BaseException] = []

    async def calls() -> None:
        answers = await asyncio.gather(
            *(composio.tools.execute(FORECAST, {"latitude": 1, "longitude": n}) for n in range(5))
        )
        results.extend(answer["successful"] for answer in answers)

    def thread() -> None:
        try:
            asyncio.run(calls())
        except BaseException as error:  # reported below, with the others
            failures.append(error)

    threads = [threading.Thread(target=thread) for _ in range(4)]
    for started in threads:
        started.start()
    for started in threads:
        started.join()
    assert failures == [] and results == [True] * 20
    assert len(_executed(sandbox)) == 20


def test_an_async_mcp_client_refuses_a_call_from_another_loop_before_sending() -> None:
    pytest.importorskip("mcp")
    from runtime import AsyncMcpClient, ComposioError
    from tests.mcpdemo.servers import demo_command

    async def main() -> None:
        async with AsyncMcpClient(command=demo_command(), name="demo") as client:
            assert (await client.tools.execute("DEMO_ECHO", {"message": "hi"}))["successful"]
            outcome: list[BaseException] = []

            def elsewhere() -> None:
                try:
                    asyncio.run(client.tools.execute("DEMO_DELETE_NOTE", {"id": 1}))
                except BaseException as error:
                    outcome.append(error)

            thread = threading.Thread(target=elsewhere)
            thread.start()
            await asyncio.to_thread(thread.join)
            assert isinstance(outcome[0], ComposioError) and "another event loop" in str(outcome[0])

    asyncio.run(main())


# -- what an independent attack of the fixes above found ------------------------------------------
@pytest.mark.parametrize("relinked", [False, True], ids=["removed", "removed-and-made-again"])
def test_a_hard_link_removed_between_the_open_and_the_checks_is_refused(
    url: str, secret: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, relinked: bool
) -> None:
    """The attack's interleaving, made exact: the second name of the key is removed (and made
    again) right after the open, before the descriptor is checked. The descriptor then has one
    link, but its name is gone ("(deleted)") or counts two links again: refused either way."""
    from runtime.files import opening

    allowed = tmp_path / "uploads"
    allowed.mkdir()
    link = allowed / "notes.txt"
    os.link(secret, link)
    real_fstat = os.fstat

    def fstat_after_the_swap(descriptor: int) -> os.stat_result:
        if link.exists():
            link.unlink()
            if relinked:
                os.link(secret, link)
        return real_fstat(descriptor)

    monkeypatch.setattr(opening.os, "fstat", fstat_after_the_swap)
    with Composio(api_key=KEY, base_url=url, file_upload_dirs=[allowed]) as composio:
        with pytest.raises(FileUploadError, match="removed while it was opened|hard links"):
            composio.files.opened(_Source("path", str(link), chosen=True), ATTACH, "cover")


def test_a_result_json_cannot_carry_and_an_unprintable_exception_stay_in_band(url: str, sandbox: Sandbox) -> None:
    from runtime.providers.agentic import result_text

    assert result_text({"data": {"n": 10**5000}, "error": None, "successful": True}).startswith("Error:")
    assert result_text({"data": {(1, 2): "tuple key"}, "error": None, "successful": True}).startswith("Error:")

    class Unprintable(Exception):
        def __str__(self) -> str:
            raise Unprintable()

    @before_execute(tools=[FORECAST])
    def odd(tool: str, toolkit: str, params: Any) -> Any:
        raise Unprintable()

    with Composio(api_key=KEY, base_url=url, toolkit_versions=PINNED) as composio:
        composio.tools.get("u", toolkits=["weather"])
        results = composio.provider.handle_tool_calls(
            _chat((FORECAST, '{"latitude": 1, "longitude": 2}'), (weather.Slug.LIST_STATIONS, "{}")), modifiers=[odd]
        )
    assert [r["successful"] for r in results] == [False, True]
    assert "Unprintable" in str(results[0]["error"])


def test_an_mcp_url_never_shows_its_credentials() -> None:
    from runtime.mcp.connection import Connection, Server

    server = Server(url="https://user:pa55word-long@mcp.example/mcp?api_key=sk-live-SECRET-0123456789&v=2")
    assert server.describe() == "https://mcp.example/mcp?[redacted]"
    text = str(Connection(server)._failure(RuntimeError("sk-live-SECRET-0123456789 and pa55word-long"), "tools/call x"))
    assert "SECRET" not in text and "pa55word" not in text


@pytest.mark.parametrize(
    "schema",
    [{}, {"type": "object"}, {"type": "object", "allOf": [{"properties": {"x": {"type": "string"}}}]}],
    ids=["empty", "no-properties", "all-of"],
)
def test_a_schema_that_says_nothing_of_other_keys_is_shown_closed(schema: dict[str, Any]) -> None:
    from runtime.providers.agentic import InvalidArguments, parameters_schema, wire
    from runtime.tool import Tool

    tool = Tool.model_validate({**demo_tools()[0], "slug": "DEMO_OPEN", "input_parameters": schema})
    shown = parameters_schema(tool)
    assert shown["additionalProperties"] is False
    with pytest.raises(InvalidArguments, match="unknown arguments invented"):
        wire(tool, {"invented": "rm -rf"})
    if schema and "allOf" in schema:
        assert "x" in shown["properties"] and wire(tool, {"x": "a"}) == {"x": "a"}


class _BrokenPath:
    def __fspath__(self) -> str:
        raise ValueError("no path here")


@pytest.mark.parametrize(
    ("path", "said"),
    [("\ud800x", "lone surrogate"), ("~no-such-user-here/x", "home folder")],
    ids=["surrogate", "user"],
)
def test_odd_path_text_is_a_file_error(url: str, path: str, said: str) -> None:
    with Composio(api_key=KEY, base_url=url) as composio:
        with pytest.raises(FileSourceNotFoundError, match=said):
            composio.files.upload(path, tool=ATTACH, toolkit="docstore")


def test_a_hook_returning_a_broken_path_like_is_an_invalid_modifier(url: str, photo: Path) -> None:
    @before_file_upload
    def broken(context: dict[str, Any]) -> Any:
        return _BrokenPath()

    with Composio(api_key=KEY, base_url=url) as composio:
        with pytest.raises(InvalidModifierError, match="broken returned _BrokenPath"):
            docstore.Docstore(composio, modifiers=[broken]).attach_files(page_id="p", cover=photo)


# -- 9. MCP results and names --------------------------------------------------------------------------
def test_mcp_structured_content_that_misfits_its_schema_is_a_typed_misfit_with_raw_kept() -> None:
    pytest.importorskip("mcp")
    from pydantic import BaseModel

    from runtime import McpClient, ToolMisfit, ToolSpec
    from tests.mcpdemo.servers import demo_command

    class GetWeatherInput(BaseModel):
        city: str

    class GetWeatherOutput(BaseModel):
        temperature: float
        conditions: str

    spec = ToolSpec(slug="DEMO_GET_WEATHER", input_model=GetWeatherInput, output_type=GetWeatherOutput)
    with McpClient(command=demo_command("--misfit"), name="demo") as client:
        response = client.tools.execute("DEMO_GET_WEATHER", {"city": "Oslo"})
    assert response["successful"] and response["data"] == {"temperature": "hot"}
    result = spec.result(response)
    assert isinstance(result, ToolMisfit) and result.raw["data"] == {"temperature": "hot"}
    assert "conditions" in str(result.validation_error)


def test_an_mcp_client_refuses_two_tools_that_share_a_slug_naming_both() -> None:
    """Two tools of one slug cannot be told apart: they are left out, naming both when asked
    for; review (issue 31): the server's other tools stay usable (a newly listed tool that
    clashed used to take the whole server down)."""
    pytest.importorskip("mcp")
    from runtime import McpClient, NotFoundError
    from tests.mcpdemo.servers import demo_command

    with McpClient(command=demo_command("--twins"), name="demo") as client:
        assert "DEMO_GET_WEATHER" not in {tool.slug for tool in client.tools.list_tools()}
        assert client.tools.execute("DEMO_ECHO", {"message": "still here"})["successful"]
        with pytest.raises(NotFoundError, match="tools 'get_weather' and 'get-weather' both become DEMO_GET_WEATHER"):
            client.tools.execute("DEMO_GET_WEATHER", {"city": "Oslo"})


def test_fetch_names_a_tool_that_takes_the_toolkits_own_slug() -> None:
    from codegen.sources.composio import FetchError
    from codegen.sources.mcp import McpServer, _tools_of

    listed = [{"name": "-", "inputSchema": {"type": "object"}}]  # named by punctuation alone: DEMO_ stripped
    with pytest.raises(FetchError, match="tool '-' becomes DEMO, the toolkit's own name"):
        _tools_of(McpServer("demo", command=("x",)), listed, {"version": "1"}, None)


def test_an_mcp_result_over_max_response_bytes_is_refused() -> None:
    pytest.importorskip("mcp")
    from runtime import McpClient, ResponseTooLargeError
    from tests.mcpdemo.servers import demo_command

    with McpClient(command=demo_command(), name="demo", max_response_bytes=100_000) as client:
        assert client.tools.execute("DEMO_ECHO", {"message": "small"})["successful"]
        with pytest.raises(ResponseTooLargeError, match="over the limit of 100,000"):
            client.tools.execute("DEMO_ECHO", {"message": "x" * 1000, "options": {"repeat": 200}})
        client.tools.get()
        (failed,) = client.provider.handle_tool_calls(
            _chat(("DEMO_ECHO", json.dumps({"message": "x" * 1000, "options": {"repeat": 200}})))
        )
    assert not failed["successful"] and "over the limit" in str(failed["error"])


def _offline_api(request: httpx.Request) -> httpx.Response:
    """The API for the property test below: lists the demo tool, and every execute succeeds."""
    if request.method == "GET":
        return httpx.Response(200, json={"items": [demo_tools()[0]], "next_cursor": None})
    return httpx.Response(200, json={"data": {}, "error": None, "successful": True})


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(value=JSON_VALUES, slug=st.sampled_from(["DEMO_TOOL_0", FORECAST]))
def test_any_json_value_through_any_framework_provider_is_answered_never_raised(value: Any, slug: str) -> None:
    """Each framework's tool, handed any JSON value as its arguments, answers (its result or
    its error channel) and never raises."""
    pytest.importorskip("langchain_core")
    pytest.importorskip("agents")
    pytest.importorskip("llama_index.core")
    from runtime import LangchainProvider, LlamaIndexProvider, OpenAIAgentsProvider

    providers: list[Any] = [LangchainProvider(), OpenAIAgentsProvider(), LlamaIndexProvider()]
    for provider in providers:
        transport = httpx.MockTransport(_offline_api)
        options: dict[str, Any] = {"transport": transport, "provider": provider, "toolkit_versions": PINNED}
        with Composio(api_key=KEY, base_url="http://api.test", **options) as composio:
            (tool,) = composio.tools.get("u", tools=[slug])
            if isinstance(provider, LangchainProvider):
                arguments = value if isinstance(value, dict) else {"v": value}
                answer = tool.invoke({"type": "tool_call", "id": "c", "name": slug, "args": arguments})
                assert isinstance(answer.content, str)
            elif isinstance(provider, OpenAIAgentsProvider):
                assert isinstance(asyncio.run(tool.on_invoke_tool(None, json.dumps(value))), str)
            else:
                named = isinstance(value, dict) and all(isinstance(key, str) and key.isidentifier() for key in value)
                output = tool.call(**value) if named else tool.call(value)
                assert isinstance(str(output.content), str)


# -- what a second independent attack found --------------------------------------------------------
def _open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_an_async_client_lets_go_of_each_finished_event_loop(url: str) -> None:
    import gc

    composio = AsyncComposio(api_key=KEY, base_url=url, toolkit_versions=PINNED)

    async def call() -> bool:
        return (await composio.tools.execute(weather.Slug.LIST_STATIONS, {}))["successful"]

    asyncio.run(call())
    gc.collect()
    before = _open_descriptors()
    assert all(asyncio.run(call()) for _ in range(40))
    gc.collect()
    assert len(composio._connections or ()) <= 2  # the running loop's, and the last closed one's
    # The sandbox runs in this process: its side of each closed connection goes once it reads
    # the end of it, so the count is waited for (bounded), not read at once.
    waited = 0.0
    while _open_descriptors() - before >= 10 and waited < 10 * TIMEOUT_FACTOR:
        time.sleep(0.1)
        waited += 0.1
    assert _open_descriptors() - before < 10
    asyncio.run(composio.aclose())


def test_a_given_pool_transport_is_refused_on_a_second_loop_before_anything_is_sent(url: str, sandbox: Sandbox) -> None:
    from runtime import APIConnectionError

    composio = AsyncComposio(api_key=KEY, base_url=url, toolkit_versions=PINNED, transport=httpx.AsyncHTTPTransport())

    async def call() -> bool:
        return (await composio.tools.execute(weather.Slug.LIST_STATIONS, {}))["successful"]

    assert asyncio.run(call())
    with pytest.raises(APIConnectionError, match="nothing was sent"):
        asyncio.run(call())
    assert len(_executed(sandbox)) == 1


def test_a_custom_tools_message_never_shows_the_key_whole_or_shortened(url: str) -> None:
    from pydantic import BaseModel

    class Scope(BaseModel):
        scope: int

    with Composio(api_key=KEY, base_url=url) as composio:

        @composio.tools.custom_tool
        def leaky(which: str) -> str:
            """Fails with the key in its message, whole or as pydantic shortens it."""
            if which == "whole":
                raise RuntimeError(f"GET https://api.example/x?api_key={KEY} failed")
            Scope.model_validate({"scope": f"Bearer {KEY}; scope=read-write-admin-everything-else" * 3})
            return "never"

        results = composio.provider.handle_tool_calls(
            _chat(("LEAKY", '{"which": "whole"}'), ("LEAKY", '{"which": "shortened"}'))
        )
    for result in results:
        text = str(result["error"])
        assert not result["successful"] and "[redacted]" in text
        assert KEY not in text and KEY[: len(KEY) // 2] not in text, text


@pytest.mark.parametrize("secret", ["pa\\ss-word-0123", "p\u00e4sswort-geheim-42", 'tok"en-0123456789'])
def test_a_secret_shown_escaped_is_scrubbed_too(secret: str) -> None:
    from runtime.mcp.connection import Server

    server = Server(command=("server",), env={"DB_PASSWORD": secret})
    stderr = f"config: {json.dumps({'password': secret})} {json.dumps(secret, ensure_ascii=False)} {secret!r}\n"
    text = _failure_text(server, stderr)
    for form in (secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1], repr(secret)[1:-1]):
        assert form not in text, text


def test_a_clients_repr_never_shows_its_base_urls_credentials() -> None:
    composio = Composio(
        api_key=KEY, base_url="https://proxyuser:Pr0xyPassw0rd@api.internal:8443/?token=qq_secret_token_999"
    )
    assert "Pr0xyPassw0rd" not in repr(composio) and "qq_secret" not in repr(composio)
    assert "https://api.internal:8443/?[redacted]" in repr(composio)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("64:ff9b::a00:1", False),  # NAT64 of 10.0.0.1
        ("64:ff9b::808:808", True),  # NAT64 of 8.8.8.8
        ("::ffff:127.0.0.1", False),
        ("2002:7f00:1::", False),  # 6to4 of 127.0.0.1
        ("fec0::1", False),
        ("ff02::1", False),
        ("2606:4700:4700::1111", True),
        ("8.8.8.8", True),
        ("169.254.169.254", False),
    ],
)
def test_only_addresses_that_reach_the_public_internet_count_as_public(address: str, public: bool) -> None:
    import ipaddress

    from runtime.files.safety import is_public

    assert is_public(ipaddress.ip_address(address)) is public
