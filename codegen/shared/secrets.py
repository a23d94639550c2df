"""The secret values a run has met, so that no message or trace file shows them.

The API key (``COMPOSIO_API_KEY``) and every ``${VAR}`` value expanded into an MCP server's
``env`` or ``headers`` are secrets; the CLI scrubs its one-line errors and the trace file
of an internal error with them (:func:`runtime.errors.scrub`).
"""

from __future__ import annotations

import os

_met: set[str] = set()


def remember(value: str) -> None:
    """Treat ``value`` as a secret for the rest of the run."""
    _met.add(value)


def known() -> tuple[str, ...]:
    """Every secret of the run: the API key in the environment and what was remembered."""
    key = os.environ.get("COMPOSIO_API_KEY")
    return tuple(sorted({*_met, *([key] if key else [])}, key=len, reverse=True))
