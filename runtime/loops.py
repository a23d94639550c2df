"""One value per running event loop: what async clients keep that belongs to a loop.

An ``httpx.AsyncClient``'s connections belong to the event loop that opened them. Reused
from another loop (a second ``asyncio.run``, another thread's loop) a request may reach
the server and its answer be lost ("Event loop is closed", "attached to a different
loop"), and a caller who retries sends it twice. So ``AsyncComposio`` keeps its HTTP
client, its storage client and its single-flight futures per loop: each loop gets its own
on first use there. The values of a loop that has been closed are dropped the next time any
loop asks (their connections hold the loop, so they would never be let go otherwise).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    import asyncio

T = TypeVar("T")


class PerLoop(Generic[T]):
    """``make()`` once per event loop; :meth:`get` from a coroutine returns the running loop's."""

    def __init__(self, make: Callable[[], T], first: T | None = None) -> None:
        """``first``: a value made already, taken by the first loop that asks."""
        self._make = make
        self._first = first
        self._values: dict[asyncio.AbstractEventLoop, T] = {}
        self._guard = threading.Lock()
        self._closed = False

    def get(self) -> T:
        import asyncio  # here, not at the top: a sync application never pays for importing it

        loop = asyncio.get_running_loop()
        with self._guard:
            for gone in [other for other in self._values if other.is_closed()]:
                del self._values[gone]
            value = self._values.get(loop)
            if value is None:
                if self._closed:
                    raise RuntimeError("the client is closed: make a new one")
                value, self._first = (self._first, None) if self._first is not None else (self._make(), None)
                self._values[loop] = value
            return value

    def close(self) -> None:
        """Make nothing more: a loop that has no value yet gets an error from :meth:`get`."""
        with self._guard:
            self._closed = True

    def running(self) -> T | None:
        """The running loop's value, if it has one."""
        import asyncio

        with self._guard:
            return self._values.get(asyncio.get_running_loop())

    def __len__(self) -> int:
        """How many loops hold a value (closed ones until the next :meth:`get`)."""
        return len(self._values)
