"""Read tool catalogs and pick the pinned toolkit versions out of them.

A catalog is a JSON file holding a list of tool objects, an API list response
(``{"items": [...]}``) or one tool object, or a directory of such files. Each tool names its
toolkit (``toolkit.slug``) and its ``version``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from codegen.shared import safejson
from codegen.shared.errors import UserError
from codegen.shared.escaping import canonical_json
from codegen.shared.report import Level, Report


class CatalogError(UserError):
    """The catalog or the pins cannot be used; the message says what to do."""


@dataclass(frozen=True)
class SourceTool:
    """One tool object as found in the catalog."""

    slug: str
    toolkit: str
    version: str | None  # None: the tool object has none, so it takes its toolkit's pin
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


def source_files(path: Path) -> list[Path]:
    """The JSON files of the catalog at ``path`` (a file, or every ``*.json`` under a folder)."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*.json") if p.is_file())
    if path.is_file():
        return [path]
    raise CatalogError(f"catalog {path} does not exist")


def read_json(file: Path) -> Any:
    """The JSON in ``file``, whatever it holds (see :mod:`codegen.shared.safejson`); :class:`CatalogError` if unreadable."""
    try:
        return safejson.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, safejson.JsonError) as error:
        raise CatalogError(f"{file}: not readable as JSON ({error})") from error


def load(path: Path) -> tuple[list[SourceTool], list[Report]]:
    """Every tool of the catalog at ``path``, and a report per tool object left out."""
    tools: dict[tuple[str, str | None], SourceTool] = {}
    problems: list[Report] = []
    for file in source_files(path):
        data = read_json(file)
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
    return sorted(tools.values(), key=lambda t: (t.toolkit, t.version or "", t.slug)), problems


def _tool(item: Any, where: str, problems: list[Report]) -> SourceTool | None:
    if not isinstance(item, Mapping):
        problems.append(Report("", where, Level.ERROR, "not a JSON object; left out"))
        return None
    slug = item.get("slug")
    if not isinstance(slug, str) or not slug.strip():
        problems.append(Report("", where, Level.ERROR, "has no slug; left out"))
        return None
    toolkit = item.get("toolkit")
    toolkit_slug = toolkit.get("slug") if isinstance(toolkit, Mapping) else None
    if not isinstance(toolkit_slug, str) or not toolkit_slug.strip():
        toolkit_slug = ""  # the pins decide: see select()
    unusable = safejson.problem(item)
    if unusable is not None:
        problems.append(Report(toolkit_slug.lower(), slug, Level.ERROR, f"{unusable}; left out"))
        return None
    version = item.get("version")
    if version is None or version == "":
        return SourceTool(slug, toolkit_slug.lower(), None, item, where)  # takes its toolkit's pin
    if not isinstance(version, str) or not version.strip() or version == "latest":
        message = f"has no concrete version (got {canonical_json(version)[:40]}); left out: give it one, or none"
        problems.append(Report(toolkit_slug.lower(), slug, Level.ERROR, message + " to take its toolkit's pin"))
        return None
    return SourceTool(slug, toolkit_slug.lower(), version, item, where)


def versions_by_toolkit(tools: Iterable[SourceTool]) -> dict[str, list[str]]:
    """toolkit slug -> its versions in the catalog, sorted (empty: its tools carry none)."""
    found: dict[str, set[str]] = {}
    for tool in tools:
        if tool.toolkit:
            found.setdefault(tool.toolkit, set()).update([tool.version] if tool.version else [])
    return {toolkit: sorted(found[toolkit]) for toolkit in sorted(found)}


def _listing(available: Mapping[str, list[str]]) -> str:
    if not available:
        return "no tools at all"
    return ", ".join(
        f"{toolkit}@{'/'.join(versions)}" if versions else toolkit for toolkit, versions in available.items()
    )


