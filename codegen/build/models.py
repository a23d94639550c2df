"""Pydantic v2 models for one tool, from datamodel-code-generator driven in-process.

The option set below is explicit and complete for what affects output; it is hashed into
the lock (``OPTIONS_ID``) so that any change to it regenerates everything. DCG sees the
schema prepared by :mod:`codegen.build.normalize` (every class already named) and its output is
checked, not trusted: every class and field name must be the one we asked for.
"""

from __future__ import annotations

import ast
import hashlib
import inspect
import json
from dataclasses import dataclass
from typing import Any

from codegen.build import layout, twins
from codegen.build.fieldast import (
    add_metadata,
    admits_none,
    field_type,
    fields_of,
    set_field_type,
    wire_key,
    without_none,
)
from codegen.build.normalize import CHECK_KEY, ROOT_CLASS, Normalized, SchemaError, file_side
from codegen.shared import escaping
from codegen.shared.escaping import canonical_json

#: Every DCG option that shapes our output (hashed into the lock as ``dcg-options``).
DCG_OPTIONS: dict[str, Any] = {
    "input_file_type": "jsonschema",
    "output_model_type": "pydantic_v2.BaseModel",
    "target_python_version": "3.10",
    "class_name": ROOT_CLASS,
    "use_annotated": True,  # Annotated[T, Field(...)]: the plain type stays readable
    "field_constraints": True,  # Field(ge=...), never constr()/conint() (mypy rejects those)
    "strict_nullable": True,  # required fields with a default stay non-nullable
    "enum_field_as_literal": "all",  # Literal[...] for every enum
    "allow_population_by_field_name": True,  # construct by Python name as well as by alias
    "use_standard_collections": True,
    "use_union_operator": True,
    "use_double_quotes": True,
    "disable_timestamp": True,
    "keep_model_order": False,
    "use_title_as_name": False,  # titles repeat across tools; names come from naming.py
    "collapse_root_models": False,
    "reuse_model": False,
    "use_schema_description": True,  # a class with a schema description carries it as its docstring
    "formatters": [],  # formatting happens once per file, after assembly
}

