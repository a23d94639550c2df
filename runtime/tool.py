"""``Tool``: one tool object as the API returns it, and what schema modifiers receive.

Unknown keys are kept (the API adds fields over time), so a tool object read and written
back loses nothing.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from runtime.errors import APIError
from runtime.jsonvalues import is_object


class ToolkitInfo(BaseModel):
    """The ``toolkit`` member of a tool object."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    slug: str
    name: str = ""
    logo: str = ""


class Tool(BaseModel):
    """A tool: slug, descriptions, toolkit, version and its input and output JSON schemas."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    slug: str
    name: str = ""
    description: str = ""
    toolkit: ToolkitInfo
    input_parameters: dict[str, Any] = Field(default_factory=dict)
    output_parameters: dict[str, Any] = Field(default_factory=dict)
    version: str = ""
    available_versions: list[str] = Field(default_factory=list)
    scopes: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    no_auth: bool = False
    is_deprecated: bool = False

    @classmethod
    def parse(cls, raw: object, where: str) -> Tool:
        """A tool object from JSON, or an :class:`APIError` naming ``where`` it came from."""
        if not is_object(raw):
            raise APIError(f"{where}: expected a tool object, got {type(raw).__name__}")
        try:
            return cls.model_validate(raw)
        except ValidationError as error:
            slug = raw.get("slug", "?")
            raise APIError(f"{where}: tool {slug} is not a valid tool object: {error}") from None

    def raw(self) -> dict[str, Any]:
        """The tool object as plain JSON data, with exactly the keys it was given."""
        return self.model_dump(mode="json", exclude_unset=True)
