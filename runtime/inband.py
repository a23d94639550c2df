"""What a model's tool call gets back instead of an exception, for every backend.

A tool call a model made (through ``handle_tool_calls`` or a framework tool) never raises
into the agent loop: a tool this client never served is refused before anything is sent,
and any failure of the call (an HTTP error, a modifier or hook raising, odd arguments)
becomes ``{"data": {}, "error": "...", "successful": False}`` naming the tool and the cause,
with the client's secrets taken out. The Composio and MCP clients share these rules.

:class:`ServedTools` is the served set: the slugs that ``tools.get`` handed out on one
client. Only those (and the client's custom tools) may run from a model's call; typed
wrappers and ``tools.execute`` are the developer's own calls and stay unrestricted.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable

from runtime.errors import ComposioError, scrub
from runtime.types import ToolExecutionResponse

SHOWN_SLUG = 120  # characters of a slug a model invented that a message repeats


class ServedTools:
    """The slugs one client served to a model; safe to share across threads."""

    def __init__(self) -> None:
        self._slugs: set[str] = set()
        self._guard = threading.Lock()

    def add(self, slugs: Iterable[str]) -> None:
        with self._guard:
            self._slugs.update(slugs)

    def __contains__(self, slug: object) -> bool:
        return slug in self._slugs

    def refusal(self, slug: str) -> ToolExecutionResponse | None:
        """The in-band refusal of a model's call of ``slug``, or ``None`` when it was served."""
        return None if slug in self._slugs else unserved(slug)


def shown(slug: object) -> str:
    """A slug as a message quotes it: JSON-escaped and cut, whatever a model sent."""
    text = json.dumps(slug if isinstance(slug, str) else str(slug), ensure_ascii=False)
    return text if len(text) <= SHOWN_SLUG else text[: SHOWN_SLUG - 4] + '..."'


def unserved(slug: str) -> ToolExecutionResponse:
    """The refusal of a tool call naming a tool this client never served."""
    return {
        "data": {},
        "error": f"unknown tool {shown(slug)}: it is not one of the tools this client served; nothing was sent",
        "successful": False,
    }


def failed(slug: str, error: BaseException, secrets: Iterable[str] = ()) -> ToolExecutionResponse:
    """``error`` as the in-band failure of one call of ``slug`` (never raising itself, even
    for an exception whose message cannot be read)."""
    try:
        message = str(error)
    except Exception:
        message = "(its message could not be read)"
    cause = message if isinstance(error, ComposioError) else f"{type(error).__name__}: {message}"
    if isinstance(error, RecursionError):
        cause = "RecursionError: the arguments are nested too deeply to handle"
    return {"data": {}, "error": scrub(f"{slug} failed: {cause}", secrets), "successful": False}
