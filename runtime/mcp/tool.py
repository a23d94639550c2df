"""An MCP tool as toolstubs knows it: its wire name, its annotations, and its tool object.

``tool_object`` turns one entry of an MCP server's ``tools/list`` into the tool object the
store, the generator and the providers read (the shape of a Composio tool): toolkit = the
server's name in the project (its display name: the server's own ``serverInfo.name``), slug = ``NAME_TOOL`` in upper snake case, version = the
server's ``serverInfo.version``. The generator and the runtime both use it, so a fetched
schema and a served one are the same object.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from runtime.jsonvalues import is_object

#: Annotation hints, wire key -> the words the docstrings use.
HINTS = {
    "readOnlyHint": "read-only",
    "destructiveHint": "destructive",
    "idempotentHint": "idempotent",
    "openWorldHint": "open-world",
}
_VERSION_CHARACTERS = re.compile(r"[^A-Za-z0-9._+-]")
_TOOL_NAME = re.compile(r"[A-Za-z0-9._-]{1,128}")  # the protocol's tool name rules (SEP-986)


@dataclass(frozen=True)
class ToolAnnotations:
    """The server's hints about a tool (``None``: not said). Hints, not guarantees."""

    read_only: bool | None = None
    destructive: bool | None = None
    idempotent: bool | None = None
    open_world: bool | None = None


@dataclass(frozen=True)
class McpTool:
    """What a generated MCP tool module tells the runtime beyond its models.

    ``name`` is the tool's name on the server (what ``tools/call`` sends); ``structured``
    says the tool declares an ``outputSchema``, so ``data`` is its ``structuredContent``
    (otherwise ``data`` is the list of content blocks); ``needs``, the client capabilities
    the server listed it for (a client without their handlers is refused in-band);
    ``task_support``, its ``execution.taskSupport``.
    """

    name: str
    structured: bool = False
    annotations: ToolAnnotations = ToolAnnotations()
    needs: tuple[str, ...] = ()  # what the server lists it for only: "sampling", "elicitation", "roots"
    task_support: str = "forbidden"  # "optional" or "required": called as a task where the server has them


def _upper_snake(text: str) -> str:
    """``get-current_time`` -> ``GET_CURRENT_TIME``; camelCase words are split (``getTime`` -> ``GET_TIME``)."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text)
    return re.sub(r"[^A-Za-z0-9]+", "_", words).strip("_").upper()


def tool_slug(server: str, name: str) -> str:
    """``NAME_TOOL`` in upper snake case: ``tool_slug("time", "get-current_time")`` is
    ``TIME_GET_CURRENT_TIME``. A tool name that starts with the server's name does not
    repeat it: ``tool_slug("git", "git_add")`` is ``GIT_ADD``; a name that is only the
    server's name keeps it (``fetch`` of ``fetch`` is ``FETCH_FETCH``, method ``fetch``)."""
    prefix, words = _upper_snake(server), _upper_snake(name)
    if words.startswith(f"{prefix}_"):
        words = words[len(prefix) + 1 :]
    return f"{prefix}_{words}".strip("_")


def tool_slugs(server: str, names: Sequence[str], clashes: list[str] | None = None) -> dict[str, str]:
    """Each tool name's slug (:func:`tool_slug`), which depends on that name alone, so the
    slug of a tool never changes with the rest of the listing (a server lists more tools to a
    client that declares more capabilities, and fetch lists them all). Two tools whose slugs
    are equal (``git_add`` and ``add``, ``get_weather`` and ``get-weather``), or a tool whose
    slug would be the toolkit's own, raise :class:`ValueError` naming them; or, when
    ``clashes`` is given, are left out and described there, the other tools kept."""
    slugs: dict[str, list[str]] = {}
    for name in names:
        slugs.setdefault(tool_slug(server, name), []).append(name)
    found: list[str] = []
    for slug, named in slugs.items():
        if len(named) > 1:
            found.append(f"tools {named[0]!r} and {named[1]!r} both become {slug}; toolstubs cannot tell them apart")
        elif slug == _upper_snake(server):
            found.append(f"tool {named[0]!r} becomes {slug}, the toolkit's own name; toolstubs cannot tell them apart")
    if found and clashes is None:
        raise ValueError(found[0])
    if clashes is not None:
        clashes += found
    return {named[0]: slug for slug, named in slugs.items() if len(named) == 1 and slug != _upper_snake(server)}


def server_version(version: object) -> str:
    """The version a server's tools are pinned at: its ``serverInfo.version``, made safe as
    part of a file name (characters outside ``A-Z a-z 0-9 . _ + -`` become ``_``), or ``0``."""
    text = _VERSION_CHARACTERS.sub("_", str(version or "")).lstrip(".")[:64]
    return text or "0"


def server_name(info: Mapping[str, Any]) -> str | None:
    """The server's own name (``serverInfo.name``), if it gives a usable one."""
    name = info.get("name")
    return name[:200] if isinstance(name, str) and name.strip() and name.isprintable() else None


def _human(name: str) -> str:
    words = re.sub(r"[_\-\s]+", " ", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)).strip()
    return words[:1].upper() + words[1:].lower() if words else name


