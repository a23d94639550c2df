"""The sandbox's tools: every toolkit in every version, and the API's version rules over them.

Version rules, as the real API applies them: an explicit ``version`` picks that version;
otherwise ``toolkit_versions`` (a global string, or a per-toolkit map; a toolkit missing
from the map gets ``latest``); with neither, the toolkit's base version ``00000000_00``,
which is the oldest version the sandbox holds. ``latest`` is the newest.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from runtime.jsonvalues import is_object

LATEST = "latest"
BASE = "00000000_00"

VersionChoice = Mapping[str, str] | str | None


class CatalogError(ValueError):
    """The tools handed to the sandbox cannot be served; the message names the tool."""


@dataclass(frozen=True)
class Miss:
    """Why a lookup found nothing: the message and the API's error slug and code."""

    message: str
    slug: str
    code: int


class SandboxCatalog:
    """Tool objects by toolkit, version and slug."""

    def __init__(self, tools: Iterable[Mapping[str, Any]]) -> None:
        self._tools: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
        self._names: dict[str, str] = {}
        for tool in tools:
            slug, toolkit, version = _identity(tool)
            versions = self._tools.setdefault(toolkit, {})
            versions.setdefault(version, {})[slug] = copy.deepcopy(dict(tool))
            about: Mapping[str, Any] = tool.get("toolkit") or {}
            self._names.setdefault(toolkit, str(about.get("name") or toolkit))
        for versions in self._tools.values():
            available = sorted(versions)
            for tools_at in versions.values():
                for tool in tools_at.values():
                    tool.setdefault("available_versions", available)

    def toolkits(self) -> list[str]:
        return sorted(self._tools)

    def versions(self, toolkit: str) -> list[str]:
        return sorted(self._tools.get(toolkit.lower(), {}))

    def name(self, toolkit: str) -> str:
        return self._names.get(toolkit.lower(), toolkit)

    def version_for(self, toolkit: str, explicit: str | None, choice: VersionChoice) -> str | None:
        """The concrete version a request gets for ``toolkit`` (``None``: no such toolkit)."""
        available = self.versions(toolkit)
        if not available:
            return None
        wanted = explicit or (choice if isinstance(choice, str) else (choice or {}).get(toolkit.lower()))
        if wanted is None:
            wanted = LATEST if is_object(choice) and choice else BASE
        if wanted == LATEST:
            return available[-1]
        if wanted == BASE:
            return available[0]
        return wanted

    def mark_deprecated(self, toolkit: str, version: str, slugs: Iterable[str] = ()) -> None:
        """Check that ``toolkit`` has ``version``, and say ``is_deprecated`` in its tools ``slugs``."""
        tools = self._tools.get(toolkit.lower(), {}).get(version)
        if not tools:
            known = ", ".join(f"{t}@{v}" for t in self.toolkits() for v in self.versions(t))
            raise CatalogError(f"cannot deprecate {toolkit}@{version}: the sandbox has no such version ({known})")
        unknown = sorted(set(slugs) - set(tools))
        if unknown:
            raise CatalogError(f"cannot deprecate {', '.join(unknown)}: not tools of {toolkit}@{version}")
        for slug in slugs:
            tools[slug]["is_deprecated"] = True
            if is_object(tools[slug].get("deprecated")):
                tools[slug]["deprecated"]["is_deprecated"] = True

    def tools_at(self, toolkit: str, version: str) -> list[dict[str, Any]]:
        return [tool for _, tool in sorted(self._tools.get(toolkit.lower(), {}).get(version, {}).items())]

    def toolkit_of(self, slug: str) -> str | None:
        for toolkit, versions in sorted(self._tools.items()):
            if any(slug in tools for tools in versions.values()):
                return toolkit
        return None

    def find(self, slug: str, explicit: str | None, choice: VersionChoice) -> dict[str, Any] | Miss:
        """Tool ``slug`` at the version the request resolves to, or why there is none."""
        toolkit = self.toolkit_of(slug)
        if toolkit is None:
            return Miss(f"Tool {slug} not found", "Tool_ToolNotFound", 2401)
        version = self.version_for(toolkit, explicit, choice)
        tool = self._tools[toolkit].get(version or "", {}).get(slug)
        if tool is None:
            available = ", ".join(v for v in self.versions(toolkit) if slug in self._tools[toolkit][v])
            return Miss(
                f"Tool {slug} not found at version {version} (available: {available})",
                "Tool_ToolVersionNotFound",
                2401,
            )
        return tool


def _identity(tool: Mapping[str, Any]) -> tuple[str, str, str]:
    slug = tool.get("slug")
    toolkit = tool.get("toolkit")
    toolkit_slug = toolkit.get("slug") if is_object(toolkit) else None
    version = tool.get("version")
    if not isinstance(slug, str) or not slug:
        raise CatalogError(f"a sandbox tool has no slug: {str(dict(tool))[:80]}")
    if not isinstance(toolkit_slug, str) or not toolkit_slug:
        raise CatalogError(f"sandbox tool {slug} has no toolkit.slug")
    if not isinstance(version, str) or not version or version == LATEST:
        raise CatalogError(f"sandbox tool {slug} has no concrete version")
    return slug, toolkit_slug.lower(), version
