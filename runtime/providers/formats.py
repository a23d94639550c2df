"""The tool formats the OpenAI providers return, as TypedDicts of our own.

Each mirrors the ``openai`` SDK's request type of the same name key for key (``openai``
3.57), so it is assignable to it: ``composio.tools.get(...)`` can be passed to
``client.chat.completions.create(tools=...)`` or ``client.responses.create(tools=...)`` and
type-checks, while nothing becomes ``Any`` or ``Unknown`` when ``openai`` is not installed
(``Composio()`` is ``Composio[ChatCompletionFunctionToolParam]`` either way). TypedDict items
are invariant, so a mirror must spell every optional key and type exactly as the SDK does;
``tests/typing/usage_providers.py`` passes each one to the real SDK call under mypy and
pyright, so an SDK release that changes a key fails there first.

Anthropic's ``ToolParam`` is not mirrored: its ``input_schema`` holds the SDK's own
``SequenceNotStr`` protocol, and pyright compares a TypedDict item's protocol by identity,
so no copy is assignable; ``AnthropicProvider`` keeps the SDK's type.
"""

from __future__ import annotations

from typing import Literal

from typing_extensions import Required, TypedDict


class FunctionDefinition(TypedDict, total=False):
    """A Chat Completions function: ``openai.types.shared_params.FunctionDefinition``."""

    name: Required[str]
    description: str
    parameters: dict[str, object]
    strict: bool | None


class ChatCompletionFunctionToolParam(TypedDict, total=False):
    """A Chat Completions tool: ``openai.types.chat.ChatCompletionFunctionToolParam``."""

    function: Required[FunctionDefinition]
    type: Required[Literal["function"]]


_FunctionToolParamReservedKeywords = TypedDict("_FunctionToolParamReservedKeywords", {"async": bool}, total=False)


class FunctionToolParam(_FunctionToolParamReservedKeywords, total=False):
    """A Responses API tool: ``openai.types.responses.FunctionToolParam``."""

    name: Required[str]
    parameters: Required[dict[str, object] | None]
    strict: Required[bool | None]
    type: Required[Literal["function"]]
    allowed_callers: list[Literal["direct", "programmatic"]] | None
    defer_loading: bool
    description: str | None
    output_schema: dict[str, object] | None