def tool_object(
    server: str, version: str, listed: Mapping[str, Any], server_name: str | None = None, needs: Sequence[str] = ()
) -> dict[str, Any]:
    """The tool object of one ``tools/list`` entry (its wire JSON, camelCase keys), slug
    :func:`tool_slug`; ``server_name``, the server's own name (``serverInfo.name``), is the
    toolkit's name; ``needs``, the capabilities the server lists the tool for only."""
    name = str(listed["name"])
    given = listed.get("annotations")
    annotations: Mapping[str, Any] = given if is_object(given) else {}
    title = listed.get("title") or annotations.get("title")
    mcp: dict[str, Any] = {"name": name}
    if title:
        mcp["title"] = str(title)
    if annotations:
        mcp["annotations"] = dict(annotations)
    execution = listed.get("execution")
    task_support = execution.get("taskSupport") if is_object(execution) else None
    if task_support in ("optional", "required"):  # absent or anything else: "forbidden"
        mcp["taskSupport"] = task_support
    if needs:
        mcp["needs"] = sorted(needs)
    icons = listed.get("icons")
    if isinstance(icons, list) and icons:  # kept in the pin (a change shows in diff), not in the code
        mcp["icons"] = icons
    tool: dict[str, Any] = {
        "slug": tool_slug(server, name),
        "name": str(title) if title else _human(name),
        "description": str(listed.get("description") or ""),
        "toolkit": {"slug": server, "name": server_name or server},
        "version": version,
        "input_parameters": listed.get("inputSchema") or {"type": "object", "properties": {}},
        "mcp": mcp,
    }
    if listed.get("outputSchema") is not None:
        tool["output_parameters"] = listed["outputSchema"]
    return tool


def tool_objects(
    server: str,
    version: str,
    listed: Sequence[Mapping[str, Any]],
    server_name: str | None = None,
    needs: Mapping[str, Sequence[str]] | None = None,
    clashes: list[str] | None = None,
) -> list[dict[str, Any]]:
    """The tool objects of a whole ``tools/list``, in its order (``needs``: tool name -> the
    capabilities it is listed for only); raises :class:`ValueError` for a tool without a
    name, and for two tools (or a tool and the toolkit) of one slug, unless ``clashes`` is
    given: then those tools are left out and described there (:func:`tool_slugs`)."""
    if any(not isinstance(entry.get("name"), str) or not entry["name"].strip() for entry in listed):
        raise ValueError("it lists a tool without a name")
    slugs = tool_slugs(server, [entry["name"] for entry in listed], clashes)
    return [
        tool_object(server, version, entry, server_name, (needs or {}).get(entry["name"], ()))
        for entry in listed
        if entry["name"] in slugs
    ]


def name_notes(raw: Mapping[str, Any]) -> list[str]:
    """What to say of an MCP tool object's name outside the protocol's rules (1 to 128 of
    ``A-Z a-z 0-9 _ - .``): the tool is still called by it, under the slug it maps to."""
    mcp = raw.get("mcp")
    name = mcp.get("name") if is_object(mcp) else None
    if not isinstance(name, str) or _TOOL_NAME.fullmatch(name):
        return []
    shown = name if len(name) <= 80 else name[:77] + "..."
    return [
        f"the MCP tool name {shown!r} is outside the protocol's name rules (1 to 128 of A-Z a-z 0-9 _ - .): "
        f"it is called by that name, as {raw.get('slug')}; ask the server's publisher to rename it"
    ]


def needs_of(raw: Mapping[str, Any]) -> tuple[str, ...]:
    """The capabilities a tool object made by :func:`tool_object` is listed for only."""
    mcp = raw.get("mcp")
    needs: object = mcp.get("needs") if is_object(mcp) else None
    return tuple(str(need) for need in cast("list[object]", needs)) if isinstance(needs, list) else ()


def mcp_tool_of(raw: Mapping[str, Any]) -> McpTool | None:
    """The :class:`McpTool` of a tool object made by :func:`tool_object` (``None``: not an MCP tool)."""
    mcp = raw.get("mcp")
    if not is_object(mcp):
        return None
    task_support = mcp.get("taskSupport")
    return McpTool(
        str(mcp.get("name", raw.get("slug"))),
        bool(raw.get("output_parameters")),
        annotations_of(raw),
        needs_of(raw),
        task_support if task_support in ("optional", "required") else "forbidden",
    )


def annotations_of(raw: Mapping[str, Any]) -> ToolAnnotations:
    """The annotations of a tool object made by :func:`tool_object`."""
    mcp = raw.get("mcp")
    given = mcp.get("annotations") if is_object(mcp) else None
    if not is_object(given):
        return ToolAnnotations()

    def hint(key: str) -> bool | None:
        value = given.get(key)
        return value if isinstance(value, bool) else None

    return ToolAnnotations(hint("readOnlyHint"), hint("destructiveHint"), hint("idempotentHint"), hint("openWorldHint"))


def hint_words(annotations: ToolAnnotations) -> list[str]:
    """``["read-only", "not open-world"]``: each hint the server gave, in the spec's order."""
    values = [annotations.read_only, annotations.destructive, annotations.idempotent, annotations.open_world]
    return [
        word if value else f"not {word}"
        for word, value in zip(HINTS.values(), values, strict=True)
        if value is not None
    ]
