"""Type-checked, never run: the official SDK's client behind the typed facade keeps its calls
and gains the checks (``tools.execute`` per tool, typed ``data``)."""

from __future__ import annotations

from composio import Composio
from typing_extensions import assert_type

from generated import acme_tracker, typed
from runtime import AnySlug


def official_sdk(slug: str) -> int:
    composio = typed(Composio())
    created = composio.tools.execute(
        "ACME_TRACKER_CREATE_ISSUE", {"owner": "acme", "repo": "app", "title": "Crash"}, user_id="user_1"
    )
    assert_type(created["data"], acme_tracker.CreateIssueOutputDict)
    composio.tools.execute(AnySlug(slug), {"any": "mapping"}, user_id="user_1")
    per_toolkit = acme_tracker.typed(Composio()).tools.execute("ACME_TRACKER_SEARCH_ISSUES", {"q": "is:open"})
    return created["data"]["number"] + len(per_toolkit["data"])
