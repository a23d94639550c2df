"""The rules of an input schema that its Python types leave unchecked, written as check code.

The models' types say what a type can (:mod:`codegen.build.normalize`): a type, an enum of
strings, bounds on a typed scalar, required keys. Everything else a JSON Schema asserts —
``uniqueItems``, ``pattern``, ``not``, ``if``/``then``/``else``, ``contains``, ``oneOf``
exclusivity, enums and consts compared as JSON compares, constraints on union members or on
untyped values, prefix items, the object keywords — becomes a check expression built from
:mod:`runtime.checks` (imported as ``checks``), which the model pass puts on the field as
``Holds(checks...)``.

:meth:`Rules.beyond_types` is what one field's type leaves out (``None``: the type says it
all); :meth:`Rules.whole` is a schema's every assertion (``None``: it accepts anything).
Which draft applies comes from the input's ``$schema``; without one, the keywords of both
drafts are read (``items`` as a list and ``prefixItems``, ``dependencies`` and the
``dependent*`` pair) and a ``$ref``'s sibling keywords apply, as in 2019-09 and later.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from codegen.shared import escaping
from runtime.files.fields import resolve_pointer

#: Keywords that assert nothing about an instance.
_ANNOTATIONS = frozenset({
    "title", "description", "default", "examples", "$comment", "$schema", "$id", "$anchor", "deprecated",
    "readOnly", "writeOnly", "format", "contentMediaType", "contentEncoding", "contentSchema", "nullable",
    "discriminator", "$defs", "definitions", "file_uploadable", "file_downloadable", "x-toolstubs-file",
})  # fmt: skip
#: Keywords whose rule a field's type never carries.
_UNTYPED = (
    "uniqueItems", "pattern", "contains", "prefixItems", "additionalItems", "minProperties", "maxProperties",
    "patternProperties", "propertyNames", "dependencies", "dependentRequired", "dependentSchemas",
)  # fmt: skip
_WHOLE_NODE = ("anyOf", "oneOf", "allOf", "not", "if")
_CONSTRAINTS = (
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength",
    "minItems", "maxItems",
)  # fmt: skip
_MAX_DEPTH = 64


def python_regex(ecma: str) -> str | None:
    """An ECMA-262 regular expression as Python's ``re`` reads it alike, or ``None`` when
    ``re`` cannot (``\\p{...}`` classes, syntax it lacks). ``$`` and ``\\d``/``\\w``/``\\b``
    keep their ECMA meaning (end of input; ASCII classes); named groups take Python's spelling."""
    out: list[str] = []
    index, in_class = 0, False
    while index < len(ecma):
        char = ecma[index]
        if char == "\\" and index + 1 < len(ecma):
            escaped = ecma[index + 1]
            if escaped in "pPkcu" and not (escaped == "u" and re.match(r"[0-9a-fA-F]{4}", ecma[index + 2 :])):
                return None
            outside = {"d": "[0-9]", "D": "[^0-9]", "w": "[A-Za-z0-9_]", "W": "[^A-Za-z0-9_]"}
            inside = {"d": "0-9", "w": "A-Za-z0-9_"}
            table = inside if in_class else outside
            out.append(table.get(escaped, "\\" + escaped))
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if ecma.startswith("[^]", index) or ecma.startswith("[]", index):
                return None
        elif char == "$":
            char = r"\Z"
        elif ecma.startswith("(?<", index) and ecma[index + 3 : index + 4] not in ("=", "!"):
            char = "(?P<"
            index += 2
        out.append(char)
        index += 1
    translated = "".join(out)
    try:
        re.compile(translated, re.ASCII)
    except (re.error, OverflowError, RecursionError):
        return None
    return "(?a)" + translated if re.search(r"\\[bBDW]", translated) else translated  # ECMA's \b is ASCII


def escaped_twice(ecma: str) -> bool:
    """Whether ``ecma`` matches a backslash before a class letter (``\\\\d``): a pattern its publisher
    escaped twice, which no real value fits (``^properties/\\\\d+$`` refuses ``properties/123``)."""
    return re.search(r"(?<!\\)(?:\\\\)+[dwsDWSbB]", ecma) is not None


