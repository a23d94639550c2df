"""Plausible JSON values for a JSON schema, for tools that have no registered handler.

Deterministic: the same schema always gives the same value. Objects get every property,
arrays one item, enums and consts their first value, bounds are respected, ``$ref`` is
followed within the root (a dangling one gives ``{}``), and recursion stops at depth 8.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from runtime.jsonvalues import is_array, is_dict, is_object

_MAX_DEPTH = 8
_FORMATS = {
    "date-time": "2025-01-01T00:00:00Z",
    "date": "2025-01-01",
    "email": "user@example.com",
    "uri": "https://example.com",
}


def value_for(
    schema: Any,
    root: Mapping[str, Any] | None = None,
    depth: int = 0,
    on_file: Callable[[], Any] | None = None,
) -> Any:
    """A value that validates against ``schema`` in the common cases; ``on_file`` makes the
    value of a ``file_downloadable`` node (a stored file)."""
    if not is_object(schema) or depth > _MAX_DEPTH:
        return None
    root = schema if root is None else root
    if on_file is not None and schema.get("file_downloadable") is True:
        return on_file()
    if "const" in schema:
        return schema["const"]
    if is_array(schema.get("enum")) and schema["enum"]:
        return schema["enum"][0]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    if isinstance(schema.get("$ref"), str):
        target = resolve(root, schema["$ref"])
        return value_for({} if target is None else target, root, depth + 1, on_file)
    for union in ("anyOf", "oneOf"):
        given: list[Any] = schema.get(union) or []
        members = [m for m in given if not (is_object(m) and m.get("type") == "null")]
        if members:
            return value_for(members[0], root, depth + 1, on_file)
    if is_array(schema.get("allOf")) and schema["allOf"]:
        merged: dict[str, Any] = {}
        for member in schema["allOf"]:
            part = value_for(member, root, depth + 1, on_file)
            if is_dict(part):
                merged.update(part)
        return merged
    kind = schema.get("type")
    if is_array(kind):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "object" or (kind is None and "properties" in schema):
        properties: Mapping[str, Any] = schema.get("properties") or {}
        return {key: value_for(sub, root, depth + 1, on_file) for key, sub in properties.items()}
    if kind == "array":
        item = value_for(schema.get("items", {}), root, depth + 1, on_file)
        return [] if item is None else [item]
    if kind == "string":
        return _FORMATS.get(str(schema.get("format")), "text")
    if kind in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0))
        number = max(0, low if isinstance(low, (int, float)) else 0)
        return int(number) + (1 if "exclusiveMinimum" in schema else 0) if kind == "integer" else float(number)
    if kind == "boolean":
        return False
    return {} if kind is None else None


def resolve(root: Mapping[str, Any], ref: str) -> Any | None:
    """What a local ``#/...`` reference points at in ``root``; ``None`` when it points nowhere."""
    if not ref.startswith("#/"):
        return None
    node: Any = root
    for part in ref[2:].split("/"):
        if not is_object(node) or part not in node:
            return None
        node = node[part]
    return node
