"""Base classes of generated MCP toolkit classes: a toolkit bound to an MCP client.

``Demo(client, modifiers=...)``: every method validates its arguments with the tool's
input model, calls the tool by its name on the server (``tools/call``) and returns a typed
:data:`~runtime.results.ToolOutcome`, as a Composio toolkit does.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic

from typing_extensions import override

from runtime.mcp.client import AsyncMcpClient, McpClient, ToolT
from runtime.mcp.tool import McpTool
from runtime.modifiers import Modifiers
from runtime.results import ToolOutcome
from runtime.spec import ToolSpec
from runtime.toolkit import own_slugs, tool_spec


class _McpContext:
    SLUG: ClassVar[str]
    VERSION: ClassVar[str]

    def __init__(self, modifiers: Modifiers | None) -> None:
        self._modifiers = list(modifiers or ())

    def _tool(self, module: str) -> tuple[ToolSpec, McpTool]:
        spec = tool_spec(type(self).__module__.rpartition(".")[0], module)
        if spec.mcp is None:
            raise TypeError(f"{spec.slug} is not an MCP tool")
        return spec, spec.mcp

    def _slugs(self, slugs: tuple[str, ...]) -> list[str]:
        return own_slugs(self, slugs)


class McpToolkit(_McpContext, Generic[ToolT]):
    """A generated MCP toolkit bound to a :class:`McpClient`."""

    def __init__(self, client: McpClient[ToolT], *, modifiers: Modifiers | None = None) -> None:
        super().__init__(modifiers)
        self._client = client

    def _execute(self, module: str, /, **values: object) -> ToolOutcome[Any]:
        spec, tool = self._tool(module)
        arguments = spec.arguments(values)
        response = self._client.tools.execute_for_toolkit(
            spec.slug, self.SLUG, tool.name, tool.structured, arguments, self._modifiers
        )
        return spec.result(response)

    def tools(self, *slugs: str) -> list[ToolT]:
        """This toolkit's tools (all, or ``slugs``) in the client's provider format, with its modifiers."""
        return self._client.tools.get(tools=self._slugs(slugs), modifiers=self._modifiers)

    @override
    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"


class AsyncMcpToolkit(_McpContext, Generic[ToolT]):
    """The async twin of :class:`McpToolkit`, bound to an :class:`AsyncMcpClient`."""

    def __init__(self, client: AsyncMcpClient[ToolT], *, modifiers: Modifiers | None = None) -> None:
        super().__init__(modifiers)
        self._client = client

    async def _execute(self, module: str, /, **values: object) -> ToolOutcome[Any]:
        spec, tool = self._tool(module)
        arguments = spec.arguments(values)
        response = await self._client.tools.execute_for_toolkit(
            spec.slug, self.SLUG, tool.name, tool.structured, arguments, self._modifiers
        )
        return spec.result(response)

    async def tools(self, *slugs: str) -> list[ToolT]:
        """This toolkit's tools in the client's provider format; see :meth:`McpToolkit.tools`."""
        return await self._client.tools.get(tools=self._slugs(slugs), modifiers=self._modifiers)

    @override
    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"
