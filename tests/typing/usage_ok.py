"""Correct use of the generated toolkits: must pass mypy --strict with no error."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from typing_extensions import assert_type

import generated
from generated import acme_tracker, docstore, weather
from generated.acme_tracker.create_issue import AssigneesItem
from generated.docstore.append_blocks import Divider, Heading, Paragraph, RichText
from runtime import (
    AnySlug,
    AsyncComposio,
    Composio,
    ToolExecuteParams,
    ToolExecutionResponse,
    ToolFailure,
    ToolMisfit,
    ToolResult,
    ToolSuccess,
    before_execute,
    before_tool,
)


@before_execute(tools=[acme_tracker.Slug.CREATE_ISSUE])
def add_label(_tool: str, _toolkit: str, params: ToolExecuteParams) -> ToolExecuteParams:
    params["arguments"].setdefault("labels", ["triage"])
    return params


@before_tool(weather.GetForecastInput)
def at_least_three_days(arguments: weather.GetForecastInput) -> weather.GetForecastInput:
    return arguments.model_copy(update={"days": max(arguments.days, 3)})


def sync_calls(client: Composio) -> int:
    tracker = acme_tracker.AcmeTracker(client, user_id="user_1", modifiers=[add_label, at_least_three_days])
    created: ToolResult[acme_tracker.CreateIssueOutput] = tracker.create_issue(
        owner="acme",
        repo="app",
        title="Crash on start",
        labels=("bug", "p1"),
        assignees=[AssigneesItem(login="ana", role="owner")],
        milestone=None,  # nullable: sends an explicit null
        body=None,  # nullable (OpenAPI style)
    )
    number = created.data.number if created.data is not None else 0
    found = tracker.search_issues(q="crash", from_="2025-01-01", async_=True, top=10, field_1st=False, self_="me")
    titles = [issue.title for issue in found.data or []]
    docs = docstore.Docstore(client, connected_account_id="ca_1")
    docs.append_blocks(
        page_id="p1",
        blocks=[
            Paragraph(type="paragraph", text=[RichText(content="hi")]),
            Paragraph(type="paragraph", text=[{"content": "as a dict", "bold": True}]),  # a model takes dicts
            {"type": "heading", "level": 1, "text": [{"content": "all dicts"}]},  # so does the wrapper
            Heading(type="heading", level=2, text=[]),
            Divider(type="divider"),
        ],
    )
    docs.update_page(page_id="p1", icon=None)
    stations: list[str] = weather.Weather(client).list_stations().data or []
    raw = weather.Weather(client).get_raw_observation(station="x").data
    if raw is not None:
        raw.get("temperature")
    return number + len(titles) + len(stations)


async def async_calls(client: AsyncComposio) -> float:
    forecast = await weather.AsyncWeather(client).get_forecast(latitude=52.5, longitude=13.4, units="metric")
    if forecast.successful and forecast.data is not None:
        return forecast.data.days[0].high
    return 0.0


def main() -> None:
    with Composio(api_key="key") as client:
        sync_calls(client)
    asyncio.run(async_calls(AsyncComposio(api_key="key")))


def narrowing_on_ok(client: Composio) -> int:
    """``ok is True`` narrows in every checker (mypy narrows on plain ``if result.ok:`` too)."""
    result = acme_tracker.AcmeTracker(client).create_issue(owner="a", repo="b", title="c")
    if result.ok is True:
        return result.data.number
    return 0


def narrowing_by_match(client: Composio) -> int:
    """Each outcome type narrows in ``match``; every outcome is a ``ToolResult``."""
    result = acme_tracker.AcmeTracker(client).create_issue(owner="a", repo="b", title="c")
    match result:
        case ToolSuccess(data=data):
            return data.number
        case ToolMisfit(validation_error=problem):
            return problem.error_count()
        case ToolFailure(error=error):
            return len(error or "")


def unwrapped(result: ToolResult[acme_tracker.CreateIssueOutput]) -> int:
    return result.unwrap().number


def typed_dynamic_calls(client: Composio, chosen: str) -> int:
    """The tools API as users already write it, checked through the typed facade."""
    composio = acme_tracker.typed(client)
    created = composio.tools.execute(
        "ACME_TRACKER_CREATE_ISSUE",
        {"owner": "acme", "repo": "app", "title": "Crash", "assignees": [{"login": "ada"}, AssigneesItem(login="bo")]},
        user_id="user_1",
    )
    assert_type(created, ToolExecutionResponse[acme_tracker.CreateIssueOutputDict])
    assert_type(created["data"]["number"], int)
    found = composio.tools.execute(acme_tracker.Slug.SEARCH_ISSUES, {"q": "is:open"}, version="20250601_00")
    titles = [issue["title"] for issue in found["data"]]
    anything = composio.tools.execute(AnySlug(chosen), {"any": "mapping"})
    assert_type(anything["data"], Any)
    composio.tools.get("user_1", tools=["ACME_TRACKER_CREATE_ISSUE", AnySlug(chosen)], toolkits=["acme_tracker"])
    return created["data"]["number"] + len(titles)


async def typed_async_calls(client: AsyncComposio) -> int:
    composio = weather.typed(client)
    stations = await composio.tools.execute("WEATHER_LIST_STATIONS", {})
    return len(stations["data"])


def typed_over_every_toolkit(client: Composio) -> str:
    composio = generated.typed(client)
    page = composio.tools.execute("DOCSTORE_EXPORT_PAGE", {"page_id": "p1"})
    forecast = composio.tools.execute("WEATHER_GET_FORECAST", {"latitude": 1.0, "longitude": 2.0})
    assert_type(forecast, ToolExecutionResponse[weather.GetForecastOutputDict])
    return str(page["data"]) + str(forecast["data"])


def any_sequence_but_a_string(client: Composio, labels: Sequence[str], tags: tuple[str, ...]) -> None:
    """An array of strings takes a ``Sequence[str]`` value, a tuple or a list, through the
    wrapper and the facade alike (``SequenceNotStr`` refuses only a ``str``)."""
    tracker = acme_tracker.AcmeTracker(client)
    tracker.create_issue(owner="a", repo="b", title="c", labels=labels)
    tracker.create_issue(owner="a", repo="b", title="c", labels=tags)
    tracker.create_issue(owner="a", repo="b", title="c", labels=["bug"])
    acme_tracker.typed(client).tools.execute(
        "ACME_TRACKER_CREATE_ISSUE", {"owner": "a", "repo": "b", "title": "c", "labels": labels}
    )
