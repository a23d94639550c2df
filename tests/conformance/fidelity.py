"""Type fidelity: a generated input model accepts an instance exactly when ``jsonschema`` does.

For one tool: valid instances come from hypothesis-jsonschema (plus one with every property
filled in, from the sandbox's synthesizer); each valid instance is then mutated — wrong
type (null included), required key removed, value outside its enum, const or bounds, key
added to an object — and every instance is checked by both sides. The model is used the
way the runtime uses it: strict (no ``"3"`` for ``3``), wire keys only.

Drawing is most of the time (hypothesis-jsonschema, about 50 ms a tool) and depends only on
the schema, the count and the library versions (draws are derandomized), so
:func:`check_corpus` can keep the drawn instances in a file between runs (``draws=``; the
tests keep it in pytest's cache folder, so a fresh clone draws everything).

A disagreement is *documented* when every error ``jsonschema`` reports is one the models
leave aside on purpose (:data:`NOT_ENFORCED`, mirrored in docs/schema-rules.md); anything
else, and any valid instance the model refuses, is a bug.
"""

from __future__ import annotations

import copy
import hashlib
import importlib
import inspect
import json
import os
import random
import sys
from collections import Counter
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import hypothesis
import hypothesis_jsonschema
import jsonschema
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis_jsonschema import from_schema
from pydantic import BaseModel, ValidationError

from codegen.build.checks import backtracks, escaped_twice, python_regex
from runtime.sandbox.synth import resolve, value_for
from runtime.sandbox.validation import UPLOADED, standard

NOT_ENFORCED = {
    "format": "an annotation, as JSON Schema's default is; pydantic's URL/date types would rewrite the value",
    "pattern Python cannot read": "an ECMA-262 pattern with no equivalent in Python's re (\\p{...} classes),"
    " one that repeats a repeat (catastrophic backtracking on a crafted value), or one escaped twice",
    "closed object without properties": "taken literally it admits only {}, which no real schema means"
    " (Notion's block children); the keys stay open",
}
_WRONG_VALUES: list[Any] = [None, "toolstubs", 7, 2.5, True, [], {}]
_MUTATIONS_PER_INSTANCE = 40

#: A file field as the typed models take it: the uploaded file, or a local path or URL to upload
#: (docs/schema-rules.md#file-fields).
TYPED_UPLOAD = {"anyOf": [UPLOADED, {"type": "string"}]}


@dataclass
class ToolFidelity:
    """One tool's instances: how many both sides judged alike, and the disagreements."""

    slug: str
    checked: int = 0
    agreed: int = 0
    documented: Counter[str] = field(default_factory=Counter)
    bugs: list[str] = field(default_factory=list)
    skipped: str = ""


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _types(schema: Mapping[str, Any], root: Mapping[str, Any]) -> set[str] | None:
    """The JSON types ``schema`` admits, when they can be told from its surface."""
    kind = schema.get("type")
    if isinstance(kind, str):
        found = {kind}
    elif isinstance(kind, list):
        found = {str(k) for k in kind}
    else:
        members = schema.get("anyOf") or schema.get("oneOf")
        if not isinstance(members, list) or not members:
            return None
        found = set()
        for member in members:
            target = _target(member, root)
            sub = _types(target, root) if target else None
            if sub is None:
                return None
            found |= sub
    if "number" in found:
        found.add("integer")
    return found


def _target(schema: Any, root: Mapping[str, Any]) -> Mapping[str, Any]:
    for _ in range(32):
        if not isinstance(schema, Mapping):
            return {}
        ref = schema.get("$ref")
        if not isinstance(ref, str):
            return schema
        schema = resolve(root, ref)
    return {}


