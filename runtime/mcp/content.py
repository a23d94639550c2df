"""Typed MCP content blocks: what a tool without an ``outputSchema`` returns as ``data``.

The models follow the MCP specification's ``ContentBlock`` (text, image, audio, resource
link, embedded resource), keyed by ``type``; unknown keys are kept, as everywhere in
output models, so a newer server loses nothing.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from runtime.jsonvalues import is_array, is_dict


class _Block(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True, defer_build=True)

    annotations: dict[str, Any] | None = None
    meta: dict[str, Any] | None = Field(default=None, alias="_meta")


class TextContent(_Block):
    """Text for the model or the user."""

    type: Literal["text"] = "text"
    text: str


class ImageContent(_Block):
    """An image, base64-encoded."""

    type: Literal["image"] = "image"
    data: str
    mime_type: str = Field(alias="mimeType")


class AudioContent(_Block):
    """Audio, base64-encoded."""

    type: Literal["audio"] = "audio"
    data: str
    mime_type: str = Field(alias="mimeType")


class ResourceLink(_Block):
    """A link to a resource the server can read."""

    type: Literal["resource_link"] = "resource_link"
    uri: str
    name: str
    title: str | None = None
    description: str | None = None
    mime_type: str | None = Field(default=None, alias="mimeType")
    size: int | None = None


class ResourceContents(BaseModel):
    """An embedded resource's contents: ``text`` or base64 ``blob``."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, defer_build=True)

    uri: str
    mime_type: str | None = Field(default=None, alias="mimeType")
    text: str | None = None
    blob: str | None = None


class EmbeddedResource(_Block):
    """A resource's contents, embedded in the result."""

    type: Literal["resource"] = "resource"
    resource: ResourceContents


ContentBlock = Annotated[
    TextContent | ImageContent | AudioContent | ResourceLink | EmbeddedResource, Field(discriminator="type")
]


def text_of(blocks: object) -> str:
    """The text blocks of a result, joined by newlines (what an ``isError`` result says)."""
    if not is_array(blocks):
        return ""
    texts = [block.get("text") for block in blocks if is_dict(block) and block.get("type") == "text"]
    return "\n".join(text for text in texts if isinstance(text, str))
