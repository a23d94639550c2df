"""The typed facade modules: ``typed(client)``, with one ``tools.execute`` overload per tool.

Each toolkit package gets ``_typed.py`` over its own tools, and the output folder gets
``_typed/__init__.py`` over every toolkit in it (re-exported by the output package's
``__init__.py`` when toolstubs created it); ``typed_toolkits`` may narrow the latter's overloads
to the toolkits it names, as mypy-boto3's "lite" packages do, since a checker's time grows with
the overloads a call is matched against. Each overload takes the tool's ``Literal`` slug
and its ``<Tool>InputDict`` and returns ``ToolExecutionResponse[<Tool>OutputDict]``, both
imported from the toolkit's ``_dicts.pyi`` (:mod:`codegen.build.dicts`); the last
takes an ``AnySlug`` and any mapping. There is no overload for a plain ``str``: with one, a
checker would pick it for a known slug whose arguments are wrong and check nothing. The
overloads exist for type checkers only; at run time ``runtime.facade`` forwards every call
with the pinned versions (``PINS``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from codegen.build.dicts import MODULE, stub_names
from codegen.build.imports import import_block
from codegen.build.ir import BuiltToolkit, deprecation
from codegen.build.naming import TWIN_SUFFIX
from codegen.build.render import render
from codegen.shared import escaping
from codegen.shared.errors import UsageError
from codegen.shared.note import GENERATED_NOTE

#: The output folder's facade package (toolkit packages never start with ``_``).
OUTPUT_FACADE = "_typed"


@dataclass(frozen=True)
class FacadeTool:
    """What one overload names: the slug and the tool's dict twins (in the toolkit's ``_dicts.pyi``)."""

    slug: str
    input_dict: str
    output_dict: str
    deprecated: str | None = None  # what @deprecated says, for a tool its schema marks deprecated


@dataclass(frozen=True)
class FacadeToolkit:
    """A toolkit as its facade sees it (kept in the build cache with the toolkit's files)."""

    slug: str
    package: str
    version: str
    mcp: bool
    tools: tuple[FacadeTool, ...]

    @classmethod
    def of(cls, toolkit: BuiltToolkit) -> FacadeToolkit:
        names = stub_names(toolkit)
        tools = tuple(
            FacadeTool(
                tool.slug,
                names[(tool.method, tool.input_class + TWIN_SUFFIX)],
                names[(tool.method, tool.output_class + TWIN_SUFFIX)],
                deprecation(tool, toolkit),
            )
            for tool in toolkit.tools
        )
        return cls(toolkit.slug, toolkit.package, toolkit.version, toolkit.mcp, tools)


def facade_module(toolkit: FacadeToolkit) -> str:
    """``_typed.py`` of one toolkit package."""
    what = f"{toolkit.slug}@{toolkit.version}"
    return _module(f"The typed facade of {what}.", [toolkit], ".", f"{toolkit.slug}'s tools")


def output_facade(toolkits: Sequence[FacadeToolkit], typed_toolkits: Sequence[str] | None = None) -> str:
    """``_typed/__init__.py`` of the output folder: one facade over all of ``toolkits``, or,
    with ``typed_toolkits``, overloads for those only; every toolkit's pins are sent either way."""
    pinned = ", ".join(f"{t.slug}@{t.version}" for t in toolkits)
    if typed_toolkits is None:
        return _module(f"The typed facade of every toolkit here: {pinned}.", toolkits, "..", "every toolkit's tools")
    unknown = sorted(set(typed_toolkits) - {t.slug for t in toolkits})
    if unknown:
        raise UsageError(
            f"typed_toolkits names {', '.join(unknown)}, which this run does not generate "
            f"(it generates {', '.join(sorted(t.slug for t in toolkits)) or 'no toolkit'}): "
            "name generated toolkits in [tool.toolstubs] typed_toolkits or --typed-toolkit"
        )
    chosen = [t for t in toolkits if t.slug in typed_toolkits]
    left_out = [t.slug for t in toolkits if t.slug not in typed_toolkits]
    title = f"The typed facade of the toolkits typed_toolkits names: {', '.join(t.slug for t in chosen) or 'none'}."
    if left_out:
        title += (
            f" The tools of {', '.join(left_out)} have no overload here (their own package's ``typed`` "
            "has them); call them with ``AnySlug(slug)``: they still get their pinned version."
        )
    whose = f"{', '.join(t.slug for t in chosen)}'s tools" if chosen else "no toolkit's tools"
    return _module(f"{title}\n\nPinned: {pinned}.", chosen, "..", whose, pinned_too=toolkits)


def _module(
    title: str,
    toolkits: Sequence[FacadeToolkit],
    parent: str,
    whose: str,
    pinned_too: Sequence[FacadeToolkit] = (),
) -> str:
    """The facade module with overloads for ``toolkits``; ``PINS`` holds ``pinned_too``'s tools
    as well, and a kind of client (Composio or MCP) that only ``pinned_too`` has is wrapped too,
    taking ``AnySlug`` calls only."""
    every = [*toolkits, *pinned_too]
    has_composio = any(not t.mcp and t.tools for t in every)
    has_mcp = any(t.mcp and t.tools for t in every)
    composio = [t for t in toolkits if not t.mcp and t.tools]
    mcp = [t for t in toolkits if t.mcp and t.tools]
    clients = [
        *(["a ``Composio``, an ``AsyncComposio`` or the official SDK's ``composio.Composio``"] if has_composio else []),
        *(["an ``McpClient`` or ``AsyncMcpClient``"] if has_mcp else []),
    ]
    pins = _pins(every)
    sent = " The pinned version is sent unless a call names one." if pins else ""
    clients = clients or ["a client"]
    doc = (
        f'{title}\n\n``typed(client)`` wraps {" or ".join(clients)}: ``tools.execute("SLUG", {{...}})`` is '
        "checked against the tool's input and its ``data`` is typed as its output. A slug chosen at "
        f"run time is marked ``AnySlug(slug)``.{sent}\n\n{GENERATED_NOTE}"
    )
    imports: dict[str, set[str]] = {"typing": {"Any"}, "runtime.facade": {"TypedTools", "wrap"}}
    if has_composio or has_mcp:
        imports = {
            "collections.abc": {"Mapping", "Sequence"},
            "typing": {"TYPE_CHECKING", "Any", "Literal", "overload"},
            "typing_extensions": {"TypeAlias", "TypeVar", "Unpack"},
            "runtime": {"AnySlug", "Modifiers", "ToolExecutionResponse", "ToolT"},
            "runtime.facade": {"Facade", "TypedTools", "wrap"},
        }
    if any(tool.deprecated for toolkit in [*composio, *mcp] for tool in toolkit.tools):
        imports["typing_extensions"].add("deprecated")
    if has_composio:
        imports["runtime"] |= {"AsyncComposio", "Composio"}
        imports["runtime.facade"] |= {"ExecuteOptions", "SdkClientT"}
    lines, names = _tool_imports(toolkits, parent)
    if has_mcp:  # for type checkers only: a Composio application need not load the MCP client
        lines.insert(0, "from runtime.mcp import AsyncMcpClient, McpClient")
        imports["runtime.facade"].add("McpExecuteOptions")
    if has_mcp and has_composio:
        imports["runtime.facade"].add("is_mcp_client")
    return render(
        "typed.py.jinja",
        docstring=escaping.docstring(doc),
        imports=import_block(imports),
        tool_imports=lines,
        composio=_kind(composio, names) if has_composio else None,
        mcp=_kind(mcp, names) if has_mcp else None,
        pins=pins,
        tools_doc=escaping.docstring(f"``tools`` of a client wrapped by :func:`typed`: {whose}, checked.", " " * 4),
        typed_doc=escaping.docstring(
            f"``client`` with ``tools.execute`` and ``tools.get`` checked against {whose}.", " " * 4
        ),
    )


def _kind(toolkits: Sequence[FacadeToolkit], names: dict[tuple[str, str], str]) -> dict[str, object]:
    """The overloads and literals of one kind of client (Composio or MCP). A slug two toolkits
    share (two versions of one toolkit under different names) is typed by the first of them."""
    overloads = []
    seen: set[str] = set()
    for toolkit in toolkits:
        for tool in toolkit.tools:
            if tool.slug in seen:
                continue
            seen.add(tool.slug)
            overloads.append(
                {
                    "slug": escaping.string(tool.slug),
                    "input_dict": names[(toolkit.package, tool.input_dict)],
                    "output_dict": names[(toolkit.package, tool.output_dict)],
                    "deprecated": escaping.string(tool.deprecated) if tool.deprecated else "",
                }
            )
    return {
        "overloads": overloads,
        "slugs": [item["slug"] for item in overloads],
        "toolkits": [escaping.string(toolkit.slug) for toolkit in toolkits],
    }


def _pins(toolkits: Sequence[FacadeToolkit]) -> list[tuple[str, str]]:
    """``PINS``: each Composio tool's slug and pinned version, as literals (the first toolkit
    naming a slug wins, as in the overloads)."""
    pins: dict[str, str] = {}
    for toolkit in toolkits:
        if not toolkit.mcp:
            for tool in toolkit.tools:
                pins.setdefault(tool.slug, toolkit.version)
    return [(escaping.string(slug), escaping.string(version)) for slug, version in pins.items()]


def _tool_imports(toolkits: Sequence[FacadeToolkit], parent: str) -> tuple[list[str], dict[tuple[str, str], str]]:
    """The ``from ._dicts import ...`` lines, one per toolkit (:mod:`codegen.build.dicts`: the
    twins without the tool modules, for checkers), and the name each twin goes by here: as it
    is, unless two toolkits share it (then ``<package>_<name>``)."""
    counts: dict[str, int] = {}
    for toolkit in toolkits:
        for tool in toolkit.tools:
            for name in (tool.input_dict, tool.output_dict):
                counts[name] = counts.get(name, 0) + 1
    lines: list[str] = []
    names: dict[tuple[str, str], str] = {}
    for toolkit in toolkits:
        where = parent if parent == "." else f"{parent}{toolkit.package}."
        written = []
        for tool in toolkit.tools:
            for name in (tool.input_dict, tool.output_dict):
                local = name if counts[name] == 1 else f"{toolkit.package}_{name}"
                names[(toolkit.package, name)] = local
                written.append(name if local == name else f"{name} as {local}")
        if written:
            lines.append(f"from {where}{MODULE} import {', '.join(written)}")
    return lines, names
