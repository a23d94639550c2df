"""Every JSON Schema keyword that applies to an instance, held by the generated input models.

The oracle is the ``jsonschema`` library in the schema's own dialect; where toolstubs reads a
schema otherwise on purpose (docs/schema-rules.md), the model must agree with that reading
(:func:`tests.conformance.keywords.documented`). Failures print the schema and the instance.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import BaseModel

from codegen.build.checks import backtracks, escaped_twice, python_regex
from codegen.pipeline.generate import _build_chunk, build_tool
from codegen.shared.report import Report
from tests.conformance import keywords
from tests.conformance.keyword_cases import DRAFT7, DRAFT2020
from tests.conformance.schemas import SCHEMAS


def _model(schema: Any) -> type[BaseModel]:
    model = keywords.ours(schema)
    assert not isinstance(model, str), f"left out: {model}\nschema: {json.dumps(schema)}"
    return model


def _judged(schema: Any, value: Any) -> bool:
    return keywords.accepts(_model(schema), value)


@pytest.mark.xdist_group("keyword-table")
def test_the_keyword_table_agrees_on_every_keyword_and_leads_stock_datamodel_code_generator() -> None:
    rows = keywords.measure()
    print("\n".join(keywords.render(rows)))
    wrong = [line for row in rows for line in row.disagreements]
    assert not wrong, "\n".join(wrong[:20])
    behind = [row.keyword for row in rows if row.plain_ours < row.plain_stock]
    assert not behind, f"behind stock datamodel-code-generator on {behind}"
    assert keywords.core_share(rows, plain=True) >= 0.97
    assert keywords.core_share(rows) > keywords.core_share(rows, "stock")


@pytest.mark.filterwarnings("ignore:Generating overly large repr")  # the recursive strategy's own repr
@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(SCHEMAS)
def test_models_of_any_keyword_mix_agree_with_jsonschema(schema: Any) -> None:
    model = _model(schema)
    valid, reading = keywords.truth(schema), keywords.documented(schema)
    for value in keywords.instances(schema):
        accepted = keywords.accepts(model, value)
        assert accepted in (valid.is_valid(value), reading.is_valid(value)), (
            f"schema: {json.dumps(schema)}\ninstance: {json.dumps(value)}\n"
            f"jsonschema: {valid.is_valid(value)}, the model: {accepted}"
        )


# -- the cases the issue names, one by one ----------------------------------------------------


def test_a_property_named_like_a_keyword_is_a_property() -> None:
    schema = {"properties": {"$ref": {"type": "string"}, "type": {"type": "integer"}}}
    assert _judged(schema, {"$ref": "x", "type": 1})
    assert not _judged(schema, {"$ref": 1})


def test_a_type_beside_any_of_applies_to_every_member() -> None:
    schema = {"type": "string", "anyOf": [{"maxLength": 2}, {"minLength": 4}]}
    assert [_judged(schema, v) for v in ("ab", "abcd", "abc", 1)] == [True, True, False, False]


def test_an_additional_properties_schema_beside_properties_holds() -> None:
    schema = {"properties": {"foo": {}}, "additionalProperties": {"type": "boolean"}}
    assert [_judged(schema, v) for v in ({"foo": 1, "x": True}, {"quux": 12})] == [True, False]


@pytest.mark.parametrize(
    ("schema", "valid", "invalid"),
    [
        ({"minimum": 1.1}, [1.1, "x", None], [1, 0.5]),
        ({"maxLength": 2}, ["ab", 3], ["abc"]),
        ({"multipleOf": 2}, [4, "x"], [3]),
    ],
)
def test_a_constraint_without_a_type_applies_to_its_own_type(schema: Any, valid: list[Any], invalid: list[Any]) -> None:
    assert all(_judged(schema, v) for v in valid)
    assert not any(_judged(schema, v) for v in invalid)


def test_prefix_items_hold_by_position_and_the_rest_by_items() -> None:
    draft7 = {"$schema": DRAFT7, "type": "array", "items": [{"type": "integer"}, {"type": "string"}]}
    assert [_judged(draft7, v) for v in ([1, "foo"], [1, "foo", True], ["foo", 1], [1])] == [True, True, False, True]
    closed = {**draft7, "additionalItems": False}
    assert not _judged(closed, [1, "foo", True])
    rest = {"$schema": DRAFT2020, "type": "array", "prefixItems": [{"type": "integer"}], "items": {"type": "string"}}
    assert [_judged(rest, v) for v in ([1, "a", "b"], [1, 2], [])] == [True, False, True]


@pytest.mark.parametrize("schema", [False, {"allOf": [True, False]}, {"not": {}}])
def test_a_schema_that_admits_nothing_refuses_everything(schema: Any) -> None:
    assert not any(_judged(schema, v) for v in (None, 0, "x", [], {}))


@pytest.mark.parametrize(
    ("schema", "valid", "invalid"),
    [
        ({"enum": [False]}, [False], [0, 0.0]),
        ({"enum": [1]}, [1, 1.0], [True]),
        ({"const": True}, [True], [1, 1.0]),
        ({"const": -2.0}, [-2, -2.0], [2.0]),
        ({"const": {"a": [1]}}, [{"a": [1.0]}], [{"a": [True]}, {"a": [1], "b": 2}]),
        ({"enum": [[1, "x"], {"a": None}]}, [[1, "x"], {"a": None}], [[1], {"a": 0}]),
    ],
)
def test_enum_and_const_compare_as_json_does(schema: Any, valid: list[Any], invalid: list[Any]) -> None:
    assert all(_judged(schema, v) for v in valid), schema
    assert not any(_judged(schema, v) for v in invalid), schema


@pytest.mark.parametrize(
    ("schema", "valid", "invalid"),
    [
        ({"enum": [""], "const": None}, [], [None, ""]),
        ({"definitions": {"a": {"enum": [""], "const": None}}, "$ref": "#/definitions/a"}, [], [None, ""]),
        ({"enum": ["x"], "const": "y"}, [], ["x", "y"]),
        ({"enum": ["", None], "const": None}, [None], [""]),
        ({"enum": ["a", "b"], "const": "b"}, ["b"], ["a"]),
    ],
)
def test_enum_and_const_together_both_hold(schema: Any, valid: list[Any], invalid: list[Any]) -> None:
    """A value must be the ``const`` and one of the ``enum``: the ``const`` alone made the
    model's type, so ``{"enum": [""], "const": null}`` took ``null`` (found by the fuzzer)."""
    assert all(_judged(schema, v) for v in valid), schema
    assert not any(_judged(schema, v) for v in invalid), schema


