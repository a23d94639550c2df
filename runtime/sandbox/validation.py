"""Checking execute arguments against a tool's input schema, as the API does.

Real schemas mix OpenAPI's ``nullable`` with JSON Schema and may hold ``$ref`` into
``$defs`` that do not exist; both are settled before ``jsonschema`` sees the schema
(``nullable`` admits null, a dangling ref admits anything). Failures are answered in-band,
in the API's words: ``Invalid request data provided`` and one line per problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jsonschema

from runtime.jsonvalues import is_object
from runtime.sandbox.synth import resolve
from runtime.schema_keywords import rewrite

UPLOADED = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "mimetype": {"type": "string"}, "s3key": {"type": "string"}},
    "required": ["name", "mimetype", "s3key"],
}


def standard(schema: Any, root: Mapping[str, Any] | None = None, uploads: Mapping[str, Any] = UPLOADED) -> Any:
    """``schema`` with ``nullable`` spelled as JSON Schema, dangling refs made permissive, and
    every ``file_uploadable`` node replaced by ``uploads`` (what the API receives: the
    uploaded file's ``{name, mimetype, s3key}``, whichever marker style the schema uses)."""
    if not is_object(schema):
        return schema
    document = schema if root is None else root

    def settle(node: Mapping[str, Any]) -> Mapping[str, Any]:
        if node.get("file_uploadable") is True:
            return dict(uploads)
        ref = node.get("$ref")
        if isinstance(ref, str) and resolve(document, ref) is None:
            return {}
        settled = {key: value for key, value in node.items() if key not in ("discriminator", "nullable")}
        return {"anyOf": [settled, {"type": "null"}]} if node.get("nullable") is True else settled

    return rewrite(schema, settle)


def problems(schema: Mapping[str, Any], arguments: Any) -> list[str]:
    """What is wrong with ``arguments`` for ``schema`` (empty: valid)."""
    validator = jsonschema.Draft202012Validator(standard(schema))
    found: list[str] = []
    # types-jsonschema leaves the instance of iter_errors' deprecated overload untyped.
    errors = validator.iter_errors(arguments)  # pyright: ignore[reportUnknownMemberType]
    for error in sorted(errors, key=lambda e: list(map(str, e.absolute_path))):
        where = ".".join(str(part) for part in error.absolute_path) or "arguments"
        found.append(f"- {where}: {error.message}")
    return found
