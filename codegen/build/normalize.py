"""Turn one raw tool's input and output schemas into the schema handed to the model emitter.

Real tool schemas are messy and untrusted; this pass is where every quirk is settled,
before any code exists (docs/schema-rules.md lists each rule):

* ``nullable: true`` and type arrays with ``"null"`` become ``anyOf [X, {"type": "null"}]``;
* ``{"type": "string", "properties": {}}`` stays a string (the declared type wins);
* ``title``, ``examples``, ``format``, ``pattern`` and unknown keywords are dropped
  (formats would swap ``str`` for pydantic types that rewrite values on the wire);
* defaults that do not fit their schema, and defaults of required fields, are dropped;
* ``$ref`` resolves inside the tool's own document; a ref that points nowhere becomes ``Any``;
* a discriminator is kept only where every member really carries its constant;
* every object with properties is hoisted into ``$defs`` under a name from
  :mod:`codegen.build.naming`, so class names never come from titles or from other tools.

Output schemas are read leniently: extra keys are allowed everywhere (real responses
drift), while input objects keep ``additionalProperties: false`` as written.
"""

from __future__ import annotations

import ast
import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from codegen.build import naming
from codegen.build.checks import Rules, asserts, class_placeholder, followed, implied_type, with_class_names
from codegen.shared import escaping
from codegen.shared.escaping import canonical_json
from runtime.files.fields import resolve_pointer

ROOT_CLASS = "ToolstubsRoot"
_SCALAR_TYPES = {"string", "integer", "number", "boolean", "null"}
_JSON_TYPES = _SCALAR_TYPES | {"array", "object"}
_KEPT_CONSTRAINTS = (
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    "minLength", "maxLength", "minItems", "maxItems",
)  # fmt: skip
_MAX_CHECK = 20_000  # characters of one field's check expression (codegen.build.checks)
_TOKEN = "\x00"  # marks a placeholder class reference; cannot occur in a real name


class SchemaError(Exception):
    """The tool's schema cannot be turned into models; the message says what and where."""


@dataclass(frozen=True)
class Param:
    """One top-level input parameter, as the wrapper method exposes it."""

    key: str
    name: str
    required: bool
    nullable: bool
    description: str
    default: str | None  # Python literal of the schema default, when it fits
    file: bool = False  # an uploadable file (a local path or URL in the wrapper)


@dataclass
class Normalized:
    """What the model emitter needs for one tool."""

    schema: dict[str, Any]
    input_class: str
    output_class: str
    output_is_model: bool
    params: list[Param]
    aliases: dict[str, str]  # "Class.wire_key" -> python name, for every object
    field_names: dict[str, dict[str, str]]  # class -> wire key -> python name
    notes: list[str] = field(default_factory=list)
    content_output: bool = False  # an MCP tool without outputSchema: data is its content blocks
    input_check: str | None = None  # what the arguments together must hold (codegen.build.checks)

    def renamed(self, renames: Mapping[str, Mapping[str, str]]) -> Normalized:
        """This tool with the given fields (class -> wire key -> name) named otherwise."""
        field_names = {cls: {**names, **renames.get(cls, {})} for cls, names in self.field_names.items()}
        own = renames.get(self.input_class, {})
        return replace(
            self,
            params=[replace(p, name=own.get(p.key, p.name)) for p in self.params],
            field_names=field_names,
            aliases=_aliases(field_names),
        )


@dataclass
class _Object:
    path: tuple[str, ...]
    body: dict[str, Any]
    names: dict[str, str]


#: The marker of a file field on each side, and the key that carries it to codegen.build.models.
FILE_MARKERS = {"input": "file_uploadable", "output": "file_downloadable"}
FILE_KEY = "x-toolstubs-file"
#: The key that carries a field's check expression (codegen.build.checks) to codegen.build.models.
CHECK_KEY = "x-toolstubs-check"


