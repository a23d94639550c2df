"""One HTTP attempt, bounded: a deadline for the whole attempt and a cap on the response body.

httpx's ``timeout`` bounds each read; a server that trickles a byte at a time never
trips it. Here the body is streamed and the attempt gives up with
:class:`~runtime.errors.APITimeoutError` once the deadline (the client's ``timeout``)
has passed; with the async client the deadline also covers connecting and sending.
A body larger than ``max_response_bytes`` (announced or streamed) raises
:class:`~runtime.errors.ResponseTooLargeError` without being held in memory.
Transport failures become typed errors naming the method, the URL (never the key) and
the operating system's reason.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx

from runtime.errors import APIConnectionError, APITimeoutError, ComposioError, ResponseTooLargeError

DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024
_DROPPED_HEADERS = ("content-encoding", "content-length", "transfer-encoding")


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


def _check_announced(response: httpx.Response, limits: Limits) -> None:
    announced = response.headers.get("content-length", "")
    if announced.isdigit() and int(announced) > limits.max_bytes:
        raise _too_large(response.request, limits, f"{int(announced):,} bytes")


def _complete(response: httpx.Response, content: bytes) -> httpx.Response:
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in _DROPPED_HEADERS]
    return httpx.Response(response.status_code, headers=headers, content=content, request=response.request)


def send(client: httpx.Client, request: httpx.Request, limits: Limits) -> httpx.Response:
    """Send ``request`` and read the whole response within ``limits``."""
    started = time.monotonic()
    response = client.send(request, stream=True)
    try:
        _check_announced(response, limits)
        return _complete(response, _collect(response.iter_bytes(), request, limits, started))
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


async def asend(client: httpx.AsyncClient, request: httpx.Request, limits: Limits) -> httpx.Response:
    """The async twin of :func:`send`; here the deadline covers the whole attempt exactly."""
    try:
        return await asyncio.wait_for(_asend(client, request, limits), limits.deadline)
    except asyncio.TimeoutError:
        raise _timed_out(request, limits) from None


async def _asend(client: httpx.AsyncClient, request: httpx.Request, limits: Limits) -> httpx.Response:
    response = await client.send(request, stream=True)
    try:
        _check_announced(response, limits)
        return _complete(response, await _acollect(response.aiter_bytes(), request, limits))
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
