"""The sandbox behaves like an API under abuse: 4xx JSON envelopes, 413, 408, bounded recording, clear port errors."""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from codegen.cli import main as cli
from runtime.sandbox import Sandbox, serving
from tests.conftest import CATALOG, catalog_tools
from tests.timing import seconds

HEADERS = {"x-api-key": "k", "content-type": "application/json"}


@contextlib.contextmanager
def _client(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with serving(sandbox) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield http


@pytest.mark.parametrize(
    "body",
    [
        b'{"version": ["x"], "arguments": {}}',
        b'{"version": {"a": 1}, "arguments": {}}',
        b"[" * 50_000 + b"]" * 50_000,
        b'{"arguments": {"x": ' + b"9" * 6_000 + b"}}",
        b'{"arguments": "not an object"}',
        b"\xff\xfe not utf-8",
    ],
)
def test_bad_execute_bodies_get_a_4xx_json_envelope(body: bytes) -> None:
    sandbox = Sandbox(catalog_tools())
    with _client(sandbox) as http:
        response = http.post("/api/v3.1/tools/execute/WEATHER_GET_FORECAST", content=body, headers=HEADERS)
    assert 400 <= response.status_code < 500 or (response.status_code == 200 and not response.json()["successful"])
    assert response.headers["content-type"] == "application/json"
    assert "error" in response.json()


@pytest.mark.parametrize("query", ["cursor=abc", "cursor=-5", "cursor=99999999999999999999", "limit=abc", "limit=-1"])
def test_bad_listing_queries_get_a_4xx_json_envelope(query: str) -> None:
    sandbox = Sandbox(catalog_tools())
    with _client(sandbox) as http:
        response = http.get(f"/api/v3.1/tools?toolkit_slug=weather&{query}", headers=HEADERS)
    assert response.status_code < 500, response.text
    assert response.headers["content-type"] == "application/json"


def test_a_body_over_the_limit_gets_413() -> None:
    sandbox = Sandbox(catalog_tools(), max_body_bytes=1000)
    with _client(sandbox) as http:
        response = http.post("/api/v3.1/tools/execute/WEATHER_GET_FORECAST", content=b" " * 5000, headers=HEADERS)
    assert response.status_code == 413 and response.json()["error"]["status"] == 413


def test_a_body_that_never_arrives_gets_408() -> None:
    sandbox = Sandbox(catalog_tools(), body_timeout=0.5)
    with serving(sandbox) as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=seconds(10)) as connection:
            connection.sendall(
                b"POST /api/v3.1/tools/execute/X HTTP/1.1\r\nhost: x\r\nx-api-key: k\r\ncontent-length: 100\r\n\r\n"
            )
            started = time.monotonic()
            answer = b""
            while b'"status": 408' not in answer and time.monotonic() - started < seconds(10):
                chunk = connection.recv(65536)
                if not chunk:
                    break
                answer += chunk
    assert answer.startswith(b"HTTP/1.1 408") and b'"status": 408' in answer
    assert time.monotonic() - started < 0.5 + seconds(4.5)  # the body timeout, and the answer


def test_recording_is_bounded_in_count_and_bytes() -> None:
    sandbox = Sandbox(catalog_tools(), max_recorded=5, max_recorded_bytes=200_000)
    with _client(sandbox) as http:
        for n in range(20):
            http.get(f"/api/v3.1/tools?n={n}", headers=HEADERS)
        assert len(sandbox.requests) == 5 and sandbox.requests[-1].query["n"] == ["19"]
        big = b'{"arguments": {"x": "' + b"a" * 90_000 + b'"}}'
        for _ in range(5):
            http.post("/api/v3.1/tools/execute/WEATHER_GET_FORECAST", content=big, headers=HEADERS)
    assert sum(len(str(r.body)) for r in sandbox.requests) <= 200_000 + 1_000


def test_a_port_in_use_exits_2_with_a_clear_message(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        code = cli.main(["sandbox", "--catalog", str(Path(CATALOG)), "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 2 and f"cannot listen on 127.0.0.1:{port}" in err and "--port" in err
