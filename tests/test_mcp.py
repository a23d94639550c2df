"""MCP servers as a pinned schema source: fetch, generate, check --remote, diff, upgrade.

The demo server (``tests/mcpdemo/demo_server.py``, the official ``mcp`` SDK's low-level
``Server``) runs as a subprocess over stdio, or over streamable HTTP on loopback. It lists
12 tools, 5 per page, with structured output, annotations and ``isError``.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.checkers import mypy_settings
from tests.conftest import REPO
from tests.mcpdemo.servers import demo_command, demo_http, demo_line, time_server_command
from tests.timing import seconds

Run = Callable[..., tuple[int, str, str]]


def _project(folder: Path, table: str = "") -> Path:
    (folder / "pyproject.toml").write_text(
        f'[tool.toolstubs]\nout = "gen"\nmcp_timeout = 20\n\n[tool.toolstubs.mcp]\n{table}', encoding="utf-8"
    )
    return folder


def _app_ran(project: Path, source: str) -> list[str]:
    """``source`` written to the project's ``app.py`` and run, with the project and the
    runtime on the path: the lines it printed (a failed run fails the test)."""
    (project / "app.py").write_text(source, encoding="utf-8")
    ran = subprocess.run(
        [sys.executable, "app.py"], cwd=project, env=_environment(project), capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0, ran.stderr
    return ran.stdout.splitlines()


def _mypy_clean(project: Path, *paths: str) -> None:
    """``mypy --strict`` over ``paths`` of the project finds nothing."""
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", *mypy_settings(), *paths],
        cwd=project,
        env=_environment(project),
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def _environment(project: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": f"{project}{os.pathsep}{REPO}"}


@pytest.fixture
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fetching MCP servers alone needs no Composio API key."""
    monkeypatch.delenv("COMPOSIO_API_KEY", raising=False)


def _store(folder: Path) -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads((folder / "toolstubs-store" / "demo@1.4.0.json").read_text())
    return data


def test_fetch_lists_every_page_and_keeps_what_the_server_says(tmp_path: Path, run: Run, no_key: None) -> None:
    project = _project(tmp_path, f"demo = {json.dumps(demo_line())}\n")
    code, _, err = run("fetch", cwd=project)
    assert code == 0, err
    tools = {str(t["slug"]): t for t in _store(project)}
    assert len(tools) == 12  # three pages of five
    weather = tools["DEMO_GET_WEATHER"]
    assert weather["toolkit"] == {"slug": "demo", "name": "demo"} and weather["version"] == "1.4.0"
    assert weather["name"] == "Get weather" and weather["description"] == "Current weather for a city."
    assert weather["mcp"] == {
        "name": "get_weather",
        "title": "Get weather",
        "annotations": {"readOnlyHint": True, "openWorldHint": False},
    }
    assert weather["output_parameters"]["required"] == ["temperature", "conditions"]  # type: ignore[index]
    assert list(weather["input_parameters"]["properties"]) == ["city", "units"]  # type: ignore[index]
    assert tools["DEMO_DELETE_NOTE"]["mcp"] == {
        "name": "delete-note",
        "annotations": {"destructiveHint": True, "idempotentHint": True},
    }
    assert "output_parameters" not in tools["DEMO_ECHO"]
    lock = json.loads((project / "toolstubs.lock").read_text())
    assert lock["toolkits"]["demo"]["version"] == "1.4.0"
    assert lock["toolkits"]["demo"]["mcp"] == {"command": demo_command()}
    assert lock["toolkits"]["demo"]["mcp_table"] is True  # pinned as the table names it
    assert sorted(lock["toolkits"]["demo"]["tools"]) == sorted(tools)


