"""Storage connections that reach only an address the guard passed.

Checking a host name and then letting the HTTP client resolve it again to connect leaves a
gap: a name may answer a public address to the check and ``127.0.0.1`` to the connect (DNS
rebinding). So file transfers connect through a network backend that resolves the name
once, refuses the connection unless every address it answered is public (or the client's
API is local itself, as the sandbox is), and connects to one of those checked addresses.
TLS still verifies the certificate against the host name (SNI and hostname checks use the
URL's host, not the address). Redirects are never followed, so every hop is one
connection, and each one is checked this way.

The transports are httpx's own, with the connection pool built over this backend.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx
from typing_extensions import override

from runtime.files.safety import addresses, is_public


def checked_addresses(host: str, port: int, *, allow_local: bool) -> list[str]:
    """The addresses to connect to for ``host``: resolved once, every one of them public
    (unless ``allow_local``), else :class:`httpcore.ConnectError` naming the host."""
    found = addresses(host)
    if not found:
        raise httpcore.ConnectError(f"{host} does not resolve")
    if not allow_local and any(not is_public(address) for address in found):
        raise httpcore.ConnectError(f"{host} resolves to a non-public address; the connection is refused")
    return list(dict.fromkeys(str(address) for address in found))


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's sync backend, connecting only to addresses :func:`checked_addresses` passed."""

    def __init__(self, *, allow_local: bool) -> None:
        self._inner = httpcore.SyncBackend()
        self._allow_local = allow_local

    @override
    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        failure: Exception | None = None
        for address in checked_addresses(host, port, allow_local=self._allow_local):
            try:
                return self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        assert failure is not None
        raise failure

    @override
    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("file transfers connect over TCP only")

    @override
    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class AsyncGuardedBackend(httpcore.AsyncNetworkBackend):
    """The async twin of :class:`GuardedBackend` (name resolution in a worker thread)."""

    def __init__(self, *, allow_local: bool) -> None:
        backend: object = httpcore.AnyIOBackend()  # httpx needs anyio, so this is the real one
        assert isinstance(backend, httpcore.AsyncNetworkBackend)
        self._inner = backend
        self._allow_local = allow_local

    @override
    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        import anyio.to_thread

        checked = await anyio.to_thread.run_sync(lambda: checked_addresses(host, port, allow_local=self._allow_local))
        failure: Exception | None = None
        for address in checked:
            try:
                return await self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        assert failure is not None
        raise failure

    @override
    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("file transfers connect over TCP only")

    @override
    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def _ssl_context() -> ssl.SSLContext:
    return httpx.create_ssl_context()


def guarded_transport(*, allow_local: bool) -> httpx.HTTPTransport:
    """httpx's transport whose connections go through :class:`GuardedBackend`."""
    transport = httpx.HTTPTransport()
    transport._pool = httpcore.ConnectionPool(  # pyright: ignore[reportPrivateUsage]
        ssl_context=_ssl_context(), network_backend=GuardedBackend(allow_local=allow_local)
    )
    return transport


def async_guarded_transport(*, allow_local: bool) -> httpx.AsyncHTTPTransport:
    """httpx's async transport whose connections go through :class:`AsyncGuardedBackend`."""
    transport = httpx.AsyncHTTPTransport()
    transport._pool = httpcore.AsyncConnectionPool(  # pyright: ignore[reportPrivateUsage]
        ssl_context=_ssl_context(), network_backend=AsyncGuardedBackend(allow_local=allow_local)
    )
    return transport
