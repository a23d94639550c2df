"""Deliberate misuse of the generated toolkits: every line marked ``# E`` must be a mypy error.

The exact mypy output is committed beside this file (usage_bad.mypy.out).
"""

from __future__ import annotations

from openai import OpenAI

import runtime
from generated import acme_tracker, docstore, weather
from generated.acme_tracker import Slug
from generated.acme_tracker.create_issue import AssigneesItem, CreateIssueInput
from generated.docstore.append_blocks import Heading
from runtime import AnthropicProvider, AnySlug, AsyncComposio, Composio, before_tool, providers


def misuse(client: Composio, async_client: AsyncComposio) -> None:
    tracker = acme_tracker.AcmeTracker(client)
    tracker.create_issue(owner="a", repo="b", title="c", titel="typo")  # E: unknown keyword
    tracker.create_issue(owner="a", repo="b")  # E: missing required title
    tracker.create_issue(owner="a", repo="b", title="c", state="merged")  # E: not in the Literal
    tracker.create_issue(owner="a", repo="b", title="c", milestone="3")  # E: wrong type
    tracker.create_issue("a", "b", "c")  # E: keyword-only
    tracker.create_issue(owner=None, repo="b", title="c")  # E: required, not nullable
    tracker.create_issue(owner="a", repo="b", title="c", labels=[1, 2])  # E: list of int for Sequence[str]
    tracker.create_issue(owner="a", repo="b", title="c", assignees=[{"login": "x", "rol": "owner"}])  # E: unknown key
    tracker.create_issue(owner="a", repo="b", title="c", assignees=[{"role": "owner"}])  # E: missing required key
    tracker.create_issue(owner="a", repo="b", title="c", assignees=[{"login": 1}])  # E: wrong value type in a dict
    tracker.create_issue(owner="a", repo="b", title="c", assignees=[{"login": "x", "role": None}])  # E: not nullable
    tracker.search_issues(q="x", schema="s")  # E: alias instead of the Python name schema_
    tracker.add_reaction(issue_number=1, content="+2")  # E: non-identifier Literal value
    result = tracker.create_issue(owner="a", repo="b", title="c")
    number: int = result.data.number  # E: data may be None
    url: int = result.data.url if result.data else 0  # E: url is str | None
    result.data.nonexistent if result.data else None  # E: no such field
    if result.successful:
        result.data.number  # E: successful but unfit data leaves data None; narrow on ok instead
    stations: list[int] = weather.Weather(client).list_stations().data or []  # E: data is list[str]
    acme_tracker.AcmeTracker(async_client)  # E: sync toolkit on an async client
    acme_tracker.Slug.NOT_A_TOOL  # E: unknown slug constant
    acme_tracker.AcmeTrackr  # E: a misspelt export (the lazy loader is hidden from checkers)
    runtime.McpClints  # E: a misspelt lazy runtime name
    providers.LangchainProvidr  # E: a misspelt lazy provider
    CreateIssueInput(owner="a", repo="b", title="c", extra_field=1)  # E: unknown field
    Heading(type="heading", level=4, text=[])  # E: level is Literal[1, 2, 3]
    Heading(type="heading", text=[{"content": "x", "bold": "yes"}])  # E: a nested dict's value type
    AssigneesItem(login="x", role="admin")  # E: role Literal
    docstore.Docstore(client).update_page(page_id="p")  # E: icon is required (nullable)


async def async_misuse(async_client: AsyncComposio) -> None:
    forecast = weather.AsyncWeather(async_client).get_forecast(latitude=1.0, longitude=2.0)
    forecast.data  # E: a coroutine, not awaited


def hook_and_provider_misuse(llm: OpenAI) -> None:
    @before_tool(weather.GetForecastInput)  # E: the hook takes another tool's model
    def wrong_model(arguments: weather.ListStationsInput) -> weather.ListStationsInput:
        return arguments

    @before_tool(weather.GetForecastInput)  # E: the hook must return the model
    def returns_dict(arguments: weather.GetForecastInput) -> dict[str, object]:
        return {}

    anthropic_tools = Composio(provider=AnthropicProvider()).tools.get("u", toolkits=["weather"])
    llm.chat.completions.create(model="m", messages=[], tools=anthropic_tools)  # E: Anthropic tools for OpenAI


def facade_misuse(client: Composio, slug: str) -> None:
    tools = acme_tracker.typed(client).tools  # "v" below: a wrong value type in a nested dict
    tools.execute("ACME_TRACKER_CREATE_ISUE", {"owner": "a", "repo": "b", "title": "c"})  # E: misspelt slug
    tools.execute(slug, {"owner": "a", "repo": "b", "title": "c"})  # E: a run-time str, not AnySlug
    tools.execute("ACME_TRACKER_CREATE_ISSUE", {"owner": "a", "repo": "b", "titel": "c"})  # E: wrong key
    tools.execute("ACME_TRACKER_CREATE_ISSUE", {"owner": "a", "repo": "b"})  # E: missing required key
    tools.execute(Slug.CREATE_ISSUE, {"owner": "a", "repo": "b", "title": "c", "assignees": [{"login": 1}]})  # E: v
    tools.execute(Slug.CREATE_ISSUE, {"owner": "a", "repo": "b", "title": "c"}, versio="1")  # E: no such option
    created = tools.execute("ACME_TRACKER_CREATE_ISSUE", {"owner": "a", "repo": "b", "title": "c"})
    created["data"]["numbr"]  # E: a key the output does not have
    tools.get("u", tools=["ACME_TRACKER_CREATE_ISUE"])  # E: misspelt slug in get
    tools.execute(AnySlug(slug), {"anything": 1})  # fine: marked as chosen at run time
    acme_tracker.typed(client).toolz  # E: a misspelt tools is no unchecked Any


def deprecated_calls(client: Composio) -> None:
    docstore.Docstore(client).append_text(page_id="p", children=[])  # E: its pinned schema says is_deprecated
    docstore.typed(client).tools.execute("DOCSTORE_APPEND_TEXT", {"page_id": "p", "children": []})  # E: the same


def strings_for_arrays(client: Composio) -> None:
    acme_tracker.AcmeTracker(client).create_issue(owner="a", repo="b", title="c", labels="bug")  # E: a str for an array
    typed = acme_tracker.typed(client).tools
    typed.execute(Slug.CREATE_ISSUE, {"owner": "a", "repo": "b", "title": "c", "labels": "bug"})  # E: the same
