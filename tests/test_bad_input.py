"""Bad input never crashes a run: each input a probe crashed the CLI with, as a regression test.

Every one is reported per tool (slug and reason) while the rest of the toolkit generates,
or refused with exit 2 and one clear line; no traceback reaches the user from any command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from codegen.build.versions import generator_versions
from codegen.pipeline import config
from codegen.pipeline import generate as pipeline
from codegen.shared import safejson, secrets
from codegen.shared.errors import UsageError
from codegen.shared.report import Report
from codegen.sources import catalog, store
from codegen.sources.lock import Lock, LockedToolkit
from tests.conftest import REPO, tool

Run = Callable[..., tuple[int, str, str]]


def _deep(levels: int) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": {}}
    node = schema
    for _ in range(levels):
        child: dict[str, Any] = {"type": "object", "properties": {}}
        node["properties"]["a"] = child
        node = child
    return schema


def _catalog(project: Path, tools: list[dict[str, Any]]) -> None:
    sys.set_int_max_str_digits(0)  # only to write the 5,000-digit integer below
    try:
        text = json.dumps(tools)
    finally:
        sys.set_int_max_str_digits(4300)
    (project / "bad.json").write_text(text, encoding="utf-8")
    (project / "pyproject.toml").write_text(
        '[tool.toolstubs]\nsource = "bad.json"\nout = "out"\ntoolkits = ["bad@20250101_00"]\n', encoding="utf-8"
    )


def _tool(slug: str, inputs: Any) -> dict[str, Any]:
    return tool(slug, toolkit="bad", version="20250101_00", input_parameters=inputs)


def _one(key: str, schema: Any) -> dict[str, Any]:
    return {"type": "object", "properties": {key: schema}}


def test_hostile_values_are_reported_per_tool_and_the_rest_generates(tmp_path: Path, run: Run) -> None:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))  # json.dumps of the deep schema, in the test only
    _catalog(
        tmp_path,
        [
            _tool("BAD_DEEP", _deep(500)),
            _tool("BAD_BIG_INTEGER", _one("x", {"type": "integer", "default": 10**5000})),
            _tool("BAD_NAN", _one("x", {"type": "number", "default": float("nan")})),
            _tool("BAD_INFINITY", _one("x", {"type": "number", "maximum": float("inf")})),
            _tool("BAD_FINE", _one("x", {"type": "string"})),
        ],
    )
    code, _, err = run("generate", cwd=tmp_path)
    assert "Traceback" not in err
    assert "error: BAD_DEEP: it nests deeper than 400 levels" in err
    assert "error: BAD_BIG_INTEGER: input_parameters.properties.x.default is a 5,001-digit integer" in err
    assert "error: BAD_NAN: input_parameters.properties.x.default is NaN (not allowed in JSON)" in err
    assert "error: BAD_INFINITY: input_parameters.properties.x.maximum is Infinity (not allowed in JSON)" in err
    assert code == 0 and (tmp_path / "out" / "bad" / "fine.py").is_file()
    assert "1 tool, " in err and "4 tools left out" in err


def test_a_lone_surrogate_is_reported_per_tool_and_the_rest_generates(tmp_path: Path, run: Run) -> None:
    # JSON may escape half of a UTF-16 pair ("\\ud83d", an emoji cut in two); no UTF-8 text can
    # hold it, and it crashed every run (the lock hash encodes the tool) with an internal error.
    _catalog(
        tmp_path,
        [
            _tool("BAD_HALF_EMOJI", _one("x", {"type": "string", "description": "Pick one \ud83d"})),
            _tool("BAD_SURROGATE_KEY", _one("x\udc00", {"type": "string"})),
            _tool("BAD_FINE", _one("x", {"type": "string"})),
        ],
    )
    assert "\\ud83d" in (tmp_path / "bad.json").read_text(encoding="utf-8")
    code, _, err = run("generate", cwd=tmp_path)
    assert "Traceback" not in err and "internal error" not in err
    assert (
        "error: BAD_HALF_EMOJI: input_parameters.properties.x.description holds a lone surrogate (U+D83D, the first "
        "half of a UTF-16 pair), which UTF-8 text cannot carry; fix the schema" in err
    )
    assert "error: BAD_SURROGATE_KEY: input_parameters.properties.x\\udc00 holds a lone surrogate (U+DC00" in err
    assert code == 0 and (tmp_path / "out" / "bad" / "fine.py").is_file()
    assert "1 tool, " in err and "2 tools left out" in err


def test_a_fetched_lone_surrogate_is_stored_as_sent_and_refused_by_name(tmp_path: Path, run: Run) -> None:
    half = _tool("BAD_HALF_EMOJI", _one("x", {"type": "string", "description": "Pick one \ud83d"}))
    store_folder, lock_path = tmp_path / "toolstubs-store", tmp_path / "toolstubs.lock"
    lock = Lock(generator_versions(), {"bad": LockedToolkit("20250101_00", {"BAD_HALF_EMOJI": store.tool_hash(half)})})
    store.write(store_folder, lock_path, {("bad", "20250101_00"): [half]}, lock, {})
    stored = (store_folder / "bad@20250101_00.json").read_bytes().decode("utf-8")
    assert json.loads(stored) == [half]  # the server's text, kept as a JSON escape
    (tmp_path / "pyproject.toml").write_text(
        '[tool.toolstubs]\nout = "out"\ntoolkits = ["bad@20250101_00"]\n', encoding="utf-8"
    )
    code, _, err = run("generate", cwd=tmp_path)
    assert "Traceback" not in err and "internal error" not in err
    assert code == 2 and "BAD_HALF_EMOJI: input_parameters.properties.x.description holds a lone surrogate" in err


def test_an_output_property_named_by_the_empty_string_is_generated(tmp_path: Path, run: Run) -> None:
    output = {
        "type": "object",
        "properties": {"data": {"type": "object", "properties": {"": {"type": "string"}}, "required": [""]}},
    }
    _catalog(tmp_path, [tool("BAD_EMPTY_KEY", toolkit="bad", version="20250101_00", output_parameters=output)])
    code, _, err = run("generate", cwd=tmp_path)
    assert code == 0 and "1 tool, " in err and "left out" in err and "0 tools left out" in err, err
    module = (tmp_path / "out" / "bad" / "empty_key.py").read_text(encoding="utf-8")
    assert 'alias=""' in module


def test_promised_schema_warnings_are_emitted(tmp_path: Path, run: Run) -> None:
    cycle = {
        "type": "object",
        "properties": {"x": {"$ref": "#/$defs/A"}},
        "$defs": {"A": {"$ref": "#/$defs/B"}, "B": {"$ref": "#/$defs/A"}},
    }
    _catalog(
        tmp_path,
        [
            _tool("BAD_PROPERTIES", {"type": "object", "properties": "abc"}),
            _tool("BAD_REQUIRED", {**_one("x", {"type": "string"}), "required": ["x", "y", "z"]}),
            _tool("BAD_CYCLE", cycle),
            _tool("BAD_DANGLING", _one("x", {"$ref": "#/$defs/Nowhere"})),
        ],
    )
    code, _, err = run("generate", cwd=tmp_path)
    assert code == 0, err
    assert "warning: BAD_PROPERTIES: input: properties is not an object (str); ignored" in err
    assert 'warning: BAD_REQUIRED: input: required names "y", "z", which are not a property; ignored' in err
    assert "warning: BAD_CYCLE: input: $ref '#/$defs/A' is a cycle of references with no schema in it" in err
    assert "warning: BAD_DANGLING: input.x: $ref '#/$defs/Nowhere' points nowhere; treated as Any" in err


def test_a_file_nested_beyond_any_limit_is_refused_in_one_line(tmp_path: Path, run: Run) -> None:
    (tmp_path / "bad.json").write_text("[" * 100_000, encoding="utf-8")
    code, _, err = run("generate", "--source", "bad.json", "--out", "out", "--toolkit", "bad@1", cwd=tmp_path)
    assert code == 2 and "Traceback" not in err
    assert (
        err.strip()
        == f"toolstubs: error: {tmp_path / 'bad.json'}: not readable as JSON (it nests deeper than 20,000 levels)"
    )


def test_an_internal_error_prints_one_line_and_where_the_trace_is(
    project: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug of ours")

    monkeypatch.setattr("codegen.cli.commands.build", broken)
    code, _, err = run("generate", cwd=project)
    assert code == 2
    (line,) = err.strip().splitlines()
    assert line.startswith("toolstubs: internal error (ZeroDivisionError: a bug of ours); the full trace is in ")
    trace = Path(line.split("the full trace is in ")[1].split(";")[0])
    assert "ZeroDivisionError" in trace.read_text() and "Traceback" in trace.read_text()


def test_the_trace_file_and_its_line_show_no_secret(project: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """An internal error whose message and trace hold the API key and a secret an MCP server
    was given: neither the one line nor the trace file shows them."""
    secret = "mcp-secret-value-8c1f"

    def broken(*args: object, **kwargs: object) -> None:
        secrets.remember(secret)
        leaked = f"key {os.environ['COMPOSIO_API_KEY']} and {secret}"
        raise ZeroDivisionError(leaked)

    monkeypatch.setenv("COMPOSIO_API_KEY", "sk-trace-secret-0451")
    monkeypatch.setattr("codegen.cli.commands.build", broken)
    code, _, err = run("generate", cwd=project)
    trace = Path(err.split("the full trace is in ")[1].split(";")[0])
    for shown in (err, trace.read_text()):
        assert "sk-trace-secret-0451" not in shown and secret not in shown and "[redacted]" in shown, shown


@pytest.mark.parametrize("slug", ["A:B", 'KIT_"QUOTED"', "KIT_TWO\nLINES", ": _0:", "KIT::X"])
def test_reports_carry_the_slug_as_data_whatever_it_holds(tmp_path: Path, slug: str) -> None:
    catalog_file = tmp_path / "c.json"
    catalog_file.write_text(json.dumps([{"slug": slug, "toolkit": {}}, {"slug": slug + "2"}]), encoding="utf-8")
    tools, loaded = catalog.load(catalog_file)
    _, reports = catalog.select(tools, [])
    assert loaded == [] and [r.slug for r in reports] == [slug, slug + "2"]
    assert all(r.message.startswith("has no toolkit.slug") for r in reports)


def test_safe_json_parses_deep_documents_and_marks_what_json_cannot_hold() -> None:
    deep = "[" * 5_000 + "]" * 5_000
    assert safejson.problem(safejson.loads(deep), limit=10_000) is None
    marked = safejson.loads('{"a": [1, NaN, ' + "9" * 5_000 + "]}")
    assert (
        safejson.problem(marked) == "a[1] is NaN (not allowed in JSON); fix the schema"
        or safejson.problem(marked) == "a[2] is a 5,000-digit integer; fix the schema"
    )
    with pytest.raises(safejson.JsonError, match="nests deeper than 20,000 levels"):
        safejson.loads("[" * 30_000)


# Any characters, lone surrogates included, and text that looks like JSON's escapes of them.
ESCAPE_LIKE = st.lists(st.sampled_from(["\\", "u", "d83d", "de00", "\ud83d", "\ude00", "\U0001f600", "a"]), max_size=6)
ANY_TEXT = st.text(st.characters(codec=None, categories=None), max_size=6) | ESCAPE_LIKE.map("".join)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | ANY_TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(ANY_TEXT, children, max_size=4),
    max_leaves=20,
)


def _holds_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, dict):
        return any(_holds_surrogate(k) or _holds_surrogate(v) for k, v in value.items())
    return isinstance(value, list) and any(map(_holds_surrogate, value))


@given(JSON_VALUES)
def test_safe_json_marks_exactly_the_values_that_hold_a_lone_surrogate(value: Any) -> None:
    text = json.dumps(value)  # JSON text as any server writes it: \\u escapes
    served = json.loads(text)  # what a plain parser makes of it (adjacent halves join into one character)
    parsed = safejson.loads(text)
    found = safejson.problem(parsed)
    if _holds_surrogate(served):
        assert found is not None and "holds a lone surrogate" in found
        found.encode("utf-8")  # the message itself can be printed
    else:
        assert found is None and parsed == served
    written = safejson.encodable(json.dumps(served, ensure_ascii=False)).encode("utf-8")
    assert json.loads(written) == served  # what the store and the lock write parses back the same


MARKED_VALUES = st.recursive(
    st.none() | st.integers() | st.text(max_size=2) | st.builds(safejson.NotJson, st.just("is marked")),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=2), children, max_size=3),
    max_leaves=15,
)


@given(MARKED_VALUES, st.integers(0, 6))
def test_the_quick_walk_agrees_with_the_one_that_names_where(value: Any, limit: int) -> None:
    assert safejson._sound(value, limit) == (safejson._located(value, limit) is None)


def test_an_in_process_build_leaves_the_recursion_limit_as_it_found_it() -> None:
    # Building a tool in the calling process raised the limit to 10,000 for good (a library
    # caller's whole program, and Hypothesis warned about it in the hostile tests).
    before = sys.getrecursionlimit()
    assert not isinstance(pipeline.build_tool(_tool("BAD_FINE", _one("x", {"type": "string"})), "bad", "fine"), Report)
    pipeline._build_chunk([(_tool("BAD_FINE", _one("x", {"type": "string"})), "bad", "fine")])
    assert sys.getrecursionlimit() == before


def test_tools_without_version_or_toolkit_take_them_from_the_pins(tmp_path: Path, run: Run) -> None:
    bare = [{"slug": "GITHUB_STAR_REPO", "input_parameters": _one("repo", {"type": "string"})}]
    bare.append({"slug": "GITHUB_ISSUES_LIST", "toolkit": {"slug": "github_issues"}})
    bare.append({"slug": "GITLAB_PING", "toolkit": {"slug": "gitlab"}})
    (tmp_path / "tools.json").write_text(json.dumps(bare), encoding="utf-8")
    code, _, err = run("generate", "--source", "tools.json", "--out", "out", cwd=tmp_path)
    assert code == 2 and "the tools of github_issues, gitlab carry no version" in err
    assert "--toolkit github_issues@YYYYMMDD_NN" in err
    code, _, err = run(
        "generate", "--source", "tools.json", "--out", "out", "--toolkit", "github@20251207_00", cwd=tmp_path
    )
    assert code == 0, err
    assert (tmp_path / "out" / "github" / "star_repo.py").is_file()
    assert '"version": "20251207_00"' in (tmp_path / "toolstubs.lock").read_text()
    code, _, err = run("generate", "--source", "tools.json", "--out", "out", "--toolkit", "nope@1", cwd=tmp_path)
    assert code == 2 and "(it has: github_issues, gitlab)" in err


def test_pipeline_reports_are_reports(project: Path) -> None:
    from codegen.pipeline import config

    generation = pipeline.build(config.resolve(project))
    assert all(report.slug and report.toolkit for report in generation.reports)


def test_a_toolkit_whose_every_tool_is_left_out_names_each_reason_and_exits_1(tmp_path: Path, run: Run) -> None:
    """Regression (issue 26): the pinned toolkit was said not to be in the catalog ("it has: no
    tools at all"), the per-tool reasons were gone, and the exit code was 2."""
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))  # json.dumps of the deep schema, in the test only
    _catalog(
        tmp_path,
        [
            _tool("BAD_DEEP", _deep(1200)),
            _tool("BAD_BIG_INTEGER", _one("x", {"type": "integer", "default": 10**5000})),
            _tool("BAD_INFINITY", _one("x", {"type": "number", "default": float("inf")})),
        ],
    )
    code, out, err = run("generate", cwd=tmp_path)
    assert "Traceback" not in err and "not in the catalog" not in err and "SystemExit" not in err + out
    assert "error: BAD_DEEP: it nests deeper than 400 levels" in err
    assert "error: BAD_BIG_INTEGER: input_parameters.properties.x.default is a 5,001-digit integer" in err
    assert "error: BAD_INFINITY: input_parameters.properties.x.default is Infinity" in err
    assert err.rstrip().endswith("toolstubs: no tool of bad could be generated (see the errors above)"), err
    assert "3 tools left out" in err and code == 1


