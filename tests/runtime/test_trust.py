"""The runtime sends only what it should: each case a probe found, as a regression test.

Slugs never steer the URL; the key never appears in any message, even when the server
echoes it; one failed tool call never costs the others; ``timeout`` is a deadline for
an attempt; bodies are capped; concurrent calls fetch a schema once; a long
``Retry-After`` fails fast; error messages name method, path and redirect target.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import h11
import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from runtime import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AsyncComposio,
    Composio,
    ComposioError,
    RateLimitError,
    wirejson,
)
from runtime.errors import InvalidParamsError, InvalidSlugError, ResponseTooLargeError, path_segment
from runtime.headers import header_name, header_value
from runtime.http import Urls as _Urls
from runtime.sandbox import Fault, Sandbox
from tests.conftest import tool
from tests.timing import seconds

KEY = "sk-live-0123456789abcdef"
PREFIX = "/api/v3.1"


def _tool_object(slug: str) -> dict[str, Any]:
    return tool(slug if slug else "X", toolkit="demo", version="20250601_00")


def _recording(seen: list[httpx.Request]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.method == "GET":
            return httpx.Response(200, json=_tool_object("DEMO_X"))
        return httpx.Response(200, json={"data": {}, "error": None, "successful": True})

    return httpx.MockTransport(handle)


@given(slug=st.text(min_size=1, max_size=40))
def test_no_slug_can_leave_its_path_segment(slug: str) -> None:
    seen: list[httpx.Request] = []
    with Composio(api_key=KEY, base_url="http://api.test", transport=_recording(seen)) as composio:
        try:
            composio.tools.execute(slug, {}, version="20250601_00")
        except InvalidSlugError:
            assert slug.strip(".") == ""
            assert seen == []
            return
    for request in seen:
        raw = request.url.raw_path.decode("ascii")
        path, _, query = raw.partition("?")
        expected = f"{PREFIX}/tools/execute/" if request.method == "POST" else f"{PREFIX}/tools/"
        assert path.startswith(expected) and "/" not in path[len(expected) :], raw
        assert query == ("" if request.method == "POST" else "toolkit_versions=latest"), raw
        assert request.url.host == "api.test"


def test_path_traversal_and_query_injection_are_escaped() -> None:
    seen: list[httpx.Request] = []
    with Composio(api_key=KEY, base_url="http://api.test", transport=_recording(seen)) as composio:
        composio.tools.execute("../../../../other/path", {}, version="1")
        composio.tools.execute("KIT_A?admin=1#x", {}, version="1")
        with pytest.raises(InvalidSlugError):
            composio.tools.execute("..", {}, version="1")
        with pytest.raises(InvalidSlugError):
            composio.toolkits.get(".")
    paths = [r.url.raw_path.decode() for r in seen if r.method == "POST"]
    assert paths == [
        f"{PREFIX}/tools/execute/..%2F..%2F..%2F..%2Fother%2Fpath",
        f"{PREFIX}/tools/execute/KIT_A%3Fadmin%3D1%23x",
    ]


def _chat(*calls: tuple[str, str]) -> dict[str, Any]:
    tool_calls = [
        {"id": f"call_{n}", "type": "function", "function": {"name": name, "arguments": arguments}}
        for n, (name, arguments) in enumerate(calls)
    ]
    return {"choices": [{"message": {"role": "assistant", "tool_calls": tool_calls}}]}


def test_handle_tool_calls_refuses_unknown_tools_in_band_and_sends_nothing(served: str, sandbox: Sandbox) -> None:
    with Composio(api_key=KEY, base_url=served, toolkit_versions={"demo": "20250601_00"}) as composio:
        composio.tools.get("u", toolkits=["demo"])
        before = len(sandbox.requests)
        results = composio.provider.handle_tool_calls(
            _chat(("../../../../other/path", "{}"), ("DEMO_TOOL_1", '{"x": "a"}'))
        )
    assert [r["successful"] for r in results] == [False, True]
    assert "unknown tool" in str(results[0]["error"]) and "nothing was sent" in str(results[0]["error"])
    assert [r.route for r in sandbox.requests[before:]] == ["/tools/execute/DEMO_TOOL_1"]


def test_a_failing_call_among_three_costs_no_other_result_and_none_runs_twice(served: str, sandbox: Sandbox) -> None:
    sandbox.faults.append(Fault("status", status=500, path="/tools/execute/DEMO_TOOL_1", times=1))
    with Composio(api_key=KEY, base_url=served, toolkit_versions={"demo": "20250601_00"}) as composio:
        composio.tools.get("u", toolkits=["demo"])
        calls = [("DEMO_TOOL_0", '{"x": "a"}'), ("DEMO_TOOL_1", '{"x": "b"}'), ("DEMO_TOOL_2", '{"x": "c"}')]
        results = composio.provider.handle_tool_calls(_chat(*calls))
    assert [r["successful"] for r in results] == [True, False, True]
    assert "DEMO_TOOL_1 failed" in str(results[1]["error"]) and "HTTP 500" in str(results[1]["error"])
    executed = [r.route for r in sandbox.requests if r.route.startswith("/tools/execute/")]
    assert executed == ["/tools/execute/DEMO_TOOL_0", "/tools/execute/DEMO_TOOL_1", "/tools/execute/DEMO_TOOL_2"]


def test_async_handle_tool_calls_keeps_going_after_a_failure(sandbox: Sandbox) -> None:
    sandbox.faults.append(Fault("status", status=503, path="/tools/execute/DEMO_TOOL_0", times=1))

    async def scenario() -> list[Any]:
        transport = httpx.ASGITransport(app=sandbox)
        async with AsyncComposio(
            api_key=KEY, base_url="http://sandbox", transport=transport, toolkit_versions={"demo": "20250601_00"}
        ) as composio:
            await composio.tools.get("u", toolkits=["demo"])
            return await composio.provider.ahandle_tool_calls(
                _chat(("DEMO_TOOL_0", '{"x": "a"}'), ("NOPE", "{}"), ("DEMO_TOOL_2", '{"x": "c"}'))
            )

    assert [r["successful"] for r in asyncio.run(scenario())] == [False, False, True]


ECHOING = [400, 401, 403, 404, 409, 410, 422, 429, 500, 503, 302]


@pytest.mark.parametrize("status", ECHOING)
def test_the_key_echoed_by_the_server_never_reaches_a_message(status: int, caplog: pytest.LogCaptureFixture) -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        echoed = request.headers["x-api-key"]
        body = {"error": {"message": f"bad key {echoed}", "code": echoed, "suggested_fix": f"use {echoed}"}}
        return httpx.Response(status, json=body, headers={"location": f"https://evil.test/?k={echoed}"})

    caplog.set_level(logging.DEBUG)
    with Composio(api_key=KEY, base_url="http://api.test", transport=httpx.MockTransport(handle), max_retries=0) as c:
        with pytest.raises(ComposioError) as raised:
            c.tools.execute("DEMO_X", {}, version="1")
    error = raised.value
    visible = [str(error), repr(error), repr(error.args), json.dumps(getattr(error, "body", None)), caplog.text]
    visible += [str(getattr(error, name, "")) for name in ("code", "suggested_fix")]
    assert all(KEY not in text for text in visible), visible
    assert "[redacted]" in str(error)


def test_the_key_echoed_in_band_is_scrubbed_too() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return httpx.Response(200, json=_tool_object("DEMO_X"))
        return httpx.Response(200, json={"data": {}, "error": f"denied for {KEY}", "successful": False})

    with Composio(api_key=KEY, base_url="http://api.test", transport=httpx.MockTransport(handle)) as composio:
        result = composio.tools.execute("DEMO_X", {}, version="1")
    assert result["error"] == "denied for [redacted]"


def test_messages_name_method_path_and_redirect_target_without_repeating_the_status() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/moved"):
            return httpx.Response(307, headers={"location": "https://elsewhere.test/tools"})
        return httpx.Response(404)

    transport = httpx.MockTransport(handle)
    with Composio(api_key=KEY, base_url="http://api.test", transport=transport, max_retries=0) as composio:
        with pytest.raises(APIError) as missing:
            composio.tools.execute("DEMO_X", {}, version="1")
        with pytest.raises(APIError) as moved:
            composio.toolkits.get("moved")
    assert str(missing.value) == f"GET {PREFIX}/tools/DEMO_X failed (HTTP 404)"
    assert str(moved.value) == (
        f"GET {PREFIX}/toolkits/moved failed; redirected to https://elsewhere.test/tools, "
        "which the client does not follow (HTTP 307)"
    )


def test_a_retry_after_beyond_the_maximum_fails_fast_carrying_the_wait() -> None:
    calls = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(429, headers={"retry-after": "3600"})

    transport = httpx.MockTransport(handle)
    with Composio(api_key=KEY, base_url="http://api.test", transport=transport, max_retry_after=30) as composio:
        started = time.monotonic()
        with pytest.raises(RateLimitError) as limited:
            composio.toolkits.get("demo")
    assert time.monotonic() - started < 5 and len(calls) == 1
    assert limited.value.retry_after == 3600


@pytest.fixture
def trickling() -> Iterator[str]:
    """A loopback server that answers with headers, then one body byte every 0.5 s, for ever."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    stop = threading.Event()

    def serve(connection: socket.socket) -> None:
        with connection:
            connection.recv(65536)
            connection.sendall(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
            )
            while not stop.is_set():
                try:
                    connection.sendall(b"1\r\n \r\n")
                except OSError:
                    return
                time.sleep(0.5)

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(connection,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    listener.close()


def test_timeout_is_a_deadline_for_the_whole_attempt_sync(trickling: str) -> None:
    with Composio(api_key=KEY, base_url=trickling, timeout=1.5, max_retries=0) as composio:
        started = time.monotonic()
        with pytest.raises(APITimeoutError, match="timed out after 1.5 s"):
            composio.toolkits.get("demo")
    assert time.monotonic() - started < 1.5 + seconds(1.5)  # the deadline, plus at most one read


def test_timeout_is_a_deadline_for_the_whole_attempt_async(trickling: str) -> None:
    async def scenario() -> float:
        async with AsyncComposio(api_key=KEY, base_url=trickling, timeout=1.0, max_retries=0) as composio:
            started = time.monotonic()
            with pytest.raises(APITimeoutError):
                await composio.toolkits.get("demo")
            return time.monotonic() - started

    assert asyncio.run(scenario()) < 1.0 + seconds(0.6)


@pytest.mark.parametrize("announced", [True, False])
def test_response_bodies_are_capped(announced: bool) -> None:
    chunk = b" " * 65536

    def body() -> Iterator[bytes]:
        for _ in range(200):  # 12.5 MB, far over the 1 MB cap
            yield chunk

    def handle(request: httpx.Request) -> httpx.Response:
        headers = {"content-length": str(len(chunk) * 200)} if announced else {}
        return httpx.Response(200, headers=headers, content=body())

    transport = httpx.MockTransport(handle)
    with Composio(api_key=KEY, base_url="http://api.test", transport=transport, max_response_bytes=1 << 20) as c:
        with pytest.raises(ResponseTooLargeError, match="over the limit of 1,048,576 bytes"):
            c.toolkits.get("demo")


def test_a_thousand_concurrent_async_calls_fetch_the_schema_once(served: str, sandbox: Sandbox) -> None:
    async def scenario() -> list[Any]:
        async with AsyncComposio(api_key=KEY, base_url=served, toolkit_versions={"demo": "20250601_00"}) as composio:
            calls = [composio.tools.execute("DEMO_TOOL_1", {"x": str(n)}) for n in range(1000)]
            return await asyncio.wait_for(asyncio.gather(*calls), 120)

    started = time.monotonic()
    results = asyncio.run(scenario())
    assert all(r["successful"] for r in results) and len(results) == 1000
    assert sum(r.route == "/tools/DEMO_TOOL_1" for r in sandbox.requests) == 1
    assert time.monotonic() - started < 100  # the probe stalled for 100 s; here it takes a few


def test_concurrent_sync_calls_fetch_the_schema_once(served: str, sandbox: Sandbox) -> None:
    with Composio(api_key=KEY, base_url=served, toolkit_versions={"demo": "20250601_00"}) as composio:
        threads = [threading.Thread(target=composio.tools.execute, args=("DEMO_TOOL_2", {"x": "a"})) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sum(r.route == "/tools/DEMO_TOOL_2" for r in sandbox.requests) == 1


def test_connection_errors_name_the_url_and_the_reason() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()  # nothing listens there now
    with Composio(api_key=KEY, base_url=f"http://127.0.0.1:{port}", max_retries=0) as composio:
        with pytest.raises(APIConnectionError) as refused:
            composio.toolkits.get("demo")
    assert str(refused.value) == f"GET http://127.0.0.1:{port}{PREFIX}/toolkits/demo failed: connection refused"
    assert KEY not in str(refused.value)


def _circular() -> list[Any]:
    loop: list[Any] = []
    loop.append(loop)
    return loop


UNSENDABLE = [
    ("\ud83d", "arguments.x holds a lone surrogate (U+D83D"),
    ({"k\udc00": 1}, "arguments.x has a key that holds a lone surrogate (U+DC00"),
    (float("nan"), "arguments.x is nan, which JSON cannot carry"),
    ({float("inf"): 1}, "arguments.x has the key inf, which JSON cannot carry"),
    ([1, float("inf")], "arguments.x[1] is inf, which JSON cannot carry"),
    ({"tags": {"a"}}, "arguments.x.tags is of type set, which JSON cannot carry"),
    (b"raw", "arguments.x is of type bytes, which JSON cannot carry"),
    (object(), "arguments.x is of type object, which JSON cannot carry"),
    (_circular(), "arguments.x[0] holds itself, which JSON cannot carry"),
]


@pytest.mark.parametrize(("value", "message"), UNSENDABLE, ids=[m.split(" ", 1)[1][:24] for _, m in UNSENDABLE])
def test_arguments_json_cannot_carry_are_refused_by_name_and_nothing_is_sent(value: Any, message: str) -> None:
    # These raised UnicodeEncodeError, ValueError or TypeError from inside httpx, after modifiers ran.
    seen: list[httpx.Request] = []
    with Composio(api_key=KEY, base_url="http://api.test", transport=_recording(seen)) as composio:
        with pytest.raises(InvalidParamsError) as raised:
            composio.tools.execute("DEMO_X", {"x": value}, version="20250601_00")
    assert str(raised.value).startswith(f"cannot send POST /tools/execute/DEMO_X: {message}")
    assert KEY not in str(raised.value)
    assert [r.method for r in seen if r.method == "POST"] == []


def test_async_arguments_json_cannot_carry_are_refused_by_name() -> None:
    seen: list[httpx.Request] = []

    async def main() -> None:
        async with AsyncComposio(api_key=KEY, base_url="http://api.test", transport=_recording(seen)) as composio:
            with pytest.raises(InvalidParamsError, match=r"arguments\.x holds a lone surrogate \(U\+D83D"):
                await composio.tools.execute("DEMO_X", {"x": "\ud83d"}, version="20250601_00")

    asyncio.run(main())
    assert [r.method for r in seen if r.method == "POST"] == []


def test_a_model_call_with_a_lone_surrogate_fails_in_band_and_the_others_run(served: str, sandbox: Sandbox) -> None:
    with Composio(api_key=KEY, base_url=served, toolkit_versions={"demo": "20250601_00"}) as composio:
        composio.tools.get("u", toolkits=["demo"])
        calls = [("DEMO_TOOL_0", '{"x": "half \\ud83d"}'), ("DEMO_TOOL_1", '{"x": "b"}')]
        results = composio.provider.handle_tool_calls(_chat(*calls))
    assert [r["successful"] for r in results] == [False, True]
    assert "arguments.x holds a lone surrogate" in str(results[0]["error"])
    executed = [r.route for r in sandbox.requests if r.route.startswith("/tools/execute/")]
    assert executed == ["/tools/execute/DEMO_TOOL_1"]


ANY_TEXT = st.text(st.characters(codec=None, categories=None), max_size=4)  # lone surrogates included
BODY_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | ANY_TEXT
    | st.binary(max_size=2)
    | st.frozensets(st.integers(), max_size=2),
    lambda children: (
        st.lists(children, max_size=3)
        | st.tuples(children)
        | st.dictionaries(ANY_TEXT | st.integers() | st.floats(), children, max_size=3)
    ),
    max_leaves=12,
)


@given(BODY_VALUES)
def test_a_refusal_names_a_value_exactly_when_httpx_cannot_encode_the_body(value: Any) -> None:
    try:
        httpx.Request("POST", "http://api.test/x", json={"arguments": value})
        encodes = True
    except (TypeError, ValueError):
        encodes = False
    refused = wirejson.refusal("POST", "/x", {"json": {"arguments": value}})
    assert (refused is None) == encodes
    if refused is not None:
        assert str(refused).startswith("cannot send POST /x: arguments")


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.tools.execute("DEMO\ud83d", {}, version="20250601_00"),
        lambda c: c.toolkits.get("de\udc00mo"),
    ],
    ids=["execute", "toolkits.get"],
)
def test_a_slug_with_a_lone_surrogate_is_refused_and_nothing_is_sent(call: Any) -> None:
    # It raised UnicodeEncodeError while the slug was escaped into the path.
    seen: list[httpx.Request] = []
    with Composio(api_key=KEY, base_url="http://api.test", transport=_recording(seen)) as composio:
        with pytest.raises(InvalidSlugError, match=r"holds a lone surrogate \(U\+D[8C]"):
            call(composio)
    assert seen == []


