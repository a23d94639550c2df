"""``tools.get``: the reference's rules, pagination to the end, baked schemas offline, search,
schema modifiers and custom tools, over the sandbox on loopback."""

from __future__ import annotations

from typing import Any

import pytest

import generated.weather  # noqa: F401  (importing a generated toolkit registers its baked schemas)
from runtime import (
    Composio,
    InvalidModifierError,
    InvalidParamsError,
    NotFoundError,
    RawProvider,
    Tool,
    schema_modifier,
)
from runtime.sandbox import Sandbox, serving
from tests.conftest import tool

KEY = "k"


def raw_client(url: str, **options: Any) -> Composio[Tool]:
    return Composio(api_key=KEY, base_url=url, provider=RawProvider(), **options)


def api_requests(sandbox: Sandbox) -> list[dict[str, list[str]]]:
    return [r.query for r in sandbox.requests if r.route == "/tools"]


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        ({}, "needs one of slug=, tools=, search= or toolkits="),
        ({"slug": "A", "tools": ["B"]}, "do not combine"),
        ({"slug": "A", "toolkits": ["demo"]}, "do not combine"),
        ({"slug": "A", "search": "x"}, "do not combine"),
        ({"tools": ["A"], "limit": 3}, "narrow toolkits= or search="),
        ({"tools": ["A"], "scopes": ["s"]}, "narrow toolkits= or search="),
        ({"toolkits": ["demo"], "limit": 0}, "limit must be 1 or more"),
    ],
)
def test_exclusivity_rules_give_clear_errors(request_: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidParamsError, match=message):
        raw_client("http://unused").tools.get("u", **request_)


def test_toolkits_are_read_to_the_last_page_sending_toolkit_versions_every_time() -> None:
    sandbox = Sandbox([*_many(7)], page_size=1)
    with serving(sandbox) as url, raw_client(url, toolkit_versions={"bulk": "20250101_00"}) as composio:
        tools = composio.tools.get("u", toolkits=["bulk"])
    assert [t.slug for t in tools] == [f"BULK_TOOL_{n}" for n in range(7)]
    pages = api_requests(sandbox)
    assert len(pages) == 7
    assert all(page["toolkit_versions[bulk]"] == ["20250101_00"] for page in pages)
    assert "cursor" not in pages[0] and all("cursor" in page for page in pages[1:])


def test_limit_stops_reading_pages() -> None:
    sandbox = Sandbox([*_many(7)], page_size=2)
    with serving(sandbox) as url, raw_client(url) as composio:
        tools = composio.tools.get("u", toolkits=["bulk"], limit=3)
    assert len(tools) == 3
    assert len(api_requests(sandbox)) == 1  # limit=3 fits one page of 3


def test_versions_decide_which_schema_comes_back(served: str, sandbox: Sandbox) -> None:
    with raw_client(served, toolkit_versions={"demo": "20250101_00"}) as old:
        assert {t.version for t in old.tools.get("u", toolkits=["demo"])} == {"20250101_00"}
    with raw_client(served, toolkit_versions="latest") as latest:
        assert {t.version for t in latest.tools.get("u", toolkits=["demo"])} == {"20250601_00"}
    assert api_requests(sandbox)[-1]["toolkit_versions"] == ["latest"]


def test_generated_toolkits_are_served_offline_at_their_pinned_version(served: str, sandbox: Sandbox) -> None:
    with raw_client(served) as composio:
        tools = composio.tools.get("u", toolkits=["weather"])
        one = composio.tools.get("u", slug="WEATHER_GET_FORECAST")
    assert [t.slug for t in tools] == ["WEATHER_GET_FORECAST", "WEATHER_GET_RAW_OBSERVATION", "WEATHER_LIST_STATIONS"]
    assert {t.version for t in tools} == {generated.weather.VERSION}
    assert [t.slug for t in one] == ["WEATHER_GET_FORECAST"]
    assert sandbox.requests == []


def test_a_client_pinned_elsewhere_asks_the_api(served: str, sandbox: Sandbox) -> None:
    with raw_client(served, toolkit_versions={"weather": "20250301_00", "acme_tracker": "20250101_00"}) as composio:
        composio.tools.get("u", toolkits=["weather", "acme_tracker"])
    assert api_requests(sandbox) == [
        {
            "toolkit_slug": ["acme_tracker"],
            "toolkit_versions[acme_tracker]": ["20250101_00"],
            "toolkit_versions[weather]": ["20250301_00"],
        }
    ]


