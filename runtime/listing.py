"""``tools.get``: which tools a request names, and where each one comes from.

A request is checked against the reference's rules, then split: custom tools and tools of
imported generated toolkits (at their pinned versions) are answered locally; the rest
becomes API listings, each read page by page to the end (or to ``limit``).
:meth:`Selection.finish` merges the two, keeping local tools first and each slug once.

``slug=`` excludes the other filters; one of ``slug``, ``tools``, ``search`` or ``toolkits``
is required; ``scopes`` and ``limit`` narrow ``toolkits`` / ``search`` results only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import runtime.baked as baked
import runtime.versions as versions
from runtime.custom import CustomTools
from runtime.errors import APIError, InvalidParamsError, NotFoundError
from runtime.jsonvalues import is_array, is_object
from runtime.tool import Tool


@dataclass(frozen=True)
class Listing:
    """One ``GET /tools`` query, read through every page (or until ``limit`` tools).

    ``versions`` replaces the client's ``toolkit_versions`` query when set."""

    params: dict[str, str]
    limit: int | None = None
    versions: dict[str, str] | None = None


def pinned_listing(toolkit: str, version: str) -> Listing:
    """Every tool of ``toolkit`` at exactly ``version``."""
    return Listing({"toolkit_slug": toolkit}, versions={f"toolkit_versions[{toolkit}]": version})


def check_pinned(tools: list[Tool], toolkit: str, version: str) -> list[Tool]:
    """``tools`` as listed for ``toolkit@version``, refusing answers at another version or toolkit."""
    for tool in tools:
        if tool.toolkit.slug.lower() != toolkit.lower() or tool.version != version:
            raise APIError(
                f"asked for {toolkit}@{version} but {tool.slug} came back as {tool.toolkit.slug}@{tool.version}"
            )
    return tools


def toolkit_object(body: Any, slug: str) -> dict[str, Any]:
    """A toolkit response, checked for the ``meta.version`` / ``meta.available_versions`` it needs."""
    meta = body.get("meta") if is_object(body) else None
    if not is_object(meta) or not is_array(meta.get("available_versions")):
        raise APIError(f"GET /toolkits/{slug}: expected a toolkit with meta.available_versions")
    return dict(body)


@dataclass
class Selection:
    """The tools answered locally, the listings left for the API, and how to merge them."""

    local: list[Tool] = field(default_factory=list[Tool])
    listings: list[Listing] = field(default_factory=list[Listing])
    requested: list[str] = field(default_factory=list[str])
    limit: int | None = None

    def finish(self, fetched: Iterable[Tool]) -> list[Tool]:
        """Requested slugs first (in the order asked), then the other matches, each once."""
        merged: dict[str, Tool] = {}
        for tool in [*self.local, *fetched]:
            merged.setdefault(tool.slug, tool)
        missing = [slug for slug in self.requested if slug not in merged]
        if missing:
            raise NotFoundError(
                f"tools not found at the configured toolkit versions: {', '.join(missing)}",
                status=404,
            )
        rest = [tool for slug, tool in merged.items() if slug not in self.requested]
        if self.limit is not None:
            rest = rest[: self.limit]
        return [merged[slug] for slug in dict.fromkeys(self.requested)] + rest


class Pages:
    """One listing's pages: the query of the next page, and when to stop (last page,
    ``limit`` reached, or a cursor seen before). Shared by the sync and async clients."""

    def __init__(self, query: Listing) -> None:
        self.query = query
        self.found: list[Tool] = []
        self.cursor: str | None = None
        self._seen: set[str] = set()

    def add(self, body: Any) -> bool:
        """Take one list response; true when there is another page to read."""
        if not is_object(body) or not is_array(body.get("items")):
            raise APIError("GET /tools: expected a list response {items, next_cursor}")
        self.found += [Tool.parse(item, "GET /tools") for item in body["items"]]
        cursor = body.get("next_cursor")
        self.cursor = cursor if isinstance(cursor, str) and cursor else None
        limit = self.query.limit
        if self.cursor is None or self.cursor in self._seen or (limit is not None and len(self.found) >= limit):
            return False
        self._seen.add(self.cursor)
        return True