class Mutator:
    """Every single-step mutation of a value, guided by its schema."""

    def __init__(self, root: Mapping[str, Any], validator: jsonschema.protocols.Validator) -> None:
        self.root = root
        self.validator = validator

    def mutations(self, value: Any, schema: Any, where: str = "$", depth: int = 0) -> Iterator[tuple[str, Any]]:
        node = _target(schema, self.root)
        if not node or depth > 12:
            return
        for member in node.get("allOf") or []:
            yield from self.mutations(value, member, where, depth + 1)
        yield from self._wrong_types(value, node, where)
        yield from self._out_of_range(value, node, where)
        members = node.get("anyOf") or node.get("oneOf")
        if isinstance(members, list):
            fitting = next((m for m in members if self.validator.evolve(schema=m).is_valid(value)), None)
            if fitting is not None:
                yield from self.mutations(value, fitting, where, depth + 1)
        if isinstance(value, dict):
            yield from self._object(value, node, where, depth)
        elif isinstance(value, list) and value:
            for label, item in self.mutations(value[0], node.get("items", {}), f"{where}[0]", depth + 1):
                yield label, [item, *value[1:]]

    def _wrong_types(self, value: Any, node: Mapping[str, Any], where: str) -> Iterator[tuple[str, Any]]:
        allowed = _types(node, self.root)
        if allowed is None or where == "$":
            return
        wrong = [v for v in _WRONG_VALUES if _json_type(v) not in allowed]
        for replacement in wrong[:1] + [v for v in wrong[1:] if _json_type(v) != _json_type(value)][:1]:
            yield f"wrong type ({_json_type(replacement)}) at {where}", replacement

    def _out_of_range(self, value: Any, node: Mapping[str, Any], where: str) -> Iterator[tuple[str, Any]]:
        if isinstance(node.get("enum"), list) and node["enum"]:
            members = node["enum"]
            numbers = [m for m in members if isinstance(m, (int, float)) and not isinstance(m, bool)]
            yield f"outside enum at {where}", max(numbers) + 1 if len(numbers) == len(members) else "toolstubs-other"
        if "const" in node:
            yield f"other than const at {where}", 0 if node["const"] == "toolstubs-other" else "toolstubs-other"
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        for key, step in (("minimum", -1), ("maximum", 1), ("exclusiveMinimum", 0), ("exclusiveMaximum", 0)):
            bound = node.get(key)
            if number and isinstance(bound, (int, float)) and not isinstance(bound, bool):
                yield f"{key} at {where}", bound + step
        if number and isinstance(node.get("multipleOf"), (int, float)) and node["multipleOf"] > 0:
            yield f"multipleOf at {where}", value + (1 if isinstance(value, int) else node["multipleOf"] / 2)
        sized: list[tuple[str, Any]] = []
        if isinstance(value, str):
            sized = [
                ("minLength", "x" * (node.get("minLength", 0) - 1)),
                ("maxLength", "x" * (node.get("maxLength", 0) + 1)),
            ]
        elif isinstance(value, list) and value:
            sized = [
                ("minItems", value[: node.get("minItems", 0) - 1]),
                ("maxItems", value * (node.get("maxItems", 0) + 1)),
            ]
        for key, replacement in sized:
            limit = node.get(key)
            if isinstance(limit, int) and not isinstance(limit, bool) and 0 < limit <= 10_000:
                yield f"{key} at {where}", replacement

    def _object(
        self, value: dict[str, Any], node: Mapping[str, Any], where: str, depth: int
    ) -> Iterator[tuple[str, Any]]:
        properties = node.get("properties") if isinstance(node.get("properties"), Mapping) else {}
        for key in node.get("required") or []:
            if key in value:
                yield f"missing required {key!r} at {where}", {k: v for k, v in value.items() if k != key}
        if "toolstubs_extra" not in properties:
            yield f"extra key at {where}", {**value, "toolstubs_extra": "x"}
        extra = node.get("additionalProperties")
        for key, item in value.items():
            sub = properties.get(key, extra if isinstance(extra, Mapping) else None)
            if sub is not None:
                for label, replacement in self.mutations(item, sub, f"{where}.{key}", depth + 1):
                    yield label, {**value, key: replacement}


def explain(error: jsonschema.ValidationError) -> str | None:
    """The documented reason the models accept what this error rejects, or ``None`` (a bug)."""
    keyword = str(error.validator)
    if keyword == "format":
        return keyword
    pattern = str(error.validator_value) if keyword == "pattern" else ""
    translated = python_regex(pattern) if pattern else ""
    if translated is None or (translated and backtracks(translated)) or (pattern and escaped_twice(pattern)):
        return "pattern Python cannot read"
    if keyword == "additionalProperties" and error.validator_value is False and not error.schema.get("properties"):
        return "closed object without properties"
    if keyword in ("anyOf", "oneOf") and error.context:
        by_member: dict[Any, list[jsonschema.ValidationError]] = {}
        for sub in error.context:
            by_member.setdefault(sub.relative_schema_path[0], []).append(sub)
        for errors in by_member.values():
            reasons = [explain(sub) for sub in errors]
            if all(reasons):
                return str(reasons[0])
    return None


def _accepts(model: type[BaseModel], instance: Any) -> tuple[bool, str]:
    try:
        model.model_validate(instance, strict=True, by_alias=True, by_name=False)
    except ValidationError as error:
        first = error.errors()[0]
        return False, f"{'.'.join(map(str, first['loc'])) or '$'}: {first['msg']}"
    return True, ""


