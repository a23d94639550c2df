"""The typed facade module: ``typed(client)``, with one ``tools.execute`` overload per tool.

A toolkit package gets ``_typed.py`` over its own tools. Each overload takes the tool's
``Literal`` slug and its ``<Tool>InputDict`` and returns ``ToolExecutionResponse[<Tool>OutputDict]``;
the last takes an ``AnySlug`` and any mapping. There is no overload for a plain ``str``: with
one, a checker would pick it for a known slug whose arguments are wrong and check nothing.
The overloads exist for type checkers only; at run time ``runtime.facade`` forwards every
call with the pinned versions (``PINS``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from codegen.build.imports import import_block
from codegen.build.ir import BuiltTool, BuiltToolkit
from codegen.build.naming import TWIN_SUFFIX
from codegen.build.render import render
from codegen.shared import escaping
from codegen.shared.note import GENERATED_NOTE


@dataclass(frozen=True)
class _Overload:
    slug: str  # a Python string literal
    input_dict: str
    output_dict: str


def _overload(tool: BuiltTool) -> _Overload:
    return _Overload(escaping.string(tool.slug), tool.input_class + TWIN_SUFFIX, tool.output_class + TWIN_SUFFIX)


def facade_module(toolkit: BuiltToolkit) -> str:
    """``_typed.py`` of ``toolkit``: its ``typed``, ``Tools`` and ``AsyncTools``."""
    pinned = f"{toolkit.slug}@{toolkit.version}"
    if toolkit.mcp:
        clients = "an ``McpClient`` or ``AsyncMcpClient``"
        pinning = "The server's name for each tool is what is called."
    else:
        clients = "a ``Composio``, an ``AsyncComposio`` or the official SDK's ``composio.Composio``"
        pinning = f"The pinned version ({toolkit.version}) is sent unless a call names one."
    doc = (
        f"The typed facade of {pinned}.\n\n"
        f'``typed(client)`` wraps {clients}: ``tools.execute("SLUG", {{...}})`` is checked against '
        "the tool's input and its ``data`` is typed as its output. A slug chosen at run time is "
        f"marked ``AnySlug(slug)``. {pinning}\n\n{GENERATED_NOTE}"
    )
    imports: dict[str, set[str]] = {
        "collections.abc": {"Mapping", "Sequence"},
        "typing": {"TYPE_CHECKING", "Any", "Literal", "get_args", "overload"},
        "typing_extensions": {"TypeAlias", "TypeVar", "Unpack"},
        "runtime": {"AnySlug", "Modifiers", "ToolExecutionResponse", "ToolT"},
        "runtime.facade": {"Facade", "TypedTools", "wrap"},
    }
    if toolkit.mcp:
        imports["typing"].discard("get_args")
        imports["runtime.mcp"] = {"AsyncMcpClient", "McpClient"}
        imports["runtime.facade"].add("McpExecuteOptions")
    else:
        imports["runtime"] |= {"AsyncComposio", "Composio"}
        imports["runtime.facade"] |= {"ExecuteOptions", "SdkClient"}
    return render(
        "typed.py.jinja",
        docstring=escaping.docstring(doc),
        imports=import_block(imports),
        tool_imports=_tool_imports(toolkit.tools),
        overloads=[_overload(tool) for tool in toolkit.tools],
        slugs=[escaping.string(tool.slug) for tool in toolkit.tools],
        toolkit_slug=escaping.string(toolkit.slug),
        version=escaping.string(toolkit.version),
        mcp=toolkit.mcp,
        tools_doc=escaping.docstring(
            f"``tools`` of a client wrapped by :func:`typed`: {toolkit.slug}'s tools, checked.", " " * 4
        ),
        typed_doc=escaping.docstring(
            f"``client`` with ``tools.execute`` and ``tools.get`` checked against {toolkit.slug}'s tools.", " " * 4
        ),
    )


def _tool_imports(tools: Sequence[BuiltTool]) -> list[str]:
    return [
        f"from .{tool.method} import {tool.input_class}{TWIN_SUFFIX}, {tool.output_class}{TWIN_SUFFIX}"
        for tool in tools
    ]