def _serves(found: baked.BakedToolkit, configured: dict[str, str] | str) -> bool:
    """Whether the client's version for a generated toolkit lets its baked schemas answer."""
    return versions.resolve(None, found.toolkit, configured) in (versions.LATEST, found.version)


def _baked_tools(toolkit: str, configured: dict[str, str] | str) -> list[Tool] | None:
    """The generated toolkit's tools, when it is imported and the client's version allows it."""
    found = baked.toolkit(toolkit)
    return baked.tools(found) if found is not None and _serves(found, configured) else None


def _with_scopes(tools: list[Tool], scopes: Sequence[str] | None) -> list[Tool]:
    if not scopes:
        return tools
    return [tool for tool in tools if set(tool.scopes) & set(scopes)]


def select(
    *,
    slug: str | None,
    tools: Sequence[str] | None,
    search: str | None,
    toolkits: Sequence[str] | None,
    scopes: Sequence[str] | None,
    limit: int | None,
    customs: CustomTools,
    configured: dict[str, str] | str,
    search_param: str,
) -> Selection:
    """Check a ``tools.get`` request and split it into local tools and API listings."""
    if slug is not None and (tools is not None or search is not None or toolkits is not None):
        raise InvalidParamsError(
            "tools.get: slug= fetches one tool; do not combine it with tools=, search= or toolkits="
        )
    if slug is None and tools is None and search is None and toolkits is None:
        raise InvalidParamsError("tools.get needs one of slug=, tools=, search= or toolkits=")
    if (scopes or limit is not None) and search is None and toolkits is None:
        raise InvalidParamsError("tools.get: scopes= and limit= narrow toolkits= or search= results; give one of those")
    if limit is not None and limit < 1:
        raise InvalidParamsError(f"tools.get: limit must be 1 or more, got {limit}")
    selection = Selection(limit=limit)
    if slug is not None or tools is not None:
        selection.requested = [slug] if slug is not None else list(tools or ())
        _select_slugs(selection, selection.requested, customs, configured)
    if search is not None or toolkits is not None:
        _select_matches(selection, search, toolkits, scopes, limit, customs, configured, search_param)
    return selection


def _select_slugs(
    selection: Selection, slugs: Sequence[str], customs: CustomTools, configured: dict[str, str] | str
) -> None:
    remote: list[str] = []
    for slug in dict.fromkeys(slugs):
        custom = customs.get(slug)
        found = baked.find(slug)
        if custom is not None:
            selection.local.append(custom.tool())
        elif found is not None and _serves(found[0], configured):
            selection.local.append(found[1])
        else:
            remote.append(slug)
    if remote:
        selection.listings.append(Listing({"tool_slugs": ",".join(remote)}))


def _select_matches(
    selection: Selection,
    search: str | None,
    toolkits: Sequence[str] | None,
    scopes: Sequence[str] | None,
    limit: int | None,
    customs: CustomTools,
    configured: dict[str, str] | str,
    search_param: str,
) -> None:
    wanted = [toolkit.lower() for toolkit in toolkits] if toolkits is not None else None
    local = [custom.tool() for custom in customs if wanted is None or custom.toolkit in wanted]
    remote: list[str] = []
    for toolkit in wanted if wanted is not None else [b.toolkit for b in baked.registered()]:
        served = _baked_tools(toolkit, configured)
        if served is None:
            remote.append(toolkit)
        else:
            local.extend(served)
    local = _with_scopes(local, scopes)
    selection.local.extend(baked.search(search, local) if search is not None else local)
    if wanted is not None and not remote:
        return
    params: dict[str, str] = {}
    if remote and wanted is not None:
        params["toolkit_slug"] = ",".join(remote)
    if search is not None:
        params[search_param] = search
    if scopes:
        params["scopes"] = ",".join(scopes)
    if limit is not None:
        params["limit"] = str(limit)
    selection.listings.append(Listing(params, limit))
