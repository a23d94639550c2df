"""``[tool.toolstubs]`` in the nearest pyproject.toml, overridden by command-line flags.

Keys: ``source`` (catalog path), ``out`` (output folder), ``toolkits`` (list of
``SLUG@VERSION``), ``lock`` (lock file, default ``toolstubs.lock`` beside pyproject.toml),
``strict`` (bool). Paths are relative to the pyproject.toml that holds them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.catalog import CatalogError, Pin

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

LOCK_NAME = "toolstubs.lock"


@dataclass(frozen=True)
class Config:
    """Everything a run needs, settled."""

    source: Path
    out: Path
    lock: Path
    pins: tuple[Pin, ...]
    strict: bool


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above ``start``."""
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def _section(pyproject: Path | None) -> dict[str, Any]:
    if pyproject is None:
        return {}
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CatalogError(f"{pyproject}: cannot read it ({error})") from error
    section = data.get("tool", {}).get("toolstubs", {})
    if not isinstance(section, dict):
        raise CatalogError(f"{pyproject}: [tool.toolstubs] must be a table")
    return section


def resolve(
    cwd: Path,
    source: str | None = None,
    out: str | None = None,
    lock: str | None = None,
    toolkits: list[str] | None = None,
    strict: bool = False,
) -> Config:
    """Merge command-line values over ``[tool.toolstubs]``; fail with what is missing."""
    pyproject = find_pyproject(cwd)
    section = _section(pyproject)
    base = pyproject.parent if pyproject else cwd

    def path(flag: str | None, key: str) -> Path | None:
        if flag is not None:
            return (cwd / flag).resolve()
        value = section.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise CatalogError(f"[tool.toolstubs] {key} must be a string path")
        return (base / value).resolve()

    source_path = path(source, "source")
    if source_path is None:
        raise CatalogError("no catalog: pass --source PATH or set source in [tool.toolstubs]")
    out_path = path(out, "out")
    if out_path is None:
        raise CatalogError("no output folder: pass --out DIR or set out in [tool.toolstubs]")
    lock_path = path(lock, "lock") or base / LOCK_NAME
    pin_texts = toolkits if toolkits else section.get("toolkits", [])
    if not isinstance(pin_texts, list) or not all(isinstance(p, str) for p in pin_texts):
        raise CatalogError("[tool.toolstubs] toolkits must be a list of 'SLUG@VERSION' strings")
    return Config(
        source=source_path,
        out=out_path,
        lock=lock_path,
        pins=tuple(Pin.parse(p) for p in pin_texts),
        strict=strict or bool(section.get("strict", False)),
    )
