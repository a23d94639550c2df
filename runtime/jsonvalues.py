"""Type narrowing for decoded JSON and other untyped values: what a check of the value's
shape proves to a type checker (``Mapping[str, Any]``, ``list[Any]``), so the runtime reads
response bodies, schemas and arguments without unknown types."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeGuard

from typing_extensions import TypeIs


def is_object(value: object) -> TypeIs[Mapping[str, Any]]:
    """True when ``value`` is a JSON object (any mapping)."""
    return isinstance(value, Mapping)


def is_dict(value: object) -> TypeIs[dict[str, Any]]:
    """True when ``value`` is a ``dict``, as decoded JSON objects are."""
    return isinstance(value, dict)


def is_array(value: object) -> TypeIs[list[Any]]:
    """True when ``value`` is a JSON array (a ``list``)."""
    return isinstance(value, list)


def is_sequence(value: object) -> TypeGuard[Sequence[Any]]:
    """True when ``value`` is a sequence that JSON writes as an array: not text, not bytes.
    (A guard, not TypeIs: a false answer says nothing of whether ``value`` is a sequence.)"""
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes, bytearray))