def backtracks(regex: str) -> bool:
    """Whether ``regex`` (Python syntax) holds an unbounded repeat inside another repeat, such as
    ``(a+)+``: such a pattern can take exponential time on a crafted string, and the values checked
    come from callers and models. Anything the parser does not expect counts as a risk."""
    try:
        parsed = _sre_parser().parse(regex)
    except Exception:  # noqa: BLE001 - an unreadable pattern is a risk, whatever the parser raised
        return True
    return _nested_repeat(list(parsed), inside=False)


def _sre_parser() -> Any:
    if sys.version_info >= (3, 11):
        import re._parser as parser  # the parser re itself uses
    else:  # pragma: no cover - Python 3.10
        import sre_parse as parser
    return parser


def _nested_repeat(items: list[Any], inside: bool) -> bool:
    for op, argument in items:
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = argument
            unbounded = high > 1_000  # MAXREPEAT, or a bound large enough to behave as one
            if (inside and unbounded) or _nested_repeat(list(sub), inside or high > 1):
                return True
        elif name == "SUBPATTERN":
            if _nested_repeat(list(argument[-1]), inside):
                return True
        elif name == "BRANCH":
            if any(_nested_repeat(list(branch), inside) for branch in argument[1]):
                return True
        elif name in ("ASSERT", "ASSERT_NOT"):
            if _nested_repeat(list(argument[1]), inside):
                return True
    return False


