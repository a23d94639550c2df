"""When a request is tried again, and after how long.

Idempotent requests (listing and retrieving tools and toolkits) are retried on connection
errors, timeouts, HTTP 408, 429 and 5xx, with exponential backoff and full jitter, honouring
``Retry-After`` and the server's ``x-should-retry`` header. A ``Retry-After`` longer than
``max_retry_after`` is not waited for: the :class:`~runtime.errors.RateLimitError` is
raised at once and carries the wait as ``retry_after``.

``tools.execute`` is a write: once its request may have reached the server it is never sent
again (an email sent twice is worse than an error). It is retried only when the connection
could not be opened at all, which proves the server never saw it.
"""

from __future__ import annotations

import email.utils
import logging
import random
import time
from dataclasses import dataclass

import httpx

from runtime.transport import Reply

log = logging.getLogger("runtime")

DEFAULT_MAX_RETRIES = 2
DEFAULT_MAX_RETRY_AFTER = 60.0  # seconds; a server asking for a longer wait fails fast
RETRY_STATUSES = frozenset({408, 429})
#: Failures that happen before a single byte of the request is sent.
NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@dataclass(frozen=True)
class RetryPolicy:
    """How many times to retry and how long to wait between attempts."""

    max_retries: int = DEFAULT_MAX_RETRIES
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError(f"max_retries must be 0 or more, got {self.max_retries}")

    def backoff(self, retry: int) -> float:
        """Full-jitter exponential backoff for the ``retry``-th retry (1-based)."""
        ceiling = min(self.max_delay, self.initial_delay * 2 ** (retry - 1))
        return random.uniform(ceiling / 2, ceiling)


def retry_after(response: Reply) -> float | None:
    """The server's ``Retry-After`` (seconds or an HTTP date; ``retry-after-ms`` too), if any."""
    milliseconds = response.headers.get("retry-after-ms")
    if milliseconds:
        try:
            return max(0.0, float(milliseconds) / 1000)
        except ValueError:
            pass
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class Attempts:
    """One request's attempts: after each one, says whether to wait and try again."""

    def __init__(self, policy: RetryPolicy, *, idempotent: bool, what: str) -> None:
        self.policy = policy
        self.idempotent = idempotent
        self.what = what
        self.retries = 0

    def after_response(self, response: Reply) -> float | None:
        """Seconds to wait before retrying after ``response``, or ``None`` to keep it."""
        if response.is_success or not self.idempotent or self.retries >= self.policy.max_retries:
            return None
        override = response.headers.get("x-should-retry")
        if override == "false":
            return None
        if override != "true" and response.status_code not in RETRY_STATUSES and response.status_code < 500:
            return None
        requested = retry_after(response)
        if requested is not None and requested > self.policy.max_retry_after:
            return None  # fail fast: the error carries the wait (``retry_after``)
        return self._next(requested, f"HTTP {response.status_code}")

    def after_error(self, error: httpx.TransportError) -> float | None:
        """Seconds to wait before retrying after a transport ``error``, or ``None`` to raise it."""
        if self.retries >= self.policy.max_retries:
            return None
        if not self.idempotent and not isinstance(error, NEVER_SENT):
            return None
        return self._next(None, type(error).__name__)

    def _next(self, requested: float | None, reason: str) -> float:
        self.retries += 1
        delay = self.policy.backoff(self.retries) if requested is None else requested
        log.info(
            "retrying %s in %.2fs (%s; retry %d of %d)", self.what, delay, reason, self.retries, self.policy.max_retries
        )
        return delay
