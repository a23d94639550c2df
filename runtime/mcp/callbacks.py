"""What an MCP server may ask of its client, and the application's handlers that answer.

A server may ask for a model's completion (``sampling``), for the user's input
(``elicitation``: a form, or a URL to open) or for the folders it may work in (``roots``),
and it may report a call's progress. The handlers have the official ``mcp`` SDK's names and
signatures (``sampling_callback``, ``elicitation_callback``, ``list_roots_callback``,
``progress_callback``); the synchronous client also takes plain functions, run in a worker
thread. A client declares a capability only when its handler is given, so a server lists
exactly the tools the application can serve; a generated tool that needs a capability the
client lacks is refused in-band, naming the handler to pass (:meth:`Handlers.refusal`).

Listing serves no request, so ``toolstubs fetch`` lists with every capability declared
(:func:`listing_only`), and learns which tools need which by listing again without each.
Only types are imported from the SDK here, and only for type checkers.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    import mcp_types as types
    from mcp.client.context import ClientRequestContext
    from mcp.client.session import ElicitationFnT, ListRootsFnT, SamplingFnT
    from mcp.shared.dispatcher import ProgressFnT

    SamplingAnswer: TypeAlias = types.CreateMessageResult | types.CreateMessageResultWithTools | types.ErrorData
    SyncSampling: TypeAlias = Callable[[ClientRequestContext, types.CreateMessageRequestParams], SamplingAnswer]
    SyncElicitation: TypeAlias = Callable[
        [ClientRequestContext, types.ElicitRequestParams], types.ElicitResult | types.ErrorData
    ]
    SyncListRoots: TypeAlias = Callable[[ClientRequestContext], types.ListRootsResult | types.ErrorData]
    SyncProgress: TypeAlias = Callable[[float, float | None, str | None], None]

    #: What the synchronous client takes: the SDK's async handlers, or plain functions.
    AnySampling: TypeAlias = SamplingFnT | SyncSampling
    AnyElicitation: TypeAlias = ElicitationFnT | SyncElicitation
    AnyListRoots: TypeAlias = ListRootsFnT | SyncListRoots
    AnyProgress: TypeAlias = ProgressFnT | SyncProgress

#: Each capability a server may need, and the client keyword whose handler declares it.
CALLBACKS = {"sampling": "sampling_callback", "elicitation": "elicitation_callback", "roots": "list_roots_callback"}


@dataclass(frozen=True)
class Handlers:
    """The application's handlers (``None``: not served, the capability not declared)."""

    sampling: Any = None
    elicitation: Any = None
    roots: Any = None
    progress: Any = None

    def declared(self) -> frozenset[str]:
        """The capabilities these handlers serve: ``{"sampling", "roots"}``."""
        return frozenset(name for name in CALLBACKS if getattr(self, name) is not None)

    def client_keywords(self) -> dict[str, Any]:
        """The SDK client's keywords for the handlers given (progress goes with each call)."""
        return {keyword: getattr(self, name) for name, keyword in CALLBACKS.items() if getattr(self, name) is not None}

    def refusal(self, slug: str, needs: Collection[str]) -> str | None:
        """Why ``slug``, which needs ``needs``, cannot be called with these handlers, or ``None``."""
        missing = [CALLBACKS[need] for need in sorted(needs) if need in CALLBACKS and need not in self.declared()]
        if not missing:
            return None
        return (
            f"{slug} needs the MCP client to serve {', '.join(sorted(set(needs) - self.declared()))}: "
            f"pass {' and '.join(f'{keyword}=' for keyword in missing)} to McpClient / AsyncMcpClient "
            "(nothing was sent)"
        )


def _is_async(handler: Any) -> bool:
    """An async function, or an object whose ``__call__`` is one."""
    call = getattr(handler, "__call__", None)  # noqa: B004 - an object whose __call__ is async
    return inspect.iscoroutinefunction(handler) or inspect.iscoroutinefunction(call)


def asynchronous(handler: Any) -> Any:
    """``handler`` as the SDK calls it (awaited on the client's event loop): an async function
    as it is, a plain function run in a worker thread so it may block (call a model, ask a
    user) without stopping the session."""
    if handler is None or _is_async(handler):
        return handler
    import anyio.to_thread

    async def adapted(*arguments: Any) -> Any:
        # abandoned when the call is cancelled (deadline, Ctrl-C, close): a handler that blocks
        # (a model that hangs, input() never answered) never holds the client open
        answer = await anyio.to_thread.run_sync(lambda: handler(*arguments), abandon_on_cancel=True)
        return await answer if inspect.isawaitable(answer) else answer

    return adapted


def _awaitable(handler: Any) -> Any:
    """``handler`` called on the event loop itself: for progress, whose reports keep their order."""
    if handler is None or _is_async(handler):
        return handler

    async def called(*arguments: Any) -> Any:
        answer = handler(*arguments)
        return await answer if inspect.isawaitable(answer) else answer

    return called


def adapted(handlers: Handlers) -> Handlers:
    """``handlers`` with each plain function made awaitable (:func:`asynchronous`), but for
    progress: a plain progress function is called on the client's event loop, in the order
    the reports arrive, so it must return quickly (record, print, update a bar)."""
    return Handlers(
        asynchronous(handlers.sampling),
        asynchronous(handlers.elicitation),
        asynchronous(handlers.roots),
        _awaitable(handlers.progress),
    )


def listing_only(capabilities: Collection[str] | None = None) -> Handlers:
    """Handlers that declare ``capabilities`` (default: all) and serve nothing: what ``fetch`` lists with."""

    async def refuse(*_: Any) -> Any:
        import mcp_types

        return mcp_types.ErrorData(code=-32600, message="toolstubs is listing tools; it serves no such request")

    return Handlers(
        **{name: refuse for name in (CALLBACKS if capabilities is None else capabilities) if name in CALLBACKS}
    )


def needs_of(every: Mapping[str, object], without: Mapping[str, Collection[str]]) -> dict[str, list[str]]:
    """Which capabilities each tool needs: ``every`` is listed with all of them declared,
    ``without[capability]`` with all but that one; a tool missing there needs it."""
    return {
        name: [capability for capability, listed in sorted(without.items()) if name not in listed]
        for name in every
        if any(name not in listed for listed in without.values())
    }