@dataclass
class Rules:
    """Check expressions for the schemas of one input document (``root``)."""

    root: Mapping[str, Any]
    notes: list[str] = field(default_factory=list)
    #: Schema objects the models hold as classes, by identity: the class stands for its fields.
    classes: dict[int, str] = field(default_factory=dict)

    @property
    def draft7(self) -> bool:
        """An older draft: a ``$ref`` replaces its siblings."""
        dialect = self.root.get("$schema")
        return isinstance(dialect, str) and any(f"draft-0{n}" in dialect for n in (3, 4, 6, 7))

    @staticmethod
    def _call(name: str, *arguments: str) -> str:
        return f"checks.{name}({', '.join(arguments)})"

    @staticmethod
    def _name(name: str) -> str:
        return f"checks.{name}"

    def _all(self, parts: list[str | None]) -> str | None:
        kept = [part for part in parts if part is not None]
        if len(kept) > 1:
            return self._call("all_of", *kept)
        return kept[0] if kept else None

    def _target(self, ref: Any, refs: tuple[str, ...]) -> Any:
        """What ``ref`` points at, or ``None`` (dangling, or a cycle: the types carry recursion)."""
        if not isinstance(ref, str) or ref in refs or len(refs) > _MAX_DEPTH:
            return None
        return resolve_pointer(self.root, ref)

    # -- what a field's type leaves out ----------------------------------------------------
    def beyond_types(self, node: Any, refs: tuple[str, ...] = (), nested: bool = False) -> str | None:
        """The check of what the normalized type of ``node`` does not enforce (``nested``: an
        array's items or a map's values, whose types carry no constraints: datamodel-code-generator
        would need a class per constrained item)."""
        if node is False:
            return self._name("nothing")
        if not isinstance(node, Mapping) or node.get("file_uploadable") is True:
            return None
        ref = node.get("$ref")
        if ref is not None:
            target = self._target(ref, refs)
            own = self.beyond_types(target, (*refs, str(ref)), nested) if target is not None else None
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            if self.draft7 or not asserts(siblings):
                return own
            return self._all([own, self.whole(siblings, refs)])
        alone = _nullable_member(node)
        if alone is not None:
            inner = self.beyond_types(alone, refs, nested)
            return self._call("any_of", self._call("is_type", '"null"'), inner) if inner else None
        if _plain_union(node, self.root) and all(
            self.beyond_types(m, refs) is None for m in _union_members(node, self.root)
        ):
            return None
        if any(key in node for key in _WHOLE_NODE) or not _typed(node) or _unliteral(node) or _tuple(node):
            return self.whole(node, refs) if asserts(node) else None
        parts: list[str | None] = [self._keyword_part(node, key, refs) for key in _UNTYPED if key in node]
        parts.append(self._literal_type(node))
        if nested or _literals(node):  # constraints the type does not carry
            parts += self._numbers(node) + self._sizes(node)
        else:
            parts += self._sizes({key: node[key] for key in ("minProperties", "maxProperties") if key in node})
        items = node.get("items")
        if items is not None:
            inner = self.beyond_types(items, refs, nested=True)
            parts.append(self._call("items", inner) if inner else None)
        if isinstance(node.get("properties"), Mapping):
            parts += self._class_level(node, refs)
        elif "patternProperties" in node and "additionalProperties" in node:  # the map's keys are open
            parts.append(self._additional(node, refs))
        elif isinstance(node.get("additionalProperties"), Mapping):
            inner = self.beyond_types(node["additionalProperties"], refs, nested=True)
            parts.append(self._call("additional_properties", inner) if inner else None)
        return self._all(parts)

    def _literal_type(self, node: Mapping[str, Any]) -> str | None:
        """The JSON types an ``enum`` or ``const`` may take: a ``Literal`` compares with ``==``
        (``Literal[1]`` takes ``True``, ``Literal[False]`` takes ``0``), and ignores a ``type``
        beside it, which may rule some of its values out (``None`` when the Literal says it all)."""
        values = _literals(node)
        if not values:
            return None
        declared = _declared(node)
        from runtime.checks import json_type  # here: importing the generator loads no pydantic

        own = list(dict.fromkeys(json_type(value) for value in values))
        kinds = [k for k in own if not declared or k in declared or (k == "integer" and "number" in declared)]
        if not kinds:
            return self._name("nothing")
        if kinds == own:
            return None  # the Literal says it (a number or boolean one as JsonLiteral: codegen.build.models)
        return self._call("is_type", *map(escaping.string, kinds))

    def _class_level(self, node: Mapping[str, Any], refs: tuple[str, ...]) -> list[str | None]:
        """The rules of an object that becomes a class beyond its fields: required names that are
        not properties, and an ``additionalProperties`` schema (a class checks only names)."""
        properties = node["properties"]
        parts: list[str | None] = []
        listed = node.get("required")
        absent = [n for n in listed if isinstance(n, str) and n not in properties] if isinstance(listed, list) else []
        if absent:
            parts.append(self._call("required", *map(escaping.string, absent)))
        extra = node.get("additionalProperties")
        if isinstance(extra, Mapping) or (extra is False and "patternProperties" in node):
            parts.append(self._additional(node, refs))
        return parts

    # -- a schema's every rule -------------------------------------------------------------
    def whole(self, node: Any, refs: tuple[str, ...] = ()) -> str | None:
        """The check of every assertion of ``node`` (``None``: it accepts any value)."""
        if node is False:
            return self._name("nothing")
        if not isinstance(node, Mapping) or node.get("file_uploadable") is True or len(refs) > _MAX_DEPTH:
            return None
        if id(node) in self.classes and node.get("type", "object") == "object" and not _combines(node):
            return self._as_class(node, refs)
        parts: list[str | None] = []
        ref = node.get("$ref")
        if ref is not None:
            target = self._target(ref, refs)
            parts.append(self.whole(target, (*refs, str(ref))) if target is not None else None)
            if self.draft7:
                return parts[0]
        kinds = _declared(node) or [implied for implied in [implied_type(node, self.root)] if implied]
        if kinds:
            parts.append(self._call("is_type", *map(escaping.string, kinds)))
        if isinstance(node.get("enum"), list):
            parts.append(self._call("one_of_values", *map(_literal, node["enum"])))
        if "const" in node:
            parts.append(self._call("equals", _literal(node["const"])))
        parts += self._numbers(node)
        parts += self._sizes(node)
        parts += [self._keyword_part(node, key, refs) for key in _UNTYPED if key in node]
        parts += self._arrays(node, refs)
        parts += self._objects(node, refs)
        parts += self._combined(node, refs)
        whole = self._all(parts)
        if whole is not None and node.get("nullable") is True:
            return self._call("any_of", self._call("is_type", '"null"'), whole)
        return whole

    def _as_class(self, node: Mapping[str, Any], refs: tuple[str, ...]) -> str | None:
        """An object the models hold as a class: the class validates its fields (each with its own
        checks), and the rules of the object as a whole come beside it. The class is named by a
        placeholder (:func:`class_placeholder`) until classes have their names."""
        parts: list[str | None] = [self._call("fits", class_placeholder(self.classes[id(node)]))]
        parts += [self._keyword_part(node, key, refs) for key in _UNTYPED if key in node]
        parts += self._sizes({key: node[key] for key in ("minProperties", "maxProperties") if key in node})
        parts += self._class_level(node, refs)
        return self._all(parts)

    def _numbers(self, node: Mapping[str, Any]) -> list[str | None]:
        parts: list[str | None] = []
        for key, name in (("minimum", "minimum"), ("maximum", "maximum")):
            bound = node.get(key)
            exclusive = node.get("exclusive" + key.capitalize())
            if _number(bound):
                parts.append(
                    self._call(name, repr(bound), "exclusive=True")
                    if exclusive is True
                    else self._call(name, repr(bound))
                )
            if _number(exclusive):
                parts.append(self._call(name, repr(exclusive), "exclusive=True"))
        factor = node.get("multipleOf")
        if _number(factor) and factor > 0:
            parts.append(self._call("multiple_of", repr(factor)))
        return parts

    def _sizes(self, node: Mapping[str, Any]) -> list[str | None]:
        parts: list[str | None] = []
        for low, high, name in (("minLength", "maxLength", "length"), ("minItems", "maxItems", "count"),
                                ("minProperties", "maxProperties", "size")):  # fmt: skip
            if _count(node.get(low)) or _count(node.get(high)):
                arguments = [str(node.get(low) if _count(node.get(low)) else 0)]
                if _count(node.get(high)):
                    arguments.append(str(node[high]))
                parts.append(self._call(name, *arguments))
        return parts

    def _keyword_part(self, node: Mapping[str, Any], key: str, refs: tuple[str, ...]) -> str | None:
        """One keyword of ``_UNTYPED`` as a check (the size pairs come from :meth:`_sizes`)."""
        value = node.get(key)
        if key == "uniqueItems":
            return self._name("unique_items") if value is True else None
        if key == "pattern":
            return self._pattern(value)
        if key == "contains":
            inner = self.whole(value, refs) or self._name("anything")
            low = node.get("minContains", 1) if not self.draft7 else 1
            high = node.get("maxContains") if not self.draft7 else None
            bounds = [f"low={low}"] if _count(low) and low != 1 else []
            bounds += [f"high={high}"] if _count(high) else []
            return self._call("contains", inner, *bounds)
        if key == "propertyNames":
            names = self.whole(value, refs)
            return self._call("property_names", names) if names else None
        if key == "patternProperties" and isinstance(value, Mapping):
            return self._pattern_properties(value, refs)
        if key in ("dependencies", "dependentRequired", "dependentSchemas") and isinstance(value, Mapping):
            return self._dependencies(value, refs)
        return None  # prefixItems and additionalItems are read with items

    def _pattern(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return None
        if escaped_twice(value):
            self.notes.append(
                f"pattern {escaping.string(value)[:60]} looks escaped twice (a backslash before \\d, \\w or \\s "
                "matches a backslash); not checked: ask the schema's publisher to fix it"
            )
            return None
        translated = python_regex(value)
        if translated is None:
            self.notes.append(f"pattern {escaping.string(value)[:60]} has no equivalent in Python's re; not checked")
            return None
        if backtracks(translated):
            self.notes.append(
                f"pattern {escaping.string(value)[:60]} repeats a repeat and could take exponential time on a "
                "crafted value; not checked"
            )
            return None
        return self._call("pattern", escaping.string(translated))

    def _pattern_properties(self, value: Mapping[str, Any], refs: tuple[str, ...]) -> str | None:
        checks: list[str] = []
        for regex, sub in value.items():
            translated = python_regex(str(regex))
            translated = None if translated is None or backtracks(translated) else translated
            inner = self.whole(sub, refs)
            if inner is not None and translated is not None:
                checks.append(f"{escaping.string(translated)}: {inner}")
        return self._call("pattern_properties", "{" + ", ".join(checks) + "}") if checks else None

    def _dependencies(self, value: Mapping[str, Any], refs: tuple[str, ...]) -> str | None:
        names = {k: v for k, v in value.items() if isinstance(v, list)}
        schemas = {k: self.whole(v, refs) for k, v in value.items() if not isinstance(v, list)}
        parts: list[str | None] = []
        if names:
            listed = ", ".join(f"{escaping.string(k)}: {escaping.value([str(n) for n in v])}" for k, v in names.items())
            parts.append(self._call("dependent_required", "{" + listed + "}"))
        kept = {k: v for k, v in schemas.items() if v is not None}
        if kept:
            parts.append(
                self._call(
                    "dependent_schemas", "{" + ", ".join(f"{escaping.string(k)}: {v}" for k, v in kept.items()) + "}"
                )
            )
        return self._all(parts)

    def _arrays(self, node: Mapping[str, Any], refs: tuple[str, ...]) -> list[str | None]:
        items = node.get("items")
        prefix = node.get("prefixItems") if isinstance(node.get("prefixItems"), list) else None
        rest: Any = items
        if isinstance(items, list):
            prefix, rest = items, node.get("additionalItems")
        if prefix is None:
            inner = self.whole(items, refs) if items is not None else None
            return [self._call("items", inner) if inner else None]
        checks = [self.whole(sub, refs) or "None" for sub in prefix]
        parts: list[str | None] = [self._call("prefix_items", *checks) if any(c != "None" for c in checks) else None]
        inner = self.whole(rest, refs) if rest is not None else None
        if inner is not None:
            parts.append(self._call("items", inner, f"start={len(prefix)}"))
        return parts

    def _objects(self, node: Mapping[str, Any], refs: tuple[str, ...]) -> list[str | None]:
        parts: list[str | None] = []
        properties = node.get("properties")
        if isinstance(properties, Mapping):
            named = {str(k): self.whole(v, refs) for k, v in properties.items()}
            kept = [f"{escaping.string(k)}: {v}" for k, v in named.items() if v is not None]
            parts.append(self._call("properties", "{" + ", ".join(kept) + "}") if kept else None)
        listed = node.get("required")
        if isinstance(listed, list) and listed:
            parts.append(self._call("required", *(escaping.string(str(n)) for n in listed)))
        if "additionalProperties" in node:
            parts.append(self._additional(node, refs))
        return parts

    def _additional(self, node: Mapping[str, Any], refs: tuple[str, ...]) -> str | None:
        inner = self.whole(node.get("additionalProperties"), refs)
        properties = node.get("properties")
        if inner is None or (
            node.get("additionalProperties") is False and not properties and "patternProperties" not in node
        ):
            return None  # closed without properties: the keys stay open (docs/schema-rules.md)
        known = [escaping.string(str(k)) for k in properties] if isinstance(properties, Mapping) else []
        patterns = node.get("patternProperties")
        regexes = [python_regex(str(p)) for p in patterns] if isinstance(patterns, Mapping) else []
        if any(regex is None or backtracks(regex) for regex in regexes):
            self.notes.append("additionalProperties beside a patternProperties key Python cannot read; not checked")
            return None  # which keys the pattern names is unknown: every key stays open
        arguments = [inner]
        if known:
            arguments.append("[" + ", ".join(known) + "]")
        if regexes:
            arguments.append("patterns=[" + ", ".join(escaping.string(r) for r in regexes if r is not None) + "]")
        return self._call("additional_properties", *arguments)

    def _combined(self, node: Mapping[str, Any], refs: tuple[str, ...]) -> list[str | None]:
        parts: list[str | None] = []
        members = node.get("allOf")
        if isinstance(members, list):
            parts += [self.whole(member, refs) for member in members]
        members = node.get("anyOf")
        if isinstance(members, list) and members:
            checks = [self.whole(member, refs) for member in members]
            if all(check is not None for check in checks):
                parts.append(self._call("any_of", *(check for check in checks if check is not None)))
        members = node.get("oneOf")
        if isinstance(members, list) and members:
            parts.append(self._call("one_of", *(self.whole(m, refs) or self._name("anything") for m in members)))
        if "not" in node:
            parts.append(self._call("not_", self.whole(node["not"], refs) or self._name("anything")))
        if "if" in node and ("then" in node or "else" in node):
            condition = self.whole(node["if"], refs) or self._name("anything")
            then = self.whole(node["then"], refs) if "then" in node else None
            otherwise = self.whole(node["else"], refs) if "else" in node else None
            if then is not None or otherwise is not None:
                parts.append(self._call("if_then_else", condition, then or "None", otherwise or "None"))
        return parts


_PLACEHOLDER = "\x01"


def class_placeholder(token: str) -> str:
    """What stands for a class in a check until the class has its name."""
    return f"{_PLACEHOLDER}{token}{_PLACEHOLDER}"


def with_class_names(check: str, name_of: Callable[[str], str]) -> str:
    """``check`` with every class placeholder replaced by ``name_of(token)``."""
    return re.sub(f"{_PLACEHOLDER}([^{_PLACEHOLDER}]*){_PLACEHOLDER}", lambda m: name_of(m.group(1)), check)


def _combines(node: Mapping[str, Any]) -> bool:
    """Whether ``node`` holds a keyword that combines schemas (its class alone does not say it)."""
    return any(key in node for key in (*_WHOLE_NODE, "$ref", "nullable", "enum", "const"))


def _declared(node: Mapping[str, Any]) -> list[str]:
    """The types ``node`` names in ``type`` (a name or a list of names)."""
    kind = node.get("type")
    if isinstance(kind, str):
        return [kind]
    return [k for k in kind if isinstance(k, str)] if isinstance(kind, list) else []


def implied_type(node: Mapping[str, Any], root: Mapping[str, Any]) -> str | None:
    """The type a schema without one is read as (docs/schema-rules.md, exception 1): ``object``
    when its ``properties`` or an ``additionalProperties`` schema say so, ``array`` when it has
    ``items``; its ``allOf`` members count (they are merged), a union or a literal says nothing."""
    listed = node.get("allOf")
    members = [followed(root, member) for member in listed] if isinstance(listed, list) else []
    parts = [node, *(member for member in members if isinstance(member, Mapping))]
    if any(key in part for part in parts for key in ("type", "anyOf", "oneOf", "$ref", "enum", "const")):
        return None
    if any(_about_objects(part) for part in parts):
        return "object"
    return "array" if any("items" in part for part in parts) else None


def followed(root: Mapping[str, Any], schema: Any) -> Any:
    """``schema``, or what its ``$ref`` points at (references followed, without cycles)."""
    seen: set[str] = set()
    while isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str) and schema["$ref"] not in seen:
        seen.add(schema["$ref"])
        schema = resolve_pointer(root, schema["$ref"])
    return schema


