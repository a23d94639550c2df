"""MCP servers as tool backends: clients, the toolkit bases generated MCP toolkits use, and
typed content blocks.

Nothing here imports the ``mcp`` SDK until a client starts a server (``toolstubs[mcp]``).
The clients and toolkit bases load on first use, so generated modules that only need
``McpTool`` or ``ContentBlock`` stay light.
"""

from typing import TYPE_CHECKING

from runtime.lazy import load_on_first_use
from runtime.mcp.content import (
    AudioContent,
    ContentBlock,
    EmbeddedResource,
    ImageContent,
    ResourceContents,
    ResourceLink,
    TextContent,
)
from runtime.mcp.tool import McpTool, ToolAnnotations

if TYPE_CHECKING:
    from runtime.mcp.client import AsyncMcpClient, McpClient
    from runtime.mcp.toolkit import AsyncMcpToolkit, McpToolkit

_LAZY = {
    "AsyncMcpClient": "runtime.mcp.client",
    "McpClient": "runtime.mcp.client",
    "AsyncMcpToolkit": "runtime.mcp.toolkit",
    "McpToolkit": "runtime.mcp.toolkit",
}

__all__ = [
    "AsyncMcpClient",
    "AsyncMcpToolkit",
    "AudioContent",
    "ContentBlock",
    "EmbeddedResource",
    "ImageContent",
    "McpClient",
    "McpTool",
    "McpToolkit",
    "ResourceContents",
    "ResourceLink",
    "TextContent",
    "ToolAnnotations",
]

load_on_first_use(__name__, _LAZY)
