"""MCP servers as tool backends: clients, the toolkit bases generated MCP toolkits use, and
typed content blocks.

Nothing here imports the ``mcp`` SDK until a client starts a server (``toolstubs[mcp]``).
Every name loads on first use, so generated modules that only need ``McpTool`` or
``ContentBlock``, and the generator, which reads only ``McpTool``, stay light.
"""

from typing import TYPE_CHECKING

from runtime.lazy import load_grouped_on_first_use

if TYPE_CHECKING:
    from runtime.mcp.client import AsyncMcpClient, McpClient
    from runtime.mcp.content import (
        AudioContent,
        ContentBlock,
        EmbeddedResource,
        ImageContent,
        ResourceContents,
        ResourceLink,
        TextContent,
    )
    from runtime.mcp.started import AsyncMcpTask, McpTask
    from runtime.mcp.tool import McpTool, ToolAnnotations
    from runtime.mcp.toolkit import AsyncMcpToolkit, McpToolkit

#: Where each exported name lives.
_EXPORTS = {
    "runtime.mcp.client": ("AsyncMcpClient", "McpClient"),
    "runtime.mcp.content": (
        "AudioContent",
        "ContentBlock",
        "EmbeddedResource",
        "ImageContent",
        "ResourceContents",
        "ResourceLink",
        "TextContent",
    ),
    "runtime.mcp.started": ("AsyncMcpTask", "McpTask"),
    "runtime.mcp.tool": ("McpTool", "ToolAnnotations"),
    "runtime.mcp.toolkit": ("AsyncMcpToolkit", "McpToolkit"),
}

__all__ = [
    "AsyncMcpClient",
    "AsyncMcpTask",
    "AsyncMcpToolkit",
    "AudioContent",
    "ContentBlock",
    "EmbeddedResource",
    "ImageContent",
    "McpClient",
    "McpTask",
    "McpTool",
    "McpToolkit",
    "ResourceContents",
    "ResourceLink",
    "TextContent",
    "ToolAnnotations",
]

load_grouped_on_first_use(__name__, _EXPORTS)