def test_generate_and_check_need_no_flags_once_locked(tmp_path: Path, run: Run, no_key: None) -> None:
    code, _, err = run("fetch", "--mcp", f"demo={demo_line()}", "--store", "store", "--lock", "pins.lock", cwd=tmp_path)
    assert code == 0, err
    code, _, err = run("generate", "--store", "store", "--lock", "pins.lock", "--out", "gen", cwd=tmp_path)
    assert code == 0, err
    package = tmp_path / "gen" / "demo"
    assert {"__init__.py", "_toolkit.py", "_async_toolkit.py", "_schemas.py", "get_weather.py", "delete_note.py"} <= {
        p.name for p in package.iterdir()
    }
    toolkit = (package / "_toolkit.py").read_text()
    assert "class Demo(McpToolkit[ToolT]):" in toolkit
    assert "class AsyncDemo(AsyncMcpToolkit[ToolT]):" in (package / "_async_toolkit.py").read_text()
    assert "The server's hints: destructive, idempotent." in toolkit
    weather = (package / "get_weather.py").read_text()
    assert 'name="get_weather"' in weather and "structured=True" in weather
    assert "ToolAnnotations(read_only=True, open_world=False)" in weather
    assert "MakePictureOutput: TypeAlias = list[ContentBlock]" in (package / "make_picture.py").read_text()
    # The lock alone says how to reach the server again: check --remote needs no --mcp.
    lock = json.loads((tmp_path / "pins.lock").read_text())
    assert lock["toolkits"]["demo"]["mcp"] == {"command": demo_command()}
    code, _, err = run("check", "--remote", "--store", "store", "--lock", "pins.lock", "--out", "gen", cwd=tmp_path)
    assert code == 0, err


def test_changed_description_is_drift_and_upgrade_lists_it(tmp_path: Path, run: Run, no_key: None) -> None:
    project = _project(tmp_path, f"demo = {json.dumps(demo_line())}\n")
    assert run("fetch", cwd=project)[0] == 0
    assert run("generate", cwd=project)[0] == 0
    assert run("check", "--remote", cwd=project)[0] == 0
    _project(project, f"demo = {json.dumps(demo_line('--variant', '2'))}\n")  # the server changed under us
    code, _, err = run("check", "--remote", cwd=project)
    assert code == 3, err
    assert "demo@1.4.0: 0 added, 0 removed, 1 changed (~DEMO_ECHO)" in err
    last = err.strip().splitlines()[-1]  # it said "clean: 1 toolkit, 12 tools" before (issue 31)
    assert "drift: 1 pinned toolkit changed on the server" in last and "clean" not in last
    code, out, err = run("upgrade", "demo", cwd=project)
    assert code == 0, err
    assert "DEMO_ECHO: description changed" in out
    assert "Echo a message back, and remember it." in (project / "gen" / "demo" / "_toolkit.py").read_text()
    assert run("check", "--remote", cwd=project)[0] == 0


#: Each kind of change to [tool.toolstubs.mcp] after `fetch`, and what offline `check` says of it.
TABLE_CHANGES = [
    ("demo = {line}\nother = 'uvx other-server'\n", "[tool.toolstubs.mcp] other: not pinned; run `toolstubs fetch`"),
    ("demo = {changed}\n", "[tool.toolstubs.mcp] demo: reached otherwise than when it was pinned (command"),
    ("demo = {{ command = {line}, env = {{ TOKEN = '${{TOKEN}}' }} }}\n", "env names [] -> ['TOKEN']"),
    ("demo = {{ command = {line}, headers = {{ X = 'y' }} }}\n", "header names [] -> ['X']"),
    ("demo = {{ command = {line}, cwd = 'sub' }}\n", "cwd None -> 'sub'"),
    ("other = 'uvx other-server'\n", "the lock pins the MCP toolkit demo, which [tool.toolstubs.mcp] does not name"),
    ("", "the lock pins the MCP toolkit demo, which [tool.toolstubs.mcp] does not name"),  # the last one gone
]


