"""Call overhead against a loopback server that answers canned bytes (so the server hides nothing)."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Awaitable, Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from bench.measure import Figure

_EXECUTED = json.dumps(
    {
        "data": {"place": "Berlin", "days": [{"date": "2025-01-01", "low": 1.0, "high": 5.0}]},
        "error": None,
        "successful": True,
    }
).encode()
_TOOL = json.dumps(
    {
        "slug": "WEATHER_GET_FORECAST",
        "name": "Get forecast",
        "description": "",
        "version": "20250301_00",
        "toolkit": {"slug": "weather", "name": "Weather"},
        "input_parameters": {"type": "object", "properties": {}},
    }
).encode()


class _Canned(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once: no 40 ms delayed-ACK stalls

    def _answer(self, body: bytes) -> None:
        length = int(self.headers.get("content-length") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # noqa: N802
        self._answer(_EXECUTED)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(_TOOL)

    def log_message(self, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    request_queue_size = 512  # 100 concurrent clients connect at once
    daemon_threads = True


def _per_call(run: object, count: int) -> float:
    assert callable(run)
    run()  # warm up: connection, imports
    started = time.perf_counter()
    for _ in range(count):
        run()
    return (time.perf_counter() - started) / count


CONCURRENT = 100


def _async_figure(url: str, count: int, rounds: int, body: dict[str, Any]) -> Figure:
    """Typed calls on one ``AsyncComposio``, 100 at a time, against raw ``httpx.AsyncClient``
    POSTs at the same concurrency (the official SDK has no async client)."""
    from generated import weather
    from runtime import AsyncComposio

    def ours() -> float:
        async def run() -> float:
            async with AsyncComposio(api_key="bench-key", base_url=url) as composio:
                kit = weather.AsyncWeather(composio, user_id="u")
                return await _timed(lambda: kit.get_forecast(latitude=52.5, longitude=13.4), count)

        return asyncio.run(run())

    def plain() -> float:
        async def run() -> float:
            async with httpx.AsyncClient(base_url=url) as raw:
                path = "/api/v3.1/tools/execute/WEATHER_GET_FORECAST"

                async def post() -> object:
                    return (await raw.post(path, json=body, headers={"x-api-key": "k"})).json()

                return await _timed(post, count)

        return asyncio.run(run())

    typed = min(ours() for _ in range(rounds))
    raw = min(plain() for _ in range(rounds))
    return Figure(
        f"async typed calls/s, {CONCURRENT} concurrent on one client (vs raw httpx.AsyncClient)",
        1 / typed,
        1 / raw,
        "/s",
        "≥ 0.87×",
        typed <= 1.15 * raw,
    )


async def _timed(call: Callable[[], Awaitable[object]], count: int) -> float:
    """Seconds per call, ``CONCURRENT`` at a time, after one warm-up batch."""
    await asyncio.gather(*(call() for _ in range(CONCURRENT)))
    batches = max(1, count // CONCURRENT)
    started = time.perf_counter()
    for _ in range(batches):
        await asyncio.gather(*(call() for _ in range(CONCURRENT)))
    return (time.perf_counter() - started) / (batches * CONCURRENT)


def figures(quick: bool, rounds: int) -> list[Figure]:
    from generated import weather
    from runtime import Composio

    server = _Server(("127.0.0.1", 0), _Canned)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    count = 200 if quick else 1000
    body: dict[str, Any] = {
        "arguments": {"latitude": 52.5, "longitude": 13.4},
        "version": "20250301_00",
        "user_id": "u",
    }
    try:
        with Composio(api_key="bench-key", base_url=url) as composio, httpx.Client(base_url=url) as raw:
            kit = weather.Weather(composio, user_id="u")
            typed = min(
                _per_call(lambda: kit.get_forecast(latitude=52.5, longitude=13.4), count) for _ in range(rounds)
            )
            plain = min(
                _per_call(
                    lambda: raw.post(
                        "/api/v3.1/tools/execute/WEATHER_GET_FORECAST", json=body, headers={"x-api-key": "k"}
                    ).json(),
                    count,
                )
                for _ in range(rounds)
            )
            ours_execute = min(
                _per_call(
                    lambda: composio.tools.execute(
                        "WEATHER_GET_FORECAST", body["arguments"], user_id="u", version="20250301_00"
                    ),
                    count,
                )
                for _ in range(rounds)
            )
        figures = [
            _async_figure(url, count, rounds, body),
            Figure(
                "typed call (vs raw httpx POST of the same body)",
                typed * 1e6,
                plain * 1e6,
                "µs",
                "≤ 1.15×",
                typed <= 1.15 * plain,
            ),
        ]
        try:
            import composio as official
        except ImportError:
            return figures
        client = official.Composio(api_key="bench-key", base_url=url)
        theirs = min(
            _per_call(
                lambda: client.tools.execute(
                    "WEATHER_GET_FORECAST", body["arguments"], user_id="u", version="20250301_00"
                ),
                count,
            )
            for _ in range(rounds)
        )
        figures.append(
            Figure(
                "tools.execute calls/s (vs the official composio SDK)",
                1 / ours_execute,
                1 / theirs,
                "/s",
                "≥ 2×",
                theirs >= 2 * ours_execute,
            )
        )
        return figures
    finally:
        server.shutdown()
