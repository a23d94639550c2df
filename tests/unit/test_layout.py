"""codegen/build/layout.py: a tool module's classes in schema order, on the shared bases, with
long fields broken inside their type; the module still imports and validates."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pydantic import ValidationError

from codegen.build.models import ModelCode, generate_models
from codegen.build.normalize import normalize

S = {"type": "string"}


def _code(input_schema: dict[str, Any], output_schema: dict[str, Any] | None = None) -> ModelCode:
    tool = {"slug": "T", "input_parameters": input_schema, "output_parameters": output_schema or {}}
    return generate_models(normalize(tool, "T"))


def _imported(code: ModelCode, folder: Path, name: str) -> ModuleType:
    imports = [f"from {module} import {', '.join(sorted(names))}" for module, names in sorted(code.imports.items())]
    (folder / f"{name}.py").write_text("\n".join(["from __future__ import annotations", *imports, "", code.body]))
    sys.path.insert(0, str(folder))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(folder))
        sys.modules.pop(name, None)


def _classes(code: ModelCode) -> list[str]:
    return [line.split("(")[0].removeprefix("class ") for line in code.body.splitlines() if line.startswith("class ")]


def test_classes_follow_the_schema_not_the_alphabet() -> None:
    """Each nested class right before the first class that uses it, as the fields name them;
    the input model's classes, then the output's (an output class among the input's before)."""
    shared = {"type": "object", "properties": {"z": S}}
    code = _code(
        {
            "type": "object",
            "properties": {
                "zebra": {"type": "object", "properties": {"apple": {"$ref": "#/$defs/Apple"}}},
                "apple": {"$ref": "#/$defs/Apple"},
            },
            "$defs": {"Apple": shared},
        },
        {
            "type": "object",
            "properties": {
                "data": {"type": "object", "properties": {"mango": {"type": "object", "properties": {"m": S}}}}
            },
        },
    )
    classes = [name for name in _classes(code) if not name.endswith("Dict")]
    assert classes == ["Apple", "Zebra", "TInput", "Mango", "Data", "TOutput"]


def test_models_that_use_each_other_are_rebuilt_and_validate(tmp_path: Path) -> None:
    cyclic = {
        "type": "object",
        "properties": {"first": {"$ref": "#/$defs/Ping"}},
        "required": ["first"],
        "$defs": {
            "Ping": {"type": "object", "properties": {"pong": {"$ref": "#/$defs/Pong"}}},
            "Pong": {"type": "object", "properties": {"ping": {"$ref": "#/$defs/Ping"}, "n": {"type": "integer"}}},
        },
    }
    code = _code(cyclic)
    module = _imported(code, tmp_path, "cyclic_models")
    value = module.TInput.model_validate({"first": {"pong": {"ping": {"pong": {"n": 3}}}}})
    assert value.first.pong.ping.pong.n == 3
    with pytest.raises(ValidationError):
        module.TInput.model_validate({"first": {"pong": {"ping": {"pong": {"n": "three"}}}}})


def test_models_share_a_base_instead_of_repeating_their_configuration(tmp_path: Path) -> None:
    code = _code(
        {
            "type": "object",
            "properties": {"closed": {"type": "object", "properties": {"a": S}, "additionalProperties": False}},
        }
    )
    assert "model_config" not in code.body
    assert "class Closed(ClosedModel):" in code.body and "class TInput(OpenModel):" in code.body
    module = _imported(code, tmp_path, "based_models")
    assert module.TInput.model_validate({"extra": 1, "closed": {"a": "x"}}).model_extra == {"extra": 1}
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        module.TInput.model_validate({"closed": {"a": "x", "b": "y"}})


def test_a_long_field_breaks_inside_its_type_and_keeps_its_default_after_it() -> None:
    description = "A description long enough to push the whole field past the formatter's line."
    code = _code({"type": "object", "properties": {"state": {**S, "default": "open", "description": description}}})
    field = next(line for line in code.body.splitlines() if line.lstrip().startswith("state:"))
    assert field.endswith(",] = 'open'"), field  # the formatter writes the quotes later
