"""The ``Composio-Deprecated-Toolkits`` header: parsed as the official SDK parses it (compared
with its own parser), never raising on what a server sends, told once per process per toolkit
version as a typed ``ToolkitDeprecationWarning``, and kept in ``composio.deprecations``; the
sandbox announces a retired version as the API does."""

from __future__ import annotations

import asyncio
import threading
import uuid
import warnings
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from runtime import AsyncComposio, Composio, ToolkitDeprecation, ToolkitDeprecationWarning
from runtime.deprecations import MAX_HEADER_LENGTH, Deprecations, parse
from runtime.sandbox import Sandbox, serving
from tests.conftest import catalog_tools

EXAMPLE = '"GMAIL";version="20250114_00";deprecated=@1779840000;sunset=@1787788800;reason="lifecycle"'
SUNSET = datetime(2027, 3, 1, tzinfo=timezone.utc)


def _at(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def _unique_slug() -> str:
    """A toolkit no other test has warned about (the warning is once per process)."""
    return "KIT_" + uuid.uuid4().hex[:12].upper()


def test_the_documented_example_parses_whole() -> None:
    assert parse(EXAMPLE) == [ToolkitDeprecation("GMAIL", "20250114_00", _at(1779840000), _at(1787788800), "lifecycle")]


@pytest.mark.parametrize(
    ("header", "slugs"),
    [
        (EXAMPLE + ', "SLACK";version="20250101_00"', ["GMAIL", "SLACK"]),  # a list; only version is required
        ('"A";version="1";flavour=?1;x', ["A"]),  # unknown parameters and bare keys are ignored
        ('"A;B";version="1,2"', ["A;B"]),  # delimiters inside strings are text
        ('"A\\"B";version="v\\\\1"', ['A"B']),  # \" and \\ are the only escapes
        ('"A\\nB";version="1"', []),  # any other escape spoils the item
        ('"A";reason="x"', []),  # no version
        ('"A";version=""', []),  # an empty version
        ('"";version="1"', []),  # an empty slug
        ('A;version="1"', []),  # a slug that is not a string
        ('"A";version="1";sunset=1787788800', []),  # a date without @
        ('"A";version="1";sunset=@99999999999999999', []),  # too many digits
        ('"A";version="1";sunset=@999999999999999', []),  # past what a datetime holds
        ('"A";version="1";sunset=@\u0661\u0662', []),  # non-ASCII digits (the RFC's digits are ASCII)
        ('"A";version="1", garbage, "B";version="2"', ["A", "B"]),  # a bad item drops alone
        ('"A";version="1"\n', []),  # a control character drops the whole header
        ('"A\u009b";version="1"', []),  # so does any character but printable ASCII (a C1 escape,
        ('"A";version="1";reason="\u202egnp.exe"', []),  # a bidi override), which RFC 9651 allows nowhere
        ('"A";version="1",' + " " * MAX_HEADER_LENGTH, []),  # so does one over the length cap
    ],
)
def test_items_parse_or_drop_as_the_sdk_does(header: str, slugs: list[str]) -> None:
    assert [item.slug for item in parse(header)] == slugs


@given(st.text(max_size=300))
def test_any_header_parses_or_is_ignored_and_never_raises(header: str) -> None:
    assert all(isinstance(item, ToolkitDeprecation) for item in parse(header))
    Deprecations().observe({"composio-deprecated-toolkits": header})  # warns or not; never raises


_TOKENS = st.sampled_from(
    ['"GMAIL"', '"a\\"b"', '"x\\\\"', '"bad\\q"', '""', "version=", "reason=", "deprecated=", "sunset=",
     '"20250114_00"', "@1779840000", "@-5", "@", "@1234567890123456", '"lifecycle"', ";", ",", " ", "=", '"', "\\",
     "token", "?1", "1.5"]
)  # fmt: skip


@given(st.lists(_TOKENS, max_size=40).map("".join))
def test_headers_parse_the_same_as_with_the_official_sdks_parser(header: str) -> None:
    sdk = pytest.importorskip("composio.utils.toolkit_deprecation", reason="the official composio SDK is a test peer")
    theirs = [
        (item.slug, item.version, item.deprecated_at, item.sunset_at, item.reason)
        for item in sdk.parse_deprecated_toolkits_header(header)
    ]
    ours = [(item.slug, item.version, item.deprecated_at, item.sunset_at, item.reason) for item in parse(header)]
    assert ours == theirs


def test_the_sdks_example_and_limits_agree_with_its_own_warning_path() -> None:
    sdk = pytest.importorskip("composio.utils.toolkit_deprecation", reason="the official composio SDK is a test peer")
    (theirs,) = sdk.parse_deprecated_toolkits_header(EXAMPLE)
    (ours,) = parse(EXAMPLE)
    assert (ours.slug, ours.version, ours.deprecated_at, ours.sunset_at, ours.reason) == (
        theirs.slug,
        theirs.version,
        theirs.deprecated_at,
        theirs.sunset_at,
        theirs.reason,
    )
    assert ours.key == theirs.key


def test_each_version_is_told_once_per_process_across_threads_and_clients() -> None:
    slug = _unique_slug()
    header = {"composio-deprecated-toolkits": f'"{slug}";version="1";sunset=@1787788800'}
    first, second = Deprecations(), Deprecations()
    barrier = threading.Barrier(8)

    def observe(record: Deprecations) -> None:
        barrier.wait()
        record.observe(header)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        threads = [threading.Thread(target=observe, args=(first if n % 2 else second,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    told = [w for w in caught if issubclass(w.category, ToolkitDeprecationWarning)]
    assert len(told) == 1
    message = told[0].message
    assert isinstance(message, ToolkitDeprecationWarning)
    assert message.deprecation.slug == slug and message.deprecation.sunset_at == _at(1787788800)
    assert "stops working on 2026-08-" in str(message) and f"toolstubs upgrade {slug.lower()}" in str(message)
    assert [d.slug for d in first.seen()] == [slug] == [d.slug for d in second.seen()]


def test_a_slug_that_is_no_plain_name_is_never_pasted_into_a_command() -> None:
    (odd,) = parse('"gmail && curl x|sh";version="1"')
    assert "toolstubs upgrade gmail" not in odd.advice() and "`toolstubs upgrade`" in odd.advice()
    (plain,) = parse('"GMAIL";version="1"')
    assert "`toolstubs upgrade gmail`" in plain.advice()


def test_a_warning_never_fails_the_call_even_as_an_error(sandbox_for_errors: tuple[str, str]) -> None:
    url, kit = sandbox_for_errors
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with Composio(api_key="k", base_url=url) as composio:
            result = composio.tools.execute(
                "DOCSTORE_EXPORT_PAGE", {"page_id": "p1"}, user_id="u1", version="20251101_00"
            )
            assert result["successful"] and [d.slug for d in composio.deprecations] == [kit.upper()]


@pytest.fixture
def sandbox_for_errors() -> Iterator[tuple[str, str]]:
    sandbox, kit, _ = _retired_sandbox()
    with serving(sandbox) as url:
        yield url, kit


def test_a_hostile_header_on_any_response_never_fails_the_call() -> None:
    hostile = '"' * 5000

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            json={"data": {}, "error": None, "successful": True},
            headers={"composio-deprecated-toolkits": hostile},
        )

    with Composio(api_key="k", base_url="http://test", transport=httpx.MockTransport(answer)) as composio:
        arguments: dict[str, Any] = {"x": "a"}
        result = composio.tools.execute_for_toolkit("DEMO_TOOL_1", "demo", arguments, None, {"version": "1"})
        assert result["successful"] and composio.deprecations == ()


def _retired_sandbox() -> tuple[Sandbox, str, str]:
    """A sandbox holding docstore under a toolkit slug of its own (the warning is once per
    process), its version retired; the sandbox, the toolkit and the version."""
    kit = _unique_slug().lower()
    tools = [
        {**tool, "toolkit": {**tool["toolkit"], "slug": kit}}
        for tool in catalog_tools()
        if tool["toolkit"]["slug"] == "docstore"
    ]
    sandbox = Sandbox(tools)
    sandbox.deprecate(kit, "20251101_00", sunset_at=SUNSET, reason="lifecycle")
    return sandbox, kit, "20251101_00"


def test_a_retired_version_is_announced_warned_once_and_kept_on_the_client() -> None:
    sandbox, kit, version = _retired_sandbox()
    with serving(sandbox) as url, Composio(api_key="k", base_url=url) as composio:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for _ in range(2):
                composio.tools.execute("DOCSTORE_EXPORT_PAGE", {"page_id": "p1"}, user_id="u1", version=version)
        seen = composio.deprecations
    (told,) = [w.message for w in caught if isinstance(w.message, ToolkitDeprecationWarning)]
    assert told.deprecation == seen[0]
    assert [(d.slug, d.version, d.sunset_at, d.reason) for d in seen] == [(kit.upper(), version, SUNSET, "lifecycle")]
    assert "stops working on 2027-03-01" in str(told)


def test_the_async_client_keeps_them_too() -> None:
    sandbox, kit, version = _retired_sandbox()

    async def call(url: str) -> tuple[ToolkitDeprecation, ...]:
        async with AsyncComposio(api_key="k", base_url=url) as composio:
            await composio.tools.execute("DOCSTORE_EXPORT_PAGE", {"page_id": "p1"}, user_id="u1", version=version)
            return composio.deprecations

    with serving(sandbox) as url, warnings.catch_warnings():
        warnings.simplefilter("ignore", ToolkitDeprecationWarning)
        seen = asyncio.run(call(url))
    assert [(d.slug, d.version) for d in seen] == [(kit.upper(), version)]


def test_the_sandbox_marks_the_tools_and_the_changelog() -> None:
    sandbox = Sandbox(catalog_tools())
    version = "20251101_00"
    sandbox.deprecate("docstore", version, sunset_at=SUNSET, tools=["DOCSTORE_APPEND_BLOCKS"])
    with serving(sandbox) as url, httpx.Client(base_url=url + "/api/v3", headers={"x-api-key": "k"}) as http:
        listed = http.get("/tools", params={"toolkit_slug": "docstore", "toolkit_versions": version})
        other = http.get("/tools", params={"toolkit_slug": "weather", "toolkit_versions": "latest"})
        changelog = http.get("/toolkits/changelog").json()
    assert listed.headers["composio-deprecated-toolkits"].startswith('"DOCSTORE";version="20251101_00";deprecated=@')
    marked = {tool["slug"] for tool in listed.json()["items"] if tool.get("is_deprecated")}
    assert marked == {"DOCSTORE_APPEND_BLOCKS", "DOCSTORE_APPEND_TEXT"}  # the one named, and the demo's own
    assert "composio-deprecated-toolkits" not in other.headers
    (docstore,) = [item for item in changelog["items"] if item["slug"] == "docstore"]
    assert docstore["versions"][0]["changelog"].endswith("stops working on 2027-03-01.")


def test_deprecating_a_version_the_sandbox_does_not_hold_is_refused() -> None:
    from runtime.sandbox import CatalogError

    with pytest.raises(CatalogError, match="cannot deprecate docstore@19990101_00"):
        Sandbox(catalog_tools()).deprecate("docstore", "19990101_00")
