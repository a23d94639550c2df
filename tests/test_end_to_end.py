"""End to end: the committed generated toolkits on the runtime against the sandbox over loopback
HTTP, sync and async, with typed hooks and the version pin; and the examples/ programs."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from typing import Any

from generated import acme_tracker, weather
from runtime import AsyncComposio, Composio, before_tool
from runtime.sandbox import ExecuteContext, Sandbox
from tests.conftest import REPO

KEY = "k"


@before_tool(weather.GetForecastInput)
def two_days(arguments: weather.GetForecastInput) -> weather.GetForecastInput:
    arguments.days = 2
    return arguments


def test_sync_toolkit_call_is_validated_at_the_pinned_version_and_typed(served: str, sandbox: Sandbox) -> None:
    @sandbox.handler(acme_tracker.Slug.CREATE_ISSUE)
    def create(arguments: dict[str, Any], context: ExecuteContext) -> dict[str, Any]:
        return {"number": 42, "url": f"https://acme.test/{arguments['repo']}/42", "version_seen": context.version}

    with Composio(api_key=KEY, base_url=served) as composio:
        tracker = acme_tracker.AcmeTracker(composio, user_id="user_1")
        created = tracker.create_issue(owner="acme", repo="app", title="Crash", labels=["bug"])
        forecast = weather.Weather(composio, modifiers=[two_days]).get_forecast(latitude=1.0, longitude=2.0)
    assert created.successful and created.data is not None
    assert isinstance(created.data, acme_tracker.CreateIssueOutput)
    assert (created.data.number, created.raw_data["version_seen"]) == (42, acme_tracker.VERSION)
    assert isinstance(forecast.data, weather.GetForecastOutput)
    bodies = [r.body for r in sandbox.executions()]
    assert bodies[0]["version"] == acme_tracker.VERSION and bodies[0]["user_id"] == "user_1"
    assert bodies[1] == {"arguments": {"latitude": 1.0, "longitude": 2.0, "days": 2}, "version": weather.VERSION}


def test_async_toolkit_over_loopback(served: str, sandbox: Sandbox) -> None:
    async def scenario() -> Any:
        async with AsyncComposio(api_key=KEY, base_url=served) as composio:
            return await weather.AsyncWeather(composio).list_stations()

    stations = asyncio.run(scenario())
    assert stations.successful and stations.data == ["text"]
    assert sandbox.executions()[0].body == {"arguments": {}, "version": weather.VERSION}


def test_the_server_checks_arguments_against_the_version_asked(served: str) -> None:
    draft = {"owner": "a", "repo": "b", "title": "c", "state": "draft"}
    with Composio(api_key=KEY, base_url=served) as composio:
        old = composio.tools.execute(acme_tracker.Slug.CREATE_ISSUE, draft, version="20250101_00")
        pinned = composio.tools.execute(acme_tracker.Slug.CREATE_ISSUE, draft, version=acme_tracker.VERSION)
    assert old["successful"]
    assert not pinned["successful"]  # "draft" was removed in the pinned version
    assert str(pinned["error"]).startswith("Invalid request data provided\n- state:")


def _run_example(name: str, url: str) -> str:
    env = {**os.environ, "COMPOSIO_API_KEY": KEY, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, str(REPO / "examples" / name), "--base-url", url],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_examples_run_against_the_sandbox(served: str, sandbox: Sandbox) -> None:
    agent = _run_example("agent_loop.py", served)
    assert "[WEATHER_GET_FORECAST] successful=True" in agent
    assert "assistant: 2 days forecast" in agent or "assistant: 1 days forecast" in agent
    typed = _run_example("typed_call.py", served)
    assert f"pinned at {weather.VERSION}" in typed
    forecast_calls = [r.body for r in sandbox.executions(weather.Slug.GET_FORECAST)]
    assert forecast_calls[-1]["arguments"]["days"] == 3  # the typed hook raised days=1 to 3


def test_unwrap_gives_the_typed_data_or_raises_what_went_wrong(served: str, sandbox: Sandbox) -> None:
    import pytest

    from runtime import OutputValidationError, ToolExecutionError

    answers = iter([{"number": 7, "url": "https://acme.test/7"}, {"number": "not a number"}])

    @sandbox.handler(acme_tracker.Slug.CREATE_ISSUE)
    def create(arguments: dict[str, Any], context: ExecuteContext) -> dict[str, Any]:
        answer = next(answers, None)
        if answer is None:
            raise RuntimeError("the tracker is down")
        return answer

    with Composio(api_key=KEY, base_url=served) as composio:
        tracker = acme_tracker.AcmeTracker(composio, user_id="user_1")
        issue = tracker.create_issue(owner="acme", repo="app", title="Crash").unwrap()
        misfit = tracker.create_issue(owner="acme", repo="app", title="Crash")
        failed = tracker.create_issue(owner="acme", repo="app", title="Crash")
    assert isinstance(issue, acme_tracker.CreateIssueOutput) and issue.number == 7
    with pytest.raises(OutputValidationError) as unfit:
        misfit.unwrap()
    assert unfit.value.raw == {"number": "not a number"} and unfit.value.validation_error is misfit.validation_error
    with pytest.raises(ToolExecutionError, match="the tracker is down") as down:
        failed.unwrap()
    assert down.value.raw is failed.raw