def test_offline_check_fails_for_each_kind_of_mcp_table_change(tmp_path: Path, run: Run, no_key: None) -> None:
    """Issue 31: check (offline) stayed clean when a server was added to [tool.toolstubs.mcp]
    or its command changed; the pins must say what the project uses. Values of env and
    headers are not compared (they hold ${VAR} or secrets), only their names."""
    line = json.dumps(demo_line())
    project = _project(tmp_path, f"demo = {line}\n")
    assert run("fetch", cwd=project)[0] == 0
    assert run("generate", cwd=project)[0] == 0
    assert run("check", cwd=project)[0] == 0
    for table, said in TABLE_CHANGES:
        _project(project, table.format(line=line, changed=json.dumps(demo_line("--variant", "2"))))
        code, out, err = run("check", cwd=project)
        assert code == 1 and said in out, out + err
        last = err.strip().splitlines()[-1]
        assert last.startswith("toolstubs check: ") and "difference" in last
    _project(project, f"demo = {line}\n")
    assert run("check", cwd=project)[0] == 0
    # Review: `fetch --mcp` of a server the table names keeps it marked as the table's.
    assert run("fetch", "--mcp", f"demo={demo_line()}", cwd=project)[0] == 0
    assert json.loads((project / "toolstubs.lock").read_text())["toolkits"]["demo"]["mcp_table"] is True
    _project(project, "")
    assert run("check", cwd=project)[0] == 1


def test_streamable_http_gives_the_same_store(tmp_path: Path, run: Run, no_key: None) -> None:
    stdio = (
        _project(tmp_path / "stdio", f"demo = {json.dumps(demo_line())}\n")
        if (tmp_path / "stdio").mkdir() is None
        else None
    )
    assert stdio is not None and run("fetch", cwd=stdio)[0] == 0
    (tmp_path / "http").mkdir()
    with demo_http() as url:
        http = _project(tmp_path / "http", f'demo = {{ url = "{url}", headers = {{ X-Trace = "tests" }} }}\n')
        code, _, err = run("fetch", cwd=http)
        assert code == 0, err
        assert run("generate", cwd=http)[0] == 0
        assert run("check", "--remote", cwd=http)[0] == 0
    assert (http / "toolstubs-store" / "demo@1.4.0.json").read_bytes() == (
        stdio / "toolstubs-store" / "demo@1.4.0.json"
    ).read_bytes()
    lock = json.loads((http / "toolstubs.lock").read_text())
    assert lock["toolkits"]["demo"]["mcp"] == {"url": url, "headers": {"X-Trace": "tests"}}


#: Seconds a server that never answers is given (:mod:`tests.timing`). A server that crashes is
#: given a minute: it ends long before (the deadline was 2 s for it too, and a busy machine
#: took 1.8 s to start and crash the demo server).
HANG_SECONDS = seconds(2)


@pytest.mark.parametrize(
    ("flags", "timeout", "said"),
    [
        (("--crash",), 60.0, "cannot open the database with key [redacted]: permission denied"),
        (("--hang",), HANG_SECONDS, f"did not answer start within {HANG_SECONDS:g} s"),
        (("--garbage",), HANG_SECONDS, "it printed what is not JSON-RPC"),
    ],
)
def test_a_broken_server_writes_nothing(
    tmp_path: Path,
    run: Run,
    no_key: None,
    monkeypatch: pytest.MonkeyPatch,
    flags: tuple[str, ...],
    timeout: float,
    said: str,
) -> None:
    monkeypatch.setenv("DEMO_SECRET", "s3cret-database-key")
    project = _project(
        tmp_path,
        f'demo = {{ command = {json.dumps(demo_line(*flags))}, env = {{ DEMO_SECRET = "${{DEMO_SECRET}}" }} }}\n',
    )
    exit_code, out, err = run("fetch", "--mcp-timeout", f"{timeout:g}", cwd=project)
    assert exit_code == 1, err
    assert said in err and "s3cret-database-key" not in err + out
    assert "Traceback" not in err
    assert sorted(p.name for p in project.iterdir()) == ["pyproject.toml"]


