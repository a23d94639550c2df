"""The sandbox itself: the API's listing, version, toolkit and error rules, faults and recording."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from runtime.sandbox import CatalogError, Fault, Sandbox
from runtime.sandbox.synth import value_for
from runtime.sandbox.validation import problems
from tests.conftest import CATALOG, REPO, tool
from tests.timing import seconds


@pytest.fixture
def api(served: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=served + "/api/v3.1", headers={"x-api-key": "k"}) as client:
        yield client


def slugs(body: dict[str, Any]) -> list[str]:
    return [item["slug"] for item in body["items"]]


def test_listing_filters(api: httpx.Client) -> None:
    latest = {"toolkit_versions": "latest", "toolkit_slug": "demo"}
    assert slugs(api.get("/tools", params={**latest, "important": "true"}).json()) == ["DEMO_TOOL_0"]
    assert slugs(api.get("/tools", params={**latest, "scopes": "scope2,scope1"}).json()) == [
        "DEMO_TOOL_1",
        "DEMO_TOOL_2",
    ]
    assert slugs(api.get("/tools", params={**latest, "tags[]": "important"}).json()) == ["DEMO_TOOL_0"]
    assert slugs(api.get("/tools", params={"toolkit_versions": "latest", "search": "forecast"}).json()) == [
        "WEATHER_GET_FORECAST"
    ]
    assert slugs(
        api.get(
            "/tools", params={"toolkit_versions": "latest", "tool_slugs": "DEMO_TOOL_2,WEATHER_LIST_STATIONS"}
        ).json()
    ) == [
        "DEMO_TOOL_2",
        "WEATHER_LIST_STATIONS",
    ]


def test_versions_string_map_and_base(api: httpx.Client) -> None:
    def versions(params: dict[str, str]) -> set[str]:
        return {
            item["version"]
            for item in api.get("/tools", params={"toolkit_slug": "acme_tracker", **params}).json()["items"]
        }

    assert versions({"toolkit_versions": "latest"}) == {"20250601_00"}
    assert versions({"toolkit_versions[acme_tracker]": "20250101_00"}) == {"20250101_00"}
    assert versions({"toolkit_versions[other]": "20250101_00"}) == {"20250601_00"}  # unlisted: latest
    assert versions({}) == {"20250101_00"}  # nothing sent: the base version, i.e. the oldest
    missing = api.get("/tools", params={"toolkit_slug": "acme_tracker", "toolkit_versions": "20240101_00"})
    assert missing.status_code == 404 and "20250101_00, 20250601_00" in missing.json()["error"]["message"]


def test_cursor_pagination_reports_totals(api: httpx.Client) -> None:
    first = api.get("/tools", params={"toolkit_versions": "latest", "toolkit_slug": "demo", "limit": 2}).json()
    assert (first["total_items"], first["total_pages"], first["current_page"]) == (3, 2, 1)
    second = api.get(
        "/tools",
        params={"toolkit_versions": "latest", "toolkit_slug": "demo", "limit": 2, "cursor": first["next_cursor"]},
    ).json()
    assert slugs(first) + slugs(second) == ["DEMO_TOOL_0", "DEMO_TOOL_1", "DEMO_TOOL_2"]
    assert second["next_cursor"] is None
    assert api.get("/tools", params={"cursor": "!!"}).status_code == 400


def test_retrieve_tools_and_toolkits(api: httpx.Client) -> None:
    tool_at = api.get("/tools/ACME_TRACKER_CREATE_ISSUE", params={"version": "20250101_00"}).json()
    assert tool_at["version"] == "20250101_00" and tool_at["available_versions"] == ["20250101_00", "20250601_00"]
    unknown_version = api.get("/tools/ACME_TRACKER_CREATE_ISSUE", params={"version": "20990101_00"})
    assert unknown_version.status_code == 404 and unknown_version.json()["error"]["slug"] == "Tool_ToolVersionNotFound"
    unknown = api.get("/tools/NOPE").json()["error"]
    assert (unknown["code"], unknown["slug"], unknown["status"]) == (2401, "Tool_ToolNotFound", 404)
    toolkit = api.get("/toolkits/acme_tracker").json()
    assert toolkit["meta"] == {
        "version": "20250601_00",
        "available_versions": ["20250101_00", "20250601_00"],
        "tools_count": 4,
    }
    assert api.get("/toolkits/nope").status_code == 404
    assert [t["slug"] for t in api.get("/toolkits").json()["items"]] == ["acme_tracker", "demo", "docstore", "weather"]
    assert "WEATHER_GET_FORECAST" in api.get("/tools/enum").json()


def test_execute_rules(api: httpx.Client) -> None:
    both = api.post("/tools/execute/DEMO_TOOL_1", json={"arguments": {"x": "a"}, "text": "t", "version": "latest"})
    assert both.status_code == 400
    assert api.post("/tools/execute/DEMO_TOOL_1", content=b"[]").status_code == 400
    invalid = api.post("/tools/execute/DEMO_TOOL_1", json={"arguments": {"x": 1, "y": 2}, "version": "latest"}).json()
    assert invalid["successful"] is False and "- x: 1 is not of type 'string'" in invalid["error"]
    assert set(invalid) == {"data", "error", "successful", "log_id", "session_info"}


def test_auth_is_required_and_the_key_is_not_recorded(served: str, sandbox: Sandbox) -> None:
    assert httpx.get(served + "/api/v3.1/tools").status_code == 401
    httpx.get(served + "/api/v3.1/tools", headers={"x-api-key": "secret", "authorization": "Bearer s"})
    assert all("x-api-key" not in r.headers and "authorization" not in r.headers for r in sandbox.requests)
    assert httpx.get(served + "/elsewhere", headers={"x-api-key": "k"}).status_code == 404


def test_faults_count_skip_and_scope(api: httpx.Client, sandbox: Sandbox) -> None:
    fault = Fault("status", status=429, retry_after="3", tool="DEMO_TOOL_1", skip=1, times=2)
    sandbox.faults.append(fault)
    statuses = [api.get("/tools/DEMO_TOOL_1", params={"toolkit_versions": "latest"}).status_code for _ in range(4)]
    assert statuses == [200, 429, 429, 200]
    assert api.get("/tools/DEMO_TOOL_2", params={"toolkit_versions": "latest"}).status_code == 200
    assert fault.hits == 2


def test_nullable_and_dangling_refs_validate_like_the_api() -> None:
    schema = {
        "type": "object",
        "properties": {
            "nullable": {"type": "string", "nullable": True},
            "cover": {"$ref": "#/$defs/Missing"},
            "kind": {"oneOf": [{"const": "a"}, {"const": "b"}], "discriminator": {"propertyName": "kind"}},
        },
        "required": ["nullable"],
        "additionalProperties": False,
    }
    assert problems(schema, {"nullable": None, "cover": {"any": "thing"}, "kind": "a"}) == []
    assert problems(schema, {"nullable": 3, "extra": 1}) == [
        "- arguments: Additional properties are not allowed ('extra' was unexpected)",
        "- nullable: 3 is not valid under any of the given schemas",
    ]


def test_synthesized_values_follow_the_schema() -> None:
    schema = {
        "type": "object",
        "properties": {
            "n": {"type": "integer", "minimum": 5},
            "when": {"type": "string", "format": "date-time"},
            "tags": {"type": "array", "items": {"enum": ["x", "y"]}},
            "node": {"$ref": "#/$defs/Node"},
        },
        "$defs": {
            "Node": {"type": "object", "properties": {"next": {"anyOf": [{"$ref": "#/$defs/Node"}, {"type": "null"}]}}}
        },
    }
    value = value_for(schema)
    assert value["n"] == 5 and value["when"] == "2025-01-01T00:00:00Z" and value["tags"] == ["x"]
    assert isinstance(value["node"]["next"], dict)  # recursion stops, without error


def test_a_tool_without_toolkit_or_version_is_refused_by_name() -> None:
    with pytest.raises(CatalogError, match="X has no concrete version"):
        Sandbox([tool("X", version="latest")])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_sandbox_command_serves_a_catalog() -> None:
    port = _free_port()
    command = [sys.executable, "-m", "codegen.cli.main", "sandbox", "--catalog", str(CATALOG), "--port", str(port)]
    server = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + seconds(30)
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/v3.1/toolkits", headers={"x-api-key": "k"})
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "the sandbox did not start"
                time.sleep(0.1)
        assert [t["slug"] for t in answer.json()["items"]] == ["acme_tracker", "docstore", "weather"]
    finally:
        server.terminate()
        server.wait(timeout=seconds(10))
    banner = server.stderr.read().decode() if server.stderr else ""
    assert "tools on http://127.0.0.1" in banner and "data made up from its output schema" in banner, banner
