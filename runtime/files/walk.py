"""Find the values at a tool's file locations in a payload, to replace or drop them in place.

Walking is kept apart from transferring, so one walk serves the sync and the async
clients: :func:`leaves` lists what is there, the caller uploads or downloads, then
:func:`replace` writes the results back (dropping the ones that become :data:`DROP`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from runtime.files.fields import Location
from runtime.jsonvalues import is_array, is_dict

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
    """Every value at ``locations`` in ``payload``, in the payload's own order (keys that are
    absent are skipped), as the official SDK walks the arguments."""
    found: list[tuple[tuple[int, ...], Leaf]] = []
    for where in locations:
        if not where:
            continue
        nodes: list[tuple[tuple[int, ...], Any, Any, Any]] = [((), None, None, payload)]
        for depth, part in enumerate(where):
            following: list[tuple[tuple[int, ...], Any, Any, Any]] = []
            for order, _, _, node in nodes:
                if is_array(node) and part is None:
                    following += [((*order, i), node, i, item) for i, item in enumerate(node)]
                elif is_dict(node):
                    following += [
                        ((*order, i), node, key, item)
                        for i, (key, item) in enumerate(node.items())
                        if part is None or key == part
                    ]
            nodes = following
            if depth == len(where) - 1:
                found += [(order, Leaf(container, key, value, _field(where))) for order, container, key, value in nodes]
    return [leaf for _, leaf in sorted(found, key=lambda item: item[0])]


def replace(results: Iterable[tuple[Leaf, Any]]) -> None:
    """Put each new value in place; :data:`DROP` removes the key (or list item)."""
    dropped: list[Leaf] = []
    for leaf, value in results:
        if value is DROP:
            dropped.append(leaf)
        elif is_dict(leaf.container) or is_array(leaf.container):
            leaf.container[leaf.key] = value
    lists = [leaf for leaf in dropped if is_array(leaf.container)]
    for leaf in dropped:
        if is_dict(leaf.container):
            leaf.container.pop(leaf.key, None)
    for leaf in sorted(lists, key=lambda item: item.key, reverse=True):
        del leaf.container[leaf.key]
