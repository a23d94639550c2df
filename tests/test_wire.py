"""Wire tests: generated wrappers through an injected httpx transport, exact JSON bodies."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from generated import acme_tracker, docstore, weather
from generated.acme_tracker.create_issue import AssigneesItem
from generated.docstore.append_blocks import Heading, Paragraph, RichText
from runtime import (
    AsyncComposio,
    Composio,
    InvalidModifierError,
    NotFoundError,
    ToolExecuteParams,
    ToolExecutionResponse,
    ToolFailure,
    ToolMisfit,
    ToolResult,
    ToolSuccess,
    ToolVersionRequiredError,
    after_execute,
    before_execute,
)

Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """An httpx transport handler that records requests and answers from a table."""

    def __init__(self, data: Any = None, successful: bool = True, error: str | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.reply: dict[str, Any] = {
            "data": data if data is not None else {},
            "successful": successful,
            "error": error,
        }

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.method == "GET" and request.url.path.startswith("/api/v3.1/tools/"):
            slug = request.url.path.rsplit("/", 1)[1]
            if slug == "MISSING":
                return httpx.Response(
                    404,
                    json={
                        "error": {
                            "message": "Tool MISSING not found",
                            "code": 2401,
                            "status": 404,
                            "request_id": "r1",
                            "suggested_fix": "check the slug",
                        }
                    },
                )
            return httpx.Response(200, json={"slug": slug, "toolkit": {"slug": slug.split("_")[0].lower()}})
        return httpx.Response(200, json={**self.reply, "log_id": "log_1"})

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.requests if r.method == "POST"]


def client(recorder: Recorder, **options: Any) -> Composio:
    return Composio(
        api_key="secret-key", base_url="https://api.test", transport=httpx.MockTransport(recorder), **options
    )


def test_required_only_sends_exactly_them_with_the_pinned_version_and_context() -> None:
    recorder = Recorder(data={"number": 7})
    tracker = acme_tracker.AcmeTracker(client(recorder), user_id="user_1", connected_account_id="ca_1")
    result = tracker.create_issue(owner="acme", repo="app", title="Crash")
    request = recorder.requests[0]
    assert (request.method, request.url.path) == ("POST", "/api/v3.1/tools/execute/ACME_TRACKER_CREATE_ISSUE")
    assert request.headers["x-api-key"] == "secret-key"
    assert recorder.bodies() == [
        {
            "arguments": {"owner": "acme", "repo": "app", "title": "Crash"},
            "version": "20250601_00",
            "user_id": "user_1",
            "connected_account_id": "ca_1",
        }
    ]
    assert result.successful and result.data is not None and result.data.number == 7
    assert result.raw == {"data": {"number": 7}, "successful": True, "error": None}


def test_none_omits_optional_parameters_and_sends_null_only_where_nullable() -> None:
    recorder = Recorder()
    tracker = acme_tracker.AcmeTracker(client(recorder))
    tracker.create_issue(owner="a", repo="b", title="c", labels=None, state=None, milestone=None, body=None)
    tracker.create_issue(
        owner="a", repo="b", title="c", milestone=3, labels=("x", "y"), assignees=[AssigneesItem(login="ana")]
    )
    first, second = (b["arguments"] for b in recorder.bodies())
    assert first == {"owner": "a", "repo": "b", "title": "c", "milestone": None, "body": None}
    assert second == {
        "owner": "a",
        "repo": "b",
        "title": "c",
        "milestone": 3,
        "labels": ["x", "y"],
        "assignees": [{"login": "ana"}],
    }


def test_arguments_are_validated_as_strictly_as_the_schema() -> None:
    recorder = Recorder()
    tracker = acme_tracker.AcmeTracker(client(recorder))
    with pytest.raises(ValidationError, match="priority"):
        tracker.create_issue(owner="a", repo="b", title="c", priority="3")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="null is not allowed here"):
        tracker.create_issue(owner="a", repo="b", title="c", assignees=[{"login": "ana", "role": None}])  # type: ignore[list-item]
    assert recorder.bodies() == []


def test_aliases_restore_the_wire_keys() -> None:
    recorder = Recorder(data=[])
    tracker = acme_tracker.AcmeTracker(client(recorder))
    tracker.search_issues(
        q="x", from_="2025", async_=True, class_="bug", top=5, field_1st=True, a_b__="dot", my_key="k",
        sort__direction="asc", perPage=2, self_="s", user_id="u", version="v", schema_="sc", json_=True,
        validate_=False, model_config_="m", copy_=True, a_b="under", a_b_="hyphen", Name="N", name="n",
    )  # fmt: skip
    assert recorder.bodies()[0]["arguments"] == {
        "q": "x", "from": "2025", "async": True, "class": "bug", "$top": 5, "1st": True, "a.b": "dot",
        "my-key": "k", "sort__direction": "asc", "perPage": 2, "self": "s", "user_id": "u", "version": "v",
        "schema": "sc", "json": True, "validate": False, "model_config": "m", "copy": True, "a_b": "under",
        "a-b": "hyphen", "Name": "N", "name": "n",
    }  # fmt: skip
    assert recorder.bodies()[0]["version"] == "20250601_00"


def test_invalid_arguments_are_refused_before_anything_is_sent() -> None:
    recorder = Recorder()
    tracker = acme_tracker.AcmeTracker(client(recorder))
    with pytest.raises(ValueError, match="priority"):
        tracker.create_issue(owner="a", repo="b", title="c", priority=9)
    assert recorder.requests == []


def test_nested_dicts_send_the_same_bytes_as_models() -> None:
    """Issue 14: nested inputs as plain dicts (the TypedDict twins) are the models' wire payload."""
    as_models, as_dicts = Recorder(), Recorder()
    models = [
        Paragraph(type="paragraph", text=[RichText(content="hi", bold=True)], children=[]),
        Heading(type="heading", level=2, text=[RichText(content="h")]),
    ]
    dicts: list[Any] = [
        {"type": "paragraph", "text": [{"content": "hi", "bold": True}], "children": []},
        {"type": "heading", "level": 2, "text": [{"content": "h"}]},
    ]
    docstore.Docstore(client(as_models)).append_blocks(page_id="p", blocks=models)
    docstore.Docstore(client(as_dicts)).append_blocks(page_id="p", blocks=dicts)
    assert as_models.requests[0].content == as_dicts.requests[0].content
    mixed = Paragraph(type="paragraph", text=[{"content": "x"}])  # a model field takes a dict and holds a model
    assert isinstance(mixed.text[0], RichText)
    with pytest.raises(ValidationError, match="content"):
        docstore.Docstore(client(Recorder())).append_blocks(page_id="p", blocks=[{"type": "heading", "text": [{}]}])


