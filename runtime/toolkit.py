"""Base classes of generated toolkit classes: an execution context bound to a client.

``Github(client, user_id=..., connected_account_id=..., modifiers=...)``: every method
call validates its arguments with the tool's input model, uploads the files it was given
and downloads the ones it returns, sends the pinned ``VERSION``, and returns a typed
:class:`~runtime.results.ToolResult`. A tool module is imported the
first time one of its methods is called.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import Any, ClassVar, Generic, TypeVar

from runtime.client import AsyncComposio, Composio
from runtime.modifiers import Modifiers
from runtime.results import ToolResult
from runtime.spec import ToolSpec


@cache
def _spec(package: str, module: str) -> ToolSpec:
    spec = import_module(f"{package}.{module}").SPEC
    if not isinstance(spec, ToolSpec):
        raise TypeError(f"{package}.{module}.SPEC is not a ToolSpec")
    return spec


ClientT = TypeVar("ClientT", Composio[Any], AsyncComposio[Any])


class _Context(Generic[ClientT]):
    SLUG: ClassVar[str]
    VERSION: ClassVar[str]

    def __init__(
        self,
        client: ClientT,
        *,
        user_id: str | None = None,
        connected_account_id: str | None = None,
        modifiers: Modifiers | None = None,
    ) -> None:
        self._client: ClientT = client
        self._options: dict[str, Any] = {
            "user_id": user_id,
            "connected_account_id": connected_account_id,
            "version": self.VERSION,
        }
        self._modifiers = list(modifiers or ())

    def _tool(self, module: str) -> ToolSpec:
        return _spec(type(self).__module__.rpartition(".")[0], module)

    def __repr__(self) -> str:
        context = ", ".join(f"{k}={v!r}" for k, v in self._options.items() if v is not None)
        return f"{type(self).__name__}({context})"


class Toolkit(_Context[Composio[Any]]):
    """A generated toolkit bound to a :class:`Composio` client and an execution context."""

    def _execute(self, module: str, /, **values: object) -> ToolResult[Any]:
        spec = self._tool(module)
        arguments = spec.arguments(values)
        tools = self._client.tools
        response = tools._execute_in(spec.slug, self.SLUG, arguments, self._modifiers, self._options, spec.files)
        return spec.result(response)


class AsyncToolkit(_Context[AsyncComposio[Any]]):
    """The async twin of :class:`Toolkit`, bound to an :class:`AsyncComposio` client."""

    async def _execute(self, module: str, /, **values: object) -> ToolResult[Any]:
        spec = self._tool(module)
        arguments = spec.arguments(values)
        tools = self._client.tools
        response = await tools._execute_in(spec.slug, self.SLUG, arguments, self._modifiers, self._options, spec.files)
        return spec.result(response)
