"""``McpClient`` / ``AsyncMcpClient``: the tools API over an MCP server, stdio and HTTP.

The demo server (``tests/mcpdemo/demo_server.py``) runs as a subprocess; nothing here
generates code (``tests/test_mcp.py`` does).
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runtime import (
    APITimeoutError,
    AsyncMcpClient,
    ComposioError,
    InvalidParamsError,
    McpClient,
    NotFoundError,
    RawProvider,
    Tool,
    after_execute,
    before_execute,
    schema_modifier,
)
from runtime.mcp.session import response_of
from runtime.mcp.tool import (
    annotations_of,
    mcp_tool_of,
    name_notes,
    server_version,
    tool_object,
    tool_slug,
    tool_slugs,
)
from tests.conftest import REPO
from tests.mcpdemo.servers import demo_command, demo_http
from tests.timing import seconds


def _gone(pid: int) -> bool:
    deadline = time.monotonic() + seconds(10)
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_sync_client_lists_executes_and_applies_modifiers() -> None:
    seen: list[tuple[str, Any]] = []

    @before_execute(tools=["DEMO_GET_WEATHER"])
    def rename(tool: str, toolkit: str, params: Any) -> Any:
        seen.append(("before", toolkit))
        return {**params, "arguments": {**params["arguments"], "city": "Oslo"}}

    @after_execute(toolkits=["demo"])
    def mark(tool: str, toolkit: str, response: Any) -> Any:
        seen.append(("after", tool))
        return {**response, "data": {**response["data"], "marked": True}} if response["successful"] else response

    @schema_modifier(tools=["DEMO_ECHO"])
    def describe(tool: str, toolkit: str, schema: Tool) -> Tool:
        schema.description = "Say it again."
        return schema

    with McpClient(command=demo_command(), name="demo") as client:
        assert client.server_info["version"] == "1.4.0"
        listed = client.tools.get(modifiers=[describe])
        assert len(listed) == 12  # every page
        echo = next(t for t in listed if t["function"]["name"] == "DEMO_ECHO")
        assert echo["function"]["description"] == "Say it again."
        assert echo["function"]["parameters"]["required"] == ["message"]
        assert [t.slug for t in client.tools.list_tools()][:2] == ["DEMO_DELETE_NOTE", "DEMO_ECHO"]
        assert len(client.tools.get(search="filler")) == 8
        response = client.tools.execute("DEMO_GET_WEATHER", {"city": "Bergen"}, modifiers=[rename, mark])
        assert response == {
            "data": {"temperature": 21.5, "conditions": "sunny in Oslo", "marked": True},
            "error": None,
            "successful": True,
        }
        assert seen == [("before", "demo"), ("after", "DEMO_GET_WEATHER")]
        failed = client.tools.execute("DEMO_DELETE_NOTE", {"id": -2})
        assert failed["successful"] is False and failed["error"] == "note -2 does not exist"
        blocks = client.tools.execute("DEMO_MAKE_PICTURE", {})["data"]
        assert [block["type"] for block in blocks] == ["image", "text"]
        with pytest.raises(NotFoundError, match="DEMO_NOPE is not a tool of the MCP server 'demo'"):
            client.tools.execute("DEMO_NOPE", {})


def test_tool_calls_from_a_model_are_handled_in_band() -> None:
    completion = {
        "choices": [
            {
                "message": {
                    "tool_calls": [
                        {"id": "1", "function": {"name": "DEMO_ECHO", "arguments": '{"message": "hi"}'}},
                        {"id": "2", "function": {"name": "DEMO_RM_RF", "arguments": "{}"}},
                        {"id": "3", "function": {"name": "DEMO_DELETE_NOTE", "arguments": '{"id": -1}'}},
                    ]
                }
            }
        ]
    }
    with McpClient(command=demo_command(), name="demo") as client:
        client.tools.get()
        first, second, third = client.provider.handle_tool_calls(completion)
    assert first["successful"] and first["data"][0]["text"] == "hi"
    assert not second["successful"] and 'unknown tool "DEMO_RM_RF"' in str(second["error"])
    assert not third["successful"] and third["error"] == "note -1 does not exist"


def test_async_client_over_streamable_http_with_headers() -> None:
    async def main(url: str) -> list[Any]:
        async with AsyncMcpClient(url=url, headers={"X-Trace": "tests"}, name="demo", provider=RawProvider()) as client:
            tools = await client.tools.get(tools=["DEMO_GET_WEATHER"])
            answers = await asyncio.gather(
                *(client.tools.execute("DEMO_ECHO", {"message": f"m{n}"}) for n in range(20))
            )
            return [tools, answers]

    with demo_http() as url:
        tools, answers = asyncio.run(main(url))
    assert [tool.slug for tool in tools] == ["DEMO_GET_WEATHER"] and tools[0].version == "1.4.0"
    assert [answer["data"][0]["text"] for answer in answers] == [f"m{n}" for n in range(20)]


def test_an_agent_framework_tool_runs_through_the_server() -> None:
    from runtime import LangchainProvider

    with McpClient(command=demo_command(), name="demo", provider=LangchainProvider()) as client:
        (tool,) = client.tools.get(tools=["DEMO_GET_WEATHER"])
        assert '"conditions": "sunny in Oslo"' in tool.invoke({"city": "Oslo"})


@pytest.mark.parametrize("ending", [RuntimeError, KeyboardInterrupt])
def test_the_server_is_stopped_whatever_ends_the_block(tmp_path: Path, ending: type[BaseException]) -> None:
    pid_file = tmp_path / "pid"
    env = {"DEMO_PID_FILE": str(pid_file)}
    with pytest.raises(ending), McpClient(command=demo_command(), env=env, name="demo") as client:
        client.tools.execute("DEMO_ECHO", {"message": "hi"})
        raise ending("stop")
    assert _gone(int(pid_file.read_text()))

    async def main() -> None:
        async with AsyncMcpClient(command=demo_command(), env=env, name="demo") as client:
            await client.tools.execute("DEMO_ECHO", {"message": "hi"})
            raise ending("stop")

    with pytest.raises(ending):
        asyncio.run(main())
    assert _gone(int(pid_file.read_text()))


def test_a_hanging_server_times_out_and_is_stopped(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    env = {"DEMO_PID_FILE": str(pid_file)}
    with pytest.raises(APITimeoutError, match=f"did not answer start within {seconds(1):g} s"):
        with McpClient(command=demo_command("--hang"), env=env, name="demo", timeout=seconds(1)):
            pass
    assert _gone(int(pid_file.read_text()))


def test_the_server_gets_a_minimal_environment_not_ours(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """API keys in the caller's environment do not reach the server; ``env`` does."""
    pid_file = tmp_path / "pid"
    monkeypatch.setenv("DEMO_PID_FILE", str(pid_file))
    with McpClient(command=demo_command(), name="demo") as client:
        client.tools.execute("DEMO_ECHO", {"message": "hi"})
    assert not pid_file.exists()


