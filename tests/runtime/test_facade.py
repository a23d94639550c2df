"""The typed facade at run time (``acme_tracker.typed(client)``): over ``Composio``,
``AsyncComposio`` and the official SDK, against the sandbox, the execute request it sends is
the one the typed wrapper sends for the same call, the pinned version included."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

import generated
from generated import acme_tracker, docstore
from generated.acme_tracker.create_issue import AssigneesItem, CreateIssueInputDict
from runtime import AnySlug, AsyncComposio, Composio
from runtime.facade import TypedTools, wire_value
from runtime.sandbox import Sandbox, serving
from tests.conftest import catalog_tools

KEY = "k"
ARGUMENTS: CreateIssueInputDict = {"owner": "acme", "repo": "app", "title": "Crash", "labels": ["bug"]}


def _executions(call: Callable[[str], object]) -> tuple[object, list[tuple[str, str, Any]]]:
    sandbox = Sandbox(catalog_tools())

    @sandbox.handler("ACME_TRACKER_CREATE_ISSUE")
    def created(arguments: dict[str, Any], context: Any) -> dict[str, Any]:
        return {"number": 7, "url": f"https://tracker.test/{arguments['owner']}/{arguments['repo']}/7"}

    with serving(sandbox) as url:
        result = call(url)
    return result, [(r.method, r.route, r.body) for r in sandbox.executions()]


def _by_wrapper(url: str) -> object:
    with Composio(api_key=KEY, base_url=url) as composio:
        tracker = acme_tracker.AcmeTracker(composio, user_id="u1")
        return tracker.create_issue(owner="acme", repo="app", title="Crash", labels=["bug"]).raw


def _by_facade(url: str) -> object:
    with Composio(api_key=KEY, base_url=url) as composio:
        return acme_tracker.typed(composio).tools.execute("ACME_TRACKER_CREATE_ISSUE", ARGUMENTS, user_id="u1")


def _by_async_facade(url: str) -> object:
    async def call() -> object:
        async with AsyncComposio(api_key=KEY, base_url=url) as composio:
            return await acme_tracker.typed(composio).tools.execute(
                "ACME_TRACKER_CREATE_ISSUE", ARGUMENTS, user_id="u1"
            )

    return asyncio.run(call())


def _by_official_sdk(url: str) -> object:
    official = pytest.importorskip("composio", reason="the official composio SDK is a test dependency")
    client = official.Composio(api_key=KEY, base_url=url)
    return acme_tracker.typed(client).tools.execute("ACME_TRACKER_CREATE_ISSUE", ARGUMENTS, user_id="u1")


@pytest.mark.parametrize("through", [_by_facade, _by_async_facade, _by_official_sdk], ids=lambda f: f.__name__)
def test_the_facade_sends_what_the_typed_wrapper_sends(through: Callable[[str], object]) -> None:
    expected_result, expected = _executions(_by_wrapper)
    result, sent = _executions(through)
    assert sent == expected
    assert sent[0][2]["version"] == "20250601_00"  # the pin, though the call named none
    assert result == expected_result


def test_a_version_the_call_names_is_sent_instead_of_the_pin() -> None:
    _, sent = _executions(
        lambda url: acme_tracker.typed(Composio(api_key=KEY, base_url=url)).tools.execute(
            "ACME_TRACKER_CREATE_ISSUE", ARGUMENTS, user_id="u1", version="20250101_00"
        )
    )
    assert sent[0][2]["version"] == "20250101_00"


class _Recording:
    """A client whose ``tools`` records what the facade hands it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any, dict[str, Any]]] = []
        self.tools = self
        self.name = "recording"

    def execute(self, slug: str, arguments: Any, **options: Any) -> dict[str, Any]:
        self.calls.append((slug, arguments, options))
        return {"data": {}, "error": None, "successful": True}

    def get(self, user_id: str, **options: Any) -> list[str]:
        return [user_id, *options]


def test_a_run_time_slug_is_forwarded_as_it_is_and_a_generated_one_keeps_its_pin() -> None:
    client = _Recording()
    tools = acme_tracker.typed(client).tools  # type: ignore[call-overload]
    tools.execute(AnySlug("SOMEONE_ELSES_TOOL"), {"x": 1}, user_id="u1")
    tools.execute(AnySlug("ACME_TRACKER_SEARCH_ISSUES"), {"q": "x"})
    assert client.calls == [
        ("SOMEONE_ELSES_TOOL", {"x": 1}, {"user_id": "u1"}),
        ("ACME_TRACKER_SEARCH_ISSUES", {"q": "x"}, {"version": "20250601_00"}),
    ]


def test_models_inside_the_arguments_are_sent_as_their_wire_dicts() -> None:
    client = _Recording()
    acme_tracker.typed(client).tools.execute(  # type: ignore[call-overload]
        "ACME_TRACKER_CREATE_ISSUE", {**ARGUMENTS, "assignees": [AssigneesItem(login="ada"), {"login": "bo"}]}
    )
    assert client.calls[0][1]["assignees"] == [{"login": "ada"}, {"login": "bo"}]
    assert wire_value(("a", {"b": (1, 2)})) == ["a", {"b": [1, 2]}]


def test_get_and_everything_else_reach_the_wrapped_client() -> None:
    client = _Recording()
    wrapped = docstore.typed(client)  # type: ignore[call-overload]
    assert wrapped.tools.get("u1", tools=["DOCSTORE_EXPORT_PAGE"]) == ["u1", "tools"]
    assert wrapped.name == "recording" and wrapped.client is client
    assert isinstance(wrapped.tools, TypedTools)


def test_an_async_client_gets_the_async_tools() -> None:
    composio = AsyncComposio(api_key=KEY, base_url="http://127.0.0.1:9")
    assert type(acme_tracker.typed(composio).tools).__name__ == "AsyncTools"
    assert type(acme_tracker.typed(Composio(api_key=KEY, base_url="http://127.0.0.1:9")).tools).__name__ == "Tools"


def test_the_output_folders_facade_pins_each_toolkits_tools() -> None:
    client = _Recording()
    tools = generated.typed(client).tools  # type: ignore[call-overload]
    tools.execute("WEATHER_LIST_STATIONS", {})
    tools.execute("ACME_TRACKER_SEARCH_ISSUES", {"q": "x"})
    assert [options["version"] for _, _, options in client.calls] == ["20250301_00", "20250601_00"]