def test_tools_by_slug_mix_baked_and_api_and_keep_the_order_asked(served: str, sandbox: Sandbox) -> None:
    with raw_client(served, toolkit_versions="latest") as composio:
        tools = composio.tools.get("u", tools=["DEMO_TOOL_2", "WEATHER_LIST_STATIONS", "DEMO_TOOL_0"])
        with pytest.raises(NotFoundError, match="NOT_THERE"):
            composio.tools.get("u", tools=["DEMO_TOOL_1", "NOT_THERE"])
    assert [t.slug for t in tools] == ["DEMO_TOOL_2", "WEATHER_LIST_STATIONS", "DEMO_TOOL_0"]
    assert api_requests(sandbox)[0]["tool_slugs"] == ["DEMO_TOOL_2,DEMO_TOOL_0"]


def test_search_ranks_baked_tools_by_relevance_and_asks_the_api_for_the_rest(served: str, sandbox: Sandbox) -> None:
    with raw_client(served, toolkit_versions="latest") as composio:
        offline = composio.tools.get("u", search="forecast", toolkits=["weather"])
        mixed = composio.tools.get("u", search="station observation")
    assert [t.slug for t in offline] == ["WEATHER_GET_FORECAST"]
    assert [t.slug for t in mixed][:2] == ["WEATHER_GET_RAW_OBSERVATION", "WEATHER_LIST_STATIONS"]
    assert api_requests(sandbox) == [{"query": ["station observation"], "toolkit_versions": ["latest"]}]


def test_scopes_filter_both_sources(served: str, sandbox: Sandbox) -> None:
    with raw_client(served, toolkit_versions="latest") as composio:
        tools = composio.tools.get("u", toolkits=["demo"], scopes=["scope1"])
    assert [t.slug for t in tools] == ["DEMO_TOOL_1"]
    assert api_requests(sandbox)[0]["scopes"] == ["scope1"]


def test_schema_modifiers_change_what_is_served_not_what_execute_uses(served: str) -> None:
    seen: list[tuple[str, str]] = []

    @schema_modifier(toolkits=["weather"])
    def shorten(tool: str, toolkit: str, schema: Tool) -> Tool:
        seen.append((tool, toolkit))
        schema.description = schema.description[:5]
        return schema

    with raw_client(served) as composio:
        served_tools = composio.tools.get("u", toolkits=["weather", "demo"], modifiers=[shorten])
        assert {t.description for t in served_tools if t.toolkit.slug == "weather"} <= {"Forec", "The s", "All w"}
        assert composio.tools._schema("WEATHER_GET_FORECAST").description == "Forecast for a place, by day."
    assert sorted(seen)[0] == ("WEATHER_GET_FORECAST", "weather")
    assert all(toolkit == "weather" for _, toolkit in seen)


def test_a_schema_modifier_must_return_a_tool(served: str) -> None:
    @schema_modifier
    def broken(tool: str, toolkit: str, schema: Tool) -> Any:
        return {"slug": tool}

    with raw_client(served) as composio, pytest.raises(InvalidModifierError, match="must return a Tool"):
        composio.tools.get("u", toolkits=["weather"], modifiers=[broken])


def test_custom_tools_are_listed_with_their_toolkit(served: str) -> None:
    with raw_client(served) as composio:

        @composio.tools.custom_tool(toolkit="weather")
        def add_note(text: str, pinned: bool = False) -> dict[str, str]:
            """Attach a note to the forecast."""
            return {"text": text}

        tools = composio.tools.get("u", toolkits=["weather"])
        by_slug = composio.tools.get("u", slug="WEATHER_ADD_NOTE")
    custom = next(t for t in tools if t.slug == "WEATHER_ADD_NOTE")
    assert custom.description == "Attach a note to the forecast."
    assert custom.input_parameters["required"] == ["text"]
    assert by_slug[0].input_parameters["properties"]["pinned"]["default"] is False


def _many(count: int) -> list[dict[str, Any]]:
    return [tool(f"BULK_TOOL_{n}", toolkit="bulk") for n in range(count)]