def _unversioned(toolkits: Sequence[str]) -> CatalogError:
    example = toolkits[0]
    pins = ", ".join(f'"{toolkit}@YYYYMMDD_NN"' for toolkit in toolkits[:3])
    return CatalogError(
        f"the tools of {', '.join(toolkits)} carry no version, so the pin must say which toolkit version they are: "
        f"pass --toolkit {example}@YYYYMMDD_NN (the version the schemas were served at), or set "
        f"toolkits = [{pins}] in [tool.toolstubs]"
    )


def _assign_toolkits(tools: Sequence[SourceTool], pins: Sequence[Pin]) -> tuple[list[SourceTool], list[Report]]:
    """Tools that name no toolkit join the pinned toolkit whose slug starts theirs (the longest)."""
    prefixes = sorted({pin.toolkit for pin in pins}, key=len, reverse=True)
    assigned, reports = [], []
    for tool in tools:
        if tool.toolkit:
            assigned.append(tool)
            continue
        owner = next((p for p in prefixes if tool.slug.upper().startswith(p.upper().replace("-", "_") + "_")), None)
        if owner is None:
            message = "has no toolkit.slug and no pinned toolkit's slug starts it; left out (add the toolkit to "
            reports.append(Report("", tool.slug, Level.ERROR, message + "the tool object, or pin its toolkit)"))
        else:
            assigned.append(replace(tool, toolkit=owner))
    return assigned, reports


def select(
    tools: Sequence[SourceTool], pins: Sequence[Pin], left_out: Sequence[str] = ()
) -> tuple[dict[tuple[str, str], list[SourceTool]], list[Report]]:
    """The tools of each pinned (toolkit, version); every toolkit when there are no pins.

    A tool without a version takes its toolkit's pinned version (a tool of the same slug
    that names that version wins); a tool without a toolkit joins the pinned toolkit whose
    slug starts its own (``GITHUB_CREATE_AN_ISSUE`` -> ``github``), or is reported. Raises
    :class:`CatalogError` when a pin names nothing in the catalog, or when a toolkit has
    several versions, or none, and nothing says which. ``left_out``: toolkits some of whose
    tools the catalog had but left out (reported already); a pin of one whose every tool was
    left out selects no tools rather than calling the toolkit absent.
    """
    tools, reports = _assign_toolkits(tools, pins)
    available = versions_by_toolkit(tools)
    unversioned = {tool.toolkit for tool in tools if tool.version is None}
    chosen: dict[str, str] = {}
    wanted = pins or [Pin(toolkit, None) for toolkit in available]
    lacking = [pin.toolkit for pin in wanted if pin.version is None and not available.get(pin.toolkit)]
    if lacking and all(toolkit in available for toolkit in lacking):
        raise _unversioned(lacking)
    for pin in wanted:
        versions = available.get(pin.toolkit)
        if versions is None and pin.toolkit in left_out:
            chosen[pin.toolkit] = pin.version or "?"
            continue
        if versions is None:
            raise CatalogError(f"toolkit {pin.toolkit!r} is not in the catalog (it has: {_listing(available)})")
        if pin.version is None:
            if len(versions) > 1:
                raise CatalogError(
                    f"toolkit {pin.toolkit!r} has several versions in the catalog: {', '.join(versions)}; "
                    f"pin one, e.g. --toolkit {pin.toolkit}@{versions[-1]}"
                )
            chosen[pin.toolkit] = versions[0]
        elif pin.version not in versions and pin.toolkit not in unversioned:
            raise CatalogError(
                f"toolkit {pin.toolkit!r} has no version {pin.version} in the catalog (it has: {', '.join(versions)})"
            )
        else:
            chosen[pin.toolkit] = pin.version
    selected: dict[tuple[str, str], dict[str, SourceTool]] = {(t, v): {} for t, v in sorted(chosen.items())}
    for tool in sorted(tools, key=lambda t: t.version is None):  # versioned first: they win
        version = chosen.get(tool.toolkit)
        if version is not None and tool.version in (version, None):
            selected[(tool.toolkit, version)].setdefault(tool.slug, replace(tool, version=version))
    return {key: sorted(found.values(), key=lambda t: t.slug) for key, found in selected.items()}, reports
