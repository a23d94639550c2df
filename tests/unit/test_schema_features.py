"""Every schema feature the conformance issue lists, generated end to end: each feature tool is
generated, imported, and its input model must accept what the schema allows and refuse
what it does not (payloads keep the wire keys)."""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from codegen.cli import main as cli
from runtime import baked
from tests.checkers import mypy_settings
from tests.conftest import tool, write_catalog

S, I = {"type": "string"}, {"type": "integer"}


def _deep(levels: int) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "object", "properties": {"leaf": S}, "required": ["leaf"]}
    for _ in range(levels - 1):
        node = {"type": "object", "properties": {"child": node}, "required": ["child"]}
    return node


FEATURES: dict[str, dict[str, Any]] = {
    "nullable": {
        "properties": {
            "oas": {**S, "nullable": True},
            "union": {"anyOf": [S, {"type": "null"}]},
            "array": {"type": ["string", "null"]},
        },
        "required": ["oas"],
    },
    "unions": {
        "properties": {
            "shape": {
                "oneOf": [
                    {"type": "object", "properties": {"kind": {"const": "circle"}, "r": I}, "required": ["kind", "r"]},
                    {
                        "type": "object",
                        "properties": {"kind": {"const": "square"}, "side": I},
                        "required": ["kind", "side"],
                    },
                ],
                "discriminator": {
                    "propertyName": "kind",
                    "mapping": {"circle": "#/$defs/Gone", "square": "#/$defs/Gone2"},
                },
            },
            "either": {"anyOf": [I, S]},
        },
        "required": ["shape"],
    },
    "allof": {
        "properties": {
            "both": {
                "allOf": [
                    {"type": "object", "properties": {"a": I}, "required": ["a"]},
                    {"type": "object", "properties": {"b": S}},
                ]
            }
        },
        "required": ["both"],
    },
    "const": {"properties": {"fixed": {"const": "v1"}}, "required": ["fixed"]},
    "refs": {
        "properties": {"node": {"$ref": "#/$defs/Node"}, "missing": {"$ref": "#/$defs/Nowhere"}},
        "$defs": {
            "Node": {
                "type": "object",
                "properties": {"value": I, "next": {"anyOf": [{"$ref": "#/$defs/Node"}, {"type": "null"}]}},
                "required": ["value"],
            }
        },
        "required": ["node"],
    },
    "type_arrays": {"properties": {"id": {"type": ["string", "integer"]}}, "required": ["id"]},
    "empty": {"properties": {"anything": {}}, "required": ["anything"]},
    "enums": {
        "properties": {
            "reaction": {"type": "string", "enum": ["+1", "-1", "a b", "/"]},
            "clash": {"type": "string", "enum": ["a-b", "a_b", "A-B"]},
            "mixed": {"enum": [1, "1", True, None]},
        },
    },
    "formats": {
        "properties": {
            "repo": {"type": "string", "format": "repo.nwo"},
            "when": {"type": "string", "format": "date-time"},
        }
    },
    "additional": {
        "properties": {
            "closed": {"type": "object", "properties": {"a": I}, "additionalProperties": False},
            "open": {"type": "object", "properties": {"a": I}, "additionalProperties": True},
            "typed": {"type": "object", "additionalProperties": I},
            "patterned": {"type": "object", "patternProperties": {"^x-": S}},
        },
        "additionalProperties": False,
    },
    "keys": {
        "properties": {
            "Name": S,
            "name": S,
            "na-me": S,
            "na_me": S,
            "from": S,
            "validate": {"type": "boolean"},
            "a__b": S,
        }
    },
    "empty_key": {"properties": {"": S, "x": S}, "required": [""]},  # "" is a property name JSON Schema allows
    "wide": {"properties": {f"p{n}": I for n in range(1000)}, "required": ["p0", "p999"]},
    "deep": {"properties": {"root": _deep(50)}, "required": ["root"]},
    "optional": {
        "properties": {
            "plain": S,
            "count": I,
            "nested": {"type": "object", "properties": {"inner": S}},
            "headers": {
                "type": "object",
                "nullable": True,
                "additionalProperties": {"type": "object", "additionalProperties": S},
            },
            "untyped": {"properties": {}},
            "closed_empty": {"properties": {}, "additionalProperties": False},
        }
    },
    "shadowing": {  # datamodel-code-generator renames fields named like a type their class uses
        "properties": {
            "list": {"type": "array", "items": S},
            "str": S,
            "int": I,
            "float": {"type": "number"},
            "bool": {"type": "boolean"},
            "type": S,
            "date": {"type": "string", "format": "date"},
            "set": I,
            "items": {
                "type": "array",
                "items": {"type": "object", "properties": {"list": {"type": "array", "items": I}}},
            },
        },
        "required": ["list"],
    },
    "twins": {  # nested input objects get TypedDict twins; odd keys need the functional form
        "properties": {
            "config": {
                "type": "object",
                "properties": {
                    "from": S,
                    "a-b": S,
                    "__x": S,
                    "ok": I,
                    "link": {"type": "object", "properties": {"u": S}},
                },
                "required": ["from"],
            },
            "plain": {
                "type": "object",
                "properties": {"name": S, "count": {**I, "nullable": True}},
                "required": ["name"],
            },
        },
    },
    "huge_enum": {
        "properties": {"code": {"type": "string", "enum": [f"v{n}" for n in range(5000)]}},
        "required": ["code"],
    },
}


