"""Schema rules of codegen/build/normalize.py (docs/schema-rules.md), one behaviour per test."""

from __future__ import annotations

from typing import Any

from codegen.build.normalize import CHECK_KEY, normalize


def _tool(properties: dict[str, Any], required: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties, **extra}
    if required:
        schema["required"] = required
    return {"slug": "T", "input_parameters": schema}


def _input(properties: dict[str, Any], required: list[str] | None = None, **extra: Any) -> tuple[dict[str, Any], Any]:
    normalized = normalize(_tool(properties, required, **extra), "T")
    return normalized.schema["$defs"], normalized


def test_three_nullable_styles_agree() -> None:
    defs, normalized = _input(
        {
            "a": {"type": "integer", "nullable": True, "minimum": 1},
            "b": {"type": ["integer", "null"], "minimum": 1},
            "c": {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}]},
        }
    )
    props = defs["TInput"]["properties"]
    assert props["a"] == props["b"] == {"type": ["integer", "null"], "minimum": 1}
    assert props["c"] == {"type": ["integer", "null"], "minimum": 1}
    assert all(p.nullable for p in normalized.params)


def test_declared_type_wins_over_stray_properties() -> None:
    defs, _ = _input({"labels": {"type": "array", "items": {"type": "string", "properties": {}}}})
    assert defs["TInput"]["properties"]["labels"] == {"type": "array", "items": {"type": "string"}}


def test_titles_examples_and_formats_are_dropped_and_a_pattern_is_a_check() -> None:
    defs, _ = _input({"u": {"type": "string", "title": "U", "format": "uri", "pattern": "(?=x)", "examples": ["a"]}})
    assert defs["TInput"]["properties"]["u"] == {"type": "string", CHECK_KEY: 'checks.pattern("(?=x)")'}


def test_defaults_are_kept_only_when_they_fit() -> None:
    defs, normalized = _input(
        {
            "ok": {"type": "integer", "default": 3, "minimum": 1},
            "wrong_type": {"type": "integer", "default": "3"},
            "not_in_enum": {"type": "string", "enum": ["a", "b"], "default": "c"},
            "out_of_bounds": {"type": "integer", "maximum": 2, "default": 5},
            "required_default": {"type": "string", "default": "x"},
        },
        required=["required_default"],
    )
    props = defs["TInput"]["properties"]
    assert props["ok"]["default"] == 3
    assert all("default" not in props[k] for k in ("wrong_type", "not_in_enum", "out_of_bounds", "required_default"))
    assert sum("does not fit" in note for note in normalized.notes) == 3


def test_enums_dedupe_take_null_as_nullable_and_check_what_a_literal_cannot_say() -> None:
    defs, normalized = _input(
        {
            "e": {"enum": ["a", "a", "", "+1", None]},
            "f": {"type": "number", "enum": [1.5, 2]},
            "mixed": {"enum": [1, "1", True]},
        }
    )
    props = defs["TInput"]["properties"]
    assert props["e"] == {"anyOf": [{"enum": ["a", "", "+1"]}, {"type": "null"}]}
    assert props["f"] == {
        "type": "number",
        CHECK_KEY: 'checks.all_of(checks.is_type("number"), checks.one_of_values(1.5, 2))',
    }
    assert props["mixed"] == {"enum": [1, "1", True]}  # Literal[1, "1", True] with JsonLiteral (codegen.build.models)
    assert not normalized.notes


def test_dangling_refs_become_any_and_recursion_is_kept() -> None:
    defs, normalized = _input(
        {"gone": {"$ref": "#/$defs/Missing"}, "tree": {"$ref": "#/$defs/Node"}},
        **{
            "$defs": {
                "Node": {"type": "object", "properties": {"kids": {"type": "array", "items": {"$ref": "#/$defs/Node"}}}}
            }
        },
    )
    assert defs["TInput"]["properties"]["gone"] == {}
    assert defs["TInput"]["properties"]["tree"] == {"$ref": "#/$defs/Node"}
    assert defs["Node"]["properties"]["kids"]["items"] == {"$ref": "#/$defs/Node"}
    assert any("points nowhere" in note for note in normalized.notes)


