"""toolstubs runtime: the Composio tools API, and what generated toolkits call.

Applications import from here; generated code imports ``ToolSpec``, ``ToolResult``,
``Toolkit``, ``AsyncToolkit``, ``UNSET`` and ``Unset``. It has no dependency on ``codegen``.
"""

from runtime.client import AsyncComposio, Composio
from runtime.errors import (
    APIConnectionError,
    APIError,
    ApiKeyNotProvidedError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ComposioError,
    ConflictError,
    GoneError,
    InternalServerError,
    InvalidModifierError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ToolVersionRequiredError,
    UnprocessableEntityError,
)
from runtime.modifiers import (
    Modifier,
    Modifiers,
    after_execute,
    before_execute,
    before_file_upload,
    schema_modifier,
)
from runtime.results import ToolResult
from runtime.sentinel import UNSET, Unset
from runtime.spec import ToolSpec
from runtime.toolkit import AsyncToolkit, Toolkit
from runtime.types import BeforeFileUploadContext, ToolExecuteParams, ToolExecutionResponse

__all__ = [
    "UNSET",
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "ApiKeyNotProvidedError",
    "AsyncComposio",
    "AsyncToolkit",
    "AuthenticationError",
    "BadRequestError",
    "BeforeFileUploadContext",
    "Composio",
    "ComposioError",
    "ConflictError",
    "GoneError",
    "InternalServerError",
    "InvalidModifierError",
    "Modifier",
    "Modifiers",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ToolExecuteParams",
    "ToolExecutionResponse",
    "ToolResult",
    "ToolSpec",
    "ToolVersionRequiredError",
    "Toolkit",
    "UnprocessableEntityError",
    "Unset",
    "after_execute",
    "before_execute",
    "before_file_upload",
    "schema_modifier",
]
