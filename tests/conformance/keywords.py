"""The keyword table: for every JSON Schema keyword, how often a generated model agrees with
the schema, for toolstubs and for stock datamodel-code-generator, measured in the same run.

Each schema becomes the one required input property ``value`` of a tool (its local ``$ref``
pointers rebased to where it now sits, its ``$schema`` lifted to the input's root). Each
instance ``v`` is judged three ways: ``jsonschema`` (the schema's own dialect; 2020-12 when it
names none) on ``v`` against the schema as written is the truth; toolstubs' input model takes
``{"value": v}`` as the runtime validates (strict, Python objects); the stock model, generated
by datamodel-code-generator with its default options for pydantic v2, takes the same JSON
text in strict JSON mode (so arrays may fill its tuple and set fields). A schema a generator
cannot turn into a model counts every one of its instances as a disagreement.
"""

from __future__ import annotations

import itertools
import json
import math
import sys
import types
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import jsonschema
from pydantic import BaseModel, ValidationError

from codegen.build import emit
from codegen.build.checks import implied_type
from codegen.build.ir import BuiltToolkit
from codegen.pipeline.generate import build_tool
from codegen.shared.report import Report
from runtime.schema_keywords import rewrite
from tests.conformance.keyword_cases import CASES, DRAFT7_CORE

#: JSON values every schema is tried with, beside the values taken from the schema itself.
POOL: list[Any] = [
    None, True, False, 0, 1, -1, 1.0, 2, 2.0, 2.5, 3, 5, 10, -2.0, 1.1, 1.5, 3.0,
    "", "a", "ab", "abc", "abcd", "foo", "bar", "1", "123", "aaa", "xyz", "foo\u0000bar", "\\", "é",
    "user@example.com", "2024-01-01T00:00:00Z",
    [], [1], [1, 1], [1, 2], [5], [1, 5], ["a"], ["foo", 1], [1, "foo"], [1, "foo", True], [1, "foo", "bar"],
    [[1], [1]], [{"a": 1}, {"a": 1}], [1, 1.0], [1, True], [0, False], [True, "x"], [1, 2, 3],
    {}, {"a": 1}, {"foo": 1}, {"foo": "x"}, {"foo": 2}, {"bar": 2}, {"foo": 1, "bar": 2}, {"quux": 12},
    {"quux": True}, {"a": None}, {"$ref": "x"}, {"$ref": 1}, {"foo": {"bar": 1}}, {"a": 1, "b": 2, "c": 3},
    {"fooo": 1}, {"foo": True}, {"x": "ab"}, {"x": "abc"}, {"bar": 1}, {"abcd": 1}, {"ab": "s"},
    {"foo": 1, "vee": 2}, {"next": {"v": 1}, "v": 2}, {"next": {"v": "x"}}, {"foo": {"foo": {}}},
    {"type": 1, "properties": "x"}, {"type": "x"}, {"__proto__": 1, "constructor": 2.5},
    {"foo\nbar": 1, "foo\"bar": 2}, {"xa": True}, {"xa": 1}, {"bbb": 1},
]  # fmt: skip


@dataclass
class Row:
    """One keyword's figures: instances judged, and how many each generator judged as the schema
    does; the same counted on the instances outside the documented exceptions (``plain_*``)."""

    keyword: str
    cases: int = 0
    instances: int = 0
    ours: int = 0
    stock: int = 0
    plain: int = 0  # instances the documented reading judges as the schema does
    plain_ours: int = 0
    plain_stock: int = 0
    disagreements: list[str] = field(default_factory=list)  # toolstubs' own, outside the exceptions

    def share(self, agreed: int, plain: bool = False) -> float:
        total = self.plain if plain else self.instances
        return agreed / total if total else 1.0


def input_schema(schema: Any) -> dict[str, Any]:
    """The tool input that carries ``schema`` as its one required property ``value``."""

    def rebase(node: Mapping[str, Any]) -> Mapping[str, Any]:
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            return {**node, "$ref": "#/properties/value" + ref[1:]}
        return node

    dialect = schema.get("$schema") if isinstance(schema, Mapping) else None
    inner = rewrite(schema, rebase)
    if isinstance(inner, Mapping):
        inner = {k: v for k, v in inner.items() if k != "$schema"}
    root: dict[str, Any] = {"type": "object", "properties": {"value": inner}, "required": ["value"]}
    return {"$schema": dialect, **root} if isinstance(dialect, str) else root