def test_ref_pointers_are_percent_decoded_and_2020_siblings_apply() -> None:
    percent = {"definitions": {"percent%field": {"type": "integer"}}, "$ref": "#/definitions/percent%25field"}
    assert [_judged(percent, v) for v in (1, "x")] == [True, False]
    siblings = {"$schema": DRAFT2020, "$defs": {"a": {"type": "integer"}}, "$ref": "#/$defs/a", "maximum": 5}
    assert [_judged(siblings, v) for v in (5, 6)] == [True, False]
    ignored = {"$schema": DRAFT7, "definitions": {"a": {"type": "integer"}}, "$ref": "#/definitions/a", "maximum": 5}
    assert _judged(ignored, 6)


@pytest.mark.parametrize(
    ("schema", "valid", "invalid"),
    [
        ({"type": "array", "uniqueItems": True}, [[1, 2], [1, "1"], [0, False]], [[1, 1.0], [{"a": 1}, {"a": 1}]]),
        ({"type": "string", "pattern": "^\\d+$"}, ["123"], ["12a", "١٢", "12\n"]),
        ({"type": "object", "minProperties": 1, "maxProperties": 1}, [{"a": 1}], [{}, {"a": 1, "b": 2}]),
        ({"type": "object", "patternProperties": {"^x": {"type": "integer"}}}, [{"xa": 1, "y": "s"}], [{"xa": "s"}]),
        ({"type": "object", "propertyNames": {"maxLength": 2}}, [{"ab": 1}], [{"abc": 1}]),
        ({"$schema": DRAFT2020, "dependentRequired": {"a": ["b"]}}, [{"a": 1, "b": 2}, {"b": 1}], [{"a": 1}]),
        ({"$schema": DRAFT7, "dependencies": {"a": {"required": ["b"]}}}, [{"a": 1, "b": 2}], [{"a": 1}]),
        ({"type": "array", "contains": {"const": 5}}, [[1, 5]], [[1], []]),
        ({"$schema": DRAFT2020, "contains": {"const": 1}, "maxContains": 1}, [[1, 2]], [[1, 1]]),
        ({"not": {"type": "integer"}}, ["x", 1.5], [1]),
        ({"if": {"const": 1}, "then": {"type": "integer"}, "else": {"type": "string"}}, [1, "x"], [2, None]),
        ({"oneOf": [{"type": "integer"}, {"minimum": 2}]}, [1, 2.5], [3]),
    ],
)
def test_keywords_no_type_can_say_are_enforced(schema: Any, valid: list[Any], invalid: list[Any]) -> None:
    assert all(_judged(schema, v) for v in valid), schema
    assert not any(_judged(schema, v) for v in invalid), schema


