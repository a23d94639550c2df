"""Read tool catalogs and pick the pinned toolkit versions out of them.

A catalog is a JSON file holding a list of tool objects, an API list response
(``{"items": [...]}``) or one tool object, or a directory of such files. Each tool names its
toolkit (``toolkit.slug``) and its ``version``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.escaping import canonical_json


class CatalogError(Exception):
    """The catalog or the pins cannot be used; the message says what to do."""


@dataclass(frozen=True)
class SourceTool:
    """One tool object as found in the catalog."""

    slug: str
    toolkit: str
    version: str
    raw: Mapping[str, Any]
    origin: str


@dataclass(frozen=True)
class Pin:
    """``SLUG@VERSION`` (version ``None``: the only one there is)."""

    toolkit: str
    version: str | None

    @classmethod
    def parse(cls, text: str) -> Pin:
        slug, _, version = text.strip().partition("@")
        if not slug:
            raise CatalogError(f"bad toolkit pin {text!r}: write SLUG@VERSION, e.g. github@20250906_01")
        return cls(slug.lower(), version or None)

    def __str__(self) -> str:
        return f"{self.toolkit}@{self.version}" if self.version else self.toolkit


def _items(data: Any, origin: str) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, Mapping) and isinstance(data.get("items"), list):
        return list(data["items"])
    if isinstance(data, Mapping) and "slug" in data:
        return [data]
    raise CatalogError(f'{origin}: expected a list of tool objects, {{"items": [...]}} or one tool object')


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*.json") if p.is_file())
    if path.is_file():
        return [path]
    raise CatalogError(f"catalog {path} does not exist")


def load(path: Path) -> tuple[list[SourceTool], list[str]]:
    """Every tool of the catalog at ``path``, and a problem line per tool object left out."""
    tools: dict[tuple[str, str], SourceTool] = {}
    problems: list[str] = []
    for file in _files(path):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CatalogError(f"{file}: not readable as JSON ({error})") from error
        for index, item in enumerate(_items(data, str(file))):
            where = f"{file.name}[{index}]"
            tool = _tool(item, where, problems)
            if tool is None:
                continue
            key = (tool.slug, tool.version)
            if key in tools and canonical_json(tools[key].raw) != canonical_json(tool.raw):
                raise CatalogError(
                    f"{tool.slug}@{tool.version} appears twice with different schemas "
                    f"({tools[key].origin} and {where}); keep one"
                )
            tools.setdefault(key, tool)
    return sorted(tools.values(), key=lambda t: (t.toolkit, t.version, t.slug)), problems


def _tool(item: Any, where: str, problems: list[str]) -> SourceTool | None:
    if not isinstance(item, Mapping):
        problems.append(f"{where}: not a JSON object; left out")
        return None
    slug = item.get("slug")
    if not isinstance(slug, str) or not slug.strip():
        problems.append(f"{where}: has no slug; left out")
        return None
    toolkit = item.get("toolkit")
    toolkit_slug = toolkit.get("slug") if isinstance(toolkit, Mapping) else None
    if not isinstance(toolkit_slug, str) or not toolkit_slug.strip():
        problems.append(f"{slug}: has no toolkit.slug; left out (add the toolkit to the tool object)")
        return None
    version = item.get("version")
    if not isinstance(version, str) or not version.strip() or version == "latest":
        problems.append(f"{slug}: has no concrete version (got {version!r}); left out")
        return None
    return SourceTool(slug, toolkit_slug.lower(), version, item, where)


def versions_by_toolkit(tools: Iterable[SourceTool]) -> dict[str, list[str]]:
    """toolkit slug -> its versions in the catalog, sorted."""
    found: dict[str, set[str]] = {}
    for tool in tools:
        found.setdefault(tool.toolkit, set()).add(tool.version)
    return {toolkit: sorted(found[toolkit]) for toolkit in sorted(found)}


def select(tools: Sequence[SourceTool], pins: Sequence[Pin]) -> dict[tuple[str, str], list[SourceTool]]:
    """The tools of each pinned (toolkit, version); every toolkit when there are no pins.

    Raises :class:`CatalogError` when a pin names nothing in the catalog, or when a toolkit
    has several versions and nothing says which one.
    """
    available = versions_by_toolkit(tools)
    chosen: dict[str, str] = {}
    wanted = pins or [Pin(toolkit, None) for toolkit in available]
    for pin in wanted:
        versions = available.get(pin.toolkit)
        if versions is None:
            known = ", ".join(available) or "none"
            raise CatalogError(f"toolkit {pin.toolkit!r} is not in the catalog (it has: {known})")
        if pin.version is None:
            if len(versions) > 1:
                raise CatalogError(
                    f"toolkit {pin.toolkit!r} has several versions in the catalog: {', '.join(versions)}; "
                    f"pin one, e.g. --toolkit {pin.toolkit}@{versions[-1]}"
                )
            chosen[pin.toolkit] = versions[0]
        elif pin.version not in versions:
            raise CatalogError(
                f"toolkit {pin.toolkit!r} has no version {pin.version} in the catalog (it has: {', '.join(versions)})"
            )
        else:
            chosen[pin.toolkit] = pin.version
    selected: dict[tuple[str, str], list[SourceTool]] = {(t, v): [] for t, v in sorted(chosen.items())}
    for tool in tools:
        if chosen.get(tool.toolkit) == tool.version:
            selected[(tool.toolkit, tool.version)].append(tool)
    return selected
