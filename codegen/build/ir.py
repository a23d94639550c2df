"""The intermediate representation: frozen, sorted, sanitized; no raw dicts past this point.

A :class:`BuiltToolkit` is one pinned toolkit version with its tools in slug order; a
:class:`BuiltTool` carries everything its module and its wrapper methods are made from (the
runtime has its own ``Tool``, the tool object of the API, and ``Toolkit``, the base of generated
classes).
"""

from __future__ import annotations

from dataclasses import dataclass

from codegen.build.models import ModelCode
from codegen.build.normalize import Param
from runtime.files.fields import FileFields
from runtime.mcp.tool import McpTool


@dataclass(frozen=True)
class BuiltTool:
    """One tool, normalized and with its models emitted."""

    slug: str
    name: str  # human name from the schema
    description: str
    method: str  # also the module name
    prefix: str  # model class prefix
    constant: str  # Slug.<constant>
    params: tuple[Param, ...]
    input_class: str
    output_class: str
    models: ModelCode
    raw_json: str  # the tool object as pinned, its key order kept
    files: FileFields = FileFields()  # where its uploadable and downloadable fields are
    mcp: McpTool | None = None  # a tool of an MCP server: its name there and its annotations
    deprecated: bool = False  # the pinned schema says is_deprecated


@dataclass(frozen=True)
class BuiltToolkit:
    """One toolkit at one pinned version."""

    slug: str
    name: str
    version: str
    package: str
    class_name: str
    tools: tuple[BuiltTool, ...]
    mcp: bool = False  # the tools of an MCP server


def deprecation(tool: BuiltTool, toolkit: BuiltToolkit) -> str | None:
    """What ``@deprecated`` says of a tool its pinned schema marks deprecated (``None``: not);
    checkers print it after "is deprecated: "."""
    if not tool.deprecated:
        return None
    return f"in {toolkit.slug}@{toolkit.version}, the pinned version; see `toolstubs upgrade {toolkit.slug} --dry-run`"