pytestmark = pytest.mark.xdist_group("schema-features")  # one worker builds the fixture package


@pytest.fixture(scope="module")
def features(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, type[BaseModel]]]:
    root = tmp_path_factory.mktemp("features")
    tools = [
        tool(f"FEAT_{name.upper()}", toolkit="feat", input_parameters={"type": "object", **schema})
        for name, schema in FEATURES.items()
    ]
    catalog = write_catalog(root / "catalog.json", tools)
    assert (
        cli.main(
            [
                "generate",
                "--source",
                str(catalog),
                "--out",
                str(root / "out"),
                "--lock",
                str(root / "lock"),
                "--toolkit",
                "feat@20250101_00",
            ]
        )
        == 0
    )
    sys.path.insert(0, str(root))
    try:
        modules: dict[str, ModuleType] = {name: importlib.import_module(f"out.feat.{name}") for name in FEATURES}
        yield {name: module.SPEC.input_model for name, module in modules.items()}
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m == "out" or m.startswith("out.")]:
            del sys.modules[name]
        baked._REGISTRY.pop("feat", None)  # importing the package registered it; its modules are gone now


def accepts(model: type[BaseModel], payload: dict[str, Any]) -> dict[str, Any]:
    """Validated as the runtime validates: strictly, by wire key."""
    validated = model.model_validate(payload, strict=True, by_alias=True, by_name=False)
    return validated.model_dump(mode="json", by_alias=True, exclude_unset=True)