def test_data_that_does_not_fit_is_kept_raw_with_the_problem_attached() -> None:
    recorder = Recorder(data={"url": "no number here"})
    result = acme_tracker.AcmeTracker(client(recorder)).create_issue(owner="a", repo="b", title="c")
    assert result.successful and result.data is None
    assert result.validation_error is not None and "number" in str(result.validation_error)
    assert result.raw_data == {"url": "no number here"}
    assert isinstance(result, ToolMisfit) and isinstance(result, ToolResult) and result.ok is False


def test_each_outcome_has_its_own_type_and_only_a_success_is_ok() -> None:
    """Issue 14: ``successful`` left ``data`` as ``T | None``; the three outcome types narrow."""
    fine = acme_tracker.AcmeTracker(client(Recorder(data={"number": 7}))).create_issue(owner="a", repo="b", title="c")
    failed = weather.Weather(client(Recorder(successful=False, error="boom"))).list_stations()
    assert isinstance(fine, ToolSuccess) and fine.ok is True and fine.data is not None
    assert isinstance(failed, ToolFailure) and failed.ok is False and failed.error == "boom"
    assert all(isinstance(r, ToolResult) for r in (fine, failed))


def test_tool_failures_arrive_in_band() -> None:
    recorder = Recorder(successful=False, error="No connected account found")
    result = weather.Weather(client(recorder)).list_stations()
    assert (result.successful, result.error, result.data, result.validation_error) == (
        False,
        "No connected account found",
        None,
        None,
    )
    assert recorder.bodies()[0] == {"arguments": {}, "version": "20250301_00"}


def test_array_and_untyped_outputs() -> None:
    stations = weather.Weather(client(Recorder(data=["s1", "s2"]))).list_stations()
    raw = weather.Weather(client(Recorder(data={"t": 1, "nested": {"x": [1]}}))).get_raw_observation(station="s1")
    assert stations.data == ["s1", "s2"]
    assert raw.data == {"t": 1, "nested": {"x": [1]}}