def test_a_unique_items_check_leaves_the_array_as_given() -> None:
    model = _model({"type": "array", "items": {"type": "string"}, "uniqueItems": True})
    dumped = model.model_validate({"value": ["b", "a"]}, strict=True).model_dump(mode="json")
    assert dumped == {"value": ["b", "a"]}


# -- rules over the whole input ---------------------------------------------------------------


def _tool(input_parameters: dict[str, Any]) -> type[BaseModel]:
    return keywords.model_of(
        {"slug": "KW_ROOT", "name": "root", "description": "", "input_parameters": input_parameters}
    )


def test_rules_over_the_arguments_together_are_a_model_validator() -> None:
    model = _tool(
        {
            "type": "object",
            "properties": {"id": {"type": "string"}, "url": {"type": "string"}},
            "anyOf": [{"required": ["id"]}, {"required": ["url"]}],
            "maxProperties": 1,
        }
    )
    assert "holds_schema_rules" in vars(model).get("__pydantic_decorators__").model_validators
    for arguments, ok in (({"id": "a"}, True), ({"url": "u"}, True), ({}, False), ({"id": "a", "url": "u"}, False)):
        assert keywords.validates(model, arguments) is ok, arguments


def test_a_refusal_names_the_rule_that_failed() -> None:
    model = _model({"type": "array", "uniqueItems": True})
    with pytest.raises(Exception, match="items 0 and 1 are equal"):
        model.model_validate({"value": [1, 1]}, strict=True)


# -- no tool left out over a name -------------------------------------------------------------


@pytest.mark.parametrize(
    "items",
    [
        {"type": ["string", "integer"], "minimum": 1, "minLength": 2},
        {"anyOf": [{"type": "string", "minLength": 2}, {"type": "null"}]},
        {"type": ["string", "null"], "minLength": 2},
        {"type": ["array", "null"], "items": {"type": "integer"}, "minItems": 2},
        {"type": "array", "items": {"type": ["integer", "null"], "minimum": 1}},
    ],
)
@pytest.mark.parametrize("key", ["vertices", "issues", "includeDomains"])
def test_constrained_items_never_get_a_class_of_their_own(key: str, items: Any) -> None:
    """datamodel-code-generator made a class of such items, named by singularising the property
    (vertices -> Vertice), and the tool was left out; the constraints are the field's check now."""
    tool = {
        "slug": "KW_ITEMS",
        "name": "items",
        "input_parameters": {"properties": {key: {"type": "array", "items": items}}},
    }
    built = build_tool(tool, "kw", "items")
    assert not isinstance(built, Report), built.message


# -- ECMA-262 patterns in Python -------------------------------------------------------------


@pytest.mark.parametrize(
    ("ecma", "matches", "misses"),
    [
        ("^\\d+$", ["123"], ["١٢٣", "12\n"]),
        ("^(?<year>\\d{4})-", ["2024-"], ["24-"]),
        ("^\\w+$", ["ab_1"], ["é"]),
        ("[\\d.]+", ["1.5"], ["x"]),
        ("^(?!foo)", ["bar"], ["food"]),
    ],
)
def test_ecma_patterns_keep_their_meaning_in_python(ecma: str, matches: list[str], misses: list[str]) -> None:
    translated = python_regex(ecma)
    assert translated is not None
    assert all(re.search(translated, text) for text in matches)
    assert not any(re.search(translated, text) for text in misses)


