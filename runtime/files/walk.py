"""Find the values at a tool's file locations in a payload, to replace or drop them in place.

Walking is kept apart from transferring, so one walk serves the sync and the async
clients: :func:`leaves` lists what is there, the caller uploads or downloads, then
:func:`replace` writes the results back (dropping the ones that become :data:`DROP`).
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping, MutableSequence
from dataclasses import dataclass
from typing import Any

from runtime.files.fields import Location

DROP = object()  # a leaf that leaves its container: None or "" for an uploadable field


@dataclass(frozen=True)
class Leaf:
    """One value at a file location: its container, its key or index there, and its field name."""

    container: Any
    key: Any
    value: Any
    field: str


def _field(where: Location) -> str:
    return "".join(f".{part}" if part is not None else "[]" for part in where).lstrip(".") or "(root)"


def leaves(payload: Any, locations: Iterable[Location]) -> list[Leaf]:
    """Every value at ``locations`` in ``payload`` (keys that are absent are skipped)."""
    found: list[Leaf] = []
    for where in locations:
        if not where:
            continue
        nodes: list[tuple[Any, Any]] = [(None, payload)]
        for depth, part in enumerate(where):
            last = depth == len(where) - 1
            following: list[tuple[Any, Any]] = []
            for _, node in nodes:
                if part is None and isinstance(node, list):
                    following += [((node, index), item) for index, item in enumerate(node)]
                elif part is None and isinstance(node, dict):
                    following += [((node, key), item) for key, item in node.items()]
                elif part is not None and isinstance(node, dict) and part in node:
                    following.append(((node, part), node[part]))
            nodes = following
            if last:
                found += [Leaf(place[0], place[1], value, _field(where)) for place, value in nodes]
    return found


def replace(results: Iterable[tuple[Leaf, Any]]) -> None:
    """Put each new value in place; :data:`DROP` removes the key (or list item)."""
    dropped: list[Leaf] = []
    for leaf, value in results:
        if value is DROP:
            dropped.append(leaf)
        elif isinstance(leaf.container, (MutableMapping, MutableSequence)):
            leaf.container[leaf.key] = value
    lists = [leaf for leaf in dropped if isinstance(leaf.container, list)]
    for leaf in dropped:
        if isinstance(leaf.container, dict):
            leaf.container.pop(leaf.key, None)
    for leaf in sorted(lists, key=lambda item: item.key, reverse=True):
        del leaf.container[leaf.key]
