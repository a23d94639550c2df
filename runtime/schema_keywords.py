"""Where JSON Schema puts schemas: the keywords whose values are subschemas, in every draft.

Everything else in a schema is data — property names, ``enum`` and ``const`` values,
defaults, examples — and is never read as a keyword, whatever it looks like (a property
named ``$ref`` is a property). :func:`rewrite` is the one walk that visits schema positions:
the sandbox settles schemas with it, the tests rebase and read them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from runtime.jsonvalues import is_array, is_object

#: Keywords whose value is one schema.
ONE = (
    "additionalProperties", "additionalItems", "items", "contains", "propertyNames", "not",
    "if", "then", "else", "unevaluatedItems", "unevaluatedProperties",
)  # fmt: skip
#: Keywords whose value is a list of schemas (``items`` too, in its draft-7 array form).
LISTED = ("allOf", "anyOf", "oneOf", "prefixItems", "items")
#: Keywords whose value maps names to schemas (``dependencies`` values may also be name lists).
NAMED = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies")


def rewrite(schema: Any, change: Callable[[Mapping[str, Any]], Mapping[str, Any]]) -> Any:
    """``schema`` with ``change`` applied to every schema object in it, innermost first;
    data (names, values, defaults) is copied as it is."""
    if not is_object(schema):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in ONE and (is_object(value) or isinstance(value, bool)):
            out[key] = rewrite(value, change)
        elif key in LISTED and is_array(value):
            out[key] = [rewrite(member, change) for member in value]
        elif key in NAMED and is_object(value):
            out[key] = {name: rewrite(member, change) for name, member in value.items()}
        else:
            out[key] = value
    return change(out)