@pytest.mark.parametrize("ecma", ["\\p{L}+", "[^]", "\\k<x>", "(unclosed"])
def test_a_pattern_python_cannot_read_is_reported_not_checked(ecma: str) -> None:
    assert python_regex(ecma) is None
    built = build_tool(
        {"slug": "KW_P", "name": "p", "input_parameters": {"properties": {"p": {"type": "string", "pattern": ecma}}}},
        "kw",
        "p",
    )
    assert not isinstance(built, Report)
    assert any("has no equivalent in Python's re" in note for note in built[1])


def test_a_check_names_the_classes_of_a_union_rather_than_spelling_them_out() -> None:
    """oneOf exclusivity among objects the models hold as classes reads checks.fits(Class): a
    corpus tool's check had been 78 KB of spelled-out member schemas."""
    member = {
        "type": "object",
        "properties": {"kind": {"type": "string"}, "size": {"type": "integer", "minimum": 1}},
        "required": ["kind"],
    }
    other = {
        "type": "object",
        "properties": {"kind": {"type": "string"}, "name": {"type": "string"}},
        "additionalProperties": False,
    }
    schema = {"type": "array", "items": {"oneOf": [member, other]}}
    tool = {"slug": "KW_U", "name": "u", "input_parameters": keywords.input_schema(schema)}
    built = build_tool(tool, "kw", "u")
    assert not isinstance(built, Report)
    body = built[0].models.body
    assert "checks.one_of(checks.fits(" in body and "minimum" not in body.split("Holds(", 1)[1]
    cases = [[{"kind": "a", "size": 1}], [{"kind": "a"}], [{"name": "n"}], [{"kind": "a", "size": 0}]]
    assert [_judged(schema, v) for v in cases] == [True, False, True, False]  # [{"kind": "a"}] fits both
    assert [keywords.truth(schema).is_valid(v) for v in cases] == [True, False, True, False]


@pytest.mark.parametrize("ecma", ["^(a+)+$", "^([a-z]+)*$", "(\\w+\\s?)+$"])
def test_a_pattern_that_could_backtrack_catastrophically_is_reported_not_checked(ecma: str) -> None:
    """The values checked come from callers and models: a repeat inside a repeat would let a
    crafted string hold the caller for minutes, so such a pattern is left to the server."""
    assert backtracks(str(python_regex(ecma)))
    tool = {"slug": "KW_R", "name": "r", "input_parameters": {"properties": {"p": {"type": "string", "pattern": ecma}}}}
    built = build_tool(tool, "kw", "r")
    assert not isinstance(built, Report)
    assert "Holds(" not in built[0].models.body
    assert any("could take exponential time" in note for note in built[1])
    assert keywords.validates(keywords.model_of(tool), {"p": "a" * 40 + "!"})  # at once, not after minutes


# -- what the review found ----------------------------------------------------------------------


def test_nested_objects_are_checked_as_sent_whichever_names_the_caller_used() -> None:
    """Models take Python names as well as wire keys; a check judges the object as it is sent."""
    closed = {"type": "object", "properties": {"from": {"type": "string"}}, "dependentRequired": {"from": ["to"]}}
    assert not _judged(closed, {"from_": "x"}) and not _judged(closed, {"from": "x"})
    typed_rest = {
        "type": "object",
        "properties": {"from": {"type": "string"}},
        "additionalProperties": {"type": "integer"},
    }
    assert _judged(typed_rest, {"from_": "x"}) and not _judged(typed_rest, {"from_": "x", "other": "y"})


def test_literals_of_numbers_compare_as_json_inside_arrays_too() -> None:
    schema = {"type": "array", "items": {"enum": [1, 2]}}
    assert [_judged(schema, v) for v in ([1], [1.0], [True], [3])] == [True, True, False, False]


@pytest.mark.parametrize(("value", "ok"), [(3 * 10**400, True), (3 * 10**400 + 1, False), (12345678901.3, False)])
def test_multiple_of_is_exact_for_large_numbers(value: Any, ok: bool) -> None:
    factor = 3 if isinstance(value, int) else 1
    assert _judged({"multipleOf": factor}, value) is ok


