"""``ToolSpec``: what a generated tool module tells the runtime about its tool.

It turns wrapper keyword arguments into the wire payload (Python names -> wire keys,
unset parameters left out, ``None`` sent only for nullable ones) and a response into a
typed :data:`~runtime.results.ToolOutcome`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from runtime.files.fields import FileFields
from runtime.jsonvalues import is_object, is_sequence
from runtime.mcp.tool import McpTool
from runtime.results import ToolFailure, ToolMisfit, ToolOutcome, ToolSuccess
from runtime.sentinel import UNSET
from runtime.types import ToolExecutionResponse


def _json_containers(value: object) -> object:
    """``value`` with every non-string sequence as a list and every mapping as a dict."""
    if is_object(value):
        return {key: _json_containers(item) for key, item in value.items()}
    if is_sequence(value):
        return [_json_containers(item) for item in value]
    return value


@dataclass(frozen=True)
class ToolSpec:
    """One tool: its slug, input model, output type, the parameters ``None`` leaves out, its files.

    ``omit_if_none`` names the optional, non-nullable parameters: for them ``None`` means
    "not given". Every other parameter sends ``None`` as null, and ``UNSET`` is never sent.
    ``files`` says where its uploadable and downloadable fields are (wire keys), so the
    runtime never walks the schema per call. ``mcp`` is set for a tool of an MCP server:
    its name there and its annotations.
    """

    slug: str
    input_model: type[BaseModel]
    output_type: Any
    omit_if_none: frozenset[str] = field(default_factory=frozenset[str])
    files: FileFields = field(default_factory=FileFields)
    mcp: McpTool | None = None

    def arguments(self, values: Mapping[str, object]) -> dict[str, Any]:
        """The wire arguments for wrapper ``values`` (keyed by Python name), validated.

        Validation is strict, as JSON Schema is: ``"3"`` is not an integer and ``1`` is
        not ``True``. Any sequence is an array and any mapping an object (the wrapper
        signatures take ``Sequence`` and ``Mapping``); nested objects may be models.
        """
        given = {
            name: _json_containers(value)
            for name, value in values.items()
            if value is not UNSET and not (value is None and name in self.omit_if_none)
        }
        model = self.input_model.model_validate(given, strict=True)
        return model.model_dump(mode="json", by_alias=True, exclude_unset=True)

    @cached_property
    def _output(self) -> TypeAdapter[Any]:
        return TypeAdapter(self.output_type)

    def result(self, response: ToolExecutionResponse) -> ToolOutcome[Any]:
        """The typed result; data that does not fit is kept raw, with the problem attached."""
        error = response.get("error")
        text = error if error is None else str(error)
        if not response.get("successful"):
            return ToolFailure(False, text, None, response)
        try:
            data = self._output.validate_python(response.get("data"))
        except ValidationError as problem:
            return ToolMisfit(True, text, None, response, problem)
        return ToolSuccess(True, text, data, response)