@pytest.mark.parametrize(
    ("call", "where"),
    [
        (lambda c: c.tools.get("u", search="cut \ud83d"), "query"),
        (lambda c: c.tools.get("u", toolkits=["demo"], scopes=["repo\udc00"]), "scopes"),
        (lambda c: c.tools.get("u", slug="DEMO\ud83d"), "tool_slugs"),
    ],
    ids=["search", "scopes", "slug"],
)
def test_a_query_value_with_a_lone_surrogate_is_refused_by_name(call: Any, where: str) -> None:
    # They raised UnicodeEncodeError from inside httpx; the error names the query parameter.
    seen: list[httpx.Request] = []
    with Composio(api_key=KEY, base_url="http://api.test", transport=_recording(seen)) as composio:
        with pytest.raises(InvalidParamsError, match=rf"cannot send GET /tools: {where}\S* holds a lone surrogate"):
            call(composio)
    assert seen == []


@pytest.mark.parametrize("arguments", [[1, 2], None, "x"], ids=["list", "None", "str"])
def test_arguments_that_are_not_a_mapping_are_refused_by_name(arguments: Any) -> None:
    # They raised TypeError from inside dict().
    seen: list[httpx.Request] = []
    with Composio(api_key=KEY, base_url="http://api.test", transport=_recording(seen)) as composio:
        with pytest.raises(InvalidParamsError, match=r"DEMO_X: arguments must be a mapping of argument names"):
            composio.tools.execute("DEMO_X", arguments, version="20250601_00")
    assert [r for r in seen if r.method == "POST"] == []