def test_discriminator_kept_only_when_every_member_carries_its_constant() -> None:
    member = lambda value: {"type": "object", "properties": {"kind": {"const": value}}, "required": ["kind"]}  # noqa: E731
    loose = {"type": "object", "properties": {"kind": {"type": "string"}}}
    defs, normalized = _input(
        {
            "good": {
                "oneOf": [member("a"), member("b")],
                "discriminator": {"propertyName": "kind", "mapping": {"a": "#/$defs/Gone"}},
            },
            "bad": {"oneOf": [member("c"), loose], "discriminator": {"propertyName": "kind"}},
        }
    )
    props = defs["TInput"]["properties"]
    assert props["good"] == {
        "oneOf": [{"$ref": "#/$defs/A"}, {"$ref": "#/$defs/B"}],
        "discriminator": {"propertyName": "kind"},
    }
    assert "discriminator" not in props["bad"]
    assert any("plain union" in note for note in normalized.notes)


def test_identical_definitions_in_input_and_output_share_one_class() -> None:
    rich = {"type": "object", "properties": {"text": {"type": "string"}}}
    tool = _tool({"t": {"$ref": "#/$defs/Rich"}}, **{"$defs": {"Rich": rich}})
    tool["output_parameters"] = {
        "type": "object",
        "properties": {
            "data": {"type": "object", "properties": {"t": {"$ref": "#/$defs/Rich"}}},
            "successful": {"type": "boolean"},
        },
        "$defs": {"Rich": rich},
    }
    defs = normalize(tool, "T").schema["$defs"]
    assert sorted(defs) == ["Rich", "TInput", "TOutput"]
    assert defs["TOutput"]["properties"]["t"] == {"$ref": "#/$defs/Rich"}


def test_inputs_forbid_extra_keys_only_when_told_and_outputs_always_allow_them() -> None:
    closed = {"type": "object", "properties": {"x": {"type": "string"}}, "additionalProperties": False}
    tool = _tool({"c": closed, "o": {"type": "object", "properties": {"y": {"type": "string"}}}})
    tool["output_parameters"] = {"type": "object", "properties": {"data": closed, "successful": {"type": "boolean"}}}
    defs = normalize(tool, "T").schema["$defs"]
    assert defs["C"]["additionalProperties"] is False
    assert defs["O"]["additionalProperties"] is True
    assert defs["TOutput"]["additionalProperties"] is True


def test_allof_merges_object_members() -> None:
    defs, _ = _input(
        {
            "m": {
                "allOf": [
                    {"$ref": "#/$defs/Base"},
                    {"type": "object", "properties": {"b": {"type": "integer"}}, "required": ["b"]},
                ]
            }
        },
        **{"$defs": {"Base": {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}}},
    )
    assert defs["M"]["properties"] == {"a": {"type": "string"}, "b": {"type": "integer"}}
    assert defs["M"]["required"] == ["a", "b"]


def test_non_model_outputs_are_type_aliases() -> None:
    for data, is_model in [
        ({"type": "object", "properties": {"a": {"type": "string"}}}, True),
        ({"type": "array", "items": {"type": "string"}}, False),
        ({"type": "object", "additionalProperties": True}, False),
    ]:
        tool = {
            "slug": "T",
            "output_parameters": {"type": "object", "properties": {"data": data, "successful": {"type": "boolean"}}},
        }
        assert normalize(tool, "T").output_is_model is is_model


def test_union_members_are_named_by_the_constant_that_tells_them_apart() -> None:
    """Found by the corpus examples check: every member shared ``object: "block"``, so all six
    got one name and five were lost; the discriminator's constant names them apart."""

    def block(kind: str) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {"object": {"const": "block"}, "type": {"const": kind}, kind: {"type": "string"}},
        }

    defs, _ = _input(
        {
            "children": {
                "type": "array",
                "items": {"oneOf": [block("paragraph"), block("heading_1")], "discriminator": {"propertyName": "type"}},
            },
            "plain": {"oneOf": [block("quote"), block("code"), {"type": "string"}]},
        }
    )
    children = defs["TInput"]["properties"]["children"]["items"]["oneOf"]
    assert [m["$ref"] for m in children] == ["#/$defs/Paragraph", "#/$defs/Heading1"]
    assert {"Paragraph", "Heading1", "Quote", "Code"} <= set(defs)


