"""Base classes of generated MCP toolkit classes: a toolkit bound to an MCP client.

``Demo(client, modifiers=...)``: every method validates its arguments with the tool's
input model, calls the tool by its name on the server (``tools/call``) and returns a typed
:data:`~runtime.results.ToolOutcome`, as a Composio toolkit does. Each call (and
``tools()``) checks that the connected server is the pinned one: its ``serverInfo`` name and
version against the toolkit's ``SERVER_NAME`` and ``VERSION``; a mismatch raises
:class:`~runtime.errors.PinMismatchError` on every call, or warns once
(:class:`~runtime.errors.PinMismatchWarning`) when the toolkit is bound with
``pin_mismatch="warn"``. A server found to match is not asked again.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any, ClassVar, Generic, Literal, get_args

from typing_extensions import override

from runtime.errors import PinMismatchError, PinMismatchWarning
from runtime.mcp.client import AsyncMcpClient, McpClient, ToolT
from runtime.mcp.tool import McpTool, server_name, server_version
from runtime.modifiers import Modifiers
from runtime.results import ToolOutcome
from runtime.spec import ToolSpec
from runtime.toolkit import own_slugs, tool_spec

PinMismatch = Literal["error", "warn"]
_PIN_MISMATCH: frozenset[str] = frozenset(get_args(PinMismatch))


class _McpContext:
    SLUG: ClassVar[str]
    VERSION: ClassVar[str]
    SERVER_NAME: ClassVar[str | None] = None  # toolkits generated before the name was pinned: not checked

    def __init__(self, modifiers: Modifiers | None, pin_mismatch: PinMismatch) -> None:
        if pin_mismatch not in _PIN_MISMATCH:  # a caller whose types were not checked
            raise TypeError(f"pin_mismatch= is 'error' or 'warn', not {pin_mismatch!r}")
        self._modifiers = list(modifiers or ())
        self._pin_mismatch = pin_mismatch
        self._pin_checked = False

    def _check_pin(self, info: Mapping[str, Any]) -> None:
        """The connected server against the pin (see the module): once when it matches or
        when warning, on every call when refusing."""
        if self._pin_checked:
            return
        found: list[str] = []
        version = server_version(info.get("version"))
        if version != self.VERSION:
            found.append(f"version {version} (pinned: {self.VERSION})")
        name = server_name(info) or self.SLUG
        if self.SERVER_NAME is not None and name != self.SERVER_NAME:
            found.append(f"name {name!r} (pinned: {self.SERVER_NAME!r})")
        if not found or self._pin_mismatch == "warn":
            self._pin_checked = True  # matched, or warned once; a refusal stands for every call
        if not found:
            return
        message = (
            f"{type(self).__name__}: the MCP server it is bound to has {' and '.join(found)}, so its tools may "
            f"differ from the generated ones: run `toolstubs check --remote` and `toolstubs upgrade {self.SLUG}`, "
            "or bind with pin_mismatch='warn'"
        )
        if self._pin_mismatch == "warn":
            warnings.warn(message, PinMismatchWarning, stacklevel=4)
        else:
            raise PinMismatchError(message)

    def _tool(self, module: str) -> tuple[ToolSpec, McpTool]:
        spec = tool_spec(type(self).__module__.rpartition(".")[0], module)
        if spec.mcp is None:
            raise TypeError(f"{spec.slug} is not an MCP tool")
        return spec, spec.mcp

    def _slugs(self, slugs: tuple[str, ...]) -> list[str]:
        return own_slugs(self, slugs)


class McpToolkit(_McpContext, Generic[ToolT]):
    """A generated MCP toolkit bound to a :class:`McpClient`."""

    def __init__(
        self, client: McpClient[ToolT], *, modifiers: Modifiers | None = None, pin_mismatch: PinMismatch = "error"
    ) -> None:
        super().__init__(modifiers, pin_mismatch)
        self._client = client

    def _execute(self, module: str, /, **values: object) -> ToolOutcome[Any]:
        self._check_pin(self._client.server_info)
        spec, tool = self._tool(module)
        arguments = spec.arguments(values)
        response = self._client.tools.execute_for_toolkit(spec.slug, self.SLUG, tool, arguments, self._modifiers)
        return spec.result(response)

    def tools(self, *slugs: str) -> list[ToolT]:
        """This toolkit's tools (all, or ``slugs``) in the client's provider format, with its modifiers."""
        self._check_pin(self._client.server_info)
        return self._client.tools.get(tools=self._slugs(slugs), modifiers=self._modifiers)

    @override
    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"


class AsyncMcpToolkit(_McpContext, Generic[ToolT]):
    """The async twin of :class:`McpToolkit`, bound to an :class:`AsyncMcpClient`."""

    def __init__(
        self, client: AsyncMcpClient[ToolT], *, modifiers: Modifiers | None = None, pin_mismatch: PinMismatch = "error"
    ) -> None:
        super().__init__(modifiers, pin_mismatch)
        self._client = client

    async def _execute(self, module: str, /, **values: object) -> ToolOutcome[Any]:
        self._check_pin(self._client.server_info)
        spec, tool = self._tool(module)
        arguments = spec.arguments(values)
        response = await self._client.tools.execute_for_toolkit(spec.slug, self.SLUG, tool, arguments, self._modifiers)
        return spec.result(response)

    async def tools(self, *slugs: str) -> list[ToolT]:
        """This toolkit's tools in the client's provider format; see :meth:`McpToolkit.tools`."""
        self._check_pin(self._client.server_info)
        return await self._client.tools.get(tools=self._slugs(slugs), modifiers=self._modifiers)

    @override
    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"
