"""The demo server's tools of the 2026-07-28 protocol, listed only on such a connection (a
handshake-era listing refuses them), but for ``listings``: ``list_cities``, whose structured result is an array,
and ``where_is``, whose ``region`` parameter is mirrored as the ``Mcp-Param-Region`` header
on streamable HTTP; it answers with the header it received. ``listings`` says how many
``tools/list`` requests the server answered, to test that a client honours ``ttlMs``.
"""

from __future__ import annotations

from typing import Any

import mcp_types as types
from mcp.server import ServerRequestContext
from mcp_types.version import MODERN_PROTOCOL_VERSIONS

LISTED = {"count": 0}
_EMPTY = {"type": "object", "properties": {}}
CITIES = [{"name": "Oslo", "people": 709_000}, {"name": "Bergen", "people": 291_000}]


def is_modern(ctx: ServerRequestContext[Any]) -> bool:
    return ctx.protocol_version in MODERN_PROTOCOL_VERSIONS


def tools(ctx: ServerRequestContext[Any]) -> list[types.Tool]:
    """The modern tools, on a 2026-07-28 connection; counts the listing."""
    LISTED["count"] += 1
    listings = types.Tool(
        name="listings", description="How many tools/list requests were answered.", input_schema=_EMPTY
    )
    if not is_modern(ctx):
        return [listings]
    city = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "people": {"type": "integer"}},
        "required": ["name"],
    }
    region = {"type": "string", "x-mcp-header": "Region", "description": "Where to look"}
    return [
        types.Tool(
            name="list_cities",
            description="Cities, as a list.",
            input_schema=_EMPTY,
            output_schema={"type": "array", "items": city},
        ),
        types.Tool(
            name="where_is",
            description="Which region the request said, in a header.",
            input_schema={"type": "object", "properties": {"region": region}, "required": ["region"]},
        ),
        listings,
    ]


def _text(text: str) -> types.CallToolResult:
    return types.CallToolResult(content=[types.TextContent(type="text", text=text)])


def call(ctx: ServerRequestContext[Any], params: types.CallToolRequestParams) -> types.CallToolResult | None:
    """The modern tools' answers (``None`` for another tool)."""
    if params.name == "list_cities":
        return types.CallToolResult(content=[_text(str(CITIES)).content[0]], structured_content=CITIES)
    if params.name == "where_is":
        request = ctx.request
        header = request.headers.get("mcp-param-region") if request is not None else None
        return _text(f"header: {header}; argument: {(params.arguments or {}).get('region')}")
    if params.name == "listings":
        return _text(str(LISTED["count"]))
    return None
