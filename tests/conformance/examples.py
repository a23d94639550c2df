"""Every ``examples`` and ``default`` value of a top-level input property, through the generated field.

A value the schema itself rejects (string examples on integer fields, say) is counted
apart, and the field must refuse it too (unless for a reason on the documented list of
:mod:`tests.conformance.fidelity`); a value the schema accepts must be accepted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

import jsonschema
from pydantic import BaseModel, TypeAdapter, ValidationError

from runtime.sandbox.validation import UPLOADED, standard
from tests.conformance.fidelity import explain

#: A file field as the typed models take it: the uploaded file, or a local path or URL to upload
#: (docs/schema-rules.md#file-fields).
TYPED_UPLOAD = {"anyOf": [UPLOADED, {"type": "string"}]}


@dataclass
class ExamplesResult:
    """How many values were checked, how many the schema itself rejects, and our failures."""

    checked: int = 0
    wrong_in_schema: int = 0
    documented: Counter[str] = field(default_factory=Counter)  # accepted, refused for a documented reason
    ours: list[tuple[str, str]] = field(default_factory=list)  # (slug, "key: value")


def _field_adapter(model: type[BaseModel], key: str) -> TypeAdapter[Any] | None:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
            return TypeAdapter(annotation)
    return None


def check_tool(slug: str, schema: Mapping[str, Any], model: type[BaseModel], result: ExamplesResult) -> None:
    """Add the examples and defaults of ``schema``'s top-level properties to ``result``."""
    for key, prop in (schema.get("properties") or {}).items():
        if not isinstance(prop, Mapping):
            continue
        values = [*(prop.get("examples") or []), *([prop["default"]] if "default" in prop else [])]
        adapter = _field_adapter(model, key) if values else None
        for value in values if adapter is not None else []:
            result.checked += 1
            validator = jsonschema.Draft202012Validator(
                standard({**schema, "required": [], "properties": {key: prop}}, uploads=TYPED_UPLOAD)
            )
            errors = list(validator.iter_errors({key: value}))
            schema_ok = not errors
            try:
                adapter.validate_python(value, strict=True)
                model_ok = True
            except ValidationError:
                model_ok = False
            if not schema_ok:
                result.wrong_in_schema += 1
            if schema_ok and not model_ok:
                result.ours.append((slug, f"refused {key}: {value!r}"[:200]))
            reasons = [explain(error) for error in errors]
            if model_ok and not schema_ok and all(reasons):
                result.documented[str(reasons[0])] += 1
            elif model_ok and not schema_ok:
                result.ours.append((slug, f"accepted {key}: {value!r}, which the schema refuses"[:200]))
