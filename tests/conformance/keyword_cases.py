"""Schemas that exercise one JSON Schema keyword each, written for toolstubs' keyword table.

Each case is a schema as one input property would carry it, grouped under the keyword it is
about. ``DRAFT7`` cases say ``$schema`` draft-07, ``DRAFT2020`` ones 2020-12; the rest carry no
``$schema`` and use only what both drafts share. The instances come from
:mod:`tests.conformance.keywords` (a pool of JSON values and values taken from the schema).
"""

from __future__ import annotations

from typing import Any

DRAFT7 = "http://json-schema.org/draft-07/schema#"
DRAFT2020 = "https://json-schema.org/draft/2020-12/schema"


def _in(dialect: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": dialect, **schema}


#: keyword -> schemas. The keyword names a row of the table; "draft-7 core" rows are the
#: keywords draft 7 defines for instances.
CASES: dict[str, list[Any]] = {
    "type": [
        {"type": "integer"},
        {"type": "number"},
        {"type": "string"},
        {"type": "boolean"},
        {"type": "null"},
        {"type": "array"},
        {"type": "object"},
        {"type": ["integer", "string"]},
        {"type": ["string", "null"]},
        {"type": ["array", "object"]},
        {"type": ["number", "boolean", "null"]},
    ],
    "enum": [
        {"enum": [1, 2, 3]},
        {"enum": ["foo", "bar"]},
        {"enum": [False]},
        {"enum": [True]},
        {"enum": [0]},
        {"enum": [1]},
        {"enum": [1.5, 2]},
        {"enum": [None, "x"]},
        {"enum": [[1, 2], "x"]},
        {"enum": [{"a": 1}, 3]},
        {"enum": ["foo\u0000bar", "\\"]},
        {"type": "string", "enum": ["a", "b", 1]},
        {"type": "integer", "enum": [1, 2.0, "x"]},
    ],
    "const": [
        {"const": 2},
        {"const": "foo"},
        {"const": True},
        {"const": False},
        {"const": 0},
        {"const": 1},
        {"const": None},
        {"const": -2.0},
        {"const": 1.5},
        {"const": {"a": 1}},
        {"const": [1, "x"]},
        {"const": []},
    ],
    "multipleOf": [
        {"type": "integer", "multipleOf": 2},
        {"type": "number", "multipleOf": 1.5},
        {"multipleOf": 2},
        {"type": "number", "multipleOf": 0.5},
    ],
    "maximum": [
        {"type": "number", "maximum": 3},
        {"maximum": 3.0},
        {"type": "integer", "maximum": 10},
    ],
    "minimum": [
        {"type": "number", "minimum": 1.1},
        {"minimum": 1.1},
        {"type": "integer", "minimum": -2},
    ],
    "exclusiveMaximum": [
        {"type": "number", "exclusiveMaximum": 3.0},
        {"exclusiveMaximum": 3},
    ],
    "exclusiveMinimum": [
        {"type": "number", "exclusiveMinimum": 1.1},
        {"exclusiveMinimum": 1},
    ],
    "maxLength": [
        {"type": "string", "maxLength": 2},
        {"maxLength": 2},
        {"maxLength": 0},
    ],
    "minLength": [
        {"type": "string", "minLength": 2},
        {"minLength": 3},
    ],
    "pattern": [
        {"type": "string", "pattern": "^a*$"},
        {"pattern": "^[0-9]+$"},
        {"type": "string", "pattern": "b"},
        {"type": "string", "pattern": "^(?!foo)"},
        {"type": "string", "pattern": "^\\d+$"},
        {"type": "string", "pattern": "^[a-z]{2,3}$"},
    ],
    "items": [
        {"type": "array", "items": {"type": "integer"}},
        {"items": {"type": "string"}},
        {"type": "array", "items": True},
        {"type": "array", "items": False},
        {"items": {"type": "array", "items": {"type": "integer"}}},
        _in(DRAFT7, {"items": [{"type": "integer"}, {"type": "string"}]}),
        _in(DRAFT7, {"items": [{"type": "integer"}]}),
    ],
    "additionalItems": [
        _in(DRAFT7, {"items": [{"type": "integer"}], "additionalItems": False}),
        _in(DRAFT7, {"items": [{"type": "integer"}], "additionalItems": {"type": "string"}}),
        _in(DRAFT7, {"items": [{}, {}], "additionalItems": False}),
    ],
    "prefixItems": [
        _in(DRAFT2020, {"prefixItems": [{"type": "integer"}, {"type": "string"}]}),
        _in(DRAFT2020, {"prefixItems": [{"type": "integer"}], "items": False}),
        _in(DRAFT2020, {"prefixItems": [{"type": "integer"}], "items": {"type": "string"}}),
        _in(DRAFT2020, {"type": "array", "prefixItems": [{"const": 1}, {"type": "boolean"}], "minItems": 2}),
    ],
    "maxItems": [
        {"type": "array", "maxItems": 1},
        {"maxItems": 2},
    ],
    "minItems": [
        {"type": "array", "minItems": 1},
        {"minItems": 2},
    ],
    "uniqueItems": [
        {"type": "array", "uniqueItems": True},
        {"uniqueItems": True},
        {"type": "array", "items": {"type": "integer"}, "uniqueItems": True},
        {"type": "array", "uniqueItems": False},
    ],
    "contains": [
        {"type": "array", "contains": {"type": "integer"}},
        {"contains": {"const": 5}},
        {"contains": {"type": "string", "minLength": 2}},
    ],
    "minContains": [
        _in(DRAFT2020, {"contains": {"const": 1}, "minContains": 2}),
        _in(DRAFT2020, {"contains": {"const": 1}, "minContains": 0}),
    ],
    "maxContains": [
        _in(DRAFT2020, {"contains": {"const": 1}, "maxContains": 1}),
    ],
    "maxProperties": [
        {"type": "object", "maxProperties": 1},
        {"maxProperties": 2},
        {"type": "object", "properties": {"foo": {}}, "maxProperties": 1},
    ],
    "minProperties": [
        {"type": "object", "minProperties": 1},
        {"minProperties": 2},
        {"type": "object", "properties": {"foo": {}}, "minProperties": 1},
    ],
    "required": [
        {"type": "object", "properties": {"foo": {}, "bar": {}}, "required": ["foo"]},
        {"properties": {"foo": {}}, "required": ["foo"]},
        {"required": ["foo"]},
        {"type": "object", "required": []},
    ],
    "properties": [
        {"type": "object", "properties": {"foo": {"type": "integer"}, "bar": {"type": "string"}}},
        {"properties": {"foo": {"type": "integer"}}},
        {"properties": {"$ref": {"type": "string"}}},
        {"properties": {"type": {"type": "integer"}, "properties": {"type": "string"}}},
        {"properties": {"foo": True, "bar": False}},
        {"properties": {"foo\nbar": {"type": "number"}, 'foo"bar': {"type": "number"}}},
        {"properties": {"__proto__": {"type": "number"}, "constructor": {"type": "number"}}},
    ],
    "patternProperties": [
        {"patternProperties": {"f.*o": {"type": "integer"}}},
        {"type": "object", "patternProperties": {"^a": {"type": "string"}, "b$": {"type": "integer"}}},
        {"properties": {"foo": {}}, "patternProperties": {"^x": {"type": "boolean"}}},
    ],
    "additionalProperties": [
        {"properties": {"foo": {}, "bar": {}}, "additionalProperties": False},
        {"properties": {"foo": {}}, "additionalProperties": {"type": "boolean"}},
        {"additionalProperties": {"type": "boolean"}},
        {"type": "object", "additionalProperties": {"type": "integer"}},
        {"properties": {"foo": {}}, "patternProperties": {"^v": {}}, "additionalProperties": False},
    ],
    "dependencies": [
        _in(DRAFT7, {"dependencies": {"bar": ["foo"]}}),
        _in(DRAFT7, {"dependencies": {"bar": {"properties": {"foo": {"type": "integer"}}}}}),
    ],
    "dependentRequired": [
        _in(DRAFT2020, {"dependentRequired": {"bar": ["foo"]}}),
        _in(DRAFT2020, {"type": "object", "dependentRequired": {"foo": ["bar", "a"]}}),
    ],
    "dependentSchemas": [
        _in(DRAFT2020, {"dependentSchemas": {"bar": {"properties": {"foo": {"type": "integer"}}}}}),
        _in(DRAFT2020, {"dependentSchemas": {"foo": False}}),
    ],
    "propertyNames": [
        {"propertyNames": {"maxLength": 3}},
        {"type": "object", "propertyNames": {"pattern": "^a"}},
        {"propertyNames": False},
    ],
    "if/then/else": [
        {"if": {"const": 1}, "then": {"type": "integer"}, "else": {"type": "string"}},
        {"if": {"type": "integer"}, "then": {"minimum": 2}},
        {"if": {"properties": {"foo": {"const": 1}}, "required": ["foo"]}, "else": {"required": ["bar"]}},
        {"then": {"const": 1}},
    ],
    "allOf": [
        {"allOf": [{"type": "integer"}, {"minimum": 2}]},
        {"allOf": [{"properties": {"foo": {"type": "integer"}}}, {"required": ["foo"]}]},
        {"allOf": [True, False]},
        {"allOf": [{"type": "string"}, {"maxLength": 2}, {"minLength": 1}]},
        {"type": "object", "allOf": [{"properties": {"a": {"type": "string"}}, "required": ["a"]}]},
    ],
    "anyOf": [
        {"anyOf": [{"type": "integer"}, {"minimum": 2}]},
        {"type": "string", "anyOf": [{"maxLength": 2}, {"minLength": 4}]},
        {"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 3}]},
        {"anyOf": [True, False]},
        {"anyOf": [{"properties": {"foo": {"type": "integer"}}, "required": ["foo"]}, {"type": "string"}]},
    ],
    "oneOf": [
        {"oneOf": [{"type": "integer"}, {"minimum": 2}]},
        {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        {"type": "string", "oneOf": [{"minLength": 2}, {"maxLength": 4}]},
        {"oneOf": [{"required": ["foo"]}, {"required": ["bar"]}]},
    ],
    "not": [
        {"not": {"type": "integer"}},
        {"not": {}},
        {"not": {"type": ["integer", "boolean"]}},
        {"type": "string", "not": {"const": "foo"}},
        {"not": {"properties": {"foo": {"const": 1}}, "required": ["foo"]}},
    ],
    "$ref": [
        {"definitions": {"a": {"type": "integer"}}, "$ref": "#/definitions/a"},
        {"$defs": {"a": {"type": "string", "maxLength": 2}}, "properties": {"x": {"$ref": "#/$defs/a"}}},
        {"definitions": {"percent%field": {"type": "integer"}}, "$ref": "#/definitions/percent%25field"},
        {"definitions": {"tilde~field": {"type": "integer"}}, "$ref": "#/definitions/tilde~0field"},
        {"definitions": {"slash/field": {"type": "integer"}}, "$ref": "#/definitions/slash~1field"},
        {"properties": {"foo": {"type": "integer"}, "bar": {"$ref": "#/properties/foo"}}},
        {"properties": {"foo": {"$ref": "#"}}, "additionalProperties": False},
        _in(DRAFT2020, {"$defs": {"a": {"type": "integer"}}, "$ref": "#/$defs/a", "maximum": 5}),
        {
            "definitions": {"node": {"properties": {"next": {"$ref": "#/definitions/node"}, "v": {"type": "integer"}}}},
            "$ref": "#/definitions/node",
        },  # fmt: skip
    ],
    "boolean schema": [
        True,
        False,
        {"properties": {"foo": False}},
        {"items": False},
    ],
    "format": [
        {"type": "string", "format": "email"},
        {"format": "date-time"},
        {"type": "string", "format": "uri"},
    ],
}

#: The rows the "draft-7 core" figure counts.
DRAFT7_CORE = (
    "type", "enum", "const", "multipleOf", "maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum",
    "maxLength", "minLength", "pattern", "items", "additionalItems", "maxItems", "minItems", "uniqueItems",
    "contains", "maxProperties", "minProperties", "required", "properties", "patternProperties",
    "additionalProperties", "dependencies", "propertyNames", "if/then/else", "allOf", "anyOf", "oneOf", "not",
    "$ref", "boolean schema", "format",
)  # fmt: skip