def test_the_object_of_a_nullable_union_is_named_as_the_object_itself() -> None:
    """Found by the issue's Notion probe: ``anyOf [X, null]`` named X ``…Option1``."""
    link = {"type": "object", "properties": {"url": {"type": "string"}}}
    defs, _ = _input({"link": {"anyOf": [link, {"type": "null"}]}, "pair": {"anyOf": [link, {"type": "string"}]}})
    assert defs["TInput"]["properties"]["link"] == {"anyOf": [{"$ref": "#/$defs/Link"}, {"type": "null"}]}
    assert defs["TInput"]["properties"]["pair"]["anyOf"][0] == {"$ref": "#/$defs/Pair"}  # the one object: no label


def test_union_members_are_named_by_what_tells_them_apart_never_option_n() -> None:
    """Issue 31: filesystem's ``read_media_file`` gave ``class Option1`` for a member whose
    ``type`` is an enum of two values; a member is named by its constant (or an enum of up to
    three), else its title, else a key only it requires; ``OptionN`` only when none tells."""
    media = {
        "type": "object",
        "properties": {"type": {"enum": ["image", "audio"]}, "data": {"type": "string"}},
        "required": ["type", "data"],
    }
    resource = {"type": "object", "properties": {"type": {"const": "resource"}, "uri": {"type": "string"}}}
    by_url = {"type": "object", "properties": {"url": {"type": "string"}}, "required": ["url"]}
    by_path = {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}
    titled = {"title": "Named Range", "type": "object", "properties": {"name": {"type": "string"}}}
    same = {"type": "object", "properties": {"x": {"type": "string"}}}
    defs, _ = _input(
        {
            "content": {"type": "array", "items": {"anyOf": [media, resource]}},
            "source": {"anyOf": [by_url, by_path]},
            "range": {"anyOf": [titled, by_url]},
            "either": {"anyOf": [same, {**same, "properties": {"x": {"type": "integer"}}}]},
        }
    )
    assert {"ImageOrAudio", "Resource", "WithUrl", "WithPath", "NamedRange"} <= set(defs)
    assert {"Option1", "Option2"} <= set(defs)  # two members nothing tells apart


def _rich_text() -> dict[str, Any]:
    annotations = {"type": "object", "properties": {"bold": {"type": "boolean"}}, "description": "Styling."}
    item = {
        "type": "object",
        "properties": {"annotations": {"anyOf": [annotations, {"type": "null"}]}, "content": {"type": "string"}},
    }
    return {"type": "object", "properties": {"rich_text": {"type": "array", "items": item}}}


def test_identical_nested_shapes_share_one_class() -> None:
    """Found by the issue's Notion probe: each block type repeated the rich-text classes."""
    defs, _ = _input({"paragraph": _rich_text(), "heading_1": _rich_text(), "quote": _rich_text()})
    assert sorted(defs) == ["Annotations", "Heading1", "Paragraph", "Quote", "RichTextItem", "TInput"]
    assert defs["Paragraph"]["properties"]["rich_text"]["items"] == {"$ref": "#/$defs/RichTextItem"}
    assert defs["Quote"] == defs["Paragraph"] == defs["Heading1"]  # each keeps its own name: its key differs
    assert defs["Annotations"]["description"] == "Styling."


def test_shapes_that_differ_anywhere_below_keep_their_own_classes() -> None:
    changed = _rich_text()
    changed["properties"]["rich_text"]["items"]["properties"]["annotations"]["anyOf"][0]["properties"]["bold"] = {
        "type": "string"
    }
    defs, _ = _input({"paragraph": _rich_text(), "quote": changed})
    assert {"ParagraphRichTextItem", "QuoteRichTextItem", "ParagraphRichTextItemAnnotations"} <= set(defs)


def test_a_nullable_output_object_is_the_output_model() -> None:
    """Found by pyright over the corpus: ``XOutput: TypeAlias = XOutput`` redefined the class."""
    data = {"type": ["object", "null"], "properties": {"html": {"type": "string"}}}
    tool = {"slug": "T", "output_parameters": {"type": "object", "properties": {"data": data, "successful": {}}}}
    normalized = normalize(tool, "T")
    assert normalized.output_is_model and "TOutput" in normalized.schema["$defs"]
