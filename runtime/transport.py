"""One HTTP attempt, bounded: a deadline for the whole attempt and a cap on the response body.

httpx's ``timeout`` bounds each read; a server that trickles a byte at a time never
trips it. Here the body is streamed and the attempt gives up with
:class:`~runtime.errors.APITimeoutError` once the deadline (the client's ``timeout``)
has passed; with the async client the deadline also covers connecting and sending.
A body larger than ``max_response_bytes`` (announced or streamed) raises
:class:`~runtime.errors.ResponseTooLargeError` without being held in memory.
Transport failures become typed errors naming the method, the URL (never the key) and
the operating system's reason.

Requests go straight to the client's transport (:func:`direct_transport`): httpx's client
layer adds cookies, auth, redirects and event hooks, none of which the runtime uses, and
costs about a fifth of a call. Where the environment names a proxy, or a URL carries
credentials, the client routes the request as it always does.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from urllib.request import getproxies

import httpx

from runtime.errors import (
    DEFAULT_MAX_RESPONSE_BYTES,
    APIConnectionError,
    APITimeoutError,
    ComposioError,
    ResponseTooLargeError,
)


@dataclass(frozen=True)
class Limits:
    """``deadline``: seconds for a whole attempt (``None``: none); ``max_bytes``: the body cap."""

    deadline: float | None
    max_bytes: int = DEFAULT_MAX_RESPONSE_BYTES

    @classmethod
    def of(cls, timeout: float | httpx.Timeout | None, max_bytes: int) -> Limits:
        if isinstance(timeout, httpx.Timeout):
            parts = [timeout.connect, timeout.read, timeout.write, timeout.pool]
            deadline = sum(p for p in parts if p is not None) or None
        else:
            deadline = float(timeout) if timeout is not None else None
        return cls(deadline, max_bytes)


@dataclass(frozen=True)
class Reply:
    """A response read whole within the limits: its status, its headers as received and its
    body, decoded as the ``content-encoding`` header says."""

    request: httpx.Request
    status_code: int
    headers: httpx.Headers
    content: bytes

    @property
    def is_success(self) -> bool:
        return 200 <= self.status_code < 300


def _environment_names_a_proxy() -> bool:
    """httpx's client would route requests through a proxy read from the environment."""
    proxies = getproxies()
    return any(proxies.get(scheme) for scheme in ("http", "https", "all"))


def direct_transport(given: httpx.BaseTransport | None) -> httpx.BaseTransport | None:
    """The transport a client is built on and its requests go to: ``given``, else a default
    one; ``None`` (httpx's own choice, per request) where the environment names a proxy."""
    if given is not None or _environment_names_a_proxy():
        return given
    return httpx.HTTPTransport()


def direct_async_transport(given: httpx.AsyncBaseTransport | None) -> httpx.AsyncBaseTransport | None:
    """The async twin of :func:`direct_transport`."""
    if given is not None or _environment_names_a_proxy():
        return given
    return httpx.AsyncHTTPTransport()


def _where(request: httpx.Request) -> str:
    url = request.url
    return f"{request.method} {url.scheme}://{url.host}{f':{url.port}' if url.port else ''}{url.path}"


def _too_large(request: httpx.Request, limits: Limits, size: str) -> ResponseTooLargeError:
    return ResponseTooLargeError(
        f"{_where(request)}: the response is {size}, over the limit of {limits.max_bytes:,} bytes; "
        "raise max_response_bytes= on the client if this is expected"
    )


def _timed_out(request: httpx.Request, limits: Limits) -> APITimeoutError:
    return APITimeoutError(f"{_where(request)} timed out after {limits.deadline} s (the whole attempt)")


def _check_announced(request: httpx.Request, response: httpx.Response, limits: Limits) -> None:
    announced = response.headers.get("content-length", "")
    if announced.isdigit() and int(announced) > limits.max_bytes:
        raise _too_large(request, limits, f"{int(announced):,} bytes")


def _reply(request: httpx.Request, response: httpx.Response, content: bytes) -> Reply:
    return Reply(request, response.status_code, response.headers, content)


def send(client: httpx.Client, direct: httpx.BaseTransport | None, request: httpx.Request, limits: Limits) -> Reply:
    """Send ``request`` (to ``direct``, the client's transport, when it may go there) and read
    the whole response within ``limits``."""
    started = time.monotonic()
    if direct is None or client.is_closed or request.url.userinfo:
        response = client.send(request, stream=True)
    else:
        response = direct.handle_request(request)
    try:
        _check_announced(request, response, limits)
        return _reply(request, response, _collect(response.iter_bytes(), request, limits, started))
    finally:
        response.close()


def _collect(chunks: Iterator[bytes], request: httpx.Request, limits: Limits, started: float) -> bytes:
    body = bytearray()
    for chunk in chunks:
        body += chunk
        if len(body) > limits.max_bytes:
            raise _too_large(request, limits, "larger")
        if limits.deadline is not None and time.monotonic() - started > limits.deadline:
            raise _timed_out(request, limits)
    return bytes(body)


async def asend(
    client: httpx.AsyncClient, direct: httpx.AsyncBaseTransport | None, request: httpx.Request, limits: Limits
) -> Reply:
    """The async twin of :func:`send`; here the deadline covers the whole attempt exactly."""
    import asyncio  # here, not at the top: a sync application never pays for importing it

    try:
        return await asyncio.wait_for(_asend(client, direct, request, limits), limits.deadline)
    except asyncio.TimeoutError:
        raise _timed_out(request, limits) from None


async def _asend(
    client: httpx.AsyncClient, direct: httpx.AsyncBaseTransport | None, request: httpx.Request, limits: Limits
) -> Reply:
    if direct is None or client.is_closed or request.url.userinfo:
        response = await client.send(request, stream=True)
    else:
        response = await direct.handle_async_request(request)
    try:
        _check_announced(request, response, limits)
        return _reply(request, response, await _acollect(response.aiter_bytes(), request, limits))
    finally:
        await response.aclose()


async def _acollect(chunks: AsyncIterator[bytes], request: httpx.Request, limits: Limits) -> bytes:
    body = bytearray()
    async for chunk in chunks:
        body += chunk
        if len(body) > limits.max_bytes:
            raise _too_large(request, limits, "larger")
    return bytes(body)


def _reason(error: httpx.TransportError) -> str:
    """The operating system's words for a transport failure (``connection refused``, ...)."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror.lower()
        cause = cause.__cause__ or cause.__context__
    text = str(error).strip()
    if "Name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text:
        return "name not resolved"
    return text.split("] ", 1)[-1].lower() if text else type(error).__name__


def transport_error(request: httpx.Request, error: httpx.TransportError, timeout: object) -> ComposioError:
    """httpx's transport failure as the runtime's typed error (never naming the key)."""
    if isinstance(error, httpx.TimeoutException):
        seconds = timeout.read if isinstance(timeout, httpx.Timeout) else timeout
        return APITimeoutError(f"{_where(request)} timed out after {seconds} s ({type(error).__name__})")
    return APIConnectionError(f"{_where(request)} failed: {_reason(error)}")