class _Normalizer:
    def __init__(self, input_root: Mapping[str, Any], output_root: Mapping[str, Any]) -> None:
        self.roots = {"input": input_root, "output": output_root}
        self.objects: dict[str, _Object] = {}  # token -> hoisted object
        self.ref_tokens: dict[tuple[str, str], str] = {}
        self.inlined: dict[tuple[str, str], dict[str, Any]] = {}
        self.ref_paths: dict[str, tuple[str, ...]] = {}
        self.notes: list[str] = []
        self.renames: list[str] = []
        self.rules = Rules(input_root)  # what the input's types leave unchecked

    # -- references -------------------------------------------------------------------
    def _resolve_pointer(self, side: str, ref: str) -> Any:
        return resolve_pointer(self.roots[side], ref)

    def _ref(self, side: str, ref: Any, where: str) -> dict[str, Any]:
        if not isinstance(ref, str):
            self.notes.append(f"{where}: $ref is not a string; treated as Any")
            return {}
        key = (side, ref)
        if key in self.inlined:
            return dict(self.inlined[key])
        if key in self.ref_tokens:
            return {"$ref": self.ref_tokens[key]}
        if ref == "#" and side == "input":
            return {"$ref": _TOKEN + "root-input"}
        target = self._resolve_pointer(side, ref) if ref != "#" else None
        if not isinstance(target, Mapping):
            self.notes.append(
                f"{where}: $ref {ref!r} points nowhere; treated as Any (any value is accepted and sent as is): "
                "ask the schema's publisher to define it for a typed field"
            )
            return {}
        token = f"{_TOKEN}r{len(self.ref_tokens)}"
        self.ref_tokens[key] = token
        last = ref.rstrip("/").split("/")[-1].replace("~1", "/").replace("~0", "~") or "Ref"
        self.ref_paths[token] = (side, last)
        node = self.node(side, (side, last), target, where=f"{where} -> {ref}", token=token)
        if node.get("$ref") != token:
            # Not an object with properties: inlined where used. A cycle through such a
            # schema left a dangling token behind, which finishes as Any.
            self.inlined[key] = node
        return node

    # -- nodes ------------------------------------------------------------------------
    def node(self, side: str, path: tuple[str, ...], raw: Any, where: str, token: str | None = None) -> dict[str, Any]:
        if isinstance(raw, bool) or raw is None:
            return {}  # the false schema: any type; its check refuses every value (codegen.build.checks)
        if not isinstance(raw, Mapping):
            self.notes.append(f"{where}: schema is not an object; treated as Any")
            return {}
        if len(path) > 200:
            raise SchemaError(f"{where}: schema nests deeper than 200 levels")
        marker = FILE_MARKERS.get(side)
        if marker is not None and raw.get(marker) is True:
            # A file field: its Python type comes from the runtime (codegen.build.models), whatever
            # shape the schema gives it ({name, mimetype, s3key} or a string of format path).
            return self._annotate({FILE_KEY: side}, {k: v for k, v in raw.items() if k != "default"}, where)
        if "$ref" in raw:
            resolved = self._ref(side, raw["$ref"], where)
            return self._annotate(resolved, raw, where)
        if "allOf" in raw:
            merged = self.node(side, path, self._merge_all_of(side, raw, where), where, token)
            target = _only_ref(raw, self.roots[side])
            if side == "input" and target is not None and isinstance(merged.get("$ref"), str):
                self.rules.classes.setdefault(id(target), merged["$ref"])  # the class stands for it in checks
            return merged
        out = self._typed(side, path, raw, where, token)
        return self._annotate(out, raw, where)

    def _annotate(self, out: dict[str, Any], raw: Mapping[str, Any], where: str) -> dict[str, Any]:
        """Carry description and (fitting) default from ``raw`` onto the normalized ``out``."""
        result = dict(out)
        description = raw.get("description")
        if isinstance(description, str) and description.strip():
            result["description"] = description
        if "default" in raw:
            default = raw["default"]
            shown = canonical_json(default)[:60]
            if _fits(default, result):
                result["default"] = default
            elif isinstance(default, Mapping):
                result.pop("default", None)
                self.notes.append(
                    f"{where}: default {shown} is an object, and object defaults are never kept in a model; "
                    "the field has no default here (the server applies its own when the field is omitted)"
                )
            else:
                result.pop("default", None)
                self.notes.append(f"{where}: default {shown} does not fit its type; dropped")
        return result

    def _merge_all_of(self, side: str, raw: Mapping[str, Any], where: str) -> dict[str, Any]:
        merged: dict[str, Any] = {k: v for k, v in raw.items() if k != "allOf"}
        parts = raw.get("allOf")
        if not isinstance(parts, list):
            return merged
        properties: dict[str, Any] = dict(merged.get("properties") or {})
        required: list[Any] = list(merged.get("required") or [])
        for member in parts:
            part = followed(self.roots[side], member)
            if not isinstance(part, Mapping):
                self.notes.append(f"{where}: allOf member cannot be resolved; ignored")
                continue
            if "allOf" in part:
                part = self._merge_all_of(side, part, where)
            for key, value in part.items():
                if key == "properties" and isinstance(value, Mapping):
                    properties.update(value)
                elif key == "required" and isinstance(value, list):
                    required.extend(value)
                else:
                    merged.setdefault(key, value)
        if properties:
            merged["properties"] = properties
        if required:
            merged["required"] = required
        return merged

    def _types(self, raw: Mapping[str, Any]) -> list[str]:
        declared = raw.get("type")
        if isinstance(declared, str):
            types = [declared]
        elif isinstance(declared, list):
            types = [t for t in declared if isinstance(t, str)]
        else:
            types = []
        types = [t for t in dict.fromkeys(types) if t in _JSON_TYPES]
        implied = None if types else implied_type(raw, {})  # allOf is merged and refs followed by now
        return [implied] if implied else types

    def _typed(
        self, side: str, path: tuple[str, ...], raw: Mapping[str, Any], where: str, token: str | None
    ) -> dict[str, Any]:
        nullable = raw.get("nullable") is True
        for union_key in ("anyOf", "oneOf"):
            if isinstance(raw.get(union_key), list):
                return self._union(side, path, _distributed(raw, union_key), union_key, where, nullable)
        if "const" in raw:
            const = raw["const"]
            if _is_scalar(const) and not isinstance(const, float):
                return _nullable({"const": const}, nullable)
            return {}  # not a Literal: any type, and the field's check compares it as JSON
        types = self._types(raw)
        if "null" in types:
            nullable = True
            types = [t for t in types if t != "null"] or ["null"]
        if "enum" in raw and isinstance(raw["enum"], list):
            enum = self._enum(raw["enum"], where)
            if enum is not None:
                values, enum_nullable = enum
                return _nullable({"enum": values}, nullable or enum_nullable)
        if len(types) > 1:  # a union: its members' constraints are the field's check (codegen.build.checks)
            members = [_unconstrained(self._single(side, path, raw, t, where, None)) for t in types]
            return _nullable({"anyOf": members}, nullable)
        single = self._single(side, path, raw, types[0] if types else None, where, token)
        return _nullable(single, nullable)

    def _single(
        self, side: str, path: tuple[str, ...], raw: Mapping[str, Any], kind: str | None, where: str, token: str | None
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if kind is None:
            return out
        out["type"] = kind
        for key in _KEPT_CONSTRAINTS:
            value = raw.get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
                if _constraint_applies(key, kind):
                    out[key] = value
        for bound in ("minimum", "maximum"):  # draft 4 and OpenAPI 3.0: a boolean makes the bound exclusive
            exclusive = "exclusive" + bound.capitalize()
            if raw.get(exclusive) is True and bound in out:
                out[exclusive] = out.pop(bound)
        if kind == "array":
            items = raw.get("items")
            if isinstance(items, list) or "prefixItems" in raw:
                pass  # prefix items: a plain list, its items checked by position (codegen.build.checks)
            elif items is not None:
                item = self.node(side, path[:-1] + (path[-1] + "Item",), items, f"{where}.items")
                out["items"] = _unconstrained(item)  # checked by the field (codegen.build.checks)
        elif kind == "object":
            return self._object(side, path, raw, where, token)
        return out

    def _object(
        self,
        side: str,
        path: tuple[str, ...],
        raw: Mapping[str, Any],
        where: str,
        token: str | None,
        always_class: bool = False,
    ) -> dict[str, Any]:
        properties = raw.get("properties")
        extra = raw.get("additionalProperties", True)
        if properties is not None and not isinstance(properties, Mapping):
            self.notes.append(f"{where}: properties is not an object ({type(properties).__name__}); ignored")
        if not isinstance(properties, Mapping):
            properties = {}
        if not properties and not always_class:
            if isinstance(extra, Mapping) and extra:
                value = self.node(side, path + ("value",), extra, f"{where}.*")
                return {"type": "object", "additionalProperties": _unconstrained(value)}  # checked by the field
            return {"type": "object"}
        token = token or f"{_TOKEN}p{len(self.objects)}-{len(self.ref_tokens)}"
        if side == "input" and not always_class:
            self.rules.classes[id(raw)] = token  # a check may name the class (codegen.build.checks)
        keys = [str(k) for k in properties]
        names, renames = naming.field_names(keys)
        for rename in renames:
            if rename.collision:
                self.renames.append(
                    f"{where}: field {rename.key!r} is {rename.name!r} in Python ({rename.reason}): "
                    f"pass it as {rename.name}=...; the request still sends {rename.key!r}"
                )
        required_raw = raw.get("required")
        if required_raw is not None and not isinstance(required_raw, list):
            self.notes.append(f"{where}: required is not a list; ignored")
        listed = list(dict.fromkeys(_hashable(k) for k in required_raw)) if isinstance(required_raw, list) else []
        required = [k for k in listed if k in properties]
        absent = [k for k in listed if k not in properties]
        if absent:
            named = ", ".join(canonical_json(k)[:60] for k in absent)
            self.notes.append(
                f"{where}: required names {named}, which {'is' if len(absent) == 1 else 'are'} not a property; ignored"
            )
        body: dict[str, Any] = {"type": "object"}
        description = raw.get("description")
        if isinstance(description, str) and description.strip():
            body["description"] = description  # the class's docstring (the field keeps it too)
        self.objects[token] = _Object(path, body, names)  # registered first: recursion finds it
        props: dict[str, Any] = {}
        for key in keys:
            child = self.node(side, path + (key,), properties[key], f"{where}.{key}")
            if key in required:
                child.pop("default", None)
            check = (
                self._checkable(self.rules.beyond_types(properties[key]), f"{where}.{key}") if side == "input" else None
            )
            if check is not None:
                child[CHECK_KEY] = check
            props[key] = child
        body["properties"] = props
        if required:
            body["required"] = required
        # Inputs forbid extra keys only where the schema says so; outputs always allow them.
        body["additionalProperties"] = not (extra is False and side == "input" and "patternProperties" not in raw)
        return {"$ref": token}

    def _checkable(self, check: str | None, where: str) -> str | None:
        """``check``, unless it is too large or nests too deeply for Python to read: then the rule
        is left to the server, with a note."""
        if check is None:
            return None
        try:
            too_large = (
                len(check) > _MAX_CHECK or ast.parse(with_class_names(check, lambda _: "C"), mode="eval") is None
            )
        except (SyntaxError, RecursionError, MemoryError):
            too_large = True
        if too_large:
            self.notes.append(
                f"{where}: its schema rules nest too deeply or are too many to check here; left to the server"
            )
            return None
        return check

    def _union(
        self, side: str, path: tuple[str, ...], raw: Mapping[str, Any], key: str, where: str, nullable: bool
    ) -> dict[str, Any]:
        members: list[dict[str, Any]] = []
        labels = _member_labels(raw[key], raw.get("discriminator"))
        # X of anyOf [X, null] is X, and so is the one object of anyOf [X, string]
        alone = sum(not _is_null_type(member) for member in raw[key]) == 1
        objects = [index for index, member in enumerate(raw[key]) if _is_object_schema(member)]
        for index, (member, label) in enumerate(zip(raw[key], labels, strict=True)):
            member_path = path if alone or objects == [index] else path + (label,)
            normalized = self.node(side, member_path, member, f"{where}.{key}[{index}]")
            if normalized.get("type") == "null" and len(normalized) == 1:
                nullable = True
                continue
            if normalized not in members:
                members.append(normalized)
        if not members:
            return {"type": "null"} if nullable else {}
        if any(m == {} for m in members):
            return {}
        if len(members) > 1:  # the members' constraints are the field's check (codegen.build.checks)
            members = [_unconstrained(m) for m in members]
        union: dict[str, Any] = members[0] if len(members) == 1 else {key: members}
        discriminator = raw.get("discriminator")
        if (
            len(members) > 1
            and isinstance(discriminator, Mapping)
            and isinstance(discriminator.get("propertyName"), str)
        ):
            union = {**union, "discriminator": {"propertyName": discriminator["propertyName"]}}
        return _nullable(union, nullable)

    def _enum(self, values: list[Any], where: str) -> tuple[list[Any], bool] | None:
        kept: list[Any] = []
        nullable = False
        for value in values:
            if value is None:
                nullable = True
            elif not _is_scalar(value) or isinstance(value, float):
                return None  # not a Literal: the plain type, and the field's check compares it as JSON
            elif not any(type(value) is type(k) and value == k for k in kept):
                kept.append(value)
        if not kept:
            return None
        return kept, nullable


def _only_ref(raw: Mapping[str, Any], root: Mapping[str, Any]) -> Any:
    """What ``{"allOf": [{"$ref": X}], "description": ...}`` points at (an object the merge makes a
    class of, alike); ``None`` for any other ``allOf``."""
    members = raw.get("allOf")
    if (
        not isinstance(members, list)
        or len(members) != 1
        or any(asserts({k: v}) for k, v in raw.items() if k != "allOf")
    ):
        return None
    member = members[0]
    if not (isinstance(member, Mapping) and set(member) == {"$ref"} and isinstance(member["$ref"], str)):
        return None
    target = resolve_pointer(root, member["$ref"])
    return target if isinstance(target, Mapping) and "$ref" not in target else None


def _unconstrained(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` without constraints, at every level below it that is not a class: where
    datamodel-code-generator would make a class of a constrained item, a map value or a union
    member. The field that holds it checks them instead (codegen.build.checks)."""
    out = {k: v for k, v in schema.items() if k not in _KEPT_CONSTRAINTS}
    for key in ("items", "additionalProperties"):
        if isinstance(out.get(key), dict):
            out[key] = _unconstrained(out[key])
    for key in ("anyOf", "oneOf"):
        if isinstance(out.get(key), list):
            out[key] = [_unconstrained(m) if isinstance(m, dict) else m for m in out[key]]
    return out


def _distributed(raw: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """``raw`` with the ``type`` beside its ``anyOf`` / ``oneOf`` moved into each member, which is
    what it means (``{"type": "string", "anyOf": [A, B]}`` is ``anyOf [string and A, string and
    B]``). The other keywords beside it stay where they are: the field's check holds them."""
    members = raw[key]
    if "type" not in raw or all(_declares_type(m) for m in members):
        return raw
    return {k: v for k, v in raw.items() if k != "type"} | {
        key: [{"allOf": [{"type": raw["type"]}, m]} for m in members]
    }


def _declares_type(member: Any) -> bool:
    return isinstance(member, Mapping) and ("type" in member or "$ref" in member)


def _constant(member: Any, name: str) -> str | None:
    """The string ``member`` holds at ``name`` for certain (its ``const``, or an ``enum`` of
    one, two or three strings: ``image_or_audio``), if it reads as a name."""
    properties = member.get("properties") if isinstance(member, Mapping) else None
    prop = properties.get(name) if isinstance(properties, Mapping) else None
    if not isinstance(prop, Mapping):
        return None
    values = [prop["const"]] if "const" in prop else prop.get("enum")
    if not isinstance(values, list) or not 0 < len(values) <= 3 or not all(isinstance(v, str) for v in values):
        return None
    value = "_or_".join(values)
    return value if all(naming.pascal(v) for v in values) else None


def _shape_label(member: Any, members: list[Any]) -> str | None:
    """A member's own name (its ``title``), else ``with_<key>`` for the first required key
    that no other member has: ``{url}`` | ``{path}`` are ``WithUrl`` and ``WithPath``."""
    if not isinstance(member, Mapping):
        return None
    title = member.get("title")
    if isinstance(title, str) and naming.pascal(title) and len(naming.words(title)) <= 4:
        return title
    others = [
        set(other.get("properties") or ()) for other in members if other is not member and isinstance(other, Mapping)
    ]
    for key in member.get("required") or ():
        if isinstance(key, str) and naming.pascal(key) and not any(key in keys for keys in others):
            return f"with_{key}"
    return None


def _is_object_schema(schema: Any) -> bool:
    """Whether ``schema`` may be (or refer to) an object: anything but a schema typed otherwise."""
    kind = schema.get("type") if isinstance(schema, Mapping) else None
    return isinstance(schema, Mapping) and (not isinstance(kind, str) or kind == "object" or "properties" in schema)


def _is_null_type(schema: Any) -> bool:
    return isinstance(schema, Mapping) and schema.get("type") in ("null", ["null"])


def _member_labels(members: list[Any], discriminator: Any) -> list[str]:
    """Readable, distinct names for inline union members: the value of the discriminator's
    constant, else of the first constant property whose values differ between members; a
    member without one is named by its title or by a key only it requires; ``option<n>``
    for a member none of these names apart from the others."""
    candidates: list[str] = []
    if isinstance(discriminator, Mapping) and isinstance(discriminator.get("propertyName"), str):
        candidates.append(discriminator["propertyName"])
    for member in members:
        properties = member.get("properties") if isinstance(member, Mapping) else None
        candidates += [name for name in properties or {} if _constant(member, name) is not None]
    labels: list[str | None] = [None] * len(members)
    for name in dict.fromkeys(candidates):
        values = [_constant(member, name) for member in members]
        found = [value for value in values if value is not None]
        if found and len(set(found)) == len(found):
            labels = values
            break
    labels = [label or _shape_label(member, members) for label, member in zip(labels, members, strict=True)]
    keys = [naming.pascal(label) if label else None for label in labels]
    return [
        label if label and keys.count(key) == 1 else f"option{index + 1}"
        for index, (label, key) in enumerate(zip(labels, keys, strict=True))
    ]


def _nullable(schema: dict[str, Any], nullable: bool) -> dict[str, Any]:
    """``schema`` or null. A plain typed schema takes ``"null"`` into its type list, which keeps
    its constraints on the field (an ``anyOf`` member with constraints becomes a RootModel)."""
    if not nullable or schema == {} or schema.get("type") == "null":
        return schema
    kind = schema.get("type")
    if isinstance(kind, str) and kind != "object" and not {"$ref", "anyOf", "oneOf", "enum", "const"} & set(schema):
        return {**schema, "type": [kind, "null"]}  # DCG drops a dict's value type from a type list
    return {"anyOf": [schema, {"type": "null"}]}


def file_side(schema: Any) -> str | None:
    """``"input"`` / ``"output"`` when a normalized ``schema`` is a file field (directly, in a
    union, or as its items or values)."""
    if not isinstance(schema, dict):
        return None
    if FILE_KEY in schema:
        return str(schema[FILE_KEY])
    for key in ("anyOf", "oneOf", "allOf"):
        for member in schema.get(key) or ():
            side = file_side(member)
            if side is not None:
                return side
    for key in ("items", "additionalProperties"):
        side = file_side(schema.get(key))
        if side is not None:
            return side
    return None


def _hashable(value: Any) -> Any:
    return value if isinstance(value, (str, int, float, bool)) or value is None else canonical_json(value)


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _constraint_applies(key: str, kind: str) -> bool:
    if key in ("minLength", "maxLength"):
        return kind == "string"
    if key in ("minItems", "maxItems"):
        return kind == "array"
    return kind in ("integer", "number")


def _fits(value: Any, schema: Mapping[str, Any]) -> bool:
    """Whether a default ``value`` is valid for the normalized ``schema`` (scalars and lists)."""
    if "$ref" in schema:
        return False  # object defaults are not carried into models
    if "anyOf" in schema or "oneOf" in schema:
        return any(_fits(value, m) for m in schema.get("anyOf", schema.get("oneOf", [])))
    if "const" in schema:
        return type(value) is type(schema["const"]) and value == schema["const"]
    if "enum" in schema:
        return any(type(value) is type(v) and value == v for v in schema["enum"])
    kind = schema.get("type")
    if isinstance(kind, list):
        return any(_fits(value, {**schema, "type": k}) for k in kind)
    if kind is None:
        return _is_scalar(value) and not (isinstance(value, float) and not math.isfinite(value))
    if kind == "string":
        return isinstance(value, str) and _within(len(value), schema, "minLength", "maxLength")
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "null":
        return value is None
    if kind in ("integer", "number"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        if kind == "integer" and not isinstance(value, int):
            return False
        return math.isfinite(value) and _within(value, schema, "minimum", "maximum")
    if kind == "array":
        items = schema.get("items", {})
        return (
            isinstance(value, list)
            and _within(len(value), schema, "minItems", "maxItems")
            and all(_is_scalar(v) and _fits(v, items) for v in value)
        )
    return False


def _within(number: float, schema: Mapping[str, Any], low: str, high: str) -> bool:
    return not (low in schema and number < schema[low]) and not (high in schema and number > schema[high])


def output_data_schema(output_parameters: Any) -> Any:
    """The schema of ``data`` inside Composio's ``{data, error, successful}`` wrapper.

    A schema without that wrapper describes ``data`` itself.
    """
    if not isinstance(output_parameters, Mapping):
        return {}
    properties = output_parameters.get("properties")
    if isinstance(properties, Mapping) and "data" in properties and "successful" in properties:
        data = properties["data"]
        return data
    return output_parameters


def normalize(tool: Mapping[str, Any], prefix: str) -> Normalized:
    """Normalize the schemas of ``tool`` for the models ``<prefix>Input`` / ``<prefix>Output``."""
    input_raw = tool.get("input_parameters")
    if input_raw is None:
        input_raw = {"type": "object", "properties": {}}
    if not isinstance(input_raw, Mapping):
        raise SchemaError("input_parameters is not a JSON object")
    output_raw = tool.get("output_parameters")
    if output_raw is None:
        output_raw = {}
    if not isinstance(output_raw, Mapping):
        raise SchemaError("output_parameters is not a JSON object")
    # An MCP tool's outputSchema describes its structuredContent itself, never a wrapper.
    data_raw = output_raw if "mcp" in tool else output_data_schema(output_raw)

    normalizer = _Normalizer(input_raw, output_raw)
    input_token = _TOKEN + "root-input"
    normalizer._object("input", ("input",), input_raw, "input", input_token, always_class=True)
    input_object = normalizer.objects[input_token]
    input_check = normalizer._checkable(normalizer.rules.beyond_types(input_raw), "input")
    if input_check is not None:  # carried on the class's body until its classes have names
        input_object.body[CHECK_KEY] = input_check
    output_ref = normalizer.node("output", ("output",), data_raw, "output.data", token=_TOKEN + "root-output")
    output_is_model = _is_output_model(output_ref)

    input_class = prefix + "Input"
    output_class = prefix + "Output"
    all_fields = {name for obj in normalizer.objects.values() for name in obj.names.values()}
    reserved = set(naming.RESERVED_CLASS_NAMES) | {input_class, output_class, ROOT_CLASS} | all_fields
    fixed = {input_token: input_class, _TOKEN + "root-output": output_class}
    _share_identical_refs(normalizer)
    _share_identical_shapes(normalizer, keep=set(fixed) | set(normalizer.ref_paths))
    ref_paths = {t: p for t, p in normalizer.ref_paths.items() if t in normalizer.objects}
    ref_names = naming.class_names(ref_paths.values(), reserved)
    reserved |= set(ref_names.values())
    nested = {t: o.path for t, o in normalizer.objects.items() if t not in fixed and t not in ref_paths}
    path_names = naming.class_names(nested.values(), reserved)
    names = {
        **fixed,
        **{t: ref_names[p] for t, p in ref_paths.items()},
        **{t: path_names[p] for t, p in nested.items()},
    }

    def finish(schema: Any) -> Any:
        if isinstance(schema, dict):
            out = {}
            for key, value in schema.items():
                if key == "$ref" and isinstance(value, str) and value.startswith(_TOKEN):
                    if value not in names:
                        _cycle(value)
                    out[key] = f"#/$defs/{names[value]}" if value in names else None
                elif key == CHECK_KEY:
                    out[key] = named_classes(value)
                else:
                    out[key] = finish(value)
            if out.get("$ref", "") is None:
                out.pop("$ref")
            return out
        if isinstance(schema, list):
            return [finish(v) for v in schema]
        return schema

    def named_classes(check: str) -> str:
        def name_of(token: str) -> str:
            if token not in names:
                raise SchemaError(f"a check names a class that was not made ({token!r}); please report it")
            return names[token]

        return with_class_names(check, name_of)

    def _cycle(token: str) -> None:
        side, ref = next(((s, r) for (s, r), t in normalizer.ref_tokens.items() if t == token), ("input", "?"))
        note = f"{side}: $ref {ref!r} is a cycle of references with no schema in it; treated as Any"
        if note not in normalizer.notes:
            normalizer.notes.append(note)

    defs = {names[t]: finish(o.body) for t, o in sorted(normalizer.objects.items(), key=lambda i: names[i[0]])}
    for body in defs.values():
        _check_discriminators(body, defs, normalizer.notes)
    output_schema = {"$ref": f"#/$defs/{output_class}"} if output_is_model else finish(output_ref)
    output_schema.pop("default", None)
    schema = {
        "type": "object",
        "properties": {"input": {"$ref": f"#/$defs/{input_class}"}, "output": output_schema},
        "required": ["input", "output"],
        "additionalProperties": False,
        "$defs": defs,
    }
    field_names = {names[t]: o.names for t, o in normalizer.objects.items()}
    aliases = _aliases(field_names)
    input_schema = defs[input_class]
    required = set(input_schema.get("required", []))
    params = [
        Param(
            key=key,
            name=input_object.names[key],
            required=key in required,
            nullable=_is_nullable(prop),
            description=prop.get("description", ""),
            default=_default_literal(prop),
            file=file_side(prop) == "input",
        )
        for key, prop in input_schema["properties"].items()
    ]
    return Normalized(
        schema=schema,
        input_class=input_class,
        output_class=output_class,
        output_is_model=output_is_model,
        params=params,
        aliases=aliases,
        field_names=field_names,
        notes=normalizer.renames + normalizer.notes + normalizer.rules.notes,
        content_output="mcp" in tool and not tool.get("output_parameters"),
        input_check=input_schema.pop(CHECK_KEY, None),
    )


def _aliases(field_names: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """DCG's ``aliases`` option: ``"Class.wire_key" -> python name`` wherever the two differ."""
    return {
        f"{cls}.{key}": name
        for cls, mapping in sorted(field_names.items())
        for key, name in mapping.items()
        if key != name
    }


def _share_identical_refs(normalizer: _Normalizer) -> None:
    """A definition that input and output both hold, identically, becomes one class."""
    first: dict[tuple[str, str], str] = {}
    replace: dict[str, str] = {}
    for token, (_side, last) in sorted(normalizer.ref_paths.items(), key=lambda item: item[1]):
        obj = normalizer.objects.get(token)
        if obj is None:
            continue
        key = (last, canonical_json(obj.body))
        if key in first:
            replace[token] = first[key]
        else:
            first[key] = token
            normalizer.ref_paths[token] = (last,)
    if not replace:
        return
    for token in replace:
        del normalizer.objects[token]
        del normalizer.ref_paths[token]
    for obj in normalizer.objects.values():
        _swap_refs(obj.body, replace)


def _share_identical_shapes(normalizer: _Normalizer, keep: set[str]) -> None:
    """Nested objects of one side with the same last path segment and the same shape all the way
    down (keys in order, types, descriptions) become one class, named from the path suffix
    they have in common. Objects on a cycle, the roots and ``$ref`` definitions stay as they are."""
    objects = normalizer.objects
    shapes: dict[str, str | None] = {}

    def shape(token: str) -> str | None:
        if token in shapes:
            return shapes[token]
        shapes[token] = None  # in progress: a cycle back to it is never shared
        complete = True

        def written(schema: Any) -> Any:
            nonlocal complete
            if isinstance(schema, dict):
                out = {}
                for key, value in schema.items():
                    if key == "$ref" and isinstance(value, str) and value in objects:
                        out[key] = f"ref {value}" if value in keep else shape(value)
                        complete = complete and out[key] is not None
                    elif key == CHECK_KEY:  # the classes a check names, by shape too
                        out[key] = with_class_names(value, lambda t: f"ref {t}" if t in keep else str(shape(t)))
                    else:
                        out[key] = written(value)
                return out
            if isinstance(schema, list):
                return [written(value) for value in schema]
            return schema

        body = json.dumps(written(objects[token].body), ensure_ascii=False)
        shapes[token] = hashlib.sha256(body.encode()).hexdigest() if complete else None
        return shapes[token]

    groups: dict[tuple[str, str, str], list[str]] = {}
    for token, obj in objects.items():
        found = None if token in keep else shape(token)
        if found is not None:
            groups.setdefault((obj.path[0], obj.path[-1], found), []).append(token)
    replace: dict[str, str] = {}
    for tokens in groups.values():
        if len(tokens) < 2:
            continue
        tokens.sort(key=lambda t: objects[t].path)
        paths = [objects[t].path for t in tokens]
        common = 1
        while common < min(map(len, paths)) - 1 and len({p[-common - 1 :] for p in paths}) == 1:
            common += 1
        objects[tokens[0]].path = (paths[0][0], *paths[0][-common:])
        replace.update(dict.fromkeys(tokens[1:], tokens[0]))
    for token in replace:
        del objects[token]
    for obj in objects.values():
        _swap_refs(obj.body, replace)


def _swap_refs(schema: Any, replace: Mapping[str, str]) -> None:
    """Point every ``$ref`` (and class in a check) under ``schema`` that ``replace`` names at its replacement."""
    if isinstance(schema, dict):
        if isinstance(schema.get("$ref"), str) and schema["$ref"] in replace:
            schema["$ref"] = replace[schema["$ref"]]
        if isinstance(schema.get(CHECK_KEY), str):
            schema[CHECK_KEY] = with_class_names(schema[CHECK_KEY], lambda t: class_placeholder(replace.get(t, t)))
        for value in schema.values():
            _swap_refs(value, replace)
    elif isinstance(schema, list):
        for value in schema:
            _swap_refs(value, replace)


def _is_output_model(output: Mapping[str, Any]) -> bool:
    """The output's data is the output model itself. A nullable one counts too: the output
    type never admits null (a null ``data`` does not fit, like a null array), and an alias
    ``XOutput = XOutput | None`` would redefine the class."""
    members = output.get("anyOf")
    if isinstance(members, list) and len(members) == 2 and {"type": "null"} in members:
        output = next(m for m in members if m != {"type": "null"})
    return output.get("$ref") == _TOKEN + "root-output" and set(output) <= {"$ref", "description"}


def _is_nullable(schema: Mapping[str, Any]) -> bool:
    kind = schema.get("type")
    if (
        kind == "null"
        or (isinstance(kind, list) and "null" in kind)
        or not (set(schema) - {"description", "default", CHECK_KEY})
    ):
        return True
    members = schema.get("anyOf", schema.get("oneOf", []))
    return any(_is_nullable(m) for m in members)


def _default_literal(schema: Mapping[str, Any]) -> str | None:
    return escaping.value(schema["default"]) if "default" in schema else None


def _check_discriminators(body: dict[str, Any], defs: Mapping[str, Any], notes: list[str]) -> None:
    """Keep a discriminator only directly on a property, where every member is a class whose
    property is a required constant. Elsewhere (array items, nested unions) DCG would wrap
    the union in a RootModel that callers would have to construct; a plain union validates
    the same values."""
    for prop in (body.get("properties") or {}).values():
        _drop_nested_discriminators(prop, top=True)
        _check_union(prop, defs, notes)


def _drop_nested_discriminators(schema: Any, top: bool = False) -> None:
    if isinstance(schema, dict):
        if not top:
            schema.pop("discriminator", None)
        for key in ("anyOf", "oneOf", "items"):
            children = schema.get(key)
            for child in children if isinstance(children, list) else [children]:
                _drop_nested_discriminators(child)


def _check_union(schema: dict[str, Any], defs: Mapping[str, Any], notes: list[str]) -> None:
    discriminator = schema.get("discriminator")
    if not discriminator:
        return
    name = discriminator["propertyName"]
    members = schema.get("oneOf", schema.get("anyOf", []))
    ok = True
    for member in members:
        target = defs.get(member.get("$ref", "").removeprefix("#/$defs/")) if isinstance(member, dict) else None
        prop = (target or {}).get("properties", {}).get(name, {})
        constant = "const" in prop or len(prop.get("enum", [])) == 1
        if not target or not constant or name not in target.get("required", []):
            ok = False
    if not ok:
        del schema["discriminator"]
        notes.append(f"discriminator {name!r}: not every member has it as a required constant; plain union used")
