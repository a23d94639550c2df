"""What a request cannot carry: finding it in a request's body or query, and naming it.

httpx writes a request's ``json=`` body as compact UTF-8 JSON, and its query as UTF-8. A
value that JSON has no spelling for (a set, bytes, an object, a NaN or infinite float, a list
that holds itself) or a string holding a lone surrogate (:mod:`runtime.surrogates`) makes it
raise ``TypeError`` or ``ValueError`` from inside the request. :func:`unsendable` finds
the first such value, for an error that says where it is; it runs only once encoding failed,
so a request that encodes costs nothing more.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, cast

from runtime.errors import InvalidParamsError
from runtime.surrogates import lone_surrogate

_SCALARS = (bool, int, type(None))
_KEYS = (str, int, float, bool, type(None))  # what json.dumps accepts as a key


def refusal(method: str, path: str, options: Mapping[str, Any]) -> InvalidParamsError | None:
    """The error for a request httpx could not build from ``options`` (its ``json=`` body or
    its ``params=`` query), naming the value at fault by its place (``arguments.units``, or
    the query parameter ``query``); ``None`` if no value is at fault."""
    found = None
    for part in (options.get("json"), options.get("params")):
        if found is None and isinstance(part, dict):
            entries = cast("dict[object, object]", part)
            found = next(filter(None, (unsendable(value, str(key)) for key, value in entries.items())), None)
    return None if found is None else InvalidParamsError(f"cannot send {method} {path}: {found}")


def unsendable(value: object, where: str) -> str | None:
    """Where in ``value`` (named ``where``) the first value JSON cannot carry is, and why."""
    stack: list[tuple[object, str, frozenset[int]]] = [(value, where, frozenset())]
    while stack:
        node, at, holders = stack.pop()
        identity = id(node)
        if isinstance(node, str):
            problem = lone_surrogate(node)
            if problem is not None:
                return f"{at} {problem}"
        elif isinstance(node, float):
            if not math.isfinite(node):
                return f"{at} is {node!r}, which JSON cannot carry"
        elif isinstance(node, _SCALARS):
            continue
        elif isinstance(node, (dict, list, tuple)):
            if identity in holders:
                return f"{at} holds itself, which JSON cannot carry"
            inside = holders | {identity}
            if isinstance(node, dict):
                entries = cast("dict[object, object]", node)
                problem = next(filter(None, map(_bad_key, entries)), None)
                if problem is not None:
                    return f"{at} has {problem}"
                stack.extend((child, f"{at}.{key}", inside) for key, child in reversed(entries.items()))
            else:
                items = cast("Sequence[object]", node)
                stack.extend((child, f"{at}[{index}]", inside) for index, child in reversed(list(enumerate(items))))
        else:
            return (
                f"{at} is of type {type(node).__name__}, which JSON cannot carry; "
                "pass text, numbers, booleans, None, lists or dicts"
            )
    return None


def _bad_key(key: object) -> str | None:
    """What is wrong with ``key`` as a JSON object's key (``"a key that holds ..."``), if anything."""
    if isinstance(key, str):
        problem = lone_surrogate(key)
        return None if problem is None else f"a key that {problem}"
    if not isinstance(key, _KEYS):
        return f"a key of type {type(key).__name__}, which JSON cannot carry"
    if isinstance(key, float) and not math.isfinite(key):
        return f"the key {key!r}, which JSON cannot carry"
    return None