def truth(schema: Any) -> jsonschema.protocols.Validator:
    """The validator of ``schema``'s own dialect."""
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    return cls(schema, format_checker=None)


def _python_integer(checker: Any, instance: Any) -> bool:
    return isinstance(instance, int) and not isinstance(instance, bool)


def documented(schema: Any) -> jsonschema.protocols.Validator:
    """The validator of ``schema`` as toolstubs reads it on purpose (docs/schema-rules.md):
    keywords of objects or arrays without a ``type`` make it that type, ``additionalProperties:
    false`` without properties keeps the keys open, and ``3.0`` is not an integer."""

    root = schema if isinstance(schema, Mapping) else {}

    def read(node: Mapping[str, Any]) -> Mapping[str, Any]:
        implied = implied_type(node, root)
        return {**node, "type": implied} if implied else node

    def open_keys(node: Mapping[str, Any]) -> Mapping[str, Any]:
        if node.get("additionalProperties") is False and not node.get("properties") and "patternProperties" not in node:
            return {k: v for k, v in node.items() if k != "additionalProperties"}
        return node

    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    checker = cls.TYPE_CHECKER.redefine("integer", _python_integer)
    read_as = jsonschema.validators.extend(cls, type_checker=checker)
    return read_as(rewrite(rewrite(schema, read), open_keys), format_checker=None)


def ours(schema: Any) -> type[BaseModel] | str:
    """toolstubs' input model for ``schema`` as a property, or why the tool is left out."""
    return model_of({"slug": "KW_VALUE", "name": "value", "description": "", "input_parameters": input_schema(schema)})


def model_of(raw: Mapping[str, Any]) -> type[BaseModel] | str:
    """The input model of the tool ``raw``, generated and imported, or why the tool is left out."""
    built = build_tool(raw, "kw", str(raw["name"]))
    if isinstance(built, Report):
        return built.message
    tool, _notes = built
    toolkit = BuiltToolkit("kw", "kw", "1", "kw", "Kw", (tool,))
    module = _module(emit.tool_module(tool, toolkit))
    model = module.SPEC.input_model
    assert isinstance(model, type) and issubclass(model, BaseModel)
    return model