@pytest.mark.parametrize(
    ("key", "what"),
    [
        ("sk-live-0123456789abcdef\n", "a line break (character 25 of 25)"),
        (" sk-live-0123456789abcdef", "a space at its start"),
        ("sk-live-0123456789abcdef\t", "a tab at its end"),
        ("sk-live-01234\u00e9567890abcdef", "a character no HTTP header can carry (U+00E9, character 14 of 26)"),
        ("sk-live-01234\x00567890abcdef", "a character no HTTP header can carry (U+0000, character 14 of 26)"),
    ],
    ids=["newline", "leading-space", "trailing-tab", "non-ascii", "nul"],
)
def test_an_api_key_no_header_can_carry_is_refused_without_showing_it(
    key: str, what: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A key read from a file keeps its line break: the connection error then printed the whole
    # key ("illegal header value b'sk-...\\n'"), and a non-ASCII one raised UnicodeEncodeError.
    for source in ("argument", "environment") if "\x00" not in key else ("argument",):  # no NUL in an environment
        monkeypatch.setenv("COMPOSIO_API_KEY", key if source == "environment" else "")
        with pytest.raises(InvalidParamsError) as raised:
            Composio(api_key=key if source == "argument" else None)
        message = str(raised.value)
        assert what in message and "0123456789abcdef" not in message and "0123456" not in message


def test_a_bad_toolkit_slug_is_refused_with_a_toolkit_slug_as_the_example() -> None:
    # It suggested a tool slug ("such as GITHUB_CREATE_AN_ISSUE") for a toolkit.
    seen: list[httpx.Request] = []
    with Composio(api_key=KEY, base_url="http://api.test", transport=_recording(seen)) as composio:
        with pytest.raises(
            InvalidSlugError, match=r"toolkit slug '\.\.' cannot name a resource; pass one such as github$"
        ):
            composio.toolkits.get("..")
        with pytest.raises(InvalidSlugError, match=r"tool slug '\.' cannot name a resource; pass one such as GITHUB_"):
            composio.tools.execute(".", {}, version="20250601_00")
    assert seen == []


@given(st.text(st.characters(codec=None, categories=None), max_size=12))
def test_a_header_value_the_wire_cannot_carry_is_always_refused_and_never_shown(text: str) -> None:
    value = "sk-" + text + "-key"
    try:
        h11.Request(method="GET", target="/", headers=[("Host", "api.test"), ("x-api-key", value.encode("ascii"))])
        carried = True
    except (UnicodeEncodeError, h11.LocalProtocolError):
        carried = False
    try:
        assert header_value(value, "the API key") == value
        refused = None
    except InvalidParamsError as error:
        refused = str(error)
    if refused is None:
        assert carried  # what is let through goes out as it is
    else:
        assert value not in refused
        # Stricter than h11 only for control characters, which no issued key holds.
        assert not carried or any(ord(c) < 0x20 and c != "\t" or c == "\x7f" for c in value)


@given(st.text(st.characters(codec=None, categories=None), max_size=8))
def test_a_header_name_is_refused_exactly_when_the_wire_cannot_carry_it(name: str) -> None:
    try:
        h11.Request(method="GET", target="/", headers=[("Host", "api.test"), (name.encode("ascii"), b"v")])
        carried = True
    except (UnicodeEncodeError, h11.LocalProtocolError):
        carried = False
    try:
        assert header_name(name) == name
        refused = False
    except InvalidParamsError:
        refused = True
    assert refused != carried


@given(
    slug=st.text(min_size=1, max_size=40),
    base=st.sampled_from(["http://api.test", "http://api.test/", "http://h:1/a/b"]),
)
def test_a_request_built_from_the_memoised_url_equals_httpxs_own_merge(slug: str, base: str) -> None:
    """Requests are built from each path's URL merged once; that URL is the one httpx's
    client would make of the path, for any slug the path can hold."""
    try:
        path = f"/tools/execute/{path_segment(slug)}"
    except InvalidSlugError:
        return
    with httpx.Client(base_url=base) as http:
        urls = _Urls(http)
        assert http.build_request("POST", urls[path], json={}).url == http.build_request("POST", path, json={}).url
        params = {"toolkit_versions": slug}
        assert (
            http.build_request("GET", urls[path], params=params).url
            == http.build_request("GET", path, params=params).url
        )


def test_the_url_memo_stays_bounded_whatever_slugs_a_model_sends() -> None:
    with httpx.Client(base_url="http://api.test") as http:
        urls = _Urls(http)
        for number in range(3 * _Urls.LIMIT):
            assert urls[f"/tools/execute/X{number}"].path == f"/tools/execute/X{number}"
        assert len(urls._known) <= _Urls.LIMIT
