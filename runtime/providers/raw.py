"""The raw provider: tools as the API's own tool objects, for your own framework."""

from __future__ import annotations

from typing_extensions import override

from runtime.providers.base import Provider
from runtime.tool import Tool


class RawProvider(Provider[Tool]):
    """``tools.get`` returns :class:`~runtime.tool.Tool` objects unchanged."""

    name = "raw"

    @override
    def wrap_tool(self, tool: Tool) -> Tool:
        return tool
