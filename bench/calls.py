"""Call overhead against a loopback server that answers canned bytes (:mod:`bench.canned`, in
its own process, so neither its cost nor its share of the GIL hides the client's).

Contenders are alternated, best of N each (the machine's speed drifts). The parts of a typed
call that are ours alone (validating the arguments, dumping them to wire JSON, typing the
result) are timed on their own, without the network.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from bench.canned import EXECUTED, serving
from bench.measure import Figure, alternate

CONCURRENT = 100
ARGUMENTS: dict[str, Any] = {"latitude": 52.5, "longitude": 13.4}
BODY: dict[str, Any] = {"arguments": ARGUMENTS, "version": "20250301_00", "user_id": "u"}
EXECUTE_PATH = "/api/v3.1/tools/execute/WEATHER_GET_FORECAST"


def _per_call(run: Callable[[], object], count: int) -> float:
    """Seconds per call of ``run``, after one warm-up call (connection, imports)."""
    run()
    started = time.perf_counter()
    for _ in range(count):
        run()
    return (time.perf_counter() - started) / count


async def _timed(call: Callable[[], Awaitable[object]], count: int) -> float:
    """Seconds per call, ``CONCURRENT`` at a time, after one warm-up batch."""
    await asyncio.gather(*(call() for _ in range(CONCURRENT)))
    batches = max(1, count // CONCURRENT)
    started = time.perf_counter()
    for _ in range(batches):
        await asyncio.gather(*(call() for _ in range(CONCURRENT)))
    return (time.perf_counter() - started) / (batches * CONCURRENT)


def _async_figure(url: str, count: int, rounds: int) -> Figure:
    """Typed calls on one ``AsyncComposio``, 100 at a time, against raw ``httpx.AsyncClient``
    POSTs at the same concurrency (the official SDK has no async client)."""
    from generated import weather
    from runtime import AsyncComposio

    def ours() -> float:
        async def run() -> float:
            async with AsyncComposio(api_key="bench-key", base_url=url) as composio:
                kit = weather.AsyncWeather(composio, user_id="u")
                return await _timed(lambda: kit.get_forecast(**ARGUMENTS), count)

        return asyncio.run(run())

    def plain() -> float:
        async def run() -> float:
            async with httpx.AsyncClient(base_url=url) as raw:

                async def post() -> object:
                    return (await raw.post(EXECUTE_PATH, json=BODY, headers={"x-api-key": "k"})).json()

                return await _timed(post, count)

        return asyncio.run(run())

    typed, raw = alternate(ours, plain, rounds=rounds)
    return Figure(
        f"async typed calls/s, {CONCURRENT} concurrent on one client (vs raw httpx.AsyncClient)",
        1 / typed,
        1 / raw,
        "/s",
        "≥ 0.87×",
        typed <= 1.15 * raw,
    )


class _Answered:
    """A client's ``tools`` that answers at once: what the facade adds, without the call."""

    def execute(self, slug: str, arguments: Any, **options: Any) -> None:
        return None


def _parts(count: int, rounds: int) -> list[Figure]:
    """What a typed call spends in our code around the request, per call."""
    from generated.weather.get_forecast import SPEC
    from runtime.facade import TypedTools

    model = SPEC.input_model.model_validate(ARGUMENTS, strict=True)
    facade: TypedTools[object] = TypedTools(_Answered(), {"WEATHER_GET_FORECAST": "20250301_00"})
    response = json.loads(EXECUTED)
    steps = {
        "validating the arguments (input model, strict)": lambda: SPEC.input_model.model_validate(
            ARGUMENTS, strict=True
        ),
        "dumping them to wire JSON": lambda: model.model_dump(mode="json", by_alias=True, exclude_unset=True),
        "typing the result (output model)": lambda: SPEC.result(response),
        "forwarding through the typed facade (pin, arguments)": lambda: facade.forward_execute(
            "WEATHER_GET_FORECAST", ARGUMENTS, {"user_id": "u"}
        ),
    }
    return [
        Figure(f"a typed call's {name}", min(_per_call(step, count) for _ in range(rounds)) * 1e6, None, "µs")
        for name, step in steps.items()
    ]


def figures(quick: bool, rounds: int) -> list[Figure]:
    count = 200 if quick else 1000
    with serving() as url:
        found = [_async_figure(url, count, rounds), *_sync_figures(url, count, rounds)]
    return found + _parts(count * 10, rounds)


def _sync_figures(url: str, count: int, rounds: int) -> list[Figure]:
    from generated import weather
    from runtime import Composio

    with Composio(api_key="bench-key", base_url=url) as composio, httpx.Client(base_url=url) as raw:
        kit = weather.Weather(composio, user_id="u")
        typed, plain = alternate(
            lambda: _per_call(lambda: kit.get_forecast(**ARGUMENTS), count),
            lambda: _per_call(lambda: raw.post(EXECUTE_PATH, json=BODY, headers={"x-api-key": "k"}).json(), count),
            rounds=rounds,
        )
        found = [
            Figure(
                "typed call (vs raw httpx POST of the same body)",
                typed * 1e6,
                plain * 1e6,
                "µs",
                "≤ 1.15×",
                typed <= 1.15 * plain,
            )
        ]
        try:
            import composio as official
        except ImportError:
            return found
        client = official.Composio(api_key="bench-key", base_url=url)

        def execute(tools: Any) -> Callable[[], float]:
            return lambda: _per_call(
                lambda: tools.execute("WEATHER_GET_FORECAST", ARGUMENTS, user_id="u", version="20250301_00"), count
            )

        ours, theirs = alternate(execute(composio.tools), execute(client.tools), rounds=rounds)
        through, direct = alternate(execute(weather.typed(composio).tools), execute(composio.tools), rounds=rounds)
    found.append(
        Figure(
            "tools.execute through the typed facade (vs the same client's tools.execute)",
            through * 1e6,
            direct * 1e6,
            "µs",
            "≤ 1.05×",
            through <= 1.05 * direct,
        )
    )
    found.append(
        Figure(
            "tools.execute calls/s (vs the official composio SDK)",
            1 / ours,
            1 / theirs,
            "/s",
            "≥ 2×",
            theirs >= 2 * ours,
        )
    )
    return found
