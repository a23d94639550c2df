"""Hypothesis strategies for JSON Schemas built from every keyword that applies to an instance,
nested and combined, with local ``$ref`` and boolean schemas, in draft 7 or 2020-12."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from tests.conformance.keyword_cases import DRAFT7, DRAFT2020

_NAMES = st.sampled_from(["foo", "bar", "a", "b", "$ref", "type", "x-1"])
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 5), st.sampled_from([1.0, 2.5, -2.0]), st.sampled_from(["", "a", "foo"])
)
_VALUES = st.one_of(_SCALARS, st.lists(_SCALARS, max_size=2), st.dictionaries(_NAMES, _SCALARS, max_size=2))
_TYPES = st.sampled_from(["null", "boolean", "integer", "number", "string", "array", "object"])
_PATTERNS = st.sampled_from(["^a*$", "b", "^[0-9]+$", "^(?!foo)", "o$", "^\\d{2}", "^.{2,3}$"])
_SMALL = st.integers(0, 3)
_BOUND = st.one_of(st.integers(-2, 4), st.sampled_from([1.5, 0.5, -1.5]))


def _leaf(draft7: bool) -> st.SearchStrategy[Any]:
    """One schema of assertion keywords that hold no subschema."""
    keywords: dict[str, st.SearchStrategy[Any]] = {
        "type": st.one_of(_TYPES, st.lists(_TYPES, min_size=1, max_size=3, unique=True)),
        "enum": st.lists(_VALUES, min_size=1, max_size=3),
        "const": _VALUES,
        "minimum": _BOUND,
        "maximum": _BOUND,
        "exclusiveMinimum": _BOUND,
        "exclusiveMaximum": _BOUND,
        "multipleOf": st.sampled_from([2, 0.5, 1.5, 3]),
        "minLength": _SMALL,
        "maxLength": _SMALL,
        "pattern": _PATTERNS,
        "minItems": _SMALL,
        "maxItems": _SMALL,
        "uniqueItems": st.booleans(),
        "required": st.lists(_NAMES, max_size=2, unique=True),
        "minProperties": _SMALL,
        "maxProperties": _SMALL,
        ("dependencies" if draft7 else "dependentRequired"): st.dictionaries(
            _NAMES, st.lists(_NAMES, max_size=2, unique=True), max_size=2
        ),
    }
    return st.fixed_dictionaries({}, optional=keywords).filter(lambda schema: len(schema) <= 3)


def _with_children(children: st.SearchStrategy[Any], draft7: bool) -> st.SearchStrategy[Any]:
    """One schema whose keywords hold ``children``, with a leaf's keywords beside them."""
    listed = st.lists(children, min_size=1, max_size=3)
    keywords: dict[str, st.SearchStrategy[Any]] = {
        "properties": st.dictionaries(_NAMES, children, min_size=1, max_size=3),
        "additionalProperties": children,
        "patternProperties": st.dictionaries(_PATTERNS, children, min_size=1, max_size=2),
        "propertyNames": children,
        "items": children,
        "contains": children,
        "allOf": listed,
        "anyOf": listed,
        "oneOf": listed,
        "not": children,
        "if": children,
        "then": children,
        "else": children,
    }
    if draft7:
        keywords["items"] = st.one_of(children, st.lists(children, min_size=1, max_size=2))
        keywords["additionalItems"] = children
        keywords["dependencies"] = st.dictionaries(_NAMES, children, min_size=1, max_size=2)
    else:
        keywords["prefixItems"] = st.lists(children, min_size=1, max_size=2)
        keywords["dependentSchemas"] = st.dictionaries(_NAMES, children, min_size=1, max_size=2)
        keywords["minContains"] = _SMALL
        keywords["maxContains"] = _SMALL
    chosen = st.fixed_dictionaries({}, optional=keywords).filter(lambda schema: 1 <= len(schema) <= 2)
    return st.tuples(chosen, _leaf(draft7)).map(lambda pair: _readable({**pair[1], **pair[0]}))


def _readable(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` without ``additionalItems`` beside a boolean ``items``, which the ``jsonschema``
    library cannot read (it takes the length of ``items``)."""
    if isinstance(schema.get("items"), bool):
        schema.pop("additionalItems", None)
    return schema


def _grown(draft7: bool, *targets: str) -> st.SearchStrategy[Any]:
    refs = [st.just({"$ref": f"#/definitions/{target}"}) for target in targets]
    base = st.one_of(st.booleans(), _leaf(draft7), *refs)
    return st.recursive(base, lambda children: _with_children(children, draft7), max_leaves=6)


def _document(draft7: bool) -> st.SearchStrategy[Any]:
    # b refers to a, the body to both: references without cycles (recursion has its own cases)
    definitions = st.fixed_dictionaries({"a": st.one_of(st.booleans(), _leaf(draft7)), "b": _grown(draft7, "a")})
    dialect = DRAFT7 if draft7 else DRAFT2020
    return st.tuples(definitions, _grown(draft7, "a", "b")).map(
        lambda pair: {"$schema": dialect, "definitions": pair[0], **pair[1]} if isinstance(pair[1], dict) else pair[1]
    )


_DOCUMENTS = st.one_of(_document(draft7=True), _document(draft7=False))


@st.composite
def _schemas(draw: st.DrawFn) -> Any:
    return draw(_DOCUMENTS)  # behind a composite: its repr is a name, not the whole strategy tree


#: A schema in draft 7 or 2020-12 (named by ``$schema``), with the definitions its ``$ref``s use.
SCHEMAS = _schemas()
