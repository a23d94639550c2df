"""The run-time half of a generated typed facade: ``typed(client).tools.execute("SLUG", {...})``.

A generated ``typed`` (per toolkit, and over every toolkit of an output folder) wraps a
client — ``Composio``, ``AsyncComposio``, ``McpClient``, ``AsyncMcpClient`` or the official
SDK's ``composio.Composio`` — in a :class:`Facade` whose ``tools`` is a :class:`TypedTools`.
The generated subclass declares one ``execute`` overload per tool (its ``Literal`` slug, its
``InputDict`` and its ``OutputDict``) for type checkers only; at run time every call comes
here: the arguments are forwarded as plain data (a nested model given where its dict twin is
allowed becomes its wire dict), and a generated tool's pinned version is sent unless the
call names one. A slug chosen at run time is marked :data:`AnySlug` and is forwarded as it is.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Generic, NewType, Protocol

from pydantic import BaseModel
from typing_extensions import TypedDict, TypeVar, override

from runtime.jsonvalues import is_object, is_sequence
from runtime.modifiers import Modifiers

#: A slug chosen at run time: ``tools.execute(AnySlug(slug), arguments)`` takes any mapping and
#: returns the untyped response. Plain ``str`` is refused by the facade's overloads, so a
#: known slug with wrong arguments never falls through to an unchecked call.
AnySlug = NewType("AnySlug", str)

GetT = TypeVar("GetT")
ToolsT = TypeVar("ToolsT")
ClientT = TypeVar("ClientT")


class ExecuteOptions(TypedDict, total=False):
    """The keyword options of ``tools.execute`` on a Composio client, as the reference names them."""

    connected_account_id: str | None
    custom_auth_params: Mapping[str, Any] | None
    custom_connection_data: Mapping[str, Any] | None
    user_id: str | None
    text: str | None
    version: str | None
    dangerously_skip_version_check: bool | None
    modifiers: Modifiers | None


class McpExecuteOptions(TypedDict, total=False):
    """The keyword options of ``tools.execute`` on an MCP client."""

    modifiers: Modifiers | None


class SdkClient(Protocol):
    """The official SDK's ``composio.Composio`` as the facade sees it (it has connected
    accounts, which this runtime's clients do not: the two are never mistaken)."""

    @property
    def tools(self) -> Any: ...

    @property
    def connected_accounts(self) -> Any: ...


#: An official SDK client, kept as its own type by the facade (``typed(c).client``).
SdkClientT = TypeVar("SdkClientT", bound=SdkClient)


def wire_value(value: object) -> Any:
    """``value`` as plain JSON data: a model becomes its wire dict (aliases, set fields only)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if is_object(value):
        return {key: wire_value(item) for key, item in value.items()}
    if is_sequence(value):
        return [wire_value(item) for item in value]
    return value


class TypedTools(Generic[GetT]):
    """``tools`` of a typed facade: forwards to the wrapped client's ``tools`` with the pins."""

    def __init__(self, tools: Any, pins: Mapping[str, str]) -> None:
        self.wrapped = tools
        self.pins = pins

    def forward_execute(self, slug: str, arguments: Mapping[str, Any], options: Mapping[str, Any]) -> Any:
        """The wrapped ``execute``, the pinned version sent unless ``options`` name one (for
        an async client, its coroutine)."""
        sent = dict(options)
        pin = self.pins.get(slug)
        if pin is not None and sent.get("version") is None:
            sent["version"] = pin
        return self.wrapped.execute(slug, wire_value(arguments), **sent)

    def forward_get(self, arguments: tuple[Any, ...], options: Mapping[str, Any]) -> Any:
        """The wrapped ``get`` (for an async client, its coroutine)."""
        return self.wrapped.get(*arguments, **options)

    if not TYPE_CHECKING:  # the generated subclass declares both, typed per tool

        def execute(self, slug, arguments, /, **options):
            return self.forward_execute(slug, arguments, options)

        def get(self, *arguments, **options):
            return self.forward_get(arguments, options)


def is_mcp_client(client: object) -> bool:
    """``client`` is an ``McpClient`` or ``AsyncMcpClient`` (never true before the MCP client
    module is imported, so a Composio application never imports it for this)."""
    module = sys.modules.get("runtime.mcp.client")
    return module is not None and isinstance(client, (module.McpClient, module.AsyncMcpClient))


def wrap(
    client: Any, tools: type[TypedTools[Any]], async_tools: type[TypedTools[Any]], pins: Mapping[str, str]
) -> Facade[Any, TypedTools[Any]]:
    """``client`` in a facade whose ``tools`` is ``async_tools`` when the client's calls are
    coroutines (``AsyncComposio``, ``AsyncMcpClient``), else ``tools``."""
    chosen = async_tools if inspect.iscoroutinefunction(client.tools.execute) else tools
    return Facade(client, chosen(client.tools, pins))


class Facade(Generic[ClientT, ToolsT]):
    """A client with typed ``tools``; the wrapped client itself is ``client``. At run time any
    other attribute is the client's too, but checkers see only these two, so a misspelt
    ``tools`` is an error rather than an unchecked ``Any``."""

    def __init__(self, client: ClientT, tools: ToolsT) -> None:
        self.client: ClientT = client
        self.tools: ToolsT = tools

    if not TYPE_CHECKING:

        def __getattr__(self, name):
            return getattr(self.client, name)

    @override
    def __repr__(self) -> str:
        return f"typed({self.client!r})"
