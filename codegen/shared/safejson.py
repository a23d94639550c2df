"""Read untrusted JSON (catalogs, the store) so that no text can crash a run.

:func:`loads` parses on a thread with a large stack, so nesting that the standard parser
would refuse with ``RecursionError`` at a few hundred levels still parses (up to
:data:`MAX_PARSE_DEPTH`); past that it raises :class:`JsonError`, never a traceback.
Integers too long for Python's int conversion, ``NaN`` / ``Infinity`` (which JSON does
not allow) and strings holding a lone surrogate (JSON may escape half of a UTF-16 pair,
``"\\ud83d"``; no UTF-8 text can carry it) parse as :class:`NotJson` markers instead of
failing the whole file, so that :func:`problem` can name the one tool that carries them. A
key with a lone surrogate keeps its place, spelt with a backslash escape, its value marked.
:func:`encodable` makes JSON text holding lone surrogates writable as UTF-8.
"""

from __future__ import annotations

import json
import math
import re
import sys
import threading
from typing import Any

from runtime.surrogates import LONE_SURROGATE, lone_surrogate

MAX_PARSE_DEPTH = 20_000  # nesting levels a file may have at all
MAX_DEPTH = 400  # nesting levels one tool object may have (about 200 schema levels)
MAX_DIGITS = 4_000  # below Python's int/str conversion limit
_STACK_BYTES = 512 * 1024 * 1024
_SURROGATE_ESCAPE = re.compile(r"\\u[dD]([89a-fA-F])[0-9a-fA-F]{2}")  # how JSON text spells one


class JsonError(ValueError):
    """The text is not usable JSON; the message says why."""


class NotJson:
    """A value JSON cannot carry or Python cannot hold, and what is wrong with it (a predicate:
    ``"is NaN (not allowed in JSON)"``)."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __repr__(self) -> str:
        return f"<{self.what}>"


def _integer(text: str) -> int | NotJson:
    digits = len(text.lstrip("-"))
    return int(text) if digits <= MAX_DIGITS else NotJson(f"is a {digits:,}-digit integer")


def _float(text: str) -> float | NotJson:
    value = float(text)
    return value if math.isfinite(value) else NotJson(f"is the number {text[:20]} (too large for a float)")


def _constant(text: str) -> NotJson:
    return NotJson(f"is {text} (not allowed in JSON)")


def _lone_surrogate(text: str) -> NotJson | None:
    found = lone_surrogate(text)
    return None if found is None else NotJson(found)


def _mark_lone_surrogates(value: Any) -> Any:
    """``value`` with every string holding a lone surrogate marked (see the module docstring)."""
    if isinstance(value, str):
        return _lone_surrogate(value) or value
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, child in list(node.items()):
                marked = _lone_surrogate(key)
                if marked is not None:
                    del node[key]
                    node[key.encode("utf-8", "backslashreplace").decode("utf-8")] = marked
                elif isinstance(child, str):
                    node[key] = _lone_surrogate(child) or child
                else:
                    stack.append(child)
        elif isinstance(node, list):
            for index, child in enumerate(node):
                if isinstance(child, str):
                    node[index] = _lone_surrogate(child) or child
                else:
                    stack.append(child)
    return value


def _spells_lone_surrogate(text: str) -> bool:
    """Whether JSON ``text`` escapes a surrogate that is not half of a pair (``\\ud83d\\ude00``
    parses to one character; ``\\ud83d`` alone to a lone surrogate). Scans the text, so the
    parsed value is walked only when one is there; a ``\\u`` after an escaped backslash is text."""
    paired_low_at = -1
    for found in _SURROGATE_ESCAPE.finditer(text):
        if not _escapes(text, found.start()):
            continue
        if found.group(1) in "89abAB":
            follower = _SURROGATE_ESCAPE.match(text, found.end())
            if follower is None or follower.group(1) in "89abAB":
                return True  # a low half right after a real escape is itself a real escape
            paired_low_at = follower.start()
        elif found.start() != paired_low_at:
            return True
    return False


def _escapes(text: str, backslash: int) -> bool:
    """Whether the backslash at ``backslash`` starts an escape (an even run of them precedes it)."""
    before = backslash
    while before > 0 and text[before - 1] == "\\":
        before -= 1
    return (backslash - before) % 2 == 0


def encodable(text: str) -> str:
    """JSON ``text`` with every lone surrogate written as its ``\\u`` escape, so that it encodes
    as UTF-8 and parses back to the same value (in JSON text, one only stands inside a string)."""
    return LONE_SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def loads(text: str) -> Any:
    """``json.loads`` that refuses deep nesting with :class:`JsonError` instead of crashing."""
    outcome: dict[str, Any] = {}

    def parse() -> None:
        try:
            outcome["value"] = json.loads(text, parse_int=_integer, parse_float=_float, parse_constant=_constant)
        except RecursionError:
            outcome["error"] = JsonError(f"it nests deeper than {MAX_PARSE_DEPTH:,} levels")
        except json.JSONDecodeError as error:
            outcome["error"] = JsonError(str(error))

    previous_limit, previous_stack = sys.getrecursionlimit(), threading.stack_size()
    try:
        threading.stack_size(_STACK_BYTES)
        sys.setrecursionlimit(max(previous_limit, MAX_PARSE_DEPTH))
        worker = threading.Thread(target=parse, name="toolstubs-json")
        worker.start()
        worker.join()
    finally:
        threading.stack_size(previous_stack)
        sys.setrecursionlimit(previous_limit)
    if "error" in outcome:
        raise outcome["error"]
    if _spells_lone_surrogate(text):
        return _mark_lone_surrogates(outcome["value"])
    return outcome["value"]


def problem(value: Any, limit: int = MAX_DEPTH) -> str | None:
    """Why ``value`` cannot be generated from (too deep, a :class:`NotJson` in it), or ``None``.

    Walks without recursion, so it is safe on any depth; a first walk that keeps no paths
    answers for the (usual) value with nothing wrong, and only a value with something wrong
    is walked again to name where.
    """
    return None if _sound(value, limit) else _located(value, limit)


def _sound(value: Any, limit: int) -> bool:
    """Whether :func:`problem` finds nothing in ``value``."""
    if limit < 0 or isinstance(value, NotJson):
        return False
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        if not children:
            continue
        if depth >= limit:
            return False  # a child would stand deeper than the limit
        for child in children:
            if isinstance(child, (dict, list)):
                stack.append((child, depth + 1))
            elif isinstance(child, NotJson):
                return False
    return True


def _located(value: Any, limit: int) -> str | None:
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        node, where, depth = stack.pop()
        if depth > limit:
            return f"it nests deeper than {limit} levels (at {where[:120]}...); toolstubs generates up to {limit}"
        if isinstance(node, NotJson):
            return f"{where or 'the value'} {node.what}; fix the schema"
        if isinstance(node, dict):
            stack.extend((child, f"{where}.{key}" if where else str(key), depth + 1) for key, child in node.items())
        elif isinstance(node, list):
            stack.extend((child, f"{where}[{index}]", depth + 1) for index, child in enumerate(node))
    return None
