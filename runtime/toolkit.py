"""Base classes of generated toolkit classes: an execution context bound to a client.

``Github(client, user_id=..., connected_account_id=..., modifiers=...)``: every method
call validates its arguments with the tool's input model, uploads the files it was given
and downloads the ones it returns, sends the pinned ``VERSION``, and returns a typed
:data:`~runtime.results.ToolOutcome`. A tool module is imported the
first time one of its methods is called.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import Any, ClassVar, Generic, TypeVar

from typing_extensions import override

from runtime.client import AsyncComposio, Composio, ToolT
from runtime.errors import InvalidParamsError
from runtime.modifiers import Modifiers
from runtime.results import ToolOutcome
from runtime.spec import ToolSpec


@cache
def tool_spec(package: str, module: str) -> ToolSpec:
    """The ``SPEC`` of generated tool module ``package.module``, imported on first use."""
    spec = import_module(f"{package}.{module}").SPEC
    if not isinstance(spec, ToolSpec):
        raise TypeError(f"{package}.{module}.SPEC is not a ToolSpec")
    return spec


def own_slugs(toolkit: Any, slugs: tuple[str, ...]) -> list[str]:
    """``slugs``, or every tool of ``toolkit``'s generated package; a slug of another toolkit is refused."""
    package = type(toolkit).__module__.rpartition(".")[0]
    slugs_of: type = import_module(package).Slug
    own = [str(value) for name, value in vars(slugs_of).items() if name.isupper()]
    foreign = [slug for slug in slugs if slug not in own]
    if foreign:
        raise InvalidParamsError(
            f"{', '.join(foreign)}: not a tool of {toolkit.SLUG}; use {type(toolkit).__name__}'s Slug"
        )
    return list(slugs) or sorted(own)


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
        return tool_spec(type(self).__module__.rpartition(".")[0], module)

    def _user(self) -> str:
        user_id = self._options["user_id"]
        if not user_id:
            raise InvalidParamsError(
                f"{type(self).__name__}(..., user_id=...) is needed to hand its tools to a framework"
            )
        return str(user_id)

    def _slugs(self, slugs: tuple[str, ...]) -> list[str]:
        return own_slugs(self, slugs)

    @override
    def __repr__(self) -> str:
        context = ", ".join(f"{k}={v!r}" for k, v in self._options.items() if v is not None)
        return f"{type(self).__name__}({context})"


class Toolkit(_Context[Composio[Any]], Generic[ToolT]):
    """A generated toolkit bound to a :class:`Composio` client and an execution context."""

    def __init__(
        self,
        client: Composio[ToolT],
        *,
        user_id: str | None = None,
        connected_account_id: str | None = None,
        modifiers: Modifiers | None = None,
    ) -> None:
        super().__init__(client, user_id=user_id, connected_account_id=connected_account_id, modifiers=modifiers)

    def _execute(self, module: str, /, **values: object) -> ToolOutcome[Any]:
        spec = self._tool(module)
        arguments = spec.arguments(values)
        tools = self._client.tools
        response = tools.execute_for_toolkit(
            spec.slug, self.SLUG, arguments, self._modifiers, self._options, spec.files
        )
        return spec.result(response)

    def tools(self, *slugs: str) -> list[ToolT]:
        """This toolkit's tools (all, or ``slugs``) in the client's provider format, bound to this
        toolkit's user, modifiers and pinned version (``agents.FunctionTool``, ``StructuredTool``, ...)."""
        found: list[ToolT] = self._client.tools.get(self._user(), tools=self._slugs(slugs), modifiers=self._modifiers)
        return found


class AsyncToolkit(_Context[AsyncComposio[Any]], Generic[ToolT]):
    """The async twin of :class:`Toolkit`, bound to an :class:`AsyncComposio` client."""

    def __init__(
        self,
        client: AsyncComposio[ToolT],
        *,
        user_id: str | None = None,
        connected_account_id: str | None = None,
        modifiers: Modifiers | None = None,
    ) -> None:
        super().__init__(client, user_id=user_id, connected_account_id=connected_account_id, modifiers=modifiers)

    async def _execute(self, module: str, /, **values: object) -> ToolOutcome[Any]:
        spec = self._tool(module)
        arguments = spec.arguments(values)
        tools = self._client.tools
        response = await tools.execute_for_toolkit(
            spec.slug, self.SLUG, arguments, self._modifiers, self._options, spec.files
        )
        return spec.result(response)

    async def tools(self, *slugs: str) -> list[ToolT]:
        """This toolkit's tools in the client's provider format; see :meth:`Toolkit.tools`."""
        found: list[ToolT] = await self._client.tools.get(
            self._user(), tools=self._slugs(slugs), modifiers=self._modifiers
        )
        return found