def test_closed_keys_beside_pattern_properties_hold_without_properties() -> None:
    schema = {"type": "object", "additionalProperties": False, "patternProperties": {"^x": {"type": "string"}}}
    assert [_judged(schema, v) for v in ({"xa": "s"}, {"a": 1}, {"xa": 1})] == [True, False, False]


def test_a_pattern_key_python_cannot_read_leaves_the_other_keys_open() -> None:
    schema = {
        "type": "object",
        "properties": {"id": {"type": "string"}},
        "patternProperties": {"^\\p{L}+$": {"type": "string"}},
        "additionalProperties": False,
    }
    assert _judged(schema, {"id": "1", "abc": "x"})


def test_union_members_behind_two_references_keep_their_constraints() -> None:
    schema = {
        "$defs": {"A": {"$ref": "#/$defs/B"}, "B": {"type": "integer", "minimum": 5}},
        "anyOf": [{"$ref": "#/$defs/A"}, {"type": "string"}],
    }
    assert [_judged(schema, v) for v in (0, 5, "x")] == [False, True, True]


def test_a_check_too_deep_for_python_to_read_is_left_to_the_server_not_the_tool() -> None:
    node: Any = {"type": "integer"}
    for _ in range(100):
        node = {"type": "array", "uniqueItems": True, "minItems": 1, "items": node}
    tool = {"slug": "KW_D", "name": "d", "input_parameters": {"properties": {"v": node}}}
    (built,) = _build_chunk([(tool, "kw", "d")])  # as generate builds: with room for deep schemas
    assert not isinstance(built, Report), built.message
    assert any("left to the server" in note for note in built[1])


def test_shared_definitions_make_checks_that_name_classes_not_copies() -> None:
    depth = 12
    definitions: dict[str, Any] = {
        f"d{i}": {"type": "object", "properties": {k: {"$ref": f"#/$defs/d{i + 1}"} for k in "ab"}}
        for i in range(depth)
    }
    definitions[f"d{depth}"] = {"type": "integer"}
    tool = {
        "slug": "KW_S",
        "name": "s",
        "input_parameters": {
            "$defs": definitions,
            "properties": {"v": {"anyOf": [{"$ref": "#/$defs/d0"}, {"type": "integer"}]}},
        },
    }
    built = build_tool(tool, "kw", "s")
    assert not isinstance(built, Report)
    assert len(built[0].models.body) < 20_000  # was 623 KB: every level spelled out twice


def test_a_field_named_like_an_import_of_the_module_is_renamed() -> None:
    model = _model({"properties": {"ModelOrDict": {"type": "object", "properties": {"x": {"type": "string"}}}}})
    assert _judged(
        {"properties": {"ModelOrDict": {"type": "object", "properties": {"x": {"type": "string"}}}}},
        {"ModelOrDict": {"x": "s"}},
    )
    assert model is not None


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "integer", "minimum": 5, "exclusiveMinimum": True},
        {"type": "array", "items": {"type": "integer", "minimum": 5, "exclusiveMinimum": True}},
    ],
)
def test_a_boolean_exclusive_minimum_reads_as_draft_4_wherever_it_is(schema: Any) -> None:
    at_bound, above = (5, 6) if schema["type"] == "integer" else ([5], [6])
    assert [_judged(schema, at_bound), _judged(schema, above)] == [False, True]


def test_a_pattern_escaped_twice_by_its_publisher_is_reported_not_checked() -> None:
    """A real Google Analytics tool says ``^properties/\\\\d+$``: a literal backslash, so taken at
    its word it refuses every real value; it is left to the server, with a note."""
    ecma = "^properties/\\\\d+$"
    assert escaped_twice(ecma) and not escaped_twice("^properties/\\d+$")
    tool = {"slug": "KW_E", "name": "e", "input_parameters": {"properties": {"p": {"type": "string", "pattern": ecma}}}}
    built = build_tool(tool, "kw", "e")
    assert not isinstance(built, Report)
    assert any("looks escaped twice" in note for note in built[1])
    assert keywords.validates(keywords.model_of(tool), {"p": "properties/123"})
