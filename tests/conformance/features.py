"""Which schema features a tool uses, for the per-feature summary of the conformance report.

Each feature is a predicate over one schema node (or, for the whole-schema ones, over the
tool's input and output schemas); a tool has a feature when any node of either schema has it.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from runtime.sandbox.synth import resolve

Node = Mapping[str, Any]
_STANDARD_FORMATS = {
    "date-time", "date", "time", "duration", "email", "idn-email", "hostname", "idn-hostname", "ipv4", "ipv6",
    "uri", "uri-reference", "iri", "iri-reference", "uuid", "uri-template", "json-pointer",
    "relative-json-pointer", "regex", "int32", "int64", "float", "double", "byte", "binary", "password",
}  # fmt: skip
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _types(node: Node) -> list[Any]:
    kind = node.get("type")
    return kind if isinstance(kind, list) else [kind]


def _null_member(node: Node) -> bool:
    return any(isinstance(m, Mapping) and m.get("type") == "null" for m in node.get("anyOf") or [])


def _colliding_keys(node: Node) -> bool:
    keys = [str(k) for k in node.get("properties") or {}] if isinstance(node.get("properties"), Mapping) else []
    folded = {k.lower().replace("-", "_") for k in keys}
    return len(folded) < len(keys)


def _python_keyword_keys(node: Node) -> bool:
    properties = node.get("properties")
    return isinstance(properties, Mapping) and any(keyword.iskeyword(str(k)) for k in properties)


def _odd_enum(node: Node) -> bool:
    values = node.get("enum")
    return isinstance(values, list) and any(isinstance(v, str) and not _IDENTIFIER.match(v) for v in values)


def _mixed_enum(node: Node) -> bool:
    values = node.get("enum")
    return isinstance(values, list) and len({type(v).__name__ for v in values}) > 1


def _required_nullable(node: Node) -> bool:
    properties = node.get("properties")
    if not isinstance(properties, Mapping):
        return False
    for key in node.get("required") or []:
        prop = properties.get(key)
        if isinstance(prop, Mapping) and (prop.get("nullable") is True or "null" in _types(prop) or _null_member(prop)):
            return True
    return False


NODE_FEATURES: dict[str, Callable[[Node], bool]] = {
    "nullable: true (OpenAPI)": lambda n: n.get("nullable") is True,
    "type array with null": lambda n: isinstance(n.get("type"), list) and "null" in n["type"],
    "anyOf with a null member": _null_member,
    "type array of several types": lambda n: isinstance(n.get("type"), list) and len(set(n["type"]) - {"null"}) > 1,
    "required but nullable": _required_nullable,
    "anyOf": lambda n: isinstance(n.get("anyOf"), list),
    "oneOf": lambda n: isinstance(n.get("oneOf"), list),
    "discriminator": lambda n: isinstance(n.get("discriminator"), Mapping),
    "allOf": lambda n: isinstance(n.get("allOf"), list),
    "const": lambda n: "const" in n,
    "$ref": lambda n: isinstance(n.get("$ref"), str),
    "enum": lambda n: isinstance(n.get("enum"), list),
    "enum with non-identifier values": _odd_enum,
    "enum with mixed value types": _mixed_enum,
    "enum of 1,000+ values": lambda n: isinstance(n.get("enum"), list) and len(n["enum"]) >= 1000,
    "unknown format": lambda n: isinstance(n.get("format"), str) and n["format"] not in _STANDARD_FORMATS,
    "pattern": lambda n: "pattern" in n,
    "additionalProperties: false": lambda n: n.get("additionalProperties") is False,
    "additionalProperties schema": lambda n: isinstance(n.get("additionalProperties"), Mapping),
    "patternProperties": lambda n: "patternProperties" in n,
    "keys differing by case or _/-": _colliding_keys,
    "Python keywords as keys": _python_keyword_keys,
    "object of 1,000+ properties": lambda n: isinstance(n.get("properties"), Mapping) and len(n["properties"]) >= 1000,
    "examples or default": lambda n: "examples" in n or "default" in n,
    "properties on a non-object type": lambda n: "properties" in n and n.get("type") in ("string", "integer"),
    "file_uploadable field": lambda n: n.get("file_uploadable") is True,
    "file_downloadable field": lambda n: n.get("file_downloadable") is True,
}
WALKER_FEATURES = ("empty schema {}", "nested 20+ levels", "$ref that points nowhere", "recursive $ref",
                   "discriminator mapping that points nowhere")  # fmt: skip
ALL_FEATURES = (*NODE_FEATURES, *WALKER_FEATURES)


def _children(node: Node) -> Iterator[Any]:
    for key in ("properties", "patternProperties", "$defs", "definitions"):
        if isinstance(node.get(key), Mapping):
            yield from node[key].values()
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        if isinstance(node.get(key), list):
            yield from node[key]
    for key in ("items", "additionalProperties", "not", "if", "then", "else"):
        if isinstance(node.get(key), (Mapping, list)):
            items = node[key]
            yield from items if isinstance(items, list) else [items]


def _walk(root: Any) -> Iterator[tuple[Node, int]]:
    stack: list[tuple[Any, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, Mapping):
            yield node, depth
            stack += [(child, depth + 1) for child in _children(node)]


def _dangling_or_recursive(root: Node) -> set[str]:
    found: set[str] = set()
    for node, _ in _walk(root):
        mapping = (
            node.get("discriminator", {}).get("mapping") if isinstance(node.get("discriminator"), Mapping) else None
        )
        if isinstance(mapping, Mapping) and any(resolve(root, str(ref)) is None for ref in mapping.values()):
            found.add("discriminator mapping that points nowhere")
        ref = node.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#"):
            continue
        target = root if ref == "#" else resolve(root, ref)
        if target is None:
            found.add("$ref that points nowhere")
        elif any(n.get("$ref") == ref for n, _ in _walk(target)):
            found.add("recursive $ref")
    return found


def tool_features(tool: Mapping[str, Any]) -> set[str]:
    """The features of ``tool``'s input and output schemas."""
    found: set[str] = set()
    for side in ("input_parameters", "output_parameters"):
        root = tool.get(side)
        if not isinstance(root, Mapping):
            continue
        found |= _dangling_or_recursive(root)
        for node, depth in _walk(root):
            found |= {name for name, applies in NODE_FEATURES.items() if applies(node)}
            if depth >= 20:
                found.add("nested 20+ levels")
            if any(child == {} for child in _children(node)):
                found.add("empty schema {}")
    return found
