"""The HTTP layer against the sandbox over loopback: retries, timeouts, faults, errors, secrets."""

from __future__ import annotations

import asyncio
import http.server
import json
import logging
import threading
from collections.abc import Iterator
from typing import ClassVar

import httpx
import pytest

from runtime import (
    APIConnectionError,
    APIError,
    ApiKeyNotProvidedError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    Composio,
    ConflictError,
    GoneError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from runtime.retries import Attempts, RetryPolicy, retry_after
from runtime.sandbox import Fault, Sandbox
from runtime.transport import Reply
from tests.timing import seconds

KEY = "sk-very-secret-key"
PINNED = {"demo": "20250601_00"}
BACKOFF = RetryPolicy.backoff  # the real one, before the fixture below stubs it


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Backoff waits are tested as numbers below; here they would only slow the suite."""
    monkeypatch.setattr(RetryPolicy, "backoff", lambda self, retry: 0.0)


def client(url: str, **options: object) -> Composio:
    return Composio(api_key=KEY, base_url=url, toolkit_versions=PINNED, **options)  # type: ignore[arg-type]


def test_headers_are_those_the_official_sdk_sends(served: str, sandbox: Sandbox) -> None:
    with client(served) as composio:
        composio.tools.execute("DEMO_TOOL_1", {"x": "a"})
    headers = sandbox.requests[-1].headers
    assert headers["x-source"] == "PYTHON_SDK"
    assert headers["x-framework"] == "openai"
    assert headers["user-agent"].startswith("toolstubs/")
    assert "x-api-key" not in headers  # the sandbox records requests without the key


def test_idempotent_requests_are_retried_on_503_and_408(served: str, sandbox: Sandbox) -> None:
    sandbox.faults += [
        Fault("status", status=503, path="/tools/DEMO_TOOL_1", times=1),
        Fault("status", status=408, path="/tools/DEMO_TOOL_1", times=1),
    ]
    with client(served) as composio:
        result = composio.tools.execute("DEMO_TOOL_1", {"x": "a"})
    assert result["successful"]
    lookups = [r for r in sandbox.requests if r.route == "/tools/DEMO_TOOL_1"]
    assert len(lookups) == 3
    assert len(sandbox.executions()) == 1


def test_retries_stop_at_max_retries(served: str, sandbox: Sandbox) -> None:
    sandbox.faults.append(Fault("status", status=502, path="/tools", times=None))
    with client(served, max_retries=3) as composio, pytest.raises(InternalServerError) as raised:
        composio.tools.get("u", toolkits=["demo"])
    assert raised.value.status == 502
    assert len([r for r in sandbox.requests if r.route == "/tools"]) == 4


def test_client_errors_are_not_retried(served: str, sandbox: Sandbox) -> None:
    with client(served) as composio, pytest.raises(NotFoundError):
        composio.tools.execute("NO_SUCH_TOOL", {})
    assert len(sandbox.requests) == 1


@pytest.mark.parametrize("fault", ["status", "drop", "delay"])
def test_execute_is_never_sent_twice_once_it_may_have_reached_the_server(
    served: str, sandbox: Sandbox, fault: str
) -> None:
    sandbox.faults.append(
        Fault(fault, status=503, delay=seconds(2.0), path="/tools/execute/DEMO_TOOL_1", times=None)  # type: ignore[arg-type]
    )
    expected = {"status": InternalServerError, "drop": APIConnectionError, "delay": APITimeoutError}[fault]
    with client(served, max_retries=5, timeout=seconds(0.3)) as composio, pytest.raises(expected):
        composio.tools.execute("DEMO_TOOL_1", {"x": "a"})
    assert len(sandbox.executions("DEMO_TOOL_1")) == 1


def test_execute_is_retried_when_the_connection_was_never_opened() -> None:
    attempts: list[httpx.Request] = []

    def refuse_once(request: httpx.Request) -> httpx.Response:
        attempts.append(request)
        if len(attempts) == 1:
            raise httpx.ConnectError("connection refused", request=request)
        return httpx.Response(200, json={"data": {}, "error": None, "successful": True})

    composio = Composio(api_key=KEY, base_url="http://test", transport=httpx.MockTransport(refuse_once))
    result = composio.tools.execute_for_toolkit("DEMO_TOOL_1", "demo", {"x": "a"}, None, {"version": "20250101_00"})
    assert result["successful"]
    assert len(attempts) == 2


def test_dropped_connections_are_retried_for_reads(served: str, sandbox: Sandbox) -> None:
    sandbox.faults.append(Fault("drop", path="/tools/DEMO_TOOL_2", times=2))
    with client(served) as composio:
        assert composio.tools.execute("DEMO_TOOL_2", {"x": "a"})["successful"]
    assert len([r for r in sandbox.requests if r.route == "/tools/DEMO_TOOL_2"]) == 3


def test_timeouts_fire(served: str, sandbox: Sandbox) -> None:
    sandbox.faults.append(Fault("delay", delay=3.0, path="/tools", times=None))
    with client(served, timeout=0.2, max_retries=1) as composio, pytest.raises(APITimeoutError, match="timed out"):
        composio.tools.get("u", toolkits=["demo"])
    assert len([r for r in sandbox.requests if r.route == "/tools"]) == 2


def test_malformed_bodies_are_an_error_not_a_crash(served: str, sandbox: Sandbox) -> None:
    sandbox.faults.append(Fault("malformed", path="/tools/execute/DEMO_TOOL_1"))
    with client(served) as composio, pytest.raises(APIError, match="malformed response body"):
        composio.tools.execute("DEMO_TOOL_1", {"x": "a"})


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (410, GoneError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (503, InternalServerError),
        (418, APIError),
    ],
)
def test_error_statuses_map_to_typed_errors_with_the_envelope(status: int, kind: type[APIError]) -> None:
    envelope = {"message": "Nope", "code": 1803, "status": status, "request_id": "req_9", "suggested_fix": "Connect"}

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json={"error": envelope})

    composio = Composio(api_key=KEY, base_url="http://test", max_retries=0, transport=httpx.MockTransport(answer))
    with pytest.raises(kind) as raised:
        composio.tools.execute("DEMO_TOOL_1", {})
    error = raised.value
    assert type(error) is kind
    assert (error.status, error.code, error.request_id, error.suggested_fix) == (status, 1803, "req_9", "Connect")
    assert all(part in str(error) for part in ("Nope", f"HTTP {status}", "code 1803", "req_9", "Connect"))


def test_the_key_never_shows_in_errors_reprs_or_logs(
    served: str, sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sandbox.faults.append(Fault("status", status=503, path="/tools", times=None))
    composio = client(served)
    with pytest.raises(InternalServerError) as raised:
        composio.tools.get("u", toolkits=["demo"])
    composio.close()
    assert "retrying GET /tools" in caplog.text
    for text in (str(raised.value), repr(raised.value), repr(composio), repr(composio.tools), caplog.text):
        assert KEY not in text
    wrong = Composio(api_key="wrong", base_url=served)
    sandbox.api_key = KEY
    with pytest.raises(AuthenticationError) as denied:
        wrong.tools.execute("DEMO_TOOL_1", {"x": "a"}, version="20250101_00")
    assert "wrong" not in str(denied.value)


def test_environment_supplies_key_and_base_url(served: str, monkeypatch: pytest.MonkeyPatch, sandbox: Sandbox) -> None:
    monkeypatch.setenv("COMPOSIO_API_KEY", KEY)
    monkeypatch.setenv("COMPOSIO_BASE_URL", served)
    with Composio(toolkit_versions=PINNED) as composio:
        assert composio.tools.execute("DEMO_TOOL_1", {"x": "a"})["successful"]
    assert sandbox.requests[0].path.startswith("/api/v3.1/")
    monkeypatch.delenv("COMPOSIO_API_KEY")
    with pytest.raises(ApiKeyNotProvidedError, match="COMPOSIO_API_KEY"):
        Composio()


def test_the_api_prefix_is_configurable(served: str, sandbox: Sandbox) -> None:
    with Composio(api_key=KEY, base_url=served, api_prefix="/api/v3", toolkit_versions=PINNED) as composio:
        composio.tools.execute("DEMO_TOOL_1", {"x": "a"})
    assert {r.path.rsplit("/tools", 1)[0] for r in sandbox.requests} == {"/api/v3"}


def test_backoff_grows_exponentially_with_jitter_and_a_ceiling() -> None:
    policy = RetryPolicy(max_retries=10, initial_delay=0.5, max_delay=8.0)
    for retry, ceiling in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (5, 8.0), (9, 8.0)]:
        delays = [BACKOFF(policy, retry) for _ in range(200)]
        assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
        assert len(set(delays)) > 1


def _reply(status: int, **headers: str) -> Reply:
    request = httpx.Request("GET", "http://test/tools")
    return Reply(request, status, httpx.Headers({k.replace("_", "-"): v for k, v in headers.items()}), b"")


def test_retry_after_in_seconds_milliseconds_and_dates() -> None:
    assert retry_after(_reply(429, retry_after="1.5")) == 1.5
    assert retry_after(_reply(429, retry_after_ms="250")) == 0.25
    assert retry_after(_reply(429, retry_after="Wed, 21 Oct 2015 07:28:00 GMT")) == 0.0
    assert retry_after(_reply(429, retry_after="soon")) is None
    attempts = Attempts(RetryPolicy(max_retries=2), idempotent=True, what="GET /tools")
    assert attempts.after_response(_reply(429, retry_after="0.7")) == 0.7
    assert attempts.after_response(_reply(503, x_should_retry="false")) is None
    assert attempts.after_response(_reply(400, x_should_retry="true")) == 0.0
    assert attempts.after_response(_reply(503)) is None  # retries used up


class _Recording(http.server.BaseHTTPRequestHandler):
    """Answers every POST as a successful execution and records its request line and headers."""

    protocol_version = "HTTP/1.1"
    seen: ClassVar[list[tuple[str, dict[str, str]]]] = []

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("content-length") or 0))
        self.seen.append((self.requestline, {k.lower(): v for k, v in self.headers.items()}))
        body = json.dumps({"data": {"place": "x", "days": []}, "error": None, "successful": True}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recording() -> Iterator[tuple[int, list[tuple[str, dict[str, str]]]]]:
    """A loopback server recording what reaches it; yields its port and what it saw."""
    seen: list[tuple[str, dict[str, str]]] = []
    handler = type("Handler", (_Recording,), {"seen": seen})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1], seen
    finally:
        server.shutdown()
        server.server_close()


def _forecast(composio: Composio) -> None:
    from generated import weather

    assert weather.Weather(composio, user_id="u").get_forecast(latitude=1.0, longitude=2.0).ok


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "ALL_PROXY", "http_proxy"])
def test_a_proxy_the_environment_names_carries_every_request(
    variable: str, recording: tuple[int, list[tuple[str, dict[str, str]]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Requests skip httpx's client layer only where nothing routes them: a proxy from the
    environment is used exactly as httpx's client uses it."""
    port, seen = recording
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.setenv(variable, f"http://127.0.0.1:{port}")
    with Composio(api_key=KEY, base_url="http://composio.invalid") as composio:
        _forecast(composio)
    assert [line for line, _ in seen] == [
        "POST http://composio.invalid/api/v3.1/tools/execute/WEATHER_GET_FORECAST HTTP/1.1"
    ]


def test_credentials_in_the_base_url_are_sent_as_httpx_sends_them(
    recording: tuple[int, list[tuple[str, dict[str, str]]]],
) -> None:
    port, seen = recording
    with Composio(api_key=KEY, base_url=f"http://user:pass@127.0.0.1:{port}") as composio:
        _forecast(composio)
    assert seen[0][1]["authorization"] == "Basic dXNlcjpwYXNz"


def test_requests_sent_straight_to_the_transport_carry_the_clients_headers(
    recording: tuple[int, list[tuple[str, dict[str, str]]]],
) -> None:
    port, seen = recording
    with Composio(api_key=KEY, base_url=f"http://127.0.0.1:{port}") as composio:
        _forecast(composio)
        _forecast(composio)
    assert [line for line, _ in seen] == ["POST /api/v3.1/tools/execute/WEATHER_GET_FORECAST HTTP/1.1"] * 2
    headers = seen[0][1]
    assert headers["x-api-key"] == KEY
    assert headers["x-source"] == "PYTHON_SDK"
    assert headers["content-type"] == "application/json"


def test_the_async_client_uses_a_proxy_the_environment_names_too(
    recording: tuple[int, list[tuple[str, dict[str, str]]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from generated import weather
    from runtime import AsyncComposio

    port, seen = recording
    for name in ("HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{port}")

    async def call() -> None:
        async with AsyncComposio(api_key=KEY, base_url="http://composio.invalid") as composio:
            kit = weather.AsyncWeather(composio, user_id="u")
            assert (await kit.get_forecast(latitude=1.0, longitude=2.0)).ok

    asyncio.run(call())
    assert [line for line, _ in seen] == [
        "POST http://composio.invalid/api/v3.1/tools/execute/WEATHER_GET_FORECAST HTTP/1.1"
    ]