def _about_objects(node: Mapping[str, Any]) -> bool:
    properties, extra = node.get("properties"), node.get("additionalProperties")
    return bool((isinstance(properties, Mapping) and properties) or (isinstance(extra, Mapping) and extra))


def asserts(node: Mapping[str, Any]) -> bool:
    """Whether ``node`` says anything about an instance."""
    return any(key not in _ANNOTATIONS and not str(key).startswith("x-") for key in node)


def _typed(node: Mapping[str, Any]) -> bool:
    """A ``type`` the model's field takes as its own (one type, or one and null)."""
    kind = node.get("type")
    if isinstance(kind, str) or (kind is None and _string_literals(node)):
        return True
    kinds = [k for k in kind if k != "null"] if isinstance(kind, list) else []
    return len(kinds) == 1 or (len(kinds) > 1 and not any(key in node for key in _CONSTRAINTS))


def _nullable_member(node: Mapping[str, Any]) -> Any:
    """X of ``anyOf`` / ``oneOf`` ``[X, {"type": "null"}]`` with nothing beside it (the field is
    ``X | None``); ``None`` for any other schema."""
    for key in ("anyOf", "oneOf"):
        members = node.get(key)
        if not isinstance(members, list) or any(k != key and asserts({k: v}) for k, v in node.items()):
            continue
        others = [m for m in members if not (isinstance(m, Mapping) and m.get("type") == "null" and len(m) == 1)]
        if len(others) == 1 and len(members) == 2:
            return others[0]
    return None


