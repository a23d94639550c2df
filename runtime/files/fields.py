"""Where a tool's files are: every ``file_uploadable`` input and ``file_downloadable`` output.

Markers are found at any depth: nested ``properties``, array ``items``, ``additionalProperties``,
``anyOf`` / ``oneOf`` / ``allOf`` members, behind ``$ref`` / ``$defs`` (recursive refs are
followed once, dangling ones ignored). Both marker styles count: the object ``{name,
mimetype, s3key}`` carrying ``file_uploadable: true``, and the rewritten
``{"type": "string", "format": "path", "file_uploadable": true}``.

A location is a path of wire keys from the arguments (or from the output's ``data``);
``None`` in it means "every item" (array items, map values). The generator records them
in each tool's ``SPEC``; :func:`fields_of` computes them for tools served by the API.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from runtime.jsonvalues import is_array, is_object

Location = tuple["str | None", ...]
_MAX_DEPTH = 64


@dataclass(frozen=True)
class FileFields:
    """The upload and download locations of one tool."""

    uploads: tuple[Location, ...] = ()
    downloads: tuple[Location, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.uploads or self.downloads)


def resolve_pointer(root: Mapping[str, Any], ref: Any) -> Any:
    """What a local reference (``#``, ``#/$defs/X``, JSON-pointer escapes and list indexes) points
    at in ``root``; ``None`` when it points nowhere."""
    if not isinstance(ref, str) or not ref.startswith("#"):
        return None
    node: Any = root
    for raw in ref[1:].split("/")[1:] if ref != "#" else []:
        part = unquote(raw).replace("~1", "/").replace("~0", "~")  # a URI fragment, then a JSON pointer
        if is_object(node) and part in node:
            node = node[part]
        elif is_array(node) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def locations(schema: Any, marker: str) -> tuple[Location, ...]:
    """Every location in ``schema`` whose node carries ``marker`` (``file_uploadable`` / ``file_downloadable``)."""
    if not is_object(schema):
        return ()
    found: list[Location] = []

    def walk(node: Any, where: Location, refs: frozenset[str], depth: int) -> None:
        if not is_object(node) or depth > _MAX_DEPTH:
            return
        ref = node.get("$ref")
        if isinstance(ref, str):
            if ref in refs:
                return
            walk(resolve_pointer(schema, ref), where, refs | {ref}, depth + 1)
        if node.get(marker) is True:
            if where not in found:
                found.append(where)
            return
        for key in ("anyOf", "oneOf", "allOf"):
            members = node.get(key)
            if is_array(members):
                for member in members:
                    walk(member, where, refs, depth + 1)
        properties = node.get("properties")
        if is_object(properties):
            for name, child in properties.items():
                walk(child, (*where, str(name)), refs, depth + 1)
        items = node.get("items")
        for child in items if is_array(items) else [items]:
            walk(child, (*where, None), refs, depth + 1)
        extra = node.get("additionalProperties")
        if is_object(extra):
            walk(extra, (*where, None), refs, depth + 1)

    walk(schema, (), frozenset(), 0)
    return tuple(found)


def _wrapped(output_parameters: Any) -> bool:
    """The output schema is the ``{data, error, successful}`` wrapper (as the API serves it)."""
    properties = output_parameters.get("properties") if is_object(output_parameters) else None
    return is_object(properties) and is_object(properties.get("data"))


def fields_of(input_parameters: Any, output_parameters: Any) -> FileFields:
    """The file locations of a tool, from its raw schemas."""
    return FileFields(
        uploads=locations(input_parameters, "file_uploadable"),
        downloads=_downloads(output_parameters),
    )


def _downloads(output_parameters: Any) -> tuple[Location, ...]:
    found = locations(output_parameters, "file_downloadable")
    if not _wrapped(output_parameters):
        return found
    return tuple(where[1:] for where in found if where[:1] == ("data",))