def test_misuse_is_refused_with_what_to_do() -> None:
    client = McpClient(command=demo_command(), name="demo")
    with pytest.raises(ComposioError, match="not started: use `with McpClient"):
        client.tools.execute("DEMO_ECHO", {"message": "hi"})
    with pytest.raises(TypeError, match="exactly one of command"):
        McpClient(name="demo")
    with pytest.raises(TypeError, match="a list of arguments"):
        McpClient(command="uvx mcp-server-time", name="demo")  # type: ignore[arg-type]


def test_wire_rules() -> None:
    assert tool_slug("time", "get-current_time") == "TIME_GET_CURRENT_TIME"
    assert tool_slug("gh", "listPullRequests") == "GH_LIST_PULL_REQUESTS"
    assert tool_slug("git", "git_add") == tool_slug("git", "gitAdd") == "GIT_ADD"  # not GIT_GIT_ADD
    assert tool_slug("fetch", "fetch") == "FETCH_FETCH"  # the method needs a name: fetch
    assert server_version("1.2.3") == "1.2.3"
    assert server_version("../../etc/passwd") == "_.._etc_passwd"
    assert server_version(None) == server_version("") == "0"
    structured = {"content": [{"type": "text", "text": "{}"}], "structuredContent": {"a": 1}}
    assert response_of(structured, True) == {"data": {"a": 1}, "error": None, "successful": True}
    assert response_of(structured, False)["data"] == structured["content"]
    failed = response_of({"content": [], "isError": True}, True)
    assert failed == {"data": [], "error": "the tool reported an error", "successful": False}
    assert response_of({**structured, "resultType": "complete"}, True)["successful"]
    odd = response_of({"content": [], "resultType": "task"}, False)
    assert odd == {
        "data": [],
        "error": "the server answered a result of type 'task', which this client cannot use",
        "successful": False,
    }


def test_nothing_imports_the_mcp_sdk_until_a_server_starts() -> None:
    code = (
        "import sys, runtime, runtime.mcp; from runtime.mcp import McpClient, McpToolkit, ContentBlock; "
        "McpClient(command=['x'], name='demo'); print(sorted(m for m in sys.modules if m.split('.')[0] in ('mcp', 'mcp_types')))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert found.stdout.strip() == "[]"


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40)


