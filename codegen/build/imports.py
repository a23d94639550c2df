"""The import lines of a generated module: grouped standard library, third party, first
party, and sorted as isort sorts them, so the formatter and the linters find nothing to move."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

_STDLIB = frozenset({"__future__", "collections.abc", "importlib", "typing"})
_FIRST_PARTY = frozenset({"runtime"})


def _name_order(name: str) -> tuple[int, str]:
    """isort's order-by-type: CONSTANTS, then Classes, then functions."""
    if name.isupper() and len(name) > 1:
        return (0, name)
    return (1, name) if name[:1].isupper() else (2, name)


def import_block(imports: Mapping[str, Iterable[str]]) -> str:
    """``from x import a, b`` lines grouped stdlib / third party / first party, sorted."""
    groups: list[list[str]] = [[], [], []]
    for module in sorted(imports):
        names = sorted(set(imports[module]), key=_name_order)
        if not names:
            continue
        group = 0 if module in _STDLIB else 2 if module.partition(".")[0] in _FIRST_PARTY else 1
        groups[group].append(f"from {module} import {', '.join(names)}")
    return "\n\n".join("\n".join(lines) for lines in groups if lines)
