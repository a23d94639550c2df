"""An MCP tool as toolstubs knows it: its wire name, its annotations, and its tool object.

``tool_object`` turns one entry of an MCP server's ``tools/list`` into the tool object the
store, the generator and the providers read (the shape of a Composio tool): toolkit = the
server's name in the project, slug = ``NAME_TOOL`` in upper snake case, version = the
server's ``serverInfo.version``. The generator and the runtime both use it, so a fetched
schema and a served one are the same object.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from runtime.jsonvalues import is_object

#: Annotation hints, wire key -> the words the docstrings use.
HINTS = {
    "readOnlyHint": "read-only",
    "destructiveHint": "destructive",
    "idempotentHint": "idempotent",
    "openWorldHint": "open-world",
}
_VERSION_CHARACTERS = re.compile(r"[^A-Za-z0-9._+-]")


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
    (otherwise ``data`` is the list of content blocks).
    """

    name: str
    structured: bool = False
    annotations: ToolAnnotations = ToolAnnotations()


def tool_slug(server: str, name: str) -> str:
    """``NAME_TOOL`` in upper snake case: ``tool_slug("time", "get-current_time")`` is
    ``TIME_GET_CURRENT_TIME``; camelCase words are split (``getTime`` -> ``GET_TIME``)."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", f"{server}_{name}")
    return re.sub(r"[^A-Za-z0-9]+", "_", words).strip("_").upper()


def slug_clash(server: str, taken: Mapping[str, str], slug: str, name: str) -> str | None:
    """Why the tool ``name`` (slug ``slug``) cannot be told apart from another, or ``None``.

    ``taken`` maps the slugs seen so far to their tools' names on the server; a slug equal
    to the toolkit's own (``NAME``) is taken too."""
    if slug in taken:
        return f"tools {taken[slug]!r} and {name!r} both become {slug}; toolstubs cannot tell them apart"
    if slug == tool_slug(server, ""):
        return f"tool {name!r} becomes {slug}, the toolkit's own name; toolstubs cannot tell them apart"
    return None


def server_version(version: object) -> str:
    """The version a server's tools are pinned at: its ``serverInfo.version``, made safe as
    part of a file name (characters outside ``A-Z a-z 0-9 . _ + -`` become ``_``), or ``0``."""
    text = _VERSION_CHARACTERS.sub("_", str(version or "")).lstrip(".")[:64]
    return text or "0"


def _human(name: str) -> str:
    words = re.sub(r"[_\-\s]+", " ", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)).strip()
    return words[:1].upper() + words[1:].lower() if words else name


def tool_object(server: str, version: str, listed: Mapping[str, Any]) -> dict[str, Any]:
    """The tool object of one ``tools/list`` entry (its wire JSON, camelCase keys)."""
    name = str(listed["name"])
    given = listed.get("annotations")
    annotations: Mapping[str, Any] = given if is_object(given) else {}
    title = listed.get("title") or annotations.get("title")
    mcp: dict[str, Any] = {"name": name}
    if title:
        mcp["title"] = str(title)
    if annotations:
        mcp["annotations"] = dict(annotations)
    tool: dict[str, Any] = {
        "slug": tool_slug(server, name),
        "name": str(title) if title else _human(name),
        "description": str(listed.get("description") or ""),
        "toolkit": {"slug": server, "name": server},
        "version": version,
        "input_parameters": listed.get("inputSchema") or {"type": "object", "properties": {}},
        "mcp": mcp,
    }
    if listed.get("outputSchema") is not None:
        tool["output_parameters"] = listed["outputSchema"]
    return tool


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
