"""Fault injection: make chosen requests fail the way networks and servers do.

A :class:`Fault` matches requests by tool slug and/or path and by how many matching
requests came before it (``skip``), applies to ``times`` of them (``None``: all), and then
answers with a status code (and ``Retry-After``), waits ``delay`` seconds, drops the
connection without an answer, or sends a malformed body::

    sandbox.faults.append(Fault("status", status=503, retry_after="0", tool="WEATHER_GET_FORECAST", times=2))
    sandbox.faults.append(Fault("drop", path="/tools/execute/WEATHER_GET_FORECAST"))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

FaultKind = Literal["status", "delay", "drop", "malformed"]


@dataclass
class Fault:
    """One injected failure rule; ``hits`` counts the requests it has affected."""

    kind: FaultKind
    status: int = 500
    delay: float = 0.0
    retry_after: str | None = None
    tool: str | None = None
    path: str | None = None
    method: str | None = None
    skip: int = 0
    times: int | None = 1
    seen: int = field(default=0, init=False)
    hits: int = field(default=0, init=False)

    def claims(self, method: str, path: str, tool: str | None) -> bool:
        """Whether this request is one this fault affects (counting it either way)."""
        if self.tool is not None and self.tool != tool:
            return False
        if self.path is not None and not path.endswith(self.path):
            return False
        if self.method is not None and self.method.upper() != method:
            return False
        self.seen += 1
        if self.seen <= self.skip or (self.times is not None and self.hits >= self.times):
            return False
        self.hits += 1
        return True