OPTIONS_ID = hashlib.sha256(canonical_json(DCG_OPTIONS).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class InputField:
    """A field of the tool's input model as DCG emitted it."""

    name: str
    annotation: ast.expr  # the type, without Annotated[...] metadata


@dataclass(frozen=True)
class ModelCode:
    """The models of one tool: imports, class definitions, and what wrappers need."""

    imports: dict[str, frozenset[str]]  # module -> names
    body: str  # class definitions (and model_rebuild calls), in dependency order
    input_fields: dict[str, InputField]
    output_alias: ast.expr | None  # the type of `data` when it is not a model of its own
    output_dict: ast.expr | None  # that type as decoded JSON (the output's plain twin), then
    renames: dict[str, dict[str, str]]  # class -> wire key -> the field name DCG chose over ours
    twins: twins.TwinCode  # the twins apart, for the toolkit's ``_dicts.pyi``


def _config() -> Any:
    from datamodel_code_generator import GenerateConfig, InputFileType, PythonVersion
    from datamodel_code_generator.enums import DataModelType

    options = dict(DCG_OPTIONS)
    options["input_file_type"] = InputFileType.JsonSchema
    options["output_model_type"] = DataModelType.PydanticV2BaseModel
    options["target_python_version"] = PythonVersion.PY_310
    return GenerateConfig(**options)


_CONFIG: Any = None


def _configured() -> Any:
    global _CONFIG
    if _CONFIG is None:
        _CONFIG = _config()
    return _CONFIG


def warm_up() -> None:
    """Import DCG and run it once on the smallest schema, so that its first real run pays
    none of its imports (see :mod:`codegen.build.warm`)."""
    from datamodel_code_generator import generate

    generate(json.dumps({"type": "object", "properties": {}}), config=_configured())


def generate_models(normalized: Normalized) -> ModelCode:
    """Run DCG over the normalized schema and take its output apart."""
    from datamodel_code_generator import generate

    config = _configured().model_copy(update={"aliases": normalized.aliases})
    try:
        source = generate(json.dumps(normalized.schema), config=config)
    except Exception as error:  # DCG raises many types; the tool is reported, not the run
        raise SchemaError(f"datamodel-code-generator failed: {type(error).__name__}: {error}") from error
    if not isinstance(source, str):
        raise SchemaError("datamodel-code-generator returned no single module")
    return _split(source, normalized)


def _split(source: str, normalized: Normalized) -> ModelCode:
    module = ast.parse(source)
    imports: dict[str, set[str]] = {}
    kept: list[ast.stmt] = []
    output_alias: ast.expr | None = None
    classes_seen: set[str] = set()
    docstrings: dict[str, str] = {}  # placeholder -> a class docstring's text
    renames: dict[str, dict[str, str]] = {}  # class -> wire key -> the name DCG gave it
    input_classes = _reachable(normalized.input_class, normalized.schema.get("$defs", {}))
    for statement in module.body:
        if isinstance(statement, ast.ImportFrom) and statement.module:
            if statement.module != "__future__":
                imports.setdefault(statement.module, set()).update(a.name for a in statement.names)
            continue
        if isinstance(statement, ast.ClassDef):
            classes_seen.add(statement.name)
            _mark_docstring(statement, docstrings)
            fields = fields_of(statement)
            if statement.name == ROOT_CLASS:
                if not normalized.output_is_model and "output" in fields:
                    output_alias = without_none(field_type(fields["output"].annotation))
                continue
            renamed = _check_fields(statement.name, fields, normalized)
            if renamed:
                renames[statement.name] = renamed
            file_types = _mark_files(statement.name, fields, normalized)
            if file_types:
                imports.setdefault("runtime", set()).update(file_types)
            if statement.name in input_classes and _mark_omittable(statement.name, fields, normalized):
                imports.setdefault("runtime", set()).add("Omittable")
                imports.setdefault("typing", set()).add("Annotated")
            if statement.name in input_classes and _mark_checks(statement.name, fields, normalized):
                imports.setdefault("runtime", set()).add("checks")
                imports.setdefault("runtime.checks", set()).add("Holds")
                imports.setdefault("typing", set()).add("Annotated")
            if statement.name == normalized.input_class and normalized.input_check is not None:
                _add_rules(statement, normalized.input_check)
                imports.setdefault("runtime", set()).add("checks")
                imports.setdefault("runtime.checks", set()).add("Rules")
                imports.setdefault("pydantic", set()).add("model_validator")
            kept.append(statement)
            continue
        if _rebuilt(statement) == ROOT_CLASS:
            continue
        kept.append(statement)
    expected = set(normalized.field_names)
    if expected - classes_seen:
        raise SchemaError(f"datamodel-code-generator did not emit {sorted(expected - classes_seen)}")
    kept = _in_schema_order(kept, normalized)
    kept, found = _with_twins(kept, normalized, input_classes, imports, docstrings)
    if any(_mark_json_literals(s) for s in kept if isinstance(s, ast.ClassDef) and s.name in input_classes):
        imports.setdefault("runtime.checks", set()).add("JsonLiteral")
        imports.setdefault("typing", set()).add("Annotated")
    bases = {layout.on_shared_base(s) for s in kept if isinstance(s, ast.ClassDef)} - {None}
    imports.setdefault("runtime", set()).update(base for base in bases if base is not None)
    root = next(s for s in kept if isinstance(s, ast.ClassDef) and s.name == normalized.input_class)
    input_fields = {name: InputField(name, field_type(s.annotation)) for name, s in fields_of(root).items()}
    output_dict: ast.expr | None = None
    if normalized.content_output:
        output_alias = ast.parse("list[ContentBlock]", mode="eval").body
        output_dict = ast.parse("list[dict[str, Any]]", mode="eval").body  # content blocks as decoded
        imports.setdefault("runtime.mcp", set()).add("ContentBlock")
        imports.setdefault("typing", set()).add("Any")
    elif not normalized.output_is_model and output_alias is None:
        output_alias = ast.parse("dict[str, Any]", mode="eval").body
        imports.setdefault("typing", set()).add("Any")
    if output_alias is not None and output_dict is None:
        output_dict = found.plain_type(output_alias)

    def write(statements: list[ast.stmt]) -> str:
        return _docstrings_in("\n\n\n".join(layout.source(statement) for statement in statements), docstrings)

    body = write(kept)
    # Only what the code names: DCG's imports served its root class too, which is gone, and
    # every Any of a file field is now a runtime type.
    used = _names_in([*kept, *(ast.Expr(alias) for alias in (output_alias, output_dict) if alias is not None)])
    imports = {module: names & used for module, names in imports.items() if names & used}
    output = (normalized.output_class, output_dict) if output_dict is not None else None
    return ModelCode(
        imports={module: frozenset(names) for module, names in imports.items()},
        body=body,
        input_fields=input_fields,
        output_alias=output_alias,
        output_dict=output_dict,
        renames=renames,
        twins=found.code(kept, output, imports, (normalized.input_class, normalized.output_class), write),
    )


def _in_schema_order(kept: list[ast.stmt], normalized: Normalized) -> list[ast.stmt]:
    """``kept``'s classes in schema order (:mod:`codegen.build.layout`), each model that still
    names a class defined after it (along a cycle) rebuilt once all are defined."""
    output_roots = [ref.removeprefix("#/$defs/") for ref in _refs(normalized.schema["properties"]["output"])]
    ordered = layout.in_schema_order(kept, [normalized.input_class, *output_roots])
    rebuilt = {_rebuilt(statement) for statement in ordered}
    for name in layout.forward_references(ordered):
        if name not in rebuilt:
            ordered.append(ast.parse(f"{name}.model_rebuild()").body[0])
    return ordered


def _with_twins(
    kept: list[ast.stmt],
    normalized: Normalized,
    input_classes: set[str],
    imports: dict[str, set[str]],
    docstrings: dict[str, str],
) -> tuple[list[ast.stmt], twins.Twins]:
    """``kept`` with the plain-dict twins of the models (:mod:`codegen.build.twins`), and the twins."""
    defs = normalized.schema.get("$defs", {})
    output_refs = _refs(normalized.schema["properties"]["output"])
    output_classes = {name for ref in output_refs for name in _reachable(ref.removeprefix("#/$defs/"), defs)}
    classes = [s for s in kept if isinstance(s, ast.ClassDef)]
    found = twins.Twins.of(classes, input_classes, input_classes - output_classes, output_classes)
    placed = found.place(kept)
    for statement in placed:
        if isinstance(statement, ast.ClassDef) and statement.name in found.names.values():
            _mark_docstring(statement, docstrings)
    for module, names in found.imports.items():
        imports.setdefault(module, set()).update(names)
    return placed, found


def _mark_docstring(statement: ast.ClassDef, docstrings: dict[str, str]) -> None:
    """Swap the class docstring DCG wrote (from the schema's description) for a placeholder,
    so that :func:`_docstrings_in` writes it as every other docstring is written."""
    first = statement.body[0] if statement.body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        placeholder = f"toolstubs_docstring_{len(docstrings)}"
        docstrings[placeholder] = inspect.cleandoc(first.value.value)
        first.value.value = placeholder


def _docstrings_in(body: str, docstrings: dict[str, str]) -> str:
    """``body`` with each placeholder docstring written from its text (wrapped, escaped)."""
    for placeholder, text in docstrings.items():
        body = body.replace(f'"""{placeholder}"""', escaping.docstring(text, " " * 4), 1)
    return body


def _reachable(name: str, defs: dict[str, Any]) -> set[str]:
    """The classes ``name``'s fields can hold, ``name`` included."""
    found: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        if current in found or current not in defs:
            continue
        found.add(current)
        pending += [ref.removeprefix("#/$defs/") for ref in _refs(defs[current])]
    return found


def _refs(node: Any) -> list[str]:
    """Every ``$ref`` under ``node``, and every class a check names (``checks.fits(Class)``)."""
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        if isinstance(node.get(CHECK_KEY), str):
            own += [f"#/$defs/{name}" for name in _classes_checked(node[CHECK_KEY])]
        return own + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    return []


def _classes_checked(check: str) -> list[str]:
    """The classes a check expression validates values against (``checks.fits(Class)``)."""
    return [
        node.args[0].id
        for node in ast.walk(ast.parse(check, mode="eval"))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "fits"
        and node.args
        and isinstance(node.args[0], ast.Name)
    ]


def _admits_null(schema: Any, defs: dict[str, Any]) -> bool:
    if not isinstance(schema, dict) or not set(schema) - {"description", "default", CHECK_KEY}:
        return True
    kind = schema.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    if "const" in schema:
        return schema["const"] is None
    if isinstance(schema.get("enum"), list):
        return None in schema["enum"]
    ref = schema.get("$ref")
    if isinstance(ref, str):
        target = defs.get(ref.removeprefix("#/$defs/"))
        return isinstance(target, dict) and "properties" not in target and _admits_null(target, defs)
    members = schema.get("anyOf") or schema.get("oneOf") or []
    return any(_admits_null(member, defs) for member in members)


def _mark_omittable(class_name: str, fields: dict[str, ast.AnnAssign], normalized: Normalized) -> bool:
    """Add ``Omittable`` to the optional fields whose schema refuses null; ``True`` if any."""
    defs = normalized.schema.get("$defs", {})
    properties = defs.get(class_name, {}).get("properties", {})
    marked = False
    for name, statement in fields.items():
        key = wire_key(name, statement)
        defaulted_to_none = isinstance(statement.value, ast.Constant) and statement.value.value is None
        if not defaulted_to_none or key not in properties or _admits_null(properties[key], defs):
            continue
        add_metadata(statement, "Omittable")
        marked = True
    return marked


def _mark_checks(class_name: str, fields: dict[str, ast.AnnAssign], normalized: Normalized) -> bool:
    """Put ``Holds(checks...)`` on the fields whose schema asks more than their type says
    (:mod:`codegen.build.checks`); ``True`` if any."""
    properties = normalized.schema.get("$defs", {}).get(class_name, {}).get("properties", {})
    marked = False
    for name, statement in fields.items():
        check = properties.get(wire_key(name, statement), {}).get(CHECK_KEY)
        if check is not None:
            add_metadata(statement, ast.Call(ast.Name("Holds", ast.Load()), [ast.parse(check, mode="eval").body], []))
            marked = True
    return marked


class _JsonLiterals(ast.NodeTransformer):
    """``Literal[1, 2]`` -> ``Annotated[Literal[1, 2], JsonLiteral]`` wherever a literal holds a
    number or a boolean (pydantic's ``Literal[1]`` takes ``True``: runtime.checks.JsonLiteral)."""

    def __init__(self) -> None:
        self.marked = False

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        if _numeric_literal(node):
            self.marked = True
            return ast.Subscript(
                ast.Name("Annotated", ast.Load()),
                ast.Tuple([node, ast.Name("JsonLiteral", ast.Load())], ast.Load()),
                ast.Load(),
            )
        self.generic_visit(node)
        return node


def _numeric_literal(node: ast.expr) -> bool:
    if not (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "Literal"):
        return False
    values = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    return any(isinstance(v, ast.Constant) and not isinstance(v.value, str) and v.value is not None for v in values)


def _mark_json_literals(statement: ast.ClassDef) -> bool:
    """Mark the literals of numbers or booleans in the class's fields with ``JsonLiteral``
    (as metadata when the literal is the field's type); ``True`` if any."""
    marked = False
    for field in fields_of(statement).values():
        if _numeric_literal(field_type(field.annotation)):
            add_metadata(field, "JsonLiteral")
            marked = True
            continue
        transformer = _JsonLiterals()
        set_field_type(field, transformer.visit(field_type(field.annotation)))
        marked = marked or transformer.marked
    return marked


#: The name of the model validator that checks the arguments together (never a field's:
#: codegen.build.naming reserves it).
RULES_METHOD = "holds_schema_rules"


def _add_rules(statement: ast.ClassDef, check: str) -> None:
    """Give the input class ``holds_schema_rules``, the model validator of what its arguments
    must hold together (``minProperties``, ``anyOf`` of required names, ...)."""
    rules = ast.Call(ast.Name("Rules", ast.Load()), [ast.parse(check, mode="eval").body], [])
    validator = ast.Call(ast.Name("model_validator", ast.Load()), [], [ast.keyword("mode", ast.Constant("after"))])
    statement.body.append(ast.Assign([ast.Name(RULES_METHOD, ast.Store())], ast.Call(validator, [rules], []), lineno=0))


def _names_in(statements: list[ast.stmt]) -> set[str]:
    return {node.id for statement in statements for node in ast.walk(statement) if isinstance(node, ast.Name)}


class _FileType(ast.NodeTransformer):
    """``Any`` (what DCG makes of a file field) -> the runtime's file type."""

    def __init__(self, name: str) -> None:
        self.name = name

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return ast.Name(self.name, ast.Load()) if node.id == "Any" else node


def _mark_files(class_name: str, fields: dict[str, ast.AnnAssign], normalized: Normalized) -> set[str]:
    """Type the file fields of ``class_name``: ``FileSource`` in, ``RemoteFile`` out; the names used."""
    properties = normalized.schema.get("$defs", {}).get(class_name, {}).get("properties", {})
    used = set()
    for name, statement in fields.items():
        side = file_side(properties.get(wire_key(name, statement)))
        if side is None:
            continue
        type_name = "FileSource" if side == "input" else "RemoteFile"
        typed = _FileType(type_name).visit(field_type(statement.annotation))
        defaults_to_none = isinstance(statement.value, ast.Constant) and statement.value.value is None
        if defaults_to_none and not admits_none(typed):
            typed = ast.BinOp(typed, ast.BitOr(), ast.Constant(None))
        set_field_type(statement, typed)
        used.add(type_name)
    return used


def _rebuilt(statement: ast.stmt) -> str | None:
    """The class a ``Class.model_rebuild()`` statement rebuilds; ``None`` for any other statement."""
    if (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Call)
        and isinstance(statement.value.func, ast.Attribute)
        and statement.value.func.attr == "model_rebuild"
        and isinstance(statement.value.func.value, ast.Name)
    ):
        return statement.value.func.value.id
    return None


def _check_fields(class_name: str, fields: dict[str, ast.AnnAssign], normalized: Normalized) -> dict[str, str]:
    """The fields DCG named otherwise than we asked (wire key -> its name), which are taken as
    they are: DCG appends ``_`` to a field named like a type its class uses (``list`` beside
    ``list[str]``). Any other difference is an error."""
    expected = normalized.field_names.get(class_name)
    if expected is None:
        raise SchemaError(f"datamodel-code-generator emitted an unexpected class {class_name!r}")
    actual = {wire_key(name, statement): name for name, statement in fields.items()}
    renamed = {key: name for key, name in actual.items() if expected.get(key) != name}
    if set(actual) != set(expected) or any(
        name.rstrip("_") != expected[key].rstrip("_") for key, name in renamed.items()
    ):
        raise SchemaError(f"datamodel-code-generator renamed fields of {class_name}: {actual} != {expected}")
    return renamed