def stock(schema: Any) -> type[BaseModel] | str:
    """Stock datamodel-code-generator's model for the same input, or why it has none."""
    from datamodel_code_generator import DataModelType, GenerateConfig, InputFileType, generate

    config = GenerateConfig(
        input_file_type=InputFileType.JsonSchema, output_model_type=DataModelType.PydanticV2BaseModel
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            source = generate(json.dumps(input_schema(schema)), config=config)
        module = _module(str(source))
        module.Model.model_rebuild()
    except Exception as error:  # noqa: BLE001 - any failure of the stock generator is its result
        return f"{type(error).__name__}: {str(error)[:200]}"
    model = module.__dict__.get("Model")
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return "no Model class"
    return model


_NUMBERS = itertools.count()


def _module(source: str) -> types.ModuleType:
    """``source`` run as a module of its own (registered, so pydantic resolves its annotations)."""
    module = types.ModuleType(f"toolstubs_keyword_case_{next(_NUMBERS)}")
    sys.modules[module.__name__] = module
    exec(compile(source, module.__name__, "exec"), module.__dict__)  # noqa: S102
    return module


def accepts(model: type[BaseModel], value: Any) -> bool:
    """toolstubs' model takes ``value`` as its property, as the runtime validates arguments."""
    return validates(model, {"value": value})


def validates(model: type[BaseModel], arguments: Mapping[str, Any]) -> bool:
    """``model`` takes ``arguments``, validated as the runtime validates them (strict)."""
    try:
        model.model_validate(arguments, strict=True)
    except ValidationError:
        return False
    return True


def stock_accepts(model: type[BaseModel], value: Any) -> bool:
    """The stock model, on the JSON text of the arguments."""
    try:
        model.model_validate_json(json.dumps({"value": value}), strict=True)
    except ValidationError:
        return False
    return True


def instances(schema: Any) -> list[Any]:
    """The pool and the values the schema names (enum and const members, bounds and their
    neighbours, objects holding its property names), each once by JSON value and type."""
    found: list[Any] = list(POOL)

    def take(node: Mapping[str, Any]) -> Mapping[str, Any]:
        for key in ("enum",):
            if isinstance(node.get(key), list):
                found.extend(node[key])
        if "const" in node:
            found.append(node["const"])
        for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"):
            bound = node.get(key)
            if isinstance(bound, (int, float)) and not isinstance(bound, bool) and math.isfinite(bound):
                found.extend([bound, bound - 1, bound + 1, bound / 2, bound * 3])
        for key in ("minLength", "maxLength"):
            if isinstance(node.get(key), int):
                found.extend("x" * n for n in range(max(0, node[key] - 1), node[key] + 2))
        properties = node.get("properties")
        if isinstance(properties, Mapping):
            names = list(properties)
            for value in (1, "s", None, True, {}):
                found.extend({name: value} for name in names)
            found.append(dict.fromkeys(names, 1))
        return node

    rewrite(schema, take)
    unique: dict[str, Any] = {}
    for value in found:
        unique.setdefault(_identity(value), value)
    return list(unique.values())


def _identity(value: Any) -> str:
    """A key that tells ``1``, ``1.0`` and ``True`` apart."""
    return json.dumps(_tagged(value), sort_keys=True)


def _tagged(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _tagged(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tagged(v) for v in value]
    return [type(value).__name__, value]


def measure(cases: Mapping[str, Sequence[Any]] = CASES) -> list[Row]:
    """The table: one row per keyword of ``cases``."""
    rows = []
    for keyword, schemas in cases.items():
        row = Row(keyword)
        for schema in schemas:
            row.cases += 1
            _measure_one(row, schema)
        rows.append(row)
    return rows


def _measure_one(row: Row, schema: Any) -> None:
    validator, reading = truth(schema), documented(schema)
    our_model, stock_model = ours(schema), stock(schema)
    for value in instances(schema):
        expected = validator.is_valid(value)
        plain = reading.is_valid(value) == expected
        stock_agrees = isinstance(stock_model, type) and stock_accepts(stock_model, value) == expected
        our_agrees = isinstance(our_model, type) and accepts(our_model, value) == expected
        row.instances += 1
        row.stock += stock_agrees
        row.ours += our_agrees
        row.plain += plain
        row.plain_stock += plain and stock_agrees
        row.plain_ours += plain and our_agrees
        if plain and not our_agrees:
            shown = our_model if isinstance(our_model, str) else ("refused" if expected else "accepted")
            row.disagreements.append(
                f"{json.dumps(schema)} on {json.dumps(value)}: schema says {expected}, ours {shown}"
            )


def core_share(rows: Sequence[Row], which: str = "ours", plain: bool = False) -> float:
    """Agreement over the draft-7 core rows, every instance counted once (``plain``: outside
    the documented exceptions)."""
    core = [row for row in rows if row.keyword in DRAFT7_CORE]
    total = sum(row.plain if plain else row.instances for row in core)
    agreed = sum(getattr(row, ("plain_" if plain else "") + which) for row in core)
    return agreed / total if total else 1.0


def render(rows: Sequence[Row]) -> Iterator[str]:
    """The table as text lines: all instances, then those outside the documented exceptions."""
    yield f"{'':<22} {'':>5} {'all instances':>29}   {'documented exceptions aside':>29}"
    yield f"{'keyword':<22} {'cases':>5} {'n':>9} {'toolstubs':>9} {'stock':>9}   {'n':>9} {'toolstubs':>9} {'stock':>9}"
    for row in rows:
        mark = "" if row.plain_ours >= row.plain_stock else "  <- behind"
        yield (
            f"{row.keyword:<22} {row.cases:>5} {row.instances:>9} {row.share(row.ours):>9.1%} "
            f"{row.share(row.stock):>9.1%}   {row.plain:>9} {row.share(row.plain_ours, True):>9.1%} "
            f"{row.share(row.plain_stock, True):>9.1%}{mark}"
        )
    yield (
        f"{'draft-7 core':<22} {'':>5} {'':>9} {core_share(rows):>9.1%} {core_share(rows, 'stock'):>9.1%}   "
        f"{'':>9} {core_share(rows, plain=True):>9.1%} {core_share(rows, 'stock', plain=True):>9.1%}"
    )


if __name__ == "__main__":
    table = measure()
    print("\n".join(render(table)))
    for row in table:
        for line in row.disagreements[:8]:
            print(f"  {row.keyword}: {line}")