@given(
    name=names,
    version=st.one_of(st.none(), st.text(max_size=80)),
    description=st.one_of(st.none(), st.text(max_size=200)),
    annotations=st.dictionaries(
        st.sampled_from(["readOnlyHint", "title", "x"]), st.one_of(st.booleans(), st.text(max_size=5))
    ),
    execution=st.one_of(
        st.none(),
        st.text(max_size=5),
        st.dictionaries(
            st.sampled_from(["taskSupport", "x"]),
            st.one_of(st.sampled_from(["optional", "required", "forbidden"]), st.integers(), st.none()),
        ),
    ),
    icons=st.one_of(
        st.none(),
        st.lists(st.dictionaries(st.sampled_from(["src", "mimeType", "sizes"]), st.text(max_size=10)), max_size=2),
        st.text(max_size=5),
    ),
)
def test_any_listed_tool_becomes_a_safe_tool_object(
    name: str, version: str | None, description: str | None, annotations: dict[str, Any], execution: Any, icons: Any
) -> None:
    """What a server lists is untrusted: any name gives an upper-snake slug (or nothing usable,
    which fetch refuses), any version a file-name-safe one, hints only booleans, task support
    one of the three values, and a name outside the protocol's rules a note naming it."""
    listed = {
        "name": name,
        "description": description,
        "inputSchema": {"type": "object"},
        "annotations": annotations,
        "execution": execution,
        "icons": icons,
    }
    raw = tool_object("demo", server_version(version), listed)
    assert re.fullmatch(r"DEMO(_[A-Z0-9]+)*", raw["slug"])
    assert re.fullmatch(r"[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,63}", raw["version"])
    assert raw["mcp"]["name"] == name
    hints = annotations_of(raw)
    assert all(value is None or isinstance(value, bool) for value in vars(hints).values())
    call = mcp_tool_of(raw)
    assert call is not None and call.task_support in ("forbidden", "optional", "required")
    assert bool(name_notes(raw)) != bool(re.fullmatch(r"[A-Za-z0-9._-]{1,128}", name))


@pytest.mark.parametrize(
    ("headers", "what"),
    [
        (
            {"Authorization": "Bearer tok-0123456789abcdef\n"},
            "the header 'Authorization' holds a line break (character 28 of 28)",
        ),
        (
            {"Authorization": "Bearer tok-0123456789abcd\u00e9"},
            "the header 'Authorization' holds a character no HTTP header can carry (U+00E9",
        ),
        ({"X-Key\n": "v"}, "a header name holds a line break"),
    ],
    ids=["newline", "non-ascii", "name"],
)
def test_a_header_no_http_request_can_carry_is_refused_without_showing_it(headers: dict[str, str], what: str) -> None:
    # The connection error printed the whole value: "Illegal header value b'Bearer tok-...\n'".
    with pytest.raises(InvalidParamsError) as raised:
        McpClient(url="http://127.0.0.1:9/mcp", headers=headers)
    assert what in str(raised.value) and "0123456789" not in str(raised.value)


def test_a_slug_depends_on_its_own_name_alone() -> None:
    """Issue 31: the git server's ``git_add`` is ``GIT_ADD``. Review: the slug must not depend on
    the rest of the listing (a server lists more tools to a client with more capabilities, so
    the generated code and the runtime disagreed); ``git_add`` beside ``add`` is refused."""
    assert tool_slugs("git", ["git_add", "git_status"]) == {"git_add": "GIT_ADD", "git_status": "GIT_STATUS"}
    assert tool_slugs("git", ["git_add", "git_log"])["git_add"] == tool_slugs("git", ["git_add"])["git_add"]
    with pytest.raises(ValueError, match="tools 'git_add' and 'add' both become GIT_ADD"):
        tool_slugs("git", ["git_add", "add"])


@given(st.lists(names, max_size=8, unique=True))
def test_any_listing_gives_distinct_slugs_or_names_the_clash(listing: list[str]) -> None:
    """Whatever a server lists, the slugs are upper snake case, one per tool, each as its name
    alone gives it; or the listing is refused naming the tools that cannot be told apart."""
    try:
        slugs = tool_slugs("demo", listing)
    except ValueError as error:
        assert "cannot tell them apart" in str(error)
        return
    assert len(set(slugs.values())) == len(listing)
    assert all(re.fullmatch(r"DEMO(_[A-Z0-9]+)+", slug) for slug in slugs.values())
    assert tool_slugs("demo", listing[::-1]) == slugs
    assert all(slugs[name] == tool_slug("demo", name) for name in listing)