def refuses(model: type[BaseModel], payload: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        model.model_validate(payload, strict=True, by_alias=True, by_name=False)


def test_nullable_in_every_style_and_required_but_nullable(features: dict[str, type[BaseModel]]) -> None:
    model = features["nullable"]
    assert accepts(model, {"oas": None, "union": None, "array": None}) == {"oas": None, "union": None, "array": None}
    refuses(model, {})  # required even though nullable
    refuses(model, {"oas": 1})


def test_unions_with_dangling_discriminator_mappings(features: dict[str, type[BaseModel]]) -> None:
    model = features["unions"]
    assert accepts(model, {"shape": {"kind": "square", "side": 2}, "either": "x"})["shape"] == {
        "kind": "square",
        "side": 2,
    }
    refuses(model, {"shape": {"kind": "triangle", "side": 2}})
    refuses(model, {"shape": {"kind": "circle"}})


def test_allof_const_refs_type_arrays_and_empty(features: dict[str, type[BaseModel]]) -> None:
    accepts(features["allof"], {"both": {"a": 1, "b": "x"}})
    refuses(features["allof"], {"both": {"b": "x"}})
    accepts(features["const"], {"fixed": "v1"})
    refuses(features["const"], {"fixed": "v2"})
    chain = {"node": {"value": 1, "next": {"value": 2, "next": None}}, "missing": {"any": ["thing"]}}
    assert accepts(features["refs"], chain) == chain
    refuses(features["refs"], {"node": {"value": 1, "next": {"next": None}}})
    assert accepts(features["type_arrays"], {"id": 3}) == {"id": 3}
    assert accepts(features["type_arrays"], {"id": "3"}) == {"id": "3"}
    for value in (None, 1, "x", [1], {"a": 1}):
        assert accepts(features["empty"], {"anything": value}) == {"anything": value}


def test_enums_keep_odd_colliding_and_mixed_values(features: dict[str, type[BaseModel]]) -> None:
    model = features["enums"]
    for reaction in ("+1", "-1", "a b", "/"):
        assert accepts(model, {"reaction": reaction}) == {"reaction": reaction}
    for clash in ("a-b", "a_b", "A-B"):
        assert accepts(model, {"clash": clash}) == {"clash": clash}
    for mixed in (1, "1", True, None):
        assert accepts(model, {"mixed": mixed}) == {"mixed": mixed}
    refuses(model, {"reaction": "+2"})
    refuses(model, {"mixed": 2})


def test_unknown_formats_are_plain_strings(features: dict[str, type[BaseModel]]) -> None:
    assert accepts(features["formats"], {"repo": "octo/cat", "when": "yesterday"}) == {
        "repo": "octo/cat",
        "when": "yesterday",
    }


def test_additional_properties_in_every_form(features: dict[str, type[BaseModel]]) -> None:
    model = features["additional"]
    ok = {"closed": {"a": 1}, "open": {"a": 1, "b": 2}, "typed": {"x": 1}, "patterned": {"x-y": "z"}}
    assert accepts(model, ok) == ok
    refuses(model, {"closed": {"a": 1, "b": 2}})
    refuses(model, {"unknown": 1})
    refuses(model, {"typed": {"x": "not an int"}})


def test_keys_differing_by_case_or_separator_stay_distinct(features: dict[str, type[BaseModel]]) -> None:
    payload = {"Name": "1", "name": "2", "na-me": "3", "na_me": "4", "from": "5", "validate": True, "a__b": "6"}
    assert accepts(features["keys"], payload) == payload
    assert len(features["keys"].model_fields) == 7


def test_a_property_named_by_the_empty_string_is_a_field(features: dict[str, type[BaseModel]]) -> None:
    # It was left out: an alias of "" read as no alias ("datamodel-code-generator renamed fields").
    assert accepts(features["empty_key"], {"": "a", "x": "b"}) == {"": "a", "x": "b"}
    refuses(features["empty_key"], {"x": "b"})


def test_optional_fields_may_be_left_out_but_not_null(features: dict[str, type[BaseModel]]) -> None:
    model = features["optional"]
    assert accepts(model, {}) == {}
    for key in ("plain", "count", "nested"):
        refuses(model, {key: None})
    refuses(model, {"nested": {"inner": None}})
    assert accepts(model, {"headers": None}) == {"headers": None}
    assert accepts(model, {"headers": {"private": {"k": "v"}}}) == {"headers": {"private": {"k": "v"}}}
    refuses(model, {"headers": {"private": {"k": 1}}})  # a nullable dict keeps its value type
    refuses(model, {"headers": {"private": "not a dict"}})


def test_fields_named_like_the_types_they_use_are_absorbed_not_left_out(features: dict[str, type[BaseModel]]) -> None:
    """Found by hand: DCG renamed ``list``/``str``/``int`` to ``list_``/``str_``/``int_`` on its own
    and the tool was left out as an error; the rename is now taken as the field's name."""
    model = features["shadowing"]
    payload = {"list": ["a"], "str": "s", "int": 1, "float": 1.5, "bool": True, "type": "t", "date": "d", "set": 2}
    payload["items"] = [{"list": [1, 2]}]
    assert accepts(model, payload) == payload
    names = {field.alias or name for name, field in model.model_fields.items()}
    assert names == set(payload)
    assert {"list_", "str_", "int_"} <= set(model.model_fields)


def test_nested_inputs_have_typed_dict_twins_keyed_by_wire_keys(features: dict[str, type[BaseModel]]) -> None:
    twins = sys.modules["out.feat.twins"]
    config = twins.InputConfigDict  # "Config" would make "ConfigDict", which pydantic's import holds
    assert config.__required_keys__ == {"from"}
    assert config.__optional_keys__ == {"a-b", "__x", "ok", "link"}
    # The class form is written under ``from __future__ import annotations``: its NotRequired
    # marks are for type checkers (the typing snapshots check them), as strings at runtime.
    written = {key: getattr(value, "__forward_arg__", value) for key, value in twins.PlainDict.__annotations__.items()}
    assert written == {"name": "str", "count": "NotRequired[int | None]"}
    payload = {
        "config": {"from": "a", "a-b": "b", "__x": "c", "link": {"u": "v"}},
        "plain": {"name": "n", "count": None},
    }
    assert accepts(features["twins"], payload) == payload
    model = features["twins"].model_validate(payload, strict=True, by_alias=True, by_name=False)
    assert isinstance(model.config, twins.InputConfig) and isinstance(model.config.link, twins.Link)


def test_no_coercion_and_untyped_schemas_take_any_value(features: dict[str, type[BaseModel]]) -> None:
    model = features["optional"]
    refuses(model, {"count": "3"})
    refuses(model, {"count": True})
    refuses(model, {"plain": 3})
    for value in ("x", 1, None, [1], {"a": 1}):
        assert accepts(model, {"untyped": value, "closed_empty": value}) == {"untyped": value, "closed_empty": value}


def test_scale_1000_properties_50_levels_and_5000_enum_values(features: dict[str, type[BaseModel]]) -> None:
    wide = features["wide"]
    assert len(wide.model_fields) == 1000
    assert accepts(wide, {"p0": 1, "p999": 2}) == {"p0": 1, "p999": 2}
    refuses(wide, {"p0": 1})
    deep: dict[str, Any] = {"leaf": "bottom"}
    for _ in range(49):
        deep = {"child": deep}
    assert accepts(features["deep"], {"root": deep}) == {"root": deep}
    refuses(features["deep"], {"root": {"child": {}}})
    assert accepts(features["huge_enum"], {"code": "v4999"}) == {"code": "v4999"}
    refuses(features["huge_enum"], {"code": "v5000"})


def test_feature_output_passes_mypy_strict(features: dict[str, type[BaseModel]]) -> None:
    out = Path(sys.modules[next(iter(features.values())).__module__].__file__ or "").parent
    result = subprocess.run(
        [sys.executable, "-m", "mypy", *mypy_settings(), str(out)],
        capture_output=True,
        text=True,
        cwd=out.parent.parent,
    )
    assert result.returncode == 0, result.stdout[-3000:]