def test_a_secret_expanded_inside_a_longer_value_never_shows(
    tmp_path: Path, run: Run, no_key: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression (issue 26): only the whole expanded value was scrubbed, so a server that
    printed the password of ``postgres://app:${DB_PASSWORD}@db/x`` showed it."""
    monkeypatch.setenv("DB_PASSWORD", "hunter2-correct-horse")
    dsn = "postgres://app:${DB_PASSWORD}@db/x"
    project = _project(
        tmp_path, f'demo = {{ command = {json.dumps(demo_line("--crash"))}, env = {{ DEMO_SECRET = "{dsn}" }} }}\n'
    )
    code, out, err = run("fetch", "--mcp-timeout", "30", cwd=project)
    assert code == 1 and "the password [redacted] was refused" in err, err
    assert "hunter2" not in err + out


def test_a_command_that_does_not_exist(tmp_path: Path, run: Run, no_key: None) -> None:
    code, _, err = run("fetch", "--mcp", "demo=/nonexistent/mcp-server --stdio", cwd=tmp_path)
    assert code == 1, err
    assert "cannot start MCP server `/nonexistent/mcp-server --stdio`: No such file or directory" in err
    assert list(tmp_path.iterdir()) == []


def test_secrets_are_named_never_stored(
    tmp_path: Path, run: Run, no_key: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = f'demo = {{ command = {json.dumps(demo_line())}, env = {{ DEMO_SECRET = "${{DEMO_TOKEN}}" }} }}\n'
    project = _project(tmp_path, table)
    code, _, err = run("fetch", cwd=project)
    assert code == 2 and "needs the environment variable DEMO_TOKEN" in err
    monkeypatch.setenv("DEMO_TOKEN", "very-secret-token-value")
    assert run("fetch", cwd=project)[0] == 0
    lock_text = (project / "toolstubs.lock").read_text()
    assert json.loads(lock_text)["toolkits"]["demo"]["mcp"]["env"] == {"DEMO_SECRET": "${DEMO_TOKEN}"}
    written = lock_text + (project / "toolstubs-store" / "demo@1.4.0.json").read_text()
    assert "very-secret-token-value" not in written


@pytest.mark.parametrize(
    ("table", "said"),
    [
        ('Demo = "python server.py"\n', "must be lower case letters"),
        ('demo = { command = "x", url = "http://127.0.0.1/mcp" }\n', "exactly one of command and url"),
        ('demo = { command = "x", secret = "y" }\n', "unknown keys secret"),
        ('demo = { command = "x", env = { TOKEN = 3 } }\n', "must be a table of strings"),
        ('demo = ""\n', "give a command"),
        ('demo = "python \'unclosed"\n', "cannot split the command"),
    ],
)
def test_bad_configuration_is_refused_in_one_line(tmp_path: Path, run: Run, table: str, said: str) -> None:
    code, _, err = run("fetch", cwd=_project(tmp_path, table))
    assert code == 2 and said in err and len(err.strip().splitlines()) == 1, err


def test_a_toolkit_name_used_twice_is_refused(tmp_path: Path, run: Run) -> None:
    code, _, err = run("fetch", "--mcp", f"demo={demo_line()}", "--mcp", f"demo={demo_line()}", cwd=tmp_path)
    assert code == 2 and "MCP server names must differ" in err


@pytest.fixture(scope="module")
def time_command() -> list[str]:
    found = time_server_command()
    if isinstance(found, str):
        pytest.skip(found)
    return found


@pytest.mark.xdist_group("mypy-mcp")  # one worker: mypy analyses the mcp SDK once, cached
def test_real_pypi_server_and_demo_are_mypy_strict_clean_and_called_for_real(
    tmp_path: Path, run: Run, no_key: None, time_command: list[str]
) -> None:
    """``fetch --mcp`` + ``generate`` for mcp-server-time (from PyPI, run from its own venv)
    and the demo server; an app using both passes ``mypy --strict`` and calls them."""
    project = _project(tmp_path, f"demo = {json.dumps(demo_line())}\n")
    code, _, err = run("fetch", cwd=project)
    assert code == 0, err
    code, _, err = run("fetch", "--mcp", f"time={shlex.join(time_command)}", cwd=project)
    assert code == 0, err
    code, _, err = run("generate", cwd=project)
    assert code == 0, err
    lock = json.loads((project / "toolstubs.lock").read_text())
    assert sorted(lock["toolkits"]) == ["demo", "time"]
    assert sorted(lock["toolkits"]["time"]["tools"]) == ["TIME_CONVERT_TIME", "TIME_GET_CURRENT_TIME"]
    code, out, _ = run("check", cwd=project)  # with a table, `toolstubs fetch` must pin every server the lock holds
    assert code == 1 and "the lock pins the MCP toolkit time, which [tool.toolstubs.mcp] does not name" in out
    _project(project, f"demo = {json.dumps(demo_line())}\ntime = {json.dumps(shlex.join(time_command))}\n")
    assert run("check", "--remote", cwd=project)[0] == 0
    lines = _app_ran(project, APP.replace("DEMO", repr(demo_command())).replace("TIME", repr(time_command)))
    _mypy_clean(project, "app.py", "gen")
    assert lines == [
        "21.5 sunny in Oslo",
        "image/png one pixel",
        "False note -1 does not exist",
        "HI HI",
        "typed 21.5 sunny in Oslo",
        "async 21.5",
        "typed async 21.5",
        "UTC True",
        "16:30 +9.0h",
    ]


APP = """
import asyncio

from gen import demo, time
from gen.demo.echo import Options
from runtime import AsyncMcpClient, McpClient, before_tool
from runtime.mcp import ImageContent, TextContent


@before_tool(demo.GetWeatherInput)
def to_oslo(arguments: demo.GetWeatherInput) -> demo.GetWeatherInput:
    return arguments.model_copy(update={"city": "Oslo"})


with McpClient(command=DEMO, name=demo.TOOLKIT) as client:
    toolkit = demo.Demo(client, modifiers=[to_oslo])
    weather = toolkit.get_weather(city="Bergen").unwrap()
    temperature: float = weather.temperature
    print(temperature, weather.conditions)
    image, caption = toolkit.make_picture().unwrap()
    assert isinstance(image, ImageContent) and isinstance(caption, TextContent)
    print(image.mime_type, caption.text)
    failed = toolkit.delete_note(id=-1)
    print(failed.successful, failed.error)
    echoed = toolkit.echo(message="hi", options=Options(shout=True, repeat=2)).unwrap()
    assert isinstance(echoed[0], TextContent)
    print(echoed[0].text)


with McpClient(command=DEMO, name=demo.TOOLKIT) as client:
    typed_weather = demo.typed(client).tools.execute(demo.Slug.GET_WEATHER, {"city": "Oslo"})
    celsius: float = typed_weather["data"]["temperature"]
    print("typed", celsius, typed_weather["data"]["conditions"])


async def main() -> None:
    async with AsyncMcpClient(command=DEMO, name=demo.TOOLKIT) as client:
        result = await demo.AsyncDemo(client).get_weather(city="Oslo")
        print("async", result.unwrap().temperature)
        typed_result = await demo.typed(client).tools.execute(demo.Slug.GET_WEATHER, {"city": "Oslo"})
        print("typed async", typed_result["data"]["temperature"])


asyncio.run(main())

with McpClient(command=TIME, name=time.TOOLKIT) as client:
    clock = time.Time(client)
    now = clock.get_current_time(timezone="UTC").unwrap()
    is_dst: bool = now.is_dst
    print(now.timezone, is_dst is False)
    converted = clock.convert_time(source_timezone="UTC", time="07:30", target_timezone="Asia/Tokyo").unwrap()
    print(converted.target.datetime[11:16], converted.time_difference)
"""


def test_upgrade_before_fetch_names_the_fetch_that_applies(tmp_path: Path, run: Run, no_key: None) -> None:
    """Issue 31: messages that suggest a command name the flag that applies to MCP toolkits."""
    project = _project(tmp_path, "demo = 'uvx demo-server'\n")
    code, _, err = run("upgrade", "demo", cwd=project)
    assert code == 2 and "demo is not pinned yet: run `toolstubs fetch` first" in err, err
    code, _, err = run("upgrade", "other", cwd=project)
    assert code == 2 and "`toolstubs fetch --toolkit other (an MCP server: --mcp other=COMMAND)` first" in err, err


PINNED = """
import warnings

from gen import demo
from runtime import McpClient, PinMismatchError, PinMismatchWarning

with McpClient(command=SERVER, name=demo.TOOLKIT) as client:
    refusing = demo.Demo(client)
    for attempt in range(2):  # a refusal stands: a caller that retries is refused again
        try:
            refusing.echo(message="hi")
        except PinMismatchError as error:
            print("refused:", error)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        toolkit = demo.Demo(client, pin_mismatch="warn")
        print("called:", toolkit.echo(message="hi").successful, toolkit.echo(message="again").successful)
    print("warned:", [str(w.message) for w in caught if w.category is PinMismatchWarning])
print("--")
"""


def test_a_toolkit_checks_the_server_against_its_pin(tmp_path: Path, run: Run, no_key: None) -> None:
    """Issue 31: McpToolkit never checked that the server it talks to has the pinned version
    (and name); now the first call refuses (PinMismatchError), or warns once by option."""
    project = _project(tmp_path, f"demo = {json.dumps(demo_line())}\n")
    assert run("fetch", cwd=project)[0] == 0
    assert run("generate", cwd=project)[0] == 0
    assert 'SERVER_NAME = "demo"' in (project / "gen" / "demo" / "_toolkit.py").read_text()
    cases = {"version": ("--version", "2.0.0"), "name": ("--name", "impostor"), "same": ()}
    app = "\n".join(PINNED.replace("SERVER", repr(demo_command(*flags))) for flags in cases.values())
    printed = "\n".join(_app_ran(project, app)) + "\n"
    version, name, same = (lines.splitlines() for lines in printed.split("--\n")[:3])
    assert same == ["called: True True", "warned: []"]
    for lines, said in ((version, "has version 2.0.0 (pinned: 1.4.0)"), (name, "has name 'impostor' (pinned: 'demo')")):
        assert lines[0].startswith("refused: Demo: the MCP server it is bound to has ") and said in lines[0]
        assert lines[1] == lines[0] and "toolstubs upgrade demo" in lines[0]
        assert lines[2] == "called: True True" and said in lines[3]
        assert lines[3].count("pinned:") == 1  # warned once per toolkit


ASKING_APP = """
import mcp_types as types
from mcp.client.context import ClientRequestContext

from gen import demo
from runtime import McpClient
from runtime.mcp import TextContent


def sample(context: ClientRequestContext, params: types.CreateMessageRequestParams) -> types.CreateMessageResult:
    return types.CreateMessageResult(role="assistant", content=types.TextContent(type="text", text="short"), model="m")


with McpClient(command=SERVER, name=demo.TOOLKIT) as bare:
    refused = demo.Demo(bare).summarize(text="a long text")
    print(refused.successful, refused.error)

with McpClient(command=SERVER, name=demo.TOOLKIT, sampling_callback=sample) as client:
    (summary,) = demo.Demo(client).summarize(text="a long text").unwrap()
    assert isinstance(summary, TextContent)
    print(summary.text)
"""


@pytest.mark.xdist_group("mypy-mcp")  # one worker: mypy analyses the mcp SDK once, cached
def test_fetch_pins_every_tool_with_what_it_needs_and_a_client_without_the_handler_is_refused_in_band(
    tmp_path: Path, run: Run, no_key: None
) -> None:
    """Issue 31: the reference server listed 13 of its tools to us, because fetch declared no
    client capability; fetch now lists with all of them, records which tools need which, and
    a generated tool whose handler the client lacks is refused in-band, naming it."""
    project = _project(tmp_path, f"demo = {json.dumps(demo_line('--asks'))}\n")
    code, _, err = run("fetch", cwd=project)
    assert code == 0, err
    needs = {str(t["slug"]): t["mcp"].get("needs") for t in _store(project)}  # type: ignore[union-attr]
    assert {slug: need for slug, need in needs.items() if need} == {
        "DEMO_ASK_NAME": ["elicitation"],
        "DEMO_LIST_FOLDERS": ["roots"],
        "DEMO_SUMMARIZE": ["sampling"],
    }
    assert "DEMO_COUNT_DOWN" in needs
    assert run("generate", cwd=project)[0] == 0
    assert 'needs=("sampling",)' in (project / "gen" / "demo" / "summarize.py").read_text()
    assert "Needs a client given ``sampling_callback``" in (project / "gen" / "demo" / "_toolkit.py").read_text()
    assert _app_ran(project, ASKING_APP.replace("SERVER", repr(demo_command("--asks")))) == [
        "False DEMO_SUMMARIZE needs the MCP client to serve sampling: pass sampling_callback= to McpClient / "
        "AsyncMcpClient (nothing was sent)",
        "summary: short",
    ]
    _mypy_clean(project, "app.py")


TASK_APP = """
import asyncio

from gen import demo
from runtime import AsyncMcpClient, McpClient

with McpClient(command=SERVER, name=demo.TOOLKIT) as client:
    print(demo.Demo(client).research(topic="bees", steps=2).unwrap()[0].model_dump(exclude_none=True))


async def main() -> None:
    async with AsyncMcpClient(command=SERVER, name=demo.TOOLKIT) as client:
        print((await demo.AsyncDemo(client).research(topic="ants")).unwrap()[0].model_dump(exclude_none=True))


asyncio.run(main())
"""


def test_a_task_tool_is_pinned_with_its_task_support_and_its_wrapper_returns_the_final_result(
    tmp_path: Path, run: Run, no_key: None
) -> None:
    """Issue 31: the store dropped ``execution.taskSupport``; now it is stored, locked (in the
    tool's hash) and the typed wrapper runs the call as a task, sync and async."""
    flags = ("--tasks", "--handshake-only")
    project = _project(tmp_path, f"demo = {json.dumps(demo_line(*flags))}\n")
    assert run("fetch", cwd=project)[0] == 0
    (research,) = [t for t in _store(project) if t["slug"] == "DEMO_RESEARCH"]
    assert research["mcp"] == {"name": "research", "taskSupport": "required"}
    assert run("generate", cwd=project)[0] == 0
    assert 'task_support="required"' in (project / "gen" / "demo" / "research.py").read_text()
    assert _app_ran(project, TASK_APP.replace("SERVER", repr(demo_command(*flags)))) == [
        "{'type': 'text', 'text': 'report on bees'}",
        "{'type': 'text', 'text': 'report on ants'}",
    ]


MODERN_APP = """
from gen import demo
from runtime import McpClient

with McpClient(url=URL, name=demo.TOOLKIT) as client:
    toolkit = demo.Demo(client)
    cities = toolkit.list_cities().unwrap()
    people: int | None = cities[0].people
    print([city.name for city in cities], people)
    print(toolkit.where_is(region="eu-west").unwrap()[0].model_dump(exclude_none=True)["text"])
"""


@pytest.mark.xdist_group("mypy-mcp")  # one worker: mypy analyses the mcp SDK once, cached
def test_a_non_object_structured_result_is_typed_and_header_parameters_are_sent(
    tmp_path: Path, run: Run, no_key: None
) -> None:
    """Issue 31, the 2026-07-28 protocol: ``structuredContent`` may be any JSON value (an array
    output schema gives a typed list), and a parameter marked ``x-mcp-header`` is sent as an
    ``Mcp-Param-*`` header on streamable HTTP, by the generated wrapper too (which calls
    without listing first)."""
    with demo_http("--modern") as url:
        project = _project(tmp_path, f"demo = {json.dumps(url)}\n")
        assert run("fetch", cwd=project)[0] == 0
        (cities,) = [t for t in _store(project) if t["slug"] == "DEMO_LIST_CITIES"]
        assert cities["output_parameters"]["type"] == "array"  # type: ignore[index]
        assert run("generate", cwd=project)[0] == 0
        module = (project / "gen" / "demo" / "list_cities.py").read_text()
        assert "ListCitiesOutput: TypeAlias = list[OutputItem]" in module
        lines = _app_ran(project, MODERN_APP.replace("URL", repr(url)))
    assert lines == ["['Oslo', 'Bergen'] 709000", "header: eu-west; argument: eu-west"]
    _mypy_clean(project, "app.py")


def test_the_table_check_never_shows_a_urls_credentials(tmp_path: Path) -> None:
    """Review: ``check`` showed a server URL with its password and query as written."""
    from codegen.pipeline.check import mcp_table
    from codegen.pipeline.config import resolve
    from codegen.sources.lock import Lock, LockedToolkit

    secret = "https://user:hunter2@mcp.example.com/mcp?api_key=sk-live-123"
    (tmp_path / "pyproject.toml").write_text('[tool.toolstubs]\n[tool.toolstubs.mcp]\ndocs = "uvx docs"\n')
    lock = Lock({}, {"docs": LockedToolkit("1", {}, {"url": secret})})
    (difference,) = mcp_table(resolve(tmp_path), lock)
    assert "hunter2" not in difference.diff and "sk-live" not in difference.diff
    assert "https://mcp.example.com/mcp" in difference.diff

    # Review: masking must not hide a change: another user or query is a difference.
    (tmp_path / "pyproject.toml").write_text(f'[tool.toolstubs]\n[tool.toolstubs.mcp]\ndocs = "{secret}"\n')
    assert mcp_table(resolve(tmp_path), lock) == []
    for other in (secret.replace("user:", "bob:"), secret.replace("sk-live-123", "sk-live-456")):
        (tmp_path / "pyproject.toml").write_text(f'[tool.toolstubs]\n[tool.toolstubs.mcp]\ndocs = "{other}"\n')
        (changed,) = mcp_table(resolve(tmp_path), lock)
        assert changed.kind == "changed" and "hunter2" not in changed.diff and "sk-live" not in changed.diff


def test_fetch_probes_a_server_that_ignores_discovery_once(tmp_path: Path, run: Run, no_key: None) -> None:
    """Review: a server that never answers ``server/discover`` costs the SDK's discovery
    timeout (10 s) per start, and fetch starts a server two to five times; once the first
    start found a handshake-era server, the others skip the probe."""
    log = tmp_path / "methods.log"
    legacy = [sys.executable, str(REPO / "tests" / "mcpdemo" / "legacy_server.py"), "--ignore"]
    table = f"legacy = {{ command = {json.dumps(legacy)}, env = {{ LEGACY_LOG = {json.dumps(str(log))} }} }}\n"
    project = _project(tmp_path, table)
    code, _, err = run("fetch", cwd=project)
    assert code == 0, err
    methods = log.read_text(encoding="utf-8").split()
    assert methods.count("initialize") == 2 and methods.count("server/discover") == 1, methods