def valid_instances(schema: Mapping[str, Any], examples: int) -> list[Any]:
    """``examples`` instances drawn by hypothesis-jsonschema (fewer when the schema is hard to satisfy)."""
    drawn: list[Any] = []

    @settings(
        max_examples=examples,
        database=None,
        derandomize=True,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(from_schema(schema))
    def draw(instance: Any) -> None:
        drawn.append(instance)

    draw()
    return drawn


#: What one schema's draw gave: its instances, or why hypothesis-jsonschema could not draw.
Drawn = dict[str, Any]


@cache
def _drawer_source() -> str:
    return inspect.getsource(valid_instances)


def _draw_key(schema: Mapping[str, Any], examples: int) -> str:
    parts = (
        json.dumps(schema, sort_keys=True),
        str(examples),
        hypothesis.__version__,
        getattr(hypothesis_jsonschema, "__version__", ""),
        _drawer_source(),
    )
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _draw(schema: Mapping[str, Any], examples: int) -> Drawn:
    try:
        instances = valid_instances(schema, examples)
    except Exception as error:  # hypothesis-jsonschema cannot draw from this schema
        return {"instances": [], "skipped": f"hypothesis-jsonschema: {type(error).__name__}: {str(error)[:200]}"}
    try:  # kept only when JSON gives the very instances back
        if json.loads(json.dumps(instances, allow_nan=False)) != instances:
            return {"instances": instances, "skipped": "", "unkept": True}
    except (TypeError, ValueError):
        return {"instances": instances, "skipped": "", "unkept": True}
    return {"instances": instances, "skipped": ""}


def check_tool(
    slug: str,
    schema: Mapping[str, Any],
    model: type[BaseModel],
    examples: int,
    draws: Mapping[str, Drawn] | None = None,
    keep: dict[str, Drawn] | None = None,
) -> ToolFidelity:
    """Compare ``model`` with ``jsonschema`` on instances of ``schema`` and their mutations
    (``draws``: instances drawn before, by draw key; ``keep`` receives this tool's draw)."""
    result = ToolFidelity(slug)
    standard_schema = standard(schema, uploads=TYPED_UPLOAD)
    validator = jsonschema.Draft202012Validator(standard_schema)
    key = _draw_key(standard_schema, examples)
    drawn = (draws or {}).get(key) or _draw(standard_schema, examples)
    if keep is not None and not drawn.get("unkept"):
        keep[key] = drawn
    result.skipped = drawn["skipped"]
    bases = copy.deepcopy(drawn["instances"])
    bases.append(value_for(standard_schema))
    mutator = Mutator(standard_schema, validator)
    chance = random.Random(slug)
    seen: set[str] = set()
    for base in bases:
        candidates = [("valid", base)]
        if validator.is_valid(base):
            mutated = list(mutator.mutations(copy.deepcopy(base), standard_schema))
            candidates += chance.sample(mutated, min(len(mutated), _MUTATIONS_PER_INSTANCE))
        for label, instance in candidates:
            text = json.dumps(instance, sort_keys=True, default=str)
            if text in seen:
                continue
            seen.add(text)
            _compare(result, validator, model, label, instance)
    return result


def _compare(
    result: ToolFidelity, validator: jsonschema.protocols.Validator, model: type[BaseModel], label: str, instance: Any
) -> None:
    result.checked += 1
    schema_ok = validator.is_valid(instance)
    model_ok, refusal = _accepts(model, instance)
    if schema_ok == model_ok:
        result.agreed += 1
        return
    if schema_ok:
        result.bugs.append(f"{label}: the model refuses a valid instance ({refusal})")
        return
    errors = list(validator.iter_errors(instance))
    reasons = [explain(error) for error in errors]
    if all(reasons):
        result.documented[str(reasons[0])] += 1
    else:
        messages = "; ".join(e.message[:120] for e, r in zip(errors, reasons, strict=True) if r is None)
        result.bugs.append(f"{label}: the model accepts an invalid instance ({messages})")


_WORK: dict[str, Any] = {}


def _start_worker(work: str, schemas: dict[str, Any], examples: int, draws: dict[str, Drawn]) -> None:
    sys.path.insert(0, work)
    _WORK.update(schemas=schemas, examples=examples, draws=draws)


def _check_module(name: str) -> tuple[ToolFidelity, dict[str, Drawn]]:
    spec = importlib.import_module(name).SPEC
    keep: dict[str, Drawn] = {}
    schema = _WORK["schemas"][spec.slug]
    result = check_tool(spec.slug, schema, spec.input_model, _WORK["examples"], _WORK["draws"], keep)
    return result, keep


def _read_draws(path: Path | None) -> dict[str, Drawn]:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8")) if path is not None else {}
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def check_corpus(
    work: str,
    modules: list[str],
    schemas: dict[str, Any],
    examples: int,
    jobs: int,
    draws: Path | None = None,
) -> list[ToolFidelity]:
    """:func:`check_tool` for every generated module (``work`` holds them), in ``jobs`` processes;
    ``draws``: a file keeping the drawn instances for the next run (this run's only)."""
    known = _read_draws(draws)
    results: list[ToolFidelity] = []
    kept: dict[str, Drawn] = {}
    with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(work, schemas, examples, known)) as pool:
        for result, drawn in pool.map(_check_module, modules, chunksize=8):
            results.append(result)
            kept.update(drawn)
    if draws is not None:
        draws.parent.mkdir(parents=True, exist_ok=True)
        scratch = draws.with_name(draws.name + ".tmp")
        scratch.write_text(json.dumps(kept), encoding="utf-8")
        os.replace(scratch, draws)
    return results