def test_scoped_modifiers_run_in_order_on_generated_calls() -> None:
    seen: list[str] = []

    @before_execute(tools=[acme_tracker.Slug.CREATE_ISSUE])
    def first(tool: str, toolkit: str, params: ToolExecuteParams) -> ToolExecuteParams:
        seen.append(f"first {tool} {toolkit}")
        params["arguments"]["labels"] = ["triage"]
        return params

    @before_execute(toolkits=["ACME_TRACKER"])
    def second(tool: str, toolkit: str, params: ToolExecuteParams) -> ToolExecuteParams:
        seen.append("second " + ",".join(params["arguments"]["labels"]))
        return params

    @before_execute(tools=[weather.Slug.LIST_STATIONS])
    def never(tool: str, toolkit: str, params: ToolExecuteParams) -> ToolExecuteParams:
        raise AssertionError("out of scope")

    @after_execute
    def tag(tool: str, toolkit: str, response: ToolExecutionResponse) -> ToolExecutionResponse:
        return {**response, "data": {**response["data"], "number": 99}}

    recorder = Recorder(data={"number": 1})
    tracker = acme_tracker.AcmeTracker(client(recorder), modifiers=[first, second, never, tag])
    result = tracker.create_issue(owner="a", repo="b", title="c")
    assert seen == ["first ACME_TRACKER_CREATE_ISSUE acme_tracker", "second triage"]
    assert recorder.bodies()[0]["arguments"]["labels"] == ["triage"]
    assert result.data is not None and result.data.number == 99


def test_a_modifier_returning_none_is_named_in_the_error() -> None:
    @before_execute
    def forgetful(tool: str, toolkit: str, params: ToolExecuteParams) -> None:
        params["arguments"]["x"] = 1

    with pytest.raises(InvalidModifierError, match="forgetful"):
        acme_tracker.AcmeTracker(client(Recorder()), modifiers=[forgetful]).create_issue(owner="a", repo="b", title="c")


def test_latest_is_refused_without_the_skip_flag() -> None:
    recorder = Recorder()
    composio = client(recorder)
    with pytest.raises(ToolVersionRequiredError, match="COMPOSIO_TOOLKIT_VERSION_DEMO"):
        composio.tools.execute("DEMO_TOOL", {"a": 1})
    assert [r.method for r in recorder.requests] == ["GET"]
    composio.tools.execute("DEMO_TOOL", {"a": 1}, version="latest", dangerously_skip_version_check=True)
    composio.tools.execute("DEMO_TOOL", {"a": 1}, version="20250101_00", user_id="u")
    assert recorder.bodies() == [
        {"arguments": {"a": 1}, "version": "latest"},
        {"arguments": {"a": 1}, "version": "20250101_00", "user_id": "u"},
    ]


def test_configured_versions_pin_direct_executes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPOSIO_TOOLKIT_VERSION_DEMO", "20240101_00")
    recorder = Recorder()
    client(recorder).tools.execute("DEMO_TOOL", {})
    client(recorder, toolkit_versions={"demo": "20250505_00"}).tools.execute("DEMO_TOOL", {})
    assert [b["version"] for b in recorder.bodies()] == ["20240101_00", "20250505_00"]


def test_api_errors_are_typed_and_never_show_the_key() -> None:
    composio = client(Recorder())
    with pytest.raises(NotFoundError) as caught:
        composio.tools.execute("MISSING", {})
    text = str(caught.value)
    assert "HTTP 404" in text and "code 2401" in text and "request id r1" in text and "check the slug" in text
    assert "secret-key" not in text and "secret-key" not in repr(composio)


def test_async_toolkit_sends_the_same_body() -> None:
    recorder = Recorder(data={"block_ids": ["b1"]})

    async def call() -> Any:
        async with AsyncComposio(
            api_key="k", base_url="https://api.test", transport=httpx.MockTransport(recorder)
        ) as composio:
            return await docstore.AsyncDocstore(composio, user_id="u").update_page(
                page_id="p", icon=None, archived=True
            )

    result = asyncio.run(call())
    assert result.successful
    assert recorder.bodies() == [
        {"arguments": {"page_id": "p", "icon": None, "archived": True}, "version": "20251101_00", "user_id": "u"}
    ]