def _tuple(node: Mapping[str, Any]) -> bool:
    """Prefix items (``prefixItems``, or draft 7's ``items`` as a list): the type is a plain list."""
    return "prefixItems" in node or isinstance(node.get("items"), list)


def _literals(node: Mapping[str, Any]) -> list[Any]:
    """The values of an ``enum`` or ``const``."""
    if isinstance(node.get("enum"), list):
        return list(node["enum"])
    return [node["const"]] if "const" in node else []


def _unliteral(node: Mapping[str, Any]) -> bool:
    """An ``enum`` or ``const`` with a value no ``Literal`` holds (a float, an object, an array)."""
    return any(isinstance(value, (float, list, dict)) for value in _literals(node))


def _plain_union(node: Mapping[str, Any], root: Mapping[str, Any]) -> bool:
    """An ``anyOf``, or a ``oneOf`` whose members no value can match twice, with nothing beside
    it: the field's union type says it all when each member's type does."""
    key = "anyOf" if "anyOf" in node else "oneOf" if "oneOf" in node else None
    if key is None or any(k != key and asserts({k: v}) for k, v in node.items()):
        return False
    members = node[key]
    return isinstance(members, list) and bool(members) and (key == "anyOf" or _exclusive(members, root))


def _exclusive(members: list[Any], root: Mapping[str, Any]) -> bool:
    """Members of distinct JSON types, or objects told apart by a required constant property."""
    targets = [followed(root, member) for member in members]
    kinds = [t.get("type") if isinstance(t, Mapping) else None for t in targets]
    if all(isinstance(k, str) for k in kinds) and len({"number" if k == "integer" else k for k in kinds}) == len(kinds):
        return True
    if not all(isinstance(t, Mapping) and isinstance(t.get("properties"), Mapping) for t in targets):
        return False
    shared = set.intersection(*(set(t["properties"]) for t in targets))
    for name in sorted(shared):
        constants = [
            _literals(t["properties"][name]) if isinstance(t["properties"][name], Mapping) else [] for t in targets
        ]
        listed = [t.get("required") if isinstance(t.get("required"), list) else [] for t in targets]
        if all(len(c) == 1 and isinstance(c[0], str) for c in constants) and all(name in r for r in listed):
            if len({c[0] for c in constants}) == len(targets):
                return True
    return False


def _union_members(node: Mapping[str, Any], root: Mapping[str, Any]) -> list[Any]:
    """The members of ``node``'s union, each ``$ref`` followed (a member must type exactly:
    its own constraints are dropped from a union of several, so a member with any is checked)."""
    members = node.get("anyOf", node.get("oneOf"))
    found = []
    for member in members:
        target = followed(root, member)
        if isinstance(target, Mapping) and any(key in target for key in _CONSTRAINTS):
            return [False]
        found.append(target)
    return found


def _string_literals(node: Mapping[str, Any]) -> bool:
    """An ``enum`` or ``const`` of strings (and null) and nothing else: a ``Literal`` says it exactly.
    Both at once is not: the type holds the ``const`` alone, so the check holds the ``enum`` too."""
    if "enum" in node and "const" in node:
        return False
    values = node.get("enum") if isinstance(node.get("enum"), list) else [node["const"]] if "const" in node else None
    others = [k for k in node if k not in ("enum", "const") and asserts({k: node[k]})]
    return any(isinstance(value, str) for value in values or ()) and not others and not _unliteral(node)


def _number(value: Any) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _literal(value: Any) -> str:
    try:
        return escaping.value(value)
    except TypeError:
        return "None"