def test_a_tool_whose_method_would_shadow_the_toolkit_api_is_renamed_and_type_checks(tmp_path: Path, run: Run) -> None:
    """Regression (issue 26): ``ACME_TOOLS`` replaced ``Toolkit.tools()`` and failed mypy --strict."""
    import subprocess

    from tests.checkers import mypy_settings, runtime_only_python

    typing_keys = {key: {"type": "string"} for key in ("Literal", "Any", "Annotated")}
    _catalog(
        tmp_path,
        [
            _tool("BAD_TOOLS", _one("x", {"type": "string"})),
            _tool("BAD_MRO", _one("x", {"type": "string"})),
            _tool("BAD_STR", _one("x", {"type": "string"})),  # a method str hid every later str annotation
            _tool("BAD_TYPING_KEYS", {"type": "object", "properties": {**typing_keys, "kind": {"enum": ["a", "b"]}}}),
        ],
    )
    code, _, err = run("generate", cwd=tmp_path)
    assert code == 0, err
    assert "method name 'tools' is taken by the toolkit class or its annotations" in err
    toolkit = (tmp_path / "out" / "bad" / "_toolkit.py").read_text(encoding="utf-8")
    assert (
        "def tools_(" in toolkit and "def mro_(" in toolkit and "def str_(" in toolkit and "def tools(" not in toolkit
    )
    imported = subprocess.run(
        [sys.executable, "-c", "from out.bad import typing_keys; typing_keys.TypingKeysInput(Literal='x', kind='a')"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)])},
    )
    assert imported.returncode == 0, imported.stderr[-2000:]
    checked = subprocess.run(
        # the runtime-only environment: mypy meets no framework SDK (a minute less, cold)
        [sys.executable, "-m", "mypy", *mypy_settings(runtime_only_python()), "out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout[-2000:]


def test_an_object_default_is_said_to_be_not_kept_rather_than_not_fitting(tmp_path: Path, run: Run) -> None:
    """Regression (issue 26): a valid object default was warned as "does not fit its type"."""
    settings = {"type": "object", "properties": {"depth": {"type": "integer"}}, "default": {"depth": 2}}
    _catalog(tmp_path, [_tool("BAD_OBJECT_DEFAULT", _one("settings", settings))])
    code, _, err = run("generate", cwd=tmp_path)
    assert code == 0, err
    assert 'default {"depth":2} is an object, and object defaults are never kept in a model' in err
    assert "does not fit its type" not in err


def test_a_description_without_a_full_stop_still_ends_its_sentence(tmp_path: Path, run: Run) -> None:
    """Issue 31: "ID of the text resource to fetch Defaults to 1 on the server when omitted."."""
    resource = {"type": "integer", "description": "ID of the text resource to fetch", "default": 1}
    _catalog(tmp_path, [_tool("BAD_RESOURCE", _one("resource_id", resource))])
    code, _, err = run("generate", cwd=tmp_path)
    assert code == 0, err
    toolkit = " ".join((tmp_path / "out" / "bad" / "_toolkit.py").read_text(encoding="utf-8").split())
    assert "ID of the text resource to fetch. Defaults to 1 on the server when omitted." in toolkit


def test_a_description_ending_in_brackets_still_ends_its_sentence(tmp_path: Path, run: Run) -> None:
    """Review (issue 31): "Number of resource links to return (1-10) Defaults to 3"."""
    count = {"type": "integer", "description": "Number of resource links to return (1-10)", "default": 3}
    _catalog(tmp_path, [_tool("BAD_LINKS", _one("count", count))])
    assert run("generate", cwd=tmp_path)[0] == 0
    toolkit = " ".join((tmp_path / "out" / "bad" / "_toolkit.py").read_text(encoding="utf-8").split())
    assert "Number of resource links to return (1-10). Defaults to 3 on the server when omitted." in toolkit


def test_generate_before_any_fetch_names_both_ways_to_fetch(tmp_path: Path, run: Run) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.toolstubs]\nout = "out"\n', encoding="utf-8")
    code, _, err = run("generate", cwd=tmp_path)
    assert code == 2 and "--toolkit SLUG[@VERSION]" in err and "--mcp 'NAME=COMMAND ARGS'" in err, err


def test_an_mcp_tool_name_outside_the_protocols_rules_is_called_by_it_with_a_warning(tmp_path: Path, run: Run) -> None:
    """Issue 31: tool names outside the protocol's name rules are mapped with a warning."""
    spaced = {**_tool("BAD_GET_WEATHER_NOW", _one("city", {"type": "string"})), "mcp": {"name": "get weather now"}}
    _catalog(tmp_path, [spaced])
    code, _, err = run("generate", cwd=tmp_path)
    assert code == 0, err
    assert (
        "the MCP tool name 'get weather now' is outside the protocol's name rules (1 to 128 of A-Z a-z 0-9 _ - .): "
        "it is called by that name, as BAD_GET_WEATHER_NOW" in err
    )
    assert 'name="get weather now"' in (tmp_path / "out" / "bad" / "get_weather_now.py").read_text(encoding="utf-8")


def test_a_class_never_takes_a_name_its_module_imports(tmp_path: Path, run: Run) -> None:
    """Review: union members titled ``Typed Dict`` or ``Not Required`` became ``class TypedDict``
    and ``class NotRequired``, shadowing the module's imports: it failed to import."""
    members = [
        {"title": title, "type": "object", "properties": {key: {"type": "string"}}, "required": [key]}
        for title, key in (("Typed Dict", "a"), ("Not Required", "b"), ("Mcp Tool", "c"), ("Tool Annotations", "d"))
    ]
    _catalog(tmp_path, [_tool("BAD_SHADOW", _one("choice", {"anyOf": members}))])
    code, _, err = run("generate", cwd=tmp_path)
    assert code == 0, err
    module = (tmp_path / "out" / "bad" / "shadow.py").read_text(encoding="utf-8")
    for name in ("TypedDict", "NotRequired", "McpTool", "ToolAnnotations"):
        assert f"class {name}(" not in module
    imported = subprocess.run(
        [sys.executable, "-c", "import out.bad.shadow"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{REPO}"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr


def test_a_misspelt_key_of_the_config_is_refused_naming_it_and_the_keys_there_are(tmp_path: Path, run: Run) -> None:
    """``toolkit = [...]`` for ``toolkits`` was ignored without a word: the run then pinned
    nothing, or generated with defaults the user thought they had changed."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.toolstubs]\nout = "out"\ntoolkit = ["weather@20250301_00"]\n', encoding="utf-8"
    )
    code, _, err = run("generate", cwd=tmp_path)
    assert code == 2 and "unknown key 'toolkit' in [tool.toolstubs]" in err and "toolkits" in err, err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('[tool.toolstubs]\n"out\\nx" = "o"\n', "unknown key 'out\\nx'"),
        ("tool = 3\n", "[tool] must be a table"),
        ("[tool]\ntoolstubs = 3\n", "[tool.toolstubs] must be a table"),
        ('[tool.toolstubs]\ntoolkits = [""]\n', "[tool.toolstubs] toolkits: bad toolkit pin ''"),
    ],
    ids=["newline-in-key", "tool-not-a-table", "toolstubs-not-a-table", "empty-pin"],
)
def test_a_config_of_odd_shape_is_refused_in_one_line(tmp_path: Path, run: Run, text: str, said: str) -> None:
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    code, _, err = run("generate", cwd=tmp_path)
    assert code == 2 and said in err and len(err.strip().splitlines()) == 1, err


def _toml(value: Any) -> str:
    """``value`` as a TOML value (strings and keys as JSON writes them, characters unescaped: TOML refuses JSON's surrogate pairs)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(map(_toml, value)) + "]"
    return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {_toml(v)}" for k, v in value.items()) + "}"


_TOML_VALUES = st.recursive(
    st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.sampled_from(["a@1", "x=y z", "${V}"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(config.KEYS) | st.text(max_size=10), _TOML_VALUES, max_size=4))
@example({"toolkits": [""]})  # found by CI's draws: the pin's own error escaped as a CatalogError
def test_any_config_section_settles_or_is_refused_in_words(section: dict[str, Any]) -> None:
    """Whatever ``[tool.toolstubs]`` holds, reading it gives a configuration or a UsageError
    (exit 2, one line), never another exception."""
    text = "[tool.toolstubs]\n" + "".join(
        f"{json.dumps(k, ensure_ascii=False)} = {_toml(v)}\n" for k, v in section.items()
    )
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "pyproject.toml").write_text(text, encoding="utf-8")
        try:
            config.resolve(Path(folder))
        except UsageError as error:
            assert str(error).strip() and "\n" not in str(error).strip()
